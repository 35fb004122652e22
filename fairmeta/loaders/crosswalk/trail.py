"""The crosswalk's bookkeeping: generated values, where in the source each came from, and the
locator that turns a generated document's pointers back into places in the user's file."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from rdflib.term import Node

from fairmeta.records import JsonPointerLocator, Locator

Origin = str | int  # a JSON Pointer into the source document, or a 1-based line of the source file

SCHEMA_CONTEXT = "https://schema.org/"


class Trail:
    """The generated document's values and, for each, the place in the source it was made from.

    :param where: turns a pointer into the source's JSON form into an :data:`Origin` (identity for
        JSON input; the element's line for XML, which is first read into that JSON form).
    """

    def __init__(self, where: Callable[[str], Origin | None]) -> None:
        self._where = where
        self._slots: dict[tuple[int, str | int], Origin] = {}
        self._roots: dict[int, Origin] = {}
        self.uncarried: dict[str, None] = {}

    def put(self, target: dict[str, Any], key: str, value: Any, source: str) -> None:
        """Set ``target[key]`` (appending when the key is there already) and remember its source."""
        if value is None or value == [] or value == "":
            return
        if key in target:
            existing = target[key]
            if not isinstance(existing, list):
                existing = target[key] = [existing]
                self._move((id(target), key), (id(existing), 0))
            self.add(existing, value, source)
            return
        target[key] = value
        self._note((id(target), key), source)

    def add(self, target: list[Any], value: Any, source: str) -> None:
        """Append ``value`` to ``target`` and remember its source."""
        if value is None or value == "":
            return
        target.append(value)
        self._note((id(target), len(target) - 1), source)

    def root(self, obj: dict[str, Any], source: str) -> dict[str, Any]:
        """Remember where a generated top-level object (a record) came from."""
        origin = self._where(source)
        if origin is not None:
            self._roots[id(obj)] = origin
        return obj

    def skip(self, field_name: str) -> None:
        """Name a field of the source the crosswalk does not carry (reported once, FM-SYS-009)."""
        self.uncarried.setdefault(field_name, None)

    def _note(self, slot: tuple[int, str | int], source: str) -> None:
        origin = self._where(source)
        if origin is not None:
            self._slots[slot] = origin

    def _move(self, old: tuple[int, str | int], new: tuple[int, str | int]) -> None:
        if old in self._slots:
            self._slots[new] = self._slots[old]

    def origins(self, document: Any) -> dict[str, Origin]:
        """Map every JSON Pointer of the generated document that has a source to that source."""
        found: dict[str, Origin] = {}

        def walk(value: Any, pointer: str) -> None:
            if isinstance(value, dict):
                if id(value) in self._roots:
                    found.setdefault(pointer, self._roots[id(value)])
                items: list[tuple[str | int, Any]] = list(value.items())
            elif isinstance(value, list):
                items = list(enumerate(value))
            else:
                return
            for key, item in items:
                child = f"{pointer}/{str(key).replace('~', '~0').replace('/', '~1')}"
                origin = self._slots.get((id(value), key))
                if origin is not None:
                    found[child] = origin
                walk(item, child)

        walk(document, "")
        return found


@dataclass
class Crosswalked:
    """A source rewritten as schema.org JSON-LD: the document, its origins, what was not carried."""

    document: Any
    origins: dict[str, Origin]
    uncarried: list[str] = field(default_factory=list)
    records: int = 0


class CrosswalkLocator(Locator):
    """Locate nodes in the user's file through the generated document's JSON Pointers.

    The inner locator finds a node's place in the generated document; the nearest generated
    pointer with an origin (the value itself, else the object holding it) gives the place in the
    source: a JSON Pointer for JSON input, a line for XML.
    """

    def __init__(self, inner: JsonPointerLocator, origins: dict[str, Origin]) -> None:
        super().__init__(inner.graph)
        self.inner = inner
        self.origins = origins

    def locate(self, node: Node | None, path: Node | None = None) -> tuple[str | None, int | None]:
        """The place in the source of ``node`` (and ``path`` on it)."""
        pointer, _ = self.inner.locate(node, path)
        return self.translate(pointer)

    def generated_pointer(self, node: Node) -> str | None:
        """The node's pointer in the generated document (where it is, not where it came from)."""
        return self.inner.locate(node)[0]

    def translate(self, pointer: str | None) -> tuple[str | None, int | None]:
        """The source place of a generated pointer: its own origin or its nearest ancestor's."""
        while pointer is not None:
            origin = self.origins.get(pointer)
            if origin is not None:
                return (origin, None) if isinstance(origin, str) else (None, origin)
            if not pointer:
                break
            pointer = pointer.rsplit("/", 1)[0]
        return None, None


def items(value: Any, pointer: str) -> list[tuple[Any, str]]:
    """A field either format writes as a list (or, in older records, as one value), item by item,
    each with its JSON Pointer; nothing for ``None``."""
    if isinstance(value, list):
        return [(item, f"{pointer}/{i}") for i, item in enumerate(value)]
    return [] if value is None else [(value, pointer)]


def scalar_text(value: Any, *, collapse: bool = False) -> str | None:
    """A string or number as trimmed text, ``None`` for anything else or a blank; ``collapse``:
    runs of whitespace inside become one space."""
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        text = " ".join(str(value).split()) if collapse else str(value).strip()
        return text or None
    return None
