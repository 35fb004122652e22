"""Machine-applicable fixes: applying a finding's edits removes that finding."""

from __future__ import annotations

import json

import jsonpatch
from rdflib import Graph

from fairmeta import Applicability, Edit, Finding, check

from .conftest import RunCli, Write

DESCRIPTOR_WITHOUT_CONFORMSTO = {
    "@context": "https://w3id.org/ro/crate/1.2/context",
    "@graph": [
        {"@id": "ro-crate-metadata.json", "@type": "CreativeWork", "about": {"@id": "./"}},
        {
            "@id": "./",
            "@type": "Dataset",
            "name": "n",
            "description": "d",
            "datePublished": "2024-01-01",
            "license": {"@id": "https://spdx.org/licenses/CC0-1.0"},
            "publisher": {"@id": "https://ror.org/02catss52"},
        },
    ],
}


def test_rocrate_conformsto_patch_removes_the_finding(write: Write) -> None:
    """FM-R1.3-401 carries a safe JSON Patch naming the context's version; applied, the finding is gone."""
    path = write("ro-crate-metadata.json", json.dumps(DESCRIPTOR_WITHOUT_CONFORMSTO))
    finding = next(f for f in check(path).findings if f.code == "FM-R1.3-401")
    assert finding.fix is not None
    assert finding.fix.applicability is Applicability.SAFE
    patch = [e.to_dict() | {"path": e.target} for e in finding.fix.edits]
    fixed = jsonpatch.apply_patch(
        DESCRIPTOR_WITHOUT_CONFORMSTO, [{"op": p["op"], "path": p["path"], "value": p["value"]} for p in patch]
    )
    assert fixed["@graph"][0]["conformsTo"] == {"@id": "https://w3id.org/ro/crate/1.2"}
    after = check(write("fixed/ro-crate-metadata.json", json.dumps(fixed)))
    assert "FM-R1.3-401" not in {f.code for f in after.findings}


def test_bioschemas_conformsto_patch_is_unsafe_and_works(write: Write) -> None:
    """FM-R1.3-207 (with --profile) proposes dct:conformsTo as an unsafe edit, for JSON-LD and Turtle."""
    record = {"@context": "https://schema.org/", "@id": "https://e.org/d", "@type": "Dataset", "name": "x"}
    finding = next(
        f for f in check(json.dumps(record), profile="bioschemas-dataset").findings if f.code == "FM-R1.3-207"
    )
    assert finding.fix is not None and finding.fix.applicability is Applicability.UNSAFE
    ops = [{"op": e.op, "path": e.target, "value": e.value} for e in finding.fix.edits]
    fixed = jsonpatch.apply_patch(record, ops)
    after = check(json.dumps(fixed), profile="bioschemas-dataset")
    assert "FM-R1.3-207" not in {f.code for f in after.findings}

    turtle = '@prefix schema: <http://schema.org/> .\n<https://e.org/d> a schema:Dataset ; schema:name "x" .\n'
    finding = next(f for f in check(turtle, profile="bioschemas-dataset").findings if f.code == "FM-R1.3-207")
    assert finding.fix is not None
    graph = Graph().parse(data=turtle, format="turtle")
    for edit in finding.fix.edits:
        assert edit.target == "triple"
        assert isinstance(edit.value, list)
        graph.parse(data=" ".join(map(str, edit.value)) + " .", format="nt")
    after = check(graph, profile="bioschemas-dataset")
    assert "FM-R1.3-207" not in {f.code for f in after.findings}


def test_every_finding_has_a_fix_message(run_cli: RunCli) -> None:
    """Every finding on every example carries a non-empty fix message."""
    from .conftest import EXAMPLES

    report = check(EXAMPLES)
    assert report.findings
    for finding in report.findings:
        assert finding.fix is not None and finding.fix.message.strip(), finding.code


