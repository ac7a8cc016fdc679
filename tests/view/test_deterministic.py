"""The same model and options give the same page, byte for byte, in any process.

A view is handed around and compared (and could be a golden file): its node order and
layout must not depend on Python's string hashing, which changes per process.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "northwind" / "model.yaml"


@pytest.mark.parametrize("options", [
    ["--findings", "--focus", "asset:erp", "--depth", "2"],
    ["--reporting"],
    ["--kinds", "person,role", "--focus", "person:cwood", "--depth", "1"],
], ids=["focus-findings", "reporting", "kinds-focus"])
def test_page_does_not_depend_on_hash_seed(tmp_path: Path, options: list[str]) -> None:
    pages = []
    for seed in ("1", "2", "3"):
        out = tmp_path / f"view-{seed}.html"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-m", "graphkit", "view", str(EXAMPLE), "-o",
                               str(out), "--as-of", "2026-12-01", *options],
                              capture_output=True, text=True, env=env, timeout=120)
        assert done.returncode == 0, done.stderr
        pages.append(out.read_bytes())
    assert pages[0] == pages[1] == pages[2]
