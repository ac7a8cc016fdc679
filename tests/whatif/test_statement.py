"""statement: golden for one Northwind person; every person gets one; names escaped."""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

import pytest

from graphkit.errors import UsageError
from graphkit.loaders import load
from graphkit.model import validate_model
from graphkit.queries.statement import statement, statements
from graphkit.runner import run_checks

ROOT = Path(__file__).resolve().parents[2]
NORTHWIND = ROOT / "examples" / "northwind" / "model.yaml"
GOLDEN = Path(__file__).parent / "golden"
AS_OF = date(2026, 12, 1)


def _without_findings(text: str) -> str:
    """The statement minus its findings section, which grows as checks are added (it is
    tested against the check runner below)."""
    head, _, rest = text.partition("## Findings that name you\n")
    return head + "## Findings that name you\n" + rest[rest.index("\n## "):]


def _findings_section(text: str) -> list[str]:
    rest = text.partition("## Findings that name you\n\n")[2]
    return rest[:rest.index("\n\n## ")].splitlines()


@pytest.mark.parametrize("person", ["tbrooks", "rpatel"])
def test_statement_golden(person: str) -> None:
    text = _without_findings(statement(load(NORTHWIND), f"person:{person}", as_of=AS_OF))
    golden = GOLDEN / f"statement-{person}.md"
    if os.environ.get("GRAPHKIT_UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def test_every_person_but_leavers_gets_a_statement() -> None:
    model = load(NORTHWIND)
    got = dict(statements(model, as_of=AS_OF))
    assert set(got) == {p.id for p in model.people if p.status.value != "leaver"}
    assert got["tbrooks"] == statement(model, "tbrooks", as_of=AS_OF)


def test_statement_content_follows_the_model() -> None:
    model = load(NORTHWIND)
    mlee = statement(model, "mlee", as_of=AS_OF)
    assert ("- `D-02`: duty `production-deploy` from Julia Reed (`jreed`) until 2027-01-15; "
            "you become responsible, and accountability stays with role `cio` "
            "(Daniel Okafor (`dokafor`)).") in mlee
    assert "## Findings that name you\n\nNone." not in statement(model, "tbrooks", as_of=AS_OF)
    assert ("- high `competence-gap`: person:tbrooks holds role:ism without iso27001-li "
            "(expired 2026-06-30)") in statement(model, "tbrooks", as_of=AS_OF)
    sward = statement(model, "sward", as_of=AS_OF)
    assert ("- role `developer` (Software Developer): version 4 — you acknowledged "
            "version 3") in sward
    zali = statement(model, "zali", as_of=AS_OF)
    assert "- `secure-coding`: **missing** (required by role `developer`)" in zali
    ebaker = statement(model, "ebaker", as_of=AS_OF)
    assert "This person is absent" in ebaker


def test_names_are_escaped_and_unknown_person_refused() -> None:
    model = validate_model({
        "people": [{"id": "x", "name": "<img src=x onerror=alert(1)> | **bold**"}],
        "roles": [{"id": "r", "description": "a\n# heading\n[link](http://e)", "version": 1}],
        "assignments": [{"person": "x", "role": "r"}]})
    text = statement(model, "x", as_of=AS_OF)
    assert re.search(r"(?<!\\)[<>|*\[\]]", text.replace("Name: _", "")) is None
    assert "\n# heading" not in text
    assert r"\<img src=x onerror=alert(1)\> \| \*\*bold\*\*" in text
    with pytest.raises(UsageError, match="no such person"):
        statement(model, "person:nobody", as_of=AS_OF)


@pytest.mark.parametrize("person", ["tbrooks", "rpatel", "mlee", "cwood"])
def test_findings_section_lists_the_live_findings_naming_the_person(person: str) -> None:
    model = load(NORTHWIND)
    lines = _findings_section(statement(model, person, as_of=AS_OF))
    named = [f for f in run_checks(model, as_of=AS_OF).findings
             if f"person:{person}" in f.subjects and not f.suppressed]
    assert len(lines) == max(len(named), 1)
    assert [line.split("`")[1] for line in lines if line != "None."] == [f.check for f in named]
