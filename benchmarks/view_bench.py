"""How long a view takes: to select and lay out, to render, and to settle in chromium.

Prints figures; asserts nothing (timings belong in a benchmark, not a test). Run from the
repository root after scripts/test.sh has installed everything:

    .venv/bin/python benchmarks/view_bench.py [--sizes 50,150,300] [--runs 3]

For each size a synthetic organisation of about that many nodes (people in a reporting
tree, roles, assets, duties, risks, delegations) is rendered whole, written to a temporary
file, and opened from file:// in headless Debian chromium with the network cut. "stable"
is the time from the page's first script to vis-network's first complete drawing with
every node in place (the layout is precomputed and physics is off, so nothing moves
after that); "load" is the wall time from navigation to that moment.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from graphkit.model import Model, validate_model
from graphkit.view import render_html, select_view

AS_OF = date(2026, 6, 1)
CHROMIUM = (os.environ.get("GRAPHKIT_CHROMIUM") or shutil.which("chromium")
            or "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "northwind" / "model.yaml"


def synthetic(nodes: int) -> Model:
    """An organisation of about ``nodes`` nodes: half people, the rest roles and items."""
    n_people = max(2, nodes // 2)
    n_roles = max(1, nodes // 8)
    n_assets = max(1, nodes // 8)
    n_duties = max(1, nodes // 8)
    n_risks = max(1, nodes - n_people - n_roles - n_assets - n_duties)
    people = [{"id": f"p{i}", "name": f"Person {i}",
               **({"reports_to": f"p{(i - 1) // 4}"} if i else {})} for i in range(n_people)]
    roles = [{"id": f"r{i}", "name": f"Role {i}", "authority": 1 + i % 5,
              **({"inherits": [f"r{i // 3}"]} if i >= 3 else {})} for i in range(n_roles)]
    assignments = [{"person": f"p{i}", "role": f"r{i % n_roles}", "deputy": i % 7 == 0}
                   for i in range(n_people)]
    assets = [{"id": f"a{i}", "name": f"Asset {i}", "owner": f"role:r{i % n_roles}",
               "custodians": [f"role:r{(i + 1) % n_roles}"]} for i in range(n_assets)]
    duties = [{"id": f"d{i}", "name": f"Duty {i}", "accountable": f"role:r{i % n_roles}",
               "responsible": [f"person:p{(3 * i) % n_people}"]} for i in range(n_duties)]
    risks = [{"id": f"k{i}", "title": f"Risk {i}", "owner": f"role:r{i % n_roles}",
              "assets": [f"a{i % n_assets}"]} for i in range(n_risks)]
    delegations = [{"id": f"D{i}", "from": f"person:p{(3 * i) % n_people}",
                    "to": f"person:p{(3 * i + 1) % n_people}", "scope": f"duty:d{i}"}
                   for i in range(n_duties)]
    return validate_model({"organisation": {"id": "synthetic", "name": f"Synthetic {nodes}"},
                           "people": people, "roles": roles, "assignments": assignments,
                           "assets": assets, "duties": duties, "risks": risks,
                           "delegations": delegations})


def open_page(context: Any, path: Path) -> tuple[float, float, int]:
    page = context.new_page()
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:"))
               else r.abort())
    start = time.perf_counter()
    page.goto(path.as_uri())
    page.wait_for_function("() => window.graphkit && window.graphkit.ready", timeout=120_000)
    wall = time.perf_counter() - start
    stable = float(page.evaluate("() => window.graphkit.stableMs"))
    drawn = int(page.evaluate("() => window.graphkit.network.body.nodeIndices.length"))
    page.close()
    return wall, stable / 1000.0, drawn


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="50,150,300")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    cases: list[tuple[str, Model, dict[str, Any]]] = [
        (f"synthetic {n}", synthetic(int(n)), {}) for n in args.sizes.split(",")]
    if EXAMPLE.exists():
        from graphkit.loaders import load

        nw = load(EXAMPLE)
        cases.append(("northwind, --findings", nw, {"findings": True}))
        cases.append(("northwind, --reporting", nw, {"reporting": True}))

    from playwright.sync_api import sync_playwright

    print(f"{'view':<26}{'nodes':>6}{'edges':>7}{'select':>9}{'render':>9}{'size':>9}"
          f"{'load':>9}{'stable':>9}")
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(Path(tmp) / "profile"), executable_path=CHROMIUM, headless=True, args=ARGS,
            viewport={"width": 1400, "height": 900})
        context.set_offline(True)
        for name, model, options in cases:
            t0 = time.perf_counter()
            view = select_view(model, as_of=AS_OF, max_nodes=10_000, **options)
            t1 = time.perf_counter()
            page = render_html(view)
            t2 = time.perf_counter()
            path = Path(tmp) / "view.html"
            path.write_text(page, encoding="utf-8")
            walls, stables = [], []
            for _ in range(args.runs):
                wall, stable, drawn = open_page(context, path)
                assert drawn == len(view.nodes)
                walls.append(wall)
                stables.append(stable)
            print(f"{name:<26}{len(view.nodes):>6}{len(view.edges):>7}{t1 - t0:>8.2f}s"
                  f"{t2 - t1:>8.2f}s{len(page) / 1024:>7.0f}kB"
                  f"{statistics.median(walls):>8.2f}s{statistics.median(stables):>8.2f}s")
        context.close()


if __name__ == "__main__":
    main()
