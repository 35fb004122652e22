"""fairmeta's harvester against the Apples-to-Apples FAIR Signposting benchmark, offline.

    python benchmarks/a2a_suite.py [--write docs/a2a-agreement.md]

The benchmark's scenarios (``../shared/corpus/suites/a2a-fair-metrics/benchmark``) are served from a
loopback server that does what each ``.htaccess`` asks (``benchmarks/a2a_server.py``), reached through
routes for ``https://s11.no/`` and ``https://w3id.org/``. Each row of ``tests/data/a2a_expectations.tsv``
(the Evaluator's ``_spec.rb`` assertions and scenario pages' own statements, quoted) is checked
against the harvest evidence. Misses a row marks ``known_miss`` (with the reason) are listed apart.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SUITE = REPO.parent / "shared" / "corpus" / "suites" / "a2a-fair-metrics" / "benchmark"
TABLE = REPO / "tests" / "data" / "a2a_expectations.tsv"
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from fairmeta.model import Harvest  # noqa: E402


@dataclass(frozen=True)
class Row:
    """One expectation: where the harvest starts, what must hold, and where that is said."""

    start: str
    check: str
    source: str
    known_miss: str


def rows() -> list[Row]:
    """The expectations table."""
    with TABLE.open(encoding="utf-8", newline="") as handle:
        return [
            Row(r["start"], r["check"], r["source"], r.get("known_miss") or "")
            for r in csv.DictReader(handle, delimiter="\t")
        ]


def _targets(harvest: Harvest, rel: str) -> set[str]:
    return {s.target for s in harvest.signposts if s.rel == rel}


def holds(row: Row, harvest: Harvest) -> bool:
    """Whether the harvest evidence meets the row's check."""
    check, _, value = row.check.partition("=")
    tests: dict[str, Callable[[], bool]] = {
        "cite-as-includes-start": lambda: row.start in _targets(harvest, "cite-as"),
        "cite-as-excludes-start": lambda: row.start not in _targets(harvest, "cite-as"),
        "cite-as-conflict": lambda: len(_targets(harvest, "cite-as")) > 1,
        "describedby-none": lambda: not _targets(harvest, "describedby"),
        "describedby-some": lambda: bool(_targets(harvest, "describedby")),
        "describedby-count": lambda: len(_targets(harvest, "describedby")) == int(value),
        "describedby-untyped": lambda: any(s.rel == "describedby" and not s.media_type for s in harvest.signposts),
        "describedby-type-mismatch": lambda: any(
            r.channel == "describedby" and 200 <= r.status < 300 and r.media_type != r.accept.split(";")[0].strip()
            for r in harvest.requests
        ),
        "describedby-profiles": lambda: (
            len({s.profile for s in harvest.signposts if s.rel == "describedby" and s.profile}) == int(value)
        ),
        "item-count": lambda: len(_targets(harvest, "item")) == int(value),
        "item-types": lambda: (
            len({(s.target, s.media_type) for s in harvest.signposts if s.rel == "item" and s.media_type}) == int(value)
        ),
        "item-unresolved": lambda: any(r.channel == "item" and not 200 <= r.status < 300 for r in harvest.requests),
        "item-resolved": lambda: any(r.channel == "item" and 200 <= r.status < 300 for r in harvest.requests),
        "landing-status": lambda: harvest.landing_status == int(value),
        "metadata-retrieved": lambda: "describedby" in harvest.channels,
        "metadata-types": lambda: (
            set(value.split(","))
            <= {
                r.media_type
                for r in harvest.requests
                if r.channel == "describedby" and r.contributed.startswith("metadata")
            }
        ),
    }
    return tests[check]()


def evaluate(environment: dict[str, str] | None = None) -> tuple[list[tuple[Row, bool]], int]:
    """Harvest every row's start through the loopback server; ``(row, met)`` and requests sent."""
    from a2a_server import A2AServer

    from fairmeta.engine import Engine, Options, RemoteSource

    server = A2AServer(SUITE)
    with server.running(), tempfile.TemporaryDirectory() as cache:
        os.environ["FAIRMETA_CACHE_DIR"] = cache
        services = tuple(
            (name, f"{server.base}other/{name}") for name in ("doi", "handle", "orcid", "ror", "bioregistry", "ols")
        )
        from fairmeta.engine import default_http_settings

        # one loopback host serves every scenario: its per-host pace would only slow the run
        http = replace(default_http_settings(), rate=1000.0, retries=1, backoff=0.05)
        options = Options(
            offline=False, routes=tuple(server.routes.items()), resolvers=services, score=False, http=http
        )
        engine = Engine(options)
        table = rows()
        starts = sorted({row.start for row in table})
        report = engine.run([RemoteSource(start) for start in starts])
        harvests = {h.target: h for h in report.harvests}
        results = [(row, holds(row, harvests[row.start])) for row in table]
        return results, sum(server.hits.values())


def markdown(results: list[tuple[Row, bool]]) -> str:
    """The agreement table as Markdown."""
    met = sum(1 for _, ok in results if ok)
    lines = [
        "# fairmeta on the Apples-to-Apples FAIR Signposting benchmark",
        "",
        f"Generated by `python benchmarks/a2a_suite.py --write docs/a2a-agreement.md`: **{met} of {len(results)}"
        f" expectations met ({100 * met / len(results):.0f} %)**. Each row is an assertion of the FAIR Evaluator's"
        " harvester specs or a scenario page's own statement, quoted; the scenarios are served offline as"
        " their `.htaccess` files ask (benchmarks/a2a_server.py).",
        "",
        "| start | check | met | source |",
        "|---|---|---|---|",
    ]
    for row, ok in results:
        mark = "yes" if ok else f"**no** ({row.known_miss or 'unexplained'})"
        lines.append(f"| `{row.start}` | {row.check} | {mark} | {row.source.replace('|', '/')} |")
    return "\n".join(lines) + "\n"


def main() -> int:
    """Run and print the table (or write it)."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", type=Path)
    args = parser.parse_args()
    if not SUITE.is_dir():
        print("../shared/corpus/suites/a2a-fair-metrics is not present")
        return 2
    results, requests = evaluate()
    text = markdown(results)
    if args.write:
        args.write.write_text(text, encoding="utf-8")
    met = sum(1 for _, ok in results if ok)
    print(f"{met} of {len(results)} expectations met; {requests} requests to the loopback server")
    for row, ok in results:
        if not ok:
            print(f"  MISS {row.start} {row.check}: {row.known_miss or 'unexplained'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
