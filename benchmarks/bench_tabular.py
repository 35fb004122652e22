"""Validate a generated 10,000-row TSV sample sheet with fairmeta and with `linkml-validate`.

Both read the same file against the same schema (shapes/sample-sheet.yaml, class Sample) as whole
processes, start-up included, without the network (fairmeta --offline: linkml-validate resolves
nothing either); rows/s and the ratio are printed, each the median of interleaved runs.
fairmeta --no-score does what linkml-validate does (the schema validation) and more: rows as RDF,
safe normalisations, identifier and ontology-term checks of every row. It is timed from a warm
cache (the compiled schema kept by an earlier run, as in daily use) and from an empty one (first
run on a new or edited schema: it imports linkml and compiles the schema, which linkml-validate
does on every run). "scored" adds the FAIR scoring of every row (thirty metric tests each), the
default of `fairmeta check`.

Usage: python benchmarks/bench_tabular.py [--rows 10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import tempfile
from pathlib import Path

from bench_check import tool

REPO = Path(__file__).resolve().parent.parent
SCHEMA = REPO / "shapes" / "sample-sheet.yaml"
HEADER = "sample_id\torganism\ttissue\tcollection_date\tgeo_loc_name\tsequencing_platform\tdepth\n"


def timed(command: list[str], cache: Path | None = None, empty: bool = False) -> float:
    """Wall time of a command (exit 0 or 1 accepted), with fairmeta's cache in ``cache``."""
    import os
    import shutil
    import time

    env = dict(os.environ)
    if cache is not None:
        if empty:
            shutil.rmtree(cache, ignore_errors=True)
        env["FAIRMETA_CACHE_DIR"] = str(cache)
    started = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, text=True, env=env)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed: {proc.stderr.strip()[:300]}")
    return time.perf_counter() - started


def main() -> None:
    """Write the sheet, time the three runs, print rows/s."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    fairmeta, linkml = tool("fairmeta"), tool("linkml-validate")
    with tempfile.TemporaryDirectory() as tmp:
        sheet = Path(tmp) / "samples.tsv"
        lines = [HEADER]
        for i in range(args.rows):
            lines.append(
                f"S{i}\tNCBITaxon:9606\tUBERON:0002107\t2023-05-{1 + i % 28:02d}\tNorway: Oslo\tOBI:0002630\t{i % 50}.5\n"
            )
        sheet.write_text("".join(lines), encoding="utf-8")
        cache = Path(tmp) / "cache"
        no_score = [*fairmeta, "check", "-q", "--offline", "--no-score", "--schema", str(SCHEMA), str(sheet)]
        scored = [*fairmeta, "check", "-q", "--offline", "--schema", str(SCHEMA), str(sheet)]
        linkml_run = [*linkml, "-s", str(SCHEMA), "-C", "Sample", str(sheet)]
        commands = {
            "linkml-validate": (linkml_run, None),
            "fairmeta --no-score, first run": (no_score, "empty"),
            "fairmeta --no-score": (no_score, "warm"),
            "fairmeta (scored)": (scored, "warm"),
        }
        runs: dict[str, list[float]] = {name: [] for name in commands}
        timed(no_score, cache)  # compiles the schema into the cache for the warm runs
        for _ in range(args.repeat):  # interleaved, so that a slow spell of the machine hits every command
            for name, (command, state) in commands.items():
                runs[name].append(timed(command, cache if state else None, empty=state == "empty"))
        times = {name: statistics.median(seconds) for name, seconds in runs.items()}
    base = times["linkml-validate"]
    for name, seconds in times.items():
        print(
            f"{name:<32} {seconds:6.2f} s  {args.rows / seconds:8.0f} rows/s  ratio to linkml-validate {base / seconds:5.2f}x"
        )


if __name__ == "__main__":
    main()
