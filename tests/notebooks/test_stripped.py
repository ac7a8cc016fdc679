"""Notebooks are committed without outputs: diffs stay readable and nothing stale (or
large: the quickstart's view is about 700 KiB) lands in git. Not marked ``notebook``:
this runs with every test run, executing nothing."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from ._notebooks import NOTEBOOKS

ALL = sorted(NOTEBOOKS.glob("*.ipynb"))


def test_the_three_notebooks_are_there() -> None:
    assert [p.name for p in ALL] == ["01-quickstart.ipynb", "02-key-people.ipynb",
                                     "03-real-org.ipynb"]


@pytest.mark.parametrize("path", ALL, ids=[p.stem for p in ALL])
def test_committed_without_outputs(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code
    ran = [i for i, c in enumerate(nb.cells)
           if c.cell_type == "code" and (c.outputs or c.execution_count is not None)]
    assert ran == [], f"cells with outputs or an execution count: {ran}; strip them"
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3"
