"""Run the checks of the registry on a model, as of one date, under one policy.

:func:`run_checks` builds the :class:`~graphkit.semantics.Context` once, runs each
selected check, sorts the findings (most severe first, then by check id, then by
subjects, or in the check's own order for a ranked check such as ``key-person``) and
applies the policy's exceptions: an exception suppresses the finding whose fingerprint
it names while it has not expired and its approver's authority reaches the policy's
``acceptance_authority`` for the finding's severity (``info`` counts as ``low``). A
suppressed finding stays in the report, marked ``suppressed``; the summary counts only
the others.

>>> from graphkit.model import validate_model
>>> m = validate_model({"people": [{"id": "carol"}],
...                     "assets": [{"id": "crm", "criticality": "high"}]})
>>> report = run_checks(m, as_of=date(2026, 6, 1), select=["orphan-item"])
>>> [(f.check, f.severity.value, f.subjects) for f in report.findings]
[('orphan-item', 'high', ['asset:crm'])]
>>> report.summary["by_severity"]["high"]
1
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from itertools import islice
from operator import attrgetter, le

from .errors import UsageError
from .findings import Check, Finding, Report, Severity
from .model import Criticality, Exception_, Model, Policy
from .semantics import Context, paused_gc

__all__ = [
    "checks_to_run",
    "exception_applies",
    "exception_is_current",
    "exception_required_authority",
    "run_checks",
    "select_checks",
    "summarise",
]


def select_checks(select: Iterable[str] | None = None,
                  ignore: Iterable[str] | None = None) -> tuple[Check, ...]:
    """The checks of the registry to run, in registry order: those in ``select`` (all
    when None) minus those in ``ignore``. An unknown id is a :class:`UsageError`.

    >>> [c.id for c in select_checks(["overload", "orphan-item"])]
    ['orphan-item', 'overload']
    >>> select_checks(["no-such-check"])
    Traceback (most recent call last):
    ...
    graphkit.errors.UsageError: unknown check 'no-such-check' (see `graphkit checks`)
    """
    from graphkit.queries.registry import CHECKS

    known = {c.id for c in CHECKS}
    wanted = None if select is None else list(select)
    unwanted = [] if ignore is None else list(ignore)
    for cid in (wanted or []) + unwanted:
        if cid not in known:
            raise UsageError(f"unknown check '{cid}' (see `graphkit checks`)")
    return tuple(c for c in CHECKS
                 if (wanted is None or c.id in wanted) and c.id not in unwanted)


def exception_required_authority(policy: Policy, severity: Severity) -> int:
    """The authority an approver needs to accept a finding of ``severity``: the
    policy's ``acceptance_authority`` of that level (``info`` counts as ``low``).

    >>> exception_required_authority(Policy(), Severity.info)
    2
    """
    level = Criticality.low if severity is Severity.info else Criticality(severity.value)
    return policy.acceptance_authority[level]


def exception_is_current(exc: Exception_, as_of: date) -> bool:
    """True when the exception has not expired on ``as_of`` (it holds on its expiry day)."""
    return exc.expires is None or as_of <= exc.expires


def exception_applies(ctx: Context, exc: Exception_, finding: Finding) -> bool:
    """True when ``exc`` suppresses ``finding``: same fingerprint, not expired on the
    as-of date, and approved by someone whose authority reaches what the finding's
    severity requires."""
    return (exc.finding == finding.fingerprint
            and exception_is_current(exc, ctx.as_of)
            and ctx.authority(exc.approved_by)
            >= exception_required_authority(ctx.policy, finding.severity))


def exceptions_by_finding(ctx: Context) -> dict[str, list[Exception_]]:
    """The policy's exceptions by the fingerprint of the finding each names."""
    by_fp: dict[str, list[Exception_]] = {}
    for exc in ctx.policy.exceptions:
        by_fp.setdefault(exc.finding, []).append(exc)
    return by_fp


def suppressed(ctx: Context, by_fp: dict[str, list[Exception_]], finding: Finding) -> Finding:
    """``finding``, or its copy suppressed by the first of the exceptions naming it
    (``by_fp``, see :func:`exceptions_by_finding`) that applies."""
    named = by_fp.get(finding.fingerprint)
    if named is not None:
        approver = next((e.approved_by for e in named if exception_applies(ctx, e, finding)),
                        None)
        if approver is not None:
            return finding.model_copy(update={"suppressed": True,
                                              "suppressed_by": f"person:{approver}"})
    return finding


def _suppress(ctx: Context, findings: list[Finding]) -> list[Finding]:
    by_fp = exceptions_by_finding(ctx)
    if not by_fp:
        return list(findings)
    return [suppressed(ctx, by_fp, f) for f in findings]


def _ordered(check: Check, findings: Iterable[Finding]) -> list[Finding]:
    r"""The findings of ``check`` in the runner's order: the check's own for a ranked
    check, else by subjects (stably).

    The subjects are compared as one text each, joined by NUL: two lists of strings
    with no NUL in them compare as their joined texts do (at the first subject where
    they differ, a subject that is the beginning of the other meets NUL, below any
    other character), and comparing texts is about twice as quick. If a subject holds a
    NUL (or is not a string), or a finding has no subjects ([] and [""] join alike), the
    lists themselves are compared.

    >>> from graphkit.queries.registry import get_check
    >>> def made(*subjects: str) -> Finding:
    ...     return Finding.make("vacant-role", Severity.high, title="t", message="m",
    ...                         subjects=subjects, iso=[])
    >>> fs = [made("role:b"), made("role:a", "role:c"), made("role:a"), made("role:a\x00")]
    >>> [f.subjects for f in _ordered(get_check("vacant-role"), fs)]
    [['role:a'], ['role:a', 'role:c'], ['role:a\x00'], ['role:b']]
    >>> [f.subjects for f in _ordered(get_check("vacant-role"), fs[:3])]
    [['role:a'], ['role:a', 'role:c'], ['role:b']]
    """
    found = list(findings)
    cid = check.id
    for f in found:
        if f.check != cid:
            raise ValueError(f"check {check.id} returned a finding of {f.check}")
    if check.ranked or len(found) < 2:
        return found
    subjects = list(map(_subjects, found))
    if check.in_order and in_order(subjects):
        return found
    try:  # as many NULs as there are joints: none in a subject, and no finding without
        # subjects (which has no joint, one less than its number of subjects)
        keys = list(map(_joined, subjects))
        exact = "".join(keys).count("\x00") == sum(map(len, subjects)) - len(subjects)
    except TypeError:  # a subject that is not a string
        exact = False
    if not exact:
        found.sort(key=_subjects)
        return found
    return [found[i] for i in sorted(range(len(found)), key=keys.__getitem__)]


