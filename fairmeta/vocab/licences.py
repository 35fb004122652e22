"""Recognise licences: SPDX IRIs and ids, well-known licence URLs, and free text matched to SPDX.

A licence is *recognised* when it maps to exactly one SPDX licence id. Free text ("CC BY 4.0",
"MIT License", "Creative Commons Attribution 4.0 International") is matched against the SPDX ids
and names after normalising case, punctuation and the words "license/licence/version/the".
"""

from __future__ import annotations

import re
from functools import cache

from fairmeta.vocab.registry import spdx_licences

SPDX_PREFIXES = ("https://spdx.org/licenses/", "http://spdx.org/licenses/")
_CC = re.compile(
    r"^https?://creativecommons\.org/(licenses|publicdomain)/([a-z-]+)/(\d\.\d)(/[a-z]{2})?/?(legalcode)?(\.[a-z]+)?$"
)
_OSI = re.compile(r"^https?://(?:www\.)?opensource\.org/licen[cs]es?/([A-Za-z0-9.+-]+?)(?:\.php|\.html)?/?$")
_NOISE = re.compile(r"\b(the|license|licence|licensed|version|v|public|international)\b")


def _norm(text: str) -> str:
    lowered = _NOISE.sub(" ", text.lower().replace("licence", "license"))
    return re.sub(r"[^a-z0-9+]", "", lowered)


@cache
def _index() -> dict[str, set[str]]:
    index: dict[str, set[str]] = {}
    for licence_id, info in spdx_licences().items():
        for key in (_norm(licence_id), _norm(info["name"])):
            if key:
                index.setdefault(key, set()).add(licence_id)
    return index


def spdx_from_iri(iri: str) -> str | None:
    """Map a licence IRI (SPDX, Creative Commons, opensource.org) to its SPDX id."""
    licences = spdx_licences()
    for prefix in SPDX_PREFIXES:
        if iri.startswith(prefix):
            candidate = re.sub(r"\.(html|json|txt)$", "", iri[len(prefix) :].strip("/"))
            return candidate if candidate in licences else None
    match = _CC.match(iri)
    if match:
        kind, version = match.group(2), match.group(3)
        candidate = "CC0-" + version if kind == "zero" else f"CC-{kind.upper()}-{version}"
        if kind == "mark":
            candidate = "CC-PDDC"
        return candidate if candidate in licences else None
    match = _OSI.match(iri)
    if match:
        return spdx_from_text(match.group(1))
    return None


def spdx_matches(text: str) -> list[str]:
    """All SPDX ids a free-text licence could mean (exact id first)."""
    licences = spdx_licences()
    stripped = text.strip()
    if stripped in licences:
        return [stripped]
    case_fold = [i for i in licences if i.lower() == stripped.lower()]
    if case_fold:
        return case_fold
    return sorted(_index().get(_norm(stripped), set()))


def spdx_from_text(text: str) -> str | None:
    """The one SPDX id free text means, or ``None`` when none or several fit."""
    matches = spdx_matches(text)
    return matches[0] if len(matches) == 1 else None


def spdx_iri(licence_id: str) -> str:
    """The canonical SPDX IRI of a licence id."""
    return f"https://spdx.org/licenses/{licence_id}"
