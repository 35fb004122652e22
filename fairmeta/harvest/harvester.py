"""Harvest one identifier or URL: every channel a harvester should try, each request recorded.

Order (each step's requests are recorded with what they contributed):

1. the landing page: the PID (or URL) requested as a browser would, redirects followed; its
   ``Link`` headers, its HTML ``<link>`` elements, and the metadata it embeds (JSON-LD, microdata,
   RDFa);
2. linksets the signposts announce (JSON and text), whose links join the others;
3. content negotiation on the PID and on the landing page, one media type per request (servers
   mishandle q-lists): schema.org JSON-LD, DataCite JSON and XML for DOIs, then generic JSON-LD,
   Turtle, RDF/XML; an answer counts only when it is of the kind asked;
4. ``describedby`` and ``alternate`` targets (with the type they announce);
5. ``item`` links, asked for their headers only (does the data resolve, with the announced type).

Every metadata document is read by the loaders that exist (JSON-LD, RDF, DataCite and Crossref
crosswalks) and merged into one graph; the different names of the resource (the PID, its proxy
URL, the landing page, ``cite-as``) become one node, and each statement remembers the channel and
URL it came from.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from rdflib import URIRef
from rdflib.term import Node

from fairmeta.graph import new_graph
from fairmeta.harvest.links import METADATA_TYPES, from_headers, from_html, from_linkset
from fairmeta.harvest.targets import Target
from fairmeta.loaders import LoadedSource, LoadFailure, finish_harvested, load_bytes
from fairmeta.loaders.base import LoadNote, Parsed
from fairmeta.loaders.contexts import ContextResolver
from fairmeta.model import Harvest, Request, Signpost
from fairmeta.records import Locator
from fairmeta.resolvers.fetch import Fetched, Fetcher, is_private_host

BROWSER_ACCEPT = "text/html, application/xhtml+xml"
GENERIC_CONNEG = (
    ("application/ld+json", "json-ld"),
    ("text/turtle", "turtle"),
    ("application/rdf+xml", "xml"),
)
# answers of these types are read as the type their link announced (servers label RDF/XML as XML, ...)
GENERIC_TYPES = frozenset(
    {"application/xml", "text/xml", "text/plain", "application/json", "application/octet-stream", ""}
)
DOI_CONNEG = (
    ("application/vnd.schemaorg.ld+json", "json-ld"),
    ("application/vnd.datacite.datacite+json", "datacite"),
    ("application/vnd.datacite.datacite+xml", "datacite"),
    ("application/vnd.citationstyles.csl+json", "csl"),  # Crossref's JSON for its DOIs
)
_FORMAT_OF_TYPE = {
    "application/ld+json": "json-ld",
    "application/json+ld": "json-ld",
    "application/vnd.schemaorg.ld+json": "json-ld",
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/rdf+xml": "xml",
    "application/n-triples": "nt",
    "application/vnd.datacite.datacite+json": "datacite",
    "application/vnd.datacite.datacite+xml": "datacite",
    "application/vnd.citationstyles.csl+json": "csl",  # read through the Crossref crosswalk
}


@dataclass
class Harvested:
    """What harvesting one target gave: the merged source (or why there is none) and the evidence."""

    loaded: LoadedSource
    evidence: Harvest
    not_found: bool = False
    unreachable: bool = False


@dataclass
class _Document:
    channel: str
    url: str
    fmt: str
    body: bytes


@dataclass
class _Run:
    target: Target
    requests: list[Request] = field(default_factory=list)
    signposts: list[Signpost] = field(default_factory=list)
    documents: list[_Document] = field(default_factory=list)
    seen: set[tuple[str, str]] = field(default_factory=set)  # (url, accept) asked already


class Harvester:
    """Harvests targets with one :class:`Fetcher` (its politeness, routes and replay cache)."""

    def __init__(self, fetcher: Fetcher, resolver: ContextResolver) -> None:
        self.fetcher = fetcher
        self.resolver = resolver

    def harvest(self, target: Target) -> Harvested:
        """Try every channel for ``target``; never raises for what servers do."""
        run = _Run(target)
        private = is_private_host(urlsplit(target.start_url).hostname or "")
        landing = self._ask(run, target.start_url, BROWSER_ACCEPT, "landing page", discovered=False, private=private)
        landing_url = landing.final_url if landing.status else None
        if landing.status:
            base = landing.final_url or target.start_url
            self._signposts(run, from_headers(landing.link_headers, base), landing)
            if landing.media_type in ("text/html", "application/xhtml+xml") and landing.body:
                self._from_page(run, landing, base)
            elif landing.ok and _format(landing.media_type):
                self._keep(run, "landing page", landing)
        self._linksets(run, private)
        conneg = (*DOI_CONNEG, *GENERIC_CONNEG) if target.kind == "doi" else GENERIC_CONNEG
        places = [target.start_url] + ([landing_url] if landing_url and landing_url != target.start_url else [])
        for place in places:
            for media_type, _fmt in conneg:
                answer = self._ask(
                    run, place, media_type, "content negotiation", discovered=place != target.start_url, private=private
                )
                if answer.ok and _same_kind(media_type, answer.media_type):
                    self._keep(run, "content negotiation", answer)
        for signpost in [s for s in run.signposts if s.rel in ("describedby", "alternate")]:
            accept = signpost.media_type or "application/ld+json"
            if signpost.profile:  # a profiled link is asked for that profile (JSON-LD expanded, ...)
                accept += f'; profile="{signpost.profile}"'
            answer = self._ask(run, signpost.target, accept, signpost.rel, discovered=True, private=private)
            served = _format(answer.media_type)
            announced = _format(signpost.media_type or "")
            if answer.ok and (served or (announced and answer.media_type in GENERIC_TYPES)):
                note = (
                    None if served else f"served as {answer.media_type or 'no type'}, announced {signpost.media_type}"
                )
                self._keep(run, signpost.rel, answer, fmt=served or announced, note=note)
        self._signposting_statements(run)
        for signpost in [s for s in run.signposts if s.rel == "item"]:
            self._ask(
                run, signpost.target, signpost.media_type or "*/*", "item", discovered=True, private=private, head=True
            )
        evidence = Harvest(
            target=target.text,
            kind=target.kind,
            pid=target.pid,
            start_url=target.start_url,
            landing_url=landing_url,
            landing_status=landing.status,
            requests=tuple(run.requests),
            signposts=tuple(run.signposts),
            channels=tuple(dict.fromkeys(d.channel for d in run.documents)),
        )
        loaded = self._merged(run, landing, landing_url)
        if landing.status == 203:
            loaded.notes.append(
                LoadNote(
                    "FM-SYS-013",
                    f"{landing.final_url or target.start_url} answered 203 Non-Authoritative Information: "
                    "a proxy may have rewritten its links",
                )
            )
        not_found = landing.status == 404 and not run.documents
        unreachable = landing.status == 0 and not run.documents
        return Harvested(loaded, evidence, not_found=not_found, unreachable=unreachable)

    # --- steps -----------------------------------------------------------------------------

    def _ask(
        self, run: _Run, url: str, accept: str, channel: str, discovered: bool, private: bool, head: bool = False
    ) -> Fetched:
        key = (url, accept)
        if key in run.seen:
            return Fetched(url, accept, error="asked already")
        run.seen.add(key)
        answer = self.fetcher.fetch(url, accept, discovered=discovered, started_private=private, head=head)
        if answer.final_url:  # where a redirect led was asked too (content negotiation on the PID
            run.seen.add((answer.final_url, accept))  # already reached the landing page for this type)
        final = answer.hops[-1] if answer.hops else None
        run.requests.append(
            Request(
                url=url,
                method="HEAD" if head else "GET",
                accept=accept,
                channel=channel,
                status=answer.status,
                media_type=answer.media_type,
                size=len(answer.body) if not head else (final.size if final else 0),
                elapsed_ms=sum(h.elapsed_ms for h in answer.hops),
                hops=tuple(f"{h.status} {h.url}" for h in answer.hops),
                error=answer.error,
                from_cache=answer.from_cache,
            )
        )
        return answer

    def _note(self, run: _Run, answer: Fetched, contributed: str) -> None:
        """Say what the request for ``answer`` contributed (the last request for its URL and type)."""
        for index in range(len(run.requests) - 1, -1, -1):
            request = run.requests[index]
            if request.url == answer.url and request.accept == answer.accept:
                text = f"{request.contributed}; {contributed}" if request.contributed else contributed
                run.requests[index] = dataclasses.replace(request, contributed=text)
                return

    def _signposts(self, run: _Run, found: list[Signpost], answer: Fetched) -> None:
        new = [s for s in found if s not in run.signposts]
        run.signposts.extend(new)
        if new:
            self._note(run, answer, "links: " + ", ".join(sorted({s.rel for s in new})))

    def _from_page(self, run: _Run, landing: Fetched, base: str) -> None:
        from fairmeta.harvest.embedded import as_bytes, embedded_documents

        text = landing.body.decode("utf-8", "replace")
        self._signposts(run, from_html(text, base), landing)
        for syntax, document in embedded_documents(text, base):
            run.documents.append(_Document(f"embedded {syntax}", base, "json-ld", as_bytes(document)))
            self._note(run, landing, f"embedded {syntax}")

    def _linksets(self, run: _Run, private: bool) -> None:
        done: set[str] = set()
        while True:
            todo = [s for s in run.signposts if s.rel == "linkset" and s.target not in done]
            if not todo:
                return
            for signpost in todo:
                done.add(signpost.target)
                accept = signpost.media_type or "application/linkset+json"
                answer = self._ask(run, signpost.target, accept, "linkset", discovered=True, private=private)
                if answer.ok:
                    self._signposts(
                        run, from_linkset(answer.body, answer.media_type or accept, answer.final_url), answer
                    )

    def _keep(self, run: _Run, channel: str, answer: Fetched, fmt: str | None = None, note: str | None = None) -> None:
        fmt = fmt or _format(answer.media_type) or "json-ld"
        body = answer.body
        if any(d.body == body for d in run.documents):
            self._note(run, answer, "the same metadata as an earlier answer")
            return
        run.documents.append(_Document(channel, answer.final_url or answer.url, fmt, body))
        self._note(run, answer, f"metadata ({fmt}{'; ' + note if note else ''})")

    def _signposting_statements(self, run: _Run) -> None:
        """The typed links themselves are metadata (a tombstone may offer nothing else): author,
        license, type and collection become statements about the resource, as Turtle."""
        lines = []
        for signpost in run.signposts:
            predicate = _SIGNPOST_PREDICATES.get(signpost.rel)
            if predicate is None or signpost.target == _ABOUT_PAGE:
                continue  # schema:AboutPage types the landing page, not the resource
            if not signpost.target.startswith(("http://", "https://")) or any(c in signpost.target for c in '<>" '):
                continue
            lines.append(f"<{_SUBJECT}> {predicate} <{signpost.target}> .")
        if lines:
            body = "\n".join(sorted(set(lines))).encode()
            run.documents.append(_Document("signposting", run.target.start_url, "turtle", body))

    # --- merging -----------------------------------------------------------------------------

    def _merged(self, run: _Run, landing: Fetched, landing_url: str | None) -> LoadedSource:
        target = run.target
        source = target.text
        if not run.documents:
            return LoadedSource(source, "harvest", failure=_no_metadata(run, landing))
        cite_as = [s.target for s in run.signposts if s.rel == "cite-as"]
        primary = URIRef(target.pid or (cite_as[0] if cite_as else None) or landing_url or target.start_url)
        aliases = _aliases({target.start_url, landing_url or "", *cite_as, target.pid or "", str(primary), _SUBJECT})
        graph = new_graph()
        provenance: dict[tuple[Node, Node, Node], str] = {}
        failures: list[str] = []
        for document in run.documents:
            body, fmt = _readable(document)
            loaded = load_bytes(body, document.url, base=document.url, input_format=fmt, resolver=self.resolver)
            if loaded.graph is None:
                failures.append(
                    f"{document.channel} {document.url}: {loaded.failure.reason if loaded.failure else '?'}"
                )
                continue
            for s, p, o in loaded.graph:
                triple = (primary if _key(s) in aliases else s, p, primary if _key(o) in aliases else o)
                if triple not in provenance:
                    provenance[triple] = f"{document.channel} {document.url}"
                    graph.add(triple)
        if len(graph) == 0:
            reason = "; ".join(failures) or "no statements"
            return LoadedSource(
                source, "harvest", failure=LoadFailure("FM-SYS-001", f"harvested metadata unreadable: {reason}"[:300])
            )
        parsed = Parsed(graph, Locator(graph), "harvest", None, "")  # ids shown whole, not relative to a folder
        if (primary, None, None) in graph:
            parsed.roots = [primary]
        loaded = finish_harvested(LoadedSource(source, "harvest"), parsed)
        loaded.provenance = provenance
        for record in loaded.records:
            record.provenance = provenance
        return loaded


_SUBJECT = "urn:fairmeta:harvested-resource"  # stands for the resource until the aliases are merged
_ABOUT_PAGE = "https://schema.org/AboutPage"
_SIGNPOST_PREDICATES = {
    "author": "<http://schema.org/author>",
    "license": "<http://schema.org/license>",
    "type": "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>",
    "collection": "<http://schema.org/isPartOf>",
}


def _readable(document: _Document) -> tuple[bytes, str]:
    """A document's bytes and format as the loaders take them (CSL JSON becomes a Crossref work)."""
    if document.fmt != "csl":
        return document.body, document.fmt
    import json

    from fairmeta.loaders.crosswalk.csl import csl_to_crossref, is_csl

    try:
        item = json.loads(document.body)
    except ValueError:
        return document.body, "json-ld"  # the loader says what is wrong with it
    if not is_csl(item):
        return document.body, "json-ld"
    return json.dumps(csl_to_crossref(item)).encode("utf-8"), "crossref"


