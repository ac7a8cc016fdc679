"""Property: any valid model survives YAML -> CSV folder -> JSON -> YAML unchanged.

The strategy builds models whose references are consistent (every reference names
something generated, inheritance without cycles), with unicode names, dates, deputies,
delegations, SoD rules and exceptions, so the property is about the formats, not about
validation.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from graphkit.loaders import load, save
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphkit.model import Model, validate_model

IDS = st.text(alphabet=st.sampled_from("abcxyzAZ019-_.éßΩж中"), min_size=1, max_size=6)
# any text but surrogates (which no UTF-8 file can hold)
TEXT = st.none() | st.text(alphabet=st.characters(exclude_categories=["Cs"]), min_size=1,
                           max_size=12)
#: ids of managers and posts outside the model (a reporting line may name them)
OUTSIDE = IDS.map(lambda s: "ext-" + s)
DATES = st.none() | st.dates(min_value=date(1990, 1, 1), max_value=date(2099, 12, 31))
LEVELS = st.sampled_from(["low", "medium", "high", "critical"])


def _parties(draw: Any, people: list[str], roles: list[str], max_size: int) -> list[str]:
    refs = [f"person:{p}" for p in people] + [f"role:{r}" for r in roles]
    return draw(st.lists(st.sampled_from(refs), max_size=max_size))


def _maybe(draw: Any, data: dict[str, Any], key: str, strategy: st.SearchStrategy[Any]) -> None:
    value = draw(strategy)
    if value is not None:
        data[key] = value


@st.composite
def models(draw: Any) -> Model:
    people = draw(st.lists(IDS, min_size=1, max_size=6, unique=True))
    roles = draw(st.lists(IDS, min_size=1, max_size=5, unique=True))
    assets = draw(st.lists(IDS, max_size=3, unique=True))
    risks = draw(st.lists(IDS, max_size=3, unique=True))
    duties = draw(st.lists(IDS, max_size=3, unique=True))
    data: dict[str, Any] = {}
    if draw(st.booleans()):
        data["organisation"] = {"id": draw(IDS)}
        _maybe(draw, data["organisation"], "name", TEXT)

    data["people"] = []
    for pid in people:
        p: dict[str, Any] = {"id": pid}
        _maybe(draw, p, "name", TEXT)
        _maybe(draw, p, "status", st.none() | st.sampled_from(["active", "absent", "leaver"]))
        # a manager in the model, one outside it (allowed), or none
        _maybe(draw, p, "reports_to", st.none() | st.sampled_from(people) | OUTSIDE)
        _maybe(draw, p, "department", TEXT)
        p["competencies"] = [
            {"id": c, **({"expires": e} if e else {})}
            for c, e in draw(st.lists(st.tuples(IDS | st.just("a@b"), DATES), max_size=3))]
        p["acknowledged"] = [{"role": r, "version": v} for r, v in draw(st.lists(
            st.tuples(st.sampled_from(roles), st.integers(1, 9)), max_size=2))]
        data["people"].append(p)

    data["roles"] = []
    for i, rid in enumerate(roles):
        r: dict[str, Any] = {"id": rid}
        _maybe(draw, r, "name", TEXT)
        _maybe(draw, r, "description", TEXT)
        _maybe(draw, r, "version", st.none() | st.integers(1, 20))
        _maybe(draw, r, "authority", st.none() | st.integers(1, 5))
        r["critical"] = draw(st.booleans())
        _maybe(draw, r, "min_holders", st.none() | st.integers(0, 3))
        r["requires"] = draw(st.lists(IDS, max_size=2))
        r["inherits"] = draw(st.lists(st.sampled_from(roles[:i]), max_size=2)) if i else []
        r["delegable"] = draw(st.booleans())
        _maybe(draw, r, "reports_to", st.none() | st.sampled_from(roles) | OUTSIDE)
        _maybe(draw, r, "department", TEXT)
        _maybe(draw, r, "grade", TEXT)
        _maybe(draw, r, "fte", st.none() | st.floats(0, 1000, allow_nan=False))
        data["roles"].append(r)

    data["assignments"] = [
        {"person": draw(st.sampled_from(people)), "role": draw(st.sampled_from(roles)),
         "deputy": draw(st.booleans()), "from": draw(DATES), "until": draw(DATES)}
        for _ in range(draw(st.integers(0, 6)))]

    data["assets"] = [
        {"id": a, "name": draw(TEXT), "criticality": draw(LEVELS),
         "owner": _parties(draw, people, roles, 2),
         "custodians": _parties(draw, people, roles, 2)} for a in assets]
    data["risks"] = [
        {"id": k, "title": draw(TEXT), "level": draw(LEVELS),
         "owner": _parties(draw, people, roles, 2),
         "treatment": draw(st.none() | st.sampled_from(["accept", "mitigate", "transfer",
                                                         "avoid"])),
         "accepted_by": draw(st.none() | st.sampled_from(people)),
         "accepted_on": draw(DATES),
         "assets": draw(st.lists(st.sampled_from(assets), max_size=2)) if assets else []}
        for k in risks]
    data["duties"] = [
        {"id": d, "name": draw(TEXT), "controls": draw(st.lists(IDS, max_size=2)),
         "criticality": draw(LEVELS), "authority": draw(st.none() | st.integers(1, 5)),
         "requires": draw(st.lists(IDS, max_size=2)),
         "accountable": _parties(draw, people, roles, 2),
         "responsible": _parties(draw, people, roles, 2),
         "consulted": _parties(draw, people, roles, 1),
         "informed": _parties(draw, people, roles, 1)} for d in duties]

    scopes = [f"duty:{d}" for d in duties] + [f"asset:{a}" for a in assets] + \
        [f"risk:{k}" for k in risks]
    data["delegations"] = []
    if scopes:
        for did in draw(st.lists(IDS, max_size=3, unique=True)):
            data["delegations"].append({
                "id": did, "from": _parties(draw, people, roles, 1) or f"person:{people[0]}",
                "to": _parties(draw, people, roles, 1) or f"role:{roles[0]}",
                "scope": draw(st.sampled_from(scopes)), "from_date": draw(DATES),
                "until": draw(DATES)})
    for dl in data["delegations"]:
        for end in ("from", "to"):
            if isinstance(dl[end], list):
                dl[end] = dl[end][0]

    members = [f"role:{r}" for r in roles] + [f"duty:{d}" for d in duties]
    policy: dict[str, Any] = {}
    _maybe(draw, policy, "max_delegation_depth", st.none() | st.integers(0, 5))
    _maybe(draw, policy, "max_accountable_items", st.none() | st.integers(0, 50))
    policy["acceptance_authority"] = draw(st.dictionaries(LEVELS, st.integers(1, 5)))
    policy["sod"] = [
        {"id": sid, "name": draw(TEXT),
         "members": draw(st.lists(st.sampled_from(members), min_size=2, max_size=3)),
         "max": draw(st.integers(1, 2))}
        for sid in draw(st.lists(IDS, max_size=2, unique=True))]
    policy["exceptions"] = [
        {"finding": draw(st.text(min_size=1, max_size=10).filter(str.strip)),
         "reason": draw(st.text(min_size=1, max_size=20).filter(str.strip)),
         "approved_by": draw(st.sampled_from(people)), "expires": draw(DATES)}
        for _ in range(draw(st.integers(0, 2)))]
    data["policy"] = policy
    return validate_model(data)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(models())
def test_yaml_csv_json_yaml_round_trip(model: Model) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        save(model, root / "a.yaml")
        from_yaml = load(root / "a.yaml")
        assert from_yaml == model
        save(from_yaml, root / "csv")
        from_csv = load(root / "csv")
        assert from_csv == model
        save(from_csv, root / "b.json")
        from_json = load(root / "b.json")
        assert from_json == model
        save(from_json, root / "c.yaml")
        assert load(root / "c.yaml") == model
        # and the writers are stable: the same model gives the same YAML
        assert (root / "a.yaml").read_bytes() == (root / "c.yaml").read_bytes()
