"""Run the checks and write the report as they go, in one process or two.

:func:`check_and_write` gives the same bytes as :func:`graphkit.runner.run_checks`
followed by :func:`graphkit.render.write`, for the formats whose findings are written one
after another (JSON and CSV, see :func:`graphkit.render.streamable`), without holding the
report: each check's findings are ordered, matched against the policy's exceptions,
rendered into a spool file per severity, counted and dropped. The report is then framed
from the spools, most severe first, by check id, each check in its own order, exactly as
the runner orders it. A large report (2.6 million findings, 4.5 GB of JSON at a million
people) never lives in memory as objects.

With ``jobs=2`` the context is built once and the process forks: the two processes take
the checks one at a time, most expensive first, whichever is free taking the next (a
check is claimed by creating its file in the spool folder, which only one process can
do), so a machine with two cores runs the checks and renders their findings in about
half the time. The child shares the model and the context with its parent (copy on
write) and reports how many findings it wrote; if it fails, its error is raised here.

The second process is a fork, and polars cannot run in a fork: its thread pool stays
with the parent, so a polars call in the child waits for ever. The checks that read
coverage with polars and numpy (the ``accountability`` family, see
:meth:`graphkit.semantics.Context.cover_table`) therefore run in the parent only; the
child takes the others, and the context's polars entry points fail loudly there
instead of hanging.

A check that reviews the other checks' findings (``exception-invalid``) runs last, in
the parent, on the findings the policy's exceptions name (each process keeps those, in
the runner's order; the child sends them through the pipe), which is all it reads; as
in :func:`run_checks`, every other check then runs for it, reported or not. Without
exceptions it has nothing to judge and runs as any other check. The formats without
pieces (table, Markdown, SARIF) are :func:`run_checks` then :func:`write`.

>>> import io
>>> from datetime import date
>>> from graphkit.model import validate_model
>>> from graphkit.render import Format, render
>>> from graphkit.runner import run_checks
>>> m = validate_model({"people": [{"id": "carol"}],
...                     "assets": [{"id": "crm", "criticality": "high"}, {"id": "hr"}]})
>>> out = io.BytesIO()
>>> done = check_and_write(m, Format.json, out, as_of=date(2026, 6, 1))
>>> done.summary["total"], done.summary["by_check"]["orphan-item"]
(2, 2)
>>> out.getvalue().decode() == render(run_checks(m, as_of=date(2026, 6, 1)), Format.json)
True
"""

from __future__ import annotations

import json
import os
import signal
import tempfile
import threading
import traceback
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

from .findings import Check, Finding, Report, Severity
from .model import Model, Policy
from .render import SEVERITY_ORDER, About, Format, Frame, Sink, streamable, write
from .runner import (_ordered, _plan, exceptions_by_finding, run_checks, select_checks,
                     suppressed)
from .semantics import Context, paused_gc

__all__ = ["Written", "check_and_write", "default_jobs"]

#: The checks in the order the processes take them: the most expensive first (CPU
#: seconds at 100,000 generated people, including rendering their findings), so that
#: the last ones to be taken are short and the two processes finish close together.
#: Checks not named here come after them, in registry order.
_COST_ORDER = ("key-person", "not-acknowledged", "orphan-item", "unfounded-delegation",
               "competence-gap", "acceptance-authority", "leaver-holds", "reporting-line",
               "delegation-depth", "multiple-accountable", "delegation-cycle", "vacant-role",
               "lapsed-delegation", "authority-gap", "overload", "no-responsible",
               "sod-conflict")

#: Families whose checks use polars (see the module's docstring): run by the parent.
_PARENT_ONLY = frozenset({"accountability"})

#: Below this many elements (people, roles, assignments, items, delegations) one
#: process is quicker than forking a second.
PARALLEL_FROM = 50_000

_COPY_BLOCK = 1 << 23


