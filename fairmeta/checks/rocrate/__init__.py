"""The RO-Crate profile check: a crate against the RO-Crate family's published requirements.

Which profile: the ones the crate declares in ``conformsTo`` (the most specific of them, e.g.
Provenance Run Crate rather than the Workflow Run Crate it extends), or the one named with
``--rocrate-profile``; a crate that declares none is checked against the RO-Crate version its
descriptor names. The requirements are rocrate-validator's (see :mod:`.upstream`); each failed one
becomes a finding ``ROCRATE:<requirement>`` with the requirement's own level: REQUIRED → error,
RECOMMENDED → warning, OPTIONAL → info.

fairmeta's own RO-Crate shapes (``shapes/ro-crate.ttl``) and the crate check run first; where one
of their findings already names the same entity and property, the profile's finding is dropped,
so a missing ``name`` is reported once, with fairmeta's fix.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urljoin

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS
from rdflib.term import Node

from fairmeta.checks.base import BaseCheck, CheckContext, CheckSkipped
from fairmeta.checks.rocrate import upstream
from fairmeta.errors import UnknownProfileError
from fairmeta.loaders import LoadedSource, display_id
from fairmeta.loaders.contexts import ContextResolver
from fairmeta.loaders.describe import rocrate_root
from fairmeta.model import Finding, Location, Principle, Severity
from fairmeta.records import relative_to_folder
from fairmeta.rules import rules_of
from fairmeta.vocab.render import curie

_SEVERITY = {"REQUIRED": Severity.ERROR, "RECOMMENDED": Severity.WARNING, "OPTIONAL": Severity.INFO}

# the FAIR principle a requirement serves, by the property it is about; the rest is R1.3 (the
# community's standard for the package)
_PRINCIPLE_BY_PROPERTY = {
    "license": "R1.1",
    "identifier": "F1",
    "cite-as": "F1",
    "citeAs": "F1",
    "name": "F2",
    "description": "F2",
    "keywords": "F2",
    "author": "R1.2",
    "creator": "R1.2",
    "publisher": "R1.2",
    "datePublished": "R1.2",
    "dateCreated": "R1.2",
    "agent": "R1.2",
    "instrument": "R1.2",
    "encodingFormat": "I1",
    "conformsTo": "R1.3",
}


def principle_of(property_iri: str) -> Principle:
    """The FAIR principle a requirement about ``property_iri`` serves."""
    local = property_iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    return Principle(_PRINCIPLE_BY_PROPERTY.get(local, "R1.3"))


# requirements fairmeta's crate check judges itself, with the entity located and a fix: by the
# requirement's name (stable across RO-Crate versions), the code that stands for it
_JUDGED_BY_FAIRMETA = {
    "Data Entity: REQUIRED resource availability": "FM-A1-420",
    "Main Workflow file must exist": "FM-A1-420",
    "Data Entity MUST be directly referenced": "FM-F3-421",
    "File Descriptor JSON-LD must be flattened": "FM-I1-422",
}


# requirements where fairmeta's own rule gives the verdict, whatever the profile says: the Root
# Data Entity's @id is a SHOULD in RO-Crate 1.1 and 1.2 ("./" or an absolute URI ending in "/"),
# FM-F1-410, a warning; rocrate-validator makes it REQUIRED and misjudges crates that set @base
# (its own tests skip it there)
_FAIRMETA_DECIDES = frozenset({"Root Data Entity URI value"})

# rocrate-validator names the crate itself by a node of its own when no entity is at fault
_UPSTREAM_NODES = "https://github.com/crs4/rocrate-validator/"


class RoCrateProfileCheck(BaseCheck):
    """The crate against its RO-Crate family profile (rocrate-validator's requirements)."""

    name = "rocrate"
    needs = ("shacl", "crate")

    def __init__(self, resolver: ContextResolver, profile: str | None = None) -> None:
        self.rules = rules_of(self.name)
        self.resolver = resolver
        self.profile = profile
        if profile is not None and upstream.available():
            self.profile = upstream.resolve_profile(profile)
            if self.profile is None:
                known = ", ".join(["ro-crate", *(info.identifier for info in upstream.family())])
                raise UnknownProfileError(f"unknown RO-Crate profile {profile!r} (available: {known})")

    def applies_to(self, source: LoadedSource) -> bool:
        """RO-Crates: a graph with a metadata descriptor and its root data entity."""
        return source.graph is not None and rocrate_root(source.graph) is not None

    def check(self, source: LoadedSource, ctx: CheckContext) -> Iterable[Finding]:
        """One finding per failed requirement not already reported by fairmeta's own RO-Crate rules."""
        if not upstream.available():
            raise CheckSkipped("rocrate-validator is not installed, so the RO-Crate profiles cannot run")
        crate_input = self._input(source)
        if crate_input is None:
            raise CheckSkipped("no JSON-LD document to give rocrate-validator (a crate is JSON-LD)")
        graph = source.graph
        assert graph is not None
        crate = rocrate_root(graph)
        assert crate is not None
        if self.profile and self.profile != "ro-crate":
            profiles: tuple[str, ...] = (self.profile,)
        else:
            detected = () if self.profile else upstream.detect(crate_input, self.resolver.resolve)
            profiles = detected or (_version_profile(graph, crate[0]),)
        records = {record.node: record for record in source.records}
        root_record = records.get(crate[1])
        said, said_codes = _already_said(ctx)
        index = _entities(source.parsed.document if source.parsed else None)
        findings: list[Finding] = []
        skipped = 0
        for profile in profiles:
            try:
                issues, web = upstream.validate(crate_input, profile, self.resolver.resolve)
            except upstream.UpstreamError as exc:
                findings.append(ctx.finding("ROCRATE:not-validated", str(exc), Location(source.source, pointer="")))
                continue
            skipped += web
            for issue in issues:
                if issue.name in _FAIRMETA_DECIDES:
                    continue
                entity = "" if issue.entity.startswith(_UPSTREAM_NODES) else issue.entity
                node = _node(entity, source.base)
                shown = display_id(node, source.base) if entity else "./"
                # a complex SHACL path (inverse, zero-or-more) comes as a blank node: no property to name
                path = curie(URIRef(issue.property)) if "://" in issue.property else None
                # the same entity and property (a requirement about the entity as a whole is not the same)
                same_place = path is not None and ((shown, path) in said or (str(node), path) in said)
                if same_place or _JUDGED_BY_FAIRMETA.get(issue.name) in said_codes:
                    continue
                position = index.get(_key(entity or "./"))
                pointer = f"/@graph/{position}" if position is not None else ""
                where = Location(
                    source.source, pointer=pointer, focus_node=shown, path=path, value=_value(issue, source.base)
                )
                findings.append(
                    ctx.finding(
                        f"ROCRATE:{issue.requirement}",
                        issue.message,
                        where,
                        record=records.get(node) or root_record,
                        severity=_SEVERITY.get(issue.level, Severity.ERROR),
                        fix=_fix(issue, shown),
                        principle=principle_of(issue.property),
                    )
                )
        ctx.detail = (
            f"rocrate-validator profile(s) {', '.join(profiles)}; "
            f"{skipped} requirement(s) needing the web left to the identifier check"
        )
        return findings

    def _contexts(self) -> str:
        """The local context copies the user maps (they change what the profiles see)."""
        return repr(sorted((url, str(path), _mtime(path)) for url, path in self.resolver.local.items()))

    def _input(self, source: LoadedSource) -> upstream.CrateInput | None:
        """A crate folder or zip file as it is (payload included), else the parsed document."""
        contexts = self._contexts()
        origin = source.path
        if origin is not None and source.payload is not None:
            return upstream.CrateInput(origin if origin.suffix.lower() == ".zip" else origin.parent, None, contexts)
        if origin is not None and origin.name.endswith(_DETACHED):
            # a detached descriptor ("dataset-ro-crate-metadata.json", RO-Crate 1.2)
            return upstream.CrateInput(origin, None, contexts)
        document = source.parsed.document if source.parsed else None
        if isinstance(document, dict):
            return upstream.CrateInput(None, document, contexts)
        graph = source.graph
        if graph is None:
            return None
        # a graph without a document (Turtle, a graph handed to the library): its JSON-LD form
        serialised = json.loads(graph.serialize(format="json-ld", auto_compact=True))
        return upstream.CrateInput(
            None, serialised if isinstance(serialised, dict) else {"@graph": serialised}, contexts
        )


_DETACHED = ("-ro-crate-metadata.json", "-ro-crate-metadata.jsonld")


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


def _version_profile(graph: Graph, descriptor: Node) -> str:
    """The base profile of the RO-Crate version the descriptor names (1.1 when it names none)."""
    versions = sorted(
        str(value).rstrip("/").rsplit("/", 1)[-1]
        for value in graph.objects(descriptor, DCTERMS.conformsTo)
        if str(value).startswith("https://w3id.org/ro/crate/")
    )
    known = {info.identifier for info in upstream.family()}
    for version in reversed(versions):
        if f"ro-crate-{version}" in known:
            return f"ro-crate-{version}"
    return "ro-crate-1.1"


def _already_said(ctx: CheckContext) -> tuple[set[tuple[str, str | None]], set[str]]:
    """The (entity, property) pairs and the codes fairmeta's own RO-Crate rules reported on this source."""
    said: set[tuple[str, str | None]] = set()
    codes: set[str] = set()
    for name in ("shacl", "crate"):
        result = ctx.result(name)
        for finding in result.findings if result is not None else ():
            said.add((finding.location.focus_node or "", finding.location.path))
            codes.add(finding.code)
    return said, codes


def _entities(document: object) -> dict[str, int]:
    """Each entity's place in the document's ``@graph``, by its ``@id`` as written."""
    graph = document.get("@graph") if isinstance(document, dict) else None
    if not isinstance(graph, list):
        return {}
    places: dict[str, int] = {}
    for position, entity in enumerate(graph):
        if isinstance(entity, dict) and isinstance(entity.get("@id"), str):
            places.setdefault(_key(entity["@id"]), position)
    return places


def _key(identifier: str) -> str:
    text = identifier.strip()
    while text.startswith("./") and len(text) > 2:
        text = text[2:]
    return text


def _node(entity: str, base: str) -> URIRef:
    return URIRef(urljoin(base, entity)) if base else URIRef(entity)


def _value(issue: upstream.Issue, base: str) -> str | None:
    """The offending value as reports show it: relative to the crate, never a blank-node label."""
    value = issue.value
    if not value or (len(value) > 30 and value.isalnum() and value.startswith("n")):
        return None
    return relative_to_folder(value, base) if base else value


def _fix(issue: upstream.Issue, shown: str) -> str:
    what = issue.description or issue.name
    return f"Change {shown} so that it meets {issue.profile} requirement {issue.requirement!r}: {what}"
