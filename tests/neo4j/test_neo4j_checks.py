"""Checks run as Cypher in the database find exactly what the in-memory engine finds,
fingerprint for fingerprint (and severity for severity)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections import Counter
from datetime import date
from typing import Any

import neo4j
import pytest
from bolt_server import Bolt
from graphkit.loaders.neo4j import drop, push
from graphkit.queries.in_database import CYPHER_CHECKS, find_in_database, report_in_database
from graphkit.queries.registry import get_check
from hypothesis import HealthCheck, given, settings
from model_strategies import model_data

from graphkit.errors import UsageError
from graphkit.findings import Finding, fingerprint
from graphkit.model import Model, validate_model
from graphkit.runner import run_checks
from graphkit.semantics import Context

AS_OF = date(2026, 6, 1)

PLANTED: dict[str, Any] = {
    "people": [{"id": "ann"}, {"id": "bob"}, {"id": "cat", "status": "absent"},
               {"id": "dan", "status": "leaver"}, {"id": "eve"}, {"id": "fay"}],
    "roles": [{"id": "cfo", "critical": True, "authority": 5}, {"id": "ops", "authority": 2}, {"id": "staff"},
              {"id": "lead", "inherits": ["staff"]}, {"id": "deputy-only"},
              {"id": "absentee"}, {"id": "ended"}, {"id": "pair", "min_holders": 2}],
    "assignments": [
        {"person": "ann", "role": "cfo"},
        {"person": "bob", "role": "ops"},
        {"person": "eve", "role": "lead"},                      # staff by inheritance
        {"person": "fay", "role": "deputy-only", "deputy": True},
        {"person": "cat", "role": "absentee"},
        {"person": "bob", "role": "ended", "until": "2026-01-31"},
        {"person": "ann", "role": "pair"}, {"person": "dan", "role": "pair"},
    ],
    "assets": [
        {"id": "no-owner", "criticality": "critical"},
        {"id": "owned", "owner": "role:cfo"},
        {"id": "deputy-owned", "criticality": "high", "owner": "role:deputy-only"},
        {"id": "leaver-owned", "owner": "person:dan"},
        {"id": "absent-owned", "criticality": "low", "owner": "role:absentee"},
        {"id": "ended-owned", "owner": "role:ended"},
        {"id": "inherited-only", "owner": "role:staff"},
        {"id": "shared", "owner": ["role:ops", "person:eve"]},
    ],
    "risks": [{"id": "R-1", "level": "high"},
              {"id": "R-2", "owner": "person:bob", "treatment": "accept", "accepted_by": "bob"},
              {"id": "R-3", "level": "critical", "owner": "person:cat", "treatment": "accept"}],
    "duties": [{"id": "pay", "accountable": "role:ops", "authority": 3}, {"id": "approve"},
               {"id": "review", "criticality": "high", "accountable": "role:pair"}],
    "delegations": [
        {"id": "1", "from": "ann", "to": "bob", "scope": "duty:pay"},
        {"id": "2", "from": "bob", "to": "ann", "scope": "duty:pay"},
        {"id": "2b", "from": "bob", "to": "ann", "scope": "duty:pay"},  # parallel
        {"id": "3", "from": "bob", "to": "eve", "scope": "duty:pay"},
        {"id": "4", "from": "eve", "to": "ann", "scope": "duty:pay"},
        {"id": "5", "from": "role:ops", "to": "role:ops", "scope": "asset:owned"},
        {"id": "6", "from": "ann", "to": "fay", "scope": "risk:R-2"},
        {"id": "7", "from": "fay", "to": "ann", "scope": "risk:R-2", "until": "2026-01-01"},
        {"id": "8", "from": "fay", "to": "eve", "scope": "duty:review"},
        {"id": "9", "from": "eve", "to": "ann", "scope": "asset:owned"},  # scopes apart
        {"id": "10", "from": "ann", "to": "fay", "scope": "duty:review"},
        {"id": "11", "from": "eve", "to": "ann", "scope": "duty:review"},
        {"id": "12", "from": "ann", "to": "cat", "scope": "duty:pay", "from_date": "2026-07-01"},
    ],
    "policy": {"max_accountable_items": 1},
}


def in_memory(model: Model, check_id: str) -> list[Finding]:
    return list(get_check(check_id).find(Context.build(model, AS_OF)))


def _signature(findings: list[Finding]) -> Counter[tuple[str, str]]:
    return Counter((f.fingerprint, f.severity.value) for f in findings)


def test_planted_problems_found_in_the_database(driver: neo4j.Driver, database: str,
                                                org: str) -> None:
    model = validate_model({"organisation": {"id": org}, **PLANTED})
    push(model, driver, database)
    found = find_in_database(driver, database, org, AS_OF)
    by_check = {c: sorted((f.subjects, f.severity.value) for f in found if f.check == c)
                for c in CYPHER_CHECKS}
    assert by_check["orphan-item"] == [
        (["asset:absent-owned"], "low"), (["asset:deputy-owned"], "high"),
        (["asset:ended-owned"], "medium"), (["asset:inherited-only"], "medium"),
        (["asset:leaver-owned"], "medium"), (["asset:no-owner"], "critical"),
        (["duty:approve"], "medium"), (["risk:R-1"], "high"), (["risk:R-3"], "critical")]
    assert by_check["vacant-role"] == [
        (["role:absentee"], "medium"), (["role:cfo"], "high"), (["role:ended"], "medium"),
        (["role:pair"], "medium")]
    assert by_check["delegation-cycle"] == [
        (["asset:owned", "role:ops"], "high"),
        (["duty:pay", "person:ann", "person:bob"], "high"),
        (["duty:pay", "person:ann", "person:bob", "person:eve"], "high"),
        (["duty:review", "person:ann", "person:eve", "person:fay"], "high")]
    assert by_check["multiple-accountable"] == [(["asset:shared"], "medium")]
    assert by_check["lapsed-delegation"] == [(["delegation:7"], "medium")]
    assert by_check["overload"] == [(["person:ann"], "low"), (["person:bob"], "low"),
                                    (["person:cat"], "low")]
    assert by_check["acceptance-authority"] == [(["person:bob", "risk:R-2"], "high"),
                                                (["risk:R-3"], "high")]
    assert by_check["authority-gap"] == [
        (["duty:pay", "role:ops"], "medium"), (["role:absentee"], "medium"),
        (["role:deputy-only"], "medium"), (["role:ended"], "medium"),
        (["role:lead"], "medium"), (["role:pair"], "medium"), (["role:staff"], "medium")]
    assert by_check["leaver-holds"] == [(["asset:leaver-owned", "person:dan"], "high"),
                                        (["person:dan", "role:pair"], "high")]
    for check_id in CYPHER_CHECKS:
        assert _signature([f for f in found if f.check == check_id]) == \
            _signature(in_memory(model, check_id)), check_id


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=model_data())
def test_generated_models_same_findings(driver: neo4j.Driver, database: str,
                                        data: dict[str, Any]) -> None:
    org = f"c-{uuid.uuid4().hex[:12]}"
    model = validate_model({"organisation": {"id": org}, **data})
    try:
        push(model, driver, database)
        found = find_in_database(driver, database, org, AS_OF)
        for check_id in CYPHER_CHECKS:
            assert _signature([f for f in found if f.check == check_id]) == \
                _signature(in_memory(model, check_id)), check_id
    finally:
        drop(driver, database, org)


def test_only_checks_with_a_cypher_form(driver: neo4j.Driver, database: str) -> None:
    with pytest.raises(UsageError, match="no Cypher form for key-person"):
        find_in_database(driver, database, "any", AS_OF, select=["key-person"])


def test_check_command(bolt: Bolt, driver: neo4j.Driver, database: str, org: str) -> None:
    model = validate_model({"organisation": {"id": org}, **PLANTED})
    push(model, driver, database)
    where = ["--uri", bolt.uri, "--user", bolt.user, "--database", bolt.database, "--org", org,
             "--as-of", AS_OF.isoformat()]
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env["NEO4J_PASSWORD"] = bolt.password
    result = subprocess.run([sys.executable, "-m", "graphkit", "neo4j", "check", *where,
                             "--format", "json"], capture_output=True, text=True, env=env,
                            check=False, timeout=120)
    assert result.returncode == 1, result.stderr  # high and critical findings
    report = json.loads(result.stdout)
    expected = [f for c in CYPHER_CHECKS for f in in_memory(model, c)]
    assert Counter(f["fingerprint"] for f in report["findings"]) == \
        Counter(f.fingerprint for f in expected)
    assert report["as_of"] == AS_OF.isoformat() and report["model"] == org
    everything = subprocess.run([sys.executable, "-m", "graphkit", "neo4j", "check", *where,
                                 "--format", "json", "--select", "all"], capture_output=True,
                                text=True, env=env, check=False, timeout=120)
    assert everything.returncode == 1, everything.stderr
    assert [f["fingerprint"] for f in json.loads(everything.stdout)["findings"]] == \
        [f.fingerprint for f in run_checks(model, as_of=AS_OF).findings]
    quiet = subprocess.run([sys.executable, "-m", "graphkit", "neo4j", "check", *where,
                            "--select", "vacant-role", "--fail-on", "critical"],
                           capture_output=True, text=True, env=env, check=False, timeout=120)
    assert quiet.returncode == 0, quiet.stderr
    assert "role:cfo" in quiet.stdout


@pytest.mark.parametrize("select", [None, list(CYPHER_CHECKS), ["key-person", "orphan-item"]])
def test_report_in_database_equals_run_checks(driver: neo4j.Driver, database: str, org: str,
                                              select: list[str] | None) -> None:
    """The whole report, exceptions included: checks with a Cypher form run in the
    database, the others on the pulled model; the same findings in the same order."""
    planted = {**PLANTED, "policy": {
        "max_accountable_items": 1,
        "exceptions": [{"finding": fingerprint("orphan-item", ["asset:no-owner"]),
                        "reason": "being replaced", "approved_by": "ann"},
                       {"finding": fingerprint("vacant-role", ["role:pair"]),
                        "reason": "hiring", "approved_by": "bob"}]}}  # bob lacks authority
    model = validate_model({"organisation": {"id": org}, **planted})
    push(model, driver, database)
    got = report_in_database(driver, database, org, AS_OF, select=select)
    want = run_checks(model, as_of=AS_OF, select=select)
    assert [(f.fingerprint, f.severity, f.suppressed, f.suppressed_by) for f in got.findings] \
        == [(f.fingerprint, f.severity, f.suppressed, f.suppressed_by) for f in want.findings]
    assert got.summary == want.summary
    assert got.model == want.model == org
    if select is None or "orphan-item" in select:
        assert [f.subjects for f in got.findings if f.suppressed] == [["asset:no-owner"]]
