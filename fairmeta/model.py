"""The value types every part of fairmeta shares: severities, locations, fixes, findings, reports.

They are frozen dataclasses with no behaviour beyond conversion to the JSON form documented in
``docs/report.schema.json`` (and small read-only views of it), so checks, reporters and library
users can rely on one shape. Every vocabulary of values is a ``StrEnum``: it serialises as the
plain string the JSON schema documents.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TypeAlias

# what the JSON form of a report is made of
JsonValue: TypeAlias = "bool | int | float | str | list[JsonValue] | dict[str, JsonValue] | None"
JsonObject: TypeAlias = "dict[str, JsonValue]"


class Severity(StrEnum):
    """How serious a finding is; one to one with sh:Violation, sh:Warning and sh:Info."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Order for ``--fail-on`` comparisons: info < warning < error."""
        return {"info": 0, "warning": 1, "error": 2}[self.value]


class Principle(StrEnum):
    """The fifteen FAIR principles; the value is the canonical label."""

    F1 = "F1"
    F2 = "F2"
    F3 = "F3"
    F4 = "F4"
    A1 = "A1"
    A1_1 = "A1.1"
    A1_2 = "A1.2"
    A2 = "A2"
    I1 = "I1"
    I2 = "I2"
    I3 = "I3"
    R1 = "R1"
    R1_1 = "R1.1"
    R1_2 = "R1.2"
    R1_3 = "R1.3"


class Applicability(StrEnum):
    """Whether a fix may be applied without a person looking at it (ruff's three levels)."""

    SAFE = "safe"  # meaning preserved
    UNSAFE = "unsafe"  # plausible, but may change meaning
    DISPLAY_ONLY = "display-only"  # a person has to act (mint a DOI, name a contact)


class EditOp(StrEnum):
    """What an edit does: the RFC 6902 operations fairmeta uses (and the same for triples)."""

    ADD = "add"
    REPLACE = "replace"
    REMOVE = "remove"


class Outcome(StrEnum):
    """The outcome of one metric test on one record."""

    PASS = "pass"  # noqa: S105 - an outcome, not a password
    FAIL = "fail"
    NOT_ASSESSABLE = "not-assessable"  # nothing to judge, or not judged in this run: left out of the score


class CheckStatus(StrEnum):
    """Whether a check ran on a source."""

    RAN = "ran"
    SKIPPED = "skipped"  # it does not apply (no profile, scoring off, no schema), with the reason
    FAILED = "failed"  # it crashed (FM-SYS-002) or the source could not be loaded


class ResolutionOutcome(StrEnum):
    """What resolving an identifier or looking up a term found."""

    VERIFIED = "verified"  # it resolves
    FAILED = "failed"  # its service says it does not exist
    UNVERIFIABLE = "unverifiable"  # no usable answer (network, timeout, 429/5xx): never a failure


class ResolutionMode(StrEnum):
    """How a run answers identifier and term look-ups."""

    ONLINE = "online"  # ask the services (through the response cache)
    CACHE = "cache"  # offline: answer from the response cache only, never a request
    OFF = "off"  # offline with no cache: nothing is looked up


@dataclass(frozen=True, slots=True)
class Location:
    """Where a finding points: the source plus whatever finer position is known.

    Field names follow the SHACL validation report (focus node, result path, value).
    """

    source: str
    pointer: str | None = None
    line: int | None = None
    focus_node: str | None = None
    path: str | None = None
    value: str | None = None
    row: int | None = None  # tabular: 1-based data row, as a spreadsheet user counts (header excluded)
    column: str | None = None  # tabular: the column header
    col: int | None = None  # 1-based character column on ``line`` (JSON: where the pointed-at key or value starts)

    def to_dict(self) -> JsonObject:
        """Return the JSON form, omitting nothing so the schema stays simple."""
        return {
            "source": self.source,
            "pointer": self.pointer,
            "line": self.line,
            "col": self.col,
            "row": self.row,
            "column": self.column,
            "focus_node": self.focus_node,
            "path": self.path,
            "value": self.value,
        }


