"""diff: a model against itself is empty; each kind of edit shows up exactly once."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from graphkit.queries.diff import diff
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphkit.findings import Severity
from graphkit.model import validate_model
from graphkit.runner import run_checks

from .models import AS_OF, raw_models

DAY = date.fromisoformat(AS_OF)
NORTHWIND = Path(__file__).resolve().parents[2] / "examples" / "northwind" / "model.yaml"


def _northwind() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(NORTHWIND.read_text(encoding="utf-8"))
    return data


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=raw_models())
def test_diff_of_a_model_with_itself_is_empty(raw: dict[str, Any]) -> None:
    model = validate_model(raw)
    result = diff(model, validate_model(copy.deepcopy(raw)), as_of=DAY)
    assert result.is_empty
    assert (result.new, result.resolved, result.changes) == ([], [], [])
    live = {f.fingerprint for f in run_checks(model, as_of=DAY).findings if not f.suppressed}
    assert {f.fingerprint for f in result.unchanged} == live


def test_northwind_with_itself() -> None:
    model = validate_model(_northwind())
    result = diff(model, model, as_of=date(2026, 12, 1))
    live = [f for f in run_checks(model, as_of=date(2026, 12, 1)).findings if not f.suppressed]
    assert result.is_empty and len(result.unchanged) == len(live) >= 15


def test_each_edit_is_one_change() -> None:
    old = _northwind()
    new = copy.deepcopy(old)
    new["people"].append({"id": "qnew", "name": "Quinn New", "reports_to": "cwood"})
    new["people"] = [p for p in new["people"] if p["id"] != "bknight"]
    new["assignments"] = [a for a in new["assignments"] if a["person"] != "bknight"]
    for p in new["people"]:
        if p["id"] == "gmorris":
            p["status"] = "active"  # rehired
    new["assignments"].append({"person": "qnew", "role": "erp-admin"})
    for a in new["assignments"]:
        if a["person"] == "tbrooks":
            a["until"] = date(2027, 6, 30)
    for r in new["roles"]:
        if r["id"] == "developer":
            r["version"] = 5
    for asset in new["assets"]:
        if asset["id"] == "legacy-ftp":
            asset["owner"] = "role:cio"
    new["delegations"] = [d for d in new["delegations"] if d["id"] != "D-02"]
    new["policy"]["max_accountable_items"] = 12
    result = diff(validate_model(old), validate_model(new), as_of=date(2026, 12, 1))
    got = {(c.section, c.key, c.change, tuple(sorted(c.fields))) for c in result.changes}
    assert got == {
        ("people", "qnew", "added", ()),
        ("people", "bknight", "removed", ()),
        ("people", "gmorris", "changed", ("status",)),
        ("roles", "developer", "changed", ("version",)),
        ("assignments", "bknight holds developer", "removed", ()),
        ("assignments", "qnew holds erp-admin", "added", ()),
        ("assignments", "tbrooks holds ism", "changed", ("until",)),
        ("owners", "asset:legacy-ftp", "added", ("owner",)),
        ("assets", "legacy-ftp", "changed", ("owner",)),
        ("delegations", "D-02", "removed", ()),
        ("policy", "policy", "changed", ("max_accountable_items",)),
    }
    owner = next(c for c in result.changes if c.section == "owners")
    assert owner.fields == {"owner": ([], ["role:cio"])}
    new_findings = {(f.check, tuple(f.subjects)) for f in result.new}
    resolved = {(f.check, tuple(f.subjects)) for f in result.resolved}
    # qnew is a second ERP administrator: cwood is no longer a key person; the rehired
    # procurement officer fills his role; the CIO now owns 11 items (max 12); every role
    # sward holds is now unacknowledged at version 5, and qnew has acknowledged nothing.
    assert ("key-person", ("person:cwood",)) in resolved
    assert ("leaver-holds", ("person:gmorris", "role:procurement-officer")) in resolved
    assert ("vacant-role", ("role:procurement-officer",)) in resolved
    assert ("overload", ("person:dokafor",)) in resolved
    assert ("orphan-item", ("asset:legacy-ftp",)) in resolved
    assert ("not-acknowledged", ("person:mlee", "role:developer")) in new_findings
    assert ("competence-gap", ("person:qnew", "role:staff")) in new_findings
    gated = result.new_at_or_above(Severity.medium)
    assert ("competence-gap", ("person:qnew", "role:staff")) in {
        (f.check, tuple(f.subjects)) for f in gated}
    assert all(f.severity >= Severity.medium for f in gated)
    assert [f for f in result.new if f not in gated] == [
        f for f in result.new if f.severity < Severity.medium]
    assert not {f.fingerprint for f in result.new} & {
        f.fingerprint for f in result.unchanged}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=raw_models(), data=st.data())
def test_diff_lists_exactly_the_edits(raw: dict[str, Any], data: st.DataObject) -> None:
    new = copy.deepcopy(raw)
    expected: set[tuple[str, str, str]] = set()
    statuses = ["active", "absent", "leaver"]
    for i in data.draw(st.sets(st.integers(0, len(new["people"]) - 1), max_size=2)):
        person = new["people"][i]
        person["status"] = statuses[(statuses.index(person["status"]) + 1) % 3]
        expected.add(("people", person["id"], "changed"))
    if new["delegations"]:
        gone = data.draw(st.sets(st.integers(0, len(new["delegations"]) - 1), max_size=2))
        expected |= {("delegations", new["delegations"][i]["id"], "removed") for i in gone}
        new["delegations"] = [d for i, d in enumerate(new["delegations"]) if i not in gone]
    if new["assets"] and data.draw(st.booleans()):
        asset = new["assets"][0]
        was = validate_model(raw).assets[0].owner
        asset["owner"] = "person:p0" if was != ["person:p0"] else None
        expected.add(("assets", asset["id"], "changed"))
        expected.add(("owners", f"asset:{asset['id']}",
                      "added" if not was else "removed" if asset["owner"] is None
                      else "changed"))
    if data.draw(st.booleans()):
        new["people"].append({"id": "newcomer", "reports_to": "p0"})
        new["assignments"].append({"person": "newcomer", "role": "r0"})
        expected |= {("people", "newcomer", "added"),
                     ("assignments", "newcomer holds r0", "added")}
    result = diff(validate_model(raw), validate_model(new), as_of=DAY)
    assert {(c.section, c.key, c.change) for c in result.changes} == expected


def test_same_model_from_yaml_and_csv_folder_diffs_empty(tmp_path: Path) -> None:
    from graphkit.loaders import load, save

    model = load(NORTHWIND)
    save(model, tmp_path / "northwind")
    result = diff(model, load(tmp_path / "northwind"), as_of=date(2026, 12, 1))
    assert result.is_empty
