"""The command line on mapped exports: the load report in summary and validate, the
mapping schema, RACI errors as exit 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ._data import JUNIOR, ORGANOGRAMS, REPO, SENIOR, SENIOR_HEADER, write


def _graphkit(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "graphkit", *map(str, args)],
                          capture_output=True, text=True, timeout=120, check=False)


def test_summary_prints_the_load_report() -> None:
    if not ORGANOGRAMS.is_dir():
        pytest.skip(f"the shared data folder {ORGANOGRAMS} is absent")
    result = _graphkit("summary", SENIOR, "--mapping", "uk-organogram", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["nodes"]["role"] == 277 + 763
    load = data["load"]
    assert [(f["file"], f["rows"], f["loaded"], f["merged"], f["reported"])
            for f in load["files"]] == [(str(SENIOR), 278, 277, 1, 0),
                                        (str(JUNIOR), 763, 763, 0, 0)]
    assert load["counts"]["named people"] == 75
    assert [w["code"] for w in load["warnings"]] == [
        "duplicate-post", "organisation-post", "placeholder-variant"]
    table = _graphkit("summary", SENIOR, "--mapping", "uk-organogram")
    assert table.returncode == 0, table.stderr
    assert f"  {SENIOR} (posts): 278 rows: 277 loaded, 1 merged as duplicates, 0 reported " \
           "and skipped\n" in table.stdout
    assert "  junior FTE: 1517.77\n" in table.stdout


def test_validate_and_convert_a_mapped_file(tmp_path: Path) -> None:
    data = write(tmp_path / "t-senior.csv", SENIOR_HEADER, [
        "0,1,Ann Lee,SCS3,Director,Board,XX,1.0,Acme",
        "1,2,Bob Ray,SCS2,Deputy,Ops,01,1.0,Acme",
        "2,3,Cy Dee,SCS1,Clerk,Ops,[red]9,1.0,Acme"])
    result = _graphkit("validate", data, "--mapping", "uk-organogram")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == ("ok: 3 people, 3 roles, 3 assignments, 0 assets, "
                                             "0 risks, 0 duties, 0 delegations, 0 SoD rules, "
                                             "0 exceptions")
    assert (f"warning: {data}: row 3: Reports to Senior Post: parent '01' matches post '1' "
            "only after leading zeros: found '01'; post '2' reports to '1'") in result.stdout
    out = tmp_path / "out.yaml"
    converted = _graphkit("convert", data, "--mapping", "uk-organogram", "-o", out)
    assert converted.returncode == 0, converted.stderr
    assert "every row accounted for: 4 warnings" in converted.stdout
    summary = _graphkit("summary", data, "--mapping", "uk-organogram")
    assert summary.returncode == 0, summary.stderr
    assert (f"  warning: {data}: row 4: Reports to Senior Post: post '3' reports to '[red]9', "
            "which is no post in the file: found '[red]9'; kept, so the reporting-line check "
            "reports it\n") in summary.stdout  # printed as found, not as rich markup
    again = _graphkit("validate", out)
    assert again.returncode == 0 and again.stdout == result.stdout.splitlines()[0] + "\n"


def test_raci_errors_exit_2(tmp_path: Path) -> None:
    data = write(tmp_path / "t-senior.csv", SENIOR_HEADER, [
        "0,1,Ann Lee,SCS3,Director,Board,XX,1.0,Acme"])
    raci = write(tmp_path / "raci.csv", "Duty,1,Chief", ["review,A/A/Z,"])
    result = _graphkit("validate", data, "--mapping", "uk-organogram", "--raci", raci)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"error: {raci}: row 1: Chief: unknown role column 'Chief' (expected a role id or "
        "name, a person id, or role:/person: and an id in the model)",
        f"error: {raci}: row 2: 1: 'A/A/Z' is not a RACI letter (expected R, A, C, I, a "
        "combination such as A/R, or an empty cell)",
    ]


def test_schema_of_the_mapping_format() -> None:
    result = _graphkit("schema", "--mapping-format")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == json.loads(
        (REPO / "docs" / "mapping.schema.json").read_text(encoding="utf-8"))
