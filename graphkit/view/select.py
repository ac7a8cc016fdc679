"""What a view draws: the nodes and edges selected from the model's graph, laid out.

:func:`select_view` turns a model and the view's options (a focus and depth, node kinds,
findings to mark, one finding's proof, the reporting tree) into a :class:`View`: plain
data, every tooltip as plain text, every node placed. Rendering it as HTML is
:func:`graphkit.view.html.render_html`'s business; this module knows nothing of HTML.

A view is refused, not drawn as a hairball, when it would hold more than ``max_nodes``
nodes: the error names ``--focus`` and ``--depth`` and suggests a node to start from.

>>> from datetime import date
>>> from graphkit.model import validate_model
>>> m = validate_model({
...     "people": [{"id": "alice", "name": "Alice"}, {"id": "bob", "reports_to": "alice"}],
...     "roles": [{"id": "ism", "authority": 4}],
...     "assignments": [{"person": "bob", "role": "ism"}],
...     "assets": [{"id": "crm", "owner": "role:ism"}]})
>>> v = select_view(m, as_of=date(2026, 1, 1), focus="crm", depth=1)
>>> [n.id for n in v.nodes]
['role:ism', 'asset:crm']
>>> [(e.source, e.target, e.kind) for e in v.edges]
[('role:ism', 'asset:crm', 'owner')]
>>> select_view(m, as_of=date(2026, 1, 1), max_nodes=2)
Traceback (most recent call last):
...
graphkit.view.select.ViewTooLarge: the view would draw 4 nodes, more than the 2 a readable view holds; narrow it with --focus NODE --depth N (for example --focus person:alice --depth 1), or --kinds
"""

from __future__ import annotations

import difflib
import math
import textwrap
from collections import Counter, deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast

import networkx as nx

from ..errors import GraphkitError, UsageError
from ..findings import Finding, Report
from ..graph import build_graph
from ..model import KINDS, Model

__all__ = [
    "DEFAULT_MAX_NODES",
    "View",
    "ViewEdge",
    "ViewNode",
    "ViewTooLarge",
    "find_finding",
    "kind_counts",
    "resolve_node",
    "select_view",
]

#: Above this many nodes a view is refused (2 CPU cores, a laptop screen, a human).
DEFAULT_MAX_NODES = 300

_KIND_TITLES = {"person": "Person", "role": "Role", "asset": "Asset", "risk": "Risk",
                "duty": "Duty"}
_SKIP_ATTRS = {"kind", "label", "id", "source", "missing", "name", "title"}
_MAX_LABEL = 40
_MAX_VALUE = 300
_WRAP = 80


class ViewTooLarge(GraphkitError):
    """A view would hold more nodes than a person can read."""


@dataclass(frozen=True)
class ViewNode:
    """One node as drawn: id ``kind:id``, a short label, a plain-text tooltip."""

    id: str
    kind: str
    label: str
    tooltip: str
    state: str | None = None  # absent | leaver | missing, for people and posts
    findings: tuple[str, ...] = ()  # "severity check: title" lines
    severity: str | None = None  # the highest severity among its findings
    is_subject: bool = False  # a subject of the finding whose proof is drawn
    is_focus: bool = False  # the node a --focus view is centred on
    x: float | None = None
    y: float | None = None
    level: int | None = None  # the rank in a hierarchical (reporting) layout


@dataclass(frozen=True)
class ViewEdge:
    """One edge as drawn, ``source -[kind]-> target``, with a plain-text tooltip."""

    source: str
    target: str
    key: str
    kind: str
    tooltip: str
    deputy: bool = False
    in_force: bool = True  # valid on the as-of date (assignments and delegations)
    label: str = ""  # drawn along the edge: a delegation's id


@dataclass(frozen=True)
class View:
    """Everything a rendered view shows, as plain data."""

    organisation: str
    as_of: date
    subtitle: str
    nodes: tuple[ViewNode, ...]
    edges: tuple[ViewEdge, ...]
    hierarchical: bool = False
    findings: tuple[Finding, ...] = ()  # the findings listed beside the graph
    notes: tuple[str, ...] = field(default=())

    @property
    def title(self) -> str:
        """``<organisation> — accountability view as of <date>``."""
        return f"{self.organisation} — accountability view as of {self.as_of.isoformat()}"


# --- resolving what the user named --------------------------------------------------------

