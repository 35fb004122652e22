"""Same input, same report: whatever the hash seed, the file order or the state of the cache."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from fairmeta import check
from fairmeta.graph import new_graph

from .conftest import EXAMPLES, REPO

NESTED = """{
  "@context": ["https://schema.org/", {"associatedWith": {"@id": "http://purl.obolibrary.org/obo/so#associated_with"}}],
  "@type": "BioChemEntity", "name": "ABL1", "description": "The record.",
  "associatedWith": {"@type": "MedicalCondition", "name": "CML", "code": {"@type": "MedicalCode", "codeValue": "608232"}},
  "isBasedOn": [{"@type": "CreativeWork", "name": "A"}, {"@type": "CreativeWork", "name": "B"}]
}"""


def _json(path: Path, seed: int, cache: Path, *paths: Path) -> bytes:
    env = {**os.environ, "PYTHONHASHSEED": str(seed), "FAIRMETA_CACHE_DIR": str(cache)}
    out = subprocess.run(
        [sys.executable, "-m", "fairmeta", "check", "--offline", "--format", "json", *map(str, paths)],
        env=env,
        capture_output=True,
        check=False,
        cwd=path,
    )
    assert out.returncode in (0, 1), out.stderr
    return out.stdout


def test_blank_node_records_are_named_by_their_place_and_unique(tmp_path: Path) -> None:
    """A term whose name differs from its IRI's local part is still located through the context,
    so nested nodes are not mistaken for top-level records, and record ids never repeat."""
    path = tmp_path / "nested.jsonld"
    path.write_text(NESTED, encoding="utf-8")
    first, second = check(path, offline=True), check(path, offline=True)
    ids = [r.id for r in first.records]
    assert ids == ["_:/"]
    assert [r.id for r in second.records] == ids
    assert first.to_dict() == second.to_dict()


def test_report_does_not_depend_on_hash_seed_or_file_order(tmp_path: Path) -> None:
    """Byte-identical JSON under two hash seeds, with the files named in opposite orders."""
    files = sorted(EXAMPLES.rglob("*.jsonld"))[:6] + sorted(EXAMPLES.rglob("*.ttl"))[:4]
    a = _json(REPO, 0, tmp_path / "a", *files)
    b = _json(REPO, 6, tmp_path / "b", *reversed(files))
    assert json.loads(a)["summary"]["sources"] == len(files)
    assert a == b


def test_graph_scans_follow_insertion_order() -> None:
    """Every scan of a loaded graph runs in the order its triples were added, never hash order."""
    from rdflib import URIRef

    graph = new_graph()
    triples = [(URIRef(f"urn:s{i % 7}"), URIRef(f"urn:p{i % 3}"), URIRef(f"urn:o{i}")) for i in range(50)]
    for triple in triples:
        graph.add(triple)
    assert list(graph) == triples
    graph.remove(triples[10])
    assert list(graph) == triples[:10] + triples[11:]


@pytest.mark.slow
def test_corpus_reports_identical_under_three_seeds(corpus: Path) -> None:
    """At least 100 corpus records, seeds 0, 1 and 6, fresh caches, shuffled orders, then a warm cache."""
    out = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "determinism.py"), "--limit", "120", "--seeds", "0", "1", "6"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert "120 files" in out.stdout, out.stdout + out.stderr
    assert out.returncode == 0, out.stdout + out.stderr
    assert "identical reports" in out.stdout
