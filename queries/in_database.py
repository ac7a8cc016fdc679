"""Checks that run as Cypher inside the database, where the graph lives.

Each check with a Cypher form is a file under ``queries/cypher/`` (``check_<id>.cypher``)
that takes ``$org`` and ``$as_of`` (an ISO date) and returns the subjects it finds; this
module turns the rows into the same :class:`~graphkit.findings.Finding` objects the
in-memory engine makes (same check id, severity and subjects, so the same fingerprint).
The messages are shorter and the evidence names only the subjects: for the full proof,
pull the model (:func:`graphkit.loaders.neo4j.pull`) and run the check in memory.

The driver is passed in; nothing here imports ``neo4j``.

Cypher forms so far: ``orphan-item``, ``multiple-accountable``, ``delegation-cycle``,
``lapsed-delegation``, ``vacant-role``, ``acceptance-authority``, ``authority-gap``, ``leaver-holds`` and
``overload``; the thresholds come from the policy stored with the organisation. Their
readings follow the in-memory checks exactly, with two bounds: ``delegation-cycle``
follows cycles of at most 12 links, and reports every elementary cycle (the in-memory
check reports a strongly connected part with more than 50 cycles as one finding).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from typing import TYPE_CHECKING, Any

from graphkit.errors import UsageError
from graphkit.findings import Evidence, Finding, Report, Severity
from graphkit.model import Policy

from .cypherfiles import cypher
from .registry import get_check

if TYPE_CHECKING:
    from neo4j import Driver

__all__ = ["CYPHER_CHECKS", "find_in_database", "report_in_database"]

Rows = list[dict[str, Any]]


def _orphan_item(rows: Rows) -> Iterator[Finding]:
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


def _vacant_role(rows: Rows) -> Iterator[Finding]:
    check = get_check("vacant-role")
    for row in rows:
        ref = row["subject"]
        message = f"{ref} has {row['acting']} holder(s) who can act, needs {row['need']}"
        yield Finding.make(check.id, Severity.high if row["critical"] else Severity.medium,
                           title=check.title, message=message, subjects=[ref],
                           iso=check.iso, evidence=[Evidence(label=message, nodes=[ref])])


def _rotated(cycle: list[str]) -> tuple[str, ...]:
    """A cycle read from its least party, so each cycle is kept once.

    >>> _rotated(["person:b", "person:c", "person:a"])
    ('person:a', 'person:b', 'person:c')
    """
    start = cycle.index(min(cycle))
    return tuple(cycle[start:] + cycle[:start])


def _delegation_cycle(rows: Rows) -> Iterator[Finding]:
    check = get_check("delegation-cycle")
    cycles = sorted({(row["scope"], _rotated(list(row["cycle"]))) for row in rows})
    for scope, cycle in cycles:
        closed = [*cycle, cycle[0]]
        message = f"delegations of {scope} go round in a circle: " + " -> ".join(closed)
        yield Finding.make(check.id, check.severity, title=check.title, message=message,
                           subjects=[scope, *cycle], iso=check.iso,
                           evidence=[Evidence(label=f"cycle of {scope}", nodes=closed)])


def _simple(check_id: str, columns: tuple[str, ...],
            message: Callable[[dict[str, Any]], str], *,
            distinct: bool = False) -> Callable[[Rows], Iterator[Finding]]:
    """Findings at the check's own severity whose subjects are the non-null ``columns``
    (a column may hold a list of subjects); with ``distinct``, rows with the same
    subjects are one finding (otherwise each row is one, as the model lists them)."""

    def findings(rows: Rows) -> Iterator[Finding]:
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
CYPHER_CHECKS: dict[str, Callable[[Rows], Iterator[Finding]]] = {
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
              "needed": {level.value: n for level, n in policy.acceptance_authority.items()}}
    findings: list[Finding] = []
    for check_id in wanted:
        name = "check_" + check_id.replace("-", "_")
        records, _, _ = driver.execute_query(cypher(name), params, database_=database,
                                             routing_="r")
        found = CYPHER_CHECKS[check_id]([record.data() for record in records])
        findings.extend(sorted(found, key=lambda f: f.subjects))
    return findings
