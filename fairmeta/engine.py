"""Run fairmeta: expand paths, load each source, run the checks, collect one Report.

The engine never prints and never exits; problems in the data are findings, problems with the
command (a missing path, an unreadable shapes file) are :class:`~fairmeta.errors.FairmetaError`.
"""

from __future__ import annotations

import glob
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Graph, URIRef

from fairmeta._version import __version__
from fairmeta.checks.fair import FairMetricsCheck, RecordOutcome
from fairmeta.checks.normalise import NormaliseCheck
from fairmeta.checks.pids.check import PidCheck
from fairmeta.checks.shacl import ShaclCheck, ShaclOptions, load_shapes
from fairmeta.checks.terms.check import Expectation, TermCheck
from fairmeta.config import FindingPolicy
from fairmeta.errors import FairmetaError, UsageError
from fairmeta.loaders import (
    STRING_BASE,
    LoadedSource,
    load_bytes,
    load_graph,
    load_path,
    looks_like_content,
)
from fairmeta.loaders.contexts import ContextResolver
from fairmeta.loaders.formats import METADATA_EXTENSIONS, TABULAR_EXTENSIONS, format_from_extension, normalise_format
from fairmeta.model import CheckRun, Finding, Fix, Location, RecordSummary, Report, Severity, collapse_repeats
from fairmeta.resolvers.http import HttpSettings
from fairmeta.rules import rule_by_code
from fairmeta.scoring import aggregate

if TYPE_CHECKING:
    from fairmeta.tabular.linkml_schema import LinkMLSchema

_GLOB_CHARS = frozenset("*?[")
_TABULAR = ("csv", "tsv", "xlsx")
_NOT_ASSESSED = frozenset({"FM-F1-519", "FM-I2-619"})  # the same one on every row of a sheet is said once


@dataclass(frozen=True)
class Options:
    """Everything a run can be told; the CLI and the library both build one.

    :param profile: force this profile for every record (``None``: choose per record).
    :param shapes: extra SHACL shapes files; without ``profile`` they replace the profile shapes.
    :param offline: never use the network (refuses remote contexts even when allowed).
    :param allow_remote_context: fetch JSON-LD contexts that are not bundled.
    :param input_format: the syntax of every source, instead of guessing it.
    """

    profile: str | None = None
    shapes: tuple[Path, ...] = ()
    offline: bool = field(default_factory=lambda: offline_by_default())
    allow_remote_context: bool = False
    input_format: str | None = None
    policy: FindingPolicy | None = None  # select / ignore / per-file-ignores / severity overrides
    score: bool = True  # run the FAIR metric catalogue (off: validation only, for speed)
    schema: Path | None = None  # LinkML schema for tables (and JSON/YAML instances)
    target_class: str | None = None
    json_schema: Path | None = None  # JSON Schema for plain JSON/YAML documents
    mapping: Path | None = None  # column mapping for tables without a LinkML schema
    http: HttpSettings | None = None  # resolver HTTP behaviour (None: defaults, cache in the cache dir)
    ontologies: tuple[Path, ...] = ()  # local ontology files for term look-ups (OBO, OWL/RDF)
    expected_terms: tuple[tuple[str, tuple[str, ...]], ...] = ()  # property -> allowed prefixes / branches
    resolvers: tuple[tuple[str, str], ...] = ()  # service -> base URL overrides (doi, orcid, ror, ...)


# sources loaded and resolved together online: enough identifiers to keep the resolver's workers
# busy, few enough graphs to keep memory flat on a run over thousands of files
RESOLVE_BATCH = 200


def offline_by_default() -> bool:
    """Whether the environment asks for offline runs (``FAIRMETA_OFFLINE=1``; tests and air-gapped CI)."""
    return os.environ.get("FAIRMETA_OFFLINE", "").lower() in ("1", "true", "yes")


