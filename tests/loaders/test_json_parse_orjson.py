"""JSON model files read with orjson, against the reference reading (the json module with
the duplicate-key hook, :func:`_parsed_json`).

orjson's reading is taken only when it provably gives what json gives: the members of the
parsed objects equal the colons outside strings of the text (no key was named twice), no
float of 2**63 or more in size (orjson widens an integer beyond 64 bits to one), at most
``ORJSON_MAX_DEPTH`` levels, and the columnar fast path validates the data. Anything
else is read the reference way, so the model, the sources (file:line of every element)
and every error message must be those of the reference path. Shown here on generated
models (indented, on one line, with a byte-order mark, CRLF), on every literal where
orjson and json differ, and with hypothesis on documents naming keys twice at any depth.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest
from graphkit.loaders import load, save, yamljson
from graphkit.loaders.jsonscan import JsonScan
from graphkit.loaders.yamljson import (
    ORJSON_MAX_DEPTH,
    _DuplicateKey,
    _object_without_duplicates,
    _orjson_data,
    _without_bom,
    read_model_file,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphkit.generate import generate
from test_columns import _outcome  # (tests/loaders is on the path, not a package)
from test_data_fast_path import _assert_same, _base, _json_reference_sources

from graphkit.model import Model

# --- helpers ----------------------------------------------------------------------------

_ORJSON_MODEL = yamljson._orjson_model


def _any_outcome(read: Callable[[], Model]) -> tuple[str, Any]:
    """:func:`_outcome`, and a ValueError's text (the json module's for an integer of
    more than 4,300 digits: raised as it is, on main as here)."""
    try:
        return _outcome(read)
    except ValueError as exc:
        return "ValueError", str(exc)



def _read_both(path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[tuple[str, Any], bool]:
    """``read_model_file(path)`` with orjson's reading tried and without it: the same
    model and sources, or the same errors. The outcome, and whether orjson's was taken."""
    monkeypatch.setattr(yamljson, "FAST_PATH_MIN_ELEMENTS", 0)
    taken: list[bool] = []

    def spy(raw: bytes, where: Path) -> Any:
        out = _ORJSON_MODEL(raw, where)
        taken.append(out[0] is not None)
        return out

    monkeypatch.setattr(yamljson, "_orjson_model", spy)
    fast = _any_outcome(lambda: read_model_file(path))
    monkeypatch.setattr(yamljson, "_orjson_model", lambda raw, where: (None, None))
    ref = _any_outcome(lambda: read_model_file(path))
    assert taken == [True] or taken == [False]
    assert fast[0] == ref[0]
    if ref[0] == "model":
        _assert_same(fast[1], ref[1])
        assert dict(ref[1]._sources) == _json_reference_sources(path)
    else:
        assert fast[1] == ref[1]
    return ref, taken[0]


