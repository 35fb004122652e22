"""Batch checks spread out: 10,000 corpus-like files checked by one process (the baseline), by
``--jobs 2`` (local processes) and by a 2-worker Dask ``LocalCluster``, side by side in one
invocation, with the ratio to the baseline and the peak memory of the largest process (per worker
for Dask); the three JSON reports are compared (they must be identical).

    python benchmarks/bench_scale.py [--files 10000] [--jobs 2]

The files are the corpus's JSON-LD and RDF records (``../shared/corpus/jsonld``, ``rdf``; the
examples without it) copied round-robin into a temporary folder until there are ``--files``.
"""

from __future__ import annotations

import argparse
import importlib
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"


def corpus_like(folder: Path, count: int) -> Path:
    """``count`` files copied round-robin from the corpus records (each copy a file of its own)."""
    pool = sorted(
        p
        for d in (CORPUS / "jsonld", CORPUS / "rdf")
        if d.is_dir()
        for p in d.iterdir()
        if p.is_file() and p.suffix in (".json", ".jsonld", ".ttl", ".nt", ".rdf", ".n3", ".xml")
    ) or sorted(p for p in (REPO / "examples").rglob("*") if p.is_file() and p.suffix in (".jsonld", ".ttl", ".json"))
    out = folder / "records"
    out.mkdir()
    for i in range(count):
        source = pool[i % len(pool)]
        shutil.copyfile(source, out / f"{i:05d}-{source.name}")
    return out


def timed(command: list[str], env: dict[str, str], report: Path) -> tuple[float, float]:
    """Seconds, and peak MiB of the largest process of the run (the CLI or one of its workers)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    done = subprocess.run([*command, "-f", "json", "-o", str(report)], env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)[:200]}: exit {done.returncode}: {done.stderr[-500:]}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before) / 1024


def main() -> int:
    """Print the three runs side by side."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        folder = corpus_like(work, args.files)
        env = {**os.environ, "FAIRMETA_OFFLINE": "1", "FAIRMETA_CACHE_DIR": str(work / "cache")}
        check = [sys.executable, "-m", "fairmeta", "check", str(folder), "--quiet", "--no-progress"]
        timed([*check, "--jobs", "1"], env, work / "warm.json")  # warm the graph and context caches
        rows: list[tuple[str, float, str]] = []
        seconds, peak = timed([*check, "--jobs", "1"], env, work / "one.json")
        rows.append(("1 process (baseline)", seconds, f"{peak:.0f} MiB"))
        seconds, peak = timed([*check, "--jobs", str(args.jobs)], env, work / "jobs.json")
        rows.append((f"--jobs {args.jobs} (local processes)", seconds, f"{peak:.0f} MiB (largest process)"))
        try:
            distributed: Any = importlib.import_module("distributed")
        except ImportError:
            print("Dask distributed is not installed: pip install 'fairmeta[dask]'")
        else:
            with (
                distributed.LocalCluster(
                    processes=True, n_workers=args.jobs, threads_per_worker=1, host="127.0.0.1", dashboard_address=None
                ) as cluster,
                distributed.Client(cluster) as client,
            ):
                seconds, _ = timed(
                    [*check, "--executor", "dask", "--scheduler", cluster.scheduler_address], env, work / "dask.json"
                )
                peaks = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
                per_worker = ", ".join(f"{p:.0f}" for p in sorted(peaks.values()))
                rows.append((f"Dask LocalCluster, {args.jobs} workers", seconds, f"{per_worker} MiB per worker"))
        base = rows[0][1]
        print(f"{args.files} corpus-like files, {os.cpu_count()} CPUs")
        for name, seconds, memory in rows:
            print(f"  {name:<36} {seconds:8.1f} s   ratio {seconds / base:5.2f}x   peak {memory}")
        same = all(
            (work / f"{n}.json").read_bytes() == (work / "one.json").read_bytes()
            for n in ("jobs", "dask")
            if (work / f"{n}.json").exists()
        )
        print(f"  reports identical across executors: {'yes' if same else 'NO'}")
        per_file = base / args.files
        print(f"  per file, one process: {1000 * per_file:.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
