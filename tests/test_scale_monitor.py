"""`fairmeta monitor run` spread over processes (--jobs) and over a Dask LocalCluster: the database
is the single-process one, whatever is killed and restarted; the workers' HTTP answers reach the
run's cache through its one writer, so a re-run anywhere sends no request; a publication or output
that crashes or hangs its worker is recorded as such, never a lost run."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .test_executors import _local_cluster, worker_killed_when_busy
from .test_monitor import JATS, _content

PAPERS = 12  # more than 8: --jobs defaults to the CPUs
SERVICES = ("DOI", "HANDLE", "ORCID", "ROR", "BIOREGISTRY", "OLS", "CROSSREF", "DATACITE", "OPENALEX", "EUROPEPMC")


class Repository:
    """A loopback DOI proxy answering each Zenodo DOI with a landing page, counting requests."""

    def __init__(self) -> None:
        from .conftest import benchmark

        self.requests: list[str] = []
        self.times: list[float] = []
        self.delay = 0.0
        self._lock = threading.Lock()
        self.server = benchmark("loopback").LoopbackServer(self.answer)

    def answer(self, method: str, path: str, headers: dict[str, str]) -> tuple[int, list[tuple[str, str]], bytes]:
        del method, headers
        with self._lock:
            self.requests.append(path)
            self.times.append(time.monotonic())
        time.sleep(self.delay)
        if path.startswith("/doi/10.5281/zenodo."):
            number = path.rsplit(".", 1)[1]
            record = {
                "@context": "https://schema.org/",
                "@type": "Dataset",
                "@id": f"https://doi.org/10.5281/zenodo.{number}",
                "name": f"Dataset {number}",
                "license": "https://creativecommons.org/licenses/by/4.0/",
            }
            page = f'<html><head><script type="application/ld+json">{json.dumps(record)}</script></head></html>'
            return 200, [("Content-Type", "text/html")], page.encode()
        return 404, [("Content-Type", "text/html")], b"<html>not found</html>"

    def env(self, cache: Path) -> dict[str, str]:
        services = {f"FAIRMETA_{name}_URL": f"{self.server.base}{name.lower()}" for name in SERVICES}
        return {**services, "FAIRMETA_CACHE_DIR": str(cache)}


@pytest.fixture(scope="module")
def repository() -> Iterator[Repository]:
    served = Repository()
    with served.server.running():
        yield served


@pytest.fixture(scope="module")
def papers(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Twelve papers, each depositing a Zenodo record; two of them the same one."""
    folder = tmp_path_factory.mktemp("papers")
    for n in range(PAPERS):
        record = 100 + (n if n != 1 else 0)
        statement = f"The data generated in this study have been deposited in Zenodo (10.5281/zenodo.{record})."
        (folder / f"p{n:02d}.xml").write_text(
            JATS.format(doi=f"10.1/paper{n:02d}", year=2020 + n % 4, statement=statement), encoding="utf-8"
        )
    return folder


def _run(papers: Path, db: Path, repository: Repository, cache: Path, *args: str, **env: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "fairmeta", "monitor", "run", str(papers), "--db", str(db), "--online",
         "--no-metadata", *args],
        capture_output=True, text=True, timeout=600, check=False, env={**os.environ, **repository.env(cache), **env},
    )  # fmt: skip
    if env.get("FAIRMETA_MONITOR_TEST_KILL"):
        assert done.returncode == -signal.SIGKILL, done.stdout + done.stderr
    else:
        assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture(scope="module")