_subjects = attrgetter("subjects")
_joined = "\x00".join


def in_order(subjects: list[list[str]]) -> bool:
    """True when the lists of subjects are in the runner's order (each no less than the
    one before it); False also when two of them cannot be compared.

    >>> in_order([["role:a"], ["role:a", "role:b"], ["role:a", "role:b"], ["role:c"]])
    True
    >>> in_order([["role:b"], ["role:a"]]), in_order([["role:a"], [1]])
    (False, False)
    """
    try:
        return all(map(le, subjects, islice(subjects, 1, None)))
    except TypeError:  # a subject that is not a string
        return False


#: Severities, most severe first: the order of a report.
_BY_RANK = sorted(Severity, key=lambda s: -s.rank)


def run_checks(model: Model, *, as_of: date | None = None, policy: Policy | None = None,
               select: Iterable[str] | None = None,
               ignore: Iterable[str] | None = None,
               on_step: Callable[[str, int], None] | None = None) -> Report:
    """Run the selected checks on ``model`` as of ``as_of`` (default today) under
    ``policy`` (default the model's own), and return the :class:`Report`.

    ``on_step``, if given, is told how the run goes (for a progress bar or a
    benchmark): ``("context", 0)`` once the context is built, ``(check_id, found)``
    after each check, ``("report", total)`` once the findings are ordered.

    Checks that review findings (``exception-invalid``) run last and see the findings
    of every other check, whether or not those were selected, so that whether an
    exception matches does not depend on the selection.
    """
    chosen = select_checks(select, ignore)
    with paused_gc():
        return _run(model, as_of, policy, chosen, on_step or _quiet)


def _quiet(step: str, found: int) -> None:
    pass


def _plan(chosen: tuple[Check, ...]) -> tuple[list[Check], list[Check]]:
    """The checks to run first and the reviewers to run after them: a reviewer needs
    every other check's findings, selected or not."""
    reviewers = [c for c in chosen if c.reviews_findings]
    if reviewers:
        from graphkit.queries.registry import CHECKS

        return [c for c in CHECKS if not c.reviews_findings], reviewers
    return list(chosen), []


def checks_to_run(chosen: tuple[Check, ...]) -> int:
    """How many checks :func:`run_checks` runs for ``chosen`` (a reviewer brings every
    other check with it): the number of ``on_step`` calls that name a check."""
    first, reviewers = _plan(chosen)
    return len(first) + len(reviewers)


def _run(model: Model, as_of: date | None, policy: Policy | None,
         chosen: tuple[Check, ...], on_step: Callable[[str, int], None]) -> Report:
    ctx = Context.build(model, as_of, policy)
    on_step("context", 0)
    first, reviewers = _plan(chosen)
    chosen_ids = {c.id for c in chosen}
    results: dict[str, list[Finding]] = {}
    for check in first:
        results[check.id] = _ordered(check, check.find(ctx))
        on_step(check.id, len(results[check.id]))
    if reviewers:
        seen = _suppress(ctx, [f for fs in results.values() for f in fs])
        reviewing = ctx.with_findings(seen)
        for check in reviewers:
            results[check.id] = _ordered(check, check.find(reviewing))
            on_step(check.id, len(results[check.id]))
    # most severe first, then by check id, then in each check's order: one pass that
    # appends each finding to its severity and check (no sort of the whole report)
    groups: dict[Severity, dict[str, list[Finding]]] = {s: {} for s in _BY_RANK}
    for cid in sorted(c for c in results if c in chosen_ids):
        for f in results[cid]:
            group = groups[f.severity]
            in_check = group.get(cid)
            if in_check is None:
                in_check = group[cid] = []
            in_check.append(f)
    final = _suppress(ctx, [f for s in _BY_RANK for fs in groups[s].values() for f in fs])
    on_step("report", len(final))
    return Report(as_of=ctx.as_of,
                  model=model.organisation.id if model.organisation else None,
                  findings=final,
                  summary=summarise(final, [c.id for c in chosen]))


def summarise(findings: Iterable[Finding], checks: Iterable[str] = ()) -> dict[str, object]:
    """Counts of the findings that are not suppressed: ``total``, ``suppressed``,
    ``by_severity`` (every severity, most severe first) and ``by_check`` (each of
    ``checks``, then any other check with findings)."""
    sev = dict.fromkeys(_BY_RANK, 0)
    by_check: dict[str, int] = {c: 0 for c in checks}
    found = suppressed = 0
    for f in findings:
        found += 1
        if f.suppressed:
            suppressed += 1
            continue
        sev[f.severity] += 1
        by_check[f.check] = by_check.get(f.check, 0) + 1
    return {
        "total": found - suppressed,
        "suppressed": suppressed,
        "by_severity": {s.value: n for s, n in sev.items()},
        "by_check": by_check,
    }
