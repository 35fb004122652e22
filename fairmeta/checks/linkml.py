"""The LinkML check: sample sheets and JSON/YAML instance documents against a LinkML schema.

Results keep linkml's own result types as codes (``LINKML:pattern``, ``LINKML:required``, ...,
plus fairmeta's ``LINKML:unknown-column`` and ``LINKML:ragged-row`` for the sheet's shape), each on
its row, line and column (sheets) or JSON Pointer (documents). linkml itself is imported only
when a schema is given (:mod:`fairmeta.tabular.linkml_schema`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from fairmeta.checks.base import BaseCheck, CheckContext, CheckSkipped
from fairmeta.model import Finding, Location, Severity
from fairmeta.rules import rules_of

if TYPE_CHECKING:
    from fairmeta.loaders import LoadedSource
    from fairmeta.tabular.linkml_schema import LinkMLSchema


class LinkMLCheck(BaseCheck):
    """Validate tables and instance documents with the run's LinkML schema."""

    name = "linkml"

    def __init__(self, schema: LinkMLSchema) -> None:
        self.schema = schema
        self.rules = rules_of(self.name)

    def applies_to(self, source: LoadedSource) -> bool:
        """Sample sheets read with the schema, and LinkML instance documents."""
        return source.format == "linkml-instance" or (
            source.table is not None and source.format in ("csv", "tsv", "xlsx")
        )

    def check(self, source: LoadedSource, ctx: CheckContext) -> Iterable[Finding]:
        """Findings of the sheet's columns, its rows' cells, or the document's values."""
        if source.table is not None and source.format in ("csv", "tsv", "xlsx"):
            return list(self._table(source, ctx))
        if source.format == "linkml-instance" and source.document is not None:
            return list(self._document(source, ctx))
        raise CheckSkipped("neither a sample sheet nor a LinkML instance document")

    def _table(self, source: LoadedSource, ctx: CheckContext) -> Iterator[Finding]:
        schema, table, shown = self.schema, source.table, source.source
        assert table is not None
        ctx.detail = f"{len(table.rows)} row(s) against {schema.target}"
        unknown = [c for c in table.header if c not in schema.slots]
        for column in unknown:
            yield ctx.finding(
                "LINKML:unknown-column",
                f"Column {column!r} is not a slot of {schema.target}.",
                Location(shown, line=1, column=column),
                fix=f"Rename or remove the column; {schema.target} has the slots {', '.join(schema.slots)}.",
            )
        for number, line, cells in table.ragged:
            yield ctx.finding(
                "LINKML:ragged-row",
                f"The row has {cells} cells but the header has {len(table.header)}.",
                Location(shown, line=line, row=number),
                fix="Give the row exactly one cell per column (check for stray delimiters or quotes).",
            )
        instances = [schema.coerce({k: v for k, v in r.cells.items() if k not in unknown}) for r in table.rows]
        for result in schema.validate(instances):
            row = table.rows[result.index]
            yield ctx.finding(
                f"LINKML:{result.kind}",
                result.message,
                Location(
                    shown,
                    line=row.line,
                    row=row.number,
                    column=result.column,
                    value=None if result.value is None else str(result.value),
                ),
                fix=result.fix,
                severity=Severity.WARNING if result.warning else Severity.ERROR,
            )

    def _document(self, source: LoadedSource, ctx: CheckContext) -> Iterator[Finding]:
        ctx.detail = f"document against {self.schema.target}"
        for pointer, result in self.schema.validate_document(source.document):
            value = result.value
            yield ctx.finding(
                f"LINKML:{result.kind}",
                result.message,
                Location(
                    source.source,
                    pointer=pointer,
                    value=None if value is None or isinstance(value, (dict, list)) else str(value),
                ),
                fix=result.fix,
                severity=Severity.WARNING if result.warning else Severity.ERROR,
            )
