"""Findings whose fix keeps the meaning and can be applied mechanically (safe fixes).

* ``FM-F1-020``: a DOI not in its canonical form (``doi:…``, ``10.…``, ``http://dx.doi.org/…``),
  and ORCID/ROR identifiers without their https IRI → the canonical ``https://…`` IRI.
* ``FM-F1-021``: an IRI written as a registered CURIE (``NCBITaxon:9606``) → its canonical IRI.
* ``FM-I1-020``: a JSON-LD ``@context`` of ``http://schema.org`` → ``https://schema.org/``.
* ``FM-R1.1-020``: a licence given as text that names exactly one SPDX licence → the SPDX IRI.

Each finding carries edits: JSON Patch ``replace`` operations for JSON-LD, and a ``remove`` plus
an ``add`` of a triple for RDF. Nothing here writes files; ``fairmeta fix`` applies the edits.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCTERMS
from rdflib.term import Node

from fairmeta.checks.base import BaseCheck, CheckContext
from fairmeta.loaders import LoadedSource, display_id
from fairmeta.model import Edit, EditOp, Finding, Location
from fairmeta.records import JsonPointerLocator, NodeStatements, Record
from fairmeta.rules import rules_of
from fairmeta.vocab.identifiers import classify
from fairmeta.vocab.licences import spdx_iri, spdx_matches
from fairmeta.vocab.namespaces import SDO
from fairmeta.vocab.registry import expand_curie
from fairmeta.vocab.render import curie

IDENTIFIER_PROPERTIES = frozenset((SDO.identifier, SDO.sameAs, DCTERMS.identifier, SDO.citation, SDO.isBasedOn))
LICENCE_PROPERTIES = (SDO.license, DCTERMS.license)  # order kept: findings follow it
_HTTP_SCHEMAORG = ("http://schema.org", "http://schema.org/")


class NormaliseCheck(BaseCheck):
    """Find values with a canonical form that keeps their meaning; propose the exact edit."""

    name = "normalise"

    def __init__(self) -> None:
        self.rules = rules_of(self.name)

    def check(self, source: LoadedSource, ctx: CheckContext) -> list[Finding]:
        """Return the findings for one loaded source."""
        ctx.detail = "safe normalisations"
        findings: list[Finding] = []
        findings.extend(self._contexts(ctx))
        seen: set[tuple[str, str, str, str]] = set()
        described: dict[int, set[Node] | None] = {}  # per graph: described nodes; None: nothing to normalise
        for record in source.records:
            if id(record.graph) not in described:
                described[id(record.graph)] = _subjects_if_any_candidate(record.index())
            nodes = described[id(record.graph)]
            found = self._record(ctx, record, nodes) if nodes is not None else self._node_ids(ctx, record)
            for finding in found:
                where = finding.location.pointer if finding.location.pointer is not None else finding.location.line
                key = (finding.code, str(where), finding.location.focus_node or "", finding.location.value or "")
                if key not in seen:
                    seen.add(key)
                    findings.append(finding)
        return findings

    def _contexts(self, ctx: CheckContext) -> Iterator[Finding]:
        document = ctx.source.parsed.document if ctx.source.parsed else None
        for pointer, value in _context_strings(document, ""):
            if value.rstrip("/") + "/" in ("http://schema.org/",) or value in _HTTP_SCHEMAORG:
                records = ctx.source.records
                yield ctx.finding(
                    "FM-I1-020",
                    "The schema.org context is referenced over http; schema.org serves and recommends https.",
                    Location(ctx.source.source, pointer=pointer, value=value),
                    record=records[0] if len(records) == 1 else None,
                    fix='Replace the context "http://schema.org" with "https://schema.org/" (same terms, same meaning).',
                    edits=(Edit(EditOp.REPLACE, pointer, "https://schema.org/"),),
                )

    def _record(self, ctx: CheckContext, record: Record, described: set[Node]) -> Iterator[Finding]:
        graph = record.graph
        subjects = _described_by(record, described)
        for subject in subjects:
            for predicate, values in record.statements(subject).items():
                if not isinstance(predicate, URIRef):
                    continue
                for value in values:
                    kind = _candidate(predicate, value)
                    if kind == "identifier" and isinstance(value, BNode):
                        inner = graph.value(value, SDO.value)
                        if inner is not None:
                            yield from self._identifier(ctx, record, value, SDO.value, inner)
                    elif kind in ("identifier", "curie"):
                        yield from self._identifier(ctx, record, subject, predicate, value)
                    elif kind == "pid-iri":
                        assert isinstance(value, URIRef)
                        yield from self._entity_pid(ctx, record, subject, predicate, value)
        yield from self._node_ids(ctx, record)
        for predicate in LICENCE_PROPERTIES:
            for value in record.statements().get(predicate, ()):
                if isinstance(value, Literal) and _candidate(predicate, value) == "licence":
                    yield from self._licence(ctx, record, predicate, value)

    def _identifier(
        self, ctx: CheckContext, record: Record, subject: Node, predicate: URIRef, value: Node
    ) -> Iterator[Finding]:
        text = str(value)
        identifier = classify(text)
        canonical = identifier.canonical if identifier.valid else None
        code, what = "FM-F1-020", f"{identifier.scheme.upper()} {text}"
        if canonical is None and isinstance(value, URIRef):
            expanded = expand_curie(text)
            if expanded is not None:
                canonical, code, what = expanded[0], "FM-F1-021", f"CURIE {text}"
        if canonical is None or canonical == text:
            return
        new_value: Node = URIRef(canonical) if isinstance(value, URIRef) else Literal(canonical)
        edits = replace_edits(ctx.source, record, subject, predicate, value, canonical, new_value)
        yield self._finding(
            ctx,
            record,
            subject,
            predicate,
            value,
            code,
            f"The {what} is not in its canonical IRI form.",
            canonical,
            edits,
        )

    def _entity_pid(
        self, ctx: CheckContext, record: Record, subject: Node, predicate: URIRef, value: URIRef
    ) -> Iterator[Finding]:
        """An entity named by a PID IRI out of its canonical form (``http://orcid.org/…``,
        ``https://ror.org/01GGX…``, ``dx.doi.org``). In JSON-LD the fix rewrites that one ``@id``
        string; in RDF text only a node without statements of its own is rewritten in place."""
        identifier = classify(str(value))
        canonical = identifier.canonical if identifier.valid and identifier.persistent else None
        if canonical is None or canonical == str(value):
            return
        edits: tuple[Edit, ...] = ()
        if isinstance(record.locator, JsonPointerLocator) or not record.statements(value):
            edits = replace_edits(ctx.source, record, subject, predicate, value, canonical, URIRef(canonical))
        message = f"The {identifier.scheme.upper()} {value} is not in its canonical IRI form."
        yield self._finding(ctx, record, subject, predicate, value, "FM-F1-020", message, canonical, edits)

    def _node_ids(self, ctx: CheckContext, record: Record) -> Iterator[Finding]:
        """``"@id": "doi:10.…"`` on the record itself: replace the @id string (JSON-LD only)."""
        node = record.node
        locator = record.locator
        if not isinstance(node, URIRef) or not isinstance(locator, JsonPointerLocator):
            return
        identifier = classify(str(node))
        canonical = identifier.canonical if identifier.valid else None
        code = "FM-F1-020"
        if canonical is None:
            expanded = expand_curie(str(node))
            canonical, code = (expanded[0], "FM-F1-021") if expanded else (None, code)
        pointer = locator.node_id_pointer(node)
        if canonical is None or pointer is None:
            return
        yield ctx.finding(
            code,
            f"The record's @id {node} is not in its canonical IRI form.",
            Location(ctx.source.source, pointer=pointer, focus_node=record.id, path="@id", value=str(node)),
            record=record,
            fix=f'Write the @id as "{canonical}".',
            edits=(Edit(EditOp.REPLACE, pointer, canonical),),
        )

    def _licence(self, ctx: CheckContext, record: Record, predicate: URIRef, value: Literal) -> Iterator[Finding]:
        matches = spdx_matches(str(value))
        if len(matches) != 1:
            return  # no or several SPDX licences fit: FM-R1.1-011 (licence not recognised) speaks for it
        iri = spdx_iri(matches[0])
        edits = replace_edits(ctx.source, record, record.node, predicate, value, iri, URIRef(iri))
        message = f"The licence is free text ({value!s}) although it names the SPDX licence {matches[0]}."
        yield self._finding(ctx, record, record.node, predicate, value, "FM-R1.1-020", message, iri, edits)

    def _finding(
        self,
        ctx: CheckContext,
        record: Record,
        subject: Node,
        predicate: URIRef,
        value: Node,
        code: str,
        message: str,
        canonical: str,
        edits: tuple[Edit, ...],
    ) -> Finding:
        pointer, line = record.locator.locate(subject, predicate)
        return ctx.finding(
            code,
            message,
            Location(
                ctx.source.source,
                pointer=edits[0].target if edits and edits[0].target != "triple" else pointer,
                line=line,
                focus_node=display_id(subject, ctx.source.base, record.locator),
                path=curie(predicate),
                value=str(value),
            ),
            record=record,
            fix=f"Replace {str(value)!r} with {canonical} in {curie(predicate)}.",
            edits=edits,
        )


# IRIs of these services name an entity by its persistent identifier (checked for canonical form)
_PID_HOSTS = tuple(
    f"{scheme}://{host}/"
    for scheme in ("http", "https")
    for host in (
        "doi.org",
        "dx.doi.org",
        "www.doi.org",
        "orcid.org",
        "www.orcid.org",
        "ror.org",
        "isni.org",
        "www.isni.org",
    )
)


def _candidate(predicate: Node, value: Node) -> str | None:
    """What :meth:`NormaliseCheck._record` may rewrite in this statement: ``identifier`` (an
    identifier property's value), ``curie`` (an IRI in a CURIE's form), ``pid-iri`` (an entity named
    by a PID service's IRI), ``licence`` (free-text licence); None for nothing."""
    if predicate in IDENTIFIER_PROPERTIES:
        return "identifier"
    if isinstance(value, URIRef):
        text = str(value)
        if not text.startswith(("http:", "https:", "file:")):
            return "curie"
        return "pid-iri" if text.startswith(_PID_HOSTS) else None
    return "licence" if predicate in LICENCE_PROPERTIES and isinstance(value, Literal) else None


def _subjects_if_any_candidate(index: NodeStatements) -> set[Node] | None:
    """The graph's subjects, or None when no statement holds a value :meth:`NormaliseCheck._record`
    could rewrite; one pass over the graph spares a walk per record (thousands of sheet rows)."""
    subjects = index.subjects()
    for statements in subjects.values():
        for predicate, values in statements.items():
            if any(_candidate(predicate, value) is not None for value in values):
                return set(subjects)
    return None


def _described_by(record: Record, described: set[Node], depth: int = 6) -> list[Node]:
    """The record's node and every node its description reaches (funders of funders, parts, ...).

    ``described`` holds the subjects of the graph, computed once per graph rather than asked per node.
    """
    seen: list[Node] = [record.node]
    frontier = [record.node]
    for _ in range(depth):
        following = []
        for node in frontier:
            for values in record.statements(node).values():
                for value in values:
                    if not isinstance(value, Literal) and value in described and value not in seen:
                        seen.append(value)
                        following.append(value)
        frontier = following
    return seen


def replace_edits(
    loaded: LoadedSource, record: Record, subject: Node, predicate: URIRef, old: Node, new_text: str, new: Node
) -> tuple[Edit, ...]:
    """Edits that replace one value: a JSON Patch ``replace`` (JSON-LD) or a triple swap (RDF)."""
    locator = record.locator
    if isinstance(locator, JsonPointerLocator):
        pointer = locator.value_pointer(subject, predicate, old)
        return (Edit(EditOp.REPLACE, pointer, new_text),) if pointer is not None else ()
    if isinstance(subject, BNode):
        return ()  # a blank node has no name an edit could refer to
    return (
        Edit(EditOp.REMOVE, "triple", [subject.n3(), predicate.n3(), old.n3()]),
        Edit(EditOp.ADD, "triple", [subject.n3(), predicate.n3(), new.n3()]),
    )


def _context_strings(value: Any, pointer: str) -> Iterator[tuple[str, str]]:
    """``(pointer, url)`` for every string ``@context`` reference in a JSON document."""
    if isinstance(value, dict):
        for key, item in value.items():
            here = f"{pointer}/{key.replace('~', '~0').replace('/', '~1')}"
            if key == "@context":
                if isinstance(item, str):
                    yield here, item
                elif isinstance(item, list):
                    for i, entry in enumerate(item):
                        if isinstance(entry, str):
                            yield f"{here}/{i}", entry
            else:
                yield from _context_strings(item, here)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _context_strings(item, f"{pointer}/{i}")
