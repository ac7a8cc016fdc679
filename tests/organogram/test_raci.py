"""RACI matrices (duties as rows, roles as columns) merged into a model."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from graphkit.loaders import load
from graphkit.loaders.raci import merge_raci

from graphkit.errors import ModelError
from graphkit.model import Model, validate_model

from ._data import SENIOR_HEADER, write


def _model() -> Model:
    return validate_model({
        "people": [{"id": "alice"}],
        "roles": [{"id": "ism", "name": "Information Security Manager"},
                  {"id": "ops", "name": "IT Operations"}, {"id": "dpo"}],
        "duties": [{"id": "access-review", "name": "Access review", "controls": ["A.5.18"],
                    "accountable": "role:dpo"}],
    })


def test_matrix_merged_into_duties(tmp_path: Path) -> None:
    path = write(tmp_path / "raci.csv", "Duty,Name,ISM,IT Operations,dpo,person:alice", [
        "access-review,Quarterly access review,A,R,C,I",
        "backup,Backups,C,A/R,-,",
        ",,,,,",
    ])
    model = merge_raci(_model(), path)
    duties = {d.id: d for d in model.duties}
    review, backup = duties["access-review"], duties["backup"]
    assert (review.name, review.controls) == ("Access review", ["A.5.18"])  # kept
    assert (review.accountable, review.responsible, review.consulted, review.informed) == (
        ["role:ism"], ["role:ops"], ["role:dpo"], ["person:alice"])
    assert (backup.name, backup.accountable, backup.responsible, backup.consulted,
            backup.informed) == ("Backups", ["role:ops"], ["role:ops"], ["role:ism"], [])
    assert model.source_of("duties", 1) == f"{path}: row 3"
    report = model.load_report()
    assert report is not None and report.is_accounted
    assert [(f.part, f.rows, f.loaded, f.reported) for f in report.files] == [
        ("raci", 3, 2, 1)]
    assert report.counts == {"RACI duties": 2, "RACI duties added": 1}


def test_every_problem_at_once(tmp_path: Path) -> None:
    path = write(tmp_path / "raci.csv", "Duty,ism,Chief Wizard,ops", [
        "access-review,A,R,A",
        "backup,R,,X",
        ",A,,",
        "backup,A,,",
        "patching,A/Q,,R",
    ])
    with pytest.raises(ModelError) as err:
        merge_raci(_model(), path)
    f = str(path)
    assert err.value.lines() == [
        (f"{f}: row 1: Chief Wizard: unknown role column 'Chief Wizard' (expected a role id or "
        "name, a person id, or role:/person: and an id in the model)"),
        (f"{f}: row 2: ism, ops: duty 'access-review' has 2 A's ('ism', 'ops') (expected "
        "exactly one A (accountable) per duty)"),
        (f"{f}: row 3: ops: 'X' is not a RACI letter (expected R, A, C, I, a combination such "
        "as A/R, or an empty cell)"),
        f"{f}: row 4: Duty: no duty id (expected the duty's id)",
        f"{f}: row 5: Duty: duty 'backup' is already in row 3 (expected one row per duty)",
        (f"{f}: row 6: ism: 'A/Q' is not a RACI letter (expected R, A, C, I, a combination "
        "such as A/R, or an empty cell)"),
    ]


def test_xlsx_matrix_and_the_mapping_key(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Duty", "Name", "Director", "1", "2"])  # a role name and two post refs
    ws.append(["sign-off", "Budget sign-off", "A", None, "r"])
    wb.save(tmp_path / "raci.xlsx")
    write(tmp_path / "t-senior.csv", SENIOR_HEADER, [
        "0,1,Ann Lee,SCS3,Director,Board,XX,1.0,Acme",
        "1,2,Bob Ray,SCS2,Deputy,Ops,1,1.0,Acme",
    ])
    (tmp_path / "m.yaml").write_text("extends: uk-organogram\nraci: raci.xlsx\n")
    model = load(tmp_path / "t-senior.csv", mapping=str(tmp_path / "m.yaml"))
    assert [(d.id, d.name, d.accountable, d.responsible) for d in model.duties] == [
        ("sign-off", "Budget sign-off", ["role:1"], ["role:2"])]
    report = model.load_report()
    assert report is not None and report.is_accounted
    assert [f.part for f in report.files] == ["posts", "raci"]
    # the same matrix given to load() directly
    direct = load(tmp_path / "t-senior.csv", mapping="uk-organogram",
                  raci=tmp_path / "raci.xlsx")
    assert direct == model


def test_raci_with_a_yaml_model(tmp_path: Path) -> None:
    (tmp_path / "m.yaml").write_text(
        "roles: [{id: ism}, {id: ops}]\nduties: [{id: backup, name: Backups}]\n")
    write(tmp_path / "raci.csv", "id,ism,ops", ["backup,A,R", "patching,,A"])
    model = load(tmp_path / "m.yaml", raci=tmp_path / "raci.csv")
    assert [(d.id, d.name, d.accountable, d.responsible) for d in model.duties] == [
        ("backup", "Backups", ["role:ism"], ["role:ops"]),
        ("patching", None, ["role:ops"], [])]
    assert model.source_of("duties", 1) == f"{tmp_path / 'raci.csv'}: row 3"
