"""Process each bundled JSON-LD context once per run, not once per document.

The schema.org context has 3,063 terms; rdflib turns them into term definitions every time a
document is parsed (two thirds of the time of checking a small JSON-LD record). Here the processed
rdflib ``Context`` of a top-level context made of bundled URLs is kept, copied for each document
(the copy costs a few dictionary copies), and the document is handed to rdflib's JSON-LD parser
with that context already active, exactly as rdflib would have processed it.

Only documents whose sole ``@context`` is the top-level one (of the object, or of each object of a
top-level array), made of bundled context URLs followed by inline definitions that fetch nothing
(no ``@import``, no scoped ``@context``, no ``@base``), take this path; any other document is
inlined and parsed as before (``jsonld.py``).
"""

from __future__ import annotations

from typing import Any

from rdflib import ConjunctiveGraph, Graph
from rdflib.plugins.parsers.jsonld import Parser
from rdflib.plugins.shared.jsonld.context import Context

from fairmeta.loaders.contexts import ContextResolver, bundled_context

_PREPARED: dict[tuple[str, ...], Context] = {}


class _Parser(Parser):
    """rdflib's JSON-LD parser without its prefix bindings: rdflib binds every term of the context
    that ends in ``/`` or ``#`` as a prefix of the graph (256 for schema.org, per document, and pyshacl
    copies each again): bookkeeping no check reads (reports render terms with fairmeta's own
    prefixes), a tenth of the time of a small record."""

    def parse(self, data: Any, context: Context, dataset: Graph) -> Graph:
        resources = data if isinstance(data, list) else [data]
        graph = dataset.default_context if dataset.context_aware else dataset  # type: ignore[attr-defined]
        for node in resources:
            self._add_to_graph(dataset, graph, context, node, False)
        return graph


def _holds_key(values: list[Any], keys: frozenset[str]) -> bool:
    """Whether any object in ``values`` (at any depth) has one of ``keys`` (walked without recursion)."""
    todo = list(values)
    while todo:
        value = todo.pop()
        if isinstance(value, dict):
            if not keys.isdisjoint(value):
                return True
            todo.extend(value.values())
        elif isinstance(value, list):
            todo.extend(value)
    return False


_FETCHING = frozenset({"@import", "@context", "@base"})
_CONTEXT = frozenset({"@context"})


def _fetches_nothing(definitions: Any) -> bool:
    """An inline context part that rdflib processes without fetching or rebasing anything."""
    return not _holds_key([definitions], _FETCHING)


_BUNDLED_OK: dict[str, bool] = {}


def _bundled_fetches_nothing(url: str) -> bool:
    """Whether ``url`` is a bundled context that fetches nothing (walked once per URL and run)."""
    known = _BUNDLED_OK.get(url)
    if known is None:
        bundled = bundled_context(url)
        known = _BUNDLED_OK[url] = isinstance(bundled, dict) and _fetches_nothing(bundled)
    return known


def _has_inner_context(document: dict[str, Any]) -> bool:
    """Whether a context appears anywhere below the document's top level."""
    return _holds_key([v for k, v in document.items() if k != "@context"], _CONTEXT)


Split = tuple[tuple[str, ...], list[Any]]  # a top-level context as (bundled URLs, inline definitions)


def split_document(document: Any) -> list[Split] | None:
    """The split top-level context of the document (of each object of a top-level array), when
    the whole document can take the prepared path; else None."""
    if isinstance(document, list):
        splits = [split_context(item) for item in document]
        return None if not splits or any(s is None for s in splits) else splits  # type: ignore[return-value]
    split = split_context(document)
    return None if split is None else [split]


def split_context(document: Any) -> Split | None:
    """``(bundled URLs, inline rest)`` of an object that can take the prepared path, else None."""
    if not isinstance(document, dict) or "@context" not in document:
        return None
    top = document["@context"]
    parts = top if isinstance(top, list) else [top]
    urls: list[str] = []
    rest: list[Any] = []
    for part in parts:
        if isinstance(part, str) and not rest:
            if not _bundled_fetches_nothing(part):
                return None
            urls.append(part)
        elif isinstance(part, dict) and _fetches_nothing(part):
            rest.append(part)
        else:
            return None  # a URL after inline definitions, a non-bundled URL, null...
    if not urls or _has_inner_context(document):
        return None
    return tuple(urls), rest


def _prepared(urls: tuple[str, ...]) -> Context:
    context = _PREPARED.get(urls)
    if context is None:
        context = Context(version=1.1)
        context.load([bundled_context(url) for url in urls])
        _PREPARED[urls] = context
    return context


def _copy(prepared: Context, base: str) -> Context:
    """A fresh context with the prepared one's definitions, based at ``base`` (what rdflib's own
    ``_subcontext`` copies, without making the prepared context its parent)."""
    context = Context(base=base, version=prepared.version)
    context.language = prepared.language
    context.vocab = prepared.vocab
    context._alias = {key: names[:] for key, names in prepared._alias.items()}
    context.terms = prepared.terms.copy()
    context._lookup = prepared._lookup.copy()
    context._prefixes = prepared._prefixes.copy()
    context.active = True
    return context


def parse_prepared(
    document: Any, splits: list[Split], graph: Graph, base: str, resolver: ContextResolver
) -> Context | None:
    """Parse ``document`` (an object, or an array of objects, with the split contexts of
    :func:`split_document`) into ``graph``; return the object's active context (the pointer
    locator expands keys with it), None for an array."""
    objects = document if isinstance(document, list) else [document]
    sink = ConjunctiveGraph(store=graph.store, identifier=graph.identifier)  # as rdflib's parser does
    kept: Context | None = None
    for item, (urls, rest) in zip(objects, splits, strict=True):
        for url in urls:
            resolver.resolve(url)  # the run's record of the contexts used (bundled: nothing is fetched)
        context = _copy(_prepared(urls), base)
        if rest:
            context.load(rest, base)
        body = {key: value for key, value in item.items() if key != "@context"}
        _Parser(generalized_rdf=False, allow_lists_of_lists=None, skolemize=False).parse(body, context, sink)
        # what the locator keeps to expand keys: the shared prepared context when the document adds
        # nothing to it (a copy per source held for the whole run cost ~100 kB per file)
        kept = context if rest else _prepared(urls)
    return kept if not isinstance(document, list) else None
