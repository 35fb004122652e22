"""CSL JSON (what Crossref's DOI content negotiation answers for ``application/vnd.citationstyles.csl+json``)
read as a Crossref work.

CSL JSON and Crossref's works JSON share most field names (``DOI``, ``author`` with ``given``/``family``/
``ORCID``, ``issued`` date-parts, ``publisher``, ``URL``, ``ISSN``, ``license``, ``link``); CSL writes
``title`` and ``container-title`` as strings where Crossref writes lists, and names types in CSL's
vocabulary (``article-journal``) where Crossref writes its own (``journal-article``). This module
rewrites those differences so that the Crossref crosswalk (docs/crosswalks.md) reads the record.
"""

from __future__ import annotations

from typing import Any

# CSL type -> Crossref type, for the types CSL and Crossref name differently
_TYPES = {
    "article-journal": "journal-article",
    "paper-conference": "proceedings-article",
    "chapter": "book-chapter",
    "dataset": "dataset",
    "report": "report",
    "book": "book",
    "thesis": "dissertation",
    "entry-dictionary": "reference-entry",
    "entry-encyclopedia": "reference-entry",
    "article": "posted-content",
}
_LISTS = ("title", "container-title", "subtitle", "short-container-title", "ISSN", "ISBN")


def is_csl(document: Any) -> bool:
    """A CSL JSON item of a DOI: a ``DOI``, a string ``title`` and a CSL ``type``."""
    return (
        isinstance(document, dict)
        and isinstance(document.get("DOI"), str)
        and isinstance(document.get("title"), str)
        and isinstance(document.get("type"), str)
    )


def csl_to_crossref(document: dict[str, Any]) -> dict[str, Any]:
    """The CSL item as a bare Crossref work (``message-type: work``)."""
    work = dict(document)
    for key in _LISTS:
        value = work.get(key)
        if isinstance(value, str):
            work[key] = [value]
    work["type"] = _TYPES.get(str(work.get("type")), str(work.get("type")))
    work.pop("id", None)
    return {"message-type": "work", "message": work}
