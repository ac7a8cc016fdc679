"""One-line flow collections of plain scalars, written as the block lines they mean.

Model files written by hand or by a script after DESIGN.md's example put small
collections on one line: ``organisation: {id: acme, name: Acme Ltd}``,
``- {person: alice, role: ism}``, ``requires: [iso27001-li]``. To YAML each such line
means the same as block lines (``- person: alice`` / ``  role: ism``), which
:mod:`graphkit.loaders._yamlblock` reads; this module rewrites them, and says which line
of the text each line of the rewrite comes from, so that an element's line is the one
PyYAML gives.

It rewrites a line only when the rewrite cannot mean anything else:

- the collection opens after ``key: `` or ``- `` (with a simple key) and closes on the
  same line, with nothing after it but spaces or a comment, and nests no collection but
  a list of scalars as a mapping's value (``{id: S, members: [a, b]}``);
- its items are plain scalars (no ``#``, ``?``, no indicator first, no ``": "`` in a
  sequence's item nor in a value, none ending in ``:``, none empty) or quoted ones with
  no quote of their kind inside (no backslash in double quotes), a mapping's items
  ``key: value`` with a simple key;
- no quoted text in the file goes on over lines (one could hold what looks like a flow
  line): every line with quotes holds an even number of each kind, and no backslash
  beside a double quote; and the text has no tabs or odd characters (the caller checks);
- the line above (blanks and comments skipped) is one the flow line cannot continue: a
  rewritten line, a line opening a block (``key:``), or a scalar whose line is at least as
  far left (a plain scalar goes on only on deeper lines; PyYAML would refuse such a
  continuation anyway, since every line rewritten holds a ``": "``, but the rule keeps
  the argument short);
- the line below is no deeper than the collection's key (or dash): after a collection
  nothing may go on, while after its rewrite a deeper line would.

Anything else is left as it is, and the block reader steps aside for the flow
collection as before (PyYAML reads the file).

>>> text = "org: {id: acme, name: Acme Ltd}\\npeople:\\n- {id: a, tags: x}\\n- id: b\\n  tags: [x, y]\\n"
>>> new, origin = unflowed(text)
>>> print(new, end="")
org:
  id: acme
  name: Acme Ltd
people:
- id: a
  tags: x
- id: b
  tags:
    - x
    - y
>>> [origin(line) for line in range(1, 12)]
[1, 1, 1, 2, 3, 3, 4, 5, 5, 5, 6]
>>> unflowed("a: {b: 'c, d', e: [f]}\\n")[0]  # a quoted text, a list in a mapping
"a:\\n  b: 'c, d'\\n  e:\\n    - f\\n"
>>> unflowed("a: {b: c'd}\\n")[1] is None  # an odd quote: left to PyYAML
True
>>> unflowed("a: 'x\\n  - {b: c}\\n  y'\\n")[1] is None  # inside a quoted text
True
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable

from ._yamlblock import _INDICATORS  # a first character that makes a scalar not plain
from ._yamlblock import _KEY as _BLOCK_KEY

__all__ = ["unflowed"]

# a simple key, as the block reader has it (words, digits, "_.-/", single inner spaces)
_KEY = _BLOCK_KEY.pattern
_FLOW = re.compile(r"(?P<ind> *)(?P<dash>- )?(?:(?P<key>" + _KEY + r"): +)?"
                   r"(?P<open>[\[{])(?P<body>[^{}#]*)(?P<close>[\]}])(?: +#.*| *)")
_OPENS_BLOCK = re.compile(r" *(?:- )?" + _KEY + r":(?: +#.*| *)")
_KEYED = re.compile(r"(?P<ind> *)(?P<dash>- )?" + _KEY + r": ")
_ELEMENT = re.compile(r"(?P<ind> *)- ")
_MAP_ITEM = re.compile(r"(" + _KEY + r"): +(.+)")
# characters that end a plain scalar in a flow collection (but not on a block line)
_FLOW_FREE = frozenset(",[]{}")
_MAY_OPEN = re.compile(r"(?:^|: |- )[\[{]", re.MULTILINE)
# a plain scalar that reads the same in a flow collection and on a block line (see
# _plain), and bodies of nothing else
_V = r"""[^-?:,\[\]{}#&*!|>'"%@` ](?:[^,\[\]{}#?'":]|:(?=[^ ,\[\]{}]))*"""
_SIMPLE_SEQ = re.compile(rf" *{_V}(?:, *{_V})*")
# a mapping's pair: a plain value, a quoted one without quote or comma inside, or a list
# of plain values
_PAIR = rf"({_KEY}): ({_V}|'[^',]*'|\[ *{_V}(?:, *{_V})*\])"
_PAIRS = re.compile(_PAIR)
_SIMPLE_MAP = re.compile(rf" *{_PAIR}(?:, *{_PAIR})*")
# an item of a flow collection: quoted texts, a list of plain scalars, other characters
_PART = re.compile(r"""(?:'[^']*'|"[^"\\]*"|\[[^\[\]'"]*\]|[^,'"\[\]])*""")


def _scalar(item: str) -> bool:
    """Whether ``item`` (stripped) is a scalar that reads the same in a flow collection
    and on a block line: plain, or quoted on its own with no quote of its kind inside
    (and no backslash in double quotes)."""
    if len(item) >= 2 and item[0] == item[-1] and item[0] in "'\"":
        inner = item[1:-1]
        return item[0] not in inner and (item[0] == "'" or "\\" not in inner)
    return _plain(item)


def _plain(item: str) -> bool:
    """Whether ``item`` (stripped) is a plain scalar that reads the same in a flow
    collection and on a block line."""
    if (not item or "?" in item or ": " in item or item.endswith(":")
            or not _FLOW_FREE.isdisjoint(item)):
        return False
    first = item[0]
    return first not in _INDICATORS or (first == "-" and len(item) > 1 and item[1] != " "
                                        and item != "---")


def _rewrite(m: re.Match[str]) -> list[str] | None:
    """The block lines of a flow line, or None when they might mean something else."""
    opened, closed = m["open"], m["close"]
    if (opened == "[") != (closed == "]"):
        return None
    body = m["body"]
    if not body.strip(" "):
        return None  # [] and {}: the block reader reads them
    if opened == "[" and ("[" in body or "]" in body):
        return None  # a sequence in a sequence
    ind, dash, key = m["ind"], m["dash"], m["key"]
    # the usual bodies (plain words, "key: value" pairs) in one regular expression; the
    # same lines as the item by item way below gives them
    simple = (_SIMPLE_SEQ if opened == "[" else _SIMPLE_MAP).fullmatch(body) is not None
    items = None if simple else _split(body)
    if items is None and not simple:
        return None
    if key is None:
        if dash is None or opened == "[":
            return None  # a bare collection, or a sequence in a sequence
        lead, deeper = f"{ind}- ", f"{ind}  "
        out: list[str] = []
    else:
        col = len(ind) + (2 if dash else 0)
        lead = deeper = " " * (col + 2)
        out = [f"{ind}{dash or ''}{key}:"]
    if opened == "[":
        if simple:
            out += [f"{deeper}- {item.strip(' ')}" for item in body.split(",")]
            return out
        assert items is not None
        if not all(map(_scalar, items)):
            return None
        out += [f"{deeper}- {item}" for item in items]
        return out
    if simple:
        at = lead
        for name, value in _PAIRS.findall(body):
            if value[0] == "[":
                out.append(f"{at}{name}:")
                pad = " " * (len(deeper) + 2)
                out += [f"{pad}- {e.strip(' ')}" for e in value[1:-1].split(",")]
            else:
                out.append(f"{at}{name}: {value.strip(' ')}")
            at = deeper
        return out
    assert items is not None
    first = True
    for item in items:
        pair = _MAP_ITEM.fullmatch(item)
        if pair is None:
            return None
        at = lead if first else deeper
        value = pair[2].strip(" ")
        first = False
        if value[0] == "[" and value[-1] == "]":  # a list of scalars: its block lines
            inner = value[1:-1]
            if "[" in inner or "]" in inner:
                return None
            if not inner.strip(" "):
                out.append(f"{at}{pair[1]}: []")
                continue
            elements = [e.strip(" ") for e in inner.split(",")]
            if not all(map(_scalar, elements)):
                return None
            out.append(f"{at}{pair[1]}:")
            pad = " " * (len(deeper) + 2)
            out += [f"{pad}- {e}" for e in elements]
        elif _scalar(value):
            out.append(f"{at}{pair[1]}: {value}")
        else:
            return None
    return out


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


def _column(m: re.Match[str]) -> int:
    """How far right the collection's key (or dash) stands: no line below it may go
    deeper."""
    return len(m["ind"]) + (2 if m["dash"] and m["key"] is not None else 0)


def _continues(line: str, rewritten: bool) -> int:
    """How far left a line below ``line`` must stand not to go on with a scalar of it:
    -1 when nothing of it can go on (a rewritten line, a line opening a block), the
    column of its scalar's key (or dash) otherwise; -2 for a line of another kind."""
    if rewritten or _OPENS_BLOCK.fullmatch(line):
        return -1
    m = _KEYED.match(line)
    if m is not None:
        return len(m["ind"]) + (2 if m["dash"] else 0)
    m = _ELEMENT.match(line)
    if m is not None:
        return len(m["ind"])
    return -2


def _quotes_closed(text: str) -> bool:
    """Whether every line holding a quote holds an even number of each kind, and no
    backslash beside a double quote: then no quoted text goes on over lines (its first
    line would hold an odd number of its quote, doubled quotes counting two), and no
    flow line can be part of one. A plain text with one apostrophe (``O'Brien``) is
    counted as a doubt too."""
    for m in _QUOTED_LINE.finditer(text):
        line = m[0]
        if line.count("'") % 2 or line.count('"') % 2 or ('"' in line and "\\" in line):
            return False
    return True


_QUOTED_LINE = re.compile(r"^.*['\"].*$", re.MULTILINE)


def unflowed(text: str) -> tuple[str, Callable[[int], int] | None]:
    """``text`` with its one-line flow collections written as block lines, and what
    gives, for a line of the result (from 1), the line of ``text`` it comes from;
    ``(text, None)`` when nothing is rewritten. Only the lines holding a bracket are
    looked at."""
    if ("[" not in text and "{" not in text) or not _MAY_OPEN.search(text) \
            or not _quotes_closed(text):  # (the "in" tests run at C speed)
        return text, None
    lines = text.split("\n")
    # per block written: its first line in the result, its line in text, its size, and
    # how many lines the blocks before it added
    starts: list[int] = []
    blocks: list[tuple[int, int, int]] = []
    added = 0
    last = -2  # the last line rewritten
    n, at = 0, 0
    for found in _BRACKETED.finditer(text):
        n += text.count("\n", at, found.start())
        at = found.start()
        m = _FLOW.fullmatch(found[0])
        if m is None:
            continue
        above = _content(lines, n, -1)
        allows = -1 if above < 0 else _continues(lines[above], above == last)
        indent = len(m["ind"])
        if not (allows == -1 or (allows >= 0 and indent <= allows)):
            continue
        block = _rewrite(m)
        if block is None:
            continue
        below = _content(lines, n, 1)
        if below >= 0 and len(lines[below]) - len(lines[below].lstrip(" ")) > _column(m):
            return text, None  # something goes on after a collection: PyYAML says what
        lines[n] = "\n".join(block)
        starts.append(n + added)
        blocks.append((n, len(block), added))
        added += len(block) - 1
        last = n
    if not blocks:
        return text, None

    def origin(line: int) -> int:
        k = bisect_right(starts, line - 1) - 1
        if k < 0:
            return line
        old, size, before = blocks[k]
        if line - 1 < starts[k] + size:
            return old + 1
        return line - before - (size - 1)

    return "\n".join(lines), origin


_BRACKETED = re.compile(r"^[^\n\[{]*[\[{][^\n]*", re.MULTILINE)


def _content(lines: list[str], n: int, step: int) -> int:
    """The index of the next line from ``n`` (up with ``step`` -1, down with 1) that is
    not blank nor a comment; -1 for none."""
    n += step
    while 0 <= n < len(lines):
        content = lines[n].lstrip(" ")
        if content and content[0] != "#":
            return n
        n += step
    return -1
