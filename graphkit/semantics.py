"""What the model means on one date: holders, who can act, accountability, coverage.

A :class:`Context` is built once per model, as-of date and policy, in time linear in
the size of the model (plus the size of its answer: one entry per person and role they
hold, directly or by inheritance). Every check reads it; none recomputes it. It follows
the "Meaning" and "Precise readings" of DESIGN.md:

- **holders** of a role: people with an assignment valid on the as-of date, and the
  holders of every role that inherits it, transitively; primary or deputy. A leaver holds
  nothing; an absent person holds but cannot act.
- **can act**: status ``active`` (assignments and delegations are only counted on the
  dates they are valid, so the second half of the definition is built in).
- **accountable** for an item: its ``owner`` / ``accountable`` parties; a role resolves to
  its *direct primary* holders, a person to themself. Delegation never moves it.
- **responsible** for an item: custodians / RACI ``responsible`` (their holders, deputies
  included), plus the recipients of delegations of that item in force on the as-of date,
  founded or not. An asset with no custodians and a risk fall back to their owner.
- **coverage** of an item: the people who can act on each side. The accountable side is
  every holder (primary or deputy, direct or inherited) of an owner role who can act, or
  the owner person if they can act.

Each answer carries its proof as a :class:`Route`, which :meth:`Context.route_evidence`
turns into :class:`~graphkit.findings.Evidence` whose edges say where they were read.

>>> from graphkit.model import validate_model
>>> m = validate_model({
...     "people": [{"id": "alice"}, {"id": "tom", "status": "absent"}, {"id": "dave"},
...                {"id": "old", "status": "leaver"}],
...     "roles": [{"id": "ism", "authority": 4, "inherits": ["staff"]},
...               {"id": "staff", "authority": 1}],
...     "assignments": [{"person": "alice", "role": "ism"},
...                     {"person": "tom", "role": "ism", "deputy": True},
...                     {"person": "old", "role": "ism"}],
...     "duties": [{"id": "review", "accountable": "role:ism", "responsible": ["dave"]}],
...     "delegations": [{"id": "D-1", "from": "dave", "to": "alice", "scope": "duty:review",
...                      "until": "2026-12-31"}],
... })
>>> ctx = Context.build(m, date(2026, 6, 1))
>>> sorted(ctx.holders("staff"))                     # by inheritance; the leaver holds nothing
['alice', 'tom']
>>> ctx.holding("tom", "staff").deputy, ctx.holding("tom", "staff").via
(True, ('ism', 'staff'))
>>> ctx.authority("alice"), ctx.authority("dave")
(4, 0)
>>> sorted(ctx.accountable_people("duty:review"))   # direct primary holders only
['alice']
>>> sorted(ctx.responsible_people("duty:review"))   # RACI responsible + delegate
['alice', 'dave']
>>> cov = ctx.coverage("duty:review")
>>> sorted(cov.accountable), sorted(cov.responsible)  # tom is absent: cannot act
(['alice'], ['alice', 'dave'])
>>> [e.kind for e in ctx.route_evidence(cov.responsible["alice"]).edges]
['delegation']
>>> Context.build(m, date(2027, 1, 1)).delegations_in_force("duty:review")
[]
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from datetime import date
from types import MappingProxyType
from typing import TYPE_CHECKING, NamedTuple

from .findings import Edge, Evidence
from .model import (
    Asset,
    Criticality,
    Delegation,
    Duty,
    Model,
    Person,
    Policy,
    Risk,
    Role,
    Status,
    node_id,
)

if TYPE_CHECKING:
    from .findings import Finding

__all__ = [
    "COVER_LIMIT",
    "Actor",
    "Context",
    "Coverage",
    "Holding",
    "Item",
    "ItemCover",
    "ItemParties",
    "Route",
    "criticality_of",
    "paused_gc",
]

Item = Asset | Risk | Duty

_SECTION_OF = {"asset": "assets", "risk": "risks", "duty": "duties"}


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small acyclic objects.

    Building the indexes of a large model allocates millions of tuples and dicts; each
    allocation burst would trigger full collections that walk the whole model again and
    again (quadratic in practice). Nothing built here forms reference cycles, so pausing
    is safe; the previous state is restored on exit.

    >>> import gc
    >>> with paused_gc():
    ...     gc.isenabled()
    False
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def criticality_of(item: Item) -> Criticality:
    """An item's criticality: an asset's or duty's ``criticality``, a risk's ``level``.

    >>> from graphkit.model import Risk
    >>> criticality_of(Risk(id="R-1", level="high")).value
    'high'
    """
    return item.level if isinstance(item, Risk) else item.criticality


class Holding(NamedTuple):
    """One person holding one role on the as-of date, and the route that proves it.

    ``via`` is the chain of roles from the role assigned to this one, following
    ``inherits`` edges: ``("ism",)`` for a direct holding, ``("ism", "staff")`` when the
    person is assigned ``ism`` and ``ism`` inherits ``staff``. ``assignment`` is the index
    of that assignment in ``Model.assignments``. When a person holds a role by several
    routes, the best is kept: primary before deputy, then the shortest route.
    """

    person: str
    role: str
    deputy: bool
    via: tuple[str, ...]
    assignment: int

    @property
    def is_direct(self) -> bool:
        """True when the person is assigned this very role (not by inheritance)."""
        return len(self.via) == 1

    @property
    def is_primary(self) -> bool:
        """True for a primary (not deputy) holding."""
        return not self.deputy


class Route(NamedTuple):
    """How a person stands on one side of an item.

    ``party`` is what the item names (``role:it-ops``, ``person:bob``) or, for a
    delegation, its recipient; ``relation`` is the edge kind that joins the party to the
    item (``owner``, ``custodian``, ``accountable``, ``responsible``) or ``delegation``;
    ``holding`` is set when the party is a role; ``delegation`` is the index in
    ``Model.delegations`` of the delegation received.
    """

    person: str
    item: str
    party: str
    relation: str
    holding: Holding | None = None
    delegation: int | None = None


@dataclass(frozen=True)
class Coverage:
    """The people who can act on each side of an item, each with the route that proves it."""

    item: str
    accountable: dict[str, Route] = field(default_factory=dict)
    responsible: dict[str, Route] = field(default_factory=dict)


#: How many people who can act :meth:`Context.item_covers` keeps per side of an item:
#: enough to tell "nobody", "only this one" and "several" apart.
COVER_LIMIT = 2

#: What an item names: (accountable parties, responsible relation, responsible parties),
#: parties as ``kind:id`` without repeats (see :meth:`Context.item_parties`).
ItemParties = tuple[tuple[str, ...], str, tuple[str, ...]]


class Actor(NamedTuple):
    """One person who can act for a party: a :class:`Route` without the item and the
    relation, so that every item naming the party shares it (see
    :meth:`Context.route_of`). ``holding`` is set when the party is a role;
    ``delegation`` when the person acts as the recipient of that delegation."""

    person: str
    party: str
    holding: Holding | None = None
    delegation: int | None = None


#: What the accountability checks read of one item, for every item at once (see
#: :meth:`Context.item_covers`): ``(resolved, accountable, responsible)``, where
#: ``resolved`` is :meth:`Context.has_accountable` and ``accountable`` and
#: ``responsible`` are the first people who can act on each side (at most
#: :data:`COVER_LIMIT`, in the order of :meth:`Context.coverage`). A plain tuple: the
#: table holds one per item.
ItemCover = tuple[bool, tuple[Actor, ...], tuple[Actor, ...]]


class Context:
    """A model read on one date under one policy: the indexes every check reads.

    Build it with :meth:`Context.build`; it is not changed afterwards (the only state
    added later is a memo of holding evidence, which is immutable and the same whoever
    asks). The runner hands the findings of the other checks to the checks that judge
    them (``exception-invalid``) through :meth:`with_findings`, a copy.
    """

    model: Model
    as_of: date
    policy: Policy
    findings: tuple[Finding, ...]

    def __init__(self, model: Model, as_of: date, policy: Policy | None = None) -> None:
        self.model = model
        self.as_of = as_of
        self.policy = policy if policy is not None else model.policy
        self.findings = ()
        # where each element was read from (Model.source_of), read once: the lookup
        # through the pydantic model is slow when evidence asks for it per edge
        self._sources: Mapping[tuple[str, int], str] = model._sources
        self._holding_evidence: dict[Holding, Evidence] = {}  # a memo, see holding_evidence

        people = model.people
        self.people: dict[str, Person] = {p.id: p for p in people}
        self.roles: dict[str, Role] = {r.id: r for r in model.roles}
        self.role_index: dict[str, int] = {r.id: i for i, r in enumerate(model.roles)}
        active = Status.active
        self._active: set[str] = {p.id for p in people if p.status is active}
        # per item, in model order (assets, risks, duties): (accountable parties,
        # responsible relation, responsible parties); built column by column, since this
        # runs once per item of the model
        self.items: dict[str, Item] = {}
        self.item_index: dict[str, int] = {}
        self._parties: dict[str, Parties] = {}
        for prefix, section in (("asset:", model.assets), ("risk:", model.risks),
                                ("duty:", model.duties)):
            refs = [prefix + x.id for x in section]
            self.items.update(zip(refs, section, strict=True))
            self.item_index.update(zip(refs, range(len(refs))))
            if prefix == "asset:":
                parties: list[Parties] = [
                    (owner, "custodian", tuple(a.custodians)) if a.custodians else
                    (owner, "owner", owner)
                    for a in section
                    for owner in (_unique(a.owner),)]
            elif prefix == "risk:":
                parties = [(owner, "owner", owner) for k in section
                           for owner in (_unique(k.owner),)]
            else:
                parties = [(_unique(u.accountable), "responsible", tuple(u.responsible))
                           for u in section]
            self._parties.update(zip(refs, parties, strict=True))
        # memos shared by with_findings copies: the people who can act for each party
        # (at most COVER_LIMIT), whether a party resolves to someone accountable, and
        # the table of item_covers
        self._actors: dict[str, tuple[Actor, ...]] = {}
        self._resolves: dict[str, bool] = {}
        self._covers: dict[str, ItemCover] = {}

        self._holders: dict[str, dict[str, Holding]] = {}
        self._held: dict[str, dict[str, Holding]] = {}
        self._direct_primary: dict[str, dict[str, Holding]] = {}
        self._authority: dict[str, int] = {}
        self._build_holdings()

        self._in_force: dict[str, list[int]] = {}
        self._by_scope: dict[str, list[int]] = {}
        for i, d in enumerate(model.delegations):
            self._by_scope.setdefault(d.scope, []).append(i)
            if d.is_valid_on(as_of):
                self._in_force.setdefault(d.scope, []).append(i)

    @cached_property
    def person_index(self) -> dict[str, int]:
        """Each person's index in ``Model.people`` (built on first use)."""
        return {p.id: i for i, p in enumerate(self.model.people)}

    @classmethod
    def build(cls, model: Model, as_of: date | None = None,
              policy: Policy | None = None) -> Context:
        """Read ``model`` as of ``as_of`` (default today) under ``policy`` (default the
        model's own). Linear in the size of the model and of its holdings."""
        with paused_gc():
            return cls(model, as_of if as_of is not None else date.today(), policy)

    def with_findings(self, findings: Iterable[Finding]) -> Context:
        """A copy of this context that also carries ``findings`` (of the other checks),
        for the checks that judge findings, such as ``exception-invalid``."""
        other = object.__new__(Context)
        other.__dict__.update(self.__dict__)
        other.findings = tuple(findings)
        return other

    # --- holdings -------------------------------------------------------------------

    def _build_holdings(self) -> None:
        """Fill holders, held roles, direct primary holders and authority, in one pass
        over the assignments valid on the as-of date (leavers skipped). A person keeps,
        per role, the best route: primary before deputy, then the shortest, then the
        first assignment; insertion order (by role, by person) is first appearance."""
        roles = self.roles
        closure: dict[str, tuple[tuple[str, tuple[str, ...], int], ...]] = {}

        def ancestors(role: str) -> tuple[tuple[str, tuple[str, ...], int], ...]:
            """Every role ``role`` makes its holder hold, with the shortest route (BFS)
            and its authority level."""
            found: dict[str, tuple[str, ...]] = {role: (role,)}
            queue = [role]
            for r in queue:
                rr = roles.get(r)
                if rr is None:
                    continue
                for parent in rr.inherits:
                    if parent not in found:
                        found[parent] = found[r] + (parent,)
                        queue.append(parent)
            out = closure[role] = tuple(
                (r, via, (roles[r].authority or 0) if r in roles else 0)
                for r, via in found.items())
            return out

        holders = self._holders
        held = self._held
        direct = self._direct_primary
        authority = self._authority
        people = self.people
        leaver = Status.leaver
        day = self.as_of
        for i, a in enumerate(self.model.assignments):
            pid = a.person
            person = people.get(pid)
            if person is None or person.status is leaver or not a.is_valid_on(day):
                continue
            deputy = a.deputy
            mine = held.get(pid)
            if mine is None:
                mine = held[pid] = {}
            top = authority.get(pid, 0)
            chain = closure.get(a.role)
            for role, via, level in (chain if chain is not None else ancestors(a.role)):
                old = mine.get(role)
                if old is not None and (old.deputy, len(old.via), old.assignment) <= (
                        deputy, len(via), i):
                    continue
                h = Holding(pid, role, deputy, via, i)
                mine[role] = h
                by_person = holders.get(role)
                if by_person is None:
                    holders[role] = {pid: h}
                else:
                    by_person[pid] = h
                if level > top:
                    top = level
            if top:
                authority[pid] = top
            if not deputy:
                by_person = direct.get(a.role)
                if by_person is None:
                    direct[a.role] = {pid: Holding(pid, a.role, False, (a.role,), i)}
                elif pid not in by_person:
                    by_person[pid] = Holding(pid, a.role, False, (a.role,), i)

    def can_act(self, person: str) -> bool:
        """True when ``person`` is in the model and active (not absent, not a leaver)."""
        return person in self._active

    def holders(self, role: str) -> dict[str, Holding]:
        """Holders of ``role`` on the as-of date, primary and deputy, direct and inherited,
        by person id (leavers excluded; absent people included)."""
        return self._holders.get(role, {})

    def acting_holders(self, role: str) -> dict[str, Holding]:
        """Holders of ``role`` who can act."""
        return {p: h for p, h in self.holders(role).items() if self.can_act(p)}

    def direct_primary_holders(self, role: str) -> dict[str, Holding]:
        """People with a direct, primary assignment to ``role`` valid on the as-of date
        (leavers excluded): the people a role resolves to for accountability."""
        return self._direct_primary.get(role, {})

    def held_roles(self, person: str) -> dict[str, Holding]:
        """The roles ``person`` holds on the as-of date, by role id, with their routes."""
        return self._held.get(person, {})

    def holding(self, person: str, role: str) -> Holding | None:
        """How ``person`` holds ``role``, or None."""
        return self._holders.get(role, {}).get(person)

    def holdings(self) -> Iterator[Holding]:
        """Every (person, role) holding on the as-of date, roles in model order."""
        for r in self.model.roles:
            yield from self._holders.get(r.id, {}).values()

    def authority(self, person: str) -> int:
        """A person's authority: the highest ``authority`` among the roles they hold
        (primary or deputy, direct or inherited) on the as-of date; 0 if none."""
        return self._authority.get(person, 0)

    def party_authority(self, party: str) -> int:
        """Authority of a party: a role's own ``authority`` (0 if undefined), or a
        person's :meth:`authority`."""
        kind, _, pid = party.partition(":")
        if kind == "role":
            role = self.roles.get(pid)
            return (role.authority or 0) if role is not None else 0
        return self.authority(pid)

    # --- items ----------------------------------------------------------------------

    def item(self, ref: str) -> Item:
        """The asset, risk or duty named ``ref`` (``asset:crm``); KeyError if unknown."""
        return self.items[ref]

    def accountable_parties(self, ref: str) -> list[str]:
        """What an item names as accountable: an asset's or risk's ``owner``, a duty's
        ``accountable`` (``kind:id`` references; several only when the register names
        several)."""
        return list(self._parties[ref][0])

    def accountable_relation(self, ref: str) -> str:
        """The edge kind by which an item names its accountable party: ``accountable``
        for a duty, ``owner`` for an asset or risk."""
        return "accountable" if ref.startswith("duty:") else "owner"

    def accountable_people(self, ref: str) -> dict[str, Route]:
        """The people accountable for an item: the direct primary holders of each owner
        role, and each owner person (whatever their status; a leaver too, so that
        checks can say so). Deputies and inherited holders are not accountable."""
        out: dict[str, Route] = {}
        rel = self.accountable_relation(ref)
        for party in self.accountable_parties(ref):
            kind, _, pid = party.partition(":")
            if kind == "role":
                for person, h in self.direct_primary_holders(pid).items():
                    out.setdefault(person, Route(person, ref, party, rel, h))
            elif pid in self.people:
                out.setdefault(pid, Route(pid, ref, party, rel))
        return out

    def has_accountable(self, ref: str) -> bool:
        """True when someone is accountable for the item: an owner role with a direct
        primary holder, or an owner person who is not a leaver. O(parties)."""
        resolves = self._party_resolves
        return any(resolves(party) for party in self._parties[ref][0])

    def _party_resolves(self, party: str) -> bool:
        """True when an accountable party resolves to someone: a role with a direct
        primary holder, or a person who is not a leaver (memoised per party)."""
        found = self._resolves.get(party)
        if found is None:
            kind, _, pid = party.partition(":")
            if kind == "role":
                found = pid in self._direct_primary  # never holds an empty entry
            else:
                p = self.people.get(pid)
                found = p is not None and p.status is not Status.leaver
            self._resolves[party] = found
        return found

    def responsible_parties(self, ref: str) -> list[str]:
        """What an item names as responsible: an asset's ``custodians`` or a duty's
        ``responsible``; an asset with no custodians, and a risk, fall back to their
        owner. Delegations are not included (see :meth:`delegations_in_force`)."""
        return list(self._parties[ref][2])

    def responsible_relation(self, ref: str) -> str:
        """The edge kind by which an item names its responsible parties: ``responsible``
        (duty), ``custodian`` (asset with custodians) or ``owner`` (the fallback)."""
        return self._parties[ref][1]

    def party_routes(self, party: str, item: str, relation: str,
                     delegation: int | None = None) -> Iterator[Route]:
        """The people a party stands for: a role's holders (primary and deputy, direct
        and inherited), or a person who is not a leaver."""
        kind, _, pid = party.partition(":")
        if kind == "role":
            for person, h in self.holders(pid).items():
                yield Route(person, item, party, relation, h, delegation)
        else:
            p = self.people.get(pid)
            if p is not None and p.status is not Status.leaver:
                yield Route(pid, item, party, relation, None, delegation)

    def responsible_routes(self, ref: str) -> Iterator[Route]:
        """Every route by which someone is responsible for an item (a person may appear
        more than once): the responsible parties' holders, then the recipients of each
        delegation of the item in force, founded or not. Leavers are never responsible."""
        rel = self.responsible_relation(ref)
        for party in self.responsible_parties(ref):
            yield from self.party_routes(party, ref, rel)
        for i in self._in_force.get(ref, ()):
            d = self.model.delegations[i]
            yield from self.party_routes(d.to, ref, "delegation", i)

    def responsible_people(self, ref: str) -> dict[str, Route]:
        """The people responsible for an item, each with the first route that proves it
        (absent people included; see :meth:`coverage` for who can act)."""
        out: dict[str, Route] = {}
        for r in self.responsible_routes(ref):
            out.setdefault(r.person, r)
        return out

    def accountable_routes(self, ref: str) -> Iterator[Route]:
        """Every route by which someone stands on the accountable side of an item: the
        holders of each owner role (primary and deputy, direct and inherited), and each
        owner person who is not a leaver."""
        rel = self.accountable_relation(ref)
        for party in self.accountable_parties(ref):
            yield from self.party_routes(party, ref, rel)

    def coverage(self, ref: str, limit: int | None = None) -> Coverage:
        """The people who can act on each side of an item (see the module docstring).

        With ``limit``, each side stops after that many people: ``limit=2`` is enough to
        tell "nobody", "only this one" and "several" apart, in time bounded by the item's
        parties rather than by the size of their roles (``limit`` 1 or 2 is read from
        :meth:`item_covers`' people, without walking the roles again).
        """
        return Coverage(ref, self.acting_accountable(ref, limit),
                        self.acting_responsible(ref, limit))

    def acting_accountable(self, ref: str, limit: int | None = None) -> dict[str, Route]:
        """The accountable side of :meth:`coverage` alone (stopping at ``limit`` people):
        the same as filtering :meth:`accountable_routes` by :meth:`can_act`, without
        making a Route for anyone who cannot act."""
        if limit == 1 or limit == 2:
            rel = self.accountable_relation(ref)
            return {a.person: Route(a.person, ref, a.party, rel, a.holding)
                    for a in self._item_cover(ref)[1][:limit]}
        acc: dict[str, Route] = {}
        rel = self.accountable_relation(ref)
        for party in self._parties[ref][0]:
            if self._add_acting(acc, party, ref, rel, None, limit):
                break
        return acc

    def acting_responsible(self, ref: str, limit: int | None = None) -> dict[str, Route]:
        """The responsible side of :meth:`coverage` alone (stopping at ``limit`` people):
        :meth:`responsible_routes` filtered by :meth:`can_act`."""
        if limit == 1 or limit == 2:
            return {a.person: self.route_of(ref, "responsible", a)
                    for a in self._item_cover(ref)[2][:limit]}
        res: dict[str, Route] = {}
        rel = self.responsible_relation(ref)
        for party in self._parties[ref][2]:
            if self._add_acting(res, party, ref, rel, None, limit):
                return res
        for i in self._in_force.get(ref, ()):
            if self._add_acting(res, self.model.delegations[i].to, ref, "delegation", i,
                                limit):
                break
        return res

    def route_of(self, ref: str, side: str, actor: Actor) -> Route:
        """The :class:`Route` by which ``actor`` stands on ``side`` (``accountable`` or
        ``responsible``) of item ``ref``: the same route :meth:`coverage` gives."""
        if actor.delegation is not None:
            relation = "delegation"
        elif side == "accountable":
            relation = self.accountable_relation(ref)
        else:
            relation = self._parties[ref][1]
        return Route(actor.person, ref, actor.party, relation, actor.holding,
                     actor.delegation)

    def item_parties(self) -> Mapping[str, ItemParties]:
        """Every item's parties at once, by item reference in model order (assets, risks,
        duties): (:meth:`accountable_parties`, :meth:`responsible_relation`,
        :meth:`responsible_parties`), as tuples. A read-only view, for checks that
        read every item."""
        return MappingProxyType(self._parties)

    def item_covers(self) -> Mapping[str, ItemCover]:
        """Every item's :data:`ItemCover` (whether it resolves to someone accountable,
        and the first :data:`COVER_LIMIT` people who can act on each side), by item
        reference in model order. Computed once for all items, on first use, and shared
        by every check that reads coverage (and by :meth:`with_findings` copies).

        Each party is read once, however many items name it (its first people who can
        act are memoised), so the table costs O(items x their parties + delegations in
        force), not O(items x holders). A read-only view.
        """
        covers = self._covers
        if covers or not self._parties:
            return MappingProxyType(covers)
        memo = self._actors
        actors = self.acting_actors
        resolves = self._party_resolves
        # per owner party: (resolves to someone accountable, its people who can act)
        owners: dict[str, tuple[bool, tuple[Actor, ...]]] = {}
        for ref, (acc_parties, _, res_parties) in self._parties.items():
            if len(acc_parties) == 1:
                party = acc_parties[0]
                found = owners.get(party)
                if found is None:
                    found = owners[party] = (resolves(party), actors(party))
                resolved, acc = found
            else:
                resolved = any(resolves(p) for p in acc_parties)
                acc = _first_people([actors(p) for p in acc_parties])
            if res_parties is acc_parties:  # the owner fallback: the same people
                res = acc
            elif len(res_parties) == 1:
                res = memo.get(res_parties[0])
                if res is None:
                    res = actors(res_parties[0])
            else:
                res = _first_people([actors(p) for p in res_parties])
            covers[ref] = (resolved, acc, res)
        # the recipients of delegations in force come after the named parties
        for ref, indexes in self._in_force.items():
            cover = covers.get(ref)
            if cover is not None and len(cover[2]) < COVER_LIMIT:
                covers[ref] = (cover[0], cover[1], _first_people(
                    [cover[2], *(self._delegate_actors(i) for i in indexes)]))
        return MappingProxyType(covers)

    def _item_cover(self, ref: str) -> ItemCover:
        found = self._covers.get(ref)
        return found if found is not None else self._compute_cover(ref)

    def _compute_cover(self, ref: str) -> ItemCover:
        """One item's :class:`ItemCover`, when the table is not built (the same reading
        as :meth:`item_covers`)."""
        acc_parties, _, res_parties = self._parties[ref]
        actors = self.acting_actors
        resolved = any(self._party_resolves(p) for p in acc_parties)
        acc = _first_people([actors(p) for p in acc_parties])
        res = _first_people([*(actors(p) for p in res_parties),
                             *(self._delegate_actors(i) for i in self._in_force.get(ref, ()))])
        return (resolved, acc, res)

    def acting_actors(self, party: str) -> tuple[Actor, ...]:
        """The first people (at most :data:`COVER_LIMIT`) a party stands for who can act,
        in the order of :meth:`party_routes`: a role's holders (primary and deputy,
        direct and inherited), or the person. Memoised per party."""
        found = self._actors.get(party)
        if found is None:
            active = self._active
            kind, _, pid = party.partition(":")
            if kind == "role":
                people: list[Actor] = []
                for person, h in self._holders.get(pid, {}).items():
                    if person in active:
                        people.append(Actor(person, party, h))
                        if len(people) == COVER_LIMIT:
                            break
                found = tuple(people)
            else:
                found = (Actor(pid, party),) if pid in active else ()
            self._actors[party] = found
        return found

    def _delegate_actors(self, index: int) -> tuple[Actor, ...]:
        """:meth:`acting_actors` of the recipient of delegation ``index``, acting by it."""
        return tuple(Actor(a.person, a.party, a.holding, index)
                     for a in self.acting_actors(self.model.delegations[index].to))

    def _add_acting(self, side: dict[str, Route], party: str, item: str, relation: str,
                    delegation: int | None, cap: int | None) -> bool:
        """Add to ``side`` the people ``party`` stands for who can act (in the order of
        :meth:`party_routes`) and are not on it yet; True once ``side`` holds ``cap``
        (never when ``cap`` is None)."""
        active = self._active
        kind, _, pid = party.partition(":")
        if kind == "role":
            for person, h in self._holders.get(pid, {}).items():
                if person in active and person not in side:
                    side[person] = Route(person, item, party, relation, h, delegation)
                    if cap is not None and len(side) >= cap:
                        return True
        elif pid in active and pid not in side:
            side[pid] = Route(pid, item, party, relation, None, delegation)
            if cap is not None and len(side) >= cap:
                return True
        return False

    # --- delegations ----------------------------------------------------------------

    def delegations_in_force(self, scope: str) -> list[int]:
        """Indexes (in ``Model.delegations``) of the delegations of ``scope`` valid on the
        as-of date, in model order."""
        return list(self._in_force.get(scope, ()))

    def delegations_of(self, scope: str) -> list[int]:
        """Indexes of every delegation of ``scope``, whatever its dates."""
        return list(self._by_scope.get(scope, ()))

    def delegation_scopes(self) -> list[str]:
        """Every scope named by a delegation, in order of first appearance."""
        return list(self._by_scope)

    def is_delegable(self, scope: str) -> bool:
        """False when an accountable or responsible role of the item (its owner,
        custodians or RACI responsible roles) has ``delegable: false``."""
        if scope not in self.items:
            return True
        it = self.items[scope]
        parties = self.accountable_parties(scope) + (
            list(it.responsible) if isinstance(it, Duty) else
            list(it.custodians) if isinstance(it, Asset) else [])
        for party in parties:
            kind, _, pid = party.partition(":")
            role = self.roles.get(pid) if kind == "role" else None
            if role is not None and not role.delegable:
                return False
        return True

    # --- evidence -------------------------------------------------------------------

    def source(self, section: str, index: int) -> str | None:
        """Where element ``index`` of ``section`` was read from (see Model.source_of)."""
        return self._sources.get((section, index))

    def holding_edges(self, h: Holding) -> list[Edge]:
        """The edges that prove a holding: the assignment, then each ``inherits`` edge."""
        edges = [_edge(u=node_id("person", h.person), v=node_id("role", h.via[0]),
                      kind="holds", key="holds", source=self.source("assignments", h.assignment))]
        for child, parent in zip(h.via, h.via[1:], strict=False):
            edges.append(_edge(u=node_id("role", child), v=node_id("role", parent),
                              kind="inherits", key="inherits",
                              source=self.source("roles", self.role_index.get(child, -1))))
        return edges

    def holding_evidence(self, h: Holding, label: str | None = None) -> Evidence:
        """Evidence that ``h.person`` holds ``h.role`` (with the default label, built once
        per holding and shared: evidence is immutable)."""
        if label is None:
            cached = self._holding_evidence.get(h)
            if cached is None:
                cached = self._holding_evidence[h] = self.holding_evidence(h, "")
            return cached
        edges = self.holding_edges(h)
        what = "deputy" if h.deputy else "holder"
        return _evidence(label=label or f"{h.person} is {what} of {h.role}"
                        + ("" if h.is_direct else " by inheritance"),
                        nodes=_nodes(edges), edges=edges)

    def delegation_edge(self, index: int) -> Edge:
        """The edge of delegation ``index``: ``from -> to``, keyed ``delegation:<id>``."""
        d = self.model.delegations[index]
        return _edge(u=d.from_, v=d.to, kind="delegation", key=f"delegation:{d.id}",
                    source=self.source("delegations", index))

    def item_edge(self, party: str, item: str, relation: str) -> Edge:
        """The edge by which an item names a party (``owner``, ``custodian``, ...)."""
        kind = item.partition(":")[0]
        return _edge(u=party, v=item, kind=relation, key=relation,
                    source=self.source(_SECTION_OF[kind], self.item_index.get(item, -1)))

    def route_edges(self, r: Route) -> list[Edge]:
        """The edges that prove a route: the holding (if through a role), then the
        delegation received or the edge by which the item names the party."""
        edges = self.holding_edges(r.holding) if r.holding is not None else []
        if r.delegation is not None:
            edges.append(self.delegation_edge(r.delegation))
        else:
            edges.append(self.item_edge(r.party, r.item, r.relation))
        return edges

    def route_evidence(self, r: Route, label: str | None = None) -> Evidence:
        """Evidence for a route, labelled with who stands where and why."""
        edges = self.route_edges(r)
        if label is None:
            how = (f"by delegation {self.model.delegations[r.delegation].id}"
                   if r.delegation is not None else f"as {r.relation} {r.party}")
            if r.holding is not None and r.holding.deputy:
                how += " (deputy)"
            label = f"{r.person} on {r.item} {how}"
        nodes = _nodes(edges)
        if r.item not in nodes:
            nodes.append(r.item)
        return _evidence(label=label, nodes=nodes, edges=edges)

    def delegation_of(self, index: int) -> Delegation:
        """Delegation ``index`` of the model."""
        return self.model.delegations[index]


