"""The columnar fast path for a CSV folder: read with polars, validated column by column.

A CSV folder (see :mod:`graphkit.loaders.csvfolder`) of a large organisation has millions
of rows; reading it with the csv module and validating one pydantic object per row costs
about a minute and gigabytes at a million people. :func:`validated_columns` reads every
file of the folder as text with polars and checks the same rules column-wise: ids by
one regular expression over the column, duplicates, enumerations, dates, whole numbers
and their bounds, booleans, ``;`` lists, competencies ``id@YYYY-MM-DD``, acknowledgements
``role@version``, and references by membership in the id columns of each kind they
admit (a bare id where one kind fits, ``kind:id`` otherwise, ambiguity when a bare id is
two kinds), inheritance without cycles, and the policy.

**It only ever says "valid".** At the first doubt (a cell that fails any rule, a header
that is not exactly right, a quoting or line ending the csv module might read otherwise,
a rare form the fast path does not implement) it returns ``None`` and the caller reads
the folder the reference way (:func:`~graphkit.loaders.csvfolder.read_csv_data` and
:func:`~graphkit.loaders.csvfolder.validate_csv_data`), which finds and words every
problem. So the errors of an invalid folder are the reference path's, by construction.

It reads what other tools write when the reference reads it with the same meaning: a
byte-order mark, CRLF or LF line ends, columns in any order, header names with spaces
around them, every cell quoted, quoted cells holding line breaks (a record spanning
several lines is one row, as the csv module counts records; each such record is read
again by the csv module and must agree with polars), booleans in the words pydantic
reads (``TRUE``, ``True``, ``t``, ``1``, ``yes``, ...), whole numbers written ``3.0``.

:func:`validated_data` does the same for a YAML or JSON model file's parsed data: each
value becomes the text of the CSV cell that means the same to the reference (and a value
whose cell might mean something else makes it step aside), and the cells go through the
same rules, so no rule is written twice.

:func:`model_from_columns` builds the :class:`~graphkit.model.Model` from validated
columns without validating each field again: an object equal to the one the reference
path gives, with the same ``Model.source_of`` rows (or the lines the caller gives).

>>> import tempfile
>>> from graphkit.model import validate_model
>>> from graphkit.loaders.csvfolder import write_csv_folder
>>> m = validate_model({"people": [{"id": "alice"}, {"id": "bob", "reports_to": "alice"}],
...     "roles": [{"id": "ism", "critical": True}],
...     "assignments": [{"person": "bob", "role": "ism", "from": "2024-01-01"}],
...     "assets": [{"id": "crm", "owner": "ism", "custodians": ["bob"]}]})
>>> with tempfile.TemporaryDirectory() as tmp:
...     write_csv_folder(m, tmp)
...     cols = validated_columns(tmp)
...     fast = model_from_columns(cols)
>>> cols["assets"].select("row", "id", "owner", "custodians").rows()
[(2, 'crm', ['role:ism'], ['person:bob'])]
>>> fast == m, fast.source_of("people", 1).endswith("people.csv: row 3")
(True, True)
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from itertools import chain, islice, repeat
from operator import is_not
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
from pydantic import BaseModel

from ..errors import InputError, ModelError
from ..model import (
    KINDS,
    SECTION_OF_KIND,
    Acknowledgement,
    Asset,
    Assignment,
    Competency,
    Criticality,
    Delegation,
    Duty,
    Model,
    Organisation,
    Person,
    Policy,
    Risk,
    Role,
    Status,
    Treatment,
    validate_model,
)
from ._files import read_bounded
from .csvfolder import COLUMNS, FILES, POLICY_FILE, RowSources

__all__ = ["Columns", "ListCells", "model_from_columns", "section_frame", "validated_columns",
           "validated_data", "validated_sections"]

# --- what each column holds --------------------------------------------------------------

# The id rule of graphkit.model._ID_RE in the regex dialect of polars (Rust). Rust's `\s`
# is Unicode White_Space, which is Python's whitespace minus \x1c-\x1f (excluded here as
# control characters anyway), and Rust's `$` does not match before a final newline, so
# every id this accepts, Python's rule accepts.
_ID = r"^[^\s;\x00-\x1f\x7f](?:[^;\x00-\x1f\x7f]*[^\s;\x00-\x1f\x7f])?$"
_ID_MAX = 256
# ASCII digits only (Python's `\d` also takes other scripts' digits: those go the long way).
_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
_INT = r"^[0-9]{1,9}$"
# a whole number as pydantic reads it from text, also with a fraction of zeros ("3.0",
# as pandas writes a column of whole numbers with gaps): the digits before the point
_WHOLE = r"^([0-9]{1,9})(?:\.0{1,9})?$"
# (decimals and exponents polars and Python both round correctly to the nearest float)
_FLOAT = r"^[0-9]{1,15}(?:\.[0-9]{1,20})?(?:[eE][-+]?[0-9]{1,2})?$"
# the words pydantic reads as booleans, in any ASCII case ("TRUE" from spreadsheets,
# "True" from pandas, "t" from PostgreSQL, "1" from many databases)
_TRUE = ("1", "t", "y", "on", "yes", "true")
_FALSE = ("0", "f", "n", "no", "off", "false")
# A reference whose text begins with a kind's prefix (``role:``) is read as ``kind:id``.
_TYPED = r"^(?:" + "|".join(KINDS) + r"):"


@dataclass(frozen=True)
class _Col:
    """The rule for one column: ``kind`` is id, text, enum, bool, int, float, date, ref,
    ids (a list of ids), refs (a list of references), competencies or acknowledged."""

    kind: str
    kinds: tuple[str, ...] = ()  # the kinds a reference admits
    dangling: bool = False  # a reference that may name nobody in the model
    values: tuple[str, ...] = ()  # an enumeration's values
    default: Any = None
    ge: int | None = None
    le: int | None = None
    required: bool = False


_ID_COL = _Col("id", required=True)
_TEXT = _Col("text")
_DAY = _Col("date")
_CRIT = _Col("enum", values=tuple(c.value for c in Criticality), default="medium")


def _ref(*kinds: str, dangling: bool = False, required: bool = False) -> _Col:
    return _Col("ref", kinds=kinds, dangling=dangling, required=required)


def _refs(*kinds: str) -> _Col:
    return _Col("refs", kinds=kinds)


_PARTIES = _refs("person", "role")
#: The columns whose references :attr:`Columns.party_codes` keeps: people and roles
#: that must exist (none that may dangle).
_PARTY_COLUMNS = frozenset({
    ("assets", "owner"), ("assets", "custodians"), ("risks", "owner"),
    ("duties", "accountable"), ("duties", "responsible"), ("duties", "consulted"),
    ("duties", "informed"), ("delegations", "from"), ("delegations", "to"),
    ("assignments", "person"), ("assignments", "role")})

#: The rule of every column of every section, in the order of the model's fields.
_SPEC: dict[str, dict[str, _Col]] = {
    "organisation": {"id": _ID_COL, "name": _TEXT},
    "people": {
        "id": _ID_COL, "name": _TEXT,
        "status": _Col("enum", values=tuple(s.value for s in Status), default="active"),
        "reports_to": _ref("person", dangling=True), "department": _TEXT,
        "competencies": _Col("competencies"), "acknowledged": _Col("acknowledged"),
    },
    "roles": {
        "id": _ID_COL, "name": _TEXT, "description": _TEXT,
        "version": _Col("int", ge=1), "authority": _Col("int", ge=1, le=5),
        "critical": _Col("bool", default=False), "min_holders": _Col("int", ge=0),
        "requires": _Col("ids"), "inherits": _refs("role"),
        "delegable": _Col("bool", default=True), "reports_to": _ref("role", dangling=True),
        "department": _TEXT, "grade": _TEXT, "fte": _Col("float", ge=0),
    },
    "assignments": {
        "person": _ref("person", required=True), "role": _ref("role", required=True),
        "deputy": _Col("bool", default=False), "from": _DAY, "until": _DAY,
    },
    "assets": {"id": _ID_COL, "name": _TEXT, "criticality": _CRIT, "owner": _PARTIES,
               "custodians": _PARTIES},
    "risks": {
        "id": _ID_COL, "title": _TEXT, "level": _CRIT, "owner": _PARTIES,
        "treatment": _Col("enum", values=tuple(t.value for t in Treatment)),
        "accepted_by": _ref("person"), "accepted_on": _DAY, "assets": _refs("asset"),
    },
    "duties": {
        "id": _ID_COL, "name": _TEXT, "controls": _Col("ids"), "criticality": _CRIT,
        "authority": _Col("int", ge=1, le=5), "requires": _Col("ids"),
        "accountable": _PARTIES, "responsible": _PARTIES, "consulted": _PARTIES,
        "informed": _PARTIES,
    },
    "delegations": {
        "id": _ID_COL, "from": _ref("person", "role", required=True),
        "to": _ref("person", "role", required=True),
        "scope": _ref("duty", "asset", "risk", required=True),
        "from_date": _DAY, "until": _DAY,
    },
}

_CLASSES: dict[str, type[Any]] = {
    "organisation": Organisation, "people": Person, "roles": Role, "assignments": Assignment,
    "assets": Asset, "risks": Risk, "duties": Duty, "delegations": Delegation,
}
_ENUMS: dict[tuple[str, str], type[Enum]] = {
    ("people", "status"): Status, ("assets", "criticality"): Criticality,
    ("risks", "level"): Criticality, ("risks", "treatment"): Treatment,
    ("duties", "criticality"): Criticality,
}
_COMPETENCY = pl.Struct({"id": pl.String, "expires": pl.Date})
_ACKNOWLEDGEMENT = pl.Struct({"role": pl.String, "version": pl.Int64})
_DTYPES: dict[str, pl.DataType] = {
    "id": pl.String(), "text": pl.String(), "enum": pl.String(), "ref": pl.String(),
    "bool": pl.Boolean(), "int": pl.Int64(), "float": pl.Float64(), "date": pl.Date(),
    "ids": pl.List(pl.String), "refs": pl.List(pl.String),
    "competencies": pl.List(_COMPETENCY), "acknowledged": pl.List(_ACKNOWLEDGEMENT),
}


def _attributes(section: str) -> dict[str, str]:
    """Column name -> the model's attribute name (``from`` -> ``from_``)."""
    cls = _CLASSES[section]
    return {f.alias or n: n for n, f in cls.model_fields.items()}


