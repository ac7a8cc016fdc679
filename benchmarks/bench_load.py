"""Read and validate one CSV folder, the fast (columnar) way or the reference way, and print
CPU seconds and the process's peak memory, stage by stage.

    python benchmarks/bench_load.py /tmp/graphkit-bench/org-100000-1            # fast path
    python benchmarks/bench_load.py /tmp/graphkit-bench/org-100000-1 --stages   # per file
    python benchmarks/bench_load.py /tmp/graphkit-bench/org-100000-1 --reference

Run one per process (peak RSS is the process's). CPU is user + system time of every
thread (polars reads with several), from ``resource.getrusage``; imports are not counted.
With ``--stages`` the fast path's steps are timed one by one (reading each file, checking
each section, looking every reference up, finishing each section, building each
section's objects); the timing wraps the module's functions from outside and adds a few
milliseconds. It asserts nothing: the figures are for reading.
"""

from __future__ import annotations

import argparse
import resource
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _rss_mb() -> float:
    """The resident set now (not the peak), in MB."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class _Stages:
    """CPU seconds per (stage, section), summed over calls, in the order first seen, and
    the process's peak RSS when the stage was last left."""

    def __init__(self) -> None:
        self.cpu: dict[tuple[str, str], float] = {}
        self.peak: dict[tuple[str, str], float] = {}

    def wrap(self, owner: Any, name: str, stage: str,
             section: Callable[..., str]) -> None:
        inner = getattr(owner, name)

        def timed(*args: Any, **kwargs: Any) -> Any:
            start = _cpu()
            try:
                return inner(*args, **kwargs)
            finally:
                key = (stage, section(*args))
                self.cpu[key] = self.cpu.get(key, 0.0) + _cpu() - start
                self.peak[key] = _peak_mb()

        setattr(owner, name, timed)

    def print(self) -> None:
        totals: dict[str, float] = {}
        for (stage, _), seconds in self.cpu.items():
            totals[stage] = totals.get(stage, 0.0) + seconds
        for (stage, section), seconds in self.cpu.items():
            print(f"    {stage:<10} {section:<14} {seconds:7.2f} s CPU, "
                  f"peak {self.peak[(stage, section)]:7,.0f} MB")
        print("    " + ", ".join(f"{s} {t:.2f}" for s, t in totals.items()))


def _instrument(stages: _Stages) -> None:
    """Time the fast path's steps (their names are the module's; the functions are
    unchanged, only wrapped)."""
    from graphkit.loaders import columns

    stages.wrap(columns, "_read", "read", lambda path, section: section)
    stages.wrap(columns, "_prepare", "check", lambda frame, section, lookups: section)
    stages.wrap(columns._Lookups, "answer", "lookup", lambda self, *ids: "(all)")
    stages.wrap(columns, "_finish", "finish", lambda pending, lookups: pending.section)
    stages.wrap(columns, "_inherits_in_cycle", "cycles", lambda roles: "roles")
    stages.wrap(columns, "_objects", "objects", lambda section, *rest: section)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--reference", action="store_true",
                        help="the csv module and per-row pydantic validation")
    parser.add_argument("--stages", action="store_true",
                        help="time the fast path's steps per file and section")
    args = parser.parse_args()

    import polars  # noqa: F401  (imports are not what is measured)

    from graphkit.loaders.columns import model_from_columns, validated_columns
    from graphkit.loaders.csvfolder import read_csv_data, validate_csv_data
    from graphkit.semantics import paused_gc

    stages = _Stages()
    if args.stages and not args.reference:
        _instrument(stages)
    with paused_gc():  # as graphkit.loaders.load does
        cpu0, wall0 = _cpu(), time.perf_counter()
        if args.reference:
            raw = read_csv_data(args.folder)
            cpu1, rss1, peak1 = _cpu(), _rss_mb(), _peak_mb()
            model = validate_csv_data(raw)
            names = ("read (csv module)", "validate (pydantic per row)")
        else:
            columns = validated_columns(args.folder)
            if columns is None:
                raise SystemExit("the fast path did not take this folder")
            cpu1, rss1, peak1 = _cpu(), _rss_mb(), _peak_mb()
            model = model_from_columns(columns)
            del columns
            names = ("read + validate (polars)", "build the model")
        cpu2, wall2 = _cpu(), time.perf_counter()
    rss2, peak2 = _rss_mb(), _peak_mb()
    rows = sum(len(getattr(model, s)) for s in ("people", "roles", "assignments", "assets",
                                                 "risks", "duties", "delegations"))
    print(f"{args.folder.name}: {rows:,} rows, "
          f"{'reference' if args.reference else 'fast'} path")
    print(f"  {names[0]:<30} {cpu1 - cpu0:7.2f} s CPU, RSS {rss1:,.0f} MB "
          f"(peak {peak1:,.0f} MB)")
    print(f"  {names[1]:<30} {cpu2 - cpu1:7.2f} s CPU, RSS {rss2:,.0f} MB "
          f"(peak {peak2:,.0f} MB)")
    print(f"  {'total':<30} {cpu2 - cpu0:7.2f} s CPU, {wall2 - wall0:.2f} s wall, "
          f"peak RSS {peak2:,.0f} MB")
    if stages.cpu:
        print("  stages:")
        stages.print()


if __name__ == "__main__":
    main()
