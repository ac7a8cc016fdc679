"""Delegation chains: cycles, depth, foundation and lapse (ISO 27001 A.5.2, A.6.5).

A delegation moves responsibility for one scope (a duty, asset or risk) from one party
to another; it never moves accountability. The delegations of one scope in force on the
as-of date form that scope's *delegation layer*, a directed graph of parties
(:func:`delegation_layers`). Cycles and depth are questions about one layer.

>>> from datetime import date
>>> from graphkit.model import validate_model
>>> from graphkit.semantics import Context
>>> m = validate_model({"people": [{"id": p} for p in "abcd"],
...     "duties": [{"id": "review"}],
...     "delegations": [{"id": "D-1", "from": "a", "to": "b", "scope": "review"},
...                     {"id": "D-2", "from": "b", "to": "c", "scope": "review"},
...                     {"id": "D-3", "from": "c", "to": "b", "scope": "review"},
...                     {"id": "D-4", "from": "c", "to": "d", "scope": "review",
...                      "until": "2020-01-01"}]})
>>> layers = delegation_layers(Context.build(m, date(2026, 1, 1)))
>>> sorted(layers["duty:review"].edges())
[('person:a', 'person:b'), ('person:b', 'person:c'), ('person:c', 'person:b')]
>>> [cycle for cycle, _ in cycles_of(layers["duty:review"])]
[['person:b', 'person:c']]
>>> longest_chain(layers["duty:review"])
[('person:a', 'person:b')]
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from operator import itemgetter
from typing import TYPE_CHECKING

import networkx as nx

from graphkit.findings import Check, Evidence, Finding, Severity
from graphkit.model import Asset, Delegation, Duty, Model, Status
from graphkit.queries.reporting import line_cycles

#: A finding to be made, its subjects first: sorting them puts the findings in the
#: runner's order.
_subjects_first = itemgetter(0)

if TYPE_CHECKING:
    from graphkit.semantics import Context

__all__ = [
    "DELEGATION_CYCLE",
    "DELEGATION_DEPTH",
    "LAPSED_DELEGATION",
    "MAX_CYCLES_PER_COMPONENT",
    "MAX_EVIDENCE_LINKS",
    "UNFOUNDED_DELEGATION",
    "chain_nodes",
    "cycles_of",
    "cyclic_scopes",
    "delegation_layer",
    "delegation_layers",
    "find_delegation_cycles",
    "find_delegation_depth",
    "find_lapsed_delegations",
    "find_unfounded_delegations",
    "longest_chain",
]

#: At most this many elementary cycles are listed one by one per strongly connected part
#: of a scope's layer; a part with more is reported once, as a whole (the number of
#: elementary cycles can grow exponentially with the number of delegations).
MAX_CYCLES_PER_COMPONENT = 50

#: A part reported as a whole shows at most this many of its delegations as evidence.
MAX_EVIDENCE_LINKS = 200


def delegation_layer(model: Model, indexes: Iterable[int]) -> nx.DiGraph[str]:
    """The parties joined by the delegations ``indexes`` of ``model`` (one scope's).

    Each edge ``u -> v`` keeps ``delegations``: the ``(id, index)`` of each delegation
    from ``u`` to ``v`` (usually one), sorted by id. Complexity: O(d log d) for d
    delegations (sorting parallel ones).

    >>> from graphkit.model import validate_model
    >>> m = validate_model({"people": [{"id": "a"}, {"id": "b"}], "duties": [{"id": "x"}],
    ...     "delegations": [{"id": "D-2", "from": "a", "to": "b", "scope": "x"},
    ...                     {"id": "D-1", "from": "a", "to": "b", "scope": "x"}]})
    >>> delegation_layer(m, [0, 1]).edges["person:a", "person:b"]["delegations"]
    [('D-1', 1), ('D-2', 0)]
    """
    D: nx.DiGraph[str] = nx.DiGraph()
    for i in indexes:
        d = model.delegations[i]
        if D.has_edge(d.from_, d.to):
            D.edges[d.from_, d.to]["delegations"].append((d.id, i))
        else:
            D.add_edge(d.from_, d.to, delegations=[(d.id, i)])
    parallel: list[tuple[str, int]]
    for _, _, parallel in D.edges(data="delegations"):
        if len(parallel) > 1:
            parallel.sort()
    return D


def _is_self(d: Delegation) -> bool:
    """A delegation of a party to itself."""
    src: str = d.from_
    return src == d.to


def delegation_layers(ctx: Context, min_links: int = 1) -> dict[str, nx.DiGraph[str]]:
    """Per scope, the layer of its delegations in force on the context's as-of date.

    Only scopes with at least ``min_links`` delegations in force, or with a delegation
    of a party to itself, get a layer (a scope with fewer can have no chain longer, and
    no cycle but a self-delegation).

    Complexity: O(d log d) for d delegations.
    """
    layers = {}
    model = ctx.model
    for scope in ctx.delegation_scopes():
        indexes = ctx.delegations_in_force(scope)
        if len(indexes) >= min_links or any(_is_self(model.delegations[i]) for i in indexes):
            layers[scope] = delegation_layer(model, indexes)
    return layers


def _rotate(cycle: list[str]) -> list[str]:
    i = cycle.index(min(cycle))
    return cycle[i:] + cycle[:i]


def cycles_of(D: nx.DiGraph[str], limit: int = MAX_CYCLES_PER_COMPONENT
              ) -> Iterator[tuple[list[str], bool]]:
    """Every elementary cycle of a delegation layer, each once, as ``(path, True)``.

    A path starts at its least node and does not repeat it at the end; a self-delegation
    is a path of one node. A strongly connected part with more than ``limit`` elementary
    cycles yields once ``(its sorted nodes, False)`` instead of its cycles. Output is in
    sorted order, whatever the order of the input.

    Complexity: O(n + e) to find the strongly connected parts (Tarjan), then Johnson's
    algorithm inside each cyclic part, O((n + e)(c + 1)) for its c <= limit + 1 cycles.

    >>> D = nx.DiGraph([("a", "b"), ("b", "a"), ("b", "c"), ("c", "a"), ("d", "d")])
    >>> list(cycles_of(D))
    [(['a', 'b'], True), (['a', 'b', 'c'], True), (['d'], True)]
    >>> list(cycles_of(D, limit=1))
    [(['a', 'b', 'c'], False), (['d'], True)]
    """
    out: list[tuple[list[str], bool]] = []
    for scc in nx.strongly_connected_components(D):
        if len(scc) == 1:
            (node,) = scc
            if D.has_edge(node, node):
                out.append(([node], True))
            continue
        found = list(itertools.islice(nx.simple_cycles(D.subgraph(scc)), limit + 1))
        if len(found) > limit:
            out.append((sorted(scc), False))
        else:
            out.extend((_rotate(c), True) for c in found)
    yield from sorted(out)


def longest_chain(D: nx.DiGraph[str]) -> list[tuple[str, str]]:
    """The longest chain of a delegation layer that starts at a root, as its links.

    A root is a party that received no delegation of the scope. A cycle on the way counts
    as one stop (its own links are reported by ``delegation-cycle``, not counted here),
    so the chain's links may enter a cycle at one party and leave it at another. Ties
    are broken by the least links, so the chain depends only on the delegations, not on
    their order. Returns ``[]`` when no chain starts at a root.

    Complexity: O(n + e): condensation into strongly connected parts (Tarjan) and a
    longest-path pass in topological order.

    >>> longest_chain(nx.DiGraph([("a", "b"), ("b", "c"), ("a", "x")]))
    [('a', 'b'), ('b', 'c')]
    >>> longest_chain(nx.DiGraph([("r", "a"), ("a", "b"), ("b", "a"), ("b", "c")]))
    [('r', 'a'), ('b', 'c')]
    >>> longest_chain(nx.DiGraph([("a", "b"), ("b", "a")]))
    []
    """
    C = nx.condensation(D)
    part = C.graph["mapping"]
    link: dict[tuple[int, int], tuple[str, str]] = {}
    for u, v in D.edges():
        pu, pv = part[u], part[v]
        if pu != pv and ((pu, pv) not in link or (u, v) < link[(pu, pv)]):
            link[(pu, pv)] = (u, v)
    depth: dict[int, int] = {}
    came_by: dict[int, tuple[str, str]] = {}
    for c in C.nodes:
        (member, *more) = C.nodes[c]["members"]
        if not more and D.in_degree(member) == 0:
            depth[c] = 0
    for c in nx.topological_sort(C):
        if c not in depth:
            continue
        for s in C.successors(c):
            cand, edge = depth[c] + 1, link[(c, s)]
            if cand > depth.get(s, -1) or (cand == depth[s] and edge < came_by[s]):
                depth[s], came_by[s] = cand, edge
    if not depth:
        return []
    end = min(depth, key=lambda c: (-depth[c], min(C.nodes[c]["members"])))
    chain: list[tuple[str, str]] = []
    while end in came_by:
        u, v = came_by[end]
        chain.append((u, v))
        end = part[u]
    chain.reverse()
    return chain


def chain_nodes(links: list[tuple[str, str]]) -> list[str]:
    """The parties along a chain of links, each once in order (a link that does not start
    where the last ended, after a condensed cycle, adds its start).

    >>> chain_nodes([("a", "b"), ("b", "c"), ("d", "e")])
    ['a', 'b', 'c', 'd', 'e']
    """
    nodes = [links[0][0]]
    for u, v in links:
        if u != nodes[-1]:
            nodes.append(u)
        nodes.append(v)
    return nodes


def cyclic_scopes(ctx: Context) -> list[str]:
    """The scopes whose delegations in force have a cycle, sorted.

    Each scope's layer is peeled from the parties that received nothing (Kahn's
    algorithm): a layer that cannot be peeled to nothing has a cycle. Layers are small
    and apart, so this is one pass of plain dictionaries, no graph library. A layer of
    one or two delegations (most) is read directly: it has a cycle when a delegation is
    to its own ``from``, or when the two hand the scope to each other.
    Complexity: O(d) for d delegations in force.

    >>> from datetime import date
    >>> from graphkit.model import validate_model
    >>> from graphkit.semantics import Context
    >>> m = validate_model({"people": [{"id": "a"}, {"id": "b"}],
    ...     "duties": [{"id": "x"}, {"id": "y"}, {"id": "z"}],
    ...     "delegations": [{"id": "1", "from": "a", "to": "b", "scope": "x"},
    ...                     {"id": "2", "from": "b", "to": "a", "scope": "x"},
    ...                     {"id": "3", "from": "b", "to": "a", "scope": "y"},
    ...                     {"id": "4", "from": "a", "to": "a", "scope": "z"}]})
    >>> cyclic_scopes(Context.build(m, date(2026, 1, 1)))
    ['duty:x', 'duty:z']
    """
    delegations = ctx.model.delegations
    found: list[str] = []
    for scope in ctx.delegation_scopes():
        indexes = ctx.delegations_in_force(scope)
        if len(indexes) == 1:  # one delegation: a cycle only if to itself
            if _is_self(delegations[indexes[0]]):
                found.append(scope)
        elif len(indexes) == 2:  # a cycle of one of them, or of both
            one, two = delegations[indexes[0]], delegations[indexes[1]]
            one_from: str = one.from_
            two_from: str = two.from_
            if one_from == one.to or two_from == two.to or (
                    one_from == two.to and one.to == two_from):
                found.append(scope)
        elif indexes and _topological_order(
                {(delegations[i].from_, delegations[i].to) for i in indexes}) is None:
            found.append(scope)
    return sorted(found)


def _topological_order(links: Iterable[tuple[str, str]]
                       ) -> tuple[list[str], dict[str, list[str]]] | None:
    """The parties of a layer in an order where every link goes forward, and each
    party's successors; None when the layer has a cycle (a self-link too).

    Kahn's algorithm: O(n + e).

    >>> _topological_order([("b", "c"), ("a", "b")])
    (['a', 'b', 'c'], {'b': ['c'], 'a': ['b']})
    >>> _topological_order([("a", "b"), ("b", "a")]) is None
    True
    """
    succ: dict[str, list[str]] = {}
    waiting: dict[str, int] = {}  # party -> links into it not yet passed
    for u, v in links:
        if u == v:
            return None
        if u in succ:
            succ[u].append(v)
        else:
            succ[u] = [v]
        waiting[v] = waiting.get(v, 0) + 1
        if u not in waiting:
            waiting[u] = 0
    order = [n for n, k in waiting.items() if k == 0]
    for u in order:
        for v in succ.get(u, ()):
            k = waiting[v] - 1
            waiting[v] = k
            if k == 0:
                order.append(v)
    return (order, succ) if len(order) == len(waiting) else None


def _chain_of_dag(order: list[str], succ: dict[str, list[str]]) -> list[tuple[str, str]]:
    """:func:`longest_chain` of a layer without cycles, given its topological order
    (every party is a part of its own): the same chain, ties broken the same way.

    >>> _chain_of_dag(*_topological_order([("a", "b"), ("b", "c"), ("a", "x")]))
    [('a', 'b'), ('b', 'c')]
    """
    depth: dict[str, int] = {}
    came_by: dict[str, tuple[str, str]] = {}
    for u in order:
        du = depth.setdefault(u, 0)  # the first parties of the order are the roots
        for v in succ.get(u, ()):
            dv = depth.get(v, -1)
            if du + 1 > dv or (du + 1 == dv and (u, v) < came_by[v]):
                depth[v] = du + 1
                came_by[v] = (u, v)
    if not depth:
        return []
    end = min(depth, key=lambda n: (-depth[n], n))
    chain: list[tuple[str, str]] = []
    while end in came_by:
        link = came_by[end]
        chain.append(link)
        end = link[0]
    chain.reverse()
    return chain


def _first_delegations(model: Model, indexes: Iterable[int]
                       ) -> dict[tuple[str, str], tuple[str, int]]:
    """Per link ``(from, to)`` of a layer, the ``(id, index)`` of its first delegation by
    id (the one :func:`delegation_layer` lists first, shown as evidence)."""
    first: dict[tuple[str, str], tuple[str, int]] = {}
    delegations = model.delegations
    for i in indexes:
        d = delegations[i]
        link = (d.from_, d.to)
        known = first.get(link)
        if known is None or (d.id, i) < known:
            first[link] = (d.id, i)
    return first


def find_delegation_cycles(ctx: Context) -> Iterator[Finding]:
    """``delegation-cycle``: delegations of one scope that return to where they began.

    One finding per elementary cycle (subjects: the scope and the parties on the cycle;
    evidence: the closed path with each delegation); cycles through the very same
    parties in another order share one finding, one path each. Only delegations in force on the
    as-of date take part.

    A layer in which each party hands the scope on at most once (most) is a line, whose
    cycles are apart and one per strongly connected part: they are read by following
    it (:func:`~graphkit.queries.reporting.line_cycles`), the same cycles in the same
    order as :func:`cycles_of` finds; other layers go through :func:`cycles_of`.

    Findings come in the runner's order: the cycles of every cyclic scope are found
    first, then sorted on the findings' subjects (the scope sorts among the parties, as a
    finding holds them) and made.

    Complexity: O(d) for d delegations to find the scopes with a cycle
    (:func:`cyclic_scopes`), then O((n + e)(c + 1)) in each cyclic part of their layers,
    c bounded by :data:`MAX_CYCLES_PER_COMPONENT`, plus sorting the findings' subjects.
    """
    check = DELEGATION_CYCLE
    model = ctx.model
    # the cycles of every cyclic scope first, each finding as its subjects (sorted, as a
    # finding holds them: the scope sorts among the parties) and what makes it; then the
    # findings, made in the runner's order of those subjects. No two findings share
    # subjects (the same parties in one scope make one finding; parts are disjoint)
    found_in: list[tuple[list[str], str, dict[tuple[str, str], tuple[str, int]],
                         list[str], list[list[str]] | None]] = []
    for scope in cyclic_scopes(ctx):
        indexes = ctx.delegations_in_force(scope)
        first = _first_delegations(model, indexes)  # per link, the delegation shown
        line = {u: v for u, v in first}  # from -> to: a line if no party has two links
        found: Iterable[tuple[list[str], bool]] = (
            [(cycle, True) for cycle in line_cycles(line)] if len(line) == len(first)
            else cycles_of(delegation_layer(model, indexes)))
        # cycles through the same parties (a -> b -> c -> a, a -> c -> b -> a) have the
        # same subjects: they make one finding, with each cycle as evidence
        same_parties: dict[tuple[str, ...], list[list[str]]] = {}
        whole_parts: list[list[str]] = []
        for nodes, single in found:
            if single:
                same_parties.setdefault(tuple(sorted(nodes)), []).append(nodes)
            else:
                whole_parts.append(nodes)
        for parties, paths in sorted(same_parties.items()):
            found_in.append((sorted({scope, *parties}), scope, first, list(parties), paths))
        for nodes in whole_parts:  # a part with too many cycles: no paths
            found_in.append((sorted({scope, *nodes}), scope, first, nodes, None))
    found_in.sort(key=_subjects_first)
    for subjects, scope, first, nodes, cycles in found_in:
        # subjects: as Finding.make would sort them; evidence: Evidence.trusted's
        if cycles is not None:
            evidence, shown = [], []
            for path in cycles:
                closed = path + [path[0]]
                links = list(itertools.pairwise(closed))
                shown.append(" -> ".join(closed)
                             + f" ({', '.join(first[link][0] for link in links)})")
                evidence.append(Evidence.trusted(f"cycle of {scope}", closed, [
                    ctx.delegation_edge(first[link][1]) for link in links]))
            yield Finding.trusted(
                check.id, check.severity, check.title,
                f"delegations of {scope} go round in a circle: " + "; ".join(shown),
                subjects, check.iso, evidence)
            continue
        among = set(nodes)
        links = sorted(link for link in first if link[0] in among and link[1] in among)
        kept = links[:MAX_EVIDENCE_LINKS]
        label = f"delegations of {scope} among them" + (
            f" (the first {len(kept)} of {len(links)})" if len(kept) < len(links) else "")
        yield Finding.trusted(
            check.id, check.severity, check.title,
            f"delegations of {scope} among {len(nodes)} parties form more "
            f"than {MAX_CYCLES_PER_COMPONENT} cycles: " + ", ".join(nodes),
            subjects, check.iso,
            [Evidence.trusted(label, list(nodes), [
                ctx.delegation_edge(first[link][1]) for link in kept])])


def find_delegation_depth(ctx: Context) -> Iterator[Finding]:
    """``delegation-depth``: per scope, a chain longer than ``max_delegation_depth``.

    One finding per scope whose longest chain (from a party that received no delegation
    of it, see :func:`longest_chain`) has more links than the policy allows; subjects:
    the scope and the parties on that chain; evidence: the chain.

    Only scopes with more delegations in force than the policy allows can have such a
    chain. A layer without a cycle (nearly all) is read by a longest-path pass in
    topological order over plain dictionaries; a layer with a cycle goes through
    :func:`longest_chain` (condensation), which gives the same chain on a layer without.

    Findings come in the runner's order: the chains are found first, then sorted on
    their subjects (the scope among the parties, as a finding holds them) and made.

    Complexity: O(n + e) over all delegation layers, plus sorting the chains found.
    """
    check = DELEGATION_DEPTH
    limit = ctx.policy.max_delegation_depth
    model = ctx.model
    deep: list[tuple[str, list[tuple[str, str]], dict[tuple[str, str], tuple[str, int]]]] = []
    for scope in ctx.delegation_scopes():
        indexes = ctx.delegations_in_force(scope)
        if len(indexes) <= limit:  # a chain has at most as many links as delegations
            continue
        first = _first_delegations(model, indexes)
        layer = _topological_order(first)
        links = (_chain_of_dag(*layer) if layer is not None
                 else longest_chain(delegation_layer(model, indexes)))
        if len(links) > limit:
            deep.append((scope, links, first))
    # in the runner's order: by the finding's subjects, the scope and the parties on its
    # chain sorted together (one finding per scope: no ties)
    chains = []
    for scope, links, first in deep:
        nodes = chain_nodes(links)
        chains.append((sorted({scope, *nodes}), scope, links, first, nodes))
    chains.sort(key=_subjects_first)
    for subjects, scope, links, first, nodes in chains:
        chosen = [first[link] for link in links]
        # subjects: as Finding.make would sort them; evidence: Evidence.trusted's
        yield Finding.trusted(
            check.id, check.severity, check.title,
            f"{scope} is delegated {len(links)} deep (policy allows "
            f"{limit}): " + " -> ".join(nodes) + f" ({', '.join(did for did, _ in chosen)})",
            subjects, check.iso,
            [Evidence.trusted(f"chain of {scope}, {len(links)} links", nodes,
                              [ctx.delegation_edge(i) for _, i in chosen])])


def _named_parties(ctx: Context, scope: str) -> list[tuple[str, str]]:
    """What the scope names as accountable or responsible, as ``(party, relation)``."""
    out = [(p, "accountable" if scope.startswith("duty:") else "owner")
           for p in ctx.accountable_parties(scope)]
    item = ctx.items[scope]
    if isinstance(item, Duty):
        out += [(p, "responsible") for p in item.responsible]
    elif isinstance(item, Asset):
        out += [(p, "custodian") for p in item.custodians]
    return out


def _role_closure(ctx: Context, role: str, memo: dict[str, set[str]]) -> set[str]:
    """``role`` and every role it inherits, transitively (holders of it hold them all)."""
    found = memo.get(role)
    if found is None:
        found = {role}
        queue = [role]
        for r in queue:
            rr = ctx.roles.get(r)
            for parent in rr.inherits if rr is not None else ():
                if parent not in found:
                    found.add(parent)
                    queue.append(parent)
        memo[role] = found
    return found


def _has_scope(ctx: Context, party: str, named: set[str], named_roles: set[str],
               received: set[str], memo: dict[str, set[str]]) -> bool:
    """True when ``party`` has the scope: it is named by it or receives it, or it holds
    (a role: inherits) one of ``named_roles`` (bare role ids)."""
    if party in named or party in received:
        return True
    kind, _, pid = party.partition(":")
    if kind == "role":
        return not _role_closure(ctx, pid, memo).isdisjoint(named_roles)
    held = ctx.held_roles(pid)  # the roles a person holds, as holding() reads them
    if len(held) < len(named_roles):  # a scope handed to many roles: read the person's
        return any(r in named_roles for r in held)
    return any(r in held for r in named_roles)


def find_unfounded_delegations(ctx: Context) -> Iterator[Finding]:
    """``unfounded-delegation``: a delegation in force whose ``from`` does not have the scope.

    ``from`` has the scope when the scope names it as accountable (owner) or responsible
    (custodian, RACI responsible), when it holds a role the scope names or a role that
    receives a delegation of it (primary or deputy, directly or by inheritance; a role
    inheriting such a role counts too), or when it receives a delegation of the scope in
    force (founded or not: the first unfounded link of a chain is the one reported, and
    two parties who hand a scope to each other are ``delegation-cycle``'s). A duty (or asset, or risk) whose
    accountable role or any responsible role has ``delegable: false`` may not be
    delegated at all: every delegation of it in force is unfounded. The findings come by
    delegation id (a stable sort): the runner's order of their subjects
    ``["delegation:<id>"]`` (the check is ``ranked``: the runner does not sort again).

    Complexity: O(d * k) for d delegations in force and k parties named by their scope
    (k is small), plus O(r) per role delegating for its inheritance closure; a person's
    holdings are matched against the roles of the scope from the smaller side, so a
    scope handed to thousands of roles costs no more per delegation than its delegator
    holds roles.
    """
    check = UNFOUNDED_DELEGATION
    memo: dict[str, set[str]] = {}
    found: list[tuple[str, Finding]] = []
    delegations = ctx.model.delegations
    # the parties that make a scope naming them not delegable: roles with delegable false
    # (Context.is_delegable reads the same parties)
    undelegable = {f"role:{r.id}" for r in ctx.model.roles if not r.delegable}
    items = ctx.items
    for scope in ctx.delegation_scopes():
        indexes = ctx.delegations_in_force(scope)
        if not indexes or scope not in items:
            continue
        parties = _named_parties(ctx, scope)
        named = {p for p, _ in parties}
        received: set[str] = {delegations[i].to for i in indexes}
        named_roles = {p.partition(":")[2] for p in named | received if p.startswith("role:")}
        locked = [(p, rel) for p, rel in parties if p in undelegable]
        # what a finding of this scope says about the scope itself, made once per scope
        # on first need and shared (evidence is immutable)
        lock_ev: list[Evidence] | None = None
        named_ev: list[Evidence] | None = None
        for i in indexes:
            d = delegations[i]
            founded = _has_scope(ctx, d.from_, named, named_roles, received, memo)
            if founded and not locked:
                continue
            reasons: list[str] = []
            evidence = [ctx.delegation_evidence(i)]  # d.scope is scope
            if locked:
                if lock_ev is None:
                    lock_ev = [Evidence.trusted(f"{p} is {rel} of {scope}, delegable: false",
                                                [p, scope], [ctx.item_edge(p, scope, rel)])
                               for p, rel in locked]
                reasons.append(f"{scope} may not be delegated ("
                               + ", ".join(f"{p} is not delegable" for p, _ in locked) + ")")
                evidence += lock_ev
            if not founded:
                if named_ev is None:
                    named_ev = [Evidence.trusted(f"{p} is {rel} of {scope}", [p, scope],
                                                 [ctx.item_edge(p, scope, rel)])
                                for p, rel in parties]
                who = ", ".join(p for p, _ in parties) or "nobody"
                reasons.append(f"{d.from_} is neither accountable nor responsible for "
                               f"{scope} (it names {who})")
                evidence += named_ev
            found.append((d.id, Finding.trusted(
                check.id, check.severity, check.title,
                f"delegation {d.id} of {scope} from {d.from_} to {d.to}: "
                + "; ".join(reasons), [f"delegation:{d.id}"], check.iso, evidence)))
    for _, finding in sorted(found, key=lambda e: e[0]):
        yield finding


def find_lapsed_delegations(ctx: Context) -> Iterator[Finding]:
    """``lapsed-delegation``: expired on the as-of date, or to/from someone absent or gone.

    One finding per delegation (subject ``delegation:<id>``), naming every reason. A
    delegation not yet started is not lapsed. An expired delegation is reported as
    expired; one in force is lapsed when a person at either end is absent or a leaver.
    The findings come by delegation id (a stable sort): the runner's order of their
    subjects (the check is ``ranked``: the runner does not sort again).

    Complexity: O(d) for d delegations (plus sorting the findings).
    """
    check = LAPSED_DELEGATION
    as_of = ctx.as_of
    # the parties who cannot act: people absent or gone, as "person:<id>"
    away = {f"person:{p.id}": p.status for p in ctx.model.people
            if p.status is not Status.active}
    lapsed: list[tuple[str, int, list[str]]] = []
    for i, d in enumerate(ctx.model.delegations):
        if d.until is not None and d.until < as_of:
            lapsed.append((d.id, i, [f"expired on {d.until.isoformat()}"]))
        elif (d.from_ in away or d.to in away) and d.is_valid_on(as_of):
            ends: tuple[tuple[str, str], ...] = (("from", d.from_), ("to", d.to))
            lapsed.append((d.id, i, [
                f"{end} {party}, who is "
                + ("absent" if away[party] is Status.absent else "a leaver")
                for end, party in ends if party in away]))
    lapsed.sort(key=lambda e: e[0])
    delegations = ctx.model.delegations
    for _, i, reasons in lapsed:
        d = delegations[i]
        yield Finding.trusted(
            check.id, check.severity, check.title,
            f"delegation {d.id} of {d.scope} from {d.from_} to {d.to}: " + "; ".join(reasons),
            [f"delegation:{d.id}"], check.iso, [ctx.delegation_evidence(i)])


DELEGATION_CYCLE = Check(
    id="delegation-cycle",
    title="Delegation cycle",
    severity=Severity.high,
    iso=("A.5.2",),
    remediation="Break the cycle: withdraw the delegation that hands the scope back to "
                "someone already up the chain.",
    family="delegation",
    find=find_delegation_cycles,
    in_order=True,
    description="Delegations of one scope that return to where they began; one cycle path "
                "each.",
)

DELEGATION_DEPTH = Check(
    id="delegation-depth",
    title="Delegation chain too deep",
    severity=Severity.low,
    iso=("A.5.2",),
    remediation="Shorten the chain: delegate directly from the accountable party to the "
                "person who acts, or raise max_delegation_depth in the policy on purpose.",
    family="delegation",
    find=find_delegation_depth,
    in_order=True,
    description="Chains of delegations of one scope longer than max_delegation_depth.",
)

UNFOUNDED_DELEGATION = Check(
    id="unfounded-delegation",
    title="Unfounded delegation",
    severity=Severity.medium,
    iso=("A.5.2",),
    remediation="Withdraw the delegation, or have it made by someone accountable or "
                "responsible for the scope (and only for a delegable scope).",
    family="delegation",
    find=find_unfounded_delegations,
    ranked=True,  # by id: the runner's order of subjects ["delegation:<id>"]
    description="A delegation whose 'from' is neither accountable nor responsible for the "
                "scope, or of a scope that may not be delegated.",
)

LAPSED_DELEGATION = Check(
    id="lapsed-delegation",
    title="Lapsed delegation",
    severity=Severity.medium,
    iso=("A.5.2", "A.6.5"),
    remediation="Remove or renew the delegation, and hand the work to someone present.",
    family="delegation",
    find=find_lapsed_delegations,
    ranked=True,  # by id: the runner's order of subjects ["delegation:<id>"]
    description="A delegation that has expired, or whose delegator or delegate is absent or "
                "has left.",
)