@dataclass(frozen=True)
class Written:
    """What :func:`check_and_write` wrote: the report's date, model and summary (the
    counts of :func:`graphkit.runner.summarise`), without its findings."""

    as_of: date
    model: str | None
    summary: dict[str, Any]
    #: the checks each process ran (the parent's first): empty when the report was
    #: built whole (a format without pieces)
    ran: tuple[tuple[str, ...], ...]
    #: what the checks ran on, and the report when one was built (the formats that
    #: need it whole): kept so that a caller can keep them alive until it exits, which
    #: is quicker than freeing a large model's objects one by one
    context: Context | None = field(default=None, repr=False, compare=False)
    report: Report | None = field(default=None, repr=False, compare=False)

    def live(self) -> dict[Severity, int]:
        """Findings not suppressed, by severity."""
        return {Severity(s): n for s, n in self.summary["by_severity"].items()}

    @property
    def suppressed(self) -> int:
        return int(self.summary["suppressed"])


def default_jobs(model: Model) -> int:
    """How many processes :func:`check_and_write` uses when not told: two on a machine
    with two or more cores that can fork, for a model of :data:`PARALLEL_FROM` elements
    or more, when the memory available is at least twice what this process holds now
    (the second process copies the pages of the model it reads); else one."""
    size = (len(model.people) + len(model.roles) + len(model.assignments)
            + len(model.assets) + len(model.risks) + len(model.duties)
            + len(model.delegations))
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (
        os.cpu_count() or 1)
    if size < PARALLEL_FROM or cores < 2 or not hasattr(os, "fork"):
        return 1
    held, available = _memory_kib()
    return 1 if held and available and available < 2 * held else 2


def _memory_kib() -> tuple[int, int]:
    """This process's resident memory and the machine's available memory (KiB), from
    /proc; 0 where it cannot be read."""
    def field(path: str, name: str) -> int:
        try:
            with open(path, encoding="ascii") as f:
                for line in f:
                    if line.startswith(name):
                        return int(line.split()[1])
        except (OSError, ValueError, IndexError):
            pass
        return 0

    return field("/proc/self/status", "VmRSS:"), field("/proc/meminfo", "MemAvailable:")


def check_and_write(model: Model, fmt: Format | str, out: Sink, *,
                    as_of: date | None = None, policy: Policy | None = None,
                    select: Iterable[str] | None = None,
                    ignore: Iterable[str] | None = None, about: About | None = None,
                    on_step: Callable[[str, int], None] | None = None,
                    jobs: int = 1) -> Written:
    """Run the selected checks on ``model`` and write the report in ``fmt`` to ``out``:
    the bytes :func:`graphkit.render.write` writes for :func:`graphkit.runner.run_checks`'
    report, with ``jobs`` processes (1 or 2). ``on_step`` is told how the run goes, as
    by :func:`run_checks` (from a helper thread for the second process's checks)."""
    chosen = select_checks(select, ignore)
    step = on_step or _quiet
    about = about or About()
    module = streamable(fmt)
    if module is None:
        report = run_checks(model, as_of=as_of, policy=policy, select=select, ignore=ignore,
                            on_step=on_step)
        write(report, fmt, out, about)
        return Written(report.as_of, report.model, report.summary, (), report=report)
    first, reviewers = _plan(chosen)
    exceptions = (policy if policy is not None else model.policy).exceptions
    if not exceptions:  # a reviewer has nothing to judge: an ordinary check
        first, reviewers = list(chosen), []
    reported = {c.id for c in chosen}
    with paused_gc():
        ctx = Context.build(model, as_of, policy)
        step("context", 0)
        with tempfile.TemporaryDirectory(prefix="graphkit-spool-") as folder:
            named = {e.finding for e in exceptions} if reviewers else set()
            spool = _Spool(Path(folder), module, about, reported, named)
            done = _run(ctx, _cost_ordered(first), spool, step, jobs)
            if reviewers:  # they judge the findings the exceptions name, in report order
                reviewing = ctx.with_findings(f for _, f in sorted(done.kept,
                                                                   key=lambda k: k[0]))
                counts, ran, _ = _work(reviewing, reviewers, spool, step)
                done.counts.update(counts)
                done.ran[0] += tuple(ran)  # the parent's
            summary = _summary(done.counts, [c.id for c in chosen])
            step("report", summary["total"] + summary["suppressed"])
            written = Written(ctx.as_of, model.organisation.id if model.organisation else None,
                              summary, tuple(done.ran), context=ctx)
            frame = module.frame(Report(as_of=written.as_of, model=written.model,
                                        summary=summary), about)
            spool.write(frame, sorted(reported), out)
    return written


