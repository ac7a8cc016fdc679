"""Segregation of duties (ISO 27001 A.5.3): nobody may hold too many members of one rule.

A rule of the policy (``policy.sod``) lists members, roles or duties, and ``max``, how many
of them one person may hold. A person holds

- a **role** member when they are a holder of it on the as-of date: primary or deputy,
  directly or by inheritance (a leaver holds nothing; an absent person still holds);
- a **duty** member when they are responsible for it: as a holder (primary or deputy,
  direct or inherited) of a responsible role, named responsible themself, or as the
  recipient of a delegation of it in force (founded or not), directly or through a role.
  Being accountable for a duty without performing it does not count.

Each finding carries one route per member held: the chain that gives the person that
member (assignment, inheritance, the RACI or delegation edge).

>>> from datetime import date
>>> from graphkit.model import validate_model
>>> from graphkit.semantics import Context
>>> m = validate_model({
...     "people": [{"id": "ann"}, {"id": "bob"}],
...     "roles": [{"id": "clerk"}, {"id": "senior", "inherits": ["clerk"]}],
...     "assignments": [{"person": "ann", "role": "senior"},
...                     {"person": "bob", "role": "clerk"}],
...     "duties": [{"id": "pay", "responsible": ["role:clerk"]},
...                {"id": "approve", "accountable": "bob", "responsible": ["role:senior"]}],
...     "policy": {"sod": [{"id": "SOD-1", "members": ["duty:pay", "duty:approve"]}]}})
>>> [f.subjects for f in find_sod_conflicts(Context.build(m, date(2026, 1, 1)))]
[['duty:approve', 'duty:pay', 'person:ann']]
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from graphkit.findings import Check, Evidence, Finding, Severity

if TYPE_CHECKING:
    from graphkit.semantics import Context

__all__ = ["SOD_CONFLICT", "find_sod_conflicts", "member_routes"]


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

    One finding per rule and person; subjects: the person and the members they hold;
    evidence: one route per member held.

    Complexity: O(sum over rules and members of the member's holders or routes).
    """
    check = SOD_CONFLICT
    for rule in sorted(ctx.policy.sod, key=lambda r: r.id):
        held: dict[str, list[tuple[str, Evidence]]] = {}
        for member in dict.fromkeys(rule.members):
            for person, evidence in member_routes(ctx, member).items():
                held.setdefault(person, []).append((member, evidence))
        for person in sorted(held):
            members = held[person]
            if len(members) <= rule.max:
                continue
            names = ", ".join(m for m, _ in members)
            label = f"{rule.id} ({rule.name})" if rule.name else rule.id
            yield Finding.make(
                check.id, check.severity, title=check.title,
                message=f"{person} holds {len(members)} members of {label}, at most "
                        f"{rule.max} allowed: {names}",
                subjects=[f"person:{person}", *(m for m, _ in members)], iso=check.iso,
                evidence=[e for _, e in members])


SOD_CONFLICT = Check(
    id="sod-conflict",
    title="Segregation of duties conflict",
    severity=Severity.high,
    iso=("A.5.3",),
    remediation="Give the conflicting roles or duties to different people (withdraw an "
                "assignment or delegation), or record an approved exception.",
    family="sod",
    find=find_sod_conflicts,
    description="A person who holds more than max members of an SoD rule, directly, "
                "through role inheritance or through delegations received.",
)