def _format(media_type: str) -> str | None:
    return _FORMAT_OF_TYPE.get(media_type.split(";")[0].strip().lower()) if media_type else None


def _same_kind(asked: str, got: str) -> bool:
    """Whether an answer is what content negotiation asked for (a server may ignore Accept)."""
    wanted, have = _format(asked), _format(got)
    if wanted is None or have is None:
        return False
    return wanted == have or (wanted == "json-ld" and have == "json-ld")


def _key(node: Node) -> Node:
    """A node as alias sets hold it: DOI IRIs lower-cased (DOIs are case-insensitive; DataCite's
    content negotiation answers ``https://doi.org/10.5281/ZENODO.8347772``)."""
    if isinstance(node, URIRef) and "doi.org/10." in node:
        return URIRef(str(node).lower())
    return node


def _aliases(names: set[str]) -> set[Node]:
    """The IRIs that name the harvested resource: http/https and doi.org/dx.doi.org spellings too."""
    out: set[Node] = set()
    for name in filter(None, names):
        variants = {name, name.rstrip("/")}
        for variant in list(variants):
            if variant.startswith("https://"):
                variants.add("http://" + variant[8:])
            elif variant.startswith("http://"):
                variants.add("https://" + variant[7:])
        for variant in list(variants):
            variants.add(variant.replace("://dx.doi.org/", "://doi.org/"))
        out.update(_key(URIRef(v)) for v in variants)
    return out


def _no_metadata(run: _Run, landing: Fetched) -> LoadFailure:
    target = run.target
    if landing.status == 404:
        return LoadFailure(
            "FM-SYS-010",
            f"{target.pid or target.start_url} does not exist: {target.start_url} answered {landing.status}",
        )
    if landing.status == 0:
        if landing.error and "offline" in landing.error:
            return LoadFailure(
                "FM-SYS-001",
                f"cannot read {target.text} offline: the harvest cache has no answer for it "
                "(run online once, or `fairmeta cache warm` it)",
            )
        return LoadFailure("FM-SYS-011", f"{target.start_url} could not be reached ({landing.error}): not assessed")
    asked = len(run.requests)
    return LoadFailure(
        "FM-SYS-012",
        f"no machine-readable metadata found for {target.text} ({asked} request(s): landing page "
        f"{landing.status}, content negotiation, signposting and embedded metadata tried)",
    )


__all__ = ["METADATA_TYPES", "Harvested", "Harvester"]
