"""The Context against the Meaning and Precise readings of DESIGN.md."""

from __future__ import annotations

from datetime import date

from graphkit.model import validate_model
from graphkit.semantics import Context

AS_OF = date(2026, 6, 1)

MODEL = validate_model({
    "people": [
        {"id": "ann"}, {"id": "bob", "status": "absent"}, {"id": "cat", "status": "leaver"},
        {"id": "dan"}, {"id": "eve"}, {"id": "fay"},
    ],
    "roles": [
        {"id": "ciso", "authority": 5, "inherits": ["ism"]},
        {"id": "ism", "authority": 4, "inherits": ["staff"]},
        {"id": "staff", "authority": 1},
        {"id": "ops", "authority": 2},
    ],
    "assignments": [
        {"person": "ann", "role": "ciso"},
        {"person": "bob", "role": "ism"},
        {"person": "cat", "role": "ism"},
        {"person": "dan", "role": "ciso", "deputy": True},
        {"person": "dan", "role": "staff"},
        {"person": "eve", "role": "ops", "from": "2026-07-01"},
        {"person": "fay", "role": "ops", "until": "2026-05-31"},
        {"person": "fay", "role": "ops", "from": "2026-06-01", "deputy": True},
    ],
    "assets": [
        {"id": "crm", "owner": "role:ism", "custodians": ["role:ops"]},
        {"id": "wiki", "owner": "person:ann"},
    ],
    "risks": [{"id": "R-1", "owner": "role:ciso"}],
    "duties": [{"id": "review", "accountable": "role:ism", "responsible": ["role:ops"]}],
    "delegations": [
        {"id": "D-1", "from": "eve", "to": "dan", "scope": "duty:review"},   # unfounded
        {"id": "D-2", "from": "ann", "to": "role:staff", "scope": "asset:crm",
         "until": "2026-05-31"},                                            # lapsed
        {"id": "D-3", "from": "ann", "to": "cat", "scope": "duty:review"},    # to a leaver
    ],
})


def ctx(as_of: date = AS_OF) -> Context:
    return Context.build(MODEL, as_of)


def test_inheritance_is_transitive_and_keeps_the_route() -> None:
    c = ctx()
    assert sorted(c.holders("staff")) == ["ann", "bob", "dan"]
    h = c.holding("ann", "staff")
    assert h is not None and h.via == ("ciso", "ism", "staff") and not h.deputy
    edges = c.holding_evidence(h).edges
    assert [(e.u, e.v, e.kind) for e in edges] == [
        ("person:ann", "role:ciso", "holds"), ("role:ciso", "role:ism", "inherits"),
        ("role:ism", "role:staff", "inherits")]


def test_best_route_prefers_primary_over_deputy() -> None:
    # dan is deputy of ciso (so deputy of staff by inheritance) and primary of staff
    h = ctx().holding("dan", "staff")
    assert h is not None and not h.deputy and h.is_direct
    d = ctx().holding("dan", "ism")
    assert d is not None and d.deputy and d.via == ("ciso", "ism")


def test_leavers_hold_nothing_absent_hold_but_cannot_act() -> None:
    c = ctx()
    assert "cat" not in c.holders("ism")
    assert "bob" in c.holders("ism")
    assert not c.can_act("bob") and not c.can_act("cat") and c.can_act("ann")
    assert sorted(c.acting_holders("ism")) == ["ann", "dan"]


def test_assignments_count_only_on_their_dates() -> None:
    assert sorted(ctx().holders("ops")) == ["fay"]
    assert ctx().holding("fay", "ops").deputy  # type: ignore[union-attr]
    assert ctx(date(2026, 5, 31)).holding("fay", "ops").deputy is False  # type: ignore[union-attr]
    assert sorted(ctx(date(2026, 7, 1)).holders("ops")) == ["eve", "fay"]


def test_authority_is_the_highest_role_held_deputy_and_inherited_included() -> None:
    c = ctx()
    assert c.authority("ann") == 5
    assert c.authority("dan") == 5      # deputy of ciso
    assert c.authority("bob") == 4
    assert c.authority("cat") == 0      # a leaver holds nothing
    assert c.authority("eve") == 0      # not yet assigned
    assert c.party_authority("role:ops") == 2


def test_only_direct_primary_holders_are_accountable() -> None:
    c = ctx()
    assert sorted(c.accountable_people("asset:crm")) == ["bob"]     # not ann (inherited)
    assert sorted(c.accountable_people("risk:R-1")) == ["ann"]      # not dan (deputy)
    assert sorted(c.accountable_people("asset:wiki")) == ["ann"]


def test_coverage_of_an_asset_and_a_risk() -> None:
    c = ctx()
    crm = c.coverage("asset:crm")
    # accountable side: every holder of ism who can act (bob is absent)
    assert sorted(crm.accountable) == ["ann", "dan"]
    # responsible side: custodian ops (fay as deputy); D-2 has lapsed
    assert sorted(crm.responsible) == ["fay"]
    risk = c.coverage("risk:R-1")
    # a risk's responsible side falls back to its owner
    assert sorted(risk.accountable) == sorted(risk.responsible) == ["ann", "dan"]
    wiki = c.coverage("asset:wiki")  # no custodians: falls back to the owner
    assert sorted(wiki.responsible) == ["ann"]


def test_delegations_in_force_make_responsible_even_unfounded() -> None:
    c = ctx()
    people = c.responsible_people("duty:review")
    assert sorted(people) == ["dan", "fay"]           # the leaver cat is never responsible
    assert people["dan"].delegation == 0 and people["dan"].relation == "delegation"
    assert c.delegations_in_force("asset:crm") == []
    assert c.delegations_of("asset:crm") == [1]
    assert sorted(ctx(date(2026, 5, 1)).responsible_people("asset:crm")) == [
        "ann", "bob", "dan", "fay"]


def test_coverage_limit_stops_early() -> None:
    cov = ctx().coverage("asset:crm", limit=1)
    assert len(cov.accountable) == 1 and len(cov.responsible) == 1


def test_duty_is_not_delegable_when_a_role_says_so() -> None:
    m = validate_model({
        "roles": [{"id": "a"}, {"id": "r", "delegable": False}],
        "duties": [{"id": "x", "accountable": "role:a", "responsible": ["role:r"]},
                   {"id": "y", "accountable": "role:a"}],
    })
    c = Context.build(m, AS_OF)
    assert not c.is_delegable("duty:x") and c.is_delegable("duty:y")
