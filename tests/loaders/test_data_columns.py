"""The text columns of a YAML or JSON model's parsed data, against the plain mapping.

:func:`graphkit.loaders.columns._data_frame` turns one section's elements into the text
frame a CSV file would give (each value the cell that means the same, ``_set`` each
element's keys as bits), taking shortcuts: whole columns at a time, the keys checked by
counting, typed values written by polars. :func:`_plain_frame` below is the plain mapping
it replaced, value by value; for every section of odd data (every field any type: texts
with ``;``, spaces, empty texts, booleans, whole and decimal numbers, dates and
datetimes, None, lists, nested lists, dicts, tuples, absent keys, unknown keys) both must
give the same frame or both step aside (:class:`_Doubt`). Whole models of such sections
must give the reference's model or None (``test_data_fast_path``'s ``_agree``).
"""

from __future__ import annotations

import re
from collections import UserString
from datetime import date, datetime
from itertools import chain, repeat
from operator import is_not
from typing import Any

import numpy as np
import polars as pl
import pytest
from graphkit.loaders import columns as C
from graphkit.loaders.columns import _SPEC, _Doubt
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal
from test_data_fast_path import _agree, _base  # (tests/loaders is on the path)

SECTIONS = tuple(_SPEC)


# --- the plain mapping (the fast path's first form, value by value) --------------------

class _Absent:
    """The value of a key an element does not have."""


_ABSENT = _Absent()


_DATE_TEXT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")


def _list_item(value: Any) -> str:
    C._require(type(value) is str and value != "" and ";" not in value
               and value.strip() == value)
    return value  # type: ignore[no-any-return]


def _competency(value: Any) -> str:
    C._require(type(value) is dict and "id" in value and value.keys() <= {"id", "expires"})
    id_ = _list_item(value["id"])
    if "expires" not in value:
        return id_ + "@" if "@" in id_ else id_
    expires = value["expires"]
    if type(expires) is date:
        return f"{id_}@{expires.isoformat()}"
    C._require(type(expires) is str and _DATE_TEXT.match(expires) is not None)
    return f"{id_}@{expires}"


def _acknowledgement(value: Any) -> str:
    C._require(type(value) is dict and value.keys() == {"role", "version"})
    version = value["version"]
    C._require(type(version) is int)
    return f"{_list_item(value['role'])}@{version}"


def _plain_texts(section: str, column: str, rule: Any, values: list[Any],
                 types: set[type]) -> tuple[list[Any], int | None]:
    absent = {_Absent, type(None)} if C._nullable(section, column) else {_Absent}
    if rule.kind in ("competencies", "acknowledged"):
        C._require(types <= {list} | absent)
        item = _competency if rule.kind == "competencies" else _acknowledgement
        return [";".join([item(x) for x in v]) if type(v) is list and v else None
                for v in values], None
    if rule.kind in C._LISTS:
        one = C._one_or_many(section, column)
        C._require(types <= ({list, str, type(None)} if one else {list}) | absent)
        lists = [v for v in values if type(v) is list]
        C._require(set(map(type, chain.from_iterable(lists))) <= {str})
        count = sum(map(len, lists)) + (sum(type(v) is str for v in values) if one else 0)
        return [(";".join(v) if v else None) if type(v) is list
                else v if type(v) is str else None for v in values], count
    C._require(types <= {str} | C._TYPED_VALUES.get(rule.kind, frozenset()) | absent)
    C._require("" not in values)
    return [C._text(v) if type(v) is not _Absent else None for v in values], None


def _plain_frame(section: str, rows: list[Any]) -> pl.DataFrame:
    C._require(set(map(type, rows)) <= {dict})
    spec = _SPEC[section]
    keys: set[Any] = set().union(*rows)
    C._require(keys <= spec.keys())
    n = len(rows)
    present = np.zeros(n, dtype=np.uint32)
    columns: list[pl.Series] = [pl.Series("_row", range(n), dtype=pl.Int64)]
    for bit, (c, rule) in enumerate(spec.items()):
        if c not in keys:
            columns.append(pl.repeat(None, n, dtype=pl.String, eager=True).alias(c))
            continue
        values = [row.get(c, _ABSENT) for row in rows]
        types = set(map(type, values))
        held = np.array(list(map(is_not, values, repeat(_ABSENT, n))), dtype=np.uint32)
        present |= held << np.uint32(bit)
        texts, items = _plain_texts(section, c, rule, values, types)
        try:
            column = pl.Series(c, texts, dtype=pl.String)
        except UnicodeEncodeError:
            raise _Doubt from None
        if items is not None:
            C._as_written(column, items)
        columns.append(column)
    columns.append(pl.Series("_set", present, dtype=pl.UInt32))
    return pl.DataFrame(columns)


