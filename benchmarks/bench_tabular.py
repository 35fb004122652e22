"""Validate a generated 10,000-row TSV sample sheet with fairmeta and with `linkml-validate`.

Both read the same file against the same schema (shapes/sample-sheet.yaml, class Sample) as whole
processes, start-up included; rows/s and the ratio are printed. fairmeta is timed twice: with FAIR
scoring of every row (the default) and with --no-score (schema validation, rows as RDF, safe fixes).

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


def timed(command: list[str]) -> float:
    """Wall time of a command (exit 0 or 1 accepted)."""
    import time

    started = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, text=True)
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
        runs = {
            "linkml-validate": [*linkml, "-s", str(SCHEMA), "-C", "Sample", str(sheet)],
            "fairmeta --no-score": [*fairmeta, "check", "-q", "--no-score", "--schema", str(SCHEMA), str(sheet)],
            "fairmeta (scored)": [*fairmeta, "check", "-q", "--schema", str(SCHEMA), str(sheet)],
        }
        times = {name: statistics.median(timed(cmd) for _ in range(args.repeat)) for name, cmd in runs.items()}
    base = times["linkml-validate"]
    for name, seconds in times.items():
        print(
            f"{name:<22} {seconds:6.2f} s  {args.rows / seconds:8.0f} rows/s  ratio to linkml-validate {base / seconds:5.2f}x"
        )


if __name__ == "__main__":
    main()
