"""Properties on random models: key-person agrees with brute force; input order does not matter.

The brute force below is what key-person must never do at scale: mark one person absent,
rebuild everything, and look again. On small random models both must name the same people
for the same items.
"""

from __future__ import annotations

import random
from datetime import date
from typing import Any

from graphkit.queries.accountability import find_key_person
from hypothesis import given, settings
from hypothesis import strategies as st

from graphkit.model import Criticality, Model, Status, validate_model
from graphkit.semantics import Context, criticality_of

AS_OF = date(2026, 6, 1)
DATES = [None, "2026-01-01", "2026-06-01", "2026-12-31", "2026-05-31"]


def random_model(seed: int) -> Model:
    rng = random.Random(seed)
    people = [f"p{i}" for i in range(rng.randint(1, 7))]
    roles = [f"r{i}" for i in range(rng.randint(1, 5))]
    parties = [f"person:{p}" for p in people] + [f"role:{r}" for r in roles]
    data: dict[str, Any] = {
        "people": [{"id": p, "status": rng.choice(["active"] * 4 + ["absent", "leaver"])}
                   for p in people],
        "roles": [{"id": r, "inherits": rng.sample(roles[:i], k=min(i, rng.randint(0, 2)))}
                  for i, r in enumerate(roles)],
        "assignments": [{"person": rng.choice(people), "role": rng.choice(roles),
                         "deputy": rng.random() < 0.3,
                         "from": rng.choice(DATES[:3]), "until": rng.choice(DATES)}
                        for _ in range(rng.randint(0, 10))],
        "assets": [{"id": f"a{i}", "criticality": rng.choice(["medium", "high", "critical"]),
                    "owner": rng.sample(parties, k=rng.choice([0, 1, 1, 1, 2])),
                    "custodians": rng.sample(parties, k=rng.randint(0, 2))}
                   for i in range(rng.randint(0, 4))],
        "risks": [{"id": f"R{i}", "level": rng.choice(["high", "critical"]),
                   "owner": rng.sample(parties, k=rng.choice([0, 1]))}
                  for i in range(rng.randint(0, 2))],
        "duties": [{"id": f"d{i}", "criticality": rng.choice(["high", "critical"]),
                    "accountable": rng.sample(parties, k=rng.choice([0, 1])),
                    "responsible": rng.sample(parties, k=rng.randint(0, 2))}
                   for i in range(rng.randint(0, 3))],
    }
    items = ([f"asset:a{i}" for i in range(len(data["assets"]))]
             + [f"risk:R{i}" for i in range(len(data["risks"]))]
             + [f"duty:d{i}" for i in range(len(data["duties"]))])
    if items:
        data["delegations"] = [
            {"id": f"D{i}", "from": rng.choice(parties), "to": rng.choice(parties),
             "scope": rng.choice(items), "until": rng.choice(DATES)}
            for i in range(rng.randint(0, 4))]
    return validate_model(data)


def brute_force(model: Model) -> dict[str, set[str]]:
    """For each person: the high/critical items left without coverage when they alone
    are absent (items with no coverage to begin with, or with nobody accountable — those
    are orphan-item's — excluded)."""
    base = Context.build(model, AS_OF)
    out: dict[str, set[str]] = {}
    for person in model.people:
        absent = model.model_copy(update={"people": [
            p.model_copy(update={"status": Status.absent}) if p.id == person.id else p
            for p in model.people]})
        ctx = Context.build(absent, AS_OF)
        for ref, item in base.items.items():
            if criticality_of(item).rank < Criticality.high.rank:
                continue
            before = base.coverage(ref)
            if not before.accountable or not before.responsible or not base.has_accountable(ref):
                continue
            after = ctx.coverage(ref)
            if not after.accountable or not after.responsible:
                out.setdefault(f"person:{person.id}", set()).add(ref)
    return out


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=0, max_value=2**32))
def test_key_person_agrees_with_removing_each_person(seed: int) -> None:
    model = random_model(seed)
    ctx = Context.build(model, AS_OF)
    counted = {f.subjects[0]: {e.nodes[-1] for e in f.evidence} for f in find_key_person(ctx)}
    assert counted == brute_force(model)


def shuffled(model: Model, seed: int) -> Model:
    rng = random.Random(seed)
    data = model.model_dump(by_alias=True, exclude_none=True)
    for key in ("people", "roles", "assignments", "assets", "risks", "duties", "delegations"):
        rng.shuffle(data.get(key, []))
    return validate_model(data)


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=2**32))
def test_findings_do_not_depend_on_input_order(seed: int) -> None:
    from graphkit.runner import run_checks

    model = random_model(seed)
    a = run_checks(model, as_of=AS_OF)
    b = run_checks(shuffled(model, seed), as_of=AS_OF)
    assert [(f.check, f.severity, f.fingerprint) for f in a.findings] == [
        (f.check, f.severity, f.fingerprint) for f in b.findings]