def _outcome(make: Any, section: str, rows: list[Any]) -> pl.DataFrame | None:
    try:
        return make(section, rows)  # type: ignore[no-any-return]
    except _Doubt:
        return None


def _same_frame(section: str, rows: list[Any]) -> pl.DataFrame | None:
    """The fast frame, asserted to be the plain mapping's (or both None)."""
    fast = _outcome(C._data_frame, section, rows)
    plain = _outcome(_plain_frame, section, rows)
    assert (fast is None) == (plain is None)
    if fast is not None:
        assert_frame_equal(fast, plain)
    return fast


# --- odd data ------------------------------------------------------------------------

class _Text(UserString):
    """Not a str, though it reads like one."""


class _Str(str):
    """A str of a type of its own."""


_WORDS = ["ann", "bob", "ism", "role:ism", "person:ann", "crm", "A.5.2", "x@y", "ism@2",
          "cissp@2027-01-01", "2024-01-01", "true", "yes", "3", "3.0", "1e3", "active",
          "medium", "accept", "high"]
_ODD_TEXTS = ["", " ", " ann", "ann ", "a;b", "a;", ";", "a\u3000", "\x85a", "\ud800",
              "\x00", "ümlaut", "x" * 300, "a\nb"]


def _scalars() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.sampled_from(_WORDS), st.sampled_from(_ODD_TEXTS),
        st.text(alphabet=st.sampled_from("ab;@: \t\n\x1c\u00a0é"), max_size=5),
        st.none(), st.booleans(), st.integers(-3, 6),
        st.sampled_from([2**31, 2**63 - 1, 2**63, -(2**63) - 1, 10**30]),
        st.floats(), st.sampled_from([0.0, -0.0, 1.0, 2.5, 1e16, 0.1, 1 / 3]),
        st.dates(), st.datetimes(),
        st.sampled_from([_Str("ann"), _Text("ann"), b"ann", (), ("ann",), {"id": "x"}]),
    )


def _items() -> st.SearchStrategy[Any]:
    """A list field's value: mostly lists of words, and odd lists."""
    entry = st.one_of(
        st.fixed_dictionaries({"id": st.sampled_from(["cissp", "x@y", " c", "c;d", ""])},
                              optional={"expires": st.one_of(
                                  st.sampled_from(["2027-01-01", "2027-1-1", ""]),
                                  st.dates(), st.datetimes(), st.none())}),
        st.fixed_dictionaries({"role": st.sampled_from(["ism", "role:ism", " ism", "a;b"]),
                               "version": st.one_of(st.integers(-1, 3), st.booleans(),
                                                    st.just(1.0), st.just("2"))}),
        st.dictionaries(st.sampled_from(["id", "role", "version", "x"]), _scalars(),
                        max_size=3))
    return st.one_of(
        st.lists(st.sampled_from(_WORDS), max_size=3),
        st.lists(st.one_of(st.sampled_from(_WORDS), _scalars()), max_size=3),
        st.lists(entry, max_size=2),
        st.lists(st.lists(st.sampled_from(_WORDS), max_size=2), max_size=2),
        st.sampled_from([[], [""], ["", ""], ["a", ""], ["a;b"], [" a"], ["a", "a"]]),
    )


@st.composite
def _sections(draw: st.DrawFn) -> tuple[str, list[Any]]:
    """A section of a few elements, each field absent or given, most fields of a kind
    drawn once per section (a column of one type, as files have) and some per element."""
    section = draw(st.sampled_from(SECTIONS))
    fields = [*_SPEC[section], "extra"]
    shared = {f: draw(st.one_of(_scalars(), _items())) for f in fields}
    rows: list[Any] = []
    for _ in range(draw(st.integers(0, 5))):
        if draw(st.integers(0, 30)) == 0:
            rows.append(draw(_scalars()))  # not a mapping
            continue
        row: dict[Any, Any] = {}
        for f in fields:
            how = draw(st.sampled_from(["absent", "absent", "shared", "shared", "shared",
                                        "own"] if f != "extra" else ["absent"] * 30 + ["own"]))
            if how == "shared":
                row[f] = shared[f]
            elif how == "own":
                row[f] = draw(st.one_of(_scalars(), _items()))
        rows.append(row)
    return section, rows


