"""RACI matrices: duties as rows, roles (or people) as columns, R/A/C/I in the cells.

The shape GRC teams keep in Excel. :func:`merge_raci` reads one (CSV or XLSX) into the
duties' ``accountable``, ``responsible``, ``consulted`` and ``informed`` fields of a model:
a duty already in the model gets its four RACI fields from the matrix (its other fields
stay), a duty not in the model is added. Every problem in the matrix is reported at once,
each with its file, row, column and what was expected; nothing is merged until the whole
matrix is clean.

Columns: the duty id is the column named ``id``, ``duty id`` or ``duty`` (else the first
column); ``name`` / ``duty name`` / ``title`` and ``controls`` (``;``-separated) are
optional; every other column names a party: ``role:x`` or ``person:x``, or a bare role id,
a role's name, or a person id. A cell holds R, A, C, I or several of them (``A/R``,
``A,R``, ``AR``); empty or ``-`` means nothing.

>>> import tempfile, pathlib
>>> from graphkit.model import validate_model
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "raci.csv").write_text("Duty,Name,ism,IT Ops\\nreview,Access review,A,R\\n")
>>> m = validate_model({"roles": [{"id": "ism"}, {"id": "ops", "name": "IT Ops"}]})
>>> duty = merge_raci(m, d / "raci.csv").duties[0]
>>> duty.accountable, duty.responsible
(['role:ism'], ['role:ops'])
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..errors import Issue, ModelError
from ..loadreport import FileAccount, LoadReport
from ..model import Model, validate_model
from .tables import Limits, read_table

__all__ = ["RACI_LETTERS", "merge_raci"]

#: Cell letters and the duty field each fills.
RACI_LETTERS = {"R": "responsible", "A": "accountable", "C": "consulted", "I": "informed"}
_ID_HEADERS = ("id", "duty id", "duty")
_NAME_HEADERS = ("name", "duty name", "title")
_CONTROLS_HEADERS = ("controls", "control")
_EMPTY = ("", "-", "\u2013", "\u2014")
_EXPECTED_CELL = "R, A, C, I, a combination such as A/R, or an empty cell"


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _letters(cell: str) -> list[str] | None:
    """The RACI letters in a cell, or None when it holds anything else.

    >>> _letters(" a/r "), _letters("AR"), _letters("-"), _letters("X")
    (['A', 'R'], ['A', 'R'], [], None)
    """
    text = cell.strip().upper()
    if text in _EMPTY:
        return []
    parts = [p for p in re.split(r"[\s/,;+&]+", text) if p]
    if len(parts) == 1 and len(parts[0]) > 1 and set(parts[0]) <= set(RACI_LETTERS):
        parts = list(parts[0])
    if not parts or any(p not in RACI_LETTERS for p in parts):
        return None
    return list(dict.fromkeys(parts))


def _party(header: str, model: Model) -> str | None:
    """The ``kind:id`` a column header names, or None."""
    text = header.strip()
    kind, sep, rest = text.partition(":")
    roles = {r.id: r for r in model.roles}
    people = {p.id for p in model.people}
    if sep and kind in ("role", "person"):
        known = roles if kind == "role" else people
        return f"{kind}:{rest}" if rest in known else None
    if text in roles:
        return f"role:{text}"
    by_id = [r.id for r in model.roles if r.id.casefold() == text.casefold()]
    if len(by_id) == 1:
        return f"role:{by_id[0]}"
    by_name = [r.id for r in model.roles if r.name and _norm(r.name) == _norm(text)]
    if len(by_name) == 1:
        return f"role:{by_name[0]}"
    if text in people:
        return f"person:{text}"
    return None


def merge_raci(model: Model, path: str | Path, *, limits: Limits | None = None) -> Model:
    """``model`` with the duties of the RACI matrix at ``path`` merged in (see the module
    docstring). Raises :class:`~graphkit.errors.ModelError` with every problem found."""
    p = Path(path)
    table = read_table(p, limits=limits)
    file = table.file
    header = [_norm(h) for h in table.header]
    issues: list[Issue] = [Issue(str(w), file=file, row=w.row) for w in table.warnings
                           if w.code in ("quote-damage", "long-row")]
    id_col = next((header.index(h) for h in _ID_HEADERS if h in header), 0)
    name_col = next((header.index(h) for h in _NAME_HEADERS if h in header
                     and header.index(h) != id_col), None)
    controls_col = next((header.index(h) for h in _CONTROLS_HEADERS if h in header), None)
    parties: dict[int, str] = {}
    for i, name in enumerate(table.header):
        if i in (id_col, name_col, controls_col):
            continue
        if not name.strip():
            if any(r.cells[i].strip() not in _EMPTY for r in table.rows):
                issues.append(Issue("a column with no header holds RACI letters", file=file,
                                    row=1, field=f"column {i + 1}",
                                    expected="a role id, role name or person id as header"))
            continue
        party = _party(name, model)
        if party is None:
            issues.append(Issue(f"unknown role column {name!r}", file=file, row=1, field=name,
                                expected="a role id or name, a person id, or role:/person: "
                                         "and an id in the model"))
        else:
            parties[i] = party
    duties: dict[str, dict[str, Any]] = {}
    rows_of: dict[str, int] = {}
    blank = 0
    for row in table.rows:
        if row.is_blank:
            blank += 1
            continue
        duty_id = row.cells[id_col].strip().strip("\"'")
        if not duty_id:
            issues.append(Issue("no duty id", file=file, row=row.row,
                                field=table.header[id_col], expected="the duty's id"))
            continue
        if duty_id in rows_of:
            issues.append(Issue(f"duty {duty_id!r} is already in row {rows_of[duty_id]}",
                                file=file, row=row.row, field=table.header[id_col],
                                expected="one row per duty"))
            continue
        rows_of[duty_id] = row.row
        fields: dict[str, Any] = {"accountable": [], "responsible": [], "consulted": [],
                                  "informed": []}
        accountable_cols: list[str] = []
        for i, party in parties.items():
            letters = _letters(row.cells[i])
            if letters is None:
                issues.append(Issue(f"{row.cells[i].strip()!r} is not a RACI letter", file=file,
                                    row=row.row, field=table.header[i], expected=_EXPECTED_CELL))
                continue
            for letter in letters:
                fields[RACI_LETTERS[letter]].append(party)
            if "A" in letters:
                accountable_cols.append(table.header[i])
        if len(accountable_cols) > 1:
            issues.append(Issue(f"duty {duty_id!r} has {len(accountable_cols)} A's ("
                                + ", ".join(repr(c) for c in accountable_cols) + ")",
                                file=file, row=row.row, field=", ".join(accountable_cols),
                                expected="exactly one A (accountable) per duty"))
        if name_col is not None and row.cells[name_col].strip():
            fields["name"] = row.cells[name_col].strip()
        if controls_col is not None and row.cells[controls_col].strip():
            fields["controls"] = [c.strip() for c in row.cells[controls_col].split(";")
                                  if c.strip()]
        duties[duty_id] = fields
    if issues:
        raise ModelError(issues)
    data = model.model_dump(by_alias=True, mode="json", exclude_none=True)
    existing = {d["id"]: i for i, d in enumerate(data["duties"])}
    sources = dict(model._sources)
    for duty_id, fields in duties.items():
        if duty_id in existing:
            target = data["duties"][existing[duty_id]]
            for key in ("accountable", "responsible", "consulted", "informed"):
                target[key] = fields[key]
            for key in ("name", "controls"):
                if key in fields and not target.get(key):
                    target[key] = fields[key]
        else:
            sources[("duties", len(data["duties"]))] = f"{file}: row {rows_of[duty_id]}"
            data["duties"].append({"id": duty_id, **fields})
    merged = validate_model(data, source=file)
    merged.with_sources(sources)
    report = LoadReport(
        files=[FileAccount(file=file, part="raci", rows=len(table.rows), loaded=len(duties),
                           reported=blank)],
        counts={"RACI duties": len(duties),
                "RACI duties added": sum(1 for d in duties if d not in existing)},
        warnings=[w for w in table.warnings if w.code not in ("quote-damage", "long-row")])
    if blank:
        from ..loadreport import LoadWarning

        report = LoadReport(files=report.files, counts=report.counts, warnings=[
            *report.warnings, LoadWarning(code="blank-rows", file=file,
                                          message=f"{blank} blank row(s)", action="skipped")])
    previous = model.load_report()
    merged.with_load_report(previous.merged_with(report) if previous else report)
    return merged
