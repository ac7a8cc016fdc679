"""Where a JSON model file's elements start, found from its brackets alone.

:class:`BracketScan` reads every bracket, brace and colon of a text as structure (no
quote is looked at); :meth:`BracketScan.element_lines` gives the line of each element of
each section array only when the parsed data's counts prove that reading right (no
object names a key twice, no string holds a bracket or a brace), else None and the
structural index (:class:`JsonScan`) is asked. Whenever it answers, it must answer what
:class:`JsonScan` answers (which the reference :class:`_JsonIndex` is held to in
test_data_fast_path); and the counts must refuse every text where the reading is wrong.
Shown with hypothesis on documents naming keys twice at any depth, with brackets, colons,
quotes and escapes in keys and strings and any JSON whitespace anywhere (before colons
too), on section-shaped documents in the layouts ``json.dumps`` writes, and on generated
models read whole against the reference path.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import numpy as np
import orjson
import pytest
from graphkit.loaders import load, save, yamljson
from graphkit.loaders.jsonscan import BracketScan, JsonScan
from graphkit.loaders.columns import validated_data
from graphkit.loaders.yamljson import (
    _SOURCED,
    _members,
    _orjson_data,
    _validated_counts,
    _without_bom,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphkit.generate import generate
from test_data_fast_path import _base, _documents, _mutated
from test_json_parse_orjson import (
    _DOCUMENT,
    _ORJSON_MODEL,
    _base_text,
    _dump,
    _has_twice,
    _read_both,
)

# every path of keys a document of _DOCUMENT or _documents may hold an array at
_PATHS: list[tuple[str, tuple[str, ...]]] = [
    *_SOURCED, *((k, (k,)) for k in ("a", "b", "id", "a:b", 'q"', "\\", "é", "{[,", "",
                                     "x[", '"}', "version")),
    ("a.b", ("a", "b")), ("a.a", ("a", "a")), ("{[,.id", ("{[,", "id")),
    ("policy.x", ("policy", "x")),
]


def _scan_lines(body: bytes) -> dict[str, list[int]]:
    """The structural index's lines of each array of :data:`_PATHS` the text has."""
    scan = JsonScan(body)
    out = {}
    for name, path in _PATHS:
        starts = scan.elements(path)
        if starts is not None:
            out[name] = scan.lines(starts).tolist()
    return out


def _bracket_lines(body: bytes) -> dict[str, list[int]] | None:
    """:meth:`BracketScan.element_lines` of the text parsed by orjson (None: no answer,
    or orjson refuses the text)."""
    parsed = _orjson_data(body)
    if parsed is None:
        return None
    data, members, containers = parsed
    found = BracketScan(body).element_lines(data, members, containers, _PATHS)
    return None if found is None else {k: v.tolist() for k, v in found.items()}


def _brackets_in_strings(body: bytes) -> int:
    """The brackets and braces the text spells inside strings (those outside are the
    structural index's tokens)."""
    outside = int(np.isin(JsonScan(body)._kinds, list(b"[]{}")).sum())
    return sum(body.count(bytes([b])) for b in b"[]{}") - outside


def _answerable(body: bytes) -> bool:
    """Whether the brackets of the text are its structure and each key once in each
    object, told by the structural index; every colon right after a quote (none after
    whitespace, none in a string after a quote); orjson's reading taken; and every
    element of the arrays of :data:`_PATHS` an object or an array."""
    parsed = _orjson_data(body)
    if parsed is None or _brackets_in_strings(body):
        return False
    if any(body.count(w + b":") for w in (b" ", b"\t", b"\n", b"\r")):
        return False
    if not JsonScan(body).members == body.count(b'":') == parsed[1]:
        return False
    for _, path in _PATHS:
        node: Any = parsed[0]
        for key in path:
            node = node.get(key) if isinstance(node, dict) else None
        if isinstance(node, list) and not all(isinstance(e, (dict, list)) for e in node):
            return False
    return True


# --- hypothesis -------------------------------------------------------------------------

