"""The top-level sections of a YAML model file read straight into columns.

A model file of a large organisation is mostly its sections (``people:``, ``roles:``,
... ``delegations:``), lists of flat mappings written a field a line (``yaml.dump``) or an
element a line (DESIGN.md's flow style)::

    people:
    - id: p0000002
      name: Tara Chen
      competencies:
      - id: cert-12
        expires: 2027-03-05
    assets:
      - {id: a1, name: System 1, owner: role:r1, custodians: [role:r2, role:r3]}

The block reader (:mod:`graphkit.loaders._yamlblock`, with :mod:`~graphkit.loaders._yamlflow`
for flow lines) reads such a file a line at a time, a dict per element, and
:func:`~graphkit.loaders.columns.validated_data` then takes the dicts apart again into
columns. This module reads a section of exactly that kind with polars, all its lines at
once, into the frame the columnar path makes of its elements
(:func:`~graphkit.loaders.columns.section_frame`), and the rest of the file (the
sections' lines left out, their lines counted back in) with the block reader: the same
columns, element lines and model, without a dict per element.

A section is read here only when its line is ``name:`` alone, the line after it starts a
key at the top level or ends the text, and every line of it is one of (``K`` a field of
the section, ``k`` of a competency or acknowledgement, ``v`` a plain value the block
reader takes at once: a first character that starts nothing else, no ``": "``, no
``" #"``, not ending in ``:`` or a space; or a quoted one closed on its line with
nothing after it, single-quoted (``''`` a quote in it) or double-quoted without a
backslash, no ``" #"`` in it: its text, never a number, date, boolean or null; the
elements' ``- `` at the section's
indentation or two deeper, a list's ``- `` at its key's or two deeper, the same all
through the section)::

    - K: v        an element, its first field
      K: v        a field
      K:          a list field, its items on the next lines:
      - v         a value, or
      - k: v      a mapping, its first field
        k: v      a field of that mapping
    - {K: v, K: [v, v]}   an element as a one-line flow mapping (see _flow_lines)
      - {k: v, k: v}      a list's mapping as one

each after a line it may follow (a list field is not empty and holds values or mappings,
not both), each key once in its mapping. A section with anything else (a comment, a
blank line, a quote not closed, a key no field has, a key twice, a value the columnar
path cannot take as it is, ...) is left in the rest, to the block reader; a value the
loader cannot construct, a rest the block reader leaves to PyYAML, leave the whole file
to the caller, which reads it as before and words every error.

>>> from yaml import CSafeLoader as Loader
>>> text = "version: 1\\npeople:\\n" + "".join(
...     f"- id: p{i}\\n  name: Ann {i}\\n  competencies:\\n  - id: c\\n    expires: 2027-01-0{i}\\n"
...     for i in range(1, 4)) + "policy:\\n  sod: []\\n"
>>> data, lines, frames = read_columns(text, Loader(""))
>>> data, lines
({'version': 1, 'people': None, 'policy': {'sod': []}}, {('people',): [3, 8, 13]})
>>> frames["people"].select("id", "name", "competencies").row(2)
('p3', 'Ann 3', 'c@2027-01-03')
"""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import polars as pl

from ._yamlblock import _SIMPLE, _Doubt, plain_scalars, read_block_yaml, readable_text
from .columns import (_ITEM, _LISTS, _NO_ITEMS, _SPEC, _TYPED_VALUES, ListCells, _text,
                      section_frame)

__all__ = ["COLUMN_SECTIONS", "read_columns"]

#: The top-level sections read as columns (when they are of the kind read here).
COLUMN_SECTIONS = ("people", "roles", "assignments", "assets", "risks", "duties",
                   "delegations")
#: The keys of a list item's mapping (a competency, an acknowledgement).
_ITEM_KEYS = ("id", "expires", "role", "version")

# what may start the line after a section: a key at the top level
_NEXT = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")

# the kinds of line (0: none of them): an element's first field, a field, a list item's
# mapping's first field, its other fields, a list field's key, a list's value; an
# element or a list item written as a one-line flow mapping (each read as the lines
# of its fields); the section's end
_E, _F, _M, _N, _L, _I, _EF, _MF, _END_OF = 1, 2, 3, 4, 5, 6, 7, 8, 9
# which kind of line may follow which (row: the line before, 0 the section's own line)
_FOLLOWS = np.zeros((10, 10), dtype=bool)
for _before in (0, _E, _F, _M, _N, _I, _EF, _MF):
    _FOLLOWS[_before, _E] = _FOLLOWS[_before, _EF] = True
for _before in (_E, _F, _M, _N, _I, _EF, _MF):
    _FOLLOWS[_before, _END_OF] = True
