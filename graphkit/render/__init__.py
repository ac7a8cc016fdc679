"""Render a :class:`~graphkit.findings.Report` for a reader or a machine.

One module per format, each with ``render(report, about) -> str``: :mod:`.json` (the same
objects the Python API returns), :mod:`.sarif` (SARIF 2.1.0 for code-scanning tools),
:mod:`.markdown` (what an auditor pastes into a report), :mod:`.table` (rich, for a
terminal) and :mod:`.csv` (one row per finding, for a spreadsheet). :func:`write` puts
the same text in a file as UTF-8, piece by piece where the format's module also has
``chunks(report, about) -> Iterator[bytes]`` (JSON, CSV, SARIF).

A report alone says what was found; :class:`About` says what a renderer may add around it:
the check catalogue (titles, remediation, ISO references of rules), where the model was
read from, the organisation's name, and where each subject was defined
(``"file:line"``), which SARIF turns into physical locations.

>>> from datetime import date
>>> from graphkit.findings import Finding, Report, Severity
>>> f = Finding.make("vacant-role", Severity.high, title="Vacant role", message="ism: 0 of 2",
...                  subjects=["role:ism"], iso=["A.5.2"])
>>> text = render(Report(as_of=date(2026, 6, 30), model="m.yaml", findings=[f]), Format.csv)
>>> text.splitlines()[1].split(",")[:3]
['vacant-role', 'high', 'Vacant role']
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache
from importlib import import_module
from pathlib import Path
from types import MappingProxyType, ModuleType
from typing import TYPE_CHECKING, Protocol

from ..semantics import paused_gc as gc_paused
from ..findings import Check, Edge, Evidence, Finding, Report, Severity

if TYPE_CHECKING:
    from ..model import Model

__all__ = [
    "SEVERITY_ORDER",
    "About",
    "Format",
    "Frame",
    "Sink",
    "about_model",
    "by_severity",
    "edge_label",
    "evidence_text",
    "framed",
    "render",
    "streamable",
    "subject_sources",
    "write",
]


class Format(str, Enum):
    """The output formats of ``graphkit check``."""

    table = "table"
    json = "json"
    sarif = "sarif"
    markdown = "markdown"
    csv = "csv"


#: Most severe first: the order findings are grouped in.
SEVERITY_ORDER: tuple[Severity, ...] = (Severity.critical, Severity.high, Severity.medium,
                                        Severity.low, Severity.info)


@dataclass(frozen=True)
class About:
    """What a renderer may say around a report (all optional).

    ``checks`` is the catalogue (rules and remediation), ``model_path`` where the model
    was read from (as the user named it), ``organisation`` its display name, ``sources``
    where each node was defined (``{"person:alice": "model.yaml:12"}``), ``inventory``
    how many elements of each section the model has (``(("people", 40), ...)``).
    """

    checks: tuple[Check, ...] = ()
    model_path: str | None = None
    organisation: str | None = None
    sources: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    inventory: tuple[tuple[str, int], ...] = ()

    def check(self, check_id: str) -> Check | None:
        """The catalogue entry of ``check_id``, if the catalogue was given."""
        return _by_id(self.checks).get(check_id)


@lru_cache(maxsize=8)
def _by_id(checks: tuple[Check, ...]) -> dict[str, Check]:
    return {c.id: c for c in checks}


_INVENTORY = ("people", "roles", "assignments", "assets", "risks", "duties", "delegations")

_SECTIONS = (("people", "person"), ("roles", "role"), ("assets", "asset"),
             ("risks", "risk"), ("duties", "duty"), ("delegations", "delegation"))


def subject_sources(model: Model) -> dict[str, str]:
    """Where each person, role, asset, risk, duty, delegation and exception of ``model``
    was defined, by subject id (``delegation:D-7``; ``exception:<fingerprint>`` for the
    exception that names that finding), for the elements whose loader said so. Linear in
    the size of the model.

    >>> from graphkit.model import validate_model
    >>> m = validate_model({"people": [{"id": "a"}, {"id": "b"}]})
    >>> subject_sources(m.with_sources({("people", 1): "m.yaml:7"}))
    {'person:b': 'm.yaml:7'}
    """
    with gc_paused():
        return _subject_sources(model)


def _subject_sources(model: Model) -> dict[str, str]:
    found: dict[str, str] = {}
    for section, kind in _SECTIONS:
        for i, element in enumerate(getattr(model, section)):
            source = model.source_of(section, i)
            if source:
                found[f"{kind}:{element.id}"] = source
    for i, exc in enumerate(model.policy.exceptions):  # named by the finding they accept
        source = model.source_of("exceptions", i)
        if source:
            found.setdefault(f"exception:{exc.finding}", source)
    return found


class _SubjectSources(Mapping[str, str]):
    """:func:`subject_sources` of a model, read-only, computed when first asked: the
    formats that place subjects in files (SARIF, Markdown) ask; JSON and CSV never do,
    and at 100,000 people the table costs about a second and 100 MB."""

    def __init__(self, model: Model) -> None:
        self._model = model
        self._found: dict[str, str] | None = None

    def _table(self) -> dict[str, str]:
        if self._found is None:
            self._found = subject_sources(self._model)
        return self._found

    def __getitem__(self, subject: str) -> str:
        return self._table()[subject]

    def __contains__(self, subject: object) -> bool:
        return subject in self._table()

    def __iter__(self) -> Iterator[str]:
        return iter(self._table())

    def __len__(self) -> int:
        return len(self._table())

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._table()!r})"


def about_model(model: Model | None = None, *, model_path: str | Path | None = None,
          checks: Iterable[Check] = ()) -> About:
    """An :class:`About` for a report on ``model``, read from ``model_path``. Where each
    subject was defined (``About.sources``) is read from the model when a renderer first
    asks.

    >>> from graphkit.model import validate_model
    >>> m = validate_model({"people": [{"id": "a"}]}).with_sources({("people", 0): "m.yaml:3"})
    >>> about = about_model(m, model_path="m.yaml")
    >>> about.sources["person:a"], dict(about.sources), about.inventory[0]
    ('m.yaml:3', {'person:a': 'm.yaml:3'}, ('people', 1))
    """
    organisation = None
    sources: Mapping[str, str] = MappingProxyType({})
    inventory: tuple[tuple[str, int], ...] = ()
    if model is not None:
        if model.organisation is not None:
            organisation = model.organisation.name or model.organisation.id
        sources = _SubjectSources(model)
        inventory = tuple((section, len(getattr(model, section))) for section in _INVENTORY)
    return About(checks=tuple(checks), model_path=str(model_path) if model_path else None,
                 organisation=organisation, sources=sources, inventory=inventory)


def by_severity(findings: Iterable[Finding]) -> list[tuple[Severity, list[Finding]]]:
    """Findings grouped by severity, most severe first, each group in its given order;
    severities with no finding are left out."""
    groups: dict[Severity, list[Finding]] = {s: [] for s in SEVERITY_ORDER}
    for f in findings:
        groups[f.severity].append(f)
    return [(s, fs) for s, fs in groups.items() if fs]


def edge_label(edge: Edge) -> str:
    """What an evidence edge is called on the arrow: its kind, or its key where the key
    says more (``delegation:D-7``); a plain repeat counter (``holds:2``) says nothing more.

    >>> edge_label(Edge(u="person:a", v="person:b", kind="delegation", key="delegation:D-7"))
    'delegation:D-7'
    >>> edge_label(Edge(u="person:a", v="role:x", kind="holds", key="holds:2"))
    'holds'
    """
    key = edge.key
    if key and key != edge.kind and not re.fullmatch(re.escape(edge.kind) + r":\d+", key):
        return key
    return edge.kind


def evidence_text(evidence: Evidence) -> str:
    """One evidence path as an auditor reads it: ``a -[kind]-> b -[kind]-> c``; edges that
    do not continue the path start a new segment after ``; ``; a path of nodes only lists
    them.

    >>> ev = Evidence(label="cycle", edges=[Edge(u="person:a", v="person:b", kind="delegation"),
    ...                                    Edge(u="person:b", v="person:a", kind="delegation")])
    >>> evidence_text(ev)
    'cycle: person:a -[delegation]-> person:b -[delegation]-> person:a'
    >>> evidence_text(Evidence(nodes=["person:a", "role:x"]))
    'person:a, role:x'
    """
    if evidence.edges:
        parts: list[str] = []
        last: str | None = None
        for edge in evidence.edges:
            if edge.u != last:
                if parts:
                    parts.append("; ")
                parts.append(edge.u)
            parts.append(f" -[{edge_label(edge)}]-> {edge.v}")
            last = edge.v
        text = "".join(parts)
    else:
        text = ", ".join(evidence.nodes)
    return f"{evidence.label}: {text}" if evidence.label else text


def render(report: Report, fmt: Format | str, about: About | None = None) -> str:
    """``report`` in format ``fmt`` (see :class:`Format`)."""
    module = import_module(f"{__name__}.{Format(fmt).value}")
    with gc_paused():  # a large report is many small objects; see semantics.paused_gc
        text: str = module.render(report, about or About())
    return text


@dataclass(frozen=True)
class Frame:
    """The text of a report around its findings, for the formats whose findings are
    written one after another (JSON, CSV): ``start`` before the first piece of findings,
    ``between`` between two pieces, ``end`` after the last, ``empty`` the whole text of a
    report without findings. Such a format's module has ``frame(report, about) -> Frame``
    and ``pieces(findings, about) -> Iterator[bytes]``, so that findings can be rendered
    in any number of runs (by check, by process) and joined afterwards
    (:mod:`graphkit.pipeline`)."""

    start: bytes
    between: bytes
    end: bytes
    empty: bytes


def framed(frame: Frame, pieces: Iterable[bytes]) -> Iterator[bytes]:
    """``pieces`` of findings inside ``frame``: the bytes of the whole report.

    >>> f = Frame(start=b"[", between=b",", end=b"]", empty=b"[]")
    >>> b"".join(framed(f, [b"1", b"2"])), b"".join(framed(f, []))
    (b'[1,2]', b'[]')
    """
    first = True
    for piece in pieces:
        yield (frame.start if first else frame.between) + piece
        first = False
    yield frame.empty if first else frame.end


def streamable(fmt: Format | str) -> ModuleType | None:
    """The module of format ``fmt`` when its findings can be rendered piece by piece and
    framed afterwards (it has ``frame`` and ``pieces``: JSON, CSV), else None.

    >>> streamable("json").__name__, streamable("table")
    ('graphkit.render.json', None)
    """
    module = import_module(f"{__name__}.{Format(fmt).value}")
    return module if hasattr(module, "frame") and hasattr(module, "pieces") else None


class Sink(Protocol):
    """Where :func:`write` puts bytes: a file opened in binary mode, or anything with
    ``write(bytes)``."""

    def write(self, data: bytes, /) -> object: ...


def write(report: Report, fmt: Format | str, out: Sink, about: About | None = None) -> None:
    """Write ``report`` in format ``fmt`` to ``out``: the bytes of :func:`render`'s text
    in UTF-8. The formats whose module has ``chunks`` (JSON, CSV, SARIF) are written
    piece by piece, so the whole text of a large report is never held in memory.

    >>> import io
    >>> from datetime import date
    >>> f = Finding.make("vacant-role", Severity.high, title="Vacant role",
    ...                  message="ism: 0 of 2", subjects=["role:ism"], iso=["A.5.2"])
    >>> r = Report(as_of=date(2026, 6, 30), findings=[f])
    >>> out = io.BytesIO()
    >>> write(r, Format.json, out)
    >>> out.getvalue() == render(r, Format.json).encode("utf-8")
    True
    """
    module = import_module(f"{__name__}.{Format(fmt).value}")
    about = about or About()
    with gc_paused():
        pieces = getattr(module, "chunks", None)
        if pieces is None:
            out.write(module.render(report, about).encode("utf-8"))
            return
        for piece in pieces(report, about):
            out.write(piece)
