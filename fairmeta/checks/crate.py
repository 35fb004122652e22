"""The crate check: an RO-Crate's metadata against the payload that is really there.

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
        """RO-Crates whose payload is known (a crate folder or zip file)."""
        return source.payload is not None and source.graph is not None

    def check(self, source: LoadedSource, ctx: CheckContext) -> Iterable[Finding]:
        """One finding per missing or unlisted data entity."""
        graph, payload = source.graph, source.payload
        assert graph is not None
        assert payload is not None
        crate = rocrate_root(graph)
        if crate is None:
            raise CheckSkipped("no RO-Crate root data entity")
        descriptor, root = crate
        folder = source.base.rsplit("/", 1)[0] + "/"
        record = next((r for r in source.records if r.node == root), None)
        listed = _reached(graph, root)
        findings: list[Finding] = []
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
