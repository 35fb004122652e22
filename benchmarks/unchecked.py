"""No silent passes over the whole corpus: every file either has its records checked or says why not.

``python benchmarks/unchecked.py [--corpus ../shared/corpus]``

Every JSON, JSON-LD, RDF and HTML file under the corpus (suites included) is checked offline, one
by one. A file counts as *checked* when it gave records, as *unchecked with an error* when it gave
none but an error-level FM-SYS finding says why (unparseable, a refused context, no context, no
linked data, ...), and as *silent* otherwise. Prints the three counts and every silent file; exits 1
when there is one.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from fairmeta.engine import Engine, Options, collect_sources
from fairmeta.model import Severity

REPO = Path(__file__).resolve().parent.parent
SUFFIXES = {".json", ".jsonld", ".ttl", ".rdf", ".owl", ".nt", ".nq", ".trig", ".n3", ".xml", ".html"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"no corpus at {args.corpus}")
        return 2
    files = sorted(p for p in args.corpus.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
    engine = Engine(Options(offline=True, score=False, plugins=False))
    checked, why = 0, Counter[str]()
    silent: list[Path] = []
    for path in files:
        report = engine.run(collect_sources(path, engine))
        if report.records:
            checked += 1
            continue
        errors = [f.code for f in report.findings if f.severity is Severity.ERROR and f.code.startswith("FM-SYS")]
        if errors:
            why[errors[0]] += 1
        else:
            silent.append(path)
    reasons = ", ".join(f"{code} {n}" for code, n in sorted(why.items()))
    print(
        f"{len(files)} files: {checked} with records checked, {sum(why.values())} unchecked with an error ({reasons}), {len(silent)} silent"
    )
    for path in silent:
        print(f"  silent: {path.relative_to(args.corpus)}")
    return 1 if silent else 0


if __name__ == "__main__":
    sys.exit(main())
