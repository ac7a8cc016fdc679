"""CSV: one row per finding, for a spreadsheet or a GRC tool's import.

Columns: ``check, severity, title, message, subjects, iso, evidence, fingerprint,
suppressed, suppressed_by``; list cells are ``;``-separated (subjects, ISO references)
and evidence paths are `` | ``-separated, each ``a -[kind]-> b``. Names in a model are
untrusted and spreadsheets run formulas: a cell that would start with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return is prefixed with ``'`` (the OWASP advice against
CSV injection), so it reads as text.

>>> from datetime import date
>>> from graphkit.findings import Finding, Report, Severity
>>> f = Finding.make("orphan-item", Severity.high, title="Orphan item",
...                  message="=HYPERLINK(\\"http://x\\") has no owner",
...                  subjects=["asset:crm"], iso=["A.5.9", "A.5.2"])
>>> print(render(Report(as_of=date(2026, 6, 30), findings=[f]), About()), end="")
... # doctest: +ELLIPSIS
check,severity,title,message,subjects,iso,evidence,fingerprint,suppressed,suppressed_by
orphan-item,high,Orphan item,"'=HYPERLINK(""http://x"") has no owner",asset:crm,A.5.9;A.5.2,,...,false,
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from ..findings import Finding, Report
from . import About, Frame, evidence_text, framed

__all__ = ["COLUMNS", "chunks", "frame", "pieces", "render"]

COLUMNS = ("check", "severity", "title", "message", "subjects", "iso", "evidence",
           "fingerprint", "suppressed", "suppressed_by")

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text


def _row(f: Finding) -> list[str]:
    return [_cell(v) for v in (
        f.check, f.severity.value, f.title, f.message, ";".join(f.subjects),
        ";".join(f.iso), " | ".join(evidence_text(e) for e in f.evidence), f.fingerprint,
        "true" if f.suppressed else "false", f.suppressed_by or "")]


def render(report: Report, about: About) -> str:
    """The findings as CSV (header row first), ``\\n`` line ends."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(_row(f) for f in report.findings)
    return out.getvalue()


def frame(report: Report, about: About) -> Frame:
    """The text around the rows: the header row before them, nothing between or after.

    >>> from datetime import date
    >>> frame(Report(as_of=date(2026, 6, 30)), About()).start.decode().startswith("check,")
    True
    """
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(COLUMNS)
    header = out.getvalue().encode("utf-8")
    return Frame(start=header, between=b"", end=b"", empty=header)


def pieces(findings: list[Finding], about: About, size: int = 5000) -> Iterator[bytes]:
    """The rows of ``findings`` as UTF-8 bytes, ``size`` rows a piece."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for start in range(0, len(findings), size):
        writer.writerows(_row(f) for f in findings[start:start + size])
        yield out.getvalue().encode("utf-8")
        out.seek(0)
        out.truncate()


def chunks(report: Report, about: About, size: int = 5000) -> Iterator[bytes]:
    """The text of :func:`render` as UTF-8 bytes, ``size`` rows at a time.

    >>> from datetime import date
    >>> from graphkit.findings import Severity
    >>> fs = [Finding.make("vacant-role", Severity.high, title="Vacant role", message=r,
    ...                    subjects=[r], iso=["A.5.2"]) for r in ("role:a", "role:b", "role:c")]
    >>> r = Report(as_of=date(2026, 6, 30), findings=fs)
    >>> b"".join(chunks(r, About(), size=2)).decode() == render(r, About())
    True
    """
    yield from framed(frame(report, about), pieces(report.findings, about, size))
