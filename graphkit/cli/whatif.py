"""``graphkit whatif`` (simulate leavers, rank key people), ``graphkit diff`` (two
snapshots) and ``graphkit statement`` (one person's responsibilities).

Thin commands: parse, call :mod:`graphkit.queries.whatif`, :mod:`graphkit.queries.diff`
or :mod:`graphkit.queries.statement`, render. Results go to stdout (or ``-o``); errors
and notes go to stderr. Names from the model are never read as rich markup.
"""

from __future__ import annotations

import io
import json
from dataclasses import asdict
from datetime import date
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..errors import InputError, Issue, UsageError
from ..findings import Finding, Severity
from ..model import Model, Policy
from . import EXIT_FINDINGS, app
from .check import FailOn
from .options import AsOfOpt, MappingOpt, ModelArg, PolicyOpt, RaciOpt, load_model, parse_as_of

if TYPE_CHECKING:
    from ..compact.frames import Frames
    from ..queries.whatif import Impact

__all__ = ["Engine", "OutFormat", "diff", "statement", "whatif"]


class OutFormat(str, Enum):
    """Output formats of ``whatif`` and ``diff``."""

    table = "table"
    json = "json"
    markdown = "markdown"


class Engine(str, Enum):
    """How ``whatif --rank`` computes the ranking (the same ranking either way)."""

    auto = "auto"
    compact = "compact"
    reference = "reference"


FormatOpt = Annotated[OutFormat, typer.Option("--format", "-f", help="Output format.")]
OutputOpt = Annotated[Path | None, typer.Option(
    "--output", "-o", metavar="FILE", help="Write the result to FILE instead of stdout.")]


def _policy(path: Path | None, model: Model) -> Policy | None:
    if path is None:
        return None
    from ..loaders.policyfile import read_policy_file

    chosen: Policy = read_policy_file(path, model)
    return chosen


def _write(path: Path, text: str, option: str = "--output") -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(Issue(f"cannot write: {exc.strerror or exc}", file=str(path),
                               field=option, expected="a writable file in an existing "
                                                      "folder")) from None


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        typer.echo(text, nl=not text.endswith("\n"))
    else:
        _write(output, text)


def _rich(render: object, output: Path | None) -> None:
    """Print rich renderables to stdout, or render them as plain text into ``output``."""
    items = render if isinstance(render, list) else [render]
    if output is None:
        console = Console(highlight=False, soft_wrap=False)
        for r in items:
            console.print(r)
        return
    console = Console(record=True, highlight=False, width=160, file=io.StringIO())
    for r in items:
        console.print(r)
    _write(output, console.export_text())


def _findings_table(title: str, findings: list[Finding]) -> Table:
    table = Table(title=f"{title} ({len(findings)})", title_justify="left", expand=False)
    for col in ("severity", "check", "subjects", "message"):
        table.add_column(col, overflow="fold")
    for f in findings:
        table.add_row(f.severity.value, f.check, Text(", ".join(f.subjects)), Text(f.message))
    return table


def _json(data: object) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


# --- whatif -----------------------------------------------------------------------------

