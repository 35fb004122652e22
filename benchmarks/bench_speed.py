"""Where users wait: each row a ratio against its baseline, run side by side, plus peak memory.

    python benchmarks/bench_speed.py [--files 1000] [--graph-records 2000] [--repeat 3] [--only 1,3,9]

Rows (the table of issue #16; inputs named there):

1. one small record, ``fairmeta check --offline --quiet`` against bare ``pyshacl -s SHAPES REC``
   (same record as Turtle, same shapes), whole processes, start-up included;
2. a commit of 34 real corpus records through the pre-commit hook's command (one process);
3. N files: ``fairmeta check DIR`` against one process in which rdflib parses every file into
   one graph and one ``pyshacl.validate`` runs with the same shapes;
4. the same triples as JSON-LD and as Turtle (N files each);
5. a record with 3,000 keywords against the same record with 100 (whole checks);
6. one file holding many records in one ``@graph``: time and peak memory;
7. peak memory of ``fairmeta check DIR`` on 10 x N files against N files (flat: <= 1.2x);
8. a 10,000-row sample sheet, scored, warm (compiled schema cached), against ``linkml-validate``;
9. the real MIxS soil record, warm, against ``linkml-validate`` (``--heavy-repeat`` runs: it takes
   about half a minute a run);
10. the 9 NMDC ``Biosample-*`` suite documents in one warm run: seconds per document.

Rows 2, 9 and 10 need ``../shared/corpus`` and are left out without it.

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
LINKML_VALIDATE = [str(Path(sys.executable).with_name("linkml-validate"))]
SHEET_SCHEMA = REPO / "shapes" / "sample-sheet.yaml"
MIXS_SCHEMA = CORPUS / "shapes" / "mixs__mixs.yaml"
MIXS_RECORD = CORPUS / "suites" / "linkml-mixs" / "valid" / "MixsCompliantData-MimsSoil-example.yaml"
NMDC_SCHEMA = CORPUS / "shapes" / "nmdc__nmdc_materialized_patterns.yaml"


CACHE: dict[str, str] = {}  # FAIRMETA_CACHE_DIR of every run, set in main (warm after the first)


def run(command: list[str]) -> tuple[float, float]:
    """Seconds and peak MiB of one command run to its end (its output discarded)."""
    env = {**os.environ, "FAIRMETA_OFFLINE": "1", "NO_COLOR": "1", **CACHE}
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) not in (0, 1):  # 1: findings; anything else is no timing
        raise SystemExit(f"{' '.join(command)[:300]} exited with {os.waitstatus_to_exitcode(status)}")
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


def one_record(folder: Path, args: argparse.Namespace) -> None:
    one = folder / "one.ttl"
    one.write_text(turtle_of(json.loads(RECORD.read_text(encoding="utf-8")), one.resolve().as_uri()))
    pyshacl = [sys.executable, "-m", "pyshacl", "-s", str(SHAPES), "-a", str(one)]
    got = medians({"ours": [*FAIRMETA, str(RECORD)], "base": pyshacl}, args.repeat)
    row("1 one small record vs bare pyshacl", got["ours"], got["base"], "<= 1.0x")


def commit(folder: Path, args: argparse.Namespace) -> None:
    names = sorted([*CORPUS.glob("jsonld/bioschemas__*Dataset*"), *CORPUS.glob("jsonld/bolognese__*")])[:34]
    got = medians({"ours": [*FAIRMETA, *map(str, names)]}, args.repeat)
    row(f"2 a commit of {len(names)} corpus records (hook)", got["ours"], None, "<= 10 s")


def many_files(folder: Path, args: argparse.Namespace) -> None:
    jsonld, turtle = variants(folder, args.files)
    if args.only & {3, 4}:
        baseline = [sys.executable, "-c", BASELINE, str(turtle), str(SHAPES)]
        got = medians({"ours": [*FAIRMETA, str(turtle)], "base": baseline}, args.repeat)
        row(f"3 {args.files} files vs one rdflib graph + pyshacl", got["ours"], got["base"], "<= 1.0x")
        got = medians({"ours": [*FAIRMETA, str(jsonld)], "base": [*FAIRMETA, str(turtle)]}, args.repeat)
        row(f"4 {args.files} files JSON-LD vs the same as Turtle", got["ours"], got["base"], "<= 1.3x")
    if 7 in args.only:
        tenfold = folder / "tenfold"
        tenfold.mkdir()
        for copy in range(10):
            for path in sorted(jsonld.iterdir()):
                variant = json.loads(path.read_text(encoding="utf-8"))
                variant["version"] = f"{variant['version']}.{copy}"
                (tenfold / f"c{copy}-{path.name}").write_text(json.dumps(variant), encoding="utf-8")
        got = medians({"ours": [*FAIRMETA, str(tenfold)], "base": [*FAIRMETA, str(jsonld)]}, args.heavy_repeat)
        ours, base = got["ours"], got["base"]
        label = f"7 memory, {10 * args.files} files vs {args.files}"
        print(
            f"{label:<44} fairmeta {ours[1]:6.0f} MiB ({ours[0]:.1f} s)   baseline {base[1]:6.0f} MiB"
            f" ({base[0]:.1f} s)   ratio {ours[1] / base[1]:5.2f}x   target <= 1.2x (peak memory)"
        )


def keywords(folder: Path, args: argparse.Namespace) -> None:
    document = json.loads(RECORD.read_text(encoding="utf-8"))
    many, few = folder / "kw3000.jsonld", folder / "kw100.jsonld"
    many.write_text(json.dumps(dict(document, keywords=[f"keyword {i}" for i in range(3000)])))
    few.write_text(json.dumps(dict(document, keywords=[f"keyword {i}" for i in range(100)])))
    got = medians({"ours": [*FAIRMETA, str(many)], "base": [*FAIRMETA, str(few)]}, args.repeat)
    row("5 3,000 keywords vs 100", got["ours"], got["base"], "<= 2.0x")


def one_graph(folder: Path, args: argparse.Namespace) -> None:
    document = json.loads(RECORD.read_text(encoding="utf-8"))
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


def sheet(folder: Path, args: argparse.Namespace) -> None:
    path = folder / "samples.tsv"
    path.write_text(
        "sample_id\torganism\ttissue\tcollection_date\tgeo_loc_name\tsequencing_platform\tdepth\n"
        + "".join(
            f"S{i}\tNCBITaxon:9606\tUBERON:0002107\t2023-05-{1 + i % 28:02d}\tNorway: Oslo\tOBI:0002630\t{i % 50}.5\n"
            for i in range(args.rows)
        ),
        encoding="utf-8",
    )
    scored = [*FAIRMETA, "--schema", str(SHEET_SCHEMA), str(path)]
    run(scored)  # compiles the schema into the cache: the timed runs are warm
    linkml = [*LINKML_VALIDATE, "-s", str(SHEET_SCHEMA), "-C", "Sample", str(path)]
    got = medians({"ours": scored, "base": linkml}, args.repeat)
    row(f"8 {args.rows}-row sheet, scored, warm vs linkml", got["ours"], got["base"], "<= 1.0x")


def linkml_suites(folder: Path, args: argparse.Namespace) -> None:
    if 9 in args.only:
        mixs = [*FAIRMETA, "--schema", str(MIXS_SCHEMA), str(MIXS_RECORD)]
        run(mixs)
        linkml = [*LINKML_VALIDATE, "-s", str(MIXS_SCHEMA), str(MIXS_RECORD)]
        got = medians({"ours": mixs, "base": linkml}, args.heavy_repeat)
        row("9 MIxS soil record, warm, vs linkml-validate", got["ours"], got["base"], "<= 1 s and <= 0.067x")
    if 10 in args.only:
        documents = sorted((CORPUS / "suites" / "linkml-nmdc" / "valid").glob("Biosample-*"))
        nmdc = [*FAIRMETA, "--schema", str(NMDC_SCHEMA), "--target-class", "Biosample", *map(str, documents)]
        run(nmdc)
        seconds, peak = medians({"ours": nmdc}, args.repeat)["ours"]
        label = f"10 {len(documents)} NMDC documents, per document"
        row(label, (seconds / len(documents), peak), None, "<= 0.5 s per document, warm")


ROWS = (
    ({1}, one_record, False),
    ({2}, commit, True),
    ({3, 4, 7}, many_files, False),
    ({5}, keywords, False),
    ({6}, one_graph, False),
    ({8}, sheet, False),
    ({9, 10}, linkml_suites, True),
)


def main() -> None:
    parser = argparse.ArgumentParser(description="fairmeta speed against its baselines")
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--graph-records", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--heavy-repeat", type=int, default=1, help="runs of rows 7 and 9 (slow baselines)")
    parser.add_argument("--rows", type=int, default=10_000, help="sample sheet rows (row 8)")
    parser.add_argument("--only", type=lambda text: {int(n) for n in text.split(",")}, default=set(range(1, 11)))
    args = parser.parse_args()
    print(f"{time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, medians of {args.repeat} interleaved runs")
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        CACHE["FAIRMETA_CACHE_DIR"] = str(folder / "cache")  # first run fills it: later runs are warm
        for numbers, measure, needs_corpus in ROWS:
            if numbers & args.only and (CORPUS.is_dir() or not needs_corpus):
                measure(folder, args)


if __name__ == "__main__":
    main()
