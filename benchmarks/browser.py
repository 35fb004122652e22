"""Headless Chromium for the dashboard's tests and benchmark: Debian's ``chromium`` driven by Playwright
(``playwright install`` cannot download browsers here), started so that the browser itself contacts
nothing, with every request the page makes and every console message recorded.

    with opened_page(path, width=1280) as seen:
        seen.page.click(...); assert seen.requests == [path.as_uri()]
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# no background traffic of the browser's own: updates, sync, safe browsing, first-run pages, QUIC
CHROMIUM_FLAGS = [
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-default-apps",
    "--disable-domain-reliability",
    "--no-sandbox",  # CI runs as root
]


def chromium_path() -> str | None:
    """The system Chromium, or None."""
    for name in (os.environ.get("FAIRMETA_CHROMIUM", ""), "chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name) if name else None
        if found:
            return found
    return None


@dataclass
class Seen:
    """An opened page and what it did."""

    page: Any
    requests: list[str] = field(default_factory=list)
    console: list[tuple[str, str]] = field(default_factory=list)

    def errors(self) -> list[tuple[str, str]]:
        """Console errors and uncaught exceptions."""
        return [m for m in self.console if m[0] in ("error", "pageerror")]


@contextmanager
def opened_page(
    path: Path, width: int = 1280, height: int = 900, scripts: bool = True, timeout_s: float = 60
) -> Iterator[Seen]:
    """``path`` opened from ``file://`` in headless Chromium, waiting until the dashboard is drawn."""
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    if executable is None:
        raise RuntimeError("no Chromium (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        try:
            context = browser.new_context(viewport={"width": width, "height": height}, java_script_enabled=scripts)
            page = context.new_page()
            seen = Seen(page)
            page.on("request", lambda request: seen.requests.append(request.url))
            page.on("console", lambda message: seen.console.append((message.type, message.text)))
            page.on("pageerror", lambda error: seen.console.append(("pageerror", str(error))))
            page.goto(path.resolve().as_uri(), timeout=timeout_s * 1000)
            if scripts:
                page.wait_for_function("document.documentElement.dataset.ready === '1'", timeout=timeout_s * 1000)
            yield seen
        finally:
            browser.close()
