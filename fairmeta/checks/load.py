"""The load check: what the loader could not read, or read only in part, as findings.

A source that could not be read or parsed (FM-SYS-001), needs a refused remote context
(FM-SYS-004), holds unsafe XML (FM-SYS-005) or no linked data (FM-SYS-006), or is JSON-LD without any
context ("FM-SYS-008": its properties are dropped) gets one finding naming
the problem; statements dropped for invalid IRIs give FM-I1-001; table columns a mapping does not
read give FM-SYS-007. Loaders only describe these conditions; this check reports them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from fairmeta.checks.base import BaseCheck, CheckContext
from fairmeta.model import Finding, Location
from fairmeta.rules import rules_of

if TYPE_CHECKING:
    from fairmeta.loaders import LoadedSource


class LoadCheck(BaseCheck):
    """Report load failures, dropped statements and unread columns."""

    name = "load"

    def __init__(self) -> None:
        self.rules = rules_of(self.name)

    def applies_to(self, source: LoadedSource) -> bool:
        """Every source."""
        return True

    def check(self, source: LoadedSource, ctx: CheckContext) -> Iterable[Finding]:
        """The source's load failure, or the problems of a source that loaded."""
        return list(self._findings(source, ctx))

    def _findings(self, source: LoadedSource, ctx: CheckContext) -> Iterator[Finding]:
        failure = source.failure
        if failure is not None:
            ctx.detail = failure.reason
            reason = failure.reason[0].upper() + failure.reason[1:]
            yield ctx.finding(
                failure.code,
                reason + ("" if reason.endswith(".") else "."),
                Location(source.source, line=failure.line, value=failure.value),
                fix=failure.fix,
            )
            return
        ctx.detail = f"format: {source.format}" if source.graph is not None else f"{source.format} (no RDF records)"
        for iri in source.invalid_iris:
            yield ctx.finding(
                "FM-I1-001",
                "A term is not a valid IRI, so the statements using it are ignored.",
                Location(source.source, value=iri),
            )
        for note in source.notes:
            yield ctx.finding(
                note.code, note.message, Location(source.source, line=note.line, column=note.column), fix=note.fix
            )