@settings(max_examples=800, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=_DOCUMENT, seed=st.integers(0, 2**32), bom=st.booleans())
def test_an_answer_is_the_structural_index(doc: Any, seed: int, bom: bool) -> None:
    """Any document (keys twice, brackets and colons in strings, escapes, whitespace
    before colons): no answer for a key named twice; an answer exactly when the brackets
    can be trusted (:func:`_answerable`), and then the structural index's."""
    text = _dump(doc, random.Random(seed))
    body = _without_bom(("\ufeff" * bom + text).encode("utf-8"))
    found = _bracket_lines(body)
    if _has_twice(doc):
        assert found is None
    assert (found is not None) == _answerable(body)
    if found is not None:
        assert found == _scan_lines(body)


@settings(max_examples=400, deadline=None)
@given(doc=_documents(), indent=st.sampled_from([None, 0, 1, 2, 4, "\t", "\n \n"]),
       ascii_only=st.booleans(), tight=st.booleans(), crlf=st.booleans())
def test_section_documents_in_dumped_layouts(doc: dict[str, Any], indent: Any,
                                             ascii_only: bool, tight: bool,
                                             crlf: bool) -> None:
    """The layouts json.dumps writes (indented or on one line, tight or spaced, CRLF):
    an answer exactly when the brackets can be trusted (:func:`_answerable`), and then
    the structural index's."""
    separators = (",", ":") if tight else (", ", ": ")
    text = json.dumps(doc, indent=indent, ensure_ascii=ascii_only, separators=separators)
    if crlf:
        text = text.replace("\n", "\r\n")
    body = text.encode("utf-8")
    found = _bracket_lines(body)
    assert (found is not None) == _answerable(body)
    if found is not None:
        assert found == _scan_lines(body)


# --- models read whole ------------------------------------------------------------------

@pytest.mark.parametrize("layout", ["indented", "compact", "bom-crlf", "tabs"])
def test_generated_models_find_lines_by_brackets(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 layout: str) -> None:
    """A generated model as graphkit writes it and as other tools do: its lines come
    from the brackets (the structural index is not asked), and the model read is the
    reference path's, with its sources."""
    generate(300, seed=3, out=tmp_path / "org")
    path = tmp_path / "m.json"
    save(load(tmp_path / "org"), path)
    text = path.read_text(encoding="utf-8")
    if layout == "compact":
        path.write_bytes(orjson.dumps(json.loads(text)))
    elif layout == "bom-crlf":
        path.write_bytes(b"\xef\xbb\xbf" + text.encode().replace(b"\n", b"\r\n"))
    elif layout == "tabs":
        path.write_text(json.dumps(json.loads(text), indent="\t", ensure_ascii=True),
                        encoding="utf-8")
    asked: list[bytes] = []
    scanned = yamljson._scanned

    def spy(body: bytes) -> Any:
        asked.append(body)
        return scanned(body)

    outcome, taken = _read_both(path, monkeypatch)
    assert outcome[0] == "model" and taken
    monkeypatch.setattr(yamljson, "_orjson_model", _ORJSON_MODEL)  # (as _read_both left it)
    monkeypatch.setattr(yamljson, "_scanned", spy)
    assert yamljson.read_model_file(path) == outcome[1]
    assert asked == []


@pytest.mark.parametrize(("old", "new"), [
    ('"name": "Staff"', '"name": "Staff [2]"'),      # a bracket in a string
    ('"name": "Staff"', '"name": "{Staff"'),          # a brace
    ('"min_holders": 0', '"min_holders" : 0'),        # whitespace before a colon
    ('"min_holders": 0', '"min_holders"\n:\t0'),
    ('"name": "Staff"', '"name": "Staff : x"'),      # ... and in a string
    ('"name": "Staff"', '"n\\u0061me": "St\\u005baff"'),  # escapes
])
def test_odd_texts_are_read_as_before(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                      old: str, new: str) -> None:
    """Texts the brackets cannot be trusted for go to the structural index and read as
    the reference path reads them."""
    text = _base_text()
    assert old in text
    path = tmp_path / "m.json"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    _read_both(path, monkeypatch)
    body = path.read_bytes()
    assert _bracket_lines(body) in (None, _scan_lines(body))


# --- the counts the reading rests on ----------------------------------------------------

