"""Export the model's graph for Gephi, yEd or Cytoscape: GraphML, GEXF, Cytoscape JSON.

The graph is :func:`graphkit.graph.build_graph`'s, written with networkx's writers. Each
node keeps ``kind`` (person, role, asset, risk, duty) and its fields; each edge keeps
``kind`` (holds, owner, delegation, ...) and its fields. The writers take only text,
numbers and booleans, so :func:`exportable_graph` writes dates as ISO text, lists as
``;``-separated text (as in the CSV folder format), mappings as JSON, and leaves out
empty values; an attribute that would carry values of different types is written as text
everywhere. Nodes keep their ``kind:id`` as the node id and the bare id as ``model_id``;
every edge gets a unique id (``e0``, ``e1``, ...), its graph key is kept as the attribute
``key``, and a delegation's id as ``delegation``.

>>> from datetime import date
>>> from graphkit.model import validate_model
>>> m = validate_model({"people": [{"id": "ann", "competencies": [{"id": "cissp"}]}],
...                     "roles": [{"id": "ism", "requires": ["cissp", "cism"]}],
...                     "assignments": [{"person": "ann", "role": "ism",
...                                      "from": "2026-01-01"}]})
>>> H = exportable_graph(m)
>>> H.nodes["role:ism"]["requires"], H.nodes["role:ism"]["kind"]
('cissp;cism', 'role')
>>> H.edges["person:ann", "role:ism", "e0"]["from"], H.edges["person:ann", "role:ism", "e0"]["kind"]
('2026-01-01', 'holds')
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any

import networkx as nx

from ..errors import InputError, Issue, UsageError
from ..graph import build_graph
from ..model import Model

__all__ = ["EXPORT_FORMATS", "export_graph", "exportable_graph", "plain_value"]

#: The formats :func:`export_graph` writes, with the usual file suffix.
EXPORT_FORMATS: dict[str, str] = {"graphml": ".graphml", "gexf": ".gexf",
                                  "cytoscape": ".cyjs"}


def plain_value(value: Any) -> str | int | float | bool | None:
    """A value the GraphML and GEXF writers accept, or ``None`` to leave it out.

    >>> plain_value(date(2026, 5, 1)), plain_value(["a", "b"]), plain_value([])
    ('2026-05-01', 'a;b', None)
    >>> plain_value({"id": "acme", "name": None})
    '{"id": "acme", "name": null}'
    """
    if value is None:
        return None
    if isinstance(value, Enum):
        return plain_value(value.value)
    if isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return json.dumps(value, default=str, ensure_ascii=False, sort_keys=True)
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [plain_value(v) for v in value]
        text = ";".join(str(v) for v in items if v is not None)
        return text or None
    return str(value)


def _plain(attrs: Mapping[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in attrs.items():
        plain = plain_value(value)
        if plain is not None:
            out[str(key)] = plain
    return out


def _unify(rows: Iterable[dict[str, Any]]) -> None:
    """Write as text every attribute whose values are of more than one type."""
    rows = list(rows)
    types: dict[str, set[type]] = defaultdict(set)
    for row in rows:
        for key, value in row.items():
            types[key].add(type(value))
    mixed = {key for key, ts in types.items() if len(ts) > 1}
    if not mixed:
        return
    for row in rows:
        for key in mixed & row.keys():
            row[key] = str(row[key]).lower() if isinstance(row[key], bool) else str(row[key])


def exportable_graph(model: Model) -> nx.MultiDiGraph[str]:
    """The model's graph with every attribute in a form the writers accept."""
    G = build_graph(model)
    H: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    org = model.organisation
    if org is not None:
        H.graph["organisation"] = org.id
        if org.name:
            H.graph["organisation_name"] = org.name
    node_rows = [(n, _plain(attrs)) for n, attrs in G.nodes(data=True)]
    for n, row in node_rows:
        row.setdefault("kind", str(n).split(":", 1)[0])
        if "id" in row:  # the bare id; "id" is the writers' own (GEXF, Cytoscape)
            row["model_id"] = row.pop("id")
    edge_rows = []
    for i, (u, v, k, attrs) in enumerate(G.edges(keys=True, data=True)):
        row = _plain(attrs)
        if "id" in row:  # a delegation's id; "id" is the writers' own
            row["delegation"] = row.pop("id")
        row["key"] = k
        edge_rows.append((u, v, f"e{i}", row))
    _unify(row for _, row in node_rows)
    _unify(row for *_, row in edge_rows)
    H.add_nodes_from(node_rows)
    # The stubs type add_edges_from as (u, v[, data]); a multigraph also takes (u, v, key, data).
    H.add_edges_from(edge_rows)  # type: ignore[arg-type]
    return H


def export_graph(model: Model, path: str | Path, fmt: str) -> nx.MultiDiGraph[str]:
    """Write the model's graph to ``path`` as ``graphml``, ``gexf`` or ``cytoscape``
    (Cytoscape.js JSON, which Cytoscape desktop imports); return the graph written."""
    if fmt not in EXPORT_FORMATS:
        raise UsageError(f"--format '{fmt}' is not one of {', '.join(EXPORT_FORMATS)}")
    H = exportable_graph(model)
    p = Path(path)
    try:
        if fmt == "graphml":
            for _, _, k, data in H.edges(keys=True, data=True):
                data["eid"] = k
            nx.write_graphml(H, p, edge_id_from_attribute="eid", named_key_ids=True)
            for _, _, data in H.edges(data=True):
                data.pop("eid", None)
        elif fmt == "gexf":
            G2 = H.copy()
            for _, _, k, data in G2.edges(keys=True, data=True):
                data["id"] = k
            nx.write_gexf(G2, p)
        else:
            G2 = H.copy()
            for n, data in G2.nodes(data=True):
                data["ref"] = n
            doc = nx.cytoscape_data(G2, name="label", ident="ref")
            p.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    except OSError as exc:
        raise InputError(Issue(f"cannot write: {exc.strerror or exc}", file=str(p),
                               expected="a writable file path")) from None
    return H