def _json_reading(raw: bytes) -> tuple[str, str]:
    """The reference parse (as :func:`_parsed_json` does it): ``("data", repr)`` or the
    kind of error."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return ("error", "not UTF-8")
    try:
        data = json.loads(text, object_pairs_hook=_object_without_duplicates)
    except json.JSONDecodeError:
        return ("error", "malformed")
    except _DuplicateKey:
        return ("error", "duplicate")
    except RecursionError:
        return ("error", "deep")
    if not isinstance(data, dict):
        return ("error", "not an object")
    return ("data", repr(data))


def _orjson_reading(raw: bytes) -> str | None:
    """What the orjson path takes (as :func:`_orjson_model` decides before validation):
    the repr of its data, or None."""
    body = _without_bom(raw)
    parsed = _orjson_data(body)
    if parsed is None or JsonScan(body).members != parsed[1]:
        return None
    return repr(parsed[0])


def _base_text(indent: int | None = 2) -> str:
    return json.dumps(_base(), default=str, indent=indent, ensure_ascii=False)


# --- generated models -------------------------------------------------------------------

@pytest.mark.parametrize(("people", "seed"), [(60, 1), (700, 4)])
@pytest.mark.parametrize("layout", ["indented", "compact", "bom-crlf"])
def test_generated_models_take_orjson(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                      people: int, seed: int, layout: str) -> None:
    generate(people, seed=seed, out=tmp_path / "org")
    path = tmp_path / "m.json"
    save(load(tmp_path / "org"), path)
    if layout == "compact":
        path.write_bytes(orjson.dumps(json.loads(path.read_text(encoding="utf-8"))))
    elif layout == "bom-crlf":
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    outcome, taken = _read_both(path, monkeypatch)
    assert outcome[0] == "model" and taken
    if layout == "compact":
        assert {outcome[1].source_of("people", i) for i in range(people)} == {f"{path}:1"}


def test_the_base_takes_orjson(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "m.json"
    path.write_text(_base_text(), encoding="utf-8")
    outcome, taken = _read_both(path, monkeypatch)
    assert outcome[0] == "model" and taken


# --- literals where orjson and json differ ----------------------------------------------

# (what to replace in the base's text, by what; whether orjson's reading may be taken)
_LITERALS: list[tuple[str, str, str, bool]] = [
    ("nan", '"fte": 1.5', '"fte": NaN', False),
    ("infinity", '"fte": 1.5', '"fte": Infinity', False),
    ("-infinity", '"fte": 1.5', '"fte": -Infinity', False),
    ("1e400", '"fte": 1.5', '"fte": 1e400', False),
    ("-1e400", '"fte": 1.5', '"fte": -1e400', False),
    ("1e19", '"fte": 1.5', '"fte": 1e19', False),
    ("2**64 float", '"fte": 1.5', '"fte": 18446744073709551616.0', False),
    ("2**64", '"min_holders": 0', '"min_holders": 18446744073709551616', False),
    ("2**70", '"min_holders": 0', '"min_holders": 1180591620717411303424', False),
    ("-2**63-1", '"min_holders": 0', '"min_holders": -9223372036854775809', False),
    ("ack 2**64", '"version": 2', '"version": 18446744073709551617', False),
    ("4300 digits", '"min_holders": 0', '"min_holders": 1' + "0" * 4400, False),
    ("lone high surrogate", '"name": "Staff"', '"name": "\\ud800"', False),
    ("lone low surrogate", '"name": "Staff"', '"name": "a\\udc00b"', False),
    ("surrogate pair", '"name": "Staff"', '"name": "\\ud83d\\ude00"', True),
    ("escaped colon key", '"name": "Staff"', '"n\\u0061me": "a\\u003ab"', True),
    ("raw control", '"name": "Staff"', '"name": "a\x01b"', False),
    ("0.1", '"fte": 1.5', '"fte": 0.1', True),
    ("2.675", '"fte": 1.5', '"fte": 2.675', True),
    ("many digits", '"fte": 1.5',
     '"fte": 0.1000000000000000055511151231257827021181583404541015625', True),
    ("halfway", '"fte": 1.5', '"fte": 9007199254740993.0', True),
    ("halfway, up", '"fte": 1.5', '"fte": 9007199254740995.0', True),
    ("2**53+1", '"fte": 1.5', '"fte": 9007199254740993', True),
    ("1e23", '"fte": 1.5', '"fte": 1e23', False),
    ("1e15 digits", '"fte": 1.5', '"fte": 123456789012345.678', True),
    ("subnormal", '"fte": 1.5', '"fte": 5e-324', True),
    ("underflow", '"fte": 1.5', '"fte": 1e-400', True),
    ("max double", '"fte": 1.5', '"fte": 1.7976931348623157e308', False),
    ("-0.0", '"fte": 1.5', '"fte": -0.0', True),
    ("-0", '"min_holders": 0', '"min_holders": -0', True),
    ("1E2", '"fte": 1.5', '"fte": 1E+2', True),
    ("2**63-1", '"min_holders": 0', '"min_holders": 9223372036854775807', True),
    ("2**64-1", '"min_holders": 0', '"min_holders": 18446744073709551615', True),
    ("01", '"min_holders": 0', '"min_holders": 01', False),
    ("trailing comma", '"min_holders": 0', '"min_holders": 0,', False),
    ("a key twice", '"min_holders": 0', '"min_holders": 0, "min_holders": 1', False),
    ("a key twice, escaped", '"min_holders": 0', '"min_holders": 0, "min_holder\\u0073": 0',
     False),
    ("a key twice at the top", '"version": 1', '"version": 1, "version": 1', False),
    ("a section twice", '"delegations": [', '"delegations": [], "delegations": [', False),
]


@pytest.mark.parametrize(("name", "old", "new", "may_take"), _LITERALS,
                         ids=[x[0] for x in _LITERALS])
def test_odd_literals(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, old: str,
                      new: str, may_take: bool) -> None:
    text = _base_text()
    assert old in text
    path = tmp_path / "m.json"
    path.write_text(text.replace(old, new, 1), encoding="utf-8", errors="surrogatepass")
    _, taken = _read_both(path, monkeypatch)
    assert may_take or not taken


@pytest.mark.parametrize("raw", [
    b"\xef\xbb\xbf" + _base_text().encode(),                  # a byte-order mark
    b"\xef\xbb\xbf\xef\xbb\xbf" + _base_text().encode(),      # two
    _base_text().encode().replace(b'"Staff"', b'"St\xffaff"'),  # not UTF-8
    _base_text().encode().replace(b'"Staff"', b'"\xed\xa0\x80"'),  # an encoded surrogate
    _base_text(None).encode() + b" ",                          # trailing whitespace
    _base_text(None).encode() + b"\x0c",                       # a form feed after it
    _base_text(None).encode() + b" {}",                        # a second document
    b'{"people": [{"id": "a"}]',                               # unclosed
    b'[{"people": []}]',                                       # not an object
    b"\t\r\n " + _base_text(0).encode(),                       # every JSON whitespace
], ids=["bom", "two-boms", "bad-byte", "encoded-surrogate", "trailing-space", "form-feed",
        "two-documents", "unclosed", "top-array", "whitespace"])
def test_odd_texts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, raw: bytes) -> None:
    path = tmp_path / "m.json"
    path.write_bytes(raw)
    _read_both(path, monkeypatch)


@pytest.mark.parametrize("depth", [ORJSON_MAX_DEPTH - 2, ORJSON_MAX_DEPTH - 1, 600, 1100,
                                   5000])
def test_deep_nesting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, depth: int) -> None:
    """Depth counted from the top-level object: ``"policy": {"x": [[...]]}`` is 2 + the
    brackets. The reference path's data or its "nested too deeply"."""
    deep = "[" * (depth - 2) + "]" * (depth - 2)
    text = _base_text(None).replace('"max_delegation_depth": 3',
                                    f'"max_delegation_depth": 3, "x": {deep}')
    path = tmp_path / "m.json"
    path.write_text(text, encoding="utf-8")
    outcome, taken = _read_both(path, monkeypatch)
    assert outcome[0] != "model"  # (an unknown field of the policy)
    assert not taken


