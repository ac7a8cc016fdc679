"""``graphkit check`` (run the checks, render the findings, gate on a severity) and
``graphkit checks`` (the catalogue).

Thin commands: parse, call :func:`graphkit.runner.run_checks`, render with
:mod:`graphkit.render`. Findings go to stdout (or ``-o FILE``); errors and the one-line
summary of a report written to a file go to stderr.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, BinaryIO, TypeVar

import typer
from rich.console import Console
from rich.text import Text

from ..errors import GraphkitError, InputError, Issue, UsageError
from ..findings import Check, Report, Severity
from ..iso import iso_label
from ..render import Format, about_model, write
from . import EXIT_FINDINGS, app, fail, keep_until_exit
from .options import (AsOfOpt, MappingOpt, PolicyOpt, RaciOpt, load_model, parse_as_of,
                      progress_bar)

if TYPE_CHECKING:
    from ..pipeline import Written

__all__ = ["CatalogueFormat", "FailOn", "check", "checks", "exit_code", "parse_check_ids"]


class FailOn(str, Enum):
    """The least severity that makes ``graphkit check`` exit 1 (``never``: exit 0)."""

    info = "info"
    low = "low"
    medium = "medium"
    high = "high"
    critical = "critical"
    never = "never"


class CatalogueFormat(str, Enum):
    """Output formats of ``graphkit checks``."""

    table = "table"
    json = "json"


def _catalogue() -> tuple[Check, ...]:
    from ..queries.registry import CHECKS

    return CHECKS


def parse_check_ids(values: Iterable[str] | None, option: str,
                    known: Iterable[str]) -> list[str] | None:
    """Check ids from repeated and/or comma-separated option values; ``None`` when the
    option was not given. An id not in ``known`` is a :class:`UsageError` naming them all.

    >>> parse_check_ids(["orphan-item, overload", "vacant-role"], "--select",
    ...                 ["orphan-item", "overload", "vacant-role"])
    ['orphan-item', 'overload', 'vacant-role']
    >>> parse_check_ids(["orphans"], "--select", ["orphan-item", "overload"])
    Traceback (most recent call last):
    ...
    graphkit.errors.UsageError: --select: unknown check id 'orphans' (known ids: orphan-item, overload)
    """
    if values is None:
        return None
    known_ids = list(known)
    ids: list[str] = []
    for value in values:
        for part in value.split(","):
            cid = part.strip()
            if not cid:
                continue
            if cid not in known_ids:
                raise UsageError(f"{option}: unknown check id '{cid}' "
                                 f"(known ids: {', '.join(known_ids)})")
            if cid not in ids:
                ids.append(cid)
    if not ids:
        raise UsageError(f"{option}: no check id given (known ids: {', '.join(known_ids)})")
    return ids


def _live(report: Report | Written) -> tuple[dict[Severity, int], int]:
    """Findings not suppressed, by severity, and how many are suppressed."""
    if not isinstance(report, Report):
        return report.live(), report.suppressed
    live = Counter(f.severity for f in report.findings if not f.suppressed)
    return {s: live[s] for s in Severity}, len(report.findings) - sum(live.values())


def exit_code(report: Report | Written, fail_on: FailOn) -> int:
    """0 when no finding that is not suppressed reaches ``fail_on``, else 1.

    >>> from datetime import date
    >>> from graphkit.findings import Finding
    >>> f = Finding.make("vacant-role", Severity.medium, title="t", message="m",
    ...                  subjects=["role:x"], iso=[])
    >>> r = Report(as_of=date(2026, 1, 1), findings=[f])
    >>> exit_code(r, FailOn.medium), exit_code(r, FailOn.high), exit_code(r, FailOn.never)
    (1, 0, 0)
    """
    if fail_on is FailOn.never:
        return 0
    threshold = Severity(fail_on.value)
    live, _ = _live(report)
    hit = any(n for s, n in live.items() if s >= threshold)
    return EXIT_FINDINGS if hit else 0


def _write(path: Path, report: Report, fmt: Format, about: Any) -> None:
    """Write the report to ``path`` as it is rendered (JSON, CSV and SARIF piece by
    piece: the whole text of a large report is never held)."""
    _into(path, lambda out: write(report, fmt, out, about))


_T = TypeVar("_T")


def _into(path: Path, produce: Callable[[BinaryIO], _T]) -> _T:
    """``produce`` writing into ``path`` (opened for bytes); a file that cannot be
    written is an :class:`InputError` naming it and ``--output``."""
    try:
        with path.open("wb") as out:
            return produce(out)
    except OSError as exc:
        raise InputError(Issue(f"cannot write the report: {exc.strerror or exc}",
                               file=str(path), field="--output",
                               expected="a writable file in an existing folder")) from None


class _Stdout:
    """Rendered pieces (UTF-8) to ``sys.stdout`` as text, in its own encoding, as a
    whole rendered text would be written."""

    def write(self, data: bytes) -> None:
        sys.stdout.write(data.decode("utf-8"))


def _counts(report: Report | Written) -> str:
    live, suppressed = _live(report)
    total = sum(live.values())
    parts = [f"{live[s]} {s.value}" for s in sorted(Severity, key=lambda s: -s.rank)
             if live[s]]
    text = f"{total} finding{'s' if total != 1 else ''}"
    if parts:
        text += f" ({', '.join(parts)})"
    if suppressed:
        text += f", {suppressed} suppressed by exceptions"
    return text


@app.command(epilog="Exit codes: 0 no finding at or above --fail-on; 1 findings at or above "
             "it; 2 bad input or usage. Examples: graphkit check model.yaml; graphkit check "
             "people/ --format sarif -o graphkit.sarif; graphkit check model.yaml --select "
             "sod-conflict,vacant-role --fail-on medium.")
def check(
    model: Annotated[Path | None, typer.Argument(
        help="The model: a .yaml/.json file, a folder of CSV files, or (with --mapping) an "
             "HR or organogram CSV/XLSX export. Leave it out with --neo4j.",
        show_default=False)] = None,
    policy: PolicyOpt = None,
    as_of: AsOfOpt = None,
    fmt: Annotated[Format, typer.Option(
        "--format", "-f", case_sensitive=False,
        help="table: grouped by severity, for a terminal. json: the Python API's objects. "
             "sarif: SARIF 2.1.0 for code scanning. markdown: a report for an auditor. "
             "csv: one row per finding.")] = Format.table,
    fail_on: Annotated[FailOn, typer.Option(
        "--fail-on", case_sensitive=False,
        help="Exit 1 when a finding not suppressed by an exception is at least this "
             "severe (never: always exit 0 once the checks ran).")] = FailOn.high,
    select: Annotated[list[str] | None, typer.Option(
        "--select", metavar="IDS",
        help="Run only these checks: ids separated by commas, or the option repeated "
             "(see `graphkit checks`).")] = None,
    ignore: Annotated[list[str] | None, typer.Option(
        "--ignore", metavar="IDS",
        help="Skip these checks: ids separated by commas, or the option repeated.")] = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar="FILE", dir_okay=False,
        help="Write the report to FILE (UTF-8) instead of stdout; a one-line summary goes "
             "to stderr.")] = None,
    mapping: MappingOpt = None,
    raci: RaciOpt = None,
    neo4j: Annotated[str | None, typer.Option(
        "--neo4j", metavar="URI",
        help="Check the graph kept in Neo4j (or another Bolt server) instead of a file: "
             "the checks with a Cypher form run in the database, the others on the model "
             "pulled from it. Password from NEO4J_PASSWORD or a prompt.")] = None,
    neo4j_user: Annotated[str, typer.Option(
        "--user", envvar="NEO4J_USER", help="With --neo4j: the user.")] = "neo4j",
    neo4j_database: Annotated[str, typer.Option(
        "--database", envvar="NEO4J_DATABASE", help="With --neo4j: the database.")] = "neo4j",
    org: Annotated[str | None, typer.Option(
        "--org", help="With --neo4j: the organisation (needed when the database holds "
                      "several).")] = None,
    jobs: Annotated[int, typer.Option(
        "--jobs", "-j", min=0, max=2, metavar="N",
        help="Processes that run the checks for json and csv output: 1 or 2; 0 (the "
             "default) takes 2 on a machine with two or more cores when the model is "
             "large (50,000 people, roles, assignments, items and delegations or more) "
             "and the memory available is twice what graphkit holds after loading it, "
             "else 1. Two are quicker; the second copies much of the model. The report "
             "is the same.")] = 0,
) -> None:
    """Run the accountability checks on MODEL and report the findings.

    Every check runs as of one date (--as-of, default today), so a report can be
    reproduced. Findings are grouped by severity with their ISO/IEC 27001:2022
    references, subjects and evidence; findings accepted by a valid exception in the
    policy are shown as suppressed and never fail the run.
    """
    report: Report | Written
    try:
        known = [c.id for c in _catalogue()]
        selected = parse_check_ids(select, "--select", known)
        ignored = parse_check_ids(ignore, "--ignore", known)
        day = parse_as_of(as_of)
        if neo4j is not None:
            if model is not None or policy is not None or mapping is not None:
                raise UsageError("--neo4j checks the graph in the database: give it "
                                 "without MODEL, --policy or --mapping")
            pulled, about = _check_in_database(neo4j, neo4j_user, neo4j_database, org, day,
                                               selected, ignored)
            _emit(pulled, about, fmt, output)
            raise typer.Exit(exit_code(pulled, fail_on))
        if model is None:
            raise UsageError("missing MODEL (a model file or folder), or --neo4j URI")
        loaded = load_model(model, mapping, raci)
        chosen_policy = None
        if policy is not None:
            from ..loaders.policyfile import read_policy_file

            chosen_policy = read_policy_file(policy, loaded)
        from ..runner import checks_to_run, run_checks, select_checks

        chosen = select_checks(selected, ignored)
        about = about_model(loaded, model_path=model, checks=chosen)
        with progress_bar() as bar:
            task = bar.add_task("building the context", total=checks_to_run(chosen) + 1)

            def step(done: str, found: int) -> None:
                if done == "report":  # the report is written next: not under the bar
                    if output is None:
                        bar.stop()
                    else:
                        bar.update(task, description=f"writing {found:,} findings")
                else:
                    bar.update(task, advance=1, description=f"{done}: {found:,} findings"
                               if done != "context" else "context built")

            if fmt is Format.table:
                whole = run_checks(loaded, as_of=day, policy=chosen_policy,
                                   select=selected, ignore=ignored, on_step=step)
            else:
                written = _check_and_write(loaded, fmt, output, day, chosen_policy,
                                           selected, ignored, about, step, jobs)
        if fmt is Format.table:
            _emit(whole, about, fmt, output)
        report = whole if fmt is Format.table else written
        keep_until_exit(loaded, report)
    except GraphkitError as error:
        fail(error)
    else:
        raise typer.Exit(exit_code(report, fail_on))


def _check_and_write(model: Any, fmt: Format, output: Path | None, day: Any, policy: Any,
                     selected: list[str] | None, ignored: list[str] | None, about: Any,
                     step: Any, jobs: int) -> Written:
    """Run the checks and write the report as they go (:mod:`graphkit.pipeline`), to
    ``output`` (with a summary line on stderr) or to stdout."""
    from ..pipeline import check_and_write, default_jobs

    def run(out: Any) -> Written:
        return check_and_write(model, fmt, out, as_of=day, policy=policy, select=selected,
                               ignore=ignored, about=about, on_step=step,
                               jobs=jobs or default_jobs(model))

    if output is None:
        written = run(_Stdout())
        sys.stdout.flush()
        return written
    written = _into(output, run)
    typer.echo(f"{_counts(written)} as of {written.as_of.isoformat()}; "
               f"{fmt.value} report written to {output}", err=True)
    return written


def _emit(report: Report, about: Any, fmt: Format, output: Path | None) -> None:
    """Render ``report`` to ``output`` (with a summary line on stderr) or to stdout."""
    if output is not None:
        _write(output, report, fmt, about)
        typer.echo(f"{_counts(report)} as of {report.as_of.isoformat()}; "
                   f"{fmt.value} report written to {output}", err=True)
    elif fmt is Format.table:
        from ..render.table import print_report

        print_report(report, about, Console(highlight=False, emoji=False, markup=False))
    else:
        write(report, fmt, _Stdout(), about)
        sys.stdout.flush()


def _check_in_database(uri: str, user: str, database: str, org: str | None, day: Any,
                       selected: list[str] | None,
                       ignored: list[str] | None) -> tuple[Report, Any]:
    """Run the checks where the graph lives (see :mod:`graphkit.queries.in_database`)."""
    from ..runner import select_checks
    from .neo4j import report_from_database

    report, _key, model = report_from_database(uri, user, database, org, day, selected,
                                               ignored, with_model=True)
    about = about_model(model, model_path=None, checks=select_checks(selected, ignored))
    return report, about


def _catalogue_data(catalogue: Iterable[Check]) -> list[dict[str, Any]]:
    from ..iso import is_known, iso_title

    return [{
        "id": c.id,
        "title": c.title,
        "severity": c.severity.value,
        "iso": [{"ref": ref, "title": iso_title(ref) if is_known(ref) else None}
                for ref in c.iso],
        "remediation": c.remediation,
        "family": c.family,
        "description": c.description,
    } for c in catalogue]


@app.command()
def checks(
    fmt: Annotated[CatalogueFormat, typer.Option(
        "--format", "-f", case_sensitive=False,
        help="table for reading, json for tools.")] = CatalogueFormat.table,
) -> None:
    """List the catalogue of checks: id, default severity, ISO/IEC 27001:2022
    references with their titles, and the remediation.

    A check may grade its findings (by the item's criticality, for instance); the
    severity shown is its default. Use the ids with `graphkit check --select/--ignore`.
    """
    catalogue = _catalogue()
    if fmt is CatalogueFormat.json:
        sys.stdout.write(json.dumps(_catalogue_data(catalogue), indent=2,
                                    ensure_ascii=False) + "\n")
        return
    console = Console(highlight=False, emoji=False, markup=False)
    console.print(Text(f"graphkit checks ({len(catalogue)})", style="bold"))
    for c in catalogue:
        entry = Text("\n")
        entry.append(c.id, style="bold")
        entry.append(f"  {c.severity.value}", style="yellow")
        entry.append(f"  {c.title}")
        for ref in c.iso:
            entry.append(f"\n  {iso_label(ref)}", style="cyan")
        entry.append(f"\n  remediation: {c.remediation}", style="dim")
        console.print(entry)