def resolve_node(G: nx.MultiDiGraph[str], name: str) -> str:
    """The node a user means by ``name``: ``kind:id``, or a bare id unique among kinds.

    >>> G = nx.MultiDiGraph()
    >>> G.add_nodes_from(["person:ann", "role:ism", "asset:ism"])
    >>> resolve_node(G, "ann")
    'person:ann'
    >>> resolve_node(G, "ism")
    Traceback (most recent call last):
    ...
    graphkit.errors.UsageError: --focus 'ism' is both an asset and a role: write asset:ism or role:ism
    >>> resolve_node(G, "anne")
    Traceback (most recent call last):
    ...
    graphkit.errors.UsageError: --focus 'anne' names no node in the model (did you mean person:ann?)
    """
    if name in G:
        return name
    found = sorted(f"{k}:{name}" for k in KINDS if f"{k}:{name}" in G)
    if len(found) == 1:
        return found[0]
    if found:
        kinds_text = " and ".join(
            ("an " if f.startswith("asset") else "a ") + f.split(":", 1)[0] for f in found)
        raise UsageError(f"--focus '{name}' is both {kinds_text}: write {' or '.join(found)}")
    hint = ""
    if G.number_of_nodes() <= 50_000:
        ids = [str(n) for n in G.nodes]
        close = difflib.get_close_matches(name, ids, n=3, cutoff=0.6)
        if not close:
            bare = {str(n).split(":", 1)[-1]: str(n) for n in G.nodes}
            close = [bare[c] for c in difflib.get_close_matches(name, list(bare), n=3,
                                                                cutoff=0.6)]
        if close:
            hint = f" (did you mean {', '.join(close)}?)"
    raise UsageError(f"--focus '{name}' names no node in the model{hint}")


def find_finding(findings: Iterable[Finding], fingerprint: str) -> Finding:
    """The finding with ``fingerprint``, or with a unique fingerprint starting with it
    (at least 8 characters).

    >>> f = Finding.make("orphan-item", "high", title="t", message="m",
    ...                  subjects=["asset:crm"], iso=[])
    >>> find_finding([f], f.fingerprint[:10]).subjects
    ['asset:crm']
    >>> find_finding([f], "deadbeef")
    Traceback (most recent call last):
    ...
    graphkit.errors.UsageError: --finding 'deadbeef' matches no finding on that date (list them with: graphkit check MODEL --format json)
    """
    wanted = fingerprint.strip().lower()
    items = list(findings)
    exact = [f for f in items if f.fingerprint == wanted]
    if exact:
        return exact[0]
    matches = [f for f in items if len(wanted) >= 8 and f.fingerprint.startswith(wanted)]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        raise UsageError(f"--finding '{fingerprint}' matches {len(matches)} findings; "
                         "give more of the fingerprint")
    raise UsageError(f"--finding '{fingerprint}' matches no finding on that date (list them "
                     "with: graphkit check MODEL --format json)")


def _run_checks(model: Model, as_of: date) -> list[Finding]:
    from ..runner import run_checks

    return _as_findings(run_checks(model, as_of=as_of))


def _as_findings(value: Report | Iterable[Finding]) -> list[Finding]:
    if isinstance(value, Report):
        return list(value.findings)
    return list(value)


# --- text ---------------------------------------------------------------------------------

def _short(text: str, limit: int = _MAX_LABEL) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _fmt(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple, set)):
        return ", ".join(_fmt(v) for v in value)
    if isinstance(value, Mapping):
        return ", ".join(f"{k}={_fmt(v)}" for k, v in value.items())
    if hasattr(value, "value"):
        return str(value.value)
    return str(value)


def _line(key: str, value: Any) -> list[str]:
    text = _short(_fmt(value), _MAX_VALUE)
    return textwrap.wrap(f"{key.replace('_', ' ')}: {text}", _WRAP,
                         subsequent_indent="    ") or [f"{key}:"]


def _holdings(G: nx.MultiDiGraph[str], node: str, kind: str, as_of: date) -> list[str]:
    """Direct assignments in force on ``as_of``: a person's roles, or a role's holders."""
    edges: Iterable[tuple[str, str, dict[str, Any]]]
    if kind == "person":
        edges = G.out_edges(node, data=True)
        name = "holds"
    elif kind == "role":
        edges = G.in_edges(node, data=True)
        name = "held by"
    else:
        return []
    out = []
    for u, v, data in edges:
        if data.get("kind") == "holds" and _in_force(data, as_of):
            other = v if kind == "person" else u
            out.append(other + (" (deputy)" if data.get("deputy") else ""))
    if not out:
        return [f"{name}: nothing on {as_of.isoformat()}" if kind == "person"
                else f"{name}: nobody on {as_of.isoformat()}"]
    shown = ", ".join(_short(o, 60) for o in sorted(out)[:10])
    more = f" and {len(out) - 10} more" if len(out) > 10 else ""
    return textwrap.wrap(f"{name}: {shown}{more}", _WRAP, subsequent_indent="    ")


