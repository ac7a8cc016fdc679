"""Fixtures of the render tests (the data is in report_samples)."""

from __future__ import annotations

from datetime import date

import pytest
from report_samples import CATALOGUE, HOSTILE, make_findings

from graphkit.findings import Edge, Evidence, Finding, Report, Severity
from graphkit.render import About


@pytest.fixture
def report() -> Report:
    findings = make_findings()
    return Report(as_of=date(2026, 6, 30), model="acme.yaml", findings=findings,
                  summary={"findings": 4, "suppressed": 1})


@pytest.fixture
def about() -> About:
    return About(checks=CATALOGUE, model_path="examples/acme.yaml", organisation="Acme Ltd",
                 sources={"person:alice": "examples/acme.yaml:12",
                          "role:ism": "examples/acme.yaml:40",
                          "person:dave": "people.csv: row 5"})


@pytest.fixture
def hostile_report() -> Report:
    evidence = Evidence(label=HOSTILE, edges=[
        Edge(u=f"person:{HOSTILE}", v="role:ism", kind="holds")])
    f = Finding.make("vacant-role", Severity.high, title="Vacant role",
                     message=f"{HOSTILE} holds nothing", subjects=[f"person:{HOSTILE}"],
                     iso=["A.5.2"], evidence=[evidence])
    return Report(as_of=date(2026, 6, 30), model=HOSTILE, findings=[f])
