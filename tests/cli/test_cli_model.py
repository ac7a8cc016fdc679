"""``graphkit validate | schema | convert | summary`` through the real entry point:
exit codes, and what goes to stdout and what to stderr."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from graphkit.loaders import load

MODEL = """\
people:
  - {id: alice, name: Alice Smith}
  - {id: bob, reports_to: alice}
  - {id: carol, reports_to: ceo}
roles:
  - {id: ism, authority: 4}
  - {id: staff}
assignments:
  - {person: alice, role: ism}
  - {person: bob, role: ism, deputy: true}
assets:
  - {id: crm, owner: role:ism, custodians: [bob]}
duties:
  - {id: review, accountable: role:ism, responsible: [bob], informed: [staff]}
delegations:
  - {id: D-1, from: bob, to: carol, scope: review}
policy:
  sod:
    - {id: S-1, members: [role:ism, duty:review]}
"""


def gk(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, COLUMNS="100")
    env.pop("GRAPHKIT_MAX_FILE_BYTES", None)
    return subprocess.run([sys.executable, "-m", "graphkit", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture()
def model(tmp_path: Path) -> Path:
    path = tmp_path / "m.yaml"
    path.write_text(MODEL, encoding="utf-8")
    return path


def test_validate_ok(model: Path) -> None:
    r = gk("validate", str(model))
    assert (r.returncode, r.stderr) == (0, "")
    assert r.stdout == ("ok: 3 people, 2 roles, 2 assignments, 1 asset, 0 risks, 1 duty, "
                        "1 delegation, 1 SoD rule, 0 exceptions\n")


def test_validate_bad_goes_to_stderr(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text("people:\n  - {id: a, status: gone}\n  - {id: a}\n")
    r = gk("validate", "m.yaml", cwd=tmp_path)
    assert (r.returncode, r.stdout) == (2, "")
    assert r.stderr.splitlines() == [
        "error: m.yaml:2: people[0].status: 'gone' is not an allowed value (expected one of "
        "active, absent, leaver)",
        "error: m.yaml:3: people[1].id: duplicate person id 'a', first defined on line 2 "
        "(expected ids unique within their kind)"]


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    r = gk("--debug", "validate", str(tmp_path / "nothing.yaml"))
    assert r.returncode != 0 and "Traceback" in r.stderr and "InputError" in r.stderr


def test_usage_errors_exit_2(model: Path) -> None:
    r = gk("validate")
    assert r.returncode == 2 and "Missing argument" in r.stderr and r.stdout == ""
    r = gk("summary", str(model), "--format", "xml")
    assert r.returncode == 2 and "xml" in r.stderr and r.stdout == ""


def test_schema_validates_models(model: Path, tmp_path: Path) -> None:
    r = gk("schema")
    assert (r.returncode, r.stderr) == (0, "")
    schema = json.loads(r.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    data = yaml.safe_load(MODEL)
    data = json.loads(json.dumps(data, default=str))
    jsonschema.validate(data, schema)
    data["people"][0]["colour"] = "blue"
    with pytest.raises(jsonschema.ValidationError, match="colour"):
        jsonschema.validate(data, schema)
    out = tmp_path / "schema.json"
    r = gk("schema", "-o", str(out))
    assert (r.returncode, r.stdout, r.stderr) == (0, "", "")
    assert json.loads(out.read_text()) == schema


def test_convert_between_formats(model: Path, tmp_path: Path) -> None:
    folder = tmp_path / "csv"
    r = gk("convert", str(model), "-o", str(folder))
    assert (r.returncode, r.stderr) == (0, "")
    assert r.stdout.startswith(f"wrote {folder} (a CSV folder): 3 people")
    assert load(folder) == load(model)
    r = gk("convert", str(folder), "-o", str(tmp_path / "m.json"))
    assert r.returncode == 0 and load(tmp_path / "m.json") == load(model)
    r = gk("validate", str(folder))
    assert r.returncode == 0 and r.stdout.startswith("ok: 3 people")


def test_convert_refuses_to_overwrite(model: Path, tmp_path: Path) -> None:
    folder = tmp_path / "csv"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me")
    r = gk("convert", str(model), "-o", str(folder))
    assert (r.returncode, r.stdout) == (2, "")
    assert r.stderr == (f"error: {folder}: exists and is not empty; use --force to "
                        "overwrite it\n")
    assert not (folder / "people.csv").exists()
    r = gk("convert", str(model), "-o", str(folder), "--force")
    assert r.returncode == 0 and load(folder) == load(model)
    assert (folder / "notes.txt").read_text() == "keep me"
    target = tmp_path / "m2.yaml"
    target.write_text("old")
    r = gk("convert", str(model), "-o", str(target))
    assert r.returncode == 2 and target.read_text() == "old"
    r = gk("convert", str(model), "-o", str(target), "--force")
    assert r.returncode == 0 and load(target) == load(model)
    r = gk("convert", str(model), "-o", str(model))
    assert r.returncode == 2  # the model itself: not empty


def test_convert_does_not_write_a_bad_model(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("people:\n  - {id: a, reports_to: 3}\n")
    r = gk("convert", str(bad), "-o", str(tmp_path / "out.json"))
    assert r.returncode == 2 and not (tmp_path / "out.json").exists()
    assert r.stderr.startswith(f"error: {bad}:2: people[0].reports_to: 3 is not text")


def test_summary_json(model: Path) -> None:
    r = gk("summary", str(model), "--format", "json")
    assert (r.returncode, r.stderr) == (0, "")
    assert json.loads(r.stdout) == {
        "nodes": {"person": 3, "role": 2, "asset": 1, "risk": 0, "duty": 1, "missing": 1},
        "edges": {"holds": 2, "inherits": 0, "reports_to": 2, "owner": 1, "custodian": 1,
                  "accountable": 1, "responsible": 1, "consulted": 0, "informed": 1,
                  "delegation": 1, "accepted": 0, "affects": 0},
    }


def test_summary_table(model: Path) -> None:
    r = gk("summary", str(model))
    assert (r.returncode, r.stderr) == (0, "")
    rows = {tuple(cell.strip() for cell in line.strip("│ ").split("│"))
            for line in r.stdout.splitlines() if line.count("│") == 3}
    assert {("person", "3"), ("missing", "1"), ("holds", "2"), ("delegation", "1"),
            ("total", "8"), ("total", "10")} <= rows


def test_version_and_help() -> None:
    r = gk("--version")
    assert (r.returncode, r.stdout) == (0, "graphkit 0.1.0\n")
    r = gk("--help")
    assert r.returncode == 0
    for command in ("validate", "schema", "convert", "summary"):
        assert command in r.stdout
