"""The ``fairmeta`` command. It parses options, calls the engine and a reporter, and owns exit codes.

Exit codes (also in ``fairmeta check --help`` and docs/cli.md):

* 0: no finding at or above ``--fail-on``;
* 1: at least one finding at or above ``--fail-on`` (a file that cannot be parsed counts);
* 2: usage, configuration or internal error (bad option, missing path, unreadable shapes).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TextIO

import typer

from fairmeta._version import __version__
from fairmeta.errors import FairmetaError
from fairmeta.files import printable

if TYPE_CHECKING:
    from fairmeta.config import Config
    from fairmeta.engine import Options
    from fairmeta.executors import ExecutorSettings
    from fairmeta.model import Report, Severity
    from fairmeta.reporters import Reporter
    from fairmeta.resolvers.http import HttpSettings

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2

app = typer.Typer(
    name="fairmeta",
    help="Check and score FAIR metadata records (JSON-LD, RDF): profiles, SHACL shapes, FAIR metrics, fixes.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
    suggest_commands=False,  # click already says "Did you mean ..."; typer's own made it said twice
)


class OutputFormat(StrEnum):
    """Report formats of ``fairmeta check``."""

    text = "text"
    json = "json"
    sarif = "sarif"
    markdown = "markdown"
    html = "html"
    github = "github"
    junit = "junit"


class Colour(StrEnum):
    """When the text report and the progress bar use colour."""

    auto = "auto"  # on a terminal, unless NO_COLOR is set
    always = "always"
    never = "never"


class FailOn(StrEnum):
    """Lowest severity that makes ``fairmeta check`` exit 1."""

    error = "error"
    warning = "warning"
    info = "info"


def _fail(message: str) -> typer.Exit:
    sys.stderr.write(f"fairmeta: error: {printable(message)}\n")
    return typer.Exit(EXIT_ERROR)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"fairmeta {__version__}\n")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Check and score FAIR metadata records (JSON-LD, RDF): profiles, SHACL shapes, FAIR metrics, fixes."""


# Options shared by check, fix and config. None means "not given": the configuration file decides.
ProfileOpt = Annotated[
    str | None, typer.Option("--profile", "-p", help="Force a profile for every record (see `fairmeta profiles`).")
]
RoCrateProfileOpt = Annotated[
    str | None,
    typer.Option(
        "--rocrate-profile",
        help="RO-Crate family profile for every crate, e.g. workflow-ro-crate (default: from conformsTo; see `fairmeta profiles`).",
    ),
]
ShapesOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--shapes", "-s", help="SHACL shapes file (repeatable); replaces the profiles unless --profile is given."
    ),
]


ContextOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--context",
        help="URL=FILE: read the remote JSON-LD @context URL from a local copy (repeatable).",
    ),
]


def _context_pairs(values: list[str] | None) -> tuple[tuple[str, Path], ...] | None:
    """``URL=FILE`` values of --context, checked; ``None`` when none were given."""
    if not values:
        return None
    pairs = []
    for value in values:
        url, sep, file = value.rpartition("=")
        if not sep or not url or not file or "://" not in url:
            raise typer.BadParameter(
                f"{value!r}: expected URL=FILE, e.g. https://w3id.org/ro/terms/workflow-run/context=ctx.jsonld"
            )
        pairs.append((url, Path(file)))
    return tuple(pairs)


class Inference(StrEnum):
    """pyshacl's inference before validating."""

    none = "none"
    rdfs = "rdfs"
    owlrl = "owlrl"
    both = "both"


InferenceOpt = Annotated[
    Inference | None,
    typer.Option("--inference", help="Infer before validating (pyshacl): none, rdfs, owlrl or both (default none)."),
]
OntGraphOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--ont-graph",
        help="Vocabulary file (repeatable) whose class hierarchy the shapes rely on (pyshacl's ont_graph).",
    ),
]
OfflineOpt = Annotated[bool | None, typer.Option("--offline/--online", help="Never use the network (default: online).")]
RemoteOpt = Annotated[
    bool | None,
    typer.Option(
        "--allow-remote-context/--no-remote-context", help="Fetch JSON-LD @context URLs fairmeta does not bundle."
    ),
]
InputFormatOpt = Annotated[
    str | None,
    typer.Option("--input-format", help="Syntax of the inputs: json-ld, turtle, nt, nquads, trig, xml, n3, html."),
]
FailOnOpt = Annotated[
    FailOn | None, typer.Option("--fail-on", help="Exit 1 when a finding is at or above this severity.")
]
MinScoreOpt = Annotated[
    float | None,
    typer.Option("--min-score", min=0, max=100, help="Exit 1 when any record's FAIR score (percent) is below this."),
]
SelectOpt = Annotated[
    list[str] | None,
    typer.Option("--select", help="Only report these rule codes or prefixes (repeatable, e.g. FM-F1)."),
]
IgnoreOpt = Annotated[
    list[str] | None, typer.Option("--ignore", help="Never report these rule codes or prefixes (repeatable).")
]
ConfigOpt = Annotated[
    Path | None, typer.Option("--config", help="Use this configuration file instead of searching for one.")
]
IsolatedOpt = Annotated[bool, typer.Option("--isolated", help="Ignore every configuration file.")]
OntologyOpt = Annotated[
    list[Path] | None,
    typer.Option("--ontology", help="Ontology file (OBO, OWL/RDF) to look terms up in; repeatable."),
]
CacheDirOpt = Annotated[
    Path | None,
    typer.Option("--cache-dir", help="Cache directory (parsed shapes, compiled schemas, resolver answers)."),
]
SchemaOpt = Annotated[
    Path | None,
    typer.Option("--schema", help="LinkML schema (YAML) for tables (CSV, TSV, XLSX) and JSON/YAML instances."),
]
JsonSchemaOpt = Annotated[
    Path | None,
    typer.Option("--json-schema", help="JSON Schema for plain JSON/YAML documents (any draft jsonschema supports)."),
]
MappingOpt = Annotated[
    Path | None,
    typer.Option("--mapping", help="Column mapping (YAML/JSON) that turns tables without a schema into RDF."),
]
SkipNonMetadataOpt = Annotated[
    bool,
    typer.Option(
        "--skip-non-metadata",
        help="List files that are not metadata by content (plain JSON such as package.json, tables without a "
        "schema) as skipped instead of failing on them (the pre-commit hooks use it).",
    ),
]
JobsOpt = Annotated[
    int | None,
    typer.Option(
        "--jobs", "-j", min=1, help="Work on this many processes (default: the CPUs above 8 sources, else 1)."
    ),
]
ExecutorOpt = Annotated[
    str, typer.Option("--executor", help="local (processes here) or dask (a Dask cluster: --scheduler).")
]
SchedulerOpt = Annotated[str | None, typer.Option("--scheduler", help="The Dask scheduler's address, tcp://HOST:PORT.")]
SchedulerFileOpt = Annotated[
    Path | None, typer.Option("--scheduler-file", help="The Dask scheduler's file (dask-scheduler --scheduler-file).")
]
SourceTimeoutOpt = Annotated[
    float,
    typer.Option("--source-timeout", min=1, help="Seconds one source may take on a worker (then FM-SYS-014)."),
]


