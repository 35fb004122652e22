"""JSON-LD contexts: bundled ones resolve offline; any other remote context makes no request."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from rdflib import Graph

from fairmeta import check
from fairmeta._quiet import upstream_warnings_silenced
from fairmeta.loaders.contexts import ContextResolver, RemoteContextRefusedError, bundled_context, no_network_fetch

from .conftest import RunCli, Write

REMOTE_CONTEXT = {"@context": {"@vocab": "http://schema.org/", "titel": "http://schema.org/name"}}


def record_with_context(context: object) -> str:
    """A small dataset whose name comes through the given context."""
    return json.dumps(
        {
            "@context": context,
            "@id": "urn:uuid:6f1c2d3e-0000-4000-8000-000000000001",
            "@type": "Dataset",
            "titel": "x",
            "name": "x",
        }
    )


@pytest.fixture(name="server")
def _server(httpserver: HTTPServer) -> HTTPServer:
    httpserver.expect_request("/context.jsonld").respond_with_json(REMOTE_CONTEXT)
    return httpserver


def test_remote_context_makes_no_request(server: HTTPServer, write: Write, run_cli: RunCli) -> None:
    """A remote @context is refused with FM-SYS-004 and the loopback server sees zero requests."""
    url = server.url_for("/context.jsonld")
    path = write("remote.jsonld", record_with_context(url))
    result = run_cli("check", path)
    assert result.exit_code == 1
    assert "FM-SYS-004" in result.stdout and url in result.stdout
    assert len(server.log) == 0


def test_nested_and_imported_contexts_make_no_request(server: HTTPServer, write: Write) -> None:
    """Contexts inside arrays, nested nodes and @import are refused too, without a request."""
    url = server.url_for("/context.jsonld")
    for context in (["https://schema.org/", url], {"@import": url}):
        report = check(write("n.jsonld", record_with_context(context)))
        assert [f.code for f in report.findings] == ["FM-SYS-004"]
    nested = {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "name": "x",
        "creator": {"@context": url, "@type": "Person", "name": "y"},
    }
    assert [f.code for f in check(write("n2.jsonld", json.dumps(nested))).findings] == ["FM-SYS-004"]
    assert len(server.log) == 0


def test_allowed_remote_context_is_fetched_once(server: HTTPServer, write: Write) -> None:
    """--allow-remote-context fetches the context (once per run) and uses it."""
    url = server.url_for("/context.jsonld")
    a = write("a.jsonld", record_with_context(url))
    b = write("b.jsonld", record_with_context(url))
    report = check([a, b], allow_remote_context=True, offline=False)  # urn:uuid ids: nothing else to resolve
    assert not [f for f in report.findings if f.code.startswith("FM-SYS")]
    assert len(report.records) == 2
    assert len(server.log) == 1


def test_offline_wins_over_allow(server: HTTPServer, write: Write) -> None:
    """--offline refuses remote contexts even when they are allowed."""
    path = write("r.jsonld", record_with_context(server.url_for("/context.jsonld")))
    report = check(path, allow_remote_context=True, offline=True)
    assert [f.code for f in report.findings] == ["FM-SYS-004"]
    assert len(server.log) == 0


def test_unreachable_allowed_context_is_a_clean_finding(write: Write) -> None:
    """An allowed context that cannot be fetched is a finding, not a crash or a hang."""
    path = write("r.jsonld", record_with_context("http://127.0.0.1:9/missing.jsonld"))
    report = check(path, allow_remote_context=True, offline=False)
    assert [f.code for f in report.findings] == ["FM-SYS-004"]
    assert "Could not fetch" in report.findings[0].message, report.findings[0].message


@pytest.mark.parametrize(
    "url",
    [
        "http://schema.org",
        "https://schema.org",
        "http://schema.org/",
        "https://schema.org/",
        "https://w3id.org/ro/crate/1.1/context",
        "https://w3id.org/ro/crate/1.2/context",
    ],
)
def test_bundled_contexts_resolve_offline(url: str) -> None:
    """The schema.org and RO-Crate context URLs resolve from the package."""
    context = bundled_context(url)
    assert isinstance(context, dict)
    assert context["name"] in ("http://schema.org/name", {"@id": "schema:name"})
    report = check(
        json.dumps(
            {"@context": url, "@id": "urn:uuid:6f1c2d3e-0000-4000-8000-000000000001", "@type": "Dataset", "name": "x"}
        ),
        offline=True,
    )
    assert report.records[0].types == ("http://schema.org/Dataset",)


def test_schemaorg_context_coerces_urls_and_dates() -> None:
    """The bundled schema.org context follows the official coercions (license → IRI)."""
    context = bundled_context("https://schema.org/")
    assert context is not None
    assert context["license"] == {"@id": "schema:license", "@type": "@id"}
    assert context["dateCreated"] == {"@id": "schema:dateCreated", "@type": "Date"}
    assert context["identifier"] == {"@id": "schema:identifier"}


def test_rdflib_cannot_fetch_behind_our_back() -> None:
    """Inside no_network_fetch, rdflib's own context loader refuses URLs."""
    with no_network_fetch(), upstream_warnings_silenced(), pytest.raises(RemoteContextRefusedError):
        Graph().parse(data=record_with_context("http://127.0.0.1:9/ctx.jsonld"), format="json-ld")