@app.command("whatif")
def whatif(
    model: ModelArg,
    without: Annotated[list[str] | None, typer.Option(
        "--without", "-w", metavar="person:ID|role:ID",
        help="Someone who leaves (person:ID), or a role whose every assignment is dropped "
             "(role:ID). Repeat for several.")] = None,
    rank: Annotated[bool, typer.Option(
        "--rank", help="Rank every person by the impact of their absence alone.")] = False,
    top: Annotated[int | None, typer.Option(
        "--top", metavar="N", min=1,
        help="With --rank: the first N people (default: everyone whose absence alone has "
             "an impact).")] = None,
    absent: Annotated[bool, typer.Option(
        "--absent", help="Treat the people as away (absent) rather than gone (leavers): "
                         "they keep their assignments but cannot act.")] = False,
    fmt: FormatOpt = OutFormat.table,
    as_of: AsOfOpt = None,
    mapping: MappingOpt = None,
    raci: RaciOpt = None,
    policy: PolicyOpt = None,
    output: OutputOpt = None,
    engine: Annotated[Engine, typer.Option(
        "--engine", case_sensitive=False,
        help="With --rank: 'compact' computes the ranking on columnar tables (polars / "
             "numpy; a CSV folder is read column-wise, without one object per row), "
             "'reference' with the reference reading of the model; the same ranking "
             "either way. 'auto' (default): compact for a CSV folder read without "
             "--mapping/--raci, else reference. --without always uses the reference.")
    ] = Engine.auto,
) -> None:
    """What breaks if someone leaves; with --rank, who matters most.

    Prints the findings the change creates and resolves, and the items that lose all
    coverage. With --rank, everyone ranked by the impact of their absence alone.
    """
    from ..queries.whatif import rank as rank_people
    from ..queries.whatif import whatif as simulate

    if rank and without:
        raise UsageError("give either --without or --rank, not both")
    if not rank and not without:
        raise UsageError("give --without person:ID (or role:ID), or --rank")
    if top is not None and not rank:
        raise UsageError("--top goes with --rank")
    if engine is Engine.compact and not rank:
        raise UsageError("--engine compact answers --rank only; --without uses the "
                         "reference reading")
    day = parse_as_of(as_of)
    plain_folder = model.is_dir() and mapping is None and raci is None
    if rank and (engine is Engine.compact or (engine is Engine.auto and plain_folder)):
        impacts, names = _compact_rank(model, day, top, mapping, raci, policy)
        _render_rank(names, impacts, day, fmt, output, top is None)
        return
    loaded = load_model(model, mapping, raci)
    chosen = _policy(policy, loaded)
    if rank:
        impacts = rank_people(loaded, as_of=day, policy=chosen, top=top)
        shown = {i.person for i in impacts}
        _render_rank({p.id: p.name for p in loaded.people if p.id in shown}, impacts, day,
                     fmt, output, top is None)
        return
    result = simulate(loaded, list(without or []), as_of=day, policy=chosen, absent=absent)
    if fmt is OutFormat.json:
        _emit(_json(result.model_dump(mode="json")), output)
    elif fmt is OutFormat.markdown:
        _emit(result.to_markdown(), output)
    else:
        how = "were away" if absent else "left"
        lost = Table(title=f"Items that lose all coverage ({len(result.coverage_lost)})",
                     title_justify="left")
        for col in ("item", "criticality", "side lost", "covered before by"):
            lost.add_column(col, overflow="fold")
        for c in result.coverage_lost:
            lost.add_row(Text(c.item), c.criticality.value, ", ".join(c.lost),
                         Text(", ".join(c.covered_by)))
        head = Text(f"What if {', '.join(result.without)} {how}, as of {day.isoformat()}")
        _rich([head, lost, _findings_table("Findings created", result.created),
               _findings_table("Findings resolved", result.resolved)], output)


def _compact_rank(path: Path, day: date, top: int | None, mapping: str | None,
                  raci: Path | None, policy: Path | None,
                  ) -> tuple[list[Impact], dict[str, str | None]]:
    """The ranking by the compact path, and the names of the people in it.

    A CSV folder is read column-wise (validated, see
    :func:`graphkit.compact.frames.folder_frames`); any other input, a folder the
    column-wise reading declines (it is then read by the reference loader, which reports
    what is wrong), or a ``--policy`` file (checked against the model, though the ranking
    does not depend on it) goes through the validated model.
    """
    from ..compact import frames_from_model, rank_frames
    from ..compact.frames import folder_frames

    frames = None
    if path.is_dir() and mapping is None and raci is None and policy is None:
        frames = folder_frames(path)
    if frames is None:
        loaded = load_model(path, mapping, raci)
        _policy(policy, loaded)
        frames = frames_from_model(loaded)
    impacts = rank_frames(frames, as_of=day, top=top)
    shown = _names(frames, {i.person for i in impacts})
    return impacts, shown


def _names(frames: Frames, people: set[str]) -> dict[str, str | None]:
    """The names of ``people`` (ids) from the people frame."""
    import polars as pl

    found = frames.people.filter(pl.col("id").is_in(list(people))).select("id", "name")
    return dict(found.iter_rows())


def _render_rank(names: dict[str, str | None], impacts: list[Impact], day: date,
                 fmt: OutFormat, output: Path | None, only_nonzero: bool) -> None:
    from ..queries.statement import md_code, md_escape

    shown = [i for i in impacts if i.score > 0] if only_nonzero else impacts
    if fmt is OutFormat.json:
        _emit(_json({"as_of": day.isoformat(),
                     "ranking": [asdict(i) for i in shown]}), output)
        return
    if fmt is OutFormat.markdown:
        lines = [f"# Key people as of {day.isoformat()}", "",
                 ("| # | person | score | items losing coverage | roles below min_holders "
                 "| delegations broken |"), "|---|---|---|---|---|---|"]
        for n, i in enumerate(shown, 1):
            who = md_code(i.person) + (f" {md_escape(names[i.person])}"
                                       if names.get(i.person) else "")
            lines.append(f"| {n} | {who} | {i.score} | "
                         f"{', '.join(md_code(x) for x in i.items)} | "
                         f"{', '.join(md_code(x) for x in i.roles)} | "
                         f"{', '.join(md_code(x) for x in i.delegations)} |")
        _emit("\n".join(lines) + "\n", output)
        return
    table = Table(title=f"Impact of each absence, as of {day.isoformat()}",
                  title_justify="left")
    for col in ("#", "person", "score", "items losing coverage", "roles below min_holders",
                "delegations broken"):
        table.add_column(col, overflow="fold")
    for n, i in enumerate(shown, 1):
        who = i.person + (f" ({names[i.person]})" if names.get(i.person) else "")
        table.add_row(str(n), Text(who), str(i.score), Text(", ".join(i.items)),
                      Text(", ".join(i.roles)), Text(", ".join(i.delegations)))
    notes: list[object] = [table]
    if only_nonzero and len(shown) < len(impacts):
        notes.append(Text(f"{len(impacts) - len(shown)} other people: no impact alone."))
    _rich(notes, output)


