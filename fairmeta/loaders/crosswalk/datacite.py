"""DataCite metadata (kernel 4, as JSON) to schema.org, following DataCite's own schema.org mapping.

Accepted JSON forms: the DataCite JSON of content negotiation
(``application/vnd.datacite.datacite+json``, top-level ``creators``, ``titles``, ``types``...), the
REST API's JSON:API record (``{"data": {"attributes": {...}}}``, one or a list) and the older
Crosscite JSON. DataCite XML is first read into the first form (``datacite_xml.py``). The table of
what maps to what is docs/crosswalks.md; a field not in it is named in the FM-SYS-009 note.
"""

from __future__ import annotations

import re
from typing import Any

from fairmeta.loaders.crosswalk.ids import doi_iri, identifier_value, pid_iri
from fairmeta.loaders.crosswalk.trail import SCHEMA_CONTEXT, Crosswalked, Trail, items, scalar_text

# resourceTypeGeneral -> schema.org type (DataCite's and bolognese's mapping; CreativeWork otherwise)
TYPES = {
    "Audiovisual": "MediaObject",
    "Book": "Book",
    "BookChapter": "Chapter",
    "Collection": "Collection",
    "ComputationalNotebook": "SoftwareSourceCode",
    "ConferencePaper": "ScholarlyArticle",
    "DataPaper": "ScholarlyArticle",
    "Dataset": "Dataset",
    "Dissertation": "Thesis",
    "Event": "Event",
    "Image": "ImageObject",
    "Journal": "Periodical",
    "JournalArticle": "ScholarlyArticle",
    "PeerReview": "Review",
    "Poster": "Poster",
    "Preprint": "ScholarlyArticle",
    "Presentation": "PresentationDigitalDocument",
    "Project": "ResearchProject",
    "Report": "Report",
    "Service": "Service",
    "Software": "SoftwareSourceCode",
    "Sound": "AudioObject",
    "Text": "ScholarlyArticle",
    "Workflow": "SoftwareSourceCode",
}

# relationType -> schema.org property of the record (the others have no schema.org counterpart)
RELATIONS = {
    "IsPartOf": "isPartOf",
    "IsPublishedIn": "isPartOf",
    "HasPart": "hasPart",
    "References": "citation",
    "Cites": "citation",
    "IsDerivedFrom": "isBasedOn",
    "IsNewVersionOf": "isBasedOn",
    "IsIdenticalTo": "sameAs",
    "IsDescribedBy": "subjectOf",
    "IsDocumentedBy": "subjectOf",
    "HasMetadata": "subjectOf",
    "Describes": "about",
    "Documents": "about",
    "IsMetadataFor": "about",
    "IsTranslationOf": "translationOfWork",
    "HasTranslation": "workTranslation",
}

# relationTypes schema.org has no property for, said with Dublin Core's (as DataCite's own DCMI
# mapping does); any other relation is a plain dct:relation, its type named in FM-SYS-009
DCT = "http://purl.org/dc/terms/"
DC_RELATIONS = {
    "IsVersionOf": f"{DCT}isVersionOf",
    "HasVersion": f"{DCT}hasVersion",
    "IsRequiredBy": f"{DCT}isRequiredBy",
    "Requires": f"{DCT}requires",
    "IsReferencedBy": f"{DCT}isReferencedBy",
    "IsCitedBy": f"{DCT}isReferencedBy",
    "Obsoletes": f"{DCT}replaces",
    "IsObsoletedBy": f"{DCT}isReplacedBy",
    "IsPreviousVersionOf": f"{DCT}isReplacedBy",
    "IsVariantFormOf": f"{DCT}isFormatOf",
    "IsOriginalFormOf": f"{DCT}hasFormat",
}

DATES = {"Issued": "datePublished", "Created": "dateCreated", "Updated": "dateModified"}
COVERAGE_DATES = ("Collected", "Coverage")

