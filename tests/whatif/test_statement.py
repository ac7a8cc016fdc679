"""statement: golden for one Northwind person; every person gets one; names escaped."""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from graphkit.loaders import load
from graphkit.queries.statement import _Index, statement, statements
from hypothesis import HealthCheck, given, settings

from graphkit.errors import UsageError
from graphkit.model import Duty, validate_model
from graphkit.runner import run_checks
from graphkit.semantics import Context

from .models import AS_OF as MODELS_AS_OF
from .models import raw_models

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


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=raw_models())
def test_party_index_gives_the_routes_the_context_expands(raw: dict[str, Any]) -> None:
    """The statement's index (by party) equals expanding every item's routes (by holder)."""
    model = validate_model(raw)
    ctx = Context.build(model, date.fromisoformat(MODELS_AS_OF))
    idx = _Index.build(ctx)
    expected: dict[str, set[tuple[str, str, str, int | None]]] = {}
    for ref, item in ctx.items.items():
        for r in ctx.accountable_routes(ref):
            h = r.holding
            side = "accountable" if h is None or (h.is_direct and h.is_primary) else "covering"
            expected.setdefault(r.person, set()).add((side, ref, r.party, None))
        for r in ctx.responsible_routes(ref):
            expected.setdefault(r.person, set()).add(("responsible", ref, r.party,
                                                       r.delegation))
        if isinstance(item, Duty):
            for side, parties in (("consulted", item.consulted), ("informed", item.informed)):
                for party in parties:
                    for r in ctx.party_routes(party, ref, side):
                        expected.setdefault(r.person, set()).add((side, ref, party, None))
    for person in model.people:
        got = {(side, r.item, r.party, r.delegation)
               for side, routes in idx.routes(ctx, person.id).items() for r in routes}
        assert got == expected.get(person.id, set()), person.id


def test_statement_without_findings_is_the_same_minus_that_section() -> None:
    model = load(NORTHWIND)
    full = statement(model, "tbrooks", as_of=AS_OF)
    lean = statement(model, "tbrooks", as_of=AS_OF, findings=False)
    head, _, rest = full.partition("\n## Findings that name you\n")
    assert lean == head + rest[rest.index("\n## "):]
