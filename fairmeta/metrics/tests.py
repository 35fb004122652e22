"""The metric tests: each reads one record's graph and ends as pass, fail or not assessable.

Each function is named in ``catalogue.toml`` (``check = "…"``). It returns a :class:`TestResult`
whose ``evidence`` says what was found (shown in reports) and, on failure, optionally a more
specific message, the property the fix is about and the offending value.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from urllib.parse import unquote

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF
from rdflib.term import Node

from fairmeta.loaders.describe import RECORD_TYPES
from fairmeta.metrics.terms import DC, PAV, PROV, RecordView
from fairmeta.model import Finding, Harvest, Outcome, ResolutionOutcome, Severity
from fairmeta.records import Record
from fairmeta.vocab.identifiers import Identifier, classify, is_unique_identifier
from fairmeta.vocab.licences import spdx_from_iri, spdx_from_text
from fairmeta.vocab.namespaces import SDO
from fairmeta.vocab.registry import DEFAULT_NAMESPACES, namespace_of, namespace_registered


@dataclass(frozen=True)
class TestResult:
    """What one test found on one record."""

    __test__ = False  # not a pytest test class

    outcome: Outcome
    evidence: str
    message: str | None = None
    path: str | None = None
    value: str | None = None


@dataclass
class TestContext:
    """Everything a test may read: the record, its view, and what other checks found."""

    __test__ = False

    record: Record
    view: RecordView
    invalid_iris: list[str] = field(default_factory=list)
    shacl_findings: list[Finding] = field(default_factory=list)
    offline: bool = True
    profile_checked: bool = False
    base: str = ""  # the source's base IRI: relative links resolve under its folder
    # the record's own identifiers as written -> (verified | failed | unverifiable, detail); empty offline
    resolutions: Mapping[str, tuple[ResolutionOutcome, str]] = field(default_factory=dict)
    harvest: Harvest | None = None  # how the record was harvested, when it came from an identifier or URL


Test = Callable[[TestContext], TestResult]
TESTS: dict[str, Test] = {}

_OPEN_PROTOCOLS = ("http://", "https://", "ftp://", "ftps://", "sftp://")
_SCHEMAORG_VOCABS = ("http://schema.org/", "http://www.w3.org/ns/dcat#", "http://purl.org/dc/terms/", DC)
_KNOWN_STANDARDS = (
    "bioschemas.org/profiles/",
    "w3id.org/ro/crate",
    "w3id.org/workflowhub/",
    "dcat-ap",
    "data.europa.eu/r5r",
    "schema.datacite.org",
    "datacite.org/schema/kernel",  # the DataCite kernel's namespace, as DataCite records name it
    "purl.org/spar/datacite",
    "w3id.org/ro/wfrun",
    "w3id.org/ro/wfrun/",
    "schema.org/docs/releases",
    "fairsharing.org",
    "www.w3.org/TR/vocab-dcat",
    "semiceu.github.io",
    "w3id.org/isa",
)
_FORMAT_REGISTRIES = (
    "http://publications.europa.eu/resource/authority/file-type/",
    "https://www.iana.org/assignments/media-types/",
    "http://www.iana.org/assignments/media-types/",
    "http://edamontology.org/format_",
    "https://www.nationalarchives.gov.uk/PRONOM/",
    "http://www.nationalarchives.gov.uk/PRONOM/",
    "https://w3id.org/ro/crate/",
)
_MEDIA_TYPE = re.compile(
    r"^(application|audio|font|image|message|model|multipart|text|video|chemical)/[A-Za-z0-9][\w.+-]*(;.*)?$"
)


def test(name: str) -> Callable[[Test], Test]:
    """Register a test function under its catalogue name."""

    def register(function: Test) -> Test:
        TESTS[name] = function
        return function

    return register


def _identifiers(ctx: TestContext) -> list[Identifier]:
    """The record's identifiers: identifier values (literal, IRI, PropertyValue) and its own IRI
    (classified once per record: six tests ask)."""
    return ctx.record.derive("metric_identifiers", lambda: _classified_identifiers(ctx))


def _classified_identifiers(ctx: TestContext) -> list[Identifier]:
    out: list[Identifier] = []
    for value in ctx.view.values("identifier"):
        if isinstance(value, BNode):
            inner = ctx.view.value(value, SDO.value) or ctx.view.value(value, SDO.url)
            if inner is None:
                continue
            value = inner
        out.append(classify(str(value)))
    node = ctx.record.node
    if isinstance(node, URIRef) and not str(node).startswith(("file:", "urn:fairmeta")):
        out.append(classify(str(node)))
    return out


def _pid(ctx: TestContext) -> Identifier | None:
    return next((i for i in _identifiers(ctx) if i.persistent and i.valid), None)


@test("identifier_unique")
def identifier_unique(ctx: TestContext) -> TestResult:
    """FsF-F1-01MD-1."""
    found = [i for i in _identifiers(ctx) if is_unique_identifier(i)]
    if found:
        return TestResult(Outcome.PASS, f"identifier {found[0].value} ({found[0].scheme})")
    bad = _identifiers(ctx)
    evidence = f"identifier {bad[0].value!r} is {bad[0].problem}" if bad else "no identifier"
    return TestResult(Outcome.FAIL, evidence, path="schema:identifier", value=bad[0].value if bad else None)


def _identifier_fails(value: str, evidence: str, message: str) -> TestResult:
    """A failed identifier test, located at the identifier (so that one finding covers both)."""
    return TestResult(Outcome.FAIL, evidence, message=message, path="schema:identifier", value=value)


@test("identifier_pid_syntax")
def identifier_pid_syntax(ctx: TestContext) -> TestResult:
    """FsF-F1-02MD-1."""
    identifiers = _identifiers(ctx)
    good = next((i for i in identifiers if i.persistent and i.valid), None)
    if good is not None:
        return TestResult(Outcome.PASS, f"{good.scheme} {good.value}")
    broken = next((i for i in identifiers if i.persistent and not i.valid), None)
    if broken is not None:
        return _identifier_fails(
            broken.value,
            f"{broken.scheme} {broken.value} is malformed: {broken.problem}",
            f"The {broken.scheme.upper()} {broken.value} is malformed ({broken.problem}).",
        )
    return TestResult(
        Outcome.FAIL, "no persistent identifier among " + (", ".join(i.value for i in identifiers) or "none")
    )


@test("identifier_resolves")
def identifier_resolves(ctx: TestContext) -> TestResult:
    """FsF-F1-02MD-2: a persistent identifier of the record resolved (the identifier check asked its
    registry); not assessable offline or when the registry could not be reached."""
    harvest = ctx.harvest
    if harvest is not None and harvest.pid:  # harvested: the PID was resolved, and what it did is known
        if 200 <= harvest.landing_status < 300:
            return TestResult(Outcome.PASS, f"{harvest.pid} resolves to {harvest.landing_url}")
        if harvest.landing_status in (404, 410):
            return _identifier_fails(
                harvest.pid,
                f"{harvest.pid} answered {harvest.landing_status}",
                f"The persistent identifier {harvest.pid} does not resolve (HTTP {harvest.landing_status}).",
            )
    pids = [i for i in _identifiers(ctx) if i.persistent and i.valid]
    if not pids:
        return TestResult(Outcome.NOT_ASSESSABLE, "no persistent identifier to resolve")
    outcomes = [(pid, ctx.resolutions.get(pid.value)) for pid in pids]
    verified = next((pid for pid, got in outcomes if got and got[0] == ResolutionOutcome.VERIFIED), None)
    if verified is not None:
        return TestResult(Outcome.PASS, f"{verified.value} resolves")
    failed = next(((pid, got) for pid, got in outcomes if got and got[0] == ResolutionOutcome.FAILED), None)
    if failed is not None:
        pid, (_, detail) = failed
        return _identifier_fails(
            pid.value,
            f"{pid.value} does not resolve: {detail}",
            f"The persistent identifier {pid.value} does not resolve ({detail}).",
        )
    unverifiable = next(((pid, got) for pid, got in outcomes if got), None)
    if unverifiable is not None:
        return TestResult(Outcome.NOT_ASSESSABLE, f"{unverifiable[0].value}: {unverifiable[1][1]}")
    return TestResult(Outcome.NOT_ASSESSABLE, f"resolution of {pids[0].value} not checked (offline run)")


def _missing(ctx: TestContext, elements: dict[str, str]) -> list[str]:
    missing = []
    for element, label in elements.items():
        if element == "identifier":
            if not [i for i in _identifiers(ctx) if is_unique_identifier(i)]:
                missing.append(label)
        elif element == "type":
            if not _typed(ctx):
                missing.append(label)
        elif not ctx.view.has(element):
            missing.append(label)
    return missing


def _typed(ctx: TestContext) -> bool:
    types = set(ctx.view.objects(ctx.record.node, RDF.type))
    return bool(types) or ctx.view.has("type")


@test("citation_core")
def citation_core(ctx: TestContext) -> TestResult:
    """FsF-F2-01M-2."""
    labels = {
        "creator": "creator",
        "title": "title (name)",
        "identifier": "identifier",
        "date_published": "publication date",
        "publisher": "publisher",
        "type": "resource type",
    }
    missing = _missing(ctx, labels)
    if not missing:
        return TestResult(Outcome.PASS, "creator, title, identifier, publication date, publisher and type present")
    return TestResult(
        Outcome.FAIL,
        "missing: " + ", ".join(missing),
        message=f"The citation metadata lacks: {', '.join(missing)}.",
    )


@test("descriptive_core")
def descriptive_core(ctx: TestContext) -> TestResult:
    """FsF-F2-01M-3."""
    missing = _missing(ctx, {"description": "description", "keywords": "keywords"})
    if not missing:
        return TestResult(Outcome.PASS, "description and keywords present")
    return TestResult(
        Outcome.FAIL, "missing: " + ", ".join(missing), message=f"The record lacks: {', '.join(missing)}."
    )


_CATALOGUE_TYPES = (DCAT.Catalog, SDO.DataCatalog)


def _is_catalogue(ctx: TestContext) -> bool:
    return any(ctx.view.has_type(ctx.record.node, t) for t in _CATALOGUE_TYPES)


def _data_links(ctx: TestContext) -> list[str]:
    links = [str(v) for v in ctx.view.values("data_link") if not isinstance(v, BNode)]
    if _is_catalogue(ctx):  # a catalogue's content is the datasets and services it lists
        for predicate in (DCAT.dataset, DCAT.service, SDO.dataset):
            links += [str(v) for v in ctx.view.objects(ctx.record.node, predicate) if isinstance(v, URIRef)]
    for distribution in ctx.view.distributions():
        links += [str(v) for v in ctx.view.values("data_link", distribution) if not isinstance(v, BNode)]
        if isinstance(distribution, URIRef) and ctx.view.has_type(distribution, SDO.MediaObject):
            links.append(str(distribution))
    return links


@test("data_identifier")
def data_identifier(ctx: TestContext) -> TestResult:
    """FsF-F3-01M-2."""
    links = _data_links(ctx)
    if links:
        return TestResult(Outcome.PASS, f"{len(links)} data link(s), e.g. {links[0]}")
    return TestResult(Outcome.FAIL, "no download/access link or data file identifier", path="schema:distribution")


def _vocabularies(ctx: TestContext) -> set[str]:
    return ctx.record.derive("vocabularies", lambda: _used_vocabularies(ctx))


def _used_vocabularies(ctx: TestContext) -> set[str]:
    view, node = ctx.view, ctx.record.node
    used = {str(p) for p in view.predicates(node)} | {str(t) for t in view.objects(node, RDF.type)}
    return {ns for ns in _SCHEMAORG_VOCABS if any(u.startswith(ns) for u in used)}


@test("searchable_vocabulary")
def searchable_vocabulary(ctx: TestContext) -> TestResult:
    """FsF-F4-01M-1."""
    found = _vocabularies(ctx)
    if found:
        return TestResult(Outcome.PASS, "uses " + ", ".join(sorted(found)))
    return TestResult(Outcome.FAIL, "no schema.org, DCAT or Dublin Core term on the record")


@test("access_conditions")
def access_conditions(ctx: TestContext) -> TestResult:
    """FsF-A1-01M-1."""
    values = ctx.view.values("access")
    if values:
        return TestResult(Outcome.PASS, "access stated: " + ", ".join(ctx.view.text(v) for v in values[:3]))
    return TestResult(
        Outcome.FAIL, "no isAccessibleForFree, conditionsOfAccess or accessRights", path="schema:isAccessibleForFree"
    )


@test("metadata_retrievable")
def metadata_retrievable(ctx: TestContext) -> TestResult:
    """FsF-A1-02MD-1: machine-readable metadata was retrieved over HTTP(S) (harvested records only)."""
    harvest = ctx.harvest
    if harvest is None:
        return TestResult(Outcome.NOT_ASSESSABLE, "a local file: retrieval over the network is assessed on a harvest")
    if harvest.channels:
        open_ones = [
            r
            for r in harvest.requests
            if r.contributed.startswith(("metadata", "embedded"))
            or "metadata (" in r.contributed
            or "embedded" in r.contributed
        ]
        where = ", ".join(harvest.channels)
        shown = open_ones[0].url if open_ones else harvest.start_url
        return TestResult(Outcome.PASS, f"metadata retrieved over HTTP from {shown} ({where})")
    return TestResult(Outcome.FAIL, "no machine-readable metadata could be retrieved", path="schema:url")


@test("data_retrievable")
def data_retrievable(ctx: TestContext) -> TestResult:
    """FsF-A1-02MD-2: the data the record links (Signposting ``item``) answered with the announced type."""
    harvest = ctx.harvest
    if harvest is None:
        if not _data_links(ctx):
            return TestResult(Outcome.NOT_ASSESSABLE, "no data link to retrieve")
        return TestResult(Outcome.NOT_ASSESSABLE, "a local file: retrieval of data links is assessed on a harvest")
    items = [r for r in harvest.requests if r.channel == "item"]
    if not items:
        return TestResult(Outcome.NOT_ASSESSABLE, "no Signposting item link to retrieve")
    good = [r for r in items if 200 <= r.status < 300 and _announced(r.accept, r.media_type)]
    if good:
        return TestResult(Outcome.PASS, f"{len(good)} of {len(items)} item link(s) retrieved ({good[0].url})")
    first = items[0]
    detail = first.error or f"HTTP {first.status}, {first.media_type or 'no type'}"
    return TestResult(Outcome.FAIL, f"item {first.url} not retrievable as announced ({detail})", value=first.url)


@test("tombstone_keeps_metadata")
def tombstone_keeps_metadata(ctx: TestContext) -> TestResult:
    """FMX-A2-01-1: a gone resource (404/410) still described (harvested records only)."""
    harvest = ctx.harvest
    if harvest is None:
        return TestResult(
            Outcome.NOT_ASSESSABLE, "a local file: whether metadata outlives the data is assessed on a harvest"
        )
    if harvest.landing_status not in (404, 410):
        return TestResult(
            Outcome.NOT_ASSESSABLE, f"the resource is available (HTTP {harvest.landing_status}): no tombstone to judge"
        )
    names = [v for v in ctx.view.values("title") if isinstance(v, Literal)]
    if names:
        return TestResult(
            Outcome.PASS, f"HTTP {harvest.landing_status}, and the answer still describes it: {str(names[0])[:60]!r}"
        )
    return TestResult(
        Outcome.FAIL,
        f"HTTP {harvest.landing_status} with {', '.join(harvest.channels) or 'no'} metadata and no name or title",
        path="schema:name",
    )


def _announced(asked: str, got: str) -> bool:
    """Whether a data answer has the media type its link announced (``*/*``: any)."""
    wanted = asked.split(";")[0].strip().lower()
    return wanted in ("*/*", "") or wanted == got


def _metadata_addresses(ctx: TestContext) -> list[str]:
    addresses = [i.canonical or i.value for i in _identifiers(ctx)]
    addresses += [str(v) for v in ctx.view.values("landing_page") if not isinstance(v, BNode)]
    return addresses


def _open(address: str) -> bool:
    identifier = classify(address)
    return address.lower().startswith(_OPEN_PROTOCOLS) or (identifier.persistent and identifier.scheme != "urn")


@test("metadata_protocol")
def metadata_protocol(ctx: TestContext) -> TestResult:
    """FsF-A1.1-01MD-1."""
    addresses = _metadata_addresses(ctx)
    if not addresses:
        return TestResult(Outcome.FAIL, "no identifier or landing page", path="schema:url")
    good = [a for a in addresses if _open(a)]
    if good:
        return TestResult(Outcome.PASS, f"{good[0]} uses an open protocol")
    return TestResult(Outcome.FAIL, "only " + ", ".join(addresses), path="schema:url", value=addresses[0])


@test("data_protocol")
def data_protocol(ctx: TestContext) -> TestResult:
    """FsF-A1.1-01MD-2; files given relative to the record (an RO-Crate's data entities) travel with it."""
    packaged = ctx.base.rsplit("/", 1)[0] + "/" if ctx.base.startswith("file:") else None
    links = [link for link in _data_links(ctx) if not (packaged and link.startswith(packaged))]
    if not links:
        return TestResult(Outcome.NOT_ASSESSABLE, "no data link outside the record's own package")
    closed = [link for link in links if not link.lower().startswith(_OPEN_PROTOCOLS)]
    if closed:
        return TestResult(Outcome.FAIL, f"{closed[0]} is not HTTP(S)/FTP", path="schema:contentUrl", value=closed[0])
    return TestResult(Outcome.PASS, f"{len(links)} data link(s) over HTTP(S)/FTP")


@test("metadata_protocol_auth")
def metadata_protocol_auth(ctx: TestContext) -> TestResult:
    """FsF-A1.2-01MD-1: HTTP(S), FTP and SFTP all support authentication."""
    return metadata_protocol(ctx)


def _restricted(ctx: TestContext) -> str | None:
    graph, node = ctx.view, ctx.record.node
    free = graph.value(node, SDO.isAccessibleForFree)
    if isinstance(free, Literal) and str(free).strip().lower() in ("false", "0", "no"):
        return "isAccessibleForFree is false"
    for rights in graph.objects(node, DCTERMS.accessRights):
        text = (
            str(rights) + " " + str(graph.value(rights, URIRef("http://www.w3.org/2000/01/rdf-schema#label")) or "")
        ).lower()
        if any(
            word in text for word in ("restricted", "non_public", "non-public", "confidential", "embargo", "closed")
        ):
            return f"accessRights {rights}"
    return None


@test("restricted_access_described")
def restricted_access_described(ctx: TestContext) -> TestResult:
    """FsF-A1.2-01MD-2: applies only to restricted records."""
    restricted = _restricted(ctx)
    if restricted is None:
        return TestResult(Outcome.NOT_ASSESSABLE, "access is not restricted")
    graph, node = ctx.view.graph, ctx.record.node
    ways = [p for p in (SDO.conditionsOfAccess, DCAT.accessService, DCAT.contactPoint) if (node, p, None) in graph]
    for rights in graph.objects(node, DCTERMS.accessRights):
        if isinstance(rights, Literal) or (rights, URIRef("http://www.w3.org/2000/01/rdf-schema#label"), None) in graph:
            ways.append(DCTERMS.accessRights)
    if ways:
        return TestResult(Outcome.PASS, f"{restricted}; access procedure given")
    return TestResult(Outcome.FAIL, f"{restricted}; no conditions of access", path="schema:conditionsOfAccess")


@test("formal_representation")
def formal_representation(ctx: TestContext) -> TestResult:
    """FsF-I1-01M-2."""
    if ctx.invalid_iris:
        return TestResult(Outcome.FAIL, f"invalid IRI {ctx.invalid_iris[0]!r}", value=ctx.invalid_iris[0])
    if not _typed(ctx):
        return TestResult(Outcome.FAIL, "the described resource has no type", path="rdf:type")
    return TestResult(Outcome.PASS, "parsed as RDF, typed, valid IRIs")


@test("registered_vocabularies")
def registered_vocabularies(ctx: TestContext) -> TestResult:
    """FsF-I2-01M-2: namespaces of the record's own properties and classes."""
    graph, node = ctx.view, ctx.record.node
    terms = {str(p) for p in graph.predicates(node)} | {
        str(t) for t in graph.objects(node, RDF.type) if isinstance(t, URIRef)
    }
    namespaces = {namespace_of(t) for t in terms if not t.startswith(DEFAULT_NAMESPACES)}
    if not namespaces:
        return TestResult(Outcome.FAIL, "no vocabulary term besides rdf/rdfs/xsd/owl")
    unregistered = sorted(ns for ns in namespaces if not namespace_registered(ns))
    if unregistered:
        return TestResult(
            Outcome.FAIL,
            "unregistered: " + ", ".join(unregistered),
            message=f"The record uses terms from unregistered vocabularies: {', '.join(unregistered)}.",
            value=unregistered[0],
        )
    return TestResult(Outcome.PASS, "registered: " + ", ".join(sorted(namespaces)))


@test("related_resources_mentioned")
def related_resources_mentioned(ctx: TestContext) -> TestResult:
    """FsF-I3-01M-1."""
    related = ctx.view.values("related")
    if related:
        return TestResult(Outcome.PASS, f"{len(related)} related resource(s)")
    return TestResult(Outcome.FAIL, "no citation, isBasedOn, isPartOf, sameAs, relation, ...", path="schema:citation")


@test("related_resources_linked")
def related_resources_linked(ctx: TestContext) -> TestResult:
    """FsF-I3-01M-2."""
    related = ctx.view.values("related")
    linked = [
        v for v in related if isinstance(v, URIRef) or (isinstance(v, Literal) and classify(str(v)).scheme != "text")
    ]
    if linked:
        return TestResult(Outcome.PASS, f"{len(linked)} related resource(s) as links, e.g. {linked[0]}")
    if related:
        return TestResult(Outcome.FAIL, "related resources only as text", path="schema:citation", value=str(related[0]))
    # Nothing related at all is FsF-I3-01M-1's failure; whether links are machine-readable cannot be judged.
    return TestResult(Outcome.NOT_ASSESSABLE, "no related resource to judge")


_AGENT_SCHEMES = {"orcid", "ror", "isni", "wikidata"}


@test("agents_have_pids")
def agents_have_pids(ctx: TestContext) -> TestResult:
    """FMX-I3-01-1."""
    agents = ctx.view.agents()
    if not agents:
        return TestResult(Outcome.NOT_ASSESSABLE, "no creator, contributor or publisher")
    graph = ctx.view
    without = []
    for agent in agents:
        candidates = [str(agent)] if isinstance(agent, URIRef) else []
        candidates += [str(v) for p in (SDO.identifier, SDO.sameAs) for v in graph.objects(agent, p)]
        identifiers = [classify(c) for c in candidates]
        if not any(i.scheme in _AGENT_SCHEMES and i.valid for i in identifiers):
            without.append(ctx.view.text(agent))
    if without:
        return TestResult(
            Outcome.FAIL,
            "no valid ORCID/ROR/ISNI/Wikidata id: " + ", ".join(without),
            message=f"{len(without)} of {len(agents)} creators/contributors/publishers have no valid persistent identifier.",
            value=without[0],
        )
    return TestResult(Outcome.PASS, f"{len(agents)} agent(s) with PIDs")


@test("resource_type")
def resource_type(ctx: TestContext) -> TestResult:
    """FsF-R1-01M-1."""
    types = [str(t) for t in ctx.view.objects(ctx.record.node, RDF.type)]
    known = [t for t in types if URIRef(t) in RECORD_TYPES or t.startswith(_SCHEMAORG_VOCABS)]
    if known or ctx.view.has("type"):
        return TestResult(Outcome.PASS, "type " + ", ".join(known or types or ["given by additionalType/dct:type"]))
    if types:
        return TestResult(Outcome.PASS, "type " + ", ".join(types))
    return TestResult(Outcome.FAIL, "no rdf:type, additionalType or dct:type", path="rdf:type")


@test("content_size_and_format")
def content_size_and_format(ctx: TestContext) -> TestResult:
    """FsF-R1-01M-2."""
    if _is_catalogue(ctx):
        return TestResult(Outcome.NOT_ASSESSABLE, "a catalogue describes datasets, not file content")
    distributions = ctx.view.distributions()
    if ctx.view.has("data_link"):  # a record that is its own download (contentUrl on the dataset)
        distributions = [ctx.record.node, *distributions]
    for distribution in distributions:
        if ctx.view.has("size", distribution) and ctx.view.has("format", distribution):
            return TestResult(Outcome.PASS, "a distribution states size and format")
    if ctx.view.has_type(ctx.record.node, DCAT.DataService) and ctx.view.objects(ctx.record.node, DCAT.endpointURL):
        return TestResult(Outcome.PASS, "a data service with its endpoint")
    if not distributions:
        return TestResult(Outcome.FAIL, "no distribution", path="schema:distribution")
    return TestResult(Outcome.FAIL, "no distribution states both size and format", path="schema:contentSize")


@test("variables_measured")
def variables_measured(ctx: TestContext) -> TestResult:
    """FsF-R1-01M-3."""
    if _is_catalogue(ctx):
        return TestResult(Outcome.NOT_ASSESSABLE, "a catalogue has no variables of its own")
    values = ctx.view.values("variables")
    if values:
        return TestResult(Outcome.PASS, f"{len(values)} variable(s)")
    return TestResult(Outcome.FAIL, "no variableMeasured", path="schema:variableMeasured")


def _licences(ctx: TestContext) -> list[Node]:
    values = ctx.view.values("license")
    for distribution in ctx.view.distributions():
        values += [v for v in ctx.view.values("license", distribution) if v not in values]
    return values


@test("license_present")
def license_present(ctx: TestContext) -> TestResult:
    """FsF-R1.1-01M-1."""
    values = _licences(ctx)
    if values:
        return TestResult(Outcome.PASS, "licence " + ctx.view.text(values[0]))
    return TestResult(Outcome.FAIL, "no licence element", path="schema:license")


def recognised_licence(ctx: TestContext, value: Node) -> str | None:
    """The SPDX id a licence value stands for, or None."""
    graph = ctx.view
    if isinstance(value, URIRef):
        found = spdx_from_iri(str(value))
        if found:
            return found
        if str(value).startswith("file:"):
            # "license": "MIT" under the schema.org context is a relative IRI against the file.
            found = spdx_from_text(unquote(str(value).rstrip("/").rsplit("/", 1)[-1]))
            if found:
                return found
        for alias in graph.objects(value, SDO.identifier):
            found = spdx_from_text(str(alias)) or spdx_from_iri(str(alias))
            if found:
                return found
        return None
    if isinstance(value, BNode):
        for p in (SDO.url, SDO.identifier, SDO.name):
            for alias in graph.objects(value, p):
                found = spdx_from_iri(str(alias)) or spdx_from_text(str(alias))
                if found:
                    return found
        return None
    text = str(value)
    return spdx_from_iri(text) or spdx_from_text(text)


@test("license_recognised")
def license_recognised(ctx: TestContext) -> TestResult:
    """FsF-R1.1-01M-2."""
    values = _licences(ctx)
    if not values:
        return TestResult(Outcome.FAIL, "no licence", path="schema:license")
    for value in values:
        found = recognised_licence(ctx, value)
        if found:
            return TestResult(Outcome.PASS, f"SPDX {found}")
    shown = ctx.view.text(values[0])
    return TestResult(
        Outcome.FAIL,
        f"{shown!r} is not an SPDX licence",
        message=f"The licence {shown!r} is not a recognised (SPDX) licence.",
        path="schema:license",
        value=shown,
    )


@test("provenance_elements")
def provenance_elements(ctx: TestContext) -> TestResult:
    """FsF-R1.2-01M-1."""
    missing = []
    if not ctx.view.has("creator"):
        missing.append("creator")
    if not (ctx.view.has("date_created") or ctx.view.has("date_published")):
        missing.append("creation or publication date")
    if not any(ctx.view.has(e) for e in ("version", "date_modified", "contributor", "publisher")):
        missing.append("version, modification date, contributor or publisher")
    if missing:
        return TestResult(
            Outcome.FAIL, "missing: " + "; ".join(missing), message=f"Provenance lacks: {'; '.join(missing)}."
        )
    return TestResult(Outcome.PASS, "creator, date and version/publisher present")


@test("provenance_vocabulary")
def provenance_vocabulary(ctx: TestContext) -> TestResult:
    """FsF-R1.2-01M-2."""
    graph, node = ctx.view, ctx.record.node
    prov = [p for p in graph.predicates(node) if str(p).startswith((PROV, PAV))]
    if prov or ctx.view.has("provenance"):
        return TestResult(
            Outcome.PASS, "machine-readable provenance: " + str((prov or ctx.view.values("provenance"))[0])
        )
    return TestResult(
        Outcome.FAIL, "no PROV/PAV term, isBasedOn, dct:provenance or dct:source", path="schema:isBasedOn"
    )


@test("standard_declared")
def standard_declared(ctx: TestContext) -> TestResult:
    """FsF-R1.3-01M-1: conformsTo on the record, or on an RO-Crate's metadata descriptor."""
    graph = ctx.view.graph
    declared = [str(v) for v in ctx.view.values("conforms_to")]
    for descriptor in graph.subjects(SDO.about, ctx.record.node):
        declared += [str(v) for v in graph.objects(descriptor, DCTERMS.conformsTo)]
    known = [d for d in declared if any(k in d.lower() for k in _KNOWN_STANDARDS)]
    if known:
        return TestResult(Outcome.PASS, "conforms to " + known[0])
    if declared:
        return TestResult(Outcome.FAIL, "conformsTo names no known standard: " + declared[0], value=declared[0])
    return TestResult(Outcome.FAIL, "no conformsTo", path="dct:conformsTo")


@test("multidisciplinary_standard")
def multidisciplinary_standard(ctx: TestContext) -> TestResult:
    """FsF-R1.3-01M-3."""
    return searchable_vocabulary(ctx)


def _format_ok(ctx: TestContext, value: Node) -> bool:
    text = str(value).strip()
    if isinstance(value, BNode):
        return any(_format_ok(ctx, v) for p in (SDO.identifier, SDO.url, SDO.name) for v in ctx.view.objects(value, p))
    if text.startswith(_FORMAT_REGISTRIES):
        return True
    if _MEDIA_TYPE.match(text):
        base = text.split(";")[0].strip().lower()
        if base in _known_media_types():
            return True
        # Standard-tree subtypes are registered with IANA; x- and prs. are not, vnd. are proprietary.
        return not base.split("/")[1].startswith(("vnd.", "x-", "prs."))
    return False


@cache
def _known_media_types() -> set[str]:
    import mimetypes  # reads the system's mime.types: only when a format needs judging

    mimetypes.init()
    return {t.lower() for t in mimetypes.types_map.values()} | {t.lower() for t in mimetypes.common_types.values()}


@test("open_file_formats")
def open_file_formats(ctx: TestContext) -> TestResult:
    """FsF-R1.3-02D-1."""
    formats = list(ctx.view.values("format"))
    for distribution in ctx.view.distributions():
        formats += ctx.view.values("format", distribution)
    if not formats:
        if not ctx.view.distributions():
            return TestResult(Outcome.NOT_ASSESSABLE, "no distribution, no file format to judge")
        return TestResult(Outcome.FAIL, "no file format stated", path="schema:encodingFormat")
    bad = [ctx.view.text(f) for f in formats if not _format_ok(ctx, f)]
    if bad:
        return TestResult(
            Outcome.FAIL,
            "not a registered media type or format IRI: " + ", ".join(bad),
            message=f"The file format {bad[0]!r} is not a registered media type or format IRI.",
            path="schema:encodingFormat",
            value=bad[0],
        )
    return TestResult(Outcome.PASS, "formats: " + ", ".join(ctx.view.text(f) for f in formats[:3]))


@test("profile_conformance")
def profile_conformance(ctx: TestContext) -> TestResult:
    """FMX-R1.3-01-1: the record's own SHACL errors."""
    if not ctx.profile_checked:
        return TestResult(Outcome.NOT_ASSESSABLE, "no profile applies to this record")
    errors = [f for f in ctx.shacl_findings if f.severity is Severity.ERROR]
    if errors:
        return TestResult(
            Outcome.FAIL, f"{len(errors)} profile error(s): " + ", ".join(sorted({f.code for f in errors}))
        )
    return TestResult(Outcome.PASS, "no profile error")
