"""Persistent identifiers: offline syntax and check digits, online resolution against a loopback server."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from click.testing import Result

from fairmeta.checks.pids.names import names_agree
from fairmeta.resolvers.base import Query
from fairmeta.resolvers.http import HttpClient, HttpSettings
from fairmeta.resolvers.resolve import Resolver, endpoints
from fairmeta.vocab.identifiers import classify, ror_checksum_ok
from tests.fake_services import FakeServices

from .conftest import RunCli, Write

CLEAN = {
    "@context": "https://schema.org/",
    "@type": "Dataset",
    "@id": "https://doi.org/10.5281/zenodo.8347772",
    "name": "Rain in Oslo",
    "creator": {"@type": "Person", "name": "Josiah Carberry", "@id": "https://orcid.org/0000-0002-1825-0097"},
    "publisher": {"@type": "Organization", "name": "CERN", "@id": "https://ror.org/01ggx4157"},
}


def _codes(result: Result) -> list[tuple[str, str | None]]:
    return [(f["code"], f["location"]["value"]) for f in json.loads(result.stdout)["findings"] if f["origin"] == "pids"]


def test_check_digits() -> None:
    """ROR (mod 97 over Crockford base32), ORCID and ISNI (ISO 7064 MOD 11-2)."""
    assert ror_checksum_ok("01ggx4157") and ror_checksum_ok("02mhbdp94") and not ror_checksum_ok("01ggx4158")
    assert classify("https://orcid.org/0000-0002-1825-0097").valid
    assert classify("0000-0002-1825-0098").problem == "ORCID check digit is wrong"
    assert classify("https://isni.org/isni/0000000121032683").valid
    assert not classify("ISNI 0000 0001 2103 2684").valid
    assert classify("DOI:10.5281/zenodo.1").canonical == "https://doi.org/10.5281/zenodo.1"
    assert classify("http://dx.doi.org/10.5281/zenodo.1").canonical == "https://doi.org/10.5281/zenodo.1"


def test_names_agree_forgives_form_not_identity() -> None:
    assert names_agree("Carberry, Josiah", "Josiah Carberry")
    assert names_agree("J. Carberry", "Josiah Carberry")
    assert names_agree("Müller, Jörg", "Jorg Muller")
    assert not names_agree("Jane Doe", "Josiah Carberry")
    assert not names_agree("John Smith", "Jane Smith")


def test_offline_findings_each_with_a_fix(write: Write, run_cli: RunCli) -> None:
    """Bad ORCID check digit, ROR with a bad checksum, malformed DOI, creator without identifier."""
    record: dict[str, object] = dict(CLEAN)
    record["identifier"] = "https://doi.org/10.abc/x"
    record["creator"] = [
        {"@type": "Person", "name": "Josiah Carberry", "@id": "https://orcid.org/0000-0002-1825-0098"},
        {"@type": "Person", "name": "Jane Doe"},
    ]
    record["publisher"] = {"@type": "Organization", "name": "CERN", "@id": "https://ror.org/01ggx4158"}
    path = write("bad.jsonld", json.dumps(record))
    result = run_cli("check", path, "--offline", "--no-score", "-f", "json")
    findings = [f for f in json.loads(result.stdout)["findings"] if f["origin"] == "pids"]
    got = sorted((f["code"], f["location"]["pointer"]) for f in findings)
    assert got == [
        ("FM-F1-501", "/identifier"),
        ("FM-F1-502", "/creator/0/@id"),
        ("FM-F1-502", "/publisher/@id"),
        ("FM-I3-503", "/creator/1"),
    ]
    assert all(f["fix"]["message"] for f in findings)
    clean = run_cli("check", write("clean.jsonld", json.dumps(CLEAN)), "--offline", "--no-score", "-f", "json")
    assert _codes(clean) == []


def test_entity_pid_iris_in_canonical_form(write: Write, run_cli: RunCli) -> None:
    """A creator or organisation named by a non-canonical PID IRI gets FM-F1-020; the JSON-LD @id
    is rewritten safely, an RDF node with statements of its own is only shown the fix."""
    document = dict(CLEAN, creator=[{"@type": "Organization", "@id": "https://ror.org/01GGX4157", "name": "CERN"}])
    found = json.loads(run_cli("check", write("upper.jsonld", json.dumps(document)), "--offline", "-f", "json").stdout)
    fix = next(f for f in found["findings"] if f["code"] == "FM-F1-020")
    assert fix["fix"]["applicability"] == "safe" and fix["fix"]["edits"][0]["value"] == "https://ror.org/01ggx4157"
    turtle = write(
        "http.ttl",
        "@prefix schema: <http://schema.org/> .\n"
        "<https://doi.org/10.5281/zenodo.8347772> a schema:Dataset ; schema:name 'Rain' ;\n"
        "  schema:creator <http://orcid.org/0000-0002-1825-0097> .\n"
        "<http://orcid.org/0000-0002-1825-0097> a schema:Person ; schema:name 'Josiah Carberry' .\n",
    )
    found = json.loads(run_cli("check", turtle, "--offline", "-f", "json").stdout)
    fix = next(f for f in found["findings"] if f["code"] == "FM-F1-020")
    assert "https://orcid.org/0000-0002-1825-0097" in fix["fix"]["message"]
    assert fix["fix"]["applicability"] == "display-only"


def test_wrong_kind_of_entity(write: Write, run_cli: RunCli) -> None:
    record = dict(CLEAN)
    record["publisher"] = {"@type": "Organization", "name": "CERN", "@id": "https://orcid.org/0000-0002-1694-233X"}
    result = run_cli("check", write("kind.jsonld", json.dumps(record)), "--offline", "--no-score", "-f", "json")
    assert ("FM-I3-505", "https://orcid.org/0000-0002-1694-233X") in _codes(result)


@pytest.fixture(name="services")
def _services(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeServices]:
    with FakeServices() as server:
        for key, value in server.environment().items():
            monkeypatch.setenv(key, value)
        yield server


def test_online_failures_mismatch_and_cache(services: FakeServices, write: Write, run_cli: RunCli) -> None:
    """A DOI that does not exist fails; a differing ORCID name shows both; a second run sends nothing."""
    record = dict(CLEAN)
    record["identifier"] = "https://doi.org/10.5281/zenodo.0000000"
    record["creator"] = {"@type": "Person", "name": "Jane Doe", "@id": "https://orcid.org/0000-0002-1825-0097"}
    path = write("online.jsonld", json.dumps(record))
    first = run_cli("check", path, "--online", "--no-score", "-f", "json")
    findings = [f for f in json.loads(first.stdout)["findings"] if f["origin"] == "pids"]
    by_code = {f["code"]: f for f in findings}
    assert by_code["FM-F1-510"]["location"]["value"] == "https://doi.org/10.5281/zenodo.0000000"
    mismatch = by_code["FM-I3-511"]["message"]
    assert "Jane Doe" in mismatch and "Josiah Carberry" in mismatch
    assert "FM-F1-519" not in by_code
    hits = sum(services.hits.values())
    assert hits > 0
    second = run_cli("check", path, "--online", "--no-score", "-f", "json")
    assert sum(services.hits.values()) == hits  # every answer came from the cache
    assert _codes(second) == _codes(first)
    clean = run_cli("check", write("clean.jsonld", json.dumps(CLEAN)), "--online", "--no-score", "-f", "json")
    assert _codes(clean) == []


def _resolves_test(result: Result) -> tuple[str, str]:
    evaluation = next(e for e in json.loads(result.stdout)["records"][0]["evaluations"] if e["test"] == "FsF-F1-02MD-2")
    return evaluation["outcome"], evaluation["evidence"]


def test_resolution_feeds_the_f1_score(services: FakeServices, write: Write, run_cli: RunCli) -> None:
    """FsF-F1-02MD-2 passes on a registered DOI, fails on an unregistered one, is unassessed offline
    without a cached answer."""
    good = write("registered.jsonld", json.dumps(CLEAN))
    assert _resolves_test(run_cli("check", good, "--online", "-f", "json"))[0] == "pass"
    assert _resolves_test(run_cli("check", good, "--offline", "--no-cache", "-f", "json"))[0] == "not-assessable"
    record = dict(CLEAN)
    record["@id"] = "https://doi.org/10.5281/zenodo.0000000"
    bad = run_cli("check", write("unregistered.jsonld", json.dumps(record)), "--online", "-f", "json")
    outcome, evidence = _resolves_test(bad)
    assert outcome == "fail" and "10.5281/zenodo.0000000" in evidence
    codes = [f["code"] for f in json.loads(bad.stdout)["findings"]]
    assert codes.count("FM-F1-510") == 1 and "FM-F1-012" not in codes  # one problem, one finding


def _resolver(services: FakeServices, **settings: float) -> Resolver:
    client = HttpClient(HttpSettings(cache=False, backoff=0.05, **settings))  # type: ignore[arg-type]
    return Resolver(client, endpoints(dict.fromkeys(("doi", "handle", "orcid", "ror", "bioregistry"), services.url)))


def test_three_outcomes_and_http_behaviour(services: FakeServices) -> None:
    """Timeout and 500 are not assessed; 429 is retried after Retry-After; redirects are followed."""
    services.slow = 2.0
    resolver = _resolver(services, timeout=0.3, retries=1)
    url = services.url
    got = resolver.resolve_all(
        [
            Query("url", f"{url}/slow"),
            Query("url", f"{url}/broken"),
            Query("url", f"{url}/busy"),
            Query("url", f"{url}/redirect/3"),
            Query("url", f"{url}/page/gone"),
            Query("ror", "01ggx4157"),
            Query("ror", "02mhbdp94"),
            Query("orcid", "0000-0002-1825-0097"),
            Query("handle", "20.1000/100"),
        ]
    )
    outcomes = {q.value.replace(url, ""): r.outcome for q, r in got.items()}
    assert outcomes == {
        "/slow": "unverifiable",
        "/broken": "unverifiable",
        "/busy": "verified",
        "/redirect/3": "verified",
        "/page/gone": "failed",
        "01ggx4157": "verified",
        "02mhbdp94": "failed",
        "0000-0002-1825-0097": "verified",
        "20.1000/100": "verified",
    }
    assert "CERN" in got[Query("ror", "01ggx4157")].names
    assert services.hits["/busy"] == 2  # one 429, one retry


def test_mirrors_of_older_api_forms() -> None:
    """A DOI proxy without the handle API, ORCID as a whole record, ROR API v1: the same verdicts."""
    with FakeServices(older_apis=True) as mirror:
        resolver = _resolver(mirror)
        queries = [
            Query("doi", "10.5281/zenodo.8347772"),
            Query("doi", "10.5281/zenodo.0000000"),
            Query("orcid", "0000-0002-1825-0097"),
            Query("orcid", "0000-0001-5109-3700"),
            Query("ror", "01ggx4157"),
            Query("ror", "02mhbdp94"),
        ]
        got = resolver.resolve_all(queries)
    assert [got[q].outcome for q in queries] == ["verified", "failed", "verified", "failed", "verified", "failed"]
    assert got[queries[2]].names[0] == "Josiah Carberry"
    assert set(got[queries[4]].names) == {"European Organization for Nuclear Research", "CERN"}


def test_malformed_service_answer_is_not_assessed(services: FakeServices) -> None:
    resolver = _resolver(services)
    resolver.bases["orcid"] = services.url + "/malformed"
    resolution = resolver.resolve(Query("orcid", "0000-0002-1825-0097"))
    assert resolution.outcome == "unverifiable"


def test_cache_commands(
    services: FakeServices, write: Write, run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`cache warm` resolves now; `check --offline` later needs no network; info and clear work."""
    monkeypatch.setenv("FAIRMETA_CACHE_DIR", str(tmp_path / "c"))
    path = write("warm.jsonld", json.dumps(CLEAN))
    warmed = run_cli("cache", "warm", path)
    assert warmed.exit_code == 0 and "verified" in warmed.stdout
    info = run_cli("cache", "info")
    assert "cached answer(s)" in info.stdout
    hits = sum(services.hits.values())
    again = run_cli("check", path, "--online", "--no-score")
    assert again.exit_code in (0, 1) and sum(services.hits.values()) == hits
    # checked later offline: the cache answers (the DOI counts as resolving), nothing is sent
    later = run_cli("check", path, "--offline", "-f", "json")
    assert _resolves_test(later)[0] == "pass" and sum(services.hits.values()) == hits
    unwarmed = run_cli(
        "check",
        write("other.jsonld", json.dumps(dict(CLEAN, identifier="https://doi.org/10.1/2"))),
        "--offline",
        "-f",
        "json",
    )
    assert "FM-F1-519" not in [c for c, _ in _codes(unwarmed)] and sum(services.hits.values()) == hits
    # a cache file from before fairmeta listed the URLs it asked is still read, URL by URL
    cache_file = tmp_path / "c" / "http" / "responses.sqlite"
    with closing(sqlite3.connect(cache_file)) as db, db:
        assert db.execute("SELECT COUNT(*) FROM fairmeta_asked").fetchone()[0] > 0
        db.execute("DROP TABLE fairmeta_asked")
    assert _resolves_test(run_cli("check", path, "--offline", "-f", "json"))[0] == "pass"
    assert "cleared" in run_cli("cache", "clear").stdout


