"""Validate a generated 10,000-row TSV sample sheet with fairmeta and with `linkml-validate`.

Both read the same file against the same schema (shapes/sample-sheet.yaml, class Sample) as whole
processes, start-up included; rows/s and the ratio are printed. fairmeta is timed with --no-score
(schema validation, rows as RDF, safe normalisations) and with FAIR scoring of every row (the
default), each from a warm cache (the compiled schema kept by an earlier run, as in daily use) and
once from an empty cache (first run on a new or edited schema: imports linkml and compiles it).

Usage: python benchmarks/bench_tabular.py [--rows 10000] [--repeat 3]   (needs: pip install ".[linkml]")
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
        no_score = [*fairmeta, "check", "-q", "--no-score", "--schema", str(SCHEMA), str(sheet)]
        scored = [*fairmeta, "check", "-q", "--schema", str(SCHEMA), str(sheet)]
        linkml_run = [*linkml, "-s", str(SCHEMA), "-C", "Sample", str(sheet)]
        times = {
            "linkml-validate": statistics.median(timed(linkml_run) for _ in range(args.repeat)),
            "fairmeta --no-score, first run": statistics.median(
                timed(no_score, cache, empty=True) for _ in range(args.repeat)
            ),
            "fairmeta --no-score": statistics.median(timed(no_score, cache) for _ in range(args.repeat)),
            "fairmeta (scored)": statistics.median(timed(scored, cache) for _ in range(args.repeat)),
        }
    base = times["linkml-validate"]
    for name, seconds in times.items():
        print(
            f"{name:<32} {seconds:6.2f} s  {args.rows / seconds:8.0f} rows/s  ratio to linkml-validate {base / seconds:5.2f}x"
        )


if __name__ == "__main__":
    main()
