"""Daily use in repositories and CI: non-metadata files, lines of JSON findings, SARIF for code
scanning, report permissions, statistics, exit and colour options, accepted findings, progress on
a terminal, and the caches."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from fairmeta.loaders.jsonpos import pointer_positions

from .conftest import CORPUS, EXAMPLES, RunCli, Write

GOOD = EXAMPLES / "schemaorg-dataset" / "good" / "soil-moisture.jsonld"
BAD = EXAMPLES / "schemaorg-dataset" / "bad" / "no-name-no-description.jsonld"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _record(**changes: object) -> str:
    document = json.loads(GOOD.read_text(encoding="utf-8"))
    document.update(changes)
    return json.dumps(document, indent=2)


# --- files that are not metadata -------------------------------------------------------------


def test_plain_json_fails_when_named_and_is_listed_as_skipped_with_the_option(write: Write, run_cli: RunCli) -> None:
    package = write("package.json", '{"name": "site", "version": "1.0.0", "private": true}\n')
    sheet = write("data.csv", "a,b\n1,2\n")
    good = write("good.jsonld", GOOD.read_text(encoding="utf-8"))
    plain = run_cli("check", package, good, "-f", "json")
    assert plain.exit_code == 1
    assert any(f["code"] == "FM-SYS-006" for f in json.loads(plain.stdout)["findings"])
    skipping = run_cli("check", package, sheet, good, "--skip-non-metadata", "-f", "json")
    assert skipping.exit_code == 0, skipping.stdout
    report = json.loads(skipping.stdout)
    assert sorted(s["source"] for s in report["skipped"]) == sorted([str(package), str(sheet)])
    assert all(s["reason"] for s in report["skipped"])
    assert report["summary"]["skipped"] == 2 and report["sources"] == [str(good)]
    text = run_cli("check", package, good, "--skip-non-metadata", "-v")
    assert "1 file(s) skipped as not metadata" in text.stdout and f"skipped {package}" in text.stdout
    # JSON-LD, even broken, is metadata: the option never hides a real problem
    broken = write("broken.jsonld", '{"@context": "https://schema.org/", "@type": "Dataset"')
    assert run_cli("check", broken, "--skip-non-metadata").exit_code == 1


# --- lines and columns of JSON findings --------------------------------------------------------


def test_pointer_positions_place_members_at_their_key_and_missing_ones_at_the_parent() -> None:
    text = '{\n  "a": [\n    {"b\\u0041": 1},\n    "x"\n  ],\n  "c/d": {}\n}'
    found = pointer_positions(text, ["", "/a", "/a/0", "/a/0/bA", "/a/1", "/c~1d", "/a/0/missing", "/zzz"])
    assert found == {
        "": (1, 1),
        "/a": (2, 3),
        "/a/0": (3, 5),
        "/a/0/bA": (3, 6),
        "/a/1": (4, 5),
        "/c~1d": (6, 3),
        "/a/0/missing": (3, 5),
        "/zzz": (1, 1),
    }
    assert pointer_positions("not json at all", ["/a"]) in ({}, {"/a": (1, 1)})


def test_every_json_ld_finding_has_a_line_and_column_in_every_format(write: Write, run_cli: RunCli) -> None:
    text = _record(license="CC BY 4.0 please")
    path = write("r.jsonld", text)
    report = json.loads(run_cli("check", path, "-f", "json").stdout)
    licence = next(f for f in report["findings"] if f["location"]["pointer"] == "/license")
    lines = text.splitlines()
    number = next(i for i, line in enumerate(lines, start=1) if '"license"' in line)
    assert licence["location"]["line"] == number
    assert licence["location"]["col"] == lines[number - 1].index('"license"') + 1
    assert all(f["location"]["line"] for f in report["findings"]), report["findings"]
    shown = run_cli("check", path).stdout
    assert f"line {number}:" in shown
    github = run_cli("check", path, "-f", "github").stdout
    assert f"line={number}," in github


# --- SARIF for GitHub code scanning ------------------------------------------------------------


def _sarif(run_cli: RunCli, *args: str | os.PathLike[str]) -> dict[str, Any]:
    result = run_cli("check", *args, "-f", "sarif")
    assert result.exit_code in (0, 1), result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def _github_requirements(log: dict[str, Any]) -> None:
    """What GitHub code scanning requires of an uploaded SARIF file."""
    runs = log["runs"]
    assert isinstance(runs, list)
    for run in runs:
        assert len(run["results"]) <= 25_000
        for rule in run["tool"]["driver"]["rules"]:
            assert rule["helpUri"].startswith("https://"), rule
        for result in run["results"]:
            assert result["ruleId"] and result["message"]["text"]
            physical = result["locations"][0]["physicalLocation"]
            uri = physical["artifactLocation"]["uri"]
            assert physical["artifactLocation"].get("uriBaseId") == "%SRCROOT%", uri
            assert not uri.startswith(("/", "file:")) and "://" not in uri, uri
            assert physical["region"]["startLine"] >= 1
            assert result["partialFingerprints"]["fairmetaFinding/v1"]
    assert len(json.dumps(log).encode()) <= 10_000_000


def test_sarif_validates_and_meets_github_upload_requirements(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    import jsonschema

    folder = tmp_path / "repo" / "metadata"
    folder.mkdir(parents=True)
    (folder / "bad.jsonld").write_text(BAD.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "licence.jsonld").write_text(_record(license="CC BY"), encoding="utf-8")
    (folder / "short.ttl").write_text(
        (EXAMPLES / "schemaorg-dataset" / "bad" / "short-description.ttl").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path / "repo")
    relative = _sarif(run_cli, "metadata")
    absolute = _sarif(run_cli, folder.resolve())
    for log in (relative, absolute):
        _github_requirements(log)
        schema_file = CORPUS / "schemas" / "sarif-schema-2.1.0.json"
        if schema_file.is_file():
            jsonschema.Draft7Validator(json.loads(schema_file.read_text(encoding="utf-8"))).validate(log)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in relative["runs"][0]["results"]}
    assert uris == {"metadata/bad.jsonld", "metadata/licence.jsonld", "metadata/short.ttl"}
    assert relative["runs"][0]["results"] == absolute["runs"][0]["results"]
    regions = [r["locations"][0]["physicalLocation"]["region"] for r in relative["runs"][0]["results"]]
    assert any("startColumn" in region for region in regions)

    # fingerprints name what a finding is about, not its line: an edit above keeps every alert
    before = {r["partialFingerprints"]["fairmetaFinding/v1"] for r in relative["runs"][0]["results"]}
    assert len(before) == len(relative["runs"][0]["results"])
    (folder / "licence.jsonld").write_text("\n\n" + _record(license="CC BY"), encoding="utf-8")
    after = _sarif(run_cli, "metadata")
    assert {r["partialFingerprints"]["fairmetaFinding/v1"] for r in after["runs"][0]["results"]} == before
    moved = [r for r in after["runs"][0]["results"] if r["properties"].get("pointer") == "/license"]
    assert moved and moved[0]["locations"][0]["physicalLocation"]["region"]["startLine"] > 2


def test_sarif_is_cut_to_the_result_limit_with_a_warning(
    write: Write, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fairmeta.reporters import sarif

    monkeypatch.setattr(sarif, "MAX_RESULTS", 2)
    result = run_cli("check", write("bad.jsonld", BAD.read_text(encoding="utf-8")), "-f", "sarif")
    log = json.loads(result.stdout)
    run = log["runs"][0]
    assert len(run["results"]) == 2
    assert all(r["level"] == "error" for r in run["results"])  # the most severe are kept
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert any("left out of the SARIF log" in n["message"]["text"] for n in notes)
    assert "left out of the SARIF log" in result.stderr


# --- report files, statistics, exit and colour options ----------------------------------------


def test_report_files_get_normal_permissions(write: Write, run_cli: RunCli, tmp_path: Path) -> None:
    good = write("good.jsonld", GOOD.read_text(encoding="utf-8"))
    old = os.umask(0o022)
    try:
        fresh = tmp_path / "out" / "report.json"
        assert run_cli("check", good, "-f", "json", "-o", fresh).exit_code == 0
        assert stat.S_IMODE(fresh.stat().st_mode) == 0o644
        kept = tmp_path / "kept.sarif"
        kept.write_text("{}")
        kept.chmod(0o640)
        run_cli("check", good, "-f", "sarif", "-o", kept)
        assert stat.S_IMODE(kept.stat().st_mode) == 0o640 and kept.read_text().startswith("{\n")
    finally:
        os.umask(old)


def test_statistics_count_every_finding_by_rule(write: Write, run_cli: RunCli) -> None:
    bad = write("bad.jsonld", BAD.read_text(encoding="utf-8"))
    findings = json.loads(run_cli("check", bad, "-f", "json").stdout)["findings"]
    stats = run_cli("check", bad, "--statistics", "-f", "json")
    assert stats.exit_code == 1
    rows = json.loads(stats.stdout)["rules"]
    expected: dict[str, int] = {}
    for finding in findings:
        expected[finding["code"]] = expected.get(finding["code"], 0) + 1
    assert {r["code"]: r["count"] for r in rows} == expected
    counts = [r["count"] for r in rows]
    assert counts == sorted(counts, reverse=True)
    text = run_cli("check", bad, "--statistics").stdout
    assert re.search(r"^\s+1\s+FM-F2-101\s+.*error\s+dataset-name-missing$", text, re.M), text


def test_exit_zero_help_and_command_suggestions(write: Write, run_cli: RunCli) -> None:
    bad = write("bad.jsonld", BAD.read_text(encoding="utf-8"))
    assert run_cli("check", bad).exit_code == 1
    assert run_cli("check", bad, "--exit-zero").exit_code == 0
    assert run_cli("check", write("x.jsonld", "").parent / "missing.jsonld", "--exit-zero").exit_code == 2
    for args in (("-h",), ("check", "-h"), ("cache", "-h")):
        result = run_cli(*args)
        assert result.exit_code == 0 and "Usage:" in result.stdout, args
    mistyped = run_cli("chek")
    assert mistyped.exit_code == 2
    assert mistyped.stderr.count("Did you mean") == 1, mistyped.stderr


def test_min_score_names_the_records_below_it(write: Write, run_cli: RunCli) -> None:
    bad = write("bad.jsonld", BAD.read_text(encoding="utf-8"))
    result = run_cli("check", bad, "--min-score", "99", "-q")
    assert result.exit_code == 1
    assert re.search(rf"{re.escape(str(bad))}: record \S+ scores [0-9.]+ %, below --min-score 99", result.stderr)


def test_colour_always_and_never(write: Write, run_cli: RunCli) -> None:
    bad = write("bad.jsonld", BAD.read_text(encoding="utf-8"))
    assert ANSI.search(run_cli("check", bad, "--color", "always").stdout)
    assert not ANSI.search(run_cli("check", bad, "--color", "never").stdout)
    assert not ANSI.search(run_cli("check", bad).stdout)  # not a terminal


def _in_terminal(*args: str, cwd: Path) -> str:
    """Run fairmeta with stdout and stderr on a pseudo-terminal; return everything it wrote."""
    import pty

    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env.update(TERM="xterm-256color", COLUMNS="120")
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "fairmeta", *args], stdout=terminal, stderr=terminal, cwd=cwd, env=env
    )
    os.close(terminal)
    chunks = []
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=300)
    os.close(controller)
    return b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_progress_bar_and_colour_on_a_terminal(tmp_path: Path) -> None:
    folder = tmp_path / "records"
    folder.mkdir()
    for i in range(4):
        (folder / f"r{i}.jsonld").write_text(_record(name=f"Record {i}"), encoding="utf-8")
    (folder / "bad.jsonld").write_text(BAD.read_text(encoding="utf-8"), encoding="utf-8")
    shown = _in_terminal("check", "--offline", "records", cwd=tmp_path)
    assert "checking" in shown and "/5" in shown, shown[-2000:]  # the bar: sources done of all
    assert ANSI.search(shown)
    quiet = _in_terminal("check", "--offline", "-q", "records", cwd=tmp_path)
    assert "checking" not in quiet and "FM-F2-101" in quiet
    plain = _in_terminal("check", "--offline", "--no-progress", "--color", "never", "records", cwd=tmp_path)
    assert "checking" not in plain and not ANSI.search(plain.replace("\x1b[?25l", "").replace("\x1b[?25h", ""))


# --- accepted findings -------------------------------------------------------------------------


def test_accepted_findings_are_reported_with_their_reason_and_fail_nothing(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "legacy.jsonld").write_text(BAD.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "fairmeta.toml").write_text(
        '[[accept]]\nfile = "data/legacy*.jsonld"\nrule = "FM-F2"\n'
        'reason = "Name and description come from the catalogue record."\n'
        '[[accept]]\nfile = "data/*.jsonld"\nrule = "FM-R1.1-107"\nrecord = "https://example.org/other"\n'
        'reason = "Licence negotiated per user."\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    before = json.loads(run_cli("check", "data", "-f", "json", "--isolated").stdout)
    errors = {f["code"] for f in before["findings"] if f["severity"] == "error"}
    assert errors == {"FM-F2-101", "FM-F2-102"}, errors
    result = run_cli("check", "data", "-f", "json", "--fail-on", "error")
    assert result.exit_code == 0, result.stdout
    report = json.loads(result.stdout)
    accepted = [f for f in report["findings"] if f["accepted"]]
    assert {"FM-F2-101", "FM-F2-102"} <= {f["code"] for f in accepted}
    assert all(f["code"].startswith("FM-F2-") for f in accepted)
    assert all(f["accepted_reason"] == "Name and description come from the catalogue record." for f in accepted)
    assert not [f for f in report["findings"] if f["code"].startswith("FM-F2-") and not f["accepted"]]
    assert report["summary"]["accepted"] == len(accepted) and report["summary"]["findings"]["error"] == 0
    # the record-specific entry names a record this file does not have: stale, said, not failing
    assert "accept #2" in result.stderr and "matched no finding" in result.stderr
    assert report["stale_acceptances"] and "accept #2" in report["stale_acceptances"][0]
    text = run_cli("check", "data").stdout
    assert "accepted: Name and description come from the catalogue record." in text
    assert f"{len(accepted)} accepted" in text
    sarif = json.loads(run_cli("check", "data", "-f", "sarif").stdout)
    suppressed = [r for r in sarif["runs"][0]["results"] if r.get("suppressions")]
    assert len(suppressed) == len(accepted) and suppressed[0]["suppressions"][0]["kind"] == "external"
    stats = run_cli("check", "data", "--statistics").stdout
    assert "FM-F2-101" not in stats and f"{len(accepted)}  accepted" in stats


def test_an_acceptance_needs_a_reason(tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "r.jsonld").write_text(GOOD.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "fairmeta.toml").write_text('[[accept]]\nfile = "*.jsonld"\nrule = "FM-F2"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run_cli("check", "r.jsonld")
    assert result.exit_code == 2
    assert "fairmeta.toml" in result.stderr and "reason" in result.stderr and len(result.stderr.splitlines()) == 1


TURTLE = """@prefix schema: <http://schema.org/> .
<https://example.org/a> a schema:Dataset ;  # fairmeta: accept FM-F2-102 Described in the paper; no abstract here.
    schema:name "A" .
