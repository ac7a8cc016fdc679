"""The runner: selection, ordering, stable fingerprints, exceptions, summary, DataFrame."""

from __future__ import annotations

import random
from datetime import date
from typing import Any

import pytest

import graphkit
from graphkit.errors import UsageError
from graphkit.findings import Severity, fingerprint
from graphkit.model import Policy, validate_model
from graphkit.runner import exception_required_authority, run_checks

AS_OF = date(2026, 6, 1)


def data() -> dict[str, Any]:
    return {
        "organisation": {"id": "acme"},
        "people": [{"id": "carol"}, {"id": "dan"}, {"id": "ann"}],
        "roles": [{"id": "cfo", "authority": 4, "description": "Finance", "version": 1},
                  {"id": "clerk", "authority": 1, "description": "Clerk", "version": 1}],
        "assignments": [{"person": "carol", "role": "cfo"},
                        {"person": "dan", "role": "clerk"}],
        "assets": [{"id": "crm", "criticality": "high"},
                   {"id": "wiki", "criticality": "low"}],
    }


def with_exceptions(*exceptions: dict[str, Any]) -> Any:
    d = data()
    d["policy"] = {"exceptions": list(exceptions)}
    return validate_model(d)


FP_CRM = fingerprint("orphan-item", ["asset:crm"])
FP_WIKI = fingerprint("orphan-item", ["asset:wiki"])


def test_select_ignore_and_unknown_ids() -> None:
    m = validate_model(data())
    r = run_checks(m, as_of=AS_OF, select=["orphan-item", "vacant-role"], ignore=["vacant-role"])
    assert {f.check for f in r.findings} == {"orphan-item"}
    assert list(r.summary["by_check"]) == ["orphan-item"]
    with pytest.raises(UsageError):
        run_checks(m, as_of=AS_OF, select=["nope"])
    with pytest.raises(UsageError):
        run_checks(m, as_of=AS_OF, ignore=["nope"])


def test_findings_sorted_by_severity_then_check_then_subjects() -> None:
    r = run_checks(validate_model(data()), as_of=AS_OF)
    keys = [(-f.severity.rank, f.check) for f in r.findings]
    assert keys == sorted(keys)
    orphans = [f.subjects for f in r.findings if f.check == "orphan-item"]
    assert orphans == [["asset:crm"], ["asset:wiki"]]  # high before low


def test_same_findings_whatever_the_input_order() -> None:
    base = run_checks(validate_model(data()), as_of=AS_OF)
    d = data()
    rng = random.Random(7)
    for key in ("people", "roles", "assignments", "assets"):
        rng.shuffle(d[key])
    shuffled = run_checks(validate_model(d), as_of=AS_OF)
    assert [f.fingerprint for f in shuffled.findings] == [f.fingerprint for f in base.findings]


def test_exception_suppresses_while_valid_and_authorised() -> None:
    r = run_checks(with_exceptions(
        {"finding": FP_CRM, "reason": "being bought", "approved_by": "carol",
         "expires": "2026-06-01"}), as_of=AS_OF, select=["orphan-item"])
    crm = next(f for f in r.findings if f.subjects == ["asset:crm"])
    assert crm.suppressed and crm.suppressed_by == "person:carol"
    assert r.summary["total"] == 1 and r.summary["suppressed"] == 1
    assert r.summary["by_severity"]["high"] == 0 and r.summary["by_severity"]["low"] == 1


def test_expired_exception_does_not_suppress() -> None:
    r = run_checks(with_exceptions(
        {"finding": FP_CRM, "reason": "x", "approved_by": "carol", "expires": "2026-05-31"}),
        as_of=AS_OF, select=["orphan-item"])
    assert not any(f.suppressed for f in r.findings)


def test_exception_needs_the_approvers_authority_for_the_severity() -> None:
    # dan's authority is 1: below low (2) and high (4)
    r = run_checks(with_exceptions(
        {"finding": FP_CRM, "reason": "x", "approved_by": "dan"},
        {"finding": FP_WIKI, "reason": "x", "approved_by": "dan"}),
        as_of=AS_OF, select=["orphan-item"])
    assert not any(f.suppressed for f in r.findings)
    # ann holds nothing (authority 0); carol (4) may accept high but not critical
    assert exception_required_authority(Policy(), Severity.info) == 2
    assert exception_required_authority(Policy(), Severity.critical) == 5


def test_graphkit_check_and_to_frame() -> None:
    r = graphkit.check(validate_model(data()), as_of=AS_OF, select=["orphan-item"])
    assert r.model == "acme" and r.as_of == AS_OF
    df = r.to_frame()
    assert list(df["check"]) == ["orphan-item", "orphan-item"]
    assert list(df["severity"]) == ["high", "low"]
    assert list(df["subjects"]) == [["asset:crm"], ["asset:wiki"]]
    assert set(df.columns) >= {"check", "severity", "title", "message", "subjects",
                               "evidence", "iso", "fingerprint", "suppressed"}


def test_policy_argument_replaces_the_models_policy() -> None:
    d = data()
    d["assets"] = [{"id": f"a{i}", "owner": "person:carol"} for i in range(3)]
    m = validate_model(d)
    assert run_checks(m, as_of=AS_OF, select=["overload"]).findings == []
    r = run_checks(m, as_of=AS_OF, select=["overload"], policy=Policy(max_accountable_items=2))
    assert [f.subjects for f in r.findings] == [["person:carol"]]


def test_python_api_takes_plain_dates_and_policies() -> None:
    d = data()
    d["assets"] = [{"id": f"a{i}", "owner": "person:carol"} for i in range(2)]
    m = validate_model(d)
    r = graphkit.check(m, as_of="2026-06-01", policy={"max_accountable_items": 1},
                       select=["overload"])
    assert r.as_of == AS_OF and [f.subjects for f in r.findings] == [["person:carol"]]
    with pytest.raises(UsageError):
        graphkit.check(m, as_of="01/06/2026")
    with pytest.raises(graphkit.ModelError):
        graphkit.check(m, policy={"max_accountable_items": -1})


def test_on_step_tells_each_stage_once_in_order() -> None:
    from graphkit.queries.registry import CHECKS
    from graphkit.runner import checks_to_run, select_checks

    m = validate_model(data())
    steps: list[tuple[str, int]] = []
    r = run_checks(m, as_of=AS_OF, select=["vacant-role", "orphan-item"],
                   on_step=lambda step, found: steps.append((step, found)))
    found = {c: sum(f.check == c for f in r.findings) for c in ("orphan-item", "vacant-role")}
    # checks run in registry order, each told with its own count, then the report
    order = [c.id for c in CHECKS if c.id in found]
    assert steps == [("context", 0)] + [(c, found[c]) for c in order] + [
        ("report", len(r.findings))]
    assert found["orphan-item"] == 2
    assert checks_to_run(select_checks(["vacant-role", "orphan-item"])) == 2

    # a reviewer brings every other check with it, and is told last
    steps.clear()
    run_checks(m, as_of=AS_OF, select=["exception-invalid"],
               on_step=lambda step, found: steps.append((step, found)))
    told = [s for s, _ in steps[1:-1]]
    assert told == [c.id for c in CHECKS if not c.reviews_findings] + ["exception-invalid"]
    assert len(told) == checks_to_run(select_checks(["exception-invalid"]))
