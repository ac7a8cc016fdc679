"""What if someone left? Simulate absences, and rank people by the impact of theirs.

:func:`whatif` is non-destructive: it reads the model as if the people named had gone
(or, with ``absent=True``, were away) and the roles named had lost every assignment,
re-runs the checks on that reading, and reports the findings the change creates, the
findings it resolves (by fingerprint, suppressed findings left aside) and the items that
lose all coverage: nobody accountable, or nobody responsible, who can act.

:func:`rank` answers "whose absence alone would hurt most?" for every person at once, in
one pass over a single :class:`~graphkit.semantics.Context` (no re-check per person):

- an item loses coverage when a person is the only one on its accountable side, or the
  only one on its responsible side, who can act (items with a side empty to begin with
  cannot lose it); each counts :data:`ITEM_WEIGHTS` of its criticality (a risk's level);
- a role is left below ``min_holders`` when its holders who can act are exactly
  ``min_holders`` and the person is one of them; it counts :data:`ROLE_WEIGHTS`;
- a delegation chain is broken at each delegation in force that the person gives or
  receives in person, while every person it names can act; each counts
  :data:`DELEGATION_WEIGHT`.

Leavers are not ranked; an absent person's absence changes nothing, so scores 0.

>>> from datetime import date
>>> from graphkit.model import validate_model
>>> m = validate_model({
...     "people": [{"id": "ann"}, {"id": "bob", "reports_to": "ann"},
...                {"id": "cy", "reports_to": "ann"}],
...     "roles": [{"id": "cfo"}, {"id": "ops"}],
...     "assignments": [{"person": "ann", "role": "cfo"},
...                     {"person": "bob", "role": "cfo", "deputy": True},
...                     {"person": "cy", "role": "ops"}],
...     "assets": [{"id": "erp", "criticality": "critical", "owner": "role:cfo",
...                 "custodians": ["role:ops"]}],
... })
>>> result = whatif(m, ["person:cy"], as_of=date(2026, 6, 1))
>>> [(loss.item, loss.lost) for loss in result.coverage_lost]
[('asset:erp', ['responsible'])]
>>> [f.check for f in result.created], [f.check for f in result.resolved]
(['leaver-holds', 'vacant-role'], ['key-person'])
>>> away = whatif(m, ["person:cy"], as_of=date(2026, 6, 1), absent=True)
>>> [f.check for f in away.created]            # away, not gone: still assigned, no leaver
['vacant-role']
>>> [(i.person, i.score, i.items, i.roles) for i in rank(m, as_of=date(2026, 6, 1))]
[('cy', 10, ['asset:erp'], ['ops']), ('ann', 0, [], []), ('bob', 0, [], [])]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict

from graphkit.errors import UsageError
from graphkit.findings import Finding
from graphkit.model import Asset, Criticality, Duty, Model, Person, Policy, Risk, Status
from graphkit.runner import run_checks
from graphkit.semantics import Context, criticality_of
from graphkit.semantics import paused_gc as gc_paused

__all__ = [
    "DELEGATION_WEIGHT",
    "ITEM_WEIGHTS",
    "ROLE_WEIGHTS",
    "CoverageLoss",
    "Impact",
    "WhatIf",
    "coverage_losses",
    "is_covered",
    "parse_without",
    "rank",
    "whatif",
    "without",
]

#: Weight of an item that loses coverage, by its criticality (a risk's level).
ITEM_WEIGHTS: dict[Criticality, int] = {Criticality.low: 1, Criticality.medium: 2,
                                        Criticality.high: 4, Criticality.critical: 8}
#: Weight of a role left below ``min_holders``: critical role, other role.
ROLE_WEIGHTS: dict[bool, int] = {True: 4, False: 2}
#: Weight of each delegation in force broken by an absence.
DELEGATION_WEIGHT = 1
#: At most this many people are listed as having covered a lost side.
COVERED_BY_LIMIT = 50

Side = Literal["accountable", "responsible"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class CoverageLoss(_Frozen):
    """An item covered before the change and not after: which sides lost everyone who
    could act, and who covered them before (at most :data:`COVERED_BY_LIMIT`)."""

    item: str
    criticality: Criticality
    lost: list[Side]
    covered_by: list[str]


class WhatIf(_Frozen):
    """What a set of absences changes, as of one date."""

    as_of: date
    without: list[str]
    absent: bool
    created: list[Finding]
    resolved: list[Finding]
    coverage_lost: list[CoverageLoss]

    def to_markdown(self) -> str:
        """The result as a Markdown section (names escaped)."""
        from graphkit.queries.statement import findings_table, md_escape

        how = "were absent" if self.absent else "left"
        lines = [f"# What if {', '.join(md_escape(w) for w in self.without)} {how}",
                 "", f"As of {self.as_of.isoformat()}.", "",
                 f"## Items that lose all coverage ({len(self.coverage_lost)})", ""]
        if self.coverage_lost:
            lines += ["| item | criticality | side lost | covered before by |",
                      "|---|---|---|---|"]
            lines += [f"| {md_escape(c.item)} | {c.criticality.value} | {', '.join(c.lost)} | "
                      f"{', '.join(md_escape(p) for p in c.covered_by)} |"
                      for c in self.coverage_lost]
        else:
            lines.append("None.")
        for title, findings in (("Findings created", self.created),
                                ("Findings resolved", self.resolved)):
            lines += ["", f"## {title} ({len(findings)})", ""]
            lines += findings_table(findings)
        return "\n".join(lines) + "\n"


@dataclass(frozen=True, slots=True)
class Impact:
    """The impact of one person's absence alone (see :func:`rank`): a plain dataclass,
    since a ranking of a million people must not pay for validation;
    ``dataclasses.asdict`` gives its JSON form."""

    person: str
    score: int
    items: list[str]
    roles: list[str]
    delegations: list[str]


def parse_without(model: Model, refs: Iterable[str]) -> tuple[set[str], set[str]]:
    """Split ``person:x`` / ``role:y`` references (a bare id where it names one person or
    one role) into person ids and role ids; an unknown one is a :class:`UsageError`.

    >>> from graphkit.model import validate_model
    >>> m = validate_model({"people": [{"id": "ann"}], "roles": [{"id": "ism"}]})
    >>> parse_without(m, ["ann", "role:ism"])
    ({'ann'}, {'ism'})
    >>> parse_without(m, ["person:zed"])
    Traceback (most recent call last):
    ...
    graphkit.errors.UsageError: --without person:zed: no such person in the model
    """
    people = {p.id for p in model.people}
    roles = {r.id for r in model.roles}
    out_people: set[str] = set()
    out_roles: set[str] = set()
    for ref in refs:
        kind, sep, rest = ref.partition(":")
        if sep and kind in ("person", "role") and rest:
            known = people if kind == "person" else roles
            if rest not in known:
                raise UsageError(f"--without {ref}: no such {kind} in the model")
            (out_people if kind == "person" else out_roles).add(rest)
        elif ref in people and ref not in roles:
            out_people.add(ref)
        elif ref in roles and ref not in people:
            out_roles.add(ref)
        elif ref in people:
            raise UsageError(f"--without {ref}: both a person and a role; write "
                             f"person:{ref} or role:{ref}")
        else:
            raise UsageError(f"--without {ref}: no such person or role in the model "
                             "(write person:ID or role:ID)")
    return out_people, out_roles


def without(model: Model, people: Iterable[str] = (), roles: Iterable[str] = (), *,
            absent: bool = False) -> Model:
    """A copy of ``model`` in which ``people`` have left (status ``leaver``; with
    ``absent``, status ``absent``) and every assignment of ``roles`` is dropped. The
    model itself is not changed; where each element was read from is kept.

    >>> from graphkit.model import validate_model
    >>> m = validate_model({"people": [{"id": "ann"}], "roles": [{"id": "ism"}],
    ...                     "assignments": [{"person": "ann", "role": "ism"}]})
    >>> gone = without(m, ["ann"], ["ism"])
    >>> gone.people[0].status.value, gone.assignments, m.people[0].status.value
    ('leaver', [], 'active')
    """
    gone = set(people)
    dropped = set(roles)
    status = Status.absent if absent else Status.leaver

    def update(p: Person) -> Person:
        if p.id not in gone or p.status is Status.leaver or p.status is status:
            return p
        return p.model_copy(update={"status": status})

    changes: dict[str, object] = {}
    if gone:
        changes["people"] = [update(p) for p in model.people]
    if dropped:
        changes["assignments"] = [a for a in model.assignments if a.role not in dropped]
    return model.model_copy(update=changes) if changes else model


def is_covered(ctx: Context, ref: str) -> bool:
    """True when someone can act on each side of an item (accountable and responsible)."""
    cov = ctx.coverage(ref, limit=1)
    return bool(cov.accountable) and bool(cov.responsible)


def coverage_losses(before: Context, after: Context) -> list[CoverageLoss]:
    """Items covered in ``before`` and not in ``after`` (same items in both), most
    critical first, then in model order."""
    losses = []
    for ref, item in before.items.items():
        if ref not in after.items or not is_covered(before, ref):
            continue
        now = after.coverage(ref, limit=1)
        if now.accountable and now.responsible:
            continue
        was = before.coverage(ref, limit=COVERED_BY_LIMIT)
        lost: list[Side] = []
        covered_by: list[str] = []
        for side, old, new in (("accountable", was.accountable, now.accountable),
                               ("responsible", was.responsible, now.responsible)):
            if not new:
                lost.append(side)  # type: ignore[arg-type]
                covered_by.extend(p for p in old if p not in covered_by)
        if lost:
            losses.append(CoverageLoss(item=ref, criticality=criticality_of(item), lost=lost,
                                       covered_by=covered_by[:COVERED_BY_LIMIT]))
    losses.sort(key=lambda c: -c.criticality.rank)
    return losses


def _live(findings: Iterable[Finding]) -> dict[str, Finding]:
    return {f.fingerprint: f for f in findings if not f.suppressed}


def whatif(model: Model, without_refs: Sequence[str], as_of: date | None = None,
           policy: Policy | None = None, *, absent: bool = False) -> WhatIf:
    """The findings created and resolved, and the items that lose all coverage, if the
    people in ``without_refs`` (``person:x``) had left — or, with ``absent``, were away —
    and the roles (``role:y``) had lost every assignment. Non-destructive.

    Findings are compared by fingerprint; a finding suppressed by a valid exception
    counts as absent on its side of the comparison.
    """
    day = as_of if as_of is not None else date.today()
    people, roles = parse_without(model, without_refs)
    changed = without(model, people, roles, absent=absent)
    before = _live(run_checks(model, as_of=day, policy=policy).findings)
    after = _live(run_checks(changed, as_of=day, policy=policy).findings)
    losses = coverage_losses(Context.build(model, day, policy),
                             Context.build(changed, day, policy))
    return WhatIf(
        as_of=day, without=list(without_refs), absent=absent,
        created=[f for fp, f in after.items() if fp not in before],
        resolved=[f for fp, f in before.items() if fp not in after],
        coverage_lost=losses)


def rank(model: Model, as_of: date | None = None, policy: Policy | None = None,
         top: int | None = None) -> list[Impact]:
    """Every person who is not a leaver, ranked by the impact of their absence alone
    (see the module docstring): highest score first, then person id. With ``top``, only
    the first ``top``.

    One pass, no re-check per person: the acting holders of each role are collected once
    (following inheritance, and only as many as can matter: two for coverage,
    ``min_holders + 1`` for vacancy), then each item counts at most two people who can
    act on each side. Time linear in assignments x inherited roles, plus items x their
    parties and delegations. ``policy`` is accepted for symmetry with :func:`whatif`; the
    impact does not depend on it.

    This is the reference; :func:`graphkit.compact.rank` (and ``graphkit whatif --rank
    --engine compact``) computes the same list on columnar tables, for large models.
    """
    with gc_paused():
        return _rank(model, as_of, policy, top)


def _rank(model: Model, as_of: date | None, policy: Policy | None,
          top: int | None) -> list[Impact]:
    day = as_of if as_of is not None else date.today()
    acting = {p.id for p in model.people if p.status is Status.active}
    score: dict[str, int] = {p.id: 0 for p in model.people if p.status is not Status.leaver}
    roles = {r.id: r for r in model.roles}
    keep = {r.id: max(2, r.effective_min_holders + 1) for r in model.roles}

    closure: dict[str, tuple[str, ...]] = {}

    def inherited(role: str) -> tuple[str, ...]:
        """The role and every role it makes its holder hold."""
        found = closure.get(role)
        if found is None:
            seen = [role]
            for r in seen:
                spec = roles.get(r)
                if spec is not None:
                    seen.extend(x for x in spec.inherits if x not in seen)
            found = closure[role] = tuple(seen)
        return found

    holders: dict[str, list[str]] = {}  # role -> its first acting holders, no more than needed
    for a in model.assignments:
        if a.person not in acting or not a.is_valid_on(day):
            continue
        for r in inherited(a.role):
            found = holders.setdefault(r, [])
            if len(found) < keep.get(r, 2) and a.person not in found:
                found.append(a.person)

    # kind -> item id -> recipients of the delegations of that item in force
    delegates: dict[str, dict[str, list[str]]] = {"asset": {}, "risk": {}, "duty": {}}
    for d in model.delegations:
        if d.is_valid_on(day):
            scope: str = d.scope
            kind, _, iid = scope.partition(":")
            delegates[kind].setdefault(iid, []).append(d.to)

    resolved: dict[str, tuple[str, ...]] = {}

    def people_of(party: str) -> tuple[str, ...]:
        """Up to two people who can act for a party (memoised: parties repeat)."""
        found = resolved.get(party)
        if found is None:
            kind, _, pid = party.partition(":")
            found = (tuple(holders.get(pid, ())[:2]) if kind == "role" else
                     (pid,) if pid in acting else ())
            resolved[party] = found
        return found

    def side(parties: Sequence[str], more: Sequence[str] = ()) -> Sequence[str]:
        """Up to two distinct people who can act for ``parties``, then ``more``."""
        if len(parties) == 1 and not more:
            return people_of(parties[0])
        out: list[str] = []
        for group in (parties, more):
            for party in group:
                for person in people_of(party):
                    if person not in out:
                        out.append(person)
                        if len(out) == 2:
                            return out
        return out

    items: dict[str, list[str]] = {}
    # each item with its accountable and its responsible parties (DESIGN.md: an asset
    # with no custodians, and a risk, fall back to their owner)
    sections: tuple[tuple[str, Iterable[tuple[Asset | Risk | Duty, list[str], list[str]]]],
                    ...] = (
        ("asset", ((a, a.owner, a.custodians or a.owner) for a in model.assets)),
        ("risk", ((r, r.owner, r.owner) for r in model.risks)),
        ("duty", ((d, d.accountable, d.responsible) for d in model.duties)))
    for kind, section in sections:
        delegated = delegates[kind]
        for item, owners, doers in section:
            accountable = side(owners)
            if not accountable:
                continue
            responsible = side(doers, delegated.get(item.id, ()) if delegated else ())
            if not responsible or (len(accountable) == 2 and len(responsible) == 2):
                continue
            ref = f"{kind}:{item.id}"
            weight = ITEM_WEIGHTS[criticality_of(item)]
            for person in {s[0] for s in (accountable, responsible) if len(s) == 1}:
                items.setdefault(person, []).append(ref)
                score[person] += weight

    below: dict[str, list[str]] = {}
    for role in model.roles:
        need = role.effective_min_holders
        found = holders.get(role.id, [])
        if need > 0 and len(found) == need:
            for person in found:
                below.setdefault(person, []).append(role.id)
                score[person] += ROLE_WEIGHTS[role.critical]

    broken: dict[str, list[str]] = {}
    for d in model.delegations:
        if not d.is_valid_on(day):
            continue
        parties: tuple[str, str] = (d.from_, d.to)
        ends = [party[7:] for party in dict.fromkeys(parties) if party.startswith("person:")]
        if all(p in acting for p in ends):
            for person in ends:
                broken.setdefault(person, []).append(d.id)
                score[person] += DELEGATION_WEIGHT

    ranked = sorted(score.items(), key=lambda kv: (-kv[1], kv[0]))
    if top is not None:
        ranked = ranked[:max(top, 0)]
    return [Impact(p, n, items.get(p, []), below.get(p, []), broken.get(p, []))
            for p, n in ranked]
