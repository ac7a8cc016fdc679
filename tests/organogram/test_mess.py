"""Small returns with each kind of mess SOURCE.md lists: every row accounted for, each
defect reported exactly (file, row, column, what was found, what was done)."""

from __future__ import annotations

from pathlib import Path

import pytest
from graphkit.loaders.mapping import load_mapped

from graphkit.errors import InputError
from graphkit.loadreport import LoadReport
from graphkit.model import Model

from ._data import JUNIOR_HEADER, SENIOR_HEADER, write


def _load(tmp_path: Path, senior: list[str], junior: list[str] | None = None
          ) -> tuple[Model, LoadReport]:
    path = write(tmp_path / "t-senior.csv", SENIOR_HEADER, senior)
    if junior is not None:
        write(tmp_path / "t-junior.csv", JUNIOR_HEADER, junior)
    model = load_mapped(path, "uk-organogram")
    report = model.load_report()
    assert report is not None and report.is_accounted
    return model, report


def _defects(report: LoadReport) -> list[tuple[str, int | None, str | None, str | None]]:
    """The warnings, without the ones every synthetic file has (columns it leaves out,
    no junior file)."""
    return [(w.code, w.row, w.column, w.found) for w in report.warnings
            if w.code not in ("missing-column", "no-junior-file")]


def _accounts(report: LoadReport) -> list[tuple[str, int, int, int, int]]:
    return [(f.part, f.rows, f.loaded, f.merged, f.reported) for f in report.files]


def test_duplicate_post_refs(tmp_path: Path) -> None:
    model, report = _load(tmp_path, [
        "0,1,Ann Lee,SCS3,Director,Board,XX,1.0,Acme",
        "1,2,Vacant,SCS1,Adviser,Ops,1,1.0,Acme",
        "2,2,Vacant,SCS1,Adviser,Ops,1,1.0,Acme",       # the same post again: merged
        "3,3,Cy Dee,SCS1,Head of Audit,Audit,1,0.5,Acme",
        "4,3,Di Eve,SCS1,Head of Audit,Audit,1,0.5,Acme",  # a job share: merged, 2 holders
        "5,03,Vacant,SCS1,Head of Risk,Risk,1,1.0,Acme",  # another post, same ref: kept
    ])
    assert _accounts(report) == [("posts", 6, 4, 2, 0)]
    assert [r.id for r in model.roles] == ["1", "2", "3", "03#row7"]
    assert sorted((a.person, a.role) for a in model.assignments) == [
        ("ann-lee", "1"), ("cy-dee", "3"), ("di-eve", "3")]
    assert _defects(report) == [
        ("duplicate-post", 4, "Post Unique Reference", "2"),
        ("duplicate-post", 6, "Post Unique Reference", "3"),
        ("duplicate-post", 7, "Post Unique Reference", "03"),
    ]
    w = report.warnings
    assert (w[1].message, w[1].action) == ("repeats post '2' of row 3", "merged into the first")
    assert w[2].action == "merged into the first; its holder 'di-eve' added as a holder of '3'"
    assert w[3].message == ("duplicate post reference: post '3' of row 5 (after leading zeros)"
                            " is a different post (name, department differ)")
    assert w[3].action == "loaded as post '03#row7'; references to '3' mean row 5"
    assert report.counts["vacant posts"] == 2


def test_parent_refs_differing_by_leading_zeros_or_case(tmp_path: Path) -> None:
    model, report = _load(tmp_path, [
        "0,0001,Ann Lee,SCS3,Director,Board,XX,1.0,Acme",
        "1,AB7,Bob Ray,SCS2,Deputy,Ops,1,1.0,Acme",
        "2,9,Cy Dee,SCS1,Head,Ops,ab7,1.0,Acme",
        "3,10,Di Eve,SCS1,Head,Ops,09,1.0,Acme",
        "4,11,N/D,SCS1,Head,Ops,0001,1.0,Acme",          # exact: nothing to say
        "5,12,N/D,SCS1,Head,Ops,Ab07,1.0,Acme",          # neither zeros nor case: unknown
    ])
    assert {r.id: r.reports_to for r in model.roles} == {
        "0001": None, "AB7": "0001", "9": "AB7", "10": "9", "11": "0001", "12": "Ab07"}
    assert [(w.code, w.row, w.found, w.message) for w in report.warnings
            if w.code in ("normalised-reference", "unknown-parent")] == [
        ("normalised-reference", 3, "1", "parent '1' matches post '0001' only after leading zeros"),
        ("normalised-reference", 4, "ab7",
         "parent 'ab7' matches post 'AB7' only after letter case"),
        ("normalised-reference", 5, "09", "parent '09' matches post '9' only after leading zeros"),
        ("unknown-parent", 7, "Ab07", "post '12' reports to 'Ab07', which is no post in the file"),
    ]
    assert _accounts(report) == [("posts", 6, 6, 0, 0)]
    assert report.counts["unknown parents"] == 1


