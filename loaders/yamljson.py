"""A model as one YAML or JSON file: read it safely, with lines, and write it for people.

YAML is read with PyYAML's safe loader (libyaml when present): no Python objects, no
tags beyond plain data. Aliases (``*name``) are bounded: at most
:data:`MAX_YAML_ALIASES` of them, expanding to at most :data:`MAX_ALIAS_EXPANSION` nodes,
so an alias bomb fails at once instead of filling memory. Every problem of the model is
reported with the line it stands on. A model file in plain block style (what graphkit
writes, and most people and tools) is read a line at a time by
:mod:`graphkit.loaders._yamlblock` with the same loader's resolver: the same data, lines
and errors, several times faster; any other text goes through PyYAML's node tree.

>>> import tempfile, pathlib
>>> from graphkit.model import validate_model
>>> m = validate_model({"people": [{"id": "alice", "name": "Alice Smith"}],
...                     "roles": [{"id": "ism", "critical": True}],
...                     "assignments": [{"person": "alice", "role": "ism"}]})
>>> with tempfile.TemporaryDirectory() as tmp:
...     path = pathlib.Path(tmp, "m.yaml")
...     write_model_file(m, path)
...     print(path.read_text(), end="")
...     again = read_model_file(path)
version: 1
people:
- id: alice
  name: Alice Smith
roles:
- id: ism
  critical: true
assignments:
- person: alice
  role: ism
>>> again == m, again.source_of("roles", 0)[-8:]
(True, 'm.yaml:6')
"""

from __future__ import annotations

import codecs
import json
import re
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import orjson
import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..errors import InputError, Issue, ModelError
from ..model import Model, validate_model
from ..semantics import paused_gc
from ._files import decode_text, read_bounded, relocate
from ._yamlblock import read_block_yaml
from .jsonscan import BracketScan, JsonScan, LineSources

if TYPE_CHECKING:
    from .columns import Columns

__all__ = [
    "MAX_ALIAS_EXPANSION",
    "MAX_YAML_ALIASES",
    "dump_model_data",
    "read_model_file",
    "read_yaml_mapping",
    "read_yaml_sections",
    "write_model_file",
]

#: At most this many alias references (``*name``) in one YAML file.
MAX_YAML_ALIASES = 100
#: Aliases may add at most this many nodes to what the file spells out.
MAX_ALIAS_EXPANSION = 10_000

#: Sections whose elements carry a source (``Model.source_of``), with their model path.
_SOURCED: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("people", ("people",)), ("roles", ("roles",)), ("assignments", ("assignments",)),
    ("assets", ("assets",)), ("risks", ("risks",)), ("duties", ("duties",)),
    ("delegations", ("delegations",)), ("sod", ("policy", "sod")),
    ("exceptions", ("policy", "exceptions")),
)

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_BaseDumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
# an anchor (&name) somewhere; without one there can be no alias (*name)
_ANCHOR = re.compile(r"(?:^|[\s\[{,:-])&[^\s\[\]{},]+", re.MULTILINE)


class _SafeLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    """The safe loader (libyaml's when present) that also refuses a key twice in a mapping.

    PyYAML would silently keep the last; merge keys (``<<: *base``) may still be overridden.
    """

    path = Path("<yaml>")

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        _check_duplicate_keys(node, self.path)
        return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]


# --- YAML -------------------------------------------------------------------------------

