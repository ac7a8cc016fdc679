"""Checks that claim to yield their findings in the runner's order (``Check.in_order``) do,
on every kind of model the other check tests use: random models made to hit every
branch (odd ids that sort oddly), generated organisations, the benchmark's shapes and the
bundled examples. The claim is what lets the pipeline write a check's findings as they
come; a wrong claim costs time, not correctness (the pipeline runs the check again and
sorts, see ``tests/test_pipeline.py``), so it is held here."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest
from test_fast_readings import AS_OFS, random_data

from graphkit.generate import AS_OF as GENERATED_AS_OF
from graphkit.generate import generate
from graphkit.loaders import load
from graphkit.model import Model, validate_model
from graphkit.queries.registry import CHECKS
from graphkit.runner import in_order
from graphkit.semantics import Context

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scale"))
from test_shapes import _bench  # noqa: E402  (bench_shapes.py, loaded as a module)

CLAIMING = [c for c in CHECKS if c.in_order]
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _assert_in_order(model: Model, as_of: date) -> int:
    ctx = Context.build(model, as_of)
    found = 0
    for check in CLAIMING:
        subjects = [f.subjects for f in check.find(ctx)]
        assert in_order(subjects), (check.id, as_of)
        found += len(subjects)
    return found


def test_the_claim_is_not_made_by_a_ranked_or_reviewing_check() -> None:
    assert not [c.id for c in CLAIMING if c.ranked or c.reviews_findings]


@pytest.mark.parametrize("seed", range(120))
def test_random_models(seed: int) -> None:
    model = validate_model(random_data(seed))
    for as_of in AS_OFS:
        _assert_in_order(model, as_of)


def test_generated_organisations_and_the_benchmark_shapes(tmp_path: Path) -> None:
    bench = _bench()
    base = tmp_path / "base"
    generate(600, seed=3, out=base)
    plain = load(base)
    assert _assert_in_order(plain, GENERATED_AS_OF) > 0 or not CLAIMING
    from graphkit.runner import run_checks

    fingerprints = [f.fingerprint for f in run_checks(plain, as_of=GENERATED_AS_OF).findings]
    for name in bench.SHAPES:
        bench.make_shape(name, base, tmp_path / name, 600, fingerprints)
        _assert_in_order(load(tmp_path / name), GENERATED_AS_OF)
    for seed in (1, 2):
        generate(2000, seed=seed, out=tmp_path / f"g{seed}")
        _assert_in_order(load(tmp_path / f"g{seed}"), GENERATED_AS_OF)


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*/model.*")),
                         ids=lambda p: p.parent.name)
def test_the_examples(path: Path) -> None:
    for as_of in (date(2026, 6, 1), date(2027, 1, 1)):
        _assert_in_order(load(path), as_of)
