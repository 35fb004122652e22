"""Property-based tests: whatever JSON-LD, Turtle or CSV a user hands fairmeta, the contract holds.

For every generated input, ``check()`` returns a report (never raises, no check crashes: no
FM-SYS-002), every finding names the file and a declared rule, and checking the same input again gives the same report. The number of
examples per property is stated (EXAMPLES) so the suite's length is known; hypothesis' database
is off so a run does not depend on earlier runs.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fairmeta import check
from fairmeta.model import Report
from fairmeta.rules import rule_by_code

from .conftest import REPO

EXAMPLES = 60  # per property
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=True,  # the same examples on every run: a failure is reproducible from the log
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

KEYS = [
    "@context", "@id", "@type", "@graph", "@value", "@language", "@list", "@reverse", "name", "description",
    "license", "identifier", "creator", "author", "url", "about", "keywords", "distribution", "conformsTo",
    "datePublished", "hasPart", "isPartOf", "sameAs", "citation", "version", "encodingFormat", "contentUrl",
]  # fmt: skip
TYPES = ["Dataset", "Person", "Organization", "DataDownload", "CreativeWork", "File", "SoftwareSourceCode", "x:y"]
CONTEXTS: list[Any] = [
    "https://schema.org/",
    "http://schema.org",
    "https://w3id.org/ro/crate/1.1/context",
    {"@vocab": "https://schema.org/"},
    ["https://schema.org/", {"ex": "https://example.org/"}],
]
scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=24)
    | st.sampled_from(TYPES)
    | st.sampled_from(["https://doi.org/10.5281/zenodo.1", "./", "#x", "_:b0", "doi:10.1/x", "ORCID:0000"])
)
json_values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=8), children, max_size=5)
    ),
    max_leaves=30,
)
documents = st.tuples(st.sampled_from(CONTEXTS), json_values).map(
    lambda pair: {"@context": pair[0], **pair[1]} if isinstance(pair[1], dict) else pair[1]
)

TURTLE = [
    "@prefix s: <http://schema.org/> .", "@base <http://e.org/> .", "<http://e.org/x>", "<x>", "a", "s:Dataset",
    "s:Person", ";", ".", ",", "s:name", "s:license", "s:creator", "s:identifier", '"x"', '"x"@en', "'''y'''",
    '"1"^^<http://www.w3.org/2001/XMLSchema#integer>', "[", "]", "(", ")", "_:b", "1", "-1.5e3", "true",
    "<https://spdx.org/licenses/MIT>", "<https://doi.org/10.5281/zenodo.1>", "#c\n", "\n",
]  # fmt: skip
turtle_texts = st.lists(st.sampled_from(TURTLE) | st.text(max_size=6), max_size=40).map(" ".join)

COLUMNS = ["sample_id", "organism", "collection_date", "tissue", "sex", "age", "notes"]
cells = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=12) | st.sampled_from(
    ["NCBITaxon:9606", "2024-01-01", "UBERON:0002107", "", "NA", '"', "a,b", "1e9"]
)
tables = st.tuples(
    st.lists(st.sampled_from(COLUMNS) | st.text(max_size=6), min_size=1, max_size=5),
    st.lists(st.lists(cells, max_size=6), max_size=6),
)


def _contract(report: Report, path: Path) -> None:
    """What every report must be: findings about this file, each from a declared rule."""
    for finding in report.findings:
        assert finding.location.source == str(path)
        assert finding.message and finding.code
        assert finding.code != "FM-SYS-002", finding.message  # a check that crashed is a bug, not a verdict
        if not finding.code.startswith(("LINKML:", "JSONSCHEMA:", "ROCRATE:")):
            assert rule_by_code(finding.code) is not None, finding.code
    loaded = [c for c in report.checks if c.check == "load"]
    assert loaded, "every source is loaded or reported as unloadable"


def _twice(path: Path, **options: Any) -> Report:
    first = check(path, offline=True, **options)
    second = check(path, offline=True, **options)
    assert first.to_dict() == second.to_dict()
    return first


@SETTINGS
@given(document=documents)
def test_any_json_ld_gives_a_report(tmp_path_factory: Any, document: Any) -> None:
    path = tmp_path_factory.mktemp("jsonld") / "record.jsonld"
    path.write_text(json.dumps(document), encoding="utf-8")
    _contract(_twice(path), path)


@SETTINGS
@given(data=st.binary(max_size=200) | json_values.map(lambda v: json.dumps(v).encode()[:-1]))
def test_any_bytes_named_json_ld_give_a_report(tmp_path_factory: Any, data: bytes) -> None:
    path = tmp_path_factory.mktemp("bytes") / "record.jsonld"
    path.write_bytes(data)
    _contract(check(path, offline=True), path)


@SETTINGS
@given(text=turtle_texts)
def test_any_turtle_gives_a_report(tmp_path_factory: Any, text: str) -> None:
    path = tmp_path_factory.mktemp("turtle") / "record.ttl"
    path.write_text(text, encoding="utf-8")
    _contract(_twice(path), path)


@SETTINGS
@given(table=tables, delimiter=st.sampled_from([",", "\t"]))
def test_any_sample_sheet_gives_a_report(tmp_path_factory: Any, table: Any, delimiter: str) -> None:
    header, rows = table
    suffix = ".csv" if delimiter == "," else ".tsv"
    path = tmp_path_factory.mktemp("sheet") / f"samples{suffix}"
    lines = [delimiter.join(header), *(delimiter.join(row) for row in rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _contract(_twice(path, schema=REPO / "shapes" / "sample-sheet.yaml"), path)


DATACITE_KEYS = [
    "doi", "identifiers", "alternateIdentifiers", "url", "types", "titles", "creators", "contributors", "publisher",
    "publicationYear", "dates", "subjects", "language", "version", "rightsList", "descriptions", "sizes",
    "formats", "geoLocations", "fundingReferences", "relatedIdentifiers", "relatedItems", "container",
    "nameIdentifiers", "affiliation", "name", "givenName", "nameType", "title", "titleType", "date", "dateType",
    "rightsUri", "rightsIdentifier", "description", "descriptionType", "geoLocationPoint", "pointLatitude",
    "geoLocationBox", "geoLocationPolygon", "polygonPoint", "funderName", "funderIdentifier", "awardNumber",
    "relatedIdentifier", "relatedIdentifierType", "relationType", "resourceTypeGeneral", "subject", "valueUri",
]  # fmt: skip
CROSSREF_KEYS = [
    "DOI", "URL", "type", "title", "subtitle", "author", "editor", "given", "family", "ORCID", "affiliation",
    "publisher", "issued", "published", "date-parts", "license", "abstract", "subject", "container-title", "ISSN",
    "funder", "award", "reference", "relation", "id", "id-type", "link", "content-type", "resource", "primary",
]  # fmt: skip
DATACITE_VALUES = ["Dataset", "Personal", "Organizational", "Issued", "IsPartOf", "References", "DOI", "ORCID",
                   "10.5281/zenodo.1", "0000-0002-1825-0097", "https://ror.org/05gq02987", "Abstract"]  # fmt: skip


def _shaped(keys: list[str]) -> Any:
    values = scalars | st.sampled_from(DATACITE_VALUES)
    return st.recursive(
        values,
        lambda children: st.lists(children, max_size=3) | st.dictionaries(st.sampled_from(keys), children, max_size=5),
        max_leaves=30,
    )


@SETTINGS
@given(
    body=st.dictionaries(st.sampled_from(DATACITE_KEYS), _shaped(DATACITE_KEYS), max_size=10),
    wrap=st.sampled_from(["flat", "api", "list"]),
)
def test_any_datacite_shaped_json_gives_a_report(tmp_path_factory: Any, body: dict[str, Any], wrap: str) -> None:
    body = {"titles": [{"title": "T"}], "types": {"resourceTypeGeneral": "Dataset"}, **body}
    document: Any = {"flat": body, "api": {"data": {"attributes": body}}, "list": {"data": [{"attributes": body}]}}[
        wrap
    ]
    path = tmp_path_factory.mktemp("datacite") / "record.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    _contract(_twice(path), path)


@SETTINGS
@given(body=st.dictionaries(st.sampled_from(CROSSREF_KEYS), _shaped(CROSSREF_KEYS), max_size=10))
def test_any_crossref_shaped_json_gives_a_report(tmp_path_factory: Any, body: dict[str, Any]) -> None:
    document = {"message-type": "work", "message": {"DOI": "10.1/x", "title": ["T"], **body}}
    path = tmp_path_factory.mktemp("crossref") / "work.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    _contract(_twice(path), path)
