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
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, NamedTuple

import numpy as np
import polars as pl

from .findings import _EDGE_FIELDS, _EVIDENCE_FIELDS, Edge, Evidence, _trusted
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
    "CoverTable",
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
#: By item kind code (asset 0, risk 1, duty 2): the section, and the accountable relation.
_SECTIONS = ("assets", "risks", "duties")
_ACCOUNTABLE_RELATION = ("owner", "owner", "accountable")


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


#: How many people who can act :meth:`Context.cover_table` keeps per side of an item:
#: enough to tell "nobody", "only this one" and "several" apart (the table's columns
#: are written for two).
COVER_LIMIT = 2

#: What an item names: (accountable parties, responsible relation, responsible parties),
#: parties as ``kind:id`` without repeats (:meth:`Context.accountable_parties`,
#: :meth:`Context.responsible_relation`, :meth:`Context.responsible_parties`).
ItemParties = tuple[Sequence[str], str, Sequence[str]]


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
#: :meth:`Context.item_cover`): ``(resolved, accountable, responsible)``, where
#: ``resolved`` is :meth:`Context.has_accountable` and ``accountable`` and
#: ``responsible`` are the first people who can act on each side (at most
#: :data:`COVER_LIMIT`, in the order of :meth:`Context.coverage`). A plain tuple: the
#: table holds one per item.
ItemCover = tuple[bool, tuple[Actor, ...], tuple[Actor, ...]]


