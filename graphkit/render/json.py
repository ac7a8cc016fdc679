"""JSON: exactly the objects the Python API returns.

``{"as_of", "model", "findings": [{"check", "severity", "title", "message", "subjects",
"evidence", "iso", "fingerprint", "suppressed", "suppressed_by"}], "summary"}``, as
:meth:`Report.model_dump(mode="json") <graphkit.findings.Report>` gives it; suppressed
findings stay in the list, marked ``"suppressed": true``.

>>> from datetime import date
>>> from graphkit.findings import Report
>>> print(render(Report(as_of=date(2026, 6, 30), model="m.yaml"), About()), end="")
{
  "as_of": "2026-06-30",
  "model": "m.yaml",
  "findings": [],
  "summary": {}
}
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import TypeAdapter

from ..findings import Finding, Report
from . import About

__all__ = ["as_data", "chunks", "render"]

#: Findings serialised at a time by :func:`chunks` (about 3 MB of JSON for the
#: generated organisations).
CHUNK = 2000

# a piece of findings is dumped as {"findings": [...]}, which puts them at the depth and
# indent they have in the report; the text around them is cut off
_PIECE = TypeAdapter(dict[str, list[Finding]])
_PIECE_HEAD = len(b'{\n  "findings": [')
_PIECE_TAIL = len(b'\n  ]\n}')
_EMPTY = b'\n  "findings": [],\n'


def as_data(report: Report) -> dict[str, Any]:
    """The report as plain JSON data (what :func:`render` prints)."""
    return report.model_dump(mode="json")


def render(report: Report, about: About) -> str:
    """The report as indented JSON (UTF-8 text, non-ASCII kept), ending with a newline."""
    # the same text as json.dumps(as_data(report), indent=2, ensure_ascii=False), written
    # by pydantic-core (fast on large reports)
    return report.model_dump_json(indent=2) + "\n"


def chunks(report: Report, about: About, size: int = CHUNK) -> Iterator[bytes]:
    """The text of :func:`render` as UTF-8 bytes, in pieces of at most ``size``
    findings, so that a large report is written without ever holding its whole text
    (3.4 GB for two million findings); each piece is whole JSON values, never part of a
    character.

    >>> from datetime import date
    >>> from graphkit.findings import Severity
    >>> fs = [Finding.make("vacant-role", Severity.high, title="Vacant role", message=r,
    ...                    subjects=[r], iso=["A.5.2"]) for r in ("role:a", "role:b", "role:c")]
    >>> r = Report(as_of=date(2026, 6, 30), model="m", findings=fs, summary={"total": 3})
    >>> b"".join(chunks(r, About(), size=2)).decode() == render(r, About())
    True
    """
    # the report without its findings, cut where they go: pydantic writes
    # '\n  "findings": [],\n' there, and nothing before it (a date, a string: JSON
    # strings have no raw newline) can contain that text
    head, sep, tail = report.model_copy(update={"findings": []}).model_dump_json(
        indent=2).encode("utf-8").partition(_EMPTY)
    if not sep:  # pragma: no cover - pydantic changed its layout: write it whole
        yield render(report, about).encode("utf-8")
        return
    findings = report.findings
    if not findings:
        yield head + sep + tail + b"\n"
        return
    yield head + b'\n  "findings": ['
    for start in range(0, len(findings), size):
        text = _PIECE.dump_json({"findings": findings[start:start + size]}, indent=2)
        # '{\n  "findings": [' + '\n    {...},\n    {...}' + '\n  ]\n}'
        yield (b"," if start else b"") + text[_PIECE_HEAD:-_PIECE_TAIL]
    yield b"\n  ],\n" + tail + b"\n"
