"""Checks on several processes (``--jobs N``) or on a Dask cluster (``--executor dask``), with the
report of one process.

Each source is one task. Workers keep one engine each (built once from the run's options) and send
back the source's own report; the parent merges the parts in source order (sources, records,
findings, check runs, harvests; the run's scores re-aggregated; acceptances that matched nothing in
any part reported once), so the JSON report is byte-identical to a single-process run.

Isolation: a source whose check crashes its worker, or runs past ``source_timeout`` seconds, becomes
one finding of its own rule (FM-SYS-014) on that source, the worker is replaced, and the run goes on.
"""

from __future__ import annotations

import contextlib
import importlib
import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fairmeta._version import __version__
from fairmeta.acceptance import Acceptance, stale_warnings
from fairmeta.model import Finding, Fix, Location, Report, Severity

if TYPE_CHECKING:
    from fairmeta.engine import Options, RemoteSource

    Source = tuple[Path, str] | RemoteSource

FAILED_SOURCE = "FM-SYS-014"
EXECUTORS = ("local", "dask")


@dataclass(frozen=True)
class Part:
    """One source's outcome: its report, and what its acceptances did (to merge stale warnings)."""

    report: Report
    relevant: tuple[Acceptance, ...] = ()
    used: frozenset[Acceptance] = frozenset()
    problems: tuple[str, ...] = ()


@dataclass(frozen=True)
class ExecutorSettings:
    """How a run is spread: ``jobs`` processes here, or a Dask scheduler."""

    jobs: int = 1
    executor: str = "local"
    scheduler: str | None = None  # tcp://host:port
    scheduler_file: Path | None = None
    source_timeout: float = 300.0


def default_jobs(sources: int) -> int:
    """The CPUs when there are more than 8 sources (worth a pool), else 1."""
    return (os.cpu_count() or 1) if sources > 8 else 1


def source_name(item: object) -> str:
    """The name a source has in the report (what ``Engine.load_source`` calls it)."""
    from fairmeta.engine import RemoteSource

    if isinstance(item, RemoteSource):
        return item.text
    if isinstance(item, tuple):
        return str(item[1])
    return str(getattr(item, "source", item))


# ---------------------------------------------------------------- the worker side

_LOCAL = threading.local()  # (options, engine) of this worker thread (a Dask worker may run several)


def _engine_for(options: Options) -> Any:
    """This thread's engine for ``options`` (built once: shapes, rules and contexts are costly; one
    per thread, since an engine and its HTTP client serve one run at a time)."""
    from fairmeta.engine import Engine

    held = getattr(_LOCAL, "engine", None)
    if held is None or held[0] != options:
        held = _LOCAL.engine = (options, Engine(options))
    return held[1]


def shared_limits(options: Options, shares: int) -> Options:
    """The options each of ``shares`` concurrent workers runs with: its share of every per-host limit
    (requests per second, requests in flight) and of the run's resolver threads, so that the whole
    run, all workers together, stays within the limits one process keeps."""
    from fairmeta.engine import default_http_settings

    if shares <= 1:
        return options
    http = options.http or default_http_settings()
    share = replace(
        http,
        rate=http.rate / shares,
        per_host=max(1, http.per_host // shares),
        workers=max(1, http.workers // shares),
    )
    return replace(options, http=share)


# tests make a worker crash or hang on a source whose name contains this text
CRASH_HOOK, HANG_HOOK = "FAIRMETA_EXECUTOR_TEST_CRASH", "FAIRMETA_EXECUTOR_TEST_HANG"


def check_one(options: Options, source: Source) -> Part:
    """Check one source in this process (the task every executor runs)."""
    name = source_name(source)
    if os.environ.get(CRASH_HOOK) and os.environ[CRASH_HOOK] in name:
        os._exit(70)
    if os.environ.get(HANG_HOOK) and os.environ[HANG_HOOK] in name:
        time.sleep(3600)
    engine = _engine_for(options)
    report = engine.run([source])
    ledger = engine.ledger
    return Part(report, tuple(ledger.relevant), frozenset(ledger.used), tuple(ledger.problems))


def _serve(connection: Connection, options: Options) -> None:
    """A local worker: check the sources the parent sends, one at a time, until it sends None."""
    while True:
        task = connection.recv()
        if task is None:
            return
        index, source = task
        try:
            connection.send((index, check_one(options, source), None))
        except Exception as exc:  # reported as the source's failure; the worker stays usable
            connection.send((index, None, f"{type(exc).__name__}: {exc}"))


# ---------------------------------------------------------------- the parent side


def failed_part(source: str, why: str) -> Part:
    """The report of a source whose check did not finish: one FM-SYS-014 finding."""
    from fairmeta.rules import rule_by_code

    rule = rule_by_code(FAILED_SOURCE)
    fix = Fix(rule.fix) if rule is not None else None
    finding = Finding(
        FAILED_SOURCE, Severity.ERROR, None, f"The check of this source did not finish: {why}.", Location(source), fix
    )
    return Part(Report((source,), (), (finding,), (), __version__, ""))


class _Worker:
    """One local worker process and the task it is on."""

    def __init__(self, context: Any, options: Options) -> None:
        self.connection, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, options), daemon=True)
        self.process.start()
        child.close()
        self.task: tuple[int, Source] | None = None
        self.deadline = 0.0

    def give(self, task: tuple[int, Source], timeout: float) -> None:
        self.task = task
        self.deadline = time.monotonic() + timeout
        self.connection.send(task)

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.process.kill()
        else:
            with contextlib.suppress(OSError):  # the worker may be gone already
                self.connection.send(None)
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.connection.close()


