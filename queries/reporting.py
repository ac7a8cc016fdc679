"""Reporting lines: people's line managers and the post hierarchy (ISO 27001 5.3, A.5.4).

Both lines are the ``reports_to`` edges of the graph: person -> person for line managers,
role -> role for posts, read here straight from the model. Each node reports to at most
one other, so a line is a functional graph and its cycles are disjoint.
:func:`reporting_line_problems` finds, in one line:

- **cycles** (a self-loop too), one per cycle, with the path;
- **more than one top**, one finding naming every top;
- **unknown** managers or posts (a ``reports_to`` that names nobody in the model);
- **leaver managers** (people's line only).

People's line: leavers are gone, so their own ``reports_to`` is not read and they are
never a top; a non-leaver who reports to a leaver is reported. Posts' line: only roles
that have ``reports_to`` or are named by one take part, so a model without a post
hierarchy has no posts' findings. Likewise a model in which no (non-leaver) person has a
``reports_to`` records no people's line (an organogram is post-based) and gets no
people's findings: without any line, "several tops" would only say that.

>>> from graphkit.model import validate_model
>>> m = validate_model({"people": [
...     {"id": "ann"}, {"id": "bob", "reports_to": "cat"}, {"id": "cat", "reports_to": "bob"},
...     {"id": "dan"}, {"id": "eve", "reports_to": "zed"}]})
>>> for p in reporting_line_problems(m, "person"):
...     print(p.problem, p.subjects)
cycle ['person:bob', 'person:cat']
tops ['person:ann', 'person:dan']
unknown ['person:eve', 'person:zed']
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from itertools import compress, repeat
from operator import attrgetter, is_, is_not
from typing import TYPE_CHECKING, Literal, cast

from graphkit.findings import Check, Edge, Evidence, Finding, Severity
from graphkit.model import Model, Status

if TYPE_CHECKING:
    from graphkit.semantics import Context

__all__ = [
    "REPORTING_LINE",
    "LineProblem",
    "find_reporting_line",
    "line_cycles",
    "reporting_line_problems",
]

Problem = Literal["cycle", "tops", "unknown", "leaver"]


@dataclass(frozen=True)
class LineProblem:
    """One problem in a reporting line, with the nodes and edges that show it."""

    problem: Problem
    subjects: list[str]
    evidence: list[Evidence] = field(default_factory=list)
    message: str = ""


def _line(model: Model, kind: Literal["person", "role"]
          ) -> tuple[dict[str, str], list[str], set[str], set[str]]:
    """The line of one kind as bare ids (``kind:`` is added to what is reported only,
    which sorts the same): who reports to whom, the ids in model order (an edge's node's
    position there says where it was read), the ids that exist, and the leavers.

    Read column by column with the interpreter's own iterators: a large organisation
    has hundreds of thousands of people, and most have a line manager."""
    elements = model.people if kind == "person" else model.roles
    ids: list[str] = list(map(attrgetter("id"), elements))
    above: list[str | None] = list(map(attrgetter("reports_to"), elements))
    leavers: set[str] = set()
    if kind == "person":  # leavers are gone: their own reports_to is not read
        left = list(map(is_, map(attrgetter("status"), elements), repeat(Status.leaver)))
        if any(left):
            leavers = set(compress(ids, left))
            above = [None if gone else v for v, gone in zip(above, left, strict=True)]
    # the pairs whose manager (post) is not None
    line = cast(dict[str, str], dict(compress(zip(ids, above, strict=True),
                                              map(is_not, above, repeat(None)))))
    return line, ids, set(ids), leavers


def line_cycles(line: Mapping[str, str]) -> list[list[str]]:
    """The cycles of a line where each node reports to at most one other (a functional
    graph), each once, starting at its least node; a self-loop is a cycle of one.

    Each walk follows ``line`` from a node not yet seen until it reaches a node seen
    before: a node of this same walk closes a new cycle, one of an earlier walk does not.
    Walks start only from nodes that someone reports to (the others are on no cycle).
    Complexity: O(n), every node is visited at most once (networkx's strongly connected
    components give the same cycles, several times slower on a million people).

    >>> line_cycles({"a": "b", "b": "c", "c": "b", "d": "d", "e": "a", "f": "x"})
    [['b', 'c'], ['d']]
    """
    walk_of: dict[str, str] = {}
    cycles: list[list[str]] = []
    # a node on a cycle reports to someone and is reported to: walks start only from
    # those (in any order: the cycles found are the same, and sorted), which leaves out
    # everyone nobody reports to, most of an organisation
    for start in line.keys() & set(line.values()):
        if start in walk_of:
            continue
        path: list[str] = []
        node = start
        while node in line and node not in walk_of:
            walk_of[node] = start
            path.append(node)
            node = line[node]
        if walk_of.get(node) == start:
            cycle = path[path.index(node):]
            first = cycle.index(min(cycle))
            cycles.append(cycle[first:] + cycle[:first])
    return sorted(cycles)


def reporting_line_problems(model: Model, kind: Literal["person", "role"]
                            ) -> Iterator[LineProblem]:
    """The problems of one reporting line of ``model``: people's (``"person"``) or posts'.

    Yields cycles first (each once, starting at its least node), then the tops when there
    are several, then unknown managers or posts, then leaver managers, each group in node
    order, so the output does not depend on the order of the input.

    Complexity: O(n) for n people or roles (see :func:`line_cycles`), plus sorting.

    >>> from graphkit.model import validate_model
    >>> m = validate_model({"people": [{"id": "a", "reports_to": "a"}],
    ...     "roles": [{"id": "ceo"}, {"id": "cio", "reports_to": "ceo"},
    ...               {"id": "cfo", "reports_to": "board"}, {"id": "ops"}]})
    >>> [(p.problem, p.subjects) for p in reporting_line_problems(m, "person")]
    [('cycle', ['person:a'])]
    >>> [(p.problem, p.subjects) for p in reporting_line_problems(m, "role")]
    [('unknown', ['role:board', 'role:cfo'])]
    """
    line, order, known, leavers = _line(model, kind)
    if not line:
        return  # no line recorded at all (a post-based organogram has no people's line)
    section = "people" if kind == "person" else "roles"
    prefix = kind + ":"
    position: dict[str, int] = {}  # id -> its index in the model, made on first need

    def ids(nodes: list[str]) -> list[str]:
        return [prefix + n for n in nodes]

    def edge(u: str) -> Edge:
        if not position:
            position.update(zip(order, range(len(order))))
        return Edge.trusted(prefix + u, prefix + line[u], "reports_to", "reports_to",
                            model.source_of(section, position[u]))

    for path in line_cycles(line):
        closed = ids(path + [path[0]])
        yield LineProblem(
            "cycle", ids(sorted(path)),
            [Evidence.trusted("reporting cycle", closed, [edge(u) for u in path])],
            "reporting line goes round in a circle: " + " -> ".join(closed))

    named = set(line.values())
    if kind == "person":  # every non-leaver takes part
        tops = sorted(known.difference(line, leavers))
    else:  # the posts that have a reports_to or are named by one
        tops = sorted(named.intersection(known).difference(line))
    if len(tops) > 1:
        shown = ids(tops)
        yield LineProblem(
            "tops", shown,
            [Evidence.trusted(f"top: {t}", [t], []) for t in shown],
            f"{len(tops)} tops (nobody above them): " + ", ".join(shown))

    what = "manager" if kind == "person" else "post"
    wrong = named.difference(known) | named.intersection(leavers)  # unknown, or gone
    for u in sorted(compress(line, map(wrong.__contains__, line.values()))) if wrong else ():
        pu, pv = prefix + u, prefix + line[u]
        if line[u] not in known:
            yield LineProblem(
                "unknown", sorted([pu, pv]),
                [Evidence.trusted(f"unknown {what}", [pu, pv], [edge(u)])],
                f"{pu} reports to {pv}, which is not in the model")
        else:
            yield LineProblem(
                "leaver", sorted([pu, pv]),
                [Evidence.trusted("manager is a leaver", [pu, pv], [edge(u)])],
                f"{pu} reports to {pv}, who has left")


_subjects = attrgetter("subjects")

_TITLES = {
    ("person", "cycle"): "Reporting cycle in people's line",
    ("person", "tops"): "More than one top in people's line",
    ("person", "unknown"): "Unknown line manager",
    ("person", "leaver"): "Line manager has left",
    ("role", "cycle"): "Reporting cycle in posts' line",
    ("role", "tops"): "More than one top in posts' line",
    ("role", "unknown"): "Unknown post in posts' line",
}


def find_reporting_line(ctx: Context) -> Iterator[Finding]:
    """Findings of ``reporting-line`` for people's and posts' lines.

    Findings come in the runner's order (by subjects): each line's problems are sorted
    on their subjects before the findings are made.

    Complexity: O(n + e) in the ``reports_to`` layer (plus sorting).
    """
    kinds: tuple[Literal["person", "role"], ...] = ("person", "role")
    for kind in kinds:  # people's line first: "person:" < "role:"
        # a line's problems come by kind of problem; the runner's order is by subjects
        # (no two problems of a line share them), sorted here before findings are made
        for p in sorted(reporting_line_problems(ctx.model, kind), key=_subjects):
            # a problem's subjects are sorted and distinct (a node reports to another:
            # a leaver reports to nobody, an unknown one is not a node), its evidence
            # Evidence.trusted's, and both its own: the finding Finding.make would make
            yield Finding.trusted(
                REPORTING_LINE.id, REPORTING_LINE.severity, _TITLES[(kind, p.problem)],
                p.message, p.subjects, REPORTING_LINE.iso, p.evidence)


REPORTING_LINE = Check(
    id="reporting-line",
    title="Reporting line broken",
    severity=Severity.medium,
    iso=("5.3", "A.5.4"),
    remediation="Give every person one existing, current line manager (and every post one "
                "existing parent post) so the lines end in a single top without cycles.",
    family="reporting",
    find=find_reporting_line,
    in_order=True,
    description="In people's and in posts' reporting lines: cycles (self-loops too), more "
                "than one top, unknown manager or post, manager who is a leaver.",
)