def _executor_settings(
    jobs: int | None, executor: str, scheduler: str | None, scheduler_file: Path | None, timeout: float
) -> ExecutorSettings:
    """Where the work runs: ``--jobs`` processes (by default the CPUs when there are more than 8
    items, else 1: a pool costs its start-up), or the Dask cluster named."""
    from fairmeta.executors import EXECUTORS, ExecutorSettings

    if executor not in EXECUTORS:
        raise _fail(f"--executor {executor!r}: choose {' or '.join(EXECUTORS)}")
    if executor == "dask" and not (scheduler or scheduler_file):
        raise _fail("--executor dask needs --scheduler tcp://HOST:PORT or --scheduler-file FILE")
    if executor == "local" and (scheduler or scheduler_file):
        raise _fail("--scheduler and --scheduler-file need --executor dask")
    return ExecutorSettings(jobs, executor, scheduler, scheduler_file, timeout)


TargetClassOpt = Annotated[
    str | None,
    typer.Option("--target-class", help="Class of the LinkML schema each row or instance is (default: inferred)."),
]


def http_settings(table: dict[str, object]) -> HttpSettings:
    """The resolvers' HTTP settings from the ``resolvers`` table (cache in the cache directory)."""
    from fairmeta.cache import cache_dir
    from fairmeta.config import RESOLVER_URLS
    from fairmeta.resolvers.http import HttpSettings

    names = {
        "per-host": "per_host",
        "expire-days": "expire_days",
        "max-bytes": "max_bytes",
        "max-redirects": "max_redirects",
    }
    chosen = {names.get(k, k): v for k, v in table.items() if k not in RESOLVER_URLS}
    return HttpSettings(cache_file=cache_dir() / "http" / "responses.sqlite", **chosen)  # type: ignore[arg-type]


def _settings(
    paths: list[str],
    config_file: Path | None,
    isolated: bool,
    overrides: dict[str, object],
) -> tuple[Config, Options]:
    """Resolve the configuration (file, then command line) into engine options."""
    from fairmeta.cache import set_cache_dir
    from fairmeta.config import RESOLVER_URLS, policy_of, resolve_config, with_overrides
    from fairmeta.engine import Options, offline_by_default
    from fairmeta.loaders.formats import normalise_format

    config = with_overrides(resolve_config(paths, config_file, isolated), overrides)
    if config.input_format:
        normalise_format(config.input_format)
    set_cache_dir(config.cache_dir)
    offline = config.offline
    if overrides.get("offline") is None and offline_by_default():
        offline = True  # the environment's default; --online on the command line still wins
    options = Options(
        profile=config.profile,
        shapes=config.shapes,
        inference=config.inference,
        ont_graph=config.ont_graph,
        rocrate_profile=config.rocrate_profile,
        offline=offline,
        http=http_settings(dict(config.resolvers)),
        resolvers=tuple((k, str(v)) for k, v in config.resolvers if k in RESOLVER_URLS),
        ontologies=config.ontologies,
        expected_terms=config.expected_terms,
        allow_remote_context=config.allow_remote_context,
        contexts=config.contexts,
        input_format=config.input_format,
        policy=policy_of(config),
        schema=config.schema,
        target_class=config.target_class,
        json_schema=config.json_schema,
        mapping=config.mapping,
        accept=config.accept,
        root=config.root,
        routes=config.routes,
    )
    return config, options


def _cli_overrides(**values: object) -> dict[str, object]:
    out: dict[str, object] = {}
    for key, value in values.items():
        if isinstance(value, list):
            value = tuple(value)
        if isinstance(value, FailOn):
            from fairmeta.model import Severity

            value = Severity(value.value)
        out[key] = value
    return out


def _guard(exc: Exception) -> typer.Exit:
    if isinstance(exc, FairmetaError):
        return _fail(str(exc))
    if os.environ.get("FAIRMETA_DEBUG"):
        raise exc
    return _fail(f"internal error: {type(exc).__name__}: {exc} (set FAIRMETA_DEBUG=1 for details)")


