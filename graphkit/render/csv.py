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

from ..findings import Report
from . import About, evidence_text

__all__ = ["COLUMNS", "render"]

COLUMNS = ("check", "severity", "title", "message", "subjects", "iso", "evidence",
           "fingerprint", "suppressed", "suppressed_by")

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text


def render(report: Report, about: About) -> str:
    """The findings as CSV (header row first), ``\\n`` line ends."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for f in report.findings:
        writer.writerow([_cell(v) for v in (
            f.check, f.severity.value, f.title, f.message, ";".join(f.subjects),
            ";".join(f.iso), " | ".join(evidence_text(e) for e in f.evidence), f.fingerprint,
            "true" if f.suppressed else "false", f.suppressed_by or "")])
    return out.getvalue()
