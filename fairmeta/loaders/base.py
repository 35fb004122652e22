"""What a loader returns: a graph and its records, or a failure that becomes a finding."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rdflib import Graph
from rdflib.term import Node

from fairmeta.records import Locator


@dataclass
class LoadFailure:
    """Why a source could not be turned into a graph; becomes a finding, never a traceback.

    :param code: the rule code (``FM-SYS-001`` parse error, ``FM-SYS-004`` refused context, ...).
    :param reason: one line naming the problem, without the file name (the location carries it).
    :param line: where the problem is, when the parser said.
    :param fix: what to do about this very problem, when the loader knows better than the rule's fix.
    :param not_metadata: the content is not metadata at all (plain JSON such as ``package.json``, a
        table with no schema to read it by): ``--skip-non-metadata`` lists it as skipped instead.
    """

    code: str
    reason: str
    line: int | None = None
    value: str | None = None
    fix: str | None = None
    not_metadata: bool = False


@dataclass(frozen=True)
class LoadNote:
    """Something the loader noticed that the load check reports (a table column no mapping reads)."""

    code: str
    message: str
    line: int | None = None
    column: str | None = None
    fix: str | None = None


@dataclass
class Parsed:
    """A source parsed into one graph, before its records are picked out."""

    graph: Graph
    locator: Locator
    format: str
    document: Any = None
    base: str = ""
    context_urls: list[str] = field(default_factory=list)
    roots: list[Node] | None = None  # the records, when the format says which (a crosswalked record)
    notes: list[LoadNote] = field(default_factory=list)
