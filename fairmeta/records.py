"""The record model: one described resource in a loaded graph, and locators back to the file.

A *source* (file, string or graph) is loaded into one rdflib graph. Each described resource in it
(a schema:Dataset, a dcat:Catalog, the RO-Crate root data entity, ...) becomes a :class:`Record`.
Records of one source share the graph and the :class:`Locator`, which maps a node (and optionally a
predicate) back to a JSON Pointer or a line for reports.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, TypeVar

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

T = TypeVar("T")

_LOCAL_NAME = re.compile(r"[^/#:]+$")


def local_name(iri: str) -> str:
    """Return the part of an IRI after its last ``/``, ``#`` or ``:``."""
    match = _LOCAL_NAME.search(iri)
    return match.group(0) if match else iri


class Locator:
    """Map graph nodes back to positions in the source; the base class knows nothing.

    Subclasses implement :meth:`_locate_iri` (and :meth:`_locate_property`); blank nodes are found
    through the triple that points at them, since no syntax gives them a stable name.
    """

    def __init__(self, graph: Graph | None = None) -> None:
        self.graph = graph

    def locate(self, node: Node | None, path: Node | None = None) -> tuple[str | None, int | None]:
        """Return ``(json_pointer, line)`` for ``node`` (and ``path`` on it), each ``None`` if unknown."""
        if node is None:
            return None, None
        if path is not None and isinstance(path, URIRef):
            found = self._locate_property(node, path, set())
            if found != (None, None):
                return found
        return self._locate_node(node, set())

    def _locate_node(self, node: Node, seen: set[Node]) -> tuple[str | None, int | None]:
        if isinstance(node, URIRef):
            found = self._locate_iri(str(node))
            if found != (None, None):
                return found
        if self.graph is None or node in seen:
            return None, None
        seen.add(node)
        for subject, predicate in self.graph.subject_predicates(node):
            if not isinstance(predicate, URIRef):
                continue
            found = self._locate_property(subject, predicate, seen, child=node)
            if found != (None, None):
                return found
        return self._locate_orphan(node)

    def _locate_orphan(self, node: Node) -> tuple[str | None, int | None]:
        """Locate a node nothing points at and no syntax names (a top-level blank node)."""
        return None, None

    def _locate_iri(self, iri: str) -> tuple[str | None, int | None]:
        return None, None

    def _locate_property(
        self, node: Node, predicate: URIRef, seen: set[Node], child: Node | None = None
    ) -> tuple[str | None, int | None]:
        return None, None