def _node_tooltip(node: str, attrs: Mapping[str, Any], findings: Sequence[Finding],
                  holdings: Sequence[str] = ()) -> str:
    kind = str(attrs.get("kind", node.split(":", 1)[0]))
    label = str(attrs.get("label") or attrs.get("id") or node)
    lines = textwrap.wrap(f"{_KIND_TITLES.get(kind, kind)}: {_short(label, 120)}", _WRAP)
    lines.append(f"id: {_short(node, 120)}")
    if attrs.get("missing"):
        lines.append("not in the model: named by a reporting line")
    for key, value in attrs.items():
        if key in _SKIP_ATTRS or value is None or value == [] or value == "":
            continue
        lines.extend(_line(key, value))
    lines.extend(holdings)
    if attrs.get("source"):
        lines.extend(_line("read from", attrs["source"]))
    if findings:
        lines.append("")
        lines.append(f"findings ({len(findings)}):")
        for f in findings[:12]:
            extra = " (accepted by exception)" if f.suppressed else ""
            lines.extend(textwrap.wrap(f"[{f.severity.value}] {f.check}: "
                                       f"{_short(f.message, 200)}{extra}", _WRAP,
                                       initial_indent="  ", subsequent_indent="    "))
        if len(findings) > 12:
            lines.append(f"  … and {len(findings) - 12} more")
    return "\n".join(lines)


def _edge_tooltip(u: str, v: str, attrs: Mapping[str, Any], in_force: bool, as_of: date,
                  evidence: str | None = None) -> str:
    kind = str(attrs.get("kind", "edge"))
    head = kind.replace("_", " ")
    if kind == "holds" and attrs.get("deputy"):
        head = "holds as deputy"
    lines = textwrap.wrap(f"{_short(u, 80)} —{head}→ {_short(v, 80)}", _WRAP)
    for key in ("id", "scope", "from", "from_date", "until", "on") if kind != "delegated" else ():
        if attrs.get(key) is not None:
            lines.extend(_line(key if key != "id" else "delegation", attrs[key]))
    if kind == "delegated":
        lines = textwrap.wrap(f"{_short(u, 80)} is responsible for {_short(v, 80)} through "
                              f"delegation {_short(str(attrs.get('via')), 40)}", _WRAP)
    elif attrs.get("derived"):
        lines.append("(a link of the finding's evidence)")
    if not in_force:
        lines.append(f"not in force on {as_of.isoformat()}")
    if attrs.get("source"):
        lines.extend(_line("read from", attrs["source"]))
    if evidence:
        lines.extend(_line("evidence", evidence))
    return "\n".join(lines)


def _in_force(attrs: Mapping[str, Any], as_of: date) -> bool:
    start = attrs.get("from") if attrs.get("kind") == "holds" else attrs.get("from_date")
    end = attrs.get("until")
    if attrs.get("kind") not in ("holds", "delegation"):
        return True
    return (start is None or start <= as_of) and (end is None or as_of <= end)


def _state(attrs: Mapping[str, Any]) -> str | None:
    if attrs.get("missing"):
        return "missing"
    status = attrs.get("status")
    if status in ("absent", "leaver"):
        return str(status)
    return None


# --- selection ------------------------------------------------------------------------------

def _too_large(count: int, max_nodes: int, H: nx.MultiDiGraph[str], focus: str | None,
               depth: int) -> ViewTooLarge:
    if focus is not None and depth > 1:
        advice = f"try --focus {focus} --depth {depth - 1}"
    elif focus is not None:
        advice = "narrow it further with --kinds"
    else:
        hub = _hub(H, max_nodes)
        advice = f"narrow it with --focus NODE --depth N (for example --focus {hub} --depth 1)"
        advice += ", or --kinds"
    return ViewTooLarge(f"the view would draw {count} nodes, more than the {max_nodes} a "
                        f"readable view holds; {advice}")


