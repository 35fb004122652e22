"""The monitor's run history: one SQLite file (``fairmeta-monitor.sqlite`` by default), versioned.

Schema (version 2; ``meta.schema_version``; :data:`MIGRATIONS` bring older files up to date):

- ``runs``: id, tool version, configuration hash, inputs, started, finished (NULL while unfinished);
- ``publications``: per run, the publication's key (DOI, ``pmid:N``, ``pmcid:PMCN`` or file name), ids,
  year, title, facets (JSON), open data / open code, the statement categories, ``done``, and
  ``verified`` (1: a linked data output resolved when harvested, 0: every one answered 404/410);
- ``statements``: per run and publication, each classified sentence (text, category, location);
- ``outputs``: per run, each distinct shared output (identifier, kind data/code);
- ``links``: publication → output, with its provenance (statement, metadata) and evidence;
- ``results``: per run and output, the FAIR assessment (overall percent, per principle, findings);
- ``problems``: per run, inputs that could not be read.

Every write of one publication (its statements, outputs, links, then ``done``) is one transaction,
so a run killed at any point resumes where it stopped and ends with the same rows as an
uninterrupted run.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SCHEMA_VERSION = 2
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY, tool_version TEXT, config_hash TEXT, inputs TEXT,
    started TEXT, finished TEXT
);
CREATE TABLE IF NOT EXISTS publications (
    run INTEGER, key TEXT, doi TEXT, pmid TEXT, pmcid TEXT, year INTEGER, title TEXT, facets TEXT,
    open_data INTEGER, open_code INTEGER, categories TEXT, sources TEXT, done INTEGER DEFAULT 0,
    verified INTEGER, PRIMARY KEY (run, key)
);
CREATE TABLE IF NOT EXISTS statements (
    run INTEGER, publication TEXT, position INTEGER, text TEXT, category TEXT, location TEXT,
    PRIMARY KEY (run, publication, position)
);
CREATE TABLE IF NOT EXISTS outputs (
    run INTEGER, identifier TEXT, kind TEXT, PRIMARY KEY (run, identifier)
);
CREATE TABLE IF NOT EXISTS links (
    run INTEGER, publication TEXT, output TEXT, provenance TEXT, evidence TEXT,
    PRIMARY KEY (run, publication, output, provenance)
);
CREATE TABLE IF NOT EXISTS results (
    run INTEGER, output TEXT, percent REAL, principles TEXT, findings TEXT, harvested TEXT,
    PRIMARY KEY (run, output)
);
CREATE TABLE IF NOT EXISTS problems (run INTEGER, where_ TEXT, problem TEXT, PRIMARY KEY (run, where_, problem));
"""
# version -> SQL that brings a file of the version before it up to this one
MIGRATIONS: dict[int, str] = {
    # 2: whether a publication's open data resolved when its outputs were harvested (NULL: not known)
    2: "ALTER TABLE publications ADD COLUMN verified INTEGER;",
}


class MonitorDatabaseError(ValueError):
    """The file is not a monitor database this version can read (one line, exit 2)."""


@contextmanager
def opened(path: Path) -> Iterator[sqlite3.Connection]:
    """The database, created or migrated to :data:`SCHEMA_VERSION`; closed afterwards."""
    try:
        db = sqlite3.connect(path, timeout=30)
    except sqlite3.Error as exc:
        raise MonitorDatabaseError(f"{path}: cannot open the monitor database: {exc}") from None
    try:
        try:
            db.executescript(_SCHEMA)
            row = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        except sqlite3.DatabaseError as exc:
            raise MonitorDatabaseError(f"{path}: not a monitor database ({exc})") from None
        version = int(row[0]) if row else None
        if version is None:
            db.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
            db.commit()
        elif version > SCHEMA_VERSION:
            raise MonitorDatabaseError(
                f"{path}: written by a newer fairmeta (schema {version}; this one reads up to {SCHEMA_VERSION})"
            )
        else:
            for step in range(version + 1, SCHEMA_VERSION + 1):
                db.executescript(MIGRATIONS[step])
            db.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION),))
            db.commit()
        yield db
    finally:
        db.close()


def unfinished_run(db: sqlite3.Connection, config_hash: str) -> int | None:
    """The last run with this configuration that has not finished, to resume."""
    row = db.execute(
        "SELECT id FROM runs WHERE finished IS NULL AND config_hash = ? ORDER BY id DESC LIMIT 1", (config_hash,)
    ).fetchone()
    return int(row[0]) if row else None


def latest_run(db: sqlite3.Connection) -> int | None:
    """The newest run (finished or not)."""
    row = db.execute("SELECT MAX(id) FROM runs").fetchone()
    return int(row[0]) if row and row[0] is not None else None


def dumps(value: object) -> str:
    """JSON as stored: sorted keys, so equal values are equal text."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False)