def test_resolver_reports_the_urls_it_saw() -> None:
    """The resolver inlines bundled contexts and remembers which URLs the document used."""
    resolver = ContextResolver()
    inlined = resolver.inline({"@context": ["https://schema.org/", {"ex": "https://e.org/"}], "name": "x"})
    assert isinstance(inlined["@context"][0], dict)
    assert resolver.seen_urls == ["https://schema.org/"]


def test_generated_context_matches_the_official_one(corpus: Path) -> None:
    """Every schema.org term the official 30.0 context defines maps the same way in ours."""
    official = json.loads((corpus / "contexts" / "schemaorg-30.0__schemaorgcontext.jsonld").read_text())["@context"]
    ours = bundled_context("https://schema.org/")
    assert ours is not None
    compared = 0
    for term, definition in official.items():
        if isinstance(definition, dict) and str(definition.get("@id", "")).startswith("schema:") and term in ours:
            assert ours[term].get("@type") == definition.get("@type"), term
            compared += 1
    assert compared > 1000


def test_cache_warm_keeps_remote_contexts_for_offline_runs(
    server: HTTPServer, write: Write, run_cli: RunCli, tmp_path: Path
) -> None:
    """`fairmeta cache warm` fetches a remote context once; offline checks then read the kept copy."""
    server.expect_request("/warm-context.jsonld").respond_with_json(REMOTE_CONTEXT)
    url = server.url_for("/warm-context.jsonld")  # a URL no other test has fetched (and kept)
    before = len(server.log)
    path = write("r.jsonld", record_with_context(url))
    cache = tmp_path / "cache"
    refused = json.loads(run_cli("check", "--offline", "--cache-dir", cache, path, "-f", "json").stdout)
    assert [f["code"] for f in refused["findings"]] == ["FM-SYS-004"]
    warmed = run_cli("cache", "warm", "--cache-dir", cache, path)
    assert warmed.exit_code == 0 and "1 remote context(s) kept" in warmed.stdout
    assert len(server.log) == before + 1
    checked = json.loads(run_cli("check", "--offline", "--cache-dir", cache, path, "-f", "json").stdout)
    assert checked["summary"]["records"] == 1 and "FM-SYS-004" not in {f["code"] for f in checked["findings"]}
    assert len(server.log) == before + 1  # read from the kept copy, no request
    cleared = run_cli("cache", "clear", "--cache-dir", cache)
    assert re.search(r"contexts: cleared, 1 file\(s\) removed", cleared.stdout), cleared.stdout
