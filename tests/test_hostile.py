"""Hostile input: every case ends in the documented contract, never a traceback or a hang.

The contract (docs/limits.md): an input that cannot be read (a FIFO, a device, a folder that cannot
be listed, a file too deep, too large or with refused content) is a failed source with a one-line
FM-SYS error naming it, exit 1; usage, configuration and schema errors are one line on stderr,
exit 2; control characters never reach the terminal.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from fairmeta import check
from fairmeta.errors import FairmetaError
from fairmeta.files import MAX_JSON_DEPTH, UnreadableFileError, printable, read_file

from .conftest import REPO, RunCli, Write

DATASET = '{"@context": "https://schema.org/", "@type": "Dataset", "name": "Rain", "version": %s}'
SHEET_SCHEMA = """id: https://example.org/sheet
name: sheet
prefixes: {linkml: https://w3id.org/linkml/}
imports: [linkml:types]
default_range: string
classes:
  Sample:
    attributes:
      sample_id: {identifier: true}
      code: {pattern: "%s"}
"""


def _cli(*args: str, timeout: float = 120, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    """The real command in a subprocess, so that a hang is a failed test, not a stuck suite."""
    env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(REPO), "FAIRMETA_OFFLINE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "fairmeta", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        input=stdin.decode() if stdin is not None else None,
    )


def _one_failure(path: Path, expected: str, schema: Path | None = None) -> None:
    report = check(path, offline=True, schema=schema)
    assert [f.code for f in report.findings] == ["FM-SYS-001"], report.findings
    assert expected in report.findings[0].message
    assert len(report.unchecked_sources()) == 1


def test_a_fifo_on_the_command_line_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "record.jsonld"
    os.mkfifo(fifo)
    proc = _cli("check", str(fifo), timeout=60)
    assert proc.returncode == 1
    assert "record.jsonld" in proc.stdout and "named pipe (FIFO), not a regular file" in proc.stdout
    assert "Traceback" not in proc.stderr


def test_a_fifo_is_refused_when_documents_are_checked_too(tmp_path: Path) -> None:
    """With --schema, a .json is first peeked at (LinkML instance or JSON-LD?): that must not block."""
    fifo = tmp_path / "samples.json"
    os.mkfifo(fifo)
    schema = REPO / "shapes" / "sample-sheet.yaml"
    proc = _cli("check", "--schema", str(schema), str(fifo), timeout=60)
    assert proc.returncode == 1
    assert "named pipe (FIFO), not a regular file" in proc.stdout


def test_a_link_to_a_device_is_refused_not_read_forever(tmp_path: Path) -> None:
    link = tmp_path / "zero.jsonld"
    link.symlink_to("/dev/zero")
    _one_failure(link, "a character device, not a regular file".capitalize())


def test_a_folder_walk_reports_pipes_and_devices_instead_of_skipping_them(tmp_path: Path) -> None:
    (tmp_path / "good.jsonld").write_text(DATASET % '"1"', encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.jsonld")
    (tmp_path / "null.json").symlink_to("/dev/null")
    report = check(tmp_path, offline=True)
    failed = sorted(f.location.source.rsplit("/", 1)[-1] for f in report.findings if f.code == "FM-SYS-001")
    assert failed == ["null.json", "pipe.jsonld"]
    assert len(report.records) == 1


def test_a_folder_that_cannot_be_listed_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "good.jsonld").write_text(DATASET % '"1"', encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    real_scandir = os.scandir

    def scandir(path: str = ".") -> Any:
        if Path(os.fsdecode(path)) == locked:
            raise PermissionError(13, "Permission denied", os.fspath(locked))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    report = check(tmp_path, offline=True)
    refused = [f for f in report.findings if f.code == "FM-SYS-001"]
    assert [f.location.source.rsplit("/", 1)[-1] for f in refused] == ["locked"]
    assert len(report.records) == 1


def test_an_unreadable_folder_above_does_not_break_configuration_discovery(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = tmp_path / "deep" / "record.jsonld"
    record.parent.mkdir()
    record.write_text(DATASET % '"1"', encoding="utf-8")
    real_exists = Path.exists

    def exists(self: Path, *args: object, **kwargs: object) -> bool:
        if self.parent == tmp_path:
            raise PermissionError(13, "Permission denied", str(self))
        return real_exists(self)

    monkeypatch.setattr(Path, "exists", exists)
    from fairmeta.config import resolve_config

    assert resolve_config([str(record)]).file is None


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("[" * (MAX_JSON_DEPTH + 1) + "]" * (MAX_JSON_DEPTH + 1), f"nested deeper than {MAX_JSON_DEPTH} levels"),
        ("[" * 100_000 + "]" * 100_000, f"nested deeper than {MAX_JSON_DEPTH} levels"),
        (DATASET % ("9" * 5000), "a number has more than 4,300 digits"),
        (DATASET % "NaN", "NaN is not a JSON number"),
        (DATASET % "-Infinity", "-Infinity is not a JSON number"),
        ('{"@context": "https://schema.org/", "name": "a", "name": "b"}', "the key 'name' appears twice"),
    ],
    ids=["deep", "very-deep", "long-number", "nan", "infinity", "duplicate-key"],
)
def test_json_that_is_not_data_is_refused(write: Write, content: str, expected: str) -> None:
    _one_failure(write("record.jsonld", content), expected)


def test_nesting_up_to_the_limit_is_still_checked(write: Write) -> None:
    depth = MAX_JSON_DEPTH - 2
    about = '{"@type": "Thing", "about": ' * depth + '"x"' + "}" * depth
    report = check(write("record.jsonld", DATASET.replace('"version": %s', f'"about": {about}')), offline=True)
    assert len(report.records) == 1 and not [f for f in report.findings if f.code.startswith("FM-SYS")]


def test_turtle_too_deep_or_with_endless_numbers_is_refused(write: Write) -> None:
    head = "@prefix s: <http://schema.org/> . <http://e.org/x> a s:Dataset ; s:about "
    _one_failure(write("deep.ttl", head + "[ s:about " * 20_000 + "1" + " ]" * 20_000 + " ."), "nesting too deep")
    _one_failure(write("long.ttl", head + "9" * 5000 + " ."), "a number has more than 4,300 digits")


def test_generalized_rdf_is_not_rdf(write: Write) -> None:
    """Found by the fuzzer: rdflib's Turtle parser accepts a literal as predicate; no check can read it."""
    _one_failure(write("odd.ttl", '<https://e.org/x> 0 "y" .\n'), "the literal '0' is used as a predicate")
    _one_failure(write("odd.n3", '"s" <https://e.org/p> "y" .\n'), "used as a subject")


def test_size_is_enforced_on_the_bytes_read(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonld"
    path.write_bytes(b" " * 2000)
    with pytest.raises(UnreadableFileError, match="larger than 1,000 bytes"):
        read_file(path, 1000)
    assert len(read_file(path, 2000)) == 2000


def test_standard_input_is_bounded_like_a_file(monkeypatch: pytest.MonkeyPatch) -> None:
    from fairmeta import files

    monkeypatch.setattr(files, "MAX_INPUT_BYTES", 10)

    class Stdin:
        buffer = io.BytesIO(b"x" * 100)

    monkeypatch.setattr(sys, "stdin", Stdin)
    with pytest.raises(UnreadableFileError, match="larger than 10 bytes"):
        files.stdin_bytes(files.MAX_INPUT_BYTES)


def _xlsx_without_sheets() -> bytes:
    from openpyxl import Workbook

    buffer = io.BytesIO()
    Workbook().save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/workbook.xml":
                text = data.decode()
                start, end = text.index("<sheets>"), text.index("</sheets>") + len("</sheets>")
                data = (text[:start] + "<sheets/>" + text[end:]).encode()
            target.writestr(item, data)
    return out.getvalue()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"not a zip", "not a ZIP archive"),
        (b"PK\x03\x04broken", "not a ZIP archive"),
        (_xlsx_without_sheets(), "workbook"),
    ],
    ids=["not-zip", "broken-zip", "no-worksheet"],
)
def test_xlsx_edge_cases_are_one_line_errors(write: Write, content: bytes, expected: str) -> None:
    path = write("sheet.xlsx", content)
    _one_failure(path, expected, schema=REPO / "shapes" / "sample-sheet.yaml")


