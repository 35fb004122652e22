"""Work on several processes (``--jobs N``) or on a Dask cluster (``--executor dask``), with the
result of one process.

:func:`spread` runs one task per item (a ``check``'s source; a monitoring run's publication, then
output) on local processes or Dask, and hands each outcome to the parent, the run's one writer,
with the HTTP answers the task added to its worker's own cache (merged into the run's cache there;
see ``fairmeta/resolvers/answers.py``). Workers keep what is costly to build (an engine, a registry)
once per run and thread (:func:`kept`), and each gets its share of the run's per-host limits.

For ``check`` (:func:`run_check`), the parent merges the sources' reports in source order (sources,
records, findings, check runs, harvests; the run's scores re-aggregated; acceptances that matched
nothing in any part reported once), so the JSON report is byte-identical to a single-process run.

Isolation: an item whose task crashes its worker, or runs past ``source_timeout`` seconds, is a
failure of that item (a ``check`` source: one finding of its own rule, FM-SYS-014); the worker is
replaced, and the run goes on.
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
from fairmeta.resolvers.answers import RESPONSES, AnswerLog, Answers, merge_answers

if TYPE_CHECKING:
    from fairmeta.engine import Options, RemoteSource
    from fairmeta.resolvers.http import HttpSettings

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

    jobs: int | None = 1  # None: the CPUs when there are more than 8 items, else 1
    executor: str = "local"
    scheduler: str | None = None  # tcp://host:port
    scheduler_file: Path | None = None
    source_timeout: float = 300.0

    def jobs_for(self, items: int) -> int:
        """The local processes for ``items`` items (never more processes than items)."""
        return max(1, min(items, self.jobs if self.jobs is not None else default_jobs(items)))

    def spreads(self, items: int) -> bool:
        """Whether ``items`` go to other processes or a cluster (else they run in this process)."""
        return items > 1 and (self.executor != "local" or self.jobs_for(items) > 1)


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

_LOCAL = threading.local()  # what this worker thread keeps between tasks (a Dask worker may run several)


@dataclass(frozen=True)
class Job:
    """What every task of a run shares (sent to each worker once): the task function (a module-level
    function ``task(context, item)``), its context, and the parent's cache folders."""

    task: Callable[[Any, Any], Any]
    context: Any
    # the context for ``n`` tasks at once (each with its share of the run's per-host limits)
    share: Callable[[Any, int], Any] | None = None
    cache_dir: Path | None = None  # the parent's (its configuration's ``cache-dir``)
    scratch: Path | None = None  # where local workers keep their own caches (removed with the run)
    run: str = ""  # this run, among the runs a long-lived Dask worker serves


@dataclass(frozen=True)
class Failed:
    """A task that did not finish, and why (sent back instead of its result)."""

    why: str


@dataclass(frozen=True)
class Done:
    """A task's result, with the HTTP answers it added to the worker's cache (for the run's writer)."""

    value: Any
    answers: Answers


def in_worker() -> bool:
    """Whether this thread is a worker of a spread run (then its caches are its own; see answers.py)."""
    return bool(getattr(_LOCAL, "worker", False))


def _answer_log() -> AnswerLog:
    """This worker thread's own cache folder (one per thread: one engine per thread writes it)."""
    log = getattr(_LOCAL, "log", None)
    if log is None:
        import tempfile

        root = getattr(_LOCAL, "scratch", None)
        if root is None:  # on a Dask worker: its local directory, which Dask removes
            with contextlib.suppress(ImportError, ValueError):
                root = Path(importlib.import_module("distributed").get_worker().local_directory)
        if root is not None:
            root.mkdir(parents=True, exist_ok=True)
        log = _LOCAL.log = AnswerLog(Path(tempfile.mkdtemp(prefix="fairmeta-worker-", dir=root)))
    return log


def worker_http(http: HttpSettings, offline: bool) -> HttpSettings:
    """The HTTP settings of a worker: its own cache, read after the run's (``http.cache_file``), which
    only the run's writer writes. Unchanged outside workers, without a cache, or offline (then the
    run's cache is only read, and whether it exists decides how identifiers are looked up)."""
    if not in_worker() or not http.cache or http.cache_file is None or http.cache_only or offline:
        return http
    return replace(http, cache_file=_answer_log().folder / RESPONSES, shared_cache_file=http.cache_file)