def _children(node: Node) -> list[Node]:
    if isinstance(node, SequenceNode):
        return list(node.value)
    if isinstance(node, MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _check_nodes(root: Node, path: Path) -> None:
    """Refuse recursive aliases, too many aliases, and aliases that expand too far."""
    sizes: dict[int, int] = {}
    on_stack: set[int] = set()
    aliases = 0
    stack: list[tuple[Node, list[Node], int]] = [(root, _children(root), 0)]
    on_stack.add(id(root))

    def bomb(node: Node, text: str) -> InputError:
        return InputError(Issue(
            text, file=str(path), line=node.start_mark.line + 1,
            expected=f"at most {MAX_YAML_ALIASES} aliases (*name), adding at most "
                     f"{MAX_ALIAS_EXPANSION} nodes; write the data out in full"))

    while stack:
        node, kids, i = stack[-1]
        if i == len(kids):
            stack.pop()
            on_stack.discard(id(node))
            sizes[id(node)] = 1 + sum(sizes[id(k)] for k in kids)
            continue
        stack[-1] = (node, kids, i + 1)
        child = kids[i]
        cid = id(child)
        if cid in sizes:
            aliases += 1
            if aliases > MAX_YAML_ALIASES:
                raise bomb(node, f"more than {MAX_YAML_ALIASES} YAML aliases")
            continue
        if cid in on_stack:
            raise bomb(node, "a YAML alias refers to the node that contains it")
        on_stack.add(cid)
        stack.append((child, _children(child), 0))
    if sizes[id(root)] - len(sizes) > MAX_ALIAS_EXPANSION:
        raise InputError(Issue(
            f"YAML aliases expand to {sizes[id(root)]:,} nodes, from {len(sizes):,} written "
            "(an alias bomb?)", file=str(path),
            expected=f"aliases (*name) adding at most {MAX_ALIAS_EXPANSION} nodes; write the "
                     "data out in full"))


def _check_duplicate_keys(node: MappingNode, path: Path) -> None:
    seen: set[str] = set()
    for key, _ in node.value:
        if isinstance(key, ScalarNode) and key.tag != "tag:yaml.org,2002:merge":
            if key.value in seen:
                raise InputError(Issue(f"key '{key.value}' appears twice in one mapping",
                                       file=str(path), line=key.start_mark.line + 1,
                                       expected="each key once"))
            seen.add(key.value)


def _yaml_error(exc: yaml.YAMLError, path: Path) -> InputError:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    text = f"malformed YAML: {problem}"
    if context:
        text += f" ({context})"
    if mark is None:
        return InputError(Issue(text, file=str(path), expected="well-formed YAML"))
    return InputError(Issue(f"malformed YAML at column {mark.column + 1}: {problem}"
                            + (f" ({context})" if context else ""),
                            file=str(path), line=mark.line + 1, expected="well-formed YAML"))


def _compose_yaml(text: str, path: Path) -> Node | None:
    loader = _SafeLoader(text)
    try:
        try:
            root = loader.get_single_node()
        except yaml.YAMLError as exc:
            raise _yaml_error(exc, path) from None
        except RecursionError:
            raise InputError(Issue("YAML nested too deeply", file=str(path),
                                   expected="at most a few hundred levels")) from None
        if root is not None and _ANCHOR.search(text):
            _check_nodes(root, path)
        return root  # type: ignore[no-any-return]
    finally:
        loader.dispose()


def _construct_yaml(root: Node, path: Path) -> Any:
    loader = _SafeLoader("")
    loader.path = path
    try:
        return loader.construct_document(root)
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, path) from None
    except RecursionError:
        raise InputError(Issue("YAML nested too deeply", file=str(path),
                               expected="at most a few hundred levels")) from None
    except (ValueError, OverflowError) as exc:
        # a scalar PyYAML resolves but cannot make, such as the date 2026-02-30
        raise _unmade_scalar(root, path, exc) from None
    finally:
        loader.dispose()


_KIND_WORDS = {"tag:yaml.org,2002:timestamp": "date", "tag:yaml.org,2002:int": "whole number",
               "tag:yaml.org,2002:float": "number"}


def _unmade_scalar(root: Node, path: Path, exc: Exception) -> InputError:
    """The error for the first scalar of the document (in order) that PyYAML resolves to
    a type but cannot make into a value of it (``exc``, raised by the constructor)."""
    loader = _SafeLoader("")
    stack, seen = [root], set()
    try:
        while stack:
            node = stack.pop()
            if id(node) in seen:
                continue
            seen.add(id(node))
            if not isinstance(node, ScalarNode):
                stack.extend(reversed(_children(node)))
                continue
            try:
                loader.construct_object(node)
            except (ValueError, OverflowError) as failed:
                kind = _KIND_WORDS.get(node.tag, node.tag.rpartition(":")[2])
                return InputError(Issue(
                    f"'{node.value}' reads as a YAML {kind} but is not one ({failed})",
                    file=str(path), line=node.start_mark.line + 1,
                    expected=f"a real {kind}, or the value in quotes to keep it as text"))
    finally:
        loader.dispose()
    return InputError(Issue(f"a YAML value cannot be read ({exc})", file=str(path),
                            expected="well-formed YAML values"))


