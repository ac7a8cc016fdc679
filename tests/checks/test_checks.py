"""Each check against its pass and fail fixtures: the exact subjects flagged, and none."""

from __future__ import annotations

import pytest
from checkfixtures import AS_OF, fixture

from graphkit.findings import Finding
from graphkit.runner import run_checks


def findings(check_id: str, which: str) -> list[Finding]:
    return run_checks(fixture(check_id, which), as_of=AS_OF, select=[check_id]).findings


def subjects(check_id: str, which: str) -> set[tuple[str, ...]]:
    return {tuple(f.subjects) for f in findings(check_id, which)}


#: The exact subjects each fail fixture must produce, and their severity.
EXPECTED: dict[str, dict[tuple[str, ...], str]] = {
    "orphan-item": {
        ("asset:no-owner",): "high",
        ("asset:vacant-owner",): "critical",
        ("asset:deputy-owned",): "low",
        ("asset:away-owned",): "medium",
        ("asset:inherited-only",): "medium",
        ("risk:R-1",): "high",
        ("risk:R-2",): "low",
        ("duty:unowned",): "high",
        ("duty:lapsed",): "medium",
        ("duty:left-holder",): "medium",
    },
    "multiple-accountable": {
        ("asset:two-owners",): "medium",
        ("asset:pair-owned", "role:pair"): "medium",
        ("asset:both", "role:pair"): "medium",
        ("duty:shared", "role:pair"): "medium",
    },
    "no-responsible": {
        ("duty:nobody",): "high",
        ("duty:absent-only",): "high",
        ("duty:leaver-only",): "high",
        ("duty:absent-person",): "high",
        ("duty:delegation-expired",): "high",
        ("duty:delegation-to-absent",): "high",
    },
    "overload": {
        ("person:ann",): "low",
        ("person:eve",): "low",
    },
    "key-person": {
        ("person:lee",): "critical",
        ("person:ann",): "critical",
        ("person:fay",): "high",
        ("person:hal",): "high",
    },
    "vacant-role": {
        ("role:ism",): "high",
        ("role:away",): "medium",
        ("role:empty",): "medium",
        ("role:trio",): "medium",
        ("role:left",): "medium",
        ("role:old",): "medium",
    },
    "authority-gap": {
        ("role:undefined",): "medium",
        ("duty:d1", "role:low"): "medium",
        ("duty:d2", "person:ann"): "medium",
        ("duty:d3", "role:undefined"): "medium",
    },
    "competence-gap": {
        ("person:ann", "role:ism"): "high",
        ("person:ann", "role:staff"): "medium",
        ("person:dan", "role:ism"): "high",
        ("person:dan", "role:staff"): "medium",
        ("person:bob", "role:staff"): "medium",
        ("duty:access-review", "person:eve"): "high",
        ("duty:backup", "person:fay"): "medium",
    },
    "not-acknowledged": {
        ("role:blank",): "low",
        ("role:spaces",): "low",
        ("person:ann", "role:ism"): "low",
        ("person:dan", "role:ism"): "low",
        ("person:ann", "role:staff"): "low",
        ("person:dan", "role:staff"): "low",
    },
    "leaver-holds": {
        ("person:cat", "role:ism"): "high",
        ("person:lou", "role:next"): "high",
        ("asset:crm", "person:cat"): "high",
        ("asset:erp", "person:cat"): "high",
        ("duty:review", "person:lou"): "high",
        ("duty:backup", "person:cat"): "high",
    },
}


@pytest.mark.parametrize("check_id", sorted(EXPECTED))
def test_fail_fixture_flags_exactly(check_id: str) -> None:
    got = {tuple(f.subjects): f.severity.value for f in findings(check_id, "fail")}
    assert got == EXPECTED[check_id]


@pytest.mark.parametrize("check_id", sorted(EXPECTED))
def test_pass_fixture_flags_nothing(check_id: str) -> None:
    assert findings(check_id, "pass") == []


@pytest.mark.parametrize("check_id", sorted(EXPECTED))
def test_every_finding_carries_evidence(check_id: str) -> None:
    for f in findings(check_id, "fail"):
        assert f.evidence, f
        assert all(e.nodes for e in f.evidence), f
        assert f.iso and f.title and f.message


def test_key_person_is_ranked_by_impact() -> None:
    order = [f.subjects[0] for f in findings("key-person", "fail")]
    assert order == ["person:lee", "person:ann", "person:fay", "person:hal"]


def test_key_person_evidence_names_the_uncovered_items() -> None:
    by_person = {f.subjects[0]: f for f in findings("key-person", "fail")}
    lee = by_person["person:lee"]
    assert {e.nodes[-1] for e in lee.evidence} == {"risk:R-2", "risk:R-3"}
    assert "risk:R-2 (critical)" in lee.message
    ann = by_person["person:ann"]
    assert [e.label for e in ann.evidence] == [
        "ann is the only one on the accountable side of asset:crm who can act"]
    assert [(e.u, e.v, e.kind) for e in ann.evidence[0].edges] == [
        ("person:ann", "role:r1", "holds"), ("role:r1", "asset:crm", "owner")]


def test_overload_counts_each_item_once_and_shows_how() -> None:
    by_person = {f.subjects[0]: f for f in findings("overload", "fail")}
    ann = by_person["person:ann"]
    assert ann.message == ("person:ann is accountable for 4 items "
                           "(policy max_accountable_items: 2)")
    assert sorted(e.label for e in ann.evidence) == [
        "ann is accountable as person:ann for 2 item(s)",
        "ann is accountable as role:owner for 1 item(s)",
        "ann is accountable for asset:a4 (one of its several accountable parties)"]
    eve = by_person["person:eve"]
    assert [(e.u, e.v, e.kind) for e in eve.evidence[0].edges] == [
        ("person:eve", "role:base", "holds"), ("role:base", "asset:b1", "owner"),
        ("role:base", "asset:b2", "owner"), ("role:base", "risk:R-1", "owner")]
