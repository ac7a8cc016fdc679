"""The synthetic organisation generator: deterministic, the promised shape, valid."""

from __future__ import annotations

import csv
import json
import filecmp
from pathlib import Path

from graphkit.generate import generate


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    generate(700, seed=5, out=a)
    generate(700, seed=5, out=b)
    generate(700, seed=6, out=c)
    names = sorted(p.name for p in a.iterdir())
    match, mismatch, errors = filecmp.cmpfiles(a, b, names, shallow=False)
    assert (mismatch, errors) == ([], [])
    assert not filecmp.cmp(a / "people.csv", c / "people.csv", shallow=False)


def test_shape(tmp_path: Path) -> None:
    n = 3000
    counts = generate(n, seed=2, out=tmp_path)
    people = _rows(tmp_path / "people.csv")
    assert counts["people"] == len(people) == n
    assert counts["assets"] == 2 * n
    assert counts["risks"] == n // 2
    assert counts["delegations"] == int(0.3 * n)
    assert counts["roles"] == n // 6
    roles = _rows(tmp_path / "roles.csv")
    types = {r["name"].split(" (")[0] for r in roles}
    assert len(types) == 300
    # a reporting tree with fan-out 7 and exactly one top
    tops = [p["id"] for p in people if not p["reports_to"]]
    assert tops == ["p0000000"]
    children: dict[str, int] = {}
    for p in people:
        if p["reports_to"]:
            children[p["reports_to"]] = children.get(p["reports_to"], 0) + 1
    assert max(children.values()) == 7
    statuses = {s: sum(p["status"] == s for p in people) for s in ("active", "absent", "leaver")}
    assert statuses["absent"] > 0 and statuses["leaver"] > 0
    # about N/5 assignments, some deputies
    assignments = _rows(tmp_path / "assignments.csv")
    assert 0.15 * n <= len(assignments) <= 0.2 * n + 300
    assert any(a["deputy"] == "true" for a in assignments)
    # some delegation chains close into a cycle of one scope
    delegations = _rows(tmp_path / "delegations.csv")
    by_chain: dict[str, list[dict[str, str]]] = {}
    for d in delegations:
        by_chain.setdefault(d["id"].rsplit("-", 1)[0], []).append(d)
    cycles = [c for c in by_chain.values() if len(c) >= 2 and c[0]["from"] == c[-1]["to"]]
    assert cycles


def test_generated_model_loads_and_checks(tmp_path: Path) -> None:
    """A 2,000-person generated model passes the loader's validation, and `graphkit
    check` runs on it to a verdict (exit 1: it has findings), never a usage error (2)."""
    from typer.testing import CliRunner

    from graphkit.cli import app
    from graphkit.loaders import load

    folder = tmp_path / "org"
    counts = generate(2000, seed=3, out=folder)
    model = load(folder)
    assert len(model.people) == counts["people"] == 2000
    assert len(model.assets) == counts["assets"]
    assert len(model.delegations) == counts["delegations"]
    assert len(model.policy.sod) == counts["sod_rules"]
    result = CliRunner().invoke(app, ["check", str(folder), "--as-of", "2026-12-01",
                                      "--format", "json", "-o", str(tmp_path / "r.json")])
    assert result.exit_code == 1, result.output
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    found = {c for c, k in report["summary"]["by_check"].items() if k}
    # the generator plants every kind of problem it promises
    assert {"orphan-item", "multiple-accountable", "delegation-cycle", "delegation-depth",
            "lapsed-delegation", "vacant-role", "key-person", "sod-conflict",
            "acceptance-authority", "competence-gap", "not-acknowledged",
            "leaver-holds"} <= found