def expand_paths(paths: Iterable[str | os.PathLike[str]], tabular: bool = False) -> list[tuple[Path, str]]:
    """Turn files, directories (recursed) and globs into ``(path, name as the user gave it)``.

    A path that does not exist, or a glob that matches nothing, is a :class:`UsageError`: a check
    must never pass because it silently looked at nothing.
    """
    out: list[tuple[Path, str]] = []
    seen: set[Path] = set()

    def add(path: Path, shown: str) -> None:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            out.append((path, shown.replace(os.sep, "/")))

    for raw in paths:
        text = os.fspath(raw)
        path = Path(text)
        if text == "-":  # standard input, read once by the engine
            out.append((path, "<stdin>"))
            continue
        if path.is_dir():
            found = _metadata_files(path, tabular)
            if not found:
                raise UsageError(
                    f"{text}: the directory holds no metadata file ({', '.join(sorted(METADATA_EXTENSIONS))})"
                )
            for item in found:
                add(item, str(item))
        elif path.exists():
            add(path, text)
        elif _GLOB_CHARS & set(text):
            matches = sorted(glob.glob(text, recursive=True))
            files = [Path(m) for m in matches if Path(m).is_file()]
            if not files:
                raise UsageError(f"{text}: the pattern matches no file")
            for item in files:
                add(item, str(item))
        else:
            raise UsageError(f"{text}: no such file or directory")
    # Reports list sources by name, never by the order they were given: the same files give the
    # same report however the shell or a CI job orders them.
    return sorted(out, key=lambda item: item[1])


ROCRATE_DESCRIPTORS = ("ro-crate-metadata.json", "ro-crate-metadata.jsonld")


def _metadata_files(folder: Path, tabular: bool = False) -> list[Path]:
    """Metadata files under a folder: known extensions, hidden folders skipped.

    Inside an RO-Crate (a folder holding ``ro-crate-metadata.json``) only the descriptor is
    metadata; the crate's payload (data files that happen to be JSON or XML) is not checked.
    """
    crates = {p.parent for name in ROCRATE_DESCRIPTORS for p in folder.rglob(name)}
    wanted = METADATA_EXTENSIONS | (TABULAR_EXTENSIONS | {".yaml", ".yml"} if tabular else frozenset())
    found = []
    for item in folder.rglob("*"):
        if not item.is_file() or item.suffix.lower() not in wanted:
            continue
        if any(part.startswith(".") for part in item.relative_to(folder).parts):
            continue
        crate = next((c for c in crates if c in item.parents), None)
        if crate is not None and not (item.parent == crate and item.name in ROCRATE_DESCRIPTORS):
            continue
        found.append(item)
    return sorted(found)


def _is_linkml_instance(path: Path) -> bool:
    """YAML, or JSON without an @context: a document of a LinkML schema rather than JSON-LD."""
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return True
    if suffix != ".json":
        return False
    try:
        head = path.read_bytes()[:65536]
    except OSError:
        return False
    return b'"@context"' not in head


def _failure_finding(loaded: LoadedSource) -> Finding:
    failure = loaded.failure
    assert failure is not None
    rule = rule_by_code(failure.code)
    return Finding(
        code=failure.code,
        severity=rule.severity if rule else Severity.ERROR,
        principle=None,
        message=failure.reason[0].upper() + failure.reason[1:] + ("" if failure.reason.endswith(".") else "."),
        location=Location(source=loaded.source, line=failure.line, value=failure.value),
        fix=Fix(failure.fix) if failure.fix else (Fix(rule.fix) if rule else None),
        origin="loader",
    )


def _invalid_iri_finding(source: str, iri: str) -> Finding:
    rule = rule_by_code("FM-I1-001")
    assert rule is not None
    return Finding(
        code=rule.code,
        severity=rule.severity,
        principle=rule.principle,
        message="A term is not a valid IRI, so the statements using it are ignored.",
        location=Location(source=source, value=iri),
        fix=Fix(rule.fix),
        origin="loader",
    )


def _crash_finding(source: str, check: str, exc: Exception) -> Finding:
    rule = rule_by_code("FM-SYS-002")
    assert rule is not None
    detail = " ".join(str(exc).split())[:200]
    return Finding(
        code=rule.code,
        severity=rule.severity,
        principle=None,
        message=f"The {check} check failed on this source ({type(exc).__name__}: {detail}).",
        location=Location(source=source),
        fix=Fix(rule.fix),
        origin=check,
    )


