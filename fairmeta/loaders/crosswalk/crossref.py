"""Crossref works JSON (the REST API's ``/works/{doi}`` and ``/works`` answers) to schema.org.

Accepted forms: ``{"message-type": "work", "message": {...}}``, a ``work-list`` (each of
``message.items`` is a record) and a bare work object. The table of what maps to what is
docs/crosswalks.md; fields not in it are named in the FM-SYS-009 note.
"""

from __future__ import annotations

import re
from typing import Any

from fairmeta.loaders.crosswalk.ids import doi_iri, identifier_value, pid_iri
from fairmeta.loaders.crosswalk.trail import SCHEMA_CONTEXT, Crosswalked, Trail, items, scalar_text

DCT = "http://purl.org/dc/terms/"
TYPES = {
    "journal-article": "ScholarlyArticle",
    "proceedings-article": "ScholarlyArticle",
    "posted-content": "ScholarlyArticle",
    "peer-review": "Review",
    "book": "Book",
    "monograph": "Book",
    "edited-book": "Book",
    "reference-book": "Book",
    "book-chapter": "Chapter",
    "book-section": "Chapter",
    "book-part": "Chapter",
    "dataset": "Dataset",
    "database": "Dataset",
    "dissertation": "Thesis",
    "report": "Report",
    "journal": "Periodical",
    "proceedings": "Periodical",
    "book-series": "Periodical",
}
RELATIONS = {
    "is-part-of": "isPartOf",
    "has-part": "hasPart",
    "references": "citation",
    "is-identical-to": "sameAs",
    "is-derived-from": "isBasedOn",
    "is-based-on": "isBasedOn",
    "is-translation-of": "translationOfWork",
    "has-translation": "workTranslation",
    "is-documented-by": "subjectOf",
    "documents": "about",
    "is-version-of": f"{DCT}isVersionOf",
    "has-version": f"{DCT}hasVersion",
    "is-replaced-by": f"{DCT}isReplacedBy",
    "replaces": f"{DCT}replaces",
    "is-referenced-by": f"{DCT}isReferencedBy",
    "requires": f"{DCT}requires",
    "is-required-by": f"{DCT}isRequiredBy",
    "is-format-of": f"{DCT}isFormatOf",
    "has-format": f"{DCT}hasFormat",
}
# Indexing and deposit bookkeeping of Crossref, not metadata of the work.
ADMINISTRATIVE = frozenset(
    {
        "indexed", "reference-count", "references-count", "is-referenced-by-count", "content-domain", "source",
        "prefix", "member", "score", "deposited", "created", "issn-type", "isbn-type", "short-container-title",
        "content-created", "content-updated", "published-print", "published-online", "published-other",
        "posted", "accepted", "approved", "resource", "update-policy", "assertion", "cited-count",
    }
)  # fmt: skip
MAPPED = frozenset(
    {
        "DOI", "URL", "type", "title", "subtitle", "short-title", "original-title", "author", "editor", "publisher",
        "issued", "published", "license", "abstract", "description", "subject", "language", "container-title",
        "ISSN", "ISBN", "funder", "reference", "relation", "link", "page", "alternative-id",
    }
)  # fmt: skip
_TAG = re.compile(r"<[^>]+>")


def is_crossref(document: dict[str, Any]) -> bool:
    """True for a Crossref works answer or a bare Crossref work."""
    if document.get("message-type") in ("work", "work-list") and isinstance(document.get("message"), dict):
        return True
    return (
        isinstance(document.get("DOI"), str)
        and isinstance(document.get("title"), list)
        and bool(set(document) & {"member", "prefix", "container-title", "indexed", "deposited", "reference-count"})
    )


def records_of(document: dict[str, Any]) -> list[tuple[dict[str, Any], str]]:
    """The works of a document, each with its JSON Pointer."""
    message = document.get("message")
    if document.get("message-type") == "work-list" and isinstance(message, dict):
        works = message.get("items")
        return [(w, f"/message/items/{i}") for i, w in enumerate(works or []) if isinstance(w, dict)]
    if isinstance(message, dict):
        return [(message, "/message")]
    return [(document, "")]


def crossref_to_schemaorg(document: dict[str, Any]) -> Crosswalked:
    """Rewrite every work of ``document`` as a schema.org node object."""
    trail = Trail(lambda pointer: pointer)
    records = [work(item, pointer, trail) for item, pointer in records_of(document)]
    generated: Any = records[0] if len(records) == 1 else {"@context": SCHEMA_CONTEXT, "@graph": records}
    if len(records) != 1:
        for item in records:
            item.pop("@context", None)
    return Crosswalked(generated, trail.origins(generated), list(trail.uncarried), len(records))


