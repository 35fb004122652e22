"""Parse a crosswalked record like any JSON-LD document, keeping the user's file as the location."""

from __future__ import annotations

import re

from rdflib.namespace import RDF

from fairmeta.loaders.base import LoadFailure, LoadNote, Parsed
from fairmeta.loaders.contexts import ContextResolver
from fairmeta.loaders.crosswalk import Crosswalked, CrosswalkLocator
from fairmeta.loaders.jsonld import parse_jsonld_document
from fairmeta.records import JsonPointerLocator

_TOP = re.compile(r"^(?:/@graph/\d+)?$")
_LABELS = {"datacite-json": "DataCite JSON", "datacite-xml": "DataCite XML", "crossref-json": "Crossref JSON"}


def label(fmt: str) -> str:
    """How a crosswalked format is named in messages."""
    return _LABELS.get(fmt, fmt)


def parse_crosswalked(crosswalked: Crosswalked, fmt: str, base: str, resolver: ContextResolver) -> Parsed | LoadFailure:
    """The crosswalk's schema.org document as a graph whose records are the source's records."""
    if crosswalked.records == 0:
        return LoadFailure("FM-SYS-006", f"the {label(fmt)} document lists no records")
    parsed = parse_jsonld_document(crosswalked.document, base, resolver)
    if isinstance(parsed, LoadFailure):
        return parsed
    inner = parsed.locator
    assert isinstance(inner, JsonPointerLocator)
    locator = CrosswalkLocator(inner, crosswalked.origins)
    # The records are the crosswalk's top-level objects: every other node hangs off one of them,
    # so they are the typed nodes nothing points at (a record without a DOI is a blank node, which
    # the pointer locator cannot always place); ordered as in the source.
    graph = parsed.graph
    pointed_at = {o for s, _, o in graph if s != o}
    roots = []
    for node in set(graph.subjects(RDF.type, None)) - pointed_at:
        pointer = locator.generated_pointer(node)
        roots.append((pointer if pointer is not None and _TOP.match(pointer) else "", node))
    notes = []
    if crosswalked.uncarried:
        notes.append(
            LoadNote(
                "FM-SYS-009",
                f"The crosswalk from {label(fmt)} to schema.org does not carry: "
                f"{', '.join(crosswalked.uncarried)}; no check reads them.",
            )
        )
    return Parsed(
        parsed.graph,
        locator,
        fmt,
        None,  # no JSON-LD text to patch: fixes are made in the DataCite or Crossref record itself
        base,
        roots=[node for _, node in sorted(roots, key=lambda item: (_order(item[0]), str(item[1])))],
        notes=notes,
    )


def _order(pointer: str) -> int:
    return int(pointer.rsplit("/", 1)[1]) if pointer else 0
