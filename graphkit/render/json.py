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

from typing import Any

from ..findings import Report
from . import About

__all__ = ["as_data", "render"]


def as_data(report: Report) -> dict[str, Any]:
    """The report as plain JSON data (what :func:`render` prints)."""
    return report.model_dump(mode="json")


def render(report: Report, about: About) -> str:
    """The report as indented JSON (UTF-8 text, non-ASCII kept), ending with a newline."""
    # the same text as json.dumps(as_data(report), indent=2, ensure_ascii=False), written
    # by pydantic-core (fast on large reports)
    return report.model_dump_json(indent=2) + "\n"
