"""The accountability checks against their reference: the straightforward readings.

The reference below is the code of the five accountability checks as it was before
they read the column-wise :class:`~graphkit.semantics.CoverTable`, with each fast
reading of the Context replaced by its definition: who can act on a side is
``accountable_routes`` / ``responsible_routes`` filtered by ``can_act`` (first route per
person, cut at the limit), and an item resolves when one of its accountable people is
not a leaver. On random models of every shape (several owners, deputies, inheritance,
delegations of every validity, people of every status), on generated organisations and
on the benchmark's shapes that concern them (``benchmarks/bench_shapes.py``), both must
produce the same findings, evidence and order included; the cover table's columns and
:meth:`~graphkit.semantics.Context.first_actor_evidence` are compared with the covers
read item by item.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphkit.findings import Evidence, Finding, Severity
from graphkit.generate import AS_OF, generate
from graphkit.loaders import load
from graphkit.model import Criticality, Model, Status, validate_model
from graphkit.queries import accountability as A
from graphkit.queries.registry import get_check
from graphkit.runner import _ordered
from graphkit.semantics import Context, Coverage, Route, criticality_of

from test_evidence_sharing import _first_actor_evidence_is_the_actor_evidence  # tests/scale
from test_shapes import _bench  # bench_shapes.py, loaded as a module

EVIDENCE_LIMIT = A.EVIDENCE_LIMIT
ORPHAN_ITEM = A.ORPHAN_ITEM
MULTIPLE_ACCOUNTABLE = A.MULTIPLE_ACCOUNTABLE
NO_RESPONSIBLE = A.NO_RESPONSIBLE
OVERLOAD = A.OVERLOAD
KEY_PERSON = A.KEY_PERSON
_SEVERITY_OF = {c: Severity(c.value) for c in Criticality}
_KEY_LEVELS = frozenset((Criticality.high, Criticality.critical))


def _severity(level: Criticality) -> Severity:
    return _SEVERITY_OF[level]


def _item_evidence(ctx: Context, ref: str, label: str) -> Evidence:
    return Evidence(label=label, nodes=[ref], edges=[])


def _names(people: list[str]) -> str:
    return ", ".join(sorted(people))


def _acting(routes: Iterable[Route], ctx: Context, limit: int) -> dict[str, Route]:
    """The definition of one side of coverage: the first route of each person who can
    act, in route order, at most ``limit`` people."""
    out: dict[str, Route] = {}
    for r in routes:
        if r.person not in out and ctx.can_act(r.person):
            out[r.person] = r
            if len(out) >= limit:
                break
    return out


def _has_accountable(ctx: Context, ref: str) -> bool:
    """Someone accountable who has not left (a direct primary holder of an owner role,
    or an owner person)."""
    return any(ctx.people[p].status is not Status.leaver
               for p in ctx.accountable_people(ref))


# --- orphan-item ------------------------------------------------------------------------

def find_orphan_item(ctx: Context) -> Iterator[Finding]:
    """Assets, risks and duties that nobody is accountable for on the as-of date.

    An item is orphaned when it names no owner (duty: no ``accountable``); when its owner
    resolves to nobody (an owner role with no direct primary holder — deputies and
    inherited holders are not accountable — or an owner person who has left); or when
    none of the people on its accountable side can act (the accountable holders are
    absent and no deputy or other holder of the owner role can act). Graded by the
    item's criticality (a risk's level; a duty's criticality, default medium).

    Complexity: O(items + parties), with coverage stopped at the first person who can act.
    """
    for ref, item in ctx.items.items():
        sev = _severity(criticality_of(item))
        parties = ctx.accountable_parties(ref)
        what = "accountable party" if ref.startswith("duty:") else "owner"
        if not parties:
            yield _orphan(ref, sev, f"{ref} has no {what}",
                          [_item_evidence(ctx, ref, f"{ref} names no {what}")])
            continue
        if not _has_accountable(ctx, ref):
            gone = [p for p in parties if p.startswith("person:")]
            reason = ("has left" if gone and len(gone) == len(parties) else
                      "resolves to nobody (no direct primary holder)")
            ev = [Evidence(label=f"{p} is named {what} of {ref}", nodes=[p, ref],
                           edges=[ctx.item_edge(p, ref, _relation(ref))]) for p in parties]
            yield _orphan(ref, sev, f"{ref}: {what} {', '.join(parties)} {reason}", ev)
            continue
        if not _acting(ctx.accountable_routes(ref), ctx, 1):
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
    return Finding.make(ORPHAN_ITEM.id, sev, title=ORPHAN_ITEM.title, message=message,
                        subjects=[ref], iso=ORPHAN_ITEM.iso, evidence=evidence)


# --- multiple-accountable ---------------------------------------------------------------

def find_multiple_accountable(ctx: Context) -> Iterator[Finding]:
    """Items with more than one accountable party, or whose owner role has several
    direct primary holders (deputies and inherited holders do not count).

    Subjects: the item, plus each owner role with several primary holders.
    Complexity: O(items + parties), plus O(EVIDENCE_LIMIT) per finding (the holders'
    evidence is built once per holding and shared).
    """
    described: dict[str, tuple[str, list[Evidence]]] = {}  # per crowded role, said once
    for ref in ctx.items:
        parties = ctx.accountable_parties(ref)
        crowded = [p for p in parties if p.startswith("role:")
                   and len(ctx.direct_primary_holders(p.partition(":")[2])) > 1]
        if len(parties) <= 1 and not crowded:
            continue
        reasons = []
        ev: list[Evidence] = []
        if len(parties) > 1:
            reasons.append(f"{len(parties)} accountable parties: {', '.join(parties)}")
            ev.extend(Evidence(label=f"{p} is named accountable for {ref}", nodes=[p, ref],
                               edges=[ctx.item_edge(p, ref, _relation(ref))])
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
                ev.append(Evidence(label=f"{role_ref} is named accountable for {ref}",
                                   nodes=[role_ref, ref],
                                   edges=[ctx.item_edge(role_ref, ref, _relation(ref))]))
            ev.extend(said[1])
        yield Finding.make(MULTIPLE_ACCOUNTABLE.id, MULTIPLE_ACCOUNTABLE.severity,
                           title=MULTIPLE_ACCOUNTABLE.title,
                           message=f"{ref}: " + "; ".join(reasons),
                           subjects=[ref, *crowded], iso=MULTIPLE_ACCOUNTABLE.iso, evidence=ev)


# --- no-responsible ---------------------------------------------------------------------

def find_no_responsible(ctx: Context) -> Iterator[Finding]:
    """Duties with nobody responsible who can act: no RACI ``responsible`` holder,
    deputy or recipient of a delegation in force who is active.

    Complexity: O(duties + responsible parties + delegations), each duty's people read
    until the first who can act.
    """
    for ref in ctx.items:
        if not ref.startswith("duty:"):
            continue
        if _acting(ctx.responsible_routes(ref), ctx, 1):
            continue
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
    by_party: dict[str, list[str]] = {}   # party -> items naming it alone
    shared: dict[str, dict[str, Route]] = {}  # person -> items naming several parties
    for ref in ctx.items:
        parties = ctx.accountable_parties(ref)
        if len(parties) == 1:
            by_party.setdefault(parties[0], []).append(ref)
        elif parties:
            for person, route in ctx.accountable_people(ref).items():
                shared.setdefault(person, {})[ref] = route
    # a person's load: items naming them, plus items of each role they hold as direct
    # primary; a person is in each role's list once, so only shared items can repeat
    routes: dict[str, list[tuple[str, list[str]]]] = {}
    for party, refs in by_party.items():
        kind, _, pid = party.partition(":")
        people = ctx.direct_primary_holders(pid) if kind == "role" else (
            [pid] if pid in ctx.people else [])
        for person in people:
            routes.setdefault(person, []).append((party, refs))
    for person in sorted(set(routes) | set(shared)):
        if ctx.people[person].status is Status.leaver:
            continue
        # items naming one party are in exactly one list, and never among the shared
        total = sum(len(refs) for _, refs in routes.get(person, ())) + len(
            shared.get(person, ()))
        if total <= limit:
            continue
        ev = []
        for party, refs in routes.get(person, ()):
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

    Complexity: O(high/critical items x their parties), each side read until two people.
    """
    uncovered: dict[str, list[tuple[str, Criticality, list[tuple[str, Route]]]]] = {}
    for ref, item in ctx.items.items():
        level = criticality_of(item)
        if level not in _KEY_LEVELS:
            continue
        if not _has_accountable(ctx, ref):
            continue  # orphan-item reports it (a deputy-only or inherited-only owner role)
        cov = Coverage(ref, _acting(ctx.accountable_routes(ref), ctx, 2),
                       _acting(ctx.responsible_routes(ref), ctx, 2))
        if not cov.accountable or not cov.responsible:
            continue
        sole: dict[str, list[tuple[str, Route]]] = {}
        for side, people in (("accountable", cov.accountable),
                             ("responsible", cov.responsible)):
            if len(people) == 1:
                (person, route), = people.items()
                sole.setdefault(person, []).append((side, route))
        for person, routes in sole.items():
            uncovered.setdefault(person, []).append((ref, level, routes))

    def impact(person: str) -> tuple[int, int, str]:
        levels = [lv for _, lv, _ in uncovered[person]]
        return (-levels.count(Criticality.critical), -levels.count(Criticality.high), person)

    for person in sorted(uncovered, key=impact):
        entries = uncovered[person]
        worst = max((lv for _, lv, _ in entries), key=lambda lv: lv.rank)
        n_crit = sum(1 for _, lv, _ in entries if lv is Criticality.critical)
        items = ", ".join(f"{ref} ({lv.value})" for ref, lv, _ in entries)
        ev = [ctx.route_evidence(r, f"{person} is the only one on the {side} side of {ref} "
                                    "who can act")
              for ref, _, routes in entries for side, r in routes]
        yield Finding.make(
            KEY_PERSON.id, _severity(worst), title=KEY_PERSON.title,
            message=f"person:{person} alone covers {len(entries)} high/critical item(s) "
                    f"({n_crit} critical): {items}",
            subjects=[f"person:{person}"], iso=KEY_PERSON.iso, evidence=ev)



