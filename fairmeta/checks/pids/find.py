"""Find the identifiers of a record and of the entities it describes, with what each stands for.

A record names itself (its @id, identifier, sameAs) and other entities: creators, contributors,
publishers, funders and their affiliations, cited and related works, distributions. Each entity's
identifiers are its IRI (when it is one) and its identifier / sameAs values, including
``PropertyValue`` objects (``{"@type": "PropertyValue", "propertyID": "ORCID", "value": …}``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, PROV, RDF
from rdflib.term import Node

from fairmeta.records import Record
from fairmeta.vocab.identifiers import Identifier, classify
from fairmeta.vocab.namespaces import SDO

# role -> properties of the record (or of a creator, for affiliations) that lead to such entities
ROLES: dict[str, tuple[URIRef, ...]] = {
    "creator": (SDO.creator, SDO.author, DCTERMS.creator),
    "contributor": (SDO.contributor, SDO.editor, SDO.maintainer, DCTERMS.contributor, PROV.qualifiedAttribution),
    "publisher": (SDO.publisher, SDO.provider, SDO.sourceOrganization, DCTERMS.publisher),
    "funder": (SDO.funder, SDO.sponsor),
    "citation": (SDO.citation, DCTERMS.references, SDO.isBasedOn),
    "related": (SDO.isPartOf, SDO.hasPart, SDO.subjectOf, DCTERMS.relation, DCTERMS.isReferencedBy, DCTERMS.source),
    "distribution": (SDO.distribution, DCAT.distribution),
}
AFFILIATION = (SDO.affiliation, SDO.memberOf, SDO.parentOrganization)
IDENTIFYING = (SDO.identifier, SDO.sameAs, DCTERMS.identifier, OWL.sameAs)
LINKS = (SDO.url, SDO.contentUrl, DCAT.downloadURL, DCAT.accessURL, DCAT.landingPage)
PERSON_TYPES = {SDO.Person, FOAF.Person, PROV.Person}
ORGANISATION_TYPES = {FOAF.Organization, PROV.Organization}
_NAME_PROPERTIES = (SDO.name, FOAF.name, DCTERMS.title, SDO.legalName)
_QUALIFIED_ATTRIBUTION = PROV.qualifiedAttribution
_NAME_PARTS = (SDO.givenName, SDO.familyName, FOAF.givenName, FOAF.familyName)


@dataclass(frozen=True)
class Entity:
    """A described thing that identifiers may name."""

    node: Node
    role: str  # record | creator | contributor | publisher | funder | affiliation | citation | related | distribution
    kind: str  # person | organisation | work
    name: str | None


@dataclass(frozen=True)
class FoundPid:
    """One identifier value, where it stands, and what it is."""

    entity: Entity
    subject: Node  # the node holding the value (the entity, or a PropertyValue of it)
    predicate: URIRef | None  # None: the entity's own IRI
    value: Node
    identifier: Identifier


def entity_kind(graph: Graph, node: Node) -> str:
    """``person``, ``organisation`` or ``work`` from the node's types."""
    types = set(graph.objects(node, RDF.type))
    if types & PERSON_TYPES:
        return "person"
    if types & ORGANISATION_TYPES or any(
        str(t).startswith(str(SDO)) and str(t).endswith("Organization") for t in types
    ):
        return "organisation"
    if any(str(t).endswith(("University", "Institute", "Consortium", "Corporation", "Project")) for t in types):
        return "organisation"
    return "work"


def entity_name(statements: Mapping[Node, list[Node]]) -> str | None:
    """The name (``name``, or ``givenName familyName``) in an entity's statements, if it has one."""
    for predicate in _NAME_PROPERTIES:
        value = next(iter(statements.get(predicate, ())), None)
        if isinstance(value, Literal) and str(value).strip():
            return str(value).strip()
    parts = [next(iter(statements.get(p, ())), None) for p in _NAME_PARTS]
    joined = " ".join(str(p) for p in parts if isinstance(p, Literal)).strip()
    return joined or None


def entities(record: Record) -> list[Entity]:
    """The record and every entity it names in one of the roles, each once (first role wins)."""
    return record.derive("entities", lambda: _entities(record))


def _entities(record: Record) -> list[Entity]:
    graph = record.graph
    found: dict[Node, Entity] = {}
    outgoing = record.statements()
    found[record.node] = Entity(record.node, "record", "work", entity_name(outgoing))
    agents: list[Node] = []
    for role, properties in ROLES.items():
        for predicate in properties:
            for node in outgoing.get(predicate, ()):
                if isinstance(node, Literal) or node in found:
                    continue
                if predicate == _QUALIFIED_ATTRIBUTION:  # DCAT-AP: the agent is behind the attribution
                    node = graph.value(node, PROV.agent) or node
                found[node] = Entity(node, role, entity_kind(graph, node), entity_name(record.statements(node)))
                if role in ("creator", "contributor", "publisher", "funder"):
                    agents.append(node)
    for agent in agents:
        for predicate in AFFILIATION:
            for node in record.statements(agent).get(predicate, ()):
                if not isinstance(node, Literal) and node not in found:
                    found[node] = Entity(node, "affiliation", "organisation", entity_name(record.statements(node)))
    return list(found.values())


def identifiers(record: Record) -> list[FoundPid]:
    """Every identifier of the record and of the entities it names."""
    return record.derive("identifiers", lambda: _identifiers(record))


def _identifiers(record: Record) -> list[FoundPid]:
    graph = record.graph
    out: list[FoundPid] = []
    for entity in entities(record):
        node = entity.node
        minted = node == record.node and record.minted_id  # "S1" under the schema's namespace
        if isinstance(node, URIRef) and not str(node).startswith("file:") and not minted:
            out.append(FoundPid(entity, node, None, node, classify(str(node))))
        outgoing = record.statements(node)
        for predicate in IDENTIFYING:
            for value in outgoing.get(predicate, ()):
                if isinstance(value, BNode):  # a PropertyValue: its value (or url) is the identifier
                    inner = graph.value(value, SDO.value) or graph.value(value, SDO.url)
                    if inner is not None:
                        out.append(FoundPid(entity, value, SDO.value, inner, classify(str(inner))))
                    continue
                if isinstance(value, URIRef) and value == node:
                    continue
                out.append(FoundPid(entity, node, predicate, value, classify(str(value))))
    out.extend(_cited_as_text(record))
    return out


def _cited_as_text(record: Record) -> list[FoundPid]:
    """Works cited or related by an identifier written as text (``"citation": "https://doi.org/…"``,
    a string under the schema.org context): each is the identifier of an unnamed work. Free-text
    references are not identifiers and are left alone."""
    statements = record.statements()
    found = []
    for role in ("citation", "related"):
        for predicate in ROLES[role]:
            for value in statements.get(predicate, ()):
                if not isinstance(value, Literal):
                    continue
                identifier = classify(str(value))
                if identifier.scheme != "text":
                    found.append(FoundPid(Entity(value, role, "work", None), record.node, predicate, value, identifier))
    return found


def links(record: Record) -> list[tuple[Node, URIRef, URIRef]]:
    """``(subject, predicate, url)`` of the plain links of the record and its distributions."""
    nodes = [record.node] + [e.node for e in entities(record) if e.role == "distribution"]
    found: list[tuple[Node, URIRef, URIRef]] = []
    for node in nodes:
        outgoing = record.statements(node)
        found.extend(
            (node, predicate, value)
            for predicate in LINKS
            for value in outgoing.get(predicate, ())
            if isinstance(value, URIRef) and str(value).startswith(("http://", "https://"))
        )
    return found