# Fields that say something of the DOI registration, not of the resource: not metadata to judge.
ADMINISTRATIVE = frozenset(
    {
        "id", "type", "prefix", "suffix", "xml", "metadataVersion", "schemaVersion", "source", "isActive", "state",
        "reason", "viewCount", "viewsOverTime", "downloadCount", "downloadsOverTime", "referenceCount",
        "citationCount", "citationsOverTime", "partCount", "partOfCount", "versionCount", "versionOfCount",
        "created", "registered", "published", "updated", "providerId", "clientId", "agency", "landingPage",
        "relationships", "included", "schemaOrg", "citeproc", "bibtex", "ris", "contentUrl",
    }
)  # fmt: skip
MAPPED = frozenset(
    {
        "doi", "identifier", "identifiers", "alternateIdentifiers", "url", "types", "titles", "creators",
        "contributors", "publisher", "publicationYear", "publication_year", "dates", "subjects", "language",
        "version", "rightsList", "rights_list", "descriptions", "sizes", "formats", "geoLocations",
        "fundingReferences", "relatedIdentifiers", "relatedItems", "container",
    }
)  # fmt: skip
_ACCESS_TEXT = re.compile(r"^\s*(open|closed|restricted|embargoed|metadata[- ]only)(\s+access)?\s*$", re.I)


def is_datacite(document: dict[str, Any]) -> bool:
    """True for DataCite JSON in any of its forms (its attribute names, never a JSON-LD key)."""
    data = document.get("data")
    if isinstance(data, dict) and isinstance(data.get("attributes"), dict):
        return _looks_like_attributes(data["attributes"])
    if (
        isinstance(data, list)
        and data
        and all(isinstance(d, dict) and isinstance(d.get("attributes"), dict) for d in data)
    ):
        return all(_looks_like_attributes(d["attributes"]) for d in data)
    return _looks_like_attributes(document)


def _looks_like_attributes(value: dict[str, Any]) -> bool:
    keys = set(value)
    return bool(keys & {"titles", "creators"}) and bool(keys & {"types", "publicationYear", "doi", "identifiers"})


def records_of(document: dict[str, Any]) -> list[tuple[dict[str, Any], str]]:
    """The DataCite records of a document, each with its JSON Pointer."""
    data = document.get("data")
    if isinstance(data, dict) and isinstance(data.get("attributes"), dict):
        return [(data["attributes"], "/data/attributes")]
    if (
        isinstance(data, list)
        and data
        and all(isinstance(d, dict) and isinstance(d.get("attributes"), dict) for d in data)
    ):
        return [(d["attributes"], f"/data/{i}/attributes") for i, d in enumerate(data)]
    return [(document, "")]


def datacite_to_schemaorg(document: dict[str, Any], trail: Trail) -> Crosswalked:
    """Rewrite every DataCite record of ``document`` as a schema.org node object."""
    records = [record(attributes, pointer, trail) for attributes, pointer in records_of(document)]
    generated: Any = records[0] if len(records) == 1 else {"@context": SCHEMA_CONTEXT, "@graph": records}
    if len(records) > 1:
        for item in records:
            item.pop("@context", None)
    return Crosswalked(generated, trail.origins(generated), list(trail.uncarried), len(records))


def given_values(target: dict[str, Any], values: dict[str, Any]) -> None:
    """Set each of ``values`` that says something (not None, "" or []) on ``target``."""
    target.update({key: value for key, value in values.items() if value not in (None, "", [])})


def _get(obj: Any, *keys: str) -> Any:
    """The first of ``keys`` present in ``obj`` (DataCite spelled some keys two ways over time)."""
    if not isinstance(obj, dict):
        return None
    for key in keys:
        if obj.get(key) not in (None, "", []):
            return obj[key]
    return None


def _key(obj: dict[str, Any], *keys: str) -> str:
    return next((k for k in keys if obj.get(k) not in (None, "", [])), keys[0])