def _spec_is_the_model() -> bool:
    """The rules above cover exactly the model's fields and the CSV format's columns, in
    the model's order (so a field added to the model turns the fast path off, not wrong)."""
    return all(list(_SPEC[s]) == list(_attributes(s)) == list(COLUMNS[s]) for s in COLUMNS)


_ENABLED = _spec_is_the_model()


# --- the result -------------------------------------------------------------------------

@dataclass(frozen=True)
class Columns:
    """A CSV folder read and validated column-wise: one polars frame per section.

    Every frame has a ``row`` column (the row of the file as a spreadsheet counts it, the
    header being row 1) and one column per column of the CSV format
    (:data:`~graphkit.loaders.csvfolder.COLUMNS`, e.g. ``from`` for an assignment's start),
    whether or not the file had it:

    - ids and text: ``String`` (an empty cell is null);
    - enumerations (``status``, ``criticality``, ``level``, ``treatment``): ``String``,
      the default filled in (``active``, ``medium``);
    - ``bool`` columns: ``Boolean``, default filled in; whole numbers ``Int64``, ``fte``
      ``Float64``, dates ``Date``, null when absent;
    - references in canonical form, as the model holds them: a bare id where the field
      admits one kind (``reports_to``, ``person``, ``role``, ``accepted_by``,
      ``inherits``), ``kind:id`` where it admits several (``owner``, ``custodians``,
      ``accountable`` ..., delegation ``from``/``to``/``scope``);
    - lists: ``List(String)``, empty when absent; ``competencies``:
      ``List(Struct(id, expires: Date))``; ``acknowledged``:
      ``List(Struct(role, version: Int64))``.

    A section whose file is absent has an empty frame with the same columns. ``files`` maps
    each section whose file was read to its path; ``policy`` is the validated policy.

    Columns of parsed model data (:func:`validated_data`, a YAML or JSON model file) have
    no files: their ``row`` is the element's position in its section (from 0), and the
    model's fields set are the data's keys (``model_fields_set``).
    """

    root: Path
    frames: Mapping[str, pl.DataFrame]
    files: Mapping[str, Path]
    policy: Policy
    policy_file: Path | None = None
    _policy_sources: Mapping[tuple[str, int], str] = field(default_factory=dict, repr=False)
    # per section, each row's fields that had a cell (pydantic's fields_set), as a bit mask
    _cells: Mapping[str, pl.Series] = field(default_factory=dict, repr=False)
    #: per (section, column) naming people and roles (an item's parties, a delegation's
    #: ends, an assignment's person and role), each reference's party code as validation
    #: found it: a person's position among the people, a role's the number of people plus
    #: its position among the roles (a list column's items in row order; the codes of
    #: :mod:`graphkit.compact.tables`, which then need not look the references up again)
    party_codes: Mapping[tuple[str, str], np.ndarray] = field(
        default_factory=dict, repr=False, compare=False)
    #: the model's fields the source gave, for parsed data (its keys); None for a folder,
    #: whose are the sections with a file, the organisation with a row, the policy file
    model_fields_set: frozenset[str] | None = field(default=None, repr=False)

    def __getitem__(self, section: str) -> pl.DataFrame:
        """The frame of ``section`` (``"people"``, ``"roles"``, ...)."""
        return self.frames[section]

    def sources(self) -> RowSources:
        """Where each element was read from, as ``Model.source_of`` gives it."""
        return RowSources(
            {s: (str(p), _row_numbers(self.frames[s]["row"])) for s, p in self.files.items()},
            dict(self._policy_sources))


def _row_numbers(rows: pl.Series) -> Sequence[int]:
    """The spreadsheet rows of a section's elements: a ``range`` when the file has no blank
    row (a list of a million ints holds 36 MB), else the list.

    >>> _row_numbers(pl.Series([2, 3, 4])), _row_numbers(pl.Series([2, 4]))
    (range(2, 5), [2, 4])
    """
    # rows only ever increase (blank lines are dropped, never reordered): first and last
    # tell whether any is missing
    if rows.len() == 0 or (rows[0] == 2 and rows[-1] == rows.len() + 1):
        return range(2, rows.len() + 2)
    return rows.to_list()


# --- reading ----------------------------------------------------------------------------

class _Doubt(Exception):
    """The fast path cannot prove the folder valid: read it the reference way."""


def validated_columns(folder: str | Path) -> Columns | None:
    """The CSV folder ``folder`` read and validated column-wise, or ``None`` when the
    fast path cannot prove it valid (then read it with
    :func:`~graphkit.loaders.csvfolder.read_csv_folder`'s reference path, which reports
    every problem). Never raises for a bad folder.
    """
    if not _ENABLED:
        return None
    try:
        return _validated(Path(folder))
    except _Doubt:
        return None


def _validated(root: Path) -> Columns:
    if not root.is_dir():
        raise _Doubt
    try:
        present = sorted(p.name for p in root.iterdir())
    except OSError:
        raise _Doubt from None
    known = set(FILES.values())
    if any(n.lower().endswith(".csv") and n not in known for n in present):
        raise _Doubt  # an unknown file
    if FILES["people"] not in present:
        raise _Doubt
    raw: dict[str, pl.DataFrame] = {}
    files: dict[str, Path] = {}
    for section, name in FILES.items():
        if name in present:
            files[section] = root / name
            raw[section] = _read(root / name, section)
    policy_data: Any = None
    policy_root: Any = None
    policy_file = root / POLICY_FILE
    if POLICY_FILE in present:
        from .yamljson import read_yaml_mapping

        try:
            policy_data, policy_root = read_yaml_mapping(
                policy_file, "a policy (max_delegation_depth, acceptance_authority, sod, ...)")
        except InputError:
            raise _Doubt from None

    frames, cells, party_codes, policy = _checked(raw, policy_data)
    policy_lines: dict[tuple[str, int], str] = {}
    if policy_root is not None:
        from .yamljson import _yaml_item_lines

        for part in ("sod", "exceptions"):
            for i, line in enumerate(_yaml_item_lines(policy_root, (part,))):
                policy_lines[(part, i)] = f"{policy_file}:{line}"
    return Columns(root=root, frames=frames, files=files, policy=policy,
                   policy_file=policy_file if policy_data is not None else None,
                   _policy_sources=policy_lines, _cells=cells, party_codes=party_codes)


_Checked = tuple[dict[str, pl.DataFrame], dict[str, pl.Series],
                 dict[tuple[str, str], np.ndarray], Policy]


def _checked(raw: dict[str, pl.DataFrame], policy_data: Any) -> _Checked:
    """The sections' text frames (as :func:`_read` gives them, by section; an absent
    section is not there) and the policy's data (None: no policy) validated: the typed
    frames, each row's fields set, the party codes and the policy; a doubt at the first
    rule that fails."""
    org = raw.get("organisation")
    if org is not None and org.height > 1:
        raise _Doubt  # more than one organisation
    ids: dict[str, pl.Series] = {}
    for kind in KINDS:
        frame = raw.get(SECTION_OF_KIND[kind])
        column = frame["id"] if frame is not None else pl.Series("id", [], pl.String)
        _require(column.null_count() == 0)
        # no duplicate (counting distinct ids: a fifth of the cost of is_duplicated)
        _require(column.n_unique() == column.len())
        # (the id rule itself: checked with the section's other columns, in _prepare)
        # an id that reads as kind:id would make references ambiguous in ways the fast
        # path does not reproduce
        _require(not column.str.contains(_TYPED).any())
        ids[kind] = column

    lookups = _Lookups()
    pending: list[_Pending] = []
    for section in COLUMNS:
        frame = raw.get(section)
        if frame is None:
            frame = pl.DataFrame(schema={"_row": pl.Int64, **{
                c: pl.String for c in COLUMNS[section]}})
        pending.append(_prepare(frame, section, lookups))
    lookups.answer(ids)
    frames: dict[str, pl.DataFrame] = {}
    cells: dict[str, pl.Series] = {}
    party_codes: dict[tuple[str, str], np.ndarray] = {}
    for prepared in pending:
        frames[prepared.section], cells[prepared.section] = _finish(prepared, lookups)
        # (after _finish, which has made sure every reference resolves)
        spec = _SPEC[prepared.section]
        asked = [*prepared.tickets.items(),
                 *((c, ticket) for c, (_, ticket, _) in prepared.items.items())]
        for c, ticket in asked:
            if ticket is not None and (prepared.section, c) in _PARTY_COLUMNS:
                party_codes[(prepared.section, c)] = lookups.party_codes(ticket)
    _require(not _inherits_in_cycle(frames["roles"]))
    policy = Policy() if policy_data is None else _policy(policy_data, ids)
    return frames, cells, party_codes, policy