class JsonPointerLocator(Locator):
    """Locate nodes in a JSON-LD document by the JSON Pointer of the object that describes them."""

    def __init__(
        self,
        document: Any,
        base: str,
        graph: Graph | None = None,
        prefix: str = "",
        context: Any = None,
        active_context: Any = None,
    ) -> None:
        super().__init__(graph)
        self.document = document
        self.base = base
        # the inlined top-level @context, expanded only when a key needs it; or, already processed
        # (fairmeta.loaders.prepared), rdflib's active context of the document
        self._context_source: Any = context if active_context is None else True
        self._context: Any = active_context
        self._expanded_keys: dict[str, str | None] = {}
        self._by_id: dict[str, str] = {}
        self._refs: dict[str, str] = {}
        self._objects: dict[str, Any] = {}
        self._index(document, prefix)
        for node_id, pointer in self._refs.items():
            self._by_id.setdefault(node_id, pointer)

    def _index(self, value: Any, pointer: str) -> None:
        if isinstance(value, dict):
            self._objects[pointer] = value
            node_id = value.get("@id", value.get("id"))
            if isinstance(node_id, str) and "@value" not in value:
                if len(value) > 1:  # the object that describes the node, not a bare reference to it
                    self._by_id.setdefault(node_id, pointer)
                else:
                    self._refs.setdefault(node_id, pointer)
            for key, item in value.items():
                if key != "@context":
                    self._index(item, f"{pointer}/{_escape(key)}")
        elif isinstance(value, list):
            for i, item in enumerate(value):
                self._index(item, f"{pointer}/{i}")

    def _locate_iri(self, iri: str) -> tuple[str | None, int | None]:
        pointer = self._by_id.get(iri)
        if pointer is None:
            pointer = self._by_id.get(_relative(iri, self.base))
        if pointer is None:
            # Compact IRIs ("ex:thing") expand through the context; match on the local part.
            for raw, candidate in self._by_id.items():
                head, sep, tail = raw.partition(":")
                if sep and tail and not tail.startswith("//") and iri.endswith(tail) and head:
                    pointer = candidate
                    break
        return (pointer, None) if pointer is not None else (None, None)

    def value_pointer(self, subject: Node, predicate: URIRef, value: Node) -> str | None:
        """The JSON Pointer of the exact JSON string that holds ``value`` of ``subject predicate``.

        Points inside ``{"@id": …}`` / ``{"@value": …}`` wrappers, so a JSON Patch ``replace``
        there changes only the value.
        """
        pointer, _ = self._locate_property(subject, predicate, set(), child=value)
        if pointer is None:
            return None
        target = self.resolve(pointer)
        if isinstance(target, list):
            index = _best_index(target, value, self.graph) if self.graph is not None else None
            if index is None:
                return None
            pointer, target = f"{pointer}/{index}", target[index]
        if isinstance(target, dict):
            for key in ("@id", "@value", "id"):
                if isinstance(target.get(key), str):
                    return f"{pointer}/{key}"
            return None
        return pointer if isinstance(target, str) else None

    def node_id_pointer(self, node: Node) -> str | None:
        """The JSON Pointer of the ``@id`` string of the object describing ``node``."""
        pointer, _ = self._locate_node(node, set())
        target = self.resolve(pointer) if pointer is not None else None
        if isinstance(target, dict) and isinstance(target.get("@id"), str):
            return f"{pointer}/@id"
        return None

    def resolve(self, pointer: str) -> Any:
        """The JSON value at an RFC 6901 pointer of the document (``None`` when absent)."""
        value = self.document
        for raw in pointer.split("/")[1:] if pointer else []:
            key = raw.replace("~1", "/").replace("~0", "~")
            if isinstance(value, list) and key.isdigit() and int(key) < len(value):
                value = value[int(key)]
            elif isinstance(value, dict) and key in value:
                value = value[key]
            else:
                return None
        return value

    def _locate_orphan(self, node: Node) -> tuple[str | None, int | None]:
        if self.graph is None:
            return None, None
        candidates = [(p, o) for p, o in self._objects.items() if "@id" not in o and "@value" not in o]
        pointers = [p for p, _ in candidates]
        index = _best_index([o for _, o in candidates], node, self.graph)
        return (pointers[index], None) if index is not None else (None, None)

    def _locate_property(
        self, node: Node, predicate: URIRef, seen: set[Node], child: Node | None = None
    ) -> tuple[str | None, int | None]:
        parent, _ = self._locate_node(node, seen)
        if parent is None:
            return None, None
        obj = self._objects.get(parent)
        if not isinstance(obj, dict):
            return parent, None
        key = _matching_key(obj, str(predicate)) or self._key_by_context(obj, str(predicate))
        if key is None:
            return parent, None
        pointer = f"{parent}/{_escape(key)}"
        value = obj[key]
        if child is not None and isinstance(value, list) and self.graph is not None:
            index = _best_index(value, child, self.graph)
            if index is not None:
                pointer = f"{pointer}/{index}"
        return pointer, None

    def _key_by_context(self, obj: dict[str, Any], predicate: str) -> str | None:
        """The key of ``obj`` that the document's context expands to ``predicate`` (a term whose
        name differs from the IRI's local part: ``associatedWith`` for ``so#associated_with``)."""
        if self._context_source is None:
            return None
        for key in obj:
            if key.startswith("@"):
                continue
            if key not in self._expanded_keys:
                self._expanded_keys[key] = self._expand(key)
            if self._expanded_keys[key] == predicate:
                return key
        return None

    def _expand(self, key: str) -> str | None:
        if self._context is None:
            from rdflib.plugins.shared.jsonld.context import Context

            try:
                self._context = Context(self._context_source, base=self.base)
            except Exception:  # a context rdflib parsed the document with, but that we cannot rebuild
                self._context_source = None
                return None
        try:
            expanded = self._context.expand(key)
        except Exception:
            return None
        return str(expanded) if expanded is not None else None


