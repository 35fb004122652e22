"""DataCite (JSON, XML) and Crossref works JSON are checked through the crosswalk to schema.org."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from fairmeta import check
from fairmeta.loaders.crosswalk import CROSSWALK_FORMATS
from fairmeta.model import Report
from fairmeta.records import JsonPointerLocator

from .conftest import CORPUS, RunCli, Write, percent

DATACITE_JSON: dict[str, Any] = {
    "doi": "10.5281/zenodo.1234",
    "url": "https://zenodo.org/records/1234",
    "types": {"resourceTypeGeneral": "Dataset", "resourceType": "Soil samples"},
    "creators": [
        {
            "name": "Carberry, Josiah",
            "nameType": "Personal",
            "givenName": "Josiah",
            "familyName": "Carberry",
            "nameIdentifiers": [{"nameIdentifier": "0000-0002-1825-0097", "nameIdentifierScheme": "ORCID"}],
            "affiliation": [{"name": "Brown University", "affiliationIdentifier": "https://ror.org/05gq02987"}],
        }
    ],
    "titles": [{"title": "Soil moisture of the Lake District"}, {"title": "SMLD", "titleType": "AlternativeTitle"}],
    "publisher": "Zenodo",
    "publicationYear": "2024",
    "subjects": [{"subject": "soil moisture"}, {"subject": "hydrology"}],
    "dates": [{"date": "2024-05-17", "dateType": "Issued"}, {"date": "2019/2023", "dateType": "Collected"}],
    "descriptions": [
        {
            "description": "Hourly soil moisture at twelve stations of the Lake District, 2019 to 2023.",
            "descriptionType": "Abstract",
        }
    ],
    "rightsList": [{"rights": "CC BY 4.0", "rightsUri": "https://creativecommons.org/licenses/by/4.0/"}],
    "relatedIdentifiers": [
        {"relatedIdentifier": "10.1038/sdata.2016.18", "relatedIdentifierType": "DOI", "relationType": "References"},
        {"relatedIdentifier": "10.1000/cited", "relatedIdentifierType": "DOI", "relationType": "IsCitedBy"},
        {"relatedIdentifier": "10.1000/paper", "relatedIdentifierType": "DOI", "relationType": "IsSupplementTo"},
    ],
}

DATACITE_XML = """<?xml version="1.0" encoding="UTF-8"?>
<resource xmlns="http://datacite.org/schema/kernel-4">
  <identifier identifierType="DOI">10.5281/ZENODO.1234</identifier>
  <creators>
    <creator>
      <creatorName nameType="Personal">Carberry, Josiah</creatorName>
      <nameIdentifier nameIdentifierScheme="ORCID">https://orcid.org/0000-0002-1825-0097</nameIdentifier>
    </creator>
  </creators>
  <titles>
    <title>Soil moisture of the Lake District</title>
  </titles>
  <publisher>Zenodo</publisher>
  <publicationYear>2024</publicationYear>
  <resourceType resourceTypeGeneral="Dataset">Soil samples</resourceType>
  <descriptions>
    <description descriptionType="Abstract">Short.</description>
  </descriptions>
