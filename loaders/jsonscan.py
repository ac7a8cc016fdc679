"""Where the elements of a JSON text's section arrays start, found with numpy.

A model file of a large organisation holds hundreds of thousands of elements, and each
one's ``Model.source_of`` is the line of its first character. Finding those by decoding
every element a second time (``_JsonIndex.elements`` in :mod:`graphkit.loaders.yamljson`)
costs about as much as parsing the file; :class:`JsonScan` finds them from a structural
index of the bytes instead:

- the quotes that delimit strings are the ``"`` bytes not escaped by an odd run of
  backslashes (a backslash outside a string is not JSON);
- a byte is inside a string when an odd number of those quotes precede it;
- the brackets, braces, commas and colons outside strings, with the depth each leaves
  (the running sum of openings and closings), are the text's structure: an array's
  elements are separated by the commas at its own depth, and each starts at the first
  byte after its ``[`` or comma that is not JSON whitespace (for an array or an object,
  its own bracket: the next token);
- each member of an object has one colon outside strings, and no other colon is outside
  them: :attr:`JsonScan.members` counts the members the text spells out, which is how
  many the parsed objects hold when no object names a key twice.

The text must be well-formed JSON (it has been parsed already); offsets are byte offsets
of the UTF-8 text, and a line is one plus the newlines before an offset, as for the
characters of the decoded text (a newline is one byte, and no other character's bytes
contain it). :class:`LineSources` gives ``"<file>:<line>"`` per element without storing
a string for each.

Telling strings apart costs most of that (a model file has a quote for every two or three
other bytes of structure). :class:`BracketScan` does without: it reads every bracket,
brace and colon of the text as structure, and its :meth:`~BracketScan.element_lines` are
given only when the parsed data proves that reading right (no string holds a bracket or
a brace, no object names a key twice), else None and :class:`JsonScan` is asked.

>>> scan = JsonScan(b'{"people": [{"id": "a"},\\n {"id": "b]\\\\\\\\"}], "policy": {"sod": []}}')
>>> scan.elements(("people",)).tolist(), scan.lines(scan.elements(("people",))).tolist()
([12, 26], [1, 2])
>>> scan.elements(("policy", "sod")).tolist(), scan.elements(("roles",)), scan.members
([], None, 5)
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

import numpy as np

__all__ = ["BracketScan", "JsonScan", "LineSources"]

_QUOTE, _BACKSLASH, _NEWLINE = ord('"'), ord("\\"), ord("\n")
_COMMA, _COLON = ord(","), ord(":")
_OPEN, _CLOSE = (ord("["), ord("{")), (ord("]"), ord("}"))
# bytes.translate table: 1 for a quote, a bracket, a brace, a comma, a colon
_INTERESTING = bytes(int(b in (_QUOTE, *_OPEN, *_CLOSE, _COMMA, _COLON)) for b in range(256))
# and 1 for a bracket, a brace, a colon
_BRACKETS_COLONS = bytes(int(b in (*_OPEN, *_CLOSE, _COLON)) for b in range(256))
_DEPTH_STEP = np.zeros(256, dtype=np.int8)
_DEPTH_STEP[list(_OPEN)] = 1
_DEPTH_STEP[list(_CLOSE)] = -1
# JSON's whitespace: space, tab, line feed, carriage return
_WHITESPACE = np.zeros(256, dtype=bool)
_WHITESPACE[[0x20, 0x09, 0x0A, 0x0D]] = True
_WS_RUN = re.compile(rb"[ \t\n\r]*")
#: Whitespace runs longer than this after a separator are skipped with a regex, not numpy.
_STEPS = 32


class JsonScan:
    """The structural index of a well-formed JSON text (bytes, UTF-8, no byte-order
    mark) whose top level is an object."""

    def __init__(self, text: bytes) -> None:
        self.text = text
        self._bytes = data = np.frombuffer(text, dtype=np.uint8)
        # the quotes, brackets, braces, commas and colons in one pass (bytes.translate
        # and a boolean view: a third of the cost of comparing bytes)
        pos = np.flatnonzero(np.frombuffer(text.translate(_INTERESTING), dtype=np.bool_))
        kinds = data[pos]
        quote = kinds == _QUOTE
        if b"\\" in text and quote.any():
            slashes = np.flatnonzero(data == _BACKSLASH)
            # runs of consecutive backslashes; a quote right after a run of odd length
            # is escaped
            breaks = np.flatnonzero(np.diff(slashes) != 1)
            starts = np.concatenate(([slashes[0]], slashes[breaks + 1]))
            ends = np.concatenate((slashes[breaks], [slashes[-1]]))
            odd_ends = ends[(ends - starts) % 2 == 0]  # (ends inclusive: length - 1 even)
            quote[quote] = ~np.isin(pos[quote] - 1, odd_ends)
        # 1 from an opening quote up to its closing one: a byte there is in a string
        flags = quote.view(np.uint8)
        outside = (np.bitwise_xor.accumulate(flags) | flags) == 0
        del quote, flags
        self._tokens = pos[outside]
        self._kinds = kinds[outside]
        del pos, kinds, outside
        #: The colons outside strings: in well-formed JSON, one for each member of each
        #: object.
        self.members = int(np.count_nonzero(self._kinds == _COLON))
        self._depth = np.cumsum(_DEPTH_STEP[self._kinds], dtype=np.int32)
        self._newlines: np.ndarray | None = None
        self._closes: dict[int, int] = {}
        self._objects: dict[int, dict[str, int]] = {}

    def _close(self, t: int) -> int:
        """The token index of the bracket that closes the one opened at token ``t`` (looked
        for in windows that double: the cost of the container, not of the text)."""
        found = self._closes.get(t)
        if found is None:
            level, window = self._depth[t] - 1, 1 << 12
            start = t + 1
            while start < self._depth.size:
                later = np.flatnonzero(self._depth[start:start + window] == level)
                if later.size:
                    found = self._closes[t] = start + int(later[0])
                    return found
                start += window
                window *= 2
            raise ValueError("unbalanced brackets: not well-formed JSON")
        return found

    def _members(self, t: int) -> dict[str, int]:
        """The containers among the values of the object opened at token ``t``: key ->
        token index of the value's opening bracket."""
        known = self._objects.get(t)
        if known is not None:
            return known
        end = self._close(t)
        depth, kinds = self._depth[t + 1:end], self._kinds[t + 1:end]
        opened = (depth == self._depth[t] + 1) & ((kinds == _OPEN[0]) | (kinds == _OPEN[1]))
        out: dict[str, int] = {}
        for u in (np.flatnonzero(opened) + t + 1).tolist():
            # the key is the string between the value's colon (token u - 1) and the comma
            # or brace before it (token u - 2), with whitespace only around it
            key = json.loads(self.text[int(self._tokens[u - 2]) + 1:int(self._tokens[u - 1])])
            out.setdefault(key, u)
        self._objects[t] = out
        return out

    def elements(self, path: Sequence[str]) -> np.ndarray | None:
        """The byte offsets of the elements of the array at ``path`` (keys from the top
        level object), or None when no array is there."""
        if not self._tokens.size or self._bytes[self._tokens[0]] != ord("{"):
            return None
        t = 0
        for key in path:
            if self._bytes[self._tokens[t]] != ord("{"):
                return None
            found = self._members(t).get(key)
            if found is None:
                return None
            t = found
        if self._bytes[self._tokens[t]] != ord("["):
            return None
        end = self._close(t)
        depth, kinds = self._depth[t + 1:end], self._kinds[t + 1:end]
        commas = np.flatnonzero((depth == self._depth[t]) & (kinds == _COMMA)) + (t + 1)
        # the token after each separator: an element's own bracket when it is an array or
        # an object (a string, number or literal is followed by a comma or a closing one)
        after = np.concatenate(([t + 1], commas + 1))
        starts: np.ndarray = self._tokens[after].astype(np.int64)
        scalar = np.flatnonzero(~np.isin(self._kinds[after], _OPEN))
        if scalar.size:
            starts[scalar] = self._after_whitespace(self._tokens[after[scalar] - 1] + 1)
        if starts[0] == self._tokens[end]:  # an empty array: the first byte after '[' is ']'
            return starts[:0]
        return starts

    def _after_whitespace(self, positions: np.ndarray) -> np.ndarray:
        """The first byte at or after each position that is not JSON whitespace."""
        data = self._bytes
        out = positions.astype(np.int64, copy=True)
        active = np.flatnonzero(_WHITESPACE[data[out]])
        for _ in range(_STEPS):
            if not active.size:
                return out
            out[active] += 1
            active = active[_WHITESPACE[data[out[active]]]]
        for i in active.tolist():  # a long run (rare): the regex skips it
            m = _WS_RUN.match(self.text, int(out[i]))
            assert m is not None
            out[i] = m.end()
        return out

    def lines(self, offsets: np.ndarray) -> np.ndarray:
        """The line (from 1) of each byte offset."""
        if self._newlines is None:
            self._newlines = np.flatnonzero(self._bytes == _NEWLINE)
        return np.searchsorted(self._newlines, offsets) + 1


