"""Write the JSON report of every corpus record file to a folder, or compare two such folders.

A performance change must not change a verdict: write the reports before (`git stash`, or on the
previous commit) and after, then compare::

    python benchmarks/corpus_reports.py write /tmp/before
    python benchmarks/corpus_reports.py write /tmp/after
    python benchmarks/corpus_reports.py compare /tmp/before /tmp/after

Covers the corpus folders of record files (jsonld, rdf, xml); offline; one report per file.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
FOLDERS = ("jsonld", "rdf", "xml")


def write(folder: Path) -> int:
    os.environ["FAIRMETA_OFFLINE"] = "1"
    from fairmeta import check

    folder.mkdir(parents=True, exist_ok=True)
    files = sorted(p for name in FOLDERS if (CORPUS / name).is_dir() for p in (CORPUS / name).iterdir() if p.is_file())
    for path in files:
        report = check(path, offline=True).to_dict()
        (folder / f"{path.parent.name}__{path.name}.json").write_text(json.dumps(report, indent=1, sort_keys=True))
    print(f"{len(files)} reports written to {folder}")
    return 0


def compare(before: Path, after: Path) -> int:
    old = {p.name: p.read_text() for p in before.iterdir()}
    new = {p.name: p.read_text() for p in after.iterdir()}
    differ = sorted(name for name in old.keys() | new.keys() if old.get(name) != new.get(name))
    print(f"{len(old)} reports before, {len(new)} after: {len(differ)} differ")
    for name in differ[:20]:
        print(f"  {name}")
    return 1 if differ else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("write").add_argument("folder", type=Path)
    comparing = sub.add_parser("compare")
    comparing.add_argument("before", type=Path)
    comparing.add_argument("after", type=Path)
    args = parser.parse_args()
    if not CORPUS.is_dir():
        print(f"no corpus at {CORPUS}", file=sys.stderr)
        return 2
    return write(args.folder) if args.command == "write" else compare(args.before, args.after)


if __name__ == "__main__":
    sys.exit(main())
