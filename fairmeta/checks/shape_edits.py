"""Machine-applicable edits for findings whose fix is obvious from the record itself.

Detection (the checks) and fixing stay apart: a check states the problem; this module, given the
record and the focus node, may add edits to the fix. JSON-LD records get RFC 6902 JSON Patch
operations (``target`` is a JSON Pointer); other records get triples to add (``target`` is
``"triple"``, the value ``[subject, predicate, object]`` in N-Triples term syntax).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from rdflib import URIRef
from rdflib.namespace import DCTERMS
from rdflib.term import Node

from fairmeta.model import Applicability, Edit, Finding, Fix
from fairmeta.records import Record
from fairmeta.vocab.namespaces import ROCRATE_SPEC

Fixer = Callable[[Record, Finding, Node], Fix | None]


def _rocrate_version(record: Record) -> str | None:
    """The RO-Crate version the document's @context names (``https://w3id.org/ro/crate/1.1/context``)."""
    document = record.document
    contexts = document.get("@context") if isinstance(document, dict) else None
    for context in contexts if isinstance(contexts, list) else [contexts]:
        if isinstance(context, str) and context.startswith(ROCRATE_SPEC):
            version = context[len(ROCRATE_SPEC) :].split("/", 1)[0]
            if version:
                return version
    return None


def descriptor_conformsto(record: Record, finding: Finding, focus: Node) -> Fix | None:
    """FM-R1.3-401: the descriptor's conformsTo follows from the RO-Crate context the file uses."""
    version = _rocrate_version(record)
    pointer = finding.location.pointer
    if version is None or pointer is None:
        return None
    spec = f"{ROCRATE_SPEC}{version}"
    return Fix(
        f'Add "conformsTo": {{"@id": "{spec}"}} to the metadata descriptor (the RO-Crate version of its @context).',
        Applicability.SAFE,
        (Edit("add", f"{pointer}/conformsTo", {"@id": spec}),),
    )


def bioschemas_conformsto(record: Record, finding: Finding, focus: Node) -> Fix | None:
    """FM-R1.3-207: a record checked as a Bioschemas Dataset declares the profile it follows.

    Unsafe: the record is only checked against the profile because someone chose it (``--profile``),
    and declaring conformance is a claim a person should make.
    """
    profile = "https://bioschemas.org/profiles/Dataset/1.0-RELEASE"
    pointer = finding.location.pointer
    if record.document is not None and pointer is not None:
        edit = Edit("add", f"{pointer}/http:~1~1purl.org~1dc~1terms~1conformsTo", {"@id": profile})
    elif record.document is None and isinstance(focus, URIRef):
        edit = Edit("add", "triple", [focus.n3(), DCTERMS.conformsTo.n3(), URIRef(profile).n3()])
    else:
        return None
    return Fix(
        f'Add "dct:conformsTo": {{"@id": "{profile}"}} once the record meets the profile.',
        Applicability.UNSAFE,
        (edit,),
    )


FIXERS: dict[str, Fixer] = {
    "FM-R1.3-401": descriptor_conformsto,
    "FM-R1.3-207": bioschemas_conformsto,
}


def with_edits(record: Record | None, finding: Finding, focus: Node | None) -> Finding:
    """Return the finding with a machine-applicable fix when one is obvious, else unchanged."""
    fixer = FIXERS.get(finding.code)
    if record is None or fixer is None or focus is None:
        return finding
    fix = fixer(record, finding, focus)
    return finding if fix is None else replace(finding, fix=fix)
