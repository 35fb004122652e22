"""Verdicts users can trust: references are not records, URL templates are not broken IRIs,
a missing licence is an error everywhere, conformsTo may list profiles, own shapes with inference."""

from __future__ import annotations

import json
from pathlib import Path

from fairmeta import check

from .conftest import RunCli, Write

CRATE_ROOT = {
    "@id": "./",
    "@type": "Dataset",
    "name": "Field notebook scans",
    "description": "Scans of the 2023 field notebooks.",
    "datePublished": "2024-03-01",
    "license": {"@id": "https://spdx.org/licenses/CC-BY-4.0"},
    "publisher": {"@id": "https://ror.org/02catss52"},
}


def _codes(path: Path, **options: object) -> list[str]:
    return [f.code for f in check(path, offline=True, **options).findings]  # type: ignore[arg-type]


def test_a_cited_dataset_given_by_id_is_a_reference_not_a_record(write: Write) -> None:
    """{"@type": "Dataset", "@id": ...} under citation gets no "no name / no description" findings."""
    path = write(
        "cites.jsonld",
        json.dumps(
            {
                "@context": "https://schema.org/",
                "@type": "Dataset",
                "@id": "https://doi.org/10.5281/zenodo.8347772",
                "name": "Soil moisture",
                "description": "Hourly soil moisture at 12 stations, 2019-2023.",
                "license": "https://spdx.org/licenses/CC-BY-4.0",
                "citation": {"@type": "Dataset", "@id": "https://doi.org/10.23725/2g4s-qv04"},
            }
        ),
    )
    report = check(path, offline=True)
    assert [r.id for r in report.records] == ["https://doi.org/10.5281/zenodo.8347772"]
    on_citation = [f for f in report.findings if f.location.focus_node == "https://doi.org/10.23725/2g4s-qv04"]
    assert not [f for f in on_citation if f.origin == "shacl"], on_citation


def test_search_action_url_template_is_not_an_invalid_iri(write: Write) -> None:
    """Google's documented SearchAction target template keeps its braces without an FM-I1-001."""
    path = write(
        "catalog.jsonld",
        json.dumps(
            {
                "@context": "https://schema.org/",
                "@type": "DataCatalog",
                "name": "Cat",
                "potentialAction": {
                    "@type": "SearchAction",
                    "target": "https://example.org/search?q={query_string}",
                    "query-input": "required name=query_string",
                },
            }
        ),
    )
    assert "FM-I1-001" not in _codes(path)
    broken = write(
        "broken.jsonld",
        json.dumps({"@context": "https://schema.org/", "@type": "Dataset", "sameAs": "https://e.org/x{y}"}),
    )
    assert "FM-I1-001" in _codes(broken)


def test_no_licence_anywhere_is_an_error_in_every_profile(write: Write) -> None:
    """schema.org and DCAT-AP (Bioschemas and RO-Crate already had it): no licence anywhere is an error."""
    base = {"@context": "https://schema.org/", "name": "Soil moisture", "description": "Hourly soil moisture."}
    schemaorg = write("d.jsonld", json.dumps({**base, "@type": "Dataset"}))
    errors = [f for f in check(schemaorg, offline=True).findings if f.principle and f.principle.value == "R1.1"]
    assert any(f.code == "FM-R1.1-107" and f.severity.value == "error" for f in errors)
    on_distribution = write(
        "d2.jsonld",
        json.dumps(
            {
                **base,
                "@type": "Dataset",
                "distribution": {
                    "@type": "DataDownload",
                    "contentUrl": "https://e.org/a.csv",
                    "license": "https://spdx.org/licenses/CC0-1.0",
                },
            }
        ),
    )
    assert not {"FM-R1.1-107", "FM-R1.1-010"} & set(_codes(on_distribution))
    software = write("s.jsonld", json.dumps({**base, "@type": "SoftwareSourceCode"}))
    found = [f for f in check(software, offline=True).findings if f.code.startswith("FM-R1.1")]
    assert [f.code for f in found] == ["FM-R1.1-010"]  # no profile applies: the metric test says it once
    dcat = write(
        "d.ttl",
        """@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
<https://example.org/d> a dcat:Dataset ; dct:title "Air quality"@en ; dct:description "Hourly air quality."@en ;
    dcat:distribution <https://example.org/d.csv> .
<https://example.org/d.csv> a dcat:Distribution ; dcat:accessURL <https://example.org/data> .
""",
    )
    assert any(f.code == "FM-R1.1-328" and f.severity.value == "error" for f in check(dcat, offline=True).findings)


