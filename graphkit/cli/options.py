"""Options shared by every command that reads a model."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from rich.progress import Progress

ModelArg = Annotated[Path, typer.Argument(
    help="The model: a .yaml/.json file, a folder of CSV files, or (with --mapping) an HR "
         "or organogram CSV/XLSX export.", show_default=False)]
MappingOpt = Annotated[str | None, typer.Option(
    "--mapping", "-m", metavar="NAME|FILE",
    help="Read MODEL through a column mapping: a built-in name (uk-organogram) or a "
         "mapping YAML file.")]
RaciOpt = Annotated[Path | None, typer.Option(
    "--raci", metavar="FILE",
    help="A RACI matrix (CSV/XLSX: duties as rows, roles as columns, R/A/C/I cells) merged "
         "into the model's duties.")]
AsOfOpt = Annotated[str | None, typer.Option(
    "--as-of", metavar="YYYY-MM-DD",
    help="Evaluate assignments, delegations, competencies and exceptions as of this date "
         "(default: today).")]
PolicyOpt = Annotated[Path | None, typer.Option(
    "--policy", metavar="FILE", help="A policy YAML file that replaces the model's policy.")]


def parse_as_of(value: str | None) -> date:
    """The as-of date of a command: the given ISO date, or today."""
    from ..errors import UsageError

    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:  # an option, not a file: no "<model>:" in front of it
        raise UsageError(f"--as-of: '{value}' is not a date "
                         "(expected an ISO date YYYY-MM-DD)") from None


def load_model(path: Path, mapping: str | None = None,  # type: ignore[no-untyped-def]
               raci: Path | None = None):
    """Load the model a command was given (see :func:`graphkit.loaders.load`)."""
    from ..loaders import load

    return load(path, mapping=mapping, raci=raci)


def progress_bar() -> Progress:
    """A progress bar on stderr for long work, shown only when stderr is a terminal and
    gone once the work is done (so CI logs and redirected output stay clean)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from . import err_console

    return Progress(TextColumn("{task.description:<24}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), console=err_console, transient=True,
                    disable=not err_console.is_terminal)