def test_the_depth_bound() -> None:
    """Nesting of ORJSON_MAX_DEPTH levels is counted; one more is not."""
    def nested(levels: int) -> bytes:
        return b'{"a": ' + b"[" * (levels - 1) + b"]" * (levels - 1) + b"}"

    assert _orjson_data(nested(ORJSON_MAX_DEPTH)) == (json.loads(nested(ORJSON_MAX_DEPTH)), 1,
                                                 ORJSON_MAX_DEPTH)
    assert _orjson_data(nested(ORJSON_MAX_DEPTH + 1)) is None
    assert _json_reading(nested(ORJSON_MAX_DEPTH + 1))[0] == "data"


# --- hypothesis: documents naming keys twice at any depth -------------------------------

class _Object(list):  # type: ignore[type-arg]
    """An object's members in order (a key may come twice)."""


_KEY = st.sampled_from(["a", "b", "id", "a:b", 'q"', "\\", "é", "{[,", "😀", ""])
_STRING = st.text(alphabet=st.sampled_from(list('ab:,[]{}"\\ \n/') + ["é", "\u2028", "😀",
                                                                      "\x00"]), max_size=6)
_LEAF = st.one_of(_STRING, st.integers(-2**64, 2**64), st.booleans(), st.none(),
                  st.floats(allow_nan=False, allow_infinity=False))
_VALUE = st.recursive(
    _LEAF, lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.lists(st.tuples(_KEY, inner), max_size=4).map(_Object)),
    max_leaves=16)
_DOCUMENT = st.lists(st.tuples(_KEY, _VALUE), max_size=5).map(_Object)


def _dump(value: Any, rng: random.Random, depth: int = 0) -> str:
    """JSON text of ``value`` with whitespace, escapes and spacing of ``rng``'s choosing."""
    ws = lambda: rng.choice(["", "", " ", "\n" + "  " * depth, "\t", "\r\n"])  # noqa: E731

    def string(text: str) -> str:
        style = rng.randrange(3)
        if style == 0:
            return json.dumps(text, ensure_ascii=False)
        if style == 1:
            return json.dumps(text, ensure_ascii=True)
        return '"' + "".join(f"\\u{ord(c):04x}" if ord(c) < 0x10000 else
                             json.dumps(c)[1:-1] for c in text) + '"'

    if isinstance(value, _Object):
        parts = [ws() + string(k) + ws() + ":" + ws() + _dump(v, rng, depth + 1) + ws()
                 for k, v in value]
        return "{" + ",".join(parts) + ws() + "}"
    if isinstance(value, list):
        return "[" + ",".join(ws() + _dump(v, rng, depth + 1) + ws() for v in value) \
            + ws() + "]"
    if isinstance(value, str):
        return string(value)
    return json.dumps(value)