@app.command()
def check(
    paths: Annotated[list[str], typer.Argument(help="Files, directories (searched recursively) or globs.")],
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f", help="Report format.")] = OutputFormat.text,
    profile: ProfileOpt = None,
    rocrate_profile: RoCrateProfileOpt = None,
    shapes: ShapesOpt = None,
    inference: InferenceOpt = None,
    ont_graph: OntGraphOpt = None,
    offline: OfflineOpt = None,
    allow_remote_context: RemoteOpt = None,
    context: ContextOpt = None,
    input_format: InputFormatOpt = None,
    fail_on: FailOnOpt = None,
    min_score: MinScoreOpt = None,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    config: ConfigOpt = None,
    isolated: IsolatedOpt = False,
    schema: SchemaOpt = None,
    target_class: TargetClassOpt = None,
    json_schema: JsonSchemaOpt = None,
    mapping: MappingOpt = None,
    score: Annotated[bool, typer.Option("--score/--no-score", help="Score records against the FAIR metrics.")] = True,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Resolve identifiers without the HTTP response cache.")
    ] = False,
    cache_dir: CacheDirOpt = None,
    ontology: OntologyOpt = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Only findings at or above --fail-on, and the summary.")
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Also list the checks that ran or were skipped.")
    ] = False,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the report to this file instead of stdout.")
    ] = None,
    skip_non_metadata: SkipNonMetadataOpt = False,
    statistics: Annotated[
        bool, typer.Option("--statistics", help="Print how many findings each rule has, instead of the findings.")
    ] = False,
    exit_zero: Annotated[
        bool, typer.Option("--exit-zero", help="Exit 0 even when findings (or a low score) would fail the run.")
    ] = False,
    colour: Annotated[
        Colour, typer.Option("--color", "--colour", help="Colour the text report: auto (on a terminal), always, never.")
    ] = Colour.auto,
    apply_fixes: Annotated[
        bool, typer.Option("--fix", help="Apply the safe fixes first, then report what is left (one pass).")
    ] = False,
    progress: Annotated[
        bool, typer.Option("--progress/--no-progress", help="A progress bar on stderr (only on a terminal, not -q).")
    ] = True,
    allow_private_network: Annotated[
        bool,
        typer.Option(
            "--allow-private-network",
            help="When harvesting, also follow discovered links to loopback and private addresses.",
        ),
    ] = False,
    jobs: JobsOpt = None,
    executor: ExecutorOpt = "local",
    scheduler: SchedulerOpt = None,
    scheduler_file: SchedulerFileOpt = None,
    source_timeout: SourceTimeoutOpt = 300.0,
) -> None:
    """Check metadata records, score them, and report findings with fixes.

    Exit codes: 0 no finding at or above --fail-on (or --exit-zero); 1 findings at or above it
    (unparseable files included), a record below --min-score, or (with --fix) a file fixed; 2 usage,
    configuration or internal error.
    """
    try:
        # Imported here so that even a broken installation ends in one line and exit 2.
        from fairmeta.engine import Engine, RemoteSource, expand_sources
        from fairmeta.progress import progress_bar

        _imports_done()
        settings, options = _settings(
            paths,
            config,
            isolated,
            _cli_overrides(
                profile=profile,
                rocrate_profile=rocrate_profile,
                shapes=shapes,
                inference=inference.value if inference else None,
                ont_graph=ont_graph,
                offline=offline,
                allow_remote_context=allow_remote_context,
                contexts=_context_pairs(context),
                input_format=input_format,
                fail_on=fail_on,
                min_score=min_score,
                select=select,
                ignore=ignore,
                schema=schema,
                target_class=target_class,
                json_schema=json_schema,
                mapping=mapping,
                cache_dir=cache_dir,
                ontologies=ontology,
            ),
        )
        from dataclasses import replace

        if not score:
            options = replace(options, score=False)
        if no_cache and options.http is not None:
            options = replace(options, http=replace(options.http, cache=False))
        options = replace(options, skip_non_metadata=skip_non_metadata, allow_private_network=allow_private_network)
        documents = options.schema is not None or options.json_schema is not None or options.mapping is not None
        files = expand_sources(paths, tabular=documents)
        with progress_bar(progress and not quiet, colour.value, len(files)) as advance:
            fixed = False
            if apply_fixes:
                from fairmeta.fixing.apply import fix_files

                local = [f for f in files if not isinstance(f, RemoteSource)]
                if len(local) != len(files):
                    raise _fail("--fix changes local files: identifiers and URLs cannot be fixed in place")
                outcome = fix_files(Engine(replace(options, progress=advance)), local, unsafe=False, write=True)
                report, fixed = outcome.after, outcome.changed
                for line in outcome.lines(diff=False)[:-1] if outcome.applied or outcome.left_alone else []:
                    sys.stderr.write(printable(line) + "\n")
            elif (spread := _executor_settings(jobs, executor, scheduler, scheduler_file, source_timeout)).spreads(
                len(files)
            ):
                from fairmeta.executors import run_check

                report = run_check(options, files, spread, progress=advance)  # the workers build their engines
            else:
                report = Engine(replace(options, progress=advance)).run(files)
    except Exception as exc:  # the last line of defence: a one-line message, never a traceback
        raise _guard(exc) from None
    level = settings.fail_on
    verbosity = -1 if quiet else (1 if verbose else 0)
    _write_report(report, output_format, output, verbosity, level, colour, statistics)
    for warning in report.stale_acceptances:
        sys.stderr.write(f"fairmeta: warning: {printable(warning)}\n")
    too_low = _below_min_score(report, settings.min_score)
    failed = report.has_findings_at(level) or too_low or fixed
    raise typer.Exit(EXIT_FINDINGS if failed and not exit_zero else EXIT_OK)


