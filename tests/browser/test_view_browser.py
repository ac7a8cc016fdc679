"""Views opened as a new user would: headless chromium, network cut, from file://."""

from __future__ import annotations

import io
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from browserkit import REPO, OpenedView
from graphkit.loaders import load
from PIL import Image
from viewmodels import AS_OF, HOSTILE, hostile_model, small_model

from graphkit.model import Model
from graphkit.view import render_html, select_view

pytestmark = pytest.mark.browser

EXAMPLE = REPO / "examples" / "northwind" / "model.yaml"
EXAMPLE_AS_OF = date(2026, 12, 1)

DRAWN = """() => {
  const g = window.graphkit;
  return {nodes: g.nodes.length, edges: g.edges.length,
          drawnNodes: g.network.body.nodeIndices.length,
          drawnEdges: g.network.body.edgeIndices.length,
          expectedNodes: g.expectedNodes,
          pwned: window.__pwned === undefined ? null : String(window.__pwned)};
}"""

CENTRE = """(id) => {
  const n = window.graphkit.network;
  const d = n.canvasToDOM(n.getPositions([id])[id]);
  const r = document.getElementById('graph').getBoundingClientRect();
  return [r.left + d.x, r.top + d.y];
}"""

HOVERED = """() => {
  const g = window.graphkit;
  const tip = document.querySelector('div.vis-tooltip');
  if (!tip || tip.style.visibility !== 'visible') return null;
  const text = tip.innerText.trim();
  const item = g.nodes.get().concat(g.edges.get())
    .find(i => String(i.title).trim() === text);
  if (!item) return null;
  return {id: item.id, title: item.title,
          tags: Array.from(tip.querySelectorAll('*')).map(c => c.tagName)};
}"""

EDGE_MIDDLES = """() => {
  const g = window.graphkit, n = g.network;
  const r = document.getElementById('graph').getBoundingClientRect();
  const pos = n.getPositions();
  return g.edges.get().filter(e => !e.smooth && e.from !== e.to).map(e => {
    const d = n.canvasToDOM({x: (pos[e.from].x + pos[e.to].x) / 2,
                             y: (pos[e.from].y + pos[e.to].y) / 2});
    return [e.id, r.left + d.x, r.top + d.y];
  });
}"""


def write_view(model: Model, tmp_path: Path, name: str = "view.html",
               **options: object) -> tuple[Path, int, int]:
    view = select_view(model, **options)  # type: ignore[arg-type]
    path = tmp_path / name
    path.write_text(render_html(view), encoding="utf-8")
    return path, len(view.nodes), len(view.edges)


def assert_clean(opened: OpenedView) -> None:
    assert opened.errors == []
    assert opened.blocked == []
    assert opened.dialogs == []
    assert opened.requests and all(u.startswith(("file:", "data:")) for u in opened.requests)


def distinct_colours(png: bytes) -> int:
    img = Image.open(io.BytesIO(png)).convert("RGB")
    colours = img.getcolors(maxcolors=img.width * img.height)
    assert colours is not None
    return len(colours)