for _before in (_E, _F, _M, _N, _I, _MF):
    _FOLLOWS[_before, _F] = _FOLLOWS[_before, _L] = True
_FOLLOWS[_L, _I] = _FOLLOWS[_I, _I] = True
for _before in (_L, _M, _N, _MF):
    _FOLLOWS[_before, _M] = _FOLLOWS[_before, _MF] = True
_FOLLOWS[_M, _N] = _FOLLOWS[_N, _N] = True



def read_columns(text: str, loader: Any
                 ) -> tuple[dict[Any, Any], dict[tuple[str, ...], list[int]],
                            dict[str, pl.DataFrame]] | None:
    """A model file's text read with its sections of the kind described above as columns:
    the data of the rest (the block reader's, None for each section read as columns),
    the line of each element of the sections whose elements have lines (as
    :func:`~graphkit.loaders._yamlblock.read_block_yaml` gives them, for
    :data:`~graphkit.loaders.yamljson._SOURCED`), and each section's frame
    (:func:`~graphkit.loaders.columns.section_frame`). None when no section is of that
    kind, or at any doubt (then read the file as before)."""
    if not any(text.startswith(("- ", "  - "), at + len(name) + 2)
               for name in COLUMN_SECTIONS if (at := _header(text, name)) >= 0):
        return None  # (no section of the kind read here: not worth a look at the text)
    lf = readable_text(text, loader)
    if lf is None:
        return None
    first = frozenset(loader.yaml_implicit_resolvers)
    plain = plain_scalars(loader, first)
    try:
        return _read(lf, loader, first, plain)
    except _Doubt:
        return None


def _read(text: str, loader: Any, first: frozenset[str | None], plain: Any
          ) -> tuple[dict[Any, Any], dict[tuple[str, ...], list[int]],
                     dict[str, pl.DataFrame]] | None:
    from .yamljson import _SOURCED

    # each section's line, "name:" alone at the top level (a second one, or one that
    # is no key at the top level, the block reader finds in the rest)
    headers = sorted((at, name) for name in COLUMN_SECTIONS
                     if (at := _header(text, name)) >= 0)
    pieces: list[str] = []
    at = 0
    line = 1  # the line at ``at``
    frames: dict[str, pl.DataFrame] = {}
    element_lines: dict[tuple[str, ...], list[int]] = {}
    # the sections' lines are left out of the rest: (the line of the rest after which
    # they were, how many) (a blank line costs the block reader what any line does)
    removed: list[tuple[int, int]] = []
    for h, (start, section) in enumerate(headers):
        begin = start + len(section) + 2  # the section's first line
        stop = headers[h + 1][0] - 1 if h + 1 < len(headers) else len(text)
        if begin > stop or not text.startswith(("- ", "  - "), begin):
            continue  # (not of the kind read here: the block reader's)
        # its lines: those that start with a space or "- ", up to the first that does not
        lines = pl.Series("line", [text[begin:stop]], dtype=pl.String).str.split(
            "\n").explode()
        ends = (~lines.str.starts_with(" ") & ~lines.str.starts_with("-")).arg_true()
        count = ends[0] if ends.len() else lines.len()
        if not count:
            continue  # nothing on the lines after it: the block reader's
        lines = lines.head(count)
        end = begin + int(lines.str.len_chars().sum()) + count - 1
        after = text[end + 1:end + 2]
        if after and after not in _NEXT:
            raise _Doubt
        try:
            frame, starts = _section(section, lines, first, plain)
        except _Doubt:
            continue  # (the section is left in the rest, to the block reader)
        del lines
        frames[section] = frame
        line += text.count("\n", at, begin)
        element_lines[(section,)] = (starts + line).tolist()
        pieces.append(text[at:begin])
        removed.append((line - 1 - sum(k for _, k in removed), count))
        line += count  # (the line after the section)
        at = end + 1
    if not frames:
        return None
    pieces.append(text[at:])
    rest = "".join(pieces)
    read = read_block_yaml(rest, loader, tuple(where for _, where in _SOURCED))
    if read is None:
        raise _Doubt
    data, lines_of = read
    for section in frames:
        if section not in data or data[section] is not None:
            raise _Doubt
    # the lines of the rest as the file numbers them
    for where, found_lines in lines_of.items():
        lines_of[where] = [n + sum(k for at_line, k in removed if at_line < n)
                           for n in found_lines]
    lines_of.update(element_lines)
    return data, lines_of, frames


def _header(text: str, name: str) -> int:
    """Where the first line ``name:`` (alone) starts, or -1."""
    if text.startswith(name + ":\n"):
        return 0
    at = text.find("\n" + name + ":\n")
    return at + 1 if at >= 0 else -1


