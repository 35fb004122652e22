"""The persistent-identifier check: offline findings always, online findings when resolving.

Offline (always): malformed identifiers (FM-F1-501), wrong check digits (FM-F1-502), people
without an ORCID iD (FM-I3-503) and organisations without a ROR id (FM-I3-504) as suggestions,
an identifier on the wrong kind of entity (FM-I3-505). Canonical forms are the safe fixes of the
normalisation check (FM-F1-020), not repeated here.

Online: an identifier or link that does not resolve (FM-F1-510), a registry name that differs from
the record's (FM-I3-511, both names shown), and what could not be checked (FM-F1-519, info: "not
assessed", never a failure).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from rdflib import URIRef
from rdflib.term import Node

from fairmeta.checks.base import BaseCheck, CheckContext
from fairmeta.checks.pids.find import FoundPid, entities, identifiers, links
from fairmeta.checks.pids.names import best_match
from fairmeta.loaders import LoadedSource, display_id
from fairmeta.model import Finding, Location, ResolutionMode, ResolutionOutcome, unique_findings
from fairmeta.records import JsonPointerLocator, Record
from fairmeta.resolvers.base import Query, Resolution
from fairmeta.rules import rules_of
from fairmeta.vocab.identifiers import Identifier
from fairmeta.vocab.render import curie

_EXAMPLES = {
    "doi": "10.<registrant>/<suffix>, e.g. https://doi.org/10.5281/zenodo.8347772",
    "orcid": "16 digits in four groups with the check digit last, e.g. https://orcid.org/0000-0002-1825-0097",
    "ror": "0 + 6 characters + 2 check digits, e.g. https://ror.org/01ggx4157",
    "isni": "16 digits with the check digit last, e.g. https://isni.org/isni/0000000121032683",
    "handle": "<prefix>/<suffix>, e.g. https://hdl.handle.net/20.1000/100",
    "ark": "ark:/<NAAN>/<name>, e.g. https://n2t.net/ark:/13030/tf5p30086k",
    "urn": "urn:<namespace>:<name>, e.g. urn:nbn:de:101:1-2019072802401757702913",
}
_RESOLVABLE = {"doi", "orcid", "ror", "handle", "purl", "w3id", "ark", "isni", "wikidata", "identifiers.org", "url"}


@dataclass(frozen=True)
class _Target:
    """A found identifier or link with the query that resolves it."""

    record: Record
    pid: FoundPid | None
    subject: Node
    predicate: URIRef | None
    value: Node
    query: Query


@dataclass(frozen=True)
class PidOutcomes:
    """What the identifier check publishes for the FAIR metrics: record id -> the record's own
    identifiers as written -> (outcome, detail) of resolving them (empty when nothing was resolved)."""

    by_record: dict[str, dict[str, tuple[ResolutionOutcome, str]]]


class PidCheck(BaseCheck):
    """Find, check and (online) resolve the identifiers of every record of a source."""

    name = "pids"

    def __init__(self) -> None:
        self.rules = rules_of(self.name)

    def queries(self, source: LoadedSource, ctx: CheckContext) -> list[Query]:
        """The identifiers and links of the source to resolve."""
        return [target.query for target in self.targets(source)]

    def check(self, source: LoadedSource, ctx: CheckContext) -> list[Finding]:
        """Offline findings always; findings from the resolutions when the run resolves."""
        findings = self.offline(ctx, source)
        if ctx.mode is ResolutionMode.OFF:
            ctx.detail = "offline checks (identifiers not resolved: --offline)"
            ctx.publish(PidOutcomes({}))
            return findings
        targets = self.targets(source)
        # offline, what the cache does not hold was not asked for: no "not assessed" finding
        findings.extend(self.online(ctx, source, targets, ctx.resolutions, ctx.mode is ResolutionMode.ONLINE))
        ctx.publish(PidOutcomes(self.record_outcomes(targets, ctx.resolutions)))
        ctx.detail = f"offline checks and resolution of {len(targets)} identifier(s) and link(s)"
        unanswered = len({target.query for target in targets} - set(ctx.resolutions))
        if ctx.mode is ResolutionMode.CACHE and unanswered:
            # said only when it changes something: a replay of a run whose every answer was cached
            # reads exactly like that run
            ctx.detail += f"; {unanswered} not in the response cache (offline run), not assessed"
        return findings

    def offline(self, ctx: CheckContext, loaded: LoadedSource) -> list[Finding]:
        """Findings that need no network."""
        findings: list[Finding] = []
        for record in loaded.records:
            found = identifiers(record)
            seen: set[tuple[Node, str]] = set()
            for pid in found:
                key = (pid.entity.node, str(pid.value))
                if key in seen:
                    continue  # the same value as @id and as identifier: one problem, one finding
                seen.add(key)
                finding = self._syntax(ctx, loaded, record, pid) or self._wrong_kind(ctx, loaded, record, pid)
                if finding is not None:
                    findings.append(finding)
            findings.extend(self._missing(ctx, loaded, record, found))
        return unique_findings(findings)

    def targets(self, loaded: LoadedSource) -> list[_Target]:
        """What to resolve for this source (valid identifiers of resolvable schemes, and links)."""
        targets: list[_Target] = []
        for record in loaded.records:
            for pid in identifiers(record):
                query = _query(pid)
                if query is not None:
                    targets.append(_Target(record, pid, pid.subject, pid.predicate, pid.value, query))
            for subject, predicate, url in links(record):
                targets.append(_Target(record, None, subject, predicate, url, Query("url", str(url))))
        return targets

    def online(
        self,
        ctx: CheckContext,
        loaded: LoadedSource,
        targets: list[_Target],
        resolved: Mapping[Query, Resolution],
        report_unverifiable: bool = True,
    ) -> list[Finding]:
        """Findings from the resolutions of this source's targets (``report_unverifiable``: also the
        "not assessed" ones; off for offline runs answered from the cache)."""
        findings: list[Finding] = []
        for target in targets:
            resolution = resolved.get(target.query)
            if resolution is None:
                continue
            location = _location(loaded, target.record, target.subject, target.predicate, target.value, target.pid)
            shown = str(target.value)
            if resolution.outcome == ResolutionOutcome.FAILED:
                findings.append(
                    _finding(
                        ctx,
                        "FM-F1-510",
                        f"{shown} does not resolve: {resolution.detail}.",
                        location,
                        None,
                        target.record,
                    )
                )
            elif resolution.outcome == ResolutionOutcome.UNVERIFIABLE and report_unverifiable:
                findings.append(
                    _finding(
                        ctx,
                        "FM-F1-519",
                        f"Not assessed: {resolution.detail}.",
                        location,
                        None,
                        target.record,
                    )
                )
            elif resolution.outcome == ResolutionOutcome.VERIFIED and target.pid is not None and resolution.names:
                mismatch = _mismatch_text(target.pid, resolution)
                if mismatch is not None:
                    message, fix = mismatch
                    findings.append(_finding(ctx, "FM-I3-511", message, location, fix, target.record))
        return unique_findings(findings)

    def record_outcomes(
        self, targets: list[_Target], resolved: Mapping[Query, Resolution]
    ) -> dict[str, dict[str, tuple[ResolutionOutcome, str]]]:
        """record id -> the record's own identifiers (as written) -> (outcome, detail), for scoring F1."""
        out: dict[str, dict[str, tuple[ResolutionOutcome, str]]] = {}
        for target in targets:
            resolution = resolved.get(target.query)
            if target.pid is None or target.pid.entity.role != "record" or resolution is None:
                continue
            out.setdefault(target.record.id, {})[target.pid.identifier.value] = (resolution.outcome, resolution.detail)
        return out

    # --- offline rules -------------------------------------------------------------------------

    def _syntax(self, ctx: CheckContext, loaded: LoadedSource, record: Record, pid: FoundPid) -> Finding | None:
        identifier = pid.identifier
        if identifier.valid or not identifier.persistent:
            return None
        location = _location(loaded, record, pid.subject, pid.predicate, pid.value, pid)
        scheme = identifier.scheme.upper()
        if identifier.problem and "check digit" in identifier.problem:
            return _finding(
                ctx,
                "FM-F1-502",
                f"{identifier.value}: the {identifier.problem} (a digit is mistyped).",
                location,
                f"Copy the {scheme} again from its registry; a valid one is "
                f"{_EXAMPLES.get(identifier.scheme, 'shown there')}.",
                record,
            )
        return _finding(
            ctx,
            "FM-F1-501",
            f"{identifier.value} is not a valid {scheme} ({identifier.problem or 'malformed'}).",
            location,
            f"Write the {scheme} as {_EXAMPLES.get(identifier.scheme, 'its registry shows it')}.",
            record,
        )

    def _wrong_kind(self, ctx: CheckContext, loaded: LoadedSource, record: Record, pid: FoundPid) -> Finding | None:
        kind, scheme = pid.entity.kind, pid.identifier.scheme
        wrong = (scheme == "orcid" and kind == "organisation") or (scheme == "ror" and kind == "person")
        if not wrong or not pid.identifier.valid:
            return None
        expected = (
            "people (use a ROR id for an organisation)"
            if scheme == "orcid"
            else "organisations (use an ORCID iD for a person)"
        )
        return _finding(
            ctx,
            "FM-I3-505",
            f"{'An ORCID iD' if scheme == 'orcid' else 'A ROR id'} identifies the {kind} "
            f"{pid.entity.name or display_id(pid.entity.node, _base(loaded))}, but {scheme.upper()} identifies only {expected}.",
            _location(loaded, record, pid.subject, pid.predicate, pid.value, pid),
            None,
            record,
        )

    def _missing(self, ctx: CheckContext, loaded: LoadedSource, record: Record, found: list[FoundPid]) -> list[Finding]:
        out = []
        for entity in entities(record):
            if entity.kind not in ("person", "organisation") or not entity.name:
                continue
            own = [p for p in found if p.entity.node == entity.node]
            wanted = "orcid" if entity.kind == "person" else "ror"
            if any(p.identifier.scheme == wanted for p in own):
                continue  # present (a malformed one is FM-F1-501/502 already)
            if entity.kind == "organisation" and any(p.identifier.persistent and p.identifier.valid for p in own):
                continue  # an ISNI, Wikidata or funder id identifies an organisation too
            pointer, line = record.locator.locate(entity.node)
            has_any = "has no ORCID iD" if own else "has no identifier"
            example = "https://orcid.org/0000-0002-1825-0097" if wanted == "orcid" else "https://ror.org/01ggx4157"
            registry = "orcid.org" if wanted == "orcid" else "ror.org"
            out.append(
                _finding(
                    ctx,
                    "FM-I3-503" if wanted == "orcid" else "FM-I3-504",
                    f"The {entity.role} {entity.name!r} {has_any if wanted == 'orcid' else has_any.replace('ORCID iD', 'ROR id')}.",
                    Location(
                        loaded.source,
                        pointer=pointer,
                        line=line,
                        focus_node=display_id(entity.node, _base(loaded), record.locator),
                    ),
                    f'Look up {entity.name!r} on {registry} and add it as "@id" or "identifier", e.g. {example}.',
                    record,
                )
            )
        return out


