"""`fairmeta fix`: applies safe fixes in place keeping layout and mode; --diff writes nothing."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from fairmeta import check

from .conftest import RunCli, Write

RECORD = """{
  "@context": "http://schema.org",
  "@type": "Dataset",
  "name": "Rainfall in Bergen",
  "description": "Daily rainfall at five stations in Bergen, Norway, from 2015 to 2024.",
  "identifier": "doi:10.5281/zenodo.7654321",
  "license": "CC BY 4.0",
  "keywords": ["rain",   "Bergen"]
}
"""
FIXED_CODES = {"FM-I1-020", "FM-F1-020", "FM-R1.1-020"}


@pytest.fixture(name="record")
def _record(write: Write) -> Path:
    path = write("rain.jsonld", RECORD)
    path.chmod(0o640)
    return path


def test_fix_applies_all_three_and_recheck_is_clean(record: Path, run_cli: RunCli) -> None:
    """Free-text licence, doi: identifier and http context are fixed; the re-check has none of them."""
    before = {f.code for f in check(record).findings}
    assert before >= FIXED_CODES
    result = run_cli("fix", record)
    assert "3 fix(es) applied" in result.stdout
    document = json.loads(record.read_text(encoding="utf-8"))
    assert document["@context"] == "https://schema.org/"
    assert document["identifier"] == "https://doi.org/10.5281/zenodo.7654321"
    assert document["license"] == "https://spdx.org/licenses/CC-BY-4.0"
    assert not FIXED_CODES & {f.code for f in check(record).findings}
    assert '"keywords": ["rain",   "Bergen"]' in record.read_text(encoding="utf-8")  # layout kept
    assert stat.S_IMODE(record.stat().st_mode) == 0o640  # mode kept
    assert not list(record.parent.glob("*.tmp"))


def test_diff_prints_and_leaves_the_file_byte_identical(record: Path, run_cli: RunCli) -> None:
    """--diff shows a unified diff of the three changes and writes nothing."""
    original = record.read_bytes()
    result = run_cli("fix", record, "--diff")
    assert result.exit_code == 1  # there are changes to make
    assert record.read_bytes() == original
    assert '-  "license": "CC BY 4.0",' in result.stdout
    assert '+  "license": "https://spdx.org/licenses/CC-BY-4.0",' in result.stdout
    assert result.stdout.count("would fix") == 3


def test_nothing_to_fix(run_cli: RunCli, write: Write) -> None:
    """A file without fixable findings is left alone; --diff exits 0."""
    path = write("ok.jsonld", json.dumps({"@context": "https://schema.org/", "@type": "Dataset", "name": "x"}))
    original = path.read_bytes()
    assert run_cli("fix", path, "--diff").exit_code == 0
    run_cli("fix", path)
    assert path.read_bytes() == original


def test_unparseable_file_is_never_written(run_cli: RunCli, write: Write) -> None:
    """A file that does not parse is reported and left byte-identical."""
    path = write("broken.jsonld", '{"@context": "http://schema.org", "license": "CC BY 4.0",')
    original = path.read_bytes()
    result = run_cli("fix", path)
    assert "not fixed: it could not be loaded (invalid JSON" in result.stdout
    assert path.read_bytes() == original


def test_unsafe_fixes_need_the_flag(run_cli: RunCli, write: Write) -> None:
    """An unsafe edit (declaring a Bioschemas profile) is applied only with --unsafe-fixes."""
    path = write(
        "bio.jsonld", json.dumps({"@context": "https://schema.org/", "@type": "Dataset", "name": "x"}, indent=2)
    )
    run_cli("fix", path, "--profile", "bioschemas-dataset")
    assert "conformsTo" not in path.read_text(encoding="utf-8")
    run_cli("fix", path, "--profile", "bioschemas-dataset", "--unsafe-fixes")
    assert "https://bioschemas.org/profiles/Dataset/1.0-RELEASE" in path.read_text(encoding="utf-8")
    assert "FM-R1.3-207" not in {f.code for f in check(path, profile="bioschemas-dataset").findings}


def test_turtle_fix_keeps_comments_and_layout(run_cli: RunCli, write: Write) -> None:
    """Turtle values are replaced in place: comments, prefixes and spacing survive."""
    path = write(
        "rain.ttl",
        "@prefix schema: <https://schema.org/> .\n\n# hand-written\n<https://e.org/d> a schema:Dataset ;\n"
        '    schema:identifier "10.5281/zenodo.7654321" ;   # legacy id\n    schema:license "MIT License" .\n',
    )
    run_cli("fix", path)
    text = path.read_text(encoding="utf-8")
    assert "# hand-written" in text and "# legacy id" in text
    assert 'schema:identifier "https://doi.org/10.5281/zenodo.7654321" ;   # legacy id' in text
    assert "schema:license <https://spdx.org/licenses/MIT> ." in text
    assert not {"FM-F1-020", "FM-R1.1-020"} & {f.code for f in check(path).findings}


def test_same_value_on_several_records_is_fixed_everywhere(run_cli: RunCli, write: Write) -> None:
    """Two records with the same free-text licence both get fixed in one run."""
    path = write(
        "tools.ttl",
        "@prefix schema: <http://schema.org/> .\n"
        '<https://e.org/a> a schema:Dataset ; schema:name "A" ; schema:license "MIT" .\n'
        '<https://e.org/b> a schema:Dataset ; schema:name "B" ; schema:license "MIT" .\n',
    )
    assert sum(f.code == "FM-R1.1-020" for f in check(path).findings) == 2
    result = run_cli("fix", path)
    assert result.stdout.count("fixed FM-R1.1-020") == 2
    assert path.read_text(encoding="utf-8").count("<https://spdx.org/licenses/MIT>") == 2
