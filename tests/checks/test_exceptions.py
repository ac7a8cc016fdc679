"""exception-invalid, and how it works with the runner's suppression."""

from __future__ import annotations

from datetime import date

import pytest
from fixturekit import AS_OF, findings, fixture, flagged, subjects
from graphkit.queries.registry import get_check

from graphkit.findings import fingerprint
from graphkit.model import validate_model
from graphkit.runner import run_checks

CRM = fingerprint("orphan-item", ["asset:crm"])
WEB = fingerprint("orphan-item", ["asset:web"])
LAB = fingerprint("orphan-item", ["asset:lab"])


def test_fail_fixture() -> None:
    found = findings("exception-invalid", fixture("exception-invalid", "fail"))
    assert {(f.severity.value, frozenset(f.subjects)) for f in found} == {
        ("medium", subjects(f"exception:{CRM}", "person:dan")),
        ("medium", subjects(f"exception:{WEB}", "person:carol")),
        ("info", subjects(f"exception:{'0' * 64}", "person:carol")),
        ("medium", subjects(f"exception:{LAB}", "person:lee")),
    }


def test_pass_fixture() -> None:
    assert flagged("exception-invalid", fixture("exception-invalid", "pass")) == set()


def test_reasons() -> None:
    found = {f.subjects[1]: f.message for f in
             findings("exception-invalid", fixture("exception-invalid", "fail"))
             if f.severity.value == "medium"}
    assert "authority 2, below the 4 a high finding needs" in found["person:dan"]
    assert "expired on 2026-01-01" in found["person:carol"]
    assert "authority 0" in found["person:lee"]


def test_suppression_agrees_with_the_check() -> None:
    report = run_checks(validate_model(fixture("exception-invalid", "fail")), as_of=AS_OF,
                        select=["orphan-item", "exception-invalid"])
    orphans = {f.subjects[0]: f.suppressed for f in report.findings
               if f.check == "orphan-item"}
    # only lab's finding is suppressed (by dan's valid exception); the invalid ones do not
    assert orphans == {"asset:crm": False, "asset:web": False, "asset:lab": True}
    passing = run_checks(validate_model(fixture("exception-invalid", "pass")), as_of=AS_OF,
                         select=["orphan-item", "exception-invalid"])
    assert [(f.check, f.suppressed) for f in passing.findings] == [
        ("orphan-item", True), ("orphan-item", True)]


def test_finds_its_findings_whatever_the_selection() -> None:
    # exception-invalid run alone still sees orphan-item's findings (the runner runs them)
    assert flagged("exception-invalid", fixture("exception-invalid", "pass")) == set()


@pytest.mark.parametrize(("as_of", "expected"), [
    (date(2026, 6, 1), set()),
    (date(2026, 6, 2), {subjects(f"exception:{WEB}", "person:dan")}),
])
def test_expiry_day_is_still_valid(as_of: date, expected: set[frozenset[str]]) -> None:
    assert flagged("exception-invalid", fixture("exception-invalid", "pass"), as_of) \
        == expected


def test_each_unauthorised_approver_reported() -> None:
    data = {"people": [{"id": "p"}, {"id": "q"}],
            "roles": [{"id": "r1", "authority": 1}, {"id": "r2", "authority": 2}],
            "assignments": [{"person": "p", "role": "r1"}, {"person": "q", "role": "r2"}],
            "policy": {"acceptance_authority": {"low": 2}}}
    report = run_checks(validate_model(data), as_of=AS_OF, select=["not-acknowledged",
                                                                    "reporting-line"])
    target = next(f for f in report.findings if f.check == "reporting-line")
    data["policy"]["exceptions"] = [
        {"finding": target.fingerprint, "reason": "x", "approved_by": "p"},
        {"finding": target.fingerprint, "reason": "y", "approved_by": "q"}]
    assert target.severity.value == "medium"
    # medium needs 3 (the default): both approvers fall short
    assert flagged("exception-invalid", data) == {
        subjects(f"exception:{target.fingerprint}", "person:p"),
        subjects(f"exception:{target.fingerprint}", "person:q")}


@pytest.mark.parametrize(("check_id", "iso", "severity"), [
    ("exception-invalid", ("A.5.2",), "medium"),
])
def test_iso_references_and_severity_as_designed(check_id: str, iso: tuple[str, ...],
                                                 severity: str) -> None:
    check = get_check(check_id)
    assert (check.iso, check.severity.value) == (iso, severity)
