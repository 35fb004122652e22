"""Classify identifiers (DOI, handle, ARK, PURL, w3id, URN, identifiers.org, ORCID, ROR, ISNI,
Wikidata, UUID, URL) and check their syntax offline, including the ORCID/ISNI (ISO 7064 MOD 11-2)
and ROR check digits, which idutils does not verify.

This is the offline core the F1 metrics need; resolution and metadata cross-checks are separate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DOI_CORE = re.compile(r"^10\.\d{4,9}/\S+$")
_DOI_FORMS = re.compile(r"^(?:doi:\s*|https?://(?:dx\.)?doi\.org/|https?://doi\.org/)(.+)$", re.I)
_UUID = re.compile(r"^(?:urn:uuid:)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)
_HASH = re.compile(r"^(?:sha(?:1|256|512)|md5)?:?[0-9a-f]{32,128}$", re.I)
_ORCID = re.compile(r"^(?:https?://orcid\.org/)?(\d{4}-\d{4}-\d{4}-\d{3}[\dX])$")
_ROR = re.compile(r"^(?:https?://(?:www\.)?ror\.org/)?(0[a-hj-km-np-tv-z0-9]{6}\d{2})$", re.I)
_ISNI = re.compile(r"^(?:https?://(?:www\.)?isni\.org/isni/|isni:?\s*)?(\d{4}\s?\d{4}\s?\d{4}\s?\d{3}[\dX])$", re.I)
_WIKIDATA = re.compile(r"^(?:https?://(?:www\.)?wikidata\.org/(?:wiki|entity)/|wd:)(Q\d+)$")
_CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz"
# hosts whose path must be exactly one identifier of the scheme (a bad path is a malformed PID)
_STRICT_HOSTS = {"orcid.org": "orcid", "www.orcid.org": "orcid", "ror.org": "ror", "www.ror.org": "ror"}
_PID_HOSTS = {
    "hdl.handle.net": "handle",
    "n2t.net": "ark",
    "purl.org": "purl",
    "purl.obolibrary.org": "purl",
    "w3id.org": "w3id",
    "identifiers.org": "identifiers.org",
    "orcid.org": "orcid",
    "ror.org": "ror",
    "isni.org": "isni",
    "www.wikidata.org": "wikidata",
    "arxiv.org": "arxiv",
}


@dataclass(frozen=True)
class Identifier:
    """What an identifier string is.

    :param scheme: ``doi``, ``handle``, ``ark``, ``purl``, ``w3id``, ``urn``, ``identifiers.org``,
        ``orcid``, ``ror``, ``isni``, ``wikidata``, ``uuid``, ``hash``, ``url``, ``iri`` or ``text``.
    :param persistent: the scheme is a persistent-identifier system.
    :param valid: the syntax (and check digit, where there is one) is right.
    :param canonical: the canonical form (``https://doi.org/10.…``) when it differs from the input.
    :param problem: why it is not valid, in a few words.
    """

    value: str
    scheme: str
    persistent: bool
    valid: bool
    canonical: str | None = None
    problem: str | None = None


def orcid_checksum_ok(orcid: str) -> bool:
    """ISO 7064 MOD 11-2 check digit of an ORCID or ISNI (16 characters, dashes ignored)."""
    digits = orcid.replace("-", "")
    total = 0
    for char in digits[:-1]:
        total = (total + int(char)) * 2
    result = (12 - total % 11) % 11
    expected = "X" if result == 10 else str(result)
    return digits[-1].upper() == expected


def ror_checksum_ok(ror: str) -> bool:
    """The ROR check digits: 98 - (n * 100 mod 97) of the first seven characters read as Crockford base32."""
    number = 0
    for char in ror[:7].lower():
        number = number * 32 + _CROCKFORD.index(char)
    return f"{98 - (number * 100) % 97:02d}" == ror[7:]


def classify(value: str) -> Identifier:
    """Classify an identifier string and check its syntax."""
    text = value.strip()
    doi = _DOI_FORMS.match(text)
    if doi or text.startswith("10."):
        core = doi.group(1) if doi else text
        canonical = "https://doi.org/" + core
        if not _DOI_CORE.match(core):
            return Identifier(text, "doi", True, False, None, "not a DOI: expected 10.<4-9 digits>/<suffix>")
        return Identifier(text, "doi", True, True, canonical if canonical != text else None)
    orcid = _ORCID.match(text)
    if orcid:
        ok = orcid_checksum_ok(orcid.group(1))
        canonical = "https://orcid.org/" + orcid.group(1)
        return Identifier(
            text,
            "orcid",
            True,
            ok,
            canonical if canonical != text else None,
            None if ok else "ORCID check digit is wrong",
        )
    ror = _ROR.match(text)
    if ror:
        ok = ror_checksum_ok(ror.group(1))
        canonical = "https://ror.org/" + ror.group(1).lower()
        return Identifier(
            text,
            "ror",
            True,
            ok,
            canonical if canonical != text else None,
            None if ok else "ROR check digits are wrong",
        )
    isni = _ISNI.match(text)  # dashes mean ORCID (matched above); ISNI is written with spaces or none
    if isni:
        digits = isni.group(1).replace(" ", "").upper()
        ok = orcid_checksum_ok(digits)
        canonical = "https://isni.org/isni/" + digits
        problem = None if ok else "ISNI check digit is wrong"
        return Identifier(text, "isni", True, ok, canonical if canonical != text else None, problem)
    wikidata = _WIKIDATA.match(text)
    if wikidata:
        canonical = "https://www.wikidata.org/wiki/" + wikidata.group(1)
        return Identifier(text, "wikidata", True, True, canonical if canonical != text else None)
    if _UUID.match(text):
        return Identifier(text, "uuid", False, True)
    lowered = text.lower()
    if lowered.startswith("ark:"):
        return Identifier(text, "ark", True, bool(re.match(r"^ark:/?\d{5,}/\S+$", text, re.I)))
    if lowered.startswith("hdl:"):
        return Identifier(text, "handle", True, bool(re.match(r"^hdl:\s*[\d.]+/\S+$", text, re.I)))
    if lowered.startswith("urn:"):
        ok = bool(re.match(r"^urn:[a-z0-9][a-z0-9-]{0,31}:\S+$", text, re.I))
        return Identifier(text, "urn", lowered.startswith(("urn:nbn:", "urn:doi:", "urn:lsid:")), ok)
    if lowered.startswith(("http://", "https://")):
        host = lowered.split("/", 3)[2].split(":")[0] if lowered.count("/") >= 2 else ""
        if host in _STRICT_HOSTS:
            what = _STRICT_HOSTS[host]
            expected = "0000-0000-0000-000X" if what == "orcid" else "0 + 6 characters + 2 check digits"
            return Identifier(text, what, True, False, None, f"not an {what.upper()} iD: expected {expected}")
        scheme = _PID_HOSTS.get(host)
        if scheme == "ark" and "/ark:" not in lowered:
            scheme = None
        if scheme:
            path = text.split("/", 3)[3] if text.count("/") >= 3 else ""
            return Identifier(
                text, scheme, True, bool(path.strip("/")), None, None if path.strip("/") else "empty path"
            )
        return Identifier(text, "url", False, " " not in text)
    if re.match(r"^[a-z][a-z0-9+.-]*:\S+$", lowered):
        return Identifier(text, "iri", False, True)
    if _HASH.match(text):
        return Identifier(text, "hash", False, True)
    return Identifier(text, "text", False, False, None, "not an IRI, URL, UUID or persistent identifier")


def is_unique_identifier(identifier: Identifier) -> bool:
    """F-UJI's 'unique identifier' syntaxes: IRI/URL, UUID, hash, or any PID."""
    return identifier.valid and identifier.scheme != "text"
