"""Every metric test has a failing and a passing example, and each behaves as its catalogue says."""

from __future__ import annotations

import pytest

from fairmeta import check
from fairmeta.metrics import MetricTest, load_catalogue
from fairmeta.metrics.tests import TESTS

CATALOGUE = load_catalogue()
# Tests that need the network; fairmeta has no resolver in this run, so they are never assessed.
NETWORK = {"identifier_resolves", "metadata_retrievable", "data_retrievable"}
OFFLINE_TESTS = [t for t in CATALOGUE.tests() if t.check not in NETWORK and t.needs != "harvest"]


def outcome(text: str, test_id: str) -> str:
    """The outcome of one metric test on a record given as JSON-LD or Turtle text."""
    report = check(text, input_format="json-ld" if text.lstrip().startswith("{") else "turtle")
    assert report.records, report.findings
    record = report.records[0]
    return next(e.outcome for e in record.evaluations if e.test == test_id)


def test_catalogue_is_complete() -> None:
    """Every check named in the catalogue exists, and every principle F1…R1.3 has a metric (A2's is
    fairmeta's own, assessed on harvests: tests/test_harvest.py)."""
    assert {t.check for t in CATALOGUE.tests()} <= set(TESTS)
    assert {m.principle.value for m in CATALOGUE.metrics} == {
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
    }
    fuji = [m for m in CATALOGUE.metrics if m.id.startswith("FsF-")]
    assert len(fuji) == 17  # F-UJI v0.8 has 17 metrics
    assert sum(m.total for m in fuji) == 26  # ... worth 26 points


@pytest.mark.parametrize("test", OFFLINE_TESTS, ids=[t.id for t in OFFLINE_TESTS])
def test_failing_example_fails_and_fixed_example_passes(test: MetricTest) -> None:
    """The catalogue's failing example fails the test; its fixed example passes it."""
    assert outcome(test.failing, test.id) == "fail"
    assert outcome(test.fixed, test.id) == "pass"


def test_network_tests_are_not_assessed_and_leave_the_denominator() -> None:
    """Resolution tests are 'not assessable' offline and do not count against the record."""
    report = check(
        '{"@context": "https://schema.org/", "@type": "Dataset", "identifier": "https://doi.org/10.5281/zenodo.42"}'
    )
    record = report.records[0]
    assert record.score is not None
    assert "FsF-F1-02MD-2" in record.score.not_assessed
    f1 = record.score.principles["F1"]
    assert (f1.earned, f1.total) == (1.5, 1.5)  # 1 + 0.5; the unassessed 0.5 is out of the total
    assert record.score.principles["A2"].percent is None  # nothing to assess is not 100 %


def test_well_known_namespaces_are_really_registered() -> None:
    """The shortcut list of namespaces is a subset of what the Bioregistry snapshot knows."""
    from fairmeta.vocab.registry import WELL_KNOWN, registered_in_snapshot

    for namespace in WELL_KNOWN:
        assert registered_in_snapshot(namespace + "x"), namespace


def test_unregistered_namespace_is_named() -> None:
    """A term from a private vocabulary fails I2 and the finding names the namespace."""
    report = check('<https://e.org/d> a <http://schema.org/Dataset> ; <https://my-lab.example/terms#count> "3" .')
    finding = next(f for f in report.findings if f.code == "FM-I2-010")
    assert "https://my-lab.example/terms#" in finding.message
