"""Harvest speed: 200 PIDs through loopback servers that answer after 100 ms, spread over 10 ports.

    python benchmarks/bench_harvest.py [--pids 200] [--ports 10] [--latency 0.1]

Each port is a host of its own for the per-host limits. Every PID is a landing page with a
``describedby`` link and embedded JSON-LD. The same harvest runs sequentially (one source at a time,
``per-host`` 1, one worker) and concurrently (the default settings: sources harvested in parallel,
``per-host`` 8), side by side in one invocation; printed are the wall times, the speed-up, the
requests per PID and a re-run's requests (which must be none: the replay cache answers).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from loopback import LoopbackServer  # noqa: E402


class SlowSite:
    """One port: landing pages with a describedby link, each answer after ``latency`` seconds."""

    def __init__(self, latency: float) -> None:
        self.latency = latency
        self.hits = 0
        self.server = LoopbackServer(self.answer)

    def answer(self, method: str, path: str, headers: dict[str, str]) -> tuple[int, list[tuple[str, str]], bytes]:
        """A landing page, or its JSON-LD metadata."""
        del method, headers
        time.sleep(self.latency)
        self.hits += 1
        name = path.strip("/").split("/")[0]
        base = f"{self.server.base}{name}/"
        if path.endswith("/meta.jsonld"):
            payload = json.dumps(
                {
                    "@context": "https://schema.org/",
                    "@type": "Dataset",
                    "@id": base,
                    "name": f"Dataset {name}",
                    "description": "A dataset harvested by the benchmark through a slow loopback server.",
                    "license": "https://spdx.org/licenses/CC-BY-4.0",
                }
            ).encode()
            return 200, [("Content-Type", "application/ld+json")], payload
        link = f'<{base}meta.jsonld>; rel="describedby"; type="application/ld+json"'
        page = b"<html><head><title>landing</title></head><body>landing page</body></html>"
        return 200, [("Content-Type", "text/html"), ("Link", link)], page


def harvest_all(urls: list[str], concurrent: bool, cache: Path) -> tuple[float, int]:
    """Seconds to harvest every URL, and requests sent."""
    from fairmeta.engine import Engine, Options, RemoteSource, default_http_settings

    os.environ["FAIRMETA_CACHE_DIR"] = str(cache)
    http = default_http_settings()
    if not concurrent:
        http = replace(http, per_host=1, workers=1)
    options = Options(offline=False, http=http, score=False, plugins=False)
    engine = Engine(options)
    started = time.perf_counter()
    engine.run([RemoteSource(url) for url in urls])
    fetcher = engine._fetcher
    return time.perf_counter() - started, fetcher.requests_made if fetcher is not None else 0


def main() -> int:
    """Run both ways and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pids", type=int, default=200)
    parser.add_argument("--ports", type=int, default=10)
    parser.add_argument("--latency", type=float, default=0.1)
    args = parser.parse_args()
    sites = [SlowSite(args.latency) for _ in range(args.ports)]
    urls = [f"{sites[i % args.ports].server.base}pid{i}/" for i in range(args.pids)]
    with contextlib.ExitStack() as stack, tempfile.TemporaryDirectory() as scratch:
        for site in sites:
            stack.enter_context(site.server.running())
        sequential, sent_sequential = harvest_all(urls, concurrent=False, cache=Path(scratch) / "a")
        concurrent, sent_concurrent = harvest_all(urls, concurrent=True, cache=Path(scratch) / "b")
        _, rerun = harvest_all(urls, concurrent=True, cache=Path(scratch) / "b")
    print(
        f"{time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores; {args.pids} PIDs over {args.ports} ports, {args.latency * 1000:.0f} ms latency"
    )
    print(f"sequential  {sequential:7.2f} s  {sent_sequential / args.pids:.1f} requests/PID")
    print(
        f"concurrent  {concurrent:7.2f} s  {sent_concurrent / args.pids:.1f} requests/PID   speed-up {sequential / concurrent:5.1f}x"
    )
    print(f"re-run      {rerun} request(s) sent (the replay cache answers)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
