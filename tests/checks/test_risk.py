"""acceptance-authority."""

from __future__ import annotations

from datetime import date

import pytest
from fixturekit import findings, fixture, flagged, subjects
from graphkit.queries.registry import get_check


def test_fail_fixture() -> None:
    assert flagged("acceptance-authority", fixture("acceptance-authority", "fail")) == {
        subjects("risk:R-1", "person:dan"),
        subjects("risk:R-2"),
        subjects("risk:R-5", "person:lee"),
    }


def test_pass_fixture() -> None:
    assert flagged("acceptance-authority", fixture("acceptance-authority", "pass")) == set()


def test_evidence_shows_acceptance_and_authority() -> None:
    found = findings("acceptance-authority", fixture("acceptance-authority", "fail"))
    (r1,) = [f for f in found if "risk:R-1" in f.subjects]
    assert r1.severity.value == "high"
    accepted, holding = r1.evidence
    assert [(e.u, e.v, e.kind) for e in accepted.edges] == [("person:dan", "risk:R-1",
                                                              "accepted")]
    assert [(e.u, e.v, e.kind) for e in holding.edges] == [("person:dan", "role:analyst",
                                                             "holds")]
    assert "authority 2" in r1.message and "4" in r1.message


def test_policy_threshold_and_as_of_date() -> None:
    data = fixture("acceptance-authority", "pass")
    data["policy"] = {"acceptance_authority": {"high": 5}}
    assert flagged("acceptance-authority", data) == {subjects("risk:R-1", "person:carol")}
    data = fixture("acceptance-authority", "pass")
    data["assignments"][0]["until"] = "2026-05-31"  # carol stopped being cfo
    assert flagged("acceptance-authority", data, date(2026, 5, 31)) == set()
    assert flagged("acceptance-authority", data) == {subjects("risk:R-1", "person:carol")}


def test_only_accepted_risks_with_an_owner() -> None:
    data = {"risks": [{"id": "R-1", "level": "critical", "treatment": "accept"},
                      {"id": "R-2", "level": "critical", "owner": "person:p"},
                      {"id": "R-3", "level": "critical", "owner": "person:p",
                       "treatment": "avoid"}],
            "people": [{"id": "p"}]}
    assert flagged("acceptance-authority", data) == set()


@pytest.mark.parametrize(("check_id", "iso", "severity"), [
    ("acceptance-authority", ("6.1.3", "A.5.2"), "high"),
])
def test_iso_references_and_severity_as_designed(check_id: str, iso: tuple[str, ...],
                                                 severity: str) -> None:
    check = get_check(check_id)
    assert (check.iso, check.severity.value) == (iso, severity)