<https://example.org/b> a schema:Dataset ;
    schema:name "B" .
# fairmeta: accept FM-F2-101
"""


def test_inline_turtle_acceptance_applies_to_its_subject_only(write: Write, run_cli: RunCli) -> None:
    path = write("two.ttl", TURTLE)
    result = run_cli("check", path, "-f", "json", "--no-score")
    report = json.loads(result.stdout)
    missing = [f for f in report["findings"] if f["code"] == "FM-F2-102"]
    by_record = {f["record"]: f for f in missing}
    assert by_record["https://example.org/a"]["accepted_reason"] == "Described in the paper; no abstract here."
    assert by_record["https://example.org/b"]["accepted"] is False
    assert result.exit_code == 1  # b's error is still open
    assert "two.ttl:6" in result.stderr and "needs a rule code and a reason" in result.stderr


# --- caches ------------------------------------------------------------------------------------


def test_cache_info_and_clear_cover_every_cache(tmp_path: Path, run_cli: RunCli) -> None:
    cache = tmp_path / "cache"
    good = tmp_path / "good.jsonld"
    good.write_text(GOOD.read_text(encoding="utf-8"), encoding="utf-8")
    # a fresh process: the shapes it parses go to this cache (this process has them in memory)
    run = subprocess.run(
        [sys.executable, "-m", "fairmeta", "check", "--offline", "-q", "--cache-dir", str(cache), str(good)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    (cache / "linkml").mkdir(parents=True, exist_ok=True)
    (cache / "linkml" / "x.pickle").write_bytes(b"0" * 2048)
    info = run_cli("cache", "info", "--cache-dir", cache).stdout
    for part in ("http", "contexts", "graphs", "objects", "linkml", "ontologies"):
        assert re.search(rf"^\s+{part}\s+\d+ file\(s\)\s+[0-9.]+ [kM]B", info, re.M), info
    assert re.search(r"graphs\s+[1-9]\d* file", info) and re.search(r"linkml\s+1 file\(s\)\s+2\.0 kB", info)
    only = run_cli("cache", "clear", "--only", "linkml", "--cache-dir", cache)
    assert "linkml: cleared, 1 file(s) removed" in only.stdout and (cache / "graphs").is_dir()
    run_cli("cache", "clear", "--cache-dir", cache)
    assert not [p for p in cache.rglob("*") if p.is_file()]
    assert run_cli("cache", "clear", "--only", "nope", "--cache-dir", cache).exit_code == 2
