"""What a check is, and what it finds.

A :class:`Check` is typed metadata beside its code: id, title, default severity, ISO
references, remediation, and the function that finds. A :class:`Finding` names its
subjects and carries its evidence, the path of nodes and edges an auditor can follow.
Its fingerprint is a hash of the check id and the sorted subjects, so it is stable
across runs and across input order.

>>> f = Finding.make("delegation-cycle", Severity.high, title="Delegation cycle",
...                  message="a -> b -> a", subjects=["person:b", "person:a"],
...                  iso=["A.5.2"])
>>> f.subjects
['person:a', 'person:b']
>>> f.fingerprint == Finding.make("delegation-cycle", Severity.high, title="x", message="y",
...                               subjects=["person:a", "person:b"], iso=[]).fingerprint
True
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ConfigDict

if TYPE_CHECKING:
    from .semantics import Context

__all__ = ["Check", "Edge", "Evidence", "Finding", "Report", "Severity", "fingerprint"]


class Severity(str, Enum):
    info = "info"
    low = "low"
    medium = "medium"
    high = "high"
    critical = "critical"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self.value]

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank >= other.rank

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank > other.rank

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank <= other.rank

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank < other.rank


_SEVERITY_RANK = {"info": 0, "low": 1, "medium": 2, "high": 3, "critical": 4}


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


# One set of "fields given" per class and combination, shared by the objects built by
# ``_trusted``: pydantic keeps a fresh ``set`` per object (about 200-700 bytes, more than
# the object itself), which for the ~1M evidence objects of a large report is most of its
# memory. Sharing it is safe because these models are frozen (no attribute is ever set)
# and pydantic copies the set before changing it (``model_copy``, ``copy``, ``deepcopy``).
_FIELDS_SET: dict[tuple[type[BaseModel], frozenset[str]], set[str]] = {}


def _fields_set(cls: type[BaseModel], names: Iterable[str]) -> set[str]:
    key = (cls, frozenset(names))
    found = _FIELDS_SET.get(key)
    if found is None:
        found = _FIELDS_SET[key] = set(key[1])
    return found


_new = object.__new__
_set = object.__setattr__


def _slot_setter(name: str) -> Callable[[Any, Any], None]:
    """The setter of BaseModel's own slot ``name`` (``__dict__``, ``__pydantic_fields_set__``,
    ...), called directly: what ``object.__setattr__(obj, name, value)`` does, without
    looking ``name`` up on the object's classes each time (about a third of the cost of
    :func:`_trusted`). ``object.__setattr__`` itself if pydantic stops declaring it."""
    found = BaseModel.__dict__.get(name)
    setter = getattr(found, "__set__", None)
    if setter is None:  # pragma: no cover - pydantic changed its layout
        return lambda obj, value: _set(obj, name, value)
    return setter  # type: ignore[no-any-return]


_set_dict = _slot_setter("__dict__")
_set_fields_set = _slot_setter("__pydantic_fields_set__")
_set_extra = _slot_setter("__pydantic_extra__")
_set_private = _slot_setter("__pydantic_private__")


_M = TypeVar("_M", bound=BaseModel)


def _trusted(cls: type[_M], values: dict[str, Any], fields_set: set[str]) -> _M:
    """An instance of ``cls`` with ``values`` (every field, in field order) taken as they
    are: what validation would build from values already of the right types, without
    its cost (pydantic's ``model_construct`` does the same, more slowly).

    >>> e = _trusted(Edge, {"u": "a", "v": "b", "kind": "holds", "key": None,
    ...                     "source": None}, _EDGE_FIELDS)
    >>> e == Edge(u="a", v="b", kind="holds"), e.__pydantic_extra__, e.__pydantic_private__
    (True, None, None)
    """
    obj = _new(cls)
    _set_dict(obj, values)
    _set_fields_set(obj, fields_set)
    _set_extra(obj, None)
    _set_private(obj, None)
    return obj


def _share_fields_set(obj: BaseModel) -> None:
    """Replace a validated object's own "fields given" set by the shared one."""
    own = obj.__pydantic_fields_set__
    shared = _fields_set(type(obj), own)
    if own is not shared:
        _set(obj, "__pydantic_fields_set__", shared)


class Edge(_Frozen):
    """One edge of the proof: ``u -[kind]-> v``, with where it came from."""

    u: str
    v: str
    kind: str
    key: str | None = None
    source: str | None = None

    @classmethod
    def trusted(cls, u: str, v: str, kind: str, key: str | None = None,
                source: str | None = None) -> Edge:
        """The same edge as ``Edge(u=u, v=v, kind=kind, key=key, source=source)``, built
        without validation: for callers whose values are already strings (or None), such
        as :class:`~graphkit.semantics.Context`, which builds hundreds of thousands.

        >>> Edge.trusted("person:a", "role:x", "holds", "holds") == Edge(
        ...     u="person:a", v="role:x", kind="holds", key="holds", source=None)
        True
        """
        return _trusted(cls, {"u": u, "v": v, "kind": kind, "key": key, "source": source},
                        _EDGE_FIELDS)


class Evidence(_Frozen):
    """One path of the proof (a cycle, a delegation chain, a holder's route to a role)."""

    label: str | None = None
    nodes: list[str] = []
    edges: list[Edge] = []

    @classmethod
    def trusted(cls, label: str | None, nodes: list[str], edges: list[Edge]) -> Evidence:
        """The same evidence as ``Evidence(label=label, nodes=nodes, edges=edges)``, built
        without validation and without copying: ``nodes`` (strings) and ``edges``
        (:class:`Edge` objects) are kept as given, so they must be fresh lists that the
        caller does not change afterwards.

        >>> e = Edge.trusted("person:a", "role:x", "holds")
        >>> Evidence.trusted("a holds x", ["person:a", "role:x"], [e]) == Evidence(
        ...     label="a holds x", nodes=["person:a", "role:x"], edges=[e])
        True
        """
        return _trusted(cls, {"label": label, "nodes": nodes, "edges": edges},
                        _EVIDENCE_FIELDS)


def fingerprint(check: str, subjects: Iterable[str]) -> str:
    """Stable id of a finding: sha256 over the check id and the sorted subjects.

    >>> fingerprint("orphan-item", ["asset:crm"])[:16]
    '2460387c69376ecc'
    """
    text = check + "\x1f" + "\x1f".join(sorted(subjects))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Finding(_Frozen):
    check: str
    severity: Severity
    title: str
    message: str
    subjects: list[str]
    evidence: list[Evidence] = []
    iso: list[str] = []
    fingerprint: str
    suppressed: bool = False
    suppressed_by: str | None = None  # the approver of the exception that suppresses it

    @classmethod
    def make(cls, check: str, severity: Severity, *, title: str, message: str,
             subjects: Iterable[str], iso: Iterable[str],
             evidence: Iterable[Evidence] = ()) -> Finding:
        subs = sorted(set(subjects))
        proofs = list(evidence)
        shared = _ISO_LISTS.get(iso) if type(iso) is tuple else None
        refs = shared if shared is not None else list(iso)
        if (cls is Finding and type(severity) is Severity and type(check) is str
                and type(title) is str and type(message) is str
                and set(map(type, subs + refs)) <= _STR and set(map(type, proofs)) <= _EVIDENCE):
            # the common case (a check's own values): what validation would build, at a
            # fraction of its cost; anything else goes through validation below
            for e in proofs:
                own = e.__pydantic_fields_set__
                if own is not _EVIDENCE_FIELDS and own is not _GIVEN_EVIDENCE_FIELDS:
                    _share_fields_set(e)
            if shared is None and type(iso) is tuple:
                refs = _shared_iso(refs)
            return _made(check, severity, title, message, subs, proofs, refs)
        return cls(check=check, severity=severity, title=title, message=message,
                   subjects=subs, evidence=proofs, iso=refs,
                   fingerprint=fingerprint(check, subs))

    @classmethod
    def trusted(cls, check: str, severity: Severity, title: str, message: str,
                subjects: list[str], iso: tuple[str, ...],
                evidence: list[Evidence]) -> Finding:
        """The same finding as :meth:`make`, built without its checks: for a check's
        hot loop whose values are already right. ``subjects`` must be a fresh list of
        strings, sorted and without repeats; ``iso`` a tuple of strings (its list is
        shared by every finding made with the same tuple); ``evidence`` a fresh list of
        :class:`Evidence` built by :meth:`Evidence.trusted` (or already passed to
        :meth:`make`), kept as given.

        >>> ev = Evidence.trusted("x", ["role:y"], [])
        >>> a = Finding.trusted("vacant-role", Severity.high, "t", "m", ["role:y"],
        ...                     ("A.5.2",), [ev])
        >>> a == Finding.make("vacant-role", Severity.high, title="t", message="m",
        ...                   subjects=["role:y"], iso=["A.5.2"], evidence=[ev])
        True
        """
        refs = _ISO_LISTS.get(iso)
        if refs is None:
            refs = _shared_iso(list(iso))
        return _made(check, severity, title, message, subjects, evidence, refs)


def _made(check: str, severity: Severity, title: str, message: str, subjects: list[str],
          evidence: list[Evidence], iso: list[str]) -> Finding:
    """A finding of values already checked (see :meth:`Finding.make`); the fingerprint
    is :func:`fingerprint`'s, the subjects being sorted already."""
    digest = _sha256((check + "\x1f" + "\x1f".join(subjects)).encode("utf-8"))
    return _trusted(Finding, {
        "check": check, "severity": severity, "title": title, "message": message,
        "subjects": subjects, "evidence": evidence, "iso": iso,
        "fingerprint": digest.hexdigest(), "suppressed": False,
        "suppressed_by": None}, _MADE_FIELDS)


# One list of ISO references per tuple a check declares, shared by all its findings (a
# list per finding is ~80 bytes, and a large report has millions): findings are frozen
# and nothing changes their lists; pydantic's copies (``model_copy(deep=True)``, pickle)
# make their own.
_ISO_LISTS: dict[tuple[str, ...], list[str]] = {}
_sha256 = hashlib.sha256


def _shared_iso(refs: list[str]) -> list[str]:
    """The shared list equal to ``refs`` (strings), made on first use."""
    key = tuple(refs)
    found = _ISO_LISTS.get(key)
    if found is None:
        if not all(type(r) is str for r in key):
            return refs
        found = _ISO_LISTS[key] = list(key)
    return found


_STR = {str}
_EVIDENCE = {Evidence}
_EDGE_FIELDS = _fields_set(Edge, ("u", "v", "kind", "key", "source"))
# evidence made by Evidence.trusted (and by the context, the same way) has a set of its
# own, given by nothing else: its values are strings and edges by contract, and
# render.json writes it without checking them. Evidence of any other origin with every
# field given shares _GIVEN_EVIDENCE_FIELDS (Finding.make gives it), and is checked.
_EVIDENCE_FIELDS = {"label", "nodes", "edges"}
_GIVEN_EVIDENCE_FIELDS = _fields_set(Evidence, _EVIDENCE_FIELDS)
_MADE_FIELDS = _fields_set(Finding, ("check", "severity", "title", "message", "subjects",
                                     "evidence", "iso", "fingerprint"))


@dataclass(frozen=True)
class Check:
    """A check's identity and its code, declared in one place (see queries.registry)."""

    id: str
    title: str
    severity: Severity  # the default; a check may grade its findings
    iso: tuple[str, ...]
    remediation: str
    family: str
    find: Callable[[Context], Iterable[Finding]]
    description: str = ""
    #: the check orders its own findings (key-person by impact; the delegation checks by
    #: id, which is already the order of their subjects); the runner keeps that order
    #: within a severity instead of sorting them by subjects
    ranked: bool = False
    #: the check yields its findings already in the runner's order (by subjects, ties in
    #: the order they come): the runner verifies that as it goes instead of sorting, and
    #: the pipeline writes them as they come instead of holding them all. A claim, not a
    #: trust: a finding out of order makes the runner sort, and the pipeline run the check
    #: again and sort (correct, at twice the cost)
    in_order: bool = False
    #: the check judges the other checks' findings (``exception-invalid``); the runner
    #: runs it last, with those findings on the context (``Context.findings``)
    reviews_findings: bool = False


class Report(_Frozen):
    """The result of running checks on a model as of one date.

    ``summary`` counts the findings that are not suppressed: ``total``, ``suppressed``
    (how many an exception suppresses), ``by_severity`` (every severity, most severe
    first) and ``by_check`` (every check that ran, in registry order).
    """

    as_of: date
    model: str | None = None
    findings: list[Finding] = []
    summary: dict[str, Any] = {}

    def to_frame(self) -> Any:
        """The findings as a pandas DataFrame, one row per finding, with the columns of
        the JSON output (``subjects`` and ``iso`` as lists, ``evidence`` as dicts).
        Needs pandas (the ``notebook`` extra)."""
        import pandas as pd

        columns = ["check", "severity", "title", "message", "subjects", "evidence", "iso",
                   "fingerprint", "suppressed", "suppressed_by"]
        rows = [f.model_dump(mode="json") for f in self.findings]
        return pd.DataFrame(rows, columns=columns)
