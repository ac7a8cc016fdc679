"""The shortcuts that build findings and evidence quickly give what the plain way gives.

:meth:`Context.actor_evidence` against ``route_evidence(route_of(...))``,
:meth:`Context.first_actor_evidence` (many items at once) against ``actor_evidence``,
:meth:`Context.holding_evidence` with a label against the evidence built from its edges,
:meth:`Context.delegation_evidence` against the evidence spelt out, and
:meth:`Finding.trusted` against :meth:`Finding.make`: equal, JSON included, on a generated
organisation (every kind of item, party, deputy, inheritance and delegation), and shared
where they say they are.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from graphkit.findings import Evidence, Finding, Severity
from graphkit.generate import AS_OF, generate
from graphkit.loaders import load
from graphkit.semantics import Context, _nodes


@pytest.fixture(scope="module")
def ctx(tmp_path_factory: pytest.TempPathFactory) -> Context:
    folder = tmp_path_factory.mktemp("org")
    generate(1500, seed=11, out=folder)
    return Context.build(load(folder), AS_OF)


def _same(a: Evidence, b: Evidence) -> None:
    assert a == b
    assert a.model_dump_json() == b.model_dump_json()


def test_actor_evidence_is_the_route_evidence(ctx: Context) -> None:
    table = ctx.cover_table()
    seen = {"holding": 0, "person": 0, "delegation": 0}
    covers = ctx.item_covers(np.arange(len(table)))
    for ref, (_, accountable, responsible) in zip(table.refs, covers, strict=True):
        for side, actors in (("accountable", accountable), ("responsible", responsible)):
            for actor in actors:
                label = f"{actor.person} {side} {ref}"
                _same(ctx.actor_evidence(ref, side, actor, label),
                      ctx.route_evidence(ctx.route_of(ref, side, actor), label))
                seen["delegation" if actor.delegation is not None else
                     "holding" if actor.holding is not None else "person"] += 1
    assert min(seen.values()) > 10, seen  # every kind of actor was compared


def _first_actor_evidence_is_the_actor_evidence(ctx: Context) -> dict[str, int]:
    """``first_actor_evidence`` of every item with someone on a side (one side for all,
    then both sides mixed in a shuffled order; labels per item) against
    ``actor_evidence`` of the item's first actor on that side; how many of each kind of
    actor were compared."""
    table = ctx.cover_table()
    covers = ctx.item_covers(np.arange(len(table)))
    seen = {"holding": 0, "person": 0, "delegation": 0}
    k_of = {"accountable": 1, "responsible": 2}
    rows = [(i, side) for side, k in k_of.items() for i, c in enumerate(covers) if c[k]]
    mixed = list(rows)
    np.random.default_rng(len(rows)).shuffle(mixed)  # type: ignore[arg-type]
    asked = [(side, [r for r in rows if r[1] == side]) for side in k_of] + [(None, mixed)]
    for one_side, chosen in asked:
        positions = np.array([i for i, _ in chosen], dtype=np.int64)
        labels = [f"{table.refs[i]} {side} {n}" for n, (i, side) in enumerate(chosen)]
        sides = one_side if one_side is not None else [side for _, side in chosen]
        got = list(ctx.first_actor_evidence(positions, sides, labels))
        assert len(got) == len(chosen)
        for (i, side), label, ev in zip(chosen, labels, got, strict=True):
            actor = covers[i][k_of[side]][0]
            _same(ev, ctx.actor_evidence(table.refs[i], side, actor, label))
            seen["delegation" if actor.delegation is not None else
                 "holding" if actor.holding is not None else "person"] += 1
    return seen


def test_first_actor_evidence_is_the_actor_evidence(ctx: Context) -> None:
    seen = _first_actor_evidence_is_the_actor_evidence(ctx)
    assert min(seen.values()) > 0, seen  # every kind of actor was compared


def test_first_actor_evidence_of_no_item_is_none(ctx: Context) -> None:
    for side in ("accountable", "responsible"):
        assert list(ctx.first_actor_evidence(np.array([], dtype=np.int64), side, [])) == []
    assert list(ctx.first_actor_evidence([], [], [])) == []


def test_route_evidence_nodes_are_those_of_its_edges(ctx: Context) -> None:
    checked = 0
    for ref in list(ctx.items)[:400]:
        for route in [*ctx.accountable_routes(ref), *ctx.responsible_routes(ref)]:
            ev = ctx.route_evidence(route)
            nodes = _nodes(ctx.route_edges(route))
            assert ev.nodes == nodes + ([ref] if ref not in nodes else [])
            assert ev.edges == ctx.route_edges(route)
            checked += 1
    assert checked > 400


def test_holding_evidence_with_a_label_is_the_default_one_relabelled(ctx: Context) -> None:
    inherited = 0
    for h in list(ctx.holdings())[:3000]:
        default = ctx.holding_evidence(h)
        assert ctx.holding_evidence(h) is default  # built once
        assert ctx.holding_evidence(h, "") is default
        assert default.nodes == _nodes(default.edges) and default.edges == ctx.holding_edges(h)
        what = "deputy" if h.deputy else "holder"
        assert default.label == (f"{h.person} is {what} of {h.role}"
                                 + ("" if h.is_direct else " by inheritance"))
        labelled = ctx.holding_evidence(h, "why")
        _same(labelled, Evidence(label="why", nodes=default.nodes, edges=default.edges))
        assert labelled.nodes is not default.nodes and labelled.edges is not default.edges
        inherited += not h.is_direct
    assert inherited > 10


def test_delegation_evidence_is_built_once(ctx: Context) -> None:
    delegations = ctx.model.delegations
    assert len(delegations) > 10
    for i, d in enumerate(delegations):
        ev = ctx.delegation_evidence(i)
        assert ctx.delegation_evidence(i) is ev
        _same(ev, Evidence(label=f"delegation {d.id}", nodes=[d.from_, d.to, d.scope],
                           edges=[ctx.delegation_edge(i)]))


def test_person_ref_is_one_string_per_person(ctx: Context) -> None:
    h = next(iter(ctx.holdings()))
    ref = ctx.person_ref(h.person)
    assert ref == f"person:{h.person}"
    assert ctx.holding_edges(h)[0].u is ref


def test_trusted_finding_is_the_made_one() -> None:
    ev = Evidence.trusted("x", ["person:a", "role:b"], [])
    iso = ("7.3", "A.5.2")
    made = Finding.make("not-acknowledged", Severity.low, title="t", message="m",
                        subjects=["role:b", "person:a"], iso=iso, evidence=[ev])
    trusted = Finding.trusted("not-acknowledged", Severity.low, "t", "m",
                              ["person:a", "role:b"], iso, [ev])
    assert trusted == made
    assert trusted.model_dump_json(indent=2) == made.model_dump_json(indent=2)
    assert trusted.model_fields_set == made.model_fields_set
    # one list of ISO references per tuple, shared; a list given is the finding's own
    assert trusted.iso is made.iso == ["7.3", "A.5.2"]
    listed = Finding.make("not-acknowledged", Severity.low, title="t", message="m",
                          subjects=["person:a"], iso=list(iso))
    assert listed.iso == made.iso and listed.iso is not made.iso
    # copies do not change the shared list
    copy = made.model_copy(update={"suppressed": True}, deep=True)
    copy.iso.append("A.5.9")
    assert made.iso == ["7.3", "A.5.2"] and trusted.iso == made.iso


def test_findings_of_a_check_share_its_iso_list(tmp_path: Path) -> None:
    from graphkit.queries.roles import NOT_ACKNOWLEDGED, find_not_acknowledged

    generate(300, seed=2, out=tmp_path)
    found = list(find_not_acknowledged(Context.build(load(tmp_path), AS_OF)))
    assert len(found) > 10
    assert all(f.iso is found[0].iso for f in found)
    assert found[0].iso == list(NOT_ACKNOWLEDGED.iso)
