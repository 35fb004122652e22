"""Which command-line sources are identifiers or URLs, and where harvesting each starts.

An existing local path always wins over an identifier spelled the same (the engine asks first).
DOIs and handles start at the configured proxy (``FAIRMETA_DOI_URL``, ``[resolvers] doi``, ...), so
mirrors and test servers work; the identifier itself stays the public one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

_DOI = re.compile(r"^(?:doi:\s*|https?://(?:dx\.)?doi\.org/)?(10\.\d{4,9}/\S+)$", re.IGNORECASE)
_HANDLE = re.compile(r"^(?:hdl:\s*|https?://hdl\.handle\.net/)(\d[\w.]*/\S+)$", re.IGNORECASE)
_ARK = re.compile(r"^(?:https?://n2t\.net/)?(ark:/?\d{5}/\S+)$", re.IGNORECASE)
PURL_HOSTS = frozenset(
    {"w3id.org", "purl.org", "purl.obolibrary.org", "identifiers.org", "n2t.net", "doi.org", "hdl.handle.net"}
)


@dataclass(frozen=True)
class Target:
    """A source to harvest: what the user wrote, its kind, the PID as an IRI, where to start."""

    text: str
    kind: str  # doi, handle, ark, purl, url
    pid: str | None
    start_url: str


def parse_target(text: str, bases: dict[str, str]) -> Target | None:
    """The harvest target ``text`` names, or None when it is neither an identifier nor an http(s) URL."""
    value = text.strip()
    doi = _DOI.match(value)
    if doi:
        name = doi.group(1)
        return Target(text, "doi", f"https://doi.org/{name}", f"{bases['doi']}/{quote(name, safe='/:;()._-')}")
    handle = _HANDLE.match(value)
    if handle:
        name = handle.group(1)
        return Target(text, "handle", f"https://hdl.handle.net/{name}", f"{bases['handle']}/{name}")
    ark = _ARK.match(value)
    if ark:
        name = ark.group(1) if ark.group(1).startswith("ark:/") else "ark:/" + ark.group(1)[4:]
        return Target(text, "ark", f"https://n2t.net/{name}", f"https://n2t.net/{name}")
    parts = urlsplit(value)
    if parts.scheme in ("http", "https") and parts.netloc:
        host = (parts.hostname or "").lower()
        kind = "purl" if host in PURL_HOSTS else "url"
        return Target(text, kind, value if kind == "purl" else None, value)
    return None


def looks_like_target(text: str) -> bool:
    """Cheap test before any path look-up: could this be an identifier or a URL?"""
    value = text.strip().lower()
    return value.startswith(("http://", "https://", "doi:", "hdl:", "ark:", "10.")) and " " not in value
