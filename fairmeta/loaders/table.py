"""A sample sheet as records: each row validated by the LinkML schema and turned into RDF.

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

from fairmeta.loaders import LoadedSource, LoadFailure, Parsed
from fairmeta.model import Finding, Fix, Location, Severity
from fairmeta.records import Locator, NodeStatements, Record
from fairmeta.tabular.json_schema import JsonSchemaCheck, read_document
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
) -> tuple[LoadedSource, list[Finding]]:
    """Read, validate and convert one table; schema findings come back beside the loaded source."""
    loaded = LoadedSource(shown, fmt)
    if schema is None and mapping is None:
        loaded.failure = LoadFailure(
            "FM-SYS-001",
            "a table needs a LinkML schema or a column mapping to become records",
            fix="Pass --schema SCHEMA.yaml (LinkML; shapes/sample-sheet.yaml fits common sample sheets) or "
            "--mapping FILE, or set schema / mapping in the configuration.",
        )
        return loaded, []
    try:
        data = path.read_bytes()
        table = read_xlsx(data) if fmt == "xlsx" else read_delimited(data.decode("utf-8-sig"), fmt)
    except (OSError, UnicodeDecodeError, TableError) as exc:
        loaded.failure = LoadFailure(
            "FM-SYS-001",
            str(exc) if isinstance(exc, TableError) else f"cannot read the table: {exc}",
            fix=exc.fix if isinstance(exc, TableError) else None,
        )
        return loaded, []
    if schema is None:
        assert mapping is not None
        return _mapped(loaded, path, shown, fmt, table, mapping)
    findings: list[Finding] = []
    unknown = [c for c in table.header if c not in schema.slots]
    for column in unknown:
        findings.append(
            Finding(
                code="LINKML:unknown-column",
                severity=Severity.ERROR,
                principle=None,
                message=f"Column {column!r} is not a slot of {schema.target}.",
                location=Location(shown, line=1, column=column),
                fix=Fix(f"Rename or remove the column; {schema.target} has the slots {', '.join(schema.slots)}."),
                origin="linkml",
            )
        )
    for number, line, cells in table.ragged:
        findings.append(
            Finding(
                code="LINKML:ragged-row",
                severity=Severity.ERROR,
                principle=None,
                message=f"The row has {cells} cells but the header has {len(table.header)}.",
                location=Location(shown, line=line, row=number),
                fix=Fix("Give the row exactly one cell per column (check for stray delimiters or quotes)."),
                origin="linkml",
            )
        )
    instances = [schema.coerce({k: v for k, v in r.cells.items() if k not in unknown}) for r in table.rows]
    for result in schema.validate(instances):
        row = table.rows[result.index]
        findings.append(
            Finding(
                code=f"LINKML:{result.kind}",
                severity=Severity.WARNING if result.warning else Severity.ERROR,
                principle=None,
                message=result.message,
                location=Location(
                    shown,
                    line=row.line,
                    row=row.number,
                    column=result.column,
                    value=None if result.value is None else str(result.value),
                ),
                fix=Fix(result.fix),
                origin="linkml",
            )
        )
    base = path.resolve().as_uri()
    graph, rows = table_graph(schema, table, base)
    columns = {slot.slot_uri: column for column in table.header if (slot := schema.slots.get(column)) is not None}
    _attach_rows(loaded, base, graph, rows, (schema.class_uri,), columns)
    return loaded, findings


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


def _mapped(
    loaded: LoadedSource, path: Path, shown: str, fmt: str, table: Table, mapping: Mapping
) -> tuple[LoadedSource, list[Finding]]:
    """Rows to RDF through a column mapping; unmapped columns are reported once."""
    findings = [
        Finding(
            code="FM-SYS-007",
            severity=Severity.WARNING,
            principle=None,
            message=f"Column {column!r} is not in the mapping, so its values are not checked.",
            location=Location(shown, line=1, column=column),
            fix=Fix(f"Add {column!r} to 'columns' in {mapping.path.name} with the predicate it stands for."),
            origin="mapping",
        )
        for column in table.header
        if column not in mapping.columns and column != mapping.id_column
    ]
    graph, rows = mapping.graph(table)
    columns = {str(column.predicate): name for name, column in mapping.columns.items()}
    types = (str(mapping.cls),) if mapping.cls is not None else ()
    _attach_rows(loaded, path.resolve().as_uri(), graph, rows, types, columns)
    return loaded, findings


def load_instance(path: Path, shown: str, schema: LinkMLSchema) -> tuple[LoadedSource, list[Finding]]:
    """Validate a JSON or YAML document (no @context) as instances of the schema's target class.

    Findings carry JSON Pointers into the document. Such documents are not linked data, so they
    are validated but not turned into records.
    """
    loaded = LoadedSource(shown, "linkml-instance")
    document = _read(path, loaded)
    if loaded.failure is not None:
        return loaded, []
    if not isinstance(document, (dict, list)) or not document:
        loaded.failure = LoadFailure("FM-SYS-001", "the document is empty or not an object or list of objects")
        return loaded, []
    findings = [
        Finding(
            code=f"LINKML:{result.kind}",
            severity=Severity.WARNING if result.warning else Severity.ERROR,
            principle=None,
            message=result.message,
            location=Location(
                shown,
                pointer=pointer,
                value=None if result.value is None or isinstance(result.value, (dict, list)) else str(result.value),
            ),
            fix=Fix(result.fix),
            origin="linkml",
        )
        for pointer, result in schema.validate_document(document)
    ]
    return loaded, findings


def load_json_document(path: Path, shown: str, check: JsonSchemaCheck) -> tuple[LoadedSource, list[Finding]]:
    """Validate a plain JSON/YAML document against a JSON Schema (no RDF records)."""
    loaded = LoadedSource(shown, "json-schema-instance")
    document = _read(path, loaded)
    if loaded.failure is not None:
        return loaded, []
    return loaded, check.check(document, shown)


def _read(path: Path, loaded: LoadedSource) -> Any:
    """A JSON/YAML document, or None with ``loaded.failure`` saying in one line why it is unreadable."""
    try:
        return read_document(path)
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        loaded.failure = LoadFailure("FM-SYS-001", f"cannot read the document: {' '.join(str(exc).split())[:200]}")
    except Exception as exc:  # yaml.YAMLError and friends
        loaded.failure = LoadFailure("FM-SYS-001", f"invalid YAML: {' '.join(str(exc).split())[:200]}")
    return None