def test_sheet_repeats_collapse_into_one_counted_finding() -> None:
    """ "Not assessed" repeated down a sheet is one finding: counted when it is the same value,
    counted "like it" when each row has its own value; other findings are untouched."""
    from fairmeta.model import Finding, Location, Severity, collapse_repeats

    def finding(code: str, row: int, value: str, why: str) -> Finding:
        location = Location("s.tsv", row=row, value=value)
        return Finding(code, Severity.INFO, None, f"Not assessed: could not check {value}: {why}.", location)

    rows = [finding("FM-F1-519", n, f"https://w3id.org/x/S{n}", "cannot connect to w3id.org") for n in (1, 2, 3)]
    terms = [finding("FM-I2-619", n, "NCBITaxon:9606", "cannot connect to www.ebi.ac.uk") for n in (1, 2)]
    other = finding("FM-F1-510", 1, "https://w3id.org/x/S1", "gone")
    got = collapse_repeats([*rows, *terms, other], frozenset({"FM-F1-519", "FM-I2-619"}))
    assert [(f.code, f.location.row) for f in got] == [("FM-F1-519", 1), ("FM-I2-619", 1), ("FM-F1-510", 1)]
    assert got[0].message.endswith("w3id.org (and 2 more rows like it).")
    assert got[1].message.endswith("www.ebi.ac.uk (2 rows).")