def _require(condition: bool) -> None:
    if not condition:
        raise _Doubt


# --- parsed data (a YAML or JSON model file) ------------------------------------------

def validated_data(data: Any, name: str = "<data>",
                   counts: list[int] | None = None) -> Columns | None:
    """Parsed model data (a YAML or JSON model file's mapping of sections, each a list of
    mappings) validated column-wise, or ``None`` when the fast path cannot prove that
    :func:`~graphkit.model.validate_model` accepts it and makes of it exactly what it
    makes of the CSV cells this turns it into (then validate it the reference way, which
    reports every problem). ``name`` is the file (the columns' ``root``). Never raises
    for bad data.

    Each value becomes the text of the CSV cell that means the same, and the cells go
    through the same column rules as a CSV folder (:func:`validated_columns`); the model's
    fields set and each element's are the keys the data gives. The values that have a
    cell of the same meaning: text (a string, never empty); null where the field's default
    is null; ``true``/``false`` for a boolean field; a whole number (not a boolean) for a
    whole-number field, a whole or decimal number for ``fte``; a date (a YAML date, not
    a date and time) for a date field; a list of texts for a list field (each non-empty,
    without ``;`` or surrounding whitespace, as a cell splits), or one such text or null
    where the field takes one party or a list (``owner``, ``accountable``); competencies ``{id[, expires]}`` and
    acknowledgements ``{role, version}`` (a whole number). Anything else steps aside.

    ``counts`` (two numbers), when given and the data is validated, gets the members of
    the sections' elements (the organisation's included) and of the objects in them, and
    the number of those elements and of the objects and arrays in them: what walking
    them would count, for the JSON path's duplicate-key check (the top level, the
    sections' arrays and the policy are not counted).

    >>> data = {"people": [{"id": "ann", "name": None}, {"id": "bob", "reports_to": "ann",
    ...     "competencies": [{"id": "cissp", "expires": "2027-03-01"}]}],
    ...     "roles": [{"id": "ism", "critical": True, "version": 3, "requires": []}],
    ...     "assets": [{"id": "crm", "owner": "ism", "custodians": ["person:bob"]}]}
    >>> fast = model_from_columns(validated_data(data))
    >>> from graphkit.model import validate_model
    >>> fast == validate_model(data), fast.assets[0].owner, sorted(fast.people[0].model_fields_set)
    (True, ['role:ism'], ['id', 'name'])
    >>> validated_data({"people": [{"id": "ann", "name": 42}]}) is None  # not a text
    True
    """
    from ..semantics import paused_gc

    if not _ENABLED or type(data) is not dict:
        return None
    try:
        # (lists of a million values, built while the data's millions of objects live:
        # the cyclic collector would walk them all again and again)
        with paused_gc():
            return _validated_data(data, name, counts=counts)
    except _Doubt:
        return None


class _NoItems(tuple):  # type: ignore[type-arg]
    """The value of a key an element does not have, in a list column: no items (it joins
    to an empty cell), of a type of its own (no value of the data is one)."""


_NO_ITEMS = _NoItems()
_NONE = type(None)
#: The keys a model's data may have at the top level.
_TOP_KEYS = frozenset({"version", *COLUMNS, "policy"})
#: Non-text values each kind of column takes, as the type of the value (exactly: a
#: ``bool`` is no ``int``, a ``datetime`` no ``date``).
_TYPED_VALUES: dict[str, frozenset[type]] = {
    "bool": frozenset({bool}), "int": frozenset({int}), "float": frozenset({int, float}),
    "date": frozenset({date}),
}
#: The cells of booleans (and None's: none).
_BOOL_TEXT = {True: "true", False: "false"}
#: Values of one type that polars holds and writes as their cells (a whole number in
#: decimal as ``str`` does, a date ``YYYY-MM-DD`` as ``date.isoformat`` does).
_POLARS_TYPES: dict[type, pl.DataType] = {int: pl.Int64(), date: pl.Date()}
_DATE_TEXT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")


def _nullable(section: str, column: str) -> bool:
    """Whether the field's default is null (then a null value means what an absent one
    does; elsewhere a null is an error or means something else)."""
    info = _CLASSES[section].model_fields[_attributes(section)[column]]
    return not info.is_required() and info.default is None


def _one_or_many(section: str, column: str) -> bool:
    """Whether the field takes one party as well as a list (``owner``, ``accountable``)."""
    from ..model import _one_or_many as before

    info = _CLASSES[section].model_fields[_attributes(section)[column]]
    return any(getattr(m, "func", None) is before for m in info.metadata)


def _validated_data(data: dict[Any, Any], name: str,
                    frames: Mapping[str, pl.DataFrame] | None = None,
                    counts: list[int] | None = None) -> Columns:
    _require(data.keys() <= _TOP_KEYS)
    version = data.get("version", 1)
    _require(type(version) is int and version == 1)
    raw: dict[str, pl.DataFrame] = {}
    for section in COLUMNS:
        if section not in data:
            continue
        if frames is not None and section in frames:  # (read as columns: _data_frame's)
            raw[section] = frames[section]
            continue
        rows = data[section]
        if section == "organisation":
            _require(type(rows) is dict)
            rows = [rows]
        _require(type(rows) is list)
        raw[section] = _data_frame(section, rows, counts)
    policy_data = data.get("policy")
    if "policy" in data:
        _require(type(policy_data) is dict)
    frames, cells, party_codes, policy = _checked(raw, policy_data)
    return Columns(root=Path(name), frames=frames, files={}, policy=policy, _cells=cells,
                   party_codes=party_codes, model_fields_set=frozenset(data))


def _data_frame(section: str, rows: list[Any], counts: list[int] | None = None
                ) -> pl.DataFrame:
    """One section's elements as the text frame :func:`_read` gives for its CSV file (with
    every column), and ``_set``: each element's keys as a bit per column.

    Each column's values are taken in one pass over the elements (a C function mapped: a
    third of the cost of a comprehension), an element without the key giving None (in a
    list column :data:`_NO_ITEMS`). The keys are checked by counting: the elements hold
    as many keys as the columns have values unless some key is no column's or some
    one-value field is given as null, and only then are they looked at one by one.
    ``counts`` (see :func:`validated_data`) gets the elements' members and those of the
    objects in them (competencies, acknowledgements), and the elements and the objects and
    arrays in them: the list values (no other value of a validated element is one).

    >>> frame = _data_frame("assets", [{"id": "a", "owner": None}, {"id": "b",
    ...     "owner": "ism", "custodians": ["ann", "role:x"]}, {"id": "c", "custodians": []}])
    >>> frame.select("id", "owner", "custodians", "_set").rows()
    [('a', None, None, 9), ('b', 'ism', 'ann;role:x', 25), ('c', None, None, 17)]
    """
    _require(set(map(type, rows)) <= {dict})
    spec = _SPEC[section]
    n = len(rows)
    present = np.zeros(n, dtype=np.uint32)
    columns: list[pl.Series] = [pl.Series("_row", range(n), dtype=pl.Int64)]
    counted = 0  # the keys the columns' values account for
    nulls: list[tuple[int, str, pl.Series]] = []  # one-value columns with a None value
    inner = [0, 0]  # the members of the objects in the elements; the objects and arrays
    for bit, (c, rule) in enumerate(spec.items()):
        listed = rule.kind in _LISTS
        absent = _NO_ITEMS if listed else None
        values = list(map(dict.get, rows, repeat(c, n), repeat(_NO_ITEMS, n)) if listed
                      else map(dict.get, rows, repeat(c, n)))
        types = set(map(type, values))
        if types <= {type(absent)}:  # (no element gives a value, or only nulls)
            column = pl.repeat(None, n, dtype=pl.String, eager=True).alias(c)
        elif listed:
            column = _list_column(section, c, rule, values, types)
            if counts is not None:
                # (the lists; in them, competencies and acknowledgements are objects of
                # texts, numbers and dates, any other item a text: _list_column's rules)
                if types == {list}:
                    inner[1] += n
                elif types != {list, _NoItems}:  # (else counted with the keys, below)
                    inner[1] += list(map(type, values)).count(list)
                if rule.kind in ("competencies", "acknowledged"):
                    objects = list(chain.from_iterable(values))
                    inner[0] += sum(map(len, objects))
                    inner[1] += len(objects)
        else:
            column = _scalar_column(c, rule, values, types)
        columns.append(column)
        if not listed:
            counted += n - column.null_count()
            if _NONE in types:  # an absent key or a null given: told apart below
                nulls.append((bit, c, column))
                continue
        elif _NoItems in types:
            held = np.fromiter(map(is_not, values, repeat(_NO_ITEMS, n)), dtype=bool,
                               count=n)
            counted += int(held.sum())
            if types == {list, _NoItems}:  # (each value held a list)
                inner[1] += int(held.sum())
            present |= held.astype(np.uint32) << np.uint32(bit)
            continue
        else:
            counted += n
        present |= np.uint32(1 << bit)
    keys = sum(map(len, rows))
    if counted == keys:
        # every key is a column's, and no one-value field is given as null: a null cell
        # is an absent key
        for bit, _, column in nulls:
            present |= column.is_not_null().to_numpy().astype(np.uint32) << np.uint32(bit)
    else:
        _require(set().union(*rows) <= spec.keys())
        for bit, c, column in nulls:
            held = np.fromiter(map(dict.__contains__, rows, repeat(c, n)), dtype=bool,
                               count=n)
            # (a null given means what an absent key means only where the default is null)
            _require(int(held.sum()) == n - column.null_count() or _nullable(section, c))
            present |= held.astype(np.uint32) << np.uint32(bit)
    columns.append(pl.Series("_set", present, dtype=pl.UInt32))
    frame = pl.DataFrame(columns)
    if counts is not None:
        counts[0] += keys + inner[0]
        counts[1] += n + inner[1]
    return frame


