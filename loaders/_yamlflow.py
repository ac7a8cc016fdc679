"""One-line flow collections of scalars, read where the block reader meets them.

Model files written by hand or by a script after DESIGN.md's example put small
collections on one line: ``organisation: {id: acme, name: Acme Ltd}``,
``- {person: alice, role: ism}``, ``requires: [iso27001-li]``. The block reader
(:mod:`graphkit.loaders._yamlblock`) hands such a value (the text after ``key: `` or
``- ``) to :func:`flow_value`, which gives its data with the block reader's resolver, or
steps aside (``_Doubt``: PyYAML reads the file) for anything that might read otherwise.

It reads a value only when it cannot mean anything else:

- the collection closes on its line, with nothing after it but spaces or a comment, and
  nests no collection but a list of scalars as a mapping's value
  (``{id: S, members: [a, b]}``);
- its items are plain scalars (no ``#``, ``?``, no indicator first, no ``": "`` in a
  sequence's item nor in a value, none ending in ``:``, none empty, none holding a quote)
  or quoted ones with no quote of their kind inside (but doubled ones, ``''``, in single
  quotes; no backslash in double quotes), a mapping's items ``key: value`` with a simple
  key, each key once.

Where the line stands is the block reader's business, as for any other value: a line that
would go on with a plain scalar above, a line inside a quoted text, a deeper line after
the collection (which YAML refuses) are all decided there, line by line, so a quote
elsewhere in the file (``O'Brien``) changes nothing here.

>>> import yaml
>>> plain = lambda raw: yaml.safe_load(raw)  # (the block reader passes its resolver)
>>> flow_value("{id: acme, name: Acme Ltd, since: 2026-05-17}", plain, plain)
{'id': 'acme', 'name': 'Acme Ltd', 'since': datetime.date(2026, 5, 17)}
>>> flow_value("{id: S, name: 'b, c', members: [role:a, role:b], n: 1} # a comment",
...            plain, plain)
{'id': 'S', 'name': 'b, c', 'members': ['role:a', 'role:b'], 'n': 1}
>>> flow_value("[x, yes]", plain, plain)
['x', True]
>>> flow_value("{k: 'it''s (a, b)'}", plain, plain)
{'k': "it's (a, b)"}
>>> flow_value("{k: O'Brien}", plain, plain)  # a quote in a plain text: PyYAML's job
Traceback (most recent call last):
...
graphkit.loaders._yamlblock._Doubt
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container
from typing import Any

from ._yamlblock import _INDICATORS  # a first character that makes a scalar not plain
from ._yamlblock import _KEY as _BLOCK_KEY
from ._yamlblock import _NONE, _Doubt

__all__ = ["flow_value"]

# a simple key, as the block reader has it (words, digits, "_.-/", single inner spaces)
_KEY = _BLOCK_KEY.pattern
# the collection, its body (one level of [...] inside), and what may follow it
_FLOW = re.compile(r"([\[{])([^\[\]{}#]*(?:\[[^\[\]{}#]*\][^\[\]{}#]*)*)([\]}])(?: +#.*| *)")
_MAP_ITEM = re.compile(r"(" + _KEY + r"): +(.+)")
# characters that end a plain scalar in a flow collection (but not on a block line)
_FLOW_FREE = frozenset(",[]{}'\"")
# a plain scalar that reads the same in a flow collection and on a block line (see
# _plain), and bodies of nothing else
# (written as runs of characters: an alternation per character costs the regular
# expression engine several times as much)
_V = r"""[^-?:,\[\]{}#&*!|>'"%@` ][^,\[\]{}#?'":]*(?::(?=[^ ,\[\]{}])[^,\[\]{}#?'":]*)*"""
_SIMPLE_SEQ = re.compile(rf" *{_V}(?:, *{_V})*")
# a mapping's pair: a plain value, a quoted one without quote or comma inside, or a list
# of plain values
_PAIR = rf"({_KEY}): ({_V}|'[^',]*'|\[ *{_V}(?:, *{_V})*\])"
_PAIRS = re.compile(_PAIR)
_SIMPLE_MAP = re.compile(rf" *{_PAIR}(?:, *{_PAIR})*")
# an item of a flow collection: quoted texts, a list of plain scalars, other characters
_PART = re.compile(r"""(?:'[^']*'|"[^"\\]*"|\[[^\[\]'"]*\]|[^,'"\[\]])*""")


class _All:
    """Every character (a plain scalar might be anything)."""

    def __contains__(self, c: object) -> bool:
        return True


_ALL = _All()


def _unknown(raw: str, default: Any) -> Any:
    return default


def _plain(item: str) -> bool:
    """Whether ``item`` (stripped) is a plain scalar that reads the same in a flow
    collection and on a block line."""
    if (not item or "?" in item or ": " in item or item.endswith(":")
            or not _FLOW_FREE.isdisjoint(item)):
        return False
    first = item[0]
    return first not in _INDICATORS or (first == "-" and len(item) > 1 and item[1] != " "
                                        and item != "---")


def _split(body: str) -> list[str] | None:
    """The items of a flow collection's body, stripped: split at the commas outside
    quotes and brackets; None when a quote or bracket is left open."""
    items: list[str] = []
    at, end = 0, len(body)
    while True:
        m = _PART.match(body, at)
        assert m is not None  # it matches the empty string
        items.append(m[0].strip(" "))
        at = m.end()
        if at == end:
            return items
        if body[at] != ",":
            return None
        at += 1


def flow_value(v: str, plain: Callable[[str], Any], key_of: Callable[[str], Any],
               first: Container[Any] = _ALL, known_key: Callable[[str, Any], Any] = _unknown
               ) -> list[Any] | dict[Any, Any]:
    """The data of the one-line flow collection ``v`` (a value's text from its ``[`` or
    ``{`` to the line's end), its plain scalars made by ``plain`` and its keys by
    ``key_of`` (the block reader's); raises ``_Doubt`` for anything it might not read as
    PyYAML does. ``first``: the characters a plain scalar that ``plain`` may make other
    than its text starts with; ``known_key``: the keys ``key_of`` made (``dict.get``)."""
    if v[0] == "{" and v[-1] == "}":
        got = _plain_map(v[1:-1], plain, key_of, first, known_key)
        if got is not None:
            return got
    if v[-1] == "}" and _SIMPLE_MAP.fullmatch(v, 1, len(v) - 1) is not None:
        # the usual line, "{key: value, ...}", checked at C speed
        body = v[1:-1]
        pairs: list[Any]  # items "key: value", or (key, value) pairs
        if "[" not in body:
            pairs = body.split(",")  # (a simple key and a plain or quoted value: no comma)
        elif body.count("[") == 1:  # one list, "key: [a, b]": its commas are its own
            before, _, rest = body.partition("[")
            inner, _, after = rest.partition("]")
            parts = before.split(",")  # (the last is "key: ", the list's key)
            # (after the list: nothing, or ", key: value...")
            pairs = [*parts[:-1], (parts[-1][:-2].lstrip(" "), f"[{inner}]"),
                     *after.split(",")[1:]]
        else:
            pairs = _PAIRS.findall(body)
        return _simple_map(pairs, plain, key_of, first, known_key)
    m = _FLOW.fullmatch(v)
    if m is None:
        raise _Doubt
    opened, body, closed = m.groups()
    if opened == "[":
        if closed != "]":
            raise _Doubt
        if not body:
            return []
        if "[" in body or "]" in body:
            raise _Doubt  # a sequence in a sequence
        if _SIMPLE_SEQ.fullmatch(body) is not None:
            return [plain(item.strip(" ")) for item in body.split(",")]
        items = _split(body)
        if items is None:
            raise _Doubt
        return [_scalar(item, plain) for item in items]
    if closed != "}":
        raise _Doubt
    out: dict[Any, Any] = {}
    if not body:
        return out
    if _SIMPLE_MAP.fullmatch(body) is not None:  # (after a comment, or spaces)
        return _simple_map(_PAIRS.findall(body), plain, key_of, first, known_key)
    items = _split(body)
    if items is None:
        raise _Doubt
    for item in items:
        pair = _MAP_ITEM.fullmatch(item)
        if pair is None:
            raise _Doubt
        key = key_of(pair[1])
        if key in out:
            raise _Doubt
        value = pair[2].strip(" ")
        if value[0] == "[" and value[-1] == "]":  # a list of scalars
            inner = value[1:-1]
            if "[" in inner or "]" in inner:
                raise _Doubt
            if not inner.strip(" "):
                if inner:
                    raise _Doubt  # "[ ]": PyYAML reads it
                out[key] = []
                continue
            out[key] = [_scalar(e.strip(" "), plain) for e in inner.split(",")]
        else:
            out[key] = _scalar(value, plain)
    return out


# what a plain value may not start with in a body that holds no bracket, "#", "?", quote
_NOT_FIRST = frozenset("-:&*!|>%@` ")


def _plain_map(body: str, plain: Callable[[str], Any], key_of: Callable[[str], Any],
               first: Container[Any], known_key: Callable[[str, Any], Any]
               ) -> dict[Any, Any] | None:
    """The data of the commonest bodies, found with string methods (a regular expression
    costs some 40 ns a character): ``key: value`` pairs of simple keys and plain values,
    at most one of them a list of plain values (``key: [a, b]``), with no other bracket,
    no ``#``, ``?`` or quote anywhere; None when the body is of another kind.

    It takes exactly the bodies without those characters that :data:`_SIMPLE_MAP`
    matches: outside the list, the body splits at its commas (no value holds one) into
    items ``spaces, key, ": ", value`` (see :func:`_plain_pairs`); the list follows
    ``key: `` at once and a comma or the body's end follows it, and its items are plain
    values (spaces around them)."""
    if "{" in body or "}" in body or "#" in body or "?" in body or "'" in body or '"' in body:
        return None
    out: dict[Any, Any] = {}
    if "[" not in body:
        if "]" in body:
            return None
        return out if _plain_pairs(body, out, plain, key_of, first, known_key) else None
    before, _, rest = body.partition("[")
    inner, closed, after = rest.partition("]")
    if (not closed or "]" in before or "[" in inner or "[" in after or "]" in after
            or (after and after[0] != ",") or before[-2:] != ": "):
        return None
    head, comma, name = before[:-2].rpartition(",")
    if comma and not _plain_pairs(head, out, plain, key_of, first, known_key):
        return None
    elements = [e.strip(" ") for e in inner.split(",")]
    for e in elements:
        if not e or e[0] in _NOT_FIRST or ": " in e or e[-1] == ":":
            return None
    key = _new_key(name.lstrip(" "), out, key_of, known_key)
    out[key] = [e if e[0] not in first else plain(e) for e in elements]
    if after and not _plain_pairs(after[1:], out, plain, key_of, first, known_key):
        return None
    return out


def _new_key(name: str, out: dict[Any, Any], key_of: Callable[[str], Any],
             known_key: Callable[[str, Any], Any]) -> Any:
    """The key ``name`` makes (from the block reader's cache, else ``key_of``, which
    doubts a key that is not simple, as _SIMPLE_MAP would lead to); a doubt when ``out``
    has it already (a key twice, or two that PyYAML makes one: PyYAML says)."""
    key = known_key(name, _NONE)
    if key is _NONE:
        key = key_of(name)
    if key in out:
        raise _Doubt
    return key


def _plain_pairs(part: str, out: dict[Any, Any], plain: Callable[[str], Any],
                 key_of: Callable[[str], Any], first: Container[Any],
                 known_key: Callable[[str, Any], Any]) -> bool:
    """Add to ``out`` the pairs of ``part``, comma-separated ``key: value`` items (no
    bracket, ``#``, ``?`` or quote in it); whether they are all of that kind: each
    item holds exactly one ``": "`` (a key holds no colon, a plain value no ``": "``);
    a value is not empty, does not start with an indicator or space, nor end with
    ``:``; the key is one ``key_of`` accepts."""
    items = part.split(",")
    if part.count(": ") != len(items):
        return False
    not_first = _NOT_FIRST
    for item in items:
        name, sep, value = item.partition(": ")
        if not sep or not value or value[0] in not_first or value[-1] == ":":
            return False
        key = _new_key(name.lstrip(" "), out, key_of, known_key)
        out[key] = value if value[0] not in first and value[-1] != " " \
            else plain(value.rstrip(" "))
    return True


def _simple_map(pairs: list[Any], plain: Callable[[str], Any],
                key_of: Callable[[str], Any], first: Container[Any],
                known_key: Callable[[str, Any], Any]) -> dict[Any, Any]:
    """The data of a mapping whose body :data:`_SIMPLE_MAP` matches: its ``pairs`` as
    ``_PAIRS`` finds them, or its items (split at the commas: when it holds no list)."""
    out: dict[Any, Any] = {}
    for pair in pairs:
        if type(pair) is str:
            name, _, value = pair.partition(": ")  # (a simple key holds no ": ")
            name = name.lstrip(" ")
        else:
            name, value = pair
        key = known_key(name, _NONE)
        if key is _NONE:
            key = key_of(name)
        if key in out:
            raise _Doubt  # a key twice (or two that PyYAML makes one): PyYAML says
        c = value[0]
        if c == "[":
            out[key] = [plain(e.strip(" ")) for e in value[1:-1].split(",")]
        elif c == "'":
            out[key] = value[1:-1]
        elif c in first or value[-1] == " ":
            out[key] = plain(value.rstrip(" "))
        else:
            out[key] = value  # (a text: it cannot start anything else)
    return out


def _scalar(item: str, plain: Callable[[str], Any]) -> Any:
    """The data of a flow collection's item (stripped) that reads the same on a block
    line: plain, or quoted on its own: single-quoted with no quote inside but doubled
    ones (``''``, a quote), or double-quoted with no quote or backslash inside."""
    if len(item) >= 2 and item[0] == item[-1] and item[0] in "'\"":
        inner = item[1:-1]
        if item[0] == "'":
            if "'" in inner.replace("''", ""):
                raise _Doubt  # (a quote alone: the scalar ends before the item does)
            return inner.replace("''", "'")
        if '"' in inner or "\\" in inner:
            raise _Doubt
        return inner
    if not _plain(item):
        raise _Doubt
    return plain(item)
