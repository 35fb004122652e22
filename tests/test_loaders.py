"""Loaders: every syntax, format detection, one record per described resource, locators."""

from __future__ import annotations

import json

import pytest

from fairmeta import check
from fairmeta.loaders.formats import format_from_extension, normalise_format, sniff

from .conftest import Write

DATASET_TTL = """@prefix schema: <https://schema.org/> .
<https://e.org/d1> a schema:Dataset ;
    schema:name "One" .
"""
SYNTAXES = {
    "d.ttl": DATASET_TTL,
    "d.nt": "<https://e.org/d1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://schema.org/Dataset> .\n"
    '<https://e.org/d1> <http://schema.org/name> "One" .\n',
    "d.nq": "<https://e.org/d1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://schema.org/Dataset> <https://e.org/g> .\n"
    '<https://e.org/d1> <http://schema.org/name> "One" <https://e.org/g> .\n',
    "d.trig": '@prefix schema: <http://schema.org/> .\n<https://e.org/g> { <https://e.org/d1> a schema:Dataset ; schema:name "One" . }\n',
    "d.n3": DATASET_TTL,
    "d.rdf": '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
    'xmlns:schema="http://schema.org/">\n  <schema:Dataset rdf:about="https://e.org/d1">\n'
    "    <schema:name>One</schema:name>\n  </schema:Dataset>\n</rdf:RDF>\n",
    "d.jsonld": '{"@context": "http://schema.org", "@id": "https://e.org/d1", "@type": "Dataset", "name": "One"}',
    "d.html": '<!DOCTYPE html><html><head><title>x</title>\n<script type="application/ld+json">\n'
    '{"@context": "https://schema.org/", "@id": "https://e.org/d1", "@type": "Dataset", "name": "One"}\n'
    "</script></head><body>hello</body></html>\n",
    "d.json": '{"@context": "https://schema.org", "@id": "https://e.org/d1", "@type": "Dataset", "name": "One"}',
    "d.unknownext": DATASET_TTL,
}


@pytest.mark.parametrize("name", sorted(SYNTAXES))
def test_every_syntax_loads_to_the_same_record(name: str, write: Write) -> None:
    """Each syntax yields one schema:Dataset record (http and https schema.org alike)."""
    report = check(write(name, SYNTAXES[name]))
    assert not [f for f in report.findings if f.code.startswith("FM-SYS")], report.findings
    assert [(r.id, r.types, r.profiles) for r in report.records] == [
        ("https://e.org/d1", ("http://schema.org/Dataset",), ("schemaorg-dataset",))
    ]
    assert "FM-F2-101" not in {f.code for f in report.findings}  # the name was understood


def test_input_format_overrides_the_extension(write: Write) -> None:
    """--input-format wins over a misleading extension."""
    path = write("really-turtle.jsonld", DATASET_TTL)
    assert check(path).findings[0].code == "FM-SYS-001"
    assert len(check(path, input_format="turtle").records) == 1


def test_format_detection() -> None:
    """Extensions name formats; .json and unknown extensions are sniffed."""
    assert format_from_extension("a/b.TTL") == "turtle"
    assert format_from_extension("x.json") is None
    assert sniff('  {"a": 1}') == "json-ld"
    assert sniff("<?xml version='1.0'?><rdf:RDF/>") == "xml"
    assert sniff("<!DOCTYPE html><html>") == "html"
    assert sniff("@prefix x: <http://x/> .") == "turtle"
    assert sniff("<http://a> <http://b> <http://c> <http://g> .") == "nquads"
    assert sniff("hello world") is None
    assert normalise_format("RDFXML") == "xml"


def test_graph_of_datasets_gives_one_record_each(write: Write) -> None:
    """A JSON-LD @graph of datasets gives one record per dataset, with pointers."""
    doc = {
        "@context": "https://schema.org/",
        "@graph": [
            {"@id": "https://e.org/a", "@type": "Dataset", "name": "A"},
            {
                "@id": "https://e.org/b",
                "@type": "Dataset",
                "name": "B",
                "includedInDataCatalog": {"@type": "DataCatalog", "name": "Cat"},
            },
        ],
    }
    report = check(write("g.jsonld", json.dumps(doc)))
    assert [(r.id, r.pointer) for r in report.records] == [
        ("https://e.org/a", "/@graph/0"),
        ("https://e.org/b", "/@graph/1"),
    ]


def test_json_array_of_datasets(write: Write) -> None:
    """A top-level JSON array of datasets (bolognese style) gives one record per element."""
    doc = [{"@context": "https://schema.org/", "@type": "Dataset", "name": n} for n in ("A", "B", "C")]
    report = check(write("list.json", json.dumps(doc)))
    assert sorted(r.pointer or "" for r in report.records) == ["/0", "/1", "/2"]
    assert {r.id for r in report.records} == {"_:/0", "_:/1", "_:/2"}