def validated_sections(data: dict[Any, Any], frames: Mapping[str, pl.DataFrame],
                       name: str = "<data>") -> Columns | None:
    """:func:`validated_data` of model data some of whose sections were read straight
    into text frames (``frames``: section -> the frame :func:`_data_frame` makes of its
    elements, as :func:`section_frame` gives it; the data holds None there): the same
    columns, or None where :func:`validated_data` gives None."""
    from ..semantics import paused_gc

    if not _ENABLED or type(data) is not dict:
        return None
    try:
        with paused_gc():
            return _validated_data(data, name, frames)
    except _Doubt:
        return None


@dataclass(frozen=True)
class ListCells:
    """A list column's values given as the cells they join to: ``cells`` (``String``, a
    list's texts joined with ``;``, a one-party text as it is, null: no list), holding
    ``items`` texts in all (a list's items and the one-party texts), ``scalars`` whether
    any element gives a text, not a list (only fields that take one party or a list may)."""

    cells: pl.Series
    items: int
    scalars: bool


def section_frame(section: str, n: int,
                  values: Mapping[str, list[Any] | pl.Series | ListCells],
                  held: Mapping[str, np.ndarray]) -> pl.DataFrame | None:
    """The frame :func:`_data_frame` makes of a section's ``n`` elements, given by column
    instead of by element: ``values[c]`` is what ``_data_frame`` takes of each element
    for column ``c`` (its value; absent: None, in a list column :data:`_NO_ITEMS`), or,
    for a one-value column whose values are all texts, a ``String`` series of them
    (null: absent), or for a list column whose values are texts and lists of texts
    (none empty), its :class:`ListCells`; ``held[c]`` says which elements have the key
    ``c`` (a bool array). Every key of every element is a column's (the caller makes
    sure). None where ``_data_frame`` doubts.

    >>> rows = [{"id": "a", "owner": None}, {"id": "b", "owner": "ism",
    ...     "custodians": ["ann", "role:x"]}, {"id": "c", "custodians": []}]
    >>> values = {c: [r.get(c, _NO_ITEMS if c == "custodians" else None) for r in rows]
    ...           for c in _SPEC["assets"]}
    >>> held = {c: np.array([c in r for r in rows]) for c in _SPEC["assets"]}
    >>> section_frame("assets", 3, values, held).equals(_data_frame("assets", rows))
    True
    """
    try:
        return _section_frame(section, n, values, held)
    except _Doubt:
        return None


def _section_frame(section: str, n: int,
                   values: Mapping[str, list[Any] | pl.Series | ListCells],
                   held: Mapping[str, np.ndarray]) -> pl.DataFrame:
    # the frame _data_frame makes: the same column rules; each element's bit for a column
    # is whether it has the key (_data_frame finds it so, by counting where it can), and a
    # null given doubts unless the field's default is null
    spec = _SPEC[section]
    present = np.zeros(n, dtype=np.uint32)
    columns: list[pl.Series] = [pl.Series("_row", range(n), dtype=pl.Int64)]
    for bit, (c, rule) in enumerate(spec.items()):
        listed = rule.kind in _LISTS
        given = values[c]
        has = held[c]
        if isinstance(given, ListCells):
            # (as _list_column makes them of texts and lists of texts, none empty)
            _require(listed and rule.kind not in ("competencies", "acknowledged")
                     and given.cells.dtype == pl.String and given.cells.len() == n
                     and (not given.scalars or _one_or_many(section, c)))
            if given.cells.null_count() == n:
                column = pl.repeat(None, n, dtype=pl.String, eager=True).alias(c)
            else:
                column = given.cells.alias(c).replace("", None)
            _as_written(column, given.items)
            nulls_given = False
        elif isinstance(given, pl.Series):
            _require(not listed and given.dtype == pl.String and given.len() == n)
            column = given.alias(c)
            if column.null_count() == n:
                column = pl.repeat(None, n, dtype=pl.String, eager=True).alias(c)
            else:
                _require(not column.str.len_bytes().eq(0).any())
            nulls_given = int(has.sum()) != n - column.null_count()
        else:
            absent = _NO_ITEMS if listed else None
            types = set(map(type, given))
            if types <= {type(absent)}:
                column = pl.repeat(None, n, dtype=pl.String, eager=True).alias(c)
            elif listed:
                column = _list_column(section, c, rule, given, types)
            else:
                column = _scalar_column(c, rule, given, types)
            nulls_given = not listed and int(has.sum()) != n - column.null_count()
        _require(not nulls_given or _nullable(section, c))
        columns.append(column)
        present |= has.astype(np.uint32) << np.uint32(bit)
    columns.append(pl.Series("_set", present, dtype=pl.UInt32))
    return pl.DataFrame(columns)


def _text_column(name: str, cells: list[Any]) -> pl.Series:
    """The cells (texts or None) as a polars column; a doubt at a text UTF-8 cannot hold."""
    try:
        return pl.Series(name, cells, dtype=pl.String)
    except UnicodeEncodeError:  # a lone surrogate (JSON "\ud800")
        raise _Doubt from None


def _scalar_column(name: str, rule: _Col, values: list[Any], types: set[type]) -> pl.Series:
    """The CSV cells of a one-value column's values (None: absent or null, an empty
    cell); a doubt at a value whose cell might mean something else."""
    _require(types <= {str, _NONE} | _TYPED_VALUES.get(rule.kind, frozenset()))
    column: pl.Series | None = None
    typed = types - {_NONE}
    if typed <= {str}:
        column = _text_column(name, values)
    elif typed == {bool}:
        column = _text_column(name, list(map(_BOOL_TEXT.get, values)))
    elif len(typed) == 1 and (held := _POLARS_TYPES.get(next(iter(typed)))) is not None:
        try:
            column = pl.Series(name, values, dtype=held).cast(pl.String)
        except (TypeError, OverflowError):  # a number past 64 bits
            pass
    if column is None:
        column = _text_column(name, [_text(v) for v in values])
    # (an empty cell is absent; an empty text is not)
    _require(not column.str.len_bytes().eq(0).any())
    return column


def _list_column(section: str, name: str, rule: _Col, values: list[Any],
                 types: set[type]) -> pl.Series:
    """The CSV cells of a list column's values (items joined with ``;``; None: an empty
    cell); a doubt at a value whose cell might mean something else (a list of texts:
    unless splitting the cells gives back the items, see :func:`_as_written`)."""
    if rule.kind in ("competencies", "acknowledged"):
        _require(types <= {list, _NoItems})
        item = _competency if rule.kind == "competencies" else _acknowledgement
        return _text_column(name, [";".join(map(item, v)) if v else None for v in values])
    # one party or a list: null is no party, as an empty cell (the writer writes an item
    # without owner so)
    one = _one_or_many(section, name)
    _require(types <= ({list, str, _NONE} if one else {list}) | {_NoItems})
    if types <= {list, _NoItems}:
        _require(set(map(type, chain.from_iterable(values))) <= {str})
        count = sum(map(len, values))
        # (no items join to an empty cell, which is none; an item that is empty text
        # leaves the cells fewer pieces than items)
        column = _text_column(name, list(map(";".join, values))).replace("", None)
    elif types <= {str, _NONE}:
        column = _text_column(name, values)
        count = column.len() - column.null_count()
    else:
        lists = [v for v in values if type(v) is list]
        _require(set(map(type, chain.from_iterable(lists))) <= {str})
        count = sum(map(len, lists)) + sum(type(v) is str for v in values)
        column = _text_column(name, [(";".join(v) if v else None) if type(v) is list
                                     else v if type(v) is str else None for v in values])
    _as_written(column, count)
    return column


# Python's whitespace (str.isspace, what str.strip strips, and so what the reference
# strips from a list cell's items), as a class of the regex dialect of polars
_PY_SPACE = r"\t-\r\x1c- \x85\xa0\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}"
_ITEM = rf"[^;{_PY_SPACE}](?:[^;]*[^;{_PY_SPACE}])?"
# a cell whose items, split at ';' and stripped, are its items as they are (none empty)
_ITEMS = rf"^{_ITEM}(?:;{_ITEM})*$"


def _as_written(cells: pl.Series, items: int) -> None:
    """Doubt unless splitting ``cells`` (list items joined with ``;``) gives back the
    ``items`` items unchanged: as many pieces as items (no item held a ``;``), none empty,
    none with whitespace around it."""
    cells = cells.drop_nulls()
    if cells.len():
        pieces = cells.str.count_matches(";", literal=True).sum() + cells.len()
        _require(pieces == items and bool(cells.str.contains(_ITEMS).all()))
    else:
        _require(items == 0)


def _text(value: Any) -> str | None:
    """The cell of a scalar value of a type its column takes (None: none)."""
    t = type(value)
    if t is str:
        return value  # type: ignore[no-any-return]
    if t is bool:
        return "true" if value else "false"
    if t is int:
        return str(value)
    if t is float:
        return repr(value)  # (the shortest text that reads back as the same number)
    if t is date:
        return value.isoformat()  # type: ignore[no-any-return]
    return None


_COMPETENCY_KEYS = frozenset({"id", "expires"})
_ACKNOWLEDGEMENT_KEYS = frozenset({"role", "version"})


