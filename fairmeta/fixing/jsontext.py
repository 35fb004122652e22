"""Apply JSON Patch edits to JSON *text* while keeping its layout: indentation, key order, spacing.

Python's json module forgets where values stood, so fixing a record by load-patch-dump would
reformat the whole file. Instead this module scans the text once, records the character span of
every value by its JSON Pointer, and splices new values into exactly those spans. ``replace``
swaps a value's text; ``add`` of a new object member inserts it after the last member, copying its
indentation. Anything else falls back to re-serialising with the file's own indentation.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from json.decoder import scanstring  # type: ignore[attr-defined]  # public since 2.6, not in the stubs
from typing import Any

_WS = re.compile(r"\s*")
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?")


@dataclass(frozen=True)
class Span:
    """Where a JSON value stands in the text: ``text[start:end]``."""

    start: int
    end: int


class JsonTextError(ValueError):
    """The text is not JSON this scanner can map (it is parsed with :mod:`json` first, so rarely)."""


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.spans: dict[str, Span] = {}
        self.members: dict[str, list[str]] = {}  # object pointer → pointers of its members, in order

    def skip(self, pos: int) -> int:
        match = _WS.match(self.text, pos)
        assert match is not None
        return match.end()

    def value(self, pos: int, pointer: str) -> int:
        pos = self.skip(pos)
        start = pos
        char = self.text[pos : pos + 1]
        if char == "{":
            pos = self.obj(pos, pointer)
        elif char == "[":
            pos = self.array(pos, pointer)
        elif char == '"':
            _, pos = scanstring(self.text, pos + 1)
        else:
            for literal in ("true", "false", "null"):
                if self.text.startswith(literal, pos):
                    pos += len(literal)
                    break
            else:
                match = _NUMBER.match(self.text, pos)
                if match is None:
                    raise JsonTextError(f"unexpected character at offset {pos}")
                pos = match.end()
        self.spans[pointer] = Span(start, pos)
        return pos

    def obj(self, pos: int, pointer: str) -> int:
        pos = self.skip(pos + 1)
        self.members[pointer] = []
        if self.text[pos] == "}":
            return pos + 1
        while True:
            pos = self.skip(pos)
            key, pos = scanstring(self.text, pos + 1)
            pos = self.skip(pos)
            if self.text[pos] != ":":
                raise JsonTextError(f"expected ':' at offset {pos}")
            child = f"{pointer}/{_escape(key)}"
            pos = self.value(pos + 1, child)
            self.members[pointer].append(child)
            pos = self.skip(pos)
            if self.text[pos] == ",":
                pos += 1
                continue
            if self.text[pos] == "}":
                return pos + 1
            raise JsonTextError(f"expected ',' or '}}' at offset {pos}")

    def array(self, pos: int, pointer: str) -> int:
        pos = self.skip(pos + 1)
        if self.text[pos] == "]":
            return pos + 1
        index = 0
        while True:
            pos = self.value(pos, f"{pointer}/{index}")
            index += 1
            pos = self.skip(pos)
            if self.text[pos] == ",":
                pos += 1
                continue
            if self.text[pos] == "]":
                return pos + 1
            raise JsonTextError(f"expected ',' or ']' at offset {pos}")


def _indent_unit(text: str) -> str:
    for line in text.splitlines()[1:]:
        stripped = line.lstrip(" \t")
        if stripped and len(stripped) < len(line):
            return line[: len(line) - len(stripped)]
    return ""


def apply_edits(text: str, edits: list[tuple[str, str, Any]]) -> str:
    """Apply ``(op, pointer, value)`` edits to JSON text; ops are ``replace`` and ``add``.

    Edits are applied one at a time, rescanning in between, so later pointers see earlier changes.
    Raises :class:`JsonTextError` for an edit that cannot be placed.
    """
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text[len(bom) :]
    for op, pointer, value in edits:
        scanner = _Scanner(body)
        scanner.value(0, "")
        rendered = json.dumps(value, ensure_ascii=False)
        if op == "replace" or (op == "add" and pointer in scanner.spans):
            span = scanner.spans.get(pointer)
            if span is None:
                raise JsonTextError(f"no value at {pointer!r}")
            body = body[: span.start] + rendered + body[span.end :]
        elif op == "add":
            parent, _, key = pointer.rpartition("/")
            key = key.replace("~1", "/").replace("~0", "~")
            body = _add_member(body, scanner, parent, key, rendered)
        else:
            raise JsonTextError(f"unsupported operation {op!r}")
    return bom + body


def _add_member(body: str, scanner: _Scanner, parent: str, key: str, rendered: str) -> str:
    if parent not in scanner.members:
        raise JsonTextError(f"no object at {parent!r}")
    members = scanner.members[parent]
    member = json.dumps(key, ensure_ascii=False) + ": " + rendered
    if not members:
        span = scanner.spans[parent]
        return body[: span.start] + "{" + member + "}" + body[span.end :]
    last = scanner.spans[members[-1]]
    key_start = body.rfind('"', 0, body.rfind(":", 0, last.start))  # the last member's key quote
    key_start = body.rfind('"', 0, key_start)
    line_start = body.rfind("\n", 0, key_start) + 1
    prefix = body[line_start:key_start]
    separator = (
        ",\n" + prefix if prefix.strip() == "" and "\n" in body[scanner.spans[parent].start : last.end] else ", "
    )
    return body[: last.end] + separator + member + body[last.end :]
