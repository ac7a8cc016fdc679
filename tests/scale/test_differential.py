"""Optimising the check path must not change a single finding.

``golden/findings.json.gz`` was written by this module (``GRAPHKIT_UPDATE_GOLDEN=1``)
from the reference checks: first from the checks as merged from ``main`` before any
optimisation for scale; re-recorded once when ``main``'s checks changed their readings on
purpose (key-person leaves items with nobody accountable to ``orphan-item``; overload's
evidence), from ``main``'s code, which differs from this branch only in where the garbage
collector is paused. For generated models of several sizes and seeds it holds every
finding's check, severity, subjects and fingerprint, in report order, and the what-if
ranking (person, score). Since the second session it also holds a digest of each whole
finding (title, message, evidence with its sources, ISO references, suppression; the
generated folder's path replaced by ``<folder>``), so an optimisation cannot change what
an auditor reads either. Every change to the model, loader, Context, checks or runner is
compared with it here; re-record it only for a change of meaning, never for speed.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from graphkit.generate import AS_OF, generate
from graphkit.loaders import load
from graphkit.queries.whatif import rank
from graphkit.runner import run_checks

GOLDEN = Path(__file__).parent / "golden" / "findings.json.gz"
CASES = [(300, 1), (300, 2), (1000, 3), (1000, 4), (3000, 5)]


def _digest(text: str, folder: Path) -> str:
    """A short digest of a finding's JSON, with the folder it was read from made neutral."""
    neutral = text.replace(json.dumps(str(folder))[1:-1], "<folder>")
    return hashlib.sha256(neutral.encode("utf-8")).hexdigest()[:16]


def _observed(folder: Path) -> dict[str, Any]:
    model = load(folder)
    report = run_checks(model, as_of=AS_OF)
    return {
        "findings": [[f.check, f.severity.value, f.subjects, f.fingerprint,
                      _digest(f.model_dump_json(), folder)]
                     for f in report.findings],
        "rank": [[i.person, i.score] for i in rank(model, as_of=AS_OF)[:200]],
    }


def _golden() -> dict[str, Any]:
    with gzip.open(GOLDEN, "rt", encoding="utf-8") as f:
        return json.load(f)  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def golden(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    if os.environ.get("GRAPHKIT_UPDATE_GOLDEN"):
        data = {}
        for n, seed in CASES:
            folder = tmp_path_factory.mktemp(f"org{n}-{seed}")
            generate(n, seed=seed, out=folder)
            data[f"{n}-{seed}"] = _observed(folder)
        GOLDEN.parent.mkdir(exist_ok=True)
        with gzip.GzipFile(GOLDEN, "wb", mtime=0) as f:
            f.write(json.dumps(data, indent=0).encode())
    return _golden()


@pytest.mark.parametrize(("n", "seed"), CASES)
def test_same_findings_as_before_optimising(n: int, seed: int, golden: dict[str, Any],
                                            tmp_path: Path) -> None:
    generate(n, seed=seed, out=tmp_path)
    observed = _observed(tmp_path)
    expected = golden[f"{n}-{seed}"]
    assert len(observed["findings"]) == len(expected["findings"])
    assert observed["findings"] == expected["findings"]
    assert observed["rank"] == expected["rank"]


def test_golden_is_not_trivial(golden: dict[str, Any]) -> None:
    checks = {f[0] for case in golden.values() for f in case["findings"]}
    assert len(checks) >= 15
    assert date.fromisoformat(AS_OF.isoformat()) == AS_OF
