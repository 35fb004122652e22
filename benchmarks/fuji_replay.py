"""Harvest Zenodo 8347772 from F-UJI's recorded HTTP answers, offline, and score it beside F-UJI.

    python benchmarks/fuji_replay.py

``../shared/corpus/suites/fuji-zenodo8347772/test_evaluation.cassette.yaml`` holds the requests F-UJI
made and the answers it got (2023-09-22). A loopback server replays them: an answer is matched by
method and URL and, where the recording says what was asked, by media type (the first type
fairmeta asks must be among the recorded request's ``Accept``); a request the recording lacks gets
404 and is listed. Every host of the recording is routed to the server, every other one too.
F-UJI's per-principle scores (``EXPECTED_fuji_summary.json``) are printed beside fairmeta's.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
SUITE = REPO.parent / "shared" / "corpus" / "suites" / "fuji-zenodo8347772"
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from loopback import LoopbackServer  # noqa: E402

Recorded = tuple[str, list[str], int, list[tuple[str, str]], bytes]  # (method, accepted types, status, headers, body)


def recording() -> dict[str, list[Recorded]]:
    """The cassette's answers by URL."""
    import yaml

    data = yaml.safe_load((SUITE / "test_evaluation.cassette.yaml").read_text(encoding="utf-8"))
    out: dict[str, list[Recorded]] = {}
    for interaction in data["interactions"]:
        request, response = interaction["request"], interaction["response"]
        accept = (request.get("headers", {}).get("Accept") or ["*/*"])[0]
        types = [part.split(";")[0].strip().lower() for part in accept.split(",")]
        body = response["body"].get("string", b"")
        body = body.encode("utf-8") if isinstance(body, str) else body
        headers = [(k, v) for k, values in response["headers"].items() for v in values if k.lower() != "content-length"]
        out.setdefault(request["uri"], []).append((request["method"], types, response["status"]["code"], headers, body))
    return out


def match(answers: list[Recorded], method: str, accept: str) -> Recorded | None:
    """The recorded answer for this request: same method, the asked type among the recorded Accept."""
    asked = accept.split(",")[0].split(";")[0].strip().lower()
    same = [a for a in answers if a[0] == method or (method == "HEAD" and a[0] == "GET")]
    return next((a for a in same if asked in a[1]), None) or next(
        (a for a in same if "*/*" in a[1] and asked in ("*/*", "text/html")), None
    )


class ReplayServer:
    """The recording on 127.0.0.1: ``/<host>/<path>`` answers what ``https://<host>/<path>`` answered."""

    def __init__(self) -> None:
        self.answers = recording()
        self.missing: list[str] = []
        self.server = LoopbackServer(self.answer)
        self.base = self.server.base

    def answer(self, method: str, path: str, headers: dict[str, str]) -> tuple[int, list[tuple[str, str]], bytes]:
        """The recorded answer for ``/<host>/<path>``, or 404 (listed in :attr:`missing`)."""
        host, _, rest = path.lstrip("/").partition("/")
        url = f"https://{host}/{rest}"
        found = match(self.answers.get(url, []), method, headers.get("accept", "*/*"))
        if found is None:
            self.missing.append(f"{method} {url} [{headers.get('accept', '')}]")
            return 404, [("Content-Type", "text/plain")], b"not in the recording"
        _, _, status, recorded, body = found
        return status, [(k, v) for k, v in recorded if k.lower() not in ("transfer-encoding", "connection")], body

    def routes(self, extra_hosts: set[str]) -> dict[str, str]:
        """Every recorded host, and every host the record names, routed here."""
        hosts = {urlsplit(url).netloc for url in self.answers} | extra_hosts
        return {f"{scheme}://{host}/": f"{self.base}{host}/" for host in sorted(hosts) for scheme in ("https", "http")}

    @contextmanager
    def running(self) -> Iterator[ReplayServer]:
        """Serve while the block runs."""
        with self.server.running():
            yield self


def _hosts_named() -> set[str]:
    """Hosts the recorded bodies name (links a check may follow), so that they are routed too."""
    import re

    found: set[str] = set()
    for answers in recording().values():
        for *_, body in answers:
            found.update(m.decode() for m in re.findall(rb"https?://([A-Za-z0-9.-]+\.[a-z]{2,})/", body)[:2000])
    return found


def run() -> tuple[Any, list[str], dict[str, Any]]:
    """Harvest the DOI through the replay; the report, the requests the recording lacked, F-UJI's summary."""
    from fairmeta.engine import Engine, Options, RemoteSource, default_http_settings

    server = ReplayServer()
    with server.running(), tempfile.TemporaryDirectory() as cache:
        os.environ["FAIRMETA_CACHE_DIR"] = cache
        routes = server.routes(_hosts_named())
        http = replace(default_http_settings(), rate=1000.0, retries=0)
        services = tuple(
            (name, f"{server.base}{name}.invalid") for name in ("orcid", "ror", "bioregistry", "ols", "handle")
        )
        options = Options(offline=False, routes=tuple(routes.items()), resolvers=services, http=http)
        report = Engine(options).run([RemoteSource("10.5281/zenodo.8347772")])
        expected = json.loads((SUITE / "EXPECTED_fuji_summary.json").read_text(encoding="utf-8"))
        return report, sorted(set(server.missing)), expected


def main() -> int:
    """Print the harvest, the missing requests and the scores side by side."""
    if not SUITE.is_dir():
        print("../shared/corpus/suites/fuji-zenodo8347772 is not present")
        return 2
    report, missing, expected = run()
    harvest = report.harvests[0]
    print(f"harvest: {len(harvest.requests)} request(s), channels {', '.join(harvest.channels)}")
    for request in harvest.requests:
        print(
            f"  {request.channel:<20} {request.status} {request.media_type:<40} {request.url} [{request.accept}] {request.contributed}"
        )
    print(f"requests the recording lacks ({len(missing)}):")
    for line in missing:
        print(f"  {line}")
    summary = expected["expected_summary"]
    record = report.records[0]
    assert record.score is not None
    print(f"\n{'':<6} {'F-UJI':>14} {'fairmeta':>14}")
    for key in ("F", "A", "I", "R", "FAIR"):
        fuji = f"{summary['score_earned'][key]:g}/{summary['score_total'][key]:g}"
        score = record.score.overall if key == "FAIR" else record.score.letters[key]
        ours = f"{score.earned:g}/{score.total:g}"
        print(f"{key:<6} {fuji:>14} {ours:>14}")
    print(f"percent  F-UJI {summary['score_percent']['FAIR']:.2f} %   fairmeta {record.score.percent:.2f} %")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
