"""Time `fairmeta check` against the bare pySHACL command line on the same records and shapes.

Two figures, each printed with its ratio:

1. one small record: `fairmeta check one.ttl` versus `pyshacl -s shapes/schemaorg-dataset.ttl one.ttl`
   (both whole processes, start-up included; median of several runs);
2. a directory of N records (default 1,000): one `fairmeta check DIR` versus running the pySHACL
   command once per file, which is what people script today. Running pySHACL 1,000 times takes
   tens of minutes, so by default it runs on a sample (--sample, default 25 files) and the per-file
   median is multiplied by N; `--sample 0` runs it on every file.

The records are Turtle in the http://schema.org/ namespace so pySHACL can read them offline too.
Usage: python benchmarks/bench_check.py [--records 1000] [--sample 25] [--repeat 5]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHAPES = REPO / "shapes" / "schemaorg-dataset.ttl"

RECORD = """@prefix schema: <http://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

<https://example.org/datasets/{i}> a schema:Dataset ;
    schema:name "Soil moisture station {i}" ;
    schema:description "Hourly volumetric soil moisture at 5, 15 and 30 cm depth from station {i}, with notes." ;
    schema:identifier <https://doi.org/10.5281/zenodo.{doi}> ;
    schema:url <https://zenodo.org/records/{doi}> ;
    schema:keywords "soil moisture", "hydrology" ;
    schema:license <https://spdx.org/licenses/CC-BY-4.0> ;
    schema:creator [ a schema:Person ; schema:name "Josiah Carberry" ] ;
    schema:version "1.{i}" ;
    schema:distribution [ a schema:DataDownload ; schema:contentUrl <https://example.org/files/{i}.csv> ] .
"""


def timed(command: list[str]) -> float:
    """Run a command to completion and return its wall time in seconds (exit code 0 or 1 accepted)."""
    started = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed ({proc.returncode}): {proc.stderr.strip()[:300]}")
    return elapsed


def tool(name: str) -> list[str]:
    """Find a console script next to this Python, falling back to PATH."""
    local = Path(sys.executable).parent / name
    found = str(local) if local.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"{name} is not installed (pip install . pyshacl)")
    return [found]


def main() -> None:
    """Generate the records, run both tools, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=1000)
    parser.add_argument("--sample", type=int, default=25, help="pySHACL runs for the per-file figure; 0 = all")
    parser.add_argument("--repeat", type=int, default=5, help="runs of the single-record comparison")
    args = parser.parse_args()

    fairmeta, pyshacl = tool("fairmeta"), tool("pyshacl")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "records"
        folder.mkdir()
        files = []
        for i in range(args.records):
            path = folder / f"record-{i:05d}.ttl"
            path.write_text(RECORD.format(i=i, doi=1000000 + i), encoding="utf-8")
            files.append(path)
        one = files[0]

        fm_one = statistics.median(timed([*fairmeta, "check", "-q", str(one)]) for _ in range(args.repeat))
        ps_one = statistics.median(timed([*pyshacl, "-s", str(SHAPES), str(one)]) for _ in range(args.repeat))
        print(
            f"one record      fairmeta {fm_one:6.2f} s   pyshacl CLI {ps_one:6.2f} s   "
            f"ratio {ps_one / fm_one:5.2f}x (>= 1 means fairmeta is no slower)"
        )

        fm_all = timed([*fairmeta, "check", "-q", str(folder)])
        sample = files if args.sample == 0 else files[: args.sample]
        per_file = [timed([*pyshacl, "-s", str(SHAPES), str(path)]) for path in sample]
        ps_all = statistics.median(per_file) * len(files) if args.sample else sum(per_file)
        how = "measured" if args.sample == 0 else f"median of {len(sample)} runs x {len(files)}"
        print(
            f"{len(files)} records   fairmeta {fm_all:6.2f} s ({len(files) / fm_all:6.1f} records/s)   "
            f"pyshacl CLI per file {ps_all:7.1f} s ({how})   ratio {ps_all / fm_all:5.1f}x (target >= 20x)"
        )


if __name__ == "__main__":
    main()
