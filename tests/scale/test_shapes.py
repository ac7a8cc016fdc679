"""Checks made linear on models shaped unlike the generator's say what the old code said.

``benchmarks/bench_shapes.py`` found checks whose cost grew with something other than
their findings on some shapes of model (a role everyone holds named by many SoD rules,
...). Each was rewritten; here, on small models of that shape (and random variations of
it), every finding of the rewritten check, whole (JSON of each, in order), equals the
old straightforward code's (``tests/checks/reference_checks.py``).
"""

from __future__ import annotations

import random
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from graphkit.model import validate_model
from graphkit.queries import sod
from graphkit.semantics import Context

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "checks"))
import reference_checks as ref  # noqa: E402

AS_OF = date(2026, 6, 1)


def _json(findings: Any) -> list[dict[str, Any]]:
    return [f.model_dump(mode="json") for f in findings]


def staff_model(seed: int) -> dict[str, Any]:
    """Everyone holds ``staff`` (directly, as deputy or by inheritance), a few hold rarer
    posts; SoD rules of two to six members pair staff with the rare posts and with duties,
    with ``max`` from 1 to beyond the number of members."""
    rng = random.Random(seed)
    people = [f"p{i}" for i in range(rng.randint(3, 30))]
    posts = [f"r{i}" for i in range(rng.randint(1, 6))]
    roles: list[dict[str, Any]] = [{"id": "staff"}, {"id": "badge"}]
    for n, r in enumerate(posts):
        roles.append({"id": r, "inherits": rng.sample(["staff", *posts[:n]],
                                                      k=rng.randint(0, min(2, n + 1)))})
    assignments = []
    for p in people:
        if rng.random() < 0.8:
            assignments.append({"person": p, "role": "staff", "deputy": rng.random() < 0.2})
        if rng.random() < 0.7:
            assignments.append({"person": p, "role": "badge"})
        for r in posts:
            if rng.random() < 0.15:
                assignments.append({"person": p, "role": r, "deputy": rng.random() < 0.3,
                                    "until": rng.choice([None, "2026-01-01"])})
    duties = [{"id": f"d{k}", "responsible": rng.sample(
        ["role:staff", *(f"role:{r}" for r in posts), *(f"person:{p}" for p in people)],
        k=rng.randint(0, 2))} for k in range(3)]
    delegations = [{"id": f"D{k}", "from": f"person:{rng.choice(people)}",
                    "to": f"person:{rng.choice(people)}", "scope": f"duty:d{rng.randrange(3)}"}
                   for k in range(rng.randint(0, 6))]
    members = ["role:staff", "role:badge", *(f"role:{r}" for r in posts),
               *(f"duty:{d['id']}" for d in duties)]
    rules = []
    for k in range(rng.randint(1, 8)):
        named = rng.sample(members, k=rng.randint(2, min(6, len(members))))
        if rng.random() < 0.5 and "role:staff" not in named:
            named[0] = "role:staff"
        if rng.random() < 0.2:
            named.append(named[0])  # a member named twice counts once
        rules.append({"id": f"SOD-{rng.randint(0, 5)}{k}", "members": named,
                      "max": rng.randint(1, len(set(named)) + 1),
                      **({"name": f"rule {k}"} if rng.random() < 0.5 else {})})
    return {"people": [{"id": p, "status": rng.choice(["active"] * 4 + ["absent", "leaver"])}
                       for p in people],
            "roles": roles, "assignments": assignments, "duties": duties,
            "delegations": delegations, "policy": {"sod": rules}}


@pytest.mark.parametrize("seed", range(200))
def test_sod_rules_naming_a_role_everyone_holds_give_the_reference_findings(seed: int) -> None:
    ctx = Context.build(validate_model(staff_model(seed)), AS_OF)
    assert _json(sod.find_sod_conflicts(ctx)) == _json(ref.find_sod_conflicts(ctx))


def test_the_staff_models_make_conflicts_of_every_size() -> None:
    """The comparison above is not vacuous: conflicts of two and of three or more
    members, under rules of max 1 and max 2 or more, several rules sharing one."""
    sizes: set[int] = set()
    shared = 0
    maxes: set[int] = set()
    for seed in range(200):
        data = staff_model(seed)
        ctx = Context.build(validate_model(data), AS_OF)
        for f in sod.find_sod_conflicts(ctx):
            sizes.add(len(f.subjects) - 1)
            shared += " and of " in f.message
        maxes.update(r["max"] for r in data["policy"]["sod"])
    assert {2, 3, 4} <= sizes
    assert shared >= 3
    assert {1, 2, 3} <= maxes