def _first_people(groups: list[tuple[Actor, ...]]) -> tuple[Actor, ...]:
    """The first :data:`COVER_LIMIT` distinct people of ``groups``, in order. Each group
    holds a party's first COVER_LIMIT people, which is enough: a later group is read
    only while fewer than COVER_LIMIT people are found, so at most that many of its
    people can be repeats."""
    out: list[Actor] = []
    seen: set[str] = set()
    for group in groups:
        for a in group:
            if a.person not in seen:
                seen.add(a.person)
                out.append(a)
                if len(out) == COVER_LIMIT:
                    return tuple(out)
    return tuple(out)


def _unique(parties: list[str]) -> tuple[str, ...]:
    """The parties without repeats, in order (most lists name one party)."""
    return tuple(parties) if len(parties) < 2 else tuple(dict.fromkeys(parties))


def _nodes(edges: list[Edge]) -> list[str]:
    out: list[str] = []
    for e in edges:
        for n in (e.u, e.v):
            if n not in out:
                out.append(n)
    return out


def _edge(*, u: str, v: str, kind: str, key: str | None, source: str | None) -> Edge:
    # (pydantic's compiled validation is faster than model_construct here)
    return Edge(u=u, v=v, kind=kind, key=key, source=source)


def _evidence(*, label: str | None, nodes: list[str], edges: list[Edge]) -> Evidence:
    return Evidence(label=label, nodes=nodes, edges=edges)
