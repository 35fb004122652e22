"""Run SHACL (pyshacl) over a loaded source and turn every sh:ValidationResult into a Finding.

This is the only module that touches pyshacl, which is imported when a check first runs (it and
owlrl take about half a second to import). Results are read from the report *graph*, never from
pyshacl's text, so focus node, path, value, severity and source shape all survive.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from fairmeta._quiet import upstream_warnings_silenced
from fairmeta.cache import parse_cached
from fairmeta.checks.base import BaseCheck, CheckContext, CheckSkipped
from fairmeta.checks.shape_edits import with_edits
from fairmeta.errors import ShapeLoadError
from fairmeta.graph import new_graph
from fairmeta.loaders import LoadedSource, display_id
from fairmeta.loaders.describe import reference_only
from fairmeta.model import Finding, Location, Severity
from fairmeta.profiles import get_profile
from fairmeta.records import Record
from fairmeta.rules import rules_of, user_shape_rules
from fairmeta.vocab.namespaces import FM, FMR
from fairmeta.vocab.render import curie, render_path

_SEVERITY = {SH.Violation: Severity.ERROR, SH.Warning: Severity.WARNING, SH.Info: Severity.INFO}
_SHAPES_CACHE: dict[tuple[str | Path, ...], Graph] = {}


_compiled: dict[int, tuple[Graph, Any]] = {}  # id(shapes graph) -> (it, pyshacl's ShapesGraph of it)
_reuse_for: ContextVar[Graph | None] = ContextVar("fairmeta_shapes", default=None)
_original_shapes_graph: Any = None


def _shapes_graph(graph: Any, debug: bool = False, logger: Any = None) -> Any:
    """pyshacl's ShapesGraph constructor, answering from ``_compiled`` inside fairmeta's runs."""
    shapes = _reuse_for.get()
    if shapes is None:  # anyone else's pyshacl.validate in this process: untouched
        return _original_shapes_graph(graph, debug, logger)
    cached = _compiled.get(id(shapes))
    if cached is None or cached[0] is not shapes:
        cached = (shapes, _original_shapes_graph(graph, debug, logger))
        _compiled[id(shapes)] = cached
    return cached[1]


@contextmanager
def shapes_compiled_once(shapes: Graph) -> Iterator[None]:
    """Within, pyshacl reuses the ShapesGraph it built for ``shapes`` the first time.

    pyshacl builds a ShapesGraph (every shape, its targets, paths and constraint parameters) per
    ``validate`` call; fairmeta checks every source of a run against the same few shapes graphs, so
    the one built first is kept and handed back (shapes hold no state about the data they check).
    """
    global _original_shapes_graph
    import pyshacl.validator

    if _original_shapes_graph is None:  # the name pyshacl's Validator constructs its ShapesGraph by
        _original_shapes_graph = getattr(pyshacl.validator, "ShapesGraph")  # noqa: B009
        setattr(pyshacl.validator, "ShapesGraph", _shapes_graph)  # noqa: B010
    token = _reuse_for.set(shapes)
    try:
        yield
    finally:
        _reuse_for.reset(token)


_SHACL_AF_RULE_MARKS = (SH.rule, SH.TripleRule, SH.SPARQLRule)


def _has_rules(shapes: Graph) -> bool:
    """Whether the shapes hold SHACL-AF rules, the one feature that writes into the data graph.

    pyshacl copies the whole data graph before every advanced-mode run because rules may add
    triples to it; without rules (and without inference or an ontology mixed in) nothing is
    written, so the copy (time, and the memory of a second graph) is skipped.
    """
    return any(
        any(True for _ in shapes.triples((None, mark, None)))
        or any(True for _ in shapes.triples((None, RDF.type, mark)))
        for mark in _SHACL_AF_RULE_MARKS
    )


def load_shapes(files: Sequence[Path], kind: str = "shapes") -> Graph:
    """Parse and merge shapes (or, ``kind="vocabulary"``, ontology) files once per run.

    A file that is missing or does not parse is a :class:`ShapeLoadError` naming it (exit 2);
    shapes files must hold shapes.
    """
    key: tuple[str | Path, ...] = (kind, *files)
    cached = _SHAPES_CACHE.get(key)
    if cached is not None:
        return cached
    graph = new_graph()
    for path in files:
        try:
            with upstream_warnings_silenced():
                graph += parse_cached(path, _rdf_format(path))
        except FileNotFoundError:
            raise ShapeLoadError(f"{path}: {kind} file not found") from None
        except Exception as exc:
            first = " ".join(str(exc).split(" at ^ in:")[0].split())[:200]
            raise ShapeLoadError(f"{path}: cannot parse {kind}: {first}") from None
    shape_marks = (
        graph.subjects(RDF.type, SH.NodeShape),
        graph.subjects(RDF.type, SH.PropertyShape),
        graph.subjects(SH.property, None),
        graph.subjects(SH.path, None),
        # a shape need not be typed: its targets make it one (SHACL 2.1.3)
        graph.subjects(SH.targetClass, None),
        graph.subjects(SH.targetNode, None),
        graph.subjects(SH.targetSubjectsOf, None),
        graph.subjects(SH.targetObjectsOf, None),
    )
    if kind == "shapes" and not any(any(marks) for marks in shape_marks):
        raise ShapeLoadError(f"{', '.join(map(str, files))}: no SHACL shapes found")
    _SHAPES_CACHE[key] = graph
    return graph


def _rdf_format(path: Path) -> str:
    suffix = path.suffix.lower()
    return {
        ".jsonld": "json-ld",
        ".json": "json-ld",
        ".rdf": "xml",
        ".xml": "xml",
        ".owl": "xml",
        ".nt": "nt",
        ".n3": "n3",
    }.get(suffix, "turtle")


class ShaclCheck(BaseCheck):
    """Validate each source against its records' profile shapes and any user shapes."""

    name = "shacl"

    def __init__(
        self, user_shapes: tuple[Path, ...] = (), inference: str = "none", ont_graph: tuple[Path, ...] = ()
    ) -> None:
        self.user_shapes = user_shapes
        self.inference = inference
        self.ont_graph = load_shapes(list(ont_graph), kind="vocabulary") if ont_graph else None
        self.ont_files = ont_graph
        if user_shapes:
            load_shapes(list(user_shapes))  # a broken shapes file stops the run before any record
        own = [rule for path in user_shapes for rule in user_shape_rules(path)]
        self.rules = (*rules_of(self.name), *own)

    def shapes_for(self, loaded: LoadedSource) -> list[Path]:
        """Return the shapes files this source is checked against (profile files, then user files)."""
        files: list[Path] = []
        for record in loaded.records:
            for name in record.profiles:
                path = get_profile(name).shapes_path
                if path not in files:
                    files.append(path)
        files.extend(p for p in self.user_shapes if p not in files)
        return files

    def check(self, source: LoadedSource, ctx: CheckContext) -> Iterable[Finding]:
        """Validate one loaded source."""
        assert source.graph is not None  # applies_to: linked data only
        files = self.shapes_for(source)
        if not files:
            types = {t for r in source.records for t in r.types}
            kinds = sorted({curie(URIRef(t)) for t in types}) or ["untyped"]
            raise CheckSkipped(f"no profile applies to {', '.join(kinds)}; choose one with --profile or give --shapes")
        shapes = load_shapes(files)
        from pyparsing import ParseBaseException  # rdflib's SPARQL parser: a constraint's query does not parse
        from pyshacl import validate  # heavy import, deferred to the first SHACL run
        from pyshacl.errors import ReportableRuntimeError

        try:
            with upstream_warnings_silenced(), shapes_compiled_once(shapes):
                _conforms, results, _text = validate(
                    source.graph,
                    shacl_graph=shapes,
                    ont_graph=self.ont_graph,
                    inplace=self.ont_graph is None and self.inference == "none" and not _has_rules(shapes),
                    advanced=True,
                    inference=None if self.inference == "none" else self.inference,
                    allow_infos=True,
                    allow_warnings=True,
                )
        except (ReportableRuntimeError, ParseBaseException, AttributeError, TypeError, ValueError) as exc:
            # pyshacl cannot run a constraint (a SPARQL constraint without a query, a query that does
            # not parse): a problem of the shapes, said once with the files named, not a crash per record
            own = [f for f in files if f in self.user_shapes] or files
            reason = " ".join(str(exc).split())[:200] or type(exc).__name__
            raise ShapeLoadError(f"{', '.join(map(str, own))}: pyshacl cannot run these shapes: {reason}") from None
        inferred = f"; inference: {self.inference}" if self.inference != "none" else ""
        vocabulary = f"; vocabulary: {', '.join(f.name for f in self.ont_files)}" if self.ont_files else ""
        ctx.detail = f"shapes: {', '.join(str(f.name) for f in files)}{inferred}{vocabulary}"
        # Stable order for people and diffs: errors first, then by position in the file, then code.
        return sorted(
            _findings(source, shapes, results, ctx),
            key=lambda f: (
                -f.severity.rank,
                f.location.line or 0,
                f.location.pointer or "",
                f.code,
                f.location.focus_node or "",
                f.location.path or "",
                f.location.value or "",
                f.message,
            ),
        )


