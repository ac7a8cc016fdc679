"""The terminal table (rich) and the CSV: grouped by severity, ISO references shown,
names printed literally."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

from report_samples import HOSTILE

from graphkit.findings import Report
from graphkit.render import About, Format, render
from graphkit.render import table as table_render
from graphkit.render.csv import COLUMNS


def test_table_groups_by_severity_most_severe_first(report: Report, about: About) -> None:
    text = render(report, Format.table, about)
    titles = re.findall(r"^([A-Z ]+) \((\d+)\)", text, re.MULTILINE)
    assert titles == [("CRITICAL", "1"), ("HIGH", "1"), ("MEDIUM", "1"), ("LOW", "1"),
                      ("SUPPRESSED BY EXCEPTIONS", "1")]
    assert text.rstrip().endswith(
        "4 findings (1 critical, 1 high, 1 medium, 1 low) as of 2026-06-30, Acme Ltd; "
        "1 suppressed by exceptions")


def test_table_shows_iso_references_and_evidence(report: Report, about: About) -> None:
    text = render(report, Format.table, about)
    rows = {line.split()[0]: line for line in text.splitlines()
            if line.strip() and line.split()[0] in {f.check for f in report.findings}}
    assert rows["sod-conflict"].rstrip().endswith("A.5.3")
    assert rows["not-acknowledged"].rstrip().endswith("7.3")  # then 7.4, A.5.2 below
    assert "-[delegation:D-1]-> person:bob" in text
    assert "suppressed by an exception approved by carol" in text


def test_table_prints_markup_in_names_literally(hostile_report: Report) -> None:
    text = table_render.render(hostile_report, About(organisation=HOSTILE), width=400)
    assert f"{HOSTILE} holds nothing" in text
    assert f"person:{HOSTILE}" in text
    assert text.rstrip().endswith(f"as of 2026-06-30, {HOSTILE}")


def test_table_with_no_findings(about: About) -> None:
    text = render(Report(as_of=date(2026, 6, 30)), Format.table, about)
    assert text.strip() == "No findings as of 2026-06-30, Acme Ltd"


def test_csv_one_row_per_finding(report: Report, about: About) -> None:
    rows = list(csv.DictReader(io.StringIO(render(report, Format.csv, about))))
    assert tuple(rows[0]) == COLUMNS
    assert [(r["check"], r["severity"], r["suppressed"]) for r in rows] == [
        ("delegation-cycle", "high", "false"), ("sod-conflict", "critical", "false"),
        ("vacant-role", "medium", "false"), ("not-acknowledged", "low", "false"),
        ("orphan-item", "info", "true")]
    assert rows[0]["subjects"] == "person:alice;person:bob"
    assert rows[3]["iso"] == "7.3;7.4;A.5.2"
    assert rows[4]["suppressed_by"] == "carol"
    assert rows[1]["evidence"] == (
        "duty:request-access: person:carol -[holds]-> role:it-ops -[responsible]-> "
        "duty:request-access | duty:approve-access: person:carol -[responsible]-> "
        "duty:approve-access")
    assert [r["fingerprint"] for r in rows] == [f.fingerprint for f in report.findings]


def test_csv_keeps_hostile_text_and_defuses_formulas(hostile_report: Report) -> None:
    f = hostile_report.findings[0]
    formula = f.model_copy(update={"message": "=cmd|' /C calc'!A0", "title": "@SUM(1)"})
    report = hostile_report.model_copy(update={"findings": [f, formula]})
    rows = list(csv.DictReader(io.StringIO(render(report, Format.csv, About()))))
    assert rows[0]["message"] == f"{HOSTILE} holds nothing"
    assert rows[0]["subjects"] == f"person:{HOSTILE}"
    assert rows[1]["message"] == "'=cmd|' /C calc'!A0"
    assert rows[1]["title"] == "'@SUM(1)"


def test_a_large_report_is_printed_as_blocks_with_the_same_content(
        hostile_report: Report) -> None:
    import io

    from rich.console import Console

    from graphkit.findings import Finding, Severity
    from graphkit.render.table import TABLE_LIMIT, print_report

    base = hostile_report.findings[0]
    many = [Finding.make("vacant-role", Severity.medium, title="Vacant role",
                         message=f"{HOSTILE} #{i}", subjects=[f"role:r{i}"], iso=["A.5.2"])
            for i in range(TABLE_LIMIT)]
    report = hostile_report.model_copy(update={"findings": [base, *many]})
    text = render(report, Format.table, About())
    assert text.splitlines()[-4:-2] == [f"  {HOSTILE} #{TABLE_LIMIT - 1}",
                                        f"  subjects: role:r{TABLE_LIMIT - 1}"]
    assert text.splitlines()[0] == "HIGH (1)"
    assert f"MEDIUM ({TABLE_LIMIT})" in text.splitlines()
    assert sum(line.startswith("vacant-role  A.5.2") for line in text.splitlines()) == (
        TABLE_LIMIT + 1)
    assert text.rstrip().endswith(f"{TABLE_LIMIT + 1} findings (1 high, {TABLE_LIMIT} medium) "
                                  f"as of 2026-06-30, {HOSTILE}")
    # on a terminal the blocks go through rich, and markup in names stays literal there too
    out = io.StringIO()
    print_report(report, About(), Console(file=out, force_terminal=True, color_system=None,
                                          width=400, highlight=False, markup=False))
    assert out.getvalue().splitlines()[:-1] == text.splitlines()[:-1]