def _yaml_line(root: Node, loc: tuple[str | int, ...]) -> int:
    """The line of the deepest node of ``loc`` the file has (a key's line for a field)."""
    node = root
    line = node.start_mark.line + 1
    for part in loc:
        if isinstance(node, MappingNode) and isinstance(part, str):
            for key, value in node.value:
                if isinstance(key, ScalarNode) and key.value == part:
                    line = key.start_mark.line + 1
                    node = value
                    break
            else:
                return line
        elif isinstance(node, SequenceNode) and isinstance(part, int) \
                and 0 <= part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            return line
    return line


def _yaml_item_lines(root: Node, section: tuple[str, ...]) -> list[int]:
    node: Node | None = root
    for part in section:
        if not isinstance(node, MappingNode):
            return []
        node = next((v for k, v in node.value
                     if isinstance(k, ScalarNode) and k.value == part), None)
    if not isinstance(node, SequenceNode):
        return []
    return [item.start_mark.line + 1 for item in node.value]


def _mapping_root(text: str, path: Path, what: str) -> MappingNode:
    root = _compose_yaml(text, path)
    if root is None:
        raise InputError(Issue("empty file (only comments)", file=str(path), expected=what))
    if not isinstance(root, MappingNode):
        raise InputError(Issue("the top level is not a mapping", file=str(path),
                               line=root.start_mark.line + 1,
                               expected="a mapping of sections (people:, roles:, ...)"))
    return root


def read_yaml_mapping(path: Path, what: str = "a YAML file") -> tuple[dict[str, Any], Node]:
    """Read a YAML file whose top level is a mapping: its data and its node tree (lines)."""
    text = decode_text(read_bounded(path, what), path)
    root = _mapping_root(text, path, what)
    return _construct_yaml(root, path), root


def read_yaml_sections(path: Path, what: str, sections: tuple[tuple[str, ...], ...]
                       ) -> tuple[dict[str, Any], dict[tuple[str, ...], list[int]]]:
    """Read a YAML file whose top level is a mapping: its data, and the line of each
    element of those ``sections`` (paths of keys from the top) that are sequences.

    The data, the lines and every error are those of :func:`read_yaml_mapping`; a plain
    block-style file (what ``graphkit convert`` and most people write) is read by
    :func:`~graphkit.loaders._yamlblock.read_block_yaml`, several times faster, and any
    other by PyYAML's node tree.
    """
    return _yaml_sections(decode_text(read_bounded(path, what), path), path, what, sections)


def _yaml_sections(text: str, path: Path, what: str, sections: tuple[tuple[str, ...], ...]
                   ) -> tuple[dict[str, Any], dict[tuple[str, ...], list[int]]]:
    """:func:`read_yaml_sections` of the file's text."""
    loader = _SafeLoader("")
    try:
        fast = read_block_yaml(text, loader, sections)
    finally:
        loader.dispose()
    if fast is not None:
        return fast
    root = _mapping_root(text, path, what)
    lines = {where: _yaml_item_lines(root, where) for where in sections}
    return _construct_yaml(root, path), {where: found for where, found in lines.items()
                                         if found}


def _read_yaml(path: Path) -> Model:
    what = "a model file (people:, roles:, ...)"
    text = decode_text(read_bounded(path, what), path)
    fast = _columns_model(text, path)
    if fast is not None:
        return fast
    data, item_lines = _yaml_sections(text, path, what, tuple(where for _, where in _SOURCED))
    del text
    name = str(path)
    # the same lazy mapping of "<file>:<line>" a JSON file's sources are
    sources = LineSources(name, {section: item_lines[where] for section, where in _SOURCED
                                 if where in item_lines})
    del item_lines
    try:
        model = _fast_model(data, name) or validate_model(data)
    except ModelError as exc:
        _, root = read_yaml_mapping(path, what)  # again, to place each problem on its line
        raise relocate(exc, lambda loc: (name, _yaml_line(root, loc), None, None),
                       order=lambda i: (i.line or 0,)) from None
    return model.with_sources(sources)


