"""The benchmark script runs, on a generated organisation and on a model file given with
``--model`` (as a judge would measure a model nobody here generated), and what it counts
is what ``graphkit check`` finds. It is a script that prints figures; nothing here looks
at a time."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from graphkit.generate import AS_OF, generate
from graphkit.loaders import load, save
from graphkit.runner import run_checks

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_checks.py"


def test_bench_measures_a_generated_size_and_a_model_file(tmp_path: Path) -> None:
    folder = tmp_path / "org"
    generate(200, seed=7, out=folder)
    model_file = tmp_path / "model.yaml"
    save(load(folder), model_file)
    expected = run_checks(load(folder), as_of=AS_OF).summary
    found = expected["total"] + expected["suppressed"]

    res = subprocess.run(
        [sys.executable, str(SCRIPT), "--sizes", "150", "--model", str(model_file),
         "--no-baseline", "--cache", str(tmp_path / "cache"), "--as-of", AS_OF.isoformat()],
        capture_output=True, text=True, timeout=600)

    assert res.returncode == 0, res.stderr
    out = res.stdout
    assert "## 150 people (seed 1)" in out
    assert f"## model {model_file}" in out
    # the file is loaded the way `graphkit check` loads it, in one stage
    assert "load (YAML: read, validate, objects)" in out
    # the model's findings, counted by the stages, are those of run_checks
    model_part = out[out.index(f"## model {model_file}"):]
    spooled = re.search(r"spooled \(counts, order\).*findings ([\d,]+)", model_part)
    assert spooled is not None and int(spooled.group(1).replace(",", "")) == found
    # both measured end to end (exit 1: findings were found)
    assert out.count("graphkit check end to end:") == 2
    assert out.count("exit 1") == 2
    rows = [line.split(" | ")[0] for line in out.splitlines() if line.startswith("| ")]
    assert rows == ["| people (or model)", "| 150", "| model.yaml"]


def test_bench_refuses_a_model_that_is_not_there(tmp_path: Path) -> None:
    res = subprocess.run([sys.executable, str(SCRIPT), "--sizes", "--model",
                          str(tmp_path / "missing.yaml")],
                         capture_output=True, text=True, timeout=60)
    assert res.returncode == 2
    assert "missing.yaml: no such file or folder" in res.stderr
