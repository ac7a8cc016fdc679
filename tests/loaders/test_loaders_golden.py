"""Every bad input of the error catalogue gives its exact lines on stderr and exit 2.

Each case is a folder under ``bad/``: the input (``model.yaml``, ``model.json``, ``model/``
for a CSV folder, or nothing for a missing file), ``expected.txt`` with the exact stderr,
and optionally ``env`` (``NAME=value`` lines). ``graphkit validate`` runs through the
installed entry point (``python -m graphkit``), in the case's folder, so paths are short.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

BAD = Path(__file__).resolve().parent / "bad"
CASES = sorted(p.name for p in BAD.iterdir() if p.is_dir())

#: The catalogue of the issue: every kind of bad input has at least one case.
CATALOGUE = {
    "unknown reference": "unknown-reference", "duplicate id": "duplicate-id",
    "bad enum value": "bad-enum", "bad date": "bad-date", "wrong type": "wrong-type",
    "missing required field": "missing-required", "unknown field": "unknown-field",
    "missing file": "missing-file", "unreadable file": "unreadable-file",
    "empty file": "empty-file", "wrong CSV header": "wrong-csv-header",
    "malformed YAML": "malformed-yaml", "malformed JSON": "malformed-json",
    "reference of the wrong kind": "wrong-kind", "role that inherits itself": "inherits-itself",
    "file over the size limit": "file-too-large", "YAML alias bomb": "alias-bomb",
}


def _input(case: Path) -> str:
    found = sorted(p.name for p in case.iterdir() if p.name.startswith("model"))
    return found[0] if found else "model.yaml"


def test_catalogue_is_covered() -> None:
    assert set(CATALOGUE.values()) <= set(CASES)
    assert not (BAD / "missing-file" / "model.yaml").exists()


@pytest.mark.parametrize("case", CASES)
def test_bad_input(case: str) -> None:
    folder = BAD / case
    env = dict(os.environ)
    env.pop("GRAPHKIT_MAX_FILE_BYTES", None)
    env["COLUMNS"] = "80"
    if (folder / "env").exists():
        for line in (folder / "env").read_text().splitlines():
            name, _, value = line.partition("=")
            env[name] = value
    result = subprocess.run([sys.executable, "-m", "graphkit", "validate", _input(folder)],
                            cwd=folder, env=env, capture_output=True, text=True, timeout=60, check=False)
    expected = (folder / "expected.txt").read_text(encoding="utf-8")
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr == expected
    lines = expected.splitlines()
    assert lines and all(line.startswith("error: ") for line in lines)