def test_dcat_catalogue_gives_catalogue_and_datasets(write: Write) -> None:
    """A DCAT catalogue is a record, and so is each dataset it lists; lines point at them."""
    ttl = """@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
<https://e.org/cat> a dcat:Catalog ;
    dcat:dataset <https://e.org/ds1>, <https://e.org/ds2> .
<https://e.org/ds1> a dcat:Dataset .
<https://e.org/ds2> a dcat:Dataset ;
    dct:title "Two" .
"""
    report = check(write("cat.ttl", ttl))
    assert [(r.id, r.line) for r in report.records] == [
        ("https://e.org/cat", 3),
        ("https://e.org/ds1", 5),
        ("https://e.org/ds2", 6),
    ]
    title = [f for f in report.findings if f.code == "FM-F2-311"]
    assert [f.record for f in title] == ["https://e.org/ds1"]
    assert title[0].location.line == 5


def test_rocrate_root_is_the_only_record(write: Write) -> None:
    """An RO-Crate yields its root data entity only, not every Dataset (directory) in it."""
    crate = {
        "@context": "https://w3id.org/ro/crate/1.1/context",
        "@graph": [
            {
                "@id": "ro-crate-metadata.json",
                "@type": "CreativeWork",
                "about": {"@id": "./"},
                "conformsTo": {"@id": "https://w3id.org/ro/crate/1.1"},
            },
            {"@id": "./", "@type": "Dataset", "name": "Crate", "hasPart": [{"@id": "data/"}]},
            {"@id": "data/", "@type": "Dataset", "name": "A directory"},
        ],
    }
    report = check(write("ro-crate-metadata.json", json.dumps(crate)))
    assert [(r.id, r.profiles, r.pointer) for r in report.records] == [("./", ("ro-crate",), "/@graph/1")]
    missing = {f.code: f for f in report.findings}
    assert {"FM-F2-405", "FM-R1.1-408", "FM-R1.2-406"} <= set(missing)
    assert missing["FM-F2-405"].location.pointer == "/@graph/1"


def test_pointer_of_a_nested_value(write: Write) -> None:
    """A finding on a nested blank node points at the array element that holds it."""
    doc = {
        "@context": "https://schema.org/",
        "@id": "https://e.org/d",
        "@type": "Dataset",
        "name": "x",
        "distribution": [
            {"@type": "DataDownload", "contentUrl": "https://e.org/f.csv", "encodingFormat": "text/csv"},
            {"@type": "DataDownload", "encodingFormat": "application/zip"},
        ],
    }
    report = check(write("nested.jsonld", json.dumps(doc)))
    finding = next(f for f in report.findings if f.code == "FM-F3-115")
    assert finding.location.pointer == "/distribution/1"
    assert finding.location.focus_node == "_:/distribution/1"


def test_profile_is_chosen_from_conformsto_and_type(write: Write) -> None:
    """Bioschemas conformsTo picks bioschemas-dataset; a plain Dataset schemaorg-dataset; DCAT dcat-ap."""
    bio: dict[str, object] = {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "name": "x",
        "dct:conformsTo": "https://bioschemas.org/profiles/Dataset/1.0-RELEASE",
    }
    assert check(write("b.jsonld", json.dumps(bio))).records[0].profiles == ("bioschemas-dataset",)
    bio["dct:conformsTo"] = {"@id": "https://bioschemas.org/profiles/Dataset/1.0-RELEASE"}
    assert check(write("b2.jsonld", json.dumps(bio))).records[0].profiles == ("bioschemas-dataset",)
    plain = {"@context": "https://schema.org/", "@type": "Dataset", "name": "x"}
    assert check(write("p.jsonld", json.dumps(plain))).records[0].profiles == ("schemaorg-dataset",)


def test_untyped_graph_still_has_a_record(write: Write) -> None:
    """A graph without any known type falls back to its root subject."""
    report = check(write("thing.ttl", '<https://e.org/x> <https://e.org/p> "v" .\n'))
    assert [r.id for r in report.records] == ["https://e.org/x"]
    assert [c.status for c in report.checks if c.check == "shacl"] == ["skipped"]


def test_top_level_object_is_the_record_when_no_type_is_describable(write: Write) -> None:
    """A JSON-LD document about a Service (not a dataset) describes its top-level object, not a nested funder."""
    doc = {
        "@context": "https://schema.org/",
        "@type": ["Service", "WebSite"],
        "@id": "https://e.org/repo",
        "name": "A repository",
        "provider": {"@id": "https://e.org/repo"},
        "funder": {
            "@type": "FundingAgency",
            "@id": "https://doi.org/10.13039/100000001",
            "parentOrganization": {"@type": "FundingAgency", "@id": "https://doi.org/10.13039/100000002"},
        },
    }
    report = check(write("service.jsonld", json.dumps(doc)))
    assert [r.id for r in report.records] == ["https://e.org/repo"]
