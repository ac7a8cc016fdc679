"""A real Bolt server for the Neo4j tests.

By default the session starts ArcadeDB from the installed PyPI package
``arcadedb-embedded`` (see ``bolt_server.py``) on 127.0.0.1 in a temporary directory and
stops it at the end, however the tests end. With ``NEO4J_URI`` set (and
``NEO4J_USER``, ``NEO4J_PASSWORD``, ``NEO4J_DATABASE``) the tests use that server
instead; the tests that must kill and restart a server are then skipped.

Every test gets its own organisation key (``org`` fixture), so tests sharing one
database do not see each other's nodes.
"""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bolt_server import Bolt, running_server

neo4j = pytest.importorskip("neo4j")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.neo4j)


@pytest.fixture(scope="session")
def bolt(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Bolt]:
    """(uri, user, password, database) of a running Bolt server, for the whole session."""
    uri = os.environ.get("NEO4J_URI")
    if uri:
        yield Bolt(uri, os.environ.get("NEO4J_USER", "neo4j"),
                   os.environ.get("NEO4J_PASSWORD", ""),
                   os.environ.get("NEO4J_DATABASE", "neo4j"))
        return
    with running_server(tmp_path_factory.mktemp("arcadedb")) as server:
        print(f"\nArcadeDB Bolt server at {server.uri}: started in {server.started_in:.1f}s, "
              f"{server.rss_mb():.0f} MB resident", file=sys.stderr)
        yield Bolt(server.uri, server.user, server.password, server.database, server)


@pytest.fixture(scope="session")
def driver(bolt: Bolt) -> Iterator[neo4j.Driver]:
    """A driver for the session's server (short retries, so faults show quickly)."""
    drv = neo4j.GraphDatabase.driver(bolt.uri, auth=(bolt.user, bolt.password),
                                     max_transaction_retry_time=5.0, connection_timeout=10.0)
    try:
        yield drv
    finally:
        drv.close()


@pytest.fixture
def database(bolt: Bolt) -> str:
    return bolt.database


@pytest.fixture
def org(driver: neo4j.Driver, database: str) -> Iterator[str]:
    """An organisation key no other test uses; whatever it has is dropped afterwards."""
    from graphkit.loaders.neo4j import drop

    key = f"t-{uuid.uuid4().hex[:12]}"
    yield key
    drop(driver, database, key)


@pytest.fixture
def local_server_root(tmp_path: Path, bolt: Bolt) -> Path:
    """A directory for a server of the test's own (one it may kill); local runs only."""
    if bolt.server is None:
        pytest.skip("needs a local ArcadeDB to kill and restart (NEO4J_URI is set)")
    return tmp_path / "own-server"
