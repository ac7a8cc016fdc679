"""GraphML, GEXF and Cytoscape JSON, read back by networkx: same nodes, edges and kinds."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest

from graphkit.errors import UsageError
from graphkit.graph import build_graph
from graphkit.model import Model, validate_model
from graphkit.view import export_graph


def node_kinds(G: nx.Graph) -> dict[str, str]:
    return {str(n): d["kind"] for n, d in G.nodes(data=True)}


def edge_kinds(G: nx.MultiDiGraph) -> Counter[tuple[str, str, str]]:
    return Counter((str(u), str(v), d["kind"]) for u, v, d in G.edges(data=True))


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_round_trip(fmt: str, small: Model, hostile: Model, tmp_path: Path) -> None:
    parallel = validate_model({  # two assignments of one person to one role, and a delegation
        "people": [{"id": "a"}, {"id": "b"}], "roles": [{"id": "r"}],
        "assignments": [{"person": "a", "role": "r", "until": "2025-01-01"},
                        {"person": "a", "role": "r", "from": "2025-06-01"}],
        "assets": [{"id": "x", "owner": "a"}],
        "delegations": [{"id": "1", "from": "a", "to": "b", "scope": "asset:x"},
                        {"id": "0", "from": "a", "to": "b", "scope": "asset:x"}]})
    from graphkit.loaders import load

    example = load(Path(__file__).resolve().parents[2] / "examples" / "northwind" / "model.yaml")
    for model in (small, hostile, parallel, example):
        G = build_graph(model)
        path = tmp_path / f"out.{fmt}"
        export_graph(model, path, fmt)
        back = (nx.read_graphml(path, force_multigraph=True) if fmt == "graphml"
                else nx.read_gexf(path))
        assert back.is_directed()
        assert back.number_of_nodes() == G.number_of_nodes()
        assert back.number_of_edges() == G.number_of_edges()
        assert node_kinds(back) == {n: d["kind"] for n, d in G.nodes(data=True)}
        assert edge_kinds(back) == Counter((u, v, d["kind"]) for u, v, d in G.edges(data=True))


def test_graphml_keeps_fields_as_text_numbers_and_booleans(small: Model, tmp_path: Path) -> None:
    path = tmp_path / "out.graphml"
    export_graph(small, path, "graphml")
    back = nx.read_graphml(path, force_multigraph=True)
    ism = back.nodes["role:ism"]
    assert ism["authority"] == 4 and ism["critical"] is True and ism["label"] == \
        "Information Security Manager"
    deputy = [d for u, v, d in back.edges(data=True)
              if (u, v) == ("person:bob", "role:ism") and d["kind"] == "holds"]
    assert [d["deputy"] for d in deputy] == [True]
    lee = [d for u, v, d in back.edges(data=True) if u == "person:lee"]
    assert sorted((d["kind"], d.get("until")) for d in lee) == [("holds", "2025-12-31"),
                                                                ("reports_to", None)]
    assert back.nodes["person:lee"]["model_id"] == "lee"
    d1 = [d for _, _, d in back.edges(data=True) if d.get("delegation") == "D-1"]
    assert [(d["scope"], d["from_date"], d["key"]) for d in d1] == [
        ("duty:access-review", "2026-01-01", "delegation:D-1")]
    assert back.graph["organisation"] == "acme"
    duty = back.nodes["duty:access-review"]
    assert duty["controls"] == "A.5.18"


def test_cytoscape_json(small: Model, tmp_path: Path) -> None:
    path = tmp_path / "out.cyjs"
    export_graph(small, path, "cytoscape")
    doc = json.loads(path.read_text(encoding="utf-8"))
    G = build_graph(small)
    assert {n["data"]["id"] for n in doc["elements"]["nodes"]} == set(G.nodes)
    back = nx.cytoscape_graph(doc)
    assert back.number_of_edges() == G.number_of_edges()
    assert node_kinds(back) == {n: d["kind"] for n, d in G.nodes(data=True)}
    assert edge_kinds(back) == Counter((u, v, d["kind"]) for u, v, d in G.edges(data=True))


def test_unknown_format(small: Model, tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="not one of graphml, gexf, cytoscape"):
        export_graph(small, tmp_path / "x", "dot")
