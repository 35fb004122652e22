"""Check a record against a generated 50 MB OBO ontology twice and print both wall times.

The first check parses the ontology and writes its SQLite index into a fresh cache directory; the
second (a new engine, as a new run would be) finds the index by the file's SHA-256 and only looks
the record's terms up. Both run in this process, so imports are paid before either is timed.

Usage: python benchmarks/bench_terms.py [--megabytes 50]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fairmeta.engine import Engine, Options, collect_sources

OBO = "http://purl.obolibrary.org/obo/"


def write_ontology(path: Path, megabytes: float) -> int:
    """An OBO file of UBERON-shaped terms with synonyms, is_a, some obsolete ones; returns its term count."""
    target = int(megabytes * 1_000_000)
    count = 0
    with path.open("w", encoding="utf-8") as out:
        out.write("format-version: 1.2\nontology: uberon\n\n")
        while out.tell() < target:
            count += 1
            number = f"{count:07d}"
            out.write(f"[Term]\nid: UBERON:{number}\nname: structure {count}\n")
            out.write(f'def: "A generated anatomical structure, number {count}, for the benchmark." []\n')
            out.write(f'synonym: "body part {count}" EXACT []\nsynonym: "region {count}" RELATED []\n')
            if count > 1:
                out.write(f"is_a: UBERON:{count // 2:07d} ! structure {count // 2}\n")
            if count % 1000 == 0:
                out.write(f"is_obsolete: true\nreplaced_by: UBERON:{count + 1:07d}\n")
            out.write("\n")
    return count


def record(count: int) -> str:
    about = [{"@id": f"{OBO}UBERON_{i:07d}", "name": f"structure {i}"} for i in (1, count // 3, count // 2, count)]
    about.append({"@id": f"{OBO}UBERON_{1000:07d}", "name": "structure 1000"})  # obsolete
    return json.dumps(
        {
            "@context": "https://schema.org/",
            "@type": "Dataset",
            "@id": "urn:uuid:6f1c2d3e-0000-4000-8000-0000000000be",
            "name": "Benchmark record",
            "about": about,
        }
    )


def timed_check(ontology: Path, path: Path) -> tuple[float, list[str]]:
    start = time.perf_counter()
    engine = Engine(Options(offline=True, score=False, ontologies=(ontology,)))
    report = engine.run(collect_sources(path, engine))
    elapsed = time.perf_counter() - start
    return elapsed, sorted(f.code for f in report.findings if f.origin == "terms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=50.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        os.environ["FAIRMETA_CACHE_DIR"] = str(root / "cache")
        ontology = root / "generated.obo"
        count = write_ontology(ontology, args.megabytes)
        path = root / "record.jsonld"
        path.write_text(record(count), encoding="utf-8")
        # warm the imports (rdflib, pyshacl, curies) on a record without terms, so neither timing pays them
        warm = root / "warm.jsonld"
        warm.write_text(json.dumps({"@context": "https://schema.org/", "@type": "Dataset", "name": "w"}))
        Engine(Options(offline=True, score=False)).run([(warm, "warm.jsonld")])
        first, codes = timed_check(ontology, path)
        second, codes_again = timed_check(ontology, path)
        assert codes == codes_again == ["FM-I2-612"], (codes, codes_again)
        size = ontology.stat().st_size / 1e6
        print(f"ontology: {size:.1f} MB OBO, {count:,} terms; record with 5 terms (one obsolete)")
        print(f"first check (parse + index):   {first:7.2f} s")
        print(f"second check (from the cache): {second:7.2f} s")
        print(f"ratio: {first / second:.1f}x faster the second time (target: at least 10x)")


if __name__ == "__main__":
    main()
