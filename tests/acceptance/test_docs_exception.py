"""The exception in docs/model-format.md's example names a real finding of that example
(the docs once showed a shortened fingerprint, which matches nothing: a new user copying
it got an ``exception-invalid`` at info and the finding unsuppressed)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import graphkit
from graphkit.loaders import load

DOC = Path(__file__).resolve().parents[2] / "docs" / "model-format.md"


def test_the_documented_exception_suppresses_a_finding(tmp_path: Path) -> None:
    example = re.search(r"```yaml\n(version: 1\n.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert example is not None
    path = tmp_path / "model.yaml"
    path.write_text(example.group(1), encoding="utf-8")
    report = graphkit.check(load(path), as_of=date(2026, 6, 1))
    suppressed = [(f.check, f.subjects, f.suppressed_by) for f in report.findings if f.suppressed]
    assert suppressed == [("key-person", ["person:dave"], "person:carol")]
    assert [f for f in report.findings if f.check == "exception-invalid"] == []
