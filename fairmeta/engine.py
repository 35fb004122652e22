"""Run fairmeta: expand paths, load each source, run the checks, collect one Report.

The engine never prints and never exits; problems in the data are findings, problems with the
command (a missing path, an unreadable shapes file) are :class:`~fairmeta.errors.FairmetaError`.
"""

from __future__ import annotations

import dataclasses
import glob
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph, URIRef

from fairmeta._quiet import upstream_output_captured
from fairmeta._version import __version__
from fairmeta.acceptance import INLINE_FORMATS, Acceptance, AcceptanceLedger, inline_acceptances
from fairmeta.checks import ordered, plugin_checks
from fairmeta.checks.base import (
    BaseCheck,
    Check,
    CheckContext,
    CheckResult,
    CheckSkipped,
    RunState,
    UndeclaredRuleError,
)
from fairmeta.checks.crate import CrateCheck
from fairmeta.checks.fair import FairMetricsCheck, MetricOutcomes, RecordOutcome
from fairmeta.checks.load import LoadCheck
from fairmeta.checks.normalise import NormaliseCheck
from fairmeta.checks.pids.check import PidCheck
from fairmeta.checks.rocrate import RoCrateProfileCheck
from fairmeta.checks.shacl import ShaclCheck
from fairmeta.checks.terms.check import Expectation, TermCheck
from fairmeta.config import FindingPolicy
from fairmeta.errors import FairmetaError, UsageError
from fairmeta.files import UnreadableFileError, path_kind, read_head, stdin_bytes
from fairmeta.loaders import (
    STRING_BASE,
    LoadedSource,
    LoadFailure,
    load_bytes,
    load_graph,
    load_path,
    looks_like_content,
)
from fairmeta.loaders.contexts import ContextResolver
from fairmeta.loaders.crate import DESCRIPTORS
from fairmeta.loaders.formats import METADATA_EXTENSIONS, TABULAR_EXTENSIONS, format_from_extension, normalise_format
from fairmeta.model import (
    CheckRun,
    CheckStatus,
    Finding,
    Harvest,
    Location,
    RecordSummary,
    Report,
    ResolutionMode,
    collapse_repeats,
)
from fairmeta.profiles import assign_profiles, get_profile
from fairmeta.resolvers.base import Query, Resolution
from fairmeta.resolvers.http import HttpSettings
from fairmeta.rules import rules_of
from fairmeta.scoring import aggregate
from fairmeta.vocab.render import curie

if TYPE_CHECKING:
    from fairmeta.resolvers.fetch import Fetcher
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
    inference: str = "none"  # pyshacl's inference before validating: none, rdfs, owlrl or both
    ont_graph: tuple[Path, ...] = ()  # extra vocabulary (class hierarchies) for the SHACL check
    offline: bool = field(default_factory=lambda: offline_by_default())
    allow_remote_context: bool = False
    contexts: tuple[tuple[str, Path], ...] = ()  # remote @context URL -> local copy (--context URL=FILE)
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
    rocrate_profile: str | None = None  # the RO-Crate family profile for every crate (None: from conformsTo)
    plugins: bool = True  # also run the checks other packages register (entry points ``fairmeta.checks``)
    accept: tuple[Acceptance, ...] = ()  # findings accepted with a reason (configuration ``[[accept]]``)
    root: Path | None = None  # the folder the configuration's globs are relative to (None: the current one)
    skip_non_metadata: bool = False  # plain JSON and schema-less tables are listed as skipped, not checked
    progress: Callable[[int, int, str], None] | None = None  # (sources done, of total, the last one's name)
    routes: tuple[tuple[str, str], ...] = ()  # URL prefix -> base URL the request goes to (mirrors, tests)
    allow_private_network: bool = False  # follow discovered links to loopback and private addresses


# sources loaded and resolved together online: enough identifiers to keep the resolver's workers
# busy, few enough graphs to keep memory flat on a run over thousands of files
RESOLVE_BATCH = 200


def offline_by_default() -> bool:
    """Whether the environment asks for offline runs (``FAIRMETA_OFFLINE=1``; tests and air-gapped CI)."""
    return os.environ.get("FAIRMETA_OFFLINE", "").lower() in ("1", "true", "yes")


@dataclass(frozen=True)
class RemoteSource:
    """An identifier (DOI, handle, ARK, PURL) or URL to harvest, as the user wrote it."""

    text: str


