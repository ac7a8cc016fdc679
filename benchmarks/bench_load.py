"""Read and validate one CSV folder, the fast (columnar) way or the reference way, and print
CPU seconds and the process's peak memory.

    python benchmarks/bench_load.py /tmp/graphkit-bench/org-100000-1            # fast path
    python benchmarks/bench_load.py /tmp/graphkit-bench/org-100000-1 --reference

Run one per process (peak RSS is the process's). CPU is user + system time of every
thread (polars reads with several), from ``resource.getrusage``; imports are not counted.
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--reference", action="store_true",
                        help="the csv module and per-row pydantic validation")
    args = parser.parse_args()

    import polars  # noqa: F401  (imports are not what is measured)

    from graphkit.loaders.columns import model_from_columns, validated_columns
    from graphkit.loaders.csvfolder import read_csv_data, validate_csv_data
    from graphkit.semantics import paused_gc

    with paused_gc():  # as graphkit.loaders.load does
        cpu0, wall0 = _cpu(), time.perf_counter()
        if args.reference:
            raw = read_csv_data(args.folder)
            cpu1 = _cpu()
            model = validate_csv_data(raw)
            stages = ("read (csv module)", "validate (pydantic per row)")
        else:
            columns = validated_columns(args.folder)
            if columns is None:
                raise SystemExit("the fast path did not take this folder")
            cpu1 = _cpu()
            model = model_from_columns(columns)
            stages = ("read + validate (polars)", "build the model")
        cpu2, wall2 = _cpu(), time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows = sum(len(getattr(model, s)) for s in ("people", "roles", "assignments", "assets",
                                                 "risks", "duties", "delegations"))
    print(f"{args.folder.name}: {rows:,} rows, "
          f"{'reference' if args.reference else 'fast'} path")
    print(f"  {stages[0]:<30} {cpu1 - cpu0:7.2f} s CPU")
    print(f"  {stages[1]:<30} {cpu2 - cpu1:7.2f} s CPU")
    print(f"  {'total':<30} {cpu2 - cpu0:7.2f} s CPU, {wall2 - wall0:.2f} s wall, "
          f"peak RSS {peak:,.0f} MB")


if __name__ == "__main__":
    main()