def record(attributes: dict[str, Any], at: str, trail: Trail) -> dict[str, Any]:
    """One DataCite record as a schema.org node object."""
    out: dict[str, Any] = trail.root({"@context": SCHEMA_CONTEXT}, at)
    kind = _get(attributes.get("types"), "resourceTypeGeneral")
    schema_type = TYPES.get(kind) if isinstance(kind, str) else None
    schema_type = schema_type or scalar_text(_get(attributes.get("types"), "schemaOrg")) or "CreativeWork"
    trail.put(out, "@type", schema_type, f"{at}/types")
    doi = doi_iri(_get(attributes, "doi")) or doi_iri(_get(attributes, "id"))
    _identifier(attributes, at, out, doi, trail)
    url = scalar_text(attributes.get("url"))
    if url:
        trail.put(out, "url", url, f"{at}/url")
    resource_type = scalar_text(_get(attributes.get("types"), "resourceType"))
    if resource_type:
        trail.put(out, "additionalType", {"@value": resource_type}, f"{at}/types/resourceType")
    _titles(attributes, at, out, trail)
    for key, prop in (("creators", "creator"), ("contributors", "contributor")):
        for agent, pointer in items(attributes.get(key), f"{at}/{key}"):
            trail.put(out, prop, _agent(agent), pointer)
            if isinstance(agent, dict) and agent.get("contributorType"):
                trail.skip("contributors (contributorType: the role)")
    _publisher(attributes, at, out, trail)
    _dates(attributes, at, out, trail)
    for subject, pointer in items(attributes.get("subjects"), f"{at}/subjects"):
        trail.put(out, "keywords", _subject(subject), pointer)
    language = scalar_text(attributes.get("language"))
    if language:
        trail.put(out, "inLanguage", language, f"{at}/language")
    version = scalar_text(attributes.get("version"))
    if version:
        trail.put(out, "version", version, f"{at}/version")
    _rights(attributes, at, out, trail)
    _descriptions(attributes, at, out, trail)
    for key, prop in (("sizes", "contentSize"), ("formats", "encodingFormat")):
        for value, pointer in items(attributes.get(key), f"{at}/{key}"):
            trail.put(out, prop, scalar_text(value), pointer)
    for place, pointer in items(attributes.get("geoLocations"), f"{at}/geoLocations"):
        trail.put(out, "spatialCoverage", _place(place), pointer)
    for funding, pointer in items(attributes.get("fundingReferences"), f"{at}/fundingReferences"):
        trail.put(out, "funding", _grant(funding), pointer)
    _relations(attributes, at, out, trail)
    container = attributes.get("container")
    if isinstance(container, dict) and _get(container, "title", "identifier"):
        trail.put(out, "isPartOf", _container(container), f"{at}/container")
    for key in sorted(set(attributes) - MAPPED - ADMINISTRATIVE):
        if attributes[key] not in (None, "", [], {}):
            trail.skip(key)
    return out


def _identifier(attributes: dict[str, Any], at: str, out: dict[str, Any], doi: str | None, trail: Trail) -> None:
    source = f"{at}/doi" if _get(attributes, "doi") else f"{at}/id"
    if doi is None and doi_iri(attributes.get("identifier")):  # XML's <identifier> without its type
        doi, source = doi_iri(attributes.get("identifier")), f"{at}/identifier"
    if doi is not None:
        trail.put(out, "@id", doi, source)
        trail.put(out, "identifier", doi, source)
    elif isinstance(attributes.get("identifier"), dict):  # XML's <identifier identifierType="DOI">
        trail.put(out, "identifier", identifier_value(attributes["identifier"].get("identifier")), f"{at}/identifier")
    for key in ("identifiers", "alternateIdentifiers"):
        for item, pointer in items(attributes.get(key), f"{at}/{key}"):
            value = _get(item, "identifier", "Identifier", "alternateIdentifier")
            scheme = _get(item, "identifierType", "alternateIdentifierType")
            if doi is not None and (doi_iri(value) or "").lower() == doi.lower():
                continue  # the record's own DOI, said once
            trail.put(out, "identifier", identifier_value(value, scheme), pointer)


def _titles(attributes: dict[str, Any], at: str, out: dict[str, Any], trail: Trail) -> None:
    titles = items(attributes.get("titles"), f"{at}/titles")
    main = next((t for t in titles if not _get(t[0], "titleType")), titles[0] if titles else None)
    for title, pointer in titles:
        text = scalar_text(_get(title, "title")) if isinstance(title, dict) else scalar_text(title)
        if text is None:
            continue
        trail.put(out, "name" if (title, pointer) == main else "alternateName", text, pointer)


