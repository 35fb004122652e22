"""Read DataCite XML (kernel 4, also 3) into DataCite JSON, remembering each element's line.

The XML has already passed :func:`fairmeta.loaders.xmlsafety.xml_root` (no entity declarations,
no external references), so expat only ever sees plain, self-contained XML. The JSON form is the
one the DataCite REST API serves (``creators[].nameIdentifiers``, ``rightsList[].rightsUri``...),
so one crosswalk (``datacite.py``) serves both syntaxes.
"""

from __future__ import annotations

import xml.parsers.expat
from dataclasses import dataclass, field
from typing import Any

DATACITE_NAMESPACES = (
    "http://datacite.org/schema/kernel-4",
    "http://datacite.org/schema/kernel-3",
)
MAX_DEPTH = 64  # DataCite's deepest element is six levels down; deeper is not DataCite

# wrapper element -> its repeated child; the wrapper becomes a JSON list
LISTS = {
    "creators": "creator",
    "contributors": "contributor",
    "titles": "title",
    "subjects": "subject",
    "dates": "date",
    "alternateIdentifiers": "alternateIdentifier",
    "relatedIdentifiers": "relatedIdentifier",
    "sizes": "size",
    "formats": "format",
    "rightsList": "rights",
    "descriptions": "description",
    "geoLocations": "geoLocation",
    "fundingReferences": "fundingReference",
    "relatedItems": "relatedItem",
}
# repeatable child -> the list key it goes under in its parent
REPEATED = {"nameIdentifier": "nameIdentifiers", "affiliation": "affiliation", "polygonPoint": "polygonPoints"}
# child elements whose text and attributes belong to the parent object
MERGED = {"creatorName", "contributorName", "funderIdentifier", "awardNumber"}
# the JSON key an element's text goes under when it also has attributes
TEXT_KEY = {"creatorName": "name", "contributorName": "name", "affiliation": "name", "publisher": "name"}


@dataclass
class _Element:
    tag: str
    attributes: dict[str, str]
    line: int
    children: list[_Element] = field(default_factory=list)
    text: list[str] = field(default_factory=list)

    @property
    def content(self) -> str:
        return " ".join("".join(self.text).split())


class DataciteXmlError(ValueError):
    """The XML is not DataCite XML this reader can read."""


def is_datacite_root(tag: str) -> bool:
    """True for the root tag of DataCite XML (``{http://datacite.org/schema/kernel-4}resource``)."""
    return any(tag == f"{{{ns}}}resource" for ns in DATACITE_NAMESPACES)


def read_datacite_xml(data: bytes) -> tuple[dict[str, Any], dict[str, int]]:
    """DataCite XML as DataCite JSON, and the line of the element each JSON Pointer came from."""
    root = _parse(data)
    lines: dict[str, int] = {"": root.line}
    document = _object(root, "", lines)
    identifier = document.get("identifier")
    if isinstance(identifier, dict) and str(identifier.get("identifierType", "")).upper() == "DOI":
        document["doi"] = identifier.get("identifier")
        lines["/doi"] = lines.get("/identifier", root.line)
    resource_type = document.pop("resourceType", None)
    if resource_type is not None:
        types = resource_type if isinstance(resource_type, dict) else {"resourceType": resource_type}
        document["types"] = types
        lines["/types"] = lines.get("/resourceType", root.line)
        lines["/types/resourceType"] = lines["/types"]
    return document, lines


def _parse(data: bytes) -> _Element:
    parser = xml.parsers.expat.ParserCreate(namespace_separator="}")
    parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)
    stack: list[_Element] = []
    roots: list[_Element] = []

    def start(name: str, attributes: dict[str, str]) -> None:
        if len(stack) >= MAX_DEPTH:
            raise DataciteXmlError(f"elements nested deeper than {MAX_DEPTH} levels")
        element = _Element(_local(name), {_attribute(k): v for k, v in attributes.items()}, parser.CurrentLineNumber)
        (stack[-1].children if stack else roots).append(element)
        stack.append(element)

    def end(name: str) -> None:
        stack.pop()

    def text(value: str) -> None:
        if stack:
            stack[-1].text.append(value)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError as exc:
        raise DataciteXmlError(f"invalid XML: {exc}") from None
    return roots[0]


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def _attribute(name: str) -> str:
    local = _local(name)
    if name.startswith("http://www.w3.org/XML/1998/namespace"):
        return local  # xml:lang -> lang
    return local[:-3] + "Uri" if local.endswith("URI") else local


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def _value(element: _Element, pointer: str, lines: dict[str, int]) -> Any:
    lines[pointer] = element.line
    if element.tag in LISTS:
        return [_value(child, f"{pointer}/{i}", lines) for i, child in enumerate(element.children)]
    if not element.children and not element.attributes:
        return element.content
    return _object(element, pointer, lines)


def _object(element: _Element, pointer: str, lines: dict[str, int]) -> dict[str, Any]:
    out: dict[str, Any] = dict(element.attributes)
    for key in element.attributes:
        lines[f"{pointer}/{_escape(key)}"] = element.line
    text = element.content
    if text and (element.children == [] or element.tag not in LISTS):
        key = TEXT_KEY.get(element.tag, element.tag)
        out[key] = text
        lines[f"{pointer}/{_escape(key)}"] = element.line
    for child in element.children:
        if child.tag in MERGED:
            merged = _object(child, pointer, lines)
            for key, value in merged.items():
                out.setdefault(key, value)
            continue
        if child.tag in REPEATED:
            key = REPEATED[child.tag]
            items = out.setdefault(key, [])
            if isinstance(items, list):
                index = len(items)
                items.append(_value(child, f"{pointer}/{key}/{index}", lines))
                lines.setdefault(f"{pointer}/{key}", child.line)
            continue
        key = child.tag
        child_pointer = f"{pointer}/{_escape(key)}"
        value = _value(child, child_pointer, lines)
        if key in out:  # a repeated element DataCite does not wrap: keep them all
            existing = out[key] if isinstance(out[key], list) and key not in LISTS else [out[key]]
            out[key] = [*existing, value]
        else:
            out[key] = value
    return out


def line_of(lines: dict[str, int], pointer: str) -> int | None:
    """The line of the element a pointer of the JSON form came from (its nearest ancestor's)."""
    while True:
        if pointer in lines:
            return lines[pointer]
        if not pointer:
            return None
        pointer = pointer.rsplit("/", 1)[0]
