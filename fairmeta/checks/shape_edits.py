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

from fairmeta.model import Applicability, Edit, EditOp, Finding, Fix
from fairmeta.records import Record
from fairmeta.vocab.namespaces import ROCRATE_SPEC

Fixer = Callable[[Record, Finding, Node], tuple[str, tuple[Edit, ...]] | None]  # fix text and edits


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


def descriptor_conformsto(record: Record, finding: Finding, focus: Node) -> tuple[str, tuple[Edit, ...]] | None:
    """FM-R1.3-401: the descriptor's conformsTo follows from the RO-Crate context the file uses."""
    version = _rocrate_version(record)
    pointer = finding.location.pointer
    if version is None or pointer is None:
        return None
    spec = f"{ROCRATE_SPEC}{version}"
    return (
        f'Add "conformsTo": {{"@id": "{spec}"}} to the metadata descriptor (the RO-Crate version of its @context).',
        (Edit(EditOp.ADD, f"{pointer}/conformsTo", {"@id": spec}),),
    )


def bioschemas_conformsto(record: Record, finding: Finding, focus: Node) -> tuple[str, tuple[Edit, ...]] | None:
    """FM-R1.3-207: a record checked as a Bioschemas Dataset declares the profile it follows.

    The shape marks its edit unsafe: the record is only checked against the profile because someone
    chose it (``--profile``), and declaring conformance is a claim a person should make.
    """
    profile = "https://bioschemas.org/profiles/Dataset/1.0-RELEASE"
    pointer = finding.location.pointer
    if record.document is not None and pointer is not None:
        edit = Edit(EditOp.ADD, f"{pointer}/http:~1~1purl.org~1dc~1terms~1conformsTo", {"@id": profile})
    elif record.document is None and isinstance(focus, URIRef):
        edit = Edit(EditOp.ADD, "triple", [focus.n3(), DCTERMS.conformsTo.n3(), URIRef(profile).n3()])
    else:
        return None
    return f'Add "dct:conformsTo": {{"@id": "{profile}"}} once the record meets the profile.', (edit,)


FIXERS: dict[str, Fixer] = {
    "FM-R1.3-401": descriptor_conformsto,
    "FM-R1.3-207": bioschemas_conformsto,
}


def with_edits(record: Record | None, finding: Finding, focus: Node | None, safety: Applicability) -> Finding:
    """Return the finding with a machine-applicable fix when one is obvious, else unchanged.

    ``safety`` is the rule's fix safety (``fm:fixSafety`` on the shape): how far the edits may be
    trusted without a look.
    """
    fixer = FIXERS.get(finding.code)
    if record is None or fixer is None or focus is None:
        return finding
    made = fixer(record, finding, focus)
    if made is None:
        return finding
    message, edits = made
    return replace(finding, fix=Fix(message, safety, edits))
