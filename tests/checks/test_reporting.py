"""reporting-line: people's and posts' lines."""

from __future__ import annotations

import random

import pytest
from fixturekit import findings, fixture, flagged, subjects
from graphkit.queries.registry import get_check


def test_fail_fixture() -> None:
    assert flagged("reporting-line", fixture("reporting-line", "fail")) == {
        # people's line
        subjects("person:a", "person:b"),          # cycle
        subjects("person:s"),                      # self-loop
        subjects("person:ceo", "person:xo"),       # two tops
        subjects("person:u", "person:ghost"),      # unknown manager
        subjects("person:v", "person:lee"),        # manager is a leaver
        # posts' line
        subjects("role:r1", "role:r2"),            # cycle
        subjects("role:board", "role:chair"),      # two tops
        subjects("role:r3", "role:nowhere"),       # unknown post
    }


def test_pass_fixture() -> None:
    assert flagged("reporting-line", fixture("reporting-line", "pass")) == set()


def test_titles_and_evidence() -> None:
    found = {frozenset(f.subjects): f for f in
             findings("reporting-line", fixture("reporting-line", "fail"))}
    cycle = found[subjects("person:a", "person:b")]
    assert cycle.title == "Reporting cycle in people's line"
    assert cycle.evidence[0].nodes == ["person:a", "person:b", "person:a"]
    assert [(e.u, e.v) for e in cycle.evidence[0].edges] == [("person:a", "person:b"),
                                                              ("person:b", "person:a")]
    loop = found[subjects("person:s")]
    assert loop.evidence[0].nodes == ["person:s", "person:s"]
    tops = found[subjects("person:ceo", "person:xo")]
    assert tops.title == "More than one top in people's line"
    assert [ev.nodes for ev in tops.evidence] == [["person:ceo"], ["person:xo"]]
    assert found[subjects("role:r3", "role:nowhere")].title == "Unknown post in posts' line"
    assert found[subjects("person:v", "person:lee")].title == "Line manager has left"
    assert all(f.severity.value == "medium" for f in found.values())


def test_three_tops_one_finding() -> None:
    data = {"people": [{"id": "a"}, {"id": "b"}, {"id": "c", "status": "absent"},
                       {"id": "d", "status": "leaver"}, {"id": "e", "reports_to": "a"}]}
    assert flagged("reporting-line", data) == {subjects("person:a", "person:b", "person:c")}


def test_no_post_hierarchy_no_post_findings() -> None:
    data = {"people": [{"id": "a"}], "roles": [{"id": "x"}, {"id": "y"}]}
    assert flagged("reporting-line", data) == set()


def test_a_cycle_reported_once_whatever_the_order() -> None:
    people = [{"id": "a", "reports_to": "c"}, {"id": "b", "reports_to": "a"},
              {"id": "c", "reports_to": "b"}, {"id": "top"}, {"id": "d", "reports_to": "a"}]
    expected = {subjects("person:a", "person:b", "person:c")}
    for seed in range(4):
        shuffled = random.Random(seed).sample(people, len(people))
        found = findings("reporting-line", {"people": shuffled})
        assert {frozenset(f.subjects) for f in found} == expected
        assert found[0].evidence[0].nodes == ["person:a", "person:c", "person:b", "person:a"]


@pytest.mark.parametrize(("check_id", "iso", "severity"), [
    ("reporting-line", ("5.3", "A.5.4"), "medium"),
])
def test_iso_references_and_severity_as_designed(check_id: str, iso: tuple[str, ...],
                                                 severity: str) -> None:
    check = get_check(check_id)
    assert (check.iso, check.severity.value) == (iso, severity)