def _list_item(value: Any) -> str:
    """An id in a competency or acknowledgement as a cell holds it: a non-empty text that
    splitting the cell at ``;`` and stripping whitespace gives back unchanged."""
    if type(value) is not str or not value or ";" in value or value.strip() != value:
        raise _Doubt
    return value


def _competency(value: Any) -> str:
    """``{id[, expires]}`` as ``id@YYYY-MM-DD``, or ``id`` (``id@`` when the id has an
    ``@``) without expiry: what the cell's last ``@`` splits back.

    >>> _competency({"id": "a@b"}), _competency({"id": "c", "expires": date(2027, 1, 2)})
    ('a@b@', 'c@2027-01-02')
    """
    if type(value) is not dict or not value.keys() <= _COMPETENCY_KEYS:
        raise _Doubt
    id_ = _list_item(value.get("id"))  # (no id: None, no text)
    expires = value.get("expires", _NO_ITEMS)
    if expires is _NO_ITEMS:
        return id_ + "@" if "@" in id_ else id_
    if type(expires) is date:
        return f"{id_}@{expires.isoformat()}"
    if type(expires) is not str or _DATE_TEXT.match(expires) is None:
        raise _Doubt
    return f"{id_}@{expires}"


def _acknowledgement(value: Any) -> str:
    """``{role, version}`` (a whole number) as ``role@version``.

    >>> _acknowledgement({"role": "ism", "version": 3})
    'ism@3'
    """
    if type(value) is not dict or value.keys() != _ACKNOWLEDGEMENT_KEYS:
        raise _Doubt
    role, version = value["role"], value["version"]
    if type(version) is not int:
        raise _Doubt
    return f"{_list_item(role)}@{version}"


# Quoted fields as the csv module and polars both read them: opening quote at the start of
# a field, doubled quotes inside (line breaks too), closing quote at the end of a field.
# (The loop unrolled, ``[^"]*(?:""[^"]*)*``: the same matches, four times quicker than
# one alternation per character.) With every quote of a file in such a field, the
# fields are determined: a quote inside is either doubled or closes the field, never both.
_QUOTED = re.compile(rb'"(?<![^,\n]")[^"]*(?:""[^"]*)*"(?![^,\r\n])')
_BOM = b"\xef\xbb\xbf"


def _read(path: Path, section: str) -> pl.DataFrame:
    """One section file as text columns, blank rows dropped, with its spreadsheet row
    numbers in ``_row``; a doubt when the csv module might read the bytes otherwise.

    A row is a record as the csv module counts them (as the reference path numbers
    rows): a record whose quoted cells hold line breaks is one row however many lines
    it spans (see :func:`_broken_records`)."""
    try:
        data = read_bounded(path, "a CSV file")
    except InputError:
        raise _Doubt from None
    if data.startswith(_BOM):
        data = data[len(_BOM):]
    # the header must be the first line (the reference skips blank lines before it)
    _require(data[:1] not in (b"", b"\n", b"\r"))
    if not data.isascii():
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            raise _Doubt from None
    _require(b"\x00" not in data)
    quoted = b'"' in data
    outside = data  # the bytes outside quoted fields
    if quoted:
        outside = _QUOTED.sub(b"", data)
        _require(b'"' not in outside)
    if b"\r" in outside:  # no lone carriage return but in a quoted field
        _require(outside.count(b"\r") == outside.count(b"\r\n"))
    # line breaks in quoted fields (a field ends neither within a line break nor
    # before an unquoted one: the bytes removed hold whole breaks)
    broken = quoted and (outside.count(b"\n") != data.count(b"\n")
                         or outside.count(b"\r") != data.count(b"\r"))
    del outside
    try:
        frame = pl.read_csv(data, infer_schema=False, has_header=True)
    except (pl.exceptions.PolarsError, pl.exceptions.PanicException):
        # bytes polars will not parse: the reference path says what is wrong with them
        raise _Doubt from None
    frame = frame.rename(_header(frame.columns, section))
    header = frame.columns
    limit = csv.field_size_limit()
    if quoted:  # a quoted empty cell is empty (polars reads an unquoted one as null)
        frame = frame.with_columns(pl.all().replace("", None))
    if broken:
        _same_records(data, frame)
    frame = frame.with_row_index("_row", offset=2).with_columns(pl.col("_row").cast(pl.Int64))
    if frame.height:
        longest = frame.select(pl.max_horizontal(
            pl.col(c).str.len_bytes().max() for c in header)).item()
        _require(longest is None or longest < limit)
        blank = pl.all_horizontal(pl.col(c).is_null() for c in header)
        if frame.select(blank.any()).item():
            frame = frame.filter(~blank)
    return frame


def _header(names: list[str], section: str) -> dict[str, str]:
    """The header's column names as the reference reads them (each stripped of
    surrounding white space, as Python's ``str.strip`` does), as a renaming; a doubt
    unless every column is one of the section's, once, and every required one is there.

    >>> _header(["id", " name "], "organisation")
    {'id': 'id', ' name ': 'name'}
    """
    stripped = [c.strip() for c in names]
    _require(all(c in COLUMNS[section] for c in stripped)
             and len(set(stripped)) == len(stripped))
    _require(all(c in stripped for c, rule in _SPEC[section].items() if rule.required))
    return dict(zip(names, stripped, strict=True))


def _broken_records(data: bytes) -> tuple[np.ndarray, np.ndarray]:
    """The records of CSV bytes whose quoted fields hold line breaks: (their numbers, the
    header being record 0, and the end of every record but the last, the offset of its
    line feed). A byte is inside a quoted field when an odd number of quotes precedes it
    (every quote of the bytes is known to open, close or double within a quoted field).

    >>> records, ends = _broken_records(b'a,b\\n"x\\r\\ny",1\\n2,"\\n"\\n3,4')
    >>> records.tolist(), ends.tolist()
    ([1, 2], [3, 12, 18])
    """
    codes = np.frombuffer(data, dtype=np.uint8)
    quotes = np.flatnonzero(codes == ord('"'))
    breaks = np.flatnonzero((codes == ord("\n")) | (codes == ord("\r")))
    inside = (np.searchsorted(quotes, breaks) % 2).astype(bool)
    outer = breaks[~inside]
    ends = outer[codes[outer] == ord("\n")]
    # (a break outside quotes: a line feed, or a carriage return before one)
    records = np.unique(np.searchsorted(ends, breaks[inside]))
    return records, ends


def _same_records(data: bytes, frame: pl.DataFrame) -> None:
    """Make sure polars read the records whose quoted fields hold line breaks as the csv
    module reads them (the reference's reader): as many records, each such record's
    cells equal (an empty cell null), at the same row; a doubt otherwise."""
    records, ends = _broken_records(data)
    _require(records.size > 0 and records[0] > 0)  # no line break in the header
    _require(frame.height == ends.size + (not data.endswith(b"\n")) - 1)
    header = frame.columns
    has_break = pl.any_horizontal(pl.col(c).str.contains("[\r\n]").fill_null(False)
                                  for c in header)
    _require(int(frame.select(has_break.sum()).item()) == records.size)
    # those records' bytes, each up to its line feed, read by the csv module in one go
    # (a record read alone is read as within the file: the reader starts afresh at each)
    starts = (ends[records - 1] + 1).tolist()
    stops = [int(ends[n]) + 1 if n < ends.size else len(data) for n in records.tolist()]
    text = b"".join([data[a:b] for a, b in zip(starts, stops, strict=True)]).decode("utf-8")
    try:
        read = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error:
        raise _Doubt from None
    _require(len(read) == records.size)
    width = len(header)
    _require(all(len(cells) <= width for cells in read))
    # (polars' empty cells are null by now: null is the csv module's "" or no cell)
    polars_rows = frame[(records - 1).tolist()].fill_null("").rows()
    _require(polars_rows == [tuple(cells) if len(cells) == width
                             else (*cells, *[""] * (width - len(cells))) for cells in read])


# --- column rules -----------------------------------------------------------------------

def _id_ok(v: pl.Expr) -> pl.Expr:
    return v.str.contains(_ID) & (v.str.len_chars() <= _ID_MAX)


def _date_ok(v: pl.Expr) -> pl.Expr:
    return (v.str.contains(_DATE) & ~v.str.starts_with("0000")
            & v.str.to_date("%Y-%m-%d", strict=False).is_not_null())


_BIT = {k: 1 << i for i, k in enumerate(KINDS)}
#: How many references :meth:`_Lookups.answer` looks up at a time.
_LOOKUP_PART = 1 << 20