class BracketScan:
    """The brackets, braces and colons of a well-formed JSON text (bytes, UTF-8, no
    byte-order mark) whose top level is an object, all read as structure; and its
    newlines. :meth:`element_lines` says where the elements of its arrays start when the
    text's parsed data proves that reading right.

    The proof is by counting. Parsed without a key named twice, the data holds one
    container (object or array) for each that the text spells out, one member for each
    member, in the text's order; a string may add brackets and colons to the text, and
    a key named twice drops members, never the other way round. So:

    - when no colon follows JSON whitespace, each member's colon follows its key's
      closing quote: the colons right after a quote (:attr:`key_colons`) are at least
      the members the text spells out, which are at least the data's, and equal to the
      data's only when no object names a key twice;
    - then the opening brackets and braces of the text (:attr:`openings`) are the data's
      containers when as many, and so are the closing ones (:attr:`closings`): none is in
      a string, and the running depth over them is the text's structure.

    >>> text = b'{"people": [{"id": "p:1"},\\n  {"id": "b"}], "policy": {"sod": [[], {}]}}'
    >>> scan = BracketScan(text)
    >>> scan.key_colons, scan.openings, scan.closings
    (5, 8, 8)
    >>> data = {"people": [{"id": "p:1"}, {"id": "b"}], "policy": {"sod": [[], {}]}}
    >>> found = scan.element_lines(data, 5, 8, [("people", ("people",)),
    ...                                        ("sod", ("policy", "sod")), ("x", ("x",))])
    >>> {section: lines.tolist() for section, lines in found.items()}
    {'people': [1, 2], 'sod': [2, 2]}
    >>> scan.element_lines(data, 4, 8, [("people", ("people",))]) is None  # a key twice?
    True
    """

    def __init__(self, text: bytes) -> None:
        data = np.frombuffer(text, dtype=np.uint8)
        pos = np.flatnonzero(np.frombuffer(text.translate(_BRACKETS_COLONS), dtype=np.bool_))
        kinds = data[pos]
        colon = kinds == _COLON
        colons = pos[colon]
        before = data[colons - 1] if colons.size and colons[0] > 0 else None
        #: The colons right after a quote; None when a colon follows whitespace (or
        #: starts the text).
        self.key_colons: int | None = None
        if before is not None and not _WHITESPACE[before].any():
            self.key_colons = int(np.count_nonzero(before == _QUOTE))
        elif not colons.size:
            self.key_colons = 0
        del colons, before
        brackets = ~colon
        self._tokens = pos[brackets]
        kinds = kinds[brackets]
        del pos, colon, brackets
        self._opening = (kinds == _OPEN[0]) | (kinds == _OPEN[1])
        #: The opening brackets and braces.
        self.openings = int(np.count_nonzero(self._opening))
        #: The closing brackets and braces.
        self.closings = int(self._tokens.size) - self.openings
        # the depth after each (1 inside the top level object)
        self._depth = np.cumsum(_DEPTH_STEP[kinds], dtype=np.int32)
        self._top = bool(kinds.size) and int(kinds[0]) == _OPEN[1]
        self._newlines = np.flatnonzero(data == _NEWLINE)

    def _children(self, t: int, end: int) -> np.ndarray:
        """The token indexes of the containers directly in the one opened at token ``t``
        (which closes before token ``end``), in order."""
        inside = slice(t + 1, end)
        return np.flatnonzero(self._opening[inside]
                              & (self._depth[inside] == self._depth[t] + 1)) + (t + 1)

    def _end(self, t: int) -> int:
        """The token index of the bracket that closes the one opened at token ``t``."""
        later = np.flatnonzero(self._depth[t + 1:] == self._depth[t] - 1)
        return t + 1 + int(later[0])

    def element_lines(self, data: Any, members: int, containers: int,
                      sections: Iterable[tuple[str, Sequence[str]]]
                      ) -> dict[str, np.ndarray] | None:
        """The line of each element of each array of ``sections`` (name, path of keys
        from the top level object) that ``data`` has, when every element of them is an
        object or an array; ``data`` is the text parsed, holding ``members`` members of
        objects and ``containers`` objects and arrays in all. None when the counts do
        not prove the brackets the text's structure, or an element is no container (then
        ask :class:`JsonScan`)."""
        if not (self._top and type(data) is dict and self.key_colons == members
                and self.openings == containers == self.closings):
            return None
        out: dict[str, np.ndarray] = {}
        for section, path in sections:
            node: Any = data
            t, end = 0, int(self._tokens.size)
            for key in path:
                value = node.get(key) if type(node) is dict else None
                if type(value) is not dict and type(value) is not list:
                    break
                # (the k-th container among the object's values opens its k-th child)
                k = [type(v) is dict or type(v) is list for v in node.values()][
                    :list(node).index(key)].count(True)
                t = int(self._children(t, end)[k])
                end = self._end(t)
                node = value
            else:
                if type(node) is not list:
                    continue
                elements = self._children(t, end)
                if elements.size != len(node):
                    return None  # (a string, number or literal among them)
                starts = self._tokens[elements]
                out[section] = np.searchsorted(self._newlines, starts) + 1
        return out


