"""Spreadsheets as rows of text: CSV (any of the usual encodings, quote damage repaired
where it can be, said where it cannot) and XLSX (openpyxl, read-only), within limits.

A :class:`Table` has the header and every data row with its spreadsheet row number (the
header is row 1) and, for CSV, the text line it starts on. Nothing is dropped here: a row
with too few cells is padded, extra cells are kept in a warning, and a record broken by
a stray quote is re-read one line at a time. Every repair is a
:class:`~graphkit.loadreport.LoadWarning`.

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "t.csv").write_text('id,name\\n1,"Ann\\n2,Bob\\n', encoding="utf-8")
>>> t = read_table(d / "t.csv")
>>> [(r.row, r.cells) for r in t.rows]
[(2, ('1', 'Ann')), (3, ('2', 'Bob'))]
>>> print(t.warnings[0].message)
unclosed quote ran into the next line(s): removed the stray quote at character 3
"""

from __future__ import annotations

import csv
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from ..errors import InputError, Issue
from ..loadreport import LoadWarning

__all__ = ["TABLE_SUFFIXES", "Limits", "Table", "TableRow", "read_table"]

#: File name endings read as spreadsheets.
TABLE_SUFFIXES: tuple[str, ...] = (".csv", ".xlsx", ".xlsm")

_MAX_QUOTE_TRIES = 64
_LINE_RE = re.compile(r"[^\r\n]*(?:\r\n|\n|\r|$)")


@dataclass(frozen=True)
class Limits:
    """What one input file may make us allocate. Exceeding one is an
    :class:`~graphkit.errors.InputError` naming the limit and how to raise it."""

    max_bytes: int = 64 * 1024 * 1024
    max_unpacked_bytes: int = 512 * 1024 * 1024
    max_rows: int = 1_000_000
    max_columns: int = 1_000


@dataclass(frozen=True)
class TableRow:
    """One data row: spreadsheet ``row`` (header = 1), text ``line`` (CSV), its cells
    (exactly as many as the header has columns)."""

    row: int
    line: int | None
    cells: tuple[str, ...]

    @property
    def is_blank(self) -> bool:
        return not any(c.strip() for c in self.cells)


@dataclass
class Table:
    file: str
    header: tuple[str, ...]
    rows: list[TableRow] = field(default_factory=list)
    warnings: list[LoadWarning] = field(default_factory=list)
    encoding: str = "utf-8"


def read_table(path: Path, *, limits: Limits | None = None, sheet: str | None = None,
               single_line_columns: frozenset[int] = frozenset(),
               header_row: int = 1) -> Table:
    """Read a CSV or XLSX file as a :class:`Table`.

    ``single_line_columns`` are columns (indexes) that may not hold a line break: a
    record whose cell there spans lines is read as quote damage. ``header_row`` is the
    spreadsheet row of the header (rows above it are ignored).
    """
    limits = limits or Limits()
    if not path.is_file():
        raise InputError(Issue("no such file", file=str(path), expected="a .csv or .xlsx file"))
    size = path.stat().st_size
    if size > limits.max_bytes:
        raise InputError(Issue(
            f"file is {size} bytes, more than the limit of {limits.max_bytes}", file=str(path),
            expected="a smaller file, or a higher limits.max_bytes in the mapping"))
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _read_csv(path, limits, single_line_columns, header_row)
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path, limits, sheet, header_row)
    raise InputError(Issue(f"cannot read '{path.suffix or path.name}' files", file=str(path),
                           expected="a .csv or .xlsx file"))


# --- CSV ----------------------------------------------------------------------------------

