"""How long each notebook takes to run top to bottom from a clean kernel.

Prints figures; asserts nothing. Run from the repository root after scripts/test.sh has
installed everything (the Cabinet Office notebook needs ``../shared`` beside the repo):

    .venv/bin/python benchmarks/notebooks_bench.py [--runs 3]

"kernel" is the time to start the kernel and run its first cell (imports included);
"total" the wall time of the whole notebook, kernel start and shutdown included. The
notebooks are executed the way ``tests/notebooks`` does it, and are not changed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import nbformat
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def run_once(path: Path) -> tuple[float, float]:
    """(seconds to the end of the first code cell, seconds for the whole notebook)."""
    nb = nbformat.read(path, as_version=4)
    kernels = KernelSpecManager(kernel_dirs=[])  # ipykernel of this interpreter, as the tests
    client = NotebookClient(nb, km=KernelManager(kernel_name="python3",
                                                 kernel_spec_manager=kernels),
                            timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    first = 0.0
    start = time.perf_counter()
    with client.setup_kernel(cleanup_kc=True, env={**os.environ, "MPLBACKEND": "Agg"}):
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
            if not first and cell.cell_type == "code":
                first = time.perf_counter() - start
    return first, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPU(s), {args.runs} run(s)")
    print(f"{'notebook':<24} {'kernel+imports s':>17} {'total s (median)':>17} "
          f"{'min':>6} {'max':>6}")
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        runs = [run_once(path) for _ in range(args.runs)]
        totals = [t for _, t in runs]
        print(f"{path.name:<24} {statistics.median(f for f, _ in runs):>17.2f} "
              f"{statistics.median(totals):>17.2f} {min(totals):>6.2f} {max(totals):>6.2f}")


if __name__ == "__main__":
    main()
