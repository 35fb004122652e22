"""Broken and hostile inputs: one-line findings naming the file, exit 1, no traceback, no leak, fast."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from fairmeta import check

from .conftest import RunCli, Write

SECRET = "fairmeta-secret-7f3a"

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:schema="http://schema.org/">
  <schema:Dataset rdf:about="https://example.org/d"><schema:name>&lol9;</schema:name></schema:Dataset>
</rdf:RDF>
"""


def xxe(secret_file: Path) -> str:
    """RDF/XML whose entity points at a local file."""
    return f"""<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [ <!ENTITY secret SYSTEM "{secret_file.as_uri()}"> ]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:schema="http://schema.org/">
  <schema:Dataset rdf:about="https://example.org/d"><schema:name>&secret;</schema:name></schema:Dataset>
</rdf:RDF>
"""


CASES: dict[str, tuple[str | bytes, str]] = {
    "truncated.jsonld": ('{"@context": "https://schema.org/", "@type": "Dataset", "name": "Trunc', "FM-SYS-001"),
    "broken.ttl": (
        '@prefix schema: <http://schema.org/> .\n<https://e.org/d> a schema:Dataset ;\n schema:name "x .\n',
        "FM-SYS-001",
    ),
    "bomb.rdf": (BILLION_LAUGHS, "FM-SYS-005"),
    "empty.jsonld": ("", "FM-SYS-001"),
    "no-context.json": ('{"name": "plain JSON without a context"}', "FM-SYS-006"),
    "not-utf8.ttl": (b"\xff\xfe\x00garbage", "FM-SYS-001"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_file_gives_one_line_finding(name: str, write: Write, run_cli: RunCli) -> None:
    """Each broken file gives exactly one finding with its code, exit 1, and no traceback."""
    content, code = CASES[name]
    path = write(name, content)
    started = time.monotonic()
    result = run_cli("check", path)
    elapsed = time.monotonic() - started
    assert result.exit_code == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert code in result.stdout
    assert path.name in result.stdout
    assert elapsed < 10
    report = check(path)
    assert [f.code for f in report.findings] == [code]
    finding = report.findings[0]
    assert "\n" not in finding.message
    assert finding.location.source.endswith(name)
    assert finding.fix is not None and finding.fix.message


def test_external_entity_is_refused_without_reading_the_file(tmp_path: Path, write: Write, run_cli: RunCli) -> None:
    """An RDF/XML entity pointing at a local file is refused and the file's content never appears."""
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    path = write("xxe.rdf", xxe(secret))
    result = run_cli("check", path, "--format", "json")
    assert result.exit_code == 1
    assert SECRET not in result.stdout + result.stderr
    report = check(path)
    assert [f.code for f in report.findings] == ["FM-SYS-005"]


def test_bomb_finishes_quickly(write: Write) -> None:
    """The billion-laughs document is refused before any expansion."""
    path = write("bomb.rdf", BILLION_LAUGHS)
    started = time.monotonic()
    report = check(path)
    assert time.monotonic() - started < 5
    assert report.findings[0].code == "FM-SYS-005"


def test_syntax_error_reports_line(write: Write) -> None:
    """A Turtle syntax error carries the line the parser reported, and no quoted file content."""
    path = write("broken.ttl", CASES["broken.ttl"][0])
    finding = check(path).findings[0]
    assert finding.location.line == 3
    assert "schema:name" not in finding.message


def test_truncated_json_reports_position(write: Write) -> None:
    """Truncated JSON names the JSON error and its line."""
    path = write("t.jsonld", '{\n "@context": "https://schema.org/",\n "name": "x"')
    finding = check(path).findings[0]
    assert finding.code == "FM-SYS-001"
    assert "line 3" in finding.message


def test_invalid_iri_is_reported_and_dropped(write: Write) -> None:
    """A key with a space expands to an invalid IRI: one finding, and the other checks still run."""
    path = write(
        "space.jsonld", '{"@context": "https://schema.org/", "@type": "Dataset", "name": "x", "alternate name": "y"}'
    )
    report = check(path)
    codes = [f.code for f in report.findings]
    assert codes.count("FM-I1-001") == 1
    assert "FM-F2-102" in codes  # SHACL still ran
    assert (
        next(f for f in report.findings if f.code == "FM-I1-001").location.value == "http://schema.org/alternate name"
    )


def test_bom_is_accepted(write: Write) -> None:
    """A UTF-8 byte-order mark before JSON-LD is dropped, not an error."""
    path = write("bom.jsonld", "\ufeff" + '{"@context": "https://schema.org/", "@type": "Dataset", "name": "BOM"}')
    report = check(path)
    assert not [f for f in report.findings if f.code.startswith("FM-SYS")]
    assert len(report.records) == 1


def test_xml_that_is_not_rdf_is_refused(write: Write) -> None:
    """ISO 19115 XML is not read as RDF/XML (rdflib would invent statements from element names);
    DataCite XML, the other XML of research data, is read through its crosswalk (test_crosswalk)."""
    path = write(
        "iso.xml",
        '<?xml version="1.0"?>\n<MD_Metadata xmlns="http://www.isotc211.org/2005/gmd"><fileIdentifier/></MD_Metadata>\n',
    )
    report = check(path)
    assert [f.code for f in report.findings] == ["FM-SYS-001"]
    assert "not RDF/XML or DataCite XML" in report.findings[0].message
    assert not report.records
