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
from typing import TYPE_CHECKING, Any

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


class Edge(_Frozen):
    """One edge of the proof: ``u -[kind]-> v``, with where it came from."""

    u: str
    v: str
    kind: str
    key: str | None = None
    source: str | None = None


class Evidence(_Frozen):
    """One path of the proof (a cycle, a delegation chain, a holder's route to a role)."""

    label: str | None = None
    nodes: list[str] = []
    edges: list[Edge] = []


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
        return cls(check=check, severity=severity, title=title, message=message,
                   subjects=subs, evidence=list(evidence), iso=list(iso),
                   fingerprint=fingerprint(check, subs))


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
    #: the check orders its own findings (by impact); the runner keeps that order
    #: within a severity instead of sorting them by subjects
    ranked: bool = False
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