def _columns_model(text: str, path: Path) -> Model | None:
    """The model of a YAML model file's text whose sections
    :func:`~graphkit.loaders._yamlcols.read_columns` reads straight into columns, when
    the columnar path validates it (as :func:`_fast_model` would the data the block
    reader makes of the text: the same columns, model and lines); else None, and the
    file is read as before (which reports every problem)."""
    from ._yamlcols import read_columns
    from .columns import model_from_columns, validated_sections

    loader = _SafeLoader("")
    try:
        read = read_columns(text, loader)
    finally:
        loader.dispose()
    if read is None:
        return None
    data, item_lines, frames = read
    del read
    elements = sum(frame.height for frame in frames.values()) + sum(
        len(v) for v in data.values() if isinstance(v, list))
    if elements < FAST_PATH_MIN_ELEMENTS:
        return None
    name = str(path)
    columns = validated_sections(data, frames, name)
    if columns is None:
        return None
    del data, frames
    sources = LineSources(name, {section: item_lines[where] for section, where in _SOURCED
                                 if where in item_lines})
    return model_from_columns(columns, {}).with_sources(sources)


# --- JSON -------------------------------------------------------------------------------

_JSON_WS = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


class _JsonIndex:
    """Where the values of a well-formed JSON text start, found on demand.

    Each container's members are scanned once (siblings are skipped with the C decoder,
    so this costs about one more parse of what is asked for); a value is located by the
    character offset of its first character, and a field by the offset of its key.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.root = self._ws(0)
        self._objects: dict[int, dict[str, tuple[int, int]]] = {}
        self._arrays: dict[int, list[int]] = {}

    def _ws(self, pos: int) -> int:
        m = _JSON_WS.match(self.text, pos)
        return m.end() if m else pos

    def members(self, pos: int) -> dict[str, tuple[int, int]]:
        """An object's keys -> (offset of the key, offset of the value)."""
        found = self._objects.get(pos)
        if found is not None:
            return found
        text = self.text
        out: dict[str, tuple[int, int]] = {}
        i = self._ws(pos + 1)
        while text[i] != "}":
            key, end = json.decoder.scanstring(text, i + 1)  # type: ignore[attr-defined]
            value = self._ws(self._ws(end) + 1)  # past the ':'
            out.setdefault(key, (i, value))
            _, end = _DECODER.raw_decode(text, value)
            i = self._ws(end)
            if text[i] == ",":
                i = self._ws(i + 1)
        self._objects[pos] = out
        return out

    def elements(self, pos: int) -> list[int]:
        """The offsets of an array's elements."""
        found = self._arrays.get(pos)
        if found is not None:
            return found
        text, out = self.text, []
        i = self._ws(pos + 1)
        while text[i] != "]":
            out.append(i)
            _, end = _DECODER.raw_decode(text, i)
            i = self._ws(end)
            if text[i] == ",":
                i = self._ws(i + 1)
        self._arrays[pos] = out
        return out

    def walk(self, loc: tuple[str | int, ...]) -> tuple[int, int, bool]:
        """Follow ``loc``: the offset to show (a field's key, an element's first character)
        of the deepest part the text has, the offset of that value, and whether all of
        ``loc`` was found."""
        pos = best = self.root
        for part in loc:
            c = self.text[pos]
            if c == "{" and isinstance(part, str) and part in self.members(pos):
                best, pos = self.members(pos)[part]
            elif c == "[" and isinstance(part, int) and 0 <= part < len(self.elements(pos)):
                best = pos = self.elements(pos)[part]
            else:
                return best, pos, False
        return best, pos, True

    def offset(self, loc: tuple[str | int, ...]) -> int:
        """The offset of the deepest part of ``loc`` the text has (a key's, for a field)."""
        return self.walk(loc)[0]

    def duplicate_key(self) -> tuple[str, int] | None:
        """The first key named twice in one object, and its second offset (a full walk:
        only for reporting the problem)."""
        text = self.text
        stack = [self.root]
        while stack:
            pos = stack.pop()
            if text[pos] == "[":
                stack.extend(reversed(self.elements(pos)))
                continue
            if text[pos] != "{":
                continue
            seen: set[str] = set()
            i = self._ws(pos + 1)
            children = []
            while text[i] != "}":
                key, end = json.decoder.scanstring(text, i + 1)  # type: ignore[attr-defined]
                if key in seen:
                    return key, i
                seen.add(key)
                value = self._ws(self._ws(end) + 1)
                children.append(value)
                _, end = _DECODER.raw_decode(text, value)
                i = self._ws(end)
                if text[i] == ",":
                    i = self._ws(i + 1)
            stack.extend(reversed(children))
        return None

    def lines(self, offsets: list[int]) -> dict[int, int]:
        """The line of each offset (counted once through the text, in order)."""
        out: dict[int, int] = {}
        line, last = 1, 0
        for pos in sorted(set(offsets)):
            line += self.text.count("\n", last, pos)
            last = pos
            out[pos] = line
        return out


