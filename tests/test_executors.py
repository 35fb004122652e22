"""Checks spread over processes (--jobs) and over a Dask LocalCluster: the report is byte-identical to
a single-process run, and a source that crashes its worker or hangs is one FM-SYS-014 finding on
that source, never a lost run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from .conftest import CORPUS, EXAMPLES


def _folder() -> Path:
    return CORPUS / "rdf" if (CORPUS / "rdf").is_dir() else EXAMPLES


_CACHE: list[str] = []  # one cache folder for every run of the module (module fixtures run before
# the per-test private cache is set up)


def _check(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "fairmeta", "check", *args, "-f", "json"],
        capture_output=True,
        text=True,
        env={**os.environ, "FAIRMETA_OFFLINE": "1", "FAIRMETA_CACHE_DIR": _CACHE[0], **(env or {})},
        timeout=600,
        check=False,
    )


@pytest.fixture(scope="module")
def single(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The single-process report of the folder, offline with a response cache (identifiers are
    looked up in it: what a worker must do too, not skip them as when there is no cache)."""
    from requests_cache.backends.sqlite import SQLiteCache

    _CACHE[:] = [str(tmp_path_factory.mktemp("cache"))]
    (Path(_CACHE[0]) / "http").mkdir()
    cache: Any = SQLiteCache(str(Path(_CACHE[0]) / "http" / "responses.sqlite"))  # untyped close()
    cache.close()
    done = _check(str(_folder()), "--jobs", "1")
    assert done.returncode in (0, 1), done.stderr
    return done.stdout


def test_two_processes_give_the_single_process_report(single: str) -> None:
    done = _check(str(_folder()), "--jobs", "2")
    assert done.returncode in (0, 1), done.stderr
    assert done.stdout == single


def test_standard_input_is_read_by_the_parent(single: str) -> None:
    """``-`` among the sources: the parent reads and checks it (a worker has no such input)."""
    first = sorted(p for p in _folder().iterdir() if p.is_file())[0]
    reports = []
    for jobs in ("1", "2"):
        done = subprocess.run(
            [sys.executable, "-m", "fairmeta", "check", "-", str(_folder()), "--jobs", jobs, "-f", "json"],
            input=first.read_text(encoding="utf-8"), capture_output=True, text=True, timeout=600, check=False,
            env={**os.environ, "FAIRMETA_OFFLINE": "1", "FAIRMETA_CACHE_DIR": _CACHE[0]},
        )  # fmt: skip
        assert done.returncode in (0, 1), done.stderr
        reports.append(json.loads(done.stdout))
    assert reports[0] == reports[1]
    assert any(record["source"] == "<stdin>" for record in reports[1]["records"])  # checked, not empty


def test_a_crashing_and_a_hanging_source_are_findings_not_a_lost_run(single: str) -> None:
    files = sorted(p for p in _folder().iterdir() if p.is_file())
    crash, hang = files[1].name, files[2].name
    env = {"FAIRMETA_EXECUTOR_TEST_CRASH": crash, "FAIRMETA_EXECUTOR_TEST_HANG": hang}
    done = _check(str(_folder()), "--jobs", "2", "--source-timeout", "5", env=env)
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    failed = {f["location"]["source"]: f["message"] for f in report["findings"] if f["code"] == "FM-SYS-014"}
    assert len(failed) == 2
    assert any(crash in s and "worker process ended" in m for s, m in failed.items())
    assert any(hang in s and "--source-timeout (5 s)" in m for s, m in failed.items())
    # every other source is checked exactly as in the single-process run
    alone = json.loads(single)
    others = [
        f for f in alone["findings"] if crash not in f["location"]["source"] and hang not in f["location"]["source"]
    ]
    assert [f for f in report["findings"] if f["code"] != "FM-SYS-014"] == others
    assert len(report["sources"]) == len(alone["sources"])


def _local_cluster(env: dict[str, str] | None = None) -> tuple[Any, Any]:
    """Dask distributed and a 2-worker LocalCluster on loopback (skips where Dask cannot start)."""
    distributed = pytest.importorskip("distributed", reason="Dask distributed is not installed (fairmeta[dask])")
    try:
        cluster = distributed.LocalCluster(
            processes=True, n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=None, env=env or {}
        )
    except Exception as exc:  # pragma: no cover - where Dask cannot start
        pytest.skip(f"Dask cannot start a LocalCluster here: {exc}")
    return distributed, cluster


def test_on_a_dask_local_cluster_the_report_is_the_same(single: str) -> None:
    _, cluster = _local_cluster()
    with cluster:
        done = _check(str(_folder()), "--executor", "dask", "--scheduler", cluster.scheduler_address)
    assert done.returncode in (0, 1), done.stderr
    assert done.stdout == single


@contextmanager
def worker_killed_when_busy(client: Any, settle: float) -> Iterator[list[int]]:
    """While the block runs: once tasks run on the cluster, wait ``settle`` seconds and SIGKILL one
    worker process. Yields the list of killed pids (empty if no task ever ran)."""
    import signal
    import threading
    import time

    pid = sorted(client.run(os.getpid).values())[0]
    killed: list[int] = []

    def kill_when_busy() -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # once tasks are running on the workers
            if any(client.processing().values()):
                time.sleep(settle)
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)
                return
            time.sleep(0.02)

    killer = threading.Thread(target=kill_when_busy)
    killer.start()
    try:
        yield killed
    finally:
        killer.join()


