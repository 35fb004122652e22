"""The same metadata element in schema.org, DCAT, Dublin Core, DataCite and PROV terms.

Metrics ask for *elements* ("the creator", "the licence"), never for one vocabulary's property,
so a DCAT record and a schema.org record are scored by the same rules.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF
from rdflib.term import Node

from fairmeta.records import NodeStatements
from fairmeta.vocab.namespaces import SDO

DC = "http://purl.org/dc/elements/1.1/"
DATACITE = "http://purl.org/spar/datacite/"
PROV = "http://www.w3.org/ns/prov#"
PAV = "http://purl.org/pav/"
ADMS = "http://www.w3.org/ns/adms#"
DCATAP = "http://data.europa.eu/r5r/"


def _iris(*names: str) -> tuple[URIRef, ...]:
    return tuple(URIRef(n) for n in names)


ELEMENTS: dict[str, tuple[URIRef, ...]] = {
    "identifier": (
        SDO.identifier,
        DCTERMS.identifier,
        *_iris(DC + "identifier", ADMS + "identifier", DATACITE + "hasIdentifier"),
    ),
    "title": (SDO.name, SDO.headline, DCTERMS.title, *_iris(DC + "title")),
    "creator": (
        SDO.creator,
        SDO.author,
        DCTERMS.creator,
        *_iris(DC + "creator", PROV + "wasAttributedTo", PAV + "authoredBy"),
    ),
    "contributor": (SDO.contributor, DCTERMS.contributor, *_iris(DC + "contributor", PAV + "contributedBy")),
    "publisher": (SDO.publisher, DCTERMS.publisher, *_iris(DC + "publisher")),
    "date_published": (SDO.datePublished, DCTERMS.issued, DCTERMS.date, *_iris(DC + "date", PAV + "createdOn")),
    "date_created": (SDO.dateCreated, DCTERMS.created, *_iris(PROV + "generatedAtTime", PAV + "createdOn")),
    "date_modified": (SDO.dateModified, DCTERMS.modified, *_iris(PAV + "lastUpdateOn")),
    "version": (
        SDO.version,
        *_iris("http://www.w3.org/2002/07/owl#versionInfo", PAV + "version", "http://www.w3.org/ns/dcat#version"),
    ),
    "type": (SDO.additionalType, DCTERMS.type, *_iris(DC + "type")),
    "description": (SDO.description, SDO.abstract, DCTERMS.description, DCTERMS.abstract, *_iris(DC + "description")),
    "keywords": (SDO.keywords, SDO.about, DCAT.keyword, DCAT.theme, DCTERMS.subject, *_iris(DC + "subject")),
    "license": (SDO.license, DCTERMS.license, DCTERMS.rights, *_iris(DC + "rights")),
    "access": (
        SDO.isAccessibleForFree,
        SDO.conditionsOfAccess,
        DCTERMS.accessRights,
        *_iris(DCATAP + "availability"),
    ),
    "distribution": (SDO.distribution, DCAT.distribution),
    "data_link": (SDO.contentUrl, SDO.downloadUrl, DCAT.downloadURL, DCAT.accessURL, DCAT.endpointURL),
    "landing_page": (SDO.url, SDO.mainEntityOfPage, DCAT.landingPage),
    "parts": (SDO.hasPart, DCTERMS.hasPart),
    "size": (SDO.contentSize, DCAT.byteSize, *_iris("http://www.w3.org/ns/dcat#byteSize")),
    "format": (
        SDO.encodingFormat,
        SDO.fileFormat,
        DCAT.mediaType,
        DCTERMS.format,
        *_iris("http://www.w3.org/ns/dcat#compressFormat"),
    ),
    "variables": (SDO.variableMeasured, *_iris("http://www.w3.org/ns/sosa/observedProperty")),
    "conforms_to": (DCTERMS.conformsTo, SDO.conformsTo, SDO.schemaVersion),
    "related": (
        SDO.citation,
        SDO.isBasedOn,
        SDO.isPartOf,
        SDO.hasPart,
        SDO.sameAs,
        SDO.relatedLink,
        SDO.subjectOf,
        SDO.workExample,
        SDO.exampleOfWork,
        DCTERMS.relation,
        DCTERMS.references,
        DCTERMS.isReferencedBy,
        DCTERMS.isVersionOf,
        DCTERMS.hasVersion,
        DCTERMS.isPartOf,
        DCTERMS.hasPart,
        DCTERMS.source,
        DCTERMS.requires,
        DCAT.qualifiedRelation,
        *_iris(PROV + "wasDerivedFrom", PROV + "wasRevisionOf", DATACITE + "isDerivedFrom"),
    ),
    "provenance": (
        SDO.isBasedOn,
        DCTERMS.provenance,
        DCTERMS.source,
        *_iris(PROV + "wasDerivedFrom", PROV + "wasGeneratedBy"),
    ),
    "conditions": (SDO.conditionsOfAccess, DCTERMS.accessRights, DCAT.accessService, DCAT.contactPoint),
}

AGENT_ELEMENTS = ("creator", "contributor", "publisher")
_SDO_FILE = URIRef(str(SDO) + "File")
_RDF_TYPE = RDF.type  # bound once: a namespace attribute costs a lookup and a new URIRef each time
_DC_TITLE = URIRef(DC + "title")


@dataclass
class RecordView:
    """Read elements of one record from its graph.

    Each node's statements are read from the graph once and kept by predicate: the thirty metric
    tests ask for some fifty elements per record, and a sample sheet has thousands of records.
    """

    graph: Graph
    node: Node
    index: NodeStatements | None = field(default=None, repr=False)  # the source's, when shared
    _values: dict[tuple[str, Node | None], list[Node]] = field(default_factory=dict, repr=False)

    def _statements(self, node: Node) -> Mapping[Node, list[Node]]:
        if self.index is None:
            self.index = NodeStatements(self.graph)
        return self.index.of(node)

    def objects(self, node: Node, predicate: Node) -> list[Node]:
        """The node's values of one predicate (``graph.objects`` from the read-once statements)."""
        return self._statements(node).get(predicate, [])

    def value(self, node: Node, predicate: Node) -> Node | None:
        """One value of the predicate on the node, or None (``graph.value``)."""
        found = self._statements(node).get(predicate)
        return found[0] if found else None

    def predicates(self, node: Node | None = None) -> list[Node]:
        """The predicates the node (default: the record) has values for."""
        return list(self._statements(self.node if node is None else node))

    def has_type(self, node: Node, rdf_type: Node) -> bool:
        """True when the node is typed ``rdf_type``."""
        return rdf_type in self._statements(node).get(_RDF_TYPE, ())

    def values(self, element: str, node: Node | None = None) -> list[Node]:
        """All values of an element on the record (or on ``node``), in a stable order (a new list:
        the caller may extend it)."""
        return list(self._element(element, node))

    def _element(self, element: str, node: Node | None) -> list[Node]:
        """The values of an element, read once per record and node (the tests ask some fifty times
        per record; the list must not be changed)."""
        found = self._values.get((element, node))  # node None: the record itself
        if found is None:
            statements = self._statements(self.node if node is None else node)
            # first occurrence order, each value once: a dict, since a list's `in` made a record
            # with thousands of keywords quadratic (Literal.__eq__ per pair)
            unique: dict[Node, None] = {}
            for predicate in ELEMENTS[element]:
                for value in statements.get(predicate, ()):
                    unique.setdefault(value, None)
            found = list(unique)
            self._values[(element, node)] = found
        return found

    def has(self, element: str, node: Node | None = None) -> bool:
        """True when the element has at least one non-empty value."""
        return any(not (isinstance(v, Literal) and not str(v).strip()) for v in self._element(element, node))

    def distributions(self) -> list[Node]:
        """The record's distributions (DataDownload, dcat:Distribution) and, for RO-Crates, its File parts."""
        found = self.values("distribution")
        for part in self.values("parts"):
            if self.has_type(part, SDO.MediaObject) or self.has_type(part, _SDO_FILE):
                found.append(part)
        return found

    def agents(self) -> list[Node]:
        """Creators, contributors and publishers (each node once)."""
        out: dict[Node, None] = {}
        for element in AGENT_ELEMENTS:
            for value in self.values(element):
                if not isinstance(value, Literal):
                    out.setdefault(value, None)
        return list(out)

    def text(self, node: Node) -> str:
        """A short text for a node: the literal, the IRI, or the name of a blank node."""
        if isinstance(node, BNode):
            name = self.value(node, SDO.name) or self.value(node, _DC_TITLE)
            return str(name) if name is not None else "an anonymous entity"
        return str(node)
