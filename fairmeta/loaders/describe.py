"""Pick the described resources out of a graph: one Record per dataset, catalogue, software, ...

The rules, in order:

1. An RO-Crate (a metadata descriptor that is ``about`` something and conforms to an RO-Crate
   spec, or is named ``ro-crate-metadata.json``) describes exactly one resource: its root data entity.
2. Otherwise every node typed as a describable resource (schema.org Dataset, DataCatalog,
   SoftwareSourceCode, SoftwareApplication, ComputationalWorkflow, DCAT Catalog, Dataset,
   DataService, DatasetSeries, ...) is a record: a catalogue and each of its datasets. Such a
   node is context, not a record, when another of them points at it other than by listing it
   (dcat:dataset, schema:dataset, ...): the DataCatalog of a dataset's includedInDataCatalog.
   A node that only names or types a resource (its type, identifier, url, sameAs and nothing
   else) is a reference to it, not a description: not a record while anything else is.
3. Otherwise, in JSON-LD, the typed top-level objects of the document; else the typed nodes
   nothing (but themselves) points at (the roots of the description).
4. Otherwise the subjects nothing points at, then any subject, so no graph with triples is
   left without a record.
"""

from __future__ import annotations

from collections.abc import Callable

from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF
from rdflib.term import Node

from fairmeta.vocab.namespaces import BIOSCHEMAS, ROCRATE_SPEC, SDO

RECORD_TYPES: tuple[URIRef, ...] = (
    SDO.Dataset,
    SDO.DataCatalog,
    SDO.SoftwareSourceCode,
    SDO.SoftwareApplication,
    SDO.ComputationalWorkflow,
    BIOSCHEMAS.ComputationalWorkflow,
    URIRef("https://bioschemas.org/terms/ComputationalWorkflow"),
    DCAT.Catalog,
    DCAT.Dataset,
    DCAT.DataService,
    URIRef("http://www.w3.org/ns/dcat#DatasetSeries"),  # DCAT 3; rdflib's DCAT namespace predates it
)


def rocrate_root(graph: Graph) -> tuple[Node, Node] | None:
    """Return ``(descriptor, root)`` when the graph is an RO-Crate, else ``None``."""
    for descriptor, root in graph.subject_objects(SDO.about):
        name = str(descriptor)
        conforms = [str(c) for p in (DCTERMS.conformsTo, SDO.conformsTo) for c in graph.objects(descriptor, p)]
        if name.endswith("ro-crate-metadata.json") or name.endswith("ro-crate-metadata.jsonld"):
            return descriptor, root
        if any(c.startswith(ROCRATE_SPEC) for c in conforms):
            return descriptor, root
    return None


def described_nodes(graph: Graph, top_level: Callable[[Node], bool] | None = None) -> list[Node]:
    """Return the nodes of the described resources, in a stable order.

    :param top_level: for JSON-LD, tells whether a node is a top-level object of the document (the
        root object, an element of the top-level array or of ``@graph``); those are what a
        document describes when none of its nodes has a describable type.
    """
    crate = rocrate_root(graph)
    if crate is not None:
        return [crate[1]]
    typed = {s for t in RECORD_TYPES for s in graph.subjects(RDF.type, t)}
    described = {node for node in typed if not _is_context(graph, node, typed) and not reference_only(graph, node)}
    if described or typed:
        return sorted(described or typed, key=_order_key)
    if top_level is not None:
        tops = {s for s in graph.subjects(RDF.type, None) if top_level(s)}
        if tops:
            return sorted(tops, key=_order_key)
    # A node that only points at itself ("provider": itself) is still a root.
    objects = {o for s, _, o in graph if s != o}
    typed_roots = {s for s in graph.subjects(RDF.type, None) if s not in objects}
    if typed_roots:
        return sorted(typed_roots, key=_order_key)
    roots = {s for s in graph.subjects() if s not in objects}
    if roots:
        return sorted(roots, key=_order_key)
    subjects = sorted(set(graph.subjects()), key=_order_key)
    return subjects[:1]


# A resource listed by one of these is still described in its own right (a catalogue's datasets);
# one reached through any other property (includedInDataCatalog, isBasedOn, ...) is context.
MEMBERSHIP = frozenset(
    {
        DCAT.dataset,
        DCAT.service,
        DCAT.catalog,
        URIRef("http://www.w3.org/ns/dcat#seriesMember"),
        SDO.dataset,
    }
)


# What a mere reference to a resource says of it: its type and the names it goes by.
NAMING = frozenset({RDF.type, SDO.identifier, DCTERMS.identifier, SDO.url, SDO.sameAs})


def reference_only(graph: Graph, node: Node) -> bool:
    """True for a resource of a record type that is only named or typed here, by a property other
    than a catalogue's listing (``"citation": {"@type": "Dataset", "@id": "https://doi.org/…"}``):
    a reference to something described elsewhere, checked as a reference (its identifier), not
    judged as a record. A dataset a catalogue lists stays a record even when bare."""
    if not any((node, RDF.type, kind) in graph for kind in RECORD_TYPES):
        return False
    if any(predicate in MEMBERSHIP for predicate in graph.predicates(None, node)):
        return False
    return all(predicate in NAMING for predicate in graph.predicates(node, None))


def _is_context(graph: Graph, node: Node, typed: set[Node]) -> bool:
    """True when another described resource points at ``node`` other than by listing it."""
    return any(s in typed and s != node and p not in MEMBERSHIP for s, p in graph.subject_predicates(node))


def _order_key(node: Node) -> tuple[int, str]:
    # IRIs first (they are the resources people named), then blank nodes; alphabetical within.
    return (0 if isinstance(node, URIRef) else 1, str(node))