class _DuplicateKey(Exception):
    """A JSON object names one key twice (json would silently keep the last)."""


def _object_without_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return out


#: Parsed data of fewer elements than this is validated the reference way only (the
#: columnar fast path costs some 50 ms however small the model; pydantic about 12 µs an
#: element).
FAST_PATH_MIN_ELEMENTS = 5_000


def _fast_columns(data: Any, name: str, counts: list[int] | None = None) -> Columns | None:
    """Parsed data validated by the columnar fast path
    (:func:`~graphkit.loaders.columns.validated_data`, which adds to ``counts`` when
    given) when it is large enough to gain from it, or None: then the reference path
    (:func:`validate_model`) runs."""
    if not isinstance(data, dict) or sum(
            len(v) for v in data.values() if isinstance(v, list)) < FAST_PATH_MIN_ELEMENTS:
        return None
    from .columns import validated_data

    return validated_data(data, name, counts)


def _fast_model(data: Any, name: str) -> Model | None:
    """The model of parsed data by the columnar fast path, or None (see
    :func:`_fast_columns`)."""
    from .columns import model_from_columns

    columns = _fast_columns(data, name)
    return None if columns is None else model_from_columns(columns, {})


def _element_lines(raw: bytes) -> dict[str, np.ndarray]:
    """The line of each element of each section array (:data:`_SOURCED`) the JSON text
    has, from the structural index of its bytes (a byte-order mark is no character)."""
    return _scanned(_without_bom(raw))[1]


def _scanned(body: bytes) -> tuple[int, dict[str, np.ndarray]]:
    """The members of all objects of a well-formed JSON text without a byte-order mark
    (:attr:`JsonScan.members`) and the line of each element of each section array."""
    scan = JsonScan(body)
    out = {}
    for section, where in _SOURCED:
        starts = scan.elements(where)
        if starts is not None:
            out[section] = scan.lines(starts)
    return scan.members, out


def _without_bom(raw: bytes) -> bytes:
    return raw[len(codecs.BOM_UTF8):] if raw.startswith(codecs.BOM_UTF8) else raw


def _read_json(path: Path) -> Model:
    raw = read_bounded(path, "a model file")
    fast, lines = _orjson_model(raw, path)
    if fast is not None:
        return fast
    # where the elements start is found beside the parse and the validation: numpy lets
    # go of the interpreter, so on a second core it costs little time
    with ThreadPoolExecutor(max_workers=1) as pool:
        found = None if lines is not None else pool.submit(_element_lines, raw)
        model, arrays = _parsed_json(raw, path)
        if found is not None:
            lines = found.result()
    assert lines is not None
    return model.with_sources(LineSources(str(path), {s: lines[s] for s in arrays}))


#: Parsed data nested deeper than this is read the reference way (the json module, whose
#: RecursionError says "nested too deeply" where orjson has a limit of its own).
ORJSON_MAX_DEPTH = 100
_INT64 = float(2**63)


