"""Line and column of JSON Pointers in a JSON text, for reports, annotations and SARIF regions.

Python's ``json`` module keeps no positions, so the text is scanned once more, piece by piece,
only when a source has findings to place. A member is placed at its key (the line a reader looks
for: ``"license": …``), an array element at its first character, the root at the document's
first character. A pointer to something the document does not hold (a property that is missing)
is placed at its nearest ancestor that exists: the object the property belongs in.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterable

# a string (escapes included), one structural character, or a bare literal / number
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\],:]|[^\s{}\[\],:"]+')
_NEWLINE = re.compile(r"\n")


def _escape(piece: str) -> str:
    return piece.replace("~", "~0").replace("/", "~1")


def _ancestors(pointer: str) -> Iterable[str]:
    while pointer:
        yield pointer
        pointer = pointer.rsplit("/", 1)[0]
    yield ""


def pointer_positions(text: str, pointers: Iterable[str]) -> dict[str, tuple[int, int]]:
    """``pointer -> (line, column)`` (both 1-based, columns in characters) for each wanted pointer.

    Pointers are RFC 6901 (``/creator/0/name``, ``""`` for the root); a pointer the text does not
    hold gets its nearest existing ancestor's position; a text that is not JSON gives ``{}``.
    """
    wanted = set(pointers)
    if not wanted:
        return {}
    needed = {ancestor for pointer in wanted for ancestor in _ancestors(pointer)}
    found: dict[str, int] = {}  # pointer -> character offset
    # Each open container: [pointer, is_object, next array index, key waiting for its value].
    stack: list[list[object]] = []
    expect_key = False
    pending: str | None = ""  # the pointer of the value the next piece starts (the root first)
    for match in _TOKEN.finditer(text):
        piece = match.group()
        start = match.start()
        if expect_key:  # inside an object, before a member
            if piece == "}":
                stack.pop()
                expect_key = False
                pending = None
                continue
            if not piece.startswith('"'):
                return {}
            key = json.loads(piece) if "\\" in piece else piece[1:-1]
            member = f"{stack[-1][0]}/{_escape(key)}"
            if member in needed and member not in found:
                found[member] = start
            stack[-1][3] = member
            expect_key = False
            continue
        if piece == ":":
            pending = str(stack[-1][3]) if stack else None
            continue
        if piece == ",":
            if not stack:
                return {}
            frame = stack[-1]
            if frame[1]:
                expect_key = True
            else:
                frame[2] = int(str(frame[2])) + 1
                pending = f"{frame[0]}/{frame[2]}"
            continue
        if piece in "]}" and len(piece) == 1:
            if stack:
                stack.pop()
            pending = None
            continue
        # a value starts here
        if pending is not None and pending in needed and pending not in found and not (stack and stack[-1][1]):
            found[pending] = start  # array elements and the root (members are placed at their key)
        if piece == "{":
            stack.append([pending or "", True, 0, None])
            expect_key = True
        elif piece == "[":
            stack.append([pending or "", False, 0, None])
            pending = f"{pending or ''}/0"
            continue
        pending = None
        if len(found) == len(needed):
            break
    if not found:
        return {}
    newlines = [m.start() for m in _NEWLINE.finditer(text, 0, max(found.values()) + 1)]
    out: dict[str, tuple[int, int]] = {}
    for pointer in wanted:
        offset = next((found[a] for a in _ancestors(pointer) if a in found), None)
        if offset is None:
            continue
        line = bisect.bisect_left(newlines, offset)  # newlines before the offset
        column = offset - (newlines[line - 1] if line else -1)
        out[pointer] = (line + 1, column)
    return out
