"""Blank-node labels that depend on the document only, never on the run.

rdflib labels every blank node it mints with ``uuid4()`` (the JSON-LD and RDF/XML parsers through
``BNode()``, the Turtle family through a per-parse uuid plus a counter). Those labels end up in
sort orders, record ids and evidence, so two runs over one file disagreed. While fairmeta parses,
:func:`document_order_blank_nodes` hands rdflib a counter instead of ``uuid4``: the n-th blank
node minted while parsing a document is always labelled the same, whatever the process, hash
seed or the files parsed before it. rdflib offers no parameter for this (``BNode``'s generator
argument is not reachable through ``Graph.parse``), hence the narrowly scoped replacement, held
under a lock so concurrent parses cannot interleave their counters.
"""

from __future__ import annotations

import itertools
import threading
import uuid
from collections.abc import Callable, Generator, Iterator
from contextlib import contextmanager
from typing import Any

from rdflib import Graph
from rdflib.plugins.stores.memory import Memory
from rdflib.term import Node

_LOCK = threading.RLock()


class _CountedUuid:
    """Stands in for the ``uuid.UUID`` that rdflib asks ``uuid4()`` for; it only reads ``.hex``."""

    __slots__ = ("hex",)

    def __init__(self, number: int) -> None:
        self.hex = f"{number:06d}"  # zero-padded: sorting labels keeps parse order


def _modules() -> list[Any]:
    import rdflib.plugins.parsers.notation3 as notation3
    import rdflib.term as term

    return [term, notation3]


@contextmanager
def document_order_blank_nodes() -> Iterator[None]:
    """Within the block, blank nodes minted by rdflib are labelled ``N000001``, ``N000002``, ... in parse order."""
    counter = itertools.count(1)

    def counted() -> _CountedUuid:
        return _CountedUuid(next(counter))

    with _LOCK:
        modules = _modules()
        _, notation3 = modules
        saved: list[Callable[[], uuid.UUID]] = [m.uuid4 for m in modules]
        # N3 names anonymous nodes after a process-wide counter of documents parsed so far
        saved_documents = notation3.nextu
        notation3.nextu = 0
        for module in modules:
            module.uuid4 = counted
        try:
            yield
        finally:
            for module, original in zip(modules, saved, strict=True):
                module.uuid4 = original
            notation3.nextu = saved_documents


class OrderedMemory(Memory):
    """rdflib's default store, scanning the whole graph in insertion order instead of hash order.

    ``Memory`` keeps a graph's triples in a ``set``, so ``for triple in graph`` (and everything
    built on a full scan: statement indexes, subjects, ...) runs in an order that changes with
    ``PYTHONHASHSEED``. Every look-up with a bound term already runs in insertion order, and
    parsers insert in document order, so remembering that order makes the whole graph
    deterministic. The store stays context aware, as pyshacl and the JSON-LD parser require.
    """

    def __init__(self, configuration: str | None = None, identifier: Any = None) -> None:
        super().__init__(configuration, identifier)
        self._order: dict[tuple[Node, Node, Node], None] = {}

    def add(self, triple: Any, context: Any, quoted: bool = False) -> None:
        super().add(triple, context, quoted)
        self._order[triple] = None

    def remove(self, triple: Any, context: Any = None) -> None:
        matched = [t for t, _ in super().triples(triple, context)]
        super().remove(triple, context)
        for found in matched:
            if not any(True for _ in super().triples(found, None)):
                self._order.pop(found, None)

    def triples(self, triple_pattern: Any, context: Any = None) -> Generator[Any, None, None]:
        # Not a generator itself: a bound pattern (nearly every call pyshacl and the checks make)
        # gets Memory's own generator, without a second frame per triple.
        subject, predicate, value = triple_pattern
        if subject is not None or predicate is not None or value is not None:
            return super().triples(triple_pattern, context)
        return self._in_order(triple_pattern, context)

    def _in_order(self, triple_pattern: Any, context: Any) -> Generator[Any, None, None]:
        present = dict(super().triples(triple_pattern, context))
        for triple in list(self._order):
            if triple in present:
                yield triple, present[triple]


def new_graph() -> Graph:
    """An empty graph whose every scan is in insertion order (see :class:`OrderedMemory`)."""
    return Graph(store=OrderedMemory())
