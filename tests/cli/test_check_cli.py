"""``graphkit check`` and ``graphkit checks``: exit codes, streams, formats, options."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from graphkit.queries.registry import CHECKS
from typer.testing import CliRunner

from graphkit.cli import app
from graphkit.findings import fingerprint

# the official SARIF schema and the Markdown reader live beside the render tests
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "render"))
from markdown_reader import text_of, to_html
from sarif_schema import validate

AS_OF = "2026-06-30"


def model_with(asset_criticality: str, asset_id: str = "crm",
               exceptions: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """A model whose only problem is one asset with no owner: an ``orphan-item`` finding
    as severe as the asset is critical."""
    model: dict[str, Any] = {
        "version": 1,
        "organisation": {"id": "acme", "name": "Acme Ltd"},
        "people": [{"id": "carol", "name": "Carol", "acknowledged": [{"role": "cfo",
                                                                      "version": 1}]}],
        "roles": [{"id": "cfo", "name": "CFO", "description": "Finance.", "version": 1,
                   "authority": 5, "min_holders": 1}],
        "assignments": [{"person": "carol", "role": "cfo"}],
        "assets": [{"id": asset_id, "name": "Customer database",
                    "criticality": asset_criticality}],
    }
    if exceptions:
        model["policy"] = {"exceptions": exceptions}
    return model


@pytest.fixture
def write(tmp_path: Path) -> Callable[[dict[str, Any], str], Path]:
    def _write(data: dict[str, Any], name: str = "model.yaml") -> Path:
        path = tmp_path / name
        path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        return path
    return _write


def run(*args: str | Path) -> Any:
    return CliRunner().invoke(app, [str(a) for a in args])


@pytest.mark.parametrize(("criticality", "fail_on", "code"), [
    ("medium", "info", 1), ("medium", "low", 1), ("medium", "medium", 1),
    ("medium", "high", 0), ("medium", "critical", 0), ("medium", "never", 0),
    ("high", "high", 1), ("high", "critical", 0),
    ("critical", "critical", 1), ("critical", "never", 0),
    ("low", "low", 1), ("low", "medium", 0),
])
def test_exit_code_for_each_threshold(write: Callable[..., Path], criticality: str,
                                      fail_on: str, code: int) -> None:
    path = write(model_with(criticality))
    result = run("check", path, "--as-of", AS_OF, "--format", "json", "--fail-on", fail_on)
    assert result.exit_code == code, result.stderr
    found = json.loads(result.stdout)["findings"]
    assert [(f["check"], f["severity"], f["subjects"]) for f in found] == [
        ("orphan-item", criticality, ["asset:crm"])]


def test_default_threshold_is_high(write: Callable[..., Path]) -> None:
    assert run("check", write(model_with("medium")), "--as-of", AS_OF).exit_code == 0
    assert run("check", write(model_with("high")), "--as-of", AS_OF).exit_code == 1


def test_the_installed_entry_point_exits_with_the_same_codes(
        write: Callable[..., Path]) -> None:
    path = write(model_with("high"))
    base = [sys.executable, "-m", "graphkit", "check", str(path), "--as-of", AS_OF,
            "--format", "json"]
    failing = subprocess.run(base, capture_output=True, text=True, check=False)
    assert failing.returncode == 1, failing.stderr
    assert json.loads(failing.stdout)["findings"][0]["check"] == "orphan-item"
    passing = subprocess.run(base + ["--fail-on", "critical"], capture_output=True, text=True,
                             check=False)
    assert (passing.returncode, passing.stderr) == (0, "")
    bad = subprocess.run(base + ["--select", "nope"], capture_output=True, text=True,
                         check=False)
    assert (bad.returncode, bad.stdout) == (2, "")
    assert bad.stderr.startswith("error: --select: unknown check id 'nope'")


def test_a_clean_model_exits_0_at_every_threshold(write: Callable[..., Path]) -> None:
    model = model_with("low")
    model["assets"][0]["owner"] = "role:cfo"
    path = write(model)
    for fail_on in ("info", "low", "medium", "high", "critical"):
        result = run("check", path, "--as-of", AS_OF, "--format", "json", "--fail-on", fail_on)
        assert result.exit_code == 0, (fail_on, result.stdout)
        assert json.loads(result.stdout)["findings"] == []


def test_suppressed_findings_never_fail_the_run(write: Callable[..., Path]) -> None:
    fp = fingerprint("orphan-item", ["asset:crm"])
    path = write(model_with("high", exceptions=[
        {"finding": fp, "reason": "Decommissioned in July", "approved_by": "carol",
         "expires": "2026-12-31"}]))
    result = run("check", path, "--as-of", AS_OF, "--format", "json", "--fail-on", "info",
                 "--select", "orphan-item")
    assert result.exit_code == 0, result.stdout
    found = json.loads(result.stdout)["findings"]
    assert [(f["fingerprint"], f["suppressed"]) for f in found] == [(fp, True)]


def test_json_goes_to_stdout_and_nothing_to_stderr(write: Callable[..., Path]) -> None:
    result = run("check", write(model_with("high")), "--as-of", AS_OF, "--format", "json")
    assert result.stderr == ""
    data = json.loads(result.stdout)
    assert list(data) == ["as_of", "model", "findings", "summary"]
    assert data["as_of"] == AS_OF
    assert list(data["findings"][0]) == ["check", "severity", "title", "message", "subjects",
                                         "evidence", "iso", "fingerprint", "suppressed",
                                         "suppressed_by"]


def test_output_file_leaves_stdout_empty_and_summarises_on_stderr(
        write: Callable[..., Path], tmp_path: Path) -> None:
    out = tmp_path / "report.sarif"
    result = run("check", write(model_with("high")), "--as-of", AS_OF, "--format", "sarif",
                 "-o", out)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (f"1 finding (1 high) as of {AS_OF}; sarif report written to "
                             f"{out}\n")
    log = json.loads(out.read_text(encoding="utf-8"))
    assert log["runs"][0]["results"][0]["ruleId"] == "orphan-item"


def test_output_into_a_missing_folder_is_a_usage_error(write: Callable[..., Path],
                                                       tmp_path: Path) -> None:
    out = tmp_path / "no" / "such" / "report.md"
    result = run("check", write(model_with("high")), "-o", out, "--format", "markdown")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"error: {out}: --output: cannot write the report")


def test_sarif_through_the_cli_is_valid_and_located(write: Callable[..., Path]) -> None:
    path = write(model_with("critical"))
    result = run("check", path, "--as-of", AS_OF, "--format", "sarif")
    log = json.loads(result.stdout)
    validate(log)
    run_ = log["runs"][0]
    assert [r["id"] for r in run_["tool"]["driver"]["rules"]] == [c.id for c in CHECKS]
    (res,) = run_["results"]
    assert res["level"] == "error"
    line = next(i for i, text in enumerate(path.read_text().splitlines(), start=1)
                if "id: crm" in text)
    assert res["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": path.as_uri()}, "region": {"startLine": line}}


def test_csv_and_markdown_formats(write: Callable[..., Path]) -> None:
    path = write(model_with("high"))
    rows = list(csv.DictReader(io.StringIO(
        run("check", path, "--as-of", AS_OF, "--format", "csv").stdout)))
    assert [(r["check"], r["severity"], r["subjects"]) for r in rows] == [
        ("orphan-item", "high", "asset:crm")]
    md = run("check", path, "--as-of", AS_OF, "--format", "markdown").stdout
    assert md.startswith("# Accountability review: Acme Ltd\n")
    assert "| A.5.9 | Inventory of information and other associated assets |" in md


@pytest.mark.parametrize("option", ["--select", "--ignore"])
def test_unknown_check_id_is_a_usage_error_naming_the_known_ids(
        write: Callable[..., Path], option: str) -> None:
    result = run("check", write(model_with("high")), option, "orphan-item,orphans")
    assert result.exit_code == 2
    assert result.stdout == ""
    known = ", ".join(c.id for c in CHECKS)
    assert result.stderr == f"error: {option}: unknown check id 'orphans' (known ids: {known})\n"


def test_select_and_ignore(write: Callable[..., Path]) -> None:
    model = model_with("high")
    model["people"][0]["acknowledged"] = []  # and a not-acknowledged finding (low)
    path = write(model)

    def checks_found(*options: str) -> list[str]:
        result = run("check", path, "--as-of", AS_OF, "--format", "json", *options)
        return sorted({f["check"] for f in json.loads(result.stdout)["findings"]})

    assert checks_found() == ["not-acknowledged", "orphan-item"]
    assert checks_found("--select", "not-acknowledged") == ["not-acknowledged"]
    assert checks_found("--select", "orphan-item", "--select", "not-acknowledged") == [
        "not-acknowledged", "orphan-item"]
    assert checks_found("--ignore", "orphan-item") == ["not-acknowledged"]
    assert checks_found("--select", "orphan-item,not-acknowledged",
                        "--ignore", "orphan-item") == ["not-acknowledged"]


@pytest.mark.parametrize(("args", "message"), [
    (["--format", "xml"], "'xml' is not one of"),
    (["--fail-on", "severe"], "'severe' is not one of"),
    (["--as-of", "30/06/2026"],
     "error: --as-of: '30/06/2026' is not a date (expected an ISO date YYYY-MM-DD)\n"),
])
def test_bad_options_exit_2(write: Callable[..., Path], args: list[str], message: str) -> None:
    result = run("check", write(model_with("high")), *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert message in result.stderr


def test_bad_model_exits_2_with_one_line_per_problem(write: Callable[..., Path]) -> None:
    model = model_with("high")
    model["assignments"].append({"person": "zed", "role": "cfo"})
    model["assets"][0]["owner"] = "role:nobody"
    path = write(model)
    result = run("check", path)
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 2
    assert all(line.startswith(f"error: {path}:") for line in lines)
    assert "unknown person 'zed'" in result.stderr


def test_policy_file_replaces_the_models_policy(write: Callable[..., Path],
                                               tmp_path: Path) -> None:
    fp = fingerprint("orphan-item", ["asset:crm"])
    path = write(model_with("high"))
    policy = tmp_path / "policy.yaml"
    policy.write_text(f"exceptions:\n  - finding: {fp}\n    reason: accepted\n"
                      "    approved_by: carol\n", encoding="utf-8")
    result = run("check", path, "--as-of", AS_OF, "--format", "json", "--policy", policy,
                 "--select", "orphan-item")
    assert result.exit_code == 0, result.stderr
    assert [f["suppressed"] for f in json.loads(result.stdout)["findings"]] == [True]
    # a model whose own policy suppresses it, checked under an empty policy file: reported
    own = write(model_with("high", exceptions=[{"finding": fp, "reason": "ok",
                                                "approved_by": "carol"}]), "own.yaml")
    empty = tmp_path / "empty.yaml"
    empty.write_text("max_delegation_depth: 2\n", encoding="utf-8")
    result = run("check", own, "--as-of", AS_OF, "--policy", empty, "--select", "orphan-item")
    assert result.exit_code == 1


def test_policy_file_problems_name_their_lines(write: Callable[..., Path],
                                               tmp_path: Path) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text("max_delegation_depth: 2\nexceptions:\n"
                      "  - {finding: x, reason: y, approved_by: nobody}\n", encoding="utf-8")
    result = run("check", write(model_with("high")), "--policy", policy)
    assert result.exit_code == 2
    assert result.stderr == (f"error: {policy}:3: exceptions[0].approved_by: unknown person "
                             "'nobody' (expected the id of a person in the model)\n")


def test_rich_markup_in_names_is_printed_literally(write: Callable[..., Path]) -> None:
    hostile = "[bold red]crm[/bold red]|*x*<script>`y`"
    result = run("check", write(model_with("high", asset_id=hostile)), "--as-of", AS_OF)
    assert result.exit_code == 1
    def flat(text: str) -> str:  # the table may wrap a long name where it likes
        return "".join(text.split())

    assert flat(f"asset:{hostile}") in flat(result.stdout)


def test_markdown_escapes_hostile_names(write: Callable[..., Path]) -> None:
    hostile = "crm|*x*<script>`y`"
    result = run("check", write(model_with("high", asset_id=hostile)), "--as-of", AS_OF,
                 "--format", "markdown")
    out = to_html(result.stdout)
    assert "<script>" not in out and "<em>" not in out
    subjects = out.split("<strong>Subjects:</strong> ", 1)[1].split("</li>", 1)[0]
    assert text_of(subjects) == f"asset:{hostile}"


def test_checks_lists_the_catalogue() -> None:
    result = run("checks")
    assert result.exit_code == 0
    for c in CHECKS:
        assert c.id in result.stdout
    assert "A.5.2 Information security roles and responsibilities" in result.stdout
    data = json.loads(run("checks", "--format", "json").stdout)
    assert [d["id"] for d in data] == [c.id for c in CHECKS]
    orphan = data[[c.id for c in CHECKS].index("orphan-item")]
    assert orphan["iso"][0] == {"ref": "A.5.9",
                                "title": "Inventory of information and other associated assets"}
    assert all(d["remediation"] and d["severity"] for d in data)


def test_the_console_script_leaves_nothing_unwritten(tmp_path: Path) -> None:
    """`graphkit.cli.run` ends the process with os._exit: the report on a pipe and in
    the -o file must still be whole, and the exit code the command's own."""
    from graphkit.generate import AS_OF, generate
    from graphkit.loaders import load
    from graphkit.runner import run_checks

    folder = tmp_path / "org"
    generate(1500, seed=11, out=folder)
    expected = run_checks(load(folder), as_of=AS_OF)
    base = [sys.executable, "-m", "graphkit", "check", str(folder), "--as-of",
            AS_OF.isoformat(), "--format", "json"]
    piped = subprocess.run(base, capture_output=True, check=False)
    assert piped.returncode == 1
    assert len(piped.stdout) > 1_000_000
    assert len(json.loads(piped.stdout)["findings"]) == len(expected.findings)
    out = tmp_path / "report.json"
    to_file = subprocess.run(base + ["-o", str(out)], capture_output=True, check=False)
    assert to_file.returncode == 1
    assert out.read_bytes() == piped.stdout
    assert to_file.stderr.decode().startswith(f"{len(expected.findings)} findings")
