"""A loopback HTTP server that answers like the DOI handle API, ORCID, ROR and plain web servers.

Routes (all under one server; point every resolver base URL at it):
  /api/handles/<doi>            handle JSON, responseCode 1 (known) or 404 with responseCode 100
  /<doi> (Accept CSL JSON)      {"title": ...}
  /v3.0/<orcid>/person          ORCID person JSON, or 404
  /v2/organizations/<ror>       ROR v2 JSON, or 404
  /page/ok, /page/gone          200 / 404; /redirect/<n> a chain of n redirects to /page/ok
  /slow                         answers after ``slow`` seconds; /busy 429 with Retry-After once; /broken 500
  /malformed/...                200 with a body that is not JSON
  /api/ontologies/<o>/terms?iri=<iri>   OLS4: a page with the term (``ols_terms``), an empty page for an
                                unknown term, 404 for an unknown ontology; ontology ``broken`` answers 500
  /api/ontologies/<o>/terms/<iri encoded twice>/ancestors   OLS4: the term's ancestors
                                (``ols_ancestors``: IRI -> OBO ids), 404 for a term it does not know
``latency`` delays every answer; ``hits`` counts requests per path.

``older_apis`` makes it a mirror of older API forms: no handle API (404 HTML), the DOI proxy's own
302 for a known DOI; ORCID only as the whole record ``/v3.0/<orcid>``; ROR only as API v1
``/organizations/<ror>``. Paths it does not serve answer 404 with an HTML page.
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit


class FakeServices:
    """Start with ``with FakeServices() as server:``; ``server.url`` is its base URL."""

    def __init__(self, latency: float = 0.0, older_apis: bool = False) -> None:
        self.latency = latency
        self.older_apis = older_apis
        self.slow = 5.0
        self.dois: dict[str, str] = {"10.5281/zenodo.8347772": "Rain in Oslo"}
        self.orcids: dict[str, tuple[str, str]] = {"0000-0002-1825-0097": ("Josiah", "Carberry")}
        self.rors: dict[str, str] = {"01ggx4157": "European Organization for Nuclear Research"}
        self.ols_terms: dict[str, dict[str, Any]] = {}  # IRI -> OLS4 term JSON
        self.ols_ancestors: dict[str, list[str]] = {}  # IRI -> OBO ids of its is_a ancestors
        self.hits: Counter[str] = Counter()
        self.busy_once: set[str] = set()
        services = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:  # quiet
                pass

            def do_HEAD(self) -> None:
                self._answer(head=True)

            def do_GET(self) -> None:
                self._answer(head=False)

            def _send(
                self, status: int, body: Any = None, headers: dict[str, str] | None = None, head: bool = False
            ) -> None:
                data = b"" if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
                self.send_response(status)
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(0 if head else len(data)))
                self.end_headers()
                if not head:
                    self.wfile.write(data)

            def _ols(self, path: str, head: bool) -> None:
                ontology = path.split("/")[3]
                if ontology == "broken":
                    return self._send(500, None, head=head)
                route = urlsplit(path).path.split("/")
                if len(route) == 7 and route[6] == "ancestors":
                    iri = unquote(unquote(route[5]))
                    if iri not in services.ols_ancestors:
                        return self._send(404, {"error": "unknown term"}, head=head)
                    terms = [{"obo_id": obo_id, "iri": ""} for obo_id in services.ols_ancestors[iri]]
                    return self._send(200, {"_embedded": {"terms": terms}, "page": {"size": 1000}}, head=head)
                iri = parse_qs(urlsplit(path).query).get("iri", [""])[0]
                term = services.ols_terms.get(iri)
                if term is None and not any(t.get("ontology_name") == ontology for t in services.ols_terms.values()):
                    return self._send(404, {"error": "unknown ontology"}, head=head)
                page: dict[str, object] = {"page": {"size": 20, "totalElements": 0 if term is None else 1}}
                if term is not None:
                    page["_embedded"] = {"terms": [term]}
                return self._send(200, page, head=head)

            def _older(self, path: str, head: bool) -> None:
                no_page = b"<html><body>Not Found</body></html>"
                parts = path.strip("/").split("/")
                if path.startswith("/v3.0/") and len(parts) == 2 and parts[1] in services.orcids:
                    given, family = services.orcids[parts[1]]
                    person = {"name": {"given-names": {"value": given}, "family-name": {"value": family}}}
                    return self._send(200, {"orcid-identifier": {"path": parts[1]}, "person": person}, head=head)
                if path.startswith("/organizations/") and parts[1] in services.rors:
                    return self._send(200, {"name": services.rors[parts[1]], "acronyms": ["CERN"]}, head=head)
                if path.lstrip("/") in services.dois:
                    return self._send(302, None, {"Location": "/page/ok"}, head=True)
                if path == "/page/ok":
                    return self._send(200, {"ok": True}, head=head)
                return self._send(404, no_page, head=head)

            def _answer(self, head: bool) -> None:
                path = self.path
                services.hits[path] += 1
                if services.latency:
                    time.sleep(services.latency)
                if services.older_apis:
                    return self._older(path, head)
                if path.startswith("/api/handles/"):
                    handle = path[len("/api/handles/") :]
                    if handle in services.dois or handle.startswith("20.1000/"):
                        return self._send(200, {"responseCode": 1, "handle": handle}, head=head)
                    return self._send(404, {"responseCode": 100, "handle": handle}, head=head)
                if path.startswith("/v3.0/"):
                    orcid = path.split("/")[2]
                    if orcid not in services.orcids:
                        return self._send(404, {"error-code": 9016}, head=head)
                    given, family = services.orcids[orcid]
                    return self._send(
                        200, {"name": {"given-names": {"value": given}, "family-name": {"value": family}}}, head=head
                    )
                if path.startswith("/v2/organizations/"):
                    ror = path.rsplit("/", 1)[1]
                    if ror not in services.rors:
                        return self._send(404, {"errors": ["not found"]}, head=head)
                    names = [
                        {"value": services.rors[ror], "types": ["ror_display", "label"]},
                        {"value": "CERN", "types": ["acronym"]},
                    ]
                    return self._send(200, {"id": f"https://ror.org/{ror}", "names": names}, head=head)
                if path.startswith("/api/ontologies/"):
                    return self._ols(path, head)
                if path.startswith("/redirect/"):
                    left = int(path.rsplit("/", 1)[1])
                    target = "/page/ok" if left <= 1 else f"/redirect/{left - 1}"
                    return self._send(302, None, {"Location": target}, head=True)
                if path == "/page/ok":
                    return self._send(200, {"ok": True}, head=head)
                if path == "/slow":
                    time.sleep(services.slow)
                    return self._send(200, {}, head=head)
                if path == "/busy":
                    if path not in services.busy_once:
                        services.busy_once.add(path)
                        return self._send(429, None, {"Retry-After": "1"}, head=head)
                    return self._send(200, {}, head=head)
                if path.startswith("/broken"):
                    return self._send(500, None, head=head)
                if path.startswith("/malformed"):
                    return self._send(200, b"<html>not json", head=head)
                doi = path.lstrip("/")
                if doi in services.dois:
                    return self._send(200, {"title": services.dois[doi]}, head=head)
                return self._send(404, {"error": "not found"}, head=head)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeServices:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def environment(self) -> dict[str, str]:
        """Environment variables pointing every resolver at this server."""
        return {f"FAIRMETA_{s}_URL": self.url for s in ("DOI", "HANDLE", "ORCID", "ROR", "BIOREGISTRY", "OLS")}
