"""Same input, same report: run fairmeta over the corpus under several hash seeds and compare.

``python benchmarks/determinism.py [--seeds 0 1 6] [--limit N] [PATH ...]``

Each run is a fresh process with its own ``PYTHONHASHSEED`` and an empty cache directory; the
files are given in a different order each time (reversed, shuffled with the seed), and the first
seed is run a second time with its cache warm. The JSON reports must be byte-identical once the
fields that ``docs/report.schema.json`` marks volatile (times and durations) are removed. Without
PATHs it checks every JSON-LD, RDF, HTML and XML file of ``../shared/corpus`` (records, peer suites
and publication metadata; the LinkML instance suites left out) and the examples.
Prints one line per run and the records that differ; exits 1 when any report differs.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus"
SUFFIXES = {".json", ".jsonld", ".ttl", ".nt", ".nq", ".trig", ".rdf", ".owl", ".n3", ".html", ".xml"}


def corpus_files(limit: int | None = None) -> list[Path]:
    """The corpus' metadata records (JSON-LD, RDF, XML) and the examples, in a fixed order."""
    roots = [
        CORPUS / "jsonld",
        CORPUS / "rdf",
        CORPUS / "xml",
        CORPUS / "suites",
        CORPUS / "publications",
        REPO / "examples",
    ]
    files = sorted(
        p
        for root in roots
        if root.is_dir()
        for p in root.rglob("*")
        if p.is_file() and p.suffix.lower() in SUFFIXES and not _large_linkml_suite(p)
    )
    if limit is not None:  # an even spread over the folders, not the first N of one
        step = max(1, len(files) // limit)
        files = files[::step][:limit]
    return files


def _large_linkml_suite(path: Path) -> bool:
    """The LinkML suites are instance documents of their schemas (no linked data), thousands of them."""
    return any(part.startswith("linkml-") for part in path.parts)


def volatile_paths() -> list[tuple[str, ...]]:
    """Paths of the report fields the schema marks ``"volatile": true`` ("*" for any array item)."""
    schema = json.loads((REPO / "docs" / "report.schema.json").read_text(encoding="utf-8"))
    found: list[tuple[str, ...]] = []

    def walk(node: Any, path: tuple[str, ...]) -> None:
        if not isinstance(node, dict):
            return
        if node.get("volatile") is True:
            found.append(path)
        for key, child in node.get("properties", {}).items():
            walk(child, (*path, key))
        if "items" in node:
            walk(node["items"], (*path, "*"))
        for ref in ("$defs", "definitions"):
            for child in node.get(ref, {}).values():
                walk(child, (*path, "*ref*"))

    walk(schema, ())
    return [p for p in found if "*ref*" not in p]


def strip_volatile(report: Any, paths: list[tuple[str, ...]]) -> Any:
    """The report without its volatile fields."""

    def drop(node: Any, path: tuple[str, ...]) -> None:
        if not path:
            return
        head, rest = path[0], path[1:]
        if head == "*" and isinstance(node, list):
            for item in node:
                drop(item, rest)
        elif isinstance(node, dict) and head in node:
            if rest:
                drop(node[head], rest)
            else:
                del node[head]

    for path in paths:
        drop(report, path)
    return report


def run_once(files: list[Path], seed: int, cache: Path, out: Path) -> tuple[bytes, float]:
    """One fairmeta process over ``files``; returns the JSON report (volatile fields removed) and its time."""
    env = {**os.environ, "PYTHONHASHSEED": str(seed), "FAIRMETA_CACHE_DIR": str(cache), "FAIRMETA_OFFLINE": "1"}
    env.pop("XDG_CACHE_HOME", None)
    args = [sys.executable, "-m", "fairmeta", "check", "--offline", "--format", "json", "--output", str(out)]
    args += list(map(str, files))
    started = time.perf_counter()
    done = subprocess.run(args, env=env, capture_output=True, check=False, cwd=REPO)
    elapsed = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"fairmeta exited {done.returncode}: {done.stderr.decode(errors='replace')[-2000:]}")
    report = strip_volatile(json.loads(out.read_text(encoding="utf-8")), volatile_paths())
    return json.dumps(report, indent=1, sort_keys=False).encode("utf-8"), elapsed


def differences(a: bytes, b: bytes) -> list[str]:
    """Records (source, id) whose part of the report differs, plus top-level keys that differ."""
    left, right = json.loads(a), json.loads(b)
    out = [key for key in left if key not in ("records", "findings") and left.get(key) != right.get(key)]

    def by_record(report: dict[str, Any]) -> dict[tuple[str, str], Any]:
        grouped: dict[tuple[str, str], Any] = {}
        for record in report["records"]:
            grouped.setdefault((record["source"], record["id"]), [record, []])
        for finding in report["findings"]:
            key = (finding["location"]["source"], finding.get("record") or "")
            grouped.setdefault(key, [None, []])[1].append(finding)
        return grouped

    lg, rg = by_record(left), by_record(right)
    out += [
        f"{source} {record}"
        for source, record in sorted(set(lg) | set(rg))
        if lg.get((source, record)) != rg.get((source, record))
    ]
    if not out and a != b:
        out.append("the order of records or findings")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--seeds", nargs="+", type=int, default=[0, 1, 6])
    parser.add_argument("--limit", type=int, default=None, help="check an even sample of N corpus files")
    args = parser.parse_args(argv)
    files = sorted(args.paths) if args.paths else corpus_files(args.limit)
    if not files:
        print("no files to check (is ../shared/corpus there?)")
        return 2
    print(f"{len(files)} files, seeds {' '.join(map(str, args.seeds))}")
    reports: list[tuple[str, bytes]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for seed in args.seeds:
            order = list(files)
            random.Random(seed).shuffle(order)
            cache = Path(tmp) / f"cache-{seed}"
            report, elapsed = run_once(order, seed, cache, Path(tmp) / f"report-{seed}.json")
            reports.append((f"seed {seed}, shuffled, fresh cache", report))
            print(f"  seed {seed:>3}  fresh cache, shuffled order  {elapsed:6.1f} s  {len(report):>10,} bytes")
        seed = args.seeds[0]
        report, elapsed = run_once(list(reversed(files)), seed, Path(tmp) / f"cache-{seed}", Path(tmp) / "warm.json")
        reports.append((f"seed {seed}, reversed, warm cache", report))
        print(f"  seed {seed:>3}  warm cache, reversed order   {elapsed:6.1f} s  {len(report):>10,} bytes")
    first_name, first = reports[0]
    failed = False
    for name, report in reports[1:]:
        if report != first:
            failed = True
            diff = differences(first, report)
            print(f"DIFFERENT: {name} vs {first_name}: {len(diff)} place(s)")
            for line in diff[:20]:
                print(f"    {line}")
    print("identical reports" if not failed else "reports differ")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