</resource>
"""

CROSSREF_WORK: dict[str, Any] = {
    "status": "ok",
    "message-type": "work",
    "message": {
        "DOI": "10.7554/elife.01567",
        "type": "journal-article",
        "title": ["Automated quantitative histology"],
        "author": [
            {"given": "Martial", "family": "Sankar", "ORCID": "http://orcid.org/0000-0002-1825-0097"},
            {"given": "Kaisa", "family": "Nieminen"},
        ],
        "publisher": "eLife Sciences Publications, Ltd",
        "issued": {"date-parts": [[2014, 2, 11]]},
        "license": [{"URL": "http://creativecommons.org/licenses/by/3.0/", "content-version": "vor"}],
        "container-title": ["eLife"],
        "ISSN": ["2050-084X"],
        "reference": [{"key": "r1", "DOI": "10.1038/sdata.2016.18"}, {"key": "r2", "unstructured": "A book."}],
        "volume": "3",
        "member": "4374",
    },
}


def _report(write: Write, name: str, content: str) -> Report:
    return check(write(name, content), offline=True)


def _codes(report: Report) -> list[str]:
    return [f.code for f in report.findings]


def test_datacite_json_is_checked_as_schema_org_with_its_own_pointers(write: Write) -> None:
    report = _report(write, "record.json", json.dumps(DATACITE_JSON, indent=2))
    assert [r.id for r in report.records] == ["https://doi.org/10.5281/zenodo.1234"]
    assert report.checks[0].detail == "format: datacite-json"
    assert "FM-R1.1-107" not in _codes(report) and "FM-F2-102" not in _codes(report)
    record = report.records[0]
    assert percent(record.score.overall if record.score else None) > 60
    # The creator's ORCID and affiliation ROR were carried: no "has no identifier" for them.
    assert not [f for f in report.findings if f.code in ("FM-I3-503", "FM-I3-504") and "Carberry" in f.message]
    # A relation neither schema.org nor Dublin Core names is kept as dct:relation and named.
    note = next(f for f in report.findings if f.code == "FM-SYS-009")
    assert "relatedIdentifiers (IsSupplementTo: kept as a plain dct:relation)" in note.message
    assert "IsCitedBy" not in note.message  # carried as dct:isReferencedBy
    assert "FM-I3-010" not in _codes(report)


def test_datacite_json_without_rights_gets_the_licence_error_at_the_record(write: Write) -> None:
    record = {k: v for k, v in DATACITE_JSON.items() if k != "rightsList"}
    report = _report(write, "record.json", json.dumps({"data": {"id": "x", "type": "dois", "attributes": record}}))
    licence = [f for f in report.findings if f.code == "FM-R1.1-107"]
    assert len(licence) == 1
    assert licence[0].severity.value == "error"
    assert licence[0].location.pointer == "/data/attributes"  # the REST API's record, in the user's file


def test_datacite_xml_findings_carry_the_lines_of_the_xml(write: Write) -> None:
    report = _report(write, "record.xml", DATACITE_XML)
    assert report.checks[0].detail == "format: datacite-xml"
    assert [r.id for r in report.records] == ["https://doi.org/10.5281/ZENODO.1234"]
    by_code = {f.code: f for f in report.findings}
    assert by_code["FM-R1.1-107"].location.line == 2  # <resource>
    assert by_code["FM-F2-103"].location.line == 17  # the too-short <description>
    assert by_code["FM-F2-103"].location.value == "Short."
    assert by_code["FM-F2-103"].location.pointer is None


def test_datacite_xml_with_entities_is_refused_before_parsing(write: Write) -> None:
    hostile = DATACITE_XML.replace(
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<?xml version="1.0"?><!DOCTYPE resource [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
    ).replace("<publisher>Zenodo</publisher>", "<publisher>&x;</publisher>")
    report = _report(write, "record.xml", hostile)
    assert _codes(report) == ["FM-SYS-005"]
    assert not report.records


def test_crossref_work_maps_licence_references_and_container(write: Write) -> None:
    report = _report(write, "work.json", json.dumps(CROSSREF_WORK, indent=1))
    assert report.checks[0].detail == "format: crossref-json"
    assert [r.id for r in report.records] == ["https://doi.org/10.7554/elife.01567"]
    codes = _codes(report)
    assert "FM-R1.1-010" not in codes  # the licence URL was carried
    assert "FM-I3-010" not in codes  # the DOI reference became a citation
    note = next(f for f in report.findings if f.code == "FM-SYS-009")
    assert "reference (1 without a DOI)" in note.message and "volume" in note.message
    assert "member" not in note.message  # Crossref's own bookkeeping is not metadata of the work
    unidentified = [f for f in report.findings if f.code == "FM-I3-503"]
    assert [f.location.pointer for f in unidentified] == ["/message/author/1"]  # Sankar's ORCID was carried


def test_crossref_work_list_gives_one_record_per_work(write: Write) -> None:
    works = [dict(CROSSREF_WORK["message"], DOI=f"10.5555/{i}") for i in range(3)]
    document = {"message-type": "work-list", "message": {"items": works, "total-results": 3}}
    report = _report(write, "works.json", json.dumps(document))
    assert [r.id for r in report.records] == [f"https://doi.org/10.5555/{i}" for i in range(3)]
    empty = {"message-type": "work-list", "message": {"items": []}}
    assert _codes(_report(write, "none.json", json.dumps(empty))) == ["FM-SYS-006"]


def test_input_format_datacite_refuses_other_json(write: Write, run_cli: RunCli) -> None:
    path = write("other.json", json.dumps({"name": "not DataCite"}))
    report = check(path, offline=True, input_format="datacite")
    assert _codes(report) == ["FM-SYS-006"]
    assert "not DataCite metadata" in report.findings[0].message
    forced = check(write("r.json", json.dumps(DATACITE_JSON)), offline=True, input_format="datacite-json")
    assert forced.checks[0].detail == "format: datacite-json"
    result = run_cli("check", "--offline", "--input-format", "crossref", path)
    assert result.exit_code == 1


def test_json_ld_is_never_taken_for_datacite(write: Write) -> None:
    document = {"@context": "https://schema.org/", "@type": "Dataset", **DATACITE_JSON}
    report = _report(write, "record.jsonld", json.dumps(document))
    assert report.checks[0].detail == "format: json-ld"


def test_fix_leaves_crosswalked_records_alone(write: Write, run_cli: RunCli) -> None:
    path = write("work.json", json.dumps(CROSSREF_WORK))
    before = path.read_bytes()
    result = run_cli("fix", "--unsafe-fixes", path)
    assert path.read_bytes() == before
    assert "crossref-json" in result.stdout or "0 fix(es)" in result.stdout


def _resolves(document: Any, pointer: str) -> bool:
    return JsonPointerLocator(document, "").resolve(pointer) is not None


def _corpus_records() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    names = [
        *sorted((CORPUS / "xml").glob("datacite-*.xml")),
        *sorted((CORPUS / "jsonld").glob("bolognese__datacite*.json")),
        *sorted((CORPUS / "jsonld").glob("fuji-zenodo8347772__datacite*.json")),
        *sorted((CORPUS / "publications" / "metadata").glob("commonmeta_crossref_*.json")),
        *sorted((CORPUS / "publications" / "metadata").glob("commonmeta_datacite_*.json")),
    ]
    return names


# bolognese's own broken fixtures: its specs expect these to be refused
BROKEN = {
    "bolognese__datacite_software_missing_comma.json": "Invalid JSON",
    "bolognese__datacite_software_overlapping_keys.json": "appears twice",
}


@pytest.mark.parametrize("path", _corpus_records(), ids=lambda p: p.name)
def test_corpus_datacite_and_crossref_records_are_checked_with_scores(path: Path) -> None:
    report = check(path, offline=True)
    if path.name in BROKEN:
        assert [f.code for f in report.findings] == ["FM-SYS-001"]
        assert BROKEN[path.name] in report.findings[0].message
        return
    detail = report.checks[0].detail or ""
    assert detail.removeprefix("format: ") in CROSSWALK_FORMATS
    assert report.records and all(r.score is not None and (r.score.percent or 0) > 30 for r in report.records)
    assert not [f for f in report.findings if f.code.startswith("FM-SYS") and f.code != "FM-SYS-009"]
    assert not [f for f in report.findings if f.code == "FM-I1-001"]  # every IRI made is a valid IRI
    if path.suffix == ".json":
        document = json.loads(path.read_text(encoding="utf-8"))
        pointers = [f.location.pointer for f in report.findings if f.location.pointer is not None]
        assert pointers and all(_resolves(document, p) for p in pointers)
    else:
        lines = path.read_text(encoding="utf-8").count("\n") + 1
        located = [f.location.line for f in report.findings if f.location.line is not None]
        assert located and all(1 <= line <= lines for line in located)
        assert all(f.location.pointer is None for f in report.findings)


def test_both_datacite_json_forms_of_one_record_get_one_verdict(corpus: Path) -> None:
    """The F-UJI Zenodo reference as content negotiation and as REST API answer: same score, same codes."""
    forms = [corpus / "jsonld" / f"fuji-zenodo8347772__{name}.json" for name in ("datacite", "datacite-api-dois")]
    reports = [check(path, offline=True) for path in forms]
    scores = [r.records[0].score for r in reports]
    assert all(s is not None for s in scores)
    assert [(s.overall.earned, s.overall.total) for s in scores if s] == [(18.5, 21.5), (18.5, 21.5)]
    codes = [sorted(f.code for f in r.findings) for r in reports]
    assert codes[0] == codes[1]
