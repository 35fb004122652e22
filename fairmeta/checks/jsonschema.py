"""The JSON Schema check: plain JSON/YAML metadata documents against ``--json-schema``.

Codes are ``JSONSCHEMA:<keyword>`` (``required``, ``type``, ``pattern``, ...), one per place in the
document (the most telling error there), located by JSON Pointer.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from fairmeta.checks.base import BaseCheck, CheckContext, CheckSkipped
from fairmeta.model import Finding, Location
from fairmeta.rules import rules_of

if TYPE_CHECKING:
    from fairmeta.loaders import LoadedSource
    from fairmeta.tabular.json_schema import JsonSchema


class JsonSchemaCheck(BaseCheck):
    """Validate instance documents with the run's JSON Schema."""

    name = "jsonschema"

    def __init__(self, schema: JsonSchema) -> None:
        self.schema = schema
        self.rules = rules_of(self.name)

    def applies_to(self, source: LoadedSource) -> bool:
        """JSON Schema instance documents."""
        return source.format == "json-schema-instance"

    def check(self, source: LoadedSource, ctx: CheckContext) -> Iterable[Finding]:
        """One finding per place where the document breaks the schema."""
        if source.format != "json-schema-instance":
            raise CheckSkipped("not a JSON Schema instance document")
        ctx.detail = f"document against {self.schema.path.name}"
        return [
            ctx.finding(
                f"JSONSCHEMA:{error.keyword}",
                error.message,
                Location(source.source, pointer=error.pointer, value=error.value),
                fix=error.fix,
            )
            for error in self.schema.errors(source.document)
        ]
