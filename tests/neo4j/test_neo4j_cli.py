"""``graphkit neo4j push|pull`` as a user runs it: a real process, a real server, exit codes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from bolt_server import Bolt, free_port
from graphkit.loaders import load, save
from neo4j_helpers import shrunk_model, small_model


def graphkit(*args: str, password: str | None, stdin: str | None = None
             ) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    if password is not None:
        env["NEO4J_PASSWORD"] = password
    return subprocess.run([sys.executable, "-m", "graphkit", *args], capture_output=True,
                          text=True, env=env, input=stdin if stdin is not None else "",
                          timeout=120, check=False)


def _where(bolt: Bolt) -> list[str]:
    return ["--uri", bolt.uri, "--user", bolt.user, "--database", bolt.database]


def test_push_then_pull(bolt: Bolt, org: str, tmp_path: Path) -> None:
    model = small_model(org)
    save(model, tmp_path / "model.yaml")
    pushed = graphkit("neo4j", "push", str(tmp_path / "model.yaml"), *_where(bolt),
                      "--batch-size", "3", password=bolt.password)
    assert (pushed.returncode, pushed.stderr) == (0, "")
    assert f"pushed organisation '{org}'" in pushed.stdout
    pulled = graphkit("neo4j", "pull", *_where(bolt), "--org", org,
                      "-o", str(tmp_path / "back.json"), password=bolt.password)
    assert (pulled.returncode, pulled.stderr) == (0, "")
    assert load(tmp_path / "back.json") == model

    shrunk = shrunk_model(org)
    save(shrunk, tmp_path / "shrunk")  # a CSV folder this time
    replaced = graphkit("neo4j", "push", str(tmp_path / "shrunk"), *_where(bolt), "--replace",
                        password=bolt.password)
    assert replaced.returncode == 0, replaced.stderr
    assert "deleted" in replaced.stdout
    pulled = graphkit("neo4j", "pull", *_where(bolt), "--org", org,
                      "-o", str(tmp_path / "back.yaml"), password=bolt.password)
    assert pulled.returncode == 0, pulled.stderr
    assert load(tmp_path / "back.yaml") == shrunk


def _faults(bolt: Bolt) -> dict[str, tuple[list[str], str, str]]:
    nobody = f"bolt://127.0.0.1:{free_port()}"
    return {
        "unreachable": (["--uri", nobody, "--user", bolt.user, "--database", bolt.database],
                        bolt.password, f"error: {nobody}: cannot reach a Bolt server there"),
        "wrong password": (_where(bolt), bolt.password + "-wrong",
                           f"error: {bolt.uri}: the server refused the user name or password"),
        "unknown database": (["--uri", bolt.uri, "--user", bolt.user, "--database",
                              "no-such-db"], bolt.password,
                             f"error: {bolt.uri}: there is no database 'no-such-db'"),
    }


@pytest.mark.parametrize("fault", ["unreachable", "wrong password", "unknown database"])
@pytest.mark.parametrize("command", ["push", "pull"])
def test_faults_are_one_line_and_exit_2(bolt: Bolt, tmp_path: Path, fault: str,
                                        command: str) -> None:
    where, password, start = _faults(bolt)[fault]
    save(small_model("fault-org"), tmp_path / "model.yaml")
    args = (["push", str(tmp_path / "model.yaml")] if command == "push"
            else ["pull", "-o", str(tmp_path / "out.yaml")])
    result = graphkit("neo4j", *args, *where, password=password)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(start), lines[0]
    assert not (tmp_path / "out.yaml").exists()


def test_password_is_never_an_option(bolt: Bolt, tmp_path: Path) -> None:
    result = graphkit("neo4j", "pull", *_where(bolt), "--password", bolt.password, "-o",
                      str(tmp_path / "out.yaml"), password=None)
    assert result.returncode == 2
    assert "--password" in result.stderr


def test_no_password_without_a_terminal(bolt: Bolt, tmp_path: Path) -> None:
    result = graphkit("neo4j", "pull", *_where(bolt), "-o", str(tmp_path / "out.yaml"),
                      password=None)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "error: no password: set NEO4J_PASSWORD (it is never taken as an option)"]


def test_bad_uri_is_a_usage_error(tmp_path: Path) -> None:
    result = graphkit("neo4j", "pull", "--uri", "http://127.0.0.1:7474", "-o",
                      str(tmp_path / "out.yaml"), password="x")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [(
        "error: --uri 'http://127.0.0.1:7474' is not a Bolt address (expected "
        "bolt://host:7687 or neo4j://host:7687; also bolt+s, neo4j+s)")]


def test_the_driver_is_imported_only_when_used() -> None:
    """Importing graphkit, its CLI, the Neo4j loader and the in-database checks loads no
    ``neo4j``: only running push, pull or check does."""
    code = ("import sys, graphkit, graphkit.cli, graphkit.loaders.neo4j, "
            "graphkit.queries.in_database; print('neo4j' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=False, timeout=60)
    assert (result.returncode, result.stdout.strip()) == (0, "False"), result.stderr
