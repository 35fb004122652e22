"""Regenerate the JSON-LD contexts fairmeta bundles, from the maintained ``rocrate`` package.

fairmeta never fetches the schema.org or RO-Crate contexts from the network. It ships them here,
generated from published facts rather than copied from a web page:

* ``schemaorg.jsonld``: the schema.org context, derived from the schema.org vocabulary that the
  ``rocrate`` package (ro-crate-py, Apache-2.0) ships as ``rocrate/data/schema.jsonld``. The rules are
  those of the official context: every class and property maps to ``schema:<term>``; a property whose
  range includes ``schema:URL`` but not ``schema:Text`` is coerced to ``@id``; one whose range includes
  ``schema:Date`` but not ``schema:Text`` is typed ``schema:Date``. Namespace prefixes are the
  vocabulary's own. (Checked against the official 30.0 context: zero differences in coercions.)
* ``ro-crate.jsonld``: the RO-Crate context term map from ``rocrate/data/ro-crate.jsonld``, the newest
  (1.3) context; it serves 1.3 and any version fairmeta has no own copy of.
* ``ro-crate-1.1.jsonld`` and ``ro-crate-1.2.jsonld``: the term maps of the published 1.1 and 1.2
  contexts. They are not a subset of 1.3's: ``ComputationalWorkflow``, ``FormalParameter``, ``input``
  and ``output`` map to other bioschemas IRIs there, and ``cite-as`` to another IANA IRI in 1.1, so a
  crate must be read with the context of its own version. No package ships them; the copies in
  ``../shared/corpus/contexts`` serve as the published documents.

* ``codemeta.jsonld``: the CodeMeta 3 context as the ``codemetapy`` package (GPL-3.0, the CodeMeta
  reference tooling) ships it, ``codemeta/schema/codemeta.jsonld``; it serves the CodeMeta 2.0 URLs
  too (3.0 keeps the 2.0 terms).
* ``dcat-ap-3.jsonld`` and ``dcat-ap-3-examples.jsonld``: the term maps of the DCAT-AP 3.0.1 context
  and of the context its examples use, as SEMIC publishes them (no package ships them; the copies in
  ``../shared/corpus/contexts`` serve as the published documents, ``--corpus`` to point elsewhere).

* ``ro-terms-<namespace>.jsonld``: the RO-Crate community terms (``https://w3id.org/ro/terms/``) that
  RO-Crate profiles use, ``workflow-run`` (Workflow Run, Process Run and Provenance Run crates) and
  ``test`` (Workflow Testing crates). No package ships them; their published rule maps every term of
  a namespace's vocabulary to ``https://w3id.org/ro/terms/<namespace>#<term>``, and the term lists
  below are those vocabularies' terms (ResearchObject/ro-terms, ``<namespace>/vocabulary.csv``).

Only term definitions are kept (a context is nothing else): a term's IRI, type coercion and
container, sorted, so the output does not depend on the layout of the source.

Run: ``pip install rocrate codemetapy && python fairmeta/data/contexts/generate.py``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SCHEMA = "schema:"


def _ids(value: Any) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    return [item["@id"] for item in items if isinstance(item, dict) and "@id" in item]


def _types(node: dict[str, Any]) -> list[str]:
    value = node.get("@type", [])
    return value if isinstance(value, list) else [value]


def schemaorg_context(vocabulary: dict[str, Any]) -> dict[str, Any]:
    """Build the schema.org term map from the vocabulary graph."""
    prefixes = {k: v for k, v in vocabulary["@context"].items() if isinstance(v, str)}
    context: dict[str, Any] = {"type": "@type", "id": "@id", "HTML": {"@id": "rdf:HTML"}}
    context["@vocab"] = "http://schema.org/"
    context.update(sorted(prefixes.items()))
    context["schema"] = "http://schema.org/"
    terms: dict[str, Any] = {}
    for node in vocabulary["@graph"]:
        node_id = node.get("@id", "")
        if not node_id.startswith(SCHEMA):
            continue
        term = node_id[len(SCHEMA) :]
        entry: dict[str, Any] = {"@id": node_id}
        if "rdf:Property" in _types(node):
            ranges = set(_ids(node.get("schema:rangeIncludes")))
            if "schema:URL" in ranges and "schema:Text" not in ranges:
                entry["@type"] = "@id"
            elif "schema:Date" in ranges and "schema:Text" not in ranges:
                entry["@type"] = "Date"
        terms[term] = entry
    context.update(sorted(terms.items()))
    return {"@context": context}


def term_map(context: Any) -> dict[str, Any]:
    """A context's term definitions, sorted: prefixes and terms as strings or ``@id``/``@type``/
    ``@container`` dictionaries; keywords (``@version``, ``@vocab``, ``@base``) kept as they are."""
    if isinstance(context, list):
        merged: dict[str, Any] = {}
        for part in context:
            if isinstance(part, dict):
                merged.update(part)
        context = merged
    keep = ("@id", "@type", "@container", "@reverse", "@language", "@context", "@protected")
    out: dict[str, Any] = {}
    for term, definition in sorted(context.items()):
        if isinstance(definition, dict):
            out[term] = {k: definition[k] for k in keep if k in definition}
        else:
            out[term] = definition
    return out


RO_TERMS = "https://w3id.org/ro/terms/"
RO_TERMS_VOCABULARIES = {
    "workflow-run": (
        "ParameterConnection ContainerImage DockerImage SIFImage connection sourceParameter targetParameter "
        "md5 sha1 sha256 sha512 environment registry tag containerImage resourceUsage"
    ),
    "test": (
        "TestSuite TestInstance TestService TestDefinition PlanemoEngine JenkinsService TravisService "
        "GithubService instance runsOn resource definition engineVersion"
    ),
}


def ro_terms_context(namespace: str, terms: str) -> dict[str, Any]:
    """The context of one ro-terms namespace: each term to ``<prefix><namespace>#<term>``."""
    return {term: f"{RO_TERMS}{namespace}#{term}" for term in terms.split()}


