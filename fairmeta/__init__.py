"""fairmeta: check FAIR metadata records (JSON-LD, RDF) before and after they are published.

:func:`check` returns a :class:`Report` (its ``records`` each with their own findings and scores,
``to_rows()`` for a table); :func:`fix` applies the safe fixes of a file, keeping its layout.

>>> from fairmeta import check
>>> report = check('{"@context": "https://schema.org/", "@type": "Dataset", "name": "x"}')
>>> sorted({f.code for f in report.findings})[:1]
['FM-A1-108']

The library never prints and never exits: :func:`check` returns a :class:`Report`; problems with
the request itself (a path that does not exist, an unknown profile, a shapes file that does not
parse) raise :class:`FairmetaError`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from fairmeta._version import __version__
from fairmeta.errors import FairmetaError, ShapeLoadError, UnknownProfileError, UsageError
from fairmeta.model import (
    Applicability,
    CheckRun,
    Edit,
    Finding,
    Fix,
    Location,
    Principle,
    RecordSummary,
    Report,
    Severity,
)

if TYPE_CHECKING:
    from rdflib import Graph

    from fairmeta.fixing.apply import FixOutcome

__all__ = [
    "Applicability",
    "CheckRun",
    "Edit",
    "FairmetaError",
    "Finding",
    "Fix",
    "Location",
    "Principle",
    "RecordSummary",
    "Report",
    "Severity",
    "ShapeLoadError",
    "UnknownProfileError",
    "UsageError",
    "__version__",
    "check",
    "fix",
]


def check(
    source: str | os.PathLike[str] | Graph | Iterable[str | os.PathLike[str]],
    *,
    profile: str | None = None,
    rocrate_profile: str | None = None,
    shapes: Sequence[str | os.PathLike[str]] = (),
    offline: bool | None = None,
    allow_remote_context: bool = False,
    input_format: str | None = None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    schema: str | os.PathLike[str] | None = None,
    target_class: str | None = None,
    json_schema: str | os.PathLike[str] | None = None,
    mapping: str | os.PathLike[str] | None = None,
) -> Report:
    """Check one source, or several, and return the :class:`Report`.

    :param source: a path (file, directory or glob), a list of paths, a string holding JSON-LD or
        Turtle/RDF, or an :class:`rdflib.Graph`.
    :param profile: force a profile (see ``fairmeta profiles``) instead of choosing per record.
    :param rocrate_profile: check every RO-Crate against this RO-Crate family profile
        (``workflow-ro-crate``, ``isa-ro-crate``, ``ro-crate``, ...) instead of the one its conformsTo names.
    :param shapes: SHACL shapes files to check against; without ``profile`` they replace the profiles.
    :param offline: never use the network (identifiers are then not resolved); ``None``: the
        ``FAIRMETA_OFFLINE`` environment variable decides, online when it is unset.
    :param allow_remote_context: fetch JSON-LD ``@context`` URLs that fairmeta does not bundle.
    :param input_format: the syntax (``json-ld``, ``turtle``, ``nt``, ``nquads``, ``trig``, ``xml``,
        ``n3``, ``html``) instead of guessing it from the name or content.
    :param select: report only these rule codes (segment-wise prefixes such as ``FM-F1``).
    :param ignore: never report these rule codes (same matching).
    :param schema: a LinkML schema: sample sheets (CSV, TSV, XLSX) and JSON/YAML instances are
        validated against it (``target_class``: its class, default the tree root).
    :param json_schema: a JSON Schema for plain JSON/YAML documents.
    :param mapping: a column mapping for sample sheets without a LinkML schema.
    :returns: the report: records, findings and which checks ran. A source that cannot be read
        (a FIFO, a device, too large, too deep) is in it as a failed source with an FM-SYS finding.
    :raises FairmetaError: for a path that does not exist, an unknown profile, unreadable shapes or
        a schema that cannot be used (:class:`fairmeta.errors.UsageError` and its kin).
    """
    from fairmeta.config import FindingPolicy
    from fairmeta.engine import Engine, Options, collect_sources, offline_by_default

    options = Options(
        profile=profile,
        rocrate_profile=rocrate_profile,
        shapes=tuple(Path(s) for s in shapes),
        offline=offline_by_default() if offline is None else offline,
        allow_remote_context=allow_remote_context,
        input_format=input_format,
        policy=FindingPolicy(select=tuple(select), ignore=tuple(ignore)) if (select or ignore) else None,
        schema=Path(schema) if schema is not None else None,
        target_class=target_class,
        json_schema=Path(json_schema) if json_schema is not None else None,
        mapping=Path(mapping) if mapping is not None else None,
    )
    engine = Engine(options)
    documents = schema is not None or json_schema is not None or mapping is not None
    return engine.run(collect_sources(source, engine, tabular=documents))


def fix(
    path: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    unsafe: bool = False,
    dry_run: bool = False,
    offline: bool | None = None,
    profile: str | None = None,
) -> FixOutcome:
    """Apply the machine edits of a file's findings in place, keeping its layout (JSON-LD and RDF text).

    Only ``safe`` fixes are applied unless ``unsafe`` is true; display-only fixes never are. A file
    is written only when its fixed text parses (and, for RDF, gives exactly the graph the edits
    describe), atomically, keeping its permission bits.

    :param path: a file, a directory, a glob, or several of them.
    :param unsafe: also apply fixes that may change the meaning (an obsolete term's replacement).
    :param dry_run: change nothing; the result still holds every edit and the diff.
    :param offline: as for :func:`check`.
    :param profile: as for :func:`check`.
    :returns: per file the findings fixed and skipped (with why), the unified ``diff``, and the
        report of checking the files again.
    :raises FairmetaError: for a path that does not exist or an unknown profile.
    """
    from fairmeta.engine import Engine, Options, expand_paths, offline_by_default
    from fairmeta.fixing.apply import fix_files

    options = Options(profile=profile, offline=offline_by_default() if offline is None else offline)
    paths = [path] if isinstance(path, (str, os.PathLike)) else list(path)
    return fix_files(Engine(options), expand_paths(paths), unsafe=unsafe, write=not dry_run)
