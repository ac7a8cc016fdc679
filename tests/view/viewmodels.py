"""Models for the view and browser tests: a small organisation, and one whose every name is
hostile."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import yaml

from graphkit.model import Model, validate_model

FIXTURES = Path(__file__).resolve().parent / "fixtures"
AS_OF = date(2026, 6, 1)

#: Names an attacker might put in an HR export. Each one that runs sets window.__pwned.
HOSTILE = [
    "<script>alert(1)</script>",
    "<script>window.__pwned='script'</script>",
    "<img src=x onerror=\"window.__pwned='img'\">",
    "\" onmouseover=\"window.__pwned='attr'\" x=\"",
    "' onmouseover='window.__pwned=1' '",
    "{{7*7}} {% raw %}${7*7}",
    "<a href=\"javascript:window.__pwned='href'\">href=javascript:</a>",
    "</script><script>window.__pwned='close'</script><!--",
    "<svg onload=\"window.__pwned='svg'\"></svg>\u2028line\u2029sep",
]


def load_fixture(name: str) -> Model:
    with open(FIXTURES / name, encoding="utf-8") as fh:
        return validate_model(yaml.safe_load(fh), source=name)


def hostile_data() -> dict[str, Any]:
    """A model whose ids, names, descriptions and departments are all hostile."""
    h = HOSTILE
    people = [{"id": f"p{i}-{text}" if i % 2 else f"p{i}", "name": text, "department": text}
              for i, text in enumerate(h)]
    return {
        "organisation": {"id": "acme", "name": h[2] + " " + h[0] + " " + h[5]},
        "people": people,
        "roles": [{"id": "r<b>", "name": h[3], "description": h[6], "authority": 3},
                  {"id": "r2", "name": h[7], "description": h[5], "inherits": ["r<b>"]}],
        "assignments": [{"person": people[0]["id"], "role": "r<b>"},
                        {"person": people[1]["id"], "role": "r2", "deputy": True},
                        {"person": people[2]["id"], "role": "r2"}],
        "assets": [{"id": "a\"x", "name": h[4], "owner": "role:r<b>",
                    "custodians": ["role:r2"]}],
        "risks": [{"id": "k<i>", "title": h[8], "owner": "role:r<b>", "assets": ["a\"x"]}],
        "duties": [{"id": "d1", "name": h[6], "controls": [h[1]], "accountable": "role:r2",
                    "responsible": [f"person:{people[3]['id']}"]}],
        "delegations": [{"id": h[1], "from": f"person:{people[3]['id']}",
                         "to": f"person:{people[4]['id']}", "scope": "duty:d1"}],
    }


def small_model() -> Model:
    """Every node kind and edge kind, a deputy, inheritance, a delegation cycle, an absent
    person, a leaver and a manager outside the model."""
    return load_fixture("small.yaml")


def hostile_model() -> Model:
    return validate_model(hostile_data())
