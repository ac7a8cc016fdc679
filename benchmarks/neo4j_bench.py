"""Push and pull timings against a real Bolt server; prints figures, asserts nothing.

    .venv/bin/python benchmarks/neo4j_bench.py                 # 10,000 people
    .venv/bin/python benchmarks/neo4j_bench.py --people 100000 --batch-size 2000
    .venv/bin/python benchmarks/neo4j_bench.py --model some-model.yaml

By default it starts ArcadeDB from the installed ``arcadedb-embedded`` package in a
temporary directory (as the tests do) and stops it at the end; with ``NEO4J_URI`` (and
``NEO4J_USER``, ``NEO4J_PASSWORD``, ``NEO4J_DATABASE``) set it uses that server. The
synthetic model has, for N people: N/20 roles, N assignments, N/2 assets, N/5 risks,
N/10 duties and N/20 delegations, with every reference field filled.
"""

from __future__ import annotations

import argparse
import os
import platform
import signal
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

import neo4j

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "neo4j"))

from bolt_server import BoltServer, start_server
from graphkit.loaders import load
from graphkit.loaders.neo4j import drop, org_key, pull, push
from graphkit.queries.in_database import CYPHER_CHECKS, find_in_database
from graphkit.queries.registry import get_check

from graphkit.model import Model, validate_model
from graphkit.semantics import Context

AS_OF = date(2026, 6, 1)


def synthetic(people: int) -> Model:
    """A model of ``people`` people with every reference field in use."""
    n_roles = max(5, people // 20)
    levels = ["low", "medium", "high", "critical"]
    data: dict[str, Any] = {
        "organisation": {"id": f"bench-{people}", "name": "Benchmark Ltd"},
        "people": [{"id": f"p{i}", "name": f"Person {i}", "department": f"D{i % 17}",
                    **({"reports_to": f"p{(i - 1) // 7}"} if i else {}),
                    "competencies": [{"id": f"c{i % 9}", "expires": "2027-06-30"}],
                    "acknowledged": [{"role": f"r{i % n_roles}", "version": 1}]}
                   for i in range(people)],
        "roles": [{"id": f"r{j}", "name": f"Role {j}", "authority": 1 + j % 5,
                   "version": 1, "critical": j % 10 == 0,
                   **({"inherits": [f"r{j // 2}"]} if j else {})} for j in range(n_roles)],
        "assignments": [{"person": f"p{i}", "role": f"r{i % n_roles}",
                         "deputy": i % 6 == 0, "from": "2024-01-01"} for i in range(people)],
        "assets": [{"id": f"a{k}", "criticality": levels[k % 4],
                    "owner": f"role:r{k % n_roles}",
                    "custodians": [f"person:p{(k * 7) % people}"]}
                   for k in range(people // 2)],
        "risks": [{"id": f"k{k}", "level": levels[k % 4], "owner": f"role:r{k % n_roles}",
                   "treatment": "accept", "accepted_by": f"p{k % people}",
                   "accepted_on": "2026-01-15", "assets": [f"a{k % max(1, people // 2)}"]}
                  for k in range(people // 5)],
        "duties": [{"id": f"d{k}", "accountable": f"role:r{k % n_roles}",
                    "responsible": [f"person:p{(k * 3) % people}"],
                    "informed": [f"role:r{(k + 1) % n_roles}"]} for k in range(people // 10)],
        "delegations": [{"id": f"D{k}", "from": f"person:p{(k * 3) % people}",
                         "to": f"person:p{(k * 3 + 1) % people}",
                         "scope": f"duty:d{k % max(1, people // 10)}"}
                        for k in range(people // 20)],
    }
    return validate_model(data)


def _timed(label: str, fn: Any) -> Any:
    began = time.perf_counter()
    result = fn()
    print(f"{label:<34}{time.perf_counter() - began:8.1f} s", flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--batch-size", type=int, default=1000)
    parser.add_argument("--model", type=Path, help="push this model instead of a synthetic one")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop the server on the way out

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, neo4j driver {neo4j.__version__}")
    model = _timed("build model", lambda: load(args.model) if args.model
                   else synthetic(args.people))
    rows = (len(model.people) + len(model.roles) + len(model.assets) + len(model.risks)
            + len(model.duties))
    print(f"model: {len(model.people)} people, {rows} nodes in all, "
          f"{len(model.assignments)} assignments, {len(model.delegations)} delegations")

    server: BoltServer | None = None
    tmp = tempfile.TemporaryDirectory()
    try:
        if os.environ.get("NEO4J_URI"):
            uri, user = os.environ["NEO4J_URI"], os.environ.get("NEO4J_USER", "neo4j")
            password = os.environ.get("NEO4J_PASSWORD", "")
            database = os.environ.get("NEO4J_DATABASE", "neo4j")
        else:
            server = start_server(Path(tmp.name), heap="2g")
            uri, user, password, database = (server.uri, server.user, server.password,
                                             server.database)
            print(f"server: ArcadeDB at {uri}, started in {server.started_in:.1f} s, "
                  f"{server.rss_mb():.0f} MB resident")
        with neo4j.GraphDatabase.driver(uri, auth=(user, password)) as driver:
            org = org_key(model)
            drop(driver, database, org)
            steps: dict[str, float] = {}
            last = [time.perf_counter()]

            def progress(step: str, done: int, total: int) -> None:
                now = time.perf_counter()
                steps[step] = steps.get(step, 0.0) + now - last[0]
                last[0] = now

            _timed(f"push (batch {args.batch_size})",
                   lambda: push(model, driver, database, batch_size=args.batch_size,
                                progress=progress))
            print("  by step: " + ", ".join(f"{k} {v:.1f}" for k, v in steps.items()),
                  flush=True)
            _timed("push again (no change)",
                   lambda: push(model, driver, database, batch_size=args.batch_size))
            pulled = _timed("pull", lambda: pull(driver, database, org))
            print(f"pulled model identical: {pulled == model}")
            found = _timed("checks with a Cypher form, in db",
                           lambda: find_in_database(driver, database, org, AS_OF))
            memory = _timed("the same checks in memory", lambda: [
                f for c in CYPHER_CHECKS for f in get_check(c).find(Context.build(model, AS_OF))])
            same = sorted(f.fingerprint for f in found) == sorted(f.fingerprint for f in memory)
            print(f"same fingerprints: {same} ({len(found)} findings)")
            _timed("push --replace (no change)",
                   lambda: push(model, driver, database, replace=True,
                                batch_size=args.batch_size))
            if server is not None:
                print(f"server resident memory now: {server.rss_mb():.0f} MB")
            _timed("drop", lambda: drop(driver, database, org, batch_size=args.batch_size))
    finally:
        if server is not None:
            server.stop()
        tmp.cleanup()


if __name__ == "__main__":
    main()
