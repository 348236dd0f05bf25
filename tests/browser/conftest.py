"""Browser fixtures: `corroborate serve` on 127.0.0.1 in a thread, and Debian's chromium via Playwright.

The tests are skipped, saying why, when Playwright or chromium is missing; CI installs both
(``pip install playwright``, ``apt-get install chromium``; never ``playwright install``, which
downloads browsers). Every page is watched: a request to any host but 127.0.0.1 is refused and
recorded, and so are console errors (a Content-Security-Policy violation is one) and uncaught
exceptions, so a test can assert that a page is clean.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.present.web_seed import build_seed_db

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM = Path(os.environ.get("CORROBORATE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1400, "height": 1000}


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """The app under uvicorn in a daemon thread, on a free port of 127.0.0.1."""

    def __init__(self, db: Path) -> None:
        import uvicorn

        from corroborate.present.web_app import create_app

        self.app = create_app(db)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(
            uvicorn.Config(self.app, host="127.0.0.1", port=self.port, log_level="warning")
        )
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> Server:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError(f"the test server did not start on {self.url}")
            time.sleep(0.02)
        state = self.app.state.web
        state.figures(state.store())  # start reconciling now, and let it finish before any page is judged
        state.figure_runs.wait(60)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(10)


@dataclass
class Watch:
    """What a page did besides rendering: requests refused, console errors, exceptions, dialogs."""

    foreign: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        """No request left 127.0.0.1, nothing broke the CSP or threw, no dialog opened."""
        assert not self.foreign, f"requests to other hosts: {self.foreign}"
        assert not self.page_errors, f"uncaught exceptions: {self.page_errors}"
        assert not self.console_errors, f"console errors: {self.console_errors}"
        assert not self.dialogs, f"dialogs opened: {self.dialogs}"


@pytest.fixture(scope="session")
def playwright_api() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("Playwright is not installed: pip install playwright (CI installs it)")
    if not CHROMIUM.exists() and shutil.which("chromium") is None:
        pytest.skip(f"no chromium at {CHROMIUM}: apt-get install chromium (CI installs it)")
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright_api: Any) -> Iterator[Any]:
    executable = CHROMIUM if CHROMIUM.exists() else Path(shutil.which("chromium") or "chromium")
    browser = playwright_api.chromium.launch(executable_path=str(executable), args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def server(shared: Path, tmp_path_factory: pytest.TempPathFactory, browser: Any) -> Iterator[Server]:
    """The seed articles with their gold claims: what the pages and screenshots are judged on."""
    db = build_seed_db(tmp_path_factory.mktemp("browser") / "seed.db", shared, hostile=False)
    with Server(db) as running:
        yield running


@pytest.fixture(scope="session")
def hostile_server(shared: Path, tmp_path_factory: pytest.TempPathFactory, browser: Any) -> Iterator[Server]:
    """The same, plus a document with markup in every field an article controls."""
    db = build_seed_db(tmp_path_factory.mktemp("browser") / "hostile.db", shared, hostile=True)
    with Server(db) as running:
        yield running


@pytest.fixture
def watched(browser: Any) -> Iterator[tuple[Any, Watch]]:
    """A fresh page whose every request to a host other than 127.0.0.1 is refused and recorded."""
    context = browser.new_context(viewport=VIEWPORT)
    watch = Watch()

    def route(r: Any) -> None:
        url = r.request.url
        host = urlsplit(url).hostname
        if url.startswith(("data:", "blob:", "about:")) or host == "127.0.0.1":
            r.continue_()
        else:
            watch.foreign.append(url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.on("request", lambda req: watch.requests.append(req.url))
    page.on("console", lambda msg: watch.console_errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: watch.page_errors.append(str(exc)))

    def dialog(d: Any) -> None:
        watch.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", dialog)
    yield page, watch
    context.close()


def screenshot(page: Any, name: str) -> Path:
    """Save what the page shows to artifacts/screenshots/NAME.png (not committed)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path