def kept(name: str, key: object, build: Callable[[], Any]) -> Any:
    """What this thread built for ``key`` under ``name`` (an engine, a registry), built once: shapes,
    rules and contexts are costly. One per thread, since an engine and its HTTP client serve one run
    at a time."""
    held: dict[str, tuple[object, Any]] = _LOCAL.__dict__.setdefault("kept", {})
    if name not in held or held[name][0] != key:
        held[name] = (key, build())
    return held[name][1]


def _run(job: Job, item: Any) -> Done | Failed:
    """One task in a worker: its result and the answers it cached, or why it failed."""
    _LOCAL.worker = True
    if getattr(_LOCAL, "run", None) != job.run:
        # a new run: a new own cache, and engines built on it. An answer this worker cached for an
        # earlier run may never have reached that run's cache (its writer killed first): served
        # from here, it would not be handed back again
        import shutil

        old = getattr(_LOCAL, "log", None)
        if old is not None:
            shutil.rmtree(old.folder, ignore_errors=True)
        _LOCAL.__dict__.pop("log", None)
        _LOCAL.__dict__.pop("kept", None)
        _LOCAL.run = job.run
    if job.scratch is not None:
        _LOCAL.scratch = job.scratch
    if job.cache_dir is not None:
        from fairmeta.cache import cache_dir, set_cache_dir

        if cache_dir() != job.cache_dir:
            set_cache_dir(job.cache_dir)
    try:
        value = job.task(job.context, item)
    except Exception as exc:  # the item's failure; the worker stays usable
        return Failed(f"it raised {type(exc).__name__}: {exc}")
    return Done(value, _answer_log().take() if hasattr(_LOCAL, "log") else Answers())


def shared_limits(options: Options, shares: int) -> Options:
    """The options each of ``shares`` concurrent workers runs with: its share of every per-host limit
    (requests per second, requests in flight) and of the run's resolver threads, so that the whole
    run, all workers together, stays within the limits one process keeps."""
    from fairmeta.engine import default_http_settings

    return replace(options, http=shared_http(options.http or default_http_settings(), shares))


def shared_http(http: HttpSettings, shares: int) -> HttpSettings:
    """``http`` with its per-host limits and threads split ``shares`` ways (see :func:`shared_limits`)."""
    if shares <= 1:
        return http
    return replace(
        http,
        rate=http.rate / shares,
        per_host=max(1, http.per_host // shares),
        workers=max(1, http.workers // shares),
    )


# tests make a worker crash or hang on a source whose name contains this text
CRASH_HOOK, HANG_HOOK = "FAIRMETA_EXECUTOR_TEST_CRASH", "FAIRMETA_EXECUTOR_TEST_HANG"


def test_hooks(name: str) -> None:
    """Crash or hang here when a test asks it for this item (never set outside tests)."""
    if os.environ.get(CRASH_HOOK) and os.environ[CRASH_HOOK] in name:
        os._exit(70)
    if os.environ.get(HANG_HOOK) and os.environ[HANG_HOOK] in name:
        time.sleep(3600)


def check_one(options: Options, source: Source) -> Part:
    """Check one source in this process (the task of a spread ``fairmeta check``)."""
    from fairmeta.engine import Engine, default_http_settings

    test_hooks(source_name(source))
    http = worker_http(options.http or default_http_settings(), options.offline)
    return part_of(kept("engine", options, lambda: Engine(replace(options, http=http))), source)


def part_of(engine: Any, source: Source) -> Part:
    """One source checked by ``engine``, with what its acceptances did."""
    report = engine.run([source])
    ledger = engine.ledger
    return Part(report, tuple(ledger.relevant), frozenset(ledger.used), tuple(ledger.problems))


def _serve(connection: Connection, job: Job) -> None:
    """A local worker: run the items the parent sends, one at a time, until it sends None."""
    while True:
        task = connection.recv()
        if task is None:
            return
        index, item = task
        connection.send((index, _run(job, item)))


def _on_dask_worker(job: Job, item: Any, note: list[str], timeout: float) -> Done | Failed:
    """One task on a Dask worker, within ``timeout``: past it, the worker process is ended (a thread
    cannot be stopped) after telling the scheduler, so the task's retry elsewhere reports the timeout
    at once instead of hanging again."""
    distributed: Any = importlib.import_module("distributed")
    client = distributed.get_client()
    why = client.get_metadata(note, None)
    if why is not None:
        return Failed(str(why))

    def give_up() -> None:
        client.set_metadata(note, f"it ran past --source-timeout ({timeout:g} s)")
        os._exit(71)

    timer = threading.Timer(timeout, give_up)
    timer.daemon = True
    timer.start()
    try:
        return _run(job, item)
    finally:
        timer.cancel()


_TIMED_OUT = "fairmeta-timed-out"


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

    def __init__(self, context: Any, job: Job) -> None:
        self.connection, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, job), daemon=True)
        self.process.start()
        child.close()
        self.task: int | None = None
        self.deadline = 0.0

    def give(self, index: int, item: Any, timeout: float) -> None:
        self.task = index
        self.deadline = time.monotonic() + timeout
        self.connection.send((index, item))

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


