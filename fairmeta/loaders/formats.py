"""Decide the syntax of a source: from ``--input-format``, the file extension, or its first bytes."""

from __future__ import annotations

import re
from pathlib import PurePath

from fairmeta.errors import UsageError

# Canonical format names; values are rdflib parser names where rdflib parses them directly.
FORMATS = (
    "json-ld",
    "turtle",
    "nt",
    "nquads",
    "trig",
    "xml",
    "n3",
    "html",
    "csv",
    "tsv",
    "xlsx",
    "datacite",
    "crossref",
)

_ALIASES = {
    "jsonld": "json-ld",
    "json-ld": "json-ld",
    "json": "json-ld",
    "turtle": "turtle",
    "ttl": "turtle",
    "nt": "nt",
    "ntriples": "nt",
    "n-triples": "nt",
    "nq": "nquads",
    "nquads": "nquads",
    "n-quads": "nquads",
    "trig": "trig",
    "xml": "xml",
    "rdfxml": "xml",
    "rdf/xml": "xml",
    "rdf": "xml",
    "owl": "xml",
    "n3": "n3",
    "html": "html",
    "htm": "html",
    "csv": "csv",
    "tsv": "tsv",
    "tab": "tsv",
    "xlsx": "xlsx",
    # Read through the crosswalk to schema.org (docs/crosswalks.md); JSON or XML, told by the content.
    # Without --input-format, DataCite and Crossref records are recognised by their fields.
    "datacite": "datacite",
    "datacite-json": "datacite",
    "datacite-xml": "datacite",
    "crossref": "crossref",
    "crossref-json": "crossref",
}

# Extensions that name their syntax. ".json" and unknown extensions are sniffed.
_BY_EXTENSION = {
    ".jsonld": "json-ld",
    ".json-ld": "json-ld",
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".nt": "nt",
    ".nq": "nquads",
    ".trig": "trig",
    ".rdf": "xml",
    ".owl": "xml",
    ".n3": "n3",
    ".html": "html",
    ".htm": "html",
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".xlsx": "xlsx",
}
TABULAR_EXTENSIONS = frozenset({".csv", ".tsv", ".tab", ".xlsx"})

# What a directory walk picks up: every extension above, plus the sniffed ones.
METADATA_EXTENSIONS = (frozenset(_BY_EXTENSION) - TABULAR_EXTENSIONS) | {".json", ".xml"}

_TURTLE_START = re.compile(r"^\s*(@prefix|@base|prefix\s|base\s|<[^>]*>\s*<|<[^>]*>\s*a\s|\[|_:)", re.I)
_NQUAD_LINE = re.compile(r"^\s*(<[^>]*>|_:\S+)\s+<[^>]*>\s+.+\s+(<[^>]*>|_:\S+)\s*\.\s*$")


def normalise_format(name: str) -> str:
    """Return the canonical name of a user-given format, or raise :class:`UsageError`."""
    canonical = _ALIASES.get(name.strip().lower())
    if canonical is None:
        choices = ", ".join(sorted(set(_ALIASES)))
        raise UsageError(f"unknown input format {name!r} (choose from: {choices})")
    return canonical


def format_from_extension(path: str) -> str | None:
    """Return the format an extension names, or ``None`` when the content must decide."""
    return _BY_EXTENSION.get(PurePath(path).suffix.lower())


def sniff(text: str) -> str | None:
    """Guess the syntax from the start of the text; ``None`` when nothing fits."""
    head = text.lstrip("\ufeff \t\r\n")[:4096]
    if head.startswith(("{", "[")):
        return "json-ld"
    if head.startswith("<"):
        lowered = head.lower()
        if "<html" in lowered or "<!doctype html" in lowered or re.match(r"<script[^>]*ld\+json", lowered):
            return "html"
        if lowered.startswith(("<?xml", "<rdf:rdf", "<!doctype", "<!--")) or "xmlns" in lowered:
            return "xml"
        first = head.splitlines()[0] if head else ""
        if _NQUAD_LINE.match(first):
            return "nquads"
    if _TURTLE_START.match(head):
        return "turtle"
    return None
