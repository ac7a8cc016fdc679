"""The rewritten role, delegation, SoD, risk and reporting checks say what the reference said.

``reference_checks.py`` holds the checks as first written (networkx layers per scope,
evidence built before the test, every item scanned per question). On random models made
to hit every branch (dense delegations with cycles and chains, leavers everywhere,
expired competencies, stale acknowledgements, dangling and cyclic reporting lines, odd
ids) and on generated organisations, every finding must be equal, whole: title,
message, severity, subjects, evidence with its sources, and order (for a check that
yields the runner's order, ``ranked`` or ``in_order``: the reference's, so ordered).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
import reference_checks as ref

from graphkit.findings import Finding
from graphkit.generate import AS_OF, generate
from graphkit.loaders import load
from graphkit.model import validate_model
from graphkit.queries import delegation, reporting, risk, roles, sod
from graphkit.queries.registry import get_check
from graphkit.runner import _ordered
from graphkit.semantics import Context

Find = Callable[[Context], Iterable[Finding]]

#: (check id, the reference, the rewritten check)
PAIRS: list[tuple[str, Find, Find]] = [
    ("vacant-role", ref.find_vacant_role, roles.find_vacant_role),
    ("competence-gap", ref.find_competence_gap, roles.find_competence_gap),
    ("not-acknowledged", ref.find_not_acknowledged, roles.find_not_acknowledged),
    ("leaver-holds", ref.find_leaver_holds, roles.find_leaver_holds),
    ("delegation-cycle", ref.find_delegation_cycles, delegation.find_delegation_cycles),
    ("delegation-depth", ref.find_delegation_depth, delegation.find_delegation_depth),
    ("unfounded-delegation", ref.find_unfounded_delegations,
     delegation.find_unfounded_delegations),
    ("lapsed-delegation", ref.find_lapsed_delegations, delegation.find_lapsed_delegations),
    ("sod-conflict", ref.find_sod_conflicts, sod.find_sod_conflicts),
    ("acceptance-authority", ref.find_acceptance_authority, risk.find_acceptance_authority),
    ("reporting-line", ref.find_reporting_line, reporting.find_reporting_line),
]

DATES = [None, "2026-01-01", "2026-05-31", "2026-06-01", "2026-12-31"]
AS_OFS = [date(2026, 6, 1), date(2026, 12, 31), date(2027, 1, 1)]
# ids that sort oddly or look like references (a plain id may hold a colon)
ODD = ["a:b", "Zoë", "東京", "x y", "O'Brien", "A", "_", "10", "z"]


def random_data(seed: int) -> dict[str, Any]:
    """A small valid model that exercises every branch of the checks compared here."""
    rng = random.Random(seed)
    people = rng.sample(ODD + [f"p{i}" for i in range(8)], k=rng.randint(1, 9))
    roles_ = [f"r{i}" for i in range(rng.randint(0, 5))]
    comps = ["c1", "c2", "c3"]
    parties = [f"person:{p}" for p in people] + [f"role:{r}" for r in roles_]
    pick = rng.choice

    def some(pool: list[str], most: int) -> list[str]:
        return [pick(pool) for _ in range(rng.randint(0, most))] if pool else []

    data: dict[str, Any] = {"people": [], "roles": [], "assignments": [], "assets": [],
                            "risks": [], "duties": [], "delegations": []}
    for p in people:
        person: dict[str, Any] = {
            "id": p, "status": pick(["active"] * 3 + ["absent", "leaver"]),
            "competencies": [{"id": c, "expires": pick(DATES)} for c in some(comps, 3)],
            "acknowledged": [{"role": r, "version": rng.randint(1, 3)}
                             for r in some(roles_, 3)]}
        line = pick([None, None, pick(people), "ghost", p])
        if line is not None:
            person["reports_to"] = line
        data["people"].append(person)
    for n, r in enumerate(roles_):
        role: dict[str, Any] = {
            "id": r, "description": pick([None, "", "  ", "Runs it"]),
            "version": pick([None, 1, 2, 3]), "authority": pick([None, 1, 3, 5]),
            "critical": rng.random() < 0.3, "min_holders": pick([None, None, 0, 1, 3]),
            "requires": some(comps, 2), "inherits": rng.sample(roles_[:n], k=min(n, rng.randint(0, 2))),
            "delegable": rng.random() < 0.8}
        up = pick([None, pick(roles_), "nowhere"])
        if up is not None:
            role["reports_to"] = up
        data["roles"].append(role)
    if roles_:
        for _ in range(rng.randint(0, 10)):
            data["assignments"].append({
                "person": pick(people), "role": pick(roles_), "deputy": rng.random() < 0.3,
                "from": pick(DATES[:3]), "until": pick(DATES)})
    for i in range(rng.randint(0, 3)):
        data["assets"].append({"id": f"a{i}", "criticality": pick(["low", "high"]),
                               "owner": some(parties, 2), "custodians": some(parties, 2)})
    for i in range(rng.randint(0, 3)):
        data["risks"].append({"id": f"k{i}", "level": pick(["low", "medium", "critical"]),
                              "owner": some(parties, 2),
                              "treatment": pick(["accept", "accept", "mitigate"]),
                              **({"accepted_by": pick(people)} if rng.random() < 0.7 else {})})
    for i in range(rng.randint(0, 3)):
        data["duties"].append({"id": f"d{i}", "criticality": pick(["medium", "high"]),
                               "authority": pick([None, 2, 4]), "requires": some(comps, 2),
                               "accountable": some(parties, 2),
                               "responsible": some(parties, 2)})
    scopes = ([f"asset:a{i}" for i in range(len(data["assets"]))]
              + [f"risk:k{i}" for i in range(len(data["risks"]))]
              + [f"duty:d{i}" for i in range(len(data["duties"]))])
    # few parties per scope, many delegations: cycles, chains, parallel links, self-links
    for i in range(rng.randint(0, 25) if scopes else 0):
        few = parties[:4]
        data["delegations"].append({
            "id": f"D-{rng.randint(0, 40)}-{i}", "from": pick(few), "to": pick(few),
            "scope": pick(scopes), "from_date": pick(DATES[:3]), "until": pick(DATES)})
    members = [f"role:{r}" for r in roles_] + [s for s in scopes if s.startswith("duty:")]
    rules = [{"id": f"SOD-{rng.randint(0, 9)}{i}", "max": rng.choice([1, 1, 2]),
              "members": rng.sample(members, k=rng.randint(2, len(members)))}
             for i in range(rng.randint(0, 3) if len(members) >= 2 else 0)]
    data["policy"] = {"max_delegation_depth": rng.randint(0, 3), "sod": rules}
    return data


def _same(ctx: Context, check: str, reference: Find, rewritten: Find) -> None:
    found = list(reference(ctx))
    declared = get_check(check)
    if declared.ranked:  # it yields the runner's order: the reference, sorted
        found.sort(key=lambda f: f.subjects)
    elif declared.in_order:  # it yields the runner's order: the reference's, so ordered
        found = _ordered(declared, found)
    want = [f.model_dump(mode="json") for f in found]
    got = [f.model_dump(mode="json") for f in rewritten(ctx)]
    assert got == want, check


@pytest.mark.parametrize("seed", range(250))
def test_random_models_give_the_reference_findings(seed: int) -> None:
    model = validate_model(random_data(seed))
    for as_of in AS_OFS:
        ctx = Context.build(model, as_of)
        for check, reference, rewritten in PAIRS:
            _same(ctx, check, reference, rewritten)


def test_random_models_reach_every_kind_of_finding() -> None:
    """The comparison above is not vacuous: the random models make findings of every
    check compared (a part with too many cycles is the next test's)."""
    seen: dict[str, int] = {}
    for seed in range(250):
        ctx = Context.build(validate_model(random_data(seed)), AS_OFS[0])
        for check, _, rewritten in PAIRS:
            seen[check] = seen.get(check, 0) + sum(1 for _ in rewritten(ctx))
    assert {c for c, n in seen.items() if n >= 5} == {c for c, _, _ in PAIRS}


def test_a_part_with_too_many_cycles_gives_the_reference_finding() -> None:
    people = [f"p{i}" for i in range(6)]
    data = {"people": [{"id": p} for p in people], "duties": [{"id": "pay"}],
            "delegations": [{"id": f"D-{u}-{v}", "from": u, "to": v, "scope": "duty:pay"}
                            for u in people for v in people if u != v]}
    ctx = Context.build(validate_model(data), AS_OFS[0])
    (found,) = delegation.find_delegation_cycles(ctx)
    assert "more than 50 cycles" in found.message
    for check, reference, rewritten in PAIRS:
        _same(ctx, check, reference, rewritten)


@pytest.mark.parametrize("seed", [3, 11])
def test_generated_organisations_give_the_reference_findings(tmp_path: Path,
                                                              seed: int) -> None:
    generate(1500, seed=seed, out=tmp_path)
    ctx = Context.build(load(tmp_path), AS_OF)
    for check, reference, rewritten in PAIRS:
        _same(ctx, check, reference, rewritten)


def _random_links(rng: random.Random) -> list[tuple[str, str]]:
    nodes = rng.sample(ODD, k=rng.randint(1, 7))
    return [(rng.choice(nodes), rng.choice(nodes)) for _ in range(rng.randint(1, 12))]


@pytest.mark.parametrize("seed", range(300))
def test_kahn_order_finds_exactly_the_layers_with_a_cycle(seed: int) -> None:
    links = _random_links(random.Random(seed))
    D = nx.DiGraph(links)
    assert (delegation._topological_order(links) is None) == (
        not nx.is_directed_acyclic_graph(D))


@pytest.mark.parametrize("seed", range(300))
def test_chain_of_an_acyclic_layer_is_longest_chain(seed: int) -> None:
    rng = random.Random(seed)
    links = [(u, v) for u, v in _random_links(rng) if u < v]  # forward only: acyclic
    if not links:
        links = [("a", "b")]
    layer = delegation._topological_order(links)
    assert layer is not None
    assert delegation._chain_of_dag(*layer) == delegation.longest_chain(nx.DiGraph(links))