def test_self_reporting_post(tmp_path: Path) -> None:
    model, report = _load(tmp_path, [
        "0,1,Ann Lee,SCS3,Director,Board,XX,1.0,Acme",
        "1,2,Bob Ray,SCS2,Deputy,Ops,2,1.0,Acme",
        "2,3,Cy Dee,SCS2,Deputy,Ops,03,1.0,Acme",        # itself, after leading zeros
    ])
    assert {r.id: r.reports_to for r in model.roles} == {"1": None, "2": "2", "3": "3"}
    assert _defects(report) == [
        ("self-report", 3, "Reports to Senior Post", "2"),
        ("normalised-reference", 4, "Reports to Senior Post", "03"),
        ("self-report", 4, "Reports to Senior Post", "03"),
    ]
    assert report.warnings[1].message == "post '2' reports to itself"
    assert report.counts["self-reporting posts"] == 2


def test_several_tops_and_a_blank_parent(tmp_path: Path) -> None:
    model, report = _load(tmp_path, [
        "0,1,Ann Lee,SCS3,Director,Board,XX,1.0,Acme",
        "1,2,Bob Ray,SCS3,Director,Ops,xx,1.0,Acme",
        "2,3,Cy Dee,SCS2,Deputy,Ops,,1.0,Acme",
        "3,4,Di Eve,SCS1,Head,Ops,3,1.0,Acme",
    ])
    assert [r.id for r in model.roles if r.reports_to is None] == ["1", "2", "3"]
    assert _defects(report) == [
        ("blank-parent", 4, "Reports to Senior Post", ""),
        ("several-tops", None, "Reports to Senior Post", None),
    ]
    assert report.warnings[-2].message == "3 top posts: '1' (row 2), '2' (row 3), '3' (row 4)"
    assert report.counts["top posts"] == 3


def test_junior_rows_with_blank_or_unknown_parent(tmp_path: Path) -> None:
    model, report = _load(tmp_path, [
        "0,1,Ann Lee,SCS3,Director,Board,XX,1.0,Acme",
        "1,02,Bob Ray,SCS2,Deputy,Ops,1,1.0,Acme",
    ], junior=[
        "0,Ops,02,B1,Analyst,2.0",
        "1,Ops,,B2,Clerk,1.5",
        "2,Ops,2,B2,Clerk,0.5",
        "3,Ops,404,B2,Clerk,1.0",
        ",,,,,",
        "4,Ops,XX,B2,Typist,1.0",
    ])
    junior = {r.id: (r.reports_to, r.fte, r.grade, r.min_holders) for r in model.roles
              if r.min_holders == 0}
    assert junior == {"02/junior-1": ("02", 2.0, "B1", 0), "junior-row3": (None, 1.5, "B2", 0),
                      "02/junior-2": ("02", 0.5, "B2", 0), "404/junior-1": ("404", 1.0, "B2", 0),
                      "junior-row7": (None, 1.0, "B2", 0)}
    assert [(w.code, w.row, w.found) for w in report.warnings if w.file.endswith("junior.csv")] == [
        ("blank-parent", 3, ""), ("normalised-reference", 4, "2"), ("unknown-parent", 5, "404"),
        ("blank-parent", 7, "XX"), ("blank-rows", None, None)]
    assert _accounts(report) == [("posts", 2, 2, 0, 0), ("junior posts", 6, 5, 0, 1)]
    assert report.counts["junior posts"] == 5
    assert report.counts["junior FTE"] == pytest.approx(6.0)


def test_quote_damaged_values(tmp_path: Path) -> None:
    model, report = _load(tmp_path, [
        "0,1,Ann Lee,SCS3,Director,Board,XX,1.0,Acme",
        '1,2,"""Vacant""",SCS1,Adviser,Ops,1,1.0,Acme',    # quoted twice over
        "2,3,'N/D,SCS1,Clerk,Ops,1,1.0,Acme",                # a stray apostrophe
        '3,4,"Fay Gee,SCS1,Adviser,Ops,1,1.0,Acme',          # an unclosed quote...
        "4,5,Gil Ho,SCS1,Adviser,Ops,1,1.0,Acme",            # ...must not swallow this row
        '5,6,Jo"hn Smith,SCS1,Adviser,Ops,"""1""",1.0,Acme',  # a quote inside a name and ref
        '6,7,Kay Li,SCS1,"Analyst, Digital",Ops,1,1.0,Acme',  # proper quoting: nothing to say
    ])
    assert _accounts(report) == [("posts", 7, 7, 0, 0)]
    roles = {r.id: r for r in model.roles}
    assert set(roles) == {"1", "2", "3", "4", "5", "6", "7"}
    assert roles["6"].reports_to == "1" and roles["7"].name == "Analyst, Digital"
    assert sorted((a.person, a.role) for a in model.assignments) == [
        ("ann-lee", "1"), ("fay-gee", "4"), ("gil-ho", "5"), ("john-smith", "6"),
        ("kay-li", "7"), ("undisclosed-3", "3")]
    assert report.counts["vacant posts"] == 1
    assert _defects(report) == [
        ("quote-damage", 5, None, '3,4,"Fay Gee,SCS1,Adviser,Ops,1,1.0,Acme'),
        ("quote-damage", 3, "Name", '"Vacant"'),
        ("quote-damage", 4, "Name", "'N/D"),
        ("quote-damage", 7, "Reports to Senior Post", '"1"'),
        ("quote-damage", 7, "Name", 'Jo"hn Smith'),
    ]
    assert report.warnings[1].message == ("unclosed quote ran into the next line(s): removed the"
                                          " stray quote at character 5")
    assert report.warnings[2].action == "read as 'Vacant'"