def test_descriptor_may_list_profiles_beside_the_specification(tmp_path: Path) -> None:
    """conformsTo with RO-Crate 1.1 and a profile is valid; without any RO-Crate IRI it is an error."""
    crate = tmp_path / "crate"
    crate.mkdir()
    descriptor = {
        "@id": "ro-crate-metadata.json",
        "@type": "CreativeWork",
        "conformsTo": [
            {"@id": "https://w3id.org/ro/crate/1.1"},
            {"@id": "https://w3id.org/workflowhub/workflow-ro-crate/1.0"},
        ],
        "about": {"@id": "./"},
    }
    path = crate / "ro-crate-metadata.json"
    path.write_text(
        json.dumps({"@context": "https://w3id.org/ro/crate/1.1/context", "@graph": [descriptor, CRATE_ROOT]})
    )
    assert "FM-R1.3-402" not in _codes(path)
    descriptor["conformsTo"] = [{"@id": "https://w3id.org/workflowhub/workflow-ro-crate/1.0"}]
    path.write_text(
        json.dumps({"@context": "https://w3id.org/ro/crate/1.1/context", "@graph": [descriptor, CRATE_ROOT]})
    )
    found = [f for f in check(path, offline=True).findings if f.code == "FM-R1.3-402"]
    assert found and found[0].severity.value == "error"


SHAPES = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <https://example.org/> .
ex:AnimalShape a sh:NodeShape ; sh:targetClass ex:Animal ;
    sh:property [ sh:path ex:name ; sh:minCount 1 ; sh:message "An animal needs a name." ] .
"""
DATA = """@prefix ex: <https://example.org/> .
ex:rex a ex:Dog .
"""
ONTOLOGY = """@prefix ex: <https://example.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:Dog rdfs:subClassOf ex:Animal .
"""


def test_own_shapes_see_class_hierarchies_through_ont_graph(write: Write, run_cli: RunCli) -> None:
    """Without the vocabulary the Dog is no Animal (conforms); with --ont-graph and --inference it is checked."""
    shapes, data, ontology = write("s.ttl", SHAPES), write("d.ttl", DATA), write("o.ttl", ONTOLOGY)
    plain = run_cli("check", "--offline", "--no-score", "--shapes", shapes, data, "-f", "json")
    assert not [f for f in json.loads(plain.stdout)["findings"] if f["origin"] == "shacl"]
    for extra in (["--ont-graph", ontology], ["--ont-graph", ontology, "--inference", "rdfs"]):
        result = run_cli("check", "--offline", "--no-score", "--shapes", shapes, *extra, data, "-f", "json")
        messages = [f["message"] for f in json.loads(result.stdout)["findings"] if f["origin"] == "shacl"]
        assert messages == ["An animal needs a name."], (extra, result.stdout[-500:])
    inferred = run_cli(
        "check", "--offline", "--no-score", "--shapes", shapes, "--inference", "rdfs", write("d2.ttl", DATA + ONTOLOGY)
    )
    assert "An animal needs a name." in inferred.stdout


RULE_SHAPES = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <https://example.org/> .
ex:DogRule a sh:NodeShape ; sh:targetClass ex:Dog ;
    sh:rule [ a sh:TripleRule ; sh:subject sh:this ; sh:predicate <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> ;
              sh:object ex:Animal ] .
"""