def _write_report(
    report: Report,
    output_format: OutputFormat,
    output: Path | None,
    verbosity: int,
    level: Severity,
    colour: Colour,
    statistics: bool,
) -> None:
    """Write the report (or its statistics) to stdout or the ``-o`` file; failures are one line, exit 2."""
    from fairmeta.reporters import get_reporter

    if statistics:
        from fairmeta.reporters.statistics import StatisticsReporter

        reporter: Reporter = StatisticsReporter(json_output=output_format is OutputFormat.json)
    else:
        reporter = get_reporter(output_format.value, verbosity=verbosity, fail_on=level, colour=colour.value)
    try:
        if output is None:
            reporter.write(report, sys.stdout)
        else:
            _write_atomically(output, lambda stream: reporter.write(report, stream))
    except OSError as exc:
        if output is None:
            raise _fail(f"cannot write the report: {exc.strerror or exc}") from None
        raise _fail(f"{output}: cannot write the report: {exc.strerror or exc}") from None
    except Exception as exc:  # a reporter bug is still one line, never a traceback
        raise _guard(exc) from None
    for warning in getattr(reporter, "warnings", ()):
        sys.stderr.write(f"fairmeta: warning: {printable(warning)}\n")


_SHOWN_LOW_SCORES = 10


def _below_min_score(report: Report, min_score: float | None) -> bool:
    """Whether a record scores below ``--min-score``; each such record is named on stderr."""
    if min_score is None:
        return False
    low = [
        (record, percent)
        for record in report.records
        if record.score is not None and (percent := record.score.percent) is not None and percent < min_score
    ]
    for record, percent in low[:_SHOWN_LOW_SCORES]:
        sys.stderr.write(
            f"fairmeta: {printable(record.source)}: record {printable(record.id)} scores "
            f"{percent:.1f} %, below --min-score {min_score:g}\n"
        )
    if len(low) > _SHOWN_LOW_SCORES:
        sys.stderr.write(f"fairmeta: and {len(low) - _SHOWN_LOW_SCORES} more record(s) below --min-score\n")
    return bool(low)


@app.command()
def fix(
    paths: Annotated[list[str], typer.Argument(help="Files, directories (searched recursively) or globs.")],
    unsafe_fixes: Annotated[
        bool, typer.Option("--unsafe-fixes", help="Also apply fixes that may change meaning (review them first).")
    ] = False,
    diff: Annotated[bool, typer.Option("--diff", help="Print a unified diff of the fixes and write nothing.")] = False,
    profile: ProfileOpt = None,
    shapes: ShapesOpt = None,
    input_format: InputFormatOpt = None,
    fail_on: FailOnOpt = None,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    config: ConfigOpt = None,
    isolated: IsolatedOpt = False,
    skip_non_metadata: SkipNonMetadataOpt = False,
    show_report: Annotated[
        bool,
        typer.Option(
            "--report/--no-report",
            help="Re-check and report what is left (default). --no-report prints only what changed and exits 1 "
            "only when a file changed (the fairmeta-fix pre-commit hook).",
        ),
    ] = True,
) -> None:
    """Apply the safe fixes to the files (unsafe ones with --unsafe-fixes), then re-check them.

    Files are written atomically with their mode kept, and never when they do not parse or when
    the fixed text would not parse; never a read-only file or one that changed while being fixed.
    Exit codes: 0 nothing left at or above --fail-on (with --diff: nothing to change; with
    --no-report: nothing changed); 1 findings left or a file left alone (with --diff: changes to
    make; with --no-report: a file changed); 2 usage or internal error.
    """
    try:
        from fairmeta.engine import Engine, expand_paths
        from fairmeta.fixing.apply import fix_files
        from fairmeta.reporters import get_reporter

        _imports_done()
        settings, options = _settings(
            paths,
            config,
            isolated,
            _cli_overrides(
                profile=profile,
                shapes=shapes,
                offline=True,
                input_format=input_format,
                fail_on=fail_on,
                select=select,
                ignore=ignore,
            ),
        )
        from dataclasses import replace

        files = expand_paths(paths)
        engine = Engine(replace(options, skip_non_metadata=skip_non_metadata))
        outcome = fix_files(engine, files, unsafe=unsafe_fixes, write=not diff)
    except Exception as exc:
        raise _guard(exc) from None
    lines = outcome.lines(diff)
    if not show_report and not outcome.applied:
        lines = lines[:-1]  # "0 fix(es) applied": a hook that changed nothing says nothing
    for line in lines:
        sys.stdout.write(printable(line) + "\n")
    if diff or not show_report:
        raise typer.Exit(EXIT_FINDINGS if outcome.changed else EXIT_OK)
    get_reporter("text", verbosity=-1, fail_on=settings.fail_on).write(outcome.after, sys.stdout)
    failed = outcome.left_alone or outcome.after.has_findings_at(settings.fail_on)
    raise typer.Exit(EXIT_FINDINGS if failed else EXIT_OK)


@app.command(name="config")
def show_config(
    paths: Annotated[
        list[str] | None, typer.Argument(help="Where to look for the configuration (default: here).")
    ] = None,
    config: ConfigOpt = None,
    isolated: IsolatedOpt = False,
) -> None:
    """Print the effective configuration and where each value came from."""
    try:
        from fairmeta.config import describe

        settings, _ = _settings(list(paths or []), config, isolated, {})
    except Exception as exc:
        raise _guard(exc) from None
    sys.stdout.write(f"configuration file: {settings.file or '(none found; defaults)'}\n")
    rows = describe(settings)
    width = max(len(key) for key, _, _ in rows)
    for key, value, origin in rows:
        sys.stdout.write(f"{key:<{width}}  {value}    [{origin}]\n")


