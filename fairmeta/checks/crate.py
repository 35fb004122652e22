"""The crate check: an RO-Crate's metadata document, and its metadata against its payload.

Every RO-Crate JSON document must be flattened JSON-LD (FM-I1-422): a ``@graph`` list whose
entities refer to one another by ``{"@id": ...}`` only, values being plain JSON or value objects.

For a crate checked as a folder or a zip file (so its payload is known), every data entity with a
relative ``@id`` (a ``File``, or a ``Dataset`` for a folder) must exist in the payload (FM-A1-420),
and every data entity must be reached from the root data entity through ``hasPart``, directly or
through folder entities (FM-F3-421), as RO-Crate 1.1 and 1.2 require. Web-based data entities
(absolute ``@id``) are the identifier check's business.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from urllib.parse import unquote

from rdflib import Graph, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from fairmeta.checks.base import BaseCheck, CheckContext, CheckSkipped
from fairmeta.loaders import LoadedSource, display_id
from fairmeta.loaders.describe import rocrate_root
from fairmeta.model import Finding, Location
from fairmeta.records import Record
from fairmeta.rules import rules_of
from fairmeta.vocab.namespaces import SDO

_FILE = SDO.MediaObject  # the RO-Crate context maps "File" to schema:MediaObject
_FOLDER = SDO.Dataset


class CrateCheck(BaseCheck):
    """Data entities exist in the payload and are listed from the root."""

    name = "crate"

    def __init__(self) -> None:
        self.rules = rules_of(self.name)

    def applies_to(self, source: LoadedSource) -> bool:
        """RO-Crates: JSON-LD documents with a metadata descriptor, or crate folders and zip files."""
        if source.graph is None:
            return False
        return source.payload is not None or (
            isinstance(source.document, dict) and rocrate_root(source.graph) is not None
        )

    def check(self, source: LoadedSource, ctx: CheckContext) -> Iterable[Finding]:
        """The document's form; with a payload, one finding per missing or unlisted data entity."""
        graph = source.graph
        assert graph is not None
        crate = rocrate_root(graph)
        if crate is None:
            raise CheckSkipped("no RO-Crate root data entity")
        descriptor, root = crate
        record = next((r for r in source.records if r.node == root), None)
        findings = list(_not_flattened(source, ctx, record))
        payload = source.payload
        if payload is None:
            ctx.detail = "flattened form (no payload to compare: not a crate folder or zip file)"
            return findings
        folder = source.base.rsplit("/", 1)[0] + "/"
        listed = _reached(graph, root)
        entities = sorted(
            {s for kind in (_FILE, _FOLDER) for s in graph.subjects(RDF.type, kind) if s not in (root, descriptor)},
            key=str,
        )
        checked = 0
        for entity in entities:
            if not isinstance(entity, URIRef) or not str(entity).startswith(folder):
                continue  # a web resource or a blank node: not part of the payload
            relative = unquote(str(entity)[len(folder) :])
            if "#" in relative or "?" in relative:
                continue  # a local identifier ("#sample-1"), which need not be in the payload
            checked += 1
            is_folder = (entity, RDF.type, _FOLDER) in graph
            wanted = relative.rstrip("/") + "/" if is_folder else relative
            shown = display_id(entity, source.base, source.parsed.locator if source.parsed else None)
            pointer, line = record.locate(entity) if record is not None else (None, None)
            where = Location(source.source, pointer=pointer, line=line, focus_node=shown, value=relative)
            if wanted not in payload and (is_folder or relative not in payload):
                kind = "folder" if is_folder else "file"
                findings.append(
                    ctx.finding(
                        "FM-A1-420",
                        f"The crate lists the {kind} {relative!r}, but its payload has no such {kind}.",
                        where,
                        record=record,
                    )
                )
            if entity not in listed:
                findings.append(
                    ctx.finding(
                        "FM-F3-421",
                        f"The data entity {relative!r} is not reached from the root data entity through hasPart.",
                        where,
                        record=record,
                    )
                )
        ctx.detail = f"{checked} data entit(y/ies) against {len(payload)} payload entr(y/ies)"
        return findings


def _not_flattened(source: LoadedSource, ctx: CheckContext, record: Record | None) -> Iterable[Finding]:
    """FM-I1-422 for every nested object that is neither a reference nor a value object."""
    document = source.parsed.document if source.parsed else None
    if document is None:
        return  # not a JSON-LD document (Turtle, a graph): there is no JSON form to judge
    graph = document.get("@graph") if isinstance(document, dict) else None
    if not isinstance(graph, list):
        yield ctx.finding(
            "FM-I1-422",
            "The RO-Crate metadata document has no @graph list of entities.",
            Location(source.source, pointer=""),
            record=record,
        )
        return
    for index, entity in enumerate(graph):
        if not isinstance(entity, dict):
            continue
        for key, value in entity.items():
            if key.startswith("@"):
                continue
            for pointer, problem in _nested(value, f"/@graph/{index}/{_escape(key)}"):
                name = entity.get("@id", f"entity {index}")
                yield ctx.finding(
                    "FM-I1-422",
                    f"The value of {key!r} of {name!r} {problem}.",
                    Location(source.source, pointer=pointer, focus_node=str(name), path=key),
                    record=record,
                )


def _nested(value: object, pointer: str) -> Iterable[tuple[str, str]]:
    """(pointer, what is wrong) for each object in a property value that breaks the flattened form."""
    if isinstance(value, list):
        for index, item in enumerate(value):
            yield from _nested(item, f"{pointer}/{index}")
        return
    if not isinstance(value, dict):
        return
    if "@value" in value:
        if "@id" in value:
            yield pointer, "has both @id and @value (a value object is a literal, not an entity)"
        elif "@language" in value and "@type" in value:
            yield pointer, "is a value object with both @language and @type"
        elif "@language" in value and not isinstance(value["@value"], str):
            yield pointer, "is a value object with @language but a @value that is not a string"
        return
    if "@id" not in value or len(value) > 1:
        yield pointer, "is a nested entity, not a reference: RO-Crate documents are flattened (only @id here)"


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def _reached(graph: Graph, root: Node) -> set[Node]:
    """Everything the root lists through hasPart, directly or through folder entities."""
    seen: set[Node] = set()
    todo = deque([root])
    while todo:
        node = todo.popleft()
        for part in graph.objects(node, SDO.hasPart):
            if part not in seen:
                seen.add(part)
                todo.append(part)
    return seen