REFERENCE = {
    "orphan-item": find_orphan_item,
    "multiple-accountable": find_multiple_accountable,
    "no-responsible": find_no_responsible,
    "overload": find_overload,
    "key-person": find_key_person,
}
FAST = {
    "orphan-item": A.find_orphan_item,
    "multiple-accountable": A.find_multiple_accountable,
    "no-responsible": A.find_no_responsible,
    "overload": A.find_overload,
    "key-person": A.find_key_person,
}


def _assert_same(ctx: Context) -> int:
    """Every accountability check gives exactly its reference's findings; returns how
    many there were."""
    total = 0
    for check, reference in REFERENCE.items():
        # the runner's order of the reference's findings: a check that claims to yield
        # in that order (``in_order``) must; key-person (ranked) yields its own order
        want = [f.model_dump(mode="json") for f in _ordered(get_check(check), reference(ctx))]
        got = [f.model_dump(mode="json") for f in FAST[check](ctx)]
        assert got == want, check
        total += len(want)
    return total


def _assert_same_covers(ctx: Context) -> None:
    """The cover table says, item by item, what the definitions say."""
    table = ctx.cover_table()
    assert table.refs == list(ctx.items)
    covers = ctx.item_covers(range(len(table)))
    for ref, (resolved, acc, res) in zip(table.refs, covers, strict=True):
        assert resolved == _has_accountable(ctx, ref), ref
        for side, actors, routes in (("accountable", acc, ctx.accountable_routes(ref)),
                                     ("responsible", res, ctx.responsible_routes(ref))):
            want = list(_acting(routes, ctx, 2).values())
            assert [ctx.route_of(ref, side, a) for a in actors] == want, (ref, side)
        for limit in (1, 2):
            cov = ctx.coverage(ref, limit)
            assert cov.accountable == _acting(ctx.accountable_routes(ref), ctx, limit)
            assert cov.responsible == _acting(ctx.responsible_routes(ref), ctx, limit)
    # the first person on each side, as a column of positions in Model.people
    code = {p.id: i for i, p in enumerate(ctx.model.people)}
    for k, column in ((1, table.accountable_person), (2, table.responsible_person)):
        assert column.tolist() == [code[c[k][0].person] if c[k] else -1 for c in covers]
    _first_actor_evidence_is_the_actor_evidence(ctx)