def test_an_xlsx_that_unzips_to_too_much_is_refused_unread(write: Write, monkeypatch: pytest.MonkeyPatch) -> None:
    from fairmeta.tabular import read

    monkeypatch.setattr(read, "MAX_XLSX_EXPANDED", 1000)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * 100_000)
    with pytest.raises(read.TableError, match="unzips to more than 1,000 bytes"):
        read.read_xlsx(buffer.getvalue())


def test_yaml_alias_bombs_are_refused(write: Write) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    path = write("bomb.yaml", "\n".join(lines) + "\n")
    report = check(path, offline=True, schema=REPO / "shapes" / "sample-sheet.yaml")
    assert [f.code for f in report.findings] == ["FM-SYS-001"]
    assert "more than 2,000,000 values" in report.findings[0].message


def test_an_invalid_schema_pattern_is_a_one_line_schema_error(write: Write, run_cli: RunCli) -> None:
    schema = write("schema.yaml", SHEET_SCHEMA % "([a-z")
    sheet = write("sheet.tsv", "sample_id\tcode\ns1\tabc\n")
    result = run_cli("check", "--offline", "--schema", schema, sheet)
    assert result.exit_code == 2
    assert "slot 'code': the pattern '([a-z' is not a valid regular expression" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    with pytest.raises(FairmetaError, match="not a valid regular expression"):
        check(sheet, offline=True, schema=schema)