def _kinds(heads: list[str], fields: list[str], prefixes: dict[str, int]) -> dict[str, int]:
    """The kind and key of each distinct head of a line (the text before its first
    ``": "``, or a whole line without one that ends with ``:``), as ``kind * 64 + key``
    (key: the field's position, or in a list item's mapping the key's in
    :data:`_ITEM_KEYS`); a head of no kind read here is left out. ``prefixes``: the
    indentation (and ``"- "``) of each kind, the longer of two that start alike first."""
    field_of = {f: i for i, f in enumerate(fields)}
    item_of = {k: i for i, k in enumerate(_ITEM_KEYS)}
    field_prefix = next(p for p, k in prefixes.items() if k == _F)
    out: dict[str, int] = {}
    for head in heads:
        if head.endswith(":"):
            key = head[len(field_prefix):-1]
            if head.startswith(field_prefix) and key in field_of:
                out[head] = _L * 64 + field_of[key]
            continue
        for prefix, kind in prefixes.items():
            key = head[len(prefix):]
            if head.startswith(prefix) and key[:1] not in (" ", "-"):
                known = item_of if kind in (_M, _N) else field_of
                if key in known:
                    out[head] = kind * 64 + known[key]
                break
    return out


# an id of a competency or acknowledgement as a cell holds it (columns' _list_item)
_ONE_ITEM = rf"^{_ITEM}$"
# what starts a quoted scalar
_QUOTES = ["'", '"']
# a quoted scalar the block reader reads as it stands (on a block line: the line ends at
# its closing quote)
_QUOTED_VALUE = r"""^(?:'(?:[^']|'')*'|"[^"\\]*")$"""
# what a flow mapping's value may not start with (_yamlflow's _NOT_FIRST)
_FLOW_NOT_FIRST = "-:&*!|>%@` "
# a flow mapping's body read here holds none of these (nor, outside quotes, "?" or a
# quote: see _flow_lines)
_FLOW_ODD = r"[{}#]"
# a quoted scalar in a flow mapping (no bracket in it; spaces may follow it)
_FLOW_QUOTED = r"'(?:[^'\[\]]|'')*'" r'|"[^"\\\[\]]*"'
# its items: quoted scalars, lists "[...]" of plain ones (no list in a list) and other
# characters than commas, brackets and quotes; the whole body of such items,
# comma-separated
_FLOW_ITEM = rf"""(?:{_FLOW_QUOTED}|[^,\[\]'"]|\[[^\[\]'"]*\])+"""
_FLOW_BODY = rf"^{_FLOW_ITEM}(?:,{_FLOW_ITEM})*$"
# an item's value that is a quoted scalar (spaces after it dropped)
_FLOW_QUOTED_VALUE = rf"^(?:{_FLOW_QUOTED}) *$"