def test_shacl_af_rules_apply_on_a_copy_and_plain_shapes_in_place(write: Write) -> None:
    """Rules still infer (the Dog becomes an Animal that needs a name) without writing into the source's
    graph; shapes without rules validate the source's own graph, which stays as it was."""
    from fairmeta.checks.base import CheckContext, RunState
    from fairmeta.checks.shacl import ShaclCheck
    from fairmeta.loaders import load_path
    from fairmeta.loaders.contexts import ContextResolver

    data = write("d.ttl", DATA)
    with_rules = write("rules.ttl", RULE_SHAPES + SHAPES.split("\n", 2)[2])
    result = check(data, shapes=[with_rules], offline=True)
    assert [f.message for f in result.findings if f.origin == "shacl"] == ["An animal needs a name."]
    for shapes in (with_rules, write("s.ttl", SHAPES)):
        loaded = load_path(data, str(data), input_format=None, resolver=ContextResolver())
        assert loaded.graph is not None
        before = sorted(loaded.graph)
        shacl = ShaclCheck(user_shapes=(shapes,))
        list(shacl.check(loaded, CheckContext(check=shacl, source=loaded, run=RunState())))
        assert sorted(loaded.graph) == before, shapes.name


def test_shapes_pyshacl_cannot_run_are_a_one_line_usage_error(write: Write, run_cli: RunCli) -> None:
    """A SPARQL constraint without a query, or with one that does not parse: exit 2, the file named."""
    data = write("d.ttl", "@prefix ex: <https://example.org/> . ex:a a ex:Thing .\n")
    head = "@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix ex: <https://example.org/> .\n"
    for name, constraint in (
        ("no-query.ttl", '[ a sh:SPARQLConstraint ; sh:message "x" ]'),
        ("bad-query.ttl", '[ a sh:SPARQLConstraint ; sh:select "SELECT $this WHERE { FILTER(" ]'),
    ):
        shapes = write(name, head + f"ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; sh:sparql {constraint} .\n")
        result = run_cli("check", "--offline", "--shapes", shapes, data)
        assert result.exit_code == 2, result.stdout
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and name in lines[0] and "pyshacl cannot run" in lines[0], result.stderr


CODEMETA = {
    "@context": "https://doi.org/10.5063/schema/codemeta-2.0",
    "@type": "SoftwareSourceCode",
    "name": "fairmeta",
    "description": "Checks FAIR metadata.",
    "license": "https://spdx.org/licenses/Apache-2.0",
    "codeRepository": "https://github.com/fairmeta/fairmeta",
}
UNKNOWN_CONTEXT = "https://w3id.org/ro/terms/unknown/context"


def test_codemeta_and_dcat_ap_contexts_are_bundled(write: Write) -> None:
    """CodeMeta 2.0/3.0 and DCAT-AP 3 documents are read offline, without --allow-remote-context."""
    report = check(write("codemeta.json", json.dumps(CODEMETA)), offline=True)
    assert [r.types for r in report.records] == [("http://schema.org/SoftwareSourceCode",)]
    assert not report.unchecked_sources()
    dcat = {
        "@context": "https://semiceu.github.io/uri.semic.eu-generated/DCAT-AP/releases/3.0.1/context/dcat-ap.jsonld",
        "@id": "https://example.org/d",
        "@type": "Dataset",
        "title": {"@value": "Air quality", "@language": "en"},
    }
    report = check(write("dcat.jsonld", json.dumps(dcat)), offline=True)
    assert [r.types for r in report.records] == [("http://www.w3.org/ns/dcat#Dataset",)]


def test_an_unread_context_leaves_records_unchecked_and_says_so(write: Write, run_cli: RunCli) -> None:
    """A refused context: an error counting the node objects left unchecked; the summary says the
    source was not checked and the run has no score as if it had been."""
    document = {
        "@context": UNKNOWN_CONTEXT,
        "@graph": [{"@id": "#a", "@type": "Thing"}, {"@id": "#b", "@type": "Thing"}],
    }
    path = write("run.jsonld", json.dumps(document))
    report = check(path, offline=True)
    (finding,) = report.findings
    assert finding.code == "FM-SYS-004" and "all 2 node object(s)" in finding.message
    assert report.unchecked_sources() == [str(path)] and report.scores is None
    result = run_cli("check", "--offline", path)
    assert result.exit_code == 1 and "1 source(s) NOT checked" in result.stdout
    data = json.loads(run_cli("check", "--offline", path, "-f", "json").stdout)
    assert data["summary"]["unchecked_sources"] == 1 and data["scores"] is None


