"""The value types every part of fairmeta shares: severities, locations, fixes, findings, reports.

They are frozen dataclasses with no behaviour beyond conversion to the JSON form documented in
``docs/report.schema.json``, so checks, reporters and library users can rely on one shape.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fairmeta.scoring import Evaluation, RecordScore


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

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form, omitting nothing so the schema stays simple."""
        return {
            "source": self.source,
            "pointer": self.pointer,
            "line": self.line,
            "row": self.row,
            "column": self.column,
            "focus_node": self.focus_node,
            "path": self.path,
            "value": self.value,
        }


@dataclass(frozen=True, slots=True)
class Edit:
    """One machine-applicable change: an RFC 6902 operation (JSON-LD) or a triple (RDF)."""

    op: str  # "add" | "replace" | "remove"
    target: str  # JSON Pointer, or "triple"
    value: Any = None

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form."""
        return {"op": self.op, "target": self.target, "value": self.value}


@dataclass(frozen=True, slots=True)
class Fix:
    """A suggested fix: always a message, sometimes edits that apply it."""

    message: str
    applicability: Applicability = Applicability.DISPLAY_ONLY
    edits: tuple[Edit, ...] = ()

    def to_dict(self) -> dict[str, Any]:
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

    def to_dict(self) -> dict[str, Any]:
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
        }


@dataclass(frozen=True, slots=True)
class CheckRun:
    """Whether one check ran on one source, or why it was skipped."""

    check: str
    source: str
    status: str  # "ran" | "skipped" | "failed"
    detail: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form."""
        return {"check": self.check, "source": self.source, "status": self.status, "detail": self.detail}


@dataclass(frozen=True, slots=True)
class RecordSummary:
    """What a report says about one described resource (a Record without its graph)."""

    id: str
    source: str
    types: tuple[str, ...]
    profiles: tuple[str, ...]
    pointer: str | None = None
    line: int | None = None
    score: RecordScore | None = None
    evaluations: tuple[Evaluation, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form."""
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


@dataclass(frozen=True, slots=True)
class Report:
    """The outcome of one ``check`` run: records, findings, and which checks ran or were skipped."""

    sources: tuple[str, ...]
    records: tuple[RecordSummary, ...]
    findings: tuple[Finding, ...]
    checks: tuple[CheckRun, ...] = field(default=())
    tool_version: str = ""
    metrics_version: str = ""
    scores: dict[str, Any] | None = None  # aggregate over the run (fairmeta.scoring.aggregate)

    def worst(self) -> Severity | None:
        """Return the most serious severity among the findings, or ``None`` when there are none."""
        if not self.findings:
            return None
        return max((f.severity for f in self.findings), key=lambda s: s.rank)

    def has_findings_at(self, level: Severity) -> bool:
        """Return True when any finding is at ``level`` or more serious."""
        return any(f.severity.rank >= level.rank for f in self.findings)

    def counts(self) -> dict[str, int]:
        """Return the number of findings per severity."""
        out = {s.value: 0 for s in Severity}
        for finding in self.findings:
            out[finding.severity.value] += 1
        return out

    def findings_for(self, source: str) -> list[Finding]:
        """Return the findings of one source, in report order."""
        return [f for f in self.findings if f.location.source == source]

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form (``docs/report.schema.json``)."""
        return {
            "report_version": 1,
            "tool": {"name": "fairmeta", "version": self.tool_version, "metrics_version": self.metrics_version},
            "summary": {
                "sources": len(self.sources),
                "records": len(self.records),
                "findings": self.counts(),
            },
            "sources": list(self.sources),
            "records": [r.to_dict() for r in self.records],
            "findings": [f.to_dict() for f in self.findings],
            "checks": [c.to_dict() for c in self.checks],
            "scores": self.scores,
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