def _section(section: str, lines: pl.Series, first: frozenset[str | None], plain: Any
             ) -> tuple[pl.DataFrame, np.ndarray]:
    """One section's lines (without the line naming it) as its frame, and the line of
    each element counted from the section's first line (0)."""
    spec = _SPEC[section]
    fields = list(spec)
    # every key resolves to itself (as the block reader's keys do)
    for k in (*fields, *_ITEM_KEYS):
        if plain(k) != k:
            raise _Doubt
    if lines.str.contains(" #", literal=True).any():
        raise _Doubt  # (a comment, or a plain value holding " #": the block reader's)
    # the elements at the section's indentation or two deeper ("- " or "  - "), a list's
    # items at its key's or two deeper (the same in the whole section)
    top = lines[0]
    base = 0 if top.startswith("- ") else 2 if top.startswith("  - ") else -1
    if base < 0:
        raise _Doubt
    field = " " * (base + 2)
    deep = lines.str.starts_with(field + "  - ").any()
    if deep and lines.str.starts_with(field + "- ").any():
        raise _Doubt
    inner = field + ("  " if deep else "")
    element_prefix, item_prefix = " " * base + "- ", inner + "- "
    prefixes = dict(sorted({element_prefix: _E, field: _F, item_prefix: _M,
                            inner + "  ": _N}.items(), key=lambda kv: -len(kv[0])))
    # one-line flow mappings: an element ("- {id: a, name: b}") or a list's item
    flow = (lines.str.starts_with(element_prefix + "{").to_numpy(),
            lines.str.starts_with(item_prefix + "{").to_numpy())
    any_flow = flow[0].any() or flow[1].any()
    # the lines read as block lines (a flow mapping's left empty: see _flow_lines)
    plain_lines = lines
    if any_flow:
        flows = pl.Series(flow[0] | flow[1])
        plain_lines = lines.zip_with(~flows, pl.repeat("", len(lines), eager=True))
    parts = plain_lines.str.splitn(": ", 2).struct.unnest()
    head, value = parts.get_column("field_0"), parts.get_column("field_1")
    del parts
    # "- v": a list's value (a line without ": ")
    item = value.is_null() & plain_lines.str.starts_with(item_prefix)
    block = ~item
    if any_flow:
        block = block & ~flows
    named = head.filter(block)
    distinct = named.unique()
    if distinct.len() > 4096:
        raise _Doubt  # (lines of many kinds: not of the kind read here)
    kinds = _kinds(distinct.to_list(), fields, prefixes)
    code = named.replace_strict(kinds, default=0, return_dtype=pl.Int32).to_numpy()
    codes = np.full(len(lines), _I * 64, dtype=np.int32)
    is_block = block.to_numpy()
    codes[is_block] = code
    if any_flow:
        codes[flow[0]] = _EF * 64
        codes[flow[1]] = _MF * 64
    kind = codes >> 6
    # a line of a kind read here, with a value where it should have one
    has_value = value.is_not_null().to_numpy()
    if not (kind.all() and (has_value[is_block] == (kind[is_block] != _L)).all()):
        raise _Doubt
    before = np.concatenate(([0], kind))
    after = np.concatenate((kind, [_END_OF]))
    if not _FOLLOWS[before, after].all():
        raise _Doubt
    # the values: a plain scalar the block reader takes as it stands on its line, or a
    # quoted one closed on it (see _unquoted)
    raw = plain_lines.str.slice(len(item_prefix)).zip_with(item, value)
    block_value = value.is_not_null().to_numpy() | item.to_numpy()
    heads = raw.str.slice(0, 1)
    quoted = heads.is_in(_QUOTES).fill_null(False).to_numpy() & block_value
    if quoted.any():
        raw = _unquoted(raw, quoted)
    given = raw.filter(pl.Series(block_value & ~quoted))
    heads = heads.filter(pl.Series(block_value & ~quoted))
    if not (heads.is_in(list(_SIMPLE)).all()
            and not given.str.contains(r"[ :]$").any()
            and not given.str.contains(": ", literal=True).any()):
        raise _Doubt
    names = head.str.slice(len(inner) + 2)  # (a list item's mapping's key)
    line_of = np.arange(len(lines))
    if any_flow:
        kind, codes, raw, names, line_of, quoted = _flow_lines(
            lines, kind, codes, raw, names, quoted, flow, len(element_prefix),
            len(item_prefix), fields)
    key = codes & 63
    starts = line_of[kind == _E]
    n = len(starts)
    element = np.cumsum(kind == _E) - 1
    # each key once in its mapping
    own = (kind == _E) | (kind == _F) | (kind == _L)
    nested = (kind == _M) | (kind == _N)
    item_no = np.cumsum(kind == _M) - 1
    if _twice(element[own], key[own]) or _twice(item_no[nested], key[nested]):
        raise _Doubt
    if not all(spec[fields[c]].kind in _LISTS for c in np.unique(key[kind == _L])):
        raise _Doubt  # items under a field of one value: the block reader's
    # the values the loader makes other than their texts (of plain scalars: a quoted
    # one is its text)
    unquoted = pl.Series(~quoted)
    given = raw.filter(unquoted).drop_nulls()
    heads = given.str.slice(0, 1)
    firsts = [c for c in first if c is not None]
    resolved: dict[str, Any] = {}
    for text in given.filter(heads.is_in(firsts)).unique().to_list():
        value = plain(text)
        if type(value) is not str:
            resolved[text] = value
    # the values made other than their texts, by line
    made_line = ((raw.is_in(list(resolved)).fill_null(False) & unquoted).to_numpy()
                 if resolved else np.zeros(len(kind), dtype=bool))

    def made(rows: np.ndarray) -> list[Any]:
        texts = raw.gather(rows).to_list()
        if not made_line[rows].any():
            return texts
        return [resolved[t] if m else t for t, m in zip(texts, made_line[rows].tolist())]

    def all_texts(rows: np.ndarray) -> bool:
        return not made_line[rows].any()

    values: dict[str, list[Any] | pl.Series | ListCells] = {}
    held: dict[str, np.ndarray] = {}
    mapped: dict[str, pl.Series] = {}  # (the cells of lists of mappings)
    scalar_rows = np.flatnonzero((kind == _E) | (kind == _F))
    scalar_keys = key[scalar_rows]
    list_rows = np.flatnonzero(kind == _L)
    list_keys = key[list_rows]
    list_of_line = np.cumsum(kind == _L) - 1
    item_rows = np.flatnonzero(kind == _I)
    for i, (f, rule) in enumerate(spec.items()):
        listed = rule.kind in _LISTS
        rows = scalar_rows[scalar_keys == i]
        at = element[rows]
        has = np.zeros(n, dtype=bool)
        has[at] = True
        texts = raw.gather(rows)
        lists = list_rows[list_keys == i]
        if listed and rule.kind not in ("competencies", "acknowledged"):
            # values of its lists, by the list they are in
            mine = item_rows[np.isin(list_of_line[item_rows], list_of_line[lists])]
            items = raw.gather(mine)
            # (one party given as null: no party, where the field takes one)
            nulls = made_line[rows]
            if nulls.any() and any(resolved[t] is not None
                                   for t in texts.filter(pl.Series(nulls)).unique().to_list()):
                nulls = None  # (a value other than a text or null: the long way)
            # (lists of values: a list's first line after its key is a value's)
            if nulls is not None and all_texts(mine) and (kind[lists + 1] == _I).all():
                owners = element[lists]
                has[owners] = True
                joined_cells = pl.repeat(None, n, dtype=pl.String, eager=True)
                if len(rows):
                    if nulls.any():
                        texts = texts.scatter(np.flatnonzero(nulls), None)
                    joined_cells = joined_cells.scatter(at, texts)
                if len(lists):
                    joined = (pl.DataFrame({"list": list_of_line[mine], "item": items})
                              .group_by("list", maintain_order=True)
                              .agg(pl.col("item")))
                    if joined.height != len(lists):
                        raise _Doubt  # (a list without values: mappings in it)
                    joined_cells = joined_cells.scatter(
                        owners, joined.get_column("item").list.join(";"))
                values[f] = ListCells(joined_cells, len(rows) - int(nulls.sum()) + len(mine),
                                      bool(len(rows)))
                held[f] = has
                continue
        elif listed and not len(rows):
            # competencies or acknowledgements, lists of mappings: their cells
            item_cells = _mapping_cells(rule.kind, n, lists, kind, list_of_line, element,
                                        item_no, key, raw, made_line, resolved)
            if item_cells is not None:
                has[element[lists]] = True
                values[f] = [_NO_ITEMS] * n  # (its column is put in after)
                mapped[f] = item_cells
                held[f] = has
                continue
        cells: pl.Series | None = None
        if not listed:
            # its texts, or the cells section_frame makes of the values made of them
            cells = texts if all_texts(rows) else _made_cells(
                texts, made_line[rows], resolved, rule.kind)
        if cells is None:
            column: list[Any] = [_NO_ITEMS if listed else None] * n
            for e, v in zip(at.tolist(), made(rows)):
                column[e] = v
            if listed:
                _list_values(column, has, lists, kind, list_of_line, element, item_no,
                             names, made)
            values[f] = column
        else:
            column_texts = pl.repeat(None, n, dtype=pl.String, eager=True)
            values[f] = column_texts.scatter(at, cells) if len(rows) else column_texts
        held[f] = has
    frame = section_frame(section, n, values, held)
    if frame is None:
        raise _Doubt
    if mapped:
        frame = frame.with_columns(*(cells.alias(f) for f, cells in mapped.items()))
    return frame, starts