def test_a_catastrophic_schema_pattern_is_bounded_not_waited_for(write: Write) -> None:
    schema = write("schema.yaml", SHEET_SCHEMA % "^(a|aa)+$")
    sheet = write("sheet.tsv", "sample_id\tcode\ns1\t" + "a" * 60 + "b\ns2\taa\n")
    proc = _cli("check", "--offline", "--schema", str(schema), str(sheet), timeout=90)
    assert proc.returncode == 1
    assert "was not checked against" in proc.stdout and "took over 1 s" in proc.stdout
    assert "row 2" not in proc.stdout  # the value the pattern decides in time is judged as usual


def test_a_json_schema_pattern_is_validated_and_bounded(write: Write, run_cli: RunCli) -> None:
    bad = write("bad.schema.json", json.dumps({"properties": {"code": {"pattern": "(["}}}))
    document = write("doc.json", json.dumps({"code": "a" * 60 + "b"}))
    result = run_cli("check", "--offline", "--json-schema", bad, document)
    assert result.exit_code == 2 and "not a valid regular expression" in result.stderr
    slow = write("slow.schema.json", json.dumps({"properties": {"code": {"pattern": "^(a|aa)+$"}}}))
    report = check(document, offline=True, json_schema=slow)
    assert [f.code for f in report.findings] == ["JSONSCHEMA:pattern"]
    assert "took over 1 s" in report.findings[0].message


def test_offline_never_fetches_linkml_imports(write: Write, run_cli: RunCli) -> None:
    schema = write(
        "schema.yaml",
        (SHEET_SCHEMA % "^a+$").replace("imports: [linkml:types]", "imports: [linkml:types, https://example.org/x]"),
    )
    sheet = write("sheet.tsv", "sample_id\tcode\ns1\taaa\n")
    result = run_cli("check", "--offline", "--schema", schema, sheet)
    assert result.exit_code == 2
    assert "imports https://example.org/x, which is not a local file and is not fetched offline" in result.stderr


def test_control_characters_never_reach_the_terminal(tmp_path: Path) -> None:
    name = tmp_path / "evil\x1b[2Jname.jsonld"
    name.write_text(DATASET % '"1\\u001b]0;pwned\\u0007"', encoding="utf-8")
    for output in ("text", "github", "junit", "markdown"):
        proc = _cli("check", "--format", output, str(name), str(tmp_path / "missing\x1bx.jsonld"), timeout=60)
        assert "\x1b" not in proc.stdout + proc.stderr and "\x07" not in proc.stdout + proc.stderr
    proc = _cli("check", str(name), timeout=60)
    assert "evil\\x1b[2Jname.jsonld" in proc.stdout
    proc = _cli("check", str(tmp_path / "missing\x1bx.jsonld"), timeout=60)
    assert proc.returncode == 2 and "missing\\x1bx.jsonld: no such file or directory" in proc.stderr


def test_printable_escapes_controls_and_bidirectional_overrides() -> None:
    assert printable("plain") == "plain"
    assert printable("a\x1b[31mb\r\nc\u202ed\x85") == "a\\x1b[31mb\\x0d\\x0ac\\u202ed\\x85"
    assert printable("Zürich – 東京") == "Zürich – 東京"