class Engine:
    """Holds what is shared across the sources of one run (shapes, fetched contexts)."""

    def __init__(self, options: Options) -> None:
        self.options = options
        self.resolver = ContextResolver(allow_remote=options.allow_remote_context and not options.offline)
        self.shacl = ShaclCheck(ShaclOptions(options.profile, options.shapes))
        self.normalise = NormaliseCheck()
        self.pids = PidCheck()
        self.terms = _term_check(options)
        self.requests_made = 0  # HTTP requests the last run sent (the cache answers the rest)
        self.resolutions: dict[Any, Any] = {}  # Query -> Resolution, for the whole run
        self._mode: str | None = None  # how this run resolves identifiers (see _resolving)
        self.metrics = FairMetricsCheck(offline=options.offline)
        if options.shapes:
            load_shapes(list(options.shapes))  # a broken shapes file stops the run before any record
        self.linkml = None
        if options.schema is not None:
            from fairmeta.tabular.linkml_schema import LinkMLSchema  # imports linkml: only with --schema

            self.linkml = LinkMLSchema(options.schema, options.target_class)
            self.terms.expectations = [*self.terms.expectations, *_schema_expectations(self.linkml)]
            self.terms.term_properties = frozenset(URIRef(uri) for uri in self.linkml.term_slots())
        self.mapping = None
        if options.mapping is not None:
            from fairmeta.tabular.mapping import load_mapping

            self.mapping = load_mapping(options.mapping)
        self.json_schema = None
        if options.json_schema is not None:
            from fairmeta.tabular.json_schema import JsonSchemaCheck

            self.json_schema = JsonSchemaCheck(options.json_schema)

    def check_loaded(
        self, loaded: LoadedSource, resolved: tuple[list[Any], dict[Any, Any]] | None = None
    ) -> tuple[list[Finding], list[CheckRun], list[RecordSummary]]:
        """Run every check on one loaded source: SHACL, normalisation, identifiers, then the FAIR metrics.

        ``resolved`` holds this source's identifier targets and the run's resolutions (online runs).
        """
        if loaded.failure is not None:
            run = CheckRun("load", loaded.source, "failed", loaded.failure.reason)
            return [_failure_finding(loaded)], [run], []
        if loaded.graph is None:  # a LinkML or JSON Schema instance document: validated, not linked data
            return [], [CheckRun("schema", loaded.source, "ran", f"{loaded.format} (no RDF records)")], []
        findings = [_invalid_iri_finding(loaded.source, iri) for iri in loaded.invalid_iris]
        runs = [CheckRun("load", loaded.source, "ran", f"format: {loaded.format}")]
        self.shacl.assign_profiles(loaded)
        shacl_findings, run = self._guarded(self.shacl.name, loaded, lambda: self.shacl.run(loaded))
        findings.extend(shacl_findings)
        runs.append(run)
        normalised, run = self._guarded(
            self.normalise.name,
            loaded,
            lambda: (
                self.normalise.run(loaded),
                CheckRun(self.normalise.name, loaded.source, "ran", "safe normalisations"),
            ),
        )
        findings.extend(normalised)
        runs.append(run)
        pid_findings, run = self._guarded(
            self.pids.name,
            loaded,
            lambda: (
                self._pid_findings(loaded, resolved),
                CheckRun(self.pids.name, loaded.source, "ran", self._pid_detail(resolved)),
            ),
        )
        findings.extend(pid_findings)
        runs.append(run)
        term_findings, run = self._guarded(
            self.terms.name,
            loaded,
            lambda: (
                self.terms.run(loaded, resolved[1] if resolved else None, self._mode == "online"),
                CheckRun(self.terms.name, loaded.source, "ran", self._term_detail(resolved)),
            ),
        )
        findings.extend(term_findings)
        runs.append(run)
        if loaded.format in _TABULAR:
            findings = collapse_repeats(findings, _NOT_ASSESSED)
        outcomes: dict[str, RecordOutcome] = {}

        def metrics() -> tuple[list[Finding], CheckRun]:
            outcomes_by_record = self.pids.record_outcomes(*resolved) if resolved is not None else None
            found, outcomes_found = self.metrics.run(loaded, findings, shacl_ran, outcomes_by_record)
            outcomes.update(outcomes_found)
            detail = f"catalogue {self.metrics.catalogue.version}"
            return found, CheckRun(self.metrics.name, loaded.source, "ran", detail)

        shacl_ran = runs[1].status == "ran"  # runs: load, shacl, normalise, pids
        if self.options.score:
            metric_findings, run = self._guarded(self.metrics.name, loaded, metrics)
            findings.extend(metric_findings)
        else:
            run = CheckRun(self.metrics.name, loaded.source, "skipped", "scoring turned off (--no-score)")
        runs.append(run)
        summaries = []
        for record in loaded.records:
            pointer, line = record.locate()
            outcome = outcomes.get(record.id)
            summaries.append(
                RecordSummary(
                    record.id,
                    record.source,
                    record.types,
                    record.profiles,
                    pointer,
                    line,
                    outcome.score if outcome else None,
                    tuple(outcome.evaluations) if outcome else (),
                )
            )
        return findings, runs, summaries

    def _pid_findings(self, loaded: LoadedSource, resolved: tuple[list[Any], dict[Any, Any]] | None) -> list[Finding]:
        found = self.pids.offline(loaded)
        if resolved is not None:
            targets, resolutions = resolved
            # offline, what the cache does not hold was not asked for: no "not assessed" finding
            found.extend(self.pids.online(loaded, targets, resolutions, report_unverifiable=self._mode == "online"))
        return found

    def _pid_detail(self, resolved: tuple[list[Any], dict[Any, Any]] | None) -> str:
        if resolved is None:
            return "offline checks (identifiers not resolved: --offline)"
        if self._mode == "cache":
            return f"offline checks; {len(resolved[0])} identifier(s) and link(s) looked up in the response cache only"
        return f"offline checks and resolution of {len(resolved[0])} identifier(s) and link(s)"

    def _term_detail(self, resolved: tuple[list[Any], dict[Any, Any]] | None) -> str:
        files = len(self.terms.indexes)
        where = [f"{files} ontology file(s)"] if files else []
        if resolved is not None and self._mode == "online":
            where.append("OLS")
        elif resolved is not None:
            where.append("cached OLS answers")
        return "prefixes and patterns" + (f"; terms looked up in {' and '.join(where)}" if where else "")

    def _guarded(
        self, name: str, loaded: LoadedSource, run: Callable[[], tuple[list[Finding], CheckRun]]
    ) -> tuple[list[Finding], CheckRun]:
        """Run one check; a crash becomes FM-SYS-002 for this source, never the end of the run."""
        try:
            return run()
        except FairmetaError:
            raise
        except Exception as exc:
            return [_crash_finding(loaded.source, name, exc)], CheckRun(
                name, loaded.source, "failed", f"{type(exc).__name__}: {exc}"
            )

    def load_source(self, item: LoadedSource | tuple[Path, str]) -> tuple[LoadedSource, list[Finding]]:
        """Load one source (file, stdin or already loaded); schema findings of tables come with it."""
        schema_findings: list[Finding] = []
        if isinstance(item, LoadedSource):
            return item, schema_findings
        if item[1] == "<stdin>":
            data = sys.stdin.buffer.read()
            base = (Path.cwd() / "stdin").as_uri()
            return load_bytes(
                data, "<stdin>", base=base, input_format=self.options.input_format, resolver=self.resolver
            ), schema_findings
        path, shown = item
        fmt = normalise_format(self.options.input_format) if self.options.input_format else format_from_extension(shown)
        if fmt in ("csv", "tsv", "xlsx"):
            from fairmeta.loaders.table import load_table

            return load_table(path, shown, fmt, self.linkml, self.mapping)
        if self.json_schema is not None and _is_linkml_instance(path):
            from fairmeta.loaders.table import load_json_document

            return load_json_document(path, shown, self.json_schema)
        if self.linkml is not None and _is_linkml_instance(path):
            from fairmeta.loaders.table import load_instance

            return load_instance(path, shown, self.linkml)
        return load_path(path, shown, input_format=self.options.input_format, resolver=self.resolver), schema_findings

    def resolve_sources(self, loaded_all: list[LoadedSource]) -> dict[int, tuple[list[Any], dict[Any, Any]]]:
        """Resolve the identifiers of these sources concurrently; each distinct one once per run.

        Answers accumulate in ``self.resolutions`` across the batches of a run.
        """
        from fairmeta.resolvers.http import HttpClient
        from fairmeta.resolvers.resolve import Resolver, endpoints

        usable = [loaded for loaded in loaded_all if loaded.failure is None and loaded.graph is not None]
        targets = {id(loaded): self.pids.queries(loaded) for loaded in usable}
        wanted = {t.query for found in targets.values() for t in found}
        wanted.update(query for loaded in usable for query in self.terms.queries(loaded))
        wanted -= self.resolutions.keys()
        if wanted:
            settings = self.options.http or default_http_settings()
            if self.options.offline:
                settings = replace(settings, cache_only=True)
            client = HttpClient(settings)
            try:
                resolver = Resolver(client, endpoints(dict(self.options.resolvers)))
                self.resolutions.update(resolver.resolve_all(wanted))
            finally:
                client.close()
            self.requests_made += client.requests_made
        return {key: (found, self.resolutions) for key, found in targets.items()}

    def loaded_batches(
        self, sources: Sequence[LoadedSource | tuple[Path, str]]
    ) -> Iterator[list[tuple[LoadedSource, list[Finding]]]]:
        """Load the sources a batch at a time: one by one offline; online, enough of them for the
        resolver to work concurrently, without holding thousands of graphs in memory."""
        size = RESOLVE_BATCH if self._resolving() else 1
        for start in range(0, len(sources), size):
            yield [self.load_source(item) for item in sources[start : start + size]]

    def _resolving(self) -> str | None:
        """``online``; ``cache`` (offline, answers only from a response cache that exists); or None."""
        if not self.options.offline:
            return "online"
        settings = self.options.http or default_http_settings()
        if settings.cache and settings.cache_file is not None and settings.cache_file.is_file():
            return "cache"
        return None

    def run(self, sources: Sequence[LoadedSource | tuple[Path, str]]) -> Report:
        """Check every source and assemble the report, in source order."""
        findings: list[Finding] = []
        runs: list[CheckRun] = []
        records: list[RecordSummary] = []
        names: list[str] = []
        self.resolutions = {}
        self.requests_made = 0
        mode = self._mode = self._resolving()
        for batch in self.loaded_batches(sources):
            online = self.resolve_sources([loaded for loaded, _ in batch]) if mode else {}
            for loaded, schema_findings in batch:
                names.append(loaded.source)
                found, ran, summaries = self.check_loaded(loaded, online.get(id(loaded)))
                found = schema_findings + found
                if self.options.policy is not None:
                    found = [f for f in (self.options.policy.apply(f) for f in found) if f is not None]
                findings.extend(found)
                runs.extend(ran)
                records.extend(summaries)
        scored = [r.score for r in records if r.score is not None]
        return Report(
            tuple(names),
            tuple(records),
            tuple(findings),
            tuple(runs),
            __version__,
            self.metrics.catalogue.version,
            aggregate(scored) if scored else None,
        )