def test_a_dask_worker_killed_mid_run_costs_only_a_retry(single: str) -> None:
    """Kill one worker process of the LocalCluster while the check runs: its tasks run again
    elsewhere (the nanny starts a new worker) and the report is the single-process one."""
    distributed, cluster = _local_cluster()
    with cluster, distributed.Client(cluster) as client:
        with worker_killed_when_busy(client, 0.5) as killed:
            done = _check(str(_folder()), "--executor", "dask", "--scheduler", cluster.scheduler_address)
        assert killed, "no task ever ran on the cluster"
        assert killed[0] not in client.run(os.getpid).values()  # that worker is gone (a new one replaced it)
    assert done.returncode in (0, 1), done.stderr
    assert done.stdout == single


def test_per_host_limits_hold_for_all_workers_together(tmp_path: Path) -> None:
    """With [resolvers] rate = 10 and --jobs 2, the loopback DOI proxy sees the run's 10 requests a
    second at most, not 10 from each worker (each keeps its share), and the report is the
    single-process one."""
    import threading
    import time

    from .conftest import benchmark

    loopback = benchmark("loopback")
    seen: list[float] = []
    lock = threading.Lock()

    def answer(method: str, path: str, headers: dict[str, str]) -> tuple[int, list[tuple[str, str]], bytes]:
        del method, headers
        with lock:
            seen.append(time.monotonic())
        return 302, [("Location", f"https://example.org/landing{path}")], b""

    record = json.loads((EXAMPLES / "schemaorg-dataset" / "good" / "soil-moisture.jsonld").read_text(encoding="utf-8"))
    folder = tmp_path / "records"
    folder.mkdir()
    for n in range(4):  # each record names six DOIs: each worker has more to resolve than its rate allows
        doi = f"https://doi.org/10.5281/zenodo.{9000 + 10 * n}"
        more = [f"https://doi.org/10.5281/zenodo.{9001 + 10 * n + k}" for k in range(5)]
        text = json.dumps(record | {"@id": doi, "identifier": doi, "sameAs": more})
        (folder / f"r{n}.jsonld").write_text(text, encoding="utf-8")
    (tmp_path / "fairmeta.toml").write_text("[resolvers]\nrate = 10\nper-host = 2\n", encoding="utf-8")
    server = loopback.LoopbackServer(answer)
    reports = []
    with server.running():
        services = ("DOI", "HANDLE", "ORCID", "ROR", "BIOREGISTRY", "OLS")
        env = {f"FAIRMETA_{name}_URL": f"{server.base}{name.lower()}" for name in services}
        for jobs in ("2", "1"):
            seen.clear()
            done = subprocess.run(
                [sys.executable, "-m", "fairmeta", "check", str(folder), "--online", "--no-cache", "--jobs", jobs,
                 "--config", str(tmp_path / "fairmeta.toml"), "-f", "json"],
                capture_output=True, text=True, env={**os.environ, **env, "FAIRMETA_CACHE_DIR": str(tmp_path / "c")},
                timeout=300, check=False,
            )  # fmt: skip
            assert done.returncode in (0, 1), done.stderr
            reports.append(done.stdout)
            if jobs == "2":
                times = sorted(seen)
                assert len(times) >= 12, times
                observed = (len(times) - 1) / (times[-1] - times[0])
                # 10 a second and arrival jitter (each worker with the whole rate: measured 16.4)
                assert observed <= 11, f"{observed:.1f} requests a second"
    assert reports[0] == reports[1]


def test_on_dask_a_hanging_source_is_a_finding_after_the_timeout(single: str) -> None:
    """A Dask worker thread cannot be stopped: past --source-timeout the worker process ends after
    telling the scheduler, and the task's retry reports the timeout at once."""
    files = sorted(p for p in _folder().iterdir() if p.is_file())
    hang = files[2].name
    _, cluster = _local_cluster(env={"FAIRMETA_EXECUTOR_TEST_HANG": hang})
    with cluster:
        args = ("--executor", "dask", "--scheduler", cluster.scheduler_address, "--source-timeout", "4")
        done = _check(str(_folder()), *args)
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    failed = [f for f in report["findings"] if f["code"] == "FM-SYS-014"]
    assert len(failed) == 1 and hang in failed[0]["location"]["source"]
    assert "--source-timeout (4 s)" in failed[0]["message"]
    alone = json.loads(single)
    assert [f for f in report["findings"] if f["code"] != "FM-SYS-014"] == [
        f for f in alone["findings"] if hang not in f["location"]["source"]
    ]


def test_the_loopback_guard_holds_in_every_process_the_tests_start() -> None:
    """Workers (--jobs, Dask) are other processes: the tests' guard is installed in each of them."""
    code = "import socket; socket.create_connection(('192.0.2.1', 80), timeout=2)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode != 0 and "tests may only connect to loopback" in done.stderr


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--executor", "spark"], "--executor 'spark': choose local or dask"),
        (["--executor", "dask"], "--executor dask needs --scheduler tcp://HOST:PORT or --scheduler-file FILE"),
        (["--scheduler", "tcp://127.0.0.1:1"], "--scheduler and --scheduler-file need --executor dask"),
    ],
)
def test_executor_options_that_do_not_fit_are_one_line_usage_errors(
    run_cli: Any, args: list[str], said: str, tmp_path: Path
) -> None:
    for command in (["check", str(EXAMPLES)], ["monitor", "run", str(tmp_path), "--db", str(tmp_path / "m.sqlite")]):
        result = run_cli(*command, *args)
        assert result.exit_code == 2, result.output
        assert said in result.stderr and "Traceback" not in result.stderr
        assert not (tmp_path / "m.sqlite").exists()