def _mismatch_text(pid: FoundPid, resolution: Resolution) -> tuple[str, str] | None:
    """(message, fix) when the registry's names do not include the record's, else None."""
    given = pid.entity.name
    if not given:
        return None
    scheme = pid.identifier.scheme
    relevant = (
        (scheme == "orcid" and pid.entity.kind == "person")
        or (scheme == "ror" and pid.entity.kind == "organisation")
        or (scheme == "doi" and pid.entity.role == "record")
    )
    if not relevant or best_match(given, resolution.names):
        return None
    what = {"orcid": "ORCID record", "ror": "ROR record", "doi": "DOI metadata"}[scheme]
    field = "title" if scheme == "doi" else "name"
    return (
        f"The record gives {given!r} but the {what} of {resolution.query.value} has the {field} {resolution.names[0]!r}.",
        f"Check that {pid.identifier.value} is the right identifier; if it is, write the {field} as the registry has it "
        f"({resolution.names[0]!r}).",
    )


def _query(pid: FoundPid) -> Query | None:
    identifier: Identifier = pid.identifier
    value = str(pid.value)
    if not identifier.valid:
        if (
            isinstance(pid.value, URIRef)
            and ":" in value
            and not value.startswith(("http:", "https:", "file:", "urn:"))
        ):
            return Query("curie", value)  # prefix:local: bioregistry knows whether it resolves
        return None
    scheme = identifier.scheme
    canonical = identifier.canonical or value
    if scheme == "doi":
        return Query("doi", canonical.split("doi.org/", 1)[1], metadata=pid.entity.role == "record")
    if scheme == "orcid":
        return Query("orcid", canonical.rsplit("/", 1)[1])
    if scheme == "ror":
        return Query("ror", canonical.rsplit("/", 1)[1])
    if scheme == "handle":
        bare = value.split("hdl.handle.net/", 1)[1] if "hdl.handle.net/" in value else value.split(":", 1)[1].strip()
        return Query("handle", bare)
    if scheme == "iri" and isinstance(pid.value, URIRef) and not value.startswith(("file:", "urn:", "mailto:")):
        return Query("curie", value)
    if scheme in _RESOLVABLE and canonical.startswith(("http://", "https://")):
        return Query("url", canonical)
    return None


def _base(loaded: LoadedSource) -> str:
    return loaded.parsed.base if loaded.parsed else ""


def _location(
    loaded: LoadedSource, record: Record, subject: Node, predicate: URIRef | None, value: Node, pid: FoundPid | None
) -> Location:
    locator = record.locator
    pointer: str | None = None
    line: int | None = None
    if isinstance(locator, JsonPointerLocator):
        pointer = (
            locator.node_id_pointer(subject) if predicate is None else locator.value_pointer(subject, predicate, value)
        )
    if pointer is None:
        pointer, line = locator.locate(subject, predicate)
    node = pid.entity.node if pid is not None else subject
    return Location(
        loaded.source,
        pointer=pointer,
        line=line,
        focus_node=display_id(node, _base(loaded), locator),
        path=curie(predicate) if predicate is not None else "@id",
        value=str(value),
    )


def _finding(
    ctx: CheckContext, code: str, message: str, location: Location, fix: str | None, record: Record
) -> Finding:
    return ctx.finding(code, message, location, record=record, fix=fix)
