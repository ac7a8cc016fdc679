"""The role, delegation, SoD, risk and reporting checks as they were first written: the reference.

The checks in ``graphkit.queries`` were rewritten for speed (cheap tests first, evidence
only for findings, no repeated scans, no graph library for acyclic delegation layers).
These are the straightforward versions they replaced, kept verbatim apart from their
imports (the helpers they import -- ``cycles_of``, ``longest_chain``,
``delegation_layer``, ``chain_nodes``, ``line_cycles`` -- were not rewritten;
``competency_gaps`` was, and its first text is kept here), so that ``test_fast_readings.py`` can compare every finding, whole
(message, evidence with sources, order), on random models. Never change them to make a
test pass.
"""

# ruff: noqa
from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from typing import Any, Literal

import networkx as nx

from graphkit.findings import Edge, Evidence, Finding, Severity
from graphkit.model import Asset, Criticality, Duty, Model, Status, Treatment, node_id
from graphkit.queries.delegation import (
    DELEGATION_CYCLE,
    DELEGATION_DEPTH,
    LAPSED_DELEGATION,
    MAX_CYCLES_PER_COMPONENT,
    MAX_EVIDENCE_LINKS,
    UNFOUNDED_DELEGATION,
    _is_self,
    chain_nodes,
    cycles_of,
    delegation_layer,
    delegation_layers,
    longest_chain,
)
from graphkit.queries.reporting import REPORTING_LINE, LineProblem, _TITLES, line_cycles
from graphkit.queries.risk import ACCEPTANCE_AUTHORITY
from graphkit.queries.sod import SOD_CONFLICT
from graphkit.queries.roles import (
    COMPETENCE_GAP,
    LEAVER_HOLDS,
    NOT_ACKNOWLEDGED,
    VACANT_ROLE,
)
from graphkit.semantics import Context


def competency_gaps(person: Any, required: Iterable[str], as_of: date) -> list[str]:
    """``graphkit.queries.roles.competency_gaps`` as first written."""
    valid: set[str] = set()
    expired: dict[str, date] = {}
    for c in person.competencies:
        if c.expires is None or c.expires >= as_of:
            valid.add(c.id)
        elif c.id not in expired or c.expires > expired[c.id]:
            expired[c.id] = c.expires
    gaps = []
    for need in required:
        if need in valid:
            continue
        when = expired.get(need)
        gaps.append(need if when is None else f"{need} (expired {when.isoformat()})")
    return gaps

# --- queries/roles.py ---

def find_vacant_role(ctx: Context) -> Iterator[Finding]:
    """Roles with fewer holders who can act than ``min_holders`` (default 1, and 2 for a
    critical role). Holders count primary and deputy, direct and inherited; absent
    people hold but cannot act; leavers hold nothing. High for a critical role, else
    medium.

    Complexity: O(roles + holdings).
    """
    for role in ctx.model.roles:
        need = role.effective_min_holders
        acting = ctx.acting_holders(role.id)
        if len(acting) >= need:
            continue
        absent = sorted(p for p in ctx.holders(role.id) if p not in acting)
        msg = f"role:{role.id} has {len(acting)} holder(s) who can act, needs {need}"
        if absent:
            msg += f" ({', '.join(absent)} absent)"
        ev = [ctx.holding_evidence(h) for h in ctx.holders(role.id).values()]
        if not ev:
            ev = [Evidence(label=f"nobody holds {role.id} on {ctx.as_of}",
                           nodes=[node_id("role", role.id)])]
        yield Finding.make(VACANT_ROLE.id, Severity.high if role.critical else Severity.medium,
                           title=VACANT_ROLE.title, message=msg,
                           subjects=[node_id("role", role.id)], iso=VACANT_ROLE.iso,
                           evidence=ev)