def expand_paths(paths: Iterable[str | os.PathLike[str]], tabular: bool = False) -> list[tuple[Path, str]]:
    """Turn files, directories (recursed) and globs into ``(path, name as the user gave it)``.

    A path that does not exist, or a glob that matches nothing, is a :class:`UsageError`: a check
    must never pass because it silently looked at nothing.
    """
    found = expand_sources(paths, tabular, remote=False)
    return [item for item in found if not isinstance(item, RemoteSource)]


def expand_sources(
    paths: Iterable[str | os.PathLike[str]], tabular: bool = False, remote: bool = True
) -> list[tuple[Path, str] | RemoteSource]:
    """:func:`expand_paths`, and (``remote``) identifiers and URLs that are not local paths, to harvest.

    An existing local path wins over an identifier spelled the same.
    """
    from fairmeta.harvest.targets import looks_like_target

    out: list[tuple[Path, str] | RemoteSource] = []
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
        kind = path_kind(path)
        if kind == "folder":
            found = _metadata_files(path, tabular)
            if not found:
                raise UsageError(
                    f"{text}: the directory holds no metadata file ({', '.join(sorted(METADATA_EXTENSIONS))})"
                )
            for item in found:
                add(item, str(item))
        elif kind != "missing":  # a file, a link to nothing, or refused: reading it says which
            add(path, text)
        elif looks_like_target(text) and not (_GLOB_CHARS & set(text.split("?")[0])):
            if not remote:
                raise UsageError(f"{text}: not a local file (identifiers and URLs are harvested by `fairmeta check`)")
            if RemoteSource(text.strip()) not in out:
                out.append(RemoteSource(text.strip()))
        elif _GLOB_CHARS & set(text):
            matches = sorted(glob.glob(text, recursive=True))
            files = [Path(m) for m in matches if path_kind(Path(m)) != "folder"]
            if not files:
                raise UsageError(f"{text}: the pattern matches no file")
            for item in files:
                add(item, str(item))
        else:
            raise UsageError(f"{text}: no such file or directory")
    # Reports list sources by name, never by the order they were given: the same files give the
    # same report however the shell or a CI job orders them.
    return sorted(out, key=lambda item: item.text if isinstance(item, RemoteSource) else item[1])


def _metadata_files(folder: Path, tabular: bool = False) -> list[Path]:
    """Metadata files under a folder: known extensions, hidden folders skipped.

    Inside an RO-Crate (a folder holding ``ro-crate-metadata.json``) only the descriptor is
    metadata; the crate's payload (data files that happen to be JSON or XML) is not checked.
    """
    wanted = METADATA_EXTENSIONS | (TABULAR_EXTENSIONS | {".yaml", ".yml"} if tabular else frozenset())
    items, unreadable = _walk(folder)
    crates = {p.parent for p in items if p.name in DESCRIPTORS}
    found = list(unreadable)  # each is then reported as a source that cannot be read, not skipped
    for item in items:
        if item.suffix.lower() not in wanted:
            continue
        if any(part.startswith(".") for part in item.relative_to(folder).parts):
            continue
        crate = next((c for c in crates if c in item.parents), None)
        if crate is not None and not (item.parent == crate and item.name in DESCRIPTORS):
            continue
        found.append(item)
    return sorted(found)


def _walk(folder: Path) -> tuple[list[Path], list[Path]]:
    """Every file under ``folder`` (links to folders are not followed, as rglob does not), and the
    folders that could not be listed: rglob skips those in silence."""
    entries: list[Path] = []
    unreadable: list[Path] = []

    def refused(error: OSError) -> None:
        if error.filename is not None:
            unreadable.append(Path(error.filename))

    for root, folders, files in os.walk(folder, onerror=refused):
        folders.sort()
        base = Path(root)
        entries.extend(base / name for name in sorted(files))
    return entries, [p for p in unreadable if not any(part.startswith(".") for part in p.relative_to(folder).parts)]


def _is_linkml_instance(path: Path) -> bool:
    """YAML, or JSON without an @context: a document of a LinkML schema rather than JSON-LD."""
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return True
    if suffix != ".json":
        return False
    try:
        head = read_head(path, 65536)
    except UnreadableFileError:
        return False  # then loaded as linked data, which reports why it cannot be read
    return b'"@context"' not in head


