"""Configuration files: discovery, validation, precedence, and the finding policy they set."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fairmeta.config import ConfigError, find_config, load_config
from fairmeta.selectors import code_matches

from .conftest import EXAMPLES, RunCli

BAD = EXAMPLES / "schemaorg-dataset" / "bad" / "no-name-no-description.jsonld"


@pytest.fixture(name="project")
def _project(tmp_path: Path) -> Path:
    """A metadata repository with a record in a subfolder."""
    (tmp_path / "records").mkdir()
    (tmp_path / "records" / "rain.jsonld").write_text(BAD.read_text(encoding="utf-8"), encoding="utf-8")
    return tmp_path


def test_unknown_key_exits_two_naming_it(project: Path, run_cli: RunCli) -> None:
    """An unknown key in fairmeta.toml makes `fairmeta check` exit 2 and name the key and the file."""
    (project / "fairmeta.toml").write_text('profile = "schemaorg-dataset"\nfail_on = "warning"\n', encoding="utf-8")
    result = run_cli("check", project / "records" / "rain.jsonld")
    assert result.exit_code == 2
    assert "'fail_on'" in result.stderr and "fairmeta.toml" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("fail-on = 3\n", ["'fail-on'", "one of error"]),
        ('select = "FM-F1"\n', ["'select'", "list of rule codes"]),
        ("min-score = 120\n", ["'min-score'", "0 to 100"]),
        ('offline = "yes"\n', ["'offline'", "true or false"]),
        ('[severity]\n"FM-F1" = "fatal"\n', ["'severity.FM-F1'"]),
        ("target-class = 3\n", ["'target-class'", "a string"]),
        ('ontologies = ["go.obo"]\n', ["go.obo", "ontology file not found"]),
        ('expected-terms = {"schema:about" = "GO"}\n', ["'expected-terms.schema:about'", "a list of strings"]),
        ("not toml at all [\n", ["invalid TOML"]),
    ],
)
def test_wrong_values_exit_two(content: str, words: list[str], project: Path, run_cli: RunCli) -> None:
    """A value of the wrong type (or a feature this version lacks) is a one-line error, exit 2."""
    (project / ".fairmeta.toml").write_text(content, encoding="utf-8")
    result = run_cli("check", project / "records")
    assert result.exit_code == 2
    for word in words:
        assert word in result.stderr


def test_pyproject_table_is_found_upward(project: Path, run_cli: RunCli) -> None:
    """[tool.fairmeta] in a pyproject.toml above the records applies; --fail-on on the command line wins."""
    (project / "pyproject.toml").write_text(
        '[project]\nname = "x"\n[tool.fairmeta]\nignore = ["FM-F2-101", "FM-F2-102"]\n', encoding="utf-8"
    )
    assert find_config(project / "records") == (project / "pyproject.toml").resolve()
    result = run_cli("check", project / "records" / "rain.jsonld", "-f", "json")
    codes = {f["code"] for f in json.loads(result.stdout)["findings"]}
    assert "FM-F2-101" not in codes and "FM-F3-115" in codes
    assert result.exit_code == 0  # the only errors were ignored
    assert run_cli("check", project / "records" / "rain.jsonld", "--fail-on", "warning").exit_code == 1


def test_pyproject_without_table_is_skipped(project: Path) -> None:
    """A pyproject.toml without [tool.fairmeta] does not stop the search."""
    (project / "records" / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    (project / "fairmeta.toml").write_text("offline = true\n", encoding="utf-8")
    assert find_config(project / "records" / "rain.jsonld") == (project / "fairmeta.toml").resolve()


def test_select_severity_and_per_file_ignores(project: Path, run_cli: RunCli) -> None:
    """select keeps only matching codes, [severity] overrides levels, per-file-ignores by glob."""
    (project / "fairmeta.toml").write_text(
        'select = ["FM-F2", "FM-F3"]\n[severity]\n"FM-F3-115" = "error"\n[per-file-ignores]\n"records/**" = ["FM-F2-102"]\n',
        encoding="utf-8",
    )
    findings = json.loads(run_cli("check", project / "records", "-f", "json").stdout)["findings"]
    codes = {f["code"] for f in findings}
    assert codes and all(c.startswith(("FM-F2", "FM-F3")) for c in codes)
    assert "FM-F2-102" not in codes and "FM-F2-101" in codes
    assert next(f for f in findings if f["code"] == "FM-F3-115")["severity"] == "error"


def test_config_command_shows_values_and_origins(project: Path, run_cli: RunCli) -> None:
    """`fairmeta config` prints the effective settings and where each came from."""
    (project / "fairmeta.toml").write_text('profile = "dcat-ap"\nmin-score = 50\n', encoding="utf-8")
    out = run_cli("config", project / "records", "--config", project / "fairmeta.toml").stdout
    assert "profile" in out and "dcat-ap" in out and "fairmeta.toml" in out
    assert "fail-on" in out and "[default]" in out
    isolated = run_cli("config", project, "--isolated").stdout
    assert "(none found; defaults)" in isolated


def test_config_values_drive_the_run(project: Path, run_cli: RunCli) -> None:
    """min-score and fail-on from the file change the exit code; --isolated ignores the file."""
    (project / "fairmeta.toml").write_text('min-score = 95\nignore = ["FM-F2-101", "FM-F2-102"]\n', encoding="utf-8")
    record = project / "records" / "rain.jsonld"
    assert run_cli("check", record).exit_code == 1  # below 95 %
    assert run_cli("check", record, "--min-score", "10").exit_code == 0
    assert run_cli("check", record, "--isolated").exit_code == 1  # the name/description errors are back


def test_code_matching_is_segment_wise() -> None:
    """FM-A1 selects A1, A1.1 and A1.2 but FM-F1 never selects a future FM-F10; SHACL selects user shapes."""
    assert code_matches("FM-A1", "FM-A1.1-010")
    assert code_matches("FM-A1", "FM-A1-010")
    assert not code_matches("FM-F1", "FM-F10-001")
    assert code_matches("FM-F1-010", "FM-F1-010")
    assert not code_matches("FM-F1-010", "FM-F1-011")
    assert code_matches("SHACL", "SHACL:MinCountConstraintComponent")
    assert code_matches("ALL", "FM-SYS-001")


def test_shapes_paths_are_relative_to_the_file(tmp_path: Path) -> None:
    """shapes = [...] resolve against the configuration file's folder."""
    (tmp_path / "fairmeta.toml").write_text('shapes = ["my/shapes.ttl"]\n', encoding="utf-8")
    assert load_config(tmp_path / "fairmeta.toml").shapes == (tmp_path / "my" / "shapes.ttl",)
    (tmp_path / "fairmeta.toml").write_text("shapes = [1]\n", encoding="utf-8")
    with pytest.raises(ConfigError):
        load_config(tmp_path / "fairmeta.toml")