def _orjson_model(raw: bytes, path: Path
                  ) -> tuple[Model | None, dict[str, np.ndarray] | None]:
    """The model of a JSON file's bytes read with orjson (some three times faster than
    the json module with the duplicate-key hook) when that provably gives what
    :func:`_parsed_json` gives; else no model (the reference path then reads the file,
    with every error it reports). And the lines of the elements when they were found
    (:func:`_element_lines_of`: the text is well-formed).

    orjson refuses what json reads but a model cannot hold (NaN, Infinity, lone
    surrogates, numbers beyond a double) and what json refuses (malformed text, a bad
    byte); it keeps the last value of a key named twice, and reads an integer beyond 64
    bits as a float. So its data is taken only when its objects have as many members as
    the text has (no key was named twice: :func:`_element_lines_of`), it holds no float
    of 2**63 or more in size, it nests at most :data:`ORJSON_MAX_DEPTH` deep, and the
    columnar fast path validates it (the reference path reports the problems).
    """
    name = str(path)
    body = _without_bom(raw)
    with ThreadPoolExecutor(max_workers=1) as pool:
        # (numpy lets go of the interpreter: beside the parse and the validation)
        brackets = pool.submit(BracketScan, body)
        data = _orjson_object(body)
        if data is None:
            return None, None
        counts = [0, 0]
        columns = _fast_columns(data, name, counts)
        # (the fast path's counts of what it validated, else a walk of all the data)
        found = None if columns is None else _validated_counts(data, columns, counts)
        if found is None:
            found = _members(data)
            if found is None:
                return None, None
        members, containers = found
        once, lines = _element_lines_of(body, brackets.result(), data, members, containers)
    if columns is None or not once:
        return None, lines
    arrays = [section for section, where in _SOURCED if isinstance(_get(data, where), list)]
    del data  # (before the fast path builds its objects: a peak of memory less)
    from .columns import model_from_columns

    model = model_from_columns(columns, {})
    return model.with_sources(LineSources(name, {s: lines[s] for s in arrays})), lines


def _element_lines_of(body: bytes, brackets: BracketScan, data: dict[str, Any],
                      members: int, containers: int) -> tuple[bool, dict[str, np.ndarray]]:
    """Whether a well-formed JSON text without a byte-order mark names each key once in
    each object, given its parsed ``data`` (orjson's: the last value of a key named
    twice) holding ``members`` members and ``containers`` objects and arrays; and the
    line of each element of each section array (:data:`_SOURCED`). From the text's
    brackets (:class:`BracketScan`) when the counts prove them its structure, else from
    its structural index (:class:`JsonScan`: the members the text spells out)."""
    lines = brackets.element_lines(data, members, containers, _SOURCED)
    if lines is not None:
        return True, lines
    counted, lines = _scanned(body)
    return counted == members, lines


def _orjson_data(body: bytes) -> tuple[dict[str, Any], int, int] | None:
    """orjson's reading of a JSON text (without a byte-order mark) whose top level is an
    object, the members of all its objects and how many objects and arrays it holds; None
    when orjson refuses the text, the top level is no object, or :func:`_members` has no
    count.

    >>> _orjson_data(b'{"a": {"b": 1, "b": 2}}'), _orjson_data(b'{"a": NaN}')
    (({'a': {'b': 2}}, 2, 2), None)
    """
    data = _orjson_object(body)
    if data is None:
        return None
    counts = _members(data)
    return None if counts is None else (data, *counts)


def _orjson_object(body: bytes) -> dict[str, Any] | None:
    """orjson's reading of a JSON text (without a byte-order mark) whose top level is an
    object; None when orjson refuses the text or the top level is no object."""
    try:
        with paused_gc():
            data = orjson.loads(body)
    except (orjson.JSONDecodeError, RecursionError):
        return None
    return data if type(data) is dict else None