class Engine:
    """Runs the ordered checks over every source, and holds what the sources of a run share
    (shapes, fetched contexts, the resolution answers)."""

    def __init__(self, options: Options, extra_checks: Sequence[Check] = ()) -> None:
        with upstream_output_captured():  # building checks parses shapes, schemas and ontologies
            self._build(options, extra_checks)

    def _build(self, options: Options, extra_checks: Sequence[Check]) -> None:
        self.options = options
        self.resolver = ContextResolver(
            allow_remote=options.allow_remote_context and not options.offline, local=dict(options.contexts)
        )
        if options.profile:
            get_profile(options.profile)  # fail early (exit 2) on an unknown name
        self.requests_made = 0  # HTTP requests the last run sent (the cache answers the rest)
        self.ledger = AcceptanceLedger(options.accept, options.root)  # the last run's acceptances
        self._fetcher: Fetcher | None = None  # harvesting's client, made when a source is an identifier
        self._fetcher_lock = threading.Lock()
        self.state = RunState(offline=options.offline)
        terms = _term_check(options)
        self.linkml: LinkMLSchema | None = None
        builtin: list[Check] = [LoadCheck()]
        if options.schema is not None:
            from fairmeta.checks.linkml import LinkMLCheck
            from fairmeta.tabular.linkml_schema import LinkMLSchema  # imports linkml: only with --schema

            self.linkml = LinkMLSchema(options.schema, options.target_class, offline=options.offline)
            terms.expectations = [*terms.expectations, *_schema_expectations(self.linkml)]
            terms.term_properties = frozenset(URIRef(uri) for uri in self.linkml.term_slots())
            builtin.append(LinkMLCheck(self.linkml))
        self.mapping = None
        if options.mapping is not None:
            from fairmeta.tabular.mapping import load_mapping

            self.mapping = load_mapping(options.mapping)
        self.json_schema = None
        if options.json_schema is not None:
            from fairmeta.checks.jsonschema import JsonSchemaCheck
            from fairmeta.tabular.json_schema import JsonSchema

            self.json_schema = JsonSchema(options.json_schema)
            builtin.append(JsonSchemaCheck(self.json_schema))
        self.metrics = FairMetricsCheck(offline=options.offline, enabled=options.score)
        shacl = ShaclCheck(options.shapes, inference=options.inference, ont_graph=options.ont_graph)
        crate_profiles = RoCrateProfileCheck(self.resolver, options.rocrate_profile)
        builtin += [shacl, CrateCheck(), crate_profiles, NormaliseCheck(), PidCheck(), terms, self.metrics]
        plugins = plugin_checks() if options.plugins else []
        self.checks: list[Check] = ordered([*builtin, *plugins, *extra_checks])

    @property
    def resolutions(self) -> Mapping[Query, Resolution]:
        """The answers to the run's look-ups so far (identifiers, links, terms)."""
        return self.state.resolutions

    def check_loaded(self, loaded: LoadedSource) -> tuple[list[Finding], list[CheckRun], list[RecordSummary]]:
        """Run every check on one loaded source, in order; a check's crash is a finding, not the end."""
        if loaded.failure is not None:  # only the load check has something to say
            found, result, detail = self._run_check(self.checks[0], loaded, {})
            return found, [CheckRun(self.checks[0].name, loaded.source, CheckStatus.FAILED, detail)], []
        assign_profiles(loaded.records, self.options.profile, bool(self.options.shapes))
        results: dict[str, CheckResult] = {}
        findings: list[Finding] = []
        runs: list[CheckRun] = []
        for check in self.checks:
            if not check.applies_to(loaded):
                continue
            found, result, detail = self._run_check(check, loaded, results)
            results[check.name] = result
            findings.extend(found)
            runs.append(CheckRun(check.name, loaded.source, result.status, detail))
        outcomes = self.metrics_outcomes(results)
        by_record: dict[str | None, list[Finding]] = {}
        for finding in findings:
            by_record.setdefault(finding.record, []).append(finding)
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
                    outcome.evaluations if outcome else (),
                    tuple(by_record.get(record.id, ())),
                )
            )
        return findings, runs, summaries

    def metrics_outcomes(self, results: Mapping[str, CheckResult]) -> Mapping[str, RecordOutcome]:
        """Each record's score, as the FAIR-metrics check published it (empty when it did not run)."""
        result = results.get(self.metrics.name)
        product = result.product if result is not None else None
        return product.by_record if isinstance(product, MetricOutcomes) else {}

    def _run_check(
        self, check: Check, loaded: LoadedSource, results: Mapping[str, CheckResult]
    ) -> tuple[list[Finding], CheckResult, str]:
        """One check on one source: its findings, its result for later checks, and its note."""
        ctx = CheckContext(check, loaded, self.state, results)
        try:
            found = list(check.check(loaded, ctx))
            undeclared = sorted({f.code for f in found if not ctx.declares(f.code)})
            if undeclared:
                raise UndeclaredRuleError(
                    f"check {check.name!r} emitted {', '.join(undeclared)}, which it does not declare"
                )
        except CheckSkipped as skipped:
            return [], CheckResult(check.name, CheckStatus.SKIPPED), skipped.reason
        except FairmetaError:
            raise
        except Exception as exc:
            crash = self._crash_finding(loaded, check.name, exc)
            return [crash], CheckResult(check.name, CheckStatus.FAILED, (crash,)), f"{type(exc).__name__}: {exc}"
        if loaded.format in _TABULAR:  # ten thousand rows "not assessed" for one reason are one fact
            found = collapse_repeats(found, _NOT_ASSESSED)
        status = CheckStatus.FAILED if loaded.failure is not None else CheckStatus.RAN
        return found, CheckResult(check.name, status, tuple(found), ctx.product), ctx.detail

    def _crash_finding(self, loaded: LoadedSource, check: str, exc: Exception) -> Finding:
        detail = " ".join(str(exc).split())[:200]
        finding = CheckContext(_ENGINE, loaded, self.state).finding(
            "FM-SYS-002",
            f"The {check} check failed on this source ({type(exc).__name__}: {detail}).",
            Location(source=loaded.source),
        )
        return dataclasses.replace(finding, origin=check)

    def load_source(self, item: LoadedSource | tuple[Path, str] | RemoteSource) -> LoadedSource:
        """Load one source (file, stdin, an identifier or URL to harvest, or already loaded)."""
        if isinstance(item, LoadedSource):
            return item
        if isinstance(item, RemoteSource):
            return self._harvest(item.text)
        if item[1] == "<stdin>":
            try:
                data = stdin_bytes()
            except UnreadableFileError as exc:
                return LoadedSource("<stdin>", None, failure=LoadFailure("FM-SYS-001", str(exc)))
            base = (Path.cwd() / "stdin").as_uri()
            return load_bytes(
                data, "<stdin>", base=base, input_format=self.options.input_format, resolver=self.resolver
            )
        path, shown = item
        fmt = normalise_format(self.options.input_format) if self.options.input_format else format_from_extension(shown)
        if fmt in _TABULAR:
            from fairmeta.loaders.table import load_table

            return load_table(path, shown, fmt, self.linkml, self.mapping)
        if self.json_schema is not None and _is_linkml_instance(path):
            from fairmeta.loaders.table import load_document

            return load_document(path, shown, "json-schema-instance")
        if self.linkml is not None and _is_linkml_instance(path):
            from fairmeta.loaders.table import load_document

            return load_document(path, shown, "linkml-instance")
        if path.suffix.lower() == ".zip":
            from fairmeta.loaders.crate import load_crate_zip

            zipped = load_crate_zip(path, shown, resolver=self.resolver)
            zipped.path = path
            return zipped
        loaded = load_path(path, shown, input_format=self.options.input_format, resolver=self.resolver)
        loaded.path = path
        if path.name in DESCRIPTORS and loaded.failure is None:
            from fairmeta.loaders.crate import folder_payload

            loaded.payload = folder_payload(path)
        return loaded

    def _harvest(self, text: str) -> LoadedSource:
        """Harvest an identifier or URL into one source carrying the evidence (see fairmeta.harvest)."""
        from fairmeta.harvest.harvester import Harvester
        from fairmeta.harvest.targets import parse_target
        from fairmeta.resolvers.resolve import endpoints

        bases = endpoints(dict(self.options.resolvers))
        target = parse_target(text, bases)
        if target is None:
            return LoadedSource(
                text, None, failure=LoadFailure("FM-SYS-001", "neither a file nor an identifier or URL")
            )
        with self._fetcher_lock:  # harvests run in threads: one fetcher (one set of per-host limits)
            if self._fetcher is None:
                self._fetcher = self._new_fetcher(bases)
        harvested = Harvester(self._fetcher, self.resolver).harvest(target)
        loaded = harvested.loaded
        loaded.harvest = harvested.evidence
        return loaded

    def _new_fetcher(self, bases: dict[str, str]) -> Fetcher:
        from fairmeta.resolvers.fetch import Fetcher
        from fairmeta.resolvers.http import HttpClient

        settings = self.options.http or default_http_settings()
        if self.options.offline:
            settings = replace(settings, cache_only=True)
        return Fetcher(
            HttpClient(settings),
            routes=self.options.routes,
            trusted=tuple(bases.values()),
            allow_private=self.options.allow_private_network,
            max_bytes=settings.max_bytes,
            max_redirects=settings.max_redirects,
            contact=settings.contact,
        )

    def resolve_sources(self, loaded_all: Sequence[LoadedSource]) -> None:
        """Resolve what the checks ask of these sources, concurrently; each distinct query once per run.

        Answers accumulate in the run state across the batches of a run.
        """
        from fairmeta.resolvers.http import HttpClient
        from fairmeta.resolvers.resolve import Resolver, endpoints

        wanted: dict[Query, None] = {}
        for loaded in loaded_all:
            if loaded.failure is not None:
                continue
            for check in self.checks:
                if not check.applies_to(loaded):
                    continue
                try:
                    wanted.update(dict.fromkeys(check.queries(loaded, CheckContext(check, loaded, self.state))))
                except FairmetaError:
                    raise
                except Exception:  # noqa: S112 - the check itself will crash on this source and say so
                    continue
        missing = [query for query in wanted if query not in self.state.resolutions]
        if not missing:
            return
        settings = self.options.http or default_http_settings()
        if self.options.offline:
            settings = replace(settings, cache_only=True)
        client = HttpClient(settings)
        try:
            resolver = Resolver(client, endpoints(dict(self.options.resolvers)))
            self.state.resolutions = {**self.state.resolutions, **resolver.resolve_all(missing)}
        finally:
            client.close()
        self.requests_made += client.requests_made

    def loaded_batches(
        self, sources: Sequence[LoadedSource | tuple[Path, str] | RemoteSource]
    ) -> Iterator[list[LoadedSource]]:
        """Load the sources a batch at a time: one by one offline; online, enough of them for the
        resolver to work concurrently, without holding thousands of graphs in memory. Identifiers and
        URLs to harvest are harvested concurrently (``workers`` at a time; each host's own limits
        still hold), in source order."""
        size = RESOLVE_BATCH if self._resolving() is not ResolutionMode.OFF else 1
        workers = (self.options.http or default_http_settings()).workers
        for start in range(0, len(sources), size):
            batch = sources[start : start + size]
            remote = sum(1 for item in batch if isinstance(item, RemoteSource))
            if remote > 1 and workers > 1 and not self.options.offline:
                from concurrent.futures import ThreadPoolExecutor

                with ThreadPoolExecutor(max_workers=min(workers, remote)) as pool:
                    yield list(pool.map(self.load_source, batch))
            else:
                yield [self.load_source(item) for item in batch]

    def _resolving(self) -> ResolutionMode:
        """Online; from the response cache only (offline, when a cache exists); or not at all."""
        if not self.options.offline:
            return ResolutionMode.ONLINE
        settings = self.options.http or default_http_settings()
        if settings.cache and settings.cache_file is not None and settings.cache_file.is_file():
            return ResolutionMode.CACHE
        return ResolutionMode.OFF

    def run(self, sources: Sequence[LoadedSource | tuple[Path, str] | RemoteSource]) -> Report:
        """Check every source and assemble the report, in source order.

        Nothing is printed: what the libraries underneath log or warn becomes records of the
        ``fairmeta.upstream`` logger.
        """
        with upstream_output_captured():
            return self._run(sources)

    def _run(self, sources: Sequence[LoadedSource | tuple[Path, str] | RemoteSource]) -> Report:
        findings: list[Finding] = []
        runs: list[CheckRun] = []
        records: list[RecordSummary] = []
        names: list[str] = []
        skipped: list[tuple[str, str]] = []
        harvests: list[Harvest] = []
        ledger = self.ledger = AcceptanceLedger(self.options.accept, self.options.root)  # kept: executors merge it
        self.requests_made = 0
        self.state = RunState(mode=self._resolving(), offline=self.options.offline)
        done = 0
        for batch in self.loaded_batches(sources):
            if self.state.mode is not ResolutionMode.OFF:
                self.resolve_sources(batch)
            for loaded in batch:
                done += 1
                if loaded.harvest is not None:
                    harvests.append(loaded.harvest)
                if self.options.skip_non_metadata and loaded.failure is not None and loaded.failure.not_metadata:
                    skipped.append((loaded.source, loaded.failure.reason))
                else:
                    names.append(loaded.source)
                    found, ran, summaries = self._checked(loaded, ledger)
                    findings.extend(found)
                    runs.extend(ran)
                    records.extend(summaries)
                loaded.text = None  # the text is not needed once the source is done
                if self.options.progress is not None:
                    self.options.progress(done, len(sources), loaded.source)
        scored = [r.score for r in records if r.score is not None]
        return Report(
            tuple(names),
            tuple(records),
            tuple(findings),
            tuple(runs),
            __version__,
            self.metrics.catalogue.version,
            aggregate(scored) if scored else None,
            skipped=tuple(skipped),
            stale_acceptances=tuple(ledger.stale()),
            harvests=tuple(harvests),
        )

    def _checked(
        self, loaded: LoadedSource, ledger: AcceptanceLedger
    ) -> tuple[list[Finding], list[CheckRun], list[RecordSummary]]:
        """One source checked; its findings filtered by the policy, placed on lines, marked accepted."""
        found, ran, summaries = self.check_loaded(loaded)
        positions = json_positions(loaded, [*found, *summaries])
        inline: list[Acceptance] = []
        if loaded.text is not None and loaded.format in INLINE_FORMATS:
            inline, problems = inline_acceptances(loaded.text, loaded.source)
            ledger.problems.extend(problems)
        summaries = [_placed_record(s, positions) for s in summaries]
        record_lines = {s.id: s.line for s in summaries if s.line is not None}
        here = ledger.for_source(loaded.source, inline)
        policy = self.options.policy
        final: dict[int, Finding | None] = {}  # a record's findings are the source's own objects

        def settle(finding: Finding) -> Finding | None:
            if id(finding) not in final:
                kept = policy.apply(finding) if policy is not None else finding
                if kept is not None:
                    kept = ledger.accept(_placed(kept, positions), here, record_lines)
                final[id(finding)] = kept
            return final[id(finding)]

        settled = [f for f in map(settle, found) if f is not None]
        summaries = [
            dataclasses.replace(s, findings=tuple(f for f in map(settle, s.findings) if f is not None))
            for s in summaries
        ]
        return settled, ran, summaries