def _write(name: str, context: dict[str, Any]) -> None:
    (HERE / name).write_text(json.dumps({"@context": context}, indent=1) + "\n", encoding="utf-8")


def main() -> None:
    """Write the bundled contexts next to this script."""
    import argparse
    from importlib.resources import files

    parser = argparse.ArgumentParser(description="Regenerate fairmeta's bundled JSON-LD contexts.")
    parser.add_argument("--corpus", type=Path, default=HERE.parents[3] / "shared" / "corpus")
    args = parser.parse_args()

    data = files("rocrate") / "data"
    vocabulary = json.loads((data / "schema.jsonld").read_text(encoding="utf-8"))
    (HERE / "schemaorg.jsonld").write_text(
        json.dumps(schemaorg_context(vocabulary), indent=1, sort_keys=False) + "\n", encoding="utf-8"
    )
    rocrate = json.loads((data / "ro-crate.jsonld").read_text(encoding="utf-8"))
    (HERE / "ro-crate.jsonld").write_text(
        json.dumps({"@context": rocrate["@context"]}, indent=1) + "\n", encoding="utf-8"
    )
    codemeta = json.loads((files("codemeta") / "schema" / "codemeta.jsonld").read_text(encoding="utf-8"))
    _write("codemeta.jsonld", term_map(codemeta["@context"]))
    for namespace, terms in RO_TERMS_VOCABULARIES.items():
        _write(f"ro-terms-{namespace}.jsonld", ro_terms_context(namespace, terms))
    contexts = args.corpus / "contexts"
    for source, name in (
        ("rocrate-1.1__context.jsonld", "ro-crate-1.1.jsonld"),
        ("rocrate-1.2__context.jsonld", "ro-crate-1.2.jsonld"),
        ("dcatap301__dcat-ap.jsonld", "dcat-ap-3.jsonld"),
        ("dcatap301-examples__context.jsonld", "dcat-ap-3-examples.jsonld"),
    ):
        published = json.loads((contexts / source).read_text(encoding="utf-8"))
        _write(name, term_map(published["@context"]))


if __name__ == "__main__":
    main()