def _on_processes(
    options: Options, sources: Sequence[Source], jobs: int, timeout: float, done: Callable[[int, Part], None]
) -> None:
    """Check ``sources`` on ``jobs`` local processes, calling ``done(index, part)`` for each."""
    context = multiprocessing.get_context("spawn")  # no state of the parent's threads copied into workers
    pending = deque(enumerate(sources))
    workers = [_Worker(context, options) for _ in range(min(jobs, len(sources)))]
    try:
        while pending or any(w.task is not None for w in workers):
            for worker in workers:
                if worker.task is None and pending:
                    worker.give(pending.popleft(), timeout)
            busy = [w for w in workers if w.task is not None]
            soonest = min(w.deadline for w in busy)
            ready = wait(
                [w.connection for w in busy] + [w.process.sentinel for w in busy],
                timeout=max(0.0, soonest - time.monotonic()),
            )
            for position, worker in enumerate(workers):
                if worker.task is None:
                    continue
                index, source = worker.task
                why = None
                if worker.connection in ready or worker.connection.poll():
                    try:
                        got, part, error = worker.connection.recv()
                    except (EOFError, OSError):
                        why = f"its worker process ended (exit code {worker.process.exitcode})"
                    else:
                        worker.task = None
                        done(got, part if part is not None else failed_part(source_name(source), f"it raised {error}"))
                        continue
                elif not worker.process.is_alive():
                    why = f"its worker process ended (exit code {worker.process.exitcode})"
                elif time.monotonic() >= worker.deadline:
                    why = f"it ran past --source-timeout ({timeout:g} s)"
                if why is not None:
                    worker.stop(kill=True)
                    done(index, failed_part(source_name(source), why))
                    workers[position] = _Worker(context, options)
    finally:
        for worker in workers:
            worker.stop()


def _on_dask(
    options: Options, sources: Sequence[Source], settings: ExecutorSettings, done: Callable[[int, Part], None]
) -> None:
    """Check ``sources`` on a Dask cluster; a task whose worker dies is retried elsewhere."""
    try:  # an optional dependency (fairmeta[dask]); typed loosely, installed or not
        distributed: Any = importlib.import_module("distributed")
    except ImportError:
        raise ValueError("--executor dask needs Dask distributed: pip install 'fairmeta[dask]'") from None
    if settings.scheduler_file is not None:
        client = distributed.Client(scheduler_file=str(settings.scheduler_file), timeout=30)
    elif settings.scheduler:
        client = distributed.Client(settings.scheduler, timeout=30)
    else:
        raise ValueError("--executor dask needs --scheduler tcp://HOST:PORT or --scheduler-file FILE")
    with client:
        threads = sum(w.get("nthreads", 1) for w in client.scheduler_info().get("workers", {}).values()) or 1
        # the options once to every worker (not pickled into each of thousands of tasks), with the
        # cluster's tasks together keeping one run's per-host limits
        shared = client.scatter(shared_limits(options, threads), broadcast=True)
        futures = {
            client.submit(check_one, shared, source, key=f"fairmeta-check-{index}", pure=False, retries=3): index
            for index, source in enumerate(sources)
        }
        # results stream back in batches as tasks finish (one round trip per result costs minutes)
        for future, part in distributed.as_completed(futures, with_results=True, raise_errors=False):
            index = futures[future]
            if future.status != "finished" or not isinstance(part, Part):
                # the task failed on every try: the source's failure, not the run's
                why = future.exception() if future.status == "error" else future.status
                part = failed_part(source_name(sources[index]), f"{type(why).__name__}: {why}")
            done(index, part)


def run_check(
    options: Options,
    sources: Sequence[Source],
    settings: ExecutorSettings,
    progress: Callable[[int, int, str], None] | None = None,
) -> Report:
    """The report of checking ``sources``, on the executor ``settings`` name."""
    from fairmeta.engine import Engine

    if settings.executor not in EXECUTORS:
        raise ValueError(f"--executor {settings.executor!r}: choose {' or '.join(EXECUTORS)}")
    if settings.executor == "local" and (settings.jobs <= 1 or len(sources) <= 1):
        return Engine(replace(options, progress=progress)).run(sources)
    parts: dict[int, Part] = {}

    def done(index: int, part: Part) -> None:
        parts[index] = part
        if progress is not None:
            progress(len(parts), len(sources), source_name(sources[index]))

    worker_options = replace(options, progress=None)
    if settings.executor == "dask":
        _on_dask(worker_options, sources, settings, done)
    else:
        jobs = min(settings.jobs, len(sources))
        _on_processes(shared_limits(worker_options, jobs), sources, jobs, settings.source_timeout, done)
    ordered = [parts[i] for i in range(len(sources))]
    versions = [p.report.metrics_version for p in ordered if p.report.metrics_version]
    if not versions:  # every source failed: the catalogue's version all the same
        from fairmeta.metrics import load_catalogue

        versions = [load_catalogue().version]
    return merge(ordered, versions[0])


def merge(parts: Sequence[Part], metrics_version: str) -> Report:
    """One report from the parts, in their order (what a single process would have written)."""
    from fairmeta.scoring import aggregate

    reports = [p.report for p in parts]
    records = tuple(r for report in reports for r in report.records)
    scored = [r.score for r in records if r.score is not None]
    relevant = list(dict.fromkeys(a for p in parts for a in p.relevant))
    used = {a for p in parts for a in p.used}
    problems = [m for p in parts for m in p.problems]
    return Report(
        tuple(s for report in reports for s in report.sources),
        records,
        tuple(f for report in reports for f in report.findings),
        tuple(c for report in reports for c in report.checks),
        __version__,
        metrics_version,
        aggregate(scored) if scored else None,
        skipped=tuple(s for report in reports for s in report.skipped),
        stale_acceptances=(*problems, *stale_warnings(relevant, used)),
        harvests=tuple(h for report in reports for h in report.harvests),
    )
