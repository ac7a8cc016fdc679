"""A model as a folder of CSV files, one per section, as a spreadsheet user keeps it.

``people.csv`` is required; every other file is optional. The header row names the
columns (any order on read, the order of :data:`COLUMNS` on write); an empty cell is
absent; list fields are ``;``-separated; booleans ``true``/``false``; dates
``YYYY-MM-DD``; a competency is ``id@YYYY-MM-DD`` (or a bare ``id``: no expiry; an id
that itself contains ``@`` is written ``id@`` when it has no expiry); an acknowledgement
is ``role@version``. The policy lives beside the CSV files in ``policy.yaml``.

Problems name the file, the row as a spreadsheet counts it (the header is row 1), the
column, and what was expected; every problem of the folder is reported at once.

>>> import tempfile, pathlib
>>> from graphkit.model import validate_model
>>> m = validate_model({"people": [{"id": "alice", "competencies": [
...     {"id": "iso27001-li", "expires": "2027-03-01"}]}], "roles": [{"id": "ism"}],
...     "assignments": [{"person": "alice", "role": "ism", "from": "2024-01-01"}]})
>>> with tempfile.TemporaryDirectory() as tmp:
...     write_csv_folder(m, tmp)
...     print(pathlib.Path(tmp, "people.csv").read_text(), end="")
...     again = read_csv_folder(tmp)
id,name,status,reports_to,department,competencies,acknowledged
alice,,active,,,iso27001-li@2027-03-01,
>>> again == m
True
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any

import yaml

from ..errors import InputError, Issue, ModelError
from ..model import (
    Acknowledgement,
    Asset,
    Assignment,
    Competency,
    Delegation,
    Duty,
    Model,
    Organisation,
    Person,
    Policy,
    Risk,
    Role,
    loc_to_field,
    validate_model,
)
from ._files import check_file, decode_text, read_bounded, relocate
from .yamljson import _Dumper, _plain, _yaml_line, read_yaml_mapping

__all__ = ["COLUMNS", "FILES", "POLICY_FILE", "CsvFolderData", "RowSources", "read_csv_data",
           "read_csv_folder", "validate_csv_data", "write_csv_folder"]

#: The columns of each section's file, in the order they are written.
COLUMNS: dict[str, tuple[str, ...]] = {
    "organisation": ("id", "name"),
    "people": ("id", "name", "status", "reports_to", "department", "competencies",
               "acknowledged"),
    "roles": ("id", "name", "description", "version", "authority", "critical", "min_holders",
              "requires", "inherits", "delegable", "reports_to", "department", "grade", "fte"),
    "assignments": ("person", "role", "deputy", "from", "until"),
    "assets": ("id", "name", "criticality", "owner", "custodians"),
    "risks": ("id", "title", "level", "owner", "treatment", "accepted_by", "accepted_on",
              "assets"),
    "duties": ("id", "name", "controls", "criticality", "authority", "requires", "accountable",
               "responsible", "consulted", "informed"),
    "delegations": ("id", "from", "to", "scope", "from_date", "until"),
}
#: The file of each section.
FILES: dict[str, str] = {section: f"{section}.csv" for section in COLUMNS}
#: The policy beside the CSV files (the same format ``--policy FILE`` takes).
POLICY_FILE = "policy.yaml"

_CLASSES: dict[str, type[Any]] = {
    "organisation": Organisation, "people": Person, "roles": Role, "assignments": Assignment,
    "assets": Asset, "risks": Risk, "duties": Duty, "delegations": Delegation,
}
_LISTS = {
    "people": {"competencies", "acknowledged"},
    "roles": {"requires", "inherits"},
    "assets": {"owner", "custodians"},
    "risks": {"owner", "assets"},
    "duties": {"controls", "requires", "accountable", "responsible", "consulted", "informed"},
}
_ORDER = ("organisation", "people", "roles", "assignments", "assets", "risks", "duties",
          "delegations", "policy")


def _required(section: str) -> list[str]:
    cls = _CLASSES[section]
    return [f.alias or n for n, f in cls.model_fields.items() if f.is_required()]


def _attribute(section: str, column: str) -> str:
    cls = _CLASSES[section]
    name: str = next(n for n, f in cls.model_fields.items() if column in (n, f.alias))
    return name


# --- reading ----------------------------------------------------------------------------

def _split(cell: str) -> list[str]:
    """A ``;``-separated list cell.

    >>> _split("role:it-ops; person:dave;")
    ['role:it-ops', 'person:dave']
    """
    return [item.strip() for item in cell.split(";") if item.strip()]


def _competencies(cell: str) -> list[dict[str, str]]:
    """``id@YYYY-MM-DD`` items (the last ``@`` splits; nothing after it: no expiry).

    >>> _competencies("iso27001-li@2027-03-01;cissp;x@y@")
    [{'id': 'iso27001-li', 'expires': '2027-03-01'}, {'id': 'cissp'}, {'id': 'x@y'}]
    """
    out = []
    for item in _split(cell):
        id_, at, expires = item.rpartition("@")
        if not at:
            out.append({"id": item})
        elif expires:
            out.append({"id": id_, "expires": expires})
        else:
            out.append({"id": id_})
    return out


class _CellError(ValueError):
    """A cell that does not follow its column's encoding."""


