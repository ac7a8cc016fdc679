"""CSV folders: the format of COMMON.md, rows as a spreadsheet counts them, every problem."""

from __future__ import annotations

from pathlib import Path

import pytest
from graphkit.loaders import load, save
from graphkit.loaders.csvfolder import COLUMNS, read_csv_folder, write_csv_folder

from graphkit.errors import ModelError
from graphkit.graph import build_graph
from graphkit.model import validate_model


def _folder(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    root = tmp_path / "model"
    root.mkdir()
    for name, content in files.items():
        if isinstance(content, bytes):
            (root / name).write_bytes(content)
        else:
            (root / name).write_text(content, encoding="utf-8", newline="")
    return root


def _problems(root: Path) -> list[str]:
    with pytest.raises(ModelError) as exc:
        read_csv_folder(root)
    prefix = str(root) + "/"
    return [line.removeprefix(prefix) for line in exc.value.lines()]


def test_reads_every_encoding(tmp_path: Path) -> None:
    root = _folder(tmp_path, {
        # any column order, a byte-order mark, CRLF, a blank row, quoted commas and newlines
        "people.csv": "\ufeffname,id,competencies,acknowledged,status\r\n"
                      "\"Smith, Alice\",alice,iso27001-li@2027-03-01; cissp,ism@3,active\r\n"
                      "\r\n"
                      "\"Bob\nJones\",bob,,,absent\r\n",
        "roles.csv": "id,critical,requires,inherits,authority,min_holders,delegable\n"
                     "staff,false,,,1,,\nism,TRUE,iso27001-li,staff,4,2,false\n",
        "assignments.csv": "person,role,deputy,from,until\nalice,ism,,2024-01-01,\n"
                           "bob,ism,true,,2026-12-31\n",
        "assets.csv": "id,name,criticality,owner,custodians\ncrm,CRM,high,role:ism,bob;alice\n",
        "risks.csv": "id,title,level,owner,treatment,accepted_by,accepted_on,assets\n"
                     "R-1,Ransomware,critical,alice,accept,alice,2026-05-01,crm\n",
        "duties.csv": "id,controls,accountable,responsible,consulted,informed\n"
                      "review,A.5.18;A.5.15,role:ism,bob,,role:staff\n",
        "delegations.csv": "id,from,to,scope,from_date,until\nD-1,bob,alice,review,,\n",
        "organisation.csv": "id,name\nacme,Acme Ltd\n",
        "policy.yaml": "max_delegation_depth: 1\nsod:\n  - {id: S-1, members: [role:ism, "
                       "duty:review]}\n",
    })
    m = read_csv_folder(root)
    alice, bob = m.people
    assert (alice.id, alice.name, bob.name, bob.status.value) == (
        "alice", "Smith, Alice", "Bob\nJones", "absent")
    assert [(c.id, c.expires and c.expires.isoformat()) for c in alice.competencies] == [
        ("iso27001-li", "2027-03-01"), ("cissp", None)]
    assert [(a.role, a.version) for a in alice.acknowledged] == [("ism", 3)]
    ism = m.roles[1]
    assert (ism.critical, ism.requires, ism.inherits, ism.authority, ism.min_holders,
            ism.delegable) == (True, ["iso27001-li"], ["staff"], 4, 2, False)
    assert m.roles[0].delegable is True  # empty cell: the default
    assert [(a.person, a.deputy) for a in m.assignments] == [("alice", False), ("bob", True)]
    assert m.assets[0].custodians == ["person:bob", "person:alice"]
    assert m.risks[0].owner == ["person:alice"] and m.risks[0].assets == ["crm"]
    assert m.duties[0].controls == ["A.5.18", "A.5.15"]
    assert m.delegations[0].scope == "duty:review"
    assert m.organisation is not None and m.organisation.name == "Acme Ltd"
    assert m.policy.max_delegation_depth == 1 and m.policy.sod[0].id == "S-1"
    # rows as a spreadsheet counts them: the header is row 1, the blank row counts
    assert m.source_of("people", 0) == f"{root}/people.csv: row 2"
    assert m.source_of("people", 1) == f"{root}/people.csv: row 4"
    assert m.source_of("sod", 0) == f"{root}/policy.yaml:3"
    G = build_graph(m)
    assert G.edges["person:bob", "person:alice", "delegation:D-1"]["source"] == \
        f"{root}/delegations.csv: row 2"


def test_only_people_csv_is_required(tmp_path: Path) -> None:
    m = read_csv_folder(_folder(tmp_path, {"people.csv": "id\nalice\n"}))
    assert [p.id for p in m.people] == ["alice"] and m.roles == [] and m.organisation is None


def test_cell_problems_name_file_row_and_column(tmp_path: Path) -> None:
    root = _folder(tmp_path, {
        "people.csv": "id,status,acknowledged\nalice,active,ism\nbob,asleep,\nalice,,\n",
        "roles.csv": "id,authority,critical\nism,four,\n",
        "assignments.csv": "person,role\nalice,\ncarol,ism\n",
    })
    assert _problems(root) == [
        "people.csv: row 2: acknowledged: 'ism' is not role@version "
        "(expected role@version, e.g. ism@3)",
        "people.csv: row 3: status: 'asleep' is not an allowed value "
        "(expected one of active, absent, leaver)",
        "people.csv: row 4: id: duplicate person id 'alice', first defined in row 2 "
        "(expected ids unique within their kind)",
        "roles.csv: row 2: authority: 'four' is not a whole number",
        "assignments.csv: row 2: role: missing required field",
        "assignments.csv: row 3: person: unknown person 'carol' "
        "(expected the id of a person in the model)",
    ]


def test_header_problems_of_every_file_at_once(tmp_path: Path) -> None:
    root = _folder(tmp_path, {
        "people.csv": "id,name,manager\nalice,Alice,\n",
        "assignments.csv": "person,role,role\n",
        "roles.csv": "",
        "role.csv": "id\nism\n",
    })
    assert _problems(root) == [
        "role.csv: unknown file (expected only organisation.csv, people.csv, roles.csv, "
        "assignments.csv, assets.csv, risks.csv, duties.csv, delegations.csv and policy.yaml)",
        "people.csv: row 1: wrong header: unknown column 'manager' (expected the columns "
        "id,name,status,reports_to,department,competencies,acknowledged (any order; only id "
        "required))",
        "roles.csv: empty file (expected a header row: id,name,description,version,authority,"
        "critical,min_holders,requires,inherits,delegable,reports_to,department,grade,fte)",
        "assignments.csv: row 1: wrong header: column 'role' more than once (expected the "
        "columns person,role,deputy,from,until (any order; only person, role required))",
    ]


def test_row_with_too_many_cells(tmp_path: Path) -> None:
    root = _folder(tmp_path, {"people.csv": "id,name\nalice,Alice,extra\nbob,Bob,,\n"})
    assert _problems(root) == [
        "people.csv: row 2: 3 cells, but the header has 2 columns "
        "(expected one cell per column of the header)"]


def test_bad_utf8_names_the_line(tmp_path: Path) -> None:
    root = _folder(tmp_path, {"people.csv": b"id,name\nalice,Alice\nrenee,Ren\xe9e\n"})
    assert _problems(root) == [
        "people.csv:3: cannot read: byte 0xe9 is not UTF-8 text (expected a file saved as UTF-8)"]


def test_two_organisations(tmp_path: Path) -> None:
    root = _folder(tmp_path, {"people.csv": "id\na\n", "organisation.csv": "id\nx\ny\n"})
    assert _problems(root) == [
        "organisation.csv: row 3: more than one organisation (expected one row below the header)"]


def test_writer_columns_and_stale_files(tmp_path: Path) -> None:
    m = validate_model({"people": [{"id": "a", "competencies": [{"id": "x@y"}]}],
                        "organisation": {"id": "acme"},
                        "policy": {"max_accountable_items": 10}})
    out = tmp_path / "out"
    write_csv_folder(m, out)
    assert sorted(p.name for p in out.iterdir()) == [
        "assets.csv", "assignments.csv", "delegations.csv", "duties.csv", "organisation.csv",
        "people.csv", "policy.yaml", "risks.csv", "roles.csv"]
    for section, columns in COLUMNS.items():
        header = (out / f"{section}.csv").read_text().splitlines()[0]
        assert header == ",".join(columns)
    assert (out / "people.csv").read_text().splitlines()[1] == "a,,active,,,x@y@,"
    assert (out / "policy.yaml").read_text() == "max_accountable_items: 10\n"
    assert read_csv_folder(out) == m
    plain = validate_model({"people": [{"id": "a"}]})
    save(plain, out)
    assert not (out / "organisation.csv").exists() and not (out / "policy.yaml").exists()
    assert load(out) == plain


def test_malformed_csv_names_the_line(tmp_path: Path) -> None:
    root = _folder(tmp_path, {"people.csv": 'id,name\nalice,Alice\nbob,"Bob" Jones\n'})
    assert _problems(root) == [
        "people.csv:3: malformed CSV: ',' expected after '\"' (expected comma-separated "
        "values, text with commas, quotes or line breaks in double quotes)"]