def _write_atomically(path: Path, write: Callable[[TextIO], None]) -> None:
    """Write via a temporary file in the same folder and rename, so a reader never sees half a report."""
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        # mkstemp makes the file 0600; a report is an artefact others read (CI, published pages):
        # the mode of the file it replaces, or what the umask gives a new file
        try:
            mode = path.stat().st_mode & 0o7777
        except OSError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(handle, mode)
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            write(stream)
        os.replace(name, path)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise


@app.command()
def profiles() -> None:
    """List the profiles fairmeta ships, one per line with a description, then the RO-Crate family."""
    from fairmeta.checks.rocrate import upstream
    from fairmeta.profiles import PROFILES

    width = max(len(p.name) for p in PROFILES)
    for profile in PROFILES:
        sys.stdout.write(f"{profile.name:<{width}}  {profile.description}\n")
    if not upstream.available():
        return
    family = upstream.family()
    sys.stdout.write("\nRO-Crate family (chosen from a crate's conformsTo, or --rocrate-profile):\n")
    width = max(len(info.identifier) for info in family)
    for info in family:
        extends = f" (extends {', '.join(info.parents)})" if info.parents else ""
        sys.stdout.write(f"  {info.identifier:<{width}}  {info.name}{extends}\n")


@app.command()
def rules(
    write_docs: Annotated[
        Path | None,
        typer.Option("--write-docs", help="Write one Markdown page per rule into this folder (docs/rules)."),
    ] = None,
) -> None:
    """List every rule code and every FAIR metric with its tests and points."""
    from fairmeta.metrics import load_catalogue
    from fairmeta.rules import all_rules

    if write_docs is not None:
        from fairmeta.ruledocs import write_docs as write_pages

        written = write_pages(write_docs)
        sys.stdout.write(f"wrote {len(written)} pages to {write_docs}\n")
        return
    sys.stdout.write("Rules\n")
    for rule in all_rules():
        principle = rule.principle.value if rule.principle else "-"
        sys.stdout.write(f"  {rule.code:<13} {rule.severity.value:<7} {principle:<5} {rule.name}: {rule.summary}\n")
    catalogue = load_catalogue()
    sys.stdout.write(f"\nFAIR metrics (catalogue {catalogue.version}; {catalogue.based_on})\n")
    for metric in catalogue.metrics:
        sys.stdout.write(
            f"  {metric.id:<14} {metric.principle.value:<5} {metric.total:g} pt  {metric.name} ({metric.mechanism})\n"
        )
        for test in metric.tests:
            sys.stdout.write(
                f"    {test.id:<17} {test.points:g} pt, maturity {test.maturity}, rule {test.rule}: {test.summary}"
                + (" [assessed on a harvest: a DOI or URL]" if test.needs == "harvest" else "")
                + "\n"
            )


@app.command()
def explain(
    code: Annotated[str, typer.Argument(help="A rule code (FM-R1.1-107), a metric (FsF-F1-01MD) or a metric test id.")],
) -> None:
    """Explain a rule or metric: what it checks, why it matters for FAIR, examples, fix safety."""
    from fairmeta.metrics import load_catalogue
    from fairmeta.ruledocs import render_rule
    from fairmeta.rules import rule_by_code

    rule = rule_by_code(code.strip())
    if rule is not None:
        sys.stdout.write(render_rule(rule) + "\n")
        return
    catalogue = load_catalogue()
    for metric in catalogue.metrics:
        tests = [t for t in metric.tests if code.strip() in (metric.id, t.id)]
        if tests:
            sys.stdout.write(
                f"{metric.id} {metric.name} ({metric.principle.value}, {metric.mechanism}, {metric.total:g} points)\n\n"
            )
            for test in tests:
                test_rule = rule_by_code(test.rule)
                if test_rule is not None:
                    sys.stdout.write(f"{test.id}: {test.points:g} points, maturity {test.maturity}\n\n")
                    sys.stdout.write(render_rule(test_rule) + "\n")
            return
    raise _fail(f"unknown rule or metric {code!r} (see `fairmeta rules`)")


_GC_PAUSED = False


def _imports_done() -> None:
    """Turn the garbage collector back on once the heavy imports are done (see :func:`main`)."""
    global _GC_PAUSED
    if _GC_PAUSED:
        import gc

        gc.enable()
        _GC_PAUSED = False


