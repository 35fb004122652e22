"""Turn a source (a file, a string of JSON-LD/RDF, or an rdflib Graph) into Records.

:func:`load_source` never raises for bad *content*: a file that cannot be read or parsed comes back
as a :class:`LoadFailure` and is reported as a finding naming the file.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from fairmeta.files import MAX_INPUT_BYTES, UnreadableFileError, read_file
from fairmeta.graph import new_graph
from fairmeta.loaders.base import LoadFailure, LoadNote, Parsed
from fairmeta.loaders.contexts import ContextResolver
from fairmeta.loaders.describe import described_nodes
from fairmeta.loaders.formats import format_from_extension, normalise_format, sniff
from fairmeta.loaders.jsonld import has_jsonld_keyword, parse_json_text, parse_jsonld_document
from fairmeta.loaders.rdf import parse_rdf_text

if TYPE_CHECKING:
    from fairmeta.model import Harvest
    from fairmeta.tabular.read import Table

from fairmeta.records import JsonPointerLocator, Locator, NodeStatements, Record, node_id, relative_to_folder
from fairmeta.vocab.namespaces import normalise_schemaorg

STRING_BASE = "file:///fairmeta-input/record"
MAX_BYTES = MAX_INPUT_BYTES


@dataclass
class LoadedSource:
    """A source after loading: its graph and records, or the failure that stopped it.

    Loaders only read: what they produce is checked by the checks. A sample sheet keeps its
    ``table`` (the LinkML check validates it), a JSON/YAML instance document its ``document``
    (validated, but not linked data: no graph, no records).
    """

    source: str
    format: str | None
    graph: Graph | None = None
    records: list[Record] = field(default_factory=list)
    failure: LoadFailure | None = None
    parsed: Parsed | None = None
    invalid_iris: list[str] = field(default_factory=list)
    notes: list[LoadNote] = field(default_factory=list)
    table: Table | None = None
    document: Any = None
    payload: frozenset[str] | None = None  # an RO-Crate's files and folders ("data/", "data/a.csv"), when known
    path: Path | None = None  # the local file (or zip file) it was read from, when there is one
    text: str | None = None  # the decoded text, kept while the source is checked (lines, inline acceptances)
    harvest: Harvest | None = None  # for an identifier or URL: how it was harvested (the evidence)
    provenance: dict[tuple[Node, Node, Node], str] | None = None  # harvested: statement -> "channel URL"

    @property
    def base(self) -> str:
        """The base IRI the source was parsed with (``""`` when it was not parsed as RDF)."""
        return self.parsed.base if self.parsed else ""


def display_id(node: object, base: str, locator: Locator | None = None) -> str:
    """Render a node for reports: IRIs under the source's folder relative to it (``./``).

    Blank-node labels differ on every parse, so a located blank node is named after its place
    in the file (``_:/distribution/0``, ``_:line12``) to keep reports stable between runs.
    """
    if isinstance(node, BNode) and locator is not None:
        pointer, line = locator.locate(node)
        if pointer is not None:
            return f"_:{pointer or '/'}"
        if line is not None:
            return f"_:line{line}"
    text = node_id(node)  # type: ignore[arg-type]
    return relative_to_folder(text, base) if isinstance(node, URIRef) and base else text


def unique_ids(nodes: list[Node], shown: list[str]) -> list[str]:
    """Record ids unique within the source: a blank node whose place names another record too
    (two nodes found at one pointer) is named by its parse label, which follows document order."""
    counts: dict[str, int] = {}
    for text in shown:
        counts[text] = counts.get(text, 0) + 1
    return [
        text if counts[text] == 1 or not isinstance(node, BNode) else f"_:{node}"
        for node, text in zip(nodes, shown, strict=True)
    ]


_TOP_LEVEL = re.compile(r"^(?:/@graph)?(?:/\d+)?(?:/@graph/\d+)?$")
_INVALID_IRI = re.compile(r'[\x00-\x20<>"{}|\\^`]')


# RFC 6570 expressions ({query}, {?q,lang}): what makes a URL template's braces legitimate
_TEMPLATE_EXPRESSION = re.compile(r"\{[+#./;?&=,!@|]?[A-Za-z0-9_.%]+(?::\d+|\*)?(?:,[A-Za-z0-9_.%]+(?::\d+|\*)?)*\}")
_TEMPLATE_PROPERTIES = frozenset(
    {
        URIRef("http://schema.org/target"),
        URIRef("http://schema.org/urlTemplate"),
        URIRef("http://www.w3.org/ns/hydra/core#template"),
    }
)


def is_url_template(predicate: Node, value: Node) -> bool:
    """A URL template of an action (``"target": "https://e.org/search?q={query}"``, Google's
    documented SearchAction pattern): its braces are template expressions, not a broken IRI."""
    if predicate not in _TEMPLATE_PROPERTIES or not isinstance(value, URIRef) or "{" not in value:
        return False
    return _INVALID_IRI.search(_TEMPLATE_EXPRESSION.sub("x", str(value))) is None


def drop_invalid_iris(graph: Graph) -> list[str]:
    """Remove triples whose IRIs are not valid IRIs (spaces, braces, ...); return those IRIs.

    JSON-LD turns an unknown key such as ``"alternate name"`` into ``http://schema.org/alternate name``
    through ``@vocab``. Such terms cannot be queried or serialised, so they are reported once as a
    finding and kept away from the checks. URL templates of actions are kept, as text.
    """
    bad: dict[str, None] = {}
    doomed = []
    templates = []
    for triple in graph:
        if is_url_template(triple[1], triple[2]) and not any(_INVALID_IRI.search(str(t)) for t in triple[:2]):
            templates.append(triple)
            continue
        for term in triple:
            if isinstance(term, URIRef) and _INVALID_IRI.search(term):
                bad.setdefault(str(term), None)
                doomed.append(triple)
                break
    for triple in doomed:
        graph.remove(triple)
    for subject, predicate, value in templates:
        graph.remove((subject, predicate, value))
        graph.add((subject, predicate, Literal(str(value))))
    return list(bad)


def _records(parsed: Parsed, source: str) -> list[Record]:
    graph = parsed.graph
    records = []
    top_level = None
    if isinstance(parsed.locator, JsonPointerLocator):
        locator = parsed.locator

        def top_level(node: object) -> bool:
            pointer, _ = locator.locate(node)  # type: ignore[arg-type]
            return pointer is not None and _TOP_LEVEL.match(pointer) is not None

    statements = NodeStatements(graph)  # shared by the source's records
    nodes = parsed.roots or described_nodes(graph, top_level)  # a graph with statements has a record
    ids = unique_ids(nodes, [display_id(node, parsed.base, parsed.locator) for node in nodes])
    for node, record_id in zip(nodes, ids, strict=True):
        types = tuple(sorted(str(t) for t in graph.objects(node, RDF.type)))
        records.append(
            Record(
                id=record_id,
                node=node,
                graph=graph,
                source=source,
                types=types,
                locator=parsed.locator,
                document=parsed.document,
                statements_by_node=statements,
            )
        )
    return records


def finish_harvested(loaded: LoadedSource, parsed: Parsed) -> LoadedSource:
    """A harvested graph (merged from several documents) made into records, as any loaded source."""
    return _finish(loaded, parsed)


def _finish(loaded: LoadedSource, result: Parsed | LoadFailure) -> LoadedSource:
    if isinstance(result, LoadFailure):
        loaded.failure = result
        return loaded
    odd = next(((s, p) for s, p, _ in result.graph if not isinstance(p, URIRef) or isinstance(s, Literal)), None)
    if odd is not None:  # rdflib's Turtle parser accepts generalized RDF that no check can read
        term = odd[1] if not isinstance(odd[1], URIRef) else odd[0]
        where = "predicate" if not isinstance(odd[1], URIRef) else "subject"
        loaded.failure = LoadFailure("FM-SYS-001", f"not RDF: the literal {str(term)[:60]!r} is used as a {where}")
        return loaded
    normalise_schemaorg(result.graph)
    loaded.invalid_iris = drop_invalid_iris(result.graph)
    if len(result.graph) == 0:
        plain = result.document is not None and not has_jsonld_keyword(result.document)
        loaded.failure = LoadFailure(
            "FM-SYS-006",
            "plain JSON, not metadata: no @context and no JSON-LD keyword"
            if plain
            else "no RDF statements: the document has no @context or no linked-data content",
            not_metadata=plain,
        )
        return loaded
    loaded.parsed = result
    loaded.notes.extend(result.notes)
    loaded.graph = result.graph
    loaded.format = result.format
    loaded.records = _records(result, loaded.source)
    return loaded


def _parse_text(text: str, data: bytes, fmt: str, base: str, resolver: ContextResolver) -> Parsed | LoadFailure:
    wanted = None  # the crosswalked format --input-format named, which the content must then be
    if fmt in ("datacite", "crossref"):
        wanted, fmt = fmt, "xml" if text.lstrip("\ufeff \t\r\n").startswith("<") else "json-ld"
    if fmt == "json-ld":
        document = parse_json_text(text)
        if isinstance(document, LoadFailure):
            return document
        return _json_document(document, base, resolver, wanted)
    if fmt == "xml":
        from fairmeta.loaders.crosswalk.datacite_xml import is_datacite_root
        from fairmeta.loaders.xmlsafety import UnsafeXmlError, xml_root

        try:  # once: the safety check also tells DataCite XML from RDF/XML
            tag = xml_root(data)
        except UnsafeXmlError as exc:
            return LoadFailure("FM-SYS-005", str(exc))
        except ValueError:
            tag = None  # a syntax error: the RDF/XML path reports it with its line
        if tag is not None and is_datacite_root(tag):
            return _datacite_xml(data, base, resolver)
        if wanted is not None:
            expected = "DataCite XML (a kernel-4 <resource>)" if wanted == "datacite" else "Crossref JSON"
            return LoadFailure("FM-SYS-006", f"the XML is not {expected}")
        return parse_rdf_text(text, data, fmt, base, xml_root=tag)
    if fmt == "html":
        from fairmeta.loaders.html import json_ld_blocks

        blocks = json_ld_blocks(text)
        if not blocks:
            return LoadFailure("FM-SYS-006", 'the HTML page has no <script type="application/ld+json"> block')
        documents = []
        for line, block in blocks:
            document = parse_json_text(block)
            if isinstance(document, LoadFailure):
                document.reason += f" in the JSON-LD block starting on line {line}"
                document.line = line + (document.line or 1) - 1
                return document
            documents.append(document)
        # One block is the document itself; several become an array so pointers read /0/..., /1/...
        parsed = parse_jsonld_document(documents[0] if len(documents) == 1 else documents, base, resolver)
        if isinstance(parsed, Parsed):
            parsed.format = "html"
        return parsed
    return parse_rdf_text(text, data, fmt, base)


def _json_document(document: Any, base: str, resolver: ContextResolver, wanted: str | None) -> Parsed | LoadFailure:
    """JSON-LD, or DataCite or Crossref JSON read through the crosswalk."""
    from fairmeta.loaders.crosswalk import detect_json

    kind = detect_json(document)
    if wanted is not None and (kind is None or not kind.startswith(wanted)):
        name = "DataCite" if wanted == "datacite" else "Crossref"
        return LoadFailure("FM-SYS-006", f"the JSON is not {name} metadata (its fields are not {name}'s)")
    if kind is None:
        return parse_jsonld_document(document, base, resolver)
    from fairmeta.loaders.crosswalk import crosswalk_json
    from fairmeta.loaders.crosswalk.load import parse_crosswalked

    return parse_crosswalked(crosswalk_json(document, kind), kind, base, resolver)


def _datacite_xml(data: bytes, base: str, resolver: ContextResolver) -> Parsed | LoadFailure:
    """DataCite XML (already checked safe) read through the crosswalk."""
    from fairmeta.loaders.crosswalk import DATACITE_XML, Trail
    from fairmeta.loaders.crosswalk.datacite import datacite_to_schemaorg
    from fairmeta.loaders.crosswalk.datacite_xml import DataciteXmlError, line_of, read_datacite_xml
    from fairmeta.loaders.crosswalk.load import parse_crosswalked

    try:
        document, lines = read_datacite_xml(data)
    except DataciteXmlError as exc:
        return LoadFailure("FM-SYS-001", f"invalid DataCite XML: {exc}")
    crosswalked = datacite_to_schemaorg(document, Trail(lambda pointer: line_of(lines, pointer)))
    return parse_crosswalked(crosswalked, DATACITE_XML, base, resolver)


def load_bytes(
    data: bytes, source: str, *, base: str, input_format: str | None, resolver: ContextResolver
) -> LoadedSource:
    """Load raw bytes named ``source``: decode, detect the syntax, parse, pick records."""
    fmt = normalise_format(input_format) if input_format else format_from_extension(source)
    loaded = LoadedSource(source, fmt)
    try:
        text = data.decode("utf-8-sig")  # a UTF-8 byte-order mark is accepted and dropped
    except UnicodeDecodeError as exc:
        if fmt != "xml":
            return _finish(loaded, LoadFailure("FM-SYS-001", f"not UTF-8 text (byte {exc.start})"))
        text = data.decode("latin-1")  # RDF/XML may declare another encoding; the XML parser reads bytes
    if fmt is None:
        fmt = sniff(text)
        loaded.format = fmt
        if fmt is None:
            reason = "empty file" if not text.strip() else "cannot tell the syntax; name it with --input-format"
            return _finish(loaded, LoadFailure("FM-SYS-001", reason))
    if not text.strip():
        return _finish(loaded, LoadFailure("FM-SYS-001", "empty file"))
    loaded.text = text
    return _finish(loaded, _parse_text(text, data, fmt, base, resolver))


def load_path(path: Path, source: str, *, input_format: str | None, resolver: ContextResolver) -> LoadedSource:
    """Load a file; unreadable files (a FIFO, a device, too large, refused) come back as a failure."""
    try:
        data = read_file(path, MAX_BYTES)
    except UnreadableFileError as exc:
        return _finish(LoadedSource(source, None), LoadFailure("FM-SYS-001", str(exc), fix=_UNREADABLE_FIX))
    return load_bytes(data, source, base=path.resolve().as_uri(), input_format=input_format, resolver=resolver)


_UNREADABLE_FIX = "Name a regular, readable metadata file (not a pipe, device or folder) under the size limit."


def load_graph(graph: Graph, source: str = "<graph>") -> LoadedSource:
    """Wrap an rdflib Graph the caller built; it is copied so fairmeta never changes the caller's graph."""
    copy = new_graph()
    for prefix, namespace in graph.namespaces():
        copy.bind(prefix, namespace, override=False)
    for triple in graph:
        copy.add(triple)
    return _finish(LoadedSource(source, "graph"), Parsed(copy, Locator(copy), "graph", None, ""))


def looks_like_content(text: str) -> bool:
    """Tell a string of JSON-LD/RDF from a path: content has a newline or starts like a document."""
    stripped = text.lstrip("\ufeff \t\r\n")
    if "\n" in text or stripped.startswith(("{", "[", "@prefix", "@base", "PREFIX", "<")):
        return True
    return not os.path.exists(text) and (" " in stripped and ("." in stripped or ":" in stripped))


__all__ = [
    "STRING_BASE",
    "LoadFailure",
    "LoadNote",
    "LoadedSource",
    "Parsed",
    "load_bytes",
    "load_graph",
    "load_path",
    "looks_like_content",
]
