"""delegation-cycle, delegation-depth, unfounded-delegation, lapsed-delegation."""

from __future__ import annotations

import random
from datetime import date

import networkx as nx
import pytest
from fixturekit import findings, fixture, flagged, subjects
from graphkit.queries.delegation import cycles_of, longest_chain
from graphkit.queries.registry import get_check

# --- delegation-cycle -------------------------------------------------------------------

def test_cycle_fail_fixture() -> None:
    assert flagged("delegation-cycle", fixture("delegation-cycle", "fail")) == {
        subjects("duty:review", "person:a", "person:b", "person:c"),
        subjects("duty:review", "person:a", "person:b"),
        subjects("duty:backup", "person:d"),
        subjects("asset:crm", "person:a", "person:b"),
    }


def test_cycle_pass_fixture() -> None:
    assert flagged("delegation-cycle", fixture("delegation-cycle", "pass")) == set()


def test_cycle_evidence_is_the_closed_path() -> None:
    found = findings("delegation-cycle", fixture("delegation-cycle", "fail"))
    three = next(f for f in found if len(f.subjects) == 4)
    (ev,) = three.evidence
    assert ev.nodes == ["person:a", "person:b", "person:c", "person:a"]
    assert [e.key for e in ev.edges] == ["delegation:D-1", "delegation:D-2", "delegation:D-3"]
    assert all(e.kind == "delegation" for e in ev.edges)
    self_loop = next(f for f in found if "duty:backup" in f.subjects)
    assert self_loop.evidence[0].nodes == ["person:d", "person:d"]


def test_cycle_reported_once_whatever_the_input_order() -> None:
    data = fixture("delegation-cycle", "fail")
    base = sorted(f.fingerprint for f in findings("delegation-cycle", data))
    rng = random.Random(7)
    for _ in range(5):
        shuffled = dict(data, delegations=rng.sample(data["delegations"],
                                                     len(data["delegations"])))
        again = sorted(f.fingerprint for f in findings("delegation-cycle", shuffled))
        assert again == base
    assert len(base) == len(set(base)) == 4


def test_cycle_counts_only_delegations_in_force() -> None:
    data = fixture("delegation-cycle", "fail")
    # on 2025-06-01 D-1 (a -> b) has not started, so neither cycle of review is closed,
    # but old's loop is still in force
    assert flagged("delegation-cycle", data, date(2025, 6, 1)) == {
        subjects("duty:backup", "person:d"),
        subjects("asset:crm", "person:a", "person:b"),
        subjects("duty:old", "person:a", "person:e"),
    }


def test_cycles_of_lists_each_elementary_cycle_once() -> None:
    D = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "a"), ("c", "b"), ("b", "a")])
    assert [c for c, whole in cycles_of(D) if whole] == [["a", "b"], ["a", "b", "c"],
                                                          ["b", "c"]]


def test_cycles_of_is_bounded() -> None:
    complete = nx.complete_graph(8, create_using=nx.DiGraph)  # ~ 16k elementary cycles
    out = list(cycles_of(complete, limit=10))
    assert out == [(list(range(8)), False)]


def test_many_cycles_reported_as_one_part() -> None:
    people = [f"p{i}" for i in range(8)]
    data = {"people": [{"id": p} for p in people], "duties": [{"id": "x"}],
            "delegations": [{"id": f"D-{a}-{b}", "from": a, "to": b, "scope": "duty:x"}
                            for a in people for b in people if a != b]}
    found = findings("delegation-cycle", data)
    assert [set(f.subjects) for f in found] == [{"duty:x", *(f"person:{p}" for p in people)}]


# --- delegation-depth -------------------------------------------------------------------

def test_depth_fail_fixture() -> None:
    found = findings("delegation-depth", fixture("delegation-depth", "fail"))
    assert {frozenset(f.subjects) for f in found} == {
        subjects("duty:review", "person:a", "person:b", "person:c", "person:d")}
    (ev,) = found[0].evidence
    assert ev.nodes == ["person:a", "person:b", "person:c", "person:d"]
    assert [e.key for e in ev.edges] == ["delegation:D-1", "delegation:D-2", "delegation:D-3"]


def test_depth_pass_fixture() -> None:
    assert flagged("delegation-depth", fixture("delegation-depth", "pass")) == set()


def test_depth_follows_the_policy() -> None:
    data = fixture("delegation-depth", "fail")
    data["policy"] = {"max_delegation_depth": 1}
    assert flagged("delegation-depth", data) == {
        subjects("duty:review", "person:a", "person:b", "person:c", "person:d"),
        subjects("duty:audit", "person:a", "person:b", "person:c"),
    }
    data["policy"] = {"max_delegation_depth": 3}
    assert flagged("delegation-depth", data) == set()


