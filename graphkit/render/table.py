"""A terminal table (rich): findings grouped by severity, most severe first.

Each severity is a table of its findings: the check; what was found, its subjects and its
evidence paths (``a -[kind]-> b``); and the ISO/IEC 27001:2022 references. Suppressed
findings follow in a table of their own; a last line counts what was found.

Names in a model are untrusted: every cell is a :class:`rich.text.Text` built from the
plain string, so square brackets in a name are printed as they are, never read as rich
markup (``[bold]``, ``[link=...]``) or emoji codes.

>>> from datetime import date
>>> from graphkit.findings import Finding, Report, Severity
>>> f = Finding.make("vacant-role", Severity.high, title="Vacant role",
...                  message="[red]ism[/red] has 0 of 2 holders", subjects=["role:[b]ism"],
...                  iso=["A.5.2"])
>>> text = render(Report(as_of=date(2026, 6, 30), findings=[f]), About())
>>> "[red]ism[/red] has 0 of 2 holders" in text, "role:[b]ism" in text
(True, True)
"""

from __future__ import annotations

import io

from rich import box
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from ..findings import Finding, Report, Severity
from . import SEVERITY_ORDER, About, by_severity, evidence_text

__all__ = ["STYLES", "print_report", "render", "renderables"]

#: The style of each severity's heading.
STYLES: dict[Severity, str] = {
    Severity.critical: "bold white on red", Severity.high: "bold red",
    Severity.medium: "bold yellow", Severity.low: "bold cyan", Severity.info: "dim",
}


def _table(title: str, style: str, findings: list[Finding]) -> Table:
    table = Table(title=Text(title, style=style), title_justify="left", box=box.SIMPLE_HEAD,
                  show_lines=False, expand=True, pad_edge=False)
    table.add_column("check", no_wrap=True)
    table.add_column("finding", ratio=1, overflow="fold")
    table.add_column("ISO", no_wrap=True)
    for f in findings:
        finding = Text(f.message)
        finding.append("\n  subjects: " + ", ".join(f.subjects), style="bold")
        for e in f.evidence:
            finding.append("\n  " + evidence_text(e), style="dim")
        if f.suppressed:
            by = f" approved by {f.suppressed_by}" if f.suppressed_by else ""
            finding.append(f"\n  suppressed by an exception{by}", style="italic")
        table.add_row(Text(f.check), finding, Text("\n".join(f.iso)))
    return table


def _counts(findings: list[Finding]) -> str:
    parts = [f"{sum(1 for f in findings if f.severity is s)} {s.value}" for s in SEVERITY_ORDER
             if any(f.severity is s for f in findings)]
    return ", ".join(parts)


def renderables(report: Report, about: About) -> Group:
    """What :func:`print_report` prints, as one rich renderable."""
    active = [f for f in report.findings if not f.suppressed]
    suppressed = [f for f in report.findings if f.suppressed]
    parts: list[Table | Text] = []
    for severity, group in by_severity(active):
        parts.append(_table(f"{severity.value.upper()} ({len(group)})", STYLES[severity], group))
    if suppressed:
        parts.append(_table(f"SUPPRESSED BY EXCEPTIONS ({len(suppressed)})", "bold dim",
                            suppressed))
    where = about.organisation or about.model_path or report.model
    head = f"as of {report.as_of.isoformat()}" + (f", {where}" if where else "")
    if active:
        summary = Text(f"{len(active)} finding{'s' if len(active) != 1 else ''} "
                       f"({_counts(active)}) {head}", style="bold")
    else:
        summary = Text(f"No findings {head}", style="bold green")
    if suppressed:
        summary.append(f"; {len(suppressed)} suppressed by exceptions", style="dim")
    parts.append(summary)
    return Group(*parts)


def print_report(report: Report, about: About, console: Console) -> None:
    """Print the report's tables on ``console`` (colours when it is a terminal)."""
    console.print(renderables(report, about))


def render(report: Report, about: About, *, width: int = 120) -> str:
    """The report's tables as plain text (no colours), ``width`` columns wide."""
    out = io.StringIO()
    console = Console(file=out, width=width, color_system=None, force_terminal=False,
                      highlight=False, emoji=False, markup=False, soft_wrap=False)
    print_report(report, about, console)
    return out.getvalue()
