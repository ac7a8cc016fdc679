"""Render a :class:`~graphkit.view.select.View` as one self-contained HTML file.

The page carries everything inline: vis-network's script and stylesheet (taken from the
copy bundled with the ``pyvis`` package), the graph data as JSON in a
``<script type="application/json">`` block, and a few lines of script that draw it. It
links nothing and fetches nothing, so it works from an e-mail attachment on a machine
with no network.

Every name in a model is untrusted. Text in the page goes through Jinja's autoescape;
the graph data is JSON with ``<``, ``>``, ``&`` and U+2028/U+2029 written as ``\\u``
escapes (:func:`script_json`), so nothing in it can close the script block; vis-network
draws labels on a canvas and sets tooltips as text (``innerText``), never as HTML. A
Content-Security-Policy admits only the page's own scripts, by hash, and no request to
anywhere: an injected script or event handler would not run even if escaping failed.

>>> script_json({"label": "</script><!-- \\u2028"})
'{"label":"\\\\u003c/script\\\\u003e\\\\u003c!-- \\\\u2028"}'
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections import Counter
from functools import lru_cache
from importlib import resources
from typing import Any

from .. import __version__
from ..errors import GraphkitError
from .select import View, ViewEdge, ViewNode
from .style import EDGE_STYLES, NODE_STYLES, SEVERITY_COLOURS, STATE_STYLES, edge_style_key

__all__ = ["VIS_NETWORK_VERSION", "render_html", "script_json", "vis_data"]

#: The vis-network release inlined into every view (bundled with pyvis 0.3.2).
VIS_NETWORK_VERSION = "9.1.2"

_SCRIPT_ESCAPES = str.maketrans({
    "<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
    "\u2028": "\\u2028", "\u2029": "\\u2029",
})


def script_json(value: Any) -> str:
    """JSON that is safe inside an HTML ``<script>`` element.

    No ``</script``, ``<!--`` or line separator can survive: every ``<``, ``>``, ``&``,
    U+2028 and U+2029 is written as a ``\\u`` escape, which JSON reads back unchanged.

    >>> json.loads(script_json(["<b>&</b>"])) == ["<b>&</b>"]
    True
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.translate(_SCRIPT_ESCAPES)


@lru_cache(maxsize=1)
def _vis_assets() -> tuple[str, str]:
    try:
        lib = resources.files("pyvis") / "lib" / f"vis-{VIS_NETWORK_VERSION}"
        js = (lib / "vis-network.min.js").read_text(encoding="utf-8")
        css = (lib / "vis-network.css").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        raise GraphkitError(
            f"graphkit view needs vis-network {VIS_NETWORK_VERSION}, bundled with the pyvis "
            "package: pip install 'graphkit[view]'") from None
    if "</script" in js.lower() or "</style" in css.lower():
        raise GraphkitError("the bundled vis-network cannot be inlined safely")
    return js, css


@lru_cache(maxsize=1)
def _app_js() -> str:
    return (resources.files("graphkit.view") / "static" / "view.js").read_text(encoding="utf-8")


def _sha256(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _node_data(node: ViewNode) -> dict[str, Any]:
    style = STATE_STYLES.get(node.state or "") if node.kind == "person" or node.state == "missing" \
        else None
    base = NODE_STYLES.get(node.kind, NODE_STYLES["person"])
    shape = base.shape
    fill, border = (style.fill, style.border) if style else (base.fill, base.border)
    width = 2
    label = node.label
    if node.severity is not None:
        border = SEVERITY_COLOURS[node.severity]
        width = 5
        label = "⚠ " + label
    if node.is_subject:
        border = SEVERITY_COLOURS["critical"] if node.severity is None else border
        width = 6
    size = base.size
    if node.is_focus:
        size = round(size * 1.6)
        width = max(width, 4)
    data: dict[str, Any] = {
        "id": node.id,
        "label": label,
        "title": node.tooltip,
        "kind": node.kind,
        "shape": shape,
        "size": size,
        "borderWidth": width,
        "color": {"background": fill, "border": border,
                  "highlight": {"background": fill, "border": "#000000"},
                  "hover": {"background": fill, "border": "#000000"}},
        "font": {"color": "#9e9e9e" if node.state in ("leaver", "missing") else "#212121"},
    }
    if node.state in ("absent", "missing", "leaver"):
        data["shapeProperties"] = {"borderDashes": [4, 3]}
    if node.x is not None and node.y is not None:
        data["x"] = round(node.x, 1)
        data["y"] = round(node.y, 1)
    if node.level is not None:
        data["level"] = node.level
    return data


def _edge_data(index: int, edge: ViewEdge, parallel: int) -> dict[str, Any]:
    style = EDGE_STYLES[edge_style_key(edge.kind, deputy=edge.deputy)]
    data: dict[str, Any] = {
        "id": f"e{index}",
        "from": edge.source,
        "to": edge.target,
        "kind": edge.kind,
        "title": edge.tooltip,
        "width": style.width,
        "dashes": list(style.dashes) if style.dashes else False,
        "color": {"color": style.colour, "highlight": "#000000", "hover": "#000000",
                  "opacity": 1.0 if edge.in_force else 0.3},
    }
    if edge.label:
        data["label"] = edge.label
        data["font"] = {"size": 10, "color": style.colour, "strokeWidth": 3,
                        "strokeColor": "#ffffff", "align": "top"}
    if parallel:
        data["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": 0.18 * parallel}
    return data


def vis_data(view: View) -> dict[str, Any]:
    """The nodes, edges and options handed to vis-network for ``view``.

    >>> from datetime import date
    >>> v = View("Acme", date(2026, 1, 1), "all", (ViewNode("person:a", "person", "A", "A"),),
    ...          ())
    >>> d = vis_data(v)
    >>> [n["id"] for n in d["nodes"]], d["options"]["physics"]
    (['person:a'], {'enabled': False})
    """
    pairs: Counter[frozenset[str]] = Counter()
    edges = []
    for i, edge in enumerate(view.edges):
        pair = frozenset((edge.source, edge.target))
        edges.append(_edge_data(i, edge, pairs[pair]))
        pairs[pair] += 1
    many = len(view.nodes) > 150
    options: dict[str, Any] = {
        "autoResize": True,
        "physics": {"enabled": False},
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": many,
                        "navigationButtons": False, "keyboard": False},
        "nodes": {"font": {"size": 13, "face": "system-ui, sans-serif"}},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
                  "smooth": False, "selectionWidth": 1.5, "hoverWidth": 1.5},
    }
    if view.hierarchical:
        options["layout"] = {"hierarchical": {
            "enabled": True, "direction": "UD", "levelSeparation": 180, "nodeSpacing": 130,
            "treeSpacing": 200, "parentCentralization": True, "blockShifting": True,
            "edgeMinimization": True}}
    else:
        options["layout"] = {"improvedLayout": False, "randomSeed": 7}
    return {"nodes": [_node_data(n) for n in view.nodes], "edges": edges, "options": options}


