"""FAIR Signposting found in HTTP ``Link`` headers, HTML ``<link>`` elements and linksets.

Parsing is the ``signposting`` package's (it knows the relations: cite-as, describedby, item, type,
license, author, collection, linkset, describes); its HTML and linkset parsers are called on text
fairmeta already fetched, so every request stays fairmeta's own (bounded, routed, recorded).
``<link rel="alternate">`` to a metadata media type is read here too (not a Signposting relation,
but where many repositories point to their metadata).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from typing import Any

from fairmeta.model import Signpost

METADATA_TYPES = (
    "application/ld+json",
    "application/json+ld",
    "text/turtle",
    "application/rdf+xml",
    "application/n-triples",
    "application/vnd.datacite.datacite+json",
    "application/vnd.datacite.datacite+xml",
    "application/vnd.schemaorg.ld+json",
)


def _ours(found: Iterable[Any], where: str) -> list[Signpost]:
    out = []
    # every signpost of every context (iterating a Signposting object gives one cite-as only, and
    # only those about the document's own URL; a linkset's anchors name the landing page)
    for signpost in getattr(found, "signposts", found):
        profiles = " ".join(sorted(str(p) for p in (signpost.profiles or ())))
        out.append(
            Signpost(
                rel=str(signpost.rel.value if hasattr(signpost.rel, "value") else signpost.rel),
                target=str(signpost.target),
                media_type=str(signpost.type) if signpost.type else None,
                profile=profiles or None,
                context=str(signpost.context) if signpost.context else None,
                found_in=where,
            )
        )
    return sorted(set(out), key=lambda s: (s.rel, s.target, s.media_type or "", s.profile or ""))


def from_headers(headers: list[str], base: str) -> list[Signpost]:
    """Signposts of the ``Link`` headers of an answer (one string per header line)."""
    if not headers:
        return []
    from signposting.linkheader import find_signposting_http_link

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return _ours(find_signposting_http_link(headers, base), "Link header")
    except (ValueError, TypeError):
        return []


def from_html(text: str, base: str) -> list[Signpost]:
    """Signposts of an HTML page's ``<link>`` elements, plus ``alternate`` links to metadata."""
    from signposting.htmllinks import HTML, _parse_html

    found: list[Signpost] = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            found = _ours(_parse_html(HTML(text, "text/html", base, base)), "HTML <link>")
    except (ValueError, TypeError):
        found = []
    return found + _alternates(text, base)


def _alternates(text: str, base: str) -> list[Signpost]:
    from urllib.parse import urljoin

    from bs4 import BeautifulSoup
    from bs4.filter import SoupStrainer

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        soup = BeautifulSoup(text, "html.parser", parse_only=SoupStrainer("link"))
    out = []
    for link in soup.find_all("link"):
        rels = [str(r).lower() for r in (link.get("rel") or [])]
        kind = str(link.get("type") or "").split(";")[0].strip().lower()
        href = link.get("href")
        if "alternate" in rels and href and kind in METADATA_TYPES:
            out.append(Signpost("alternate", urljoin(base, str(href)), kind, None, base, "HTML <link>"))
    return sorted(set(out), key=lambda s: (s.target, s.media_type or ""))


def from_linkset(body: bytes, media_type: str, base: str) -> list[Signpost]:
    """Signposts of a linkset (RFC 9264), JSON (``application/linkset+json``) or text (``application/linkset``)."""
    from signposting.linkset import Linkset, LinksetJSON, _parse_linkset, _parse_linkset_json

    text = body.decode("utf-8", "replace")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if "json" in media_type or text.lstrip().startswith("{"):
                return _ours(_parse_linkset_json(LinksetJSON(text, media_type, base, base)), "linkset")
            return _ours(_parse_linkset(Linkset(text, media_type, base, base)), "linkset")
    except (ValueError, TypeError, KeyError, AttributeError):
        return []
