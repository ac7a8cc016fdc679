"""Role checks: are roles filled, authorised, competent, communicated, and left clean?

``vacant-role``, ``authority-gap``, ``competence-gap``, ``not-acknowledged`` and
``leaver-holds``. Each is a plain function of a :class:`~graphkit.semantics.Context`.

>>> from datetime import date
>>> from graphkit.model import validate_model
>>> from graphkit.semantics import Context
>>> m = validate_model({
...     "people": [{"id": "ann", "competencies": [{"id": "cissp", "expires": "2026-01-01"}]},
...                {"id": "bob", "status": "leaver"}],
...     "roles": [{"id": "ism", "authority": 4, "description": "Leads the ISMS", "version": 2,
...                "requires": ["cissp"]}],
...     "assignments": [{"person": "ann", "role": "ism"}, {"person": "bob", "role": "ism"}],
... })
>>> ctx = Context.build(m, date(2026, 6, 1))
>>> [f.subjects for f in find_vacant_role(ctx)]
[]
>>> [f.message for f in find_competence_gap(ctx)]
['person:ann holds role:ism without cissp (expired 2026-01-01)']
>>> [f.subjects for f in find_not_acknowledged(ctx)]
[['person:ann', 'role:ism']]
>>> [f.subjects for f in find_leaver_holds(ctx)]
[['person:bob', 'role:ism']]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date
from operator import attrgetter, itemgetter

from graphkit.findings import Check, Edge, Evidence, Finding, Severity
from graphkit.model import Criticality, Person, Status, node_id
from graphkit.semantics import Context, Holding

__all__ = [
    "AUTHORITY_GAP",
    "COMPETENCE_GAP",
    "LEAVER_HOLDS",
    "NOT_ACKNOWLEDGED",
    "VACANT_ROLE",
    "competency_gaps",
    "find_authority_gap",
    "find_competence_gap",
    "find_leaver_holds",
    "find_not_acknowledged",
    "find_vacant_role",
]


# --- vacant-role ------------------------------------------------------------------------

def find_vacant_role(ctx: Context) -> Iterator[Finding]:
    """Roles with fewer holders who can act than ``min_holders`` (default 1, and 2 for a
    critical role). Holders count primary and deputy, direct and inherited; absent
    people hold but cannot act; leavers hold nothing. High for a critical role, else
    medium.

    Findings come in the runner's order: by role id (subjects ``[role:<id>]``).

    Complexity: O(roles log roles + holdings); a role's holders are counted only until
    there are enough who can act.
    """
    can_act = ctx.can_act
    for role in sorted(ctx.model.roles, key=_id):
        need = role.effective_min_holders
        holders = ctx.holders(role.id)
        if len(holders) >= need and _enough(holders, need, can_act):
            continue
        acting = [p for p in holders if can_act(p)]
        absent = sorted(p for p in holders if not can_act(p))
        msg = f"role:{role.id} has {len(acting)} holder(s) who can act, needs {need}"
        if absent:
            msg += f" ({', '.join(absent)} absent)"
        ev = [ctx.holding_evidence(h) for h in holders.values()]
        if not ev:
            ev = [Evidence.trusted(f"nobody holds {role.id} on {ctx.as_of}",
                                   [node_id("role", role.id)], [])]
        yield Finding.make(VACANT_ROLE.id, Severity.high if role.critical else Severity.medium,
                           title=VACANT_ROLE.title, message=msg,
                           subjects=[node_id("role", role.id)], iso=VACANT_ROLE.iso,
                           evidence=ev)


_id = attrgetter("id")
_first = itemgetter(0)


def _enough(people: Iterable[str], need: int, can_act: Callable[[str], bool]) -> bool:
    """True when at least ``need`` of ``people`` can act (stops counting there)."""
    if need <= 0:
        return True
    n = 0
    for p in people:
        if can_act(p):
            n += 1
            if n >= need:
                return True
    return False


# --- authority-gap ----------------------------------------------------------------------

def find_authority_gap(ctx: Context) -> Iterator[Finding]:
    """Roles with no authority level, and duties whose accountable party is held below
    the duty's ``authority``: an accountable role's own ``authority`` (undefined counts
    as 0), or an accountable person's authority (the highest among roles they hold).

    Findings come in the runner's order: the duties' first (subjects ``[duty, party]``,
    "duty:" < "role:"), by duty id then party, then the roles', by id; sorted on ids
    before any finding is made (a duty naming one party twice keeps both, as named).

    Complexity: O(roles + duties + accountable parties), plus sorting the gaps found.
    """
    duties = ctx.model.duties
    gaps: list[tuple[str, str, int, int]] = []  # (duty id, party, duty index, authority)
    for i, duty in enumerate(duties):
        if duty.authority is None:
            continue
        party: str
        for party in duty.accountable:
            have = ctx.party_authority(party)
            if have < duty.authority:
                gaps.append((duty.id, party, i, have))
    gaps.sort(key=lambda g: (g[0], g[1]))  # stable: a party named twice, as named
    for _, party, i, have in gaps:
        duty = duties[i]
        ref = node_id("duty", duty.id)
        ev = [Evidence.trusted(f"{party} ({have}) is accountable for {ref} "
                               f"(needs {duty.authority})",
                               [party, ref], [ctx.item_edge(party, ref, "accountable")])]
        if party.startswith("person:"):
            ev.extend(ctx.holding_evidence(h)
                      for h in ctx.held_roles(party.partition(":")[2]).values())
        yield Finding.make(
            AUTHORITY_GAP.id, AUTHORITY_GAP.severity, title=AUTHORITY_GAP.title,
            message=f"{ref} needs authority {duty.authority}; its accountable {party} "
                    f"has {have or 'none'}",
            subjects=[ref, party], iso=AUTHORITY_GAP.iso, evidence=ev)
    for role in sorted((r for r in ctx.model.roles if r.authority is None),
                       key=lambda r: r.id):
        yield Finding.make(
            AUTHORITY_GAP.id, AUTHORITY_GAP.severity, title=AUTHORITY_GAP.title,
            message=f"role:{role.id} has no authority level",
            subjects=[node_id("role", role.id)], iso=AUTHORITY_GAP.iso,
            evidence=[Evidence.trusted(f"{role.id} defines no authority",
                                       [node_id("role", role.id)], [])])


# --- competence-gap ---------------------------------------------------------------------

def competency_gaps(person: Person, required: Iterable[str], as_of: date) -> list[str]:
    """The competencies in ``required`` that ``person`` does not hold unexpired on
    ``as_of``, each as ``id`` (missing) or ``id (expired YYYY-MM-DD)``.

    >>> p = Person(id="ann", competencies=[{"id": "a", "expires": "2026-01-01"}, {"id": "b"}])
    >>> competency_gaps(p, ["a", "b", "c"], date(2026, 6, 1))
    ['a (expired 2026-01-01)', 'c']
    """
    return _gaps(person, required, frozenset(
        c.id for c in person.competencies if c.expires is None or c.expires >= as_of))


def _gaps(person: Person, required: Iterable[str], valid: frozenset[str]) -> list[str]:
    """:func:`competency_gaps` of ``person``, whose competencies unexpired on the as-of
    date are ``valid``: an entry of a competency not in ``valid`` with an expiry date
    has expired.

    >>> p = Person(id="ann", competencies=[{"id": "a", "expires": "2026-01-01"},
    ...                                    {"id": "a", "expires": "2025-01-01"}, {"id": "b"}])
    >>> _gaps(p, ["a", "b", "c"], frozenset({"b"}))
    ['a (expired 2026-01-01)', 'c']
    """
    expired: dict[str, date] = {}
    for c in person.competencies:
        when = c.expires
        if when is not None and c.id not in valid:
            last = expired.get(c.id)
            if last is None or when > last:
                expired[c.id] = when
    gaps = []
    for need in required:
        if need in valid:
            continue
        when = expired.get(need)
        gaps.append(need if when is None else f"{need} (expired {when.isoformat()})")
    return gaps


def find_competence_gap(ctx: Context) -> Iterator[Finding]:
    """Holders lacking a competency their role requires, or holding only an expired one
    (holders primary and deputy, direct and inherited, absent ones too); and recipients
    of a delegation in force of a duty lacking one of the duty's ``requires``. A role's
    ``requires`` binds only its holders. High for a critical role (for a delegate: a
    high or critical duty), else medium.

    Each person's unexpired competencies are read once, as a set, and a holder or
    delegate who has every one required costs a subset test; the gaps are spelt out only
    for the findings.

    Findings come in the runner's order: the delegates' first (subjects ``[duty:<id>,
    person:<id>]``, sorted as :meth:`Finding.make` sorts them, all below ``person:``), by
    duty then person; then the holders' (``[person:<id>, role:<id>]``), by person then
    role. Each kind's gaps are found first, by such keys (each once), and sorted before
    any of their findings is made.

    Complexity: O(people's competencies + holdings of roles that require something x
    requires + delegations of such duties x recipients x requires + g log g for the g
    gaps found).
    """
    as_of = ctx.as_of
    valid_of = _ValidCompetencies(ctx)
    people = ctx.people
    # holders' gaps: (person id, role reference, the holding, what the finding says
    # after the holder's reference, its severity), found role by role in id order:
    # sorted by person (stably), they are in the order of their subjects. What is said
    # is spelt out here, while the person's competencies are at hand.
    gaps_found: list[tuple[str, str, Holding, str, Severity]] = []
    for role in sorted((r for r in ctx.model.roles if r.requires), key=_id):
        required = set(role.requires)
        ref = node_id("role", role.id)
        severity = Severity.high if role.critical else Severity.medium
        holds = f" holds {ref} without "
        for person, h in ctx.holders(role.id).items():
            valid = valid_of[person]
            if required <= valid:
                continue
            gaps = _gaps(people[person], role.requires, valid)
            gaps_found.append((person, ref, h, holds + ", ".join(gaps), severity))
    delegates: dict[tuple[str, str], tuple[list[str], list[Evidence]]] = {}
    for duty in ctx.model.duties:
        if not duty.requires:
            continue
        ref = node_id("duty", duty.id)
        in_force = ctx.delegations_in_force(ref)
        if not in_force:
            continue
        required = set(duty.requires)
        for i in in_force:
            d = ctx.delegation_of(i)
            for r in ctx.party_routes(d.to, ref, "delegation", i):
                if required <= valid_of[r.person]:
                    continue
                gaps = competency_gaps(ctx.people[r.person], duty.requires, as_of)
                entry = delegates.setdefault((r.person, ref), (gaps, []))
                entry[1].append(ctx.route_evidence(
                    r, f"{r.person} receives {ref} by delegation {d.id}"))
    made = Finding.trusted
    cid, title, iso = COMPETENCE_GAP.id, COMPETENCE_GAP.title, COMPETENCE_GAP.iso
    high = Criticality.high.rank
    for person, ref in sorted(delegates, key=_duty_then_person):
        gaps, ev = delegates[person, ref]
        level = ctx.items[ref].criticality  # type: ignore[union-attr]
        # subjects sorted: "duty:..." < "person:..."; the evidence the context's own
        yield made(cid, Severity.high if level.rank >= high else Severity.medium, title,
                   f"person:{person} is delegated {ref} without {', '.join(gaps)}",
                   [ref, node_id("person", person)], iso, ev)
    gaps_found.sort(key=_first)
    # one finding per holding: its evidence is not kept on the context for later
    evidence_of = ctx.unkept_holding_evidence
    for _, ref, h, said, severity in gaps_found:
        held = evidence_of(h)
        who = held.edges[0].u  # person_ref(person), read from the holding's first edge
        # subjects sorted: "person:..." < "role:..."
        yield made(cid, severity, title, who + said, [who, ref], iso, [held])


#: a delegate's gap (person id, duty reference) by its finding's subjects,
#: ``[duty:<id>, person:<id>]``
_duty_then_person = itemgetter(1, 0)


class _ValidCompetencies(dict[str, frozenset[str]]):
    """Person id -> the ids of their competencies unexpired on the as-of date, read on
    first use (the same reading as :func:`competency_gaps`)."""

    def __init__(self, ctx: Context) -> None:
        super().__init__()
        self._people = ctx.people
        self._as_of = ctx.as_of

    def __missing__(self, person: str) -> frozenset[str]:
        as_of = self._as_of
        valid = self[person] = frozenset([
            c.id for c in self._people[person].competencies
            if c.expires is None or c.expires >= as_of])
        return valid


# --- not-acknowledged -------------------------------------------------------------------

def find_not_acknowledged(ctx: Context) -> Iterator[Finding]:
    """Roles with no description, and holders (primary and deputy, direct and inherited)
    who have not acknowledged the current ``version`` of their role's description (a
    role with no version: any acknowledgement of it counts).

    Findings come in the runner's order: the holders' (subjects ``[person:<id>,
    role:<id>]``) person by person in id order, each person's roles in id order; then
    the roles with no description (``[role:<id>]``, after every ``person:``), by id.

    Complexity: O(roles + holders log holders + holdings log (roles a person holds) +
    acknowledgements of holders).
    """
    check = NOT_ACKNOWLEDGED
    cid, severity, title, iso = check.id, check.severity, check.title, check.iso
    # role id -> its reference, the version to acknowledge and what is said after the
    # holder's reference per version acknowledged (0: none; the others made on first
    # use), for the roles with a description; the others' holders are not asked
    described: dict[str, tuple[str, int, dict[int, str]]] = {}
    bare: list[str] = []
    for role in ctx.model.roles:
        if (role.description or "").strip():
            ref = node_id("role", role.id)
            described[role.id] = (ref, role.version or 1,
                                  {0: _unacknowledged(ref, 0, role.version)})
        else:
            bare.append(role.id)
    # one finding per holding: its evidence is not kept on the context for later
    evidence_of = ctx.unkept_holding_evidence
    made = Finding.trusted
    people = ctx.people
    by_person = ctx.held_by_person()
    for pid in sorted(by_person):
        mine = by_person[pid]
        # (role id, holding) pairs: the ids are unique, the holdings never compared
        held = sorted(mine.items()) if len(mine) > 1 else mine.items()
        acknowledged = people[pid].acknowledged
        if not acknowledged:  # the most common case: every role with a description
            for rid, h in held:
                about = described.get(rid)
                if about is not None:
                    ev = evidence_of(h)
                    who = ev.edges[0].u  # person_ref(pid), read from the holding's first edge
                    # subjects sorted: "person:..." < "role:..."
                    yield made(cid, severity, title, who + about[2][0], [who, about[0]], iso,
                               [ev])
            continue
        # role -> the highest version of its description this person acknowledged
        acked: dict[str, int] = {}
        for a in acknowledged:
            if a.version > acked.get(a.role, 0):
                acked[a.role] = a.version
        for rid, h in held:
            about = described.get(rid)
            if about is None:  # no description: the role's own finding says so
                continue
            ref, need, said = about
            have = acked.get(rid, 0)
            if have >= need:
                continue
            what = said.get(have)
            if what is None:
                what = said[have] = _unacknowledged(ref, have, ctx.roles[rid].version)
            ev = evidence_of(h)
            who = ev.edges[0].u
            yield made(cid, severity, title, who + what, [who, ref], iso, [ev])
    for rid in sorted(bare):
        ref = node_id("role", rid)
        yield Finding.make(
            cid, severity, title=title,
            message=f"{ref} has no description to communicate",
            subjects=[ref], iso=iso,
            evidence=[Evidence.trusted(f"{rid} has no description", [ref], [])])


def _unacknowledged(ref: str, have: int, version: int | None) -> str:
    """What not-acknowledged says after a holder's reference: that they hold ``ref`` and
    acknowledged version ``have`` (0: none) of its description, whose version is
    ``version``.

    >>> _unacknowledged("role:ism", 0, None).split(" of ")  # doctest: +NORMALIZE_WHITESPACE
    [' holds role:ism and acknowledged no version',
     'its description (it has no version: any acknowledgement counts)']
    >>> _unacknowledged("role:ism", 1, 2)
    ' holds role:ism and acknowledged version 1 of its description (current: 2)'
    """
    tail = (f"its description (current: {version})" if version else
            "its description (it has no version: any acknowledgement counts)")
    if have == 0:
        return f" holds {ref} and acknowledged no version of {tail}"
    return f" holds {ref} and acknowledged version {have} of {tail}"


# --- leaver-holds -----------------------------------------------------------------------

def find_leaver_holds(ctx: Context) -> Iterator[Finding]:
    """Leavers still assigned a role (an assignment not ended on the as-of date), named
    owner, accountable, custodian or responsible of an item, or party (from or to) to a
    delegation not ended on the as-of date. One finding per leaver and role or item.

    Each assignment, item and delegation is looked at once, and only against the set of
    leavers (as ``person:<id>`` parties): an item that names no leaver costs a few set
    tests.

    Findings come in the runner's order, by their subjects (the leaver's reference and
    the role, item or scope, sorted): an asset's or a duty's first, by it then by
    leaver; then a role's or a risk's, by leaver then by it.

    Complexity: O(assignments + item parties + delegations + f log f for the f
    findings).
    """
    leavers = {p.id for p in ctx.model.people if p.status is Status.leaver}
    if not leavers:
        return
    gone = {node_id("person", p) for p in leavers}
    found: dict[tuple[str, str], tuple[list[str], list[Evidence]]] = {}

    def add(person: str, subject: str, why: str, edge: Edge) -> None:
        whys, ev = found.setdefault((person, subject), ([], []))
        whys.append(why)
        ev.append(Evidence.trusted(f"leaver {person} {why}", [edge.u, edge.v], [edge]))

    as_of = ctx.as_of
    for i, a in enumerate(ctx.model.assignments):
        if a.person in leavers and (a.until is None or a.until >= as_of):
            edge = Edge.trusted(node_id("person", a.person), node_id("role", a.role), "holds",
                                "holds", ctx.source("assignments", i))
            add(a.person, node_id("role", a.role),
                f"is still assigned {'deputy of ' if a.deputy else ''}role:{a.role}", edge)
    model = ctx.model
    # the items that name a leaver, found by one set test per list of parties
    named: list[tuple[str, str, list[str], str, list[str]]] = [
        ("asset", x.id, x.owner, "custodian", x.custodians) for x in model.assets
        if not (gone.isdisjoint(x.owner) and gone.isdisjoint(x.custodians))]
    named += [("risk", x.id, x.owner, "", []) for x in model.risks
              if not gone.isdisjoint(x.owner)]
    named += [("duty", x.id, x.accountable, "responsible", x.responsible) for x in model.duties
              if not (gone.isdisjoint(x.accountable) and gone.isdisjoint(x.responsible))]
    for kind, item_id, accountable, relation, responsible in named:
        ref = node_id(kind, item_id)
        by = "accountable" if kind == "duty" else "owner"
        parties = [(p, by) for p in dict.fromkeys(accountable)]
        parties += [(p, relation) for p in responsible]
        for party, rel in parties:
            if party in gone:
                add(party.partition(":")[2], ref, f"is named {rel} of {ref}",
                    ctx.item_edge(party, ref, rel))
    for i, d in enumerate(ctx.model.delegations):
        if d.until is not None and d.until < as_of:
            continue
        if d.from_ not in gone and d.to not in gone:
            continue
        for role_in, party in (("delegates", d.from_), ("receives", d.to)):
            if party in gone:
                add(party.partition(":")[2], d.scope,
                    f"{role_in} {d.scope} by delegation {d.id}", ctx.delegation_edge(i))
    # the runner's order: by the subjects, the leaver's reference and the subject
    # sorted (as Finding.make sorts them; a subject is a role's or an item's reference,
    # never a person's): an asset's or a duty's reference first, below every
    # "person:...", by subject then leaver; then a role's or a risk's, above the
    # leaver's reference, by leaver then subject
    below = sorted([(subject, person) for person, subject in found if subject < "person:"])
    above = sorted([key for key in found if key[1] >= "person:"])
    cid, severity, title, iso = (LEAVER_HOLDS.id, LEAVER_HOLDS.severity, LEAVER_HOLDS.title,
                                 LEAVER_HOLDS.iso)
    made = Finding.trusted  # subjects sorted, evidence made by Evidence.trusted
    for subject, person in below:
        whys, ev = found[person, subject]
        yield made(cid, severity, title, _leaver_says(person, whys),
                   [subject, node_id("person", person)], iso, ev)
    for person, subject in above:
        whys, ev = found[person, subject]
        yield made(cid, severity, title, _leaver_says(person, whys),
                   [node_id("person", person), subject], iso, ev)


def _leaver_says(person: str, whys: list[str]) -> str:
    """leaver-holds' message on leaver ``person`` for ``whys`` (each said once).

    >>> _leaver_says("bob", ["is named owner of asset:db", "is named owner of asset:db"])
    'leaver person:bob is named owner of asset:db'
    """
    return f"leaver person:{person} " + "; ".join(dict.fromkeys(whys))


# --- declarations -----------------------------------------------------------------------

VACANT_ROLE = Check(
    id="vacant-role", title="Role without enough holders who can act", severity=Severity.medium,
    iso=("A.5.2",),
    remediation="Assign the role (or a deputy) to enough active people to reach its "
                "min_holders.",
    family="roles", in_order=True, find=find_vacant_role,
    description="Role with fewer holders who can act (primary or deputy, direct or "
                "inherited) than min_holders. High if the role is critical, else medium.")

AUTHORITY_GAP = Check(
    id="authority-gap", title="Authority level missing or too low", severity=Severity.medium,
    iso=("A.5.2",),
    remediation="Define an authorisation level for every role, and make a role (or person) "
                "of sufficient authority accountable for each duty.",
    family="roles", find=find_authority_gap, in_order=True,
    description="Role with no authority level; duty whose accountable role or person has "
                "less authority than the duty requires.")

COMPETENCE_GAP = Check(
    id="competence-gap", title="Holder or delegate lacks a required competency",
    severity=Severity.medium, iso=("7.2", "A.6.3"),
    remediation="Train or certify the person (or renew the expired competency), or move "
                "the role or delegation to someone qualified.",
    family="roles", in_order=True, find=find_competence_gap,
    description="Role holder (or delegate of a duty) without an unexpired competency the "
                "role (or duty) requires. High if the role is critical, else medium.")

NOT_ACKNOWLEDGED = Check(
    id="not-acknowledged", title="Role description not communicated", severity=Severity.low,
    iso=("7.3", "7.4", "A.5.2"),
    remediation="Write the role description, and have every holder acknowledge its current "
                "version.",
    family="roles", in_order=True, find=find_not_acknowledged,
    description="Holder who has not acknowledged the current version of the role "
                "description; role with no description.")

LEAVER_HOLDS = Check(
    id="leaver-holds", title="Leaver still holds responsibilities", severity=Severity.high,
    iso=("A.5.2", "A.6.5"),
    remediation="End the leaver's assignments and delegations, and hand the items they own "
                "to a current owner.",
    family="roles", in_order=True, find=find_leaver_holds,
    description="Leaver still assigned a role, named owner/accountable/custodian/"
                "responsible, or party to a delegation not ended.")
