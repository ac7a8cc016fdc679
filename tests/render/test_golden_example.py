"""Golden outputs of ``graphkit check`` on the bundled example (examples/northwind), as of
a fixed date, in JSON, SARIF and Markdown: compared exactly.

After an intended change of a check or a renderer, regenerate them and read the diff:
``GRAPHKIT_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/render/test_golden_example.py``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from sarif_schema import validate
from typer.testing import CliRunner

from graphkit.cli import app

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden" / "northwind"
MODEL = "examples/northwind/model.yaml"  # relative, as a user in the repo would type it
AS_OF = "2026-12-01"
UPDATE = os.environ.get("GRAPHKIT_UPDATE_GOLDEN") == "1"


@pytest.mark.parametrize(("fmt", "name"), [("json", "check.json"), ("sarif", "check.sarif"),
                                           ("markdown", "check.md")])
def test_example_output_is_the_golden_file(fmt: str, name: str,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(app, ["check", MODEL, "--as-of", AS_OF, "--format", fmt])
    assert result.exit_code == 1, result.stderr  # the example plants high findings
    assert result.stderr == ""
    golden = GOLDEN / name
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(result.stdout, encoding="utf-8")
    assert golden.exists(), f"no golden file {golden}: run with GRAPHKIT_UPDATE_GOLDEN=1"
    assert result.stdout == golden.read_text(encoding="utf-8")


def test_golden_sarif_is_valid() -> None:
    validate(json.loads((GOLDEN / "check.sarif").read_text(encoding="utf-8")))


def test_golden_json_and_sarif_agree() -> None:
    report = json.loads((GOLDEN / "check.json").read_text(encoding="utf-8"))
    log = json.loads((GOLDEN / "check.sarif").read_text(encoding="utf-8"))
    results = log["runs"][0]["results"]
    assert [(r["ruleId"], r["partialFingerprints"]["graphkitFingerprint/v1"],
             "suppressions" in r) for r in results] == [
        (f["check"], f["fingerprint"], f["suppressed"]) for f in report["findings"]]