def _validated_counts(data: dict[str, Any], columns: Columns, counts: list[int]
                      ) -> tuple[int, int] | None:
    """What :func:`_members` gives for data the columnar fast path has validated, from
    ``counts``, what it counted of the sections (:func:`validated_data`): the top level
    adds its members and itself, each section an array (the organisation is an object,
    counted), and the policy is walked; None where :func:`_members` might give None (a
    float of 2**63 or more in size: only ``fte`` holds floats) or the policy nests too
    deep.

    >>> from graphkit.loaders.columns import validated_data
    >>> data = {"people": [{"id": "a", "competencies": [{"id": "x"}]}, {"id": "b"}],
    ...         "roles": [{"id": "r", "fte": 0.5, "requires": []}, {"id": "q"}],
    ...         "organisation": {"id": "o"}, "policy": {"sod": [{"id": "s",
    ...         "members": ["role:r", "role:q"]}]}}
    >>> counts = [0, 0]
    >>> found = _validated_counts(data, validated_data(data, counts=counts), counts)
    >>> found, _members(data)
    ((16, 15), (16, 15))
    """
    if columns["roles"]["fte"].abs().ge(_INT64).any():
        return None
    policy = _members(data["policy"], ORJSON_MAX_DEPTH - 1) if "policy" in data else (0, 0)
    if policy is None:
        return None
    # (the sections at the top level, arrays once validated; the organisation's object
    # is counted with the sections' elements)
    arrays = sum(where[0] in data for _, where in _SOURCED if len(where) == 1)
    return (len(data) + counts[0] + policy[0], 1 + arrays + counts[1] + policy[1])


def _members(data: Any, limit: int = ORJSON_MAX_DEPTH) -> tuple[int, int] | None:
    """The members of all objects of parsed JSON data and the number of its objects and
    arrays (itself included), or None when it nests deeper than ``limit`` levels
    (:data:`ORJSON_MAX_DEPTH`) or holds a float of 2**63 or more in size (how orjson
    reads an integer that json reads exactly).

    >>> _members({"a": [{"b": 1, "c": [2.5, {}]}], "d": "e"}), _members({"n": [-1e19]})
    ((4, 5), None)
    """
    count, containers, depth, level = 0, 0, 0, [data]
    while level:
        depth += 1
        if depth > limit:
            return None
        containers += len(level)
        below: list[Any] = []
        push = below.append
        for node in level:
            if type(node) is dict:
                count += len(node)
                node = node.values()
            for value in node:
                kind = type(value)
                if kind is str:
                    continue
                if kind is dict or kind is list:
                    push(value)
                elif kind is float and not -_INT64 < value < _INT64:
                    return None
        level = below
    return count, containers


def _parsed_json(raw: bytes, path: Path) -> tuple[Model, list[str]]:
    """The model of a JSON file's bytes (the fast path's or the reference's) and the
    sections whose elements have a source (an array in the file)."""
    text = decode_text(raw, path)
    name = str(path)
    try:
        # (millions of acyclic objects: the cyclic collector would walk them again and
        # again while they are made, three times the cost of the parse)
        with paused_gc():
            data = json.loads(text, object_pairs_hook=_object_without_duplicates)
    except json.JSONDecodeError as exc:
        raise InputError(Issue(f"malformed JSON at column {exc.colno}: {exc.msg}", file=name,
                               line=exc.lineno, expected="well-formed JSON")) from None
    except _DuplicateKey as exc:
        index = _JsonIndex(text)
        twice = index.duplicate_key()
        key, line = (twice[0], index.lines([twice[1]])[twice[1]]) if twice else \
            (exc.args[0], None)
        raise InputError(Issue(f"key '{key}' appears twice in one object", file=name,
                               line=line, expected="each key once")) from None
    except RecursionError:
        raise InputError(Issue("JSON nested too deeply", file=name,
                               expected="at most a few hundred levels")) from None
    except ValueError as exc:  # an integer longer than Python converts (int_max_str_digits)
        raise _too_many_digits(text, name, exc) from None
    if not isinstance(data, dict):
        raise InputError(Issue("the top level is not an object", file=name,
                               expected="an object of sections {\"people\": [...], ...}"))
    arrays = [section for section, where in _SOURCED if isinstance(_get(data, where), list)]
    columns = _fast_columns(data, name)
    model = _validated_json(data, text, name) if columns is None else None
    del data, text  # (before the fast path builds its objects: a peak of memory less)
    if columns is not None:
        from .columns import model_from_columns

        model = model_from_columns(columns, {})
        del columns
    assert model is not None
    return model, arrays


#: A whole number literal: where a JSON value may start, digits, where it may end.
_LONG_NUMBER = re.compile(r"(?<=[\[:,\s])-?[0-9]{%d,}(?=[\],}\s]|\Z)")


