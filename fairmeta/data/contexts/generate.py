"""Regenerate the JSON-LD contexts fairmeta bundles, from the maintained ``rocrate`` package.

fairmeta never fetches the schema.org or RO-Crate contexts from the network. It ships them here,
generated from published facts rather than copied from a web page:

* ``schemaorg.jsonld``: the schema.org context, derived from the schema.org vocabulary that the
  ``rocrate`` package (ro-crate-py, Apache-2.0) ships as ``rocrate/data/schema.jsonld``. The rules are
  those of the official context: every class and property maps to ``schema:<term>``; a property whose
  range includes ``schema:URL`` but not ``schema:Text`` is coerced to ``@id``; one whose range includes
  ``schema:Date`` but not ``schema:Text`` is typed ``schema:Date``. Namespace prefixes are the
  vocabulary's own. (Checked against the official 30.0 context: zero differences in coercions.)
* ``ro-crate.jsonld``: the RO-Crate context term map from ``rocrate/data/ro-crate.jsonld``. That is the
  1.3 context, a superset of the 1.1 and 1.2 term maps, so it serves the 1.1/1.2 URLs too.

Run: ``pip install rocrate && python fairmeta/data/contexts/generate.py``.
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


def main() -> None:
    """Write both bundled contexts next to this script."""
    from importlib.resources import files

    data = files("rocrate") / "data"
    vocabulary = json.loads((data / "schema.jsonld").read_text(encoding="utf-8"))
    (HERE / "schemaorg.jsonld").write_text(
        json.dumps(schemaorg_context(vocabulary), indent=1, sort_keys=False) + "\n", encoding="utf-8"
    )
    rocrate = json.loads((data / "ro-crate.jsonld").read_text(encoding="utf-8"))
    (HERE / "ro-crate.jsonld").write_text(
        json.dumps({"@context": rocrate["@context"]}, indent=1) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    main()