def single(papers: Path, repository: Repository, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The database of a run in one process (``--jobs 1``), and the requests it sent."""
    folder = tmp_path_factory.mktemp("single")
    repository.requests.clear()
    _run(papers, folder / "m.sqlite", repository, folder / "cache", "--jobs", "1")
    return {"content": _content(folder / "m.sqlite"), "requests": sorted(repository.requests)}


def test_the_single_run_assessed_every_output(single: dict[str, Any]) -> None:
    content = single["content"]
    assert len(content["publications"]) == PAPERS
    results = {row[1]: row for row in content["results"]}
    assert len(results) == PAPERS - 1  # two papers share one record
    assert all(row[2] is not None and row[2] > 0 for row in results.values())  # harvested and scored
    assert len([r for r in single["requests"] if r.startswith("/doi/10.5281/")]) >= PAPERS - 1


def test_two_processes_write_the_same_database_and_merge_their_answers(
    single: dict[str, Any], papers: Path, repository: Repository, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    repository.requests.clear()
    _run(papers, tmp_path / "jobs.sqlite", repository, cache)  # the default: --jobs = the CPUs here
    assert _content(tmp_path / "jobs.sqlite") == single["content"]
    assert sorted(repository.requests) == single["requests"]  # each question once, as one process asks it
    with sqlite3.connect(cache / "http" / "harvest.sqlite") as db:  # written by the run's writer alone
        assert db.execute("SELECT COUNT(*) FROM answers").fetchone()[0] >= PAPERS - 1
    repository.requests.clear()
    _run(papers, tmp_path / "again.sqlite", repository, cache, "--jobs", "2")
    assert repository.requests == []  # every answer came from the run's merged cache
    assert _content(tmp_path / "again.sqlite") == single["content"]


def test_a_crashing_publication_and_a_hanging_output_are_recorded(
    single: dict[str, Any], papers: Path, repository: Repository, tmp_path: Path
) -> None:
    db = tmp_path / "m.sqlite"
    hooks = {"FAIRMETA_EXECUTOR_TEST_CRASH": "10.1/paper05", "FAIRMETA_EXECUTOR_TEST_HANG": "zenodo.107"}
    _run(papers, db, repository, tmp_path / "cache", "--jobs", "2", "--source-timeout", "3", **hooks)
    with sqlite3.connect(db) as conn:
        problems = dict(conn.execute("SELECT where_, problem FROM problems"))
        results = {row[0]: row for row in conn.execute("SELECT output, percent, findings FROM results")}
        finished = conn.execute("SELECT finished FROM runs").fetchone()[0]
    assert finished is not None
    assert problems["10.1/paper05"].startswith("FM-SYS-014: the analysis did not finish: its worker process ended")
    hung = results["10.5281/zenodo.107"]
    assert hung[1] is None and json.loads(hung[2])[0]["code"] == "FM-SYS-014"
    assert "--source-timeout (3 s)" in json.loads(hung[2])[0]["message"]
    expected = {row[1]: row for row in single["content"]["results"]}
    for output, row in results.items():  # every other output as the single run assessed it
        if output not in ("10.5281/zenodo.107", "10.5281/zenodo.105"):
            assert row[1] == expected[output][2]


def test_on_dask_a_killed_writer_and_a_killed_worker_cost_no_result_twice(
    single: dict[str, Any], papers: Path, repository: Repository, tmp_path: Path
) -> None:
    """The run is killed after three outputs, then resumed on the cluster while one of its worker
    processes is killed: the database is the single-process one (nothing lost, nothing doubled).
    A new run on the cluster with that cache sends no request."""
    distributed, cluster = _local_cluster()
    db, cache = tmp_path / "dask.sqlite", tmp_path / "cache"
    with cluster, distributed.Client(cluster) as client:
        dask = ("--executor", "dask", "--scheduler", cluster.scheduler_address)
        _run(papers, db, repository, cache, *dask, FAIRMETA_MONITOR_TEST_KILL="output:3")
        with sqlite3.connect(db) as conn:
            assert conn.execute("SELECT COUNT(*) FROM results").fetchone()[0] == 3
        repository.delay = 0.3  # each remaining output takes a moment: the kill lands mid-run
        try:
            with worker_killed_when_busy(client, 0.3) as killed:
                _run(papers, db, repository, cache, *dask)
        finally:
            repository.delay = 0.0
        assert killed, "no task ever ran on the cluster"
        assert _content(db) == single["content"]
        repository.requests.clear()
        _run(papers, tmp_path / "again.sqlite", repository, cache, *dask)
        assert repository.requests == []
        assert _content(tmp_path / "again.sqlite") == single["content"]


def test_the_configurations_services_and_limits_reach_the_workers(
    single: dict[str, Any], papers: Path, repository: Repository, tmp_path: Path
) -> None:
    """Base URLs and per-host limits from ``[resolvers]`` of ``--config`` (not the environment, which
    a Dask worker does not share) are what the workers use: the same database, at the run's rate."""
    config = tmp_path / "fairmeta.toml"
    names = "\n".join(f'{name.lower()} = "{repository.server.base}{name.lower()}"' for name in SERVICES)
    config.write_text(f"[resolvers]\n{names}\nrate = 20\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not (k.startswith("FAIRMETA_") and k.endswith("_URL"))}
    repository.requests.clear()
    repository.times.clear()
    done = subprocess.run(
        [sys.executable, "-m", "fairmeta", "monitor", "run", str(papers), "--db", str(tmp_path / "m.sqlite"),
         "--online", "--no-metadata", "--jobs", "2", "--config", str(config), "--cache-dir", str(tmp_path / "c")],
        capture_output=True, text=True, timeout=600, check=False, env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert _content(tmp_path / "m.sqlite") == single["content"]
    assert sorted(repository.requests) == single["requests"]
    # one host at 20 requests a second for the run (10 for each worker), with arrival jitter
    times = sorted(repository.times)
    assert (len(times) - 1) / (times[-1] - times[0]) <= 22
