"""diff: a model against itself is empty; each kind of edit shows up exactly once."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings

from graphkit.findings import Severity
from graphkit.model import validate_model
from graphkit.queries.diff import diff
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
    assert not set(f.fingerprint for f in result.new) & set(
        f.fingerprint for f in result.unchanged)