PARTY_KINDS = ("person", "role")


@st.composite
def models(draw: st.DrawFn) -> dict[str, Any]:
    """Small valid models of every shape the checks read: people of every status, roles
    with inheritance (deputies, several holders), items naming no, one or several
    owners, repeated parties, delegations to people and roles of every validity, and a
    low max_accountable_items so that overload fires."""
    n_people = draw(st.integers(1, 6))
    n_roles = draw(st.integers(0, 4))
    people = [{"id": f"p{i}", "status": draw(st.sampled_from(
        ["active", "active", "active", "absent", "leaver"]))} for i in range(n_people)]
    roles = []
    for j in range(n_roles):
        parents = draw(st.sets(st.integers(0, j - 1), max_size=2)) if j else set()
        roles.append({"id": f"r{j}", "inherits": [f"r{k}" for k in sorted(parents)]})
    refs = [f"person:p{i}" for i in range(n_people)] + [f"role:r{j}" for j in range(n_roles)]
    parties = st.lists(st.sampled_from(refs), max_size=3)
    dates = st.sampled_from([(None, None), ("2026-01-01", "2026-12-31"),
                             ("2025-01-01", "2026-03-31"), ("2026-09-01", None)])
    assignments = []
    for _ in range(draw(st.integers(0, 10))) if n_roles else ():
        start, end = draw(dates)
        assignments.append({"person": f"p{draw(st.integers(0, n_people - 1))}",
                            "role": f"r{draw(st.integers(0, n_roles - 1))}",
                            "deputy": draw(st.booleans()), "from": start, "until": end})
    levels = st.sampled_from(["low", "medium", "high", "critical"])
    assets = [{"id": f"a{k}", "criticality": draw(levels), "owner": draw(parties),
               "custodians": draw(parties)} for k in range(draw(st.integers(0, 4)))]
    risks = [{"id": f"k{k}", "level": draw(levels), "owner": draw(parties)}
             for k in range(draw(st.integers(0, 3)))]
    duties = [{"id": f"d{k}", "criticality": draw(levels), "accountable": draw(parties),
               "responsible": draw(parties)} for k in range(draw(st.integers(0, 4)))]
    scopes = ([f"asset:{a['id']}" for a in assets] + [f"risk:{k['id']}" for k in risks]
              + [f"duty:{d['id']}" for d in duties])
    delegations = []
    for n in range(draw(st.integers(0, 5))) if scopes else ():
        start, end = draw(dates)
        delegations.append({"id": f"D{n}", "from": draw(st.sampled_from(refs)),
                            "to": draw(st.sampled_from(refs)),
                            "scope": draw(st.sampled_from(scopes)),
                            "from_date": start, "until": end})
    return {"people": people, "roles": roles, "assignments": assignments,
            "assets": assets, "risks": risks, "duties": duties,
            "delegations": delegations,
            "policy": {"max_accountable_items": draw(st.integers(0, 3))}}


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    """Drop the None dates (the model reads an absent key, not a null)."""
    out = dict(data)
    for key in ("assignments", "delegations"):
        out[key] = [{k: v for k, v in row.items() if v is not None} for row in data[key]]
    return out


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(models())
def test_same_findings_and_covers_as_the_reference_on_random_models(
        data: dict[str, Any]) -> None:
    model = validate_model(_clean(data))
    ctx = Context.build(model, date(2026, 6, 1))
    _assert_same_covers(ctx)
    _assert_same(ctx)


