"""Find the ontology-term references of a record.

Counted: IRIs and CURIEs in the properties that hold terms (``about``, ``additionalType``,
``measurementTechnique``, ``keywords``, ``termCode``, ``variableMeasured`` and the ``propertyID`` /
``valueReference`` / ``unitCode`` of its PropertyValues, ``dcat:theme``, ``dct:subject``,
``dct:type``), the ``DefinedTerm`` nodes they lead to, and anywhere in the record's description any
OBO PURL, identifiers.org, bioregistry.io or n2t.net IRI. A CURIE left unexpanded counts only in those
properties (elsewhere ``internal:x`` may be a private URI scheme). Free-text keywords are not terms:
a literal counts only when it is a CURIE with a registered prefix (or any CURIE in ``termCode``).
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDFS, SKOS
from rdflib.term import Node

from fairmeta.records import Record
from fairmeta.vocab.namespaces import SDO
from fairmeta.vocab.terms import TermId, looks_like_curie, parse_term

TERM_PROPERTIES = frozenset(
    (
        SDO.about,
        SDO.additionalType,
        SDO.measurementTechnique,
        SDO.keywords,
        SDO.termCode,
        SDO.variableMeasured,
        SDO.propertyID,
        SDO.valueReference,
        SDO.unitCode,
        DCAT.theme,
        DCTERMS.subject,
        DCTERMS.type,
    )
)
# on a DefinedTerm, these name the term itself (its label is the DefinedTerm's name)
SELF_PROPERTIES = frozenset((SDO.termCode, SDO.url, SDO.sameAs, SDO.identifier))
LABEL_PROPERTIES = (SDO.name, RDFS.label, SKOS.prefLabel)
_TERM_HOSTS = (
    "http://purl.obolibrary.org/obo/",
    "https://purl.obolibrary.org/obo/",
    "http://identifiers.org/",
    "https://identifiers.org/",
    "http://bioregistry.io/",
    "https://bioregistry.io/",
    "https://n2t.net/",
    "http://n2t.net/",
)


@dataclass(frozen=True)
class TermRef:
    """One term reference of a record: where it is written and what it names."""

    record: Record
    subject: Node
    predicate: URIRef
    value: Node
    term: TermId
    label: str | None  # the label the record gives the term, if any


def label_of(record: Record, node: Node) -> str | None:
    """The node's name / rdfs:label / skos:prefLabel, if the record gives one."""
    statements = record.statements(node)
    for predicate in LABEL_PROPERTIES:
        for value in statements.get(predicate, ()):
            if isinstance(value, Literal) and str(value).strip():
                return str(value).strip()
    return None


def find_terms(
    record: Record,
    other_records: frozenset[Node] = frozenset(),
    depth: int = 4,
    term_properties: frozenset[Node] = frozenset(),
    memo: dict[tuple[Node, Node], tuple[TermId, str | None] | None] | None = None,
) -> list[TermRef]:
    """Every term reference in the record's description (not descending into other records).

    ``term_properties``: further properties whose values are terms (a LinkML schema's slots with an
    ontology-term range): there, like in ``termCode``, a CURIE with an unknown prefix counts too.
    ``memo``: what a (property, value) pair names, shared by the records of one source (the rows
    of a sheet repeat their terms); a pair whose label comes from its subject is not kept.
    """
    found: list[TermRef] = []
    seen: set[tuple[Node, Node, Node]] = set()
    visited = {record.node}
    frontier = [record.node]
    for _ in range(depth):
        following: list[Node] = []
        for subject in frontier:
            for predicate, values in record.statements(subject).items():
                assert isinstance(predicate, URIRef)
                for value in values:
                    if memo is None or predicate in SELF_PROPERTIES:
                        ref = _reference(record, subject, predicate, value, term_properties)
                    elif (predicate, value) in memo:
                        known = memo[(predicate, value)]
                        ref = TermRef(record, subject, predicate, value, *known) if known else None
                    else:
                        ref = _reference(record, subject, predicate, value, term_properties)
                        memo[(predicate, value)] = (ref.term, ref.label) if ref is not None else None
                    if ref is not None:
                        key = (ref.subject, ref.predicate, ref.value)
                        if key not in seen:
                            seen.add(key)
                            found.append(ref)
                    if isinstance(value, Literal) or value in visited or value in other_records:
                        continue
                    visited.add(value)
                    following.append(value)
        frontier = following
    return found


def _reference(
    record: Record, subject: Node, predicate: URIRef, value: Node, term_properties: frozenset[Node]
) -> TermRef | None:
    text = str(value)
    declared = predicate in term_properties  # the schema says this property holds terms
    in_term_property = declared or predicate in TERM_PROPERTIES
    if isinstance(value, Literal):
        if not in_term_property and predicate not in SELF_PROPERTIES:
            return None
        if not looks_like_curie(text.strip()):
            return None
        term = parse_term(text)
        if term is None or (term.entry is None and predicate != SDO.termCode and not declared):
            return None
        # a DefinedTerm's termCode is labelled by the DefinedTerm's name; a keyword is not labelled
        label = label_of(record, subject) if predicate in SELF_PROPERTIES else None
        return TermRef(record, subject, predicate, value, term, label)
    if not isinstance(value, URIRef):
        return None
    if not (in_term_property or text.startswith(_TERM_HOSTS)):
        return None  # elsewhere only ontology IRIs count (a "prefix:name" IRI may be a private scheme)
    term = parse_term(text)
    if term is None:
        return None
    label = label_of(record, value)
    if label is None and predicate in SELF_PROPERTIES:
        label = label_of(record, subject)  # a DefinedTerm's url / sameAs: its name labels the term
    return TermRef(record, subject, predicate, value, term, label)