class LineLocator(Locator):
    """Locate nodes in a text RDF source (Turtle, N-Triples, RDF/XML, ...) by first line of mention."""

    _IRI = re.compile(r"""[<"']([^>"'\s]+)[>"']""")
    _QNAME = re.compile(r"(?<![\w<\"'/#.:-])([A-Za-z][\w.-]*)?:([\w.-]*\w)")

    def __init__(self, text: str, graph: Graph | None = None) -> None:
        super().__init__(graph)
        self._lines: dict[str, list[int]] = {}
        self._subject_lines: dict[str, int] = {}
        for number, line in enumerate(text.splitlines(), start=1):
            stripped = line.lstrip()
            for match in self._IRI.finditer(line):
                self._add(match.group(1), number, stripped.startswith(match.group(0)))
            for match in self._QNAME.finditer(line):
                self._add(match.group(0), number, stripped.startswith(match.group(0)))

    def _add(self, token: str, number: int, at_start: bool) -> None:
        self._lines.setdefault(token, []).append(number)
        if at_start:  # where a Turtle/N-Triples block about the node starts
            self._subject_lines.setdefault(token, number)

    def _candidates(self, iri: str) -> Iterator[str]:
        yield iri
        if self.graph is not None:
            for prefix, namespace in self.graph.namespaces():
                if iri.startswith(str(namespace)):
                    yield f"{prefix}:{iri[len(namespace) :]}"

    def _first_line(self, iri: str, after: int = 0) -> int | None:
        best: int | None = None
        for token in self._candidates(iri):
            lines = self._lines.get(token)
            if not lines:
                continue
            i = bisect.bisect_left(lines, after)
            if i < len(lines) and (best is None or lines[i] < best):
                best = lines[i]
        return best

    def _locate_iri(self, iri: str) -> tuple[str | None, int | None]:
        subject_lines = [self._subject_lines[t] for t in self._candidates(iri) if t in self._subject_lines]
        if subject_lines:
            return None, min(subject_lines)
        return None, self._first_line(iri)

    def _locate_property(
        self, node: Node, predicate: URIRef, seen: set[Node], child: Node | None = None
    ) -> tuple[str | None, int | None]:
        _, start = self._locate_node(node, seen)
        if start is None:
            return None, None
        if self.graph is not None and (node, predicate, None) not in self.graph:
            return None, start  # the property is missing: point at the node
        line = self._first_line(str(predicate), after=start)
        return None, line if line is not None else start


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def relative_to_folder(iri: str, base: str) -> str:
    """An IRI under the folder of ``base`` written relative to it (the folder itself as ``./``)."""
    directory = base.rsplit("/", 1)[0] + "/"
    if iri == directory:
        return "./"
    if iri.startswith(directory):
        return iri[len(directory) :]
    return iri


def _relative(iri: str, base: str) -> str:
    relative = relative_to_folder(iri, base)
    if relative == iri and iri.startswith(base):
        return iri[len(base) :]
    return relative


def _matching_key(obj: dict[str, Any], predicate: str) -> str | None:
    name = local_name(predicate)
    for key in obj:
        if key in (predicate, name) or key.endswith(":" + name):
            return key
    return None


def _best_index(values: list[Any], child: Node, graph: Graph) -> int | None:
    """Pick the array element that describes ``child``, by shared literal values or its id."""
    literals = {str(o) for o in graph.objects(child, None) if isinstance(o, Literal)}
    if isinstance(child, Literal):
        literals.add(str(child))
    best, best_score = None, 0
    for i, item in enumerate(values):
        if isinstance(item, dict):
            score = sum(1 for v in item.values() if isinstance(v, str) and v in literals)
            if isinstance(child, URIRef) and str(child).endswith(str(item.get("@id", "\0"))):
                score += 10
        else:
            score = 1 if (str(item) in literals or str(item) == str(child)) else 0
        if score > best_score:
            best, best_score = i, score
    return best