def _acknowledgements(cell: str) -> list[dict[str, str]]:
    """``role@version`` items.

    >>> _acknowledgements("ism@3;staff@1")
    [{'role': 'ism', 'version': '3'}, {'role': 'staff', 'version': '1'}]
    """
    out = []
    for item in _split(cell):
        role, at, version = item.rpartition("@")
        if not at or not role or not version:
            raise _CellError(item)
        out.append({"role": role, "version": version})
    return out


def _converter(section: str, column: str) -> Callable[[str], Any] | None:
    if section == "people" and column == "competencies":
        return _competencies
    if section == "people" and column == "acknowledged":
        return _acknowledgements
    if column in _LISTS.get(section, ()):
        return _split
    return None


class _Sheet:
    """One CSV file read: its rows as dicts (non-empty cells only) and their row numbers."""

    def __init__(self, path: Path, section: str) -> None:
        self.path = path
        self.section = section
        self.rows: list[dict[str, Any]] = []
        self.row_numbers: list[int] = []
        self.issues: list[Issue] = []
        self.columns: list[str] = []


def _read_sheet(path: Path, section: str) -> _Sheet:
    """Read one section file. Header problems raise; cell problems are collected."""
    sheet = _Sheet(path, section)
    expected_cols = COLUMNS[section]
    size = check_file(path, f"a CSV file with the header {','.join(expected_cols)}")
    if size == 0:
        raise InputError(Issue("empty file", file=str(path),
                               expected=f"a header row: {','.join(expected_cols)}"))
    reader = None
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            reader = csv.reader(f, strict=True)
            records = list(reader)
    except UnicodeDecodeError:
        decode_text(read_bounded(path), path)  # raises, naming the line
        raise
    except csv.Error as exc:
        raise InputError(Issue(f"malformed CSV: {exc}", file=str(path),
                               line=reader.line_num if reader else None,
                               expected="comma-separated values, text with commas, quotes "
                                        "or line breaks in double quotes")) from None
    except OSError as exc:
        raise InputError(Issue(f"cannot read: {exc.strerror or exc}", file=str(path),
                               expected="a readable CSV file")) from None
    first = next((i for i, r in enumerate(records) if any(c.strip() for c in r)), None)
    if first is None:
        raise InputError(Issue("empty file", file=str(path),
                               expected=f"a header row: {','.join(expected_cols)}"))
    header = [c.strip() for c in records[first]]
    _check_header(header, path, section, first + 1)
    sheet.columns = header
    converters = [_converter(section, c) for c in header]
    width = len(header)
    for number, record in enumerate(records[first + 1:], start=first + 2):
        if not any(c.strip() for c in record):
            continue  # a blank row
        if len(record) > width and any(c.strip() for c in record[width:]):
            sheet.issues.append(Issue(
                f"{len(record)} cells, but the header has {width} columns", file=str(path),
                row=number, expected="one cell per column of the header"))
        row: dict[str, Any] = {}
        for name, conv, cell in zip(header, converters, record):
            if cell == "":
                continue
            if conv is None:
                row[name] = cell
                continue
            try:
                row[name] = conv(cell)
            except _CellError as exc:
                sheet.issues.append(Issue(f"'{exc.args[0]}' is not role@version",
                                          file=str(path), row=number, field=name,
                                          expected="role@version, e.g. ism@3"))
        sheet.rows.append(row)
        sheet.row_numbers.append(number)
    return sheet


def _check_header(header: list[str], path: Path, section: str, row: int) -> None:
    expected = COLUMNS[section]
    wanted = ",".join(expected)
    problems = []
    unknown = [c for c in header if c not in expected]
    if unknown:
        problems.append("unknown column" + ("s " if len(unknown) > 1 else " ")
                        + ", ".join(f"'{c}'" for c in unknown))
    twice = sorted({c for c in header if c and header.count(c) > 1})
    if twice:
        problems.append("column" + ("s " if len(twice) > 1 else " ")
                        + ", ".join(f"'{c}'" for c in twice) + " more than once")
    missing = [c for c in _required(section) if c not in header]
    if missing:
        problems.append("missing required column" + ("s " if len(missing) > 1 else " ")
                        + ", ".join(f"'{c}'" for c in missing))
    if problems:
        raise InputError(Issue("wrong header: " + "; ".join(problems), file=str(path), row=row,
                               expected=f"the columns {wanted} (any order; only "
                                        + ", ".join(_required(section)) + " required)"))


