"""The bundled example organisations: they validate, and their README says what they plant.

``examples/northwind`` plants problems for the checks (its README's table lists each
finding with its exact subjects); ``examples/northwind-clean`` is an organisation in
order. Both are read as of :data:`AS_OF`.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import yaml
from graphkit.queries.registry import CHECKS

from graphkit.findings import Severity, fingerprint
from graphkit.model import Model, validate_model
from graphkit.runner import run_checks

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
AS_OF = date(2026, 12, 1)

#: The check ids of DESIGN.md.
CHECK_IDS = frozenset({
    "orphan-item", "multiple-accountable", "no-responsible", "delegation-cycle",
    "delegation-depth", "unfounded-delegation", "lapsed-delegation", "vacant-role",
    "key-person", "sod-conflict", "acceptance-authority", "authority-gap", "competence-gap",
    "not-acknowledged", "leaver-holds", "reporting-line", "overload", "exception-invalid",
})

_REF = re.compile(r"`((?:person|role|asset|risk|duty|delegation|exception):[^`]+)`")


def load_example(name: str) -> Model:
    """The model of ``examples/<name>/model.yaml``, validated."""
    path = EXAMPLES / name / "model.yaml"
    return validate_model(yaml.safe_load(path.read_text(encoding="utf-8")), source=str(path))


def planted_rows(name: str = "northwind") -> list[tuple[str, frozenset[str], str]]:
    """The README's table of planted problems: (check id, subjects, why) per row."""
    rows = []
    text = (EXAMPLES / name / "README.md").read_text(encoding="utf-8")
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 3 or not cells[0].startswith("`"):
            continue
        rows.append((cells[0].strip("`"), frozenset(_REF.findall(cells[1])), cells[2]))
    return rows


@pytest.mark.parametrize("name", ["northwind", "northwind-clean"])
def test_example_validates(name: str) -> None:
    model = load_example(name)
    assert model.organisation is not None
    assert model.people and model.roles and model.assignments


def test_northwind_is_a_forty_person_company() -> None:
    model = load_example("northwind")
    at_work = [p for p in model.people if p.status.value != "leaver"]
    assert len(at_work) == 40
    assert (len(model.assets), len(model.risks), len(model.delegations)) == (10, 8, 10)
    assert len(model.duties) >= 12
    assert sum(r.treatment is not None and r.treatment.value == "accept"
               for r in model.risks) == 4


@pytest.mark.parametrize("name", ["northwind", "northwind-clean"])
def test_every_role_inherits_staff(name: str) -> None:
    model = load_example(name)
    parents = {r.id: r.inherits for r in model.roles}

    def reaches_staff(role: str) -> bool:
        return role == "staff" or any(reaches_staff(p) for p in parents[role])

    assert [r for r in parents if not reaches_staff(r)] == []


def test_exceptions_name_the_findings_they_accept() -> None:
    """Each exception's reason starts with ``<check> <subject>``; the fingerprint is that
    finding's, so the exception matches it."""
    model = load_example("northwind")
    assert len(model.policy.exceptions) == 2
    for exc in model.policy.exceptions:
        check, subject = exc.reason.split(".")[0].split()
        assert exc.finding == fingerprint(check, [subject])
    assert [e.expires is not None and e.expires < AS_OF for e in model.policy.exceptions] == [
        False, True]


def test_readme_table_plants_most_checks() -> None:
    rows = planted_rows()
    checks = {check for check, _, _ in rows}
    assert checks <= CHECK_IDS
    assert CHECK_IDS - checks == set()
    model = load_example("northwind")
    known = ({f"person:{p.id}" for p in model.people} | {f"role:{r.id}" for r in model.roles}
             | {f"asset:{a.id}" for a in model.assets} | {f"risk:{r.id}" for r in model.risks}
             | {f"duty:{d.id}" for d in model.duties}
             | {f"delegation:{d.id}" for d in model.delegations}
             | {f"exception:{e.finding}" for e in model.policy.exceptions}
             | {"role:board"})  # the post the DPO reports to, which does not exist
    for check, subjects, _ in rows:
        assert subjects, check
        assert subjects <= known, (check, subjects - known)


def test_readme_reads_as_of_the_fixed_date() -> None:
    text = (EXAMPLES / "northwind" / "README.md").read_text(encoding="utf-8")
    commands = [line for line in text.splitlines() if line.startswith("graphkit ")]
    assert commands and all("--as-of 2026-12-01" in line for line in commands)


def test_engine_finds_exactly_the_readme_table() -> None:
    """For every check in the registry, the findings on Northwind as of 2026-12-01 are
    exactly the README's rows for that check (subjects and suppression)."""
    report = run_checks(load_example("northwind"), as_of=AS_OF)
    registered = {c.id for c in CHECKS}
    found = {(f.check, frozenset(f.subjects), f.suppressed) for f in report.findings}
    expected = {(check, subjects, "**Suppressed**" in why)
                for check, subjects, why in planted_rows() if check in registered}
    assert found == expected


def test_clean_organisation_has_no_finding_at_low_or_above() -> None:
    report = run_checks(load_example("northwind-clean"), as_of=AS_OF)
    assert [(f.check, f.subjects) for f in report.findings
            if not f.suppressed and f.severity >= Severity.low] == []


def test_readme_whatif_and_rank_claims() -> None:
    from graphkit.queries.whatif import rank, whatif

    model = load_example("northwind")

    def summary(refs: list[str], absent: bool) -> tuple[set[tuple[str, ...]], ...]:
        r = whatif(model, refs, as_of=AS_OF, absent=absent)
        return ({(f.check, *f.subjects) for f in r.created},
                {(f.check, *f.subjects) for f in r.resolved},
                {(c.item, *c.lost) for c in r.coverage_lost})

    assert summary(["person:cwood"], True) == (
        {("vacant-role", "role:erp-admin"), ("key-person", "person:pnowak")},
        {("key-person", "person:cwood")},
        {("asset:erp", "responsible")})
    created, resolved, lost = summary(["person:cwood"], False)
    # gone, his it-ops-lead role has no primary holder: orphan-item on its two duties, and
    # its deputy pnowak is not also a key person for them (DESIGN: orphan-item, not key-person)
    assert {c[0] for c in created} == {"vacant-role", "leaver-holds", "reporting-line",
                                       "orphan-item"}
    assert sum(c[0] == "reporting-line" for c in created) == 6
    assert (resolved, lost) == ({("key-person", "person:cwood")},
                                {("asset:erp", "responsible")})
    assert summary(["person:ebaker"], True) == (set(), set(), set())
    assert summary(["person:ebaker"], False) == (
        {("leaver-holds", "person:ebaker", "role:dpo")}, set(), set())
    assert summary(["person:akhan"], True) == (
        {("vacant-role", "role:ism"), ("key-person", "person:tbrooks"),
         ("key-person", "person:dokafor")}, set(), set())
    top = rank(model, as_of=AS_OF, top=3)
    assert [(i.person, i.score) for i in top] == [("cwood", 10), ("nadams", 5),
                                                  ("tbrooks", 5)]
    assert (top[0].items, top[0].roles) == (["asset:erp"], ["erp-admin"])