def _agent(agent: Any) -> Any:
    if isinstance(agent, str):
        return {"@type": "Person" if "," in agent else "Organization", "name": agent.strip()}
    if not isinstance(agent, dict):
        return None
    out: dict[str, Any] = {}
    name = scalar_text(_get(agent, "name", "creatorName", "contributorName"))
    if isinstance(_get(agent, "name", "creatorName", "contributorName"), dict):
        name = scalar_text(_get(agent["name"], "name", "literal"))
    given, family = scalar_text(agent.get("givenName")), scalar_text(agent.get("familyName"))
    iris: list[str] = []
    identifiers: list[Any] = []
    for item, _ in items(agent.get("nameIdentifiers"), ""):
        value = _get(item, "nameIdentifier") if isinstance(item, dict) else item
        iri = pid_iri(value, _get(item, "nameIdentifierScheme"))
        if iri is not None:
            iris.append(iri)
        elif scalar_text(value):
            identifiers.append(identifier_value(value, _get(item, "nameIdentifierScheme")))
    own_id = scalar_text(agent.get("id"))
    if own_id and own_id.startswith("http"):
        iris.insert(0, own_id)
    kind = agent.get("nameType") or agent.get("type")
    organisation = kind in ("Organizational", "Organization") or (
        kind not in ("Personal", "Person") and not (given or family) and any("ror.org/" in i for i in iris)
    )
    out["@type"] = "Organization" if organisation else "Person"
    full_name = name or " ".join(p for p in (given, family) if p)
    given_values(out, {"@id": iris[0] if iris else None, "name": full_name, "givenName": given})
    given_values(out, {"familyName": family, "identifier": identifiers})
    affiliations = [_organisation(a) for a, _ in items(agent.get("affiliation", agent.get("affiliations")), "")]
    if [a for a in affiliations if a]:
        out["affiliation"] = [a for a in affiliations if a]
    return out


def _organisation(value: Any) -> dict[str, Any] | None:
    if isinstance(value, str):
        return {"@type": "Organization", "name": value.strip()} if value.strip() else None
    if not isinstance(value, dict):
        return None
    out: dict[str, Any] = {"@type": "Organization"}
    iri = pid_iri(_get(value, "affiliationIdentifier", "id"), _get(value, "affiliationIdentifierScheme"))
    if iri is not None:
        out["@id"] = iri
    name = scalar_text(_get(value, "name", "affiliation"))
    if name and name != iri:
        out["name"] = name
    return out if len(out) > 1 else None


def _publisher(attributes: dict[str, Any], at: str, out: dict[str, Any], trail: Trail) -> None:
    publisher = attributes.get("publisher")
    if isinstance(publisher, str) and publisher.strip():
        trail.put(out, "publisher", {"@type": "Organization", "name": publisher.strip()}, f"{at}/publisher")
    elif isinstance(publisher, dict) and scalar_text(_get(publisher, "name")):
        made: dict[str, Any] = {"@type": "Organization", "name": scalar_text(_get(publisher, "name"))}
        iri = pid_iri(_get(publisher, "publisherIdentifier"), _get(publisher, "publisherIdentifierScheme"))
        if iri is not None:
            made["@id"] = iri
        trail.put(out, "publisher", made, f"{at}/publisher")


def _dates(attributes: dict[str, Any], at: str, out: dict[str, Any], trail: Trail) -> None:
    for item, pointer in items(attributes.get("dates"), f"{at}/dates"):
        date, kind = scalar_text(_get(item, "date")), _get(item, "dateType")
        if date is None or not isinstance(kind, str):
            continue
        if kind in DATES and DATES[kind] not in out:
            trail.put(out, DATES[kind], date, pointer)
        elif kind in COVERAGE_DATES:
            trail.put(out, "temporalCoverage", date, pointer)
        elif kind not in DATES:
            trail.skip(f"dates ({kind})")
    year_key = _key(attributes, "publicationYear", "publication_year")
    year = scalar_text(attributes.get(year_key))
    if "datePublished" not in out and year:
        trail.put(out, "datePublished", year, f"{at}/{year_key}")


