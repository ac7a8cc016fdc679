#!/usr/bin/env python3
"""Benchmark `graphkit whatif --rank`: generate an organisation, load it, rank everyone.

Prints figures; asserts nothing (benchmarks are scripts, not tests). Wall time on a
shared machine mostly measures the others' load; CPU time is printed beside it. Needs
``graphkit.generate`` (``graphkit generate``) for the synthetic organisation.

    .venv/bin/python scripts/bench_rank.py --people 100000
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3, help="rank runs; the best is shown")
    args = parser.parse_args()
    try:
        from graphkit.generate import AS_OF, generate
    except ImportError:
        print("needs graphkit.generate (the `graphkit generate` command)", file=sys.stderr)
        return 2
    from graphkit.loaders import load
    from graphkit.queries.whatif import rank

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "org"
        t0 = time.perf_counter()
        counts = generate(args.people, seed=args.seed, out=out)
        t1 = time.perf_counter()
        model = load(out)
        t2 = time.perf_counter()
    print(f"model: {', '.join(f'{v} {k}' for k, v in counts.items())}")
    print(f"generate {t1 - t0:.2f} s, load {t2 - t1:.2f} s")
    best_wall = best_cpu = float("inf")
    impacts = []
    for _ in range(args.repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        impacts = rank(model, as_of=AS_OF)
        best_wall = min(best_wall, time.perf_counter() - wall)
        best_cpu = min(best_cpu, time.process_time() - cpu)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"rank: {best_wall:.2f} s wall, {best_cpu:.2f} s CPU for {len(impacts)} people "
          f"(best of {args.repeat}; load average {load:.1f} on {os.cpu_count()} cores)")
    nonzero = sum(1 for i in impacts if i.score)
    print(f"{nonzero} people with an impact; top 3: "
          + ", ".join(f"{i.person} ({i.score})" for i in impacts[:3]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
