"""A small column mapping for tables without a LinkML schema (``--mapping FILE``, YAML or JSON).

    prefixes:                       # CURIE prefixes for the rest of the file and for cell values
      schema: http://schema.org/
      NCBITaxon: http://purl.obolibrary.org/obo/NCBITaxon_
    class: schema:Thing             # rdf:type of every row
    id: sample_id                   # the column that names each row (CURIE, IRI, or base + value)
    base: https://example.org/samples/
    columns:                        # column → predicate, or {predicate, datatype, iri: true}
      organism: {predicate: "RO:0002162", iri: true}
      collection_date: {predicate: "MIXS:0000011", datatype: "xsd:date"}
      title: schema:name

Columns not listed are not turned into statements (and are reported once, so nothing is silently
dropped). A mapping only converts; it does not validate: use a LinkML schema for that.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF

from fairmeta.errors import FairmetaError
from fairmeta.tabular.read import Table

_BUILTIN = {"xsd": "http://www.w3.org/2001/XMLSchema#", "rdf": str(RDF)}


class MappingError(FairmetaError):
    """The mapping file is missing, unreadable or malformed (exit 2)."""


@dataclass(frozen=True)
class Column:
    """How one column becomes statements."""

    predicate: URIRef
    datatype: URIRef | None
    iri: bool


@dataclass(frozen=True)
class Mapping:
    """A parsed mapping file."""

    path: Path
    prefixes: dict[str, str]
    cls: URIRef | None
    id_column: str | None
    base: str
    columns: dict[str, Column]

    def expand(self, text: str) -> URIRef | None:
        """A CURIE or IRI as an IRI, or None when it is neither."""
        if text.startswith(("http://", "https://", "urn:")):
            return URIRef(text)
        prefix, sep, local = text.partition(":")
        base = self.prefixes.get(prefix)
        return URIRef(base + local) if sep and base else None

    def graph(self, table: Table) -> tuple[Graph, list[tuple[URIRef | BNode, int, int, bool]]]:
        """The rows as RDF, with ``(node, row number, line, minted)`` per row (minted: the IRI is
        the base plus a bare id, made by fairmeta rather than written in the sheet)."""
        graph = new_table_graph()
        for prefix, namespace in self.prefixes.items():
            graph.bind(prefix, namespace, override=False)
        rows: list[tuple[URIRef | BNode, int, int, bool]] = []
        for row in table.rows:
            ident = row.cells.get(self.id_column or "", "")
            written = self.expand(ident) if ident else None
            node: URIRef | BNode = written or (URIRef(self.base + ident) if ident else BNode())
            if self.cls is not None:
                graph.add((node, RDF.type, self.cls))
            for column, text in row.cells.items():
                spec = self.columns.get(column)
                if spec is None or not text or column == self.id_column:
                    continue
                iri = self.expand(text) if spec.iri else None
                graph.add((node, spec.predicate, iri if iri is not None else Literal(text, datatype=spec.datatype)))
            rows.append((node, row.number, row.line, bool(ident) and written is None))
        return graph, rows


def load_mapping(path: Path) -> Mapping:
    """Read and check a mapping file."""
    try:
        text = path.read_text(encoding="utf-8-sig")
        if path.suffix.lower() in (".yaml", ".yml"):
            import yaml

            data: Any = yaml.safe_load(text)
        else:
            data = json.loads(text)
    except OSError as exc:
        raise MappingError(f"{path}: cannot read the mapping: {exc.strerror or exc}") from None
    except ImportError:
        raise MappingError(
            f"{path}: YAML mappings need PyYAML (it comes with fairmeta; reinstall it), or write JSON"
        ) from None
    except Exception as exc:  # json.JSONDecodeError, yaml.YAMLError
        raise MappingError(f"{path}: cannot parse the mapping: {' '.join(str(exc).split())[:200]}") from None
    if not isinstance(data, dict) or not isinstance(data.get("columns"), dict):
        raise MappingError(f"{path}: a mapping needs a 'columns' table of column: predicate")
    unknown = set(data) - {"prefixes", "class", "id", "base", "columns"}
    if unknown:
        raise MappingError(f"{path}: unknown key {sorted(unknown)[0]!r} (prefixes, class, id, base, columns)")
    prefixes = {**_BUILTIN, **{str(k): str(v) for k, v in (data.get("prefixes") or {}).items()}}
    partial = Mapping(path, prefixes, None, data.get("id"), str(data.get("base", "urn:fairmeta:row:")), {})

    def iri(value: Any, where: str) -> URIRef:
        found = partial.expand(str(value)) if isinstance(value, str) else None
        if found is None:
            raise MappingError(f"{path}: {where} {value!r} is not an IRI or a CURIE with a declared prefix")
        return found

    columns = {}
    for column, spec in data["columns"].items():
        if isinstance(spec, str):
            columns[str(column)] = Column(iri(spec, f"column {column!r}:"), None, False)
        elif isinstance(spec, dict) and "predicate" in spec:
            datatype = iri(spec["datatype"], f"datatype of {column!r}:") if spec.get("datatype") else None
            columns[str(column)] = Column(
                iri(spec["predicate"], f"column {column!r}:"), datatype, bool(spec.get("iri"))
            )
        else:
            raise MappingError(f"{path}: column {column!r} needs a predicate")
    cls = iri(data["class"], "class") if data.get("class") else None
    return Mapping(path, prefixes, cls, partial.id_column, partial.base, columns)


def new_table_graph() -> Graph:
    """An empty graph for table rows: rdflib's plain store (no named graphs; several times faster to fill)."""
    return Graph(store="SimpleMemory")
