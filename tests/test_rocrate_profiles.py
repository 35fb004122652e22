"""The RO-Crate family profiles (the `rocrate` check): profile choice, levels, no double findings,
nothing printed, no network, and agreement with rocrate-validator's own suite on a sample."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from fairmeta import check
from fairmeta.model import Report, Severity
from tests.conftest import RunCli

from .conftest import benchmark

WORKFLOW_CRATE: dict[str, Any] = {
    "@context": "https://w3id.org/ro/crate/1.1/context",
    "@graph": [
        {
            "@id": "ro-crate-metadata.json",
            "@type": "CreativeWork",
            "conformsTo": [
                {"@id": "https://w3id.org/ro/crate/1.1"},
                {"@id": "https://w3id.org/workflowhub/workflow-ro-crate/1.0"},
            ],
            "about": {"@id": "./"},
        },
        {
            "@id": "./",
            "@type": "Dataset",
            "name": "Peptide search workflow",
            "description": "The workflow that searches the spectra, with its parameters.",
            "datePublished": "2024-03-01",
            "license": {"@id": "https://spdx.org/licenses/MIT"},
            "publisher": {"@id": "https://ror.org/02catss52"},
            "mainEntity": {"@id": "search.cwl"},
            "hasPart": [{"@id": "search.cwl"}],
        },
        {
            "@id": "search.cwl",
            "@type": ["File", "SoftwareSourceCode", "ComputationalWorkflow"],
            "name": "Peptide search",
            "programmingLanguage": {"@id": "https://w3id.org/workflowhub/workflow-ro-crate#cwl"},
        },
        {
            "@id": "https://w3id.org/workflowhub/workflow-ro-crate#cwl",
            "@type": "ComputerLanguage",
            "name": "Common Workflow Language",
            "url": {"@id": "https://www.commonwl.org/"},
        },
        {"@id": "https://spdx.org/licenses/MIT", "@type": "CreativeWork", "name": "MIT License"},
        {"@id": "https://ror.org/02catss52", "@type": "Organization", "name": "EMBL-EBI"},
    ],
}


def _crate(folder: Path, document: dict[str, Any], payload: bool = True) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "ro-crate-metadata.json").write_text(json.dumps(document), encoding="utf-8")
    if payload:
        (folder / "search.cwl").write_text("cwlVersion: v1.2\nclass: Workflow\n", encoding="utf-8")
    return folder


def _profile_findings(report: Report) -> list[tuple[str, Severity, str]]:
    return [(f.code, f.severity, f.location.focus_node or "") for f in report.findings if f.origin == "rocrate"]


def test_a_valid_workflow_crate_meets_its_profile(tmp_path: Path) -> None:
    """The crate's conformsTo picks Workflow RO-Crate; a crate that meets it has no profile error."""
    report = check(_crate(tmp_path / "crate", WORKFLOW_CRATE), offline=True)
    errors = [f for f in _profile_findings(report) if f[1] is Severity.ERROR]
    assert errors == []
    detail = next(c.detail for c in report.checks if c.check == "rocrate")
    assert "workflow-ro-crate-1.0" in detail


def test_a_main_workflow_without_its_types_is_an_error(tmp_path: Path) -> None:
    """Workflow RO-Crate: the main workflow MUST be File, SoftwareSourceCode and ComputationalWorkflow."""
    broken = copy.deepcopy(WORKFLOW_CRATE)
    broken["@graph"][2]["@type"] = ["File", "SoftwareSourceCode"]
    report = check(_crate(tmp_path / "crate", broken), offline=True)
    found = [f for f in report.findings if f.origin == "rocrate" and f.severity is Severity.ERROR]
    assert [(f.code, f.location.focus_node) for f in found] == [("ROCRATE:workflow-ro-crate-1.0_2.1", "search.cwl")]
    finding = found[0]
    assert finding.location.pointer == "/@graph/2"
    assert finding.fix is not None and "workflow-ro-crate-1.0" in finding.fix.message
    assert str(finding.principle) == "R1.3"


def test_recommended_requirements_are_warnings_and_optional_ones_info(tmp_path: Path) -> None:
    """Levels map to severities: the File SHOULD have an encodingFormat (warning), MAY have a url (info)."""
    report = check(_crate(tmp_path / "crate", WORKFLOW_CRATE), offline=True)
    by_code = {code: severity for code, severity, _ in _profile_findings(report)}
    assert Severity.WARNING in by_code.values() and Severity.INFO in by_code.values()
    assert all(code.startswith("ROCRATE:") for code in by_code)


def test_fairmeta_own_rules_are_not_repeated_by_the_profile(tmp_path: Path) -> None:
    """A root without a name: FM-F2-404 (with its fix), not also the profile's "MUST have a name"."""
    nameless = copy.deepcopy(WORKFLOW_CRATE)
    del nameless["@graph"][1]["name"]
    report = check(_crate(tmp_path / "crate", nameless), offline=True)
    codes = [(f.code, f.location.focus_node, f.location.path) for f in report.findings]
    assert ("FM-F2-404", "./", "schema:name") in codes
    assert not [c for c in codes if c[0].startswith("ROCRATE:") and c[1:] == ("./", "schema:name")]