def test_placeholders_and_holders(tmp_path: Path) -> None:
    model, report = _load(tmp_path, [
        "0,1,Ann Lee,SCS3,Director,Board,XX,1.0,Acme",
        "1,2,VACANT,SCS1,Adviser,Ops,1,1.0,Acme",
        "2,3,nd,SCS1,Adviser,Ops,1,1.0,Acme",
        "3,4,N/A,SCS1,Adviser,Ops,1,1.0,Acme",
        "4,5,Eliminated,SCS1,Adviser,Ops,1,1.0,Acme",
        "5,6,Vacant - under recruitment,SCS1,Adviser,Ops,1,1.0,Acme",
        "6,7,,SCS1,Adviser,Ops,1,1.0,Acme",
        "7,8,ANN  LEE,SCS1,Adviser,Ops,1,one,Acme",
        "8,9,Acme,SCS1,Adviser,Ops,1,1.0,Acme",
    ])
    c = report.counts
    assert (c["posts held by a named person"], c["named people"], c["vacant posts"],
            c["eliminated posts"], c["posts with an undisclosed holder"],
            c["organisation posts"], c["people holding several posts"]) == (2, 1, 3, 1, 2, 1, 1)
    assert sorted((a.person, a.role) for a in model.assignments) == [
        ("ann-lee", "1"), ("ann-lee", "8"), ("undisclosed-3", "3"), ("undisclosed-4", "4")]
    assert _defects(report) == [
        ("placeholder", 7, "Name", "Vacant - under recruitment"),
        ("empty-holder", 8, "Name", ""),
        ("bad-number", 9, "FTE", "one"),
        ("normalised-name", 9, "Name", "ANN  LEE"),
        ("organisation-post", 10, "Name", "Acme"),
        ("placeholder-variant", 3, "Name", "VACANT"),
        ("placeholder-variant", 4, "Name", "nd"),
    ]
    assert {r.id: r.min_holders for r in model.roles}["9"] == 0
    assert {r.id: r.fte for r in model.roles}["8"] is None


def test_a_row_with_no_post_reference_is_kept(tmp_path: Path) -> None:
    model, report = _load(tmp_path, [
        "0,1,Ann Lee,SCS3,Director,Board,XX,1.0,Acme",
        "1,,Bob Ray,SCS1,Adviser,Ops,1,1.0,Acme",
        "2,5;6,Cy Dee,SCS1,Adviser,Ops,1,1.0,Acme",
    ])
    assert [r.id for r in model.roles] == ["1", "row-3", "5_6"]
    assert _defects(report) == [("missing-post-ref", 3, "Post Unique Reference", ""),
                                ("bad-id", 4, "Post Unique Reference", "5;6")]


def test_the_junior_file_given_as_the_posts_file_is_explained(tmp_path: Path) -> None:
    path = write(tmp_path / "t-junior.csv", JUNIOR_HEADER, ["0,Ops,1,B1,Analyst,1.0"])
    with pytest.raises(InputError) as err:
        load_mapped(path, "uk-organogram")
    assert str(err.value) == (
        f"{path}: row 1: no column 'Post Unique Reference' (the columns are: 'Unit', "
        "'Reporting Senior Post', 'Grade', 'Generic Job Title', 'Number of Posts in FTE') "
        "(expected the posts file's columns named in the mapping (this looks like the junior "
        "file: give the senior file))")


def test_not_utf8_is_read_as_cp1252_and_said(tmp_path: Path) -> None:
    path = tmp_path / "t-senior.csv"
    path.write_bytes((SENIOR_HEADER + "\n0,1,Zo\u00eb Bell,SCS3,Director,Board,XX,1.0,Acme\n")
                     .encode("cp1252"))
    model, report = load_mapped(path, "uk-organogram"), None
    report = model.load_report()
    assert report is not None
    assert [p.name for p in model.people] == ["Zo\u00eb Bell"]
    assert [(w.code, w.line, w.action) for w in report.warnings if w.code == "encoding"] == [
        ("encoding", 2, "read the whole file as cp1252")]


def test_a_person_id_equal_to_an_unknown_parent_is_renamed(tmp_path: Path) -> None:
    model, report = _load(tmp_path, [
        "0,1,Ann Lee,SCS3,Director,Board,XX,1.0,Acme",
        "1,2,99,SCS2,Deputy,Ops,99,1.0,Acme",   # a holder called '99', a parent '99'
    ])
    assert [(a.person, a.role) for a in model.assignments] == [("ann-lee", "1"),
                                                               ("person-99", "2")]
    assert {r.id: r.reports_to for r in model.roles} == {"1": None, "2": "99"}
    assert [(w.code, w.row, w.found, w.action) for w in report.warnings
            if w.code == "id-clash"] == [("id-clash", 3, "99", "the person's id is 'person-99'")]
