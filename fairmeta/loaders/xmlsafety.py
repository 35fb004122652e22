"""Refuse XML that declares entities or points at external resources, before any parser sees it.

RDF/XML goes to rdflib's SAX parser afterwards. defusedxml raises on every entity declaration
(the billion-laughs and quadratic-blowup bombs) and every external reference (XXE, which would
read local files or reach the network), so rdflib only ever receives plain, self-contained XML.
"""

from __future__ import annotations

from typing import Any

import defusedxml
import defusedxml.ElementTree


class UnsafeXmlError(ValueError):
    """The XML declares an entity or an external reference; it is not parsed."""


RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"


def xml_root(data: bytes) -> str:
    """The root element's tag (``{namespace}local``) of XML that declares no entity and refers to no
    external resource; :class:`UnsafeXmlError` for those, ``ValueError`` for bad XML."""
    return str(safe_root(data).tag)


def safe_root(data: bytes) -> Any:
    """The parsed root element of XML that declares no entity and refers to no external resource
    (a DOCTYPE naming a DTD is read, the DTD is not); :class:`UnsafeXmlError`, ``ValueError``."""
    try:
        root = defusedxml.ElementTree.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except defusedxml.EntitiesForbidden as exc:
        raise UnsafeXmlError(f"XML declares the entity {exc.name!r}; entity declarations are refused") from None
    except defusedxml.ExternalReferenceForbidden as exc:
        target = exc.sysid or exc.pubid or "an external resource"
        raise UnsafeXmlError(f"XML refers to external resource {target!r}; external references are refused") from None
    except defusedxml.DefusedXmlException as exc:
        raise UnsafeXmlError(f"XML construct refused: {exc}") from None
    except Exception as exc:  # xml.etree.ElementTree.ParseError and friends: a plain syntax error
        raise ValueError(f"invalid XML: {exc}") from None
    return root


def ensure_safe_xml(data: bytes, root: str | None = None) -> None:
    """Raise :class:`UnsafeXmlError` for entity declarations or external references, ``ValueError``
    for bad XML or XML that is not RDF/XML (ISO 19115, re3data XML are other formats).

    ``root``: the tag :func:`xml_root` already returned for these bytes (the XML is not parsed again)."""
    tag = root if root is not None else xml_root(data)
    # rdflib would read any XML as RDF/XML and invent statements from its element names.
    if tag != f"{{{RDF_NS}}}RDF" and RDF_NS.encode() not in data:
        raise ValueError(f"the XML is not RDF/XML or DataCite XML (root element {tag}); no other XML is read")
