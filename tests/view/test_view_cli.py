"""``graphkit view`` and ``graphkit export`` as a user runs them: exit codes, files, messages."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import pytest
from viewmodels import FIXTURES

SMALL = FIXTURES / "small.yaml"
Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def graphkit(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Run:
    """Run the command line in this process (``main``, as the entry point does)."""
    from graphkit.cli import main

    def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
        argv = ["graphkit", *map(str, args)]
        monkeypatch.setattr(sys, "argv", argv)
        code = 0
        try:
            main()
        except SystemExit as exc:
            code = int(exc.code or 0)
        out, err = capsys.readouterr()
        return subprocess.CompletedProcess(argv, code, out, err)

    return run


def test_the_entry_point_runs(tmp_path: Path) -> None:
    out = tmp_path / "v.html"
    done = subprocess.run([sys.executable, "-m", "graphkit", "view", str(SMALL), "-o", str(out),
                           "--max-nodes", "3"], capture_output=True, text=True, check=False)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.startswith("error: the view would draw 16 nodes")


def test_view_writes_one_page(graphkit: Run, tmp_path: Path) -> None:
    out = tmp_path / "v.html"
    done = graphkit("view", SMALL, "-o", out, "--as-of", "2026-06-01", "--focus", "crm",
                    "--depth", "1")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == (f"wrote {out}: 4 nodes, 4 edges "
                                   "(within 1 link of asset:crm)")
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and 'data-nodes="4"' in page


def test_view_to_stdout(graphkit: Run) -> None:
    done = graphkit("view", SMALL, "-o", "-", "--as-of", "2026-06-01", "--kinds", "person",
                    "--reporting")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("<!DOCTYPE html>") and 'data-nodes="8"' in done.stdout


@pytest.mark.parametrize(("args", "message"), [
    (["--max-nodes", "5"], ("error: the view would draw 16 nodes, more than the 5 a readable "
                           "view holds; narrow it with --focus NODE --depth N")),
    (["--depth", "1"], "error: --depth needs --focus NODE"),
    (["--focus", "nobody"], "error: --focus 'nobody' names no node in the model"),
    (["--kinds", "person,team"], "error: --kinds: unknown kind(s) team"),
    (["--finding", "0123456789abcdef"], "error: --finding '0123456789abcdef' matches no finding"),
    (["--as-of", "yesterday"], "'yesterday' is not a date"),
])
def test_view_refusals_exit_2_with_one_line(graphkit: Run, tmp_path: Path, args: list[str],
                                            message: str) -> None:
    out = tmp_path / "v.html"
    done = graphkit("view", SMALL, "-o", out, *args)
    assert done.returncode == 2
    assert message in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr
    assert not out.exists()


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "cytoscape"])
def test_export(graphkit: Run, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"g.{fmt}"
    done = graphkit("export", SMALL, "--format", fmt, "-o", out)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"wrote {out}: 16 nodes, 26 edges"
    if fmt == "graphml":
        assert nx.read_graphml(out).number_of_nodes() == 16
    elif fmt == "gexf":
        assert nx.read_gexf(out).number_of_nodes() == 16


def test_export_bad_format(graphkit: Run, tmp_path: Path) -> None:
    done = graphkit("export", SMALL, "--format", "dot", "-o", tmp_path / "g")
    assert done.returncode == 2
    assert "dot" in done.stderr
