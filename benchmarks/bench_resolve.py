"""Resolve 200 distinct identifiers against a loopback server answering after 100 ms, concurrently
(fairmeta's resolver with its default limits) and one by one, and print both wall times and the ratio.

Three loopback servers (tests/fake_services.py) stand for doi.org, pub.orcid.org and api.ror.org,
each its own host as in a real run, so the per-host limit (8 at once) applies per service; the
identifiers are a third each DOIs, ORCID iDs and ROR ids.

Usage: python benchmarks/bench_resolve.py [--count 200] [--latency 0.1]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fairmeta.resolvers.base import Query
from fairmeta.resolvers.http import HttpClient, HttpSettings
from fairmeta.resolvers.resolve import Resolver, endpoints
from tests.fake_services import FakeServices


def queries(count: int) -> list[Query]:
    """Distinct DOIs, ORCID iDs and ROR ids (most unknown to the server: each still needs its answer)."""
    out = []
    for i in range(count):
        kind = i % 3
        if kind == 0:
            out.append(Query("doi", f"10.5281/zenodo.{1000000 + i}"))
        elif kind == 1:
            out.append(Query("orcid", f"0000-0002-{i:04d}-0000"))
        else:
            out.append(Query("ror", f"0{i:06d}00"))
    return out


def main() -> None:
    """Time both ways and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--latency", type=float, default=0.1)
    args = parser.parse_args()
    with (
        FakeServices(latency=args.latency) as doi,
        FakeServices(latency=args.latency) as orcid,
        FakeServices(latency=args.latency) as ror,
    ):
        bases = endpoints({"doi": doi.url, "handle": doi.url, "orcid": orcid.url, "ror": ror.url})
        wanted = queries(args.count)
        concurrent = Resolver(HttpClient(HttpSettings(cache=False)), bases)
        started = time.perf_counter()
        together = concurrent.resolve_all(wanted)
        parallel = time.perf_counter() - started
        sequential_resolver = Resolver(HttpClient(HttpSettings(cache=False)), bases)
        started = time.perf_counter()
        one_by_one = {q: sequential_resolver.resolve(q) for q in wanted}
        sequential = time.perf_counter() - started
    same = {q: r.outcome for q, r in together.items()} == {q: r.outcome for q, r in one_by_one.items()}
    print(f"{args.count} identifiers, {args.latency * 1000:.0f} ms per answer")
    print(f"sequential   {sequential:6.2f} s  {args.count / sequential:7.1f} identifiers/s")
    print(
        f"concurrent   {parallel:6.2f} s  {args.count / parallel:7.1f} identifiers/s  ({sequential / parallel:.1f}x faster)"
    )
    print(f"same outcomes: {same}")


if __name__ == "__main__":
    main()
