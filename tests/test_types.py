"""Strict mypy passes on the three installed packages: ``graphkit``, ``graphkit.loaders``
(the folder ``loaders/``) and ``graphkit.queries`` (the folder ``queries/``).

``scripts/typecheck.sh`` lays the folders out under their installed names (mypy does not
follow the editable install's import hook) and runs mypy with pyproject's ``[tool.mypy]``.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _source_files() -> int:
    return sum(1 for folder in ("graphkit", "loaders", "queries")
               for _ in (REPO / folder).rglob("*.py"))


@pytest.mark.slow
def test_strict_mypy_passes_on_every_package() -> None:
    run = subprocess.run(["bash", str(REPO / "scripts" / "typecheck.sh")], cwd=REPO,
                         env={"PYTHON": sys.executable, "PATH": "/usr/bin:/bin"},
                         capture_output=True, text=True, timeout=600, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    # mypy really read the three packages (a tree missing loaders/ or queries/ would also
    # pass): its summary counts every module, namespace folders included
    checked = re.search(r"no issues found in (\d+) source files", run.stdout)
    assert checked is not None, run.stdout
    assert int(checked.group(1)) >= _source_files()
