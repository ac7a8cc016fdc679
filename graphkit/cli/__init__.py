"""The ``graphkit`` command line: thin commands over the library.

Each command parses its options, calls one function of the library and renders the
result. Commands live in the modules of this package, one per topic, and are added to
the app in :data:`COMMAND_MODULES` order; only commands that work are registered.

Exit codes: 0 nothing at or above ``--fail-on``; 1 findings at or above it; 2 bad input
or usage (one clear line per problem on stderr); 130 interrupted.
"""

from __future__ import annotations

import gc
import importlib
import os
import sys
from typing import Annotated, NoReturn

import typer
from rich.console import Console

from .. import __version__
from ..errors import GraphkitError

__all__ = ["app", "keep_until_exit", "main", "run"]

EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

app = typer.Typer(
    name="graphkit",
    help="Who stays accountable, and the gaps an ISO/IEC 27001 auditor looks for.\n\n"
    "Load a model of people, roles, assets, risks, duties and delegations (YAML, JSON, "
    "or a folder of CSV files) and ask it questions.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)

err_console = Console(stderr=True, highlight=False, soft_wrap=True)

_state = {"debug": False}

#: Modules whose import adds commands to ``app``; one line per topic.
COMMAND_MODULES: tuple[str, ...] = ("model", "check", "trace", "whatif", "view", "neo4j", "generate")


def _version(value: bool) -> None:
    if value:
        print(f"graphkit {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors.")] = False,
) -> None:
    _state["debug"] = debug


def fail(error: GraphkitError) -> None:
    """Print an error as one line per problem on stderr, and exit 2."""
    for line in error.lines():
        err_console.print(f"error: {line}", markup=False)
    raise typer.Exit(EXIT_USAGE)


#: What the last command built (its model and report), kept alive so that :func:`run`
#: can end the process without freeing it object by object (see :func:`run`).
_built: list[object] = []


def keep_until_exit(*objects: object) -> None:
    """Keep what a command built alive until the process ends (replacing what the
    previous command in this process kept), so that :func:`run` does not pay for
    freeing it."""
    _built[:] = objects


for _name in COMMAND_MODULES:
    importlib.import_module(f"{__name__}.{_name}")


def run() -> NoReturn:
    """The ``graphkit`` console script: :func:`main`, then the process ends without
    freeing what the command built. A command is one process; freeing a large model and
    report object by object only costs time (about a second at 100,000 people), so, as
    mypy does, the standard streams are flushed and the process leaves with
    ``os._exit``. Files a command writes are closed by the command itself, and nothing
    in graphkit registers exit handlers. In-process callers use :func:`main`."""
    code: int
    try:
        main()
        code = 0
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            code = exc.code or 0
        else:  # sys.exit("message"): print it, as the interpreter would
            print(exc.code, file=sys.stderr)
            code = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (BrokenPipeError, ValueError):  # a closed pipe or stream: nothing to flush to
            pass
    os._exit(code)


def main() -> None:
    """Entry point: run the app, turning graphkit errors into exit code 2."""
    debug = "--debug" in sys.argv[1:]
    # One command per process: no cyclic-GC passes over the millions of objects a large
    # model makes (reference counting frees them; see graphkit.semantics.paused_gc).
    gc.disable()
    try:
        # without standalone mode, a command's typer.Exit comes back as its exit code
        code = app(standalone_mode=False)
        if isinstance(code, int) and code != 0:
            sys.exit(code)
    except GraphkitError as exc:
        if debug:
            raise
        for line in exc.lines():
            err_console.print(f"error: {line}", markup=False)
        sys.exit(EXIT_USAGE)
    except KeyboardInterrupt:
        err_console.print("interrupted", markup=False)
        sys.exit(EXIT_INTERRUPTED)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        err_console.print("aborted", markup=False)
        sys.exit(EXIT_INTERRUPTED)
    except Exception as exc:
        # click's usage errors (typer vendors click, so match by shape, not by class)
        show, exit_code = getattr(exc, "show", None), getattr(exc, "exit_code", None)
        if callable(show) and isinstance(exit_code, int):
            show()
            sys.exit(exit_code)
        if debug:
            raise
        err_console.print(f"internal error: {type(exc).__name__}: {exc} "
                          "(run again with --debug for a traceback, and report it)", markup=False)
        sys.exit(70)