def _decode(path: Path, data: bytes) -> tuple[str, str, list[LoadWarning]]:
    try:
        return data.decode("utf-8-sig"), "utf-8", []
    except UnicodeDecodeError as exc:
        where = exc.start
    for encoding in ("cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        line = data.count(b"\n", 0, where) + 1
        return text, encoding, [LoadWarning(
            code="encoding", file=str(path), line=line,
            message=f"not UTF-8 (first bad byte at offset {where}, line {line})",
            action=f"read the whole file as {encoding}")]
    raise AssertionError("latin-1 decodes every byte")  # pragma: no cover


class _Feed:
    """Physical lines from ``pos`` on, counting how many the csv reader took."""

    def __init__(self, lines: list[str], pos: int) -> None:
        self.lines = lines
        self.pos = pos

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        if self.pos >= len(self.lines):
            raise StopIteration
        self.pos += 1
        return self.lines[self.pos - 1]


def _parse_line(line: str, **fmt: Any) -> list[str] | None:
    try:
        records = list(csv.reader([line.rstrip("\r\n")], strict=False, **fmt))
    except csv.Error:
        return None
    if len(records) != 1:
        return [] if not records else None
    return records[0]


def _repair(line: str, width: int) -> tuple[list[str], str]:
    """Re-read one physical line damaged by quotes: drop one stray quote, or read it with
    quotes as plain characters; say how."""
    text = line.rstrip("\r\n")
    positions = [i for i, ch in enumerate(text) if ch == '"'][:_MAX_QUOTE_TRIES]
    for i in positions:
        cells = _parse_line(text[:i] + text[i + 1:])
        if cells is not None and len(cells) == width:
            return cells, f"removed the stray quote at character {i + 1}"
    cells = _parse_line(text, quoting=csv.QUOTE_NONE)
    if cells is not None and len(cells) == width:
        return [c.replace('"', "") for c in cells], "read the line with quotes as plain text"
    return _parse_line(text) or [], "read the line alone"


def _read_csv(path: Path, limits: Limits, single_line: frozenset[int],
              header_row: int) -> Table:
    text, encoding, warnings = _decode(path, path.read_bytes())
    lines = [m.group(0) for m in _LINE_RE.finditer(text) if m.group(0)]
    file = str(path)
    feed = _Feed(lines, 0)
    reader = csv.reader(feed, strict=False)
    header: list[str] | None = None
    table = Table(file=file, header=(), warnings=warnings, encoding=encoding)
    row = 0
    while True:
        begin = feed.pos
        try:
            record = next(reader)
            error = None
        except StopIteration:
            break
        except csv.Error as exc:  # a field over the csv module's limit: a runaway quote
            record, error = [], str(exc)
        span = feed.pos - begin
        row += 1
        if row < header_row:
            continue
        if header is None:
            if span > 1 or error:
                raise InputError(Issue("the header row is damaged (a quote runs past its "
                                       "line)", file=file, row=row,
                                       expected="one line of column names"))
            header = [c.strip() for c in record]
            if len(header) > limits.max_columns:
                raise InputError(Issue(
                    f"{len(header)} columns, more than the limit of {limits.max_columns}",
                    file=file, row=row, expected="fewer columns, or a higher "
                                                 "limits.max_columns in the mapping"))
            table.header = tuple(header)
            continue
        width = len(header)
        if len(table.rows) >= limits.max_rows:
            raise InputError(Issue(
                f"more than {limits.max_rows} data rows", file=file, row=row,
                expected="fewer rows, or a higher limits.max_rows in the mapping"))
        unclosed = (span > 1 and feed.pos >= len(lines)
                    and "".join(lines[begin:]).count('"') % 2 == 1)
        damaged = error is not None or unclosed or (span > 1 and (
            len(record) != width
            or any("\n" in record[i] or "\r" in record[i] for i in single_line
                   if i < len(record))))
        if damaged:
            cells, how = _repair(lines[begin], width)
            what = error or ("unclosed quote ran into the next line(s)" if span > 1
                             else "quote damage")
            warnings.append(LoadWarning(
                code="quote-damage", file=file, row=row, line=begin + 1,
                found=lines[begin].rstrip("\r\n"), message=f"{what}: {how}",
                action="read the row from its own line; the lines after it are read as "
                       "rows of their own"))
            feed = _Feed(lines, begin + 1)
            reader = csv.reader(feed, strict=False)
            record = cells
        table.rows.append(TableRow(row=row, line=begin + 1,
                                   cells=_fit(record, width, file, row, begin + 1, header,
                                              warnings)))
    if header is None:
        raise InputError(Issue("the file is empty", file=file,
                               expected="a header row of column names"))
    return table


def _fit(record: list[str], width: int, file: str, row: int, line: int | None,
         header: list[str], warnings: list[LoadWarning]) -> tuple[str, ...]:
    """Exactly ``width`` cells: pad a short row, keep the extra cells of a long one in a
    warning."""
    if not record:
        return ("",) * width
    if len(record) < width:
        warnings.append(LoadWarning(
            code="short-row", file=file, row=row, line=line,
            message=f"{len(record)} cells where the header has {width}",
            action=f"read the missing cells ({', '.join(repr(h) for h in header[len(record):])})"
                   " as empty"))
        return tuple(record) + ("",) * (width - len(record))
    extra = record[width:]
    if any(c.strip() for c in extra):
        warnings.append(LoadWarning(
            code="long-row", file=file, row=row, line=line, found=",".join(extra),
            message=f"{len(record)} cells where the header has {width}",
            action="ignored the cells beyond the header"))
    return tuple(record[:width])


# --- XLSX ---------------------------------------------------------------------------------

def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _read_xlsx(path: Path, limits: Limits, sheet: str | None, header_row: int) -> Table:
    import openpyxl  # the xlsx extra; listed in the test extra

    file = str(path)
    try:
        with zipfile.ZipFile(path) as zf:
            unpacked = sum(i.file_size for i in zf.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputError(Issue(f"not a readable .xlsx file ({exc})", file=file,
                               expected="an Excel workbook (.xlsx)")) from None
    if unpacked > limits.max_unpacked_bytes:
        raise InputError(Issue(
            f"the workbook unpacks to {unpacked} bytes, more than the limit of "
            f"{limits.max_unpacked_bytes}", file=file,
            expected="a smaller workbook, or a higher limits.max_unpacked_bytes"))
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, TypeError,
            OSError) as exc:  # what openpyxl raises for a broken workbook
        raise InputError(Issue(f"not a readable .xlsx file ({type(exc).__name__}: {exc})",
                               file=file, expected="an Excel workbook (.xlsx)")) from None
    try:
        if sheet is not None and sheet not in wb.sheetnames:
            raise InputError(Issue(f"no sheet named '{sheet}'", file=file,
                                   expected="one of " + ", ".join(map(repr, wb.sheetnames))))
        ws = wb[sheet] if sheet is not None else wb.worksheets[0]
        table = Table(file=file if sheet is None else f"{file}[{sheet}]", header=())
        width = 0
        blank: list[int] = []
        for row, values in enumerate(ws.iter_rows(values_only=True,
                                                  max_col=limits.max_columns + 1), start=1):
            if row < header_row:
                continue
            cells = [_cell_text(v) for v in values]
            if row == header_row:
                while cells and not cells[-1].strip():
                    cells.pop()
                if len(cells) > limits.max_columns:
                    raise InputError(Issue(
                        f"more than {limits.max_columns} columns", file=file, row=row,
                        expected="fewer columns, or a higher limits.max_columns"))
                table.header = tuple(c.strip() for c in cells)
                width = len(cells)
                continue
            if not any(c.strip() for c in cells):
                # a sheet's formatted area may run far below its data: blank rows count
                # only when a row with data follows them
                blank.append(row)
                continue
            if len(table.rows) + len(blank) >= limits.max_rows:
                raise InputError(Issue(
                    f"more than {limits.max_rows} data rows", file=file, row=row,
                    expected="fewer rows, or a higher limits.max_rows in the mapping"))
            table.rows.extend(TableRow(row=b, line=None, cells=("",) * width) for b in blank)
            blank.clear()
            table.rows.append(TableRow(row=row, line=None, cells=_fit(
                cells, width, table.file, row, None, list(table.header), table.warnings)))
        if not table.header:
            raise InputError(Issue("the sheet is empty", file=table.file,
                                   expected="a header row of column names"))
        return table
    finally:
        wb.close()
