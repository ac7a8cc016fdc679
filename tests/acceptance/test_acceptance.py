"""Acceptance: organisations written from DESIGN.md alone, with planted problems.

Each folder in ``models/`` holds a ``model.yaml`` in DESIGN.md's format and an
``expected.yaml`` that lists, for one as-of date, every finding graphkit must report —
check id, sorted subjects, severity, and a one-line reason — derived from DESIGN.md's
"Meaning", "Precise readings" and "The checks" by hand (not from graphkit's output).
The comparison is exact: a missing finding and an extra one both fail. Findings an
exception suppresses are listed under ``suppressed``. A model marked ``clean: true`` must
also give no finding at ``low`` or above.

Every model is also converted with ``graphkit convert`` to JSON and to a CSV folder; the
three forms must give identical findings.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

import graphkit
from graphkit.findings import Report, Severity

MODELS = Path(__file__).resolve().parent / "models"
NAMES = sorted(p.name for p in MODELS.iterdir() if (p / "model.yaml").is_file())

Key = tuple[str, tuple[str, ...], str]


def _expected(name: str) -> dict[str, Any]:
    data = yaml.safe_load((MODELS / name / "expected.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _keys(rows: list[dict[str, Any]] | None) -> set[Key]:
    keys = {(r["check"], tuple(sorted(r["subjects"])), r["severity"]) for r in rows or []}
    assert len(keys) == len(rows or []), "an expected finding is listed twice"
    return keys


def _run(path: Path, as_of: date) -> Report:
    return graphkit.check(graphkit.load(path), as_of=as_of)


def _found(report: Report, suppressed: bool) -> set[Key]:
    return {(f.check, tuple(f.subjects), f.severity.value)
            for f in report.findings if f.suppressed is suppressed}


def test_there_are_planted_and_clean_models() -> None:
    clean = [n for n in NAMES if _expected(n).get("clean")]
    assert len(clean) == 2 and len(NAMES) - len(clean) == 5


def test_planted_problems_cover_every_check() -> None:
    registry = {c["id"] for c in _checks_catalogue()}
    planted = {k[0] for n in NAMES for k in _keys(_expected(n)["findings"])}
    assert registry == planted


def _checks_catalogue() -> list[dict[str, Any]]:
    out = subprocess.run([sys.executable, "-m", "graphkit", "checks", "--format", "json"],
                         capture_output=True, text=True, check=True).stdout
    data = json.loads(out)
    return data if isinstance(data, list) else data["checks"]


@pytest.mark.parametrize("name", NAMES)
def test_findings_are_exactly_the_planted_ones(name: str) -> None:
    exp = _expected(name)
    report = _run(MODELS / name / "model.yaml", exp["as_of"])
    want, got = _keys(exp["findings"]), _found(report, suppressed=False)
    assert sorted(got - want) == [], "reported but not planted"
    assert sorted(want - got) == [], "planted but not reported"
    assert _found(report, suppressed=True) == _keys(exp.get("suppressed"))


@pytest.mark.parametrize("name", [n for n in NAMES if _expected(n).get("clean")])
def test_clean_model_has_nothing_at_low_or_above(name: str) -> None:
    report = _run(MODELS / name / "model.yaml", _expected(name)["as_of"])
    assert [f for f in report.findings if f.severity >= Severity.low] == []


def _everything(report: Report) -> set[tuple[str, tuple[str, ...], str, bool, str]]:
    return {(f.check, tuple(f.subjects), f.severity.value, f.suppressed, f.fingerprint)
            for f in report.findings}


@pytest.mark.parametrize("name", NAMES)
def test_yaml_json_and_csv_folder_give_the_same_findings(name: str, tmp_path: Path) -> None:
    src = MODELS / name / "model.yaml"
    as_of = _expected(name)["as_of"]
    forms = {"json": tmp_path / "model.json", "csv": tmp_path / "csv"}
    for out in forms.values():
        subprocess.run([sys.executable, "-m", "graphkit", "convert", str(src), "-o", str(out)],
                       capture_output=True, text=True, check=True)
    assert (forms["csv"] / "people.csv").is_file()
    want = _everything(_run(src, as_of))
    for form, path in forms.items():
        assert _everything(_run(path, as_of)) == want, form


@pytest.mark.parametrize("name", NAMES)
def test_the_cli_gates_on_low(name: str) -> None:
    """`graphkit check MODEL --fail-on low` exits 0 on a clean model and 1 on the others."""
    exp = _expected(name)
    result = subprocess.run([sys.executable, "-m", "graphkit", "check",
                             str(MODELS / name / "model.yaml"), "--as-of", str(exp["as_of"]),
                             "--fail-on", "low", "--format", "json"],
                            capture_output=True, text=True)
    assert result.returncode == (0 if exp.get("clean") else 1), result.stderr
    reported = {(f["check"], tuple(f["subjects"]), f["severity"])
                for f in json.loads(result.stdout)["findings"] if not f["suppressed"]}
    assert reported == _keys(exp["findings"])
