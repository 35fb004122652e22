"""Look a term up in the Ontology Lookup Service (OLS4 API), through the resolvers' HTTP client.

``GET {ols}/api/ontologies/{ontology}/terms?iri={iri}`` answers a page whose ``_embedded.terms``
holds the term (label, synonyms, ``is_obsolete``, ``term_replaced_by``, ``annotation.consider``);
an empty page or a 404 means the ontology has no such term. For branch expectations,
``GET {ols}/api/ontologies/{ontology}/terms/{iri, encoded twice}/ancestors`` lists the term's
``is_a`` ancestors. The answers go through the same cache, retries and per-host limits as
identifier resolution.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fairmeta.model import ResolutionOutcome
from fairmeta.resolvers.base import Query, Resolution, ask_json
from fairmeta.resolvers.http import HttpClient
from fairmeta.vocab.terms import TermInfo, canonical_id


def term_query(ols_ontology: str, iri: str) -> Query:
    """The resolver query for one term."""
    return Query("term", f"{ols_ontology} {iri}")


def ancestors_query(ols_ontology: str, iri: str) -> Query:
    """The resolver query for the ancestors of one term."""
    return Query("ancestors", f"{ols_ontology} {iri}")


def lookup_ancestors(client: HttpClient, base: str, query: Query) -> Resolution:
    """Resolve an ``ancestors`` query: verified with the ancestors' CURIEs as payload, else not
    assessed (a term OLS does not know cannot be walked up)."""
    ontology, iri = query.value.split(" ", 1)
    shown = canonical_id(iri)
    url = f"{base}/api/ontologies/{quote(ontology)}/terms/{quote(quote(iri, safe=''), safe='')}/ancestors?size=1000"
    data, settled = ask_json(client, query, "OLS", [url], {}, headers=_JSON, shown=f"the ancestors of {shown} in OLS")
    if data is None:
        assert settled is not None
        return settled
    terms = [t for t in (data.get("_embedded") or {}).get("terms") or [] if isinstance(t, dict)]
    found = frozenset(
        canonical_id(str(t.get("obo_id") or t.get("iri"))) for t in terms if t.get("obo_id") or t.get("iri")
    )
    why = f"{len(found)} ancestor(s) of {shown} in {ontology}"
    return Resolution(query, ResolutionOutcome.VERIFIED, why, (), bool(data.get("_from_cache")), found)


def lookup(client: HttpClient, base: str, query: Query) -> Resolution:
    """Resolve a ``term`` query: verified (with the term), failed (no such term), or unverifiable."""
    ontology, iri = query.value.split(" ", 1)
    shown = canonical_id(iri)
    url = f"{base}/api/ontologies/{quote(ontology)}/terms?iri={quote(iri, safe='')}"
    data, settled = ask_json(
        client, query, "OLS", [url], {404: f"is not in {ontology}"}, headers=_JSON, shown=f"{shown} in OLS"
    )
    if data is None:
        assert settled is not None
        return settled
    cached = bool(data.get("_from_cache"))
    found = [t for t in (data.get("_embedded") or {}).get("terms") or [] if isinstance(t, dict)]
    if not found:
        return Resolution(query, ResolutionOutcome.FAILED, f"{shown} is not in {ontology} (OLS)", (), cached)
    term = next((t for t in found if t.get("is_defining_ontology")), found[0])
    info = _term_info(term, shown)
    names = tuple(n for n in (info.label, *info.synonyms) if n)
    return Resolution(query, ResolutionOutcome.VERIFIED, f"{shown} is in {ontology}", names, cached, info)


_JSON = {"Accept": "application/json"}


def _strings(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    return tuple(str(v) for v in items if isinstance(v, str | int) and str(v).strip())


def _term_info(term: dict[str, Any], shown: str) -> TermInfo:
    raw = term.get("annotation")
    annotation: dict[str, Any] = raw if isinstance(raw, dict) else {}
    synonyms = list(_strings(term.get("synonyms")))
    for item in term.get("obo_synonym") or []:
        if isinstance(item, dict) and item.get("name") and item["name"] not in synonyms:
            synonyms.append(str(item["name"]))
    replaced = _strings(term.get("term_replaced_by")) or _strings(annotation.get("term replaced by"))
    return TermInfo(
        canonical_id(str(term.get("obo_id") or shown)),
        str(term["label"]) if term.get("label") else None,
        tuple(synonyms),
        bool(term.get("is_obsolete")),
        tuple(canonical_id(r) for r in replaced),
        tuple(canonical_id(c) for c in _strings(annotation.get("consider"))),
    )
