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
from . import About, Frame, framed

__all__ = ["as_data", "chunks", "frame", "pieces", "render"]

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


def frame(report: Report, about: About) -> Frame:
    """The text around the findings of ``report`` (whose own findings are ignored): what
    comes before them, between two pieces of :func:`pieces`, after them, and the whole
    text when there are none.

    >>> from datetime import date
    >>> f = frame(Report(as_of=date(2026, 6, 30), model="m", summary={"total": 0}), About())
    >>> f.empty.decode() == render(Report(as_of=date(2026, 6, 30), model="m",
    ...                                   summary={"total": 0}), About())
    True
    >>> f.between
    b','
    """
    # pydantic writes '\n  "findings": [],\n' where the findings go, and nothing before
    # it (a date, a string: JSON strings have no raw newline) can contain that text
    head, sep, tail = report.model_copy(update={"findings": []}).model_dump_json(
        indent=2).encode("utf-8").partition(_EMPTY)
    if not sep:  # pragma: no cover - pydantic changed its layout
        raise RuntimeError("unexpected JSON layout of a report")
    return Frame(start=head + b'\n  "findings": [', between=b",",
                 end=b"\n  ],\n" + tail + b"\n", empty=head + sep + tail + b"\n")


def pieces(findings: list[Finding], about: About, size: int = CHUNK) -> Iterator[bytes]:
    """The findings' text in a report, at most ``size`` findings a piece: pieces joined
    by :attr:`Frame.between` (in any number of calls) are the text of the findings one
    after another."""
    for start in range(0, len(findings), size):
        text = _PIECE.dump_json({"findings": findings[start:start + size]}, indent=2)
        # '{\n  "findings": [' + '\n    {...},\n    {...}' + '\n  ]\n}'
        yield text[_PIECE_HEAD:-_PIECE_TAIL]


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
    yield from framed(frame(report, about), pieces(report.findings, about, size))
