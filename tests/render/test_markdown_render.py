"""Markdown output: the auditor's report, read back with a CommonMark + GFM-table parser
(markdown-it-py) to see what a reader would see."""

from __future__ import annotations

import html
import re
from datetime import date

from markdown_reader import parse, table_rows, text_of, to_html
from report_samples import HOSTILE

from graphkit.findings import Report
from graphkit.render import About, Format, render
from graphkit.render.markdown import md_code, md_text


def test_header_summary_and_sections(report: Report, about: About) -> None:
    text = render(report, Format.markdown, about)
    out = to_html(text)
    assert "<h1>Accountability review: Acme Ltd</h1>" in out
    assert "<td>As of</td>\n<td>2026-06-30</td>" in out
    assert "<td>Model</td>\n<td>examples/acme.yaml</td>" in out
    assert "<td>Findings</td>\n<td>4 (1 critical, 1 high, 1 medium, 1 low)</td>" in out
    headings = [text_of(h) for h in re.findall(r"<h[23]>.*?</h[23]>", out)]
    assert headings == ["Summary by ISO/IEC 27001:2022 reference", "Summary by check",
                        "Findings", "Critical (1)",
                        "High (1)", "Medium (1)", "Low (1)",
                        "Suppressed by accepted exceptions", "Info (1)"]


def test_summary_by_iso_reference_with_titles(report: Report, about: About) -> None:
    rows = table_rows(parse(render(report, Format.markdown, about)))
    summary = [r for r in rows if len(r) == 8]
    assert summary[0] == ["Reference", "Title", "Critical", "High", "Medium", "Low", "Info",
                          "Total"]
    body = {r[0]: (r[1], r[2:]) for r in summary[1:]}
    assert list(body) == ["6.1.3", "7.3", "7.4", "A.5.2", "A.5.3", "A.5.9"]
    assert body["A.5.2"] == ("Information security roles and responsibilities",
                             ["·", "1", "1", "1", "·", "**3**"])
    assert body["A.5.3"] == ("Segregation of duties", ["1", "·", "·", "·", "·", "**1**"])
    # the suppressed orphan-item finding does not count; its references stay listed
    assert body["A.5.9"][1][-1] == "0" and body["6.1.3"][1][-1] == "0"


def test_summary_by_check_lists_every_check_run(report: Report, about: About) -> None:
    rows = table_rows(parse(render(report, Format.markdown, about)))
    by_check = [r for r in rows if len(r) == 3]
    assert by_check == [
        ["Check", "What it looks for", "Findings"],
        ["`delegation-cycle`", "Delegation cycle", "**1**"],
        ["`sod-conflict`", "Segregation-of-duties conflict", "**1**"],
        ["`vacant-role`", "Vacant role", "**1**"],
        ["`not-acknowledged`", "Role description not acknowledged", "**1**"],
        ["`orphan-item`", "Item with no accountable owner", "0"],  # its finding is suppressed
    ]


def test_findings_carry_subjects_evidence_and_remediation(report: Report,
                                                          about: About) -> None:
    out = to_html(render(report, Format.markdown, about))
    assert ("<code>cycle: person:alice -[delegation:D-1]-&gt; person:bob "
            "-[delegation:D-2]-&gt; person:alice</code>") in out
    assert "<strong>Subjects:</strong> <code>person:alice</code>, <code>person:bob</code>" in out
    assert "<strong>Remediation:</strong> Break the cycle: end one delegation of the loop." in out
    assert ("<strong>ISO/IEC 27001:2022:</strong> 7.3 Awareness; 7.4 Communication; "
            "A.5.2 Information security roles and responsibilities") in out
    assert "<strong>Suppressed:</strong> accepted by an exception approved by carol" in out
    for f in report.findings:
        assert f"<code>{f.fingerprint}</code>" in out


def test_hostile_names_are_shown_literally(hostile_report: Report) -> None:
    text = render(hostile_report, Format.markdown, About(organisation=HOSTILE))
    out = to_html(text)
    assert "<script>" not in out
    assert "<a " not in out and "<em>" not in out
    # the organisation row of the header table keeps its two cells, whole name in the second
    rows = table_rows(parse(text))
    org = next(r for r in rows if r and r[0] == "Organisation")
    assert len(org) == 2
    cell = re.search(r"<td>Organisation</td>\n<td>(.*?)</td>", out)
    assert cell is not None and text_of(cell.group(1)) == HOSTILE
    # the message and the heading read as the plain text they are
    finding = re.search(r"<strong>Finding:</strong> (.*?)</li>", out)
    assert finding is not None and text_of(finding.group(1)) == f"{HOSTILE} holds nothing"
    h1 = re.search(r"<h1>(.*?)</h1>", out)
    assert h1 is not None and text_of(h1.group(1)) == f"Accountability review: {HOSTILE}"
    # a subject with backticks in it stays one code span
    subjects = re.search(r"<strong>Subjects:</strong> (.*?)</li>", out)
    assert subjects is not None
    assert subjects.group(1).count("<code>") == 1
    assert text_of(subjects.group(1)) == f"person:{HOSTILE}"


def test_names_cannot_open_blocks() -> None:
    for name in ("# heading", "- item", "1. item", "> quote", "---", "===", "<div>",
                 "| a | b |", "```", "~~~", "![img](x)"):
        out = to_html(f"- **Finding:** {md_text(name)}\n\n{md_text(name)}\n")
        assert text_of(out).split() == ["Finding:", *name.split(), *name.split()], name
        assert not re.search(r"<(h\d|blockquote|ol|hr|div|table|pre|img)\b", out), name


def test_code_spans_hold_any_backticks() -> None:
    for name in ("a`b", "``x``", "`", "` lead", "trail `", " spaced "):
        out = to_html(md_code(name))
        code = re.search(r"<code>(.*?)</code>", out, re.DOTALL)
        assert code is not None, name
        assert html.unescape(code.group(1)) == name, name


def test_no_findings(about: About) -> None:
    out = to_html(render(Report(as_of=date(2026, 6, 30)), Format.markdown, about))
    assert "<p>No findings.</p>" in out
    assert "<td>Findings</td>\n<td>none</td>" in out


def test_about_a_model_gives_organisation_scope_and_places(report: Report) -> None:
    from graphkit.model import validate_model
    from graphkit.render import about_model

    model = validate_model({
        "organisation": {"id": "acme", "name": "Acme | Ltd"},
        "people": [{"id": "alice"}, {"id": "bob"}, {"id": "carol"}, {"id": "dave"}],
        "roles": [{"id": "ism"}],
        "assets": [{"id": "wiki"}],
    }).with_sources({("people", 0): "acme.yaml:12", ("roles", 0): "acme.yaml:40"})
    about = about_model(model, model_path="acme.yaml")
    out = to_html(render(report, Format.markdown, about))
    assert "<h1>Accountability review: Acme | Ltd</h1>" in out
    assert ("<td>Scope</td>\n<td>people 4, roles 1, assignments 0, assets 1, risks 0, "
            "duties 0, delegations 0</td>") in out
    places = re.findall(r"<strong>In the model:</strong> (.*?)</li>", out)
    assert [text_of(p) for p in places] == ["person:alice at acme.yaml:12",
                                            "role:ism at acme.yaml:40"]
