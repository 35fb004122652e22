"""RDF namespaces used across fairmeta, and the http/https schema.org normalisation."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, SH, Namespace

SDO = Namespace("http://schema.org/")
SDO_HTTPS = "https://schema.org/"
BIOSCHEMAS = Namespace("https://bioschemas.org/")
FM = Namespace("https://w3id.org/fairmeta/ns#")
FMR = Namespace("https://w3id.org/fairmeta/rules/")
ROCRATE_SPEC = "https://w3id.org/ro/crate/"

__all__ = ["BIOSCHEMAS", "DCAT", "DCTERMS", "FM", "FMR", "RDF", "ROCRATE_SPEC", "SDO", "SH"]


def _to_http(term: object) -> object:
    if isinstance(term, URIRef) and term.startswith(SDO_HTTPS):
        return URIRef("http://schema.org/" + term[len(SDO_HTTPS) :])
    if isinstance(term, Literal) and term.datatype and term.datatype.startswith(SDO_HTTPS):
        return Literal(term, datatype=_to_http(term.datatype))  # type: ignore[arg-type]
    return term


def normalise_schemaorg(graph: Graph) -> int:
    """Rewrite ``https://schema.org/`` terms to ``http://schema.org/`` in place; return the count.

    schema.org publishes both namespaces as equivalent. Shapes, metrics and users then only
    need to think about one of them, whichever the record used.
    """
    changed = [t for t in graph if any(_to_http(x) is not x for x in t)]
    for triple in changed:
        graph.remove(triple)
        graph.add(tuple(_to_http(x) for x in triple))  # type: ignore[arg-type]
    return len(changed)
