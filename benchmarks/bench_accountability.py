"""CPU seconds of the Context build and of each accountability check, at one size.

The model is read once; then, for a few rounds, a fresh ``Context`` is built and the five
accountability checks run in the runner's order (the cover table they share is timed
on its own when the Context has one). The least of each over the rounds is printed: the
machine is shared, and the least is the least disturbed. With ``--own``, the evidence
methods and ``Finding.make`` are replaced by stubs, so that what is left is the checks'
own work (finding what is wrong), not the making of the report. Nothing asserts a time.

Usage::

    python benchmarks/bench_accountability.py /tmp/graphkit-bench/org-100000-1
    python benchmarks/bench_accountability.py /tmp/graphkit-bench/org-100000-1 --own
"""

from __future__ import annotations

import argparse
import gc
import itertools
import resource
from collections.abc import Callable
from datetime import date
from pathlib import Path

from graphkit import findings
from graphkit.loaders import load
from graphkit.queries import accountability
from graphkit.semantics import Context

ORDER = ("orphan_item", "multiple_accountable", "no_responsible", "key_person", "overload")


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class _StubEvidence:
    """Stands for the Evidence class: made or trusted, always the same evidence."""

    def __init__(self, evidence: findings.Evidence) -> None:
        self.evidence = evidence

    def __call__(self, **values: object) -> findings.Evidence:
        return self.evidence

    def trusted(self, *values: object) -> findings.Evidence:
        return self.evidence


def _stub_evidence() -> None:
    evidence = findings.Evidence(label="-", nodes=[], edges=[])
    Context.route_evidence = lambda self, r, label=None: evidence  # type: ignore[method-assign]
    Context.holding_evidence = lambda self, h, label=None: evidence  # type: ignore[method-assign]
    Context.item_edge = lambda self, *a: None  # type: ignore[method-assign,assignment,return-value]
    Context.holding_edges = lambda self, h: []  # type: ignore[method-assign]
    Context.actor_evidence = lambda self, *a: evidence  # type: ignore[method-assign]
    Context.first_actor_evidence = (  # type: ignore[method-assign]
        lambda self, positions, sides, labels: itertools.repeat(evidence))
    accountability.Evidence = _StubEvidence(evidence)  # type: ignore[assignment,misc]
    findings.Finding.make = classmethod(lambda cls, *a, **k: None)  # type: ignore[assignment]
    findings.Finding.trusted = classmethod(lambda cls, *a, **k: None)  # type: ignore[assignment]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--as-of", default="2026-12-01")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--own", action="store_true",
                        help="stub out evidence and finding construction")
    args = parser.parse_args()
    gc.disable()  # as the CLI does
    model = load(args.folder)
    if args.own:
        _stub_evidence()
    day = date.fromisoformat(args.as_of)
    best: dict[str, float] = {}

    def timed(stage: str, run: Callable[[], object]) -> object:
        start = _cpu()
        out = run()
        best[stage] = min(best.get(stage, float("inf")), _cpu() - start)
        return out

    for _ in range(args.rounds):
        ctx = timed("build", lambda: Context.build(model, day))
        assert isinstance(ctx, Context)
        if hasattr(ctx, "cover_table"):
            timed("(cover table)", ctx.cover_table)
        for name in ORDER:
            check = getattr(accountability, "find_" + name)
            timed(name, lambda check=check: sum(1 for _ in check(ctx)))
        del ctx
    for stage, seconds in best.items():
        print(f"{stage:22} {seconds:6.2f} s CPU")
    print(f"{'total':22} {sum(best.values()):6.2f} s CPU")


if __name__ == "__main__":
    main()