def _twice(mapping: np.ndarray, key: np.ndarray) -> bool:
    """Whether a key (< 64) stands twice in a mapping (``mapping``: each key's, in order).

    >>> _twice(np.array([0, 0, 1, 1]), np.array([0, 1, 0, 0])), _twice(np.array([0]), np.array([3]))
    (True, False)
    """
    if not len(mapping):
        return False
    bits = np.left_shift(np.uint64(1), key.astype(np.uint64))
    firsts = np.flatnonzero(np.diff(mapping, prepend=mapping[0] - 1))
    return bool((np.add.reduceat(bits, firsts) != np.bitwise_or.reduceat(bits, firsts)).any())


def _mapping_cells(what: str, n: int, lists: np.ndarray, kind: np.ndarray,
                   list_of_line: np.ndarray, element: np.ndarray, item_no: np.ndarray,
                   key: np.ndarray, raw: pl.Series, made: np.ndarray,
                   resolved: dict[str, Any]) -> pl.Series | None:
    """The cells section_frame makes of the lists of mappings (``lists``: the lines of a
    competencies or acknowledged field, each with its list after it) of ``n`` elements:
    each element's items as ``id@YYYY-MM-DD`` or ``id`` (``id@`` when it holds ``@``), or
    ``role@version``, joined with ``;`` (None: no list); a doubt where it doubts (a key
    of neither, no id, an id a cell does not hold as it is, a date not ``YYYY-MM-DD``,
    a version not a whole number, ...); None for a list holding values (the long way)."""
    if not len(lists):
        return pl.repeat(None, n, dtype=pl.String, eager=True)
    rows = np.flatnonzero(((kind == _M) | (kind == _N) | (kind == _I))
                          & np.isin(list_of_line, list_of_line[lists]))
    if (kind[rows] == _I).any():
        return None
    item, at = np.unique(item_no[rows], return_inverse=True)
    m = len(item)
    slots: list[pl.Series] = []
    typed: list[np.ndarray] = []
    for k in range(len(_ITEM_KEYS)):
        mine = rows[key[rows] == k]
        where = at[key[rows] == k]
        slot = pl.repeat(None, m, dtype=pl.String, eager=True)
        slots.append(slot.scatter(where, raw.gather(mine)) if len(mine) else slot)
        flags = np.zeros(m, dtype=bool)
        flags[where] = made[mine]
        typed.append(flags)
    one, other = (0, 1) if what == "competencies" else (2, 3)
    # (no other key; the first key a text (not one the loader makes otherwise) a cell
    # holds as it is)
    if any(slots[k].null_count() != m for k in range(len(_ITEM_KEYS)) if k not in (one, other)):
        raise _Doubt
    name = slots[one]
    if name.has_nulls() or typed[one].any() or not name.str.contains(_ONE_ITEM).all():
        raise _Doubt
    second = slots[other]
    kept = np.flatnonzero(typed[other])
    if len(kept):
        values = {t: resolved[t] for t in second.gather(kept).unique().to_list()}
        wanted = date if what == "competencies" else int
        if any(type(v) is not wanted for v in values.values()):
            raise _Doubt
        second = second.scatter(kept, second.gather(kept).replace(
            list(values), [str(v) if wanted is int else v.isoformat()
                           for v in values.values()]))
    texts = ~typed[other] & second.is_not_null().to_numpy()
    if what == "acknowledged":
        if second.has_nulls() or texts.any():
            raise _Doubt  # (no version, or a version the loader left a text)
        cells = name + "@" + second
    else:
        if texts.any() and not second.filter(pl.Series(texts)).str.contains(
                r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$").all():
            raise _Doubt
        bare = name.zip_with(~name.str.contains("@", literal=True), name + "@")
        cells = (name + "@" + second).zip_with(second.is_not_null(), bare)
    joined = (pl.DataFrame({"list": list_of_line[rows[np.unique(at, return_index=True)[1]]],
                            "cell": cells})
              .group_by("list", maintain_order=True).agg(pl.col("cell")))
    if joined.height != len(lists):
        raise _Doubt
    return pl.repeat(None, n, dtype=pl.String, eager=True).scatter(
        element[lists], joined.get_column("cell").list.join(";"))


def _made_cells(texts: pl.Series, made: np.ndarray, resolved: dict[str, Any],
                kind: str) -> pl.Series:
    """The cells of a one-value column of ``kind`` whose given ``texts`` the loader makes
    into values other than texts where ``made`` says (``resolved``: text -> value), as
    section_frame makes them of the values (a date's, a number's, a boolean's cell, as
    ``columns._text`` writes it; None for a null); a doubt where it doubts (a value of a
    type the column does not take)."""
    where = np.flatnonzero(made)
    typed = texts.gather(where)
    values = {t: resolved[t] for t in typed.unique().to_list()}
    types = set(map(type, values.values()))
    if not types <= _TYPED_VALUES.get(kind, frozenset()) | {type(None)}:
        raise _Doubt
    return texts.scatter(where, typed.replace(list(values), list(map(_text, values.values()))))


def _unquoted(raw: pl.Series, quoted: np.ndarray) -> pl.Series:
    """``raw`` with each quoted value (where ``quoted``) its text: one the block reader
    reads as it stands on its line, single-quoted (``''`` a quote in it) or double-quoted
    without a backslash, the closing quote ending the line; a doubt at any other."""
    where = np.flatnonzero(quoted)
    texts = raw.gather(where)
    if not texts.str.contains(_QUOTED_VALUE).all():
        raise _Doubt
    inner = texts.str.slice(1, texts.str.len_chars() - 2)
    single = texts.str.starts_with("'")
    if single.any():
        inner = inner.str.replace_all("''", "'", literal=True).zip_with(single, inner)
    return raw.scatter(where, inner)


def _flow_lines(lines: pl.Series, kind: np.ndarray, codes: np.ndarray, raw: pl.Series,
                names: pl.Series, quoted: np.ndarray, flow: tuple[np.ndarray, np.ndarray],
                element_at: int, item_at: int, fields: list[str]
                ) -> tuple[np.ndarray, np.ndarray, pl.Series, pl.Series, np.ndarray,
                           np.ndarray]:
    """The lines with each one-line flow mapping (an element's, ``flow[0]``, or a list
    item's, ``flow[1]``) read as the lines of its fields (an element's first field,
    fields, list fields and their values, or an item's first field and fields), in
    order: their kinds, codes (kind and key), values, keys, the line each stands on and
    whether its value was quoted.

    A flow mapping is read here as :func:`~graphkit.loaders._yamlflow.flow_value` reads
    the commonest ones: ``{`` after ``- ``, ``}`` ending the line, no brace or ``#``
    inside; its body split at the commas outside quotes and brackets into items each
    ``key: value``, a key of the kind's before the first ``": "`` (spaces before the key
    dropped), after it a value that is

    - a quoted scalar (:data:`_FLOW_QUOTED`: single-quoted, ``''`` a quote in it, or
      double-quoted without a backslash; no bracket in it), spaces after it dropped: its
      text, never resolved;
    - a plain one: not empty, no quote, ``?`` or ``": "`` in it, not starting with
      :data:`_FLOW_NOT_FIRST` nor ending with ``:`` (spaces after it dropped);
    - or (in an element's mapping) a list ``[...]`` of such plain values (spaces around
      each dropped), the whole rest of the item."""
    field_of = {f: i for i, f in enumerate(fields)}
    item_of = {k: i for i, k in enumerate(_ITEM_KEYS)}
    block = ~(flow[0] | flow[1])
    # each line's entries (a flow mapping's: its items and its lists' values), and where
    # each entry goes: at its line's first entry and its place among them
    entries = np.ones(len(kind), dtype=np.int64)
    block_rows = np.flatnonzero(block)
    # (per piece: the entries' places, relative to their line's first; lines; codes;
    # values; keys; quoted)
    pieces: list[tuple[np.ndarray, np.ndarray, np.ndarray, pl.Series, pl.Series | None,
                       np.ndarray]] = [
        (np.zeros(len(block_rows), dtype=np.int64), block_rows, codes[block_rows],
         raw.gather(block_rows), names.gather(block_rows), quoted[block_rows])]
    for mask, at, first_kind, then_kind, known in (
            (flow[0], element_at, _E, _F, field_of), (flow[1], item_at, _M, _N, item_of)):
        rows = np.flatnonzero(mask)
        if not len(rows):
            continue
        texts = lines.gather(rows)
        if not texts.str.ends_with("}").all():
            raise _Doubt
        bodies = texts.str.slice(at + 1).str.slice(0, texts.str.len_chars() - at - 2)
        # items: quoted scalars, runs of characters other than commas, brackets and
        # quotes, and lists
        if (bodies.str.contains(_FLOW_ODD).any()
                or not bodies.str.contains(_FLOW_BODY).all()
                or (first_kind == _M and bodies.str.contains("[", literal=True).any())):
            raise _Doubt
        split = bodies.str.extract_all(_FLOW_ITEM)
        item_rows, sub = _exploded(rows, split.list.len().to_numpy())
        item = split.explode()
        parts = item.str.splitn(": ", 2).struct.unnest()
        name = parts.get_column("field_0").str.strip_chars_start(" ")
        value = parts.get_column("field_1")
        if value.has_nulls():
            raise _Doubt  # (an item without ": ")
        is_quoted = value.str.slice(0, 1).is_in(_QUOTES).to_numpy()
        plain_value = value.filter(pl.Series(~is_quoted))
        listed = value.str.starts_with("[").to_numpy()
        plain_listed = listed[~is_quoted]
        if (value.str.len_chars().eq(0).any()
                or value.str.slice(0, 1).is_in(list(_FLOW_NOT_FIRST)).any()
                or plain_value.str.contains(r"""[?'"]|: |:$""").any()
                or not (plain_value.str.ends_with("]").to_numpy() == plain_listed).all()
                or not (plain_value.str.contains("[", literal=True).to_numpy()
                        == plain_listed).all()):
            raise _Doubt
        key = name.replace_strict(known, default=-1, return_dtype=pl.Int32).to_numpy()
        if (key < 0).any():
            raise _Doubt
        line_kind = np.where(listed, _L, np.where(sub == 0, first_kind, then_kind))
        if (line_kind[sub == 0] == _L).any():
            raise _Doubt  # (a list first: the element's first line is a list's key)
        item_raw = value.str.strip_chars_end(" ")
        if is_quoted.any():
            item_raw = _unquoted(item_raw, is_quoted)
        item_raw = item_raw.zip_with(pl.Series(~listed), pl.repeat(
            None, len(listed), dtype=pl.String, eager=True))
        # each item's entries: itself and its list's values
        counts = np.ones(len(item_rows), dtype=np.int64)
        if listed.any():
            inner = value.filter(pl.Series(listed)).str.slice(1).str.strip_suffix("]")
            values_split = inner.str.split(",")
            counts[listed] += values_split.list.len().to_numpy()
        ends = np.cumsum(counts)
        starts = ends - counts  # (the items' first entries, counted over all items)
        firsts = starts[sub == 0]  # (each line's first item's)
        per_line = np.add.reduceat(counts, np.flatnonzero(sub == 0))
        entries[rows] = per_line
        place = starts - np.repeat(firsts, split.list.len().to_numpy())
        pieces.append((place, item_rows, line_kind.astype(np.int32) * 64 + key, item_raw,
                       name if first_kind == _M else None, is_quoted))
        if listed.any():
            # each list's values as the lines of a list's values, after its key's
            list_items = np.flatnonzero(listed)
            at_list, sub2 = _exploded(list_items, counts[listed] - 1)
            v = values_split.explode().str.strip_chars(" ")
            if (v.str.len_chars().eq(0).any()
                    or v.str.slice(0, 1).is_in(list(_FLOW_NOT_FIRST)).any()
                    or v.str.ends_with(":").any()
                    or v.str.contains(r"[\[\]]|: ").any()):
                raise _Doubt  # (a bracket inside: "[a][b]", "[a]x[b]")
            pieces.append((place[at_list] + sub2 + 1, item_rows[at_list],
                           np.full(len(at_list), _I * 64, dtype=np.int32), v, None,
                           np.zeros(len(at_list), dtype=bool)))
    # the entries in order: each piece's at its line's first entry and its place
    first_entry = np.cumsum(entries) - entries
    order = np.concatenate([first_entry[line] + place for place, line, *_ in pieces])
    total = len(order)
    taken = np.empty(total, dtype=np.int64)
    taken[order] = np.arange(total)
    out_codes = np.concatenate([p[2] for p in pieces]).astype(np.int32)[taken]
    out_lines = np.concatenate([p[1] for p in pieces])[taken]
    out_quoted = np.concatenate([p[5] for p in pieces])[taken]
    out_raw = pl.concat([p[3] for p in pieces]).gather(taken)
    out_names = pl.concat([p[4] if p[4] is not None else pl.repeat(
        None, len(p[1]), dtype=pl.String, eager=True) for p in pieces]).gather(taken)
    return out_codes >> 6, out_codes, out_raw, out_names, out_lines, out_quoted


def _exploded(rows: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each of ``rows`` repeated ``counts`` times, and each repeat's place among its
    row's (from 0).

    >>> _exploded(np.array([4, 7]), np.array([2, 3]))
    (array([4, 4, 7, 7, 7]), array([0, 1, 0, 1, 2]))
    """
    repeated = np.repeat(rows, counts)
    starts = np.repeat(np.cumsum(counts) - counts, counts)
    return repeated, np.arange(len(repeated)) - starts


def _list_values(column: list[Any], has: np.ndarray, lists: np.ndarray, kind: np.ndarray,
                 list_of_line: np.ndarray, element: np.ndarray, item_no: np.ndarray,
                 names: pl.Series, made: Any) -> None:
    """Put the lists of one list field (its ``lists``: the lines naming it) into
    ``column`` (by element): values (``- v`` lines) or mappings (``- k: v``, ``k: v``);
    ``made``: the values of the given lines."""
    if not len(lists):
        return
    owners = element[lists]
    has[owners] = True
    got: list[list[Any]] = [[] for _ in range(len(lists))]
    # the lists of this field, by their number among all list fields of the section
    number = {int(li): j for j, li in enumerate(list_of_line[lists])}
    items = np.flatnonzero(kind == _I)
    items = items[np.isin(list_of_line[items], list_of_line[lists])]
    if len(items):
        for li, v in zip(list_of_line[items].tolist(), made(items)):
            got[number[li]].append(v)
    maps = np.flatnonzero((kind == _M) | (kind == _N))
    maps = maps[np.isin(list_of_line[maps], list_of_line[lists])]
    if len(maps):
        last = -1
        mapping: dict[str, Any] = {}
        keys = names.gather(maps).to_list()
        for li, no, k, v in zip(list_of_line[maps].tolist(), item_no[maps].tolist(), keys,
                                made(maps)):
            if no != last:
                mapping = {}
                got[number[li]].append(mapping)
                last = no
            mapping[k] = v
    for e, one in zip(owners.tolist(), got):
        column[e] = one
