"""A publication's metadata from its registry: Crossref's works API, else DataCite's DOIs API.

What the monitor takes: the title, year and journal when the inputs lacked them, and the links
the metadata itself declares from the publication to shared outputs, each with its provenance:
Crossref ``relation`` entries ``is-supplemented-by`` (any DOI or URL) and ``has-related-material``
/ ``references`` (only a data repository's DOI or URL: most references are articles); DataCite
``relatedIdentifiers`` ``IsSupplementedBy`` (any), ``References``/``HasPart``/``IsDocumentedBy``
(data repositories only). Base URLs: ``FAIRMETA_CROSSREF_URL`` / ``FAIRMETA_DATACITE_URL`` or the
``[resolvers]`` table, so tests answer from loopback servers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from fairmeta.monitor.statements import identifiers_in
from fairmeta.resolvers.http import HttpClient

_CROSSREF_ANY = ("is-supplemented-by",)
_CROSSREF_DATA = ("has-related-material", "references", "is-related-material")
_DATACITE_ANY = ("IsSupplementedBy",)
_DATACITE_DATA = ("References", "HasPart", "IsDocumentedBy", "IsReferencedBy", "Requires")


@dataclass
class Metadata:
    """What a registry says of one publication."""

    registry: str  # "crossref", "datacite", or "" when neither answered
    title: str | None = None
    year: int | None = None
    journal: str | None = None
    links: list[tuple[str, str]] = field(default_factory=list)  # (output identifier, provenance)
    status: str = ""  # why nothing came back, when nothing did


def _output(value: str, any_kind: bool) -> str | None:
    """The value as an output identifier (a DOI lower case, a known repository URL); None when it
    is none (or, unless ``any_kind``, not a data or code repository's)."""
    text = value.strip()
    if text.lower().startswith(("https://doi.org/", "http://doi.org/", "http://dx.doi.org/")):
        text = text.split("doi.org/", 1)[1]
    if text.startswith("10."):
        known = identifiers_in(text)
        return text.lower() if any_kind or known else None
    found = identifiers_in(text)
    return found[0] if found else (text if any_kind and text.startswith(("http://", "https://")) else None)


def fetch_metadata(doi: str, client: HttpClient, bases: dict[str, str]) -> Metadata:
    """Crossref first, DataCite when Crossref does not know the DOI; never raises."""
    crossref = client.request(
        f"{bases['crossref']}/works/{quote(doi, safe='/')}", headers={"Accept": "application/json"}
    )
    message = (crossref.json() or {}).get("message") if crossref.status == 200 else None
    if isinstance(message, dict):
        return _from_crossref(message)
    datacite = client.request(
        f"{bases['datacite']}/dois/{quote(doi, safe='/')}", headers={"Accept": "application/json"}
    )
    data = (datacite.json() or {}).get("data") if datacite.status == 200 else None
    if isinstance(data, dict) and isinstance(data.get("attributes"), dict):
        return _from_datacite(data["attributes"])
    why = crossref.error or f"Crossref {crossref.status}, DataCite {datacite.status or datacite.error}"
    return Metadata("", status=why)


def _first(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    return str(value) if isinstance(value, (str, int)) and str(value).strip() else None


def _from_crossref(message: dict[str, Any]) -> Metadata:
    out = Metadata("crossref", title=_first(message.get("title")), journal=_first(message.get("container-title")))
    parts = (message.get("issued") or message.get("published") or {}).get("date-parts") or [[None]]
    year = parts[0][0] if parts and parts[0] else None
    out.year = year if isinstance(year, int) else None
    relations = message.get("relation") or {}
    for kind, entries in sorted(relations.items()) if isinstance(relations, dict) else []:
        if kind not in (*_CROSSREF_ANY, *_CROSSREF_DATA) or not isinstance(entries, list):
            continue
        for entry in entries:
            identifier = _output(str(entry.get("id", "")), kind in _CROSSREF_ANY) if isinstance(entry, dict) else None
            if identifier:
                out.links.append((identifier, f"crossref {kind}"))
    return out


def _from_datacite(attributes: dict[str, Any]) -> Metadata:
    titles = attributes.get("titles") or []
    title = titles[0].get("title") if titles and isinstance(titles[0], dict) else None
    year = attributes.get("publicationYear")
    container = attributes.get("container") or {}
    out = Metadata(
        "datacite",
        title=str(title) if title else None,
        year=int(str(year)) if str(year or "").isdigit() else None,
        journal=str(container.get("title")) if isinstance(container, dict) and container.get("title") else None,
    )
    for related in attributes.get("relatedIdentifiers") or []:
        if not isinstance(related, dict):
            continue
        kind = str(related.get("relationType", ""))
        if kind not in (*_DATACITE_ANY, *_DATACITE_DATA):
            continue
        identifier = _output(str(related.get("relatedIdentifier", "")), kind in _DATACITE_ANY)
        if identifier:
            out.links.append((identifier, f"datacite {kind}"))
    return out
