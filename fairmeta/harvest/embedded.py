"""Metadata a landing page embeds: JSON-LD blocks (read leniently: comments and trailing commas, as
browsers and search engines accept them), microdata and RDFa, through ``extruct``.

Each item becomes a JSON-LD document the loaders read like any other.
"""

from __future__ import annotations

import json
import logging
from typing import Any

SYNTAXES = ("json-ld", "microdata", "rdfa")


def embedded_documents(html: str, base: str) -> list[tuple[str, Any]]:
    """``(syntax, JSON-LD document)`` for each embedded item, in page order per syntax."""
    extruct = _extruct()

    try:
        found = extruct.extract(html, base_url=base, syntaxes=list(SYNTAXES), uniform=True, errors="ignore")
    except Exception:
        return []
    out: list[tuple[str, Any]] = []
    for syntax in SYNTAXES:
        items = found.get(syntax.replace("-", "-"), []) or []
        if syntax == "rdfa":
            # expanded JSON-LD of every RDFa statement; the page's own <link>/<meta> noise included,
            # so only kept when it says something about a typed resource
            typed = [i for i in items if isinstance(i, dict) and i.get("@type")]
            if typed:
                out.append((syntax, items))
            continue
        for item in items:
            if isinstance(item, dict):
                if syntax == "microdata" and "@context" not in item:
                    item = {"@context": "http://schema.org/", **item}
                out.append((syntax, item))
    return out


def _extruct() -> Any:
    """extruct, imported without its side effect: pyRdfa sets the ``rdflib`` logger to ERROR when it
    is imported, which would hide rdflib's warnings from fairmeta's upstream log for the rest of the run."""
    rdflib_logger = logging.getLogger("rdflib")
    level = rdflib_logger.level
    import extruct

    rdflib_logger.setLevel(level)
    return extruct


def as_bytes(document: Any) -> bytes:
    """The document as JSON bytes, for the loaders."""
    return json.dumps(document, ensure_ascii=False).encode("utf-8")