class _Lookups:
    """Every reference of the folder looked up in the ids of each kind it may name, in one
    lookup per kind: hashing a million people's ids once per reference column would cost
    more than everything else."""

    def __init__(self) -> None:
        self._keys: dict[str, list[pl.Series]] = {k: [] for k in KINDS}
        self._size = dict.fromkeys(KINDS, 0)
        self._asked: list[tuple[int, dict[str, int]]] = []  # (length, kind -> offset)
        self._found: dict[str, pl.Series] = {}
        self._kinds: list[pl.Series] = []  # per ticket, the kind a kind:id names, else null
        # tickets whose bare ids, when no asked kind holds them, must name no other kind:
        # (ticket, the bare ids, those other kinds)
        self._elsewhere: list[tuple[int, pl.Series, tuple[str, ...]]] = []
        self._coded: list[int] = []  # tickets whose party codes are kept
        self._codes: dict[int, np.ndarray] = {}

    def ask(self, refs: pl.Series, kinds: tuple[str, ...],
            elsewhere: tuple[str, ...] = (), coded: bool = False) -> int:
        """Ask which of ``kinds`` hold the id each reference names (a ``kind:id`` only of
        its own kind); a ticket for :meth:`kinds_holding`. A bare id that none of
        ``kinds`` holds must not be an id of ``elsewhere`` either (else :meth:`answer`
        doubts): a reference that may dangle, where naming nothing is fine and naming
        the wrong kind is an error; only those few ids are looked up there. ``coded``:
        keep each reference's party code too (:meth:`party_codes`)."""
        if coded:
            self._coded.append(len(self._asked))
        frame = _parts(refs.rename("v").to_frame())
        if elsewhere:
            bare = frame.select(pl.when(pl.col("kind").is_null()).then(pl.col("key")))
            self._elsewhere.append((len(self._asked), bare.to_series(), elsewhere))
        offsets = {}
        for k in kinds:
            offsets[k] = self._size[k]
            self._keys[k].append(frame.select(pl.when(
                pl.col("kind").is_null() | (pl.col("kind") == k)).then(pl.col("key"))
            ).to_series())
            self._size[k] += frame.height
        self._asked.append((frame.height, offsets))
        self._kinds.append(frame["kind"].rename("_kind"))
        return len(self._asked) - 1

    def answer(self, ids: dict[str, pl.Series]) -> None:
        """Look every asked key up (after every section has asked): by one hash index
        of each kind's ids (:class:`graphkit.compact.index.Index`, exact, the strings
        joined when its hashes cannot prove a match), about half the cost of ``is_in``
        on millions of references; a null key is held by no kind."""
        from ..compact.index import Index

        positions: dict[str, np.ndarray] = {}
        for k, keys in self._keys.items():
            if keys:
                asked = pl.concat(keys, rechunk=False)  # no copy of the keys
                index = Index(ids[k])
                found = np.full(asked.len(), -1, dtype=np.int32)
                # only the keys there are (a kind:id of another kind is null here: most
                # of the references asked of people), a part at a time (a copy of them
                # all would be a few hundred MB)
                for start in range(0, asked.len(), _LOOKUP_PART):
                    part = asked.slice(start, _LOOKUP_PART)
                    present = part.is_not_null()
                    found[start:start + part.len()][present.to_numpy()] = index.find(
                        part.filter(present))
                if k in ("person", "role"):
                    positions[k] = found
                self._found[k] = pl.Series(k, found >= 0)
        # the party codes kept (a person's position among the people, a role's the number
        # of people plus its position among the roles; only a bare id or person:id is
        # asked of the people, and a valid bare id names exactly one kind)
        people = ids["person"].len()
        for ticket in self._coded:
            length, offsets = self._asked[ticket]
            none = np.full(length, -1, dtype=np.int32)
            person, role = (positions[k][offsets[k]:offsets[k] + length]
                            if k in offsets else none for k in ("person", "role"))
            self._codes[ticket] = np.where(person >= 0, person, role + people).astype(np.int32)
        del positions
        for ticket, bare, elsewhere in self._elsewhere:
            unheld = bare.filter(self.kinds_holding(ticket) == 0).drop_nulls()
            for k in elsewhere if unheld.len() else ():
                _require(not unheld.is_in(ids[k].implode()).any())

    def kinds_holding(self, ticket: int) -> pl.Series:
        """Per key of the ticket, a bit (:data:`_BIT`) for each asked kind that holds it."""
        length, offsets = self._asked[ticket]
        bits = pl.zeros(length, pl.Int32, eager=True)
        for k, offset in offsets.items():
            bits = bits + self._found[k].slice(offset, length).cast(pl.Int32) * _BIT[k]
        return bits.rename("_kinds")

    def party_codes(self, ticket: int) -> np.ndarray:
        """Per reference of a ticket asked ``coded`` (of people, roles or both), the party
        it names as the compact path numbers parties: a person's position among the
        people, a role's the number of people plus its position among the roles. Only
        meaningful once every reference of the ticket is known to resolve."""
        return self._codes[ticket]

    def kind_written(self, ticket: int) -> pl.Series:
        """Per reference of the ticket, the kind it is written with (``kind:id``) or null."""
        return self._kinds[ticket]


def _parts(refs: pl.DataFrame) -> pl.DataFrame:
    """References (column ``v``) as ``kind`` (the kind of a ``kind:id``, else null) and
    ``key`` (the id it names): split at the first colon as ``graphkit.model._resolve``
    does (a kind has no colon, so a text that begins with a kind and a colon has its first
    colon there). One regular expression finds the kind, in a step of its own: five
    times quicker than splitting every reference into a struct.

    >>> _parts(pl.DataFrame({"v": ["role:cfo", "ann", "role:", "x:y", None]})).rows()
    [('role', 'cfo'), (None, 'ann'), (None, 'role:'), (None, 'x:y'), (None, None)]
    """
    v, kind = pl.col("v"), pl.col("kind")
    return (refs.with_columns(v.str.extract(_KIND_PREFIX, 1).alias("kind"))
            .select(kind, pl.when(kind.is_not_null()).then(_after_kind(v, kind))
                    .otherwise(v).alias("key")))


# a kind, a colon and at least one character (an empty id after the colon is no kind:id)
_KIND_PREFIX = r"(?s)^(" + "|".join(KINDS) + r"):."


def _after_kind(v: pl.Expr, kind: pl.Expr) -> pl.Expr:
    """The text of ``v`` after its ``kind`` and colon (a kind is ASCII: bytes are chars)."""
    return v.str.slice(kind.str.len_bytes() + 1)


def _elsewhere(rule: _Col) -> tuple[str, ...]:
    """The kinds a reference column's bare ids must not name when none of its own kinds
    holds them: every other kind for one that may dangle (naming a person where a
    manager is expected is an error, naming nobody is not)."""
    return tuple(k for k in KINDS if k not in rule.kinds) if rule.dangling else ()


def _resolved(v: pl.Expr, kind: pl.Expr, holding: pl.Expr,
              rule: _Col) -> tuple[pl.Expr, pl.Expr]:
    """A reference's canonical form and whether it resolves, from ``kind`` (the kind it is
    written with, or null) and ``holding`` (the kinds whose ids hold the id it names, as
    bits): ``graphkit.model._resolve`` for models where no id begins with ``kind:``, which
    the caller has made sure of."""
    kinds = rule.kinds
    typed_ok = pl.any_horizontal(*[
        (kind == k) & (pl.lit(rule.dangling) | ((holding & _BIT[k]) != 0)) for k in kinds])
    found = holding & sum(_BIT[k] for k in kinds)
    bare_ok = (found != 0) & ((found & (found - 1)) == 0)  # exactly one kind
    if rule.dangling:  # naming nobody: no own kind holds it (and no other kind, which
        bare_ok = bare_ok | (holding == 0)  # the lookups have made sure of)
    ok = pl.when(kind.is_not_null()).then(typed_ok).otherwise(bare_ok)
    if len(kinds) == 1:
        canonical = pl.when(kind.is_not_null()).then(_after_kind(v, kind)).otherwise(v)
    else:
        canonical = pl.when(kind.is_not_null()).then(v).otherwise(pl.coalesce(
            *[pl.when(found == _BIT[k]).then(pl.lit(f"{k}:") + v) for k in kinds]))
    return canonical, ok.fill_null(False)


def _scalar(v: pl.Expr, rule: _Col) -> tuple[pl.Expr, pl.Expr]:
    """(typed value, holds) of a one-value column other than a reference; absent is fine
    unless required."""
    present = v.is_not_null()
    if rule.kind == "text":
        return v, pl.lit(True)
    if rule.kind == "id":
        ok = _id_ok(v)
        value = v
    elif rule.kind == "enum":
        ok = v.is_in(list(rule.values))
        value = v if rule.default is None else v.fill_null(pl.lit(rule.default))
    elif rule.kind == "bool":
        word = v.str.to_lowercase()
        ok = v.str.contains(r"^[A-Za-z01]{1,5}$") & word.is_in([*_TRUE, *_FALSE])
        value = word.is_in(list(_TRUE)).fill_null(pl.lit(rule.default))
    elif rule.kind in ("int", "float"):
        if rule.kind == "int":
            value = v.str.extract(_WHOLE, 1).cast(pl.Int64, strict=False)
            ok = value.is_not_null()
        else:
            value = v.cast(pl.Float64, strict=False)
            ok = v.str.contains(_FLOAT) & value.is_not_null()
        if rule.ge is not None:
            ok = ok & (value >= rule.ge)
        if rule.le is not None:
            ok = ok & (value <= rule.le)
    elif rule.kind == "date":
        ok = _date_ok(v)
        value = v.str.to_date("%Y-%m-%d", strict=False)
    else:  # pragma: no cover - the spec names only the kinds above
        raise _Doubt
    ok = pl.when(present).then(ok.fill_null(False)).otherwise(pl.lit(not rule.required))
    return value, ok


_LISTS = ("ids", "refs", "competencies", "acknowledged")


@dataclass
class _Pending:
    """A section checked except for its references, which wait for the lookups."""

    section: str
    frame: pl.DataFrame
    tickets: dict[str, int]  # reference column -> ticket (the frame's rows)
    # list column -> (its items, ticket, whether every item is its cell's text as it is)
    items: dict[str, tuple[pl.DataFrame, int | None, bool]]


