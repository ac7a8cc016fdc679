"""The same return as XLSX; the mapping format, its schema and its limits."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import jsonschema
import openpyxl
import pytest
import yaml
from graphkit.loaders import load
from graphkit.loaders.mapping import load_mapped
from graphkit.loaders.mapping_format import mapping_json_schema, resolve_mapping

from graphkit.errors import InputError, ModelError

from ._data import JUNIOR_HEADER, REPO, SENIOR_HEADER, write

SENIOR_ROWS = [
    "0,1,Ann Lee,SCS3,Director,Board,XX,1.0,Acme",
    "1,02,Vacant,SCS2,Deputy,Ops,1,0.5,Acme",
    "2,3,n/d,SCS1,Head,Ops,2,1.0,Acme",
    "3,3,n/d,SCS1,Head,Ops,2,1.0,Acme",
]
JUNIOR_ROWS = ["0,Ops,3,B1,Analyst,2.0", "1,Ops,02,B2,Clerk,0.5"]


def _xlsx(path: Path, header: str, rows: list[str], numbers: bool) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    for line in [header, *rows]:
        cells: list[object] = next(csv.reader([line]))
        if numbers:  # as Excel keeps them: refs and FTE as numbers, '02' stays text
            cells = [float(c) if c.replace(".", "", 1).isdigit() and "." in c
                     else int(c) if c.isdigit() and not c.startswith("0") or c == "0"
                     else c for c in cells]
        ws.append(cells)
    for _ in range(3):
        ws.append([None] * 9)  # formatted but empty rows below the data
    wb.save(path)
    return path


@pytest.mark.parametrize("numbers", [False, True])
def test_xlsx_reads_like_csv(tmp_path: Path, numbers: bool) -> None:
    csv_dir = tmp_path / "csv"
    csv_dir.mkdir()
    write(csv_dir / "r-senior.csv", SENIOR_HEADER, SENIOR_ROWS)
    write(csv_dir / "r-junior.csv", JUNIOR_HEADER, JUNIOR_ROWS)
    x_dir = tmp_path / "xlsx"
    x_dir.mkdir()
    _xlsx(x_dir / "r-senior.xlsx", SENIOR_HEADER, SENIOR_ROWS, numbers)
    _xlsx(x_dir / "r-junior.xlsx", JUNIOR_HEADER, JUNIOR_ROWS, numbers)
    from_csv = load(csv_dir / "r-senior.csv", mapping="uk-organogram")
    from_xlsx = load(x_dir / "r-senior.xlsx", mapping="uk-organogram")
    assert from_xlsx == from_csv
    assert [(r.id, r.reports_to, r.fte) for r in from_xlsx.roles] == [
        ("1", None, 1.0), ("02", "1", 0.5), ("3", "02", 1.0), ("3/junior-1", "3", 2.0),
        ("02/junior-1", "02", 0.5)]
    report = from_xlsx.load_report()
    assert report is not None and report.is_accounted
    assert [(f.part, f.rows, f.loaded, f.merged, f.reported) for f in report.files] == [
        ("posts", 4, 3, 1, 0), ("junior posts", 2, 2, 0, 0)]
    assert [(w.code, w.row) for w in report.warnings if w.code != "missing-column"] == [
        ("duplicate-post", 5), ("normalised-reference", 4), ("placeholder-variant", 4)]
    assert from_xlsx.source_of("roles", 2) == f"{x_dir / 'r-senior.xlsx'}: row 4"


def test_schema_file_is_current() -> None:
    on_disk = json.loads((REPO / "docs" / "mapping.schema.json").read_text(encoding="utf-8"))
    assert on_disk == mapping_json_schema()


def test_builtin_mapping_fits_the_schema() -> None:
    from importlib import resources

    text = resources.files("graphkit.loaders").joinpath(
        "mappings", "uk-organogram.yaml").read_text(encoding="utf-8")
    jsonschema.validate(yaml.safe_load(text), mapping_json_schema())
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"posts": {"columns": {"id": "x"}, "colour": 1}},
                            mapping_json_schema())


def test_bad_mapping_says_every_problem(tmp_path: Path) -> None:
    m = tmp_path / "m.yaml"
    m.write_text("extends: uk-organogram\nposts: {top_marker: [XX]}\nlimits: {max_rows: 0}\n")
    with pytest.raises(ModelError) as err:
        resolve_mapping(m)
    assert err.value.lines() == [
        (f"{m}: posts.top_marker: Extra inputs are not permitted (expected the mapping format "
        "(docs/mapping.md))"),
        (f"{m}: limits.max_rows: Input should be greater than or equal to 1 (expected the "
        "mapping format (docs/mapping.md))"),
    ]
    with pytest.raises(InputError) as err2:
        load_mapped(m, "no-such-mapping")
    assert str(err2.value) == ("<model>: --mapping: no built-in mapping or mapping file "
                               "'no-such-mapping' (expected one of uk-organogram, or a mapping "
                               "YAML file)")


def test_a_custom_mapping(tmp_path: Path) -> None:
    """An HR export with other column names and an employee number for each holder."""
    m = tmp_path / "hr.yaml"
    m.write_text(
        "posts:\n  columns: {id: [Position, Post], name: Title, reports_to: Manager Position,"
        " holder: Employee, holder_id: Staff No}\n  top_markers: [TOP]\n")
    data = write(tmp_path / "hr.csv", "Position,Title,Manager Position,Employee,Staff No", [
        "P1,CEO,top,Ann Lee,0042", "P2,CISO,P1,Ann Lee,0042", "P3,DPO,P1,Vacant,"])
    model = load_mapped(data, m)
    assert [(a.person, a.role) for a in model.assignments] == [("0042", "P1"), ("0042", "P2")]
    assert [(r.id, r.reports_to) for r in model.roles] == [("P1", None), ("P2", "P1"),
                                                          ("P3", "P1")]
    report = model.load_report()
    assert report is not None and report.warnings == [] and report.is_accounted


@pytest.mark.parametrize(("limit", "message"), [
    ("max_rows: 3", "more than 3 data rows"),
    ("max_bytes: 100", "bytes, more than the limit of 100"),
    ("max_columns: 5", "9 columns, more than the limit of 5"),
])
def test_limits(tmp_path: Path, limit: str, message: str) -> None:
    data = write(tmp_path / "t-senior.csv", SENIOR_HEADER, SENIOR_ROWS)
    m = tmp_path / "m.yaml"
    m.write_text(f"extends: uk-organogram\nlimits: {{{limit}}}\n")
    with pytest.raises(InputError) as err:
        load_mapped(data, m)
    assert message in str(err.value) and str(data) in str(err.value)


def test_xlsx_unpacked_size_limit(tmp_path: Path) -> None:
    data = _xlsx(tmp_path / "t-senior.xlsx", SENIOR_HEADER, SENIOR_ROWS, True)
    m = tmp_path / "m.yaml"
    m.write_text("extends: uk-organogram\nlimits: {max_unpacked_bytes: 1000}\n")
    with pytest.raises(InputError) as err:
        load_mapped(data, m)
    assert "unpacks to" in str(err.value) and "more than the limit of 1000" in str(err.value)


def test_authority_from_grade(tmp_path: Path) -> None:
    data = write(tmp_path / "t-senior.csv", SENIOR_HEADER, SENIOR_ROWS[:3])
    write(tmp_path / "t-junior.csv", JUNIOR_HEADER, JUNIOR_ROWS)
    m = tmp_path / "m.yaml"
    m.write_text("extends: uk-organogram\nauthority_by_grade: {scs3: 5, SCS 2: 4, B1: 2}\n")
    model = load_mapped(data, m)
    assert {r.id: r.authority for r in model.roles} == {
        "1": 5, "02": 4, "3": None, "3/junior-1": 2, "02/junior-1": None}
    report = model.load_report()
    assert report is not None
    assert [(w.code, w.file, w.row, w.found, w.message) for w in report.warnings
            if w.code == "unknown-grade"] == [
        ("unknown-grade", str(data), 4, "SCS1",
         "1 post(s) of grade 'SCS1' (rows 4) not in authority_by_grade"),
        ("unknown-grade", str(tmp_path / "t-junior.csv"), 3, "B2",
         "1 post(s) of grade 'B2' (rows 3) not in authority_by_grade")]
