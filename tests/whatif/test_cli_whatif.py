"""The whatif, diff and statement commands: outputs, files and exit codes, run as a user
would (a real subprocess of the installed ``graphkit``)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
NORTHWIND = ROOT / "examples" / "northwind" / "model.yaml"
CLEAN = ROOT / "examples" / "northwind-clean" / "model.yaml"
AS_OF = ["--as-of", "2026-12-01"]


def graphkit(*args: str | Path) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("graphkit", path=str(Path(sys.executable).parent))
    cmd = [exe] if exe else [sys.executable, "-m", "graphkit"]
    return subprocess.run([*cmd, *map(str, args)], capture_output=True, text=True,
                          timeout=120, check=False)


def test_whatif_json_names_the_items_that_lose_coverage() -> None:
    run = graphkit("whatif", NORTHWIND, "--without", "person:cwood", "--format", "json", *AS_OF)
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert [(c["item"], c["lost"]) for c in data["coverage_lost"]] == [
        ("asset:erp", ["responsible"])]
    assert [f["subjects"] for f in data["resolved"]] == [["person:cwood"]]
    assert ["role:erp-admin"] in [f["subjects"] for f in data["created"]]
    assert data["without"] == ["person:cwood"] and data["absent"] is False


def test_whatif_absent_and_role() -> None:
    run = graphkit("whatif", NORTHWIND, "-w", "person:cwood", "--absent", "-f", "json", *AS_OF)
    created = {f["check"] for f in json.loads(run.stdout)["created"]}
    assert run.returncode == 0 and "leaver-holds" not in created and "vacant-role" in created
    run = graphkit("whatif", NORTHWIND, "-w", "role:erp-admin", "-f", "markdown", *AS_OF)
    assert run.returncode == 0
    assert "| asset:erp | critical | responsible | cwood |" in run.stdout


def test_rank_puts_the_planted_key_person_first(tmp_path: Path) -> None:
    run = graphkit("whatif", NORTHWIND, "--rank", "--top", "3", "-f", "json", *AS_OF)
    assert run.returncode == 0, run.stderr
    ranking = json.loads(run.stdout)["ranking"]
    assert len(ranking) == 3 and ranking[0]["person"] == "cwood"
    out = tmp_path / "rank.txt"
    run = graphkit("whatif", NORTHWIND, "--rank", "-o", out, *AS_OF)
    assert run.returncode == 0 and run.stdout == ""
    assert "cwood (Chris Wood)" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("args, message", [
    ((), "give --without person:ID (or role:ID), or --rank"),
    (("--rank", "-w", "person:cwood"), "give either --without or --rank, not both"),
    (("-w", "person:cwood", "--top", "2"), "--top goes with --rank"),
    (("-w", "person:nobody"), "--without person:nobody: no such person in the model"),
    (("-w", "role:nobody"), "--without role:nobody: no such role in the model"),
])
def test_whatif_usage_errors(args: tuple[str, ...], message: str) -> None:
    run = graphkit("whatif", NORTHWIND, *args, *AS_OF)
    assert run.returncode == 2 and run.stdout == ""
    assert run.stderr.strip() == f"error: {message}"


def _edited(tmp_path: Path) -> Path:
    data = yaml.safe_load(NORTHWIND.read_text(encoding="utf-8"))
    data["assignments"] = [a for a in data["assignments"]
                           if not (a["person"] == "tbrooks" and a["role"] == "ism")]
    path = tmp_path / "new.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_diff_gates_new_findings(tmp_path: Path) -> None:
    new = _edited(tmp_path)
    run = graphkit("diff", NORTHWIND, new, "-f", "json", *AS_OF)
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert [(c["section"], c["key"], c["change"]) for c in data["changes"]] == [
        ("assignments", "tbrooks holds ism", "removed")]
    # the ISM role needs 2 holders, and Aisha alone now covers the critical incident duty
    assert {(f["check"], f["severity"], tuple(f["subjects"])) for f in data["new"]} == {
        ("vacant-role", "high", ("role:ism",)),
        ("key-person", "critical", ("person:akhan",))}
    assert graphkit("diff", NORTHWIND, new, "--fail-on-new", "critical",
                    *AS_OF).returncode == 1
    back = graphkit("diff", new, NORTHWIND, "-f", "json", *AS_OF)
    assert {f["severity"] for f in json.loads(back.stdout)["new"]} == {"high"}
    assert graphkit("diff", new, NORTHWIND, "--fail-on-new", "high", *AS_OF).returncode == 1
    assert graphkit("diff", new, NORTHWIND, "--fail-on-new", "critical",
                    *AS_OF).returncode == 0
    same = graphkit("diff", NORTHWIND, NORTHWIND, "--fail-on-new", "info", "-f", "json", *AS_OF)
    assert same.returncode == 0
    assert (json.loads(same.stdout)["new"], json.loads(same.stdout)["changes"]) == ([], [])


def test_diff_bad_input_exits_2(tmp_path: Path) -> None:
    run = graphkit("diff", NORTHWIND, tmp_path / "missing.yaml", *AS_OF)
    assert run.returncode == 2 and run.stdout == ""
    assert run.stderr.startswith("error: ") and "missing.yaml" in run.stderr


def test_statement_one_and_all(tmp_path: Path) -> None:
    run = graphkit("statement", NORTHWIND, "person:tbrooks", *AS_OF)
    assert run.returncode == 0 and run.stdout.startswith(
        "# Statement of responsibilities: Tom Brooks\n")
    out = tmp_path / "tom.md"
    assert graphkit("statement", NORTHWIND, "tbrooks", "-o", out, *AS_OF).returncode == 0
    assert out.read_text(encoding="utf-8") == run.stdout
    folder = tmp_path / "statements"
    run = graphkit("statement", CLEAN, "--all", "-o", folder, *AS_OF)
    assert run.returncode == 0 and run.stderr.strip() == f"wrote 10 statements to {folder}"
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        f"{p}.md" for p in ["eharper", "gtan", "mbrown", "rquinn", "skelly", "lpowell",
                            "anash", "cdoyle", "wyoung", "ofox"])


@pytest.mark.parametrize("args, message", [
    ((), "give a person (person:ID), or --all -o DIR"),
    (("--all",), "--all needs -o DIR, the folder to write one statement per person"),
    (("tbrooks", "--all", "-o", "x"), "give a person or --all, not both"),
    (("person:nobody",), "no such person in the model: person:nobody"),
])
def test_statement_usage_errors(args: tuple[str, ...], message: str) -> None:
    run = graphkit("statement", NORTHWIND, *args, *AS_OF)
    assert run.returncode == 2 and run.stdout == ""
    assert run.stderr.strip() == f"error: {message}"


def test_whatif_policy_file_is_applied(tmp_path: Path) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text("max_accountable_items: 2\n", encoding="utf-8")
    args = ("whatif", NORTHWIND, "-w", "person:cwood", "-f", "json", *AS_OF)
    default = json.loads(graphkit(*args).stdout)
    assert ["person:cwood"] not in [f["subjects"] for f in default["resolved"]
                                    if f["check"] == "overload"]
    run = graphkit(*args, "--policy", policy)
    assert run.returncode == 0, run.stderr
    # under the stricter policy cwood (accountable for 3 items) was overloaded; gone, not
    resolved = [(f["check"], f["subjects"]) for f in json.loads(run.stdout)["resolved"]]
    assert ("overload", ["person:cwood"]) in resolved
    missing = graphkit(*args, "--policy", tmp_path / "nope.yaml")
    assert missing.returncode == 2 and missing.stdout == ""
    assert missing.stderr.startswith("error: ") and "nope.yaml" in missing.stderr