def _text(value: Any) -> str | None:
    """Crossref's text with its whitespace runs collapsed (titles and abstracts keep JATS line breaks)."""
    return scalar_text(value, collapse=True)


def date_of(value: Any) -> str | None:
    """An ISO 8601 date from Crossref's ``{"date-parts": [[2014, 2, 11]]}`` (year, month, day as given)."""
    if not isinstance(value, dict):
        return None
    parts = value.get("date-parts")
    if not isinstance(parts, list) or not parts or not isinstance(parts[0], list) or not parts[0]:
        return _text(value.get("date-time"))
    numbers = [p for p in parts[0][:3] if isinstance(p, int) and not isinstance(p, bool)]
    if not numbers or len(numbers) != len(parts[0][:3]):
        return None
    return "-".join([f"{numbers[0]:04d}", *(f"{n:02d}" for n in numbers[1:])])


def work(item: dict[str, Any], at: str, trail: Trail) -> dict[str, Any]:
    """One Crossref work as a schema.org node object."""
    out: dict[str, Any] = trail.root({"@context": SCHEMA_CONTEXT}, at)
    kind = _text(item.get("type"))
    trail.put(out, "@type", TYPES.get(kind or "", "CreativeWork"), f"{at}/type")
    doi = doi_iri(item.get("DOI"))
    if doi is not None:
        trail.put(out, "@id", doi, f"{at}/DOI")
        trail.put(out, "identifier", doi, f"{at}/DOI")
    resource = item.get("resource")
    primary = resource.get("primary") if isinstance(resource, dict) else None
    landing = _text(primary.get("URL")) if isinstance(primary, dict) else None
    if landing:
        trail.put(out, "url", landing, f"{at}/resource/primary/URL")
    elif _text(item.get("URL")):
        trail.put(out, "url", _text(item.get("URL")), f"{at}/URL")
    for title, pointer in items(item.get("title"), f"{at}/title"):
        trail.put(out, "name" if "name" not in out else "alternateName", _text(title), pointer)
    for key in ("subtitle", "short-title", "original-title"):
        for title, pointer in items(item.get(key), f"{at}/{key}"):
            trail.put(out, "alternateName", _text(title), pointer)
    for key, prop in (("author", "creator"), ("editor", "editor")):
        for person, pointer in items(item.get(key), f"{at}/{key}"):
            trail.put(out, prop, _person(person), pointer)
    publisher = _text(item.get("publisher"))
    if publisher:
        trail.put(out, "publisher", {"@type": "Organization", "name": publisher}, f"{at}/publisher")
    for key in ("published", "issued"):
        date = date_of(item.get(key))
        if date and "datePublished" not in out:
            trail.put(out, "datePublished", date, f"{at}/{key}")
    _licences(item, at, out, trail)
    abstract = item.get("abstract") if _text(item.get("abstract")) else item.get("description")
    if _text(abstract):
        key = "abstract" if _text(item.get("abstract")) else "description"
        trail.put(out, "description", _text(_TAG.sub(" ", str(abstract))), f"{at}/{key}")
    for subject, pointer in items(item.get("subject"), f"{at}/subject"):
        trail.put(out, "keywords", _text(subject), pointer)
    if _text(item.get("language")):
        trail.put(out, "inLanguage", _text(item.get("language")), f"{at}/language")
    _container(item, at, out, trail)
    for isbn, pointer in items(item.get("ISBN"), f"{at}/ISBN"):
        trail.put(out, "isbn", _text(isbn), pointer)
    if _text(item.get("page")):
        trail.put(out, "pagination", _text(item.get("page")), f"{at}/page")
    for other, pointer in items(item.get("alternative-id"), f"{at}/alternative-id"):
        if doi is not None and (doi_iri(other) or "").lower() == doi.lower():
            continue  # the DOI again, as publishers often deposit it
        trail.put(out, "identifier", identifier_value(other, "Crossref alternative-id"), pointer)
    for funder, pointer in items(item.get("funder"), f"{at}/funder"):
        for grant in _grants(funder):
            trail.put(out, "funding", grant, pointer)
    _references(item, at, out, trail)
    _relations(item, at, out, trail)
    for link, pointer in items(item.get("link"), f"{at}/link"):
        if isinstance(link, dict) and _text(link.get("URL")):
            media: dict[str, Any] = {"@type": "MediaObject", "contentUrl": _text(link.get("URL"))}
            if _text(link.get("content-type")) and link.get("content-type") != "unspecified":
                media["encodingFormat"] = _text(link.get("content-type"))
            trail.put(out, "encoding", media, pointer)
    for key in sorted(set(item) - MAPPED - ADMINISTRATIVE):
        if item[key] not in (None, "", [], {}):
            trail.skip(key)
    return out


