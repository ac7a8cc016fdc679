"""``graphkit generate``: a synthetic organisation for benchmarks and experiments."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import Progress

from ..errors import InputError, Issue
from . import app, err_console


@app.command()
def generate(
    people: Annotated[int, typer.Option("--people", "-n", min=1, max=10_000_000,
                                        help="How many people the organisation has.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="The CSV folder to write.")],
    seed: Annotated[int, typer.Option("--seed", "-s", help="Same seed, same files.")] = 0,
    force: Annotated[bool, typer.Option("--force", help="Write into a non-empty folder.")] = False,
) -> None:
    """Write a believable synthetic organisation of N people as a CSV folder.

    A reporting tree (fan-out 7), N/6 posts of 300 role types with inheritance and
    deputies, about 2N assets, N/2 risks, N/10 duties with RACI, 0.3N delegations (some
    in cycles or too deep), SoD rules, leavers, absences and expired competencies; meant to be checked
    as of 2026-12-01. Deterministic for a seed; streamed, so 1,000,000 people fit.

    Example: graphkit generate --people 100000 --seed 7 -o /tmp/org100k
    """
    from ..generate import generate as run

    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not force)):
        raise InputError(Issue("exists and is not an empty folder", file=str(out),
                               expected="a new or empty folder, or --force"))
    with Progress(console=err_console, transient=True) as progress:
        task = progress.add_task("generating", total=8)

        def step(section: str, rows: int) -> None:
            progress.update(task, advance=1, description=f"{section}: {rows:,} rows")

        counts = run(people, seed=seed, out=out, progress=step)
    total = sum(v for k, v in counts.items() if k != "sod_rules")
    print(f"wrote {out}: " + ", ".join(f"{v:,} {k}" for k, v in counts.items())
          + f" ({total:,} rows)")
