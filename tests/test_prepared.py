"""Bundled contexts processed once per run give exactly the graph of inlining them per document."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from rdflib.compare import isomorphic

from fairmeta.loaders.contexts import ContextResolver
from fairmeta.loaders.jsonld import parse_jsonld_document
from fairmeta.loaders.prepared import split_document

from .conftest import EXAMPLES

DATASET: dict[str, Any] = {
    "@context": "https://schema.org/",
    "@type": "Dataset",
    "@id": "./",
    "name": "Rain",
    "license": "CC BY 4.0",
    "keywords": ["rain", {"@type": "DefinedTerm", "name": "x", "url": "https://e.org/x"}],
    "creator": {"@type": "Person", "name": "A", "@id": "https://orcid.org/0000-0002-1825-0097"},
    "distribution": [{"@type": "DataDownload", "contentUrl": "data.csv"}],
}
DOCUMENTS: list[Any] = [
    DATASET,
    {**DATASET, "@context": ["https://schema.org/", {"ex": "https://example.org/", "ex:size": {"@type": "@id"}}]},
    {**DATASET, "@context": "https://w3id.org/ro/crate/1.1/context"},
    [DATASET, {**DATASET, "@id": "https://doi.org/10.1/y", "name": "Snow"}],
    {"@context": "https://schema.org/", "@graph": [DATASET | {"@context": None}, {"@type": "Person", "name": "B"}]},
]


def _slow(document: Any, monkeypatch: pytest.MonkeyPatch, base: str = "file:///r.jsonld") -> Any:
    """The inlining path, forced: rdflib processes the inlined context itself."""
    with monkeypatch.context() as patch:
        patch.setattr("fairmeta.loaders.jsonld.split_document", lambda document: None)
        return parse_jsonld_document(copy.deepcopy(document), base, ContextResolver())


@pytest.mark.parametrize("document", DOCUMENTS, ids=["schema.org", "with-terms", "ro-crate", "array", "graph"])
def test_the_prepared_path_gives_the_inlined_graph(document: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    if isinstance(document, dict) and isinstance(document.get("@graph"), list):
        document["@graph"][0].pop("@context", None)
    assert split_document(document) is not None
    fast: Any = parse_jsonld_document(copy.deepcopy(document), "file:///r.jsonld", ContextResolver())
    slow = _slow(document, monkeypatch)
    assert not hasattr(fast, "reason") and not hasattr(slow, "reason")
    assert isomorphic(fast.graph, slow.graph)
    assert fast.context_urls == slow.context_urls


def test_documents_with_inner_or_remote_contexts_take_the_inlining_path() -> None:
    inner = {**DATASET, "creator": {"@context": {"@vocab": "https://example.org/"}, "name": "A"}}
    assert split_document(inner) is None
    assert split_document({**DATASET, "@context": "https://example.org/unbundled"}) is None
    assert split_document({**DATASET, "@context": [{"@import": "https://schema.org/"}]}) is None
    assert split_document({**DATASET, "@context": [{"ex": "https://e.org/"}, "https://schema.org/"]}) is None
    assert split_document([DATASET, {"@type": "Dataset"}]) is None


def test_every_example_is_read_alike_on_both_paths(monkeypatch: pytest.MonkeyPatch) -> None:
    for path in sorted(EXAMPLES.glob("*/*/*.json*")):
        document = json.loads(path.read_text(encoding="utf-8"))
        if split_document(document) is None:
            continue
        fast: Any = parse_jsonld_document(copy.deepcopy(document), path.as_uri(), ContextResolver())
        slow = _slow(document, monkeypatch, path.as_uri())
        assert isomorphic(fast.graph, slow.graph), path
