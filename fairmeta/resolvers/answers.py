"""A spread run's HTTP answers: read from the run's cache, written by its one writer.

A worker of ``--jobs`` or of a Dask cluster must not write the run's cache files: SQLite files on a
shared filesystem and many writers do not mix, and a worker on another machine cannot reach them
anyway. So each worker engine keeps its own cache (a private folder), read *after* the run's cache
(``HttpSettings.shared_cache_file``, read only), and after each task hands back the answers it
added (:class:`Answers`: response rows, redirect aliases, the URLs asked, harvest replay rows). The
parent, the run's single writer, merges them into the run's cache (:func:`merge_answers`), so a
re-run finds every answer the first run got and sends no request, on whichever worker its tasks
land, as long as the workers can read the run's cache (one machine, or a shared filesystem).

The module also keeps the record of the URLs asked (table ``fairmeta_asked`` beside
requests-cache's tables; see http.py).

Rows travel as stored (requests-cache's serialised blobs, the harvest cache's columns): the same
fairmeta and requests-cache on every worker is what a cluster needs anyway.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, MutableMapping
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

RESPONSES, HARVEST = "responses.sqlite", "harvest.sqlite"
_HARVEST_COLUMNS = "key, url, status, headers, links, body, elapsed_ms, stored"
HARVEST_TABLE = (  # the harvest replay cache (fetch.py writes it; the run's writer merges into it)
    "CREATE TABLE IF NOT EXISTS answers (key TEXT PRIMARY KEY, url TEXT, status INTEGER, "
    "headers TEXT, links TEXT, body BLOB, elapsed_ms INTEGER, stored REAL)"
)


@dataclass(frozen=True)
class Answers:
    """What one task added to a worker's cache, to be merged into the run's."""

    responses: tuple[tuple[str, bytes, int | None], ...] = ()  # (key, serialised response, expires)
    redirects: tuple[tuple[str, str, int | None], ...] = ()  # (key of a hop, key of the response, expires)
    asked: tuple[str, ...] = ()  # URLs answered by the network (the offline runs' record)
    harvest: tuple[tuple[Any, ...], ...] = ()  # rows of the harvest replay cache

    def __bool__(self) -> bool:
        return bool(self.responses or self.redirects or self.asked or self.harvest)


def _read_only(path: Path) -> sqlite3.Connection | None:
    """A read-only connection to ``path``, or None when it is not there (nothing cached yet)."""
    if not path.is_file():
        return None
    try:
        return sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10, check_same_thread=False)
    except sqlite3.Error:
        return None


class _Layered(MutableMapping[str, Any]):
    """A requests-cache table: this worker's own first, then the run's (read only); writes and
    deletions go to the worker's own table only."""

    def __init__(self, own: Any, shared: Path, table: str) -> None:
        self.own = own
        self.serializer = own.serializer  # requests-cache builds keys with the storage's serializer
        self._shared = shared
        self._table = table

    def _shared_value(self, key: str) -> Any:
        connection = _read_only(self._shared)
        if connection is None:
            return None
        try:
            with closing(connection):
                row = connection.execute(f"SELECT value FROM {self._table} WHERE key = ?", (key,)).fetchone()  # noqa: S608 - fixed names
        except sqlite3.Error:  # no such table yet
            return None
        return None if row is None else row[0]

    def __getitem__(self, key: str) -> Any:
        try:
            return self.own[key]
        except KeyError:
            pass
        value = self._shared_value(key)
        if value is None:
            raise KeyError(key)
        return self.own.deserialize(key, value)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and (key in self.own or self._shared_value(key) is not None)

    def __setitem__(self, key: str, value: Any) -> None:
        self.own[key] = value

    def __delitem__(self, key: str) -> None:
        self.own.pop(key, None)  # an entry of the run's cache is replaced by the worker's, not deleted

    def __iter__(self) -> Iterator[str]:
        return iter(self.own)

    def __len__(self) -> int:
        return len(self.own)

    def bulk_delete(self, keys: Any) -> None:
        self.own.bulk_delete(keys)

    def deserialize(self, key: str, value: Any) -> Any:
        return self.own.deserialize(key, value)

    def close(self) -> None:
        self.own.close()

    def clear(self) -> None:
        self.own.clear()


def layered_backend(own: Path, shared: Path) -> Any:
    """A requests-cache SQLite backend on ``own`` that also answers from the run's ``shared`` file."""
    from requests_cache.backends.sqlite import SQLiteCache

    own.parent.mkdir(parents=True, exist_ok=True)
    backend = SQLiteCache(str(own))
    backend.responses = _Layered(backend.responses, shared, "responses")  # type: ignore[assignment]
    backend.redirects = _Layered(backend.redirects, shared, "redirects")  # type: ignore[assignment]
    return backend


def harvest_row(file: Path, key: str) -> tuple[Any, ...] | None:
    """A harvest replay row of ``file`` (url, status, headers, links, body, elapsed, stored), or None."""
    connection = _read_only(file)
    if connection is None:
        return None
    try:
        with closing(connection):
            row = connection.execute(
                "SELECT url, status, headers, links, body, elapsed_ms, stored FROM answers WHERE key = ?", (key,)
            ).fetchone()
    except sqlite3.Error:
        return None
    return None if row is None else tuple(row)


