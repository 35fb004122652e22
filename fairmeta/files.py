"""Read the user's files as hostile input: regular files only, never more bytes than a limit.

A FIFO named on the command line would block a read forever, a symlink to ``/dev/zero`` grows
without end while ``stat`` says size 0, and a device may not be readable at all. So a file is
opened without blocking, judged by what the open descriptor *is* (``fstat``, not a name that may
change in between), and read in chunks that stop one byte past the limit.
"""

from __future__ import annotations

import json
import os
import stat
import sys
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO, Literal

from fairmeta.errors import FairmetaError

MAX_INPUT_BYTES = 200_000_000  # a metadata record larger than this is almost certainly a mistake
MAX_CONFIG_BYTES = 20_000_000  # schemas, mappings, shapes and configuration files
MAX_JSON_DEPTH = 128  # objects and arrays inside each other; real metadata stays under 20
MAX_VALUES = 2_000_000  # values of one decoded document, YAML aliases counted each time they are used


class UnreadableFileError(FairmetaError):
    """A file that cannot be read: not a regular file, larger than the limit, or refused by the OS.

    The message is one line without the file's name (callers know which file they asked for).
    For a checked source it becomes a finding (exit 1); for a configuration file it stops the run (exit 2).
    """


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


@contextmanager
def _regular_file(path: Path) -> Iterator[BinaryIO]:
    """``path`` opened for reading if it is a regular file; :class:`UnreadableFileError` otherwise."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as exc:
        what = "folder" if os.path.isdir(path) else "file"
        raise UnreadableFileError(f"cannot read the {what}: {exc.strerror or type(exc).__name__}") from None
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            raise UnreadableFileError(f"{_kind(mode)}, not a regular file; only regular files are read")
        with os.fdopen(descriptor, "rb", closefd=False) as stream:
            yield stream
    except OSError as exc:
        raise UnreadableFileError(f"cannot read the file: {exc.strerror or type(exc).__name__}") from None
    finally:
        os.close(descriptor)


def read_file(path: Path, limit: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; :class:`UnreadableFileError` otherwise."""
    with _regular_file(path) as stream:
        return read_stream(stream, limit)


def read_head(path: Path, size: int) -> bytes:
    """The first ``size`` bytes of a regular file (to tell what it is); :class:`UnreadableFileError`
    for anything else, without blocking on a FIFO."""
    with _regular_file(path) as stream:
        return stream.read(size)


def read_stream(stream: BinaryIO, limit: int = MAX_INPUT_BYTES) -> bytes:
    """At most ``limit`` bytes of a stream (standard input); :class:`UnreadableFileError` past it."""
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = stream.read(min(1 << 20, limit + 1 - total))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            raise UnreadableFileError(f"larger than {limit:,} bytes (the limit for one input)")


def read_text(path: Path, limit: int = MAX_CONFIG_BYTES) -> str:
    """A configuration file's text (UTF-8, a byte-order mark dropped)."""
    data = read_file(path, limit)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableFileError(f"not UTF-8 text (byte {exc.start})") from None


PathKind = Literal["missing", "dangling", "folder", "file", "refused"]


def path_kind(path: Path) -> PathKind:
    """What is at ``path``, without raising: ``file`` is anything but a folder (a FIFO, a device:
    reading it says why it is refused), ``dangling`` a link to nothing, ``refused`` a path the
    system will not let fairmeta look at (a folder above it without search permission)."""
    try:
        if path.is_dir():
            return "folder"
        if path.exists():
            return "file"
        return "dangling" if path.is_symlink() else "missing"
    except OSError:
        return "refused"


# Unicode's bidirectional overrides and isolates can make a printed name read as another one.
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def printable(text: str) -> str:
    """``text`` safe for a terminal: control characters (ESC, CR, BEL, C1...) and bidirectional
    overrides written as escapes (``\\x1b``), so a file name or value cannot drive the terminal."""
    if text.isprintable():
        return text
    out = []
    for char in text:
        if char in _BIDI or (not char.isprintable() and unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp")):
            code = ord(char)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(char)
    return "".join(out)


def stdin_bytes(limit: int = MAX_INPUT_BYTES) -> bytes:
    """Standard input, bounded like a file."""
    return read_stream(sys.stdin.buffer, limit)


class RefusedDataError(ValueError):
    """A JSON or YAML document that parses but is not data fairmeta reads: a duplicate key, NaN,
    a number too long to convert, nesting deeper than :data:`MAX_JSON_DEPTH`, or more values than
    :data:`MAX_VALUES` (YAML aliases that expand exponentially)."""

    def __init__(self, message: str, fix: str | None = None) -> None:
        super().__init__(message)
        self.fix = fix


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise RefusedDataError(
                f"the key {key!r} appears twice in one object, so which value counts is undefined",
                f"Keep one {key!r} per object (merge the values into a list if both are meant).",
            )
        out[key] = value
    return out


def _no_constant(name: str) -> Any:
    raise RefusedDataError(
        f"{name} is not a JSON number (JSON has no NaN or Infinity)", "Write the value as a string or leave it out."
    )


def check_shape(document: Any, what: str = "document") -> None:
    """Refuse a decoded document nested deeper than :data:`MAX_JSON_DEPTH` or holding more than
    :data:`MAX_VALUES` values (walked without recursion, stopping at the first limit)."""
    todo: list[tuple[Any, int]] = [(document, 1)]
    count = 0
    while todo:
        item, depth = todo.pop()
        count += 1
        if count > MAX_VALUES:
            raise RefusedDataError(
                f"the {what} holds more than {MAX_VALUES:,} values (YAML aliases count each time they are used)",
                "Split the document, or write repeated parts out instead of through nested aliases.",
            )
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > MAX_JSON_DEPTH:
            raise RefusedDataError(
                f"nested deeper than {MAX_JSON_DEPTH} levels", "Flatten the document: metadata needs a few levels."
            )
        todo.extend((child, depth + 1) for child in children)


def strict_json(text: str) -> Any:
    """Decode JSON as data: :class:`json.JSONDecodeError` for bad syntax, :class:`RefusedDataError`
    for a duplicate key, NaN or Infinity, an over-long number, or a document too deep or too big."""
    try:
        document = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except json.JSONDecodeError:
        raise
    except RecursionError:
        raise RefusedDataError(f"nested deeper than {MAX_JSON_DEPTH} levels") from None
    except RefusedDataError:
        raise
    except ValueError:  # int() of a number with more digits than Python converts (4,300)
        raise RefusedDataError(
            f"a number has more than {sys.get_int_max_str_digits():,} digits", "Write such a value as a string."
        ) from None
    check_shape(document)
    return document


def strict_yaml(text: str) -> Any:
    """Decode YAML (safe loader) as data, with the limits of :func:`strict_json`."""
    import yaml

    try:  # libyaml's safe loader when installed (the same documents, ten times faster)
        document = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
    except RecursionError:
        raise RefusedDataError(f"nested deeper than {MAX_JSON_DEPTH} levels") from None
    except ValueError as exc:  # an over-long integer
        raise RefusedDataError(" ".join(str(exc).split())[:200]) from None
    check_shape(document)
    return document