class NodeStatements:
    """Every node's values by predicate, read from the graph in one pass when first asked.

    rdflib answers ``graph.predicate_objects(node)`` through its generic triple-pattern machinery,
    some fifty microseconds a call; a sheet of ten thousand rows asks for tens of thousands of
    nodes, and one pass over the graph costs less than a tenth of that. The graph must not change
    afterwards (no check changes it).
    """

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self._by_node: dict[Node, dict[Node, list[Node]]] | None = None

    def of(self, node: Node) -> Mapping[Node, list[Node]]:
        """The node's values by predicate (empty when the node has no statements)."""
        by_node = self._by_node if self._by_node is not None else self._index()  # called ~50 times a record
        return by_node.get(node, _NO_STATEMENTS)

    def subjects(self) -> Mapping[Node, Mapping[Node, list[Node]]]:
        """Every node with statements, with its values by predicate."""
        return self._index()

    def _index(self) -> dict[Node, dict[Node, list[Node]]]:
        if self._by_node is None:
            by_node: dict[Node, dict[Node, list[Node]]] = {}
            for subject, predicate, value in self.graph:
                by_node.setdefault(subject, {}).setdefault(predicate, []).append(value)
            self._by_node = by_node
        return self._by_node


_NO_STATEMENTS: Mapping[Node, list[Node]] = MappingProxyType({})


@dataclass
class Record:
    """One described resource: its node in the source's graph, and how to find it in the file.

    :param id: the node as text: its IRI, or ``_:label`` for a blank node.
    :param node: the rdflib node of the described resource.
    :param graph: the whole source graph (shared by every record of the source).
    :param source: the source as the user named it (a path, or ``<string>``/``<graph>``).
    :param types: the node's rdf:type IRIs.
    :param locator: maps nodes and paths back to JSON Pointers or lines.
    :param profiles: the names of the profiles selected for it.
    :param document: the parsed JSON of a JSON-LD source (for fixes), else ``None``.
    :param derived: views of the record that several checks need (its identifiers, its term
        references), computed once by the first check that asks; the graph is not changed
        while a source is checked, so they stay true.
    :param statements_by_node: every node's values by predicate, read once; the loaders give
        every record of a source the same index (rows of a sheet share their term nodes).
    :param minted_id: the record's IRI was made by fairmeta (a sheet row's bare id under the
        schema's default prefix), not written in the source: not an identifier to check or resolve.
    """

    id: str
    node: Node
    graph: Graph
    source: str
    types: tuple[str, ...]
    locator: Locator
    profiles: tuple[str, ...] = ()
    document: Any = field(default=None, repr=False)
    derived: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    statements_by_node: NodeStatements | None = field(default=None, repr=False, compare=False)
    minted_id: bool = False
    # harvested records: each statement -> "channel URL" it came from (content negotiation, describedby, ...)
    provenance: Mapping[tuple[Node, Node, Node], str] | None = field(default=None, repr=False, compare=False)

    def origin_of(self, triple: tuple[Node, Node, Node]) -> str | None:
        """Where a statement of a harvested record came from (``"describedby https://…"``), else None."""
        return self.provenance.get(triple) if self.provenance is not None else None

    def derive(self, key: str, build: Callable[[], T]) -> T:
        """``build()``, computed once per record and kept under ``key`` in :attr:`derived`."""
        if key not in self.derived:
            self.derived[key] = build()
        value: T = self.derived[key]
        return value

    def statements(self, node: Node | None = None) -> Mapping[Node, list[Node]]:
        """The node's values by predicate (default: the record's own): the identifier, term and
        metric checks each ask for dozens of properties per record."""
        return self.index().of(self.node if node is None else node)

    def index(self) -> NodeStatements:
        """The statements index of the record's graph (shared with the source's other records)."""
        if self.statements_by_node is None:
            self.statements_by_node = NodeStatements(self.graph)
        return self.statements_by_node

    def locate(self, node: Node | None = None, path: Node | None = None) -> tuple[str | None, int | None]:
        """Return ``(pointer, line)`` for a node of this record's graph (default: the record itself)."""
        return self.locator.locate(self.node if node is None else node, path)


def node_id(node: Node) -> str:
    """Render a node as text the way reports show it: an IRI as is, a blank node as ``_:label``."""
    if isinstance(node, BNode):
        return f"_:{node}"
    return str(node)
