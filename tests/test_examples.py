"""Acceptance over examples/: good records pass, bad records raise the codes they declare."""

from __future__ import annotations

from pathlib import Path

import pytest

from fairmeta import check

from .conftest import EXAMPLES, RunCli

RECORD_SUFFIXES = {".jsonld", ".json", ".ttl", ".rdf", ".nt", ".nq", ".trig", ".html"}
GOOD = sorted(p for p in EXAMPLES.glob("*/good/*") if p.suffix in RECORD_SUFFIXES)
BAD = sorted(p for p in EXAMPLES.glob("*/bad/*") if p.suffix in RECORD_SUFFIXES)
# Folders of records checked by a profile; sample-sheet/ holds tables checked by a LinkML schema.
PROFILES = sorted(p.name for p in EXAMPLES.iterdir() if p.is_dir() and p.name != "sample-sheet")


def expected_codes(path: Path) -> set[str]:
    """Read the codes a bad example declares in its ``.expect`` file."""
    lines = path.with_suffix(".expect").read_text(encoding="utf-8").splitlines()
    return {line.split("#")[0].strip() for line in lines if line.split("#")[0].strip()}


def test_every_profile_has_good_and_bad_examples() -> None:
    """Each shipped profile has at least one good and one bad example."""
    from fairmeta.profiles import PROFILES as SHIPPED

    assert sorted(p.name for p in SHIPPED) == PROFILES
    for profile in PROFILES:
        assert any(p.parent.parent.name == profile for p in GOOD), profile
        assert any(p.parent.parent.name == profile for p in BAD), profile


def test_cases_were_collected() -> None:
    """The data-driven tests below really run (a filter bug would silently skip them)."""
    assert len(GOOD) >= 4
    assert len(BAD) >= 4


@pytest.mark.parametrize("path", GOOD, ids=[f"{p.parent.parent.name}/{p.name}" for p in GOOD])
def test_good_example_exits_zero(path: Path, run_cli: RunCli) -> None:
    """A good example exits 0 and is checked against its own profile with no error."""
    result = run_cli("check", path)
    assert result.exit_code == 0, result.stdout
    report = check(path)
    assert not [f for f in report.findings if f.severity.value == "error"]
    assert all(path.parent.parent.name in r.profiles for r in report.records if r.profiles)
    assert any(r.profiles == (path.parent.parent.name,) for r in report.records)


@pytest.mark.parametrize("path", BAD, ids=[f"{p.parent.parent.name}/{p.name}" for p in BAD])
def test_bad_example_exits_one_with_declared_codes(path: Path, run_cli: RunCli) -> None:
    """A bad example exits 1 and reports every code its .expect file declares."""
    expected = expected_codes(path)
    assert expected, f"{path} declares no codes"
    result = run_cli("check", path)
    assert result.exit_code == 1, result.stdout
    found = {f.code for f in check(path).findings}
    assert expected <= found, f"missing {sorted(expected - found)}"
    for code in expected:
        assert code in result.stdout