def _owners(records: Sequence[Record]) -> dict[Node, Record]:
    """Map every node reachable from a record (without crossing another record) to that record."""
    owners: dict[Node, Record] = {r.node: r for r in records}
    if not records:
        return owners
    graph = records[0].graph
    for record in records:
        queue = deque([record.node])
        while queue:
            node = queue.popleft()
            for obj in graph.objects(node, None):
                if isinstance(obj, Literal) or obj in owners:
                    continue
                owners[obj] = record
                queue.append(obj)
    # Nodes that point at a record (an RO-Crate descriptor is "about" its root) belong to it.
    for record in records:
        for subject in graph.subjects(None, record.node):
            owners.setdefault(subject, record)
    return owners


def _findings(loaded: LoadedSource, shapes: Graph, results: Graph, ctx: CheckContext) -> Iterable[Finding]:
    owners = _owners(loaded.records)
    records = {r.node for r in loaded.records}
    assert loaded.graph is not None
    base = loaded.parsed.base if loaded.parsed else ""
    single = loaded.records[0] if len(loaded.records) == 1 else None
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        shape = results.value(result, SH.sourceShape)
        record = owners.get(focus) if focus is not None else None
        if focus is not None and focus not in records and reference_only(loaded.graph, focus):
            continue  # a cited or related resource named by its id: a reference, not a description to judge
        record = record or single
        shape_profile = shapes.value(shape, FM.profile) if shape is not None else None
        if record is not None and shape_profile is not None and str(shape_profile) not in record.profiles:
            continue  # a profile's shape matched a node of a record that uses another profile
        yield _finding(loaded.source, base, record, shapes, results, result, ctx)


