"""check_and_write writes the very bytes run_checks + write give, in one process or two.

The report of ``run_checks`` is held to the recorded golden findings in
tests/scale/test_differential.py; here the streamed path (spooled by check and severity,
in one or two processes) is held to that report, byte for byte, on generated models, with
exceptions that suppress findings, with selections, and when a process fails.
"""

from __future__ import annotations

import io
import os
import signal
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graphkit.cli import app
from graphkit.findings import Severity
from graphkit.generate import AS_OF, generate
from graphkit.loaders import load
from graphkit.model import Exception_, Model, Policy
from graphkit import pipeline
from graphkit.pipeline import PARALLEL_FROM, check_and_write, default_jobs
from graphkit.queries.registry import CHECKS
from graphkit.render import Format, about_model, write
from graphkit.runner import _ordered, in_order, run_checks
from graphkit.semantics import Context


@pytest.fixture(autouse=True)
def no_hang() -> object:
    """A process that waits for ever (polars in a fork) fails the test instead: SIGALRM
    interrupts the parent's wait, which then stops the child."""
    def late(signum: int, frame: object) -> None:
        raise TimeoutError("check_and_write took more than 120 s")

    before = signal.signal(signal.SIGALRM, late)
    signal.alarm(120)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, before)


@pytest.fixture(scope="module")
def org(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("org-1500-7")
    generate(1500, seed=7, out=folder)
    return folder


@pytest.fixture(scope="module")
def model(org: Path) -> Model:
    return load(org)


def _reference(model: Model, fmt: Format, **options: object) -> bytes:
    out = io.BytesIO()
    write(run_checks(model, as_of=AS_OF, **options), fmt, out)  # type: ignore[arg-type]
    return out.getvalue()


def _streamed(model: Model, fmt: Format, jobs: int, **options: object) -> tuple[bytes, object]:
    out = io.BytesIO()
    done = check_and_write(model, fmt, out, as_of=AS_OF, jobs=jobs,
                           **options)  # type: ignore[arg-type]
    return out.getvalue(), done


@pytest.mark.parametrize("fmt", [Format.json, Format.csv])
@pytest.mark.parametrize("jobs", [1, 2])
def test_same_bytes_as_the_report(model: Model, fmt: Format, jobs: int) -> None:
    expected = _reference(model, fmt)
    text, done = _streamed(model, fmt, jobs)
    assert text == expected
    report = run_checks(model, as_of=AS_OF)
    assert done.summary == report.summary  # type: ignore[attr-defined]
    ran = done.ran  # type: ignore[attr-defined]
    assert len(ran) == jobs  # streamed, in as many processes
    assert sorted(c for part in ran for c in part) == sorted(c.id for c in CHECKS)
    if jobs == 2:  # polars-reading checks stay in the parent
        assert {c.id for c in CHECKS if c.family == "accountability"}.isdisjoint(ran[1])
    assert len(report.findings) > 1000  # the model is worth streaming


@pytest.mark.parametrize("jobs", [1, 2])
def test_selection_and_empty_reports(model: Model, jobs: int) -> None:
    chosen = {"select": ["overload", "key-person", "reporting-line"]}
    assert _streamed(model, Format.json, jobs, **chosen)[0] == _reference(
        model, Format.json, **chosen)
    assert _streamed(model, Format.json, jobs, **chosen)[1].ran  # type: ignore[attr-defined]
    nothing = {"select": ["sod-conflict"], "ignore": ["sod-conflict"]}
    text, done = _streamed(model, Format.json, jobs, **nothing)
    assert text == _reference(model, Format.json, **nothing)
    assert done.summary["total"] == 0 and b'"findings": []' in text  # type: ignore[attr-defined]


def _policy_accepting(model: Model, count: int) -> Policy:
    """The model's policy with exceptions for the first findings of each check: ``count``
    approved by the person of the highest authority (valid: they suppress), one by the
    person of the lowest (too little authority), one expired, and one that matches no
    finding; the last three are what ``exception-invalid`` reports."""
    report = run_checks(model, as_of=AS_OF)
    ctx = Context.build(model, AS_OF)
    people = sorted(model.people, key=lambda p: (ctx.authority(p.id), p.id))
    boss, clerk = people[-1].id, people[0].id
    seen: dict[str, int] = {}
    exceptions = []
    for f in report.findings:
        n = seen[f.check] = seen.get(f.check, 0) + 1
        if n <= count:
            exceptions.append(Exception_(finding=f.fingerprint, reason="accepted",
                                         approved_by=boss, expires=date(2027, 1, 1)))
        elif n == count + 1:
            exceptions.append(Exception_(finding=f.fingerprint, reason="junior",
                                         approved_by=clerk))
        elif n == count + 2:
            exceptions.append(Exception_(finding=f.fingerprint, reason="old",
                                         approved_by=boss, expires=date(2026, 1, 1)))
    exceptions.append(Exception_(finding="0" * 64, reason="matches nothing", approved_by=boss))
    return model.policy.model_copy(update={"exceptions": exceptions})


@pytest.mark.parametrize("jobs", [1, 2])
def test_exceptions_suppress_in_both_processes(model: Model, jobs: int) -> None:
    policy = _policy_accepting(model, 3)
    options = {"policy": policy, "ignore": ["exception-invalid"]}
    text, done = _streamed(model, Format.json, jobs, **options)
    assert text == _reference(model, Format.json, **options)
    assert done.summary["suppressed"] > 0  # type: ignore[attr-defined]
    assert len(done.ran) == jobs  # type: ignore[attr-defined]
    # with the reviewer: it judges the named findings, kept by both processes
    options = {"policy": policy}
    text, done = _streamed(model, Format.json, jobs, **options)
    assert text == _reference(model, Format.json, **options)
    assert len(done.ran) == jobs and "exception-invalid" in done.ran[0]  # type: ignore[attr-defined]
    invalid = done.summary["by_check"]["exception-invalid"]  # type: ignore[attr-defined]
    assert invalid > 2 * len({c.family for c in CHECKS})  # junior and expired, all families
    # the reviewer selected alone: every check still runs for it, none reported
    for chosen in (["exception-invalid"], ["exception-invalid", "vacant-role"]):
        options = {"policy": policy, "select": chosen}
        text, done = _streamed(model, Format.json, jobs, **options)
        assert text == _reference(model, Format.json, **options)
        assert sorted(done.summary["by_check"]) == sorted(chosen)  # type: ignore[attr-defined]
        assert sorted(c for part in done.ran for c in part) == sorted(  # type: ignore[attr-defined]
            c.id for c in CHECKS)


def test_the_other_formats_are_written_whole(model: Model) -> None:
    about = about_model(model, checks=CHECKS)
    out = io.BytesIO()
    check_and_write(model, Format.sarif, out, as_of=AS_OF, about=about, jobs=2)
    expected = io.BytesIO()
    write(run_checks(model, as_of=AS_OF), Format.sarif, expected, about)
    assert out.getvalue() == expected.getvalue()


def test_a_failing_second_process_is_an_error_here(model: Model) -> None:
    parent = os.getpid()
    originals = {c.id: c.find for c in CHECKS}
    try:  # every check fails in the second process (a Check is frozen: set it anyway)
        for c in CHECKS:
            object.__setattr__(c, "find", _failing_in_child(originals[c.id], parent))
        with pytest.raises(RuntimeError, match="second check process failed") as caught:
            check_and_write(model, Format.json, io.BytesIO(), as_of=AS_OF, jobs=2)
        assert "ValueError: broken in the second process" in str(caught.value)
    finally:
        for c in CHECKS:
            object.__setattr__(c, "find", originals[c.id])


def test_polars_is_refused_in_the_second_process(model: Model) -> None:
    """In the forked child, the context's polars entry points raise instead of waiting
    for ever (an accountability check moved to the child would fail loudly)."""
    from graphkit import pipeline

    ctx = Context.build(model, AS_OF)
    pid = os.fork()
    if pid == 0:  # the child: exit 0 only when the cover table is refused
        code = 3
        try:
            pipeline._refuse_polars()
            ctx.cover_table()
        except RuntimeError as error:
            code = 0 if "uses polars ran in the second process" in str(error) else 4
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert ctx.cover_table() is ctx.cover_table()  # the parent is untouched


def _failing_in_child(find: object, parent: int) -> object:
    def failing(ctx: object) -> object:
        if os.getpid() != parent:
            raise ValueError("broken in the second process")
        import time

        time.sleep(2)  # let the child claim a check
        return find(ctx)  # type: ignore[operator]
    return failing


def test_the_spool_is_removed(model: Model, tmp_path: Path,
                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    check_and_write(model, Format.json, io.BytesIO(), as_of=AS_OF, jobs=2)
    assert list(tmp_path.iterdir()) == []


def test_default_jobs_by_size_and_memory(model: Model,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    assert default_jobs(model) == 1  # 1,500 people: one process is quicker
    size = (len(model.people) + len(model.roles) + len(model.assignments) + len(model.assets)
            + len(model.risks) + len(model.duties) + len(model.delegations))
    assert size < PARALLEL_FROM
    cores = len(os.sched_getaffinity(0))
    big = model.model_copy(update={"people": model.people * (PARALLEL_FROM // len(model.people) + 1)})
    held, available = pipeline._memory_kib()  # read from /proc on this (Linux) machine
    assert 0 < held < available
    assert default_jobs(big) == (2 if cores >= 2 else 1)  # this machine has the memory
    # with less memory available than twice what the process holds: one process
    monkeypatch.setattr(pipeline, "_memory_kib", lambda: (4_000_000, 7_000_000))
    assert default_jobs(big) == 1
    monkeypatch.setattr(pipeline, "_memory_kib", lambda: (4_000_000, 9_000_000))
    assert default_jobs(big) == (2 if cores >= 2 else 1)



@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_cli_jobs_give_the_same_report(org: Path, tmp_path: Path, fmt: str) -> None:
    runner = CliRunner()
    texts = []
    for jobs in ("1", "2"):
        out = tmp_path / f"report-{jobs}.{fmt}"
        result = runner.invoke(app, ["check", str(org), "--as-of", AS_OF.isoformat(), "-f", fmt,
                                     "-o", str(out), "--jobs", jobs])
        assert result.exit_code == 1, result.output
        texts.append(out.read_bytes())
    assert texts[0] == texts[1]
    report = run_checks(load(org), as_of=AS_OF)
    assert "findings" in result.output
    live = [f for f in report.findings if not f.suppressed]
    assert result.output.startswith(f"{len(live)} findings (")
    assert any(f.severity >= Severity.high for f in live)


def test_cli_fail_on_never_exits_zero(org: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["check", str(org), "--as-of", AS_OF.isoformat(),
                                      "-f", "json", "-o", str(tmp_path / "r.json"),
                                      "--jobs", "2", "--fail-on", "never"])
    assert result.exit_code == 0, result.output


def test_cli_refuses_three_jobs(org: Path) -> None:
    result = CliRunner().invoke(app, ["check", str(org), "--jobs", "3"])
    assert result.exit_code == 2
    assert "--jobs" in result.output


# --- checks whose findings are written as they come ---------------------------------------

def _arranged(find: object, check_id: str, arrangement: str, calls: dict[str, int]) -> object:
    """``find`` yielding its findings in the runner's order, reversed, or with its last
    two swapped (found out of order after pieces are written), counting its calls."""
    check = next(c for c in CHECKS if c.id == check_id)

    def arranged(ctx: Context) -> object:
        calls[check_id] = calls.get(check_id, 0) + 1
        found = _ordered(check, find(ctx))  # type: ignore[operator]
        if arrangement == "reversed":
            found.reverse()
        elif arrangement == "last-swapped" and len(found) > 1:
            found[-2], found[-1] = found[-1], found[-2]
        yield from found
    return arranged


@pytest.mark.parametrize("fmt", [Format.json, Format.csv])
@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("arrangement", ["sorted", "reversed", "last-swapped"])
def test_a_claim_of_order_is_written_as_it_comes_or_sorted(
        model: Model, fmt: Format, jobs: int, arrangement: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Every check claims the runner's order (``Check.in_order``) and yields its
    findings in it, or not: the bytes are those of the runner, which sorts what the
    check yields; a check out of order is run a second time (and only then), a check in
    order once. Pieces of 7 findings, so that a check found out of order has already
    written some; with exceptions that suppress findings."""
    monkeypatch.setattr(pipeline, "_PIECE", 7)
    options = {"policy": _policy_accepting(model, 3)}
    originals = {c.id: (c.find, c.in_order) for c in CHECKS}
    claiming = [c for c in CHECKS if not c.ranked and not c.reviews_findings]
    calls: dict[str, int] = {}
    try:
        for c in claiming:
            object.__setattr__(c, "find", _arranged(c.find, c.id, arrangement, calls))
            object.__setattr__(c, "in_order", True)
        expected = _reference(model, fmt, **options)
        ctx = Context.build(model, AS_OF, options["policy"])
        out_of_order = {c.id for c in claiming
                        if not in_order([f.subjects for f in c.find(ctx)])}
        calls.clear()
        text, done = _streamed(model, fmt, jobs, **options)
    finally:
        for c in CHECKS:
            object.__setattr__(c, "find", originals[c.id][0])
            object.__setattr__(c, "in_order", originals[c.id][1])
    assert text == expected
    assert done.summary["suppressed"] > 0  # type: ignore[attr-defined]
    if arrangement == "sorted":
        assert not out_of_order
    else:
        assert len(out_of_order) >= 8  # most checks have two findings or more here
    if jobs == 1:  # the counts of the calls made in this process
        assert calls == {c.id: 2 if c.id in out_of_order else 1 for c in claiming}


def test_a_finding_of_another_check_is_refused_as_it_comes(model: Model) -> None:
    check = next(c for c in CHECKS if c.id == "vacant-role")
    other = next(c for c in CHECKS if c.id == "orphan-item")
    original = check.find, check.in_order
    try:
        object.__setattr__(check, "find", other.find)
        object.__setattr__(check, "in_order", True)
        with pytest.raises(ValueError, match="check vacant-role returned a finding of "
                                             "orphan-item"):
            check_and_write(model, Format.json, io.BytesIO(), as_of=AS_OF, jobs=1)
    finally:
        object.__setattr__(check, "find", original[0])
        object.__setattr__(check, "in_order", original[1])
