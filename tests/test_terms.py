"""Ontology terms: prefixes and patterns offline, look-ups in local ontologies (OBO, OWL) and in a
loopback server imitating OLS4, obsolete terms with their replacements, the on-disk index."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from fairmeta.checks.terms import ontology as ontology_module
from fairmeta.checks.terms.ontology import open_ontology
from fairmeta.vocab.terms import TermInfo, parse_term
from tests.fake_services import FakeServices

from .conftest import RunCli, Write

DATA = Path(__file__).parent / "data" / "ontologies"
UBERON = DATA / "mini-uberon.obo"
OBI = DATA / "mini-obi.ttl"
OBO = "http://purl.obolibrary.org/obo/"


def record(*about: object, **extra: object) -> str:
    document = {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "@id": "urn:uuid:6f1c2d3e-0000-4000-8000-00000000000a",
        "name": "Liver samples",
        "about": list(about),
        **extra,
    }
    return json.dumps(document)


def term_findings(result: Result) -> list[dict[str, Any]]:
    return [f for f in json.loads(result.stdout)["findings"] if f["origin"] == "terms"]


def test_parse_forms() -> None:
    """CURIEs, OBO PURLs, identifiers.org (new and legacy) and registered IRIs read to one canonical form."""
    forms = [
        "UBERON:0002107",
        "uberon:0002107",
        f"{OBO}UBERON_0002107",
        "https://identifiers.org/uberon:0002107",
        "https://bioregistry.io/uberon:0002107",
    ]
    for text in forms:
        term = parse_term(text)
        assert term is not None and term.curie == "UBERON:0002107" and term.iri == f"{OBO}UBERON_0002107", text
    legacy = parse_term("http://identifiers.org/go/GO:0005634")
    assert legacy is not None and legacy.curie == "GO:0005634"
    assert parse_term("https://example.org/page") is None
    assert parse_term("urn:uuid:x") is None and parse_term("doi:10.1/2") is None
    unknown = parse_term("UBERONN:0002107")
    assert unknown is not None and unknown.entry is None
    assert parse_term("GO:12345") is not None and not parse_term("GO:12345").pattern_ok  # type: ignore[union-attr]


def test_acceptance_one_finding_each_with_fix(write: Write, run_cli: RunCli) -> None:
    """Unknown prefix, broken pattern, wrong label, obsolete term: one finding each; a correct term nothing."""
    path = write(
        "terms.jsonld",
        record(
            {"@type": "DefinedTerm", "termCode": "UBERONN:0002107", "name": "liver"},
            {"@type": "DefinedTerm", "termCode": "UBERON:00021O7", "name": "liver"},
            {"@id": f"{OBO}UBERON_0000955", "name": "liver"},
            {"@id": f"{OBO}UBERON_0001000", "name": "obsolete vein of the liver"},
            {"@id": f"{OBO}UBERON_0002107", "name": "Hepar"},  # a synonym, other case: correct
        ),
    )
    result = run_cli("check", path, "--offline", "--no-score", "--ontology", UBERON, "-f", "json")
    found = {f["location"]["pointer"]: f for f in term_findings(result)}
    assert {p: f["code"] for p, f in found.items()} == {
        "/about/0/termCode": "FM-I2-601",
        "/about/1/termCode": "FM-I2-602",
        "/about/2/@id": "FM-I2-611",
        "/about/3/@id": "FM-I2-612",
    }
    assert "UBERON" in found["/about/0/termCode"]["fix"]["message"]  # did you mean
    assert "'brain'" in found["/about/2/@id"]["message"] and "'brain'" in found["/about/2/@id"]["fix"]["message"]
    obsolete = found["/about/3/@id"]["fix"]
    assert "UBERON:0001001" in obsolete["message"] and "hepatic vein" in obsolete["message"]
    assert obsolete["applicability"] == "unsafe"
    assert obsolete["edits"] == [{"op": "replace", "target": "/about/3/@id", "value": f"{OBO}UBERON_0001001"}]
    assert all(f["fix"]["message"] for f in found.values())


def test_consider_secondary_id_and_canonical_form(write: Write, run_cli: RunCli) -> None:
    path = write(
        "more.jsonld",
        record(
            {"@type": "DefinedTerm", "termCode": "UBERON:0001002"},
            {"@type": "DefinedTerm", "termCode": "UBERON:0009999"},
            {"@id": "https://identifiers.org/uberon:0000062", "name": "organ"},
        ),
    )
    result = run_cli("check", path, "--offline", "--no-score", "--ontology", UBERON, "-f", "json")
    found = {(f["location"]["pointer"], f["code"]): f["fix"] for f in term_findings(result)}
    consider = found[("/about/0/termCode", "FM-I2-612")]["message"]
    assert "UBERON:0002107 ('liver')" in consider and "UBERON:0000955 ('brain')" in consider
    assert found[("/about/1/termCode", "FM-I2-613")]["edits"][0]["value"] == "UBERON:0002107"
    canonical = found[("/about/2/@id", "FM-I2-603")]
    # identifiers.org to the OBO PURL is a choice of resolver (both persist), not a mechanical repair
    assert canonical["applicability"] == "unsafe" and canonical["edits"][0]["value"] == f"{OBO}UBERON_0000062"
    assert len(found) == 3


def test_owl_ontology_and_expected_branch(write: Write, run_cli: RunCli, tmp_path: Path) -> None:
    """OWL in Turtle: deprecated + IAO:0100001; a term outside the configured branch is reported."""
    (tmp_path / "fairmeta.toml").write_text(
        '[expected-terms]\n"schema:measurementTechnique" = ["OBI:0000070"]\n"schema:about" = ["UBERON"]\n',
        encoding="utf-8",
    )
    path = write(
        "owl.jsonld",
        record(
            {"@id": f"{OBO}OBI_0000185", "name": "imaging assay"},
            measurementTechnique=[
                {"@id": f"{OBO}OBI_0000185", "name": "imaging assay"},
                {"@id": f"{OBO}UBERON_0002107", "name": "liver"},
                {"@id": f"{OBO}OBI_0000366", "name": "obsolete metabolite profiling"},
            ],
        ),
    )
    result = run_cli("check", path, "--offline", "--no-score", "--ontology", OBI, "--ontology", UBERON, "-f", "json")
    got = sorted((f["code"], f["location"]["pointer"]) for f in term_findings(result))
    assert got == [
        ("FM-I2-612", "/measurementTechnique/2/@id"),
        ("FM-I2-614", "/about/0/@id"),  # an OBI term where UBERON is expected
        ("FM-I2-614", "/measurementTechnique/1/@id"),  # liver is not an assay
    ]
    obsolete = next(f for f in term_findings(result) if f["code"] == "FM-I2-612")
    assert "OBI:0000185" in obsolete["fix"]["message"]


def test_index_is_built_once_and_rebuilt_after_an_edit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / "onto.obo"
    copy.write_text(UBERON.read_text(encoding="utf-8"), encoding="utf-8")
    first = open_ontology(copy, tmp_path / "cache")
    assert first.lookup("UBERON:0002107")[0].label == "liver"  # type: ignore[union-attr]
    assert first.ancestors("UBERON:0002107") == {"UBERON:0000062", "UBERON:0000061"}

    def no_parsing(path: Path) -> object:
        raise AssertionError("parsed again")

    with monkeypatch.context() as patch:
        patch.setattr(ontology_module, "_parse", no_parsing)
        again = open_ontology(copy, tmp_path / "cache")
        assert again.lookup("UBERON:0009999")[1] == "UBERON:0002107"
    copy.write_text(copy.read_text(encoding="utf-8").replace("name: liver", "name: hepar"), encoding="utf-8")
    edited = open_ontology(copy, tmp_path / "cache")
    assert edited.lookup("UBERON:0002107")[0].label == "hepar"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("[Term]\nid without a separator\n", ["bad.obo:2", "not an OBO tag-value line"]),
        ("format-version: 1.2\n", ["no terms found"]),
    ],
)
def test_bad_ontology_is_one_line_exit_two(content: str, words: list[str], write: Write, run_cli: RunCli) -> None:
    bad = write("bad.obo", content)
    result = run_cli("check", write("r.jsonld", record()), "--offline", "--ontology", bad)
    assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1
    for word in words:
        assert word in result.stderr
    missing = run_cli("check", write("r2.jsonld", record()), "--offline", "--ontology", "nowhere.obo")
    assert missing.exit_code == 2 and "ontology file not found" in missing.stderr


@pytest.fixture(name="services")
def _services(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeServices]:
    with FakeServices() as server:
        for key, value in server.environment().items():
            monkeypatch.setenv(key, value)
        server.ols_terms = {
            f"{OBO}UBERON_0002107": {
                "iri": f"{OBO}UBERON_0002107",
                "label": "liver",
                "synonyms": ["hepar"],
                "is_obsolete": False,
                "obo_id": "UBERON:0002107",
                "ontology_name": "uberon",
                "is_defining_ontology": True,
            },
            f"{OBO}UBERON_0001000": {
                "iri": f"{OBO}UBERON_0001000",
                "label": "obsolete vein of the liver",
                "is_obsolete": True,
                "term_replaced_by": f"{OBO}UBERON_0001001",
                "obo_id": "UBERON:0001000",
                "ontology_name": "uberon",
                "is_defining_ontology": True,
            },
        }
        yield server


def test_ols_lookups_cached(services: FakeServices, write: Write, run_cli: RunCli) -> None:
    """Online without ontology files: OLS says which terms exist, their labels and replacements;
    a second run sends nothing; an OLS that fails is "not assessed"."""
    path = write(
        "ols.jsonld",
        record(
            {"@id": f"{OBO}UBERON_0002107", "name": "kidney"},
            {"@id": f"{OBO}UBERON_0001000"},
            {"@id": f"{OBO}UBERON_0000000"},
        ),
    )
    first = run_cli("check", path, "--online", "--no-score", "-f", "json")
    got = {(f["code"], f["location"]["pointer"]): f for f in term_findings(first)}
    assert set(got) == {("FM-I2-611", "/about/0/@id"), ("FM-I2-612", "/about/1/@id"), ("FM-I2-610", "/about/2/@id")}
    assert "'liver'" in got[("FM-I2-611", "/about/0/@id")]["fix"]["message"]
    assert "UBERON:0001001" in got[("FM-I2-612", "/about/1/@id")]["fix"]["message"]
    hits = sum(services.hits.values())
    assert hits == 3
    second = run_cli("check", path, "--online", "--no-score", "-f", "json")
    assert sum(services.hits.values()) == hits and term_findings(second) == term_findings(first)


def test_branch_checked_through_ols(services: FakeServices, write: Write, run_cli: RunCli) -> None:
    """Online without ontology files, a branch expectation asks OLS for the term's ancestors; a term
    whose ancestors OLS cannot give is not assessed, never "outside"."""
    services.ols_ancestors[f"{OBO}UBERON_0002107"] = ["UBERON:0000062", "UBERON:0000061"]
    services.ols_terms[f"{OBO}UBERON_0001001"] = {
        "iri": f"{OBO}UBERON_0001001",
        "label": "hepatic vein",
        "obo_id": "UBERON:0001001",
        "ontology_name": "uberon",
        "is_defining_ontology": True,
    }
    services.ols_ancestors[f"{OBO}UBERON_0001001"] = ["UBERON:0000061"]
    write("fairmeta.toml", '[expected-terms]\n"schema:about" = ["UBERON:0000062"]\n')
    liver, vein = {"@id": f"{OBO}UBERON_0002107"}, {"@id": f"{OBO}UBERON_0001001"}
    result = run_cli("check", write("branch.jsonld", record(liver, vein)), "--online", "--no-score", "-f", "json")
    got = [(f["code"], f["location"]["pointer"]) for f in term_findings(result)]
    assert got == [("FM-I2-614", "/about/1/@id")]
    del services.ols_ancestors[f"{OBO}UBERON_0001001"]  # OLS cannot say: not assessed
    unknown = run_cli(
        "check", write("unknown.jsonld", record(vein)), "--online", "--no-cache", "--no-score", "-f", "json"
    )
    assert [f["code"] for f in term_findings(unknown)] == []


def test_sheet_online_not_assessed_once_per_term_and_minted_ids_not_resolved(
    services: FakeServices, write: Write, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Online with OLS down, a term shared by every row is one "not assessed" finding, counted; the
    row IRIs fairmeta made from bare ids (S1 under the schema's namespace) are not resolved."""
    monkeypatch.setenv("FAIRMETA_OLS_URL", services.url + "/broken")
    write("fairmeta.toml", "[resolvers]\nretries = 0\n")
    header = "sample_id\torganism\ttissue\tcollection_date\tgeo_loc_name\tsequencing_platform\tdepth\n"
    row = "S{n}\tNCBITaxon:9606\tUBERON:0002107\t2023-05-01\tNorway: Oslo\tOBI:0002630\t1\n"
    sheet = write("rows.tsv", header + "".join(row.format(n=n) for n in range(1, 4)))
    schema = Path(__file__).parent.parent / "shapes" / "sample-sheet.yaml"
    result = run_cli("check", sheet, "--schema", schema, "--online", "--no-cache", "--no-score", "-f", "json")
    findings = json.loads(result.stdout)["findings"]
    organism = [f for f in findings if f["code"] == "FM-I2-619" and "NCBITaxon:9606" in f["message"]]
    assert len(organism) == 1 and organism[0]["message"].endswith("(3 rows).")
    assert organism[0]["location"]["row"] == 1 and organism[0]["location"]["column"] == "organism"
    assert not [f for f in findings if f["origin"] == "pids"]
    assert not [path for path in services.hits if "sample-sheet" in path or path.startswith("/S")]


