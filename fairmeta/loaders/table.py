"""A sample sheet as records: each row turned into RDF through the LinkML schema (or a mapping).

Loading only reads: the table is kept on the loaded source, and the LinkML check
(:mod:`fairmeta.checks.linkml`) validates it against the schema.

The row's subject is its identifier slot (a CURIE expanded through the schema's prefixes, or the
schema's default prefix plus the value), typed with the target class's ``class_uri``; each column
becomes the slot's ``slot_uri``. CURIE values of ``uriorcurie`` slots become IRIs; numbers, dates and
booleans become typed literals. FAIR metrics and the other checks then run on every row.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from fairmeta.files import UnreadableFileError, read_file
from fairmeta.graph import document_order_blank_nodes
from fairmeta.loaders import LoadedSource, LoadFailure, LoadNote, Parsed
from fairmeta.records import Locator, NodeStatements, Record
from fairmeta.tabular.json_schema import read_document
from fairmeta.tabular.linkml_schema import LinkMLSchema, SlotInfo
from fairmeta.tabular.mapping import Mapping, new_table_graph
from fairmeta.tabular.read import Table, TableError, read_delimited, read_xlsx

TABULAR = ("csv", "tsv", "xlsx")
# a row's node, its 1-based data row, its line, and whether fairmeta minted its IRI from a bare id
RowNode = tuple[URIRef | BNode, int, int, bool]
_XSD = {
    "integer": XSD.integer,
    "float": XSD.double,
    "double": XSD.double,
    "decimal": XSD.decimal,
    "date": XSD.date,
    "datetime": XSD.dateTime,
    "boolean": XSD.boolean,
}


class RowLocator(Locator):
    """Rows are located by their line in the file; a row's statements by their column."""

    def __init__(
        self,
        lines: dict[object, int],
        graph: Graph,
        numbers: dict[object, int] | None = None,
        columns: dict[str, str] | None = None,
    ) -> None:
        super().__init__(graph)
        self.lines = lines
        self.numbers = numbers or {}  # node -> 1-based data row
        self.columns = columns or {}  # predicate IRI -> column name

    def locate(self, node: object, path: object = None) -> tuple[str | None, int | None]:
        """``(None, line)`` of the row a node stands for."""
        return None, self.lines.get(node)

    def cell(self, node: object, predicate: object) -> tuple[int | None, str | None]:
        """``(data row, column name)`` of a row's value, each None when unknown."""
        return self.numbers.get(node), self.columns.get(str(predicate))


def _expand(namespaces: dict[str, str], value: str) -> URIRef | None:
    prefix, sep, local = value.partition(":")
    if not sep or local.startswith("//"):
        return URIRef(value) if value.startswith(("http://", "https://")) else None
    base = namespaces.get(prefix)
    return URIRef(base + local) if base else None


def table_graph(schema: LinkMLSchema, table: Table, base: str) -> tuple[Graph, list[RowNode]]:
    """Build the graph of a table; return it with ``(node, row number, line, minted)`` per row.

    Cells repeat (the same organism, platform, date on many rows), so each distinct cell of a
    column is turned into RDF terms once. Triples go straight into the store: the terms are
    built here and need none of ``Graph.add``'s checks.
    """
    graph = new_table_graph()
    namespaces = schema.compiled.prefixes
    for prefix, namespace in namespaces.items():
        graph.bind(prefix, namespace, override=False)
    default = schema.compiled.default_prefix
    default_ns = namespaces.get(default, default if "://" in default else base + "#")
    classes = schema.compiled.classes
    columns: dict[str, tuple[URIRef, SlotInfo, bool]] = {
        column: (URIRef(slot.slot_uri), slot, slot.range in ("uriorcurie", "uri", "curie") or slot.range in classes)
        for column in table.header
        if (slot := schema.slots.get(column)) is not None and not slot.identifier
    }
    terms: dict[tuple[str, str], list[Node]] = {}

    def objects(column: str, text: str) -> list[Node]:
        _, slot, iri_valued = columns[column]
        made: list[Node] = []
        for value in [v.strip() for v in text.split("|")] if slot.multivalued else [text]:
            iri = _expand(namespaces, value) if iri_valued else None
            made.append(iri if iri is not None else Literal(value, datatype=_XSD.get(slot.range)))
        return made

    add, class_uri = graph.store.add, URIRef(schema.class_uri)
    rows: list[RowNode] = []
    for row in table.rows:
        ident = row.cells.get(schema.identifier or "", "")
        written = _expand(namespaces, ident) if ident else None
        node: URIRef | BNode = written or (URIRef(default_ns + ident) if ident else BNode())
        add((node, RDF.type, class_uri), graph)
        for column, text in row.cells.items():
            if not text or column not in columns:
                continue
            key = (column, text)
            made = terms.get(key)
            if made is None:
                made = terms[key] = objects(column, text)
            predicate = columns[column][0]
            for value in made:
                add((node, predicate, value), graph)
        rows.append((node, row.number, row.line, bool(ident) and written is None))
    return graph, rows