Outcome = Callable[[int, "Done | Failed"], None]


def _on_processes(job: Job, items: Sequence[Any], jobs: int, timeout: float, done: Outcome) -> None:
    """Run ``job`` over ``items`` on ``jobs`` local processes, calling ``done(index, outcome)`` for each."""
    context = multiprocessing.get_context("spawn")  # no state of the parent's threads copied into workers
    pending = deque(enumerate(items))
    workers = [_Worker(context, job) for _ in range(min(jobs, len(items)))]
    try:
        while pending or any(w.task is not None for w in workers):
            for worker in workers:
                if worker.task is None and pending:
                    worker.give(*pending.popleft(), timeout)
            busy = [w for w in workers if w.task is not None]
            soonest = min(w.deadline for w in busy)
            ready = wait(
                [w.connection for w in busy] + [w.process.sentinel for w in busy],
                timeout=max(0.0, soonest - time.monotonic()),
            )
            for position, worker in enumerate(workers):
                if worker.task is None:
                    continue
                index, why = worker.task, None
                if worker.connection in ready or worker.connection.poll():
                    try:
                        got, outcome = worker.connection.recv()
                    except (EOFError, OSError):
                        why = f"its worker process ended (exit code {worker.process.exitcode})"
                    else:
                        worker.task = None
                        done(got, outcome)
                        continue
                elif not worker.process.is_alive():
                    why = f"its worker process ended (exit code {worker.process.exitcode})"
                elif time.monotonic() >= worker.deadline:
                    why = f"it ran past --source-timeout ({timeout:g} s)"
                if why is not None:
                    worker.stop(kill=True)
                    done(index, Failed(why))
                    workers[position] = _Worker(context, job)
    finally:
        for worker in workers:
            worker.stop()


def _dask_client(settings: ExecutorSettings) -> Any:
    try:  # an optional dependency (fairmeta[dask]); typed loosely, installed or not
        distributed: Any = importlib.import_module("distributed")
    except ImportError:
        raise ValueError("--executor dask needs Dask distributed: pip install 'fairmeta[dask]'") from None
    if settings.scheduler_file is not None:
        return distributed.Client(scheduler_file=str(settings.scheduler_file), timeout=30)
    if settings.scheduler:
        return distributed.Client(settings.scheduler, timeout=30)
    raise ValueError("--executor dask needs --scheduler tcp://HOST:PORT or --scheduler-file FILE")


def _identity(value: Any) -> Any:
    return value


def _shared(job: Job, concurrent: int) -> Job:
    return replace(job, context=job.share(job.context, concurrent)) if job.share is not None else job


def _on_dask(job: Job, items: Sequence[Any], settings: ExecutorSettings, done: Outcome) -> None:
    """Run ``job`` over ``items`` on a Dask cluster; a task whose worker dies runs again elsewhere."""
    distributed: Any = importlib.import_module("distributed")
    run = job.run  # task keys unique to this run on a shared cluster
    with _dask_client(settings) as client:
        threads = sum(w.get("nthreads", 1) for w in client.scheduler_info().get("workers", {}).values())
        # sent once, not in each task, as a task of its own rather than scattered data: the
        # scheduler keeps one replica of scattered data (its memory manager drops the others), and
        # scattered data lost with its worker cannot be made again; a task's result can. The
        # cluster's threads share the run's limits
        shared = client.submit(_identity, _shared(job, threads or 1), key=f"{run}-job", pure=False)
        futures = {
            client.submit(
                _on_dask_worker,
                shared,
                item,
                [_TIMED_OUT, run, str(index)],
                settings.source_timeout,
                key=f"{run}-{index}",
                pure=False,
            ): index
            for index, item in enumerate(items)
        }
        try:
            # results stream back in batches as tasks finish (one round trip per result costs minutes)
            for future, outcome in distributed.as_completed(futures, with_results=True, raise_errors=False):
                if future.status != "finished" or not isinstance(outcome, Done | Failed):
                    # lost on every worker it ran on (KilledWorker): the item's failure, not the run's
                    why = future.exception() if future.status == "error" else future.status
                    outcome = Failed(f"its worker process ended ({type(why).__name__}: {why})")
                done(futures[future], outcome)
        finally:
            with contextlib.suppress(Exception):  # the scheduler's notes of this run's timed-out tasks
                client.set_metadata([_TIMED_OUT, run], {})


