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
import json
import os
import sys
import tempfile
import threading
import time
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


class _Slow(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # a real server's backlog, not http.server's 5
    hits = 0


def _server(latency: float) -> _Slow:
    class Handler(BaseHTTPRequestHandler):
        def _answer(self, body: bool) -> None:
            time.sleep(latency)
            server = self.server
            assert isinstance(server, _Slow)
            server.hits += 1
            port = server.server_address[1]
            name = self.path.strip("/").split("/")[0]
            if self.path.endswith("/meta.jsonld"):
                payload = json.dumps(
                    {
                        "@context": "https://schema.org/",
                        "@type": "Dataset",
                        "@id": f"http://127.0.0.1:{port}/{name}/",
                        "name": f"Dataset {name}",
                        "description": "A dataset harvested by the benchmark through a slow loopback server.",
                        "license": "https://spdx.org/licenses/CC-BY-4.0",
                    }
                ).encode()
                kind, links = "application/ld+json", ""
            else:
                payload = b"<html><head><title>landing</title></head><body>landing page</body></html>"
                kind, links = (
                    "text/html",
                    f'<http://127.0.0.1:{port}/{name}/meta.jsonld>; rel="describedby"; type="application/ld+json"',
                )
            self.send_response(200)
            self.send_header("Content-Type", kind)
            if links:
                self.send_header("Link", links)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            if body:
                self.wfile.write(payload)

        def do_GET(self) -> None:
            self._answer(True)

        def do_HEAD(self) -> None:
            self._answer(False)

        def log_message(self, format: str, *args: object) -> None:
            return

    return _Slow(("127.0.0.1", 0), Handler)


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
    servers = [_server(args.latency) for _ in range(args.ports)]
    for server in servers:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    urls = [f"http://127.0.0.1:{servers[i % args.ports].server_address[1]}/pid{i}/" for i in range(args.pids)]
    with tempfile.TemporaryDirectory() as scratch:
        sequential, sent_sequential = harvest_all(urls, concurrent=False, cache=Path(scratch) / "a")
        concurrent, sent_concurrent = harvest_all(urls, concurrent=True, cache=Path(scratch) / "b")
        _, rerun = harvest_all(urls, concurrent=True, cache=Path(scratch) / "b")
    for server in servers:
        server.shutdown()
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