def _sub_app(name: str, help_text: str) -> typer.Typer:
    """A command group (``fairmeta cache …``) with the main app's conventions (-h, one suggestion)."""
    group = typer.Typer(
        help=help_text,
        no_args_is_help=True,
        suggest_commands=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    app.add_typer(group, name=name)
    return group


cache_app = _sub_app(
    "cache",
    "fairmeta's caches: resolver answers, parsed shapes and graphs, compiled schemas, ontology indexes, contexts.",
)


def _http_cache_file(config_file: Path | None, cache_dir: Path | None) -> Path:
    from fairmeta.cache import set_cache_dir
    from fairmeta.config import resolve_config

    config = resolve_config([], config_file)
    set_cache_dir(cache_dir or config.cache_dir)
    file = http_settings(dict(config.resolvers)).cache_file
    assert file is not None
    return file


def _cache_root(config_file: Path | None, cache_dir: Path | None) -> Path:
    from fairmeta.cache import cache_dir as current_cache_dir
    from fairmeta.cache import set_cache_dir
    from fairmeta.config import resolve_config

    config = resolve_config([], config_file)
    set_cache_dir(cache_dir or config.cache_dir)
    return current_cache_dir()


def _size(count: int) -> str:
    return f"{count / 1e6:.1f} MB" if count >= 100_000 else f"{count / 1e3:.1f} kB"


@cache_app.command("info")
def cache_info(config: ConfigOpt = None, cache_dir: CacheDirOpt = None) -> None:
    """Show where the caches are, what each holds, how many files and how large."""
    try:
        from fairmeta.cache import cache_usage

        root = _cache_root(config, cache_dir)
        usage = cache_usage(root)
        typer.echo(f"cache directory: {root}{'' if root.is_dir() else ' (not created yet)'}")
        width = max(len(name) for name, *_ in usage)
        for name, what, files, size in usage:
            typer.echo(f"  {name:<{width}}  {files:>6} file(s) {_size(size):>9}  {what}")
        answers = _http_answers(_http_cache_file(config, cache_dir))
        if answers is not None:
            typer.echo(f"  ({answers} cached answer(s) of the resolvers in the http cache)")
        total = sum(size for *_, size in usage)
        typer.echo(f"total: {sum(files for _, _, files, _ in usage)} file(s), {_size(total)}")
    except Exception as exc:
        raise _guard(exc) from None


def _http_answers(file: Path) -> int | None:
    if not file.is_file():
        return None
    import sqlite3

    try:
        with sqlite3.connect(file) as db:
            return int(db.execute("SELECT COUNT(*) FROM responses").fetchone()[0])
    except sqlite3.Error:
        return None


@cache_app.command("clear")
def cache_clear(
    config: ConfigOpt = None,
    cache_dir: CacheDirOpt = None,
    only: Annotated[
        list[str] | None,
        typer.Option(
            "--only", help="Clear only this part (repeatable): http, contexts, graphs, objects, linkml, ontologies."
        ),
    ] = None,
) -> None:
    """Delete what fairmeta has cached (every part, or the --only ones); the next run rebuilds it."""
    try:
        from fairmeta.cache import CACHE_PARTS, clear_cache

        unknown = sorted(set(only or ()) - set(CACHE_PARTS))
        if unknown:
            raise _fail(f"--only {unknown[0]!r}: no such cache (choose from {', '.join(CACHE_PARTS)})")
        root = _cache_root(config, cache_dir)
        removed = clear_cache(root, list(only) if only else None)
        for name, files in removed.items():
            typer.echo(f"{root / name}: {'cleared, ' + str(files) + ' file(s) removed' if files else 'already empty'}")
    except typer.Exit:
        raise
    except Exception as exc:
        raise _guard(exc) from None


@cache_app.command("warm")
def cache_warm(
    paths: Annotated[list[str], typer.Argument(help="Files, directories or globs whose identifiers to resolve.")],
    config: ConfigOpt = None,
    cache_dir: CacheDirOpt = None,
) -> None:
    """Resolve every identifier and link of these files now, and fetch the remote JSON-LD contexts
    they use, so that later checks can run --offline from the cache (resolution answers are kept
    for `resolvers.expire-days`; contexts until `fairmeta cache clear`)."""
    try:
        from dataclasses import replace

        from fairmeta.engine import Engine, expand_paths

        _config, options = _settings(paths, config, False, {"cache_dir": cache_dir})
        # remote contexts are fetched too, and kept for later offline runs
        engine = Engine(replace(options, offline=False, score=False, allow_remote_context=True))
        engine.resolver.keep = True
        for batch in engine.loaded_batches(expand_paths(paths)):
            engine.resolve_sources(batch)
        outcomes: dict[str, int] = {}
        for resolution in engine.resolutions.values():
            outcomes[resolution.outcome] = outcomes.get(resolution.outcome, 0) + 1
        summary = ", ".join(f"{n} {k}" for k, n in sorted(outcomes.items())) or "nothing to resolve"
        contexts = len(set(engine.resolver.fetched))
        typer.echo(f"resolved: {summary}; {engine.requests_made} request(s) sent; {contexts} remote context(s) kept")
    except Exception as exc:
        raise _guard(exc) from None


monitor_app = _sub_app(
    "monitor", "Open Science monitoring: publications -> availability statements -> shared outputs -> FAIR results."
)
DbOpt = Annotated[Path, typer.Option("--db", help="The monitor database (SQLite).")]


@monitor_app.command("run")
def monitor_run(
    inputs: Annotated[
        list[str] | None, typer.Argument(help="Publication lists or tables, exports, folders of full texts, ids.")
    ] = None,
    db: DbOpt = Path("fairmeta-monitor.sqlite"),
    ror: Annotated[str | None, typer.Option("--ror", help="Add an organisation's works (OpenAlex), by ROR id.")] = None,
    orcid: Annotated[str | None, typer.Option("--orcid", help="Add a person's works (OpenAlex), by ORCID iD.")] = None,
    since: Annotated[int | None, typer.Option("--since", help="First publication year of --ror / --orcid.")] = None,
    until: Annotated[int | None, typer.Option("--until", help="Last publication year of --ror / --orcid.")] = None,
    no_fulltexts: Annotated[
        bool, typer.Option("--no-fulltexts", help="Do not read open-access full texts from Europe PMC.")
    ] = False,
    new_run: Annotated[bool, typer.Option("--new-run", help="Start a fresh run instead of continuing one.")] = False,
    id_column: Annotated[str | None, typer.Option("--id-column", help="The column of publication ids.")] = None,
    text_column: Annotated[
        list[str] | None, typer.Option("--text-column", help="A column holding statement text (repeatable).")
    ] = None,
    no_assess: Annotated[bool, typer.Option("--no-assess", help="Do not harvest and check the outputs.")] = False,
    no_metadata: Annotated[
        bool, typer.Option("--no-metadata", help="Do not ask Crossref / DataCite for the publications' metadata.")
    ] = False,
    offline: OfflineOpt = None,
    config: ConfigOpt = None,
    isolated: IsolatedOpt = False,
    cache_dir: CacheDirOpt = None,
    jobs: JobsOpt = None,
    executor: ExecutorOpt = "local",
    scheduler: SchedulerOpt = None,
    scheduler_file: SchedulerFileOpt = None,
    source_timeout: SourceTimeoutOpt = 300.0,
) -> None:
    """Run (or resume) the monitor over the inputs; the run and its results go to the database.

    With --jobs or --executor dask, publications and outputs are worked on by other processes or a
    Dask cluster; this process alone writes the database (docs/scale.md)."""
    try:
        from fairmeta.engine import offline_by_default
        from fairmeta.monitor.run import MonitorOptions, run_monitor

        if not inputs and not ror and not orcid:
            raise _fail("monitor run: give inputs (files, folders, identifiers) or --ror / --orcid")
        from dataclasses import replace as replaced

        from fairmeta.progress import progress_bar

        options = MonitorOptions(
            db=db,
            inputs=tuple(inputs or ()),
            ror=ror,
            orcid=orcid,
            since=since,
            until=until,
            fulltexts=not no_fulltexts,
            id_column=id_column,
            text_columns=tuple(text_column or ()),
            new_run=new_run,
            assess=not no_assess,
            metadata=not no_metadata,
            offline=offline if offline is not None else offline_by_default(),
            executor=_executor_settings(jobs, executor, scheduler, scheduler_file, source_timeout),
            **_monitor_http(inputs or [], config, isolated, cache_dir),
        )
        with progress_bar(True, "auto", 2) as advance:  # shown on a terminal only (stderr)
            summary = run_monitor(replaced(options, progress=advance))
    except typer.Exit:
        raise
    except Exception as exc:
        raise _guard(exc) from None
    for problem in summary.problems:
        sys.stderr.write(f"fairmeta: monitor: {printable(problem.where)}: {printable(problem.problem)}\n")
    verb = "resumed" if summary.resumed else "ran"
    typer.echo(f"run {summary.run} {verb}: {summary.publications} publication(s), {summary.outputs} output(s); {db}")


def _monitor_http(
    inputs: list[str], config_file: Path | None, isolated: bool, cache_dir: Path | None
) -> dict[str, Any]:
    """The configuration's ``[resolvers]`` table for a monitoring run: its per-host limits and
    timeouts (``http``) and service base URLs (``services``), with the cache directory set."""
    from fairmeta.cache import set_cache_dir
    from fairmeta.config import RESOLVER_URLS, resolve_config

    config = resolve_config(inputs, config_file, isolated)
    set_cache_dir(cache_dir or config.cache_dir)
    return {
        "http": http_settings(dict(config.resolvers)),
        "services": tuple((k, str(v)) for k, v in config.resolvers if k in RESOLVER_URLS),
    }


@monitor_app.command("report")
def monitor_report(
    db: DbOpt = Path("fairmeta-monitor.sqlite"),
    run: Annotated[int | None, typer.Option("--run", help="The run (default: the latest).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Every indicator as one JSON document.")] = False,
) -> None:
    """Indicators of a run: publications with a statement, open data, open code (by year and label);
    outputs by kind and repository (PIDs, licences, FAIR per principle); frequent findings; standards."""
    try:
        import json

        from fairmeta.monitor.db import latest_run, opened
        from fairmeta.monitor.run import indicators, output_indicators, rows_of

        _existing(db)
        with opened(db) as conn:
            chosen = run or latest_run(conn)
            if chosen is None:
                raise _fail(f"{db}: no run yet (fairmeta monitor run …)")
            table = indicators(rows_of(conn, chosen))
            outputs = output_indicators(conn, chosen)
    except typer.Exit:
        raise
    except Exception as exc:
        raise _guard(exc) from None
    if as_json:
        sys.stdout.write(json.dumps({"run": chosen, "publications": table, **outputs}, indent=2, sort_keys=True) + "\n")
        return
    overall = table["overall"]
    assert isinstance(overall, dict)
    typer.echo(
        f"run {chosen}: {overall['publications']} publication(s), {overall['with_statement']} with a statement, "
        f"open data {overall['open_data']} ({_share(overall['share_open_data'])}), "
        f"open code {overall['open_code']} ({_share(overall['share_open_code'])})"
    )
    for title in ("by_year", "by_label", "by_journal"):
        groups = table[title]
        assert isinstance(groups, dict)
        typer.echo(title.replace("_", " ") + ":")
        for name, values in groups.items():
            typer.echo(
                f"  {name:<24} {values['publications']:>6}  open data {_share(values['share_open_data']):>6}"
                f"  open code {_share(values['share_open_code']):>6}"
            )
    _report_outputs(outputs)


def _report_outputs(outputs: dict[str, object]) -> None:
    """The outputs' part of ``monitor report``."""
    from fairmeta.rules import rule_by_code

    typer.echo("outputs (kind: repository  outputs, assessed, with PID, with licence, mean FAIR %):")
    groups = outputs["outputs"]
    assert isinstance(groups, dict)
    for name, values in groups.items():
        fair = values["mean_fair"].get("overall", "-")
        typer.echo(
            f"  {name:<32} {values['outputs']:>5} {values['assessed']:>5} {values['with_pid']:>5}"
            f" {values['with_licence']:>5}  {fair}"
        )
    top = outputs["top_findings"]
    assert isinstance(top, list)
    if top:
        typer.echo("most frequent findings:")
    for code, count in top:
        rule = rule_by_code(code)
        fix = f" fix: {rule.fix}" if rule is not None and rule.fix else ""
        typer.echo(printable(f"  {count:>5}  {code}  {rule.name if rule else ''}{fix}"[:220]))
    standards = outputs["standards"]
    assert isinstance(standards, dict)
    if standards:
        typer.echo("standards (profile: outputs, conforming):")
    for name, values in standards.items():
        typer.echo(f"  {name:<32} {values['outputs']:>5} {values['conforming']:>5}")


@monitor_app.command("diff")
def monitor_diff(
    run_a: Annotated[int, typer.Argument(help="The earlier run.")],
    run_b: Annotated[int, typer.Argument(help="The later run.")],
    db: DbOpt = Path("fairmeta-monitor.sqlite"),
) -> None:
    """What changed between two runs, per publication and output, and why."""
    try:
        from fairmeta.monitor.db import opened
        from fairmeta.monitor.run import diff_runs

        _existing(db)
        with opened(db) as conn:
            known = {int(r[0]) for r in conn.execute("SELECT id FROM runs")}
            missing = [n for n in (run_a, run_b) if n not in known]
            if missing:
                raise _fail(f"{db}: no run {missing[0]} (runs: {', '.join(map(str, sorted(known))) or 'none'})")
            lines = diff_runs(conn, run_a, run_b)
    except typer.Exit:
        raise
    except Exception as exc:
        raise _guard(exc) from None
    for line in lines:
        typer.echo(printable(line))
    typer.echo(f"{len(lines)} change(s) from run {run_a} to run {run_b}")


def _share(value: object) -> str:
    return f"{100 * float(str(value)):.1f} %" if value is not None else "-"


def _existing(db: Path) -> None:
    if not db.is_file():
        raise _fail(f"{db}: no monitor database (run `fairmeta monitor run …` first)")


@monitor_app.command("export")
def monitor_export(
    db: DbOpt = Path("fairmeta-monitor.sqlite"),
    run: Annotated[int | None, typer.Option("--run", help="The run (default: the latest).")] = None,
    export_format: Annotated[str, typer.Option("--format", help="csv or jsonl.")] = "csv",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")] = None,
) -> None:
    """One row per publication of a run: publication, year, open_data, open_code, outputs, facets."""
    try:
        import csv
        import io
        import json

        from fairmeta.monitor.db import latest_run, opened
        from fairmeta.monitor.run import rows_of

        if export_format not in ("csv", "jsonl"):
            raise _fail(f"--format {export_format!r}: choose csv or jsonl")
        _existing(db)
        with opened(db) as conn:
            chosen = run or latest_run(conn)
            if chosen is None:
                raise _fail(f"{db}: no run yet (fairmeta monitor run …)")
            rows = rows_of(conn, chosen)
        buffer = io.StringIO()
        if export_format == "jsonl":
            buffer.write("".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rows))
        else:  # booleans as true/false, missing values empty; every facet of any row is a column
            fields = list(dict.fromkeys(k for r in rows for k in r)) or ["publication"]
            writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n", restval="")
            writer.writeheader()
            writer.writerows(
                {k: ("true" if v is True else "false" if v is False else "" if v is None else v) for k, v in r.items()}
                for r in rows
            )
        if output is None:
            sys.stdout.write(buffer.getvalue())
        else:
            text = buffer.getvalue()

            def write(stream: TextIO) -> None:
                stream.write(text)

            _write_atomically(output, write)
    except typer.Exit:
        raise
    except Exception as exc:
        raise _guard(exc) from None