def test_a_context_can_be_mapped_to_a_local_copy(write: Write, run_cli: RunCli) -> None:
    """--context URL=FILE and [tool.fairmeta.contexts] read a remote context from a local file."""
    copy = write("ctx.jsonld", json.dumps({"@context": {"@vocab": "http://schema.org/"}}))
    document = {
        "@context": UNKNOWN_CONTEXT,
        "@type": "Dataset",
        "name": "x",
        "license": "https://spdx.org/licenses/CC0-1.0",
    }
    path = write("mapped.jsonld", json.dumps(document))
    result = run_cli("check", "--offline", "--isolated", "--context", f"{UNKNOWN_CONTEXT}={copy}", path, "-f", "json")
    data = json.loads(result.stdout)
    assert data["summary"]["records"] == 1 and "FM-SYS-004" not in {f["code"] for f in data["findings"]}
    write("fairmeta.toml", f'[contexts]\n"{UNKNOWN_CONTEXT}" = "ctx.jsonld"\n')
    configured = json.loads(run_cli("check", "--offline", path, "-f", "json").stdout)
    assert configured["summary"]["records"] == 1
    bad = run_cli("check", "--offline", "--isolated", "--context", "no-equals-sign", path)
    assert bad.exit_code == 2


def _crate(files: list[dict[str, object]], has_part: list[str]) -> str:
    root = {**CRATE_ROOT, "hasPart": [{"@id": p} for p in has_part]}
    descriptor = {
        "@id": "ro-crate-metadata.json",
        "@type": "CreativeWork",
        "conformsTo": {"@id": "https://w3id.org/ro/crate/1.1"},
        "about": {"@id": "./"},
    }
    return json.dumps({"@context": "https://w3id.org/ro/crate/1.1/context", "@graph": [descriptor, root, *files]})


CRATE_FILES: list[dict[str, object]] = [
    {"@id": "data/a.csv", "@type": "File", "name": "A"},
    {"@id": "data/missing.csv", "@type": "File", "name": "Missing"},
    {"@id": "unlisted.txt", "@type": "File", "name": "Not in hasPart"},
    {"@id": "#sample-1", "@type": "File", "name": "A local identifier, no payload needed"},
    {"@id": "https://example.org/remote.csv", "@type": "File", "name": "On the web"},
]


def _crate_findings(path: Path) -> list[tuple[str, str | None]]:
    return sorted((f.code, f.location.value) for f in check(path, offline=True).findings if f.origin == "crate")


def test_crate_folder_payload_must_hold_and_list_its_data_entities(tmp_path: Path) -> None:
    """A listed file missing from the folder (FM-A1-420), a file the root does not list (FM-F3-421)."""
    crate = tmp_path / "crate"
    (crate / "data").mkdir(parents=True)
    (crate / "data" / "a.csv").write_text("x\n1\n")
    (crate / "unlisted.txt").write_text("hello\n")
    descriptor = crate / "ro-crate-metadata.json"
    descriptor.write_text(_crate(CRATE_FILES, ["data/a.csv", "data/missing.csv", "#sample-1"]))
    assert _crate_findings(descriptor) == [("FM-A1-420", "data/missing.csv"), ("FM-F3-421", "unlisted.txt")]
    assert _crate_findings(crate) == _crate_findings(descriptor)  # the folder itself checks the descriptor


