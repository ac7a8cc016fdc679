"""CPU seconds of each check on one model, the Context built once.

Loads a model (a CSV folder, YAML or JSON file), builds the :class:`Context` once, then
runs every check (or those named) in registry order, ``--rounds`` times, printing the
least CPU seconds of each (the cyclic GC off, as in ``graphkit check``; the context's
evidence memos emptied before each round, so that every round builds the same evidence
as a single run would). ``--digest FILE`` writes, per check, the number of findings and
a sha256 over their whole JSON, in order: two runs (say, before and after a change) can
be compared with ``cmp``. Nothing here asserts a time.

Usage::

    python benchmarks/time_checks.py /tmp/graphkit-bench/org-100000-1 --rounds 3
    python benchmarks/time_checks.py FOLDER --checks not-acknowledged,leaver-holds
    python benchmarks/time_checks.py FOLDER --digest after.json && cmp before.json after.json
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import resource
from datetime import date
from pathlib import Path


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    from graphkit.loaders import load
    from graphkit.queries.registry import CHECKS
    from graphkit.semantics import Context

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("model", type=Path)
    parser.add_argument("--as-of", default="2026-12-01", type=date.fromisoformat)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--checks", default="", help="comma-separated check ids (default all)")
    parser.add_argument("--digest", type=Path, help="write findings' counts and digests here")
    args = parser.parse_args()
    wanted = [c for c in CHECKS if not args.checks or c.id in args.checks.split(",")]

    gc.disable()
    t = _cpu()
    ctx = Context.build(load(args.model), args.as_of)
    print(f"{'load + build':24s} {_cpu() - t:7.2f} s")
    best: dict[str, float] = {}
    digests: dict[str, tuple[int, str]] = {}
    for round_ in range(args.rounds):
        for memo in ("_holding_evidence", "_memo"):  # whatever evidence memos it keeps
            found = ctx.__dict__.get(memo)
            if isinstance(found, dict):
                found.clear()
            elif found is not None:
                del ctx.__dict__[memo]
        for check in wanted:
            if check.reviews_findings:
                continue  # needs the other checks' findings: the runner's part
            t = _cpu()
            findings = list(check.find(ctx))
            spent = _cpu() - t
            best[check.id] = min(best.get(check.id, spent), spent)
            if round_ == 0:
                h = hashlib.sha256()
                for f in findings:
                    h.update(f.model_dump_json().encode())
                    h.update(b"\n")
                digests[check.id] = (len(findings), h.hexdigest())
            del findings
    for check_id, spent in best.items():
        print(f"{check_id:24s} {spent:7.2f} s {digests[check_id][0]:9,d} findings")
    print(f"{'checks, total':24s} {sum(best.values()):7.2f} s")
    if args.digest is not None:
        args.digest.write_text(json.dumps(digests, indent=1) + "\n")


if __name__ == "__main__":
    main()