def _finding(
    source: str, base: str, record: Record | None, shapes: Graph, results: Graph, result: Node, ctx: CheckContext
) -> Finding:
    focus = results.value(result, SH.focusNode)
    shape = results.value(result, SH.sourceShape)
    component = results.value(result, SH.sourceConstraintComponent)
    value = results.value(result, SH.value)
    path_node = results.value(result, SH.resultPath)
    reported_severity = results.value(result, SH.resultSeverity)
    severity = (
        _SEVERITY.get(reported_severity, Severity.ERROR) if isinstance(reported_severity, URIRef) else Severity.ERROR
    )
    path_text = render_path(results, path_node) or (
        render_path(shapes, shapes.value(shape, SH.path) or shapes.value(shape, FM.path)) if shape is not None else None
    )
    code = _code(shapes, shape, component)
    rule = ctx.rule(code)
    message = _message(shapes, shape, results, result, component, path_text)
    pointer, line = (None, None)
    if record is not None and focus is not None:
        pointer, line = record.locator.locate(focus, path_node if isinstance(path_node, URIRef) else None)
    location = Location(
        source=source,
        pointer=pointer,
        line=line,
        focus_node=display_id(focus, base, record.locator if record else None) if focus is not None else None,
        path=path_text,
        value=_value_text(value, base),
    )
    family = rule.code.endswith("*")
    finding = ctx.finding(
        code,
        message,
        location,
        record=record,
        fix=None if rule.fix and not family else _generic_fix(shapes, shape, component, path_text),
        severity=severity if family else None,
        source_shape=display_id(shape, "") if isinstance(shape, URIRef) else None,
        constraint=curie(component) if component is not None else None,
    )
    return with_edits(record, finding, focus, rule.fix_safety)


def _code(shapes: Graph, shape: Node | None, component: Node | None) -> str:
    if isinstance(shape, URIRef) and str(shape).startswith(str(FMR)):
        return str(shape)[len(str(FMR)) :]
    declared = shapes.value(shape, FM.code) if shape is not None else None
    if declared is not None:
        return str(declared)
    name = str(component).rsplit("#", 1)[-1] if component is not None else "Result"
    return f"SHACL:{name}"


