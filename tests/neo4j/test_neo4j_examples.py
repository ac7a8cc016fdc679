"""The bundled example models (``examples/*/model.yaml``, when the branch has them): pushed
and pulled back unchanged, and the checks with a Cypher form find in the database what
they find in memory, on several dates."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import neo4j
import pytest
from graphkit.loaders import load
from graphkit.loaders.neo4j import drop, org_key, pull, push
from graphkit.queries.in_database import CYPHER_CHECKS, find_in_database
from graphkit.queries.registry import get_check

from graphkit.semantics import Context

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*/model.yaml"))


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.parent.name for p in EXAMPLES])
def test_example_in_the_database(driver: neo4j.Driver, database: str, path: Path) -> None:
    model = load(path)
    org = org_key(model)
    drop(driver, database, org)
    try:
        push(model, driver, database, batch_size=7)
        assert pull(driver, database, org) == model
        for day in (date(2025, 1, 1), date(2026, 6, 1), date(2026, 12, 1)):
            found = find_in_database(driver, database, org, day)
            expected = [f for c in CYPHER_CHECKS
                        for f in get_check(c).find(Context.build(model, day))]
            assert Counter((f.fingerprint, f.severity) for f in found) == \
                Counter((f.fingerprint, f.severity) for f in expected), day
    finally:
        drop(driver, database, org)