def _prepare(frame: pl.DataFrame, section: str, lookups: _Lookups) -> _Pending:
    """A section's text frame checked and typed but for its references, which are asked
    of ``lookups``; a doubt at the first rule that fails."""
    spec = _SPEC[section]
    header = [c for c in frame.columns if c not in ("_row", "_set")]
    frame = frame.with_columns(pl.lit(None, pl.String).alias(c)
                               for c in spec if c not in header)
    # which fields had a cell, as a bit per column (pydantic's fields_set), unless the
    # frame says (``_set``: parsed data, where a key may hold null or an empty list)
    mask = (pl.col("_set") if "_set" in frame.columns else pl.sum_horizontal(
        pl.col(c).is_not_null().cast(pl.UInt32) * (1 << i)
        for i, c in enumerate(spec) if c in header)).alias("_cells")
    scalars = {c: _scalar(pl.col(c), rule) for c, rule in spec.items()
               if rule.kind not in _LISTS and rule.kind != "ref"}
    refs = [c for c, rule in spec.items() if rule.kind == "ref"]
    checks = [ok for _, ok in scalars.values()]
    checks += [pl.col(c).is_not_null() for c in refs if spec[c].required]
    if frame.height and checks:
        _require(bool(frame.select(pl.all_horizontal(checks).all()).item()))
    # list cells split once, here (the items are checked, the lists become the column)
    frame = frame.with_row_index("_i").select(
        "_i", pl.col("_row").alias("row"), mask,
        *[value.alias(c) for c, (value, _ok) in scalars.items()],
        *[pl.col(c).str.split(";") if spec[c].kind in _LISTS else pl.col(c)
          for c in spec if c not in scalars])
    tickets = {c: lookups.ask(frame[c], spec[c].kinds, _elsewhere(spec[c]),
                              coded=(section, c) in _PARTY_COLUMNS) for c in refs}
    items = {c: _items(frame, c, rule, lookups, coded=(section, c) in _PARTY_COLUMNS)
             for c, rule in spec.items() if rule.kind in _LISTS}
    return _Pending(section, frame, tickets, items)


def _items(frame: pl.DataFrame, column: str, rule: _Col, lookups: _Lookups,
           coded: bool = False) -> tuple[pl.DataFrame, int | None, bool]:
    """The items of a ``;`` list column (split into lists) (``_i`` their row, ``v`` the
    item), checked but for references, which are asked of ``lookups``; and whether the
    items are exactly the cell split at ``;`` (no spaces around, no empty item)."""
    items = (frame.select("_i", pl.col(column).alias("v"))
             .explode("v").filter(pl.col("v").is_not_null()))
    stripped = pl.col("v").str.strip_chars()
    as_written = bool(items.select(((stripped == pl.col("v")) & (pl.col("v") != "")).all()
                                   ).item()) if items.height else True
    if not as_written:
        items = items.with_columns(stripped).filter(pl.col("v") != "")
    v = pl.col("v")
    ok: pl.Expr | None = None
    if rule.kind == "ids":
        ok = _id_ok(v)
    elif rule.kind == "competencies":
        # each part computed once, in steps (an expression used twice in one select is
        # computed twice)
        at = pl.col("_at")
        items = items.with_columns(v.str.contains("@", literal=True).alias("_at"))
        items = items.with_columns(
            pl.when(at).then(v.str.extract(r"(?s)^(.*)@", 1)).otherwise(v).alias("_id"),
            pl.when(at).then(v.str.extract(r"(?s)@([^@]*)$", 1)).otherwise(None).alias("_raw"))
        raw = pl.col("_raw")
        items = items.with_columns(pl.when(raw != "").then(raw).otherwise(None).alias("_exp"))
        cid, expires = pl.col("_id"), pl.col("_exp")
        ok = _id_ok(cid) & (expires.is_null() | _date_ok(expires))
        items = items.select("_i", pl.struct(
            cid.alias("id"), expires.str.to_date("%Y-%m-%d", strict=False).alias("expires")
        ).alias("v"), ok.fill_null(False).alias("_ok"))
        ok = pl.col("_ok")
    elif rule.kind == "acknowledged":
        items = items.with_columns(v.str.extract(r"(?s)^(.*)@", 1).alias("_role"),
                                   v.str.extract(r"(?s)@([^@]*)$", 1).alias("_version"))
        items = items.with_columns(pl.col("_version").cast(pl.Int64, strict=False)
                                   .alias("_number"))
        role, version, number = pl.col("_role"), pl.col("_version"), pl.col("_number")
        ok = (v.str.contains("@", literal=True) & (role != "") & version.str.contains(_INT)
              & (number >= 1))
        items = items.select("_i", role.alias("v"), number.alias("version"),
                             ok.fill_null(False).alias("_ok"))
        ok = pl.col("_ok")
    if ok is not None and items.height:
        _require(bool(items.select(ok.fill_null(False).all()).item()))
    if rule.kind == "refs":
        return (items, lookups.ask(items["v"], rule.kinds, _elsewhere(rule), coded=coded),
                as_written)
    if rule.kind == "acknowledged":
        return items, lookups.ask(items["v"], ("role",)), False
    return items, None, as_written and rule.kind == "ids"


def _finish(pending: _Pending, lookups: _Lookups) -> tuple[pl.DataFrame, pl.Series]:
    """A prepared section with its references resolved: the typed frame and its cells."""
    spec = _SPEC[pending.section]
    frame = pending.frame
    for c, asked in pending.tickets.items():
        rule = spec[c]
        canonical, ok = _resolved(pl.col(c), pl.col("_kind"), pl.col("_kinds"), rule)
        resolved = frame.select(pl.col(c), lookups.kind_written(asked),
                                lookups.kinds_holding(asked)).select(
            canonical.alias(c), pl.when(pl.col(c).is_null()).then(pl.lit(True))
            .otherwise(ok).alias("_ok"))
        _require(bool(resolved["_ok"].all()))
        frame = frame.with_columns(resolved[c])
    empty: pl.Expr
    for c, (items, ticket, as_written) in pending.items.items():
        rule = spec[c]
        empty = pl.lit([], dtype=_DTYPES[rule.kind])
        value: pl.Expr = pl.col("v")
        if ticket is not None:
            items = items.with_columns(lookups.kind_written(ticket),
                                       lookups.kinds_holding(ticket))
            role_rule = _Col("ref", kinds=("role",))
            canonical, ok = _resolved(pl.col("v"), pl.col("_kind"), pl.col("_kinds"),
                                      role_rule if rule.kind == "acknowledged" else rule)
            if items.height:
                checked = items.select(ok.all().alias("ok"),
                                       (canonical == pl.col("v")).all().alias("same"))
                _require(bool(checked[0, 0]))
                as_written = as_written and bool(checked[0, 1])
            value = canonical
            if rule.kind == "acknowledged":
                value = pl.struct(canonical.alias("role"), pl.col("version"))
        if as_written:  # the lists are the cells split: no regrouping of the items
            frame = frame.with_columns(pl.col(c).fill_null(empty))
            continue
        listed = (items.select("_i", value.alias(c))
                  .group_by("_i", maintain_order=True).agg(pl.col(c)))
        frame = (frame.drop(c).join(listed, on="_i", how="left", maintain_order="left")
                 .with_columns(pl.col(c).fill_null(empty)))
    out = frame.select("row", *[pl.col(c).cast(_DTYPES[rule.kind]) for c, rule in spec.items()],
                       "_cells")
    return out.drop("_cells"), out["_cells"]


def _inherits_in_cycle(roles: pl.DataFrame) -> bool:
    """Whether some role inherits itself, directly or through others (Kahn's order: a
    graph has a cycle exactly when some node never runs out of parents to wait for)."""
    index = roles.select("id").with_row_index("n")
    edges = (roles.select(pl.col("id").alias("child"), pl.col("inherits").alias("parent"))
             .explode("parent", empty_as_null=False, keep_nulls=False)
             .join(index.rename({"id": "child", "n": "u"}), on="child")
             .join(index.rename({"id": "parent", "n": "w"}), on="parent"))
    if edges.height == 0:
        return False
    waiting = [0] * roles.height  # parents not yet ordered, per role
    children: dict[int, list[int]] = {}
    for u, w in zip(edges["u"].to_list(), edges["w"].to_list(), strict=True):
        waiting[u] += 1
        children.setdefault(w, []).append(u)
    ready = [n for n, count in enumerate(waiting) if count == 0]
    ordered = 0
    while ready:
        n = ready.pop()
        ordered += 1
        for child in children.get(n, ()):
            waiting[child] -= 1
            if waiting[child] == 0:
                ready.append(child)
    return ordered < roles.height


def _policy(data: Any, ids: dict[str, pl.Series]) -> Policy:
    """The policy validated by the model itself, against the model's ids (only those the
    policy's text names, so that no set of a million ids is built for it)."""
    named: set[str] = set()

    def collect(value: Any) -> None:
        if isinstance(value, str):
            named.add(value)
            named.add(value.partition(":")[2])
        elif isinstance(value, dict):
            for item in value.values():
                collect(item)
        elif isinstance(value, list):
            for item in value:
                collect(item)

    collect(data)
    try:
        wanted = pl.Series(sorted(named), dtype=pl.String)
    except UnicodeEncodeError:  # a lone surrogate (a YAML or JSON escape): no UTF-8 text
        raise _Doubt from None
    known = {k: set(s.filter(s.is_in(wanted.implode())).to_list()) for k, s in ids.items()}
    try:
        return validate_model({"policy": data}, ids=known).policy
    except ModelError:
        raise _Doubt from None


# --- the model --------------------------------------------------------------------------

# pydantic's own slots, set the way ``BaseModel.model_construct`` sets them
_new = object.__new__
_set_dict = object.__setattr__