def json_positions(loaded: LoadedSource, located: Sequence[Finding | RecordSummary]) -> dict[str, tuple[int, int]]:
    """Line and column of the JSON Pointers these findings and records carry without a line."""
    text = loaded.text
    if text is None or loaded.format == "html" or not text.lstrip("\ufeff \t\r\n").startswith(("{", "[")):
        return {}  # not a JSON text (HTML pointers point into the page's JSON-LD blocks, not its text)
    wanted = set()
    for item in located:
        pointer, line = (
            (item.location.pointer, item.location.line) if isinstance(item, Finding) else (item.pointer, item.line)
        )
        if pointer is not None and line is None:
            wanted.add(pointer)
    if not wanted:
        return {}
    from fairmeta.loaders.jsonpos import pointer_positions

    return pointer_positions(text, wanted)


def _placed(finding: Finding, positions: Mapping[str, tuple[int, int]]) -> Finding:
    where = finding.location
    if where.line is not None or where.pointer is None or where.pointer not in positions:
        return finding
    line, col = positions[where.pointer]
    return dataclasses.replace(finding, location=dataclasses.replace(where, line=line, col=col))


def _placed_record(record: RecordSummary, positions: Mapping[str, tuple[int, int]]) -> RecordSummary:
    if record.line is not None or record.pointer is None or record.pointer not in positions:
        return record
    return dataclasses.replace(record, line=positions[record.pointer][0])


class _EngineRules(BaseCheck):
    """The engine's own rule (FM-SYS-002, a check that crashed): the engine makes its findings."""

    name = "engine"

    def __init__(self) -> None:
        self.rules = rules_of(self.name)


_ENGINE = _EngineRules()


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
    source: str | os.PathLike[str] | Graph | Iterable[str | os.PathLike[str]], engine: Engine, tabular: bool = False
) -> list[LoadedSource | tuple[Path, str] | RemoteSource]:
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
        return list(expand_sources([source], tabular))
    return list(expand_sources(source, tabular))


def _schema_expectations(schema: LinkMLSchema) -> list[Expectation]:
    """Branches a LinkML schema's dynamic enums (``reachable_from``) ask of its slots' terms."""

    return [Expectation(curie(URIRef(uri)), roots) for uri, roots in schema.term_expectations()]