@dataclass
class AnswerLog:
    """A worker engine's own cache folder, and how far its rows were handed back already."""

    folder: Path
    _marks: dict[str, int] = field(default_factory=dict)

    def _rows(self, file: str, table: str, columns: str) -> list[tuple[Any, ...]]:
        connection = _read_only(self.folder / file)
        if connection is None:
            return []
        mark = self._marks.get(table, 0)
        try:
            with closing(connection):
                rows = connection.execute(
                    f"SELECT rowid, {columns} FROM {table} WHERE rowid > ? ORDER BY rowid",  # noqa: S608 - fixed names
                    (mark,),
                ).fetchall()
        except sqlite3.Error:  # the table is not there yet: nothing added
            return []
        if rows:
            self._marks[table] = rows[-1][0]
        return [tuple(row[1:]) for row in rows]

    def take(self) -> Answers:
        """The rows added since the last call (a replaced row gets a new rowid, so it is sent again)."""
        return Answers(
            responses=tuple(self._rows(RESPONSES, "responses", "key, value, expires")),
            redirects=tuple(self._rows(RESPONSES, "redirects", "key, value, expires")),
            asked=tuple(row[0] for row in self._rows(RESPONSES, "fairmeta_asked", "url")),
            harvest=tuple(self._rows(HARVEST, "answers", _HARVEST_COLUMNS)),
        )


def merge_answers(cache_file: Path, answers: Answers) -> None:
    """Write a worker's answers into the run's cache (``cache_file`` and the harvest file beside it).

    Called by the run's single writer. A failure to write only costs a later run its requests."""
    if not answers:
        return
    try:
        if answers.responses or answers.redirects:
            tables = _tables(cache_file)
            # a cache older than the record keeps none (see http.py); an empty one can start it
            keeps_record = "fairmeta_asked" in tables or nothing_cached(cache_file)
            if "responses" not in tables or "redirects" not in tables:
                _ensure_tables(cache_file)
            with closing(sqlite3.connect(cache_file, timeout=30)) as db, db:
                for table, rows in (("responses", answers.responses), ("redirects", answers.redirects)):
                    db.executemany(
                        f"INSERT OR REPLACE INTO {table} (key, value, expires) VALUES (?, ?, ?)",  # noqa: S608
                        rows,
                    )
            if answers.asked and keeps_record:
                record_asked(cache_file, set(answers.asked))
        if answers.harvest:
            harvest = cache_file.with_name(HARVEST)
            with closing(sqlite3.connect(harvest, timeout=30)) as db, db:
                db.execute(HARVEST_TABLE)
                db.executemany("INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?, ?, ?, ?, ?)", answers.harvest)
    except (OSError, sqlite3.Error):
        pass


# The record of URLs asked, beside requests-cache's tables (see http.py: offline runs skip every
# other URL at once)


def asked_urls(cache_file: Path | None) -> set[str] | None:
    """The URLs earlier runs asked, or None when the cache file keeps no such record."""
    if cache_file is None or not cache_file.is_file():
        return None
    try:
        with closing(sqlite3.connect(f"file:{cache_file}?mode=ro", uri=True, timeout=5)) as db:
            return {row[0] for row in db.execute("SELECT url FROM fairmeta_asked")}
    except sqlite3.Error:
        return None


def nothing_cached(cache_file: Path) -> bool:
    """True when the cache file is missing or holds no answer yet (so a record of the URLs asked
    can start complete); False for answers cached by a fairmeta version that kept no record."""
    if not cache_file.is_file():
        return True
    try:
        with closing(sqlite3.connect(f"file:{cache_file}?mode=ro", uri=True, timeout=5)) as db:
            return db.execute("SELECT 1 FROM responses LIMIT 1").fetchone() is None
    except sqlite3.Error:  # no responses table: nothing cached yet
        return True


def record_asked(cache_file: Path, urls: set[str]) -> None:
    """Add ``urls`` to the cache file's record. If that fails, the record is dropped: an incomplete
    one would hide cached answers from offline runs, a missing one only makes them slower."""
    try:
        with closing(sqlite3.connect(cache_file, timeout=10)) as db, db:
            db.execute("CREATE TABLE IF NOT EXISTS fairmeta_asked (url TEXT PRIMARY KEY)")
            db.executemany("INSERT OR IGNORE INTO fairmeta_asked (url) VALUES (?)", ((u,) for u in urls))
    except sqlite3.Error:
        try:
            with closing(sqlite3.connect(cache_file, timeout=10)) as db, db:
                db.execute("DROP TABLE IF EXISTS fairmeta_asked")
        except sqlite3.Error:
            pass


def _tables(cache_file: Path) -> set[str]:
    """The tables a cache file has (none when it is not there): one look at the schema, where
    reading the record itself would read every URL ever asked, for each result merged."""
    connection = _read_only(cache_file)
    if connection is None:
        return set()
    try:
        with closing(connection):
            return {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.Error:
        return set()


def _ensure_tables(cache_file: Path) -> None:
    """The run's response cache with requests-cache's tables (created as requests-cache creates them)."""
    from requests_cache.backends.sqlite import SQLiteCache

    cache_file.parent.mkdir(parents=True, exist_ok=True)
    backend: Any = SQLiteCache(str(cache_file))  # untyped: its close() carries no annotations
    backend.close()
