"""Regenerate the dashboard pictures of the README and docs/dashboard.md from real runs:

    python benchmarks/dashboard_screenshots.py

- ``docs/img/dashboard-check.png``: ``fairmeta check ../shared/corpus/rdf --format html`` (the examples
  without the corpus), opened in headless Chromium at 1280 px, the worst record's detail open;
- ``docs/img/dashboard-monitor.png``: ``fairmeta dashboard`` over the history of
  ``benchmarks/monitor_demo.py`` (two runs; papers whose data a loopback repository serves, and the
  corpus full texts);
- ``docs/img/dashboard-mobile.png``: the check page at 390 px.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
sys.path.insert(0, str(REPO / "benchmarks"))

import browser  # noqa: E402
import monitor_demo  # noqa: E402

IMAGES = REPO / "docs" / "img"


def _fairmeta(*args: str) -> None:
    env = {**os.environ, "FAIRMETA_OFFLINE": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "fairmeta", *args], capture_output=True, text=True, env=env, check=False
    )
    if done.returncode not in (0, 1):
        raise RuntimeError(done.stderr)


def main() -> int:
    """Write the three pictures."""
    IMAGES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        folder = CORPUS / "rdf" if (CORPUS / "rdf").is_dir() else REPO / "examples"
        check_page = work / "check.html"
        _fairmeta("check", str(folder), "--format", "html", "-o", str(check_page))
        with browser.opened_page(check_page, width=1280, height=900) as seen:
            seen.page.locator("[data-table=records] tbody tr").first.click()  # the worst record's detail
            seen.page.evaluate("window.scrollTo(0, 0)")
            clip = {"x": 0, "y": 0, "width": 1280, "height": 2300}
            seen.page.screenshot(path=str(IMAGES / "dashboard-check.png"), full_page=True, clip=clip)
        with browser.opened_page(check_page, width=390, height=1100) as seen:
            seen.page.screenshot(path=str(IMAGES / "dashboard-mobile.png"), full_page=False)
        db = monitor_demo.demo_history(work, CORPUS / "publications" / "fulltext")
        monitor_page = work / "monitor.html"
        _fairmeta("dashboard", "--db", str(db), "-o", str(monitor_page))
        with browser.opened_page(monitor_page, width=1280, height=900) as seen:
            clip = {"x": 0, "y": 0, "width": 1280, "height": 1700}
            seen.page.screenshot(path=str(IMAGES / "dashboard-monitor.png"), full_page=True, clip=clip)
    for name in ("dashboard-check.png", "dashboard-monitor.png", "dashboard-mobile.png"):
        print(IMAGES / name, f"{(IMAGES / name).stat().st_size / 1e3:.0f} kB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
