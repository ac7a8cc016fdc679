"""Accountability checks: is every item owned, by one party, with someone to do the work?

``orphan-item``, ``multiple-accountable``, ``no-responsible``, ``overload`` and
``key-person``. Each is a plain function of a :class:`~graphkit.semantics.Context`
returning findings, declared beside its typed metadata (see ``queries.registry``).

>>> from datetime import date
>>> from graphkit.model import validate_model
>>> from graphkit.semantics import Context
>>> m = validate_model({
...     "people": [{"id": "ann"}, {"id": "bob"}],
...     "roles": [{"id": "cfo"}, {"id": "ops"}],
...     "assignments": [{"person": "ann", "role": "cfo"}, {"person": "bob", "role": "cfo"},
...                     {"person": "bob", "role": "ops"}],
...     "assets": [{"id": "crm", "criticality": "critical", "owner": "role:cfo",
...                 "custodians": ["role:ops"]}],
...     "duties": [{"id": "review", "accountable": "role:cfo"}],
... })
>>> ctx = Context.build(m, date(2026, 6, 1))
>>> [f.subjects for f in find_multiple_accountable(ctx)]
[['asset:crm', 'role:cfo'], ['duty:review', 'role:cfo']]
>>> [f.subjects for f in find_no_responsible(ctx)]
[['duty:review']]
>>> [(f.subjects, f.severity.value) for f in find_key_person(ctx)]
[(['person:bob'], 'critical')]
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import numpy as np
import polars as pl

from graphkit.findings import Check, Evidence, Finding, Severity
from graphkit.model import Criticality, Status
from graphkit.semantics import Actor, Context, Route, criticality_of

__all__ = [
    "EVIDENCE_LIMIT",
    "KEY_PERSON",
    "MULTIPLE_ACCOUNTABLE",
    "NO_RESPONSIBLE",
    "ORPHAN_ITEM",
    "OVERLOAD",
    "find_key_person",
    "find_multiple_accountable",
    "find_no_responsible",
    "find_orphan_item",
    "find_overload",
]

#: At most this many routes are shown as evidence of who is there but cannot act.
EVIDENCE_LIMIT = 20


_SEVERITY_OF = {c: Severity(c.value) for c in Criticality}


def _severity(level: Criticality) -> Severity:
    return _SEVERITY_OF[level]


#: Criticality ranks (``Criticality.rank``): key-person reads items from high up.
_HIGH = Criticality.high.rank
_CRITICAL = Criticality.critical.rank
_NAME = {c.rank: c.value for c in Criticality}
_SEVERITY_BY_RANK = {c.rank: Severity(c.value) for c in Criticality}


def _ranks(ctx: Context) -> np.ndarray:
    """Each item's criticality rank (a risk's level), by position in the cover table."""
    model = ctx.model
    levels = pl.Series([*(a.criticality for a in model.assets),
                        *(k.level for k in model.risks),
                        *(d.criticality for d in model.duties)],
                       dtype=pl.Enum([c.value for c in Criticality]))
    ranks = np.array([c.rank for c in Criticality], dtype=np.int8)
    out: np.ndarray = ranks[levels.to_physical().to_numpy().astype(np.int64)]
    return out


def _item_evidence(ctx: Context, ref: str, label: str) -> Evidence:
    return Evidence.trusted(label, [ref], [])


def _names(people: list[str]) -> str:
    return ", ".join(sorted(people))


# --- orphan-item ------------------------------------------------------------------------

def find_orphan_item(ctx: Context) -> Iterator[Finding]:
    """Assets, risks and duties that nobody is accountable for on the as-of date.

    An item is orphaned when it names no owner (duty: no ``accountable``); when its owner
    resolves to nobody (an owner role with no direct primary holder — deputies and
    inherited holders are not accountable — or an owner person who has left); or when
    none of the people on its accountable side can act (the accountable holders are
    absent and no deputy or other holder of the owner role can act). Graded by the
    item's criticality (a risk's level; a duty's criticality, default medium).

    Every item is first tested on :meth:`~graphkit.semantics.Context.cover_table` (it
    resolves, and someone can act: two columns); only the orphans are read again, for
    the message and the evidence.

    Findings come in the runner's order (by item ref), sorted on the refs before any is
    made.

    Complexity: O(items + parties), each party read once for all the items naming it,
    plus O(f log f) to sort the f orphans' refs.
    """
    table = ctx.cover_table()
    orphans = np.flatnonzero(~table.resolved | (table.n_accountable == 0))
    refs = table.refs
    items = ctx.items
    # in the runner's order (by the subject, the item's ref: the table holds assets,
    # risks, then duties, and "duty:" sorts before "risk:"); refs are unique
    named = [refs[at] for at in orphans.tolist()]
    order = sorted(range(len(named)), key=named.__getitem__)
    resolved_at = table.resolved[orphans].tolist()
    for k in order:
        ref, resolved = named[k], resolved_at[k]
        sev = _SEVERITY_OF[criticality_of(items[ref])]
        parties = ctx.accountable_parties(ref)
        what = "accountable party" if ref.startswith("duty:") else "owner"
        if not parties:
            yield _orphan(ref, sev, f"{ref} has no {what}",
                          [_item_evidence(ctx, ref, f"{ref} names no {what}")])
            continue
        if not resolved:
            gone = [p for p in parties if p.startswith("person:")]
            reason = ("has left" if gone and len(gone) == len(parties) else
                      "resolves to nobody (no direct primary holder)")
            relation = _relation(ref)
            ev = [Evidence.trusted(f"{p} is named {what} of {ref}", [p, ref],
                                   [ctx.item_edge(p, ref, relation)]) for p in parties]
            yield _orphan(ref, sev, f"{ref}: {what} {', '.join(parties)} {reason}", ev)
            continue
        accountable = ctx.accountable_people(ref)
        ev = [ctx.route_evidence(r, f"{r.person} is accountable for {ref} but is "
                                 f"{ctx.people[r.person].status.value}")
              for r in list(accountable.values())[:EVIDENCE_LIMIT]]
        roles = [p for p in parties if p.startswith("role:")]
        tail = f", and no deputy of {', '.join(roles)} can act" if roles else ""
        yield _orphan(ref, sev,
                      f"{ref}: nobody accountable can act ({_names(list(accountable))} "
                      f"absent{tail})", ev)


def _relation(ref: str) -> str:
    return "accountable" if ref.startswith("duty:") else "owner"


def _orphan(ref: str, sev: Severity, message: str, evidence: list[Evidence]) -> Finding:
    # evidence built by Evidence.trusted or the context: no need to check it again
    return Finding.trusted(ORPHAN_ITEM.id, sev, ORPHAN_ITEM.title, message, [ref],
                           ORPHAN_ITEM.iso, evidence)


# --- multiple-accountable ---------------------------------------------------------------

def find_multiple_accountable(ctx: Context) -> Iterator[Finding]:
    """Items with more than one accountable party, or whose owner role has several
    direct primary holders (deputies and inherited holders do not count).

    Subjects: the item, plus each owner role with several primary holders.
    Findings come in the runner's order (by item ref, sorted before any is made).
    Complexity: O(roles + items + parties), plus O(EVIDENCE_LIMIT) per finding (the holders'
    evidence is built once per holding and shared).
    """
    described: dict[str, tuple[str, list[Evidence]]] = {}  # per crowded role, said once
    crowded_roles = [f"role:{r.id}" for r in ctx.model.roles
                     if len(ctx.direct_primary_holders(r.id)) > 1]
    # the items naming several parties, or one crowded role (column-wise)
    table = ctx.cover_table()
    acc = table.accountable_party
    crowded_code = np.append(table.parties.is_in(crowded_roles).to_numpy(), False)
    found = np.flatnonzero(crowded_code[acc])  # -1 (none or several): the False added
    crowded_set = set(crowded_roles)
    # in the runner's order: by the item's ref, the first subject (an item's ref,
    # "asset:", "duty:" or "risk:", sorts before its owner roles' "role:"); refs are unique
    refs = table.refs
    for at in sorted(itertools.chain(table.several, found.tolist()), key=refs.__getitem__):
        ref = refs[at]
        parties = ctx.accountable_parties(ref)
        crowded = [p for p in parties if p in crowded_set]
        reasons = []
        ev: list[Evidence] = []
        if len(parties) > 1:
            reasons.append(f"{len(parties)} accountable parties: {', '.join(parties)}")
            ev.extend(Evidence.trusted(f"{p} is named accountable for {ref}", [p, ref],
                                       [ctx.item_edge(p, ref, _relation(ref))])
                      for p in parties)
        for role_ref in crowded:
            said = described.get(role_ref)
            if said is None:
                holders = ctx.direct_primary_holders(role_ref.partition(":")[2])
                said = described[role_ref] = (
                    (f"{role_ref} has {len(holders)} primary holders: "
                     f"{_names(list(holders))}"),
                    [ctx.holding_evidence(h)
                     for h in itertools.islice(holders.values(), EVIDENCE_LIMIT)])
            reasons.append(said[0])
            if len(parties) == 1:
                ev.append(Evidence.trusted(f"{role_ref} is named accountable for {ref}",
                                           [role_ref, ref],
                                           [ctx.item_edge(role_ref, ref, _relation(ref))]))
            ev.extend(said[1])
        yield Finding.make(MULTIPLE_ACCOUNTABLE.id, MULTIPLE_ACCOUNTABLE.severity,
                           title=MULTIPLE_ACCOUNTABLE.title,
                           message=f"{ref}: " + "; ".join(reasons),
                           subjects=[ref, *crowded], iso=MULTIPLE_ACCOUNTABLE.iso, evidence=ev)


# --- no-responsible ---------------------------------------------------------------------

def find_no_responsible(ctx: Context) -> Iterator[Finding]:
    """Duties with nobody responsible who can act: no RACI ``responsible`` holder,
    deputy or recipient of a delegation in force who is active.

    Findings come in the runner's order (by duty ref, sorted before any is made).
    Complexity: O(duties + responsible parties + delegations), read from
    :meth:`~graphkit.semantics.Context.cover_table`; only the findings are read again.
    """
    table = ctx.cover_table()
    duties = len(ctx.model.duties)
    first = len(table) - duties  # duties come last
    refs = table.refs
    # in the runner's order: by the duty's ref (unique), not in model order
    for at in sorted((first + np.flatnonzero(table.n_responsible[first:] == 0)).tolist(),
                     key=refs.__getitem__):
        ref = refs[at]
        present = list(ctx.responsible_people(ref).values())
        if not ctx.responsible_parties(ref) and not ctx.delegations_in_force(ref):
            message = f"{ref} names nobody responsible"
            ev = [_item_evidence(ctx, ref, f"{ref} has no responsible party")]
        else:
            who = _names([r.person for r in present]) or "nobody"
            message = (f"{ref}: nobody responsible can act (responsible: "
                       f"{', '.join(ctx.responsible_parties(ref)) or 'none'}; people: {who})")
            ev = [ctx.route_evidence(r, f"{r.person} is responsible for {ref} but is "
                                     f"{ctx.people[r.person].status.value}")
                  for r in present[:EVIDENCE_LIMIT]]
            if not ev:
                ev = [_item_evidence(ctx, ref, f"the responsible parties of {ref} have no "
                                               "holder")]
        yield Finding.make(NO_RESPONSIBLE.id, NO_RESPONSIBLE.severity, title=NO_RESPONSIBLE.title,
                           message=message, subjects=[ref], iso=NO_RESPONSIBLE.iso, evidence=ev)


# --- overload ---------------------------------------------------------------------------

def find_overload(ctx: Context) -> Iterator[Finding]:
    """People accountable for more than ``policy.max_accountable_items`` items: owner or
    accountable in person, or as a direct primary holder of the owner role (leavers,
    deputies and inherited holders are not counted).

    Items are counted per owner party, then per person through the roles they hold as
    direct primary: a role owning many items is read once, not once per holder. Evidence
    shows, per party, the holding and up to ``EVIDENCE_LIMIT`` of its items.

    Complexity: O(items + direct primary assignments + findings x EVIDENCE_LIMIT).
    """
    limit = ctx.policy.max_accountable_items
    table = ctx.cover_table()
    acc = table.accountable_party
    n_people = len(ctx.model.people)
    # items naming one party, per party code (codes number parties in order of first
    # appearance, so counted parties come in the order the items name them)
    counts = np.bincount(acc[acc >= 0], minlength=len(table.parties))
    counted = np.flatnonzero(counts)
    load = np.zeros(n_people, dtype=np.int64)
    own = np.full(n_people, -1, dtype=np.int64)  # person -> code of their person party
    person_of = table.party_person[counted]
    mine = person_of >= 0
    own[person_of[mine]] = counted[mine]
    np.add.at(load, person_of[mine], counts[counted[mine]])
    # roles: each direct primary holder carries the role's items
    roles_of: dict[str, list[int]] = {}  # person -> codes of the roles they carry
    holders: list[str] = []
    weights: list[int] = []
    others = counted[~mine]
    for code, name in zip(others.tolist(), table.parties.gather(others).to_list(),
                          strict=True):
        kind, _, rid = name.partition(":")
        if kind == "role":
            for person in ctx.direct_primary_holders(rid):
                roles_of.setdefault(person, []).append(code)
                holders.append(person)
                weights.append(int(counts[code]))
    # items naming several parties: each of their accountable people, once per item
    shared: dict[str, dict[str, Route]] = {}
    for at in table.several:
        ref = table.refs[at]
        for person, route in ctx.accountable_people(ref).items():
            shared.setdefault(person, {})[ref] = route
    sharers = list(shared)
    codes = ctx.person_codes(holders + sharers)  # all in the model, by construction
    np.add.at(load, codes, weights + [len(shared[p]) for p in sharers])
    present = table.roster.get_column("present").to_numpy()
    over = np.flatnonzero((load > limit) & present)
    if not len(over):
        return
    # the items of each counted party, in item order
    by_code = np.argsort(acc, kind="stable")
    bounds = np.searchsorted(acc[by_code], [counted, counted + 1])

    def items_of(code: int) -> list[str]:
        at = int(np.searchsorted(counted, code))
        return [table.refs[i] for i in by_code[bounds[0][at]:bounds[1][at]].tolist()]

    people = ctx.model.people
    # by person id: the runner's order of the subjects ["person:<id>"]
    for person, code in sorted((people[c].id, c) for c in over.tolist()):
        total = int(load[code])
        parties = sorted(([int(own[code])] if own[code] >= 0 else [])
                         + roles_of.get(person, []))
        ev = []
        for party, refs in ((table.parties[c], items_of(c)) for c in parties):
            if party.startswith("role:"):
                h = ctx.direct_primary_holders(party.partition(":")[2])[person]
                edges = ctx.holding_edges(h)
            else:
                edges = []
            shown = refs[:EVIDENCE_LIMIT]
            edges = edges + [ctx.item_edge(party, ref, _relation(ref)) for ref in shown]
            more = f" (first {len(shown)} shown)" if len(refs) > len(shown) else ""
            ev.append(Evidence(label=f"{person} is accountable as {party} for {len(refs)} "
                                     f"item(s){more}",
                               nodes=[f"person:{person}", party, *shown], edges=edges))
        extra = shared.get(person, {})
        ev.extend(ctx.route_evidence(extra[ref], f"{person} is accountable for {ref} (one of "
                                                 "its several accountable parties)")
                  for ref in sorted(extra)[:EVIDENCE_LIMIT])
        yield Finding.make(
            OVERLOAD.id, OVERLOAD.severity, title=OVERLOAD.title,
            message=f"person:{person} is accountable for {total} items "
                    f"(policy max_accountable_items: {limit})",
            subjects=[f"person:{person}"], iso=OVERLOAD.iso, evidence=ev)


# --- key-person -------------------------------------------------------------------------

def find_key_person(ctx: Context) -> Iterator[Finding]:
    """People whose absence alone would leave a high or critical item with no coverage.

    For each asset, risk or duty of high or critical criticality (a risk's level), the
    coverage is read once, stopping at two people per side: a person is key for the item
    when they are the only one on its accountable side, or the only one on its responsible
    side, who can act. Items with nobody on a side to begin with, or with nobody
    accountable (an owner role with no direct primary holder), are left to
    ``orphan-item`` / ``no-responsible``. One finding per key person, graded by the
    highest criticality they uncover, ranked by impact (critical items, then high items,
    then person id). Nobody is removed and re-checked.

    Coverage is read from :meth:`~graphkit.semantics.Context.cover_table`, shared with
    ``orphan-item`` and ``no-responsible``, column-wise: the candidate items
    (criticality, resolved, people per side), who alone covers a side of each (the
    first person's column where a side counts one), and those (person, item) pairs
    grouped by person, counted and put in the findings' order with numpy. Only the
    evidence is made one by one, by
    :meth:`~graphkit.semantics.Context.first_actor_evidence`, for the key people only,
    as their findings are made.

    Complexity: O(items + parties) for the table (each party read once, until two
    people who can act), then O(candidate items) column-wise and O(findings + their
    evidence) in Python.
    """
    table = ctx.cover_table()
    ranks = _ranks(ctx)
    n_acc = table.n_accountable
    n_res = table.n_responsible
    # nobody accountable (a deputy-only or inherited-only owner role), or nobody on a
    # side: orphan-item / no-responsible report it; two on each side: nobody is key
    candidates = np.flatnonzero((ranks >= _HIGH) & table.resolved & (n_acc > 0) & (n_res > 0)
                                & ((n_acc == 1) | (n_res == 1)))
    sole_acc = n_acc[candidates] == 1
    sole_res = n_res[candidates] == 1
    acc_who = table.accountable_person[candidates]
    res_who = table.responsible_person[candidates]
    both = sole_acc & sole_res & (acc_who == res_who)  # one person alone on both sides
    res_only = sole_res & ~both
    # one entry per (key person, item): the item's position, what the person covers
    # alone (_ACC, _RES or _BOTH), the person's position in Model.people; by person,
    # then item
    at = np.concatenate([candidates[sole_acc], candidates[res_only]])
    sides = np.concatenate([np.where(both[sole_acc], _BOTH, _ACC),
                            np.full(int(res_only.sum()), _RES)]).astype(np.int8)
    who = np.concatenate([acc_who[sole_acc], res_who[res_only]])
    order = np.lexsort((at, who))
    at, sides, who = at[order], sides[order], who[order]
    if not len(at):
        return
    # per key person: their first entry, how many items, how many critical
    first = np.flatnonzero(np.concatenate([[True], who[1:] != who[:-1]]))
    n_items = np.diff(np.append(first, len(at)))
    n_crit = np.add.reduceat((ranks[at] == _CRITICAL).astype(np.int64), first)
    people = ctx.model.people
    pids = [people[c].id for c in who[first].tolist()]
    # by impact: critical items, then high items (the rest), most first; then person id
    # (ids are unique: their order is a rank, sorting the strings alone)
    by_id = np.empty(len(pids), dtype=np.int64)
    by_id[sorted(range(len(pids)), key=pids.__getitem__)] = np.arange(len(pids))
    impact = np.lexsort((by_id, n_crit - n_items, -n_crit))
    key_pids = [pids[g] for g in impact.tolist()]
    n_crit = n_crit[impact]
    # the entries in the order of the findings: finding f's are start[f]:end[f]
    count = n_items[impact]
    end = np.cumsum(count)
    start = end - count
    entry = np.repeat(first[impact] - start, count) + np.arange(len(at))
    at, sides = at[entry], sides[entry]
    # each entry's evidence (the accountable side, then the responsible side), labelled
    n_ev = 1 + (sides == _BOTH)
    row = np.repeat(np.arange(len(at)), n_ev)  # the entry of each evidence
    second = np.arange(len(row)) - np.repeat(np.cumsum(n_ev) - n_ev, n_ev) == 1
    side_names = np.where((sides[row] == _RES) | second, "responsible", "accountable")
    finding_of = np.repeat(np.arange(len(impact)), count)[row]
    refs = table.refs
    # labels and evidence made as the findings are, so that each finding's text lies
    # beside it in memory (made all at once first, the report renders ~20% slower)
    labels = (f"{key_pids[f]} is the only one on the {side} side of {refs[i]} who can act"
              for f, side, i in zip(finding_of.tolist(), side_names.tolist(),
                                    at[row].tolist(), strict=True))
    evidence = ctx.first_actor_evidence(at[row], side_names, labels)
    said = [refs[i] + _SAID[r] for i, r in zip(at.tolist(), ranks[at].tolist(), strict=True)]
    check = KEY_PERSON
    person_ref = ctx.person_ref
    made = Finding.trusted
    for pid, crit, a, b, n in zip(key_pids, n_crit.tolist(), start.tolist(), end.tolist(),
                                  np.add.reduceat(n_ev, start).tolist(), strict=True):
        who_ref = person_ref(pid)
        yield made(check.id, _SEVERITY_BY_RANK[_CRITICAL if crit else _HIGH], check.title,
                   f"{who_ref} alone covers {b - a} high/critical item(s) ({crit} "
                   f"critical): {', '.join(said[a:b])}", [who_ref], check.iso,
                   list(itertools.islice(evidence, n)))


#: What a key person covers alone on an item (key-person's entries).
_ACC, _RES, _BOTH = 1, 2, 3
_SAID = {rank: f" ({name})" for rank, name in _NAME.items()}


# --- declarations -----------------------------------------------------------------------

ORPHAN_ITEM = Check(
    id="orphan-item", title="Item with nobody accountable", severity=Severity.high,
    iso=("A.5.9", "A.5.2", "6.1.3"),
    remediation="Name one owner for the item (a person, or a role with an active primary "
                "holder), or give the owner role a deputy who can act.",
    family="accountability", find=find_orphan_item, in_order=True,
    description="Asset, risk or duty with no owner/accountable, or whose owner resolves to "
                "no active person. Graded by the item's criticality or level.")

MULTIPLE_ACCOUNTABLE = Check(
    id="multiple-accountable", title="Item with more than one accountable party",
    severity=Severity.medium, iso=("A.5.2",),
    remediation="Keep exactly one accountable party per item, and one primary holder per "
                "owner role (others as deputies).",
    family="accountability", find=find_multiple_accountable, in_order=True,
    description="Item naming several accountable parties, or owned by a role with several "
                "direct primary holders (deputies do not count).")

NO_RESPONSIBLE = Check(
    id="no-responsible", title="Duty with nobody responsible who can act",
    severity=Severity.high, iso=("A.5.2",),
    remediation="Assign a responsible role with an active holder (or an active deputy) to "
                "the duty, or delegate it to someone who can act.",
    family="accountability", find=find_no_responsible, in_order=True,
    description="Duty whose RACI responsible holders, deputies and delegates in force "
                "include nobody who can act.")

OVERLOAD = Check(
    id="overload", title="Person accountable for too many items", severity=Severity.low,
    iso=("A.5.2",),
    remediation="Spread ownership: move some items to other owners, or raise "
                "max_accountable_items in the policy if the load is intended.",
    family="accountability", find=find_overload, in_order=True,
    description="Person accountable (in person or as direct primary holder of the owner "
                "role) for more than the policy's max_accountable_items.")

KEY_PERSON = Check(
    id="key-person", title="Single point of failure", severity=Severity.high,
    iso=("A.5.2",),
    remediation="Give the items a second person who can act: a deputy for the owner role, "
                "or another responsible holder or delegate.",
    family="accountability", find=find_key_person, ranked=True,
    description="Person whose absence alone leaves a high or critical item with nobody "
                "accountable or nobody responsible who can act. Graded by the highest "
                "criticality uncovered; ranked by impact.")
