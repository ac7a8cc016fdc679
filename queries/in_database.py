"""Checks that run as Cypher inside the database, where the graph lives.

Each check with a Cypher form is a file under ``queries/cypher/`` (``check_<id>.cypher``)
that takes ``$org`` and ``$as_of`` (an ISO date) and returns the subjects it finds; this
module turns the rows into the same :class:`~graphkit.findings.Finding` objects the
in-memory engine makes (same check id, severity and subjects, so the same fingerprint).
The messages are shorter and the evidence names only the subjects: for the full proof,
pull the model (:func:`graphkit.loaders.neo4j.pull`) and run the check in memory.

The driver is passed in; nothing here imports ``neo4j``.

Cypher forms: ``orphan-item``, ``multiple-accountable``, ``delegation-cycle``,
``delegation-depth``, ``unfounded-delegation``, ``lapsed-delegation``, ``vacant-role``,
``sod-conflict``, ``acceptance-authority``, ``authority-gap``, ``leaver-holds``,
``reporting-line`` and ``overload``; the thresholds and SoD rules come from the policy
stored with the organisation. Their readings follow the in-memory checks exactly. Three
leave their last step to Python, over rows the database has already narrowed down:
``delegation-cycle`` (the database finds the links that lie on a cycle of their scope, a
way back of at most 12 links; :func:`~graphkit.queries.delegation.cycles_of` lists the
cycles, grouping a part with more than 50 of them as one finding), ``delegation-depth``
(the database returns the links in force of scopes with more than
``max_delegation_depth`` of them; :func:`~graphkit.queries.delegation.longest_chain`
condenses cycles and breaks ties) and ``sod-conflict`` (the database finds who holds
each member; the rules' ``max`` is applied here).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from typing import TYPE_CHECKING, Any

import networkx as nx

from graphkit.errors import UsageError
from graphkit.findings import Evidence, Finding, Report, Severity
from graphkit.model import Policy

from .cypherfiles import cypher
from .delegation import MAX_CYCLES_PER_COMPONENT, chain_nodes, cycles_of, longest_chain
from .registry import get_check
from .reporting import _TITLES as LINE_TITLES  # the in-memory titles, one per problem

if TYPE_CHECKING:
    from neo4j import Driver

__all__ = ["CYPHER_CHECKS", "find_in_database", "report_in_database"]

Rows = list[dict[str, Any]]
#: How one check's rows become findings (some need the policy: SoD rules, depth limit).
Reader = Callable[[Rows, Policy], Iterator[Finding]]


def _orphan_item(rows: Rows, policy: Policy) -> Iterator[Finding]:
    check = get_check("orphan-item")
    for row in rows:
        ref = row["subject"]
        what = "accountable party" if ref.startswith("duty:") else "owner"
        if row["parties"] == 0:
            message = f"{ref} has no {what}"
        elif not row["resolves"]:
            message = f"{ref}: its {what} resolves to nobody who has not left"
        else:
            message = f"{ref}: nobody accountable can act"
        yield Finding.make(check.id, Severity(row["grade"] or "medium"), title=check.title,
                           message=message, subjects=[ref], iso=check.iso,
                           evidence=[Evidence(label=message, nodes=[ref])])


def _vacant_role(rows: Rows, policy: Policy) -> Iterator[Finding]:
    check = get_check("vacant-role")
    for row in rows:
        ref = row["subject"]
        message = f"{ref} has {row['acting']} holder(s) who can act, needs {row['need']}"
        yield Finding.make(check.id, Severity.high if row["critical"] else Severity.medium,
                           title=check.title, message=message, subjects=[ref],
                           iso=check.iso, evidence=[Evidence(label=message, nodes=[ref])])


def _layers(rows: Rows) -> dict[str, nx.DiGraph[str]]:
    """Per scope, the layer of the links in ``rows`` (``scope``, ``source``, ``target``,
    ``delegation``); parallel links are one edge, which keeps the least delegation id.

    >>> sorted(_layers([{"scope": "duty:x", "source": "person:a", "target": "person:b",
    ...                  "delegation": "D-2"}])["duty:x"].edges(data="delegation"))
    [('person:a', 'person:b', 'D-2')]
    """
    layers: dict[str, nx.DiGraph[str]] = {}
    for row in sorted(rows, key=lambda r: (r["scope"], r["delegation"])):
        layer = layers.setdefault(row["scope"], nx.DiGraph())
        if not layer.has_edge(row["source"], row["target"]):
            layer.add_edge(row["source"], row["target"], delegation=row["delegation"])
    return layers


def _delegation_cycle(rows: Rows, policy: Policy) -> Iterator[Finding]:
    """The elementary cycles among the links on a cycle, with
    :func:`~graphkit.queries.delegation.cycles_of` (the function the in-memory check
    uses): cycles through the very same parties share one finding, and a strongly
    connected part with more than 50 cycles is one finding naming its parties."""
    check = get_check("delegation-cycle")
    for scope, layer in sorted(_layers(rows).items()):
        same_parties: dict[tuple[str, ...], list[list[str]]] = {}
        for nodes, single in cycles_of(layer):
            if single:
                same_parties.setdefault(tuple(sorted(nodes)), []).append(nodes)
                continue
            message = (f"delegations of {scope} among {len(nodes)} parties form more "
                       f"than {MAX_CYCLES_PER_COMPONENT} cycles: " + ", ".join(nodes))
            yield Finding.make(check.id, check.severity, title=check.title, message=message,
                               subjects=[scope, *nodes], iso=check.iso,
                               evidence=[Evidence(label=f"delegations of {scope} among them",
                                                  nodes=nodes)])
        for parties, paths in sorted(same_parties.items()):
            closed = [[*c, c[0]] for c in paths]
            message = f"delegations of {scope} go round in a circle: " + "; ".join(
                " -> ".join(c) for c in closed)
            yield Finding.make(check.id, check.severity, title=check.title, message=message,
                               subjects=[scope, *parties], iso=check.iso,
                               evidence=[Evidence(label=f"cycle of {scope}", nodes=c)
                                         for c in closed])


def _unfounded_delegation(rows: Rows, policy: Policy) -> Iterator[Finding]:
    check = get_check("unfounded-delegation")
    for row in rows:
        scope, source = row["scope"], row["source"]
        reasons = []
        if row["locked"]:
            reasons.append(f"{scope} may not be delegated (" + ", ".join(
                f"{p} is not delegable" for p in sorted(row["locked"])) + ")")
        if not row["founded"]:
            reasons.append(f"{source} is neither accountable nor responsible for {scope}")
        delegation = row["subject"]
        message = (f"delegation {delegation.partition(':')[2]} of {scope} from {source} "
                   f"to {row['target']}: " + "; ".join(reasons))
        yield Finding.make(check.id, check.severity, title=check.title, message=message,
                           subjects=[delegation], iso=check.iso,
                           evidence=[Evidence(label=message,
                                              nodes=[source, row["target"], scope])])


def _sod_conflict(rows: Rows, policy: Policy) -> Iterator[Finding]:
    """The rules applied to who holds each member, as the in-memory check applies them:
    one finding per person and members held beyond a rule's max (two rules broken by the
    same members share it)."""
    check = get_check("sod-conflict")
    holders: dict[str, set[str]] = {}
    for row in rows:
        holders.setdefault(row["member"], set()).add(row["person"])
    conflicts: dict[tuple[str, tuple[str, ...]], list[str]] = {}
    for rule in sorted(policy.sod, key=lambda r: r.id):
        held: dict[str, list[str]] = {}
        for member in dict.fromkeys(rule.members):
            for person in holders.get(member, ()):
                held.setdefault(person, []).append(member)
        label = (f"{rule.id} ({rule.name})" if rule.name else rule.id) \
            + f", at most {rule.max} allowed"
        for person, members in held.items():
            if len(members) > rule.max:
                conflicts.setdefault((person, tuple(members)), []).append(label)
    for (person, held_members), rules in sorted(conflicts.items()):
        message = (f"{person} holds {len(held_members)} members of " + " and of ".join(rules)
                   + ": " + ", ".join(held_members))
        subjects = [f"person:{person}", *held_members]
        yield Finding.make(check.id, check.severity, title=check.title, message=message,
                           subjects=subjects, iso=check.iso,
                           evidence=[Evidence(label=f"person:{person} holds {m}",
                                              nodes=[f"person:{person}", m])
                                     for m in held_members])


_LINE_MESSAGES: dict[str, Callable[[list[str]], str]] = {
    "cycle": lambda s: "reporting line goes round in a circle: " + " -> ".join([*s, s[0]]),
    "tops": lambda s: f"{len(s)} tops (nobody above them): " + ", ".join(sorted(s)),
    "unknown": lambda s: f"{s[0]} reports to {s[1]}, which is not in the model",
    "leaver": lambda s: f"{s[0]} reports to {s[1]}, who has left",
}


def _reporting_line(rows: Rows, policy: Policy) -> Iterator[Finding]:
    check = get_check("reporting-line")
    for row in rows:
        kind, problem, subjects = row["kind"], row["problem"], list(row["subjects"])
        message = _LINE_MESSAGES[problem](subjects)
        nodes = [*subjects, subjects[0]] if problem == "cycle" else subjects
        yield Finding.make(check.id, check.severity, title=LINE_TITLES[(kind, problem)],
                           message=message, subjects=sorted(set(subjects)), iso=check.iso,
                           evidence=[Evidence(label=message, nodes=nodes)])


def _delegation_depth(rows: Rows, policy: Policy) -> Iterator[Finding]:
    """Each scope's longest chain in the links the database returns, with
    :func:`~graphkit.queries.delegation.longest_chain` (cycles condensed to one stop, ties
    broken by the least links), the same function the in-memory check uses."""
    check = get_check("delegation-depth")
    limit = policy.max_delegation_depth
    for scope, layer in sorted(_layers(rows).items()):
        links = longest_chain(layer)
        if len(links) <= limit:
            continue
        nodes = chain_nodes(links)
        ids = ", ".join(layer.edges[u, v]["delegation"] for u, v in links)
        yield Finding.make(
            check.id, check.severity, title=check.title,
            message=f"{scope} is delegated {len(links)} deep (policy allows {limit}): "
                    + " -> ".join(nodes) + f" ({ids})",
            subjects=[scope, *nodes], iso=check.iso,
            evidence=[Evidence(label=f"chain of {scope}, {len(links)} links", nodes=nodes)])


def _simple(check_id: str, columns: tuple[str, ...],
            message: Callable[[dict[str, Any]], str], *,
            distinct: bool = False) -> Reader:
    """Findings at the check's own severity whose subjects are the non-null ``columns``
    (a column may hold a list of subjects); with ``distinct``, rows with the same
    subjects are one finding (otherwise each row is one, as the model lists them)."""

    def findings(rows: Rows, policy: Policy) -> Iterator[Finding]:
        check = get_check(check_id)
        seen: set[tuple[str, ...]] = set()
        for row in rows:
            subjects: list[str] = []
            for column in columns:
                value = row[column]
                if isinstance(value, list):
                    subjects.extend(value)
                elif value is not None:
                    subjects.append(value)
            key = tuple(subjects)
            if distinct and key in seen:
                continue
            seen.add(key)
            text = message(row)
            yield Finding.make(check.id, check.severity, title=check.title, message=text,
                               subjects=subjects, iso=check.iso,
                               evidence=[Evidence(label=text, nodes=subjects)])

    return findings


def _gap_message(row: dict[str, Any]) -> str:
    if row["second"] is None:
        return f"{row['first']} has no authority level"
    return f"{row['first']}: its accountable {row['second']} is held below its authority"


#: Each check with a Cypher form: its id, and how its rows become findings.
CYPHER_CHECKS: dict[str, Reader] = {
    "orphan-item": _orphan_item,
    "multiple-accountable": _simple(
        "multiple-accountable", ("item", "crowded"),
        lambda r: f"{r['item']}: {r['parties']} accountable parties"
                  + (f"; several primary holders of {', '.join(r['crowded'])}"
                     if r["crowded"] else "")),
    "delegation-cycle": _delegation_cycle,
    "lapsed-delegation": _simple(
        "lapsed-delegation", ("subject",),
        lambda r: f"{r['subject']} of {r['scope']}: "
                  + (f"expired on {r['until']}" if r["expired"]
                     else "a person at one end is absent or a leaver")),
    "vacant-role": _vacant_role,
    "acceptance-authority": _simple(
        "acceptance-authority", ("risk", "acceptor"),
        lambda r: f"{r['risk']} is treated by acceptance but nobody accepted it"
                  if r["acceptor"] is None else
                  f"{r['risk']} was accepted by {r['acceptor']}, whose authority "
                  f"{r['have']} is below the {r['need']} the policy requires"),
    "authority-gap": _simple("authority-gap", ("first", "second"), _gap_message),
    "leaver-holds": _simple(
        "leaver-holds", ("person", "subject"),
        lambda r: f"leaver {r['person']} still holds or is named on {r['subject']}",
        distinct=True),
    "overload": _simple(
        "overload", ("person",),
        lambda r: f"{r['person']} is accountable for {r['items']} items"),
    "unfounded-delegation": _unfounded_delegation,
    "sod-conflict": _sod_conflict,
    "reporting-line": _reporting_line,
    "delegation-depth": _delegation_depth,
}


def _organisation(driver: Driver, database: str, org: str) -> dict[str, Any]:
    records, _, _ = driver.execute_query(cypher("pull_organisation"), {"org": org},
                                         database_=database, routing_="r")
    return dict(records[0]["props"]) if records else {}


def _policy(driver: Driver, database: str, org: str) -> Policy:
    """The policy stored with the organisation (the thresholds some checks take)."""
    stored = _organisation(driver, database, org).get("policy")
    return Policy.model_validate(json.loads(stored or "{}"))


def report_in_database(driver: Driver, database: str, org: str, as_of: date, *,
                       select: Iterable[str] | None = None,
                       ignore: Iterable[str] | None = None) -> Report:
    """The :class:`~graphkit.findings.Report` of the selected checks (default: all) on
    organisation ``org``, as :func:`graphkit.runner.run_checks` makes it in memory.

    Checks with a Cypher form run in the database. For the others — and, when the
    stored policy has exceptions, to judge which findings they suppress — the model is
    pulled once and read in memory. Findings are ordered as the runner orders them
    (severity, check id, then each check's own order).
    """
    from graphkit.runner import exception_applies, run_checks, select_checks, summarise

    chosen = select_checks(select, ignore)
    order = {c.id: n for n, c in enumerate(chosen)}
    in_db = [c.id for c in chosen if c.id in CYPHER_CHECKS]
    elsewhere = [c.id for c in chosen if c.id not in CYPHER_CHECKS]
    stored = _organisation(driver, database, org)
    policy = Policy.model_validate(json.loads(stored.get("policy") or "{}"))
    findings = find_in_database(driver, database, org, as_of, select=in_db) if in_db else []
    if elsewhere or policy.exceptions:
        from graphkit.loaders.neo4j import pull

        from graphkit.semantics import Context

        model = pull(driver, database, org)
        ctx = Context.build(model, as_of)
        judged = []
        for f in findings:
            approver = next((e.approved_by for e in policy.exceptions
                             if exception_applies(ctx, e, f)), None)
            judged.append(f if approver is None else f.model_copy(
                update={"suppressed": True, "suppressed_by": f"person:{approver}"}))
        findings = judged
        if elsewhere:
            findings += run_checks(model, as_of=as_of, select=elsewhere).findings
    # as the runner: by severity, then check id; within a check, the check's own order
    findings.sort(key=lambda f: (-f.severity.rank, f.check))
    return Report(as_of=as_of, model=org if stored.get("declared", True) else None,
                  findings=findings, summary=summarise(findings, list(order)))


def find_in_database(driver: Driver, database: str, org: str, as_of: date, *,
                     select: Iterable[str] | None = None) -> list[Finding]:
    """Run the checks that have a Cypher form (or those of ``select``) in ``database``
    on organisation ``org`` as of ``as_of``; findings in check order, then by subjects.

    Raises :class:`~graphkit.errors.UsageError` for a check without a Cypher form.
    """
    wanted = list(CYPHER_CHECKS) if select is None else list(select)
    unknown = [c for c in wanted if c not in CYPHER_CHECKS]
    if unknown:
        raise UsageError(f"no Cypher form for {', '.join(unknown)} (checks that run in the "
                         f"database: {', '.join(CYPHER_CHECKS)})")
    policy = _policy(driver, database, org)
    params = {"org": org, "as_of": as_of.isoformat(),
              "limit": policy.max_accountable_items,
              "needed": {level.value: n for level, n in policy.acceptance_authority.items()},
              "depth": policy.max_delegation_depth,
              "members": list(dict.fromkeys(m for rule in policy.sod for m in rule.members))}
    findings: list[Finding] = []
    for check_id in wanted:
        name = "check_" + check_id.replace("-", "_")
        records, _, _ = driver.execute_query(cypher(name), params, database_=database,
                                             routing_="r")
        found = CYPHER_CHECKS[check_id]([record.data() for record in records], policy)
        findings.extend(sorted(found, key=lambda f: f.subjects))
    return findings
