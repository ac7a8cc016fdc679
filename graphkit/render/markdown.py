"""Markdown: the report an auditor pastes into an audit file.

A header (organisation, model, as-of date, what was found), a summary table by
ISO/IEC 27001:2022 clause and Annex A control (titles from :mod:`graphkit.iso`; a
finding counts under every reference of its check), then the findings grouped by
severity, most severe first: subjects, what was found, ISO references, the evidence paths
(``a -[kind]-> b``), where the subjects stand in the model's files, and the remediation. Findings suppressed by an accepted exception
follow in a section of their own, with who approved the exception.

Every name in a model is untrusted text: it is escaped (:func:`md_text`) so that no
name can open a link, an emphasis, a code span, a table cell, a heading or raw HTML.

>>> md_text("a|b *x* <script>`c`")
'a\\\\|b \\\\*x\\\\* &lt;script>\\\\`c\\\\`'
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from .. import __version__
from ..findings import Finding, Report, Severity
from ..iso import is_known, iso_sort_key, iso_title
from . import SEVERITY_ORDER, About, by_severity, evidence_text

__all__ = ["md_code", "md_text", "render"]

# Characters that open inline Markdown (CommonMark and GFM: emphasis, code spans, links
# and images (which need ``[``), strikethrough, table cells, escapes, GitHub's ``$`` maths,
# headings); each is backslash-escaped. ``(``, ``)`` and ``!`` mean nothing without ``[``.
_INLINE = re.compile(r"([\\`*_\[\]|~#$])")
# A line start that would open a block: heading, quote, list item, thematic break, setext.
_BLOCK_START = re.compile(r"^([-+=>]|\d+[.)])")


def md_text(text: str) -> str:
    """``text`` as literal Markdown text, safe anywhere inline (table cells included):
    Markdown punctuation is backslash-escaped, ``&`` and ``<`` become entities (no HTML,
    no autolink, no entity can start), line breaks become spaces, and a start that could
    open a block is escaped.

    >>> md_text("# Head\\n- item -> x")
    '\\\\# Head - item -> x'
    >>> md_text("1. one"), md_text("-x"), md_text("> quote"), md_text("AT&T")
    ('1\\\\. one', '\\\\-x', '\\\\> quote', 'AT&amp;T')
    """
    text = " ".join(text.splitlines())
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    text = _INLINE.sub(r"\\\1", text)
    match = _BLOCK_START.match(text)
    if match:
        head = match.group(1)
        text = (head[:-1] + "\\" + head[-1] if head[0].isdigit() else "\\" + head) \
            + text[len(head):]
    return text


def md_code(text: str) -> str:
    """``text`` as an inline code span: shown as it is, nothing in it interpreted; the
    fence is one backtick longer than the longest run of backticks inside.

    >>> md_code("a -[holds]-> b"), md_code("x`y")
    ('`a -[holds]-> b`', '``x`y``')
    >>> md_code("`edge`")
    '`` `edge` ``'
    """
    text = " ".join(text.splitlines())
    if not text:
        return ""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    if text.startswith("`") or text.endswith("`") or (text.startswith(" ") and text.strip()):
        text = f" {text} "
    return f"{fence}{text}{fence}"


def _ref(ref: str) -> str:
    # a reference from the catalogue is plain text; any other is escaped like a name
    return ref if is_known(ref) else md_text(ref)


def _count_line(findings: Iterable[Finding]) -> str:
    counts = Counter(f.severity for f in findings)
    total = sum(counts.values())
    if not total:
        return "none"
    parts = [f"{counts[s]} {s.value}" for s in SEVERITY_ORDER if counts[s]]
    return f"{total} ({', '.join(parts)})"


def _summary_table(active: list[Finding], about: About) -> list[str]:
    refs: set[str] = {ref for check in about.checks for ref in check.iso}
    refs.update(ref for f in active for ref in f.iso)
    counts: dict[str, Counter[Severity]] = {ref: Counter() for ref in refs}
    for f in active:
        for ref in set(f.iso):
            counts[ref][f.severity] += 1
    lines = ["| Reference | Title | " + " | ".join(s.value.capitalize() for s in SEVERITY_ORDER)
             + " | Total |",
             "|---|---|" + "---:|" * (len(SEVERITY_ORDER) + 1)]
    for ref in sorted(refs, key=iso_sort_key):
        c = counts[ref]
        title = md_text(iso_title(ref)) if is_known(ref) else "*(not in the ISO catalogue)*"
        cells = [str(c[s]) if c[s] else "·" for s in SEVERITY_ORDER]
        total = sum(c.values())
        lines.append(f"| {_ref(ref)} | {title} | " + " | ".join(cells)
                     + f" | {f'**{total}**' if total else '0'} |")
    return lines


def _check_table(active: list[Finding], about: About) -> list[str]:
    counts = Counter(f.check for f in active)
    ids = [c.id for c in about.checks] + sorted(set(counts) - {c.id for c in about.checks})
    lines = ["| Check | What it looks for | Findings |", "|---|---|---:|"]
    for cid in ids:
        check = about.check(cid)
        what = md_text(check.title) if check is not None else ""
        name = f"`{cid}`" if _is_plain_id(cid) else md_text(cid)
        lines.append(f"| {name} | {what} | {f'**{counts[cid]}**' if counts[cid] else '0'} |")
    return lines


def _finding(number: int, f: Finding, about: About) -> list[str]:
    check = about.check(f.check)
    lines = [f"#### {number}. {md_text(f.title)} (`{f.check}`)" if _is_plain_id(f.check)
             else f"#### {number}. {md_text(f.title)} ({md_text(f.check)})", ""]
    lines.append(f"- **Severity:** {f.severity.value}")
    lines.append("- **Subjects:** " + ", ".join(md_code(s) for s in f.subjects))
    lines.append(f"- **Finding:** {md_text(f.message)}")
    if f.iso:
        lines.append("- **ISO/IEC 27001:2022:** " + "; ".join(
            _ref(ref) + (f" {iso_title(ref)}" if is_known(ref) else "")
            for ref in f.iso))
    if f.evidence:
        lines.append("- **Evidence:**")
        lines.extend(f"  - {md_code(evidence_text(e))}" for e in f.evidence)
    placed = [(s, about.sources[s]) for s in f.subjects if s in about.sources]
    if placed:
        lines.append("- **In the model:** " + "; ".join(
            f"{md_code(s)} at {md_text(where)}" for s, where in placed))
    if check is not None and check.remediation:
        lines.append(f"- **Remediation:** {md_text(check.remediation)}")
    if f.suppressed:
        by = f" approved by {md_text(f.suppressed_by)}" if f.suppressed_by else ""
        lines.append(f"- **Suppressed:** accepted by an exception{by}")
    lines.append(f"- **Fingerprint:** `{f.fingerprint}`" if _is_plain_id(f.fingerprint)
                 else f"- **Fingerprint:** {md_text(f.fingerprint)}")
    lines.append("")
    return lines


def _is_plain_id(text: str) -> bool:
    return re.fullmatch(r"[A-Za-z0-9._:-]+", text) is not None


def render(report: Report, about: About) -> str:
    """The report as a Markdown document (CommonMark with GFM tables)."""
    active = [f for f in report.findings if not f.suppressed]
    suppressed = [f for f in report.findings if f.suppressed]
    organisation = about.organisation
    title = "Accountability review"
    if organisation:
        title += f": {md_text(organisation)}"
    lines = [f"# {title}", ""]
    lines += ["| | |", "|---|---|"]
    if organisation:
        lines.append(f"| Organisation | {md_text(organisation)} |")
    model = about.model_path or report.model
    if model:
        lines.append(f"| Model | {md_text(model)} |")
    if about.inventory:
        lines.append("| Scope | " + ", ".join(f"{section} {n}" for section, n in about.inventory)
                     + " |")
    lines.append(f"| As of | {report.as_of.isoformat()} |")
    if about.checks:
        lines.append(f"| Checks run | {len(about.checks)} |")
    lines.append(f"| Findings | {_count_line(active)} |")
    if suppressed:
        lines.append(f"| Suppressed by exceptions | {_count_line(suppressed)} |")
    lines.append(f"| Generated by | graphkit {__version__} |")
    lines.append("")
    lines += ["## Summary by ISO/IEC 27001:2022 reference", ""]
    lines += [("Findings not suppressed, by the clauses and Annex A controls their checks cite "
              "(a finding counts under each reference of its check)."), ""]
    lines += _summary_table(active, about)
    lines.append("")
    lines += ["## Summary by check", ""]
    lines += [("Every check that ran, with how many findings it made (not suppressed); "
              "0 means it looked and found nothing."), ""]
    lines += _check_table(active, about)
    lines.append("")
    lines += ["## Findings", ""]
    if not active:
        lines += ["No findings.", ""]
    number = 0
    for severity, group in by_severity(active):
        lines += [f"### {severity.value.capitalize()} ({len(group)})", ""]
        for f in group:
            number += 1
            lines += _finding(number, f, about)
    if suppressed:
        lines += ["## Suppressed by accepted exceptions", ""]
        for severity, group in by_severity(suppressed):
            lines += [f"### {severity.value.capitalize()} ({len(group)})", ""]
            for f in group:
                number += 1
                lines += _finding(number, f, about)
    return "\n".join(lines).rstrip("\n") + "\n"
