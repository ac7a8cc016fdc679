"""What a view selects: focus and depth, kinds, findings, one finding's proof, the
reporting tree, and the refusal of a hairball."""

from __future__ import annotations

import pytest
from viewmodels import AS_OF

from graphkit.errors import GraphkitError, UsageError
from graphkit.findings import Edge, Evidence, Finding, Severity
from graphkit.model import Model, validate_model
from graphkit.view import ViewTooLarge, select_view


def ids(view) -> set[str]:  # type: ignore[no-untyped-def]
    return {n.id for n in view.nodes}


def edges(view) -> set[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    return {(e.source, e.target, e.key) for e in view.edges}


def test_whole_model_draws_every_node_and_edge(small: Model) -> None:
    from graphkit.graph import build_graph

    G = build_graph(small)
    view = select_view(small, as_of=AS_OF)
    assert ids(view) == set(G.nodes)
    assert edges(view) == set(G.edges(keys=True))
    assert view.title == "Acme Ltd — accountability view as of 2026-06-01"
    assert all(n.x is not None and n.y is not None for n in view.nodes)


def test_focus_depth_one_is_the_undirected_neighbourhood(small: Model) -> None:
    view = select_view(small, as_of=AS_OF, focus="asset:crm", depth=1)
    assert ids(view) == {"asset:crm", "role:ism", "role:it-ops", "risk:R-1"}
    assert edges(view) == {("role:ism", "asset:crm", "owner"),
                           ("role:it-ops", "asset:crm", "custodian"),
                           ("risk:R-1", "asset:crm", "affects"),
                           ("role:it-ops", "role:ism", "reports_to")}


def test_focus_depth_two_and_bare_id(small: Model) -> None:
    view = select_view(small, as_of=AS_OF, focus="zoe", depth=2)
    # zoe reports to a manager who is not in the model, and to nobody else
    assert ids(view) == {"person:zoe", "person:agency-boss"}
    assert {n.state for n in view.nodes} == {None, "missing"}
    view = select_view(small, as_of=AS_OF, focus="wiki", depth=0)
    assert ids(view) == {"asset:wiki"}


def test_kinds_keep_only_those_nodes(small: Model) -> None:
    view = select_view(small, as_of=AS_OF, kinds=["person"])
    assert {n.kind for n in view.nodes} == {"person"}
    assert {e.kind for e in view.edges} == {"reports_to", "delegation"}
    both = select_view(small, as_of=AS_OF, kinds=["role", "asset"], focus="crm", depth=5)
    assert ids(both) == {"asset:crm", "role:ism", "role:it-ops", "role:staff"}


def test_unknown_and_ambiguous_focus_are_usage_errors(small: Model) -> None:
    with pytest.raises(UsageError, match=r"'alce' names no node .*did you mean person:alice"):
        select_view(small, as_of=AS_OF, focus="alce")
    m = validate_model({"people": [{"id": "x"}], "roles": [{"id": "x"}]})
    with pytest.raises(UsageError, match="is both a person and a role: write person:x or role:x"):
        select_view(m, as_of=AS_OF, focus="x")
    with pytest.raises(UsageError, match="unknown kind.*team"):
        select_view(small, as_of=AS_OF, kinds=["team"])
    with pytest.raises(UsageError, match="not in this view"):
        select_view(small, as_of=AS_OF, kinds=["role"], focus="person:alice")


def test_over_the_limit_is_refused_naming_focus_and_depth(small: Model) -> None:
    n = len(select_view(small, as_of=AS_OF).nodes)
    with pytest.raises(ViewTooLarge) as info:
        select_view(small, as_of=AS_OF, max_nodes=n - 1)
    assert isinstance(info.value, GraphkitError)
    assert f"would draw {n} nodes" in str(info.value)
    assert "--focus" in str(info.value) and "--depth" in str(info.value)
    assert len(select_view(small, as_of=AS_OF, max_nodes=n).nodes) == n
    with pytest.raises(ViewTooLarge, match="try --focus role:ism --depth 1"):
        select_view(small, as_of=AS_OF, focus="ism", depth=2, max_nodes=3)


def test_a_big_organisation_is_refused_but_a_focus_on_it_is_drawn() -> None:
    people = [{"id": "boss"}] + [{"id": f"p{i}", "reports_to": "boss" if i < 20 else f"p{i % 20}"}
                                 for i in range(2000)]
    m = validate_model({"people": people})
    with pytest.raises(ViewTooLarge, match="2001 nodes.*--focus person:p0 --depth 1"):
        select_view(m, as_of=AS_OF)
    view = select_view(m, as_of=AS_OF, focus="p3", depth=1)
    assert ids(view) == {"person:p3", "person:boss"} | {f"person:p{i}"
                                                       for i in range(23, 2000, 20)}


def test_assignments_and_delegations_out_of_force_are_marked(small: Model) -> None:
    view = select_view(small, as_of=AS_OF)
    stale = {(e.source, e.target, e.key) for e in view.edges if not e.in_force}
    assert stale == {("person:lee", "role:it-ops", "holds")}
    later = select_view(small, as_of=AS_OF.replace(year=2027))
    assert {(e.source, e.target, e.key) for e in later.edges if not e.in_force} == {
        ("person:lee", "role:it-ops", "holds"), ("role:it-ops", "person:bob", "delegation:D-1")}
    assert {n.id: n.state for n in view.nodes if n.state} == {
        "person:erin": "absent", "person:lee": "leaver", "person:agency-boss": "missing"}


def _finding(check: str, subjects: list[str], edges: list[tuple[str, str, str]],
             severity: Severity = Severity.high) -> Finding:
    ev = Evidence(label="the path", nodes=[n for e in edges for n in e[:2]],
                  edges=[Edge(u=u, v=v, kind=k) for u, v, k in edges])
    return Finding.make(check, severity, title=check, message=f"{check} on {subjects}",
                        subjects=subjects, iso=["A.5.2"], evidence=[ev])


def test_findings_mark_their_subjects_with_the_highest_severity(small: Model) -> None:
    fs = [_finding("key-person", ["person:dave"], [], Severity.high),
          _finding("overload", ["person:dave"], [], Severity.low),
          _finding("orphan-item", ["asset:wiki"], [], Severity.low)]
    view = select_view(small, as_of=AS_OF, findings=fs)
    marked = {n.id: n.severity for n in view.nodes if n.severity}
    assert marked == {"person:dave": "high", "asset:wiki": "low"}
    dave = next(n for n in view.nodes if n.id == "person:dave")
    assert "[high] key-person" in dave.tooltip and "[low] overload" in dave.tooltip
    assert "findings (2):" in dave.tooltip
    unmarked = select_view(small, as_of=AS_OF)
    assert not any(n.severity for n in unmarked.nodes)


def test_findings_from_the_runner(small: Model) -> None:
    view = select_view(small, as_of=AS_OF, findings=True)
    marked = {n.id for n in view.nodes if n.severity}
    assert "asset:wiki" in marked  # the asset with no owner: orphan-item
    wiki = next(n for n in view.nodes if n.id == "asset:wiki")
    assert "orphan-item" in wiki.tooltip


def test_finding_draws_only_its_proof(small: Model) -> None:
    cycle = _finding("delegation-cycle", ["person:bob", "person:dave", "role:it-ops"], [
        ("role:it-ops", "person:bob", "delegation"), ("person:bob", "person:dave", "delegation"),
        ("person:dave", "role:it-ops", "delegation")])
    other = _finding("orphan-item", ["asset:wiki"], [])
    view = select_view(small, as_of=AS_OF, findings=[other, cycle],
                       finding=cycle.fingerprint[:12])
    assert ids(view) == {"person:bob", "person:dave", "role:it-ops"}
    assert edges(view) == {("role:it-ops", "person:bob", "delegation:D-1"),
                           ("person:bob", "person:dave", "delegation:D-2"),
                           ("person:dave", "role:it-ops", "delegation:D-3")}
    assert all(n.is_subject for n in view.nodes)
    assert all("evidence: the path" in e.tooltip for e in view.edges)
    assert "proof of delegation-cycle" in view.subtitle
    with pytest.raises(UsageError, match="matches no finding"):
        select_view(small, as_of=AS_OF, findings=[other], finding="0" * 16)


def test_proof_draws_a_delegate_responsible_for_the_scope(small: Model) -> None:
    f = _finding("competence-gap", ["person:dave", "duty:access-review"],
                 [("person:bob", "person:dave", "delegation")])
    view = select_view(small, as_of=AS_OF, findings=[f], finding=f.fingerprint)
    assert edges(view) == {("person:bob", "person:dave", "delegation:D-2"),
                           ("person:dave", "duty:access-review", "delegated:D-2")}
    delegated = next(e for e in view.edges if e.kind == "delegated")
    assert delegated.tooltip.splitlines()[0] == (
        "person:dave is responsible for duty:access-review through delegation D-2")


def test_proof_with_an_edge_the_graph_does_not_hold(small: Model) -> None:
    f = _finding("sod-conflict", ["person:alice"], [("person:alice", "role:staff", "holds")])
    view = select_view(small, as_of=AS_OF, findings=[f], finding=f.fingerprint)
    assert ids(view) == {"person:alice", "role:staff"}
    assert [(e.source, e.target, e.kind) for e in view.edges] == [
        ("person:alice", "role:staff", "holds")]


def test_reporting_tree_levels(small: Model) -> None:
    view = select_view(small, as_of=AS_OF, reporting=True)
    assert view.hierarchical
    level = {n.id: n.level for n in view.nodes}
    assert level == {"person:ceo": 0, "person:alice": 1, "person:erin": 1, "person:lee": 1,
                     "person:bob": 2, "person:dave": 2, "person:zoe": 1,
                     "person:agency-boss": 0, "role:ism": 0, "role:it-ops": 1}
    assert {e.kind for e in view.edges} == {"reports_to"}


def test_reporting_cycle_still_gets_levels() -> None:
    m = validate_model({"people": [{"id": "a", "reports_to": "b"}, {"id": "b", "reports_to": "a"},
                                   {"id": "c", "reports_to": "c"}]})
    view = select_view(m, as_of=AS_OF, reporting=True)
    assert {n.id: n.level for n in view.nodes} == {"person:a": 0, "person:b": 1, "person:c": 0}


def test_conflicting_options(small: Model) -> None:
    with pytest.raises(UsageError):
        select_view(small, as_of=AS_OF, finding="abc", reporting=True)
    with pytest.raises(UsageError):
        select_view(small, as_of=AS_OF, finding="abc", focus="alice")
    with pytest.raises(UsageError):
        select_view(small, as_of=AS_OF, depth=-1, focus="alice")


def test_layout_is_deterministic(small: Model) -> None:
    a = select_view(small, as_of=AS_OF)
    b = select_view(small, as_of=AS_OF)
    assert [(n.id, n.x, n.y) for n in a.nodes] == [(n.id, n.x, n.y) for n in b.nodes]
    positions = {(round(n.x or 0), round(n.y or 0)) for n in a.nodes}
    assert len(positions) == len(a.nodes)  # no two nodes on one spot


def test_focus_within_the_reporting_tree(small: Model) -> None:
    view = select_view(small, as_of=AS_OF, reporting=True, focus="alice", depth=1)
    assert ids(view) == {"person:alice", "person:ceo", "person:bob", "person:dave"}
    assert {n.id: n.level for n in view.nodes} == {
        "person:ceo": 0, "person:alice": 1, "person:bob": 2, "person:dave": 2}


def test_tooltips_say_where_each_element_was_read() -> None:
    from graphkit.loaders import load
    from viewmodels import FIXTURES

    model = load(FIXTURES / "small.yaml")
    view = select_view(model, as_of=AS_OF, focus="person:bob", depth=1)
    bob = next(n for n in view.nodes if n.id == "person:bob")
    assert bob.tooltip.splitlines()[:2] == ["Person: Bob Jones", "id: person:bob"]
    assert bob.tooltip.splitlines()[-1].startswith("read from: ")
    assert bob.tooltip.splitlines()[-1].endswith("small.yaml:9")
    assert "holds: role:ism (deputy)" in bob.tooltip.splitlines()
    it_ops = select_view(model, as_of=AS_OF, focus="role:it-ops", depth=0).nodes[0]
    assert "held by: person:dave" in it_ops.tooltip.splitlines()  # lee's ended in 2025
    d1 = next(e for e in view.edges if e.key == "delegation:D-1")
    assert d1.tooltip.splitlines() == [
        "role:it-ops —delegation→ person:bob", "delegation: D-1", "scope: duty:access-review",
        "from date: 2026-01-01", "until: 2026-12-31",
        d1.tooltip.splitlines()[-1]]
    assert d1.tooltip.splitlines()[-1].endswith("small.yaml:38")
