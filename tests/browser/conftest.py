"""A real headless chromium (Debian's), driven by Playwright, with the network cut.

No browser is downloaded: Playwright starts the system chromium (``GRAPHKIT_CHROMIUM``,
else ``chromium`` on the PATH, else ``/usr/bin/chromium``; ``scripts/test.sh`` installs
it with apt-get when it is missing) with a fresh profile. Every request a page makes is
recorded; anything that is not ``file:`` or ``data:`` is aborted and reported.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "view"))

from browserkit import CHROMIUM, CHROMIUM_ARGS, READY, OpenedView


@pytest.fixture(scope="session")
def browser_context(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"no chromium at {CHROMIUM}: run scripts/test.sh (it installs Debian's "
                    "chromium) or set GRAPHKIT_CHROMIUM")
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    try:
        context = pw.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=CHROMIUM,
            headless=True, args=CHROMIUM_ARGS, viewport={"width": 1400, "height": 900})
        context.set_offline(True)
        yield context
        context.close()
    finally:
        pw.stop()


@pytest.fixture
def open_view(browser_context: Any) -> Iterator[Callable[[Path], OpenedView]]:
    pages: list[Any] = []

    def open_(path: Path) -> OpenedView:
        page = browser_context.new_page()
        pages.append(page)
        opened = OpenedView(page)
        page.on("request", lambda r: opened.requests.append(r.url))
        page.on("console", lambda m: opened.errors.append(f"console {m.type}: {m.text}")
                if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda e: opened.errors.append(f"page error: {e}"))

        def on_dialog(dialog: Any) -> None:
            opened.dialogs.append(f"{dialog.type}: {dialog.message}")
            dialog.dismiss()

        page.on("dialog", on_dialog)

        def route(r: Any) -> None:
            url = r.request.url
            if url.startswith(("file:", "data:")):
                r.continue_()
            else:
                opened.blocked.append(url)
                r.abort()

        page.route("**/*", route)
        page.goto(path.resolve().as_uri())
        page.wait_for_function(READY, timeout=60_000)
        return opened

    yield open_
    for page in pages:
        page.close()
