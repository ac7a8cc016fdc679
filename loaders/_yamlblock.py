"""A fast reader for the plain block-style YAML that model files are written in.

PyYAML's safe loader builds a node tree (a Python object per key and value, each with two
marks) and then the data from it: about 26 s of CPU for a 52 MB model of 100,000 people.
Most model files are block YAML of a narrow kind (what ``yaml.dump`` and people write):
one ``key: value`` or ``- key: value`` per line, plain or simply quoted scalars. This
module reads exactly that kind a line at a time, with the loader's own resolver and
scalar constructors (so ``yes`` is ``True``, ``2026-05-17`` a date, ``0x1F`` 31, as in
PyYAML), and the line each element of the named sequences starts on.

It only ever answers for a text it understands completely. At the first thing outside
that kind (a tab, a flow collection other than ``[]``/``{}`` or a one-line collection of
plain scalars, which :mod:`graphkit.loaders._yamlflow` reads where it stands,
an anchor, alias or tag, a block scalar, a quoted key, a key twice, a document marker other than a leading ``---``,
deep nesting, anything YAML would call an error, ...) it returns ``None`` and the caller
reads the text with PyYAML, which also words every error. (Comments after a value, and
single- or double-quoted texts over one line or several, with every libyaml escape, it
reads.)

Most lines are ``[spaces][- ]key: value`` and the part before the value repeats (56
distinct ones in the 2.8 million lines of a model of 100,000 people): what that part says
(indentation, element or not, the key as the loader makes it) is worked out once per
distinct text, and a value is resolved only when its first character can start something
other than a text.
A line the quick way does not fit (a plain value going on over lines, a comment, spaces
after the value, ...) is read the long way, which decides as before.

>>> from yaml import CSafeLoader as Loader
>>> text = '''\\
... people:
... - id: alice
...   active: yes
...   since: 2026-05-17
...   tags:
...   - '007'
...   - 0x1F
... policy:
...   sod:
...   - id: SOD-1
... '''
>>> data, lines = read_block_yaml(text, Loader(""), (("people",), ("policy", "sod")))
>>> data["people"]
[{'id': 'alice', 'active': True, 'since': datetime.date(2026, 5, 17), 'tags': ['007', 31]}]
>>> lines
{('people',): [2], ('policy', 'sod'): [10]}
>>> read_block_yaml("people: [alice]\\n", Loader(""), ())  # a one-line flow list
({'people': ['alice']}, {})
>>> read_block_yaml("people: [[alice]]\\n", Loader(""), ()) is None  # nested: PyYAML's job
True
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import yaml
from yaml.nodes import ScalarNode

__all__ = ["MAX_BLOCK_DEPTH", "plain_scalars", "read_block_yaml", "readable_text"]

#: Deeper nesting than this is left to PyYAML (models nest four or five levels).
MAX_BLOCK_DEPTH = 32

_STR = "tag:yaml.org,2002:str"
#: The tags a plain scalar may resolve to here; any other (merge ``<<``, value ``=``)
#: leaves the text to PyYAML.
_BUILT = frozenset({
    "tag:yaml.org,2002:null", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float", "tag:yaml.org,2002:timestamp",
})
# characters libyaml takes as they are; tabs, carriage returns, the other line breaks
# (NEL, LS, PS), control characters and a byte-order mark leave the text to PyYAML
_ODD = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd"
                  "\U00010000-\U0010ffff]")
_PLAIN_ASCII = b"\n" + bytes(range(0x20, 0x7F))
# a plain key of simple words (libyaml allows simple keys of up to 1024 characters)
# (written as runs of characters: an alternation per character costs the regular
# expression engine several times as much)
_KEY = re.compile(r"(?:[A-Za-z0-9_]|-[A-Za-z0-9_.])[A-Za-z0-9_.\-/]*(?: [A-Za-z0-9_.\-/]+)*")
_MAX_KEY = 200
# characters that cannot start a plain scalar (YAML indicators); "-" can when a
# non-space follows it
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")


# characters that start a plain scalar here without more ado
_SIMPLE = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.(+~$^=<;/\\")
_NONE: Any = object()  # no key waiting for its value


class _Doubt(Exception):
    """The text is not of the kind read here: PyYAML reads it."""


def _single_quoted(s: str, start: int) -> tuple[str, str | None]:
    """The text of a single-quoted scalar from ``start`` to its closing quote (quotes
    still doubled) and what follows that quote; ``None`` after it if it does not close
    on this line."""
    j = start
    while True:
        j = s.find("'", j)
        if j < 0:
            return s[start:], None
        if s.startswith("'", j + 1):
            j += 2
            continue
        return s[start:j], s[j + 1:]


def _ends_line(after: str) -> bool:
    """What follows a quoted scalar on its line: nothing, spaces, or a comment."""
    rest = after.lstrip(" ")
    return not rest or (rest[0] == "#" and rest != after)


# the part of a double-quoted scalar on one line (libyaml's escapes), then its closing
# quote, or a backslash that escapes the line break, or the line's end
_DOUBLE_QUOTED = re.compile(
    r'((?:[^"\\]|\\(?:[0abtnvfre "/\\NLP_]|x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}))*)'
    r'(?:(")|(\\)?$)')
_ESCAPE = re.compile(
    r'\\(?:([0abtnvfre "/\\NLP_])|x([0-9A-Fa-f]{2})|u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8}))')
_SIMPLE_ESCAPES = {
    "0": "\x00", "a": "\x07", "b": "\x08", "t": "\t", "n": "\n", "v": "\x0b", "f": "\x0c",
    "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85",
    "L": "\u2028", "P": "\u2029", "_": "\xa0",
}


def _unescape(inner: str) -> str:
    def one(m: re.Match[str]) -> str:
        if m.group(1):
            return _SIMPLE_ESCAPES[m.group(1)]
        code = int(m.group(2) or m.group(3) or m.group(4), 16)
        if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
            raise _Doubt  # not a character: PyYAML says so
        return chr(code)

    return _ESCAPE.sub(one, inner)


def read_block_yaml(text: str, loader: Any, sections: tuple[tuple[str, ...], ...]
                    ) -> tuple[dict[Any, Any], dict[tuple[str, ...], list[int]]] | None:
    """The data of a block-YAML mapping document and the line of each element of the
    ``sections`` (paths of keys from the top) that are sequences; ``None`` for any text
    not of the plain block kind, or not well-formed.

    ``loader`` is a PyYAML safe loader instance: its implicit resolvers and scalar
    constructors decide what a plain scalar is, as they do when it reads the text. The
    data equals what the loader would construct, types included; a line is what the
    loader's node for the element says (``start_mark.line + 1``).

    A text written with Windows line ends (CR LF) is read as the same text with LF ends:
    to PyYAML a CR LF is one line break, as an LF is, and a line break read in a scalar
    is an LF either way. A lone CR (also a line break to PyYAML) is left to PyYAML.
    """
    lf = readable_text(text, loader)
    if lf is None:
        return None
    try:
        return _read(lf, loader, frozenset(loader.yaml_implicit_resolvers), sections)
    except _Doubt:
        return None


def readable_text(text: str, loader: Any) -> str | None:
    """``text`` with LF line ends when :func:`read_block_yaml` may read it: no character
    it leaves to PyYAML (a tab, a lone CR, a control character, ...) and a loader with no
    resolver it would have to run on every scalar; else None."""
    if "\r" in text:
        text = text.replace("\r\n", "\n")
        if "\r" in text:
            return None
    if text.isascii():  # the usual case, checked at C speed
        if text.encode("ascii").translate(None, _PLAIN_ASCII):
            return None
    elif _ODD.search(text):
        return None
    resolvers = loader.yaml_implicit_resolvers
    if None in resolvers or loader.yaml_path_resolvers:
        return None  # resolvers we would have to run on every scalar: not ours
    return text


def plain_scalars(loader: Any, first: frozenset[str | None]) -> Callable[[str], Any]:
    """A function that makes a plain scalar (its text, not empty) what ``loader``
    constructs of it, types included, remembering each text's value; it raises ``_Doubt``
    for a text the loader resolves to a tag not read here (merge ``<<``, value ``=``) or
    cannot construct (the date 2026-02-30). ``first``: the first characters the loader
    has implicit resolvers for (any other text is a text).

    >>> from yaml import CSafeLoader as Loader
    >>> plain = plain_scalars(Loader(""), frozenset(Loader.yaml_implicit_resolvers))
    >>> plain("yes"), plain("0x1F"), plain("2026-05-17"), plain("alice")
    (True, 31, datetime.date(2026, 5, 17), 'alice')
    """
    resolve = loader.resolve
    constructors = loader.yaml_constructors
    implicit = (True, False)
    resolved: dict[str, Any] = {}

    def plain(raw: str) -> Any:
        """A plain scalar as the loader constructs it (``raw`` is not empty)."""
        if raw[0] not in first:
            return raw
        try:
            return resolved[raw]
        except KeyError:
            pass
        tag = resolve(ScalarNode, raw, implicit)
        if tag == _STR:
            value: Any = raw
        elif tag in _BUILT:
            try:
                value = constructors[tag](loader, ScalarNode(tag, raw))
            except (yaml.YAMLError, ValueError, ArithmeticError):
                raise _Doubt from None  # PyYAML says what is wrong
        else:
            raise _Doubt
        resolved[raw] = value
        return value

    return plain


def _head_of(head: str, key_of: Callable[[str], Any]) -> tuple[int, bool, str, Any] | None:
    """What the start of a line before its ``": "`` (or final ``":"``) says when it is
    spaces, an optional ``"- "`` and a plain key: its indentation, whether it is a
    sequence element, the raw key and the key; ``None`` for anything else (the line is
    read the long way, which words or steps aside from whatever it is)."""
    key_text = head.lstrip(" ")
    ind = len(head) - len(key_text)
    dash = key_text[:2] == "- "
    if dash:
        key_text = key_text[2:]
    if not key_text or len(key_text) > _MAX_KEY or not _KEY.fullmatch(key_text):
        return None
    try:
        return ind, dash, key_text, key_of(key_text)
    except _Doubt:
        return None


def _flow_lines(where: tuple[str, ...], value: list[Any] | dict[Any, Any], lineno: int,
                tracked: frozenset[tuple[str, ...]], found: dict[tuple[str, ...], list[int]],
                key_of: Callable[[str], Any]) -> None:
    """Record the line of each element of a tracked sequence written as a flow collection
    (``people: [a, b]``), or as a list in one (``policy: {sod: [a]}``): all on ``lineno``,
    as PyYAML's nodes say."""
    if isinstance(value, list):
        if where in tracked:
            found[where] = [lineno] * len(value)
        return
    for section in tracked:
        if len(section) == len(where) + 1 and section[:-1] == where:
            inner = value.get(key_of(section[-1]))
            if isinstance(inner, list) and inner:
                found[section] = [lineno] * len(inner)


