"""``graphkit neo4j push|pull``: the model in Neo4j (or any Bolt server) and back.

The password comes from ``NEO4J_PASSWORD`` or, on a terminal, a hidden prompt; never
from the command line, where other users could read it. A server that cannot be
reached, a refused password or an unknown database is one line on stderr and exit 2.
"""

from __future__ import annotations

import logging
import os
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import UsageError
from . import app, err_console
from .options import (AsOfOpt, MappingOpt, ModelArg, RaciOpt, load_model, parse_as_of,
                      progress_bar)

if TYPE_CHECKING:
    from datetime import date

    from rich.progress import Progress

    from ..findings import Report
    from ..model import Model

__all__ = ["neo4j_app", "report_from_database"]

neo4j_app = typer.Typer(
    name="neo4j", no_args_is_help=True,
    help="Push a model into Neo4j (or any Bolt server) and pull it back. The password "
         "comes from NEO4J_PASSWORD or a hidden prompt.")
app.add_typer(neo4j_app, name="neo4j")

UriOpt = Annotated[str, typer.Option(
    "--uri", envvar="NEO4J_URI", metavar="URI",
    help="The server: bolt://host:7687 or neo4j://host:7687 (env NEO4J_URI).")]
UserOpt = Annotated[str, typer.Option("--user", "-u", envvar="NEO4J_USER",
                                      help="User name (env NEO4J_USER).")]
DatabaseOpt = Annotated[str, typer.Option("--database", "-d", envvar="NEO4J_DATABASE",
                                          help="Database name (env NEO4J_DATABASE).")]


def _password() -> str:
    password = os.environ.get("NEO4J_PASSWORD")
    if password is not None:
        return password
    if not sys.stdin.isatty():
        raise UsageError("no password: set NEO4J_PASSWORD (it is never taken as an option)")
    return str(typer.prompt("Password", hide_input=True))


def _quiet_driver_logs() -> None:
    # the driver logs each retry as a warning; the command says what failed, once
    logging.getLogger("neo4j").addHandler(logging.NullHandler())


@neo4j_app.command("push")
def push_command(
    model_path: ModelArg,
    uri: UriOpt = "bolt://localhost:7687",
    user: UserOpt = "neo4j",
    database: DatabaseOpt = "neo4j",
    replace: Annotated[bool, typer.Option(
        "--replace", help="Also delete what the organisation has in the database and the "
                          "model no longer has.")] = False,
    batch_size: Annotated[int, typer.Option(
        "--batch-size", min=1, max=100_000, help="Rows per transaction.")] = 500,
    mapping: MappingOpt = None,
    raci: RaciOpt = None,
) -> None:
    """Write MODEL into the database: constraints, then batches of nodes and relationships.

    Pushing the same model again changes nothing; an interrupted push, run again,
    completes.
    """
    from ..loaders.neo4j import connect, org_key, push

    model = load_model(model_path, mapping, raci)
    _quiet_driver_logs()
    driver = connect(uri, user, _password(), database)
    try:
        with progress_bar() as bar:
            task = bar.add_task("connecting", total=None)

            def progress(step: str, done: int, total: int) -> None:
                bar.update(task, description=step, completed=done, total=total)

            counts = push(model, driver, database, replace=replace, batch_size=batch_size,
                          progress=progress)
    finally:
        driver.close()
    written = sum(n for step, n in counts.items() if not step.startswith("deleted"))
    deleted = sum(n for step, n in counts.items() if step.startswith("deleted"))
    print(f"pushed organisation '{org_key(model)}' to {uri} (database '{database}'): "
          f"{len(model.people)} people, {len(model.roles)} roles, {len(model.assets)} assets, "
          f"{len(model.risks)} risks, {len(model.duties)} duties; {written} rows written"
          + (f", {deleted} deleted" if replace else ""))