def find_competence_gap(ctx: Context) -> Iterator[Finding]:
    """Holders lacking a competency their role requires, or holding only an expired one
    (holders primary and deputy, direct and inherited, absent ones too); and recipients
    of a delegation in force of a duty lacking one of the duty's ``requires``. A role's
    ``requires`` binds only its holders. High for a critical role (for a delegate: a
    high or critical duty), else medium.

    Complexity: O(holdings x requires + delegations x recipients x requires).
    """
    for h in ctx.holdings():
        role = ctx.roles[h.role]
        if not role.requires:
            continue
        gaps = competency_gaps(ctx.people[h.person], role.requires, ctx.as_of)
        if gaps:
            yield Finding.make(
                COMPETENCE_GAP.id, Severity.high if role.critical else Severity.medium,
                title=COMPETENCE_GAP.title,
                message=f"person:{h.person} holds role:{h.role} without {', '.join(gaps)}",
                subjects=[node_id("person", h.person), node_id("role", h.role)],
                iso=COMPETENCE_GAP.iso, evidence=[ctx.holding_evidence(h)])
    delegates: dict[tuple[str, str], tuple[list[str], list[Evidence]]] = {}
    for ref, item in ctx.items.items():
        if not isinstance(item, Duty) or not item.requires:
            continue
        for i in ctx.delegations_in_force(ref):
            d = ctx.delegation_of(i)
            for r in ctx.party_routes(d.to, ref, "delegation", i):
                gaps = competency_gaps(ctx.people[r.person], item.requires, ctx.as_of)
                if gaps:
                    entry = delegates.setdefault((r.person, ref), (gaps, []))
                    entry[1].append(ctx.route_evidence(
                        r, f"{r.person} receives {ref} by delegation {d.id}"))
    for (person, ref), (gaps, ev) in delegates.items():
        level = ctx.items[ref].criticality  # type: ignore[union-attr]
        yield Finding.make(
            COMPETENCE_GAP.id,
            Severity.high if level.rank >= Criticality.high.rank else Severity.medium,
            title=COMPETENCE_GAP.title,
            message=f"person:{person} is delegated {ref} without {', '.join(gaps)}",
            subjects=[node_id("person", person), ref], iso=COMPETENCE_GAP.iso, evidence=ev)



def find_not_acknowledged(ctx: Context) -> Iterator[Finding]:
    """Roles with no description, and holders (primary and deputy, direct and inherited)
    who have not acknowledged the current ``version`` of their role's description (a
    role with no version: any acknowledgement of it counts).

    Complexity: O(roles + holdings + acknowledgements).
    """
    acked: dict[str, dict[str, int]] = {}
    for p in ctx.model.people:
        for a in p.acknowledged:
            mine = acked.setdefault(p.id, {})
            mine[a.role] = max(mine.get(a.role, 0), a.version)
    for role in ctx.model.roles:
        if not (role.description or "").strip():
            yield Finding.make(
                NOT_ACKNOWLEDGED.id, NOT_ACKNOWLEDGED.severity, title=NOT_ACKNOWLEDGED.title,
                message=f"role:{role.id} has no description to communicate",
                subjects=[node_id("role", role.id)], iso=NOT_ACKNOWLEDGED.iso,
                evidence=[Evidence(label=f"{role.id} has no description",
                                   nodes=[node_id("role", role.id)])])
            continue
        need = role.version or 1
        for person, h in ctx.holders(role.id).items():
            have = acked.get(person, {}).get(role.id, 0)
            if have >= need:
                continue
            said = f"version {have}" if have else "no version"
            yield Finding.make(
                NOT_ACKNOWLEDGED.id, NOT_ACKNOWLEDGED.severity, title=NOT_ACKNOWLEDGED.title,
                message=f"person:{person} holds role:{role.id} and acknowledged {said} of "
                        f"its description ("
                        + (f"current: {need})" if role.version else
                           "it has no version: any acknowledgement counts)"),
                subjects=[node_id("person", person), node_id("role", role.id)],
                iso=NOT_ACKNOWLEDGED.iso, evidence=[ctx.holding_evidence(h)])



