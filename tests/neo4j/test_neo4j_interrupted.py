"""A push interrupted mid-way leaves whole batches only, and pushing again completes it.

Each test runs a server of its own (it kills it or freezes it), so these need the local
ArcadeDB; with NEO4J_URI set they are skipped. To interrupt a batch while it is in
flight, the server is frozen (SIGSTOP) right after a batch commits: the next batch is
sent and can never be answered; then the server (or the client) is killed.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import neo4j
import pytest
from bolt_server import BoltServer, start_server
from graphkit.loaders.neo4j import pull, push
from neo4j_helpers import snapshot

from graphkit.errors import InputError
from graphkit.model import Model, validate_model

ORG = "crash-org"
BATCH = 10


def bulk_model() -> Model:
    people = [{"id": f"p{i:03}", "name": f"Person {i}", "reports_to": f"p{i // 4:03}"}
              for i in range(45)]
    people[0] = {"id": "p000", "name": "Top"}
    roles = [{"id": f"r{j}", "authority": 1 + j % 5} for j in range(6)]
    return validate_model({
        "organisation": {"id": ORG, "name": "Crash Test Ltd"},
        "people": people, "roles": roles,
        "assignments": [{"person": f"p{i:03}", "role": f"r{i % 6}", "deputy": i % 7 == 0}
                        for i in range(45)],
        "assets": [{"id": f"a{k}", "owner": f"role:r{k % 6}", "custodians": [f"p{k:03}"]}
                   for k in range(12)],
        "duties": [{"id": f"d{k}", "accountable": f"role:r{k % 6}",
                    "responsible": [f"person:p{k + 1:03}"]} for k in range(8)],
        "delegations": [{"id": f"D{k}", "from": f"p{k + 1:03}", "to": f"p{k + 20:03}",
                         "scope": f"duty:d{k}"} for k in range(8)],
    })


def _driver(server: BoltServer) -> neo4j.Driver:
    return neo4j.GraphDatabase.driver(server.uri, auth=(server.user, server.password),
                                      max_transaction_retry_time=2.0, connection_timeout=5.0)


def _complete_and_identical(root: Path, model: Model, partial: dict[str, int]) -> None:
    """Restart on the same files: whole batches only; push again: the complete graph."""
    server = start_server(root)
    try:
        with _driver(server) as driver:
            snap = snapshot(driver, server.database, ORG)
            assert {**snap.labels(), **snap.types()} == partial
            push(model, driver, server.database, batch_size=BATCH)
            assert pull(driver, server.database, ORG) == model
            snap = snapshot(driver, server.database, ORG)
            assert snap.labels() == {"Organisation": 1, "Person": 45, "Role": 6, "Asset": 12,
                                     "Duty": 8}
            assert snap.types() == {"REPORTS_TO": 44, "HOLDS": 45, "OWNER": 12,
                                    "CUSTODIAN": 12, "ACCOUNTABLE": 8, "RESPONSIBLE": 8,
                                    "DELEGATES": 8}
    finally:
        server.stop()


def test_server_killed_mid_push(local_server_root: Path) -> None:
    model = bulk_model()
    server = start_server(local_server_root)
    batches: list[tuple[str, int]] = []

    def progress(step: str, done: int, total: int) -> None:
        batches.append((step, done))
        if step == "person" and len(batches) == 2:  # the organisation, one person batch
            os.kill(server.process.pid, signal.SIGSTOP)  # the next batch hangs in flight
            threading.Timer(1.5, server.kill).start()

    try:
        with _driver(server) as driver, pytest.raises(InputError, match="cannot reach"):
            push(model, driver, server.database, batch_size=BATCH, progress=progress)
    finally:
        server.kill()
    assert batches == [("organisation", 1), ("person", 1 + BATCH)]
    _complete_and_identical(local_server_root, model, {"Organisation": 1, "Person": BATCH})


_CLIENT = """
import json, os, signal, sys
import neo4j
from graphkit.loaders.neo4j import push
from graphkit.model import validate_model

uri, user, password, database, server_pid, path = sys.argv[1:]
model = validate_model(json.loads(open(path, encoding="utf-8").read()))
holds = []

def progress(step, done, total):
    if step == "HOLDS":
        holds.append(done)
        if len(holds) == 2:
            os.kill(int(server_pid), signal.SIGSTOP)
            print("frozen", flush=True)

with neo4j.GraphDatabase.driver(uri, auth=(user, password)) as driver:
    push(model, driver, database, batch_size=BATCH, progress=progress)
print("finished", flush=True)
""".replace("BATCH", str(BATCH))


def test_client_killed_mid_push(local_server_root: Path, tmp_path: Path) -> None:
    model = bulk_model()
    path = tmp_path / "model.json"
    path.write_text(json.dumps(model.model_dump(mode="json", by_alias=True)), encoding="utf-8")
    server = start_server(local_server_root)
    try:
        client = subprocess.Popen(
            [sys.executable, "-c", _CLIENT, server.uri, server.user, server.password,
             server.database, str(server.process.pid), str(path)],
            stdout=subprocess.PIPE, text=True)
        try:
            assert client.stdout is not None
            assert client.stdout.readline().strip() == "frozen"
            time.sleep(1.0)  # the third HOLDS batch is sent, its transaction open
            client.kill()
            client.wait(timeout=30)
        finally:
            if client.poll() is None:
                client.kill()
            os.kill(server.process.pid, signal.SIGCONT)
        time.sleep(1.0)  # let the server notice the connection is gone
    finally:
        server.stop()
    # everything before HOLDS, and two whole HOLDS batches: nothing of the third
    _complete_and_identical(local_server_root, model, {
        "Organisation": 1, "Person": 45, "Role": 6, "Asset": 12, "Duty": 8,
        "HOLDS": 2 * BATCH})