def _slot(name: str) -> Callable[[Any, Any], None]:
    setter: Callable[[Any, Any], None] = vars(BaseModel)[name].__set__
    return setter


_set_instance_dict = _slot("__dict__")  # (the slot's own setter: no attribute lookup)
_set_fields = _slot("__pydantic_fields_set__")
_set_extra = _slot("__pydantic_extra__")
_set_private = _slot("__pydantic_private__")


def _build(cls: type[Any], attrs: dict[str, Any], fields_set: set[str],
           private: Any = None) -> Any:
    """An instance of a pydantic model from values already valid (no validation)."""
    obj = _new(cls)
    _set_dict(obj, "__dict__", attrs)
    _set_fields(obj, fields_set)
    _set_extra(obj, None)
    _set_private(obj, private)
    return obj


_Builder = Callable[[list[int], dict[int, set[str]], list[list[Any]]], list[Any]]


def _builder(cls: type[Any]) -> _Builder:
    """A loop that builds objects of ``cls`` from its columns, written out for the class's
    fields (as :mod:`dataclasses` writes ``__init__``): a dict display per row costs a
    fifth of ``dict(zip(names, row))``, and a million rows are built per run. The names
    are the model's field names, never data."""
    names = list(cls.model_fields)
    assert all(n.isidentifier() for n in names)
    values = ", ".join(f"v{i}" for i in range(len(names)))
    attrs = ", ".join(f"{n!r}: v{i}" for i, n in enumerate(names))
    source = (
        "def build(masks, sets, columns):\n"
        "    out = []\n"
        "    append = out.append\n"
        f"    for mask, {values} in zip(masks, *columns, strict=True):\n"
        "        obj = new(cls)\n"
        f"        set_instance_dict(obj, {{{attrs}}})\n"
        "        set_fields(obj, sets[mask])\n"
        "        set_extra(obj, None)\n"
        "        set_private(obj, None)\n"
        "        append(obj)\n"
        "    return out\n")
    namespace: dict[str, Any] = {
        "cls": cls, "new": _new, "set_instance_dict": _set_instance_dict,
        "set_fields": _set_fields, "set_extra": _set_extra, "set_private": _set_private}
    exec(compile(source, f"<graphkit.loaders.columns: {cls.__name__}>", "exec"), namespace)
    build: _Builder = namespace["build"]
    return build


_BUILDERS: dict[type[Any], _Builder] = {}


def _built(cls: type[Any], masks: list[int], columns: list[list[Any]]) -> list[Any]:
    """Objects of ``cls``, one per row of ``columns`` (one list per field, in the model's
    order), each with the fields whose bit is set in its mask as its fields set."""
    names = list(cls.model_fields)
    sets = {mask: {n for i, n in enumerate(names) if mask >> i & 1} for mask in set(masks)}
    build = _BUILDERS.get(cls)
    if build is None:
        build = _BUILDERS[cls] = _builder(cls)
    return build(masks, sets, columns)


#: Columns shorter than this are converted as they are (sharing would save nothing).
_SHARE_MIN = 64
_EPOCH = date(1970, 1, 1).toordinal()  # polars counts days from 1970-01-01


def _shared(column: pl.Series, categories: list[Any] | None = None) -> list[Any]:
    """The values of a ``String`` or ``Date`` column as Python objects, equal values one
    shared object when the column repeats them (a department, a manager, a role named by
    thousands of assets, a start date: one ``str`` of 60 bytes or ``date`` of 32 bytes
    per distinct value instead of per cell). ``categories``, the members of an
    enumeration, gives the objects for a column holding only their values (or nulls):
    the member itself for each value. Otherwise equal to ``column.to_list()``.

    >>> import datetime
    >>> days = pl.Series([datetime.date(2024, 1, 1), None] * 40)
    >>> values = _shared(days)
    >>> values == days.to_list(), values[0] is values[2]
    (True, True)
    >>> words = _shared(pl.Series(["a", "b", None] * 30))
    >>> words[:4], words[0] is words[3]
    (['a', 'b', None, 'a'], True)
    """
    n = column.len()
    if categories is None and (n < _SHARE_MIN or column.null_count() == n):
        return column.to_list()
    table: list[Any]
    if column.dtype == pl.Date:
        days = column.to_physical()
        low, high = days.min(), days.max()
        assert isinstance(low, int) and isinstance(high, int)
        if high - low >= n // 4:
            return column.to_list()
        table = [date.fromordinal(_EPOCH + d) for d in range(low, high + 1)]
        codes = (days - low).cast(pl.Int64)
    else:
        if categories is None:
            # coding a column this varied costs more than the memory it saves (estimated
            # first: finding two million distinct texts costs half a second)
            if int(column.approx_n_unique()) * 4 > n:  # type: ignore[arg-type]
                return column.to_list()
            # a categorical of its own (never shared with another query, so every code
            # has its text: a null would be a doubt about the coding, not about the data)
            # (its texts live while a column of it does: keep ``coded`` until read)
            own = pl.Categories.random()
            coded = column.cast(pl.Categorical(own))
            codes = coded.to_physical().cast(pl.Int64)
            distinct = own.to_series()
            del coded
            if distinct.null_count() or distinct.len() != codes.max() + 1:  # type: ignore[operator]
                return column.to_list()
            table = distinct.to_list()
        else:
            table = categories
            distinct = pl.Series([str(getattr(c, "value", c)) for c in categories])
            codes = column.cast(pl.Enum(distinct)).to_physical().cast(pl.Int64)
    shared = np.array([*table, None], dtype=object)
    picked: list[Any] = shared[codes.fill_null(len(table)).to_numpy()].tolist()
    return picked


def _rows_of(flat: list[Any], lengths: pl.Series) -> list[list[Any]]:
    """``flat`` cut into one list per row, ``lengths[i]`` items for row ``i``, each row
    its own list (an element's list is never shared with another's, as validation
    builds them). (A list display per row for the usual lengths: a third of the cost of
    slicing.)

    >>> _rows_of(list("abcdefghij"), pl.Series([1, 0, 2, 3, 4]))
    [['a'], [], ['b', 'c'], ['d', 'e', 'f'], ['g', 'h', 'i', 'j']]
    """
    items = iter(flat)
    nx = items.__next__
    return [[nx()] if k == 1 else [nx(), nx()] if k == 2 else [] if k == 0
            else [nx(), nx(), nx()] if k == 3 else list(islice(items, k))
            for k in lengths.to_list()]


def _nested(column: pl.Series,
            cls: type[Competency] | type[Acknowledgement]) -> list[list[Any]]:
    """A list-of-struct column as lists of competencies or acknowledgements."""
    flat = column.explode(empty_as_null=False, keep_nulls=False).struct.unnest()
    if cls is Competency:
        masks = (flat["expires"].is_not_null().cast(pl.Int64) * 2 + 1).to_list()
        made = _built(Competency, masks, [_shared(flat["id"]), _shared(flat["expires"])])
    else:
        made = _built(Acknowledgement, [0b11] * flat.height,
                      [_shared(flat["role"]), flat["version"].to_list()])
    return _rows_of(made, column.list.len())


def _objects(section: str, frame: pl.DataFrame, cells: pl.Series) -> list[Any]:
    """The model's objects of one section, in row order."""
    spec = _SPEC[section]
    columns: list[list[Any]] = []
    for c, rule in spec.items():
        column = frame[c]
        enum = _ENUMS.get((section, c))
        values: list[Any]
        if enum is not None:
            values = _shared(column, list(enum))
        elif rule.kind == "competencies":
            values = _nested(column, Competency)
        elif rule.kind == "acknowledged":
            values = _nested(column, Acknowledgement)
        elif rule.kind in ("ids", "refs"):
            flat = column.explode(empty_as_null=False, keep_nulls=False)
            values = _rows_of(_shared(flat), column.list.len())
        elif rule.kind in ("text", "ref", "date"):
            values = _shared(column)
        else:
            values = column.to_list()
        columns.append(values)
    return _built(_CLASSES[section], cells.to_list(), columns)


def model_from_columns(columns: Columns,
                       sources: Mapping[tuple[str, int], str] | None = None) -> Model:
    """The :class:`~graphkit.model.Model` of validated columns, equal to the one the
    reference path reads from the same folder or data, with where each element came from
    (``Model.source_of``): ``sources`` when the caller gives them (a model file's lines),
    else the folder's rows. Builds the objects without validating them again, and with
    less memory: a text or date that repeats (a department, a manager, a role named by
    many assets) is one shared object (strings, dates and enum members are immutable;
    lists are never shared).
    """
    from ..semantics import paused_gc

    with paused_gc():
        sections: dict[str, Any] = {}
        for section in COLUMNS:
            if section != "organisation":
                sections[section] = _objects(section, columns.frames[section],
                                             columns._cells[section])
        organisation = None
        if columns.frames["organisation"].height:
            organisation = _objects("organisation", columns.frames["organisation"],
                                    columns._cells["organisation"])[0]
    if columns.model_fields_set is not None:
        fields_set = set(columns.model_fields_set)
    else:
        fields_set = {s for s in columns.files if s != "organisation"}
        if organisation is not None:
            fields_set.add("organisation")
        if columns.policy_file is not None:
            fields_set.add("policy")
    attrs: dict[str, Any] = {"version": 1, "organisation": organisation, **sections,
                             "policy": columns.policy}
    model: Model = _build(Model, attrs, fields_set, {"_sources": {}, "_load_report": None})
    return model.with_sources(columns.sources() if sources is None else sources)