def find_leaver_holds(ctx: Context) -> Iterator[Finding]:
    """Leavers still assigned a role (an assignment not ended on the as-of date), named
    owner, accountable, custodian or responsible of an item, or party (from or to) to a
    delegation not ended on the as-of date. One finding per leaver and role or item.

    Complexity: O(assignments + item parties + delegations).
    """
    leavers = {p.id for p in ctx.model.people if p.status is Status.leaver}
    if not leavers:
        return
    found: dict[tuple[str, str], tuple[list[str], list[Evidence]]] = {}

    def add(person: str, subject: str, why: str, edge: Edge) -> None:
        whys, ev = found.setdefault((person, subject), ([], []))
        whys.append(why)
        ev.append(Evidence(label=f"leaver {person} {why}", nodes=[edge.u, edge.v],
                           edges=[edge]))

    def not_ended(until: date | None) -> bool:
        return until is None or until >= ctx.as_of

    for i, a in enumerate(ctx.model.assignments):
        if a.person in leavers and not_ended(a.until):
            edge = Edge(u=node_id("person", a.person), v=node_id("role", a.role), kind="holds",
                        key="holds", source=ctx.source("assignments", i))
            add(a.person, node_id("role", a.role),
                f"is still assigned {'deputy of ' if a.deputy else ''}role:{a.role}", edge)
    for ref, item in ctx.items.items():
        named: list[tuple[str, str]] = [(p, "accountable" if isinstance(item, Duty) else "owner")
                                        for p in ctx.accountable_parties(ref)]
        if isinstance(item, Duty):
            named += [(p, "responsible") for p in item.responsible]
        elif hasattr(item, "custodians"):
            named += [(p, "custodian") for p in item.custodians]
        for party, relation in named:
            kind, _, pid = party.partition(":")
            if kind == "person" and pid in leavers:
                add(pid, ref, f"is named {relation} of {ref}", ctx.item_edge(party, ref, relation))
    for i, d in enumerate(ctx.model.delegations):
        if not not_ended(d.until):
            continue
        for role_in, party in (("delegates", d.from_), ("receives", d.to)):
            kind, _, pid = party.partition(":")
            if kind == "person" and pid in leavers:
                add(pid, d.scope, f"{role_in} {d.scope} by delegation {d.id}",
                    ctx.delegation_edge(i))
    for (person, subject), (whys, ev) in found.items():
        yield Finding.make(
            LEAVER_HOLDS.id, LEAVER_HOLDS.severity, title=LEAVER_HOLDS.title,
            message=f"leaver person:{person} " + "; ".join(dict.fromkeys(whys)),
            subjects=[node_id("person", person), subject], iso=LEAVER_HOLDS.iso, evidence=ev)


# --- queries/delegation.py ---

def _evidence_edges(ctx: Context, D: nx.DiGraph[str], links: list[tuple[str, str]]) -> list[Edge]:
    return [ctx.delegation_edge(D.edges[u, v]["delegations"][0][1]) for u, v in links]


def _ids(D: nx.DiGraph[str], links: list[tuple[str, str]]) -> str:
    return ", ".join(D.edges[u, v]["delegations"][0][0] for u, v in links)