@dataclass
class CsvFolderData:
    """A CSV folder read but not yet validated: the plain data (as YAML would give it),
    the sheets it came from (for row numbers) and the problems found in cells."""

    root: Path
    data: dict[str, Any]
    sheets: dict[str, _Sheet]
    policy_path: Path
    policy_root: Any
    cell_issues: list[Issue]


def read_csv_folder(folder: str | Path) -> Model:
    """Read a model from a folder of CSV files (see the module's description).

    Raises :class:`~graphkit.errors.InputError` when the folder cannot be read and
    :class:`~graphkit.errors.ModelError` with every problem (file, row, column, what was
    expected) when the files or the model are not valid.

    A folder the columnar fast path (:mod:`graphkit.loaders.columns`) proves valid is
    read that way; any other goes through :func:`read_csv_data` and
    :func:`validate_csv_data`, which report the problems. Both give equal models.
    """
    from .columns import model_from_columns, validated_columns

    columns = validated_columns(folder)
    if columns is not None:
        return model_from_columns(columns)
    return validate_csv_data(read_csv_data(folder))


def read_csv_data(folder: str | Path) -> CsvFolderData:
    """The first half of :func:`read_csv_folder`: read every file of the folder into
    plain data, raising :class:`~graphkit.errors.ModelError` for unreadable files and
    headers (cell problems are kept for :func:`validate_csv_data`)."""
    root = Path(folder)
    if not root.is_dir():
        raise InputError(Issue("no such folder", file=str(root),
                               expected="a folder of CSV files with at least people.csv"))
    fatal: list[Issue] = []
    known = set(FILES.values())
    try:
        present = sorted(p.name for p in root.iterdir())
    except OSError as exc:
        raise InputError(Issue(f"cannot read the folder: {exc.strerror or exc}",
                               file=str(root), expected="a readable folder")) from None
    for name in present:
        if name.lower().endswith(".csv") and name not in known:
            fatal.append(Issue("unknown file", file=str(root / name),
                               expected="only " + ", ".join(FILES.values())
                                        + f" and {POLICY_FILE}"))
    sheets: dict[str, _Sheet] = {}
    for section, name in FILES.items():
        path = root / name
        if name not in present:
            if section == "people":
                fatal.append(Issue("missing file", file=str(path),
                                   expected="people.csv in every CSV model folder, with the "
                                            "header " + ",".join(COLUMNS["people"])))
            continue
        try:
            sheets[section] = _read_sheet(path, section)
        except InputError as exc:
            fatal.append(exc.issue)
    policy_root = None
    policy_path = root / POLICY_FILE
    data: dict[str, Any] = {}
    if POLICY_FILE in present:
        try:
            data["policy"], policy_root = read_yaml_mapping(
                policy_path, "a policy (max_delegation_depth, acceptance_authority, sod, ...)")
        except InputError as exc:
            fatal.append(exc.issue)
    if fatal:
        raise ModelError(fatal)

    cell_issues = [i for s in sheets.values() for i in s.issues]
    for section, sheet in sheets.items():
        if section == "organisation":
            if len(sheet.rows) > 1:
                cell_issues.append(Issue(
                    "more than one organisation", file=str(sheet.path),
                    row=sheet.row_numbers[1], expected="one row below the header"))
            if sheet.rows:
                data["organisation"] = sheet.rows[0]
        else:
            data[section] = sheet.rows
    return CsvFolderData(root, data, sheets, policy_path, policy_root, cell_issues)