def _hub(H: nx.MultiDiGraph[str], max_nodes: int) -> str:
    """The best-connected node whose neighbourhood alone fits in a view."""
    best, best_size = "person:ID", -1
    for n in H.nodes:
        size = len(set(H.predecessors(n)) | set(H.successors(n)))
        if best_size < size < max_nodes:
            best, best_size = str(n), size
    return best


def _reporting_graph(G: nx.MultiDiGraph[str]) -> nx.MultiDiGraph[str]:
    lines = [(u, v, k) for u, v, k in G.edges(keys=True) if k.split(":", 1)[0] == "reports_to"]
    posts = {n for u, v, _ in lines for n in (u, v) if str(n).startswith("role:")}
    # the stubs type a node's looked-up attribute as the whole attribute dict
    node_kinds = cast("Iterable[tuple[str, Any]]", G.nodes(data="kind"))
    keep = {n for n, kind in node_kinds if kind == "person"} | posts
    H: nx.MultiDiGraph[str] = nx.MultiDiGraph(**G.graph)
    H.add_nodes_from((n, G.nodes[n]) for n in G.nodes if n in keep)
    # The stubs type add_edges_from as (u, v[, data]); a multigraph also takes (u, v, key, data).
    H.add_edges_from((u, v, k, G.edges[u, v, k]) for u, v, k in lines)  # type: ignore[misc]
    return H


EdgeLabels = dict[tuple[str, str, str], str]


def _proof_graph(G: nx.MultiDiGraph[str], finding: Finding
                 ) -> tuple[nx.MultiDiGraph[str], EdgeLabels]:
    """The evidence of one finding: its subjects and every node and edge of its paths."""
    H: nx.MultiDiGraph[str] = nx.MultiDiGraph(**G.graph)
    labels: EdgeLabels = {}

    def add_node(n: str) -> None:
        if n in H:
            return
        if n in G:
            H.add_node(n, **G.nodes[n])
        else:
            kind = n.split(":", 1)[0]
            H.add_node(n, kind=kind if kind in KINDS else "person", label=n.split(":", 1)[-1],
                       missing=True)

    for s in finding.subjects:
        add_node(s)
    for i, ev in enumerate(finding.evidence, 1):
        name = ev.label or f"path {i}"
        for n in ev.nodes:
            add_node(n)
        for e in ev.edges:
            add_node(e.u)
            add_node(e.v)
            key = e.key
            if key is None or not G.has_edge(e.u, e.v, key):
                parallel = cast("dict[str, dict[str, Any]]",
                                G.get_edge_data(e.u, e.v, default={}))
                keys = [k for k, d in parallel.items() if d.get("kind") == e.kind]
                key = keys[0] if keys else (e.key or e.kind)
            if G.has_edge(e.u, e.v, key):
                data = dict(G.edges[e.u, e.v, key])
            else:
                data = {"kind": e.kind, "source": e.source, "derived": True}
            if not H.has_edge(e.u, e.v, key):
                H.add_edge(e.u, e.v, key=key, **data)
            labels.setdefault((e.u, e.v, key), name)
    # a delegation makes its recipient responsible for its scope: draw that link too, so
    # the scope in the proof is not left standing alone
    for u, v, k, data in list(H.edges(keys=True, data=True)):
        scope = data.get("scope")
        if data.get("kind") == "delegation" and scope in H and v != scope:
            scope = cast(str, scope)  # ``scope in H``: it is a node, so a str
            H.add_edge(v, scope, key=f"delegated:{data.get('id', k)}", kind="delegated",
                       derived=True, via=data.get("id"), source=data.get("source"))
            labels.setdefault((v, scope, f"delegated:{data.get('id', k)}"),
                              labels.get((u, v, k), ""))
    return H, labels


def _levels(H: nx.MultiDiGraph[str]) -> dict[str, int]:
    """Rank of each node in the reporting tree: tops 0, their reports 1, and so on.

    Nodes on a cycle with no top above them start a rank 0 of their own.
    """
    level: dict[str, int] = {}
    order = list(H.nodes)
    tops = [n for n in order if H.out_degree(n) == 0]

    def walk(starts: list[str]) -> None:
        queue = deque(starts)
        for s in starts:
            level.setdefault(s, 0)
        while queue:
            n = queue.popleft()
            for report in H.predecessors(n):
                if report not in level:
                    level[report] = level[n] + 1
                    queue.append(report)

    walk(tops)
    for n in order:
        if n not in level:
            walk([n])
    return level


