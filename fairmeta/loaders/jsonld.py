"""Parse JSON-LD (schema.org, Bioschemas, RO-Crate, DCAT-AP, ...) into a graph with a pointer locator."""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from typing import Any

from fairmeta._quiet import upstream_warnings_silenced
from fairmeta.files import RefusedDataError, strict_json
from fairmeta.graph import document_order_blank_nodes, new_graph
from fairmeta.loaders.base import LoadFailure, Parsed
from fairmeta.loaders.contexts import (
    ContextResolver,
    RemoteContextFailedError,
    RemoteContextRefusedError,
    bundled_context,
    no_network_fetch,
)
from fairmeta.loaders.prepared import Split, parse_prepared, split_document
from fairmeta.records import JsonPointerLocator


def parse_json_text(text: str) -> Any | LoadFailure:
    """Decode JSON, or describe on one line why it is refused: a syntax error with its position, a
    duplicate key, NaN or Infinity, a number too long to convert, or nesting deeper than
    :data:`MAX_JSON_DEPTH`."""
    try:
        return strict_json(text)
    except json.JSONDecodeError as exc:
        return LoadFailure("FM-SYS-001", f"invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})", exc.lineno)
    except RefusedDataError as exc:
        return LoadFailure("FM-SYS-001", f"invalid JSON: {exc}", fix=exc.fix)


def parse_jsonld_document(
    document: Any, base: str, resolver: ContextResolver, pointer_prefix: str = ""
) -> Parsed | LoadFailure:
    """Turn a decoded JSON-LD document into a graph; contexts are inlined first, never fetched by rdflib."""
    if not isinstance(document, (dict, list)):
        return LoadFailure("FM-SYS-006", "the JSON is a bare value, not a JSON-LD object or array", not_metadata=True)
    dropped = _terms_without_context(document)
    if dropped:
        shown = ", ".join(dropped[:5]) + (", ..." if len(dropped) > 5 else "")
        return LoadFailure(
            "FM-SYS-008",
            f"the JSON-LD document has no @context, so its properties ({shown}) have no meaning and "
            f"{_unchecked(document)} of the document went unchecked",
        )
    before = len(resolver.seen_urls)
    prepared = split_document(document)
    if prepared is not None:
        return _parse_prepared(document, prepared, base, resolver, pointer_prefix, before)
    try:
        expanded_input = resolver.inline(document)
    except RemoteContextRefusedError as exc:
        return LoadFailure(
            "FM-SYS-004",
            f"remote @context {exc.url} is not bundled and fetching it is not allowed, so "
            f"{_unchecked(document)} of the document went unchecked",
            value=exc.url,
        )
    except RemoteContextFailedError as exc:
        return LoadFailure("FM-SYS-004", f"{exc}, so {_unchecked(document)} of the document went unchecked")
    if any(bundled_context(url) is bundled_context("https://schema.org/") for url in resolver.seen_urls[before:]):
        expanded_input = keep_text_as_text(expanded_input, _iri_terms())
    graph = new_graph()
    try:
        with no_network_fetch(), upstream_warnings_silenced(), document_order_blank_nodes():
            graph.parse(data=json.dumps(expanded_input), format="json-ld", base=base)
    except RemoteContextRefusedError as exc:  # a context reference our walk did not see
        return LoadFailure("FM-SYS-004", f"remote @context {exc.url} is refused", value=exc.url)
    except RecursionError:
        return LoadFailure("FM-SYS-001", "invalid JSON-LD: nesting too deep")
    except Exception as exc:  # rdflib raises many types for malformed JSON-LD
        return LoadFailure("FM-SYS-001", f"invalid JSON-LD: {_one_line(exc)}")
    locator = JsonPointerLocator(document, base, graph, prefix=pointer_prefix, context=_top_context(expanded_input))
    return Parsed(graph, locator, "json-ld", document, base, resolver.seen_urls[before:])