@dataclass(frozen=True, eq=False, repr=False)
class CoverTable:
    """Every item's coverage at once, as columns over item positions (the items in
    model order: assets, then risks, then duties), built by :meth:`Context.cover_table`.

    - ``refs``: the item references, by position;
    - ``resolved``: :meth:`Context.has_accountable` per item;
    - ``n_accountable``, ``n_responsible``: how many people can act on each side, at
      most :data:`COVER_LIMIT`;
    - ``accountable_person``, ``responsible_person``: the position in ``Model.people``
      of the first person who can act on each side, -1 for nobody (with the counts,
      who alone covers a side, column-wise);
    - ``parties``: every party name an item names (and every delegate), once, by
      *party code*; ``accountable_party``: per item, the code of its one accountable
      party, -1 when it names none or several (``several``: the positions of those
      naming several, in order); ``party_person``: per party code, the person's
      position in ``Model.people`` for a person party, -1 otherwise;
    - ``roster``: one row per person (``pid``, ``code``: position in ``Model.people``,
      ``acting``: can act, ``present``: not a leaver).

    Who can act is read with :meth:`Context.item_covers` (positions) or
    :meth:`Context.coverage` (references), in time bounded by the item's parties. The
    rest is how: ``_res_parties`` is every item's responsible parties one after another,
    then the recipients of the delegations in force (``_res_delegation``: the index of
    the delegation, -1 for a named party), and ``_res_order`` puts them in reading
    order (by item, named parties first); ``_res_first`` / ``_res_second`` point at the
    first two distinct people who can act in that order (``2 * j + k`` is the ``k``-th
    person of the ``j``-th party in reading order; ``-1``: nobody); ``_computed`` holds
    the covers of the items naming several accountable parties, read one by one.
    """

    refs: list[str]
    resolved: np.ndarray
    n_accountable: np.ndarray
    n_responsible: np.ndarray
    accountable_person: np.ndarray
    responsible_person: np.ndarray
    parties: pl.Series
    accountable_party: np.ndarray
    party_person: np.ndarray
    several: list[int]
    roster: pl.DataFrame
    _acc_party: list[str]
    _res_parties: list[str]
    _res_order: np.ndarray
    _res_delegation: np.ndarray
    _res_first: np.ndarray
    _res_second: np.ndarray
    _computed: dict[int, ItemCover]

    def __len__(self) -> int:
        return len(self.refs)

    def __repr__(self) -> str:
        return f"<CoverTable of {len(self.refs)} items>"


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
        self._parties: dict[str, ItemParties] = {}
        refs = self._index("asset:", model.assets)
        self._parties.update(zip(refs, _asset_parties(model.assets), strict=True))
        refs = self._index("risk:", model.risks)
        self._parties.update(zip(refs, _risk_parties(model.risks), strict=True))
        refs = self._index("duty:", model.duties)
        self._parties.update(zip(refs, [
            (_unique(u.accountable), "responsible", u.responsible) for u in model.duties],
            strict=True))
        # memos shared by with_findings copies: the people who can act for each party
        # (at most COVER_LIMIT), whether a party resolves to someone accountable, and
        # the cover_table
        self._actors: dict[str, tuple[Actor, ...]] = {}
        self._resolves: dict[str, bool] = {}
        self._covers: dict[str, CoverTable] = {}

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

    def _index(self, prefix: str, section: list[Asset] | list[Risk] | list[Duty]
               ) -> list[str]:
        """Index one section of items (``items``, ``item_index``); its references."""
        refs = [prefix + x.id for x in section]
        self.items.update(zip(refs, section, strict=True))
        self.item_index.update(zip(refs, range(len(refs))))
        return refs

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
        closure: dict[str, Ancestry] = {}
        roles = self.roles

        def ancestors(role: str) -> Ancestry:
            return _ancestry(roles, role, closure)

        holders = self._holders
        held = self._held
        direct = self._direct_primary
        authority = self._authority
        people = self.people
        leaver = Status.leaver
        day = self.as_of
        make = tuple.__new__  # Holding(...) without its Python-level __new__
        for i, a in enumerate(self.model.assignments):
            pid = a.person
            person = people.get(pid)
            if person is None or person.status is leaver:
                continue
            start, until = a.from_, a.until  # a.is_valid_on(day), inline
            if (start is not None and start > day) or (until is not None and day > until):
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
                h = make(Holding, (pid, role, deputy, via, i))
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
                role = a.role
                by_person = direct.get(role)
                if by_person is None:
                    direct[role] = {pid: make(Holding, (pid, role, False, (role,), i))}
                elif pid not in by_person:
                    by_person[pid] = make(Holding, (pid, role, False, (role,), i))

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

    def held_by_person(self) -> Mapping[str, Mapping[str, Holding]]:
        """Every person who holds a role on the as-of date (leavers excluded), in order
        of their first such assignment -> :meth:`held_roles`; for a check that goes
        person by person without asking every person in the model.

        >>> from graphkit.model import validate_model
        >>> ctx = Context.build(validate_model({"people": [{"id": "bob"}, {"id": "ann"}],
        ...     "roles": [{"id": "ism", "inherits": ["staff"]}, {"id": "staff"}],
        ...     "assignments": [{"person": "ann", "role": "ism"}]}))
        >>> {p: list(held) for p, held in ctx.held_by_person().items()}
        {'ann': ['ism', 'staff']}
        """
        return self._held

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
        :meth:`cover_table`, without walking the roles again).
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

    def cover_table(self) -> CoverTable:
        """Every item's coverage at once (see :class:`CoverTable`): whether it resolves
        to someone accountable, and how many people (at most :data:`COVER_LIMIT`) can
        act on each side. Built on first use and shared by every check that reads
        coverage (and by :meth:`with_findings` copies).

        Each distinct party is read once, however many items name it; the items are
        then read column-wise: party names encoded by polars, each item's first two
        distinct people per side found by numpy over the flattened parties. Items that
        name several accountable parties are read one by one. The same reading as
        :meth:`coverage` by construction, and compared with it item by item in the
        tests.
        """
        table = self._covers.get("table")
        if table is None:
            table = self._covers["table"] = self._build_cover_table()
        return table

    def _build_cover_table(self) -> CoverTable:
        refs = list(self._parties)
        n = len(refs)
        sides = list(self._parties.values())
        # one accountable party per item ("" for none or several); every item's
        # responsible parties in a row, then the recipients of delegations in force
        acc_party = [a[0] if len(a) == 1 else "" for a, _, _ in sides]
        res_count = np.fromiter((len(r) for _, _, r in sides), np.int64, n)
        res_parties = [p for _, _, r in sides for p in r]
        named = len(res_parties)
        offset = {"asset": 0, "risk": len(self.model.assets),
                  "duty": len(self.model.assets) + len(self.model.risks)}
        delegations = self.model.delegations
        d_item: list[int] = []
        d_index: list[int] = []
        for ref, indexes in self._in_force.items():
            if ref in self._parties:
                at = offset[ref.partition(":")[0]] + self.item_index[ref]
                for i in indexes:
                    d_item.append(at)
                    d_index.append(i)
                    res_parties.append(delegations[i].to)
        # party names encoded once: codes into ``distinct`` ("" stands for no party)
        names = pl.Series(acc_party + res_parties, dtype=pl.String)
        distinct = names.unique(maintain_order=True)
        codes = names.cast(pl.Enum(distinct)).to_physical().to_numpy().astype(np.int64)
        roster = self._roster()
        # per distinct party: resolves to someone accountable; its first two people
        # who can act, as codes of people (-1: nobody); its person
        p_resolves, p_first, p_second, p_person = self._party_columns(distinct, roster)
        acc = codes[:n]
        resolved = p_resolves[acc]
        n_acc = (p_first[acc] >= 0).astype(np.int8) + (p_second[acc] >= 0)
        # responsible side: each item's parties in order, its delegations after them
        # (a stable sort by item); two people per party, the first valid one, then the
        # first valid one who is someone else
        res_item = np.repeat(np.arange(n), res_count)
        res_delegation = np.full(len(res_parties), -1, dtype=np.int64)
        if d_item:
            res_item = np.concatenate([res_item, np.asarray(d_item, dtype=np.int64)])
            res_delegation[named:] = d_index
            order = np.argsort(res_item, kind="stable")
        else:
            order = np.arange(len(res_parties))
        res = codes[n:][order]
        people = np.stack([p_first[res], p_second[res]], axis=1).ravel()
        owner = np.repeat(res_item[order], 2)
        res_first = _first_per_group(owner, people >= 0, n)
        who = np.full(n, -1, dtype=np.int64)  # the first one's code
        found = res_first >= 0
        who[found] = people[res_first[found]]
        res_second = _first_per_group(owner, (people >= 0) & (people != who[owner]), n)
        n_res = (res_first >= 0).astype(np.int8) + (res_second >= 0)
        acc_who = p_first[acc]  # the accountable side's first person ("" has nobody)
        # no accountable party, or several: the latter read one by one
        none = distinct.index_of("")
        if none is not None:
            acc = np.where(acc == none, -1, acc)
        computed: dict[int, ItemCover] = {}
        several = [i for i in np.flatnonzero(acc < 0).tolist() if len(sides[i][0]) > 1]
        for i in several:
            cover = computed[i] = self._compute_cover(refs[i])
            resolved[i] = cover[0]
            n_acc[i] = len(cover[1])
        covered = [i for i in several if computed[i][1]]
        if covered:
            acc_who[covered] = _person_codes([computed[i][1][0].person for i in covered],
                                             roster)
        return CoverTable(refs, resolved, n_acc, n_res, acc_who, who, distinct, acc,
                          p_person, several, roster, acc_party, res_parties, order,
                          res_delegation, res_first, res_second, computed)

    def _roster(self) -> pl.DataFrame:
        """One row per person: ``pid``, ``code`` (position in ``Model.people``),
        ``acting`` (can act), ``present`` (not a leaver)."""
        people = self.model.people
        roster = pl.DataFrame(
            {"pid": pl.Series([p.id for p in people], dtype=pl.String),
             "status": pl.Series([p.status for p in people],
                                 dtype=pl.Enum([s.value for s in Status]))})
        return roster.select(
            "pid", code=pl.int_range(pl.len(), dtype=pl.Int64),
            acting=pl.col("status") == Status.active.value,
            present=pl.col("status") != Status.leaver.value)

    def _party_columns(self, parties: pl.Series, roster: pl.DataFrame
                       ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """For each party name: whether it resolves to someone accountable; the codes
        (positions in ``Model.people``) of its first two people who can act, -1 for
        nobody; and the code of the person a person party names, -1 for a role.
        Person parties are read column-wise; each role party once."""
        split = parties.str.splitn(":", 2).struct.unnest()
        role = split.get_column("field_0").to_numpy() == "role"
        found = (split.select(pl.col("field_1").alias("pid"))
                 .join(roster, on="pid", how="left", maintain_order="left"))
        person = np.where(role, -1, found.get_column("code").fill_null(-1).to_numpy())
        resolves = found.get_column("present").fill_null(False).to_numpy() & ~role
        first = np.where(found.get_column("acting").fill_null(False).to_numpy(), person, -1)
        second = np.full(len(parties), -1, dtype=np.int64)
        # roles: whether they have a direct primary holder, and their first acting
        # holders (memoised Actors), one by one; then those people's codes
        roles = np.flatnonzero(role)
        if len(roles):
            names = parties.gather(roles).to_list()
            direct = self._direct_primary
            resolves[roles] = [name.partition(":")[2] in direct for name in names]
            holders = [self.acting_actors(name) for name in names]
            codes = _person_codes(
                [a[0].person if a else None for a in holders]
                + [a[1].person if len(a) > 1 else None for a in holders], roster)
            first[roles] = codes[:len(roles)]
            second[roles] = codes[len(roles):]
        return resolves, first, second, person

    def person_codes(self, pids: list[str]) -> np.ndarray:
        """The positions in ``Model.people`` of person ids, -1 for one not in the model
        (column-wise, through the :class:`CoverTable` roster).

        >>> from graphkit.model import validate_model
        >>> ctx = Context.build(validate_model({"people": [{"id": "ann"}, {"id": "bob"}]}))
        >>> ctx.person_codes(["bob", "zed", "ann"]).tolist()
        [1, -1, 0]
        """
        return _person_codes(list(pids), self.cover_table().roster)

    def item_cover(self, position: int) -> ItemCover:
        """The :data:`ItemCover` of the item at ``position`` in :meth:`cover_table`:
        whether it resolves, and the first people who can act on each side, as
        :class:`Actor` (made from the table; the table is built if needed)."""
        return self.item_covers([position])[0]

    def item_covers(self, positions: Iterable[int] | np.ndarray) -> list[ItemCover]:
        """:meth:`item_cover` of many items at once (positions in :meth:`cover_table`),
        in the order given."""
        table = self.cover_table()
        at = np.asarray(positions, dtype=np.int64).reshape(-1)
        actors = self.acting_actors
        res_parties = table._res_parties
        computed = table._computed
        # each responsible person's party (index in _res_parties) and delegation
        sides = []
        for column in (table._res_first[at], table._res_second[at]):
            found = column >= 0
            j = np.full(len(at), -1, dtype=np.int64)
            j[found] = table._res_order[column[found] >> 1]
            d = np.full(len(at), -1, dtype=np.int64)
            d[found] = table._res_delegation[j[found]]
            sides.append((j.tolist(), (column & 1).tolist(), d.tolist()))
        (j1, k1, d1), (j2, k2, d2) = sides
        out: list[ItemCover] = []
        for n, (i, resolved, n_acc) in enumerate(zip(
                at.tolist(), table.resolved[at].tolist(), table.n_accountable[at].tolist(),
                strict=True)):
            several = computed.get(i)
            if several is not None:
                acc = several[1]
            else:
                acc = actors(table._acc_party[i])[:n_acc] if n_acc else ()
            res: tuple[Actor, ...] = ()
            if j1[n] >= 0:
                a = actors(res_parties[j1[n]])[k1[n]]
                if d1[n] >= 0:
                    a = Actor(a.person, a.party, a.holding, d1[n])
                res = (a,)
                if j2[n] >= 0:
                    b = actors(res_parties[j2[n]])[k2[n]]
                    if d2[n] >= 0:
                        b = Actor(b.person, b.party, b.holding, d2[n])
                    res = (a, b)
            out.append((resolved, acc, res))
        return out

    def _item_cover(self, ref: str) -> ItemCover:
        """One item's cover: from the table when it is built, else read directly."""
        table = self._covers.get("table")
        if table is None:
            return self._compute_cover(ref)
        kind = ref.partition(":")[0]
        position = self.item_index[ref] + (
            0 if kind == "asset" else len(self.model.assets) if kind == "risk" else
            len(self.model.assets) + len(self.model.risks))
        return self.item_cover(position)

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
    #
    # The same edge (an assignment, an inheritance, an item's owner, a delegation) proves
    # many findings; each is built once, with its source, and shared (edges are frozen).

    @cached_property
    def _memo(self) -> _EdgeMemo:
        """The edges built so far (made on first use; shared by :meth:`with_findings`
        copies made after it, which is harmless: the same edge whoever asks)."""
        return _EdgeMemo()

    @cached_property
    def _source_of(self) -> Callable[[tuple[str, int]], str | None]:
        """``self._sources.get``, without the Python-level ``Mapping.get`` in between
        when the sources are a mapping computed on demand (a CSV folder's rows)."""
        sources = self._sources
        if isinstance(sources, dict):
            return sources.get
        getitem = sources.__getitem__

        def get(key: tuple[str, int]) -> str | None:
            try:
                return getitem(key)
            except KeyError:
                return None
        return get

    def source(self, section: str, index: int) -> str | None:
        """Where element ``index`` of ``section`` was read from (see Model.source_of)."""
        return self._source_of((section, index))

    def person_ref(self, person: str) -> str:
        """The node id ``person:<id>``: one string per person, shared by the edges,
        evidence and findings that name them (a large report names people millions of
        times).

        >>> from graphkit.model import validate_model
        >>> ctx = Context.build(validate_model({"people": [{"id": "ann"}]}))
        >>> ctx.person_ref("ann"), ctx.person_ref("ann") is ctx.person_ref("ann")
        ('person:ann', True)
        """
        refs = self._memo.people
        ref = refs.get(person)
        if ref is None:
            ref = refs[person] = "person:" + person
        return ref

    def _holds_edge(self, person: str, role: str, assignment: int) -> Edge:
        # ``person`` and ``role`` are those of assignment ``assignment``: it alone is key
        memo = self._memo
        e = memo.holds.get(assignment)
        if e is None:
            ref = memo.people.get(person)
            if ref is None:
                ref = memo.people[person] = "person:" + person
            e = memo.holds[assignment] = _edge(
                ref, "role:" + role, "holds", "holds",
                self._source_of(("assignments", assignment)))
        return e

    def _inherits_edge(self, child: str, parent: str) -> Edge:
        key = (child, parent)
        e = self._memo.inherits.get(key)
        if e is None:
            e = self._memo.inherits[key] = _edge(
                node_id("role", child), node_id("role", parent), "inherits", "inherits",
                self.source("roles", self.role_index.get(child, -1)))
        return e

    def _inheritance_chain(self, via: tuple[str, ...]
                           ) -> tuple[tuple[str, ...], tuple[Edge, ...]]:
        """The roles of a route ``via`` as nodes (``role:<id>`` each) and its ``inherits``
        edges, built once per route and shared by every holding through it; a route is
        built on the longest of its beginnings already built (the routes of one assigned
        role share them), and each beginning is kept too. With the holder in front, the
        nodes are those :func:`_nodes` finds for the holding's edges: a route never
        repeats a role (it is a shortest path), and ``person:...`` is no ``role:...``.
        """
        chains = self._memo.chains
        k = len(via) - 1
        while k > 1 and via[:k] not in chains:
            k -= 1
        nodes, edges = chains[via[:k]] if k > 1 else ((node_id("role", via[0]),), ())
        for i in range(k, len(via)):
            edge = self._inherits_edge(via[i - 1], via[i])
            nodes += (edge.v,)
            edges += (edge,)
            chains[via[:i + 1]] = (nodes, edges)
        return nodes, edges

    def _holding_edges(self, h: Holding) -> list[Edge]:
        """The edges of :meth:`holding_evidence` (shared: not to be changed)."""
        return self.holding_evidence(h).edges

    def holding_edges(self, h: Holding) -> list[Edge]:
        """The edges that prove a holding: the assignment, then each ``inherits`` edge."""
        return list(self.holding_evidence(h).edges)

    def holding_evidence(self, h: Holding, label: str | None = None) -> Evidence:
        """Evidence that ``h.person`` holds ``h.role``: the edges that prove it (the
        assignment, then each ``inherits`` edge) and their nodes. With the default label
        it is built once per holding and shared (evidence is immutable); the edges of
        every evidence and route through the holding are read from it."""
        cached = self._holding_evidence.get(h)
        if cached is None:
            cached = self._holding_evidence[h] = self.unkept_holding_evidence(h)
        if not label:  # None or "": the default label
            return cached
        return _evidence(label, list(cached.nodes), list(cached.edges))

    def unkept_holding_evidence(self, h: Holding) -> Evidence:
        """:meth:`holding_evidence` with the default label, the same evidence, without
        keeping it for the next call (read from the memo if it is there): for a check
        that makes one finding per holding (``not-acknowledged``), whose evidence, a
        million at a million people, would otherwise outlive its findings.

        >>> from graphkit.model import validate_model
        >>> ctx = Context.build(validate_model({"people": [{"id": "ann"}],
        ...     "roles": [{"id": "ism", "inherits": ["staff"]}, {"id": "staff"}],
        ...     "assignments": [{"person": "ann", "role": "ism"}]}))
        >>> h = ctx.holding("ann", "staff")
        >>> e = ctx.unkept_holding_evidence(h)
        >>> e.label, e.nodes
        ('ann is holder of staff by inheritance', ['person:ann', 'role:ism', 'role:staff'])
        >>> e == ctx.holding_evidence(h) and e is not ctx.holding_evidence(h)
        True
        """
        kept = self._holding_evidence.get(h)
        if kept is not None:
            return kept
        person, role, deputy, via, assignment = h
        first = self._memo.holds.get(assignment)
        if first is None:
            first = self._holds_edge(person, via[0], assignment)
        if len(via) == 1:  # one edge, person -> role
            said = f"{person} is {'deputy' if deputy else 'holder'} of {role}"
            edges = [first]
            nodes = [first.u, first.v]  # as _nodes: "person:..." != "role:..."
        else:
            said = (f"{person} is {'deputy' if deputy else 'holder'} of {role} "
                    "by inheritance")
            chain = self._memo.chains.get(via)
            if chain is None:
                chain = self._inheritance_chain(via)
            edges = [first, *chain[1]]
            nodes = [first.u, *chain[0]]
        return _trusted(Evidence, {"label": said, "nodes": nodes, "edges": edges},
                        _EVIDENCE_FIELDS)

    def delegation_edge(self, index: int) -> Edge:
        """The edge of delegation ``index``: ``from -> to``, keyed ``delegation:<id>``."""
        e = self._memo.delegation.get(index)
        if e is None:
            d = self.model.delegations[index]
            e = self._memo.delegation[index] = _edge(d.from_, d.to, "delegation", f"delegation:{d.id}",
                                           self.source("delegations", index))
        return e

    def delegation_evidence(self, index: int) -> Evidence:
        """Evidence of delegation ``index``: its edge, labelled ``delegation <id>``, with
        its parties and scope as nodes (built once and shared)."""
        memo = self._memo.delegation_evidence
        ev = memo.get(index)
        if ev is None:
            d = self.model.delegations[index]
            ev = memo[index] = _evidence(f"delegation {d.id}", [d.from_, d.to, d.scope],
                                         [self.delegation_edge(index)])
        return ev

    def item_edge(self, party: str, item: str, relation: str) -> Edge:
        """The edge by which an item names a party (``owner``, ``custodian``, ...)."""
        key = (party, item, relation)
        memo = self._memo.item
        e = memo.get(key)
        if e is None:
            e = memo[key] = _edge(party, item, relation, relation, self._source_of(
                (_SECTION_OF[item.partition(":")[0]], self.item_index.get(item, -1))))
        return e

    def route_edges(self, r: Route) -> list[Edge]:
        """The edges that prove a route: the holding (if through a role), then the
        delegation received or the edge by which the item names the party."""
        edges = list(self._holding_edges(r.holding)) if r.holding is not None else []
        if r.delegation is not None:
            edges.append(self.delegation_edge(r.delegation))
        else:
            edges.append(self.item_edge(r.party, r.item, r.relation))
        return edges

    def route_evidence(self, r: Route, label: str | None = None) -> Evidence:
        """Evidence for a route, labelled with who stands where and why."""
        h = r.holding
        last = (self.delegation_edge(r.delegation) if r.delegation is not None
                else self.item_edge(r.party, r.item, r.relation))
        if label is None:
            how = (f"by delegation {self.model.delegations[r.delegation].id}"
                   if r.delegation is not None else f"as {r.relation} {r.party}")
            if h is not None and h.deputy:
                how += " (deputy)"
            label = f"{r.person} on {r.item} {how}"
        return self._proof(label, h, last, r.item)

    def actor_evidence(self, ref: str, side: str, actor: Actor, label: str) -> Evidence:
        """The same evidence as ``route_evidence(route_of(ref, side, actor), label)``,
        without making the route, for an actor made by this context (:meth:`item_cover`,
        :meth:`acting_actors`), whose holding, if any, is of the very role it acts for."""
        h = actor.holding
        if actor.delegation is not None:
            return self._proof(label, h, self.delegation_edge(actor.delegation), ref)
        last = self.item_edge(actor.party, ref, (
            ("accountable" if ref.startswith("duty:") else "owner")
            if side == "accountable" else self._parties[ref][1]))
        # the holding's nodes end with the party (its role), and the item is none of
        # them: the nodes _proof would find, without comparing them
        if h is not None:
            held = self.holding_evidence(h)
            nodes = [*held.nodes, ref]
            edges = [*held.edges, last]
        else:  # a person party
            nodes = [actor.party, ref]
            edges = [last]
        return _trusted(Evidence, {"label": label, "nodes": nodes, "edges": edges},
                        _EVIDENCE_FIELDS)

    def first_actor_evidence(self, positions: Iterable[int] | np.ndarray,
                             sides: str | Iterable[str] | np.ndarray,
                             labels: Iterable[str]) -> Iterator[Evidence]:
        """For each item at ``positions`` in :meth:`cover_table`, the evidence of the
        first person who can act on its side (``sides``: one side, ``accountable`` or
        ``responsible``, for all, or one per item; each item has someone there), with its
        label: the same evidence as ``actor_evidence(ref, side, actor, label)``, ``actor``
        the first of that side in :meth:`item_cover`. Read from the table's columns for
        all the items at once, without making their covers; the evidence is made as it
        is read, so that each finding's evidence lies beside it in memory.
        O(len(positions)), each edge made once (see :meth:`item_edge`).

        >>> from graphkit.model import validate_model
        >>> ctx = Context.build(validate_model({
        ...     "people": [{"id": "ann"}, {"id": "bob"}], "roles": [{"id": "ops"}],
        ...     "assignments": [{"person": "bob", "role": "ops"}],
        ...     "assets": [{"id": "crm", "owner": "person:ann", "custodians": ["role:ops"]}],
        ... }))
        >>> [(e.label, e.nodes) for e in ctx.first_actor_evidence(
        ...     [0, 0], ["accountable", "responsible"], ["ann owns crm", "bob keeps crm"])]
        [('ann owns crm', ['person:ann', 'asset:crm']), \
('bob keeps crm', ['person:bob', 'role:ops', 'asset:crm'])]
        """
        table = self.cover_table()
        at = np.asarray(positions, dtype=np.int64).reshape(-1)
        accountable = (np.full(len(at), sides == "accountable") if isinstance(sides, str)
                       else np.asarray(sides, dtype=object).reshape(-1) == "accountable")
        # each item's kind (asset 0, risk 1, duty 2) and index in its section
        starts = np.array([0, len(self.model.assets),
                           len(self.model.assets) + len(self.model.risks)])
        kind_of = np.searchsorted(starts[1:], at, side="right")
        kinds = kind_of.tolist()
        indexes = (at - starts[kind_of]).tolist()
        where = at.tolist()
        refs = [table.refs[i] for i in where]
        is_acc = accountable.tolist()
        # each item's first actor as (party, holding, delegation): the accountable side's
        # one party (several: from the table's covers, below), or the party of the
        # responsible side's first person (2 * j + k: the k-th person of party j)
        responsible = ~accountable
        column = table._res_first[at[responsible]]
        j = np.full(len(at), -1, dtype=np.int64)
        j[responsible] = table._res_order[column >> 1]
        k = np.zeros(len(at), dtype=np.int64)
        k[responsible] = column & 1
        delegation = np.full(len(at), -1, dtype=np.int64)
        delegation[responsible] = table._res_delegation[j[responsible]]
        acc_party, res_parties = table._acc_party, table._res_parties
        parties = [acc_party[i] if a else res_parties[jj]
                   for i, a, jj in zip(where, is_acc, j.tolist(), strict=True)]
        actors = self.acting_actors  # a person party acts in person: no Actor made
        holdings = [actors(p)[kk].holding if p.startswith("role:") else None
                    for p, kk in zip(parties, k.tolist(), strict=True)]
        for n in np.flatnonzero(accountable & (table.accountable_party[at] < 0)).tolist():
            first = table._computed[where[n]][1][0]
            parties[n], holdings[n] = first.party, first.holding
        named = self._parties
        relations = [_ACCOUNTABLE_RELATION[kind] if a else named[ref][1]
                     for ref, kind, a in zip(refs, kinds, is_acc, strict=True)]
        return self._first_actor_evidence(labels, refs, parties, holdings, relations, kinds,
                                          indexes, delegation.tolist())

    def _first_actor_evidence(self, labels: Iterable[str], refs: list[str],
                              parties: list[str], holdings: list[Holding | None],
                              relations: list[str], kinds: list[int], indexes: list[int],
                              delegations: list[int]) -> Iterator[Evidence]:
        """The evidence of :meth:`first_actor_evidence`, made one by one as it is read."""
        item_edges = self._memo.item
        source_of = self._source_of
        held_evidence = self._holding_evidence
        fields = _EVIDENCE_FIELDS
        for label, ref, party, h, relation, kind, index, d in zip(
                labels, refs, parties, holdings, relations, kinds, indexes, delegations,
                strict=True):
            if d >= 0:  # the recipient of a delegation in force
                yield self._proof(label, h, self.delegation_edge(d), ref)
                continue
            key = (party, ref, relation)
            last = item_edges.get(key)
            if last is None:  # as item_edge
                last = item_edges[key] = _edge(party, ref, relation, relation,
                                               source_of((_SECTIONS[kind], index)))
            if h is not None:  # as actor_evidence: the holding's nodes, then the item
                held = held_evidence.get(h)
                if held is None:
                    held = self.holding_evidence(h)
                values = {"label": label, "nodes": [*held.nodes, ref],
                          "edges": [*held.edges, last]}
            else:  # a person party
                values = {"label": label, "nodes": [party, ref], "edges": [last]}
            yield _trusted(Evidence, values, fields)

    def _proof(self, label: str, h: Holding | None, last: Edge, item: str) -> Evidence:
        """Evidence of the holding ``h`` (if any), then ``last``, then ``item``: the
        edges in order and their nodes, each once (as :func:`_nodes`, then the item)."""
        if h is not None:
            held = self.holding_evidence(h)
            edges = [*held.edges, last]
            nodes = list(held.nodes)
        else:
            edges = [last]
            nodes = []
        for node in (last.u, last.v, item):
            if node not in nodes:
                nodes.append(node)
        return _trusted(Evidence, {"label": label, "nodes": nodes, "edges": edges},
                        _EVIDENCE_FIELDS)

    def delegation_of(self, index: int) -> Delegation:
        """Delegation ``index`` of the model."""
        return self.model.delegations[index]


@dataclass
class _EdgeMemo:
    """Evidence edges (and delegations' evidence, and people's node ids) already built,
    by what determines them."""

    holds: dict[int, Edge] = field(default_factory=dict)  # by assignment
    inherits: dict[tuple[str, str], Edge] = field(default_factory=dict)
    delegation: dict[int, Edge] = field(default_factory=dict)
    delegation_evidence: dict[int, Evidence] = field(default_factory=dict)
    item: dict[tuple[str, str, str], Edge] = field(default_factory=dict)
    people: dict[str, str] = field(default_factory=dict)  # Context.person_ref
    # a holding's route of inheritance (Holding.via) -> its nodes and inherits edges
    chains: dict[tuple[str, ...], tuple[tuple[str, ...], tuple[Edge, ...]]] = field(
        default_factory=dict)


def _person_codes(pids: list[str | None], roster: pl.DataFrame) -> np.ndarray:
    """The positions in ``Model.people`` (``roster.code``) of person ids; -1 for None or
    an id not in the model."""
    wanted = pl.DataFrame({"pid": pids}, schema={"pid": pl.String})
    return (wanted.join(roster, on="pid", how="left", maintain_order="left")
            .get_column("code").fill_null(-1).to_numpy())


def _first_per_group(group: np.ndarray, valid: np.ndarray, n: int) -> np.ndarray:
    """For each group ``0..n-1``, the position of its first ``valid`` entry, or -1;
    ``group`` is non-decreasing (each group's entries are contiguous).

    >>> _first_per_group(np.array([0, 0, 1, 1, 3]), np.array([False, True, True, True,
    ...                  False]), 4).tolist()
    [1, 2, -1, -1]
    """
    out = np.full(n, -1, dtype=np.int64)
    at = np.flatnonzero(valid)
    if len(at):
        g = group[at]
        starts = np.empty(len(at), dtype=bool)
        starts[0] = True
        np.not_equal(g[1:], g[:-1], out=starts[1:])
        out[g[starts]] = at[starts]
    return out


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


#: Every role a role makes its holder hold, in the order a breadth-first walk up its
#: ``inherits`` finds them (the role first), each with its shortest route and its
#: authority level (0 for a role not in the model, or without one).
Ancestry = tuple[tuple[str, tuple[str, ...], int], ...]


def _walked_ancestry(roles: Mapping[str, Role], role: str) -> Ancestry:
    """The :data:`Ancestry` of ``role``, by a breadth-first walk up ``inherits``."""
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
    return tuple((r, via, (roles[r].authority or 0) if r in roles else 0)
                 for r, via in found.items())


def _ancestry(roles: Mapping[str, Role], role: str, known: dict[str, Ancestry]
              ) -> Ancestry:
    """The :data:`Ancestry` of ``role``, memoised in ``known``: a role that inherits
    exactly one role has that role's ancestry, each route behind it, unless the role is
    in it (a cycle); the walk is the same, so the order and the routes are too. A chain
    of such roles is read once, not once per role of it.

    >>> roles = {r.id: r for r in [Role(id="ism", authority=4, inherits=["staff"]),
    ...                            Role(id="staff", authority=1, inherits=["all"]),
    ...                            Role(id="ops", inherits=["staff", "ism"])]}
    >>> known: dict[str, Ancestry] = {}
    >>> _ancestry(roles, "ism", known)
    (('ism', ('ism',), 4), ('staff', ('ism', 'staff'), 1), ('all', ('ism', 'staff', 'all'), 0))
    >>> sorted(known)
    ['all', 'ism', 'staff']
    >>> _ancestry(roles, "ops", known) == _walked_ancestry(roles, "ops")
    True
    """
    found = known.get(role)
    if found is not None:
        return found
    chain: list[str] = []  # roles inheriting one role each, up from ``role``
    seen: set[str] = set()
    r = role
    while r not in known:
        rr = roles.get(r)
        if rr is None or len(rr.inherits) != 1 or r in seen:
            known[r] = _walked_ancestry(roles, r)
            break
        chain.append(r)
        seen.add(r)
        r = rr.inherits[0]
    above = known[r]
    for child in reversed(chain):
        if any(x == child for x, _, _ in above):  # a cycle: walked
            above = _walked_ancestry(roles, child)
        else:
            above = ((child, (child,), roles[child].authority or 0),
                     *[(x, (child, *via), level) for x, via, level in above])
        known[child] = above
    return known[role]


def _asset_parties(assets: list[Asset]) -> list[ItemParties]:
    """Each asset's :data:`ItemParties`: its owners, then its custodians, or its owners
    again when it has none. The model's own lists where they have no repeats (nothing
    changes them; a tuple per list would cost a third of the context's memory at a
    million people)."""
    out: list[ItemParties] = []
    append = out.append
    for a in assets:
        owner = _owners(a.owner)
        custodians = a.custodians
        append((owner, "custodian", custodians) if custodians else (owner, "owner", owner))
    return out


def _risk_parties(risks: list[Risk]) -> list[ItemParties]:
    """Each risk's :data:`ItemParties`: its owners on both sides (as
    :func:`_asset_parties`)."""
    out: list[ItemParties] = []
    append = out.append
    for k in risks:
        owner = _owners(k.owner)
        append((owner, "owner", owner))
    return out


def _owners(owner: list[str]) -> Sequence[str]:
    """An item's owners as :data:`ItemParties` holds them: the model's list, or its
    parties once each when it names more than one (:func:`_unique`)."""
    return _unique(owner) if len(owner) > 1 else owner


def _unique(parties: Sequence[str]) -> tuple[str, ...]:
    """The parties without repeats, in order (most lists name one party)."""
    return tuple(parties) if len(parties) < 2 else tuple(dict.fromkeys(parties))


def _nodes(edges: list[Edge]) -> list[str]:
    out: list[str] = []
    for e in edges:
        u, v = e.u, e.v
        if u not in out:
            out.append(u)
        if v not in out:
            out.append(v)
    return out


def _edge(u: str, v: str, kind: str, key: str | None, source: str | None) -> Edge:
    # the values are the model's own strings: no validation needed (see Edge.trusted)
    return _trusted(Edge, {"u": u, "v": v, "kind": kind, "key": key, "source": source},
                    _EDGE_FIELDS)


def _evidence(label: str | None, nodes: list[str], edges: list[Edge]) -> Evidence:
    # fresh lists of strings and edges (see Evidence.trusted)
    return _trusted(Evidence, {"label": label, "nodes": nodes, "edges": edges},
                    _EVIDENCE_FIELDS)
