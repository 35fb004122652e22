"""Run the FAIR metric catalogue on every record: evaluations, scores, and findings for failed tests.

A failed test becomes a finding with the test's rule code and fix, unless another check already
reported the same property or the same value on the same record (one problem, one finding), or the
catalogue marks the test ``finding = false``. The checks whose findings it reads are declared in
``needs``; whether the profile was checked is the SHACL check's status, and the resolution of each
record's own identifiers is what the identifier check publishes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from fairmeta.checks.base import BaseCheck, CheckContext, CheckSkipped
from fairmeta.checks.pids.check import PidOutcomes
from fairmeta.loaders import LoadedSource
from fairmeta.metrics import Catalogue, MetricTest, load_catalogue
from fairmeta.metrics.terms import RecordView
from fairmeta.metrics.tests import TestContext, TestResult
from fairmeta.model import CheckStatus, Evaluation, Finding, Location, Outcome, RecordScore
from fairmeta.records import Record
from fairmeta.rules import rules_of
from fairmeta.scoring import evaluations, run_tests, score_record
from fairmeta.vocab.render import expand_curie

_TABULAR = ("csv", "tsv", "xlsx")


@dataclass(frozen=True)
class RecordOutcome:
    """What the metrics made of one record."""

    score: RecordScore
    evaluations: tuple[Evaluation, ...]


@dataclass(frozen=True)
class MetricOutcomes:
    """What the FAIR-metrics check publishes: each record's score and evaluations, by record id."""

    by_record: dict[str, RecordOutcome]


class FairMetricsCheck(BaseCheck):
    """Evaluate the catalogue; never touches the network itself.

    Tests that need the network read what the identifier check resolved; without it (offline
    runs) they are not assessable.
    """

    name = "fair-metrics"
    needs: tuple[str, ...] = ("load", "linkml", "jsonschema", "shacl", "crate", "normalise", "pids", "terms")

    def __init__(self, offline: bool = True, catalogue: Catalogue | None = None, enabled: bool = True) -> None:
        self.offline = offline
        self.enabled = enabled
        self.catalogue = catalogue or load_catalogue()
        self.rules = rules_of(self.name)

    def check(self, source: LoadedSource, ctx: CheckContext) -> Iterable[Finding]:
        """Score every record of a source; publish each record's outcome, return the failed tests' findings."""
        if not self.enabled:
            raise CheckSkipped("scoring turned off (--no-score)")
        ctx.detail = f"catalogue {self.catalogue.version}"
        shacl = ctx.result("shacl")
        profile_checked = shacl is not None and shacl.status is CheckStatus.RAN
        others = [f for name in self.needs if (done := ctx.result(name)) is not None for f in done.findings]
        pids = ctx.product_of("pids", PidOutcomes)
        resolutions = pids.by_record if pids is not None else {}
        findings: list[Finding] = []
        outcomes: dict[str, RecordOutcome] = {}
        failed_rows: dict[str, tuple[MetricTest, list[str]]] = {}
        by_record: dict[str | None, list[Finding]] = {}
        for finding in others:
            by_record.setdefault(finding.record, []).append(finding)
        for record in source.records:
            own = by_record.get(record.id, [])
            test_ctx = TestContext(
                record=record,
                view=RecordView(record.graph, record.node, record.index()),
                invalid_iris=source.invalid_iris,
                shacl_findings=[f for f in own if f.origin == "shacl"],
                offline=self.offline,
                profile_checked=profile_checked and bool(record.profiles),
                base=source.base,
                resolutions=resolutions.get(record.id, {}),
                harvest=source.harvest,
            )
            results = run_tests(self.catalogue, test_ctx)
            evals = evaluations(record.id, results)
            outcomes[record.id] = RecordOutcome(score_record(self.catalogue, evals), tuple(evals))
            reported_paths = {f.location.path for f in own if f.location.path}
            reported_values = {f.location.value for f in own if f.location.value}
            for test, result in results:
                if result.outcome != Outcome.FAIL or not test.finding:
                    continue
                if result.path and _same_property(result.path, reported_paths):
                    continue
                if result.value and result.value in reported_values:
                    continue  # the identifier check named this very value already
                if source.format in _TABULAR:
                    failed_rows.setdefault(test.rule, (test, []))[1].append(record.id)
                    continue
                findings.append(_finding(ctx, record, test, result))
                if result.path:  # one problem, one finding: a later test failing on it says nothing new
                    reported_paths.add(result.path)
        # A sample sheet's rows share their columns: one finding per failed test, not one per row.
        for test, rows in failed_rows.values():
            findings.append(
                ctx.finding(
                    test.rule,
                    f"{test.message} ({len(rows)} of {len(source.records)} rows)",
                    Location(source=source.source, value=rows[0]),
                )
            )
        ctx.publish(MetricOutcomes(outcomes))
        return findings


def _same_property(path: str, reported: set[str]) -> bool:
    local = path.split(":")[-1]
    return any(p == path or p.split(":")[-1] == local for p in reported)


def _finding(ctx: CheckContext, record: Record, test: MetricTest, result: TestResult) -> Finding:
    # at the property the test is about when the record has it (the line a reader looks for), else
    # at the record, where the missing property belongs
    pointer, line = record.locate(None, expand_curie(result.path) if result.path else None)
    return ctx.finding(
        test.rule,
        result.message or test.message,
        Location(
            source=ctx.source.source,
            pointer=pointer,
            line=line,
            focus_node=record.id,
            path=result.path,
            value=result.value,
        ),
        record=record,
    )