def test_zipped_crate_is_read_with_its_payload(tmp_path: Path, run_cli: RunCli) -> None:
    """A crate zip file (descriptor in one top folder) is checked like the folder, nothing extracted."""
    import zipfile

    archive = tmp_path / "crate.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("crate/ro-crate-metadata.json", _crate(CRATE_FILES, ["data/a.csv", "data/missing.csv"]))
        zipped.writestr("crate/data/a.csv", "x\n1\n")
        zipped.writestr("crate/unlisted.txt", "hello\n")
    report = check(archive, offline=True)
    assert [r.id for r in report.records] == ["./"]
    assert _crate_findings(archive) == [("FM-A1-420", "data/missing.csv"), ("FM-F3-421", "unlisted.txt")]
    empty = tmp_path / "empty.zip"
    with zipfile.ZipFile(empty, "w") as zipped:
        zipped.writestr("readme.txt", "no crate here")
    result = run_cli("check", "--offline", empty)
    assert result.exit_code == 1 and "no ro-crate-metadata.json" in result.stdout
    not_zip = tmp_path / "broken.zip"
    not_zip.write_bytes(b"PK\x03\x04 not really")
    assert run_cli("check", "--offline", not_zip).exit_code == 1


def test_crate_documents_must_be_flattened(tmp_path: Path) -> None:
    """A nested entity or a value object with @id in an RO-Crate document is FM-I1-422; references are fine."""
    path = tmp_path / "ro-crate-metadata.json"
    root = {**CRATE_ROOT, "author": {"@id": "#alice", "name": "Alice"}, "keywords": {"@id": "#k", "@value": "soil"}}
    descriptor = {
        "@id": "ro-crate-metadata.json",
        "@type": "CreativeWork",
        "conformsTo": {"@id": "https://w3id.org/ro/crate/1.1"},
        "about": {"@id": "./"},
    }
    path.write_text(json.dumps({"@context": "https://w3id.org/ro/crate/1.1/context", "@graph": [descriptor, root]}))
    found = [
        (f.location.pointer, f.severity.value) for f in check(path, offline=True).findings if f.code == "FM-I1-422"
    ]
    assert found == [("/@graph/1/author", "error"), ("/@graph/1/keywords", "error")]
    path.write_text(
        json.dumps({"@context": "https://w3id.org/ro/crate/1.1/context", "@graph": [descriptor, CRATE_ROOT]})
    )
    assert "FM-I1-422" not in _codes(path)


def test_a_linked_folder_is_part_of_the_payload(tmp_path: Path) -> None:
    """A crate that links a shared folder in (data -> ../shared-data) holds that folder's files."""
    shared = tmp_path / "shared-data"
    shared.mkdir()
    (shared / "a.csv").write_text("x\n1\n")
    crate = tmp_path / "crate"
    crate.mkdir()
    (crate / "data").symlink_to(shared, target_is_directory=True)
    (crate / "loop").symlink_to(crate, target_is_directory=True)  # a link back up the tree ends, it does not loop
    descriptor = crate / "ro-crate-metadata.json"
    descriptor.write_text(_crate([CRATE_FILES[0], CRATE_FILES[1]], ["data/a.csv", "data/missing.csv"]))
    assert _crate_findings(descriptor) == [("FM-A1-420", "data/missing.csv")]


def test_json_ld_without_any_context_is_an_error_not_a_pass(write: Write, run_cli: RunCli) -> None:
    """No @context anywhere: every property is dropped, so the source is not checked (FM-SYS-008)."""
    path = write(
        "ro-crate-metadata.json",
        json.dumps({"@graph": [{"@id": "./", "@type": "Dataset", "name": "Soil", "hasPart": [{"@id": "a.csv"}]}]}),
    )
    result = run_cli("check", "--offline", "-f", "json", path)
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert [f["code"] for f in report["findings"]] == ["FM-SYS-008"]
    assert "hasPart, name" in report["findings"][0]["message"]
    assert report["summary"]["unchecked_sources"] == 1
    plain = write("settings.json", json.dumps({"name": "not linked data"}))  # no JSON-LD keyword: FM-SYS-006
    assert [f.code for f in check(plain, offline=True).findings] == ["FM-SYS-006"]
