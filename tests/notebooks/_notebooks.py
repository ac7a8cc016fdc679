"""Where the notebooks and the shared data are, and how a test reads executed outputs."""

from __future__ import annotations

import base64
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import nbformat
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

__all__ = ["NOTEBOOKS", "REPO", "execute", "html_of", "outputs_of", "png_of", "shared_dir",
           "tables_of", "text_of"]

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = REPO / "notebooks"
#: Seconds a single cell may take before the run fails.
CELL_TIMEOUT = 120

_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def shared_dir() -> Path:
    """The shared data folder beside the repository (``<repo>/../shared``, as on CI); a
    git worktree under ``wt/`` finds it one level further up."""
    for candidate in (REPO / ".." / "shared", REPO / ".." / ".." / "shared"):
        if candidate.is_dir():
            return candidate.resolve()
    return REPO / ".." / "shared"


def execute(path: Path) -> nbformat.NotebookNode:
    """Run the notebook at ``path`` top to bottom in a new ``python3`` kernel (ipykernel
    of the interpreter running the tests), working directory ``notebooks/``, with a
    non-interactive matplotlib backend. Raises ``CellExecutionError`` on the first cell
    that fails. The file is not changed."""
    nb = nbformat.read(path, as_version=4)
    # no kernel folders: "python3" is the native kernel of ipykernel in this interpreter
    # (a user's own python3 kernelspec elsewhere would run another Python)
    kernels = KernelSpecManager(kernel_dirs=[])
    client = NotebookClient(nb, km=KernelManager(kernel_name="python3",
                                                 kernel_spec_manager=kernels),
                            timeout=CELL_TIMEOUT, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute(cleanup_kc=True, env={**os.environ, "MPLBACKEND": "Agg"})
    return nb


def outputs_of(nb: nbformat.NotebookNode, tag: str) -> list[nbformat.NotebookNode]:
    """The outputs of the one code cell tagged ``tag``."""
    cells = [c for c in nb.cells if tag in c.get("metadata", {}).get("tags", [])]
    assert len(cells) == 1, f"{len(cells)} cells tagged {tag!r}"
    return list(cells[0].outputs)


def text_of(nb: nbformat.NotebookNode, tag: str) -> str:
    """What the cell tagged ``tag`` printed and displayed as plain text (colours removed)."""
    parts = []
    for out in outputs_of(nb, tag):
        if out.output_type == "stream":
            parts.append(out.text)
        elif "data" in out and "text/plain" in out.data:
            parts.append(out.data["text/plain"])
    return _ANSI.sub("", "\n".join(parts))


def html_of(nb: nbformat.NotebookNode, tag: str) -> str:
    """The HTML the cell tagged ``tag`` displayed."""
    return "\n".join(out.data["text/html"] for out in outputs_of(nb, tag)
                     if "data" in out and "text/html" in out.data)


def png_of(nb: nbformat.NotebookNode, tag: str) -> list[bytes]:
    """The PNG images the cell tagged ``tag`` displayed."""
    return [base64.b64decode(out.data["image/png"]) for out in outputs_of(nb, tag)
            if "data" in out and "image/png" in out.data]


class _Tables(HTMLParser):
    """The body rows of every ``<table>`` in an HTML text, each a list of cell texts."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self._in_body = False
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tbody":
            self._in_body = True
        elif tag == "tr" and self._in_body:
            self.tables[-1].append([])
        elif tag in ("td", "th") and self._in_body:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "tbody":
            self._in_body = False
        elif tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def tables_of(nb: nbformat.NotebookNode, tag: str) -> list[list[list[str]]]:
    """The tables (pandas' HTML) the cell tagged ``tag`` displayed: for each, its body
    rows as lists of cell texts, the index first."""
    parser = _Tables()
    for out in outputs_of(nb, tag):
        if "data" in out and "text/html" in out.data:
            parser.feed(out.data["text/html"])
    return parser.tables
