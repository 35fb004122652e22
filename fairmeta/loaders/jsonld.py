"""Parse JSON-LD (schema.org, Bioschemas, RO-Crate, DCAT-AP, ...) into a graph with a pointer locator."""

from __future__ import annotations

import json
from typing import Any

from rdflib import Graph

from fairmeta._quiet import upstream_warnings_silenced
from fairmeta.loaders.base import LoadFailure, Parsed
from fairmeta.loaders.contexts import (
    ContextResolver,
    RemoteContextFailedError,
    RemoteContextRefusedError,
    no_network_fetch,
)
from fairmeta.records import JsonPointerLocator


def parse_json_text(text: str) -> Any | LoadFailure:
    """Decode JSON, or describe the syntax error on one line with its position."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        return LoadFailure("FM-SYS-001", f"invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})", exc.lineno)
    except RecursionError:
        return LoadFailure("FM-SYS-001", "invalid JSON: nesting too deep")


def parse_jsonld_document(
    document: Any, base: str, resolver: ContextResolver, pointer_prefix: str = ""
) -> Parsed | LoadFailure:
    """Turn a decoded JSON-LD document into a graph; contexts are inlined first, never fetched by rdflib."""
    if not isinstance(document, (dict, list)):
        return LoadFailure("FM-SYS-006", "the JSON is a bare value, not a JSON-LD object or array")
    before = len(resolver.seen_urls)
    try:
        expanded_input = resolver.inline(document)
    except RemoteContextRefusedError as exc:
        return LoadFailure(
            "FM-SYS-004",
            f"remote @context {exc.url} is not bundled and fetching it is not allowed",
            value=exc.url,
        )
    except RemoteContextFailedError as exc:
        return LoadFailure("FM-SYS-004", str(exc))
    graph = Graph()
    try:
        with no_network_fetch(), upstream_warnings_silenced():
            graph.parse(data=json.dumps(expanded_input), format="json-ld", base=base)
    except RemoteContextRefusedError as exc:  # a context reference our walk did not see
        return LoadFailure("FM-SYS-004", f"remote @context {exc.url} is refused", value=exc.url)
    except RecursionError:
        return LoadFailure("FM-SYS-001", "invalid JSON-LD: nesting too deep")
    except Exception as exc:  # rdflib raises many types for malformed JSON-LD
        return LoadFailure("FM-SYS-001", f"invalid JSON-LD: {_one_line(exc)}")
    locator = JsonPointerLocator(document, base, graph, prefix=pointer_prefix)
    return Parsed(graph, locator, "json-ld", document, base, resolver.seen_urls[before:])


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:300]
