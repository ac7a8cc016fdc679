"""JSON: exactly the objects the Python API returns.

``{"as_of", "model", "findings": [{"check", "severity", "title", "message", "subjects",
"evidence", "iso", "fingerprint", "suppressed", "suppressed_by"}], "summary"}``, as
:meth:`Report.model_dump(mode="json") <graphkit.findings.Report>` gives it; suppressed
findings stay in the list, marked ``"suppressed": true``.

>>> from datetime import date
>>> from graphkit.findings import Report
>>> print(render(Report(as_of=date(2026, 6, 30), model="m.yaml"), About()), end="")
{
  "as_of": "2026-06-30",
  "model": "m.yaml",
  "findings": [],
  "summary": {}
}
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import orjson
from pydantic import TypeAdapter

from ..findings import (
    _EDGE_FIELDS,
    _EVIDENCE_FIELDS,
    _MADE_FIELDS,
    Edge,
    Evidence,
    Finding,
    Report,
    Severity,
)
from . import About, Frame, framed

__all__ = ["as_data", "chunks", "frame", "pieces", "render"]

#: Findings serialised at a time by :func:`chunks` (about 3 MB of JSON for the
#: generated organisations).
CHUNK = 2000

# a piece of findings is dumped as {"findings": [...]}, which puts them at the depth and
# indent they have in the report; the text around them is cut off
_PIECE = TypeAdapter(dict[str, list[Finding]])
_PIECE_HEAD = len(b'{\n  "findings": [')
_PIECE_TAIL = len(b'\n  ]\n}')
_EMPTY = b'\n  "findings": [],\n'


def as_data(report: Report) -> dict[str, Any]:
    """The report as plain JSON data (what :func:`render` prints)."""
    return report.model_dump(mode="json")


def render(report: Report, about: About) -> str:
    """The report as indented JSON (UTF-8 text, non-ASCII kept), ending with a newline:
    the text of ``report.model_dump_json(indent=2)`` (which is that of
    ``json.dumps(as_data(report), indent=2, ensure_ascii=False)``), its findings
    written as :func:`pieces` writes them."""
    return b"".join(chunks(report, about)).decode("utf-8")


def frame(report: Report, about: About) -> Frame:
    """The text around the findings of ``report`` (whose own findings are ignored): what
    comes before them, between two pieces of :func:`pieces`, after them, and the whole
    text when there are none.

    >>> from datetime import date
    >>> f = frame(Report(as_of=date(2026, 6, 30), model="m", summary={"total": 0}), About())
    >>> f.empty.decode() == render(Report(as_of=date(2026, 6, 30), model="m",
    ...                                   summary={"total": 0}), About())
    True
    >>> f.between
    b','
    """
    # pydantic writes '\n  "findings": [],\n' where the findings go, and nothing before
    # it (a date, a string: JSON strings have no raw newline) can contain that text
    head, sep, tail = report.model_copy(update={"findings": []}).model_dump_json(
        indent=2).encode("utf-8").partition(_EMPTY)
    if not sep:  # pragma: no cover - pydantic changed its layout
        raise RuntimeError("unexpected JSON layout of a report")
    return Frame(start=head + b'\n  "findings": [', between=b",",
                 end=b"\n  ],\n" + tail + b"\n", empty=head + sep + tail + b"\n")


def pieces(findings: list[Finding], about: About, size: int = CHUNK) -> Iterator[bytes]:
    """The findings' text in a report, at most ``size`` findings a piece: pieces joined
    by :attr:`Frame.between` (in any number of calls) are the text of the findings one
    after another.

    Each piece is the text pydantic writes for it (``model_dump_json(indent=2)``),
    written by orjson (about a third less CPU on a large report) when its findings hold
    only the values orjson writes the same way (see :func:`_fields`), else by pydantic,
    which also gives pydantic's warnings and errors (a string with a lone surrogate
    cannot be written).

    >>> from graphkit.findings import Severity
    >>> f = Finding.make("vacant-role", Severity.high, title="Vacant role",
    ...                  message="role:a \u2028 \x7f", subjects=["role:a"], iso=["A.5.2"])
    >>> g = f.model_copy(update={"note": "x"})  # not a field: pydantic leaves it out
    >>> text = b"".join(pieces([f, g], About()))
    >>> text == _PIECE.dump_json({"findings": [f, g]}, indent=2)[_PIECE_HEAD:-_PIECE_TAIL]
    True
    >>> b"note" in text
    False
    """
    for start in range(0, len(findings), size):
        part = {"findings": findings[start:start + size]}
        try:
            text = orjson.dumps(part, default=_fields, option=_OPTIONS)
        except orjson.JSONEncodeError as exc:  # a value orjson may write otherwise
            cause = exc.__cause__
            if cause is not None and not isinstance(cause, Exception):
                raise cause  # KeyboardInterrupt in _fields, which orjson turns into this
            text = _PIECE.dump_json(part, indent=2)
        # '{\n  "findings": [' + '\n    {...},\n    {...}' + '\n  ]\n}'
        yield text[_PIECE_HEAD:-_PIECE_TAIL]


# orjson writes str, bool, None, list and dict itself, an Enum as its value, with the
# same escapes as pydantic (every code point but the surrogates, which both refuse), and
# the same two-space layout. It hands every other object to ``default`` (with these
# options also subclasses of str, int, list and dict, dates and dataclasses), and
# ``default`` (_fields) accepts only findings, evidence and edges whose values have
# exactly the types their fields declare: anything else (a float, where pydantic warns
# and writes ``1e+20`` for orjson's ``1e20``; an extra attribute, which pydantic leaves
# out; a subclass) makes orjson fail and pydantic write that piece.
_OPTIONS = (orjson.OPT_INDENT_2 | orjson.OPT_PASSTHROUGH_SUBCLASS
            | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS)
_NONE = type(None)
_STR_OR_NONE = {str, _NONE}
_EVIDENCE_TYPE = {Evidence}
_EDGE_TYPE = {Edge}
_join = "".join


def _fields(obj: object) -> dict[str, Any]:
    """The fields of a finding, evidence or edge for orjson to write: its ``__dict__``
    (field names to values, in the order pydantic writes them), when every value has
    exactly the type its field declares (strings, lists of strings, of
    :class:`Evidence`, of :class:`Edge`, ...) and there is no other attribute.

    A finding, evidence or edge built by :meth:`Finding.make`, :meth:`Finding.trusted`,
    :meth:`Evidence.trusted` or :meth:`Edge.trusted` (each class's such objects share
    one "fields given" set) is taken at its word: make checks the types, the trusted
    constructors require them (strings, lists of strings, a :class:`Severity`, lists of
    :class:`Edge` objects, themselves written through here). Other evidence is checked:
    :meth:`Finding.make` gives another shared set to any evidence with every field
    given, also one built by ``model_construct`` or ``model_copy(update=...)``, which
    check nothing. Anything else raises TypeError (orjson then fails, and pydantic
    writes the piece).
    """
    kind = type(obj)
    try:
        if kind is Edge:
            if obj.__pydantic_fields_set__ is _EDGE_FIELDS:  # type: ignore[attr-defined]
                return obj.__dict__
            values = obj.__dict__
            if (len(values) == 5 and type(values["u"]) is str and type(values["v"]) is str
                    and type(values["kind"]) is str and type(values["key"]) in _STR_OR_NONE
                    and type(values["source"]) in _STR_OR_NONE):
                return values
        elif kind is Evidence:
            if obj.__pydantic_fields_set__ is _EVIDENCE_FIELDS:  # type: ignore[attr-defined]
                return obj.__dict__
            values = obj.__dict__
            nodes, edges = values["nodes"], values["edges"]
            if (len(values) == 3 and type(values["label"]) in _STR_OR_NONE
                    and type(nodes) is list and type(edges) is list
                    and set(map(type, edges)) <= _EDGE_TYPE):
                _join(nodes)  # strings (orjson refuses a subclass of str)
                return values
        elif kind is Finding:
            if obj.__pydantic_fields_set__ is _MADE_FIELDS:  # type: ignore[attr-defined]
                return obj.__dict__
            values = obj.__dict__
            subjects, iso, evidence = values["subjects"], values["iso"], values["evidence"]
            if (len(values) == 10 and type(values["check"]) is str
                    and type(values["severity"]) is Severity and type(values["title"]) is str
                    and type(values["message"]) is str and type(subjects) is list
                    and type(evidence) is list and type(iso) is list
                    and type(values["fingerprint"]) is str
                    and type(values["suppressed"]) is bool
                    and type(values["suppressed_by"]) in _STR_OR_NONE
                    and set(map(type, evidence)) <= _EVIDENCE_TYPE):
                _join(subjects)
                _join(iso)
                return values
    except (KeyError, TypeError):  # a field missing; a list of more than strings
        pass
    raise TypeError(f"not written by orjson: {kind.__name__}")


def chunks(report: Report, about: About, size: int = CHUNK) -> Iterator[bytes]:
    """The text of :func:`render` as UTF-8 bytes, in pieces of at most ``size``
    findings, so that a large report is written without ever holding its whole text
    (3.4 GB for two million findings); each piece is whole JSON values, never part of a
    character.

    >>> from datetime import date
    >>> from graphkit.findings import Severity
    >>> fs = [Finding.make("vacant-role", Severity.high, title="Vacant role", message=r,
    ...                    subjects=[r], iso=["A.5.2"]) for r in ("role:a", "role:b", "role:c")]
    >>> r = Report(as_of=date(2026, 6, 30), model="m", findings=fs, summary={"total": 3})
    >>> b"".join(chunks(r, About(), size=2)).decode() == render(r, About())
    True
    """
    yield from framed(frame(report, about), pieces(report.findings, about, size))