NORMALISE_JSONLD = {
    "@context": "http://schema.org",
    "@type": "Dataset",
    "@id": "doi:10.5281/zenodo.7654321",
    "name": "Rainfall",
    "identifier": ["doi:10.5281/zenodo.7654321", "http://dx.doi.org/10.5281/zenodo.7654321"],
    "license": "CC BY 4.0",
    "about": {"@id": "NCBITaxon:9606"},
    "creator": {"@type": "Person", "name": "A", "identifier": "0000-0002-1825-0097"},
}
NORMALISE_TURTLE = """@prefix schema: <http://schema.org/> .
<https://example.org/d> a schema:Dataset ;
    schema:name "Rainfall" ;
    schema:identifier "10.5281/zenodo.7654321" ;
    schema:license "MIT License" ;
    schema:sameAs <NCBITaxon:9606> .
"""


def _apply_turtle(text: str, edits: tuple[Edit, ...]) -> Graph:
    graph = Graph().parse(data=text, format="turtle")
    for edit in edits:
        assert isinstance(edit.value, list)
        triple = next(iter(Graph().parse(data=" ".join(map(str, edit.value)) + " .", format="nt")))
        if edit.op == "remove":
            graph.remove(triple)
        else:
            graph.add(triple)
    return graph


def _key(finding: Finding) -> tuple[str, str | None, str | None]:
    """What identifies one problem: code, where in a JSON document, and the offending value."""
    return (finding.code, finding.location.pointer if finding.location.pointer != "" else None, finding.location.value)


def test_every_jsonld_patch_removes_its_finding() -> None:
    """DOI forms, ORCID, CURIE, http context and free-text licence: each safe JSON Patch fixes its finding."""
    findings = [f for f in check(json.dumps(NORMALISE_JSONLD)).findings if f.fix and f.fix.edits]
    codes = {f.code for f in findings}
    assert {"FM-F1-020", "FM-F1-021", "FM-I1-020", "FM-R1.1-020"} <= codes
    for finding in findings:
        assert finding.fix is not None
        assert finding.fix.applicability is Applicability.SAFE, finding.code
        ops = [{"op": e.op, "path": e.target, "value": e.value} for e in finding.fix.edits]
        fixed = jsonpatch.apply_patch(NORMALISE_JSONLD, ops)
        after = {_key(f) for f in check(json.dumps(fixed)).findings}
        assert _key(finding) not in after, finding


def test_every_turtle_patch_removes_its_finding() -> None:
    """For RDF the edits are triples to remove and add; applied, each fixes its finding."""
    findings = [f for f in check(NORMALISE_TURTLE).findings if f.fix and f.fix.edits]
    assert {"FM-F1-020", "FM-F1-021", "FM-R1.1-020"} <= {f.code for f in findings}
    for finding in findings:
        assert finding.fix is not None
        graph = _apply_turtle(NORMALISE_TURTLE, finding.fix.edits)
        after = {_key(f) for f in check(graph).findings}
        assert _key(finding) not in after, finding


def test_patches_in_the_examples_fix_what_they_claim() -> None:
    """Every finding with edits in examples/ is removed by applying its edits."""
    from .conftest import EXAMPLES

    checked = 0
    for path in sorted(EXAMPLES.glob("*/*/*")):
        if path.suffix not in {".jsonld", ".json", ".ttl"}:
            continue
        for finding in check(path).findings:
            if not (finding.fix and finding.fix.edits):
                continue
            if path.suffix == ".ttl":
                after_report = check(_apply_turtle(path.read_text(encoding="utf-8"), finding.fix.edits))
            else:
                document = json.loads(path.read_text(encoding="utf-8"))
                ops = [{"op": e.op, "path": e.target, "value": e.value} for e in finding.fix.edits]
                fixed_path = path.parent / ("fixed-" + path.name)
                after_report = check(json.dumps(jsonpatch.apply_patch(document, ops)))
                del fixed_path
            assert _key(finding) not in {_key(f) for f in after_report.findings}, (path, finding)
            checked += 1
    assert checked >= 3