def _parse_prepared(
    document: Any,
    prepared: list[Split],
    base: str,
    resolver: ContextResolver,
    pointer_prefix: str,
    before: int,
) -> Parsed | LoadFailure:
    """The same graph as the inlining path, with the bundled contexts processed once per run."""
    schema_org = bundled_context("https://schema.org/")
    if any(bundled_context(url) is schema_org for urls, _ in prepared for url in urls):
        document_in = keep_text_as_text(document, _iri_terms())
    else:
        document_in = document
    graph = new_graph()
    try:
        with no_network_fetch(), upstream_warnings_silenced(), document_order_blank_nodes():
            active = parse_prepared(document_in, prepared, graph, base, resolver)
    except RemoteContextRefusedError as exc:
        return LoadFailure("FM-SYS-004", f"remote @context {exc.url} is refused", value=exc.url)
    except RecursionError:
        return LoadFailure("FM-SYS-001", "invalid JSON-LD: nesting too deep")
    except Exception as exc:  # rdflib raises many types for malformed JSON-LD
        return LoadFailure("FM-SYS-001", f"invalid JSON-LD: {_one_line(exc)}")
    if active is not None:
        locator = JsonPointerLocator(document, base, graph, prefix=pointer_prefix, active_context=active)
    else:  # an array: each object has its own context; the locator expands keys with the first one
        urls, rest = prepared[0]
        inlined = [*(bundled_context(url) for url in urls), *rest]
        locator = JsonPointerLocator(document, base, graph, prefix=pointer_prefix, context=inlined)
    return Parsed(graph, locator, "json-ld", document, base, resolver.seen_urls[before:])


def json_objects(document: Any) -> Iterator[dict[str, Any]]:
    """Every JSON object of a decoded document, at any depth (an explicit stack: no recursion limit)."""
    todo = [document]
    while todo:
        value = todo.pop()
        if isinstance(value, list):
            todo.extend(value)
        elif isinstance(value, dict):
            yield value
            todo.extend(value.values())


def has_jsonld_keyword(document: Any) -> bool:
    """Whether a decoded JSON document uses JSON-LD anywhere (a key starting with ``@``)."""
    return any(isinstance(key, str) and key.startswith("@") for obj in json_objects(document) for key in obj)


def _terms_without_context(document: Any) -> list[str]:
    """The property names of a document that has no ``@context`` at any level (sorted), else ``[]``.

    Keywords and absolute IRIs mean the same without a context; any other key is dropped by JSON-LD
    processing. Plain JSON with no JSON-LD keyword at all is not this case (FM-SYS-006 says it).
    """
    terms: set[str] = set()
    keywords = False
    for obj in json_objects(document):
        if "@context" in obj:
            return []
        for key in obj:
            if key.startswith("@"):
                keywords = True
            elif ":" not in key:
                terms.add(key)
    return sorted(terms) if keywords else []


def _unchecked(document: Any) -> str:
    """How many node objects (the records-to-be) a document holds at its top, as words."""
    if isinstance(document, dict) and isinstance(document.get("@graph"), list):
        document = document["@graph"]
    count = sum(1 for item in document if isinstance(item, dict)) if isinstance(document, list) else 1
    return f"all {count} node object(s)" if count != 1 else "the node object"


def _top_context(document: Any) -> Any:
    """The inlined ``@context`` of the document's top-level object (or of its first object)."""
    if isinstance(document, list):
        document = next((item for item in document if isinstance(item, dict) and "@context" in item), None)
    return document.get("@context") if isinstance(document, dict) else None


@cache
def _iri_terms() -> frozenset[str]:
    """schema.org terms the official context types as ``@id`` (license, url, sameAs, ...)."""
    context = bundled_context("https://schema.org/")
    assert isinstance(context, dict)
    return frozenset(k for k, v in context.items() if isinstance(v, dict) and v.get("@type") == "@id")


def keep_text_as_text(value: Any, iri_terms: frozenset[str]) -> Any:
    """Keep free text under an ``@id``-typed schema.org term a literal (``"license": "CC BY 4.0"``).

    The schema.org context makes such a string a relative IRI, which rdflib turns into the
    document's own address: the licence text would vanish. Text with whitespace can never be an
    IRI, so it is passed on as ``{"@value": …}``; the user's file is not touched.
    """
    if isinstance(value, list):
        return [keep_text_as_text(item, iri_terms) for item in value]
    if not isinstance(value, dict):
        return value
    out: dict[str, Any] = {}
    for key, item in value.items():
        if key == "@context":
            out[key] = item
        elif key in iri_terms:
            out[key] = _wrap_text(item)
        else:
            out[key] = keep_text_as_text(item, iri_terms)
    return out


def _wrap_text(item: Any) -> Any:
    if isinstance(item, str) and any(ch.isspace() for ch in item.strip()):
        return {"@value": item}
    if isinstance(item, list):
        return [_wrap_text(i) for i in item]
    return item


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:300]
