"""A headless Chromium (Debian's, through Playwright) for the report's browser tests: skips the
test when either is missing, and records console errors and requests that leave the page."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip


@dataclass
class Opened:
    """The page of an opened file, with what went wrong while it was open."""

    page: Any
    errors: list[str] = field(default_factory=list)  # console errors and page errors
    outside: list[str] = field(default_factory=list)  # requests for anything but the file


def playwright_api() -> Any:
    """`playwright.sync_api`, or skip the test when Chromium or Playwright is missing."""
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed (apt-get install chromium; .ci/run installs it)")
    return pytest.importorskip("playwright.sync_api")


@contextmanager
def opened(path: Path) -> Iterator[Opened]:
    """`path` opened from its file:// URL in a 1100x900 page of a new headless Chromium."""
    sync_api = playwright_api()
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            result = Opened(browser.new_page(viewport={"width": 1100, "height": 900}))
            result.page.on(
                "console", lambda m: result.errors.append(m.text) if m.type == "error" else None
            )
            result.page.on("pageerror", lambda e: result.errors.append(str(e)))
            result.page.on(
                "request",
                lambda r: (
                    None if r.url.startswith(("data:", "file:")) else result.outside.append(r.url)
                ),
            )
            result.page.goto(path.as_uri(), wait_until="load")
            yield result
        finally:
            browser.close()
