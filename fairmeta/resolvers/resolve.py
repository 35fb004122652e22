"""Resolve identifiers through the services that run them and fetch the names to compare.

Outcomes are three: ``verified`` (it resolves), ``failed`` (the service says it does not exist),
``unverifiable`` (no usable answer: network error, timeout, 429 or 5xx after retries, a malformed
answer). Only ``failed`` is a finding against the record.

Every service's base URL is configurable (``resolvers`` table or environment), for mirrors and
for tests:

==============  ==========================  =====================================================
service         default                     environment variable
==============  ==========================  =====================================================
doi             https://doi.org             FAIRMETA_DOI_URL (handle API and CSL-JSON metadata)
handle          https://hdl.handle.net      FAIRMETA_HANDLE_URL
orcid           https://pub.orcid.org       FAIRMETA_ORCID_URL (public API v3.0)
ror             https://api.ror.org         FAIRMETA_ROR_URL (API v2)
bioregistry     https://bioregistry.io      FAIRMETA_BIOREGISTRY_URL (CURIE resolution)
ols             https://www.ebi.ac.uk/ols4  FAIRMETA_OLS_URL (ontology terms, OLS4 API)
crossref        https://api.crossref.org    FAIRMETA_CROSSREF_URL (the monitor: works and their relations)
datacite        https://api.datacite.org    FAIRMETA_DATACITE_URL (the monitor: DOIs and their related identifiers)
openalex        https://api.openalex.org    FAIRMETA_OPENALEX_URL (the monitor: works of a ROR id or an ORCID iD)
europepmc       …/europepmc/webservices/rest FAIRMETA_EUROPEPMC_URL (the monitor: PMCIDs, open-access full texts)
==============  ==========================  =====================================================
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import quote

from fairmeta.model import ResolutionOutcome
from fairmeta.resolvers.base import Query, Resolution, ask_json, unverifiable
from fairmeta.resolvers.http import HttpClient

DEFAULT_ENDPOINTS = {
    "doi": "https://doi.org",
    "handle": "https://hdl.handle.net",
    "orcid": "https://pub.orcid.org",
    "ror": "https://api.ror.org",
    "bioregistry": "https://bioregistry.io",
    "ols": "https://www.ebi.ac.uk/ols4",
    "crossref": "https://api.crossref.org",  # the monitor: publication metadata and its relations
    "datacite": "https://api.datacite.org",
    "openalex": "https://api.openalex.org",  # the monitor: an organisation's or person's works
    "europepmc": "https://www.ebi.ac.uk/europepmc/webservices/rest",  # the monitor: open-access full texts
}


def endpoints(configured: dict[str, str] | None = None) -> dict[str, str]:
    """Base URLs: configuration first, then ``FAIRMETA_<SERVICE>_URL``, then the public services."""
    out = {}
    for service, default in DEFAULT_ENDPOINTS.items():
        value = (configured or {}).get(service) or os.environ.get(f"FAIRMETA_{service.upper()}_URL") or default
        out[service] = value.rstrip("/")
    return out


class Resolver:
    """Resolves queries with one HTTP client, concurrently, each distinct query once."""

    def __init__(self, client: HttpClient, bases: dict[str, str]) -> None:
        self.client = client
        self.bases = bases

    def resolve_all(self, queries: Iterable[Query]) -> dict[Query, Resolution]:
        """Resolve every distinct query; ``workers`` at a time."""
        distinct = list(dict.fromkeys(queries))
        if not distinct:
            return {}
        if self.client.settings.cache_only:  # SQLite reads only: threads would just fight over the GIL
            return {query: self.resolve(query) for query in distinct}
        with ThreadPoolExecutor(max_workers=max(1, min(self.client.settings.workers, len(distinct)))) as pool:
            return dict(zip(distinct, pool.map(self.resolve, distinct), strict=True))

    def resolve(self, query: Query) -> Resolution:
        """Resolve one query; never raises."""
        try:
            method = getattr(self, f"_{query.scheme}")
            resolution: Resolution = method(query)
            return resolution
        except Exception as exc:  # a resolver bug must not end the run: the identifier is just not assessed
            return Resolution(query, ResolutionOutcome.UNVERIFIABLE, f"resolver error: {type(exc).__name__}: {exc}")

    # --- services -------------------------------------------------------------------------------

    def _handle_api(self, query: Query, base: str, name: str) -> Resolution:
        data, settled = ask_json(
            self.client,
            query,
            name,
            [f"{base}/api/handles/{quote(query.value, safe='/')}"],
            {404: "is not registered"},
            no_api=lambda failed: self._proxy_says(query, base, name, failed),
        )
        if settled is not None:
            return settled
        assert data is not None
        cached = bool(data.get("_from_cache"))
        if "responseCode" not in data:
            return Resolution(
                query,
                ResolutionOutcome.UNVERIFIABLE,
                f"the handle API at {base} gave an answer that is not handle JSON",
            )
        if data["responseCode"] != 1:
            why = f"{name} {query.value} is not registered (responseCode {data['responseCode']})"
            return Resolution(query, ResolutionOutcome.FAILED, why, (), cached)
        return Resolution(query, ResolutionOutcome.VERIFIED, f"{name} {query.value} is registered", (), cached)

    def _proxy_says(self, query: Query, base: str, name: str, api_said: Resolution) -> Resolution:
        """No handle API at ``base`` (a 404 that is not handle JSON): the proxy's own answer settles
        it, a redirect for what is registered."""
        answer = self.client.request(f"{base}/{quote(query.value, safe='/')}", method="HEAD", follow=False)
        if 200 <= answer.status < 400:
            why = f"{name} {query.value} is registered ({base} answers {answer.status})"
            return Resolution(query, ResolutionOutcome.VERIFIED, why, (), answer.from_cache)
        if answer.status in (404, 410):
            return api_said
        return unverifiable(query, answer)

    def _doi(self, query: Query) -> Resolution:
        base = self.bases["doi"]
        found = self._handle_api(query, base, "DOI")
        if found.outcome != ResolutionOutcome.VERIFIED or not query.metadata:
            return found
        answer = self.client.request(
            f"{base}/{quote(query.value, safe='/')}", headers={"Accept": "application/vnd.citationstyles.csl+json"}
        )
        data = answer.json() if answer.status == 200 else None
        title = data.get("title") if isinstance(data, dict) else None
        if isinstance(title, list):
            title = title[0] if title else None
        names = (str(title),) if title else ()
        return Resolution(
            query, ResolutionOutcome.VERIFIED, found.detail, names, found.from_cache and answer.from_cache
        )

    def _handle(self, query: Query) -> Resolution:
        return self._handle_api(query, self.bases["handle"], "Handle")

    def _orcid(self, query: Query) -> Resolution:
        base = self.bases["orcid"]
        data, settled = ask_json(
            self.client,
            query,
            "ORCID iD",
            [f"{base}/v3.0/{query.value}/person", f"{base}/v3.0/{query.value}"],
            {404: "does not exist", 410: "does not exist", 409: "is deactivated or locked"},
            headers={"Accept": "application/json"},
        )
        if settled is not None:
            return settled
        assert data is not None
        record_person = data.get("person")  # asked for the whole record: the person part of it
        person: dict[str, Any] = record_person if isinstance(record_person, dict) else data
        name = person.get("name") or {}
        given = _value(name.get("given-names"))
        family = _value(name.get("family-name"))
        names = [" ".join(p for p in (given, family) if p)]
        names.append(_value(name.get("credit-name")))
        for other in (person.get("other-names") or {}).get("other-name") or []:
            names.append(_value(other.get("content") if isinstance(other, dict) else None))
        found = tuple(n for n in names if n)
        return Resolution(
            query, ResolutionOutcome.VERIFIED, f"ORCID iD {query.value} exists", found, bool(data.get("_from_cache"))
        )

    def _ror(self, query: Query) -> Resolution:
        base = self.bases["ror"]
        data, settled = ask_json(
            self.client,
            query,
            "ROR id",
            [f"{base}/v2/organizations/{query.value}", f"{base}/organizations/{query.value}"],
            {404: "does not exist", 410: "does not exist"},
        )
        if settled is not None:
            return settled
        assert data is not None
        names = [n.get("value") for n in data.get("names") or [] if isinstance(n, dict)]  # API v2
        names += [data.get("name"), *(data.get("aliases") or []), *(data.get("acronyms") or [])]  # API v1
        names += [label.get("label") for label in data.get("labels") or [] if isinstance(label, dict)]
        found = tuple(str(n) for n in names if n)
        return Resolution(
            query, ResolutionOutcome.VERIFIED, f"ROR id {query.value} exists", found, bool(data.get("_from_cache"))
        )

    def _term(self, query: Query) -> Resolution:
        from fairmeta.resolvers.ols import lookup

        return lookup(self.client, self.bases["ols"], query)

    def _ancestors(self, query: Query) -> Resolution:
        from fairmeta.resolvers.ols import lookup_ancestors

        return lookup_ancestors(self.client, self.bases["ols"], query)

    def _curie(self, query: Query) -> Resolution:
        return self._url(Query("url", f"{self.bases['bioregistry']}/{query.value}"), query)

    def _url(self, query: Query, shown: Query | None = None) -> Resolution:
        asked = shown or query
        answer = self.client.request(query.value, method="HEAD")
        if answer.status in (400, 403, 405, 501):
            answer = self.client.request(query.value)  # some servers refuse HEAD; GET is the real test
        if 200 <= answer.status < 300:
            return Resolution(
                asked, ResolutionOutcome.VERIFIED, f"{query.value} answers HTTP {answer.status}", (), answer.from_cache
            )
        if answer.status in (404, 410):
            return Resolution(
                asked, ResolutionOutcome.FAILED, f"{query.value} answers HTTP {answer.status}", (), answer.from_cache
            )
        if answer.status in (401, 403):
            return Resolution(
                asked, ResolutionOutcome.UNVERIFIABLE, f"{query.value} needs authorisation (HTTP {answer.status})"
            )
        if 400 <= answer.status < 500 and answer.status != 429:
            return Resolution(
                asked, ResolutionOutcome.FAILED, f"{query.value} answers HTTP {answer.status}", (), answer.from_cache
            )
        return unverifiable(asked, answer)


def _value(item: object) -> str:
    if isinstance(item, dict):
        return str(item.get("value") or "").strip()
    return str(item or "").strip()