def _too_many_digits(text: str, name: str, exc: ValueError) -> InputError:
    r"""The error for a whole number longer than Python converts (the json module raises
    a plain ValueError, without a place), on the line of the first such number.

    >>> _too_many_digits('{"a": [1,\n' + "7" * 5000 + ']}', "m.json", ValueError()).issue.line
    2
    """
    limit = sys.get_int_max_str_digits()
    found = re.compile(_LONG_NUMBER.pattern % (limit + 1)).search(text)
    line = text.count("\n", 0, found.start()) + 1 if found else None
    digits = len(found.group().lstrip("-")) if found else None
    what = (f"a whole number of {digits:,} digits" if digits
            else f"a number that cannot be read ({exc})")
    return InputError(Issue(what, file=name, line=line,
                            expected=f"at most {limit:,} digits, or the number in quotes as text"))


def _validated_json(data: dict[str, Any], text: str, name: str) -> Model:
    """The reference path: :func:`validate_model`, every problem placed on its line."""
    try:
        return validate_model(data)
    except ModelError as exc:
        index = _JsonIndex(text)
        offsets = {issue.loc: index.offset(issue.loc) for issue in exc.issues}
        # and the first definitions that duplicate-id messages refer to
        firsts = {(s, i): index.offset((s, i)) for s, i in _first_refs(exc)}
        lines = index.lines([*offsets.values(), *firsts.values()])
        where = {loc: lines[o] for loc, o in offsets.items()}
        where.update({loc: lines[o] for loc, o in firsts.items()})
        raise relocate(exc, lambda loc: (name, where.get(loc), None, None),
                       order=lambda i: (i.line or 0,)) from None


def _get(data: dict[str, Any], path: tuple[str, ...]) -> Any:
    node: Any = data
    for part in path:
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return node


def _first_refs(exc: ModelError) -> list[tuple[str, int]]:
    """The (section, index) that duplicate-id messages name as the first definition."""
    from ._files import _FIRST_AT

    out = []
    for issue in exc.issues:
        m = _FIRST_AT.search(issue.message)
        if m:
            out.append((m.group(1), int(m.group(2))))
    return out


# --- reading and writing ----------------------------------------------------------------

def read_model_file(path: str | Path) -> Model:
    """Read a model from a ``.yaml``/``.yml`` or ``.json`` file.

    Raises :class:`~graphkit.errors.InputError` when the file cannot be read (missing,
    unreadable, empty, too large, malformed, an alias bomb) and
    :class:`~graphkit.errors.ModelError` with every problem, each on its line, when the
    model is invalid.
    """
    p = Path(path)
    if p.suffix.lower() == ".json":
        return _read_json(p)
    return _read_yaml(p)


def dump_model_data(model: Model) -> dict[str, Any]:
    """The model as plain data in model order, without what re-reading would restore
    (absent values and defaults); dates stay dates and enums become their values."""
    data = model.model_dump(mode="python", by_alias=True, exclude_defaults=True)
    data = {"version": model.version, **data}
    return _plain(data)  # type: ignore[no-any-return]


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {_plain(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    return value


class _Dumper(_BaseDumper):  # type: ignore[valid-type,misc]
    """Block style, keys as given, no anchors for repeated values."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # PyYAML reads back line breaks beyond \n (NEL, LS, PS) in plain or single-quoted
    # text as newlines: double quotes escape them
    if any(c in value for c in "\x85\u2028\u2029"):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    return dumper.represent_str(value)


_Dumper.add_representer(str, _represent_str)


def _json_default(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def write_model_file(model: Model, path: str | Path) -> None:
    """Write ``model`` as YAML (``.yaml``/``.yml``: block style, model order, no defaults)
    or pretty JSON (``.json``). Reading the file back gives an identical model."""
    p = Path(path)
    data = dump_model_data(model)
    if p.suffix.lower() == ".json":
        text = json.dumps(data, indent=2, ensure_ascii=False, default=_json_default) + "\n"
    else:
        text = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                         default_flow_style=False, width=100)
    p.write_text(text, encoding="utf-8")