def _subject(subject: Any) -> Any:
    if not isinstance(subject, dict):
        return scalar_text(subject)
    name = scalar_text(subject.get("subject"))
    value_uri = scalar_text(_get(subject, "valueUri", "valueURI"))
    scheme_uri = scalar_text(_get(subject, "schemeUri", "schemeURI"))
    code = scalar_text(subject.get("classificationCode"))
    scheme = scalar_text(subject.get("subjectScheme"))
    if not (value_uri or scheme_uri or code or scheme):
        return name
    term: dict[str, Any] = {"@type": "DefinedTerm"}
    given_values(term, {"@id": value_uri, "name": name, "termCode": code})
    if scheme_uri or scheme:
        term["inDefinedTermSet"] = {"@id": scheme_uri} if scheme_uri else {"@type": "DefinedTermSet", "name": scheme}
    return term


def _rights(attributes: dict[str, Any], at: str, out: dict[str, Any], trail: Trail) -> None:
    key = _key(attributes, "rightsList", "rights_list")
    for item, pointer in items(attributes.get(key), f"{at}/{key}"):
        if isinstance(item, str):
            item = {"rights": item}
        if not isinstance(item, dict):
            continue
        uri = scalar_text(_get(item, "rightsUri", "rightsURI"))
        identifier = scalar_text(item.get("rightsIdentifier"))
        text = scalar_text(item.get("rights"))
        if uri and uri.startswith("info:eu-repo/semantics/"):
            access = uri.rsplit("/", 1)[-1]
            trail.put(out, "isAccessibleForFree" if access == "openAccess" else "conditionsOfAccess",
                      True if access == "openAccess" else access, pointer)  # fmt: skip
        elif uri:
            trail.put(out, "license", {"@id": uri}, pointer)
        elif identifier and str(_get(item, "rightsIdentifierScheme") or "SPDX").upper() == "SPDX":
            trail.put(out, "license", {"@id": f"https://spdx.org/licenses/{identifier}"}, pointer)
        elif text and _ACCESS_TEXT.match(text):
            trail.put(out, "conditionsOfAccess", text, pointer)
        elif text:
            trail.put(out, "license", {"@value": text}, pointer)


def _descriptions(attributes: dict[str, Any], at: str, out: dict[str, Any], trail: Trail) -> None:
    described = items(attributes.get("descriptions"), f"{at}/descriptions")
    abstracts = [(d, p) for d, p in described if _get(d, "descriptionType") in ("Abstract", None)]
    for item, pointer in abstracts or described[:1]:
        text = scalar_text(_get(item, "description")) if isinstance(item, dict) else scalar_text(item)
        trail.put(out, "description", text, pointer)
    carried = {pointer for _, pointer in abstracts or described[:1]}
    for item, pointer in described:
        if pointer not in carried:
            trail.skip(f"descriptions ({_get(item, 'descriptionType') or 'untyped'})")


def _number(value: Any) -> Any:
    text = scalar_text(value)
    try:
        return float(text) if text is not None else None
    except ValueError:
        return text


def _point(point: Any) -> str | None:
    if not isinstance(point, dict):
        return None
    lat, lon = scalar_text(_get(point, "pointLatitude")), scalar_text(_get(point, "pointLongitude"))
    return f"{lat} {lon}" if lat and lon else None


def _place(place: Any) -> Any:
    if not isinstance(place, dict):
        return None
    out: dict[str, Any] = {"@type": "Place"}
    name = scalar_text(place.get("geoLocationPlace"))
    if name:
        out["name"] = name
    point = place.get("geoLocationPoint")
    if isinstance(point, dict) and _point(point):
        out["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": _number(point.get("pointLatitude")),
            "longitude": _number(point.get("pointLongitude")),
        }
    box = place.get("geoLocationBox")
    if isinstance(box, dict):
        corners = [
            scalar_text(box.get(k))
            for k in ("southBoundLatitude", "westBoundLongitude", "northBoundLatitude", "eastBoundLongitude")
        ]
        if all(corners):
            out.setdefault("geo", {"@type": "GeoShape", "box": " ".join(c for c in corners if c)})
    polygon = place.get("geoLocationPolygon")
    if isinstance(polygon, dict):
        polygon = polygon.get("polygonPoints") or [polygon]
    if isinstance(polygon, list):
        points = [_point(p.get("polygonPoint", p)) if isinstance(p, dict) else None for p in polygon]
        if points and all(points) and "geo" not in out:
            out["geo"] = {"@type": "GeoShape", "polygon": " ".join(p for p in points if p)}
    return out if len(out) > 1 else None


