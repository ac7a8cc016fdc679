"""what-if and rank agree with brute force: change the raw data, re-validate, re-check."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import pytest
from graphkit.queries.whatif import (
    DELEGATION_WEIGHT,
    ITEM_WEIGHTS,
    ROLE_WEIGHTS,
    rank,
    whatif,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphkit.errors import UsageError
from graphkit.model import Model, validate_model
from graphkit.runner import run_checks
from graphkit.semantics import Context, criticality_of

from .models import AS_OF, raw_models

DAY = date.fromisoformat(AS_OF)
SETTINGS = settings(max_examples=120, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def _remove(raw: dict[str, Any], people: set[str], roles: set[str],
            status: str = "leaver") -> Model:
    """Brute force: edit the plain data, then validate it again."""
    data = copy.deepcopy(raw)
    for p in data["people"]:
        if p["id"] in people and p["status"] != "leaver":
            p["status"] = status
    data["assignments"] = [a for a in data["assignments"] if a["role"] not in roles]
    return validate_model(data)


def _live(model: Model) -> set[str]:
    return {f.fingerprint for f in run_checks(model, as_of=DAY).findings if not f.suppressed}


def _covered(ctx: Context) -> dict[str, tuple[bool, bool]]:
    out = {}
    for ref in ctx.items:
        cov = ctx.coverage(ref)  # no limit: every person on each side
        out[ref] = (bool(cov.accountable), bool(cov.responsible))
    return out


def _lost(before: Model, after: Model) -> dict[str, list[str]]:
    was, now = _covered(Context.build(before, DAY)), _covered(Context.build(after, DAY))
    out = {}
    for ref, (acc, res) in was.items():
        if acc and res and not all(now[ref]):
            out[ref] = [side for side, ok in zip(("accountable", "responsible"), now[ref],
                                                 strict=True) if not ok]
    return out


@SETTINGS
@given(raw=raw_models(), data=st.data(), absent=st.booleans())
def test_whatif_equals_brute_force(raw: dict[str, Any], data: st.DataObject,
                                   absent: bool) -> None:
    model = validate_model(raw)
    people = data.draw(st.sets(st.sampled_from([p["id"] for p in raw["people"]]), max_size=2))
    roles = data.draw(st.sets(st.sampled_from([r["id"] for r in raw["roles"]]), max_size=1))
    refs = [f"person:{p}" for p in sorted(people)] + [f"role:{r}" for r in sorted(roles)]
    result = whatif(model, refs, as_of=DAY, absent=absent)

    after = _remove(raw, people, roles, "absent" if absent else "leaver")
    before_fps, after_fps = _live(model), _live(after)
    assert {f.fingerprint for f in result.created} == after_fps - before_fps
    assert {f.fingerprint for f in result.resolved} == before_fps - after_fps
    assert {c.item: c.lost for c in result.coverage_lost} == _lost(model, after)
    assert validate_model(raw) == model  # non-destructive


def _brute_impact(raw: dict[str, Any], model: Model, person: str) -> tuple[int, set[str],
                                                                            set[str], set[str]]:
    after = _remove(raw, {person}, set(), "absent")
    ctx0, ctx1 = Context.build(model, DAY), Context.build(after, DAY)
    items = set(_lost(model, after))
    score = sum(ITEM_WEIGHTS[criticality_of(ctx0.items[ref])] for ref in items)
    roles = set()
    for role in model.roles:
        need = role.effective_min_holders
        n0 = sum(1 for p in ctx0.holders(role.id) if ctx0.can_act(p))
        n1 = sum(1 for p in ctx1.holders(role.id) if ctx1.can_act(p))
        if n0 >= need > n1:
            roles.add(role.id)
            score += ROLE_WEIGHTS[role.critical]
    delegations = set()
    for d in model.delegations:
        if not d.is_valid_on(DAY):
            continue
        ends = {x.removeprefix("person:") for x in (d.from_, d.to) if x.startswith("person:")}
        if all(ctx0.can_act(p) for p in ends) and not all(ctx1.can_act(p) for p in ends):
            delegations.add(d.id)
            score += DELEGATION_WEIGHT
    return score, items, roles, delegations


@SETTINGS
@given(raw=raw_models())
def test_rank_equals_brute_force(raw: dict[str, Any]) -> None:
    model = validate_model(raw)
    expected = []
    for p in model.people:
        if p.status.value == "leaver":
            continue
        score, items, roles, delegations = _brute_impact(raw, model, p.id)
        expected.append((p.id, score, items, roles, delegations))
    expected.sort(key=lambda e: (-e[1], e[0]))
    got = [(i.person, i.score, set(i.items), set(i.roles), set(i.delegations))
           for i in rank(model, as_of=DAY)]
    assert got == expected


@SETTINGS
@given(raw=raw_models())
def test_rank_items_are_whatif_coverage_losses(raw: dict[str, Any]) -> None:
    """The one-pass rank and the re-checking what-if agree, person by person."""
    model = validate_model(raw)
    for impact in rank(model, as_of=DAY):
        result = whatif(model, [f"person:{impact.person}"], as_of=DAY, absent=True)
        assert set(impact.items) == {c.item for c in result.coverage_lost}


def test_rank_top_and_unknown_without() -> None:
    model = validate_model({"people": [{"id": "a"}, {"id": "b"}], "roles": [{"id": "b"}]})
    assert [i.person for i in rank(model, as_of=DAY, top=1)] == ["a"]
    with pytest.raises(UsageError, match="no such person"):
        whatif(model, ["person:zed"], as_of=DAY)
    with pytest.raises(UsageError, match="both a person and a role"):
        whatif(model, ["b"], as_of=DAY)
