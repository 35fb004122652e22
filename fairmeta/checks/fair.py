"""Run the FAIR metric catalogue on every record: evaluations, scores, and findings for failed tests.

A failed test becomes a finding with the test's rule code and fix, unless another check already
reported the same property or the same value on the same record (one problem, one finding), or the catalogue marks
the test ``finding = false``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from fairmeta.loaders import LoadedSource
from fairmeta.metrics import Catalogue, MetricTest, load_catalogue
from fairmeta.metrics.terms import RecordView
from fairmeta.metrics.tests import Outcome, TestContext, TestResult
from fairmeta.model import Finding, Fix, Location
from fairmeta.records import Record
from fairmeta.scoring import Evaluation, RecordScore, evaluations, run_tests, score_record


@dataclass
class RecordOutcome:
    """What the metrics made of one record."""

    score: RecordScore
    evaluations: list[Evaluation]


class FairMetricsCheck:
    """Evaluate the catalogue; never touches the network itself.

    Tests that need the network read what the identifier check resolved (``resolutions``); without
    it (offline runs) they are not assessable.
    """

    name = "fair-metrics"

    def __init__(self, offline: bool = True, catalogue: Catalogue | None = None) -> None:
        self.offline = offline
        self.catalogue = catalogue or load_catalogue()

    def run(
        self,
        loaded: LoadedSource,
        other_findings: list[Finding],
        profile_checked: bool,
        resolutions: Mapping[str, Mapping[str, tuple[str, str]]] | None = None,
    ) -> tuple[list[Finding], dict[str, RecordOutcome]]:
        """Score every record of a source; return the findings of failed tests and each record's outcome.

        ``resolutions``: record id -> the record's own identifier -> (outcome, detail) of resolving it.
        """
        findings: list[Finding] = []
        outcomes: dict[str, RecordOutcome] = {}
        failed_rows: dict[str, tuple[MetricTest, list[str]]] = {}
        by_record: dict[str | None, list[Finding]] = {}
        for finding in other_findings:
            by_record.setdefault(finding.record, []).append(finding)
        for record in loaded.records:
            own = by_record.get(record.id, [])
            ctx = TestContext(
                record=record,
                view=RecordView(record.graph, record.node, record.index()),
                invalid_iris=loaded.invalid_iris,
                shacl_findings=[f for f in own if f.origin == "shacl"],
                offline=self.offline,
                profile_checked=profile_checked and bool(record.profiles),
                base=loaded.parsed.base if loaded.parsed else "",
                resolutions=(resolutions or {}).get(record.id, {}),
            )
            results = run_tests(self.catalogue, ctx)
            evals = evaluations(record.id, results)
            outcomes[record.id] = RecordOutcome(score_record(self.catalogue, evals), evals)
            reported_paths = {f.location.path for f in own if f.location.path}
            reported_values = {f.location.value for f in own if f.location.value}
            for test, result in results:
                if result.outcome != Outcome.FAIL or not test.finding:
                    continue
                if result.path and _same_property(result.path, reported_paths):
                    continue
                if result.value and result.value in reported_values:
                    continue  # the identifier check named this very value already
                if loaded.format in _TABULAR:
                    failed_rows.setdefault(test.rule, (test, []))[1].append(record.id)
                    continue
                findings.append(_finding(loaded, record, test, result))
        # A sample sheet's rows share their columns: one finding per failed test, not one per row.
        for test, rows in failed_rows.values():
            findings.append(
                Finding(
                    code=test.rule,
                    severity=test.severity,
                    principle=test.principle,
                    message=f"{test.message} ({len(rows)} of {len(loaded.records)} rows)",
                    location=Location(source=loaded.source, value=rows[0]),
                    fix=Fix(test.fix),
                    origin="fair-metrics",
                )
            )
        return findings, outcomes


_TABULAR = ("csv", "tsv", "xlsx")


def _same_property(path: str, reported: set[str]) -> bool:
    local = path.split(":")[-1]
    return any(p == path or p.split(":")[-1] == local for p in reported)


def _finding(loaded: LoadedSource, record: Record, test: MetricTest, result: TestResult) -> Finding:
    pointer, line = record.locate()
    return Finding(
        code=test.rule,
        severity=test.severity,
        principle=test.principle,
        message=result.message or test.message,
        location=Location(
            source=loaded.source,
            pointer=pointer,
            line=line,
            focus_node=record.id,
            path=result.path,
            value=result.value,
        ),
        fix=Fix(test.fix),
        record=record.id,
        origin="fair-metrics",
    )
