"""How :meth:`Context.build` reads holdings and items' parties, against the plain
readings it replaced: a breadth-first walk per assigned role, ``Holding(...)`` per route,
``Assignment.is_valid_on`` per assignment, a tuple per list of parties. Same holdings in
the same order (insertion order is what the checks iterate), same parties."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from graphkit.errors import ModelError
from graphkit.model import Model, Role, Status, validate_model
from graphkit.semantics import (
    Ancestry,
    Context,
    Holding,
    _ancestry,
    _walked_ancestry,
)

AS_OF = date(2026, 6, 1)
ROLE_IDS = ["r0", "r1", "r2", "r3", "r4", "r5"]
PEOPLE = ["p0", "p1", "p2", "p3"]
DAYS = [None, date(2026, 5, 31), date(2026, 6, 1), date(2026, 6, 2)]


@st.composite
def role_maps(draw: Any) -> dict[str, Role]:
    """Roles inheriting any roles, repeats, cycles and roles not in the map included."""
    ids = draw(st.lists(st.sampled_from(ROLE_IDS), unique=True, max_size=len(ROLE_IDS)))
    return {r: Role(id=r, authority=draw(st.one_of(st.none(), st.integers(1, 5))),
                    inherits=draw(st.lists(st.sampled_from([*ROLE_IDS, "gone"]),
                                           max_size=3)))
            for r in ids}


@settings(max_examples=400, deadline=None)
@given(roles=role_maps(), order=st.permutations([*ROLE_IDS, "gone"]))
def test_ancestry_is_the_walk_whatever_is_asked_first(roles: dict[str, Role],
                                                      order: list[str]) -> None:
    known: dict[str, Ancestry] = {}
    for role in order:
        assert _ancestry(roles, role, known) == _walked_ancestry(roles, role)
    assert all(found == _walked_ancestry(roles, r) for r, found in known.items())


def test_a_cycle_of_single_inheritance_is_walked() -> None:
    roles = {r.id: r for r in [Role(id="a", inherits=["b"]), Role(id="b", inherits=["c"]),
                               Role(id="c", inherits=["a"]), Role(id="d", inherits=["a"])]}
    known: dict[str, Ancestry] = {}
    assert [r for r, _, _ in _ancestry(roles, "d", known)] == ["d", "a", "b", "c"]
    assert _ancestry(roles, "b", known) == (
        ("b", ("b",), 0), ("c", ("b", "c"), 0), ("a", ("b", "c", "a"), 0))


Holdings = dict[str, dict[str, Holding]]


def _reference_holdings(model: Model, day: date
                        ) -> tuple[Holdings, Holdings, Holdings, dict[str, int]]:
    """The holdings as the first Context read them."""
    roles = {r.id: r for r in model.roles}
    people = {p.id: p for p in model.people}
    holders: dict[str, dict[str, Holding]] = {}
    held: dict[str, dict[str, Holding]] = {}
    direct: dict[str, dict[str, Holding]] = {}
    authority: dict[str, int] = {}
    for i, a in enumerate(model.assignments):
        person = people.get(a.person)
        if person is None or person.status is Status.leaver or not a.is_valid_on(day):
            continue
        mine = held.setdefault(a.person, {})
        top = authority.get(a.person, 0)
        for role, via, level in _walked_ancestry(roles, a.role):
            old = mine.get(role)
            if old is not None and (old.deputy, len(old.via), old.assignment) <= (
                    a.deputy, len(via), i):
                continue
            h = Holding(a.person, role, a.deputy, via, i)
            mine[role] = h
            holders.setdefault(role, {})[a.person] = h
            top = max(top, level)
        if top:
            authority[a.person] = top
        if not a.deputy:
            direct.setdefault(a.role, {}).setdefault(
                a.person, Holding(a.person, a.role, False, (a.role,), i))
    return holders, held, direct, authority


def _ordered(index: dict[str, Any]) -> list[Any]:
    """A dict of dicts with its insertion orders, comparable."""
    return [(k, list(v.items()) if isinstance(v, dict) else v) for k, v in index.items()]


@st.composite
def models(draw: Any) -> Model:
    roles = draw(st.lists(st.sampled_from(ROLE_IDS[:4]), unique=True, min_size=1))
    data = {
        "people": [{"id": p, "status": draw(st.sampled_from(list(Status))).value}
                   for p in PEOPLE],
        "roles": [{"id": r, "authority": draw(st.integers(1, 5)),
                   "inherits": draw(st.lists(st.sampled_from(roles), max_size=2))}
                  for r in roles],
        "assignments": [
            {"person": draw(st.sampled_from(PEOPLE)), "role": draw(st.sampled_from(roles)),
             "deputy": draw(st.booleans()),
             **({"from": d} if (d := draw(st.sampled_from(DAYS))) else {}),
             **({"until": d} if (d := draw(st.sampled_from(DAYS))) else {})}
            for _ in range(draw(st.integers(0, 8)))],
    }
    try:
        return validate_model(data)
    except ModelError:  # an inheritance cycle, an assignment ending before it starts
        assume(False)
        raise


@settings(max_examples=300, deadline=None)
@given(model=models())
def test_holdings_are_the_plain_reading_in_the_same_order(model: Model) -> None:
    ctx = Context.build(model, AS_OF)
    holders, held, direct, authority = _reference_holdings(model, AS_OF)
    assert _ordered(ctx._holders) == _ordered(holders)
    assert _ordered(ctx._held) == _ordered(held)
    assert _ordered(ctx._direct_primary) == _ordered(direct)
    assert ctx._authority == authority
    assert all(type(h) is Holding for by in ctx._holders.values() for h in by.values())


PARTIES = ["role:r0", "role:r1", "person:p0", "person:p1"]


@settings(max_examples=200, deadline=None)
@given(owners=st.lists(st.lists(st.sampled_from(PARTIES), max_size=3), max_size=4),
       custodians=st.lists(st.lists(st.sampled_from(PARTIES), max_size=3), max_size=4))
def test_items_parties_are_the_plain_reading(owners: list[list[str]],
                                             custodians: list[list[str]]) -> None:
    n = min(len(owners), len(custodians))
    model = validate_model({
        "people": [{"id": "p0"}, {"id": "p1"}],
        "roles": [{"id": "r0"}, {"id": "r1"}],
        "assets": [{"id": f"a{i}", "owner": owners[i], "custodians": custodians[i]}
                   for i in range(n)],
        "risks": [{"id": f"k{i}", "owner": o} for i, o in enumerate(owners)],
        "duties": [{"id": f"u{i}", "accountable": o, "responsible": custodians[i]}
                   for i, o in enumerate(owners[:n])],
    })
    ctx = Context.build(model, AS_OF)
    def unique(parties: list[str]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(parties))

    expected: dict[str, tuple[tuple[str, ...], str, tuple[str, ...]]] = {}
    for a in model.assets:
        own = unique(a.owner)
        expected[f"asset:{a.id}"] = ((own, "custodian", tuple(a.custodians))
                                     if a.custodians else (own, "owner", own))
    for k in model.risks:
        expected[f"risk:{k.id}"] = (unique(k.owner), "owner", unique(k.owner))
    for u in model.duties:
        expected[f"duty:{u.id}"] = (unique(u.accountable), "responsible",
                                    tuple(u.responsible))
    got = {ref: (tuple(acc), rel, tuple(res)) for ref, (acc, rel, res) in ctx._parties.items()}
    assert list(got.items()) == list(expected.items())
    for ref, (acc, rel, res) in expected.items():
        assert ctx.accountable_parties(ref) == list(acc)
        assert ctx.responsible_relation(ref) == rel
        assert ctx.responsible_parties(ref) == list(res)