def _trusting(monkeypatch: pytest.MonkeyPatch, what: str) -> None:
    """BracketScan with one of its counts always the parse's (the check gone)."""
    init = BracketScan.__init__

    def counted(self: BracketScan, text: bytes) -> None:
        init(self, text)
        parsed = _orjson_data(text)
        assert parsed is not None
        if what == "members":
            self.key_colons = parsed[1]
        else:
            self.openings = self.closings = parsed[2]

    monkeypatch.setattr(BracketScan, "__init__", counted)


def test_without_the_member_count_the_tests_fail(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """A key named twice is read as its last value when the colons are not counted."""
    text = _base_text().replace('"min_holders": 0', '"min_holders": 0, "min_holders": 1')
    path = tmp_path / "m.json"
    path.write_text(text, encoding="utf-8")
    _read_both(path, monkeypatch)
    _trusting(monkeypatch, "members")
    with pytest.raises(AssertionError, match="assert 'model' == 'InputError'"):
        _read_both(path, monkeypatch)


def test_without_the_bracket_count_the_tests_fail(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Strings holding brackets that keep the elements' count but move where they start
    (found by search) give other sources than the reference path's when the brackets
    are not counted."""
    names = ["][", "a]", "{"]
    doc = {"people": [{"id": f"p{i}", "name": name} for i, name in enumerate(names)],
           "roles": [{"id": "r"}]}
    path = tmp_path / "m.json"
    path.write_text(json.dumps(doc, indent=1), encoding="utf-8")
    _read_both(path, monkeypatch)
    _trusting(monkeypatch, "containers")
    with pytest.raises(AssertionError, match=r"m\.json:5.* == .*m\.json:7"):
        _read_both(path, monkeypatch)


# --- the fast path's counts -------------------------------------------------------------

def _counted(data: dict[str, Any]) -> tuple[int, int] | None | str:
    """:func:`_validated_counts` of data the fast path validates ("doubt": it does not)."""
    counts = [0, 0]
    columns = validated_data(data, counts=counts)
    if columns is None:
        return "doubt"
    return _validated_counts(data, columns, counts)


@settings(max_examples=800, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_mutated())
def test_the_fast_paths_counts_are_the_walks(data: dict[str, Any]) -> None:
    """Whatever the fast path validates (one odd value anywhere in a model), its counts
    are what walking the data counts; None only where a walk might give None."""
    found = _counted(data)
    if found != "doubt":
        ftes = [role.get("fte", 0) for role in data.get("roles", [])]
        assert found is not None or not all(-2.0**63 < fte < 2.0**63 for fte in ftes)
        assert found is None or found == _members(data)


@pytest.mark.parametrize("change", [
    {"fte": 1e19}, {"fte": -1e19}, {"fte": 2**63}, {"fte": 1e18}, {"requires": []},
    {"requires": ["x"]}, {"inherits": []}, {"grade": None},
], ids=repr)
def test_the_fast_paths_counts_of_odd_roles(change: dict[str, Any]) -> None:
    data = _base()
    data["roles"][0].update(change)
    found = _counted(data)
    if found != "doubt":
        assert found is None if abs(change.get("fte", 0)) >= 2**63 else \
            found == _members(data)


def test_the_fast_paths_counts_of_generated_models(tmp_path: Path) -> None:
    generate(300, seed=5, out=tmp_path / "org")
    path = tmp_path / "m.json"
    save(load(tmp_path / "org"), path)
    data = json.loads(path.read_text(encoding="utf-8"))
    found = _counted(data)
    assert found is not None and found != "doubt"
    assert found == _members(data)


def test_with_a_member_too_many_the_tests_fail(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """With the fast path counting one member too many, a key named twice is read as its
    last value: the differential check catches it."""
    data = json.loads(_base_text())
    assert _counted(data) == _members(data)
    text = _base_text().replace('"min_holders": 0', '"min_holders": 0, "min_holders": 1')
    path = tmp_path / "m.json"
    path.write_text(text, encoding="utf-8")
    _read_both(path, monkeypatch)
    original = yamljson._validated_counts

    def one_more_member(data: Any, columns: Any, counts: list[int]) -> Any:
        found = original(data, columns, counts)
        return None if found is None else (found[0] + 1, found[1])

    monkeypatch.setattr(yamljson, "_validated_counts", one_more_member)
    with pytest.raises(AssertionError, match="assert 'model' == 'InputError'"):
        _read_both(path, monkeypatch)