def _read(text: str, loader: Any, first: frozenset[str | None],
          sections: tuple[tuple[str, ...], ...]
          ) -> tuple[dict[Any, Any], dict[tuple[str, ...], list[int]]] | None:
    from ._yamlflow import flow_value  # built on this module's keys and indicators

    tracked = frozenset(sections)
    path_depth = max((len(s) for s in sections), default=0)
    plain = plain_scalars(loader, first)
    keys: dict[str, Any] = {}

    def key_of(raw: str) -> Any:
        if len(raw) > _MAX_KEY or not _KEY.fullmatch(raw):
            raise _Doubt
        value = plain(raw)
        keys[raw] = value
        return value

    def scalar(v: str) -> tuple[Any, int]:
        """A value starting on this line (``v`` not empty, not a comment): its data, and
        whether it is closed (0), plain (1: deeper lines would go on with it), a quoted
        text that goes on over the next lines (the data is its text so far): single-quoted
        (2), double-quoted (3), double-quoted with its line break escaped (4), or a
        one-line flow collection (-1: closed)."""
        c = v[0]
        if c == "'":
            inner, after = _single_quoted(v, 1)
            if after is None:
                return inner.replace("''", "'"), 2
            if not _ends_line(after):
                raise _Doubt
            return inner.replace("''", "'"), 0
        if c == '"':
            m = _DOUBLE_QUOTED.match(v, 1)
            if m is None:
                raise _Doubt
            inner = m.group(1)
            text = _unescape(inner) if "\\" in inner else inner
            if m.group(2) is None:  # it goes on over the next lines
                return text, 4 if m.group(3) else 3
            if not _ends_line(v[m.end():]):
                raise _Doubt
            return text, 0
        state = 1
        j = v.find(" #")
        if j >= 0:  # a comment after the value
            v = v[:j].rstrip(" ")
            state = 0
        if v == "[]":  # an empty list or mapping, as writers put them
            return [], 0
        if v == "{}":
            return {}, 0
        if c == "[" or c == "{":  # a one-line flow collection (DESIGN.md's style)
            return flow_value(v, plain, key_of, first, get_key), -1
        if (c in _INDICATORS and (c != "-" or len(v) == 1 or v[1] == " ")) \
                or ": " in v or v[-1] == ":":
            raise _Doubt
        return plain(v), state

    root: dict[Any, Any] = {}
    # the innermost open collection: kind (0 mapping, 1 sequence, 2 sequence written at
    # its key's indentation), column, the container, the raw-key path of a mapping near
    # the top (None below), the element lines of a tracked sequence (None if untracked);
    # the outer ones on the stack
    kind, col = 0, 0
    cont: Any = root  # a dict or a list
    path: tuple[str, ...] | None = ()
    lines: list[int] | None = None
    stack: list[tuple[int, int, Any, tuple[str, ...] | None, list[int] | None]] = []
    found: dict[tuple[str, ...], list[int]] = {}
    # a key whose value starts on a later line: its raw key and the column of its mapping
    # (the mapping is the innermost collection while a key is pending)
    pending_key: Any = _NONE
    pending_raw = ""
    # the last plain scalar, which deeper lines would continue: its text, and the column
    # of its collection (-1: none); it is the last value of the innermost collection
    # (only blank lines come between it and a line that goes on with it)
    last_raw = ""
    last_col = -1
    blanks = 0
    simple = _SIMPLE
    get_key = keys.get
    # an open quoted scalar: container, slot, text so far, its state (as scalar() says),
    # its collection's column (-1: none)
    quoted: tuple[Any, Any, str, int] | None = None
    quoted_col = -1
    started = False  # past a "---" that starts the document
    heads: dict[str, tuple[int, bool, str, Any] | None] = {}
    heads_get = heads.get
    # the heads read: indentation, whether a "- " starts them, the key (for the usual line)
    quick: dict[str, tuple[int, bool, Any]] = {}
    quick_get = quick.get
    hashless = " #" not in text  # (then no value has a comment after it)
    spaces_get = {" " * i: i for i in range(8 * MAX_BLOCK_DEPTH)}.get
    for lineno, line in enumerate(text.split("\n"), 1):
        if quoted_col >= 0:  # the lines of a quoted text, folded as YAML does
            s = line.lstrip(" ")
            if not s:
                blanks += 1
                continue
            if len(line) - len(s) <= quoted_col:
                raise _Doubt  # not indented under its key: left to PyYAML
            qcont, slot, so_far, state = quoted  # type: ignore[misc]
            so_far += "\n" * blanks if blanks or state == 4 else " "
            blanks = 0
            if state == 2:
                piece, after = _single_quoted(s, 0)
                so_far += (piece.rstrip(" ") if after is None else piece).replace("''", "'")
            else:
                m = _DOUBLE_QUOTED.match(s)
                if m is None:
                    raise _Doubt
                piece = m.group(1)
                after = None if m.group(2) is None else s[m.end():]
                if after is None:
                    state = 4 if m.group(3) else 3
                    if state == 3 and s[-1] == " ":  # spaces before a line break: dropped
                        piece = piece.rstrip(" ")
                        if piece.endswith("\\"):
                            raise _Doubt  # an escaped space, or not: PyYAML knows
                so_far += _unescape(piece) if "\\" in piece else piece
            qcont[slot] = so_far
            if after is None:
                quoted = (qcont, slot, so_far, state)
            elif _ends_line(after):
                quoted_col = -1
            else:
                raise _Doubt
            continue
        # most lines are "[spaces][- ]key: value" or "[spaces][- ]key:", and the part
        # before the value repeats: what it says is worked out once per distinct text
        head, sep, v = line.partition(": ")
        q = quick_get(head) if sep else None
        if q is not None and q[0] == col and v and q[1] == (kind != 0):
            # the usual line: the next key of the open mapping, or a sequence's next
            # mapping element, with a plain value that cannot be anything else
            c = v[0]
            if c in simple and v[-1] != " " and v[-1] != ":" and ": " not in v \
                    and (hashless or " #" not in v):
                value = v if c not in first else plain(v)
                if q[1]:  # "- key: value": a new mapping in the open sequence
                    if lines is not None:
                        lines.append(lineno)
                    if len(stack) >= MAX_BLOCK_DEPTH:
                        raise _Doubt
                    element_map = {q[2]: value}
                    cont.append(element_map)
                    stack.append((kind, col, cont, path, lines))
                    kind, col, cont, path, lines = 0, col + 2, element_map, None, None
                else:
                    key = q[2]
                    if key in cont:
                        raise _Doubt  # a key twice (or two that PyYAML makes one)
                    cont[key] = value
                pending_key = _NONE  # (a key before this one had an empty value)
                last_raw, last_col = v, col
                blanks = 0
                continue
        if not sep and line[-1:] == ":":
            head, v, sep = line[:-1], "", ":"
        known = heads_get(head, _NONE) if sep else None
        if known is _NONE:
            known = heads[head] = _head_of(head, key_of)
            if known is not None:
                quick[head] = (known[0], known[1], known[3])
        if known is not None and (not v or (v[0] != " " and v[-1] != " ")) \
                and (last_col < 0 or known[0] <= last_col):
            ind, dash, raw_key, key = known
            element = None
            last_col = -1
            blanks = 0
        elif (not sep and (ind := line.find("- ")) >= 0 and spaces_get(line[:ind]) == ind
              and (element := line[ind + 2:]) and element[0] in simple
              and element[-1] != ":" and element[-1] != " " and (hashless or " #" not in element)
              and (last_col < 0 or ind <= last_col)):
            # "[spaces]- value", a plain value that cannot be anything else on this line
            raw_key = None
            dash = True
            last_col = -1
            blanks = 0
        else:
            raw_key = element = None
            s = line.lstrip(" ")
            if not s:
                blanks += 1
                continue
            c = s[0]
            if c == "#":  # a comment line; it ends a plain scalar
                last_col = -1
                blanks = 0
                continue
            ind = len(line) - len(s)
            if s[-1] == " ":
                s = s.rstrip(" ")
            if last_col >= 0:
                if ind > last_col:  # the plain scalar goes on
                    if c in _INDICATORS or " #" in s or ": " in s or s[-1] == ":":
                        raise _Doubt
                    last_raw += ("\n" * blanks if blanks else " ") + s
                    cont[next(reversed(cont)) if kind == 0 else -1] = plain(last_raw)
                    blanks = 0
                    continue
                last_col = -1
            blanks = 0
            if s == "---" and not ind and not root and not started:  # the document starts
                started = True
                continue
            dash = c == "-" and (len(s) == 1 or s[1] == " ")
        if pending_key is not _NONE:
            if ind > col or (ind == col and dash):
                if len(stack) >= MAX_BLOCK_DEPTH:
                    raise _Doubt
                new_path = None if path is None else (*path, pending_raw)
                stack.append((kind, col, cont, path, lines))
                new: Any
                if dash:
                    new = []
                    kind = 1 if ind > col else 2
                    path = None
                    if new_path is not None and new_path in tracked:
                        lines = found[new_path] = []
                    else:
                        lines = None
                else:
                    new = {}
                    kind = 0
                    path = new_path if new_path is not None and len(new_path) < path_depth \
                        else None
                    lines = None
                cont[pending_key] = new
                cont = new
                col = ind
            # else an empty value: null, as set
            pending_key = _NONE
        if ind != col or dash != (kind != 0):
            # close what this line's indentation ends
            while True:
                if ind < col:
                    kind, col, cont, path, lines = stack.pop()
                    continue
                if ind > col:
                    raise _Doubt  # deeper than anything open: not ours (or an error)
                if kind == 0:
                    if dash:
                        raise _Doubt
                    break
                if dash:
                    break
                if kind == 2:  # a key of the mapping this sequence is the value of
                    kind, col, cont, path, lines = stack.pop()
                    continue
                raise _Doubt
        if dash:
            if lines is not None:
                lines.append(lineno)
            if element is not None:
                cont.append(element if element[0] not in first else plain(element))
                last_raw, last_col = element, ind
                continue
            if raw_key is None:
                rest = s[1:].lstrip(" ")
                if not rest or (rest[0] == "-" and (len(rest) == 1 or rest[1] == " ")):
                    raise _Doubt
                if rest[0] == "{":  # "- {person: a, role: r}": a mapping on its line
                    cont.append(flow_value(rest, plain, key_of, first, get_key))
                    continue
                i = rest.find(": ")
                if i < 0 and rest[-1] == ":":
                    i = len(rest) - 1
                if i < 0:  # a scalar element
                    if rest[0] == "#":
                        raise _Doubt
                    value, state = scalar(rest)
                    cont.append(value)
                    if state == 1:
                        last_raw, last_col = rest, ind
                    elif state >= 2:
                        if line[-1] == " ":
                            raise _Doubt  # spaces before its line break: PyYAML reads them
                        quoted = (cont, len(cont) - 1, value, state)
                        quoted_col = ind
                    continue
                new_col = ind + len(s) - len(rest)
                s = rest
            else:
                new_col = ind + 2
            # a mapping element, its first key on this line
            if len(stack) >= MAX_BLOCK_DEPTH:
                raise _Doubt
            new = {}
            cont.append(new)
            stack.append((kind, col, cont, path, lines))
            kind, col, cont, path, lines = 0, new_col, new, None, None
        elif raw_key is None:
            i = s.find(": ")
            if i < 0:
                if s[-1] != ":":
                    raise _Doubt  # a scalar where a key should be
                i = len(s) - 1
        if raw_key is None:
            raw_key = s[:i]
            key = get_key(raw_key, _NONE)
            if key is _NONE:
                key = key_of(raw_key)
            v = s[i + 2:]
            if v and v[0] == " ":
                v = v.lstrip(" ")
        if key in cont:
            raise _Doubt  # a key twice (or two that PyYAML makes one): PyYAML says
        if not v or v[0] == "#":  # the value starts on a later line, or is empty
            cont[key] = None
            pending_key = key
            pending_raw = raw_key
            continue
        c = v[0]
        if c in simple and (hashless or " #" not in v) and ": " not in v and v[-1] != ":":
            cont[key] = v if c not in first else plain(v)
            last_raw, last_col = v, col
            continue
        value, state = scalar(v)
        cont[key] = value
        if state == 1:
            last_raw, last_col = v, col
        elif state >= 2:
            if line[-1] == " ":
                raise _Doubt  # spaces before its line break: PyYAML reads them
            quoted = (cont, key, value, state)
            quoted_col = col
        elif state < 0 and path is not None and value:
            # a flow collection near the top: its elements' line, where tracked
            _flow_lines((*path, raw_key), value, lineno, tracked, found, key_of)
    if not root or quoted_col >= 0:  # nothing but comments, or a text left open
        return None
    return root, found
