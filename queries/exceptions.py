"""Exceptions to findings, themselves accountable (ISO 27001 A.5.2).

An exception in the policy names a finding by its fingerprint, a reason, an approver and
an expiry. The runner (:mod:`graphkit.runner`) suppresses the finding while the exception
is current and its approver's authority reaches the policy's ``acceptance_authority`` for
the finding's severity (``info`` counts as ``low``). ``exception-invalid`` reports the
rest: an exception that has expired, or whose approver lacks that authority (medium), and
an exception that matches no finding at all (info: it suppresses nothing, and may name a
finding that is gone or a mistyped fingerprint).

The check reviews the other checks' findings, so the runner runs it last and hands it
those findings on the context (``Context.findings``); run alone it sees none.

>>> from datetime import date
>>> from graphkit.model import validate_model
>>> from graphkit.runner import run_checks
>>> data = {"people": [{"id": "carol"}, {"id": "dan"}],
...         "roles": [{"id": "cfo", "authority": 5}],
...         "assignments": [{"person": "carol", "role": "cfo"}],
...         "assets": [{"id": "crm", "criticality": "high"}]}
>>> fp = run_checks(validate_model(data), as_of=date(2026, 6, 1),
...                 select=["orphan-item"]).findings[0].fingerprint
>>> data["policy"] = {"exceptions": [
...     {"finding": fp, "reason": "being fixed", "approved_by": "dan"},
...     {"finding": "0" * 64, "reason": "old", "approved_by": "carol"}]}
>>> report = run_checks(validate_model(data), as_of=date(2026, 6, 1),
...                     select=["exception-invalid"])
>>> [(f.severity.value, f.subjects) for f in report.findings]  # doctest: +ELLIPSIS
[('medium', ['exception:2460...', 'person:dan']), ('info', ['exception:000...', 'person:carol'])]
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from graphkit.findings import Check, Evidence, Finding, Severity
from graphkit.model import node_id
from graphkit.runner import exception_is_current, exception_required_authority

if TYPE_CHECKING:
    from graphkit.semantics import Context

__all__ = ["EXCEPTION_INVALID", "find_invalid_exceptions"]


def find_invalid_exceptions(ctx: Context) -> Iterator[Finding]:
    """``exception-invalid``: exceptions that are expired, unauthorised or match nothing.

    One finding per exception that is not valid (several exceptions of one finding by one
    approver give one finding); subjects: ``exception:<fingerprint>``
    and the approver; evidence: the finding it names (its subjects) and the approver's
    authority. Severity medium, or info when it matches no finding.

    Complexity: O(f + x) for f findings and x exceptions.
    """
    if not ctx.policy.exceptions:
        return  # nothing to judge: the findings need not be read
    check = EXCEPTION_INVALID
    by_fingerprint: dict[str, Finding] = {}
    for f in ctx.findings:
        by_fingerprint.setdefault(f.fingerprint, f)
    # one finding per (exception fingerprint, approver): the earliest-expiring invalid one
    found: dict[tuple[str, str], Finding] = {}
    for exc in sorted(ctx.policy.exceptions,
                      key=lambda e: (e.finding, e.approved_by, e.expires or ctx.as_of)):
        subject = f"exception:{exc.finding}"
        approver = node_id("person", exc.approved_by)
        target = by_fingerprint.get(exc.finding)
        reasons: list[str] = []
        if not exception_is_current(exc, ctx.as_of):
            assert exc.expires is not None
            reasons.append(f"expired on {exc.expires.isoformat()}")
        authority = ctx.authority(exc.approved_by)
        approval = Evidence(label=f"approved by {exc.approved_by} (authority {authority})",
                            nodes=[approver])
        if target is None:
            reasons.insert(0, "matches no finding")
            found.setdefault((subject, approver), Finding.make(
                check.id, Severity.info, title=check.title,
                message=f"exception {exc.finding[:12]}... approved by {exc.approved_by}: "
                        + "; ".join(reasons),
                subjects=[subject, approver], iso=check.iso, evidence=[approval]))
            continue
        needed = exception_required_authority(ctx.policy, target.severity)
        if authority < needed:
            reasons.append(f"{exc.approved_by} has authority {authority}, below the "
                           f"{needed} a {target.severity.value} finding needs")
        if not reasons:
            continue
        found.setdefault((subject, approver), Finding.make(
            check.id, check.severity, title=check.title,
            message=f"exception for {target.check} on {', '.join(target.subjects)} "
                    f"approved by {exc.approved_by}: " + "; ".join(reasons),
            subjects=[subject, approver], iso=check.iso,
            evidence=[Evidence(label=f"excepted finding: {target.check} "
                                     f"({target.severity.value})",
                               nodes=list(target.subjects)), approval]))
    yield from found.values()


EXCEPTION_INVALID = Check(
    id="exception-invalid",
    title="Invalid exception",
    severity=Severity.medium,
    iso=("A.5.2",),
    remediation="Renew the exception before it expires, have it approved by someone with "
                "authority for the finding's severity, or remove it if it matches nothing.",
    family="exceptions",
    find=find_invalid_exceptions,
    description="Exception expired, or approved by someone without authority for the "
                "finding's severity (medium); exception matching no finding (info).",
    reviews_findings=True,
)
