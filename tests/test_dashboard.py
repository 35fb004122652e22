"""The dashboard in a real browser: headless Chromium (Debian's package) driven by Playwright, opened
from file:// with the browser's own traffic switched off. Charts drawn, filters recompute the counts
(operated with the keyboard), a row opens its record, nothing requested from any network, no
console error, no horizontal scrolling at 1280 px and 390 px. Without Chromium the tests skip,
except under .ci/run (FAIRMETA_REQUIRE_BROWSER=1), which installs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from .conftest import CORPUS, EXAMPLES, RunCli, benchmark

browser = benchmark("browser")


@pytest.fixture(scope="module")
def chromium() -> None:
    """Skip without a browser (fail under CI, which must have one)."""
    if browser.chromium_path() is None or not _has_playwright():
        if os.environ.get("FAIRMETA_REQUIRE_BROWSER") == "1":
            pytest.fail("Chromium and Playwright are required here (apt-get install chromium; pip install playwright)")
        pytest.skip("no Chromium or no Playwright")


def _has_playwright() -> bool:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return True


def _assert_quiet(seen: Any, page_file: Path) -> None:
    """No request but the page itself, no console error."""
    assert seen.requests == [page_file.resolve().as_uri()], seen.requests
    assert seen.errors() == [], seen.errors()


def _tab_to(page: Any, element_id: str) -> None:
    """Press Tab until the element has the focus (the keyboard path a user takes)."""
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return
    raise AssertionError(f"Tab never reached #{element_id}")


def _no_horizontal_scroll(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


@pytest.fixture(scope="module")
def check_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The dashboard of a check of a corpus folder (the examples without the corpus)."""
    folder = CORPUS / "rdf" if (CORPUS / "rdf").is_dir() else EXAMPLES
    out = tmp_path_factory.mktemp("dash") / "check.html"
    done = subprocess.run(
        [sys.executable, "-m", "fairmeta", "check", str(folder), "-f", "html", "-o", str(out)],
        capture_output=True,
        text=True,
        env={**os.environ, "FAIRMETA_OFFLINE": "1"},
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    return out


def test_a_check_dashboard_draws_filters_and_drills_down(chromium: None, check_page: Path) -> None:
    with browser.opened_page(check_page) as seen:
        page = seen.page
        principles = page.locator("#chart-principles svg rect.bar").count()
        assert principles >= 4  # F, A, I, R and the principles assessed
        assert page.locator("#chart-dist svg rect.bar").count() == 10
        assert page.locator("#chart-severity svg rect.bar").count() == 3
        records_before = page.locator("#cards .card").first.locator(".v").inner_text()
        errors = int(page.locator("#cards .card").nth(2).locator(".v").inner_text())
        assert errors > 0
        # keyboard: Tab to the severity filter and choose "error"; the counts follow
        _tab_to(page, "f-severity")
        page.keyboard.type("error")
        page.wait_for_function("document.querySelector('#f-severity').value === 'error'")
        assert page.locator("#cards .card").nth(3).locator(".v").inner_text() == "0"  # no warning left
        assert page.locator("#cards .card").first.locator(".v").inner_text() != records_before or errors
        status = page.locator("#status").inner_text()
        assert f"{errors} error(s)" in status and "0 warning(s)" in status
        # worst first: the first row's score is the lowest shown
        scores = page.eval_on_selector_all(
            "[data-table=records] tbody tr td:nth-child(4)", "cells => cells.map(c => c.textContent)"
        )
        values = [float(s.split()[0]) for s in scores if s.strip() not in ("n/a", "")]
        assert values == sorted(values)
        # drill-down with the keyboard: the first record's findings, with fixes and rule links
        page.locator("[data-table=records] tbody tr").first.focus()
        page.keyboard.press("Enter")
        detail = page.locator("#detail")
        assert detail.is_visible()
        assert detail.locator("tbody tr").count() >= 1 and "Fix" in detail.inner_text()
        assert detail.locator("a.code").first.get_attribute("href").startswith("https://")
        # sorting by a column header, and the search box
        page.locator("[data-sort='records:3']").click()
        assert page.locator("[data-table=records] th").nth(3).get_attribute("aria-sort") in ("ascending", "descending")
        _no_horizontal_scroll(page)
        _assert_quiet(seen, check_page)
    with browser.opened_page(check_page, width=390, height=844) as seen:
        _no_horizontal_scroll(seen.page)
        assert seen.page.locator("#chart-principles svg rect.bar").count() == principles
        _assert_quiet(seen, check_page)


def test_without_scripts_the_overview_table_shows(chromium: None, check_page: Path) -> None:
    with browser.opened_page(check_page, scripts=False) as seen:
        static = seen.page.locator("#static")
        assert static.is_visible() and "Records, worst first" in static.inner_text()
        assert static.locator("tbody tr").count() >= 2
        assert seen.requests == [check_page.resolve().as_uri()]


def test_a_monitoring_dashboard_shows_trends_filters_and_evidence(
    chromium: None, tmp_path: Path, run_cli: RunCli
) -> None:
    db = benchmark("monitor_demo").demo_history(tmp_path, CORPUS / "publications" / "fulltext")
    out = tmp_path / "monitor.html"
    done = run_cli("dashboard", "--db", db, "-o", out)
    assert done.exit_code == 0, done.output
    with browser.opened_page(out) as seen:
        page = seen.page
        # two runs: a point per run and indicator in the trends
        assert page.locator("#chart-trends svg circle.point").count() >= 2 * 3
        assert page.locator("#chart-principles svg rect.bar").count() >= 4
        assert page.locator("#chart-statements svg rect.bar").count() == 7
        publications = int(page.locator("#cards .card").first.locator(".v").inner_text())
        assert publications >= 6
        page.select_option("#f-run", "1")  # the first run: the six papers alone
        assert int(page.locator("#cards .card").first.locator(".v").inner_text()) == 6
        _tab_to(page, "f-year")
        page.keyboard.type("2022")
        page.wait_for_function("document.querySelector('#f-year').value === '2022'")
        assert int(page.locator("#cards .card").first.locator(".v").inner_text()) == 2
        page.select_option("#f-year", "")
        page.select_option("#f-repository", "Zenodo")
        assert int(page.locator("#cards .card").first.locator(".v").inner_text()) == 4
        # a rule of the outputs' findings narrows the outputs to those that have it
        outputs = int(page.locator("#cards .card").nth(4).locator(".v").inner_text())
        rule = page.locator("#top tbody tr td:nth-child(2)").last.inner_text()  # the rarest of the top ones
        page.select_option("#f-rule", rule)
        assert 0 < int(page.locator("#cards .card").nth(4).locator(".v").inner_text()) <= outputs
        assert page.locator("#top tbody tr").count() == 1 and rule in page.locator("#top").inner_text()
        page.select_option("#f-rule", "")
        # the first output, worst first: its harvest evidence and findings
        page.locator("[data-table=outs] tbody tr").first.click()
        detail = page.locator("#detail")
        assert "landing page status: 200" in detail.inner_text() and "Findings" in detail.inner_text()
        # a publication: its statement sentence and its link's provenance
        page.fill("[data-search=pubs]", "10.1/p1")
        assert page.locator("[data-table=pubs] tbody tr").count() == 1
        page.locator("[data-table=pubs] tbody tr").first.click()
        text = detail.inner_text()
        assert "deposited in Zenodo" in text and "statement" in text
        _no_horizontal_scroll(page)
        _assert_quiet(seen, out)
    with browser.opened_page(out, width=390, height=844) as seen:
        _no_horizontal_scroll(seen.page)
        _assert_quiet(seen, out)


def test_dashboard_without_a_database_is_a_one_line_error(tmp_path: Path, run_cli: RunCli) -> None:
    done = run_cli("dashboard", "--db", tmp_path / "none.sqlite", "-o", tmp_path / "d.html")
    assert done.exit_code == 2 and "no monitor database" in done.output
    assert not (tmp_path / "d.html").exists()