def load_table(
    path: Path, shown: str, fmt: str, schema: LinkMLSchema | None, mapping: Mapping | None = None
) -> LoadedSource:
    """Read and convert one table (validation is the LinkML check's job)."""
    loaded = LoadedSource(shown, fmt)
    if schema is None and mapping is None:
        loaded.failure = LoadFailure(
            "FM-SYS-001",
            "a table needs a LinkML schema or a column mapping to become records",
            fix="Pass --schema SCHEMA.yaml (LinkML; shapes/sample-sheet.yaml fits common sample sheets) or "
            "--mapping FILE, or set schema / mapping in the configuration.",
            not_metadata=True,
        )
        return loaded
    try:
        data = read_file(path)
        table = read_xlsx(data) if fmt == "xlsx" else read_delimited(data.decode("utf-8-sig"), fmt)
    except (UnreadableFileError, UnicodeDecodeError, TableError) as exc:
        loaded.failure = LoadFailure(
            "FM-SYS-001",
            str(exc) if isinstance(exc, TableError) else f"cannot read the table: {exc}",
            fix=exc.fix if isinstance(exc, TableError) else None,
        )
        return loaded
    loaded.table = table
    if schema is None:
        assert mapping is not None
        return _mapped(loaded, path, table, mapping)
    base = path.resolve().as_uri()
    with document_order_blank_nodes():
        graph, rows = table_graph(schema, table, base)
    columns = {slot.slot_uri: column for column in table.header if (slot := schema.slots.get(column)) is not None}
    _attach_rows(loaded, base, graph, rows, (schema.class_uri,), columns)
    return loaded


def _attach_rows(
    loaded: LoadedSource,
    base: str,
    graph: Graph,
    rows: list[RowNode],
    types: tuple[str, ...],
    columns: dict[str, str],
) -> None:
    """Give a loaded table its graph and one record per row, located by the row's line and columns."""
    numbers: dict[object, int] = {node: number for node, number, _, _ in rows}
    locator = RowLocator({node: line for node, _, line, _ in rows}, graph, numbers, columns)
    loaded.parsed, loaded.graph = Parsed(graph, locator, loaded.format or "", None, base), graph
    statements = NodeStatements(graph)  # shared by the source's records
    loaded.records = [
        Record(
            id=str(node) if isinstance(node, URIRef) else f"_:row{number}",
            node=node,
            graph=graph,
            source=loaded.source,
            types=types,
            locator=locator,
            statements_by_node=statements,
            minted_id=minted,
        )
        for node, number, _, minted in rows
    ]


def _mapped(loaded: LoadedSource, path: Path, table: Table, mapping: Mapping) -> LoadedSource:
    """Rows to RDF through a column mapping; the columns it does not read are noted for the load check."""
    loaded.notes = [
        LoadNote(
            "FM-SYS-007",
            f"Column {column!r} is not in the mapping, so its values are not checked.",
            line=1,
            column=column,
            fix=f"Add {column!r} to 'columns' in {mapping.path.name} with the predicate it stands for.",
        )
        for column in table.header
        if column not in mapping.columns and column != mapping.id_column
    ]
    with document_order_blank_nodes():
        graph, rows = mapping.graph(table)
    columns = {str(column.predicate): name for name, column in mapping.columns.items()}
    types = (str(mapping.cls),) if mapping.cls is not None else ()
    _attach_rows(loaded, path.resolve().as_uri(), graph, rows, types, columns)
    return loaded


def load_document(path: Path, shown: str, kind: str) -> LoadedSource:
    """Read a JSON or YAML document that is not linked data (a LinkML or JSON Schema instance).

    ``kind`` is ``linkml-instance`` or ``json-schema-instance``; the matching check validates it.
    """
    loaded = LoadedSource(shown, kind)
    document = _read(path, loaded)
    if loaded.failure is not None:
        return loaded
    if kind == "linkml-instance" and (not isinstance(document, (dict, list)) or not document):
        loaded.failure = LoadFailure("FM-SYS-001", "the document is empty or not an object or list of objects")
        return loaded
    loaded.document = document
    return loaded


def _read(path: Path, loaded: LoadedSource) -> Any:
    """A JSON/YAML document, or None with ``loaded.failure`` saying in one line why it is unreadable."""
    try:
        return read_document(path)
    except (UnreadableFileError, UnicodeDecodeError, ValueError) as exc:
        loaded.failure = LoadFailure("FM-SYS-001", f"cannot read the document: {' '.join(str(exc).split())[:200]}")
    except Exception as exc:  # yaml.YAMLError and friends
        loaded.failure = LoadFailure("FM-SYS-001", f"invalid YAML: {' '.join(str(exc).split())[:200]}")
    return None