@pytest.mark.parametrize(("n", "seed"), [(400, 4), (1500, 11)])
def test_same_findings_and_covers_as_the_reference_on_generated_models(
        n: int, seed: int, tmp_path: Path) -> None:
    generate(n, seed=seed, out=tmp_path)
    ctx = Context.build(load(tmp_path), AS_OF)
    _assert_same_covers(ctx)
    assert _assert_same(ctx) > n // 2  # the generated organisation has many of each


#: The benchmark's shapes that change what the accountability checks read: owners and
#: custodians concentrated, many responsible parties, inheritance, delegations, statuses.
ACCOUNTABILITY_SHAPES = ("owner-hub", "role-owner-hub", "inherit-root", "fan-delegations",
                         "scope-to-roles", "many-custodians", "long-raci", "all-absent",
                         "all-leavers")


@pytest.fixture(scope="module")
def shaped(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, Path]]:
    bench = _bench()
    base = tmp_path_factory.mktemp("shapes") / "base"
    generate(600, seed=1, out=base)
    yield bench, base


@pytest.mark.parametrize("name", ACCOUNTABILITY_SHAPES)
def test_same_findings_and_covers_as_the_reference_on_the_benchmark_shapes(
        name: str, shaped: tuple[Any, Path], tmp_path: Path) -> None:
    bench, base = shaped
    bench.make_shape(name, base, tmp_path / name, 600)
    ctx = Context.build(load(tmp_path / name), date.fromisoformat(bench.AS_OF))
    _assert_same_covers(ctx)
    assert _assert_same(ctx) > 0
