"""Read DataCite (JSON and XML, kernel 4) and Crossref works JSON through a crosswalk to schema.org.

Neither format is linked data, so each record is rewritten as a schema.org JSON-LD document (the
mapping is in ``datacite.py`` and ``crossref.py`` and documented in docs/crosswalks.md), which the
JSON-LD loader then parses like any other. Every generated value remembers where it came from, a
JSON Pointer into the original JSON or a line of the original XML, so findings point at the user's
file, never at the generated document. Fields the crosswalk does not carry are named in one note
(FM-SYS-009), so nothing is dropped silently.
"""

from __future__ import annotations

from typing import Any

from fairmeta.loaders.crosswalk.trail import SCHEMA_CONTEXT, Crosswalked, CrosswalkLocator, Origin, Trail

DATACITE_JSON = "datacite-json"
DATACITE_XML = "datacite-xml"
CROSSREF_JSON = "crossref-json"
CROSSWALK_FORMATS = (DATACITE_JSON, DATACITE_XML, CROSSREF_JSON)


def detect_json(document: Any) -> str | None:
    """Tell DataCite JSON or Crossref works JSON from anything else (JSON-LD, other JSON)."""
    from fairmeta.loaders.crosswalk.crossref import is_crossref
    from fairmeta.loaders.crosswalk.datacite import is_datacite

    if not isinstance(document, dict) or "@context" in document:
        return None
    if is_crossref(document):
        return CROSSREF_JSON
    if is_datacite(document):
        return DATACITE_JSON
    return None


def crosswalk_json(document: Any, kind: str) -> Crosswalked:
    """Rewrite a DataCite or Crossref JSON document as schema.org JSON-LD."""
    if kind == CROSSREF_JSON:
        from fairmeta.loaders.crosswalk.crossref import crossref_to_schemaorg

        return crossref_to_schemaorg(document)
    from fairmeta.loaders.crosswalk.datacite import datacite_to_schemaorg

    return datacite_to_schemaorg(document, Trail(lambda pointer: pointer))


__all__ = [
    "CROSSREF_JSON",
    "CROSSWALK_FORMATS",
    "DATACITE_JSON",
    "DATACITE_XML",
    "SCHEMA_CONTEXT",
    "CrosswalkLocator",
    "Crosswalked",
    "Origin",
    "Trail",
    "crosswalk_json",
    "detect_json",
]