def _positions(H: nx.MultiDiGraph[str]) -> dict[str, tuple[float, float]]:
    """Precomputed positions in vis-network pixels, so the page needs no physics.

    Each connected part is laid out on its own (Fruchterman-Reingold, fixed seed, so a
    view is the same every time), scaled to its size, and the parts are packed in rows,
    largest first: loners do not push a cluster into a knot.
    """
    simple: nx.Graph[str] = nx.Graph()
    simple.add_nodes_from(H.nodes)
    simple.add_edges_from((u, v) for u, v in H.edges() if u != v)
    order = {n: i for i, n in enumerate(H.nodes)}
    parts = sorted((sorted(c, key=order.__getitem__) for c in nx.connected_components(simple)),
                   key=lambda c: (-len(c), order[c[0]]))
    placed: list[tuple[dict[str, tuple[float, float]], float]] = []
    for part in parts:
        if len(part) == 1:
            placed.append(({part[0]: (0.0, 0.0)}, 90.0))
            continue
        sub = simple.subgraph(part)
        try:
            raw = nx.spring_layout(sub, seed=7, iterations=50)
        except ImportError:  # no numpy: a circle is worse, but it is a layout
            raw = nx.circular_layout(sub)
        scale = 85.0 * math.sqrt(len(part)) + 40.0
        placed.append(({n: (float(raw[n][0]) * scale, float(raw[n][1]) * scale) for n in part},
                       scale + 70.0))
    total = sum((2 * r) ** 2 for _, r in placed)
    row_width = max(max((2 * r for _, r in placed), default=0.0), math.sqrt(total) * 1.3)
    pos: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for coords, r in placed:
        if x > 0 and x + 2 * r > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for n, (px, py) in coords.items():
            pos[n] = (x + r + px, y + r + py)
        x += 2 * r
        row_height = max(row_height, 2 * r)
    return pos


def _organisation_name(model: Model) -> str:
    org = model.organisation
    if org is None:
        return "Organisation"
    return org.name or org.id


