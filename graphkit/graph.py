"""The model as one networkx ``MultiDiGraph``: the graph analysts see in notebooks and views.

Nodes are ``kind:id`` (``person:alice``, ``role:ism``, ``asset:crm``, ``risk:R-12``,
``duty:access-review``) with the model's fields as attributes, plus ``kind`` and
``label``. Edges point from the party to what it relates to, and each carries ``kind``
(one of :data:`EDGE_KINDS`) and ``source`` (the file and line or row it came from).

The edge key is the edge kind. Where several edges of one kind can join the same two
nodes, the key adds what tells them apart: ``delegation:D-7`` (the delegation id) and
``holds:2`` (a second assignment of the same person to the same role). Select a layer
with :func:`layer`, a view that copies nothing.

>>> from graphkit.model import validate_model
>>> m = validate_model({
...     "people": [{"id": "alice"}, {"id": "dave"}],
...     "roles": [{"id": "ism", "authority": 4}],
...     "assignments": [{"person": "alice", "role": "ism"}],
...     "duties": [{"id": "review", "accountable": "role:ism", "responsible": ["dave"]}],
...     "delegations": [{"id": "D-1", "from": "dave", "to": "alice", "scope": "review"}],
... })
>>> G = build_graph(m)
>>> sorted(G.edges(keys=True))  # doctest: +NORMALIZE_WHITESPACE
[('person:alice', 'role:ism', 'holds'),
 ('person:dave', 'duty:review', 'responsible'),
 ('person:dave', 'person:alice', 'delegation:D-1'),
 ('role:ism', 'duty:review', 'accountable')]
>>> list(layer(G, "delegation").edges(data="scope"))
[('person:dave', 'person:alice', 'duty:review')]
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

import networkx as nx

from .model import Asset, Model, Risk, node_id

__all__ = ["EDGE_KINDS", "NODE_KINDS", "build_graph", "layer"]

NODE_KINDS = ("person", "role", "asset", "risk", "duty")

#: Every edge kind, with its direction.
EDGE_KINDS: dict[str, str] = {
    "holds": "person -> role: an assignment (attribute deputy: true for a deputy)",
    "inherits": "role -> role: a holder of the first is a holder of the second",
    "reports_to": "person -> person (line manager) or role -> role (post hierarchy)",
    "owner": "person or role -> asset or risk: the one accountable owner",
    "custodian": "person or role -> asset: responsible for day-to-day protection",
    "accountable": "person or role -> duty (RACI A)",
    "responsible": "person or role -> duty (RACI R)",
    "consulted": "person or role -> duty (RACI C)",
    "informed": "person or role -> duty (RACI I)",
    "delegation": "person or role -> person or role, for one scope (attribute scope)",
    "accepted": "person -> risk: accepted the residual risk",
    "affects": "risk -> asset",
}


def _attrs(obj: Any, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    data: dict[str, Any] = obj.model_dump(mode="python", by_alias=True, exclude_none=True)
    for key in skip:
        data.pop(key, None)
    for key, value in list(data.items()):
        if hasattr(value, "value"):  # enums as their plain value
            data[key] = value.value
    return data


def build_graph(model: Model) -> nx.MultiDiGraph[str]:
    """Build the graph of ``model``. Linear in the size of the model.

    Dangling ``reports_to`` references (allowed, and reported by the ``reporting-line``
    check) become nodes with ``missing: True`` so the line can still be drawn.
    """
    G: nx.MultiDiGraph[str] = nx.MultiDiGraph(
        organisation=model.organisation.model_dump() if model.organisation else None)
    nodes: list[tuple[str, dict[str, Any]]] = []
    edges: list[tuple[str, str, str, dict[str, Any]]] = []
    seen: Counter[tuple[str, str, str]] = Counter()

    def add_edge(u: str, v: str, kind: str, source: str | None, key: str | None = None,
                 **attrs: Any) -> None:
        if key is None:
            seen[(u, v, kind)] += 1
            n = seen[(u, v, kind)]
            key = kind if n == 1 else f"{kind}:{n}"
        edges.append((u, v, key, {"kind": kind, "source": source, **attrs}))

    src = model.source_of
    for i, p in enumerate(model.people):
        nodes.append((node_id("person", p.id),
                      {"kind": "person", "label": p.name or p.id, "source": src("people", i),
                       **_attrs(p, ("competencies", "acknowledged"))}))
    for i, r in enumerate(model.roles):
        nodes.append((node_id("role", r.id),
                      {"kind": "role", "label": r.name or r.id, "source": src("roles", i),
                       **_attrs(r, ("inherits", "reports_to"))}))
    for i, a in enumerate(model.assets):
        nodes.append((node_id("asset", a.id),
                      {"kind": "asset", "label": a.name or a.id, "source": src("assets", i),
                       **_attrs(a, ("owner", "custodians"))}))
    for i, k in enumerate(model.risks):
        nodes.append((node_id("risk", k.id),
                      {"kind": "risk", "label": k.title or k.id, "source": src("risks", i),
                       **_attrs(k, ("owner", "accepted_by", "assets"))}))
    for i, d in enumerate(model.duties):
        nodes.append((node_id("duty", d.id),
                      {"kind": "duty", "label": d.name or d.id, "source": src("duties", i),
                       **_attrs(d, ("accountable", "responsible", "consulted", "informed"))}))
    G.add_nodes_from(nodes)
    people = {p.id for p in model.people}
    roles = {r.id for r in model.roles}

    for i, p in enumerate(model.people):
        if p.reports_to is not None:
            add_edge(node_id("person", p.id), _ensure(G, "person", p.reports_to, people),
                     "reports_to", src("people", i))
    for i, r in enumerate(model.roles):
        for parent in r.inherits:
            add_edge(node_id("role", r.id), node_id("role", parent), "inherits", src("roles", i))
        if r.reports_to is not None:
            add_edge(node_id("role", r.id), _ensure(G, "role", r.reports_to, roles),
                     "reports_to", src("roles", i))
    for i, asg in enumerate(model.assignments):
        period: dict[str, Any] = {"from": asg.from_, "until": asg.until}
        add_edge(node_id("person", asg.person), node_id("role", asg.role), "holds",
                 src("assignments", i), deputy=asg.deputy, **period)
    owned: tuple[tuple[str, Sequence[Asset | Risk]], ...] = (
        ("assets", model.assets), ("risks", model.risks))
    for section, items in owned:
        kind = "asset" if section == "assets" else "risk"
        for i, item in enumerate(items):
            target = node_id(kind, item.id)
            for owner in item.owner:
                add_edge(owner, target, "owner", src(section, i))
    for i, a in enumerate(model.assets):
        for c in a.custodians:
            add_edge(c, node_id("asset", a.id), "custodian", src("assets", i))
    for i, k in enumerate(model.risks):
        target = node_id("risk", k.id)
        if k.accepted_by is not None:
            add_edge(node_id("person", k.accepted_by), target, "accepted", src("risks", i),
                     on=k.accepted_on)
        for asset in k.assets:
            add_edge(target, node_id("asset", asset), "affects", src("risks", i))
    for i, d in enumerate(model.duties):
        target = node_id("duty", d.id)
        for kind, parties in (("accountable", d.accountable), ("responsible", d.responsible),
                              ("consulted", d.consulted), ("informed", d.informed)):
            for party in parties:
                add_edge(party, target, kind, src("duties", i))
    for i, dl in enumerate(model.delegations):
        add_edge(dl.from_, dl.to, "delegation", src("delegations", i),
                 key=f"delegation:{dl.id}", id=dl.id, scope=dl.scope,
                 from_date=dl.from_date, until=dl.until)
    # The stubs type add_edges_from as (u, v[, data]); a multigraph also takes (u, v, key, data).
    G.add_edges_from(edges)  # type: ignore[arg-type]
    return G


def _ensure(G: nx.MultiDiGraph[str], kind: str, id_: str, known: set[str]) -> str:
    nid = node_id(kind, id_)
    if id_ not in known and nid not in G:
        G.add_node(nid, kind=kind, id=id_, label=id_, missing=True)
    return nid


def layer(G: nx.MultiDiGraph[str], *kinds: str | Iterable[str]) -> nx.MultiDiGraph[str]:
    """A read-only view of ``G`` with only the edges of the given kinds (no copy).

    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("person:a", "role:r", key="holds", kind="holds")
    'holds'
    >>> G.add_edge("person:a", "person:b", key="reports_to", kind="reports_to")
    'reports_to'
    >>> list(layer(G, "holds").edges(keys=True))
    [('person:a', 'role:r', 'holds')]
    """
    wanted: set[str] = set()
    for k in kinds:
        wanted.update([k] if isinstance(k, str) else k)
    unknown = wanted - set(EDGE_KINDS)
    if unknown:
        raise ValueError(f"unknown edge kind(s): {', '.join(sorted(unknown))}")

    def keep(u: str, v: str, key: str) -> bool:
        return key.partition(":")[0] in wanted

    # The stubs type a multigraph's edge key as int; ours are str (``holds``, ``delegation:d1``).
    return nx.subgraph_view(G, filter_edge=keep)  # type: ignore[arg-type]
