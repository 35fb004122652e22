"""How IRIs and property paths are shown in reports: CURIEs of well-known prefixes, SHACL paths."""

from __future__ import annotations

from functools import cache

from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH, NamespaceManager
from rdflib.term import Node

_PREFIXES = {
    "schema": "http://schema.org/",
    "dct": "http://purl.org/dc/terms/",
    "dcat": "http://www.w3.org/ns/dcat#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "dcatap": "http://data.europa.eu/r5r/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "prov": "http://www.w3.org/ns/prov#",
    "adms": "http://www.w3.org/ns/adms#",
    "bioschemas": "https://bioschemas.org/",
    "sh": "http://www.w3.org/ns/shacl#",
}


@cache
def _namespace_manager() -> NamespaceManager:
    # Built on first use: binding rdflib's ~30 namespaces costs ~8 ms that a run without
    # findings never needs.
    manager = NamespaceManager(Graph(), bind_namespaces="rdflib")
    for prefix, namespace in _PREFIXES.items():
        manager.bind(prefix, namespace, override=True, replace=True)
    return manager


def curie(node: Node) -> str:
    """Render an IRI as a CURIE when a well-known prefix fits, else as the IRI."""
    if isinstance(node, URIRef):
        try:
            return _namespace_manager().normalizeUri(node).strip("<>")
        except Exception:  # rdflib refuses some IRIs as qnames; the full IRI is fine
            return str(node)
    return str(node)


def expand_curie(text: str) -> URIRef | None:
    """The IRI a CURIE of :func:`curie` stands for (``schema:license``), or None when it is no such CURIE."""
    prefix, sep, local = text.partition(":")
    if not sep or local.startswith("/") or " " in text:
        return None
    namespace = dict(_namespace_manager().namespaces()).get(prefix)
    return URIRef(str(namespace) + local) if namespace is not None else None


def render_path(shapes: Graph, path: Node | None) -> str | None:
    """Render a SHACL property path the way a person writes it (``dct:conformsTo|schema:conformsTo``)."""
    if path is None:
        return None
    if isinstance(path, URIRef):
        return curie(path)
    alternatives = shapes.value(path, SH.alternativePath)
    if alternatives is not None:
        return "|".join(render_path(shapes, p) or "?" for p in Collection(shapes, alternatives))
    inverse = shapes.value(path, SH.inversePath)
    if inverse is not None:
        return f"^{render_path(shapes, inverse)}"
    for modifier, mark in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?")):
        inner = shapes.value(path, modifier)
        if inner is not None:
            return f"{render_path(shapes, inner)}{mark}"
    if (path, RDF.first, None) in shapes:
        return "/".join(render_path(shapes, p) or "?" for p in Collection(shapes, path))
    return None