@neo4j_app.command("pull")
def pull_command(
    output: Annotated[Path, typer.Option(
        "--output", "-o", metavar="MODEL",
        help="Where to write the model: .yaml, .json, or a folder of CSV files.")],
    uri: UriOpt = "bolt://localhost:7687",
    user: UserOpt = "neo4j",
    database: DatabaseOpt = "neo4j",
    org: Annotated[str | None, typer.Option(
        "--org", help="The organisation to read (needed when the database holds several).")]
    = None,
) -> None:
    """Read an organisation's graph from the database back into a model file."""
    from ..loaders import save
    from ..loaders.neo4j import connect, pull

    _quiet_driver_logs()
    driver = connect(uri, user, _password(), database)
    try:
        model = pull(driver, database, org)
    finally:
        driver.close()
    save(model, output)
    print(f"pulled {len(model.people)} people, {len(model.roles)} roles, "
          f"{len(model.assets)} assets, {len(model.risks)} risks, {len(model.duties)} duties "
          f"into {output}")


class _Format(str, Enum):
    table = "table"
    json = "json"


@neo4j_app.command("check")
def check_command(
    uri: UriOpt = "bolt://localhost:7687",
    user: UserOpt = "neo4j",
    database: DatabaseOpt = "neo4j",
    org: Annotated[str | None, typer.Option(
        "--org", help="The organisation to check (needed when the database holds several).")]
    = None,
    as_of: AsOfOpt = None,
    select: Annotated[str | None, typer.Option(
        "--select", metavar="IDS",
        help="Comma-separated check ids, or 'all' (default: the checks with a Cypher form; "
             "the others run on the model pulled from the database).")] = None,
    output_format: Annotated[_Format, typer.Option(
        "--format", "-f", help="table or json.")] = _Format.table,
    fail_on: Annotated[str, typer.Option(
        "--fail-on", metavar="SEVERITY",
        help="Exit 1 when a finding not suppressed by an exception is at or above this "
             "severity (info..critical).")] = "high",
) -> None:
    """Run checks where the graph lives: those with a Cypher form (orphan-item,
    multiple-accountable, delegation-cycle, delegation-depth, unfounded-delegation,
    lapsed-delegation, vacant-role, sod-conflict, acceptance-authority, authority-gap,
    leaver-holds, reporting-line, overload) as Cypher in the database."""
    import json

    from ..findings import Severity
    from ..queries.in_database import CYPHER_CHECKS

    try:
        threshold = Severity(fail_on)
    except ValueError:
        raise UsageError(f"--fail-on {fail_on!r} is not a severity (expected one of "
                         "info, low, medium, high, critical)") from None
    day = parse_as_of(as_of)
    if select is None:
        selected: list[str] | None = list(CYPHER_CHECKS)
    elif select.strip() == "all":
        selected = None
    else:
        selected = [s.strip() for s in select.split(",") if s.strip()]
    report, key, _model = report_from_database(uri, user, database, org, day, selected)
    if output_format is _Format.json:
        print(json.dumps(report.model_dump(mode="json"), ensure_ascii=False, indent=2))
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table("severity", "check", "subjects", "message", title=(
            f"{report.summary['total']} finding(s) in '{key}' as of {day.isoformat()}"))
        for f in report.findings:
            table.add_row(f.severity.value + (" (suppressed)" if f.suppressed else ""),
                          f.check, "\n".join(f.subjects), f.message)
        Console(highlight=False).print(table)
    if any(f.severity >= threshold and not f.suppressed for f in report.findings):
        raise typer.Exit(1)


def report_from_database(uri: str, user: str, database: str, org: str | None, day: date,
                         select: list[str] | None, ignore: list[str] | None = None, *,
                         with_model: bool = False) -> tuple[Report, str, Model | None]:
    """Connect, find the organisation, and run the checks where the graph lives (see
    :func:`graphkit.queries.in_database.report_in_database`); with ``with_model``, also pull
    the model (for a report's header and source locations). Returns the report, the
    organisation's key and the model (or None)."""
    from ..loaders.neo4j import connect, pull, resolve_org, translated_errors
    from ..queries.in_database import report_in_database

    _quiet_driver_logs()
    driver = connect(uri, user, _password(), database)
    try:
        key = resolve_org(driver, database, org)
        with translated_errors(uri, database):
            report = report_in_database(driver, database, key, day, select=select,
                                        ignore=ignore)
            model = pull(driver, database, key) if with_model else None
    finally:
        driver.close()
    return report, key, model
