"""The dashboard at scale: a synthetic check run of 50,000 records with about 10 findings each, its
page written, opened from file:// in headless Chromium, timed from navigation to the overview charts
drawn (targets: < 3 s, < 30 MB), side by side with the baseline: the same report as the page
``--format html`` wrote before the dashboard (one static block per source, from git history).

    python benchmarks/bench_dashboard.py [--records 50000] [--repeat 3] [--no-baseline]

Records, scores and findings are copies of a real check of ``examples/`` (its records' scores and
findings, spread over the synthetic sources), so the page holds what a real run holds.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import io
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import browser  # noqa: E402

from fairmeta import check  # noqa: E402
from fairmeta.model import Report  # noqa: E402
from fairmeta.reporters.dashboard import DashboardReporter  # noqa: E402

BASELINE_COMMIT = "4f259a9"
BASELINE_TIMEOUT = 600  # seconds the baseline's page may take to load  # the last commit with the static one-page reporter (fairmeta/reporters/html.py)


def synthetic_report(n_records: int, per_record: int = 10) -> Report:
    """``n_records`` records spread over sources of 5 records each, ``per_record`` findings each."""
    seed = check([REPO / "examples"], offline=True)
    records = [r for r in seed.records if r.score is not None]
    findings = [f for f in seed.findings if f.record is not None]
    out_records = []
    out_findings = []
    for i in range(n_records):
        model = records[i % len(records)]
        source = f"records/batch-{i // 500:03d}/record-{i // 5:05d}.jsonld"
        record_id = f"https://example.org/dataset/{i}"
        out_records.append(dataclasses.replace(model, id=record_id, source=source, findings=()))
        for k in range(per_record):
            finding = findings[(i * per_record + k) % len(findings)]
            # every finding located in its own record (a pointer of its own): the page cannot lean on
            # repeated strings more than a real run's could
            pointer = f"/records/{i}{finding.location.pointer or ''}"
            location = dataclasses.replace(finding.location, source=source, pointer=pointer)
            out_findings.append(dataclasses.replace(finding, record=record_id, location=location))
    sources = tuple(dict.fromkeys(r.source for r in out_records))
    return dataclasses.replace(seed, sources=sources, records=tuple(out_records), findings=tuple(out_findings))


def baseline_reporter() -> object | None:
    """The pre-dashboard HtmlReporter, loaded from git history (None outside a git checkout)."""
    done = subprocess.run(
        ["git", "-C", str(REPO), "show", f"{BASELINE_COMMIT}:fairmeta/reporters/html.py"],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        return None
    spec = importlib.util.spec_from_loader("baseline_html", loader=None)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    exec(compile(done.stdout, "baseline_html.py", "exec"), module.__dict__)  # the project's own history
    reporter: object = module.HtmlReporter()
    return reporter


class _IndexedReport:
    """The report with ``findings_for`` answered from an index: the baseline reporter asks it once per
    source, a scan of every finding each time (quadratic: hours at 10,000 sources); indexed, the
    baseline's page is what is measured, not that scan."""

    def __init__(self, report: Report) -> None:
        self._report = report
        self._by_source: dict[str, list[object]] = {}
        for finding in report.findings:
            self._by_source.setdefault(finding.location.source, []).append(finding)

    def __getattr__(self, name: str) -> object:
        return getattr(self._report, name)

    def findings_for(self, source: str) -> list[object]:
        return self._by_source.get(source, [])


def drawn_seconds(page_file: Path, dashboard: bool) -> float:
    """Seconds from navigation to the overview drawn (dashboard) or to the load event (baseline,
    whose page is large: minutes to open at this size)."""
    if dashboard:
        with browser.opened_page(page_file) as seen:
            return float(seen.page.evaluate("window.fairmetaReady")) / 1000
    with browser.opened_page(page_file, scripts=False, timeout_s=BASELINE_TIMEOUT) as seen:
        timing = "performance.timing.loadEventEnd - performance.timing.navigationStart"
        return float(seen.page.evaluate(timing)) / 1000


def main() -> int:
    """Print the dashboard's and the baseline's figures side by side."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-baseline", action="store_true")
    args = parser.parse_args()
    if browser.chromium_path() is None:
        print("no Chromium: apt-get install chromium")
        return 2
    started = time.perf_counter()
    report = synthetic_report(args.records)
    print(f"synthetic report: {len(report.records)} records, {len(report.findings)} findings "
          f"({time.perf_counter() - started:.1f} s to build)")  # fmt: skip
    print(f"{'page':<34} {'size MB':>8} {'write s':>8} {'open→drawn s':>13}", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        rows = []
        reporters: list[tuple[str, object, bool]] = [("dashboard", DashboardReporter(), True)]
        old = None if args.no_baseline else baseline_reporter()
        if old is not None:
            reporters.append((f"baseline (html.py @ {BASELINE_COMMIT})", old, False))
        for name, reporter, dashboard in reporters:
            buffer = io.StringIO()
            began = time.perf_counter()
            reporter.write(report if dashboard else _IndexedReport(report), buffer)  # type: ignore[attr-defined]
            written = time.perf_counter() - began
            page_file = Path(tmp) / f"{name.split()[0]}.html"
            page_file.write_text(buffer.getvalue(), encoding="utf-8")
            del buffer
            size = page_file.stat().st_size / 1e6
            try:  # the baseline once: opening its page takes minutes at this size
                times = [drawn_seconds(page_file, dashboard) for _ in range(args.repeat if dashboard else 1)]
                opened = statistics.median(times)
            except Exception:  # Playwright's timeout: the page did not finish loading
                opened = float("inf")
            rows.append((name, size, written, opened))
            shown = f"{opened:>13.2f}" if opened != float("inf") else f"{'> ' + str(BASELINE_TIMEOUT) + ' s':>13}"
            print(f"{name:<34} {size:>8.1f} {written:>8.1f} {shown}", flush=True)
        if len(rows) == 2:
            (_, s1, w1, o1), (_, s2, w2, o2) = rows
            ratio = f"{o1 / o2:.4f}" if o2 != float("inf") else f"< {o1 / BASELINE_TIMEOUT:.4f}"
            print(f"{'ratio dashboard / baseline':<34} {s1 / s2:>8.3f} {w1 / w2:>8.2f} {ratio:>13}")
        print(f"targets: open→drawn < 3 s ({'met' if rows[0][3] < 3 else 'NOT met'}), "
              f"size < 30 MB ({'met' if rows[0][1] < 30 else 'NOT met'})")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
