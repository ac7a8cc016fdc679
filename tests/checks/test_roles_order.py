"""The role checks yield their findings in the runner's order (``in_order``) also when the
model lists its roles, people, assignments and items in no order at all: the order is
made by each check, not inherited from the model."""

from __future__ import annotations

import random
from datetime import date

import pytest

from graphkit.model import validate_model
from graphkit.queries import roles
from graphkit.runner import in_order
from graphkit.semantics import Context

CHECKS = [roles.VACANT_ROLE, roles.COMPETENCE_GAP, roles.NOT_ACKNOWLEDGED, roles.LEAVER_HOLDS]
AS_OF = date(2026, 6, 1)


def _shuffled_model(seed: int) -> dict[str, object]:
    rng = random.Random(seed)
    role_ids = ["z", "m", "a", "Zed", "b:1", "10", "2"]
    people = ["q", "ann", "Bob", "b", "9", "a:b"]
    data: dict[str, object] = {
        "people": [{"id": p, "status": rng.choice(["active", "absent", "leaver"]),
                    "competencies": [{"id": "c1", "expires": "2026-01-01"}] if rng.random() < 0.5
                    else [],
                    "acknowledged": [{"role": r, "version": 1}
                                     for r in rng.sample(role_ids, k=2)]}
                   for p in rng.sample(people, k=len(people))],
        "roles": [{"id": r, "description": rng.choice(["", "x"]), "version": rng.choice([None, 2]),
                   "critical": rng.random() < 0.3, "requires": rng.choice([[], ["c1"], ["c2"]]),
                   "inherits": [role_ids[i + 1]] if i + 1 < len(role_ids) and rng.random() < 0.5
                   else []}
                  for i, r in enumerate(role_ids)],
        "assets": [{"id": f"as{i}", "owner": f"person:{rng.choice(people)}",
                    "custodians": [f"person:{rng.choice(people)}"]} for i in range(4)],
        "risks": [{"id": f"rk{i}", "title": "t", "level": "high",
                   "owner": f"person:{rng.choice(people)}"} for i in range(3)],
        "duties": [{"id": f"du{i}", "criticality": "high", "requires": ["c1"],
                    "accountable": [f"person:{rng.choice(people)}"],
                    "responsible": [f"person:{rng.choice(people)}"]} for i in range(3)],
    }
    data["roles"] = rng.sample(data["roles"], k=len(role_ids))  # type: ignore[arg-type]
    data["assignments"] = [{"person": rng.choice(people), "role": rng.choice(role_ids),
                            "deputy": rng.random() < 0.3} for _ in range(14)]
    data["delegations"] = [{"id": f"D{i}", "from": f"person:{rng.choice(people)}",
                            "to": f"person:{rng.choice(people)}",
                            "scope": f"duty:du{rng.randrange(3)}"} for i in range(4)]
    return data


@pytest.mark.parametrize("seed", range(40))
def test_role_checks_yield_the_runners_order_on_shuffled_models(seed: int) -> None:
    ctx = Context.build(validate_model(_shuffled_model(seed)), AS_OF)
    for check in CHECKS:
        assert check.in_order
        found = list(check.find(ctx))
        assert in_order([f.subjects for f in found]), check.id
        assert found == sorted(found, key=lambda f: f.subjects)


def test_shuffled_models_make_findings_of_every_role_check() -> None:
    seen = {c.id: 0 for c in CHECKS}
    for seed in range(40):
        ctx = Context.build(validate_model(_shuffled_model(seed)), AS_OF)
        for check in CHECKS:
            seen[check.id] += sum(1 for _ in check.find(ctx))
    assert all(n >= 10 for n in seen.values()), seen
