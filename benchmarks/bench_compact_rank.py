"""Time the compact what-if ranking stage by stage on a generated CSV folder.

    python benchmarks/bench_compact_rank.py /tmp/graphkit-bench/org-100000-1 [--top 20]
        [--reader raw|columns|model] [--check]

Prints CPU and wall seconds and the peak RSS after each stage: read (into
:class:`graphkit.compact.Frames`), tables (:func:`graphkit.compact.build_tables`), rank.
``--reader raw`` reads the CSV with polars **without validating** (a benchmark of the
compact tables alone; never the product's path), ``columns`` reads through
:func:`graphkit.compact.frames.folder_frames` (validated column-wise) when available, ``model`` through the
reference loader (pydantic) and :func:`graphkit.compact.frames_from_model`. ``--check``
also runs the reference :func:`graphkit.queries.whatif.rank` and compares the lists.
No assertion on time.
"""

from __future__ import annotations

import argparse
import resource
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


def _stage(name: str, t0: tuple[float, float]) -> tuple[float, float]:
    cpu = time.process_time()
    wall = time.perf_counter()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{name:8s} cpu {cpu - t0[0]:6.2f} s  wall {wall - t0[1]:6.2f} s  "
          f"peak {rss:7.0f} MB", flush=True)
    return cpu, wall


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("folder", type=Path)
    ap.add_argument("--top", type=int, default=20)
    ap.add_argument("--reader", choices=("raw", "columns", "model"), default="raw")
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    t = (time.process_time(), time.perf_counter())
    model = None
    if args.reader == "raw":
        frames = _raw_frames(args.folder)
    elif args.reader == "columns":
        from graphkit.compact.frames import folder_frames

        found = folder_frames(args.folder)
        if found is None:
            sys.exit("no column-wise validated reading of this folder")
        frames = found
    else:
        from graphkit.compact.frames import frames_from_model
        from graphkit.loaders import load

        model = load(args.folder)
        frames = frames_from_model(model)
    t = _stage("read", t)
    tables = build_tables(frames, AS_OF)
    t = _stage("tables", t)
    ranking = rank_tables(tables, top=args.top)
    t = _stage("rank", t)
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


if __name__ == "__main__":
    main()
