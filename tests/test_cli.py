"""The command line: exit codes, output formats, options, and errors that stop a run."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from .conftest import EXAMPLES, REPO, RunCli, Write

GOOD = EXAMPLES / "schemaorg-dataset" / "good" / "soil-moisture.jsonld"
BAD = EXAMPLES / "schemaorg-dataset" / "bad" / "no-name-no-description.jsonld"
SCHEMA = json.loads((REPO / "docs" / "report.schema.json").read_text(encoding="utf-8"))


def test_json_output_validates_against_the_schema(run_cli: RunCli) -> None:
    """--format json over every example validates against docs/report.schema.json."""
    result = run_cli("check", EXAMPLES, "--format", "json")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    jsonschema.validate(document, SCHEMA)
    assert document["summary"]["findings"]["error"] > 0
    assert len(document["sources"]) >= 8


def test_json_output_of_a_parse_failure_validates(run_cli: RunCli, write: Write) -> None:
    """Load failures serialise with the same schema."""
    path = write("broken.jsonld", "{")
    document = json.loads(run_cli("check", path, "-f", "json").stdout)
    jsonschema.validate(document, SCHEMA)
    assert document["findings"][0]["code"] == "FM-SYS-001"


def test_schema_rejects_a_broken_report() -> None:
    """The schema is strict enough to catch a missing field (so the test above can fail)."""
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"report_version": 1}, SCHEMA)


def test_exit_codes_follow_fail_on(run_cli: RunCli, write: Write) -> None:
    """Warnings alone exit 0 by default and 1 with --fail-on warning."""
    path = write(
        "warn.jsonld",
        json.dumps(
            {
                "@context": "https://schema.org/",
                "@type": "Dataset",
                "name": "Only a name",
                "description": "A description that is long enough to satisfy the Google length guideline.",
                "license": "https://spdx.org/licenses/CC-BY-4.0",  # a missing licence is an error
            }
        ),
    )
    assert run_cli("check", path).exit_code == 0
    assert run_cli("check", path, "--fail-on", "warning").exit_code == 1
    assert run_cli("check", GOOD, "--fail-on", "info").exit_code == 0


def test_missing_path_exits_two(run_cli: RunCli, tmp_path: Path) -> None:
    """A path that does not exist is a usage error (exit 2) with a one-line message."""
    result = run_cli("check", tmp_path / "nope.jsonld")
    assert result.exit_code == 2
    assert "no such file" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_glob_matching_nothing_exits_two(run_cli: RunCli, tmp_path: Path) -> None:
    """A glob that matches nothing never passes silently."""
    result = run_cli("check", str(tmp_path / "*.jsonld"))
    assert result.exit_code == 2
    assert "matches no file" in result.stderr


def test_glob_and_directory_are_expanded(run_cli: RunCli) -> None:
    """Globs and directories find the example records."""
    result = run_cli(
        "check", str(EXAMPLES / "*" / "good" / "*.json*"), str(EXAMPLES / "*" / "good" / "*.ttl"), "-f", "json"
    )
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)["sources"]) == 4
    result = run_cli("check", EXAMPLES / "ro-crate", "-f", "json")
    assert {Path(s).name for s in json.loads(result.stdout)["sources"]} == {"ro-crate-metadata.json"}


def test_directory_without_metadata_exits_two(run_cli: RunCli, write: Write) -> None:
    """A directory with no metadata file in it is a usage error, not a silent pass."""
    readme = write("docs/README.md", "# nothing to check here")
    result = run_cli("check", readme.parent)
    assert result.exit_code == 2
    assert "holds no metadata file" in result.stderr


def test_missing_shapes_file_exits_two_even_when_records_fail(run_cli: RunCli, write: Write, tmp_path: Path) -> None:
    """A --shapes file that does not exist stops the run, whatever the records are."""
    broken = write("broken.jsonld", "{")
    result = run_cli("check", broken, "--shapes", tmp_path / "missing.ttl")
    assert result.exit_code == 2
    assert "missing.ttl" in result.stderr


def test_unknown_profile_exits_two(run_cli: RunCli) -> None:
    """An unknown --profile is an error naming the available profiles."""
    result = run_cli("check", GOOD, "--profile", "nope")
    assert result.exit_code == 2
    assert "schemaorg-dataset" in result.stderr


def test_bad_option_exits_two(run_cli: RunCli) -> None:
    """Click usage errors exit 2."""
    assert run_cli("check", GOOD, "--format", "yaml").exit_code == 2
    assert run_cli("check", GOOD, "--input-format", "docx").exit_code == 2


def test_unreadable_shapes_exit_two(run_cli: RunCli, write: Write) -> None:
    """A shapes file that does not parse stops the run with exit 2 naming the file."""
    shapes = write("bad-shapes.ttl", "this is not turtle")
    result = run_cli("check", GOOD, "--shapes", shapes)
    assert result.exit_code == 2
    assert "bad-shapes.ttl" in result.stderr


def test_text_output_is_grouped_by_file_and_has_no_colour_codes(run_cli: RunCli) -> None:
    """Text output names each file once, shows fixes, and has no ANSI codes off a TTY."""
    result = run_cli("check", BAD, GOOD)
    assert result.stdout.count(BAD.name) == 1
    assert "fix:" in result.stdout
    assert "\x1b[" not in result.stdout
    assert f"ok {GOOD}" in result.stdout.replace("\\", "/") or "ok " in result.stdout


def test_quiet_and_verbose(run_cli: RunCli) -> None:
    """-q drops warnings below --fail-on; -v adds records and the checks that ran."""
    quiet = run_cli("check", BAD, "-q").stdout
    assert "warning FM-" not in quiet and "error   FM-F2-101" in quiet
    verbose = run_cli("check", BAD, "-v").stdout
    assert "shacl: ran" in verbose and "record " in verbose


def test_skipped_check_is_reported_with_a_reason(run_cli: RunCli, write: Write) -> None:
    """A record no profile applies to is reported as skipped, with why, in -v and JSON."""
    path = write("person.jsonld", '{"@context": "https://schema.org/", "@type": "Person", "name": "Ada"}')
    result = run_cli("check", path, "-f", "json")
    assert result.exit_code == 0
    checks = json.loads(result.stdout)["checks"]
    skipped = [c for c in checks if c["status"] == "skipped"]
    assert skipped and "schema:Person" in skipped[0]["detail"]


def test_profiles_lists_every_profile(run_cli: RunCli) -> None:
    """`fairmeta profiles` prints one line per profile with a description, then the RO-Crate family."""
    shipped, family = run_cli("profiles").stdout.strip().split("\n\n")
    lines = shipped.splitlines()
    assert [line.split()[0] for line in lines] == ["ro-crate", "bioschemas-dataset", "dcat-ap", "schemaorg-dataset"]
    assert all(len(line.split()) > 3 for line in lines)
    members = [line.split()[0] for line in family.splitlines()[1:]]
    for expected in ("ro-crate-1.1", "ro-crate-1.2", "workflow-ro-crate-1.0", "workflow-run-crate-0.5"):
        assert expected in members
    assert {
        "process-run-crate-0.5",
        "provenance-run-crate-0.5",
        "workflow-testing-ro-crate-0.1",
        "isa-ro-crate",
    } <= set(members)


def test_rules_lists_codes(run_cli: RunCli) -> None:
    """`fairmeta rules` lists system and profile rules."""
    out = run_cli("rules").stdout
    for code in ("FM-SYS-001", "FM-F2-101", "FM-R1.1-204", "FM-F3-322", "FM-R1.2-407"):
        assert code in out


def test_python_dash_m_and_no_color(tmp_path: Path) -> None:
    """`python -m fairmeta` works in a subprocess; NO_COLOR keeps ANSI codes out."""
    env = {"NO_COLOR": "1", "PATH": "", "PYTHONPATH": str(REPO)}
    proc = subprocess.run(
        [sys.executable, "-m", "fairmeta", "check", str(BAD)], capture_output=True, text=True, env=env, timeout=120
    )
    assert proc.returncode == 1
    assert "FM-F2-101" in proc.stdout
    assert "\x1b[" not in proc.stdout
    assert proc.stderr == ""
    version = subprocess.run([sys.executable, "-m", "fairmeta", "--version"], capture_output=True, text=True, env=env)
    assert version.returncode == 0 and version.stdout.startswith("fairmeta ")


class _Terminal:
    """A text stream that says it is a terminal."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, text: str) -> int:
        self.parts.append(text)
        return len(text)

    def flush(self) -> None:
        """Nothing to flush."""

    def isatty(self) -> bool:
        return True


def test_colour_only_on_a_terminal_and_never_with_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    """The text reporter colours a TTY, and NO_COLOR turns that off."""
    from fairmeta import check
    from fairmeta.reporters.text import TextReporter

    report = check(BAD)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    terminal = _Terminal()
    TextReporter().write(report, terminal)  # type: ignore[arg-type]
    assert "\x1b[" in "".join(terminal.parts)
    monkeypatch.setenv("NO_COLOR", "1")
    plain = _Terminal()
    TextReporter().write(report, plain)  # type: ignore[arg-type]
    assert "\x1b[" not in "".join(plain.parts)
    assert "FM-F2-101" in "".join(plain.parts)


def test_standard_input(tmp_path: Path) -> None:
    """`fairmeta check -` reads one record from standard input and sniffs its syntax."""
    env = {"NO_COLOR": "1", "PATH": "", "PYTHONPATH": str(REPO)}
    proc = subprocess.run(
        [sys.executable, "-m", "fairmeta", "check", "-", "-q"],
        input=BAD.read_bytes(),
        capture_output=True,
        env=env,
        timeout=120,
        cwd=tmp_path,
    )
    assert proc.returncode == 1
    assert b"<stdin>" in proc.stdout and b"FM-F2-101" in proc.stdout