def test_example_opens_offline_with_every_node_drawn(
        open_view: Callable[[Path], OpenedView], tmp_path: Path) -> None:
    model = load(EXAMPLE)
    out = tmp_path / "northwind.html"
    done = subprocess.run([sys.executable, "-m", "graphkit", "view", str(EXAMPLE), "-o", str(out),
                           "--as-of", EXAMPLE_AS_OF.isoformat(), "--findings"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    view = select_view(model, as_of=EXAMPLE_AS_OF, findings=True)
    opened = open_view(out)
    assert_clean(opened)
    drawn = opened.evaluate(DRAWN)
    assert drawn["nodes"] == drawn["drawnNodes"] == len(view.nodes) == 100
    assert drawn["edges"] == drawn["drawnEdges"] == len(view.edges)
    shot = opened.page.locator("#graph canvas").screenshot()
    assert distinct_colours(shot) > 20
    blank = Image.new("RGB", (64, 64), "white")
    buf = io.BytesIO()
    blank.save(buf, format="PNG")
    assert distinct_colours(buf.getvalue()) == 1  # the measure tells blank from drawn
    title = opened.page.locator("h1").inner_text()
    assert title == "Northwind Trading Ltd — accountability view as of 2026-12-01"


@pytest.mark.parametrize("options", [
    {"focus": "asset:crm", "depth": 1},
    {"focus": "person:alice", "depth": 2, "kinds": ["person", "role", "duty"]},
    {"kinds": ["person"]},
    {"findings": True},
])
def test_small_views_draw_what_was_selected(open_view: Callable[[Path], OpenedView],
                                            tmp_path: Path, options: dict[str, object]) -> None:
    path, n_nodes, n_edges = write_view(small_model(), tmp_path, as_of=AS_OF, **options)
    opened = open_view(path)
    assert_clean(opened)
    drawn = opened.evaluate(DRAWN)
    assert (drawn["nodes"], drawn["drawnNodes"]) == (n_nodes, n_nodes)
    assert (drawn["edges"], drawn["drawnEdges"]) == (n_edges, n_edges)


def test_reporting_tree_puts_managers_above_their_reports(
        open_view: Callable[[Path], OpenedView], tmp_path: Path) -> None:
    path, n_nodes, _ = write_view(small_model(), tmp_path, as_of=AS_OF, reporting=True)
    opened = open_view(path)
    assert_clean(opened)
    pos = opened.evaluate("() => window.graphkit.network.getPositions()")
    lines = opened.evaluate("() => window.graphkit.edges.get().map(e => [e.from, e.to])")
    assert len(pos) == n_nodes and lines
    for report, manager in lines:
        assert pos[manager]["y"] < pos[report]["y"], (report, manager)


@pytest.mark.parametrize("check", ["delegation-cycle", "sod-conflict", "unfounded-delegation"])
def test_finding_proof_is_drawn_alone(open_view: Callable[[Path], OpenedView], tmp_path: Path,
                                      check: str) -> None:
    from graphkit.graph import build_graph
    from graphkit.runner import run_checks

    model = load(EXAMPLE)
    G = build_graph(model)
    report = run_checks(model, as_of=EXAMPLE_AS_OF)
    # the finding of that check with the longest proof
    chosen = max((f for f in report.findings if f.check == check),
                 key=lambda f: sum(len(e.edges) for e in f.evidence))
    path, n_nodes, n_edges = write_view(model, tmp_path, as_of=EXAMPLE_AS_OF, findings=report,
                                        finding=chosen.fingerprint[:12])
    proof = ({n for ev in chosen.evidence for n in ev.nodes} | set(chosen.subjects)
             | {n for ev in chosen.evidence for e in ev.edges for n in (e.u, e.v)})
    links = {(e.u, e.v, e.kind) for ev in chosen.evidence for e in ev.edges}
    # and a delegation's recipient is drawn responsible for its scope when that is shown
    delegated = {(e.v, G.edges[e.u, e.v, e.key]["scope"], "delegated")
                 for ev in chosen.evidence for e in ev.edges
                 if e.kind == "delegation" and G.edges[e.u, e.v, e.key]["scope"] in proof}
    assert (n_nodes, n_edges) == (len(proof), len(links | delegated))
    opened = open_view(path)
    assert_clean(opened)
    assert set(opened.evaluate("() => window.graphkit.nodes.getIds()")) == proof
    drawn = opened.evaluate("() => window.graphkit.edges.get().map(e => [e.from, e.to, e.kind])")
    assert {tuple(e) for e in drawn} == links | delegated


HOSTILE_FOCUS = f"person:p1-{HOSTILE[1]}"


def hover(opened: OpenedView, x: float, y: float) -> dict[str, object]:
    """Move the mouse onto (x, y) and wait for a tooltip whose text is exactly the title of
    one node or edge; return that item's id, its title and the tags inside the tooltip."""
    left, top = opened.evaluate(
        "() => { const r = document.getElementById('graph').getBoundingClientRect();"
        " return [r.left, r.top]; }")
    opened.page.mouse.move(left + 4, top + 4)
    opened.page.mouse.move(left + 3, top + 3)
    opened.page.wait_for_function(
        "() => { const t = document.querySelector('div.vis-tooltip');"
        " return !t || t.style.visibility !== 'visible'; }", timeout=5_000)
    opened.page.mouse.move(x + 2, y + 2)
    opened.page.mouse.move(x, y)
    handle = opened.page.wait_for_function(HOVERED, timeout=5_000)
    value = handle.json_value()
    assert isinstance(value, dict)
    return value


@pytest.mark.parametrize("options", [
    {}, {"findings": True}, {"focus": HOSTILE_FOCUS, "depth": 1}], ids=["all", "findings", "focus"])
def test_hostile_names_stay_text(open_view: Callable[[Path], OpenedView], tmp_path: Path,
                                 options: dict[str, object]) -> None:
    model = hostile_model()
    path, n_nodes, n_edges = write_view(model, tmp_path, as_of=AS_OF, **options)
    opened = open_view(path)
    assert_clean(opened)
    drawn = opened.evaluate(DRAWN)
    assert (drawn["drawnNodes"], drawn["drawnEdges"]) == (n_nodes, n_edges)
    assert drawn["pwned"] is None
    assert model.organisation is not None
    heading = opened.page.locator("h1").inner_text()
    assert heading == f"{model.organisation.name} — accountability view as of 2026-06-01"
    assert opened.page.title() == heading
    assert opened.evaluate("() => document.querySelectorAll('img, a, iframe').length") == 0

    node_ids = opened.evaluate("() => window.graphkit.nodes.getIds()")
    seen: set[object] = set()
    for node in node_ids:
        tip = hover(opened, *opened.evaluate(CENTRE, node))
        # text only: innerText turns each line break into a <br>, and adds nothing else
        assert tip["tags"] == ["BR"] * str(tip["title"]).count("\n")
        seen.add(tip["id"])
    assert len(seen) >= len(node_ids) - 2  # (a node may lie under another)
    hovered_edges = 0
    for edge, x, y in opened.evaluate(EDGE_MIDDLES):
        tip = hover(opened, x, y)
        assert tip["tags"] == ["BR"] * str(tip["title"]).count("\n")
        hovered_edges += tip["id"] == edge
    assert hovered_edges >= 1
    titles = opened.evaluate("() => window.graphkit.nodes.get().map(n => n.title)")
    assert any(HOSTILE[1] in t for t in titles)
    assert opened.evaluate(DRAWN)["pwned"] is None
    assert opened.dialogs == [] and opened.errors == []
    if options.get("findings"):
        listed = opened.page.locator("ol.findings").inner_text()
        assert "findings in this view" in opened.page.locator("aside").inner_text().lower()
        assert listed.strip()