def _person(person: Any) -> Any:
    if not isinstance(person, dict):
        return None
    given, family, name = _text(person.get("given")), _text(person.get("family")), _text(person.get("name"))
    out: dict[str, Any] = {"@type": "Person" if (given or family) else "Organization"}
    orcid = pid_iri(person.get("ORCID"), "ORCID")
    if orcid is not None:
        out["@id"] = orcid.replace("http://orcid.org/", "https://orcid.org/")
    out["name"] = name or " ".join(p for p in (given, family) if p)
    if given:
        out["givenName"] = given
    if family:
        out["familyName"] = family
    affiliations = []
    for affiliation, _ in items(person.get("affiliation"), ""):
        if not isinstance(affiliation, dict):
            continue
        organisation: dict[str, Any] = {"@type": "Organization"}
        for ident, _ in items(affiliation.get("id"), ""):
            if isinstance(ident, dict):
                iri = pid_iri(ident.get("id"), ident.get("id-type"))
                if iri is not None:
                    organisation["@id"] = iri
                    break
        if _text(affiliation.get("name")):
            organisation["name"] = _text(affiliation.get("name"))
        if len(organisation) > 1:
            affiliations.append(organisation)
    if affiliations:
        out["affiliation"] = affiliations
    return out if out["name"] or "@id" in out else None


def _licences(item: dict[str, Any], at: str, out: dict[str, Any], trail: Trail) -> None:
    seen: set[str] = set()
    for licence, pointer in items(item.get("license"), f"{at}/license"):
        url = _text(licence.get("URL")) if isinstance(licence, dict) else None
        if url and url not in seen:
            seen.add(url)
            trail.put(out, "license", {"@id": url}, pointer)


def _container(item: dict[str, Any], at: str, out: dict[str, Any], trail: Trail) -> None:
    titles = items(item.get("container-title"), f"{at}/container-title")
    issns = [_text(i) for i, _ in items(item.get("ISSN"), "")]
    if not titles and not issns:
        return
    periodical: dict[str, Any] = {"@type": "Periodical"}
    if titles and _text(titles[0][0]):
        periodical["name"] = _text(titles[0][0])
    if [i for i in issns if i]:
        periodical["issn"] = [i for i in issns if i]
    trail.put(out, "isPartOf", periodical, titles[0][1] if titles else f"{at}/ISSN")


def _grants(funder: Any) -> list[dict[str, Any]]:
    if not isinstance(funder, dict):
        return []
    organisation: dict[str, Any] = {"@type": "Organization"}
    iri = doi_iri(funder.get("DOI"))
    if iri is not None:
        organisation["@id"] = iri
    if _text(funder.get("name")):
        organisation["name"] = _text(funder.get("name"))
    awards = [_text(a) for a in funder.get("award", []) if _text(a)] if isinstance(funder.get("award"), list) else []
    if not awards:
        return [{"@type": "Grant", "funder": organisation}] if len(organisation) > 1 else []
    return [{"@type": "Grant", "identifier": award, "funder": organisation} for award in awards]


def _references(item: dict[str, Any], at: str, out: dict[str, Any], trail: Trail) -> None:
    without_doi = 0
    for reference, pointer in items(item.get("reference"), f"{at}/reference"):
        iri = doi_iri(reference.get("DOI")) if isinstance(reference, dict) else None
        if iri is not None:
            trail.put(out, "citation", {"@id": iri}, pointer)
        else:
            without_doi += 1
    if without_doi:
        trail.skip(f"reference ({without_doi} without a DOI)")


def _relations(item: dict[str, Any], at: str, out: dict[str, Any], trail: Trail) -> None:
    relation = item.get("relation")
    if not isinstance(relation, dict):
        return
    for name in sorted(relation):
        prop = RELATIONS.get(name)
        if prop is None:  # has-review, is-supplemented-by, has-preprint...: a relation all the same
            trail.skip(f"relation ({name}: kept as a plain dct:relation)")
            prop = f"{DCT}relation"
        for target, pointer in items(relation[name], f"{at}/relation/{name}"):
            if not isinstance(target, dict):
                continue
            value = identifier_value(target.get("id"), target.get("id-type"))
            if isinstance(value, str):
                trail.put(out, prop, {"@id": value}, pointer)
            elif value is not None:
                trail.put(out, prop, {"@type": "CreativeWork", "identifier": value}, pointer)