def select_view(model: Model, *, as_of: date, focus: str | None = None, depth: int = 2,
                kinds: Iterable[str] | None = None,
                findings: Report | Iterable[Finding] | bool | None = None,
                finding: str | None = None, reporting: bool = False,
                max_nodes: int = DEFAULT_MAX_NODES) -> View:
    """Select and lay out what a view of ``model`` draws.

    ``focus`` (``kind:id`` or a bare id) with ``depth`` keeps the nodes within ``depth``
    links of it, whatever the links' direction. ``kinds`` keeps only nodes of those kinds.
    ``findings`` (a :class:`Report`, findings, or ``True`` to run the checks) marks the
    subjects of findings and lists them in their tooltips. ``finding`` (a fingerprint, or
    a unique prefix of one) draws only that finding's proof. ``reporting`` draws the
    reporting lines of people and posts as a tree. Raises :class:`ViewTooLarge` over
    ``max_nodes`` and :class:`~graphkit.errors.UsageError` for options that do not fit.
    """
    if depth < 0:
        raise UsageError("--depth must be 0 or more")
    if max_nodes < 1:
        raise UsageError("the node limit must be at least 1")
    if finding is not None and reporting:
        raise UsageError("--finding and --reporting draw different things; give one")
    if finding is not None and focus is not None:
        raise UsageError("--finding draws only the proof of one finding; leave out --focus")
    wanted_kinds: set[str] | None = None
    if kinds is not None:
        wanted_kinds = {k.strip() for k in kinds if k.strip()}
        unknown = sorted(wanted_kinds - set(KINDS))
        if unknown:
            raise UsageError(f"--kinds: unknown kind(s) {', '.join(unknown)} "
                             f"(expected some of {', '.join(KINDS)})")
        if not wanted_kinds:
            raise UsageError(f"--kinds: name at least one of {', '.join(KINDS)}")

    G = build_graph(model)
    all_findings: list[Finding] = []
    if findings is True or (finding is not None and findings in (None, False)):
        all_findings = _run_checks(model, as_of)
    elif findings not in (None, False, True):
        all_findings = _as_findings(findings)  # type: ignore[arg-type]
    mark = findings not in (None, False)

    parts: list[str] = []
    evidence_labels: EdgeLabels = {}
    subjects: set[str] = set()
    shown: tuple[Finding, ...] = ()
    if finding is not None:
        chosen = find_finding(all_findings, finding)
        H, evidence_labels = _proof_graph(G, chosen)
        subjects = set(chosen.subjects)
        shown = (chosen,)
        parts.append(f"proof of {chosen.check} [{chosen.severity.value}]: "
                     f"{_short(chosen.title, 120)}")
        mark = True
        all_findings = [chosen]
    elif reporting:
        H = _reporting_graph(G)
        parts.append("reporting lines of people and posts")
    else:
        H = G
    if wanted_kinds is not None:
        base, keep_kinds = H, wanted_kinds
        H = nx.subgraph_view(base, filter_node=lambda n: base.nodes[n].get("kind") in keep_kinds)
        parts.append("kinds: " + ", ".join(k for k in KINDS if k in wanted_kinds))
    focus_node: str | None = None
    if focus is not None:
        focus_node = resolve_node(G, focus)
        if focus_node not in H:
            raise UsageError(f"--focus {focus_node} is not in this view (check --kinds)")
        near = nx.single_source_shortest_path_length(H.to_undirected(as_view=True),
                                                     focus_node, cutoff=depth)
        # a predicate, not H.subgraph(near): networkx iterates a small node set in hash
        # order, which would make the page (and its layout) differ from run to run
        whole = H
        H = nx.subgraph_view(whole, filter_node=near.__contains__)
        parts.append(f"within {depth} link{'s' if depth != 1 else ''} of {focus_node}")
    count = H.number_of_nodes()
    if count > max_nodes:
        raise _too_large(count, max_nodes, H, focus_node, depth)

    by_node: dict[str, list[Finding]] = {}
    if mark:
        for f in sorted(all_findings, key=lambda f: (-f.severity.rank, f.check, f.fingerprint)):
            for s in f.subjects:
                if s in H:
                    by_node.setdefault(s, []).append(f)
        if finding is None:
            here = sum(1 for f in all_findings
                       if not f.suppressed and any(s in H for s in f.subjects))
            total = sum(1 for f in all_findings if not f.suppressed)
            parts.append(f"{here} of {total} findings in view" if here != total
                         else f"{total} findings marked")

    hierarchical = reporting
    levels = _levels(H) if hierarchical else {}
    pos = {} if hierarchical else _positions(H)

    nodes: list[ViewNode] = []
    for n, attrs in H.nodes(data=True):
        fs = by_node.get(n, [])
        live = [f for f in fs if not f.suppressed]
        label = _short(str(attrs.get("label") or attrs.get("id") or n))
        xy = pos.get(n)
        nodes.append(ViewNode(
            id=n, kind=str(attrs.get("kind", "person")), label=label,
            tooltip=_node_tooltip(n, attrs, fs, _holdings(G, n, str(attrs.get("kind")), as_of)),
            state=_state(attrs),
            findings=tuple(f"[{f.severity.value}] {f.check}" for f in fs),
            severity=max(live, key=lambda f: f.severity.rank).severity.value if live else None,
            is_subject=n in subjects, is_focus=n == focus_node,
            x=xy[0] if xy else None, y=xy[1] if xy else None, level=levels.get(n)))
    edges: list[ViewEdge] = []
    for u, v, k, attrs in H.edges(keys=True, data=True):
        force = _in_force(attrs, as_of)
        edges.append(ViewEdge(
            source=u, target=v, key=k, kind=str(attrs.get("kind", k.split(":", 1)[0])),
            tooltip=_edge_tooltip(u, v, attrs, force, as_of, evidence_labels.get((u, v, k))),
            deputy=bool(attrs.get("deputy")), in_force=force,
            label=_short(str(attrs["id"]), 20) if attrs.get("kind") == "delegation"
            and attrs.get("id") else ""))
    notes = []
    stale = sum(1 for e in edges if not e.in_force)
    if stale:
        notes.append(f"{stale} assignment(s) or delegation(s) not in force on "
                     f"{as_of.isoformat()} are drawn faded")
    if finding is None and mark:
        shown = tuple(f for fs in [all_findings] for f in fs
                      if any(s in H for s in f.subjects))
    return View(organisation=_organisation_name(model), as_of=as_of,
                subtitle="; ".join(parts) if parts else "the whole model",
                nodes=tuple(nodes), edges=tuple(edges), hierarchical=hierarchical,
                findings=shown, notes=tuple(notes))


def kind_counts(view: View) -> Counter[str]:
    """How many nodes of each kind a view draws (for legends and messages)."""
    return Counter(n.kind for n in view.nodes)
