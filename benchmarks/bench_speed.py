"""Where users wait: each row a ratio against its baseline, run side by side, plus peak memory.

    python benchmarks/bench_speed.py [--files 1000] [--graph-records 2000] [--repeat 3]

Rows (the table of issue #16; inputs named there):

1. one small record, ``fairmeta check --offline --quiet`` against bare ``pyshacl -s SHAPES REC``
   (same record as Turtle, same shapes), whole processes, start-up included;
2. a commit of 34 real corpus records through the pre-commit hook's command (one process);
3. N files: ``fairmeta check DIR`` against one process in which rdflib parses every file into
   one graph and one ``pyshacl.validate`` runs with the same shapes;
4. the same triples as JSON-LD and as Turtle (N files each);
5. a record with 3,000 keywords against the same record with 100 (whole checks);
6. one file holding many records in one ``@graph``: time and peak memory.

Commands of a row are run alternately, ``--repeat`` times, and the medians compared, so a slow spell
of the machine hits both. Peak memory is the child process's maximum resident set (``wait4``).
Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
RECORD = REPO / "examples" / "schemaorg-dataset" / "good" / "soil-moisture.jsonld"
SHAPES = REPO / "shapes" / "schemaorg-dataset.ttl"
FAIRMETA = [sys.executable, "-m", "fairmeta", "check", "--offline", "--quiet"]


def run(command: list[str]) -> tuple[float, float]:
    """Seconds and peak MiB of one command run to its end (its output discarded)."""
    env = {**os.environ, "FAIRMETA_OFFLINE": "1", "NO_COLOR": "1"}
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, _, usage = os.wait4(process.pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss / 1024


def medians(commands: dict[str, list[str]], repeat: int) -> dict[str, tuple[float, float]]:
    """Median seconds and the largest peak MiB of each command, runs interleaved."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    peaks: dict[str, float] = dict.fromkeys(commands, 0.0)
    for _ in range(repeat):
        for name, command in commands.items():
            seconds, peak = run(command)
            times[name].append(seconds)
            peaks[name] = max(peaks[name], peak)
    return {name: (statistics.median(times[name]), peaks[name]) for name in commands}


def row(label: str, ours: tuple[float, float], base: tuple[float, float] | None, target: str) -> None:
    ratio = f"{ours[0] / base[0]:5.2f}x" if base else "   -  "
    baseline = f"baseline {base[0]:7.2f} s {base[1]:6.0f} MiB" if base else " " * 30
    print(f"{label:<44} fairmeta {ours[0]:7.2f} s {ours[1]:6.0f} MiB   {baseline}   ratio {ratio}   target {target}")


def turtle_of(document: dict[str, object], base: str) -> str:
    from fairmeta.loaders import load_bytes
    from fairmeta.loaders.contexts import ContextResolver

    loaded = load_bytes(
        json.dumps(document).encode(), "r.jsonld", base=base, input_format=None, resolver=ContextResolver()
    )
    assert loaded.graph is not None
    return str(loaded.graph.serialize(format="turtle"))


def variants(folder: Path, count: int) -> tuple[Path, Path]:
    """``count`` distinct variants of the small record, as JSON-LD and as Turtle (same triples)."""
    document = json.loads(RECORD.read_text(encoding="utf-8"))
    jsonld, turtle = folder / "jsonld", folder / "turtle"
    jsonld.mkdir()
    turtle.mkdir()
    for i in range(count):
        variant = dict(document, name=f"{document.get('name', 'Record')} {i}", version=f"1.{i}")
        (jsonld / f"r{i:05d}.jsonld").write_text(json.dumps(variant, indent=2), encoding="utf-8")
        base = (turtle / f"r{i:05d}.ttl").resolve().as_uri()
        (turtle / f"r{i:05d}.ttl").write_text(turtle_of(variant, base), encoding="utf-8")
    return jsonld, turtle


BASELINE = """
import sys
from pathlib import Path
from rdflib import Graph
from pyshacl import validate
graph = Graph()
for path in sorted(Path(sys.argv[1]).glob("*.ttl")):
    graph.parse(path, format="turtle")
shapes = Graph().parse(sys.argv[2], format="turtle")
validate(graph, shacl_graph=shapes, advanced=True, allow_infos=True, allow_warnings=True)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description="fairmeta speed against its baselines")
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--graph-records", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"{time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, medians of {args.repeat} interleaved runs")
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        one = folder / "one.ttl"
        one.write_text(turtle_of(json.loads(RECORD.read_text(encoding="utf-8")), one.resolve().as_uri()))
        pyshacl = [sys.executable, "-m", "pyshacl", "-s", str(SHAPES), "-a", str(one)]
        got = medians({"ours": [*FAIRMETA, str(RECORD)], "base": pyshacl}, args.repeat)
        row("1 one small record vs bare pyshacl", got["ours"], got["base"], "<= 1.0x")

        if CORPUS.is_dir():
            names = sorted([*CORPUS.glob("jsonld/bioschemas__*Dataset*"), *CORPUS.glob("jsonld/bolognese__*")])[:34]
            got = medians({"ours": [*FAIRMETA, *map(str, names)]}, args.repeat)
            row(f"2 a commit of {len(names)} corpus records (hook)", got["ours"], None, "<= 10 s")

        jsonld, turtle = variants(folder, args.files)
        baseline = [sys.executable, "-c", BASELINE, str(turtle), str(SHAPES)]
        got = medians({"ours": [*FAIRMETA, str(turtle)], "base": baseline}, args.repeat)
        row(f"3 {args.files} files vs one rdflib graph + pyshacl", got["ours"], got["base"], "<= 1.0x")
        got = medians({"ours": [*FAIRMETA, str(jsonld)], "base": [*FAIRMETA, str(turtle)]}, args.repeat)
        row(f"4 {args.files} files JSON-LD vs the same as Turtle", got["ours"], got["base"], "<= 1.3x")

        document = json.loads(RECORD.read_text(encoding="utf-8"))
        many, few = folder / "kw3000.jsonld", folder / "kw100.jsonld"
        many.write_text(json.dumps(dict(document, keywords=[f"keyword {i}" for i in range(3000)])))
        few.write_text(json.dumps(dict(document, keywords=[f"keyword {i}" for i in range(100)])))
        got = medians({"ours": [*FAIRMETA, str(many)], "base": [*FAIRMETA, str(few)]}, args.repeat)
        row("5 3,000 keywords vs 100", got["ours"], got["base"], "<= 2.0x")

        graph = folder / "graph.jsonld"
        records = [
            dict(document, **{"@id": f"https://example.org/d/{i}", "name": f"Record {i}"})
            for i in range(args.graph_records)
        ]
        for item in records:
            item.pop("@context", None)
        graph.write_text(json.dumps({"@context": "https://schema.org/", "@graph": records}))
        got = medians({"ours": [*FAIRMETA, str(graph)]}, 1)
        row(f"6 {args.graph_records} records in one @graph", got["ours"], None, "<= 250 MiB at 10,000")


if __name__ == "__main__":
    main()