def _grant(funding: Any) -> Any:
    if not isinstance(funding, dict):
        return None
    grant: dict[str, Any] = {"@type": "Grant"}
    award = funding.get("awardNumber")
    number = scalar_text(_get(award, "awardNumber")) if isinstance(award, dict) else scalar_text(award)
    award_uri = scalar_text(_get(funding, "awardUri", "awardURI")) or (
        scalar_text(_get(award, "awardUri", "awardURI")) if isinstance(award, dict) else None
    )
    if number:
        grant["identifier"] = number
    if award_uri:
        grant["url"] = award_uri
    title = scalar_text(funding.get("awardTitle"))
    if title:
        grant["name"] = title
    funder: dict[str, Any] = {"@type": "Organization"}
    iri = pid_iri(_get(funding, "funderIdentifier"), _get(funding, "funderIdentifierType"))
    if iri is not None:
        funder["@id"] = iri
    name = scalar_text(funding.get("funderName"))
    if name:
        funder["name"] = name
    if len(funder) > 1:
        grant["funder"] = funder
    return grant if len(grant) > 1 else None


def _related_node(value: Any, scheme: Any, kind: Any) -> Any:
    iri = pid_iri(value, scheme) if isinstance(value, str) else None
    schema_type = TYPES.get(kind) if isinstance(kind, str) else None
    if iri is not None and schema_type is None:
        return {"@id": iri}
    node: dict[str, Any] = {"@type": schema_type or "CreativeWork"}
    if iri is not None:
        node["@id"] = iri
    elif scalar_text(value):
        node["identifier"] = identifier_value(value, scheme)
    return node


def relation_property(relation: object, field_name: str, trail: Trail) -> str:
    """The property a DataCite relationType becomes: schema.org's, Dublin Core's, or dct:relation
    (the relation kept, its type named in FM-SYS-009)."""
    if isinstance(relation, str) and relation in RELATIONS:
        return RELATIONS[relation]
    if isinstance(relation, str) and relation in DC_RELATIONS:
        return DC_RELATIONS[relation]
    trail.skip(f"{field_name} ({relation}: kept as a plain dct:relation)")
    return f"{DCT}relation"


def _relations(attributes: dict[str, Any], at: str, out: dict[str, Any], trail: Trail) -> None:
    for item, pointer in items(attributes.get("relatedIdentifiers"), f"{at}/relatedIdentifiers"):
        if not isinstance(item, dict):
            continue
        prop = relation_property(_get(item, "relationType"), "relatedIdentifiers", trail)
        node = _related_node(
            _get(item, "relatedIdentifier"), _get(item, "relatedIdentifierType"), _get(item, "resourceTypeGeneral")
        )
        trail.put(out, prop, node, pointer)
    for item, pointer in items(attributes.get("relatedItems"), f"{at}/relatedItems"):
        if not isinstance(item, dict):
            continue
        prop = relation_property(_get(item, "relationType"), "relatedItems", trail)
        ident = item.get("relatedItemIdentifier")
        value = _get(ident, "relatedItemIdentifier") if isinstance(ident, dict) else ident
        scheme = _get(ident, "relatedItemIdentifierType") if isinstance(ident, dict) else None
        node = _related_node(value, scheme, _get(item, "relatedItemType"))
        if isinstance(node, dict):
            titles = items(item.get("titles"), "")
            if titles:
                title = titles[0][0]
                node["name"] = scalar_text(_get(title, "title")) if isinstance(title, dict) else scalar_text(title)
                node["@type"] = node.get("@type", "CreativeWork")
            year = scalar_text(item.get("publicationYear"))
            if year:
                node["datePublished"] = year
        trail.put(out, prop, node, pointer)


def _container(container: dict[str, Any]) -> dict[str, Any]:
    kind = scalar_text(container.get("type"))
    node: dict[str, Any] = {"@type": "Periodical" if kind in ("Journal", "Series") else "CreativeWork"}
    iri = pid_iri(container.get("identifier"), container.get("identifierType"))
    if iri is not None:
        node["@id"] = iri
    elif scalar_text(container.get("identifier")):
        node["identifier"] = identifier_value(container.get("identifier"), container.get("identifierType"))
    title = scalar_text(container.get("title"))
    if title:
        node["name"] = title
    return node