def cyclic_scopes(ctx: Context) -> list[str]:
    """The scopes whose delegations in force have a cycle, sorted.

    One pass of Tarjan's algorithm over every scope's layer at once (the nodes are
    ``(scope, party)`` pairs, so layers stay apart), instead of one graph per scope.
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
    found: set[str] = set()
    links: list[tuple[tuple[str, str], tuple[str, str]]] = []
    for scope in ctx.delegation_scopes():
        indexes = ctx.delegations_in_force(scope)
        if len(indexes) == 1:  # one delegation: a cycle only if to itself
            if _is_self(ctx.model.delegations[indexes[0]]):
                found.add(scope)
            continue
        for i in indexes:
            d = ctx.model.delegations[i]
            if _is_self(d):
                found.add(scope)
            links.append(((scope, d.from_), (scope, d.to)))
    G: nx.DiGraph[tuple[str, str]] = nx.DiGraph()
    G.add_edges_from(links)
    for part in nx.strongly_connected_components(G):
        if len(part) > 1:
            found.add(next(iter(part))[0])
    return sorted(found)


def find_delegation_cycles(ctx: Context) -> Iterator[Finding]:
    """``delegation-cycle``: delegations of one scope that return to where they began.

    One finding per elementary cycle (subjects: the scope and the parties on the cycle;
    evidence: the closed path with each delegation); cycles through the very same
    parties in another order share one finding, one path each. Only delegations in force on the
    as-of date take part.

    Complexity: O(d) for d delegations to find the scopes with a cycle
    (:func:`cyclic_scopes`), then O((n + e)(c + 1)) in each cyclic part of their layers,
    c bounded by :data:`MAX_CYCLES_PER_COMPONENT`.
    """
    check = DELEGATION_CYCLE
    for scope in cyclic_scopes(ctx):
        D = delegation_layer(ctx.model, ctx.delegations_in_force(scope))
        # cycles through the same parties (a -> b -> c -> a, a -> c -> b -> a) have the
        # same subjects: they make one finding, with each cycle as evidence
        same_parties: dict[tuple[str, ...], list[list[str]]] = {}
        whole_parts: list[list[str]] = []
        for nodes, single in cycles_of(D):
            if single:
                same_parties.setdefault(tuple(sorted(nodes)), []).append(nodes)
            else:
                whole_parts.append(nodes)
        for parties, paths in sorted(same_parties.items()):
            evidence, shown = [], []
            for nodes in paths:
                closed = nodes + [nodes[0]]
                links = list(itertools.pairwise(closed))
                shown.append(" -> ".join(closed) + f" ({_ids(D, links)})")
                evidence.append(Evidence(label=f"cycle of {scope}", nodes=closed,
                                         edges=_evidence_edges(ctx, D, links)))
            yield Finding.make(
                check.id, check.severity, title=check.title,
                message=f"delegations of {scope} go round in a circle: " + "; ".join(shown),
                subjects=[scope, *parties], iso=check.iso, evidence=evidence)
        for nodes in whole_parts:
            links = sorted(D.subgraph(nodes).edges())
            kept = links[:MAX_EVIDENCE_LINKS]
            label = f"delegations of {scope} among them" + (
                f" (the first {len(kept)} of {len(links)})" if len(kept) < len(links) else "")
            yield Finding.make(
                check.id, check.severity, title=check.title,
                message=f"delegations of {scope} among {len(nodes)} parties form more "
                        f"than {MAX_CYCLES_PER_COMPONENT} cycles: " + ", ".join(nodes),
                subjects=[scope, *nodes], iso=check.iso,
                evidence=[Evidence(label=label, nodes=nodes,
                                   edges=_evidence_edges(ctx, D, kept))])


def find_delegation_depth(ctx: Context) -> Iterator[Finding]:
    """``delegation-depth``: per scope, a chain longer than ``max_delegation_depth``.

    One finding per scope whose longest chain (from a party that received no delegation
    of it, see :func:`longest_chain`) has more links than the policy allows; subjects:
    the scope and the parties on that chain; evidence: the chain.

    Complexity: O(n + e) over all delegation layers.
    """
    check = DELEGATION_DEPTH
    limit = ctx.policy.max_delegation_depth
    for scope, D in sorted(delegation_layers(ctx, min_links=limit + 1).items()):
        links = longest_chain(D)
        if len(links) <= limit:
            continue
        nodes = chain_nodes(links)
        yield Finding.make(
            check.id, check.severity, title=check.title,
            message=f"{scope} is delegated {len(links)} deep (policy allows "
                    f"{limit}): " + " -> ".join(nodes) + f" ({_ids(D, links)})",
            subjects=[scope, *nodes], iso=check.iso,
            evidence=[Evidence(label=f"chain of {scope}, {len(links)} links", nodes=nodes,
                               edges=_evidence_edges(ctx, D, links))])


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


def _has_scope(ctx: Context, party: str, named: set[str], named_roles: list[str],
               received: set[str], memo: dict[str, set[str]]) -> bool:
    if party in named or party in received:
        return True
    kind, _, pid = party.partition(":")
    if kind == "role":
        return bool(_role_closure(ctx, pid, memo) & {r.partition(":")[2] for r in named_roles})
    return any(ctx.holding(pid, r.partition(":")[2]) is not None for r in named_roles)


def find_unfounded_delegations(ctx: Context) -> Iterator[Finding]:
    """``unfounded-delegation``: a delegation in force whose ``from`` does not have the scope.

    ``from`` has the scope when the scope names it as accountable (owner) or responsible
    (custodian, RACI responsible), when it holds a role the scope names or a role that
    receives a delegation of it (primary or deputy, directly or by inheritance; a role
    inheriting such a role counts too), or when it receives a delegation of the scope in
    force (founded or not: the first unfounded link of a chain is the one reported, and
    two parties who hand a scope to each other are ``delegation-cycle``'s). A duty (or asset, or risk) whose
    accountable role or any responsible role has ``delegable: false`` may not be
    delegated at all: every delegation of it in force is unfounded.

    Complexity: O(d * k) for d delegations in force and k parties named by their scope
    (k is small), plus O(r) per role delegating for its inheritance closure.
    """
    check = UNFOUNDED_DELEGATION
    memo: dict[str, set[str]] = {}
    found: list[tuple[str, Finding]] = []
    for scope in ctx.delegation_scopes():
        indexes = ctx.delegations_in_force(scope)
        if not indexes or scope not in ctx.items:
            continue
        parties = _named_parties(ctx, scope)
        named = {p for p, _ in parties}
        received: set[str] = {ctx.model.delegations[i].to for i in indexes}
        named_roles = sorted(p for p in named | received if p.startswith("role:"))
        locked = [] if ctx.is_delegable(scope) else [
            (p, rel) for p, rel in parties if p.startswith("role:")
            and not ctx.roles[p.partition(":")[2]].delegable]
        for i in indexes:
            d = ctx.model.delegations[i]
            reasons: list[str] = []
            evidence = [Evidence(label=f"delegation {d.id}", nodes=[d.from_, d.to, scope],
                                 edges=[ctx.delegation_edge(i)])]
            if locked:
                reasons.append(f"{scope} may not be delegated ("
                               + ", ".join(f"{p} is not delegable" for p, _ in locked) + ")")
                evidence += [Evidence(label=f"{p} is {rel} of {scope}, delegable: false",
                                      nodes=[p, scope], edges=[ctx.item_edge(p, scope, rel)])
                             for p, rel in locked]
            if not _has_scope(ctx, d.from_, named, named_roles, received, memo):
                who = ", ".join(p for p, _ in parties) or "nobody"
                reasons.append(f"{d.from_} is neither accountable nor responsible for "
                               f"{scope} (it names {who})")
                evidence += [Evidence(label=f"{p} is {rel} of {scope}", nodes=[p, scope],
                                      edges=[ctx.item_edge(p, scope, rel)])
                             for p, rel in parties]
            if reasons:
                found.append((d.id, Finding.make(
                    check.id, check.severity, title=check.title,
                    message=f"delegation {d.id} of {scope} from {d.from_} to {d.to}: "
                            + "; ".join(reasons),
                    subjects=[f"delegation:{d.id}"], iso=check.iso, evidence=evidence)))
    for _, finding in sorted(found, key=lambda e: e[0]):
        yield finding


def find_lapsed_delegations(ctx: Context) -> Iterator[Finding]:
    """``lapsed-delegation``: expired on the as-of date, or to/from someone absent or gone.

    One finding per delegation (subject ``delegation:<id>``), naming every reason. A
    delegation not yet started is not lapsed. An expired delegation is reported as
    expired; one in force is lapsed when a person at either end is absent or a leaver.

    Complexity: O(d) for d delegations (plus sorting the findings).
    """
    check = LAPSED_DELEGATION
    model, as_of = ctx.model, ctx.as_of
    for i, d in sorted(enumerate(model.delegations), key=lambda e: e[1].id):
        reasons = []
        if d.until is not None and d.until < as_of:
            reasons.append(f"expired on {d.until.isoformat()}")
        elif d.is_valid_on(as_of):
            ends: tuple[tuple[str, str], ...] = (("from", d.from_), ("to", d.to))
            for end, party in ends:
                kind, _, pid = party.partition(":")
                person = ctx.people.get(pid) if kind == "person" else None
                if person is not None and person.status is not Status.active:
                    reasons.append(f"{end} {party}, who is "
                                   + ("absent" if person.status is Status.absent
                                      else "a leaver"))
        if not reasons:
            continue
        yield Finding.make(
            check.id, check.severity, title=check.title,
            message=f"delegation {d.id} of {d.scope} from {d.from_} to {d.to}: "
                    + "; ".join(reasons),
            subjects=[f"delegation:{d.id}"], iso=check.iso,
            evidence=[Evidence(label=f"delegation {d.id}", nodes=[d.from_, d.to, d.scope],
                               edges=[ctx.delegation_edge(i)])])


# --- queries/risk.py ---

def find_acceptance_authority(ctx: Context) -> Iterator[Finding]:
    """``acceptance-authority``: an accepted risk with no acceptor, or one without authority.

    One finding per risk; subjects: the risk, and the acceptor when there is one;
    evidence: the acceptance edge and the holding that gives the acceptor their
    authority (if any).

    Complexity: O(r + h) for r risks and the roles h their acceptors hold.
    """
    check = ACCEPTANCE_AUTHORITY
    for i, risk in sorted(enumerate(ctx.model.risks), key=lambda e: e[1].id):
        if risk.treatment is not Treatment.accept or not risk.owner:
            continue
        ref = node_id("risk", risk.id)
        needed = ctx.policy.acceptance_authority[risk.level]
        if risk.accepted_by is None:
            yield Finding.make(
                check.id, check.severity, title=check.title,
                message=f"{ref} ({risk.level.value}) is treated by acceptance but nobody "
                        f"accepted it (needs authority {needed})",
                subjects=[ref], iso=check.iso,
                evidence=[Evidence(label=f"{ref} has no accepted_by", nodes=[ref])])
            continue
        person = risk.accepted_by
        authority = ctx.authority(person)
        if authority >= needed:
            continue
        who = node_id("person", person)
        evidence = [Evidence(
            label=f"{person} accepted {ref}", nodes=[who, ref],
            edges=[Edge(u=who, v=ref, kind="accepted", key="accepted",
                        source=ctx.source("risks", i))])]
        held = ctx.held_roles(person)
        if held:
            best = max(held.values(),
                       key=lambda h: (ctx.roles[h.role].authority or 0, -len(h.via)))
            evidence.append(ctx.holding_evidence(
                best, label=f"{person}'s authority {authority} comes from {best.role}"))
        yield Finding.make(
            check.id, check.severity, title=check.title,
            message=f"{ref} ({risk.level.value}) was accepted by {person}, whose authority "
                    f"{authority} is below the {needed} the policy requires",
            subjects=[ref, who], iso=check.iso, evidence=evidence)


# --- queries/reporting.py ---

def _line(model: Model, kind: Literal["person", "role"]
          ) -> tuple[dict[str, str], dict[str, int], set[str], set[str]]:
    """The line of one kind as node ids: who reports to whom, the index in the model of
    each edge's node (to say where it was read), the nodes that exist, and the leavers."""
    line: dict[str, str] = {}
    sources: dict[str, int] = {}
    leavers: set[str] = set()
    if kind == "person":
        known = {node_id("person", p.id) for p in model.people}
        for i, p in enumerate(model.people):
            u = node_id("person", p.id)
            if p.status is Status.leaver:
                leavers.add(u)
            elif p.reports_to is not None:
                line[u] = node_id("person", p.reports_to)
                sources[u] = i
    else:
        known = {node_id("role", r.id) for r in model.roles}
        for i, r in enumerate(model.roles):
            if r.reports_to is not None:
                u = node_id("role", r.id)
                line[u] = node_id("role", r.reports_to)
                sources[u] = i
    return line, sources, known, leavers


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
    line, sources, known, leavers = _line(model, kind)

    def edge(u: str) -> Edge:
        section = "people" if kind == "person" else "roles"
        return Edge(u=u, v=line[u], kind="reports_to", key="reports_to",
                    source=model.source_of(section, sources[u]))

    if not line:
        return  # no line recorded at all (a post-based organogram has no people's line)
    if kind == "person":
        members = sorted(known - leavers)
    else:
        members = sorted(set(line) | (set(line.values()) & known))

    cycles = line_cycles(line)
    for path in sorted(cycles):
        closed = path + [path[0]]
        yield LineProblem(
            "cycle", sorted(path),
            [Evidence(label="reporting cycle", nodes=closed, edges=[edge(u) for u in path])],
            "reporting line goes round in a circle: " + " -> ".join(closed))

    tops = [n for n in members if n not in line]
    if len(tops) > 1:
        yield LineProblem(
            "tops", tops,
            [Evidence(label=f"top: {t}", nodes=[t]) for t in tops],
            f"{len(tops)} tops (nobody above them): " + ", ".join(tops))

    what = "manager" if kind == "person" else "post"
    for u in sorted(line):
        v = line[u]
        if v not in known:
            yield LineProblem(
                "unknown", sorted([u, v]),
                [Evidence(label=f"unknown {what}", nodes=[u, v], edges=[edge(u)])],
                f"{u} reports to {v}, which is not in the model")
        elif v in leavers:
            yield LineProblem(
                "leaver", sorted([u, v]),
                [Evidence(label="manager is a leaver", nodes=[u, v], edges=[edge(u)])],
                f"{u} reports to {v}, who has left")


def find_reporting_line(ctx: Context) -> Iterator[Finding]:
    """Findings of ``reporting-line`` for people's and posts' lines.

    Complexity: O(n + e) in the ``reports_to`` layer (plus sorting).
    """
    kinds: tuple[Literal["person", "role"], ...] = ("person", "role")
    for kind in kinds:
        for p in reporting_line_problems(ctx.model, kind):
            yield Finding.make(
                REPORTING_LINE.id, REPORTING_LINE.severity, title=_TITLES[(kind, p.problem)],
                message=p.message, subjects=p.subjects, iso=REPORTING_LINE.iso,
                evidence=p.evidence)



# --- queries/sod.py ---

def member_routes(ctx: Context, member: str) -> dict[str, Evidence]:
    """Who holds one SoD member on the as-of date, each with the route that proves it.

    Complexity: O(h) for h holders of the role, or routes to the duty.

    >>> from datetime import date
    >>> from graphkit.model import validate_model
    >>> from graphkit.semantics import Context
    >>> m = validate_model({"people": [{"id": "a"}, {"id": "b"}], "roles": [{"id": "r"}],
    ...     "assignments": [{"person": "a", "role": "r", "deputy": True}],
    ...     "duties": [{"id": "d"}],
    ...     "delegations": [{"id": "D-1", "from": "a", "to": "b", "scope": "d"}]})
    >>> ctx = Context.build(m, date(2026, 1, 1))
    >>> {p: e.label for p, e in member_routes(ctx, "role:r").items()}
    {'a': 'a is deputy of r'}
    >>> {p: e.label for p, e in member_routes(ctx, "duty:d").items()}
    {'b': 'b on duty:d by delegation D-1'}
    """
    kind, _, mid = member.partition(":")
    out: dict[str, Evidence] = {}
    if kind == "role":
        for person, h in ctx.holders(mid).items():
            out[person] = ctx.holding_evidence(h)
    elif member in ctx.items:
        for route in ctx.responsible_routes(member):
            if route.person not in out:
                out[route.person] = ctx.route_evidence(route)
    return out


def find_sod_conflicts(ctx: Context) -> Iterator[Finding]:
    """``sod-conflict``: a person who holds more than ``max`` members of an SoD rule.

    One finding per person and set of members held beyond a rule's ``max`` (two rules
    broken by the same members share it); subjects: the person and the members they
    hold; evidence: one route per member held.

    Complexity: O(sum over distinct members of their holders or routes, plus the sum over
    rules and members of the member's holders).
    """
    check = SOD_CONFLICT
    # (person, members held) -> the rules broken and one route per member; two rules
    # broken by the same members make one finding (they have the same subjects)
    conflicts: dict[tuple[str, tuple[str, ...]], tuple[list[str], list[Evidence]]] = {}
    routes: dict[str, dict[str, Evidence]] = {}
    for rule in sorted(ctx.policy.sod, key=lambda r: r.id):
        held: dict[str, list[str]] = {}
        for member in dict.fromkeys(rule.members):
            if member not in routes:
                routes[member] = member_routes(ctx, member)
            for person in routes[member]:
                held.setdefault(person, []).append(member)
        for person, members in held.items():
            if len(members) <= rule.max:
                continue
            label = (f"{rule.id} ({rule.name})" if rule.name else rule.id) \
                + f", at most {rule.max} allowed"
            key = (person, tuple(members))
            if key in conflicts:
                conflicts[key][0].append(label)
            else:
                conflicts[key] = ([label], [routes[m][person] for m in members])
    for (person, held_members), (rules, evidence) in sorted(conflicts.items()):
        yield Finding.make(
            check.id, check.severity, title=check.title,
            message=f"{person} holds {len(held_members)} members of "
                    + " and of ".join(rules) + ": " + ", ".join(held_members),
            subjects=[f"person:{person}", *held_members], iso=check.iso, evidence=evidence)