def _quiet(step: str, found: int) -> None:
    pass


def _cost_ordered(checks: list[Check]) -> list[Check]:
    rank = {cid: i for i, cid in enumerate(_COST_ORDER)}
    return sorted(checks, key=lambda c: rank.get(c.id, len(rank)))


#: per check id: per severity value, [findings not suppressed, suppressed]
Counts = dict[str, dict[str, list[int]]]

#: findings an exception names, each with its place in the runner's order (the check's
#: place in the registry, the finding's in its check)
Kept = list[tuple[tuple[int, int], Finding]]


def _registry() -> tuple[Check, ...]:
    from .queries.registry import CHECKS

    return CHECKS


class _Spool:
    """The folder where each check's findings are rendered, one file per check and
    severity, and where checks are claimed."""

    def __init__(self, folder: Path, module: Any, about: About, reported: set[str],
                 named: set[str]) -> None:
        self.folder = folder
        self.module = module
        self.about = about
        self.reported = reported  # the checks whose findings go in the report
        self.named = named  # the fingerprints the policy's exceptions name
        self.position = {c.id: i for i, c in enumerate(_registry())}
        # what goes between two pieces of findings (the same in every report)
        self.between: bytes = module.frame(Report(as_of=date(2000, 1, 1)), about).between

    def claim(self, check: str) -> bool:
        """True for the one process that is the first to ask for ``check``."""
        try:
            os.close(os.open(self.folder / f"{check}.claim",
                             os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        except FileExistsError:
            return False
        return True

    def _file(self, severity: Severity, check: str) -> Path:
        return self.folder / f"{severity.rank}-{check}.part"

    def put(self, ctx: Context, check: Check) -> tuple[dict[str, list[int]], int, Kept]:
        """Run ``check``; render its findings into the spool and count them when it is
        reported; keep those an exception names (for the reviewer), with their place in
        the runner's order. Returns the counts, how many it found, and those kept.

        A ranked check's findings, and those of a check that yields them in the
        runner's order (``Check.in_order``), are written as they come, a piece at a
        time; if such a check yields one out of order, what it wrote is discarded and
        it runs again, its findings held and sorted."""
        if check.ranked or check.in_order:
            streamed = self._write(ctx, check, check.find(ctx), verify=not check.ranked)
            if streamed is not None:
                return streamed
        written = self._write(ctx, check, _ordered(check, check.find(ctx)), verify=False)
        assert written is not None  # (nothing to verify)
        return written

    def _write(self, ctx: Context, check: Check, found: Iterable[Finding], verify: bool
               ) -> tuple[dict[str, list[int]], int, Kept] | None:
        """:meth:`put` of ``found``, in the runner's order, writing each piece of
        :data:`_PIECE` findings of a severity as it is complete; with ``verify``, None
        (nothing left written) when a finding comes out of order."""
        cid = check.id
        by_fp = exceptions_by_finding(ctx)
        named = self.named
        reported = cid in self.reported
        at = self.position.get(cid, len(self.position))
        parts: dict[Severity, _Part] = {}
        kept: Kept = []
        last: list[str] | None = None
        n = 0
        try:
            for f in found:
                if f.check != cid:
                    raise ValueError(f"check {cid} returned a finding of {f.check}")
                if verify:
                    subjects = f.subjects
                    if last is not None:
                        try:
                            if not last <= subjects:
                                raise _OutOfOrder
                        except TypeError:  # subjects that cannot be compared: sorting
                            raise _OutOfOrder from None  # will say so
                    last = subjects
                if by_fp:
                    f = suppressed(ctx, by_fp, f)
                if named and f.fingerprint in named:
                    kept.append(((at, n), f))
                n += 1
                if reported:
                    part = parts.get(f.severity)
                    if part is None:
                        part = parts[f.severity] = _Part(self, self._file(f.severity, cid))
                    part.add(f)
            for part in parts.values():
                part.close()
        except BaseException as stopped:
            for part in parts.values():
                part.discard()
            if isinstance(stopped, _OutOfOrder):
                return None
            raise
        return {s.value: [p.live, p.suppressed] for s, p in parts.items()}, n, kept

    def write(self, frame: Frame, checks: list[str], out: Sink) -> None:
        """The report: the spooled findings in ``frame``, most severe first, by check
        id (each part already in its check's order)."""
        parts = [path for severity in SEVERITY_ORDER for check in checks
                 if (path := self._file(severity, check)).exists()]
        if not parts:
            out.write(frame.empty)
            return
        out.write(frame.start)
        # each part is removed as soon as it is copied: its pages not yet on disk are
        # then never written there, which leaves the disk to the report (at a million
        # people the spool and the report are 4.5 GB each, and the kernel holds back a
        # writer whose unwritten pages pass a share of the memory); by a thread, since
        # freeing a file's blocks takes the file system as long as copying it (1.5 s
        # for the 4.5 GB of a million people), and the next part's copy need not wait
        with ThreadPoolExecutor(max_workers=1) as remover:
            removed = []
            for i, path in enumerate(parts):
                if i:
                    out.write(frame.between)
                _copy(path, out)
                removed.append(remover.submit(path.unlink))
        for done in removed:
            done.result()  # (an error removing one is raised here)
        out.write(frame.end)


#: Findings per piece written as they come (a piece is rendered by one call).
_PIECE = 2000


class _OutOfOrder(Exception):
    """A check claiming the runner's order yielded a finding out of it."""


class _Part:
    """One spool file (a check's findings of one severity) written a piece at a time,
    as its findings come."""

    def __init__(self, spool: _Spool, path: Path) -> None:
        self.spool = spool
        self.path = path
        self.file = open(path, "wb")  # noqa: SIM115 - closed by close() or discard()
        self.held: list[Finding] = []
        self.live = 0
        self.suppressed = 0
        self.written = False

    def add(self, finding: Finding) -> None:
        held = self.held
        held.append(finding)
        if finding.suppressed:
            self.suppressed += 1
        else:
            self.live += 1
        if len(held) == _PIECE:
            self._flush()

    def _flush(self) -> None:
        spool, write = self.spool, self.file.write
        for piece in spool.module.pieces(self.held, spool.about):
            write(spool.between + piece if self.written else piece)
            self.written = True
        self.held = []

    def close(self) -> None:
        if self.held:
            self._flush()
        self.file.close()

    def discard(self) -> None:
        self.file.close()
        self.path.unlink()


def _copy(path: Path, out: Sink) -> None:
    """The bytes of ``path`` onto ``out``: by the kernel (``sendfile``) when ``out`` is
    an open file, else block by block."""
    fileno = getattr(out, "fileno", None)
    with open(path, "rb") as part:
        if fileno is not None and hasattr(os, "sendfile"):
            try:
                target = fileno()
            except (OSError, ValueError):  # not backed by a file (BytesIO)
                target = None
            if target is not None:
                out.flush()  # type: ignore[attr-defined]
                size, sent = os.fstat(part.fileno()).st_size, 0
                while sent < size:
                    sent += os.sendfile(target, part.fileno(), sent, size - sent)
                return
        while block := part.read(_COPY_BLOCK):
            out.write(block)


class _Done:
    """What the processes did: the counts of the reported checks, the checks each ran,
    and the findings kept for the reviewer."""

    def __init__(self) -> None:
        self.counts: Counts = {}
        self.ran: list[tuple[str, ...]] = []
        self.kept: Kept = []

    def add(self, counts: Counts, ran: Iterable[str], kept: Kept) -> None:
        self.counts.update(counts)
        self.ran.append(tuple(ran))
        self.kept += kept


def _run(ctx: Context, checks: list[Check], spool: _Spool, step: Callable[[str, int], None],
         jobs: int) -> _Done:
    done = _Done()
    if jobs < 2 or len(checks) < 2 or not hasattr(os, "fork"):
        done.add(*_work(ctx, checks, spool, step))
        return done
    reader_fd, writer_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the second process: never returns
        os.close(reader_fd)
        _child(ctx, [c for c in checks if c.family not in _PARENT_ONLY], spool, writer_fd)
    os.close(writer_fd)
    theirs: dict[str, Any] = {}
    listener = threading.Thread(target=_listen, args=(reader_fd, step, theirs), daemon=True)
    listener.start()
    try:
        mine = _work(ctx, checks, spool, step)
    except BaseException:
        os.kill(pid, signal.SIGKILL)
        raise
    finally:
        listener.join()
        os.waitpid(pid, 0)
    if "error" in theirs or "counts" not in theirs:
        raise RuntimeError("the second check process failed:\n"
                           + theirs.get("error", "it ended without a word"))
    done.add(*mine)
    done.add(theirs["counts"], theirs["ran"],
             [((at, i), Finding.model_validate_json(text)) for (at, i), text in theirs["kept"]])
    return done


def _work(ctx: Context, checks: list[Check], spool: _Spool,
          step: Callable[[str, int], None]) -> tuple[Counts, list[str], Kept]:
    counts: Counts = {}
    ran: list[str] = []
    kept: Kept = []
    for check in checks:
        if spool.claim(check.id):
            found, n, named = spool.put(ctx, check)
            if check.id in spool.reported:
                counts[check.id] = found
            ran.append(check.id)
            kept += named
            step(check.id, n)
    return counts, ran, kept


def _child(ctx: Context, checks: list[Check], spool: _Spool, writer_fd: int) -> NoReturn:
    """The second process: take checks, tell the parent how it went, and end here
    whatever happens (never returning into the parent's code, which would, among
    other things, remove the spool)."""
    code = 1
    try:
        with os.fdopen(writer_fd, "w", encoding="utf-8") as pipe:
            def tell(check: str, found: int) -> None:
                pipe.write(json.dumps({"step": [check, found]}) + "\n")
                pipe.flush()

            try:
                _refuse_polars()
                counts, ran, kept = _work(ctx, checks, spool, tell)
                message: dict[str, Any] = {
                    "counts": counts, "ran": ran,
                    "kept": [[at, f.model_dump_json()] for at, f in kept]}
                code = 0
            except BaseException:
                message = {"error": traceback.format_exc()}
            pipe.write(json.dumps(message) + "\n")
    finally:
        os._exit(code)


def _refuse_polars() -> None:
    """In the forked child: make the context's polars entry points raise instead of
    waiting for ever on a thread pool that stayed in the parent."""
    from . import semantics

    def refused(*args: object, **kwargs: object) -> Any:
        raise RuntimeError("a check that uses polars ran in the second process; add its "
                           "family to graphkit.pipeline._PARENT_ONLY")

    semantics.Context._build_cover_table = refused  # type: ignore[method-assign]
    semantics._person_codes = refused


def _listen(reader_fd: int, step: Callable[[str, int], None], theirs: dict[str, Any]) -> None:
    with os.fdopen(reader_fd, "r", encoding="utf-8") as pipe:
        for line in pipe:
            message = json.loads(line)
            if "step" in message:
                check, found = message["step"]
                step(check, found)
            else:
                theirs.update(message)


def _summary(counts: Counts, chosen: list[str]) -> dict[str, Any]:
    """:func:`graphkit.runner.summarise` from the counts."""
    by_severity = dict.fromkeys((s.value for s in SEVERITY_ORDER), 0)
    by_check = dict.fromkeys(chosen, 0)
    suppressed = 0
    for check, per in counts.items():
        for severity, (live, hidden) in per.items():
            by_severity[severity] += live
            by_check[check] = by_check.get(check, 0) + live
            suppressed += hidden
    return {"total": sum(by_severity.values()), "suppressed": suppressed,
            "by_severity": by_severity, "by_check": by_check}
