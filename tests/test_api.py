"""The library API: check() on paths, strings and graphs; it never prints and never exits."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from fairmeta import FairmetaError, Report, Severity, check

from .conftest import EXAMPLES, RunCli, Write

JSONLD = '{"@context": "https://schema.org/", "@type": "Dataset", "@id": "https://e.org/d", "name": "x"}'
TURTLE = '@prefix schema: <http://schema.org/> .\n<https://e.org/d> a schema:Dataset ; schema:name "x" .\n'


def test_check_a_path_returns_a_report(capsys: pytest.CaptureFixture[str]) -> None:
    """check(path) returns a typed Report and prints nothing."""
    report = check(EXAMPLES / "dcat-ap" / "bad" / "dataset-missing-mandatory.ttl")
    assert isinstance(report, Report)
    assert report.worst() is Severity.ERROR
    assert {r.id for r in report.records} == {
        "https://data.example.org/catalogue",
        "https://data.example.org/datasets/noise-2023",
    }
    assert capsys.readouterr() == ("", "")


@pytest.mark.parametrize("text", [JSONLD, TURTLE], ids=["jsonld", "turtle"])
def test_check_a_string(text: str) -> None:
    """A string of JSON-LD or Turtle is checked as content, not taken for a path."""
    report = check(text)
    assert report.sources == ("<string>",)
    assert [r.id for r in report.records] == ["https://e.org/d"]
    assert "FM-F2-102" in {f.code for f in report.findings}


def test_check_a_graph_leaves_it_untouched() -> None:
    """An rdflib Graph is checked on a copy; https schema.org terms are understood."""
    graph = Graph()
    node = URIRef("https://e.org/d")
    graph.add((node, RDF.type, URIRef("https://schema.org/Dataset")))
    graph.add((node, URIRef("https://schema.org/name"), Literal("x")))
    before = set(graph)
    report = check(graph)
    assert set(graph) == before
    assert report.records[0].profiles == ("schemaorg-dataset",)
    assert "FM-F2-101" not in {f.code for f in report.findings}


def test_library_json_equals_cli_json(run_cli: RunCli) -> None:
    """Report.to_dict() is exactly what --format json prints."""
    path = EXAMPLES / "ro-crate" / "bad" / "ro-crate-metadata.json"
    assert json.loads(run_cli("check", path, "-f", "json").stdout) == check(path).to_dict()


def test_errors_raise_instead_of_exiting() -> None:
    """A missing path or unknown profile raises FairmetaError, never SystemExit."""
    with pytest.raises(FairmetaError):
        check("does/not/exist.jsonld")
    with pytest.raises(FairmetaError):
        check(JSONLD, profile="nope")


def test_forced_profile_applies_to_every_record() -> None:
    """--profile overrides the choice made from the record."""
    report = check(JSONLD, profile="bioschemas-dataset")
    assert report.records[0].profiles == ("bioschemas-dataset",)
    assert "FM-R1.3-207" in {f.code for f in report.findings}


def test_user_shapes_replace_profiles_and_get_shacl_codes(write: Write) -> None:
    """Results of uncoded user shapes are coded SHACL:<component>, severity from sh:severity."""
    shapes = write(
        "mine.ttl",
        """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix schema: <http://schema.org/> .
<https://e.org/shapes/NeedsFunder> a sh:NodeShape ; sh:targetClass schema:Dataset ;
  sh:property [ sh:path schema:funder ; sh:minCount 1 ; sh:severity sh:Warning ] .
""",
    )
    report = check(JSONLD, shapes=[shapes])
    shacl = [f for f in report.findings if f.origin == "shacl"]
    assert [(f.code, f.severity) for f in shacl] == [("SHACL:MinCountConstraintComponent", Severity.WARNING)]
    finding = shacl[0]
    assert finding.location.path == "schema:funder"
    assert finding.location.focus_node == "https://e.org/d"
    assert "schema:funder" in finding.message and "https://e.org/d" not in finding.message
    assert finding.fix is not None and "schema:funder" in finding.fix.message
    both = check(JSONLD, shapes=[shapes], profile="schemaorg-dataset")
    assert {"SHACL:MinCountConstraintComponent", "FM-F2-102"} <= {f.code for f in both.findings}


def test_select_and_ignore_in_the_library() -> None:
    """check(select=…, ignore=…) filters findings like the configuration does."""
    only_f2 = check(JSONLD, select=["FM-F2"])
    assert only_f2.findings and all(f.code.startswith("FM-F2") for f in only_f2.findings)
    without = check(JSONLD, ignore=["FM-F2-102"])
    assert "FM-F2-102" not in {f.code for f in without.findings}


def test_html_page_with_several_blocks(write: Write) -> None:
    """Several JSON-LD blocks in one page are read together; pointers say which block."""
    page = (
        '<html><head><script type=\'application/ld+json\'>{"@context": "https://schema.org/", "@type": "WebSite", "name": "Site"}</script>\n'
        '<script type="application/ld+json">{"@context": "https://schema.org/", "@type": "Dataset", "@id": "https://e.org/d", "name": "D"}</script>'
        "</head><body></body></html>"
    )
    report = check(write("page.html", page))
    assert [(r.id, r.pointer) for r in report.records] == [("https://e.org/d", "/1")]


def test_rocrate_folder_checks_only_the_descriptor(tmp_path: Path) -> None:
    """Checking a crate folder checks ro-crate-metadata.json, not the JSON data files in it."""
    import shutil

    crate = tmp_path / "crate"
    shutil.copytree(EXAMPLES / "ro-crate" / "good", crate)
    (crate / "results").mkdir(exist_ok=True)  # the example ships its payload folder
    (crate / "results" / "table.json").write_text('{"rows": [1, 2, 3]}', encoding="utf-8")
    report = check(tmp_path)
    assert [s.rsplit("/", 1)[-1] for s in report.sources] == ["ro-crate-metadata.json"]
