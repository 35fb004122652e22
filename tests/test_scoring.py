"""Scores move the right way, and their arithmetic follows docs/scoring.md."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from fairmeta import check
from fairmeta.metrics import load_catalogue
from fairmeta.model import Outcome, RecordScore
from fairmeta.scoring import Evaluation, score_record

from .conftest import EXAMPLES, RunCli, Write, percent

GOOD = json.loads((EXAMPLES / "schemaorg-dataset" / "good" / "soil-moisture.jsonld").read_text(encoding="utf-8"))
GOOD_EXAMPLES = sorted(p for p in EXAMPLES.glob("*/good/*") if p.suffix in {".jsonld", ".json", ".ttl"})


def score(document: dict[str, object]) -> RecordScore:
    """The RecordScore of a JSON-LD document."""
    report = check(json.dumps(document))
    assert len(report.records) == 1
    result = report.records[0].score
    assert result is not None
    return result


@pytest.mark.parametrize("path", GOOD_EXAMPLES, ids=[f"{p.parent.parent.name}/{p.name}" for p in GOOD_EXAMPLES])
def test_complete_records_score_at_least_90(path: Path) -> None:
    """Every good example (complete and correct) scores at least 90 % on every record."""
    for record in check(path).records:
        assert record.score is not None and record.score.percent is not None
        assert percent(record.score.overall if record.score else None) >= 90, (
            record.id,
            percent(record.score.overall if record.score else None),
        )


def test_removing_the_licence_lowers_r1_1_and_overall() -> None:
    """Without a licence, R1.1 and the overall score drop."""
    before = score(GOOD)
    document = copy.deepcopy(GOOD)
    del document["license"]
    after = score(document)
    assert percent(after.principles["R1.1"]) < percent(before.principles["R1.1"])
    assert after.principles["R1.1"].percent == 0
    assert percent(after.overall) < percent(before.overall)


def test_removing_the_identifier_lowers_f1() -> None:
    """Without identifier and @id, F1 drops (and the overall score with it)."""
    before = score(GOOD)
    document = copy.deepcopy(GOOD)
    del document["identifier"]
    del document["@id"]
    after = score(document)
    assert percent(after.principles["F1"]) < percent(before.principles["F1"])
    assert percent(after.overall) < percent(before.overall)


def test_a_malformed_doi_lowers_f1() -> None:
    """A DOI that is not 10.<digits>/<suffix> fails the PID test, lowering F1."""
    before = score(GOOD)
    document = copy.deepcopy(GOOD)
    document["identifier"] = "https://doi.org/10.abc/zenodo"
    document["@id"] = "https://doi.org/10.abc/zenodo"
    after = score(document)
    assert percent(after.principles["F1"]) < percent(before.principles["F1"])
    report = check(json.dumps(document))
    # the identifier check reports it (one problem, one finding: FM-F1-011 stays silent for it)
    malformed = [f for f in report.findings if f.code == "FM-F1-501"]
    assert len(malformed) == 1 and "not a valid DOI" in malformed[0].message
    assert not [f for f in report.findings if f.code == "FM-F1-011"]


def test_not_assessable_is_left_out_never_counted_as_pass() -> None:
    """Scoring arithmetic: cumulative sums, alternative takes the best, not-assessable leaves the total."""
    catalogue = load_catalogue()

    def ev(test: str, outcome: str, points: float, maturity: int = 3) -> Evaluation:
        metric = next(t.metric for t in catalogue.tests() if t.id == test)
        principle = next(t.principle for t in catalogue.tests() if t.id == test)
        earned = points if outcome == "pass" else 0.0
        return Evaluation("r", metric, test, principle, Outcome(outcome), points, earned, maturity, "", "")

    only_unassessed = score_record(catalogue, [ev("FsF-F1-02MD-2", "not-assessable", 0.5)])
    assert only_unassessed.principles["F1"].percent is None  # nothing checked: no percentage, not 100 %
    mixed = score_record(
        catalogue,
        [
            ev("FsF-F1-01MD-1", "pass", 1),
            ev("FsF-F1-02MD-1", "fail", 0.5, 1),
            ev("FsF-F1-02MD-2", "not-assessable", 0.5),
            ev("FsF-I3-01M-1", "pass", 2, 2),
            ev("FsF-I3-01M-2", "fail", 2, 3),
        ],
    )
    assert (mixed.principles["F1"].earned, mixed.principles["F1"].total) == (1, 1.5)
    assert (mixed.principles["I3"].earned, mixed.principles["I3"].total) == (2, 2)  # alternative: best passed test
    assert mixed.principles["I3"].maturity == 2
    assert mixed.overall.total == 3.5


def test_json_report_carries_principle_scores(run_cli: RunCli) -> None:
    """--format json has score.percent and score.principles[F1…R1.3] with earned/total/percent per record."""
    result = run_cli("check", EXAMPLES / "schemaorg-dataset" / "good" / "soil-moisture.jsonld", "-f", "json")
    record = json.loads(result.stdout)["records"][0]
    assert record["score"]["percent"] >= 90
    for principle in (
        "F1",
        "F2",
        "F3",
        "F4",
        "A1",
        "A1.1",
        "A1.2",
        "A2",
        "I1",
        "I2",
        "I3",
        "R1",
        "R1.1",
        "R1.2",
        "R1.3",
    ):
        assert set(record["score"]["principles"][principle]) >= {"earned", "total", "percent"}
    assert record["score"]["principles"]["A2"]["percent"] is None


def test_min_score_fails_the_run(run_cli: RunCli, write: Write) -> None:
    """--min-score makes a run exit 1 when a record scores below it."""
    path = write(
        "thin.jsonld",
        json.dumps(
            {
                "@context": "https://schema.org/",
                "@type": "Dataset",
                "name": "Thin",
                "description": "A dataset with hardly any metadata at all, on purpose.",
                "license": "https://spdx.org/licenses/CC-BY-4.0",  # a missing licence is an error
            }
        ),
    )
    assert run_cli("check", path).exit_code == 0
    result = run_cli("check", path, "--min-score", "80")
    assert result.exit_code == 1
    assert "below --min-score 80" in result.stderr
    assert run_cli("check", path, "--min-score", "1").exit_code == 0


def test_worked_example_in_docs_matches(corpus: Path) -> None:
    """docs/scoring.md's worked example (the Zenodo record of F-UJI) is what fairmeta computes."""
    report = check(corpus / "jsonld" / "fuji-zenodo8347772__zenodo-landing-embedded.jsonld")
    score = report.records[0].score
    assert score is not None
    assert (score.overall.earned, score.overall.total, score.percent) == (15.5, 21.5, 72.09)
    assert {k: (v.earned, v.total) for k, v in score.letters.items()} == {
        "F": (4.5, 6.5),
        "A": (2, 3),
        "I": (5, 7),
        "R": (4, 5),
    }
    assert len(score.not_assessed) == 9  # FMX-A2-01 among them: a local file is no harvest
    assert score.overall.maturity == 2
    expected = json.loads((corpus / "suites" / "fuji-zenodo8347772" / "EXPECTED_fuji_summary.json").read_text())
    assert expected["expected_summary"]["score_percent"]["FAIR"] == 70.83  # the F-UJI figure the docs compare with
