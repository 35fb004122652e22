"""Machine-applicable fixes: applying a finding's edits removes that finding."""

from __future__ import annotations

import json

import jsonpatch
from rdflib import Graph

from fairmeta import Applicability, check

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


def test_rocrate_conformsto_patch_removes_the_finding(write) -> None:
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


def test_bioschemas_conformsto_patch_is_unsafe_and_works(write) -> None:
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
        graph.parse(data=" ".join(edit.value) + " .", format="nt")
    after = check(graph, profile="bioschemas-dataset")
    assert "FM-R1.3-207" not in {f.code for f in after.findings}


def test_every_finding_has_a_fix_message(run_cli) -> None:
    """Every finding on every example carries a non-empty fix message."""
    from .conftest import EXAMPLES

    report = check(EXAMPLES)
    assert report.findings
    for finding in report.findings:
        assert finding.fix is not None and finding.fix.message.strip(), finding.code