def test_ols_unreachable_is_not_assessed(
    services: FakeServices, write: Write, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """OLS answering 500 after the retries: FM-I2-619 (info), never "does not exist"."""
    monkeypatch.setenv("FAIRMETA_OLS_URL", services.url + "/broken")
    write("fairmeta.toml", "[resolvers]\nretries = 1\n")
    path = write("down.jsonld", record({"@id": f"{OBO}GO_0005634", "name": "nucleus"}))
    result = run_cli("check", path, "--online", "--no-cache", "--no-score", "-f", "json")
    assert [f["code"] for f in term_findings(result)] == ["FM-I2-619"]


def test_corpus_go_slice_and_obsoletion_ontology(corpus: Path, tmp_path: Path) -> None:
    """The GO slice (OBO) and OAK's obsoletion test ontology: labels, synonyms, chains of replacements."""
    go = open_ontology(corpus / "ontologies" / "oak__go-nucleus.obo", tmp_path)
    nucleus, _ = go.lookup("GO:0005634")
    assert nucleus is not None and nucleus.label == "nucleus" and "cell nucleus" in nucleus.synonyms
    assert "GO:0005575" in go.ancestors("GO:0005634") and go.covers("GO")
    obsoletion = open_ontology(corpus / "ontologies" / "oak__obsoletion_test.obo", tmp_path)
    from fairmeta.checks.terms.check import TermCheck

    check = TermCheck([obsoletion])
    info, _ = obsoletion.lookup("CL:5")
    assert info is not None and info.obsolete
    assert check._live_replacements(info) == [("CL:7", "x7")]  # CL:5 -> CL:6 (obsolete) -> CL:7
    assert obsoletion.lookup("CL:1a1")[1] == "CL:1"


def test_sample_sheet_terms_located_by_row_and_column(write: Write, run_cli: RunCli) -> None:
    """CURIE cells of a sheet are terms too: an obsolete tissue and a missing one, by row and column."""
    header = "sample_id\torganism\ttissue\tcollection_date\tgeo_loc_name\tsequencing_platform\tdepth\n"
    rows = [
        "A-1\tNCBITaxon:10090\tUBERON:0001000\t2023-05-01\tNorway: Oslo\tOBI:0002630\t0\n",
        "A-2\tNCBITaxon:10090\tUBERON:0002107\t2023-05-01\tNorway: Oslo\tOBI:0002630\t1\n",
        "A-3\tNCBITaxon:10090\tUBERON:0007777\t2023-05-01\tNorway: Oslo\tOBI:0002630\t1\n",
    ]
    sheet = write("samples.tsv", header + "".join(rows))
    schema = Path(__file__).parent.parent / "shapes" / "sample-sheet.yaml"
    result = run_cli("check", sheet, "--schema", schema, "--offline", "--no-score", "--ontology", UBERON, "-f", "json")
    got = sorted((f["code"], f["location"]["row"], f["location"]["column"]) for f in term_findings(result))
    assert got == [("FM-I2-610", 3, "tissue"), ("FM-I2-612", 1, "tissue")]


def test_repeated_terms_of_a_sheet_each_reported(write: Write, run_cli: RunCli) -> None:
    """A term that repeats down a column is checked once when clean, but each bad cell is reported."""
    header = "sample_id\torganism\ttissue\tcollection_date\tgeo_loc_name\tsequencing_platform\tdepth\n"
    tissues = ["UBERON:0002107", "UBERON:0001000", "UBERON:0002107", "UBERON:0001000", "UBERON:0002107"]
    rows = [
        f"B-{i}\tNCBITaxon:10090\t{tissue}\t2023-05-01\tNorway: Oslo\tOBI:0002630\t1\n"
        for i, tissue in enumerate(tissues, 1)
    ]
    sheet = write("samples.tsv", header + "".join(rows))
    schema = Path(__file__).parent.parent / "shapes" / "sample-sheet.yaml"
    result = run_cli("check", sheet, "--schema", schema, "--offline", "--no-score", "--ontology", UBERON, "-f", "json")
    got = sorted((f["code"], f["location"]["row"]) for f in term_findings(result))
    assert got == [("FM-I2-612", 2), ("FM-I2-612", 4)]


def _comparable(info: TermInfo | None) -> tuple[object, ...] | None:
    if info is None:
        return None
    return (
        info.id,
        info.label,
        sorted(info.synonyms),
        info.obsolete,
        info.replaced_by,
        info.consider,
        sorted(info.parents),
    )


def test_obo_graphs_json_and_gzip(tmp_path: Path) -> None:
    """OBO Graphs JSON and gzipped files are read like OBO: merged terms are secondary ids there too."""
    graph = {
        "graphs": [
            {
                "id": "http://purl.obolibrary.org/obo/uberon.owl",
                "nodes": [
                    {
                        "id": "http://purl.obolibrary.org/obo/UBERON_0002107",
                        "type": "CLASS",
                        "lbl": "liver",
                        "meta": {
                            "synonyms": [{"pred": "hasExactSynonym", "val": "jecur"}],
                            "basicPropertyValues": [
                                {
                                    "pred": "http://www.geneontology.org/formats/oboInOwl#hasAlternativeId",
                                    "val": "UBERON:0000999",
                                }
                            ],
                        },
                    },
                    {
                        "id": "http://purl.obolibrary.org/obo/UBERON_0000999",
                        "type": "CLASS",
                        "meta": {
                            "deprecated": True,
                            "basicPropertyValues": [
                                {
                                    "pred": "http://purl.obolibrary.org/obo/IAO_0100001",
                                    "val": "http://purl.obolibrary.org/obo/UBERON_0002107",
                                }
                            ],
                        },
                    },
                    {
                        "id": "http://purl.obolibrary.org/obo/UBERON_0001000",
                        "type": "CLASS",
                        "lbl": "old liver part",
                        "meta": {
                            "deprecated": True,
                            "basicPropertyValues": [
                                {
                                    "pred": "http://purl.obolibrary.org/obo/IAO_0100001",
                                    "val": "http://purl.obolibrary.org/obo/UBERON_0002107",
                                }
                            ],
                        },
                    },
                    {"id": "http://purl.obolibrary.org/obo/UBERON_0000062", "type": "CLASS", "lbl": "organ"},
                    {"id": "http://purl.obolibrary.org/obo/RO_0002202", "type": "PROPERTY", "lbl": "develops from"},
                ],
                "edges": [
                    {
                        "sub": "http://purl.obolibrary.org/obo/UBERON_0002107",
                        "pred": "is_a",
                        "obj": "http://purl.obolibrary.org/obo/UBERON_0000062",
                    }
                ],
            }
        ]
    }
    path = tmp_path / "uberon.json.gz"
    path.write_bytes(gzip.compress(json.dumps(graph).encode()))
    index = open_ontology(path, tmp_path / "cache")
    liver, _ = index.lookup("UBERON:0002107")
    assert liver is not None and liver.label == "liver" and liver.synonyms == ("jecur",)
    assert index.ancestors("UBERON:0002107") == {"UBERON:0000062"} and index.prefixes == ("UBERON",)
    assert index.lookup("UBERON:0000999")[1] == "UBERON:0002107"  # merged: a secondary id, not obsolete
    old, _ = index.lookup("UBERON:0001000")
    assert old is not None and old.obsolete and old.replaced_by == ("UBERON:0002107",)
    assert index.lookup("RO:0002202") == (None, None)  # properties are not terms
    obo = tmp_path / "mini.obo.gz"
    obo.write_bytes(gzip.compress(UBERON.read_bytes()))
    assert open_ontology(obo, tmp_path / "cache").lookup("UBERON:0002107")[0] is not None


def test_corpus_go_slice_same_from_obo_and_obo_graphs(corpus: Path, tmp_path: Path) -> None:
    """The corpus' GO slice as OBO and as OBO Graphs JSON: every term both define reads the same."""
    folder = corpus / "ontologies"
    from_obo = open_ontology(folder / "oak__go-nucleus.obo", tmp_path)
    from_json = open_ontology(folder / "oak__go-nucleus.json", tmp_path)
    ids = [row[0] for row in from_obo._db.execute("SELECT id FROM terms")]
    # NCBITaxon_Union:… (an OBO "prefix" with an underscore) has no registered prefix: its PURL reads
    # as NCBITaxon:Union_…, so the parents of the terms below such unions are left out
    both = [i for i in ids if from_json.lookup(i)[0] is not None and "Union" not in str(from_obo.lookup(i)[0])]
    assert len(both) > 150
    assert [_comparable(from_json.lookup(i)[0]) for i in both] == [_comparable(from_obo.lookup(i)[0]) for i in both]
    assert from_json.lookup("GO:0050791")[1] == from_obo.lookup("GO:0050791")[1] == "GO:0050789"


DYNAMIC_ENUM_SCHEMA = """
id: https://example.org/organs
name: organs
prefixes:
  linkml: https://w3id.org/linkml/
  UBERON: http://purl.obolibrary.org/obo/UBERON_
  ex: https://example.org/organs/
default_prefix: ex
imports: [linkml:types]
default_range: string
classes:
  Sample:
    tree_root: true
    slots: [sample_id, organ]
slots:
  sample_id: {identifier: true}
  organ: {range: OrganEnum}
enums:
  OrganEnum:
    reachable_from:
      source_ontology: obo:uberon
      source_nodes: [UBERON:0000062]
      relationship_types: [rdfs:subClassOf]
"""


def test_linkml_dynamic_enum_branch(write: Write, run_cli: RunCli) -> None:
    """A slot whose range is a dynamic enum (reachable_from) holds terms of that branch; linkml's
    validators ignore such enums, the term check tests them against the ontology file."""
    schema = write("organs.yaml", DYNAMIC_ENUM_SCHEMA)
    sheet = write("organs.tsv", "sample_id\torgan\nS1\tUBERON:0002107\nS2\tUBERON:0001001\nS3\tUBEROM:0002107\n")
    result = run_cli("check", sheet, "--schema", schema, "--offline", "--no-score", "--ontology", UBERON, "-f", "json")
    got = sorted((f["code"], f["location"]["row"], f["location"]["column"]) for f in term_findings(result))
    # hepatic vein is an anatomical structure, not an organ; a mistyped prefix counts in a term slot
    assert got == [("FM-I2-601", 3, "organ"), ("FM-I2-614", 2, "organ")]
    outside = next(f for f in term_findings(result) if f["code"] == "FM-I2-614")
    assert "UBERON:0000062" in outside["fix"]["message"]