def validate_csv_data(read: CsvFolderData) -> Model:
    """The second half of :func:`read_csv_folder`: validate what :func:`read_csv_data`
    read into a :class:`~graphkit.model.Model`, every problem located by file, row and
    column, and attach where each element came from."""
    root, data, sheets = read.root, read.data, read.sheets
    policy_path, policy_root, cell_issues = read.policy_path, read.policy_root, read.cell_issues

    def locate(loc: tuple[str | int, ...]) -> tuple[str | None, int | None, int | None,
                                                     str | None]:
        if not loc:
            return str(root), None, None, None
        section = str(loc[0])
        if section == "policy":
            if policy_root is None:
                return str(policy_path), None, None, None
            return (str(policy_path), _yaml_line(policy_root, loc[1:]), None,
                    loc_to_field(loc[1:]))
        sheet = sheets.get(section)
        if sheet is None:
            return str(root / FILES.get(section, section)), None, None, None
        rest = loc[1:]
        if section == "organisation":
            rest = (0, *rest)
        if not rest or not isinstance(rest[0], int) or rest[0] >= len(sheet.row_numbers):
            return str(sheet.path), None, None, None
        row = sheet.row_numbers[rest[0]]
        if len(rest) < 2:
            return str(sheet.path), None, row, ""
        field = str(rest[1])
        if len(rest) > 2 and isinstance(rest[2], int):
            field += f" item {rest[2] + 1}"
        return str(sheet.path), None, row, field

    def order(issue: Issue) -> tuple[object, ...]:
        name = Path(issue.file or "").name
        section = "policy" if name == POLICY_FILE else name.removesuffix(".csv")
        rank = _ORDER.index(section) if section in _ORDER else len(_ORDER)
        sheet = sheets.get(section)
        col = (sheet.columns.index(issue.field.split(" ")[0])
               if sheet and issue.field and issue.field.split(" ")[0] in sheet.columns else -1)
        return (rank, issue.row or issue.line or 0, col)

    try:
        model = validate_model(data)
    except ModelError as exc:
        error = relocate(exc, locate)
        raise ModelError(sorted(cell_issues + error.issues, key=order)) from None
    if cell_issues:
        raise ModelError(sorted(cell_issues, key=order))
    policy_lines: dict[tuple[str, int], str] = {}
    if policy_root is not None:
        from .yamljson import _yaml_item_lines

        for part in ("sod", "exceptions"):
            for i, line in enumerate(_yaml_item_lines(policy_root, (part,))):
                policy_lines[(part, i)] = f"{policy_path}:{line}"
    return model.with_sources(RowSources(
        {section: (str(sheet.path), sheet.row_numbers) for section, sheet in sheets.items()},
        policy_lines))


class RowSources(Mapping[tuple[str, int], str]):
    """Where each element of a CSV folder was read from, ``("people", 3) -> "people.csv:
    row 5"``, computed when asked rather than stored as one string per row.

    >>> src = RowSources({"people": ("people.csv", [2, 4])}, {("sod", 0): "policy.yaml:3"})
    >>> src[("people", 1)], src.get(("people", 2)), len(src)
    ('people.csv: row 4', None, 3)
    >>> dict(src) == {("people", 0): "people.csv: row 2", ("people", 1): "people.csv: row 4",
    ...               ("sod", 0): "policy.yaml:3"}
    True
    """

    def __init__(self, sheets: dict[str, tuple[str, Sequence[int]]],
                 extra: dict[tuple[str, int], str]) -> None:
        self._sheets = sheets
        self._extra = extra

    def __getitem__(self, key: tuple[str, int]) -> str:
        found = self._sheets.get(key[0])
        if found is not None:
            path, rows = found
            if isinstance(key[1], int) and 0 <= key[1] < len(rows):
                return f"{path}: row {rows[key[1]]}"
            raise KeyError(key)
        return self._extra[key]

    def __iter__(self) -> Iterator[tuple[str, int]]:
        for section, (_path, rows) in self._sheets.items():
            for i in range(len(rows)):
                yield (section, i)
        yield from self._extra

    def __len__(self) -> int:
        return sum(len(rows) for _path, rows in self._sheets.values()) + len(self._extra)


# --- writing ----------------------------------------------------------------------------

def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return ";".join(_item(v) for v in value)
    return str(value)


def _item(value: Any) -> str:
    if isinstance(value, Competency):
        if value.expires is not None:
            return f"{value.id}@{value.expires.isoformat()}"
        return f"{value.id}@" if "@" in value.id else value.id
    if isinstance(value, Acknowledgement):
        return f"{value.role}@{value.version}"
    return str(value)


def _write_sheet(path: Path, section: str, items: Iterable[Any]) -> None:
    columns = COLUMNS[section]
    attrs = [_attribute(section, c) for c in columns]
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\r\n")  # quotes a lone \r too
        writer.writerow(columns)
        writer.writerows([_cell(getattr(item, a)) for a in attrs] for item in items)


def write_csv_folder(model: Model, folder: str | Path) -> None:
    """Write ``model`` as a folder of CSV files (created if needed), one per section, every
    section's file with its header even when empty; ``organisation.csv`` and
    ``policy.yaml`` only when the model has them (a stale one is removed)."""
    root = Path(folder)
    root.mkdir(parents=True, exist_ok=True)
    for section in COLUMNS:
        path = root / FILES[section]
        if section == "organisation":
            if model.organisation is None:
                path.unlink(missing_ok=True)
                continue
            _write_sheet(path, section, [model.organisation])
        else:
            _write_sheet(path, section, getattr(model, section))
    policy_path = root / POLICY_FILE
    if model.policy == Policy():
        policy_path.unlink(missing_ok=True)
    else:
        data = _plain(model.policy.model_dump(mode="python", by_alias=True,
                                              exclude_defaults=True))
        policy_path.write_text(yaml.dump(data, Dumper=_Dumper, sort_keys=False,
                                         allow_unicode=True, default_flow_style=False,
                                         width=100), encoding="utf-8")
