"""The library API: fix(), records with their own findings and scores, flat rows, no printing."""

from __future__ import annotations

import csv
import io
import json
import logging
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

import fairmeta
from fairmeta import check, fix
from fairmeta.model import ROW_FIELDS, EditOp, Severity

from .conftest import EXAMPLES

LICENCE_TEXT = (
    '{\n  "@context": "https://schema.org/",\n  "@type": "Dataset",\n  "name": "Soil",\n  "license": "CC BY 4.0"\n}\n'
)
TURTLE = """@prefix schema: <http://schema.org/> .

<https://example.org/d1> a schema:Dataset ;
    schema:name "Soil" ;
    schema:identifier "doi:10.5281/zenodo.42" .
"""


def test_fix_applies_safe_edits_keeping_the_layout_and_mode(tmp_path: Path) -> None:
    """fix() rewrites the one value, keeps indentation and the file's permission bits, and returns the diff."""
    path = tmp_path / "record.jsonld"
    path.write_text(LICENCE_TEXT, encoding="utf-8")
    path.chmod(0o640)
    result = fix(path, offline=True)
    assert [f.code for f in result.applied] == ["FM-R1.1-020"]
    text = path.read_text(encoding="utf-8")
    assert text == LICENCE_TEXT.replace('"CC BY 4.0"', '"https://spdx.org/licenses/CC-BY-4.0"')
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert result.diff.startswith(f"--- {path.as_posix()}")
    assert (
        '-  "license": "CC BY 4.0"' in result.diff
        and '+  "license": "https://spdx.org/licenses/CC-BY-4.0"' in result.diff
    )
    assert "FM-R1.1-020" not in {f.code for f in result.after.findings}


def test_fix_dry_run_writes_nothing_but_reports_the_edits(tmp_path: Path) -> None:
    """dry_run=True leaves the file alone; the result still has the edits and the diff."""
    path = tmp_path / "record.ttl"
    path.write_text(TURTLE, encoding="utf-8")
    result = fix(path, dry_run=True, offline=True)
    assert path.read_text(encoding="utf-8") == TURTLE
    assert not result.written
    (applied,) = [f for f in result.applied if f.code == "FM-F1-020"]
    assert applied.fix is not None and {e.op for e in applied.fix.edits} == {EditOp.REMOVE, EditOp.ADD}
    assert '+    schema:identifier "https://doi.org/10.5281/zenodo.42" .' in result.diff
    assert fix(path, offline=True).applied and "https://doi.org/10.5281/zenodo.42" in path.read_text(encoding="utf-8")


def test_records_carry_their_own_findings_and_scores() -> None:
    """Report.records gives each record with its findings (those naming it) and its score."""
    report = check(EXAMPLES / "dcat-ap", offline=True)
    assert len(report.records) >= 2
    by_record: dict[tuple[str, str | None], int] = {}
    for finding in report.findings:
        key = (finding.location.source, finding.record)
        by_record[key] = by_record.get(key, 0) + 1
    for record in report.records:
        assert len(record.findings) == by_record.get((record.source, record.id), 0)
        assert all(f.record == record.id and f.location.source == record.source for f in record.findings)
        assert record.score is not None and record.score.percent is not None
    assert sum(len(r.findings) for r in report.records) == sum(n for k, n in by_record.items() if k[1] is not None)


def test_rows_are_flat_and_ready_for_csv() -> None:
    """to_rows(): one row per record with source, id, profiles, percentages and counts."""
    report = check(EXAMPLES / "schemaorg-dataset", offline=True)
    rows = report.to_rows()
    assert len(rows) == len(report.records) > 1
    stream = io.StringIO()
    writer = csv.DictWriter(stream, fieldnames=ROW_FIELDS)
    writer.writeheader()
    writer.writerows(rows)
    read = list(csv.DictReader(io.StringIO(stream.getvalue())))
    first, record = read[0], report.records[0]
    assert first["source"] == record.source and first["record"] == record.id
    assert first["profiles"] == ";".join(record.profiles)
    assert record.score is not None and float(first["percent"]) == record.score.percent
    assert int(first["errors"]) == sum(1 for f in record.findings if f.severity is Severity.ERROR)
    assert set(ROW_FIELDS) >= {"F1", "A1.1", "R1.3", "F", "R"}


def test_library_prints_nothing_and_logs_upstream_noise(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """rdflib's complaint about an IRI with braces becomes a log record, never output."""
    path = tmp_path / "action.jsonld"
    path.write_text(
        json.dumps(
            {
                "@context": "https://schema.org/",
                "@type": "Dataset",
                "name": "x",
                "potentialAction": {"@type": "SearchAction", "target": "https://example.org/search?q={query}"},
            }
        ),
        encoding="utf-8",
    )
    with caplog.at_level(logging.WARNING, logger="fairmeta.upstream"):
        report = check(path, offline=True)
    assert report.records
    # pytest's own log handlers would hide Python's last-resort printing: ask a plain interpreter
    script = f"from fairmeta import check; check({str(path)!r}, offline=True)"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert done.returncode == 0 and done.stdout == "" and done.stderr == "", done.stderr
    assert any("does not look like a valid URI" in r.getMessage() for r in caplog.records)


def test_public_api_names() -> None:
    """check and fix are the two entry points; the model types come with them."""
    assert {"check", "fix", "Report", "Finding", "RecordSummary"} <= set(fairmeta.__all__)
    assert os.fspath(EXAMPLES)