def spread(
    job: Job,
    items: Sequence[Any],
    settings: ExecutorSettings,
    done: Outcome,
    answers_to: Path | None = None,
    name: str = "fairmeta",
) -> None:
    """Run ``job.task(job.context, item)`` for every item on the executor of ``settings`` (local
    processes or Dask), calling ``done(index, outcome)`` in this process as each finishes, in any
    order; the answers the workers cached are merged into ``answers_to`` (the run's cache) first."""
    import shutil
    import tempfile

    from fairmeta.cache import cache_dir

    def merged(index: int, outcome: Done | Failed) -> None:
        if isinstance(outcome, Done) and outcome.answers and answers_to is not None:
            merge_answers(answers_to, outcome.answers)
        done(index, outcome)

    if settings.executor not in EXECUTORS:
        raise ValueError(f"--executor {settings.executor!r}: choose {' or '.join(EXECUTORS)}")
    job = replace(job, run=f"{name}-{os.getpid()}-{time.time_ns()}")
    if settings.executor == "dask":
        _on_dask(replace(job, cache_dir=cache_dir()), items, settings, merged)
        return
    scratch = Path(tempfile.mkdtemp(prefix="fairmeta-run-"))
    try:
        jobs = settings.jobs_for(len(items))
        local = replace(_shared(job, jobs), cache_dir=cache_dir(), scratch=scratch)
        _on_processes(local, items, jobs, settings.source_timeout, merged)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def in_order(done: Callable[[int, Any], None]) -> Callable[[int, Any], None]:
    """``done`` called in index order, whatever order results arrive in (those that come early wait:
    what is written first can decide, e.g. an output's kind when two publications link it)."""
    waiting: dict[int, Any] = {}
    position = [0]

    def arrived(index: int, value: Any) -> None:
        waiting[index] = value
        while position[0] in waiting:
            done(position[0], waiting.pop(position[0]))
            position[0] += 1

    return arrived


def run_check(
    options: Options,
    sources: Sequence[Source],
    settings: ExecutorSettings,
    progress: Callable[[int, int, str], None] | None = None,
) -> Report:
    """The report of checking ``sources``, on the executor ``settings`` name."""
    from fairmeta.engine import Engine, default_http_settings

    if settings.executor not in EXECUTORS:
        raise ValueError(f"--executor {settings.executor!r}: choose {' or '.join(EXECUTORS)}")
    if not settings.spreads(len(sources)):
        return Engine(replace(options, progress=progress)).run(sources)
    from fairmeta.resolvers.resolve import endpoints

    parts: dict[int, Part] = {}
    http = options.http or default_http_settings()
    # what this process takes from its environment, made explicit: a Dask worker has its own
    services = tuple(sorted(endpoints(dict(options.resolvers)).items()))
    worker_options = replace(options, progress=None, http=http, resolvers=services)
    # standard input is this process's: read and checked here, the rest on the workers
    here = [i for i, item in enumerate(sources) if isinstance(item, tuple) and item[1] == "<stdin>"]
    for index in here:
        parts[index] = part_of(Engine(worker_options), sources[index])
    away = [i for i in range(len(sources)) if i not in set(here)]

    def done(position: int, outcome: Done | Failed) -> None:
        index = away[position]
        name = source_name(sources[index])
        parts[index] = outcome.value if isinstance(outcome, Done) else failed_part(name, outcome.why)
        if progress is not None:
            progress(len(parts), len(sources), name)

    job = Job(check_one, worker_options, shared_limits)
    spread(job, [sources[i] for i in away], settings, done, http.cache_file if http.cache else None, "check")
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
