"""Time the compact what-if ranking stage by stage on a generated CSV folder.

    python benchmarks/bench_compact_rank.py /tmp/graphkit-bench/org-100000-1 [--top 20]
        [--reader raw|columns|model] [--check] [--cli]

Prints, after each stage, its wall, user and system seconds, its minor page faults and
the process's peak RSS so far. The stages of ``graphkit whatif --rank`` on a CSV folder:

- ``validate``: :func:`graphkit.loaders.columns.validated_columns` (``--reader
  columns``, the product's path), or the reference loader (``--reader model``), or
  polars reading the CSV **without validating** (``--reader raw``: a benchmark of the
  compact tables alone, never the product's path);
- ``frames``: :func:`graphkit.compact.frames.frames_from_columns` (or
  :func:`~graphkit.compact.frames_from_model`);
- ``tables``: :func:`graphkit.compact.build_tables`;
- ``rank``: :func:`graphkit.compact.rank.rank_tables`;
- ``output``: the names of the people shown and the table the CLI prints (rendered
  into a string here).

``--cli`` then runs ``graphkit whatif FOLDER --rank --top N`` end to end in a child
process and prints its wall, user and system seconds, faults and peak RSS (from
``wait4``). ``--check`` also runs the reference :func:`graphkit.queries.whatif.rank`
and compares the lists. No assertion on time. Read user + system rather than wall when
the machine is shared.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import subprocess
import sys
import time
from dataclasses import asdict
from datetime import date
from pathlib import Path

import polars as pl

from graphkit.compact import Frames, build_tables
from graphkit.compact.frames import SCHEMAS
from graphkit.compact.rank import rank_tables

AS_OF = date(2026, 12, 1)


def _raw_frames(folder: Path) -> Frames:
    """The frames of a generated folder read as text by polars, NOT validated, with
    canonical references assumed (true of the generator's output)."""
    def read(name: str, section: str, lists: tuple[str, ...] = ()) -> pl.DataFrame:
        schema = SCHEMAS[section]
        path = folder / f"{name}.csv"
        if not path.exists():
            return pl.DataFrame(schema=schema)
        df = pl.read_csv(path, infer_schema=False, columns=list(schema))
        out = []
        for col, dtype in schema.items():
            c = pl.col(col)
            if col in lists:
                out.append(c.str.split(";").fill_null(pl.lit([], dtype=pl.List(pl.String))))
            elif dtype == pl.Boolean():
                out.append(c == "true")
            elif dtype == pl.Date():
                out.append(c.str.to_date("%Y-%m-%d"))
            elif dtype == pl.Int64():
                out.append(c.cast(pl.Int64))
            else:
                out.append(c)
        return df.select(out)

    people = read("people", "people").with_columns(pl.col("status").fill_null("active"))
    roles = read("roles", "roles", ("inherits",)).with_columns(
        pl.col("critical").fill_null(False))
    assignments = read("assignments", "assignments").with_columns(
        pl.col("deputy").fill_null(False))
    assets = read("assets", "assets", ("owner", "custodians")).with_columns(
        pl.col("criticality").fill_null("medium"))
    risks = read("risks", "risks", ("owner",)).with_columns(pl.col("level").fill_null("medium"))
    duties = read("duties", "duties", ("accountable", "responsible")).with_columns(
        pl.col("criticality").fill_null("medium"))
    delegations = read("delegations", "delegations")
    return Frames(people, roles, assignments, assets, risks, duties, delegations)


class _Clock:
    """Wall, user, system seconds and minor faults since the last stage."""

    def __init__(self) -> None:
        self.last = self._now()

    @staticmethod
    def _now() -> tuple[float, float, float, int]:
        r = resource.getrusage(resource.RUSAGE_SELF)
        return time.perf_counter(), r.ru_utime, r.ru_stime, r.ru_minflt

    def stage(self, name: str) -> None:
        now = self._now()
        wall, user, system, faults = (a - b for a, b in zip(now, self.last, strict=True))
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{name:9s} wall {wall:6.2f} s  user {user:6.2f} s  sys {system:5.2f} s  "
              f"faults {faults / 1000:7.0f}k  peak {rss:6.0f} MB", flush=True)
        self.last = self._now()


def _cli(folder: Path, top: int) -> None:
    """``graphkit whatif --rank`` end to end in a child; its figures from ``wait4``."""
    exe = Path(sys.executable).with_name("graphkit")
    command = [str(exe), "whatif", str(folder), "--rank", "--top", str(top),
               "--as-of", AS_OF.isoformat()]
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    print(f"{'cli':9s} wall {wall:6.2f} s  user {usage.ru_utime:6.2f} s  "
          f"sys {usage.ru_stime:5.2f} s  faults {usage.ru_minflt / 1000:7.0f}k  "
          f"peak {usage.ru_maxrss / 1024:6.0f} MB  (exit {os.waitstatus_to_exitcode(status)})")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("folder", type=Path)
    ap.add_argument("--top", type=int, default=20)
    ap.add_argument("--reader", choices=("raw", "columns", "model"), default="columns")
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--cli", action="store_true",
                    help="then time the CLI end to end in a child process")
    args = ap.parse_args()
    clock = _Clock()
    model = None
    if args.reader == "raw":
        frames = _raw_frames(args.folder)
        clock.stage("read-raw")
    elif args.reader == "columns":
        from graphkit.compact.frames import frames_from_columns
        from graphkit.loaders.columns import validated_columns

        columns = validated_columns(args.folder)
        if columns is None:
            sys.exit("no column-wise validated reading of this folder")
        clock.stage("validate")
        frames = frames_from_columns(columns)
        clock.stage("frames")
    else:
        from graphkit.compact.frames import frames_from_model
        from graphkit.loaders import load

        model = load(args.folder)
        clock.stage("validate")
        frames = frames_from_model(model)
        clock.stage("frames")
    tables = build_tables(frames, AS_OF)
    clock.stage("tables")
    ranking = rank_tables(tables, top=args.top)
    clock.stage("rank")
    from graphkit.cli.whatif import _names
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    names = _names(frames, {i.person for i in ranking})
    table = Table(title="ranking")
    for i in ranking:
        who = i.person + (f" ({names[i.person]})" if names.get(i.person) else "")
        table.add_row(Text(who), str(i.score), Text(", ".join(i.items)))
    Console(file=io.StringIO(), width=160).print(table)
    clock.stage("output")
    for i in ranking[:5]:
        print(f"  {i.person} {i.score} items={len(i.items)} roles={len(i.roles)} "
              f"delegations={len(i.delegations)}")
    if args.check:
        from graphkit.loaders import load
        from graphkit.queries.whatif import rank

        model = model or load(args.folder)
        same = [asdict(i) for i in rank(model, as_of=AS_OF, top=args.top)] == [
            asdict(i) for i in ranking]
        print("reference ranking identical:", same)
    if args.cli:
        sys.stdout.flush()
        _cli(args.folder, args.top)


if __name__ == "__main__":
    main()
