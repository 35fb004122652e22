"""A monitoring run spread out: publications whose outputs are harvested from loopback servers that
answer with a network-like delay, run by one process (the baseline), by ``--jobs 2`` and by a
2-worker Dask ``LocalCluster``, side by side in one invocation; then a re-run from the cache the
workers' answers were merged into, and the single writer's own rate. Prints the ratios, the
requests per output and per host, and whether the databases are identical.

    python benchmarks/bench_monitor_scale.py [--papers 200] [--latency 0.05] [--jobs 2]

Two servers, as on the web: a DOI proxy (``/doi/…`` redirects) and a repository (landing pages
with schema.org JSON-LD and FAIR Signposting links). Each is its own host (port), so fairmeta's
per-host limits apply to each: they are what bounds a large run (docs/scale.md).
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from loopback import LoopbackServer
from monitor_demo import JATS, SERVICES  # the papers' JATS and the services put on loopback


class Web:
    """The DOI proxy and the repository, counting requests per host."""

    def __init__(self, latency: float) -> None:
        self.latency = latency
        self.requests: Counter[str] = Counter()
        self._lock = threading.Lock()
        self.proxy = LoopbackServer(lambda m, p, h: self._answer("proxy", p))
        self.repository = LoopbackServer(lambda m, p, h: self._answer("repository", p))

    def _answer(self, host: str, path: str) -> tuple[int, list[tuple[str, str]], bytes]:
        with self._lock:
            self.requests[host] += 1
        time.sleep(self.latency)
        if host == "proxy" and path.startswith("/doi/10.5281/zenodo."):
            number = path.rsplit(".", 1)[1]
            return 302, [("Location", f"{self.repository.base}records/{number}")], b""
        if host == "repository" and path.startswith("/records/"):
            number = path.rsplit("/", 1)[1]
            doi = f"https://doi.org/10.5281/zenodo.{number}"
            record = {
                "@context": "https://schema.org/",
                "@type": "Dataset",
                "@id": doi,
                "identifier": doi,
                "name": f"Measurements {number}",
                "description": "Soil moisture measured hourly at twelve stations over three years.",
                "license": "https://creativecommons.org/licenses/by/4.0/",
                "creator": {"@type": "Person", "name": "A. Researcher"},
                "datePublished": "2024-01-01",
            }
            page = f'<html><head><script type="application/ld+json">{json.dumps(record)}</script></head></html>'
            links = f'<{doi}>; rel="cite-as", <https://schema.org/Dataset>; rel="type"'
            return 200, [("Content-Type", "text/html"), ("Link", links)], page.encode()
        return 404, [("Content-Type", "text/html")], b"<html>not found</html>"

    def env(self, cache: Path) -> dict[str, str]:
        services = {f"FAIRMETA_{name}_URL": f"{self.proxy.base}{name.lower()}" for name in SERVICES}
        return {**os.environ, **services, "FAIRMETA_CACHE_DIR": str(cache), "FAIRMETA_OFFLINE": "0"}


def papers(folder: Path, count: int) -> Path:
    out = folder / "papers"
    out.mkdir()
    for n in range(count):
        statement = f"The data generated in this study have been deposited in Zenodo (10.5281/zenodo.{1000 + n})."
        text = JATS.format(doi=f"10.1/paper{n:05d}", year=2020 + n % 5, statement=statement)
        (out / f"p{n:05d}.xml").write_text(text, encoding="utf-8")
    return out


def content(db: Path) -> list[Any]:
    with sqlite3.connect(db) as conn:
        tables = ("publications", "statements", "outputs", "links", "results", "problems")
        return [sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in tables]


def run(web: Web, folder: Path, db: Path, cache: Path, *args: str) -> tuple[float, Counter[str]]:
    web.requests.clear()
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "fairmeta", "monitor", "run", str(folder), "--db", str(db), "--online",
         "--no-metadata", *args],
        env=web.env(cache), capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise SystemExit(f"monitor run {' '.join(args)}: exit {done.returncode}: {done.stderr[-500:]}")
    return time.perf_counter() - start, Counter(web.requests)


def writer_rate(db: Path, rows: int) -> float:
    """Result rows a second the single writer stores (one transaction each, as a run does)."""
    with sqlite3.connect(db) as conn:
        template = conn.execute("SELECT * FROM results LIMIT 1").fetchone()
    target = db.with_name("writer.sqlite")
    from fairmeta.monitor.db import opened

    with opened(target) as conn:
        start = time.perf_counter()
        for n in range(rows):
            with conn:
                conn.execute("INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?, ?, ?)", (1, f"o{n}", *template[2:]))
        return rows / (time.perf_counter() - start)


def main() -> int:
    """Print the runs side by side."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--papers", type=int, default=200)
    parser.add_argument("--latency", type=float, default=0.05, help="seconds each server takes to answer")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    web = Web(args.latency)
    rows: list[tuple[str, float, Counter[str]]] = []
    with tempfile.TemporaryDirectory() as tmp, web.proxy.running(), web.repository.running():
        work = Path(tmp)
        folder = papers(work, args.papers)
        rows.append(("1 process (baseline)", *run(web, folder, work / "one.sqlite", work / "c1", "--jobs", "1")))
        jobs = ("--jobs", str(args.jobs))
        rows.append((f"--jobs {args.jobs}", *run(web, folder, work / "jobs.sqlite", work / "c2", *jobs)))
        dbs = ["jobs"]
        try:
            distributed: Any = importlib.import_module("distributed")
        except ImportError:
            print("Dask distributed is not installed: pip install 'fairmeta[dask]'")
        else:
            with distributed.LocalCluster(
                processes=True, n_workers=args.jobs, threads_per_worker=1, host="127.0.0.1", dashboard_address=None
            ) as cluster:
                dask = ("--executor", "dask", "--scheduler", cluster.scheduler_address)
                rows.append(
                    (
                        f"Dask LocalCluster, {args.jobs} workers",
                        *run(web, folder, work / "dask.sqlite", work / "c3", *dask),
                    )
                )
                dbs.append("dask")
        rows.append(
            (f"re-run, --jobs {args.jobs}, merged cache", *run(web, folder, work / "again.sqlite", work / "c2", *jobs))
        )
        dbs.append("again")
        base = rows[0][1]
        outputs = args.papers
        print(
            f"{args.papers} publications, {outputs} outputs, {args.latency * 1000:.0f} ms a request, {os.cpu_count()} CPUs"
        )
        for name, seconds, requests in rows:
            per = ", ".join(f"{host} {n / outputs:.1f}" for host, n in sorted(requests.items())) or "none"
            print(f"  {name:<40} {seconds:7.1f} s   ratio {seconds / base:5.2f}x   requests per output: {per}")
        same = all(content(work / f"{n}.sqlite") == content(work / "one.sqlite") for n in dbs)
        print(f"  databases identical across executors and the re-run: {'yes' if same else 'NO'}")
        again = rows[-1][1]
        print(f"  per output with every answer cached ({args.jobs} processes): {1000 * again / outputs:.0f} ms")
        print(f"  the single writer stores {writer_rate(work / 'one.sqlite', 5000):,.0f} result rows a second")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
