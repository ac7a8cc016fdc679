"""A terminal table (rich): findings grouped by severity, most severe first.

Each severity is a table of its findings: the check; what was found, its subjects and its
evidence paths (``a -[kind]-> b``); and the ISO/IEC 27001:2022 references. Suppressed
findings follow in a table of their own; a last line counts what was found. A report of
more than :data:`TABLE_LIMIT` findings is printed with the same content as blocks of lines
(fast at any size); for bulk work, JSON or CSV suits better.

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
from collections.abc import Iterator

from rich import box
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from ..findings import Finding, Report, Severity
from . import SEVERITY_ORDER, About, by_severity, evidence_text

__all__ = ["STYLES", "TABLE_LIMIT", "print_report", "render", "renderables"]

#: Above this many findings, each is printed as a block of lines instead of a table row
#: (the same content; rich's table layout would take seconds per thousand findings).
TABLE_LIMIT = 300

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


def _block_lines(title: str, style: str,
                 findings: list[Finding]) -> Iterator[tuple[str, str]]:
    # the same content as _table, as (line, style) pairs: rich lays a table out cell by
    # cell, which is too slow for thousands of findings
    yield title, style
    for f in findings:
        yield f"{f.check}  {' '.join(f.iso)}", "bold"
        yield "  " + f.message, ""
        yield "  subjects: " + ", ".join(f.subjects), "bold"
        for e in f.evidence:
            yield "    " + evidence_text(e), "dim"
        if f.suppressed:
            by = f" approved by {f.suppressed_by}" if f.suppressed_by else ""
            yield f"  suppressed by an exception{by}", "italic"
    yield "", ""


def _blocks(title: str, style: str, findings: list[Finding]) -> Text:
    text = Text()
    for i, (line, line_style) in enumerate(_block_lines(title, style, findings)):
        text.append(("\n" if i else "") + line, style=line_style)
    return text


def _section(title: str, style: str, findings: list[Finding], compact: bool) -> Table | Text:
    return _blocks(title, style, findings) if compact else _table(title, style, findings)


def _counts(findings: list[Finding]) -> str:
    parts = [f"{sum(1 for f in findings if f.severity is s)} {s.value}" for s in SEVERITY_ORDER
             if any(f.severity is s for f in findings)]
    return ", ".join(parts)


def renderables(report: Report, about: About) -> Group:
    """What :func:`print_report` prints, as one rich renderable."""
    active = [f for f in report.findings if not f.suppressed]
    suppressed = [f for f in report.findings if f.suppressed]
    compact = len(report.findings) > TABLE_LIMIT
    parts: list[Table | Text] = []
    for severity, group in by_severity(active):
        parts.append(_section(f"{severity.value.upper()} ({len(group)})", STYLES[severity],
                              group, compact))
    if suppressed:
        parts.append(_section(f"SUPPRESSED BY EXCEPTIONS ({len(suppressed)})", "bold dim",
                              suppressed, compact))
    parts.append(_summary(report, about))
    return Group(*parts)


def _summary(report: Report, about: About) -> Text:
    active = [f for f in report.findings if not f.suppressed]
    suppressed = len(report.findings) - len(active)
    where = about.organisation or about.model_path or report.model
    head = f"as of {report.as_of.isoformat()}" + (f", {where}" if where else "")
    if active:
        summary = Text(f"{len(active)} finding{'s' if len(active) != 1 else ''} "
                       f"({_counts(active)}) {head}", style="bold")
    else:
        summary = Text(f"No findings {head}", style="bold green")
    if suppressed:
        summary.append(f"; {suppressed} suppressed by exceptions", style="dim")
    return summary


def _plain(report: Report, about: About) -> str:
    lines: list[str] = []
    active = [f for f in report.findings if not f.suppressed]
    suppressed = [f for f in report.findings if f.suppressed]
    for severity, group in by_severity(active):
        lines.extend(line for line, _ in _block_lines(
            f"{severity.value.upper()} ({len(group)})", "", group))
    if suppressed:
        lines.extend(line for line, _ in _block_lines(
            f"SUPPRESSED BY EXCEPTIONS ({len(suppressed)})", "", suppressed))
    lines.append(_summary(report, about).plain)
    return "\n".join(lines) + "\n"


def print_report(report: Report, about: About, console: Console) -> None:
    """Print the report's tables on ``console`` (colours when it is a terminal)."""
    compact = len(report.findings) > TABLE_LIMIT
    if compact and not console.is_terminal:
        # thousands of findings into a pipe or a file: plain lines, written as they are
        console.file.write(_plain(report, about))
        return
    # blocks of lines are left for the terminal to wrap: rich's wrapping is the slow part
    console.print(renderables(report, about), soft_wrap=compact)


def render(report: Report, about: About, *, width: int = 120) -> str:
    """The report's tables as plain text (no colours), ``width`` columns wide."""
    out = io.StringIO()
    console = Console(file=out, width=width, color_system=None, force_terminal=False,
                      highlight=False, emoji=False, markup=False, soft_wrap=False)
    print_report(report, about, console)
    return out.getvalue()
