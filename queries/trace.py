"""Ultimate accountability of one item: who stays accountable, and every delegation chain.

:func:`trace` answers "who is accountable for this asset (risk, duty), and how does the
work reach the people who do it?". Delegation moves responsibility, never
accountability: the item's owner (accountable party) stays accountable however long the
chain. The trace lists the accountable parties and the people they resolve to, the
responsible parties and their people, and every delegation of the item as a tree: each
chain starts where a delegation's ``from`` received no delegation of the item, and
goes on through the delegations its recipient (or a holder of its recipient role) made.
Each link says its dates, whether it is in force on the as-of date and, when in force,
whether it is founded (judged by the ``unfounded-delegation`` check itself).

>>> from datetime import date
>>> from graphkit.model import validate_model
>>> m = validate_model({
...     "people": [{"id": "alice"}, {"id": "dave"}, {"id": "eve", "status": "absent"}],
...     "roles": [{"id": "ism"}],
...     "assignments": [{"person": "alice", "role": "ism"}],
...     "duties": [{"id": "review", "accountable": "role:ism", "responsible": ["role:ism"]}],
...     "delegations": [
...         {"id": "D-1", "from": "alice", "to": "dave", "scope": "duty:review"},
...         {"id": "D-2", "from": "dave", "to": "eve", "scope": "duty:review",
...          "until": "2026-01-31"}],
... })
>>> t = trace(m, "duty:review", as_of=date(2026, 6, 1))
>>> [p.person for p in t.accountable[0].people]
['person:alice']
>>> root = t.chains[0]
>>> root.delegation, root.from_, root.to, root.in_force, root.founded, root.side
('D-1', 'person:alice', 'person:dave', True, True, 'accountable')
>>> [(c.delegation, c.in_force, c.founded) for c in root.children]
[('D-2', False, None)]
>>> t.acting
['person:alice', 'person:dave']
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from graphkit.errors import UsageError
from graphkit.model import KINDS, Model, node_id
from graphkit.semantics import Context, criticality_of

__all__ = ["Link", "PartyPeople", "PersonAt", "Trace", "resolve_item", "trace"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class PersonAt(_Frozen):
    """One person a party stands for, and whether they can act on the as-of date."""

    person: str
    name: str | None = None
    status: str
    can_act: bool
    deputy: bool = False
    via: list[str] = []  # the roles from the one assigned to the party role (inheritance)


class PartyPeople(_Frozen):
    """A party the item names (``role:ism``, ``person:bob``) and the people it resolves to."""

    party: str
    relation: str  # owner, accountable, custodian, responsible
    people: list[PersonAt] = []


class Link(_Frozen):
    """One delegation of the item, and the delegations its recipient made in turn."""

    delegation: str
    from_: str = Field(alias="from")
    to: str
    from_date: date | None = None
    until: date | None = None
    in_force: bool
    founded: bool | None = None  # None when not in force (not judged)
    side: Literal["accountable", "responsible"] | None = None  # what `from` has, for a root
    people: list[PersonAt] = []  # who the recipient is: the person, or the role's holders
    note: Literal["cycle", "shown above"] | None = None
    children: list[Link] = []


class Trace(_Frozen):
    """The accountability of one item as of one date."""

    item: str
    name: str | None = None
    criticality: str
    as_of: date
    accountable: list[PartyPeople] = []
    responsible: list[PartyPeople] = []
    chains: list[Link] = []
    acting: list[str] = []  # everyone responsible who can act: the people who do the work


def resolve_item(model: Model, ref: str) -> str:
    """The ``kind:id`` of the asset, risk or duty ``ref`` names (a bare id is accepted
    when it names one item); :class:`UsageError` otherwise.

    >>> from graphkit.model import validate_model
    >>> m = validate_model({"assets": [{"id": "crm"}], "duties": [{"id": "x"}]})
    >>> resolve_item(m, "crm"), resolve_item(m, "duty:x")
    ('asset:crm', 'duty:x')
    """
    sections: dict[str, set[str]] = {"asset": {a.id for a in model.assets},
                                     "risk": {r.id for r in model.risks},
                                     "duty": {d.id for d in model.duties}}
    kind, sep, rest = ref.partition(":")
    if sep and kind in KINDS:
        if kind not in sections:
            raise UsageError(f"'{ref}' is a {kind}; trace follows an asset, risk or duty")
        if rest in sections[kind]:
            return ref
        raise UsageError(f"no {kind} '{rest}' in the model")
    found = [k for k, ids in sections.items() if ref in ids]
    if len(found) == 1:
        return node_id(found[0], ref)
    if found:
        raise UsageError(f"'{ref}' is both a {' and a '.join(found)}; write "
                         + " or ".join(f"{k}:{ref}" for k in found))
    raise UsageError(f"no asset, risk or duty '{ref}' in the model")


def _person_at(ctx: Context, person: str, deputy: bool = False,
               via: tuple[str, ...] = ()) -> PersonAt:
    p = ctx.people[person]
    return PersonAt(person=node_id("person", person), name=p.name, status=p.status.value,
                    can_act=ctx.can_act(person), deputy=deputy,
                    via=[node_id("role", r) for r in via])


def _party_people(ctx: Context, party: str, *, accountable: bool) -> list[PersonAt]:
    kind, _, pid = party.partition(":")
    if kind == "person":
        return [_person_at(ctx, pid)] if pid in ctx.people else []
    direct = ctx.direct_primary_holders(pid) if accountable else {}
    out = []
    for person, h in sorted(ctx.holders(pid).items(),
                            key=lambda kv: (kv[0] not in direct, kv[1].deputy, kv[0])):
        out.append(_person_at(ctx, person, h.deputy, h.via if not h.is_direct else ()))
    return out


def trace(model: Model, item_ref: str, as_of: date | str | None = None) -> Trace:
    """Trace the accountability of ``item_ref`` (``asset:crm``, or a bare id naming one
    item) as of ``as_of`` (a date or ``"YYYY-MM-DD"``; default today).

    Complexity: O(model) to build the context and judge delegations, plus O(d^2) for the
    d delegations of the item (each link appears in full once; a link reached again is
    marked "shown above", one that closes a loop "cycle").
    """
    if isinstance(as_of, str):
        try:
            as_of = date.fromisoformat(as_of)
        except ValueError:
            raise UsageError(f"as_of: '{as_of}' is not a date (expected YYYY-MM-DD)") from None
    ref = resolve_item(model, item_ref)
    ctx = Context.build(model, as_of)
    item = ctx.items[ref]
    acc_rel = "accountable" if ref.startswith("duty:") else "owner"
    accountable = [PartyPeople(party=p, relation=acc_rel,
                               people=_party_people(ctx, p, accountable=True))
                   for p in ctx.accountable_parties(ref)]
    res_rel = ctx.responsible_relation(ref)
    responsible = [PartyPeople(party=p, relation=res_rel,
                               people=_party_people(ctx, p, accountable=False))
                   for p in ctx.responsible_parties(ref)]

    from graphkit.queries.registry import get_check

    unfounded = {s.partition(":")[2] for f in get_check("unfounded-delegation").find(ctx)
                 for s in f.subjects if s.startswith("delegation:")}

    indexes = ctx.delegations_of(ref)
    by_from: dict[str, list[int]] = {}
    for i in indexes:
        by_from.setdefault(model.delegations[i].from_, []).append(i)

    def reaches(party: str, frm: str) -> bool:
        """Does a delegation to ``party`` let ``frm`` pass the item on?"""
        if frm == party:
            return True
        kind, _, pid = party.partition(":")
        fkind, _, fid = frm.partition(":")
        return kind == "role" and fkind == "person" and ctx.holding(fid, pid) is not None

    def children_of(party: str) -> list[int]:
        return [i for frm, idx in by_from.items() if reaches(party, frm) for i in idx]

    acc_people = {f"person:{p}" for p in ctx.accountable_people(ref)}
    res_people = {f"person:{r.person}" for r in ctx.responsible_routes(ref)
                  if r.delegation is None}
    acc_parties = set(ctx.accountable_parties(ref))
    res_parties = set(ctx.responsible_parties(ref))

    def side(frm: str) -> Literal["accountable", "responsible"] | None:
        if frm in acc_parties or frm in acc_people:
            return "accountable"
        if frm in res_parties or frm in res_people:
            return "responsible"
        return None

    shown: set[int] = set()

    def link(i: int, path: frozenset[int], root: bool) -> Link:
        d = model.delegations[i]
        in_force = d.is_valid_on(ctx.as_of)
        note: Literal["cycle", "shown above"] | None = None
        kids: list[Link] = []
        if i in path:
            note = "cycle"
        elif i in shown:
            note = "shown above"
        else:
            shown.add(i)
            kids = [link(j, path | {i}, False) for j in children_of(d.to) if j != i]
        return Link(delegation=d.id, from_=d.from_, to=d.to, from_date=d.from_date,
                    until=d.until, in_force=in_force,
                    founded=(d.id not in unfounded) if in_force else None,
                    side=side(d.from_) if root else None,
                    people=_party_people(ctx, d.to, accountable=False), note=note,
                    children=kids)

    roots = [i for i in indexes
             if not any(j != i and reaches(model.delegations[j].to, model.delegations[i].from_)
                        for j in indexes)]
    chains = [link(i, frozenset(), True) for i in roots]
    # delegations reachable only around a cycle: start from the item's own parties
    rest = sorted((i for i in indexes if i not in shown),
                  key=lambda i: (side(model.delegations[i].from_) is None,
                                 side(model.delegations[i].from_) != "accountable", i))
    for i in rest:
        if i not in shown:
            chains.append(link(i, frozenset(), True))

    acting = sorted(f"person:{p}" for p in ctx.coverage(ref).responsible)
    return Trace(item=ref, name=getattr(item, "name", None) or getattr(item, "title", None),
                 criticality=criticality_of(item).value, as_of=ctx.as_of,
                 accountable=accountable, responsible=responsible, chains=chains,
                 acting=acting)