@dataclass(frozen=True, slots=True)
class Edit:
    """One machine-applicable change: an RFC 6902 operation (JSON-LD) or a triple (RDF)."""

    op: EditOp
    target: str  # JSON Pointer, or "triple"
    value: JsonValue = None  # the JSON value; for a triple, [subject, predicate, object] in N-Triples syntax

    def to_dict(self) -> JsonObject:
        """Return the JSON form."""
        return {"op": self.op.value, "target": self.target, "value": self.value}


@dataclass(frozen=True, slots=True)
class Fix:
    """A suggested fix: always a message, sometimes edits that apply it."""

    message: str
    applicability: Applicability = Applicability.DISPLAY_ONLY
    edits: tuple[Edit, ...] = ()

    def to_dict(self) -> JsonObject:
        """Return the JSON form."""
        return {
            "message": self.message,
            "applicability": self.applicability.value,
            "edits": [edit.to_dict() for edit in self.edits],
        }


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found in one record.

    :param code: stable rule code, e.g. ``FM-R1.1-101``; ``SHACL:<Component>`` for uncoded user shapes.
    :param message: one sentence; the location is never inside it.
    :param record: id of the record it belongs to (``None`` when the source gave no record).
    :param origin: the check that produced it (``loader``, ``shacl``, ...).
    :param source_shape: the SHACL shape behind it, when it came from SHACL.
    :param accepted: the reason a curator accepted it (configuration ``accept`` entry or an inline
        ``# fairmeta: accept`` comment); an accepted finding is reported but counts toward no exit code.
    """

    code: str
    severity: Severity
    principle: Principle | None
    message: str
    location: Location
    fix: Fix | None = None
    record: str | None = None
    origin: str = "fairmeta"
    source_shape: str | None = None
    constraint: str | None = None
    accepted: str | None = None

    def to_dict(self) -> JsonObject:
        """Return the JSON form used by ``--format json`` and the library alike."""
        return {
            "code": self.code,
            "severity": self.severity.value,
            "principle": self.principle.value if self.principle else None,
            "message": self.message,
            "location": self.location.to_dict(),
            "fix": self.fix.to_dict() if self.fix else None,
            "record": self.record,
            "origin": self.origin,
            "source_shape": self.source_shape,
            "constraint": self.constraint,
            "accepted": self.accepted is not None,
            "accepted_reason": self.accepted,
        }


@dataclass(frozen=True, slots=True)
class CheckRun:
    """Whether one check ran on one source, or why it was skipped."""

    check: str
    source: str
    status: CheckStatus
    detail: str = ""

    def to_dict(self) -> JsonObject:
        """Return the JSON form."""
        return {"check": self.check, "source": self.source, "status": self.status.value, "detail": self.detail}


@dataclass(frozen=True, slots=True)
class Evaluation:
    """The outcome of one metric test on one record."""

    record: str
    metric: str
    test: str
    principle: Principle
    outcome: Outcome
    points: float  # points the test is worth
    earned: float  # points earned (0 unless passed)
    maturity: int
    evidence: str
    rule: str

    def to_dict(self) -> JsonObject:
        """Return the JSON form."""
        return {
            "metric": self.metric,
            "test": self.test,
            "principle": self.principle.value,
            "outcome": self.outcome.value,
            "points": self.points,
            "earned": self.earned,
            "maturity": self.maturity,
            "evidence": self.evidence,
            "rule": self.rule,
        }


@dataclass(frozen=True, slots=True)
class Score:
    """Earned and total points of one scope (a metric, a principle, a letter, a record or a run)."""

    earned: float
    total: float
    maturity: int
    passed: int = 0
    assessed: int = 0

    @property
    def percent(self) -> float | None:
        """Earned over total as a percentage, or ``None`` when nothing could be assessed."""
        return None if self.total == 0 else round(100 * self.earned / self.total, 2)

    def to_dict(self) -> JsonObject:
        """Return the JSON form."""
        return {
            "earned": round(self.earned, 3),
            "total": round(self.total, 3),
            "percent": self.percent,
            "maturity": self.maturity,
            "passed": self.passed,
            "assessed": self.assessed,
        }


@dataclass(frozen=True, slots=True)
class RecordScore:
    """A record's scores: overall, per letter, per principle, per metric, and what was not assessed."""

    overall: Score
    letters: dict[str, Score]
    principles: dict[str, Score]
    metrics: dict[str, Score]
    not_assessed: tuple[str, ...] = field(default=())

    @property
    def percent(self) -> float | None:
        """The overall percentage."""
        return self.overall.percent

    def to_dict(self) -> JsonObject:
        """Return the JSON form carried by each record in ``--format json``."""
        return {
            "percent": self.overall.percent,
            "earned": round(self.overall.earned, 3),
            "total": round(self.overall.total, 3),
            "maturity": self.overall.maturity,
            "letters": {k: v.to_dict() for k, v in self.letters.items()},
            "principles": {k: v.to_dict() for k, v in self.principles.items()},
            "metrics": {k: v.to_dict() for k, v in self.metrics.items()},
            "not_assessed": list(self.not_assessed),
        }


@dataclass(frozen=True, slots=True)
class RunScores:
    """Scores over a whole run: the records' mean, lowest and highest percentages, and points
    summed per letter and principle."""

    records: int
    mean_percent: float | None
    min_percent: float | None
    max_percent: float | None
    overall: Score
    letters: dict[str, Score]
    principles: dict[str, Score]

    @property
    def percent(self) -> float | None:
        """Earned over total points of all records together."""
        return self.overall.percent

    def __getitem__(self, key: str) -> JsonValue:
        """A field of the JSON form (``scores["mean_percent"]``), as reports before 0.2 offered it."""
        return self.to_dict()[key]

    def to_dict(self) -> JsonObject:
        """Return the JSON form (``scores`` of ``--format json``)."""
        return {
            "records": self.records,
            "mean_percent": self.mean_percent,
            "min_percent": self.min_percent,
            "max_percent": self.max_percent,
            "percent": self.percent,
            "letters": {k: v.to_dict() for k, v in self.letters.items()},
            "principles": {k: v.to_dict() for k, v in self.principles.items()},
        }


@dataclass(frozen=True, slots=True)
class RecordSummary:
    """What a report says about one described resource: where it is, its profiles, its score,
    its metric evaluations and its own findings (a Record without its graph)."""

    id: str
    source: str
    types: tuple[str, ...]
    profiles: tuple[str, ...]
    pointer: str | None = None
    line: int | None = None
    score: RecordScore | None = None
    evaluations: tuple[Evaluation, ...] = ()
    findings: tuple[Finding, ...] = field(default=(), compare=False)  # also in Report.findings

    def counts(self) -> dict[str, int]:
        """The number of the record's findings per severity."""
        return count_by_severity(self.findings)

    def to_dict(self) -> JsonObject:
        """Return the JSON form (its findings are in the report's ``findings``, naming the record)."""
        return {
            "id": self.id,
            "source": self.source,
            "types": list(self.types),
            "profiles": list(self.profiles),
            "pointer": self.pointer,
            "line": self.line,
            "score": self.score.to_dict() if self.score else None,
            "evaluations": [e.to_dict() for e in self.evaluations],
        }

    def to_row(self) -> dict[str, str | float | int | None]:
        """One flat row: source, record, profiles, overall and per-letter/principle percent, counts."""
        row: dict[str, str | float | int | None] = {
            "source": self.source,
            "record": self.id,
            "profiles": ";".join(self.profiles),
            "percent": self.score.percent if self.score else None,
        }
        for letter in LETTERS:
            score = self.score.letters.get(letter) if self.score else None
            row[letter] = score.percent if score else None
        for principle in Principle:
            score = self.score.principles.get(principle.value) if self.score else None
            row[principle.value] = score.percent if score else None
        counts = self.counts()
        row["errors"], row["warnings"], row["info"] = counts["error"], counts["warning"], counts["info"]
        return row


LETTERS = ("F", "A", "I", "R")
ROW_FIELDS = (
    "source",
    "record",
    "profiles",
    "percent",
    *LETTERS,
    *(p.value for p in Principle),
    "errors",
    "warnings",
    "info",
)


@dataclass(frozen=True, slots=True)
class Request:
    """One request a harvest made: what was asked, what came back, what it gave the record.

    ``hops`` are the redirect chain (each ``status url``); ``elapsed_ms`` is replayed from the cache
    on offline re-runs, so a re-run gives the same report. ``from_cache`` is not in the JSON form
    for the same reason (a replay would differ only there).
    """

    url: str
    accept: str
    channel: str  # landing page, content negotiation, describedby, linkset, item, alternate, ...
    status: int
    media_type: str
    size: int
    elapsed_ms: int
    hops: tuple[str, ...] = ()
    error: str | None = None
    from_cache: bool = False
    contributed: str = ""  # what it gave: "14 statements (JSON-LD)", "links: cite-as, describedby", ...
    method: str = "GET"  # HEAD for item links (their headers say whether the data resolves)

    def to_dict(self) -> JsonObject:
        """Return the JSON form."""
        return {
            "url": self.url,
            "method": self.method,
            "accept": self.accept,
            "channel": self.channel,
            "status": self.status,
            "media_type": self.media_type,
            "size": self.size,
            "elapsed_ms": self.elapsed_ms,
            "hops": list(self.hops),
            "error": self.error,
            "contributed": self.contributed,
        }


@dataclass(frozen=True, slots=True)
class Signpost:
    """A typed link found while harvesting (FAIR Signposting), and where it was found."""

    rel: str
    target: str
    media_type: str | None = None
    profile: str | None = None
    context: str | None = None  # the resource the link is about (anchor)
    found_in: str = ""  # "Link header", "HTML <link>", "linkset"

    def to_dict(self) -> JsonObject:
        """Return the JSON form."""
        return {
            "rel": self.rel,
            "target": self.target,
            "type": self.media_type,
            "profile": self.profile,
            "context": self.context,
            "found_in": self.found_in,
        }


@dataclass(frozen=True, slots=True)
class Harvest:
    """How one identifier or URL was harvested: the requests, the links, the metadata channels."""

    target: str  # as the user gave it
    kind: str  # doi, handle, ark, purl, url
    pid: str | None  # the identifier as an IRI (https://doi.org/10.…), when it is one
    start_url: str
    landing_url: str | None
    landing_status: int
    requests: tuple[Request, ...] = ()
    signposts: tuple[Signpost, ...] = ()
    channels: tuple[str, ...] = ()  # the channels that gave metadata, in the order they were merged

    def to_dict(self) -> JsonObject:
        """Return the JSON form."""
        return {
            "target": self.target,
            "kind": self.kind,
            "pid": self.pid,
            "start_url": self.start_url,
            "landing_url": self.landing_url,
            "landing_status": self.landing_status,
            "channels": list(self.channels),
            "signposts": [s.to_dict() for s in self.signposts],
            "requests": [r.to_dict() for r in self.requests],
        }


def count_by_severity(findings: Iterable[Finding]) -> dict[str, int]:
    """The number of findings per severity (every severity present, zero or not)."""
    out = {s.value: 0 for s in Severity}
    for finding in findings:
        out[finding.severity.value] += 1
    return out


@dataclass(frozen=True, slots=True)
class Report:
    """The outcome of one ``check`` run: records, findings, and which checks ran or were skipped.

    Sources are sorted by name and records by their place in each source, so the same inputs
    give the same report whatever order they were given in.
    """

    sources: tuple[str, ...]
    records: tuple[RecordSummary, ...]
    findings: tuple[Finding, ...]
    checks: tuple[CheckRun, ...] = field(default=())
    tool_version: str = ""
    metrics_version: str = ""
    scores: RunScores | None = None  # aggregate over the run
    skipped: tuple[tuple[str, str], ...] = ()  # (source, why): not metadata, under --skip-non-metadata
    stale_acceptances: tuple[str, ...] = ()  # accept entries and comments that matched no finding
    harvests: tuple[Harvest, ...] = ()  # sources that were identifiers or URLs: how each was harvested

    @property
    def open_findings(self) -> list[Finding]:
        """The findings no curator accepted: the ones exit codes count."""
        return [f for f in self.findings if f.accepted is None]

    def worst(self) -> Severity | None:
        """Return the most serious severity among the open findings, or ``None`` when there are none."""
        open_findings = self.open_findings
        if not open_findings:
            return None
        return max((f.severity for f in open_findings), key=lambda s: s.rank)

    def has_findings_at(self, level: Severity) -> bool:
        """Return True when any open (not accepted) finding is at ``level`` or more serious."""
        return any(f.severity.rank >= level.rank for f in self.open_findings)

    def counts(self) -> dict[str, int]:
        """Return the number of open findings per severity (accepted ones: :meth:`accepted_count`)."""
        return count_by_severity(self.open_findings)

    def accepted_count(self) -> int:
        """How many findings were accepted with a reason."""
        return sum(1 for f in self.findings if f.accepted is not None)

    def unchecked_sources(self) -> list[str]:
        """Sources none of whose records were checked: they could not be read, parsed or expanded."""
        return [run.source for run in self.checks if run.check == "load" and run.status is CheckStatus.FAILED]

    def findings_for(self, source: str) -> list[Finding]:
        """Return the findings of one source, in report order."""
        return [f for f in self.findings if f.location.source == source]

    def to_rows(self) -> list[dict[str, str | float | int | None]]:
        """One flat row per record (columns: :data:`ROW_FIELDS`), ready for ``csv.DictWriter``."""
        return [record.to_row() for record in self.records]

    def to_dict(self) -> JsonObject:
        """Return the JSON form (``docs/report.schema.json``)."""
        return {
            "report_version": 1,
            "tool": {"name": "fairmeta", "version": self.tool_version, "metrics_version": self.metrics_version},
            "summary": {
                "sources": len(self.sources),
                "records": len(self.records),
                "unchecked_sources": len(self.unchecked_sources()),
                "findings": dict(self.counts()),
                "accepted": self.accepted_count(),
                "skipped": len(self.skipped),
            },
            "sources": list(self.sources),
            "skipped": [{"source": source, "reason": reason} for source, reason in self.skipped],
            "stale_acceptances": list(self.stale_acceptances),
            "harvests": [h.to_dict() for h in self.harvests],
            "records": [r.to_dict() for r in self.records],
            "findings": [f.to_dict() for f in self.findings],
            "checks": [c.to_dict() for c in self.checks],
            "scores": self.scores.to_dict() if self.scores else None,
        }

    def lowest_score(self) -> float | None:
        """The lowest overall percentage of any scored record (``None`` when none was scored)."""
        percents = [r.score.percent for r in self.records if r.score and r.score.percent is not None]
        return min(percents) if percents else None


def unique_findings(findings: Iterable[Finding]) -> list[Finding]:
    """One finding per code, place and value (an identifier or term named twice, by several records, say)."""
    seen: set[tuple[object, ...]] = set()
    out = []
    for finding in findings:
        where = finding.location
        key = (finding.code, where.pointer, where.line, where.row, where.column, where.focus_node, where.value)
        if key not in seen:
            seen.add(key)
            out.append(finding)
    return out


def collapse_repeats(findings: Iterable[Finding], codes: frozenset[str], unit: str = "rows") -> list[Finding]:
    """Findings of ``codes`` that say the same thing as one, counted: the rows of a sheet share
    their terms, and "not assessed" for the same term on ten thousand rows is one fact. Findings
    that differ only in the value they are about (each row's own identifier, all unreachable for
    the same reason) are one too: the first is shown, the others counted "like it"."""
    out: list[Finding] = []
    first: dict[tuple[str, str], int] = {}
    counts: dict[int, tuple[int, bool]] = {}  # index in out -> (count, all about the same value)
    for finding in findings:
        if finding.code not in codes:
            out.append(finding)
            continue
        value = finding.location.value
        key = (finding.code, finding.message.replace(value, "\0") if value else finding.message)
        if key in first:
            count, same = counts[first[key]]
            counts[first[key]] = (count + 1, same and out[first[key]].location.value == value)
            continue
        first[key] = len(out)
        counts[len(out)] = (1, True)
        out.append(finding)
    for index, (count, same) in counts.items():
        if count > 1:
            finding = out[index]
            said = f"{count} {unit}" if same else f"and {count - 1} more {unit} like it"
            out[index] = dataclasses.replace(finding, message=f"{finding.message.rstrip('.')} ({said}).")
    return out