def test_a_missing_payload_file_is_reported_once(tmp_path: Path) -> None:
    """The crate check's FM-A1-420 stands for the profile's "Data Entity: REQUIRED resource availability"."""
    report = check(_crate(tmp_path / "crate", WORKFLOW_CRATE, payload=False), offline=True)
    errors = [f.code for f in report.findings if f.severity is Severity.ERROR]
    assert "FM-A1-420" in errors
    assert not [code for code in errors if code.startswith("ROCRATE:ro-crate-1.1_12")]


def test_rocrate_profile_option_forces_a_profile(tmp_path: Path, run_cli: RunCli) -> None:
    """--rocrate-profile workflow-run-crate (no version) checks the crate as a Workflow Run Crate."""
    crate = _crate(tmp_path / "crate", WORKFLOW_CRATE)
    result = run_cli("check", str(crate), "--rocrate-profile", "workflow-run-crate", "-f", "json", "--offline")
    report = json.loads(result.stdout)
    detail = next(c["detail"] for c in report["checks"] if c["check"] == "rocrate")
    assert "workflow-run-crate-0.5" in detail
    # a Workflow Run Crate needs a CreateAction for the run; this crate has none
    assert any(f["code"].startswith("ROCRATE:workflow-run-crate") for f in report["findings"])


def test_an_unknown_rocrate_profile_is_a_usage_error(tmp_path: Path, run_cli: RunCli) -> None:
    crate = _crate(tmp_path / "crate", WORKFLOW_CRATE)
    result = run_cli("check", str(crate), "--rocrate-profile", "no-such-crate")
    assert result.exit_code == 2
    assert "unknown RO-Crate profile 'no-such-crate'" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_version_1_1_crate_is_read_with_the_1_1_context(tmp_path: Path) -> None:
    """RO-Crate 1.1 maps ComputationalWorkflow to bioschemas.org/ComputationalWorkflow (1.3: /terms/)."""
    from fairmeta.engine import Engine, Options

    descriptor = _crate(tmp_path / "crate", WORKFLOW_CRATE) / "ro-crate-metadata.json"
    graph = Engine(Options(offline=True)).load_source((descriptor, str(descriptor))).graph
    assert graph is not None
    types = {str(o) for o in graph.objects(None, None) if "bioschemas" in str(o)}
    assert types == {"https://bioschemas.org/ComputationalWorkflow"}


def test_the_profiles_print_nothing_and_fetch_nothing(tmp_path: Path) -> None:
    """rocrate-validator prints a "Log Report" at exit and caches under ~/.cache; inside fairmeta it does neither.

    The run is a fresh process with no network allowed to anything but the loopback (the tests'
    socket guard is not there, so the process is sandboxed by refusing every remote context)."""
    crate = _crate(tmp_path / "crate", WORKFLOW_CRATE)
    home = tmp_path / "home"
    home.mkdir()
    code = (
        "import socket, sys\n"
        "real = socket.socket.connect\n"
        "def guard(self, address):\n"
        "    raise OSError(f'network refused: {address}')\n"
        "socket.socket.connect = guard\n"
        "from fairmeta.cli import main\n"
        "sys.argv = ['fairmeta', 'check', '--offline', '-q', sys.argv[1]]\n"
        "main()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(crate)],
        capture_output=True,
        text=True,
        timeout=120,
        env={"HOME": str(home), "PATH": "/usr/bin:/bin", "FAIRMETA_CACHE_DIR": str(tmp_path / "cache")},
        check=False,
    )
    assert "Log Report" not in done.stdout + done.stderr
    assert "network refused" not in done.stdout + done.stderr
    assert done.stderr == ""
    assert not (home / ".cache" / "rocrate-validator").exists()
    assert "1 source(s)" in done.stdout


def test_profile_findings_are_the_same_on_every_run(tmp_path: Path) -> None:
    crate = _crate(tmp_path / "crate", WORKFLOW_CRATE)
    first = [f.to_dict() for f in check(crate, offline=True).findings]
    second = [f.to_dict() for f in check(crate, offline=True).findings]
    assert first == second


SUITE = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "suites" / "rocrate-validator"


@pytest.mark.skipif(not (SUITE / "CASES.jsonl").is_file(), reason="../shared/corpus is not there")
def test_agreement_with_rocrate_validator_on_a_sample_of_its_suite() -> None:
    """An even sample of 30 of the suite's 470 cases, scored as benchmarks/rocrate_suite.py scores all."""
    rocrate_suite = benchmark("rocrate_suite")
    table, disagreements, _ = rocrate_suite.run(limit=30)
    scored = sum(row["scored"] for row in table.values())
    agree = sum(row["agree"] for row in table.values())
    assert scored >= 12  # the others are RECOMMENDED or OPTIONAL negatives (reported, not scored) or skipped
    assert agree / scored >= 0.9, disagreements