def _has_twice(value: Any) -> bool:
    if isinstance(value, _Object):
        keys = [k for k, _ in value]
        return len(set(keys)) < len(keys) or any(_has_twice(v) for _, v in value)
    if isinstance(value, list):
        return any(_has_twice(v) for v in value)
    return False


def _large(value: Any) -> bool:
    """An integer orjson reads as a float (beyond 64 bits), or a float of 2**63 or more
    in size (which one of those might have been)."""
    if isinstance(value, _Object):
        return any(_large(v) for _, v in value)
    if isinstance(value, list):
        return any(_large(v) for v in value)
    return (type(value) is int and not -2**63 <= value < 2**64) or \
        (type(value) is float and not -2.0**63 < value < 2.0**63)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=_DOCUMENT, seed=st.integers(0, 2**32), bom=st.booleans())
def test_keys_named_twice_at_any_depth(doc: _Object, seed: int, bom: bool) -> None:
    """orjson's reading is taken exactly when the document names no key twice in one
    object (and holds no integer beyond 64 bits), and then it is json's."""
    raw = ("\ufeff" * bom + _dump(doc, random.Random(seed))).encode("utf-8")
    ref = _json_reading(raw)
    fast = _orjson_reading(raw)
    if _has_twice(doc):
        assert ref == ("error", "duplicate")
        assert fast is None
    elif _large(doc):
        assert ref[0] == "data" and fast is None
    else:
        assert ref[0] == "data"
        assert fast == ref[1]


def _objects(value: Any, found: list[_Object]) -> list[_Object]:
    if isinstance(value, _Object):
        found.append(value)
    for v in (value if not isinstance(value, _Object) else [v for _, v in value]):
        if isinstance(v, list):
            _objects(v, found)
    return found


def _as_members(value: Any) -> Any:
    if isinstance(value, dict):
        return _Object((k, _as_members(v)) for k, v in value.items())
    if isinstance(value, list):
        return [_as_members(v) for v in value]
    return value


@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.data(), seed=st.integers(0, 2**32))
def test_a_model_naming_a_key_twice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                    data: st.DataObject, seed: int) -> None:
    """One member of one object of the base model (at any depth) given again, before or
    after the first: the reference path's error ("key ... appears twice" on its line),
    never orjson's reading."""
    doc = _as_members(json.loads(_base_text()))
    objects = _objects(doc, [])
    target = objects[data.draw(st.integers(0, len(objects) - 1))]
    at = data.draw(st.integers(0, len(target) - 1))
    key, value = target[at]
    again = data.draw(st.one_of(st.just(value), _LEAF))
    target.insert(data.draw(st.integers(0, len(target))), (key, again))
    path = tmp_path / "m.json"
    path.write_text(_dump(doc, random.Random(seed)), encoding="utf-8")
    outcome, taken = _read_both(path, monkeypatch)
    assert not taken
    assert outcome[0] == "InputError"
    assert f"key '{key}' appears twice in one object" in outcome[1][0][0]


# --- the count the duplicate check rests on ---------------------------------------------

@settings(max_examples=300, deadline=None)
@given(doc=_DOCUMENT, seed=st.integers(0, 2**32))
def test_colons_outside_strings_are_members(doc: _Object, seed: int) -> None:
    raw = _dump(doc, random.Random(seed)).encode("utf-8")

    def members(value: Any) -> int:
        if isinstance(value, _Object):
            return len(value) + sum(members(v) for _, v in value)
        if isinstance(value, list):
            return sum(members(v) for v in value)
        return 0

    assert JsonScan(raw).members == members(doc)


def test_without_the_member_count_the_tests_fail(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """With the count check gone (the scan's count always the parse's), a key named
    twice is read as its last value and the differential check catches it."""
    text = _base_text().replace('"min_holders": 0', '"min_holders": 0, "min_holders": 1')
    path = tmp_path / "m.json"
    path.write_text(text, encoding="utf-8")
    _read_both(path, monkeypatch)
    scan_init = JsonScan.__init__

    def parse_count(self: JsonScan, text: bytes) -> None:
        scan_init(self, text)
        parsed = _orjson_data(text)
        assert parsed is not None
        self.members = parsed[1]

    monkeypatch.setattr(JsonScan, "__init__", parse_count)
    with pytest.raises(AssertionError, match="assert 'model' == 'InputError'"):
        _read_both(path, monkeypatch)