# --- the tests -------------------------------------------------------------------------

@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_sections())
def test_odd_sections_give_the_plain_frame(case: tuple[str, list[Any]]) -> None:
    _same_frame(*case)


def _valid_rows() -> dict[str, list[dict[str, Any]]]:
    base = _base()
    return {s: [base[s]] if s == "organisation" else base[s] for s in SECTIONS}


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(section=st.sampled_from(SECTIONS), data=st.data())
def test_odd_values_in_a_valid_section(section: str, data: st.DataObject) -> None:
    """Valid elements (the fast path takes them) with some fields changed or dropped:
    the plain frame, and the reference's model or None."""
    base = _base()
    rows = [base[section]] if section == "organisation" else base[section]
    for _ in range(data.draw(st.integers(1, 3))):
        row = rows[data.draw(st.integers(0, len(rows) - 1))]
        field = data.draw(st.sampled_from(list(_SPEC[section])))
        if data.draw(st.integers(0, 3)) == 0:
            row.pop(field, None)
        else:
            row[field] = data.draw(st.one_of(_scalars(), _items()))
    _same_frame(section, rows)
    _agree(base)


@pytest.mark.parametrize("section", SECTIONS)
def test_valid_sections_are_fast(section: str) -> None:
    assert _same_frame(section, _valid_rows()[section]) is not None


@pytest.mark.parametrize(("section", "field", "value", "fast"), [
    # a null where the default is not null (an error, or a different meaning)
    ("people", "status", None, False), ("roles", "critical", None, False),
    ("assignments", "person", None, False), ("roles", "requires", None, False),
    # a null where the default is null, or where it names no party
    ("people", "name", None, True), ("people", "reports_to", None, True),
    ("assets", "owner", None, True),
    # empty lists, empty texts, items a cell would split or strip
    ("assets", "custodians", [], True), ("assets", "custodians", [""], False),
    ("assets", "custodians", ["", ""], False), ("assets", "custodians", ["a;b"], False),
    ("assets", "custodians", [" a"], False), ("assets", "owner", "", False),
    ("assets", "owner", "a;b", False), ("people", "name", "", False),
    # typed values written as their cells
    ("roles", "version", 2**63 - 1, True), ("roles", "version", 2**63, True),
    ("roles", "version", True, False), ("roles", "critical", 1, False),
    ("assignments", "from", date(1, 1, 1), True), ("assignments", "from",
                                                   datetime(2024, 1, 1), False),
    ("roles", "fte", 1e16, True), ("roles", "fte", 2, True),
    # not plain data
    ("people", "name", _Str("ann"), False), ("people", "name", _Text("ann"), False),
    ("assets", "custodians", ("ann",), False), ("assets", "custodians", [_Str("a")], False),
])
def test_one_value_in_every_element(section: str, field: str, value: Any, fast: bool) -> None:
    """One field given the same value in every element of a valid section (so the whole
    column is of its type) and in one element."""
    for every in (True, False):
        rows = _valid_rows()[section]
        for row in rows if every else rows[:1]:
            row[field] = value
        assert (_same_frame(section, rows) is not None) == fast


@pytest.mark.parametrize("value", [None, "x"])
def test_an_unknown_key_steps_aside(value: Any) -> None:
    rows = _valid_rows()["people"]
    rows[1]["nmae"] = value
    assert _same_frame("people", rows) is None


def test_a_null_given_is_a_field_set() -> None:
    """``name: null`` is a field set (pydantic's fields_set); an absent name is not: the
    count of keys tells them apart only in total, the keys themselves per element."""
    rows: list[dict[str, Any]] = [{"id": "a", "name": None}, {"id": "b"}, {"id": "c"}]
    frame = _same_frame("people", rows)
    assert frame is not None
    assert frame["_set"].to_list() == [3, 1, 1]
    rows[1]["name"] = "Bob"  # two keys with a value, one null
    frame = _same_frame("people", rows)
    assert frame is not None and frame["_set"].to_list() == [3, 3, 1]