def test_depth_ignores_chains_that_only_go_round() -> None:
    # a cycle with no root: delegation-cycle's, not delegation-depth's
    data = {"people": [{"id": p} for p in "abcd"], "duties": [{"id": "x"}],
            "delegations": [{"id": f"D-{i}", "from": u, "to": v, "scope": "duty:x"}
                            for i, (u, v) in enumerate(["ab", "bc", "cd", "da"])],
            "policy": {"max_delegation_depth": 1}}
    assert flagged("delegation-depth", data) == set()
    assert len(findings("delegation-cycle", data)) == 1


def test_longest_chain_counts_a_cycle_on_the_way_as_one_stop() -> None:
    D = nx.DiGraph([("r", "a"), ("a", "b"), ("b", "a"), ("b", "c"), ("c", "d")])
    assert longest_chain(D) == [("r", "a"), ("b", "c"), ("c", "d")]


def test_longest_chain_does_not_depend_on_input_order() -> None:
    edges = [("a", "b"), ("a", "c"), ("b", "d"), ("c", "d"), ("d", "e"), ("x", "c")]
    first = longest_chain(nx.DiGraph(edges))
    for seed in range(5):
        shuffled = random.Random(seed).sample(edges, len(edges))
        assert longest_chain(nx.DiGraph(shuffled)) == first
    assert first == [("a", "b"), ("b", "d"), ("d", "e")]


# --- unfounded-delegation ---------------------------------------------------------------

def test_unfounded_fail_fixture() -> None:
    assert flagged("unfounded-delegation", fixture("unfounded-delegation", "fail")) == {
        subjects("delegation:D-1"), subjects("delegation:D-2"), subjects("delegation:D-5"),
        subjects("delegation:D-7"),
    }


def test_unfounded_pass_fixture() -> None:
    assert flagged("unfounded-delegation", fixture("unfounded-delegation", "pass")) == set()


def test_not_delegable_names_the_role() -> None:
    found = findings("unfounded-delegation", fixture("unfounded-delegation", "fail"))
    d2 = next(f for f in found if f.subjects == ["delegation:D-2"])
    assert "may not be delegated" in d2.message and "role:cfo" in d2.message
    assert any(e.kind == "accountable" and e.u == "role:cfo"
               for ev in d2.evidence for e in ev.edges)


def test_founded_by_a_delegation_only_while_it_is_in_force() -> None:
    data = fixture("unfounded-delegation", "pass")
    # after D-1 ends, dave no longer has review: D-2 (dave -> erin) is unfounded
    data["delegations"][0]["until"] = "2026-05-31"
    assert flagged("unfounded-delegation", data) == {subjects("delegation:D-2")}


def test_a_leaver_holder_is_no_longer_founded() -> None:
    data = fixture("unfounded-delegation", "pass")
    data["people"][0]["status"] = "leaver"  # alice left: she holds ism no more
    assert flagged("unfounded-delegation", data) == {subjects("delegation:D-1")}


# --- lapsed-delegation ------------------------------------------------------------------

def test_lapsed_fail_fixture() -> None:
    found = findings("lapsed-delegation", fixture("lapsed-delegation", "fail"))
    assert {frozenset(f.subjects) for f in found} == {
        subjects("delegation:D-1"), subjects("delegation:D-2"), subjects("delegation:D-3"),
        subjects("delegation:D-6"),
    }
    by_id = {f.subjects[0]: f.message for f in found}
    assert "expired on 2026-05-31" in by_id["delegation:D-1"]
    assert "to person:tom, who is absent" in by_id["delegation:D-2"]
    assert "from person:lee, who is a leaver" in by_id["delegation:D-3"]
    assert "expired on 2026-01-01" in by_id["delegation:D-6"]


def test_lapsed_pass_fixture() -> None:
    assert flagged("lapsed-delegation", fixture("lapsed-delegation", "pass")) == set()


@pytest.mark.parametrize(("as_of", "expected"), [
    (date(2026, 12, 31), set()),
    (date(2027, 1, 1), {"delegation:D-1"}),
])
def test_lapsed_on_the_day_after_until(as_of: date, expected: set[str]) -> None:
    data = fixture("lapsed-delegation", "pass")
    assert {s for f in findings("lapsed-delegation", data, as_of) for s in f.subjects} \
        == expected


@pytest.mark.parametrize(("check_id", "iso", "severity"), [
    ("delegation-cycle", ("A.5.2",), "high"),
    ("delegation-depth", ("A.5.2",), "low"),
    ("unfounded-delegation", ("A.5.2",), "medium"),
    ("lapsed-delegation", ("A.5.2", "A.6.5"), "medium"),
])
def test_iso_references_and_severity_as_designed(check_id: str, iso: tuple[str, ...],
                                                 severity: str) -> None:
    check = get_check(check_id)
    assert (check.iso, check.severity.value) == (iso, severity)