class LineSources(Mapping[tuple[str, int], str]):
    """Where each element of a model file was read from, ``("people", 3) ->
    "m.json:25"``, computed when asked from one array of lines per section.

    >>> src = LineSources("m.json", {"people": np.array([3, 9]), "sod": [40]})
    >>> src[("people", 1)], src.get(("people", 2)), src[("sod", 0)], len(src)
    ('m.json:9', None, 'm.json:40', 3)
    >>> dict(src) == {("people", 0): "m.json:3", ("people", 1): "m.json:9",
    ...               ("sod", 0): "m.json:40"}
    True
    """

    def __init__(self, name: str, lines: Mapping[str, Sequence[int] | np.ndarray]) -> None:
        self._name = name
        self._lines = dict(lines)

    def __getitem__(self, key: tuple[str, int]) -> str:
        lines = self._lines.get(key[0])
        index = key[1]
        if lines is None or not isinstance(index, int) or not 0 <= index < len(lines):
            raise KeyError(key)
        return f"{self._name}:{int(lines[index])}"

    def __iter__(self) -> Iterator[tuple[str, int]]:
        for section, lines in self._lines.items():
            for i in range(len(lines)):
                yield (section, i)

    def __len__(self) -> int:
        return sum(len(lines) for lines in self._lines.values())
