"""Identifiers of DataCite and Crossref records as the IRIs schema.org records use.

A DOI is written ``10.5281/zenodo.1`` in DataCite, ``https://doi.org/10.5281/zenodo.1`` in JSON-LD;
an ORCID ``0000-0002-…`` or ``https://orcid.org/0000-0002-…``. Only schemes with one well-known
resolver become IRIs; any other identifier is kept as a ``PropertyValue`` with its scheme, so it is
still stated, just not linked.
"""

from __future__ import annotations

import re
from typing import Any

_DOI = re.compile(r"^(?:doi:|https?://(?:dx\.)?doi\.org/)?(10\.\d{4,9}/\S+)$", re.I)
_UNSAFE_IN_IRI = re.compile(r'[<>"{}|\\^`#?%\s]')
_BARE_ORCID = re.compile(r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$")
_BARE_ROR = re.compile(r"^0[a-hj-km-np-tv-z0-9]{6}\d{2}$")

# scheme (lower case) -> IRI template for the bare identifier
_RESOLVERS = {
    "handle": "https://hdl.handle.net/{}",
    "arxiv": "https://arxiv.org/abs/{}",
    "pmid": "https://pubmed.ncbi.nlm.nih.gov/{}",
    "pmcid": "https://www.ncbi.nlm.nih.gov/pmc/articles/{}",
    "ark": "https://n2t.net/{}",
    "orcid": "https://orcid.org/{}",
    "ror": "https://ror.org/{}",
    "isni": "https://isni.org/isni/{}",
    "crossref funder id": "https://doi.org/{}",
    "rrid": "https://scicrunch.org/resolver/{}",
}


def doi_iri(value: object) -> str | None:
    """``https://doi.org/…`` for a DOI in any of its written forms, else ``None``."""
    if not isinstance(value, str):
        return None
    match = _DOI.match(value.strip())
    if match is None:
        return None
    # SICI-style DOIs hold <, >, # and other characters an IRI cannot: written percent-encoded, as
    # the DOI Handbook asks of DOIs in URLs, so the statement is kept instead of dropped (FM-I1-001).
    return "https://doi.org/" + _UNSAFE_IN_IRI.sub(lambda m: f"%{ord(m.group(0)):02X}", match.group(1))


def pid_iri(value: object, scheme: object = None) -> str | None:
    """The IRI of an identifier given with its scheme (``("0000-0002-…", "ORCID")``), or ``None``."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    kind = scheme.strip().lower() if isinstance(scheme, str) else ""
    if text.startswith(("https://", "http://")):
        return text
    if kind in ("doi", "crossref funder id") or (not kind and _DOI.match(text)):
        return doi_iri(text) or (doi_iri(f"10.13039/{text}") if kind == "crossref funder id" else None)
    if kind == "arxiv":
        text = re.sub(r"^arxiv:", "", text, flags=re.I)
    if kind == "ark" and not text.lower().startswith("ark:"):
        text = f"ark:{text}"
    if kind == "rrid" and not text.upper().startswith("RRID:"):
        text = f"RRID:{text}"
    if not kind:
        kind = "orcid" if _BARE_ORCID.match(text) else "ror" if _BARE_ROR.match(text) else ""
    template = _RESOLVERS.get(kind)
    if template is not None:
        return template.format(text.replace(" ", ""))
    if kind in ("url", "purl", "w3id") or text.startswith(("urn:", "info:", "ftp://")):
        return text if ":" in text else None
    return None


def property_value(value: str, scheme: object) -> dict[str, Any]:
    """An identifier that has no IRI, with its scheme: ``{"@type": "PropertyValue", …}``."""
    out: dict[str, Any] = {"@type": "PropertyValue", "value": value.strip()}
    if isinstance(scheme, str) and scheme.strip():
        out["propertyID"] = scheme.strip()
    return out


def identifier_value(value: object, scheme: object = None) -> Any:
    """An identifier as schema.org states it: its IRI when it has one, else a ``PropertyValue``."""
    if not isinstance(value, (str, int)) or not str(value).strip():
        return None
    iri = pid_iri(str(value), scheme)
    return iri if iri is not None else property_value(str(value), scheme)