def _message(
    shapes: Graph, shape: Node | None, results: Graph, result: Node, component: Node | None, path: str | None
) -> str:
    declared = _best_literal(shapes.objects(shape, SH.message)) if shape is not None else None
    if declared:
        return declared
    generated = _component_sentence(shapes, shape, component, path)
    if generated:
        return generated
    reported = _best_literal(results.objects(result, SH.resultMessage))
    return reported or "The record does not satisfy a SHACL shape."


def _best_literal(values: Iterable[Node]) -> str | None:
    found = [v for v in values if isinstance(v, Literal)]
    for literal in found:
        if literal.language in (None, "en"):
            return str(literal)
    return str(found[0]) if found else None


def _param(shapes: Graph, shape: Node | None, parameter: URIRef) -> Any:
    value = shapes.value(shape, parameter) if shape is not None else None
    if isinstance(value, Literal):
        return value.toPython()
    return curie(value) if value is not None else None


def _component_sentence(shapes: Graph, shape: Node | None, component: Node | None, path: str | None) -> str | None:
    """Describe a result of an uncoded shape in one sentence, without its location."""
    name = str(component).rsplit("#", 1)[-1] if component is not None else ""
    subject = f"property {path}" if path else "the focus node"
    sentences = {
        "MinCountConstraintComponent": f"{subject} has fewer than {_param(shapes, shape, SH.minCount)} value(s).",
        "MaxCountConstraintComponent": f"{subject} has more than {_param(shapes, shape, SH.maxCount)} value(s).",
        "DatatypeConstraintComponent": f"{subject} is not of datatype {_param(shapes, shape, SH.datatype)}.",
        "ClassConstraintComponent": f"{subject} is not an instance of {_param(shapes, shape, SH['class'])}.",
        "NodeKindConstraintComponent": f"{subject} is not of node kind {_param(shapes, shape, SH.nodeKind)}.",
        "PatternConstraintComponent": f"{subject} does not match the pattern {_param(shapes, shape, SH.pattern)}.",
        "MinLengthConstraintComponent": f"{subject} is shorter than {_param(shapes, shape, SH.minLength)} characters.",
        "MaxLengthConstraintComponent": f"{subject} is longer than {_param(shapes, shape, SH.maxLength)} characters.",
        "InConstraintComponent": f"{subject} is not one of the allowed values.",
        "HasValueConstraintComponent": f"{subject} does not include {_param(shapes, shape, SH.hasValue)}.",
    }
    sentence = sentences.get(name)
    return sentence[0].upper() + sentence[1:] if sentence else None


def _generic_fix(shapes: Graph, shape: Node | None, component: Node | None, path: str | None) -> str:
    """A fix message for shapes that carry no ``fm:fix``, built from the constraint."""
    name = str(component).rsplit("#", 1)[-1] if component is not None else ""
    target = path or "the value"

    def p(parameter: URIRef) -> Any:
        return _param(shapes, shape, parameter)

    fixes = {
        "MinCountConstraintComponent": f"Add at least {p(SH.minCount)} value(s) for {target}.",
        "MaxCountConstraintComponent": f"Keep at most {p(SH.maxCount)} value(s) of {target}.",
        "DatatypeConstraintComponent": f"Give {target} a literal of datatype {p(SH.datatype)}.",
        "ClassConstraintComponent": f"Make {target} point to an instance of {p(SH['class'])}.",
        "NodeKindConstraintComponent": f"Make {target} a {p(SH.nodeKind)} (e.g. an IRI, not text).",
        "PatternConstraintComponent": f"Rewrite {target} to match {p(SH.pattern)}.",
        "MinLengthConstraintComponent": f"Lengthen {target} to {p(SH.minLength)} characters or more.",
        "MaxLengthConstraintComponent": f"Shorten {target} to {p(SH.maxLength)} characters or fewer.",
        "InConstraintComponent": f"Use one of the values the shape allows for {target}.",
        "HasValueConstraintComponent": f"Add {p(SH.hasValue)} to {target}.",
    }
    shape_name = display_id(shape, "") if isinstance(shape, URIRef) else "the shape"
    return fixes.get(name, f"Change the record so that it satisfies {shape_name}.")


def _value_text(value: Node | None, base: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, Literal):
        return str(value)
    if isinstance(value, BNode):
        return None  # an anonymous node has no text a person could search for
    return display_id(value, base)
