"""Checks made linear on models shaped unlike the generator's say what the old code said.

``benchmarks/bench_shapes.py`` found checks whose cost grew with something other than
their findings on some shapes of model (a role everyone holds named by many SoD rules,
...). Each was rewritten; here, on small models of that shape (and random variations of
it), every finding of the rewritten check, whole (JSON of each, in order), equals the
old straightforward code's (``tests/checks/reference_checks.py``).
"""

from __future__ import annotations

import importlib.util
import random
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from graphkit.generate import AS_OF as GENERATED_AS_OF
from graphkit.generate import generate
from graphkit.loaders import load
from graphkit.model import validate_model
from graphkit.queries import delegation, sod
from graphkit.queries.registry import get_check
from graphkit.runner import _ordered, run_checks
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
    # yielded in the runner's order (the check claims it): the reference's, sorted so
    assert _json(sod.find_sod_conflicts(ctx)) == _json(
        _ordered(get_check("sod-conflict"), ref.find_sod_conflicts(ctx)))


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


def scope_to_roles_model(seed: int) -> dict[str, Any]:
    """A few scopes each delegated by many people (and roles) to many different roles,
    under inheritance, so that a delegator may or may not hold a receiving role."""
    rng = random.Random(seed)
    people = [f"p{i}" for i in range(rng.randint(2, 15))]
    roles = [f"r{i}" for i in range(rng.randint(1, 25))]
    role_rows: list[dict[str, Any]] = [
        {"id": r, "inherits": rng.sample(roles[:n], k=min(n, rng.randint(0, 2))),
         "delegable": rng.random() < 0.9} for n, r in enumerate(roles)]
    assignments = [{"person": rng.choice(people), "role": rng.choice(roles),
                    "deputy": rng.random() < 0.3, "until": rng.choice([None, "2026-01-01"])}
                   for _ in range(rng.randint(0, 3 * len(people)))]
    parties = [*(f"person:{p}" for p in people), *(f"role:{r}" for r in roles)]
    duties = [{"id": f"d{k}", "accountable": rng.sample(parties, k=rng.randint(0, 1)),
               "responsible": rng.sample(parties, k=rng.randint(0, 2))} for k in range(2)]
    assets = [{"id": "a0", "owner": rng.sample(parties, k=1),
               "custodians": rng.sample(parties, k=rng.randint(0, 2))}]
    scopes = ["duty:d0", "duty:d1", "asset:a0"]
    delegations = [{"id": f"D{k:03d}", "from": rng.choice(parties),
                    "to": f"role:{rng.choice(roles)}" if rng.random() < 0.8
                    else rng.choice(parties),
                    "scope": rng.choice(scopes), "until": rng.choice([None, None, "2026-01-01"])}
                   for k in range(rng.randint(1, 60))]
    return {"people": [{"id": p, "status": rng.choice(["active", "active", "absent", "leaver"])}
                       for p in people],
            "roles": role_rows, "assignments": assignments, "duties": duties,
            "assets": assets, "delegations": delegations}


@pytest.mark.parametrize("seed", range(200))
def test_scopes_delegated_to_many_roles_give_the_reference_findings(seed: int) -> None:
    ctx = Context.build(validate_model(scope_to_roles_model(seed)), AS_OF)
    assert (_json(delegation.find_unfounded_delegations(ctx))
            == _json(ref.find_unfounded_delegations(ctx)))


def test_the_scope_models_make_founded_and_unfounded_delegations_by_holding() -> None:
    """Not vacuous: delegations founded only by holding a role that receives the scope,
    and unfounded ones, both from people."""
    by_holding = unfounded = 0
    for seed in range(200):
        ctx = Context.build(validate_model(scope_to_roles_model(seed)), AS_OF)
        bad = {f.subjects[0] for f in delegation.find_unfounded_delegations(ctx)}
        for scope in ctx.delegation_scopes():
            received = {ctx.delegation_of(i).to for i in ctx.delegations_in_force(scope)}
            named = {p for p in ctx.accountable_parties(scope)}
            named |= set(ctx.responsible_parties(scope))
            for i in ctx.delegations_in_force(scope):
                d = ctx.delegation_of(i)
                if not d.from_.startswith("person:"):
                    continue
                if f"delegation:{d.id}" in bad:
                    unfounded += 1
                elif d.from_ not in named | received:
                    by_holding += 1
    assert by_holding >= 20
    assert unfounded >= 20


SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_shapes.py"


def _bench() -> Any:
    spec = importlib.util.spec_from_file_location("bench_shapes", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_shape_of_the_benchmark_is_a_valid_model_unlike_the_base(tmp_path: Path) -> None:
    """``bench_shapes.py`` makes a valid model of every shape (loading raises otherwise),
    each different from the generated folder it starts from."""
    bench = _bench()
    base = tmp_path / "base"
    generate(600, seed=1, out=base)
    plain = load(base)
    fingerprints = [f.fingerprint for f in run_checks(plain, as_of=GENERATED_AS_OF).findings]
    assert len(bench.SHAPES) >= 20
    for name in bench.SHAPES:
        bench.make_shape(name, base, tmp_path / name, 600, fingerprints)
        assert load(tmp_path / name) != plain, name


def test_the_shapes_benchmark_counts_what_check_finds(tmp_path: Path) -> None:
    """The script runs ``graphkit check`` on the base and on the shapes asked for and
    prints what it found (a script that prints figures: no time is looked at)."""
    res = subprocess.run([sys.executable, str(SCRIPT), "--people", "600", "--keep",
                          str(tmp_path), "--shapes", "sod-staff,many-exceptions"],
                         capture_output=True, text=True, timeout=900)
    assert res.returncode == 0, res.stderr
    rows = {line.split()[0]: line.split() for line in res.stdout.splitlines()
            if line and not line.startswith(("#", "shape", "-"))}
    assert set(rows) == {"baseline", "sod-staff", "many-exceptions"}
    for name, folder in (("baseline", "base-600-1"), ("sod-staff", "sod-staff-600-1"),
                         ("many-exceptions", "many-exceptions-600-1")):
        summary = run_checks(load(tmp_path / folder), as_of=GENERATED_AS_OF).summary
        assert int(rows[name][3].replace(",", "")) == summary["total"], name
