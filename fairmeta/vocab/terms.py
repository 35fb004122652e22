"""Read an ontology-term reference (CURIE or IRI) against the Bioregistry snapshot.

Accepted forms: ``UBERON:0000467``; OBO PURLs ``http://purl.obolibrary.org/obo/UBERON_0000467``;
identifiers.org (``https://identifiers.org/uberon:0000467``, legacy ``…/taxonomy/9606``),
bioregistry.io and n2t.net IRIs; and any IRI under a URI prefix the Bioregistry lists
(``http://edamontology.org/topic_0091``). The canonical CURIE and IRI are computed by ``curies``
from the registry's record of the prefix, which also proves the round trip IRI -> CURIE -> IRI.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from fairmeta.vocab.registry import Prefix, prefix_entry, split_iri

if TYPE_CHECKING:
    import curies

_CURIE = re.compile(r"^([A-Za-z][A-Za-z0-9._-]*):(\S+)$")
_RESOLVER_IRI = re.compile(r"^https?://(?:identifiers\.org|bioregistry\.io|n2t\.net)/([A-Za-z][\w.-]*)[:/](\S+)$", re.I)
_OBO_PURL = re.compile(r"^https?://purl\.obolibrary\.org/obo/([A-Za-z][A-Za-z0-9.-]*)_(\S+)$")
# URI schemes and identifier schemes that are not ontology prefixes
_NOT_PREFIXES = frozenset(
    [
        "http",
        "https",
        "urn",
        "mailto",
        "tel",
        "data",
        "file",
        "ftp",
        "doi",
        "hdl",
        "ark",
        "isbn",
        "issn",
        "geo",
        "info",
        "tag",
        "did",
        "sha256",
        "md5",
        "javascript",
        "about",
        "blob",
        "ws",
        "wss",
        "ssh",
        "git",
        "news",
    ]
)


@dataclass(frozen=True)
class TermId:
    """A term reference as written, and what the registry makes of it."""

    written: str
    prefix: str  # the prefix as written (or as found in the IRI)
    local: str
    entry: Prefix | None  # None: the prefix is not registered
    form: str  # curie | obo-purl | resolver-iri | iri

    @property
    def curie(self) -> str | None:
        """The canonical CURIE (registry's preferred prefix), when the prefix is registered."""
        if self.entry is None:
            return None
        return canonical_forms(self.entry, self.local)[0]

    @property
    def iri(self) -> str | None:
        """The canonical IRI, when the prefix is registered and has a URI format."""
        if self.entry is None:
            return None
        return canonical_forms(self.entry, self.local)[1]

    @property
    def pattern_ok(self) -> bool:
        """The local id matches the prefix's pattern (True when the registry gives no pattern)."""
        if self.entry is None or not self.entry.pattern:
            return True
        return re.fullmatch(self.entry.pattern, self.local) is not None


def looks_like_curie(text: str) -> bool:
    """``prefix:local`` with a prefix that is not a URI scheme (``urn:``, ``mailto:``, ``doi:`` ...)."""
    match = _CURIE.match(text)
    if match is None:
        return False
    return match.group(1).lower() not in _NOT_PREFIXES and not match.group(2).startswith("//")


@lru_cache(maxsize=65536)  # a sheet repeats a few terms on every row
def parse_term(text: str) -> TermId | None:
    """The term reference ``text`` names, or None when it is not one (a plain web page, free text)."""
    text = text.strip()
    obo = _OBO_PURL.match(text)
    if obo:
        return _make(text, obo.group(1), obo.group(2), "obo-purl")
    resolver = _RESOLVER_IRI.match(text)
    if resolver:
        return _make(text, resolver.group(1), resolver.group(2), "resolver-iri")
    if text.startswith(("http://", "https://")):
        if "purl.obolibrary.org/obo/" in text:
            return None  # not PREFIX_ID: an ontology's own IRI (…/obo/mp.owl), not a term
        found = split_iri(text)
        if found is None:
            return None
        entry, local = found
        return TermId(text, entry.preferred, local, entry, "iri")
    if looks_like_curie(text):
        match = _CURIE.match(text)
        assert match is not None
        return _make(text, match.group(1), match.group(2), "curie")
    return None


def _make(text: str, prefix: str, local: str, form: str) -> TermId:
    entry = prefix_entry(prefix)
    if entry is not None and local.lower().startswith(entry.preferred.lower() + ":"):
        local = local.split(":", 1)[1]  # a "banana" (GO:GO:0005634 in legacy identifiers.org IRIs)
    return TermId(text, prefix, local, entry, form)


@cache
def _converter(entry: Prefix) -> curies.Converter:
    """A one-prefix converter (building one for all 2,000 prefixes costs 0.6 s; a run needs few)."""
    import curies

    synonyms = sorted({entry.prefix} - {entry.preferred})
    uri_prefix = entry.uri_prefix or f"https://bioregistry.io/{entry.prefix}:"
    others = sorted(set(entry.uri_prefixes) - {uri_prefix})
    return curies.Converter(
        [
            curies.Record(
                prefix=entry.preferred,
                uri_prefix=uri_prefix,
                prefix_synonyms=synonyms,
                uri_prefix_synonyms=others,
            )
        ]
    )


def canonical_forms(entry: Prefix, local: str) -> tuple[str, str]:
    """``(CURIE, IRI)`` in the registry's canonical form, checked by a round trip through curies."""
    forms = _round_trip(entry, local)
    if isinstance(forms, str):
        raise ValueError(forms)
    return forms


@lru_cache(maxsize=65536)
def _round_trip(entry: Prefix, local: str) -> tuple[str, str] | str:
    """The canonical forms, or why the round trip fails (cached either way: lru_cache keeps no errors)."""
    converter = _converter(entry)
    curie = f"{entry.preferred}:{local}"
    iri = converter.expand(curie, strict=True)
    back = converter.compress(iri, strict=True)
    if back != curie:  # the registry's URI format cannot carry this local id (a '/' in it, say)
        return f"{curie} does not survive the round trip through its URI prefix ({iri} -> {back})"
    return curie, iri


@dataclass(frozen=True)
class TermInfo:
    """What an ontology says about one term."""

    id: str  # canonical CURIE
    label: str | None
    synonyms: tuple[str, ...] = ()
    obsolete: bool = False
    replaced_by: tuple[str, ...] = ()
    consider: tuple[str, ...] = ()
    parents: tuple[str, ...] = ()


def canonical_id(text: str) -> str:
    """A term id in the registry's canonical CURIE form when it can be read, else unchanged."""
    if "://" not in text and ":" in text:  # a CURIE: only its prefix can change (cached per prefix)
        prefix, local = text.split(":", 1)
        return f"{_preferred(prefix)}:{local}"
    term = parse_term(text)
    if term is not None and term.entry is not None:
        try:
            curie = term.curie
        except ValueError:
            return text
        return curie or text
    return text


@cache
def _preferred(prefix: str) -> str:
    entry = prefix_entry(prefix)
    return entry.preferred if entry is not None else prefix
