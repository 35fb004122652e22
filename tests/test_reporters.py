"""Report formats: SARIF against the official schema, JUnit as XML, GitHub commands, HTML, Markdown, --output."""

from __future__ import annotations

import base64
import gzip
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any, cast

import jsonschema
import pytest

from fairmeta import check
from fairmeta.reporters import FORMATS

from .conftest import EXAMPLES, RunCli, Write

BAD = EXAMPLES / "dcat-ap" / "bad" / "dataset-missing-mandatory.ttl"
JSONLD_BAD = EXAMPLES / "schemaorg-dataset" / "bad" / "no-name-no-description.jsonld"


def test_sarif_validates_against_the_official_schema(corpus: Path, run_cli: RunCli) -> None:
    """SARIF output of every example validates against the SARIF 2.1.0 JSON schema."""
    schema = json.loads((corpus / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    result = run_cli("check", EXAMPLES, "-f", "sarif")
    document = json.loads(result.stdout)
    jsonschema.validate(document, schema)
    run = document["runs"][0]
    assert run["results"]
    rule = next(r for r in run["tool"]["driver"]["rules"] if r["id"] == "FM-F2-311")
    assert rule["help"]["text"] and rule["helpUri"].endswith("FM-F2-311.md")
    assert "F2" in rule["properties"]["tags"]
    lines = [r for r in run["results"] if r["ruleId"] == "FM-F2-311"]
    assert lines[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 13


def test_sarif_is_structurally_sound_without_the_corpus(run_cli: RunCli) -> None:
    """Every result points at a rule by index and has a level SARIF knows."""
    document = json.loads(run_cli("check", BAD, "-f", "sarif").stdout)
    run = document["runs"][0]
    assert document["version"] == "2.1.0"
    for result in run["results"]:
        assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in ("error", "warning", "note")


def test_junit_is_xml_with_failures(run_cli: RunCli) -> None:
    """JUnit output parses as XML; errors are failures, one suite per source."""
    root = ET.fromstring(run_cli("check", BAD, EXAMPLES / "dcat-ap" / "good", "-f", "junit").stdout)
    suites = root.findall("testsuite")
    assert len(suites) == 2
    failures = root.findall(".//failure")
    assert failures and all(f.get("type") == "error" for f in failures)
    assert int(root.get("failures") or "") == len(failures)


def test_github_annotations(run_cli: RunCli) -> None:
    """One workflow command per finding with file, line and code."""
    out = run_cli("check", BAD, "-f", "github").stdout.splitlines()
    errors = [line for line in out if line.startswith("::error ")]
    assert any(re.match(r"::error file=.*dataset-missing-mandatory\.ttl,line=\d+,title=FM-F2-311::", e) for e in errors)
    assert any(line.startswith("::notice ") and "FAIR score" in line for line in out)


def test_html_is_one_self_contained_dashboard(run_cli: RunCli) -> None:
    """The HTML page is the dashboard: styles, script and data inline (nothing loaded from anywhere,
    a Content-Security-Policy that forbids it), an overview table for readers without scripts, and
    every finding with its fix in the embedded data; the same report gives the same bytes."""
    page = run_cli("check", JSONLD_BAD, "-f", "html").stdout
    assert page.startswith("<!DOCTYPE html>")
    assert "<style>" in page and "<script>" in page and "default-src 'none'" in page
    markup = re.sub(r"<script.*?</script>", "", page, flags=re.DOTALL)
    assert not re.search(r"""(src|href)=["'](?!data:)""", markup)  # no external resource of any kind
    assert '<div id="static"><p>1 source(s), 1 record(s):' in page and "Records, worst first" in page
    data = dashboard_data(page)
    assert data["mode"] == "check"
    strings = data["strings"]
    codes = {strings[i] for i in data["findings"]["code"]}
    assert "FM-F2-101" in codes and data["rules"]["FM-F2-101"][2].endswith("docs/rules/FM-F2-101.md")
    assert any(strings[i] for i in data["findings"]["fix"] if i >= 0)
    assert run_cli("check", JSONLD_BAD, "-f", "html").stdout == page


def dashboard_data(page: str) -> dict[str, Any]:
    """The data a dashboard page embeds (gzip, base64)."""
    payload = re.search(r'<script type="application/octet-stream" id="fm-data">([^<]*)</script>', page)
    assert payload is not None
    return cast(dict[str, Any], json.loads(gzip.decompress(base64.b64decode(payload.group(1)))))


def test_markdown_has_score_table_and_findings(run_cli: RunCli) -> None:
    """Markdown has a score table and a findings table for the PR comment."""
    text = run_cli("check", JSONLD_BAD, "-f", "markdown").stdout
    assert "| Record | Source | FAIR | F | A | I | R |" in text
    assert "`FM-F2-101`" in text


def test_text_has_score_table(run_cli: RunCli) -> None:
    """Text output shows the FAIR score and the principle breakdown per record."""
    text = run_cli("check", EXAMPLES / "schemaorg-dataset" / "good" / "soil-moisture.jsonld").stdout
    assert "FAIR 100.0 %" in text
    assert re.search(r"F +100 % .*F1 ", text)
    assert "not assessed: FsF-F1-02MD-2" in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_output_file(fmt: str, run_cli: RunCli, tmp_path: Path) -> None:
    """--output writes the chosen format to a file and nothing to stdout; exit code unchanged."""
    target = tmp_path / "out" / f"report.{fmt}"
    result = run_cli("check", BAD, "-f", fmt, "--output", target)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert target.read_text(encoding="utf-8").strip()
    assert not list(target.parent.glob("*.tmp"))


def test_every_format_handles_a_parse_failure(run_cli: RunCli, write: Write) -> None:
    """A source that failed to load is reported by every format without error."""
    broken = write("broken.jsonld", "{")
    for fmt in FORMATS:
        result = run_cli("check", broken, "-f", fmt)
        assert result.exit_code == 1
        assert "FM-SYS-001" in result.stdout


def test_library_report_has_aggregate_scores() -> None:
    """A run's report aggregates scores over its records."""
    report = check(EXAMPLES / "dcat-ap")
    assert report.scores is not None
    assert report.scores.records == 4
    assert report.scores.min_percent is not None and report.scores.mean_percent is not None
    assert report.scores.max_percent is not None
    assert report.scores.min_percent <= report.scores.mean_percent <= report.scores.max_percent


def test_text_summarises_scores_of_many_records(run_cli: RunCli, write: Write) -> None:
    """A file with many records gets one score line (mean, min, max); -v shows every record."""
    records = [
        {"@context": "https://schema.org/", "@type": "Dataset", "@id": f"https://e.org/d{i}", "name": f"D{i}"}
        for i in range(12)
    ]
    path = write("many.jsonld", json.dumps(records))
    text = run_cli("check", path).stdout
    assert "12 records  FAIR mean" in text
    assert text.count("record https://e.org/") == 0
    assert run_cli("check", path, "-v").stdout.count("record https://e.org/") == 12
