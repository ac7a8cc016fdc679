"""sod-conflict: holding an SoD member, as DESIGN.md's Meaning and Precise readings say."""

from __future__ import annotations

from datetime import date

import pytest
from fixturekit import findings, fixture, flagged, subjects
from graphkit.queries.registry import get_check

REQ_APP = ("duty:approve", "duty:request")


def test_fail_fixture() -> None:
    assert flagged("sod-conflict", fixture("sod-conflict", "fail")) == {
        subjects("person:ann", *REQ_APP),
        subjects("person:bob", *REQ_APP),
        subjects("person:eve", *REQ_APP),
        subjects("person:fay", "role:dev", "role:deployer"),
        subjects("person:hal", "duty:pay", "duty:reconcile", "duty:audit"),
    }


def test_pass_fixture() -> None:
    assert flagged("sod-conflict", fixture("sod-conflict", "pass")) == set()


def test_evidence_per_member_delegation_received() -> None:
    found = findings("sod-conflict", fixture("sod-conflict", "fail"))
    (ann,) = [f for f in found if "person:ann" in f.subjects]
    assert len(ann.evidence) == 2
    request, approve = ann.evidence
    assert [(e.u, e.v, e.kind) for e in request.edges] == [
        ("person:ann", "role:clerk", "holds"), ("role:clerk", "duty:request", "responsible")]
    assert [(e.u, e.v, e.kind, e.key) for e in approve.edges] == [
        ("person:ivy", "person:ann", "delegation", "delegation:D-1")]


def test_evidence_per_member_inheritance_and_deputy() -> None:
    found = findings("sod-conflict", fixture("sod-conflict", "fail"))
    (bob,) = [f for f in found if "person:bob" in f.subjects]
    request, approve = bob.evidence
    assert [(e.u, e.v, e.kind) for e in request.edges] == [
        ("person:bob", "role:senior", "holds"), ("role:senior", "role:clerk", "inherits"),
        ("role:clerk", "duty:request", "responsible")]
    assert approve.label is not None and "(deputy)" in approve.label
    (fay,) = [f for f in found if "person:fay" in f.subjects]
    assert [ev.label for ev in fay.evidence] == ["fay is holder of dev",
                                                  "fay is deputy of deployer"]


def test_delegation_counts_only_while_in_force() -> None:
    data = fixture("sod-conflict", "fail")
    # D-2 (approve to gus) was in force until 2026-03-31
    assert subjects("person:gus", *REQ_APP) in flagged("sod-conflict", data, date(2026, 3, 1))
    assert subjects("person:gus", *REQ_APP) not in flagged("sod-conflict", data)


def test_accountable_alone_does_not_count() -> None:
    data = {"people": [{"id": "head"}, {"id": "a"}, {"id": "b"}],
            "duties": [{"id": "raise", "accountable": "head", "responsible": ["a"]},
                       {"id": "approve", "accountable": "head", "responsible": ["b"]}],
            "policy": {"sod": [{"id": "S", "members": ["duty:raise", "duty:approve"]}]}}
    assert flagged("sod-conflict", data) == set()
    data["duties"][1]["responsible"] = ["a"]
    assert flagged("sod-conflict", data) == {subjects("person:a", "duty:raise", "duty:approve")}


def test_mixed_role_and_duty_members_and_delegation_to_a_role() -> None:
    data = {"people": [{"id": "a"}, {"id": "b"}],
            "roles": [{"id": "admin"}, {"id": "auditor"}],
            "assignments": [{"person": "a", "role": "admin"},
                            {"person": "a", "role": "auditor", "deputy": True}],
            "duties": [{"id": "log-review", "accountable": "b", "responsible": ["b"]}],
            "delegations": [{"id": "D-1", "from": "b", "to": "role:auditor",
                             "scope": "duty:log-review"}],
            "policy": {"sod": [{"id": "S", "members": ["role:admin", "duty:log-review"]}]}}
    assert flagged("sod-conflict", data) == {subjects("person:a", "role:admin",
                                                      "duty:log-review")}


def test_assignment_dates() -> None:
    data = {"people": [{"id": "a"}], "roles": [{"id": "x"}, {"id": "y"}],
            "assignments": [{"person": "a", "role": "x"},
                            {"person": "a", "role": "y", "from": "2026-07-01"}],
            "policy": {"sod": [{"id": "S", "members": ["role:x", "role:y"]}]}}
    assert flagged("sod-conflict", data) == set()
    assert flagged("sod-conflict", data, date(2026, 7, 1)) == {
        subjects("person:a", "role:x", "role:y")}


@pytest.mark.parametrize(("check_id", "iso", "severity"), [
    ("sod-conflict", ("A.5.3",), "high"),
])
def test_iso_references_and_severity_as_designed(check_id: str, iso: tuple[str, ...],
                                                 severity: str) -> None:
    check = get_check(check_id)
    assert (check.iso, check.severity.value) == (iso, severity)
