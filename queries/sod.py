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

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

from graphkit.findings import Check, Evidence, Finding, Severity
from graphkit.semantics import Holding, Route

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
    return {person: _proof(ctx, how) for person, how in _member_holders(ctx, member).items()}


def _member_holders(ctx: Context, member: str) -> Mapping[str, Holding | Route]:
    """Who holds one SoD member, each with how (the holding of a role, the first route
    to a duty), in the order :func:`member_routes` lists them; no evidence made."""
    kind, _, mid = member.partition(":")
    if kind == "role":
        return ctx.holders(mid)
    out: dict[str, Holding | Route] = {}
    if member in ctx.items:
        for route in ctx.responsible_routes(member):
            if route.person not in out:
                out[route.person] = route
    return out


def _proof(ctx: Context, how: Holding | Route) -> Evidence:
    return (ctx.holding_evidence(how) if isinstance(how, Holding)
            else ctx.route_evidence(how))


def find_sod_conflicts(ctx: Context) -> Iterator[Finding]:
    """``sod-conflict``: a person who holds more than ``max`` members of an SoD rule.

    One finding per person and set of members held beyond a rule's ``max`` (two rules
    broken by the same members share it); subjects: the person and the members they
    hold; evidence: one route per member held (made for the people in conflict only).

    A person holding more than ``max`` of a rule's ``k`` members holds at least one of
    any ``k - max`` of them, so the people in question are found among the holders of
    the ``k - max`` members held by fewest, and only they are looked up in the others:
    a rule naming a role everyone holds (``staff``) beside a rare one reads the rare
    one's holders, not everyone, however many rules name it.

    Complexity: O(sum over distinct members of their holders or routes, plus, per rule,
    the holders of its ``k - max`` least-held members, plus those times ``max``).
    """
    check = SOD_CONFLICT
    # (person, members held) -> the rules broken and how each member is held; two rules
    # broken by the same members make one finding (they have the same subjects)
    conflicts: dict[tuple[str, tuple[str, ...]], tuple[list[str], list[Holding | Route]]] = {}
    holders: dict[str, Mapping[str, Holding | Route]] = {}
    for rule in sorted(ctx.policy.sod, key=lambda r: r.id):
        named = list(dict.fromkeys(rule.members))
        for member in named:
            if member not in holders:
                holders[member] = _member_holders(ctx, member)
        if len(named) <= rule.max:
            continue  # nobody can hold more members than the rule names
        of = [holders[m] for m in named]
        by_size = sorted(range(len(named)), key=lambda k: (len(of[k]), k))
        few, many = by_size[:len(named) - rule.max], sorted(by_size[len(named) - rule.max:])
        held: dict[str, list[int]] = {}
        for k in sorted(few):
            for person in of[k]:
                held.setdefault(person, []).append(k)
        for person, ks in held.items():
            also = [k for k in many if person in of[k]]
            if len(ks) + len(also) <= rule.max:
                continue
            members = [named[k] for k in sorted(ks + also)]
            label = (f"{rule.id} ({rule.name})" if rule.name else rule.id) \
                + f", at most {rule.max} allowed"
            key = (person, tuple(members))
            if key in conflicts:
                conflicts[key][0].append(label)
            else:
                conflicts[key] = ([label], [holders[m][person] for m in members])
    # in the runner's order: by the subjects, the person among the members as a finding
    # holds them sorted ("duty:" < "person:" < "role:"); keys are distinct sets
    for _, person, held_members, (rules, hows) in sorted(
            (sorted({f"person:{person}", *members}), person, members, found)
            for (person, members), found in conflicts.items()):
        yield Finding.make(
            check.id, check.severity, title=check.title,
            message=f"{person} holds {len(held_members)} members of "
                    + " and of ".join(rules) + ": " + ", ".join(held_members),
            subjects=[f"person:{person}", *held_members], iso=check.iso,
            evidence=[_proof(ctx, how) for how in hows])


SOD_CONFLICT = Check(
    id="sod-conflict",
    title="Segregation of duties conflict",
    severity=Severity.high,
    iso=("A.5.3",),
    remediation="Give the conflicting roles or duties to different people (withdraw an "
                "assignment or delegation), or record an approved exception.",
    family="sod",
    find=find_sod_conflicts,
    in_order=True,
    description="A person who holds more than max members of an SoD rule, directly, "
                "through role inheritance or through delegations received.",
)