@app.command("dashboard")
def dashboard(
    output: Annotated[Path, typer.Option("--output", "-o", help="The page to write (one self-contained HTML file).")],
    db: DbOpt = Path("fairmeta-monitor.sqlite"),
    title: Annotated[str, typer.Option("--title", help="The page's title.")] = "fairmeta monitoring",
) -> None:
    """An interactive dashboard of a monitoring history: every run, filters, trends, drill-down;
    one file that opens from disk with no server and no network (docs/dashboard.md)."""
    try:
        from fairmeta.monitor.dashboard import dashboard_page
        from fairmeta.monitor.db import latest_run, opened

        _existing(db)
        with opened(db) as conn:
            if latest_run(conn) is None:
                raise _fail(f"{db}: no run yet (fairmeta monitor run …)")
            text = dashboard_page(conn, title)

        def write(stream: TextIO) -> None:
            stream.write(text + "\n")

        _write_atomically(output, write)
    except typer.Exit:
        raise
    except Exception as exc:
        raise _guard(exc) from None
    typer.echo(f"dashboard written: {output} ({len(text.encode()) / 1e6:.1f} MB)")


def main() -> None:
    """Entry point of the console script and ``python -m fairmeta``.

    rdflib, pyparsing and pySHACL allocate hundreds of thousands of objects while importing, which
    triggers many needless cyclic-garbage passes; pausing the collector until they are imported
    saves 50-90 ms of every run (a pre-commit hook runs on every commit). It is never paused when
    fairmeta is used as a library.
    """
    import gc

    global _GC_PAUSED
    if gc.isenabled():
        gc.disable()
        _GC_PAUSED = True
    try:
        app()
    finally:
        _imports_done()