def _legend(view: View) -> tuple[list[dict[str, str]], list[dict[str, Any]], list[dict[str, str]]]:
    kinds = {n.kind for n in view.nodes}
    states = {n.state for n in view.nodes if n.state}
    nodes = []
    for kind, style in NODE_STYLES.items():
        if kind in kinds:
            nodes.append({"name": style.name, "svg": _shape_svg(style.shape, style.fill,
                                                                style.border)})
    for state, style in STATE_STYLES.items():
        if state in states:
            nodes.append({"name": style.name, "svg": _shape_svg(style.shape, style.fill,
                                                                style.border, dashed=True)})
    keys = {edge_style_key(e.kind, deputy=e.deputy) for e in view.edges}
    edges = [{"name": s.name, "colour": s.colour, "width": s.width,
              "dashes": " ".join(str(d) for d in s.dashes)}
             for key, s in EDGE_STYLES.items() if key in keys]
    if any(not e.in_force for e in view.edges):
        edges.append({"name": f"faded: not in force on {view.as_of.isoformat()}",
                      "colour": "#cfd8dc", "width": 2, "dashes": ""})
    severities = {n.severity for n in view.nodes if n.severity}
    sev = [{"name": name, "colour": colour} for name, colour in SEVERITY_COLOURS.items()
           if name in severities]
    return nodes, edges, sev


def _shape_svg(shape: str, fill: str, border: str, dashed: bool = False) -> str:
    # colours come from the style tables above, never from the model
    dash = ' stroke-dasharray="3 2"' if dashed else ""
    paint = f'fill="{fill}" stroke="{border}" stroke-width="2"{dash}'
    if shape == "box":
        return f'<rect x="2" y="3" width="22" height="12" rx="2" {paint}/>'
    if shape == "hexagon":
        return f'<polygon points="9,2 17,2 21,9 17,16 9,16 5,9" {paint}/>'
    if shape == "triangle":
        return f'<polygon points="13,2 23,16 3,16" {paint}/>'
    if shape == "diamond":
        return f'<polygon points="13,1 22,9 13,17 4,9" {paint}/>'
    return f'<circle cx="13" cy="9" r="7" {paint}/>'


@lru_cache(maxsize=1)
def _template() -> Any:
    try:
        import jinja2
    except ModuleNotFoundError:
        raise GraphkitError("graphkit view needs Jinja2: pip install 'graphkit[view]'") from None
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("graphkit.view", "templates"),
        autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    return env.get_template("view.html.j2")


def render_html(view: View) -> str:
    """The page for ``view``: one HTML document with every script and style inline."""
    vis_js, vis_css = _vis_assets()
    app_js = _app_js()
    csp = ("default-src 'none'; "
           f"script-src {_sha256(vis_js)} {_sha256(app_js)}; "
           "style-src 'unsafe-inline'; img-src data:; font-src data:; "
           "connect-src 'none'; form-action 'none'; base-uri 'none'")
    nodes, edges, sev = _legend(view)
    findings = [{"severity": f.severity.value, "check": f.check, "message": f.message,
                 "fingerprint": f.fingerprint, "suppressed": f.suppressed}
                for f in view.findings]
    return str(_template().render(
        csp=csp, version=__version__, title=view.title, subtitle=view.subtitle,
        notes=list(view.notes), node_count=len(view.nodes), edge_count=len(view.edges),
        node_legend=nodes, edge_legend=edges, severity_legend=sev, findings=findings,
        data_json=script_json(vis_data(view)), vis_js=vis_js, vis_css=vis_css, app_js=app_js))
