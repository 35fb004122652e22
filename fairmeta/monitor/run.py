"""One monitoring run: publications in, their statements, shared outputs and FAIR results out.

Order of work, each step resumable (a killed run continues where it stopped):

1. the inputs are read and merged into publications (sorted by key, so the order never depends on
   the order of the files);
2. each publication's statements are found (its full text, or the statement columns of its table)
   and classified; its outputs and links are written with it in one transaction;
3. each distinct output is harvested by its identifier and checked with every check fairmeta has
   (the harvest of ``fairmeta check``), its result written in one transaction;
4. the run is marked finished.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import sqlite3
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import URIRef

from fairmeta._version import __version__
from fairmeta.executors import FAILED_SOURCE, ExecutorSettings
from fairmeta.model import Report
from fairmeta.monitor.db import dumps, opened, unfinished_run
from fairmeta.monitor.inputs import InputProblem, Publication, read_inputs
from fairmeta.monitor.metadata import Metadata
from fairmeta.monitor.statements import CATEGORIES, Availability, Sentence, classify, is_code_host, output_kind, verdict

if TYPE_CHECKING:
    from fairmeta.resolvers.http import HttpSettings

KILL_HOOK = "FAIRMETA_MONITOR_TEST_KILL"  # tests only: "publication:N" or "output:N" kills the process after N


@dataclass(frozen=True)
class MonitorOptions:
    """What one ``fairmeta monitor run`` is told."""

    db: Path
    inputs: tuple[str, ...]
    id_column: str | None = None
    text_columns: tuple[str, ...] = ()
    new_run: bool = False
    assess: bool = True  # harvest and check each shared output
    offline: bool = False
    metadata: bool = True  # ask Crossref / DataCite for each DOI's metadata and declared links
    fulltexts: bool = True  # read open-access full texts from Europe PMC for publications given without one
    ror: str | None = None  # an organisation's works (OpenAlex)
    orcid: str | None = None  # a person's works (OpenAlex)
    since: int | None = None
    until: int | None = None
    executor: ExecutorSettings | None = None  # where the work runs (None: in this process)
    http: HttpSettings | None = None  # the [resolvers] settings (None: defaults, cache in the cache dir)
    services: tuple[tuple[str, str], ...] = ()  # service -> base URL, from the configuration
    progress: Callable[[int, int, str], None] | None = None  # (publications done, of total, the last one)


@dataclass
class RunSummary:
    """What a run did (for the command's last line)."""

    run: int
    publications: int
    resumed: bool
    problems: list[InputProblem] = field(default_factory=list)
    outputs: int = 0


def config_hash(options: MonitorOptions) -> str:
    """What makes two runs the same run: the inputs and the options that change the results."""
    text = json.dumps(
        {
            "inputs": sorted(options.inputs),
            "id_column": options.id_column,
            "text_columns": list(options.text_columns),
            "assess": options.assess,
            "metadata": options.metadata,
            "fulltexts": options.fulltexts,
            "query": [options.ror, options.orcid, options.since, options.until],
            "tool": __version__,
        },
        sort_keys=True,
    )
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def analyse(publication: Publication) -> tuple[Availability, list[tuple[Sentence, str]], Publication]:
    """The publication's classified availability, each sentence with where it was, and the
    publication completed from its full text (ids, year, title)."""
    located: list[tuple[Sentence, str]] = []
    if publication.paper is not None or publication.fulltext is not None:
        from fairmeta.monitor.fulltext import read_fulltext_file

        paper = publication.paper or read_fulltext_file(publication.fulltext)  # type: ignore[arg-type]
        publication.doi = publication.doi or paper.doi
        publication.pmid = publication.pmid or paper.pmid
        publication.pmcid = publication.pmcid or paper.pmcid
        publication.year = publication.year or paper.year
        publication.title = publication.title or paper.title
        for statement in paper.statements:
            located.extend((s, statement.location) for s in classify(statement.text).sentences)
    for column, text in publication.texts:
        located.extend((s, f"column {column}") for s in classify(text).sentences)
    # judged over all the statements together: an accession one statement says was reused is not
    # made the publication's own by another
    sentences = [s for s, _ in located]
    open_data, open_code = verdict(sentences)
    availability = Availability(open_data=open_data, open_code=open_code, sentences=sentences)
    return availability, located, publication


def _kill_if_asked(stage: str, count: int) -> None:
    wanted = os.environ.get(KILL_HOOK, "")
    if wanted == f"{stage}:{count}":
        os.kill(os.getpid(), signal.SIGKILL)


def run_monitor(options: MonitorOptions) -> RunSummary:
    """Run (or resume) the monitor; never raises for what publications or servers hold."""
    from fairmeta.engine import default_http_settings

    publications, problems = read_inputs(options.inputs, options.id_column, options.text_columns)
    http = options.http or default_http_settings()
    services = tuple(sorted(registry_bases(dict(options.services)).items()))
    registry = Registry(options.offline, http, dict(services)) if _needs_registry(options) else None
    if registry is not None and (options.ror or options.orcid):
        from fairmeta.monitor.inputs import merged
        from fairmeta.monitor.sources import query_openalex

        found, trouble = query_openalex(
            registry.client, registry.bases["openalex"], options.ror, options.orcid, options.since, options.until
        )
        publications, problems = merged([*publications, *found]), [*problems, *trouble]
    digest = config_hash(options)
    with opened(options.db) as db:
        run = None if options.new_run else unfinished_run(db, digest)
        resumed = run is not None
        if run is None:
            with db:
                cursor = db.execute(
                    "INSERT INTO runs (tool_version, config_hash, inputs, started) VALUES (?, ?, ?, ?)",
                    (__version__, digest, dumps(sorted(options.inputs)), time.strftime("%Y-%m-%dT%H:%M:%S")),
                )
                run = int(cursor.lastrowid or 0)
        with db:
            db.executemany(
                "INSERT OR IGNORE INTO problems VALUES (?, ?, ?)", [(run, p.where, p.problem) for p in problems]
            )
        done = {row[0] for row in db.execute("SELECT key FROM publications WHERE run = ? AND done = 1", (run,))}
        pending = [p for p in publications if p.key not in done]

        def store(index: int, prepared: Prepared) -> None:
            _store_publication(db, run, prepared)
            _kill_if_asked("publication", index + 1)
            if options.progress is not None:
                options.progress(len(publications) - len(pending) + index + 1, len(publications), prepared.key)

        if options.progress is not None and not pending:
            options.progress(len(publications), len(publications), "")
        work = Work(replace(options, progress=None), http, services)
        if _spread(options, len(pending)):

            def unfinished(publication: Publication, why: str) -> Prepared:
                trouble = f"{FAILED_SOURCE}: the analysis did not finish: {why}"  # the rule's code, as for outputs
                return Prepared(publication, trouble=trouble)

            _spread_in_order(work, _publication_task, pending, store, unfinished)
        else:
            for index, publication in enumerate(pending):
                store(index, prepare_publication(publication, registry, options))
        outputs = _assess_outputs(db, run, work) if options.assess else 0
        if options.assess:
            _verify_open_data(db, run)
        with db:
            db.execute("UPDATE runs SET finished = ? WHERE id = ?", (time.strftime("%Y-%m-%dT%H:%M:%S"), run))
        return RunSummary(run, len(publications), resumed, problems, outputs)


def _needs_registry(options: MonitorOptions) -> bool:
    return options.metadata or options.fulltexts or bool(options.ror or options.orcid)


def _spread(options: MonitorOptions, items: int) -> bool:
    """Whether this step goes to other processes or a cluster (more than one item, and asked to)."""
    return options.executor is not None and options.executor.spreads(items)


@dataclass(frozen=True)
class Work:
    """What the workers of a spread run share: the run's options, HTTP settings and service base
    URLs (taken from this process's environment: a Dask worker has its own)."""

    options: MonitorOptions
    http: HttpSettings
    services: tuple[tuple[str, str], ...]


def _share(work: Work, concurrent: int) -> Work:
    from fairmeta.executors import shared_http

    return replace(work, http=shared_http(work.http, concurrent))


def _spread_in_order(
    work: Work,
    task: Callable[[Work, Any], Any],
    items: Sequence[Any],
    store: Callable[[int, Any], None],
    unfinished: Callable[[Any, str], Any],
) -> None:
    """``task`` over ``items`` on the run's executor; ``store`` each result (or, for an item that did
    not finish on its worker, what ``unfinished(item, why)`` makes of it) in item order, in this
    process: the database's one writer."""
    from fairmeta.executors import Done, Failed, Job, in_order, spread

    assert work.options.executor is not None
    ordered = in_order(store)

    def arrived(index: int, outcome: Done | Failed) -> None:
        ordered(index, outcome.value if isinstance(outcome, Done) else unfinished(items[index], outcome.why))

    answers_to = work.http.cache_file if work.http.cache else None
    spread(Job(task, work, _share), items, work.options.executor, arrived, answers_to, "monitor")


def _publication_task(work: Work, publication: Publication) -> Prepared:
    """A worker's task: one publication prepared (its registry built once per worker thread)."""
    from fairmeta.executors import kept, test_hooks, worker_http

    test_hooks(publication.key)
    options = work.options
    registry = (
        kept(
            "registry",
            work,
            lambda: Registry(options.offline, worker_http(work.http, options.offline), dict(work.services)),
        )
        if _needs_registry(options)
        else None
    )
    prepared = prepare_publication(publication, registry, options)
    prepared.publication.paper = None  # read here; only what it gave travels back
    return prepared


@dataclass
class Prepared:
    """A publication's statements, links and flags, ready to be written (what a worker sends back)."""

    publication: Publication
    key: str = ""  # the key the inputs gave (resuming finds it under the same name)
    located: list[tuple[Sentence, str]] = field(default_factory=list)
    declared: list[tuple[str, str]] = field(default_factory=list)  # links its metadata declares
    availability: Availability = field(default_factory=Availability)
    trouble: str | None = None  # why its full text could not be read

    def __post_init__(self) -> None:
        self.key = self.key or self.publication.key


def prepare_publication(publication: Publication, registry: Registry | None, options: MonitorOptions) -> Prepared:
    """One publication's full text, statements and metadata links (the network and the classifier;
    nothing is written)."""
    key_before = publication.key
    if registry is not None and options.fulltexts and publication.paper is None and not publication.texts:
        publication.paper, why = registry.fulltext(publication)  # said in the publication's sources
        publication.sources.append(
            f"full text: {publication.paper.source}" if publication.paper else f"no full text: {why}"
        )
    try:
        availability, located, publication = analyse(publication)
        trouble = None
    except (ValueError, OSError) as exc:  # a full text that cannot be read: a problem of the run
        availability, located, trouble = Availability(), [], " ".join(str(exc).split())[:200]
    declared: list[tuple[str, str]] = []
    if registry is not None and options.metadata and publication.doi:
        metadata = registry.metadata(publication.doi)
        publication.title = publication.title or metadata.title
        publication.year = publication.year or metadata.year
        if metadata.journal and "journal" not in publication.facets:
            publication.facets["journal"] = [metadata.journal]
        declared = metadata.links
    return Prepared(publication, key_before, located, declared, availability, trouble)


def _store_publication(db: sqlite3.Connection, run: int, prepared: Prepared) -> None:
    """One publication with its statements, outputs and links, in one transaction."""
    publication, key, availability, declared = (
        prepared.publication,
        prepared.key,
        prepared.availability,
        prepared.declared,
    )
    with db:
        for table, column in (("statements", "publication"), ("links", "publication")):
            db.execute(f"DELETE FROM {table} WHERE run = ? AND {column} = ?", (run, key))  # noqa: S608 - fixed names
        if prepared.trouble is not None:
            db.execute("INSERT OR IGNORE INTO problems VALUES (?, ?, ?)", (run, key, prepared.trouble))
        for position, (sentence, location) in enumerate(prepared.located):
            db.execute(
                "INSERT INTO statements VALUES (?, ?, ?, ?, ?, ?)",
                (run, key, position, sentence.text, sentence.category, location),
            )
            if sentence.category != "repository":
                continue
            for identifier in sentence.identifiers:
                kind = output_kind(sentence, identifier)
                db.execute("INSERT OR IGNORE INTO outputs VALUES (?, ?, ?)", (run, identifier, kind))
                db.execute(
                    "INSERT OR IGNORE INTO links VALUES (?, ?, ?, ?, ?)",
                    (run, key, identifier, f"statement ({location})", sentence.text[:500]),
                )
        for identifier, provenance in declared:  # what the metadata itself links: an open output
            kind = "code" if is_code_host(identifier) else "data"
            db.execute("INSERT OR IGNORE INTO outputs VALUES (?, ?, ?)", (run, identifier, kind))
            db.execute("INSERT OR IGNORE INTO links VALUES (?, ?, ?, ?, ?)", (run, key, identifier, provenance, ""))
        open_data = availability.open_data or any(not is_code_host(i) for i, _ in declared)
        open_code = availability.open_code or any(is_code_host(i) for i, _ in declared)
        db.execute(
            "INSERT OR REPLACE INTO publications (run, key, doi, pmid, pmcid, year, title, facets, open_data, open_code, "
            "categories, sources, done) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
            (
                run,
                key,
                publication.doi,
                publication.pmid,
                publication.pmcid,
                publication.year,
                publication.title,
                dumps(publication.facets),
                int(open_data),
                int(open_code),
                dumps(availability.categories),
                dumps(publication.sources),
            ),
        )


class Registry:
    """Publication metadata through the resolvers' HTTP client (cached; offline: the cache only)."""

    def __init__(self, offline: bool, http: HttpSettings | None = None, bases: dict[str, str] | None = None) -> None:
        from fairmeta.engine import default_http_settings
        from fairmeta.resolvers.http import HttpClient

        settings = http or default_http_settings()
        self.client = HttpClient(settings if not offline else replace(settings, cache_only=True))
        self.bases = bases or registry_bases()

    def metadata(self, doi: str) -> Metadata:
        """Crossref's or DataCite's metadata of the DOI (empty when neither answers)."""
        from fairmeta.monitor.metadata import fetch_metadata

        return fetch_metadata(doi, self.client, self.bases)

    def fulltext(self, publication: Publication) -> tuple[Any, str | None]:
        """The open-access full text from Europe PMC (None, and why not, when there is none)."""
        from fairmeta.monitor.sources import europepmc_fulltext

        paper, why = europepmc_fulltext(self.client, self.bases["europepmc"], publication)
        return paper, why or None


def registry_bases(configured: dict[str, str] | None = None) -> dict[str, str]:
    """The services' base URLs: configured, else ``FAIRMETA_<SERVICE>_URL``, else the public ones."""
    from fairmeta.resolvers.resolve import endpoints

    return endpoints(configured)


def harvest_target(identifier: str, bioregistry: str) -> str:
    """What to harvest for an output identifier: a DOI as is, a CURIE through the Bioregistry, a URL."""
    if identifier.startswith("10."):
        return identifier
    if identifier.startswith("swh:"):
        return f"https://archive.softwareheritage.org/{identifier}"
    if identifier.startswith(("http://", "https://")):
        return identifier
    return f"{bioregistry.rstrip('/')}/{identifier}"


def _assess_outputs(db: sqlite3.Connection, run: int, work: Work) -> int:
    """Harvest and check every output of the run that has no result yet, one transaction each."""
    pending = [
        row[0]
        for row in db.execute(
            "SELECT identifier FROM outputs WHERE run = ? AND identifier NOT IN "
            "(SELECT output FROM results WHERE run = ?) ORDER BY identifier",
            (run, run),
        )
    ]
    total = db.execute("SELECT COUNT(*) FROM outputs WHERE run = ?", (run,)).fetchone()[0]

    def store(index: int, row: tuple[object, ...]) -> None:
        with db:
            db.execute("INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?, ?, ?)", (run, *row))
        _kill_if_asked("output", index + 1)

    if not pending:
        return int(total)
    if _spread(work.options, len(pending)):
        _spread_in_order(work, _output_task, pending, store, _failed_result)
    else:
        engine = _output_engine(work)
        for index, identifier in enumerate(pending):
            store(index, assess_output(engine, identifier))
    return int(total)


def _output_engine(work: Work) -> Any:
    """The engine that harvests and checks outputs (the harvest of ``fairmeta check``)."""
    from fairmeta.engine import Engine, Options
    from fairmeta.executors import worker_http

    return Engine(
        Options(
            offline=work.options.offline, http=worker_http(work.http, work.options.offline), resolvers=work.services
        )
    )


def _output_task(work: Work, identifier: str) -> tuple[object, ...]:
    """A worker's task: one output harvested and checked (its engine built once per worker thread)."""
    from fairmeta.executors import kept, test_hooks

    test_hooks(identifier)
    return assess_output(kept("engine", work, lambda: _output_engine(work)), identifier)


def assess_output(engine: Any, identifier: str) -> tuple[object, ...]:
    """An output's ``results`` row (without the run): harvested by its identifier and checked."""
    from fairmeta.engine import RemoteSource
    from fairmeta.resolvers.resolve import endpoints

    bioregistry = endpoints(dict(engine.options.resolvers))["bioregistry"]
    report = engine.run([RemoteSource(harvest_target(identifier, bioregistry))])
    record = report.records[0] if report.records else None
    score = record.score if record is not None else None
    harvest = report.harvests[0] if report.harvests else None
    # the letters (F, A, I, R: points-weighted over their principles) beside the principles
    principles = {k: v.percent for k, v in (score.letters | score.principles).items()} if score is not None else {}
    return (
        identifier,
        score.percent if score is not None else None,
        dumps(principles),
        dumps(_findings_of(report)),
        dumps(
            {
                "landing_status": harvest.landing_status if harvest else None,
                "channels": list(harvest.channels) if harvest else [],
                "types": list(record.types) if record else [],
                "profiles": list(record.profiles) if record else [],
                "license": any(
                    e.test == "FsF-R1.1-01M-1" and e.outcome.value == "pass"
                    for e in (record.evaluations if record else ())
                ),
                "errors": sorted({f.code for f in report.findings if f.severity.value == "error"}),
                "term_prefixes": _term_prefixes(report),
            }
        ),
    )


def _failed_result(identifier: str, why: str) -> tuple[object, ...]:
    """The ``results`` row of an output whose assessment did not finish: one FM-SYS-014 finding."""
    from fairmeta.executors import failed_part

    report = failed_part(identifier, why).report
    harvested = {
        "landing_status": None,
        "channels": [],
        "types": [],
        "profiles": [],
        "license": False,
        "errors": [FAILED_SOURCE],
        "term_prefixes": [],
    }
    return identifier, None, dumps({}), dumps(_findings_of(report)), dumps(harvested)


def _findings_of(report: Report) -> list[dict[str, str]]:
    """An output's findings as stored in ``results.findings``: code, severity, message, where, fix."""
    from fairmeta.reporters import location_text

    return [
        {
            "code": f.code,
            "severity": f.severity.value,
            "message": f.message,
            "where": location_text(f),
            "fix": f.fix.message if f.fix else "",
        }
        for f in report.open_findings
    ]


def finding_code(stored: object) -> str:
    """The code of a stored finding: an object, or a bare code string (what databases written before
    findings were kept whole hold; the dashboard and indicators read both)."""
    return str(stored["code"]) if isinstance(stored, dict) else str(stored)


def _term_prefixes(report: Report) -> list[str]:
    """The vocabularies an output's record uses, by CURIE prefix of its property and type IRIs."""
    from fairmeta.vocab.render import curie

    found: set[str] = set()
    for record in report.records:
        for iri in record.types:
            text = curie(URIRef(iri))
            if ":" in text and not text.startswith("http"):
                found.add(text.split(":", 1)[0])
    return sorted(found)


def repository_of(identifier: str) -> str:
    """Where an output lives, for indicators: a repository named from its DOI prefix, CURIE or host."""
    known = {
        "10.5281/": "Zenodo",
        "10.6084/": "figshare",
        "10.5061/": "Dryad",
        "10.1594/": "PANGAEA",
        "10.7910/": "Harvard Dataverse",
        "10.17605/": "OSF",
        "10.17632/": "Mendeley Data",
    }
    if identifier.startswith("10."):
        return next((name for prefix, name in known.items() if identifier.startswith(prefix)), "other DOI")
    if identifier.startswith(("http://", "https://")):
        from urllib.parse import urlsplit

        host = (urlsplit(identifier).hostname or "").removeprefix("www.")
        return host or "URL"
    return identifier.split(":", 1)[0] if ":" in identifier else "other"


def output_indicators(db: sqlite3.Connection, run: int) -> dict[str, object]:
    """Outputs by kind and repository (assessed, with a PID, with a licence, mean FAIR per principle),
    the most frequent findings, and standards adoption (profiles, vocabularies, conformance)."""
    rows = db.execute(
        "SELECT o.identifier, o.kind, r.percent, r.principles, r.findings, r.harvested FROM outputs o "
        "LEFT JOIN results r ON r.run = o.run AND r.output = o.identifier WHERE o.run = ? ORDER BY o.identifier",
        (run,),
    ).fetchall()
    groups: dict[str, dict[str, object]] = {}
    findings: dict[str, int] = {}
    profiles: dict[str, list[int]] = {}  # profile -> [outputs, conforming]
    vocabularies: dict[str, int] = {}
    blockers: dict[str, int] = {}
    pid_kinds: dict[str, int] = {}
    for identifier, kind, percent, principles, codes, harvested in rows:
        meta = json.loads(harvested) if harvested else {}
        pid = "DOI" if identifier.startswith("10.") else "URL" if identifier.startswith("http") else "accession"
        pid_kinds[pid] = pid_kinds.get(pid, 0) + 1
        for name in (f"{kind}: {repository_of(identifier)}", f"{kind}: all"):
            group = groups.setdefault(name, {"outputs": 0, "assessed": 0, "with_pid": 0, "with_licence": 0, "fair": []})
            group["outputs"] = int(str(group["outputs"])) + 1
            group["with_pid"] = int(str(group["with_pid"])) + (0 if identifier.startswith("http") else 1)
            if percent is not None:
                group["assessed"] = int(str(group["assessed"])) + 1
                fair = group["fair"]
                assert isinstance(fair, list)
                fair.append(json.loads(principles) | {"overall": percent})
            group["with_licence"] = int(str(group["with_licence"])) + int(bool(meta.get("license")))
        for code in sorted({finding_code(f) for f in json.loads(codes)} if codes else set()):
            findings[code] = findings.get(code, 0) + 1
        errors = meta.get("errors", [])
        for profile in meta.get("profiles", []):
            counts = profiles.setdefault(profile, [0, 0])
            counts[0] += 1
            counts[1] += 0 if errors else 1
            for code in errors:
                blockers[code] = blockers.get(code, 0) + 1
        for prefix in meta.get("term_prefixes", []):
            vocabularies[prefix] = vocabularies.get(prefix, 0) + 1
    summary = {}
    for name, group in sorted(groups.items()):
        fair = group.pop("fair")
        assert isinstance(fair, list)
        keys = sorted({k for entry in fair for k, v in entry.items() if v is not None})
        group["mean_fair"] = {
            k: round(
                sum(e[k] for e in fair if e.get(k) is not None) / len([e for e in fair if e.get(k) is not None]), 1
            )
            for k in keys
        }
        summary[name] = group
    return {
        "outputs": summary,
        "top_findings": sorted(findings.items(), key=lambda item: (-item[1], item[0]))[:10],
        "standards": {name: {"outputs": n, "conforming": ok} for name, (n, ok) in sorted(profiles.items())},
        "vocabularies": dict(sorted(vocabularies.items())),
        "identifier_kinds": dict(sorted(pid_kinds.items())),
        "conformance_blockers": sorted(blockers.items(), key=lambda item: (-item[1], item[0]))[:10],
    }


def _verify_open_data(db: sqlite3.Connection, run: int) -> None:
    """Whether each publication's open data resolved: 1 when a linked data output's landing page
    answered, 0 when every one of them was gone (404/410), NULL while that is not known (not assessed,
    offline without a cached answer). A statement is what authors say; this is what the web does."""
    statuses: dict[str, list[int | None]] = {}
    for publication, harvested in db.execute(
        "SELECT l.publication, r.harvested FROM links l JOIN outputs o ON o.run = l.run AND o.identifier = l.output "
        "LEFT JOIN results r ON r.run = l.run AND r.output = l.output WHERE l.run = ? AND o.kind = 'data' "
        "ORDER BY l.publication, l.output",
        (run,),
    ):
        status = (json.loads(harvested) or {}).get("landing_status") if harvested else None
        statuses.setdefault(publication, []).append(status if isinstance(status, int) else None)
    with db:
        for publication, found in statuses.items():
            if any(s is not None and 200 <= s < 400 for s in found):
                verified: int | None = 1
            elif found and all(s in (404, 410) for s in found):
                verified = 0
            else:
                verified = None
            db.execute("UPDATE publications SET verified = ? WHERE run = ? AND key = ?", (verified, run, publication))


def rows_of(db: sqlite3.Connection, run: int) -> list[dict[str, object]]:
    """One row per publication of a run (what ``monitor export`` writes), sorted by publication."""
    outputs: dict[str, list[str]] = {}
    for publication, output in db.execute(
        "SELECT publication, output FROM links WHERE run = ? ORDER BY publication, output", (run,)
    ):
        outputs.setdefault(publication, []).append(output)
    results: dict[str, float | None] = dict(db.execute("SELECT output, percent FROM results WHERE run = ?", (run,)))
    out = []
    for key, year, facets, open_data, open_code, categories, verified in db.execute(
        "SELECT key, year, facets, open_data, open_code, categories, verified FROM publications WHERE run = ? "
        "ORDER BY key",
        (run,),
    ):
        facet = json.loads(facets)
        linked = list(dict.fromkeys(outputs.get(key, [])))
        scores = [value for o in linked if (value := results.get(o)) is not None]
        found = json.loads(categories)
        row: dict[str, object] = {
            "publication": key,
            "year": year,
            "open_data": bool(open_data) and verified != 0,  # said open, and not gone when harvested
            "open_code": bool(open_code),
            # the strongest category, in the order of CATEGORIES (repository first)
            "data_statement": next((c for c in CATEGORIES if c in found), "none"),
            "shared_outputs": " ".join(linked),
            "mean_fair_score": round(sum(scores) / len(scores), 2) if scores else None,
            "open_data_resolves": None if verified is None else bool(verified),
        }
        for name in sorted(facet):
            if name not in ("year",):
                row[name] = "|".join(facet[name])
        out.append(row)
    return out


def indicators(rows: Sequence[dict[str, object]]) -> dict[str, object]:
    """Shares over a run's publications, overall and by year and label."""

    def shares(group: Sequence[dict[str, object]]) -> dict[str, object]:
        n = len(group)
        stated = sum(1 for r in group if r["data_statement"] != "none")
        return {
            "publications": n,
            "with_statement": stated,
            "open_data": sum(1 for r in group if r["open_data"]),
            "open_code": sum(1 for r in group if r["open_code"]),
            "share_open_data": round(sum(1 for r in group if r["open_data"]) / n, 3) if n else None,
            "share_open_code": round(sum(1 for r in group if r["open_code"]) / n, 3) if n else None,
        }

    by_year: dict[str, list[dict[str, object]]] = {}
    by_label: dict[str, list[dict[str, object]]] = {}
    by_journal: dict[str, list[dict[str, object]]] = {}
    for row in rows:
        by_year.setdefault(str(row["year"] or "unknown"), []).append(row)
        for label in str(row.get("labels", "")).split("|") if row.get("labels") else ["(no label)"]:
            by_label.setdefault(label, []).append(row)
        for journal in str(row.get("journal", "")).split("|") if row.get("journal") else ["(no journal)"]:
            by_journal.setdefault(journal, []).append(row)
    return {
        "overall": shares(rows),
        "by_year": {k: shares(v) for k, v in sorted(by_year.items())},
        "by_label": {k: shares(v) for k, v in sorted(by_label.items())},
        "by_journal": {k: shares(v) for k, v in sorted(by_journal.items())},
    }


def diff_runs(db: sqlite3.Connection, before: int, after: int) -> list[str]:
    """What changed from run ``before`` to run ``after``, per publication and output, and why."""
    old = {str(r["publication"]): r for r in rows_of(db, before)}
    new = {str(r["publication"]): r for r in rows_of(db, after)}
    why = {
        (str(p), str(o)): str(v)
        for p, o, v in db.execute("SELECT publication, output, provenance FROM links WHERE run = ?", (after,))
    }
    lines: list[str] = []
    for key in sorted(set(old) | set(new)):
        if key not in new:
            lines.append(f"{key}: only in run {before}")
            continue
        if key not in old:
            lines.append(f"{key}: new in run {after}")
            continue
        a, b = old[key], new[key]
        for field_name in ("open_data", "open_code", "data_statement"):
            if a[field_name] != b[field_name]:
                lines.append(f"{key}: {field_name} {a[field_name]} -> {b[field_name]}")
        before_outputs = set(str(a["shared_outputs"]).split())
        after_outputs = set(str(b["shared_outputs"]).split())
        for output in sorted(after_outputs - before_outputs):
            lines.append(f"{key}: output added {output} ({why.get((key, output), 'linked')})")
        for output in sorted(before_outputs - after_outputs):
            lines.append(f"{key}: output no longer linked {output}")
    scores = {
        run: dict(db.execute("SELECT output, percent FROM results WHERE run = ?", (run,))) for run in (before, after)
    }
    for output in sorted(set(scores[before]) & set(scores[after])):
        if scores[before][output] != scores[after][output]:
            lines.append(f"output {output}: FAIR {scores[before][output]} -> {scores[after][output]} %")
    return lines
