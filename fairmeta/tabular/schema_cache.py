"""Keep a LinkML schema's compiled target (:class:`CompiledTarget`) in the on-disk cache.

Importing linkml, loading the schema and generating its JSON Schema take about two seconds, more
than validating thousands of rows. The result is plain data, so it is pickled in the cache
directory (see :mod:`fairmeta.cache`), keyed by the schema file's bytes, the target class asked
for and the fairmeta and linkml versions; the entry also records the hash of every local file the
schema imports, and is used only while all of them are unchanged. Any problem with the cache
falls back to compiling.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TypeVar

from fairmeta._version import __version__
from fairmeta.cache import cache_dir, store_pickle

T = TypeVar("T")


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


COMPILED_FORMAT = "3"  # bump when CompiledTarget or SlotInfo change (a cached one would lack fields)


def _entry(path: Path, target_class: str | None) -> Path:
    try:
        linkml = version("linkml")
    except PackageNotFoundError:
        linkml = "none"
    key = f"{_digest(path)}\0{target_class or ''}\0{__version__}\0{linkml}\0{COMPILED_FORMAT}"
    return cache_dir() / "linkml" / f"{hashlib.sha256(key.encode()).hexdigest()}.pickle"


def compile_cached(
    path: Path,
    target_class: str | None,
    compile_schema: Callable[[str | None], tuple[T, list[Path] | None]],
    kind: type[T],
) -> T:
    """The compiled target from the cache when the schema and its imports are unchanged, else compiled now.

    ``kind`` is the type a cached entry must have (an entry of an older layout is compiled again).
    """
    entry = _entry(path, target_class)
    try:
        with entry.open("rb") as handle:
            compiled, hashes = pickle.load(handle)  # noqa: S301 - our own cache, keyed by content hash
        if isinstance(compiled, kind) and all(_digest(Path(f)) == h for f, h in hashes.items()):
            return compiled
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        pass
    compiled, files = compile_schema(target_class)
    if files is not None:
        store_pickle(entry, (compiled, {str(f.resolve()): _digest(f) for f in files}))
    return compiled
