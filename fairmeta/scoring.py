"""Evaluate the metric catalogue on records and turn outcomes into FAIR scores.

Per metric: a *cumulative* metric earns the points of every passed test, an *alternative* one the
points of its best passed test. Tests that could not be assessed are left out of the total, so a
score never reaches 100 % on what was not checked; a principle with nothing assessable has no
percentage at all (``None``). Principles, letters (F, A, I, R) and the overall score add up earned
and total points. Maturity follows F-UJI: a metric's maturity is the highest maturity of its passed
tests; a principle's, letter's or record's is the rounded mean over its metrics (a mean between 0
and 1 counts as 1).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from fairmeta.metrics import Catalogue, Metric, MetricTest
from fairmeta.metrics.tests import TESTS, TestContext, TestResult
from fairmeta.model import LETTERS, Evaluation, Outcome, Principle, RecordScore, RunScores, Score

__all__ = ["LETTERS", "Evaluation", "RecordScore", "RunScores", "Score", "aggregate", "score_record"]


def run_tests(catalogue: Catalogue, ctx: TestContext) -> list[tuple[MetricTest, TestResult]]:
    """Run every test of the catalogue on one record."""
    results = []
    for test in catalogue.tests():
        try:
            result = TESTS[test.check](ctx)
        except Exception as exc:  # a broken test must not sink the record's other scores
            result = TestResult(Outcome.NOT_ASSESSABLE, f"test failed to run: {type(exc).__name__}: {exc}")
        results.append((test, result))
    return results


def evaluations(record_id: str, results: Iterable[tuple[MetricTest, TestResult]]) -> list[Evaluation]:
    """Turn test results into evaluations with earned points."""
    return [
        Evaluation(
            record=record_id,
            metric=test.metric,
            test=test.id,
            principle=test.principle,
            outcome=result.outcome,
            points=test.points,
            earned=test.points if result.outcome == Outcome.PASS else 0.0,
            maturity=test.maturity,
            evidence=result.evidence,
            rule=test.rule,
        )
        for test, result in results
    ]


def _metric_score(metric: Metric, evals: Sequence[Evaluation]) -> Score:
    assessed = [e for e in evals if e.outcome != Outcome.NOT_ASSESSABLE]
    passed = [e for e in assessed if e.outcome == Outcome.PASS]
    if metric.mechanism == "alternative":
        total = max((e.points for e in assessed), default=0.0)
        earned = max((e.points for e in passed), default=0.0)
    else:
        total = sum(e.points for e in assessed)
        earned = sum(e.points for e in passed)
    maturity = max((e.maturity for e in passed), default=0)
    return Score(earned, total, maturity, len(passed), len(assessed))


def _rounded_mean(values: Sequence[int]) -> int:
    if not values:
        return 0
    mean = sum(values) / len(values)
    return 1 if 0 < mean < 1 else round(mean)


def _combine(scores: Sequence[Score]) -> Score:
    assessed = [s for s in scores if s.assessed]
    return Score(
        earned=sum(s.earned for s in scores),
        total=sum(s.total for s in scores),
        maturity=_rounded_mean([s.maturity for s in assessed]),
        passed=sum(s.passed for s in scores),
        assessed=sum(s.assessed for s in scores),
    )


def _groups(catalogue: Catalogue) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Metric ids per principle and per letter (cached per catalogue: thousands of rows share it)."""
    cached = _GROUPS.get(id(catalogue))
    if cached is None or cached[0] is not catalogue:
        principles = {p.value: [m.id for m in catalogue.metrics if m.principle is p] for p in Principle}
        letters = {
            letter: [m.id for m in catalogue.metrics if m.principle.value.startswith(letter)] for letter in LETTERS
        }
        cached = (catalogue, principles, letters)
        _GROUPS[id(catalogue)] = cached
    return cached[1], cached[2]


_GROUPS: dict[int, tuple[Catalogue, dict[str, list[str]], dict[str, list[str]]]] = {}


def score_record(catalogue: Catalogue, evals: Sequence[Evaluation]) -> RecordScore:
    """Aggregate one record's evaluations into metric, principle, letter and overall scores.

    The scores follow from the tests' outcomes alone (points and maturity are the catalogue's), so
    records with the same outcomes share one (immutable) score: the rows of a sheet mostly do.
    """
    key = (id(catalogue), tuple((e.test, e.outcome, e.points, e.maturity) for e in evals))
    cached = _SCORES.get(key)
    if cached is None or cached[0] is not catalogue:
        if len(_SCORES) > 4096:
            _SCORES.clear()
        cached = _SCORES[key] = (catalogue, _score_record(catalogue, evals))
    return cached[1]


_SCORES: dict[tuple[int, tuple[tuple[str, str, float, int], ...]], tuple[Catalogue, RecordScore]] = {}


def _score_record(catalogue: Catalogue, evals: Sequence[Evaluation]) -> RecordScore:
    by_test = {e.test: e for e in evals}
    metric_scores: dict[str, Score] = {}
    for metric in catalogue.metrics:
        metric_scores[metric.id] = _metric_score(metric, [by_test[t.id] for t in metric.tests if t.id in by_test])
    by_principle, by_letter = _groups(catalogue)
    principles = {p: _combine([metric_scores[m] for m in ids]) for p, ids in by_principle.items()}
    letters = {letter: _combine([metric_scores[m] for m in ids]) for letter, ids in by_letter.items()}
    overall = _combine(list(metric_scores.values()))
    overall = Score(
        overall.earned,
        overall.total,
        _rounded_mean([s.maturity for s in letters.values()]),
        overall.passed,
        overall.assessed,
    )
    not_assessed = tuple(e.test for e in evals if e.outcome == Outcome.NOT_ASSESSABLE)
    return RecordScore(overall, letters, principles, metric_scores, not_assessed)


def aggregate(scores: Sequence[RecordScore]) -> RunScores:
    """Scores over a whole run: mean record percentage, and points summed per letter and principle."""
    percents = [s.percent for s in scores if s.percent is not None]
    return RunScores(
        records=len(scores),
        mean_percent=round(sum(percents) / len(percents), 2) if percents else None,
        min_percent=min(percents) if percents else None,
        max_percent=max(percents) if percents else None,
        overall=_combine([s.overall for s in scores]),
        letters={letter: _combine([s.letters[letter] for s in scores]) for letter in LETTERS},
        principles={p.value: _combine([s.principles[p.value] for s in scores]) for p in Principle},
    )
