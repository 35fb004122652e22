"""Agreement of fairmeta's SHACL check with the W3C SHACL test suite and the DASH tests.

``python benchmarks/shacl_suites.py``

Each case of ``../shared/corpus/suites/w3c-shacl/CASES.tsv`` and ``dash-shacl-tests/CASES.tsv`` is a
Turtle file holding its data and shapes, with the expected verdict (conforms or not) and number of
validation results. The file is checked as fairmeta checks a user's file with their own shapes
(``--shapes FILE FILE``: data graph and shapes graph alike), and its verdict (any SHACL finding)
and number of SHACL findings are compared with the expected ones. Cases the suites expect to fail
(``sht:Failure``) are counted as agreeing when fairmeta stops with a shapes error. Prints one line
per suite: cases, verdicts agreeing, result counts agreeing.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from fairmeta.engine import Engine, Options, expand_paths
from fairmeta.errors import FairmetaError

REPO = Path(__file__).resolve().parent.parent
SUITES = REPO.parent / "shared" / "corpus" / "suites"


def cases(suite: str) -> list[tuple[Path, Path, str, int]]:
    """(data file, shapes file, expected conforms ("true"/"false"/"failure"), expected results)."""
    folder = SUITES / suite
    rows = list(csv.DictReader((folder / "CASES.tsv").read_text(encoding="utf-8").splitlines(), delimiter="\t"))
    out = []
    for row in rows:
        path = folder / row["file"] if (folder / row["file"]).is_file() else folder / "tests" / row["file"]
        data = shapes = path
        if row.get("dataGraph"):  # the W3C manifest names the data and shapes graphs of each test
            data, shapes = folder / "tests" / row["dataGraph"], folder / "tests" / row["shapesGraph"]
        out.append((data, shapes, row["conforms"], int(row["n_results"] or 0)))
    return out


def verdict(data: Path, shapes: Path) -> tuple[str, int]:
    """fairmeta's verdict on one case: ("true" | "false" | "failure", number of SHACL findings)."""
    try:
        engine = Engine(Options(offline=True, score=False, plugins=False, shapes=(shapes,), input_format="turtle"))
        report = engine.run(expand_paths([data]))
    except FairmetaError:
        return "failure", 0
    results = [f for f in report.findings if f.origin == "shacl"]
    return ("false" if results else "true"), len(results)


def main() -> int:
    if not SUITES.is_dir():
        print("the shared corpus is not there (../shared/corpus/suites)")
        return 2
    for suite in ("w3c-shacl", "dash-shacl-tests"):
        found = [c for c in cases(suite) if c[0].is_file() and c[1].is_file()]
        same_verdict = same_count = 0
        differ = []
        for path, shapes, expected, count in found:
            got, n = verdict(path, shapes)
            expected_verdict = "failure" if expected not in ("true", "false") else expected
            if got == expected_verdict:
                same_verdict += 1
                same_count += n == count
            else:
                differ.append(f"{path.relative_to(SUITES)}: expected {expected_verdict}, got {got}")
        print(
            f"{suite:18} {len(found):4} cases  verdict {same_verdict}/{len(found)}  result count {same_count}/{len(found)}"
        )
        for line in differ[:15]:
            print(f"    {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