# --- diff -------------------------------------------------------------------------------

@app.command("diff")
def diff(
    old: Annotated[Path, typer.Argument(help="The earlier snapshot of the model.",
                                        show_default=False)],
    new: Annotated[Path, typer.Argument(help="The later snapshot of the model.",
                                        show_default=False)],
    fail_on_new: Annotated[FailOn, typer.Option(
        "--fail-on-new", metavar="SEVERITY",
        help="Exit 1 when the new snapshot introduces a finding of this severity or above "
             "(info, low, medium, high, critical, never).")] = FailOn.never,
    fmt: FormatOpt = OutFormat.table,
    as_of: AsOfOpt = None,
    mapping: MappingOpt = None,
    raci: RaciOpt = None,
    output: OutputOpt = None,
) -> None:
    """Compare two snapshots of a model: findings and register changes.

    Findings new, resolved and unchanged (by fingerprint); people, roles, assignments,
    owners, delegations and policy added, removed or changed. Each snapshot is checked
    under its own policy.
    """
    from ..queries.diff import diff as compare

    day = parse_as_of(as_of)
    result = compare(load_model(old, mapping, raci), load_model(new, mapping, raci),
                     as_of=day)
    if fmt is OutFormat.json:
        _emit(_json(result.model_dump(mode="json")), output)
    elif fmt is OutFormat.markdown:
        _emit(result.to_markdown(), output)
    else:
        changes = Table(title=f"Model changes ({len(result.changes)})", title_justify="left")
        for col in ("section", "entry", "change", "fields"):
            changes.add_column(col, overflow="fold")
        for c in result.changes:
            fields = "; ".join(f"{k}: {o!r} -> {n!r}" for k, (o, n) in c.fields.items())
            changes.add_row(c.section, Text(c.key), c.change, Text(fields))
        _rich([Text(f"{old} -> {new}, as of {day.isoformat()}"),
               _findings_table("New findings", result.new),
               _findings_table("Resolved findings", result.resolved),
               Text(f"Unchanged findings: {len(result.unchanged)}"), changes], output)
    if fail_on_new is not FailOn.never and result.new_at_or_above(Severity(fail_on_new.value)):
        raise typer.Exit(EXIT_FINDINGS)


# --- statement --------------------------------------------------------------------------

@app.command("statement")
def statement(
    model: ModelArg,
    person: Annotated[str | None, typer.Argument(
        metavar="[person:ID]", help="The person whose statement to write.",
        show_default=False)] = None,
    all_people: Annotated[bool, typer.Option(
        "--all", help="One statement per person (leavers excepted) into the folder -o DIR.")
    ] = False,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar="FILE.md|DIR",
        help="Write to FILE.md (one person) or into DIR (with --all).")] = None,
    no_findings: Annotated[bool, typer.Option(
        "--no-findings", help="Leave out the findings that name the person (the checks are "
                              "not run: quicker on very large models).")] = False,
    as_of: AsOfOpt = None,
    mapping: MappingOpt = None,
    raci: RaciOpt = None,
    policy: PolicyOpt = None,
) -> None:
    """One person's responsibilities, as Markdown to read and acknowledge.

    Roles, items accountable and responsible for, delegations given and received,
    competencies, pending acknowledgements, and open findings that name them.
    """
    from ..queries.statement import statement as write_one
    from ..queries.statement import statement_filename, statements

    if all_people and person is not None:
        raise UsageError("give a person or --all, not both")
    if not all_people and person is None:
        raise UsageError("give a person (person:ID), or --all -o DIR")
    if all_people and output is None:
        raise UsageError("--all needs -o DIR, the folder to write one statement per person")
    day = parse_as_of(as_of)
    loaded = load_model(model, mapping, raci)
    chosen = _policy(policy, loaded)
    if not all_people:
        assert person is not None
        _emit(write_one(loaded, person, as_of=day, policy=chosen, findings=not no_findings),
              output)
        return
    assert output is not None
    try:
        output.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(Issue(f"cannot create the folder: {exc.strerror or exc}",
                               file=str(output), field="--output",
                               expected="a folder that can be created")) from None
    taken: set[str] = set()
    count = 0
    for pid, text in statements(loaded, as_of=day, policy=chosen, findings=not no_findings):
        _write(output / statement_filename(pid, taken), text)
        count += 1
    typer.echo(f"wrote {count} statement{'s' if count != 1 else ''} to {output}", err=True)
