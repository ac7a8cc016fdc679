"""`--raci FILE` reaches every command that reads a model, not only validate/convert."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

CLEAN = Path(__file__).resolve().parents[2] / "examples" / "northwind-clean" / "model.yaml"


def _graphkit(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "graphkit", *args], capture_output=True,
                          text=True, timeout=120, check=False)


def test_check_reads_the_raci_matrix(tmp_path: Path) -> None:
    # a RACI matrix that makes a role nobody holds responsible for a new duty
    model = tmp_path / "model.yaml"
    text = CLEAN.read_text(encoding="utf-8")
    model.write_text(text.replace("roles:\n", "roles:\n  - {id: nobody-holds-this, name: "
                                  "Empty post, authority: 2, description: x, version: 1}\n", 1),
                     encoding="utf-8")
    (tmp_path / "raci.csv").write_text(
        "id,name,nobody-holds-this\nraci-duty,A duty from the RACI,R\n", encoding="utf-8")
    plain = _graphkit("check", str(model), "--as-of", "2026-12-01", "--format", "json",
                      "--fail-on", "never", "--select", "no-responsible")
    with_raci = _graphkit("check", str(model), "--raci", str(tmp_path / "raci.csv"),
                          "--as-of", "2026-12-01", "--format", "json", "--fail-on", "never",
                          "--select", "no-responsible")
    assert (plain.returncode, with_raci.returncode) == (0, 0), with_raci.stderr
    subjects = [f["subjects"] for f in json.loads(with_raci.stdout)["findings"]]
    assert subjects == [["duty:raci-duty"]]
    assert json.loads(plain.stdout)["findings"] == []
    traced = _graphkit("trace", str(model), "duty:raci-duty", "--raci",
                       str(tmp_path / "raci.csv"), "--format", "json", "--as-of", "2026-12-01")
    assert traced.returncode == 0, traced.stderr
    assert "role:nobody-holds-this" in traced.stdout
