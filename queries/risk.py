"""Acceptance of residual risk (ISO 27001 6.1.3, A.5.2).

A risk treated by acceptance must be accepted by someone whose authority (the highest
``authority`` among the roles they hold on the as-of date, 0 if none) reaches the
policy's ``acceptance_authority`` for the risk's level. Only risks with
``treatment: accept`` are looked at, and a risk with no owner is left to ``orphan-item``.

>>> from datetime import date
>>> from graphkit.model import validate_model
>>> from graphkit.semantics import Context
>>> m = validate_model({
...     "people": [{"id": "carol"}, {"id": "dan"}],
...     "roles": [{"id": "cfo", "authority": 4}, {"id": "analyst", "authority": 2}],
...     "assignments": [{"person": "carol", "role": "cfo"},
...                     {"person": "dan", "role": "analyst"}],
...     "risks": [{"id": "R-1", "level": "high", "owner": "role:cfo", "treatment": "accept",
...                "accepted_by": "carol"},
...               {"id": "R-2", "level": "medium", "owner": "role:cfo",
...                "treatment": "accept", "accepted_by": "dan"},
...               {"id": "R-3", "owner": "role:cfo", "treatment": "accept"},
...               {"id": "R-4", "treatment": "accept"}]})
>>> [f.subjects for f in find_acceptance_authority(Context.build(m, date(2026, 1, 1)))]
[['person:dan', 'risk:R-2'], ['risk:R-3']]
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from graphkit.findings import Check, Edge, Evidence, Finding, Severity
from graphkit.model import Criticality, Treatment, node_id

if TYPE_CHECKING:
    from graphkit.semantics import Context

__all__ = ["ACCEPTANCE_AUTHORITY", "find_acceptance_authority"]


def find_acceptance_authority(ctx: Context) -> Iterator[Finding]:
    """``acceptance-authority``: an accepted risk with no acceptor, or one without authority.

    One finding per risk; subjects: the risk, and the acceptor when there is one;
    evidence: the acceptance edge and the holding that gives the acceptor their
    authority (if any).

    Findings come in the runner's order (by subjects): the risks found are sorted on
    their acceptor's and their own id before any finding is made.

    Complexity: O(r + h) for r risks and the roles h their acceptors hold, plus
    O(f log f) for the f risks found.
    """
    check = ACCEPTANCE_AUTHORITY
    policy_needs = ctx.policy.acceptance_authority
    authority = ctx.authority
    # which risks are found, and their subjects' order, first (ids and authorities only):
    # an acceptor without authority makes subjects ["person:<acceptor>", "risk:<id>"],
    # which sort before every ["risk:<id>"] of a risk nobody accepted ("person:" <
    # "risk:"); a risk's id is unique, so there are no ties
    # what the findings need of each risk is read here, in model order, not looked up
    # again in the findings' order (which reads the risks in no order: slower)
    below: list[tuple[str, str, int, int, int, Criticality]] = []
    nobody: list[tuple[str, int, Criticality]] = []
    accept = Treatment.accept
    for i, risk in enumerate(ctx.model.risks):
        if risk.treatment is not accept or not risk.owner:
            continue
        person = risk.accepted_by
        level = risk.level
        if person is None:
            nobody.append((risk.id, policy_needs[level], level))
            continue
        have = authority(person)
        needed = policy_needs[level]
        if have < needed:
            below.append((person, risk.id, i, have, needed, level))
    below.sort()
    nobody.sort()
    for person, rid, i, have, needed, level in below:
        ref = node_id("risk", rid)
        who = ctx.person_ref(person)
        evidence = [Evidence.trusted(
            f"{person} accepted {ref}", [who, ref],
            [Edge.trusted(who, ref, "accepted", "accepted", ctx.source("risks", i))])]
        held = ctx.held_roles(person)
        if held:
            best = max(held.values(),
                       key=lambda h: (ctx.roles[h.role].authority or 0, -len(h.via)))
            evidence.append(ctx.holding_evidence(
                best, label=f"{person}'s authority {have} comes from {best.role}"))
        yield Finding.trusted(  # subjects sorted: "person:..." < "risk:..."
            check.id, check.severity, check.title,
            f"{ref} ({level.value}) was accepted by {person}, whose authority "
            f"{have} is below the {needed} the policy requires",
            [who, ref], check.iso, evidence)
    for rid, needed, level in nobody:
        ref = node_id("risk", rid)
        yield Finding.make(
            check.id, check.severity, title=check.title,
            message=f"{ref} ({level.value}) is treated by acceptance but nobody "
                    f"accepted it (needs authority {needed})",
            subjects=[ref], iso=check.iso,
            evidence=[Evidence.trusted(f"{ref} has no accepted_by", [ref], [])])


ACCEPTANCE_AUTHORITY = Check(
    id="acceptance-authority",
    title="Risk accepted without authority",
    severity=Severity.high,
    iso=("6.1.3", "A.5.2"),
    remediation="Have the residual risk accepted by someone whose authority reaches the "
                "policy's acceptance_authority for its level, and record who and when.",
    family="risk",
    find=find_acceptance_authority,
    in_order=True,
    description="Residual risk accepted by someone whose authority is below "
                "acceptance_authority[level], or accepted by nobody.",
)