def _term_check(options: Options) -> TermCheck:
    """The term check with the run's ontology files opened (parsed once, then from the cache)."""
    from fairmeta.cache import cache_dir
    from fairmeta.checks.terms.ontology import iter_indexes

    indexes = list(iter_indexes(list(options.ontologies), cache_dir() / "ontologies"))
    expectations = [Expectation(prop, roots) for prop, roots in options.expected_terms]
    return TermCheck(indexes, expectations)


def default_http_settings(use_cache: bool = True) -> HttpSettings:
    """The resolvers' HTTP settings with the response cache in the cache directory."""
    from fairmeta.cache import cache_dir

    return HttpSettings(cache=use_cache, cache_file=cache_dir() / "http" / "responses.sqlite")


def check_paths(paths: Iterable[str | os.PathLike[str]], options: Options | None = None) -> Report:
    """Check files, directories and globs; raise :class:`UsageError` for paths that match nothing."""
    engine = Engine(options or Options())
    return engine.run(expand_paths(paths))


def collect_sources(
    source: str | os.PathLike[str] | Graph | Iterable[str | os.PathLike[str]], engine: Engine
) -> list[LoadedSource | tuple[Path, str]]:
    """Accept what :func:`fairmeta.check` accepts: a path (file, directory, glob), a list of paths,
    a string of JSON-LD/RDF, or an rdflib Graph."""
    if isinstance(source, Graph):
        return [load_graph(source)]
    if isinstance(source, str) and looks_like_content(source):
        loaded = load_bytes(
            source.encode("utf-8"),
            "<string>",
            base=STRING_BASE,
            input_format=engine.options.input_format,
            resolver=engine.resolver,
        )
        return [loaded]
    if isinstance(source, (str, os.PathLike)):
        return list(expand_paths([source]))
    return list(expand_paths(source))


def _schema_expectations(schema: LinkMLSchema) -> list[Expectation]:
    """Branches a LinkML schema's dynamic enums (``reachable_from``) ask of its slots' terms."""
    from fairmeta.vocab.render import curie

    return [Expectation(curie(URIRef(uri)), roots) for uri, roots in schema.term_expectations()]
