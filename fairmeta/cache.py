"""A small on-disk cache for parsed RDF files (shapes), so a pre-commit run skips re-parsing them.

Parsing the profile shapes costs about 20 ms per file and run; unpickling the parsed graph about
2 ms. Entries are keyed by the file's bytes, the format and the rdflib version, so an edited
shapes file or an rdflib upgrade never reuses a stale graph. The cache is an optimisation only:
any problem reading or writing it falls back to parsing.

Location: ``cache-dir`` of the configuration, else ``$FAIRMETA_CACHE_DIR``, else ``$XDG_CACHE_HOME/fairmeta``, else ``~/.cache/fairmeta``.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from rdflib import Graph

from fairmeta.graph import new_graph

T = TypeVar("T")


_OVERRIDE: list[Path] = []


def set_cache_dir(path: Path | None) -> None:
    """Use ``path`` as the cache directory for this process (``cache-dir`` in the configuration)."""
    _OVERRIDE[:] = [path] if path is not None else []


def cache_dir() -> Path:
    """Return the cache directory (not created until something is written)."""
    if _OVERRIDE:
        return _OVERRIDE[0]
    explicit = os.environ.get("FAIRMETA_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "fairmeta"


# Every cache fairmeta keeps, by folder under the cache directory: what `fairmeta cache` shows and clears.
CACHE_PARTS: dict[str, str] = {
    "http": "identifier and link answers of the resolvers (HTTP responses)",
    "contexts": "remote JSON-LD contexts kept by `fairmeta cache warm`",
    "graphs": "parsed shapes and vocabulary files",
    "objects": "computed tables (rule tables, prepared data)",
    "linkml": "compiled LinkML schemas",
    "ontologies": "term indexes of ontology files",
}


def cache_usage(root: Path) -> list[tuple[str, str, int, int]]:
    """``(part, what it holds, files, bytes)`` for every known part and any other folder found."""
    parts = dict(CACHE_PARTS)
    if root.is_dir():
        for child in sorted(root.iterdir()):
            if child.is_dir() and child.name not in parts:
                parts[child.name] = "(not a cache this version writes)"
    out = []
    for name, what in parts.items():
        files = [f for f in (root / name).rglob("*") if f.is_file()] if (root / name).is_dir() else []
        out.append((name, what, len(files), sum(f.stat().st_size for f in files)))
    return out


def clear_cache(root: Path, parts: list[str] | None = None) -> dict[str, int]:
    """Delete the files of the given parts (all when None); return files removed per part."""
    import shutil

    removed: dict[str, int] = {}
    for name, _what, files, _size in cache_usage(root):
        if parts is not None and name not in parts:
            continue
        folder = root / name
        if folder.is_dir() and not folder.is_symlink():
            shutil.rmtree(folder)
        removed[name] = files
    return removed


def cached(data: bytes, kind: str, build: Callable[[], T]) -> T:
    """Return ``build()``'s result for these input bytes, from the cache when an earlier run made it.

    The key is the bytes plus ``kind`` (which should name the producer and its version); a value
    of another type than the freshly built one would be is never returned.
    """
    key = hashlib.sha256(data + b"\0" + kind.encode()).hexdigest()
    entry = cache_dir() / "objects" / f"{key}.pickle"
    try:
        with entry.open("rb") as handle:
            return pickle.load(handle)  # type: ignore[no-any-return]  # noqa: S301 - our own, content-keyed
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError):
        pass
    value = build()
    store_pickle(entry, value)
    return value


def parse_cached(path: Path, rdf_format: str) -> Graph:
    """Parse an RDF file, or load the graph parsed from identical bytes by an earlier run.

    Parse errors propagate exactly as ``Graph.parse`` raises them; nothing is cached for them.
    """
    import rdflib

    data = path.read_bytes()
    key = hashlib.sha256(data + f"\0{rdf_format}\0{rdflib.__version__}".encode()).hexdigest()
    entry = cache_dir() / "graphs" / f"{key}.pickle"
    try:
        with entry.open("rb") as handle:
            graph = pickle.load(handle)  # noqa: S301 - our own cache, keyed by content hash
        if isinstance(graph, Graph):
            return graph
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError):
        pass
    graph = new_graph()
    graph.parse(data=data, format=rdf_format, publicID=path.resolve().as_uri())
    store_pickle(entry, graph)
    return graph


def store_pickle(entry: Path, value: object) -> None:
    """Write a value to a cache entry atomically; a failure only means no cache."""
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=entry.parent, delete=False, suffix=".tmp") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(handle.name, entry)  # atomic: a parallel run never reads half a file
    except (OSError, pickle.PickleError):
        pass


def store_text(entry: Path, text: str) -> None:
    """Write text to a cache entry atomically; a failure only means no cache."""
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=entry.parent, delete=False, suffix=".tmp"
        ) as handle:
            handle.write(text)
        os.replace(handle.name, entry)  # atomic: a parallel run never reads half a file
    except OSError:
        pass
