"""The ontology-term check: prefix, pattern and canonical form offline; existence, label,
obsolescence and branch from local ontology files and (online) OLS.

Codes (principle I2, vocabularies that follow FAIR principles):

* FM-I2-601 unknown prefix, FM-I2-602 local id breaks the prefix's pattern, FM-I2-603 not in the
  canonical form (safe fix to the canonical IRI or CURIE);
* FM-I2-610 no such term, FM-I2-611 label differs from the term's label and synonyms, FM-I2-612
  obsolete (the fix names ``replaced_by``, following chains, else the ``consider`` terms),
  FM-I2-613 a secondary (alt) id, FM-I2-614 outside the expected ontology or branch;
* FM-I2-619 not assessed (online look-up without a usable answer; info).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.term import Node

from fairmeta.checks.base import BaseCheck, CheckContext
from fairmeta.checks.normalise import replace_edits
from fairmeta.checks.terms.find import TermRef, find_terms
from fairmeta.checks.terms.ontology import OntologyIndex
from fairmeta.loaders import LoadedSource, display_id
from fairmeta.model import Applicability, Edit, Finding, Location, ResolutionMode, ResolutionOutcome, unique_findings
from fairmeta.records import JsonPointerLocator
from fairmeta.resolvers.base import Query, Resolution
from fairmeta.resolvers.ols import ancestors_query, term_query
from fairmeta.rules import rules_of
from fairmeta.vocab.registry import prefix_entry, registered_prefixes
from fairmeta.vocab.render import curie as short_predicate
from fairmeta.vocab.terms import TermId, TermInfo


@dataclass(frozen=True)
class Expectation:
    """Terms of ``property`` (a CURIE such as ``schema:measurementTechnique``) must come from one of
    ``roots``: a prefix (``OBI``) or a term whose branch they must be in (``UBERON:0000061``)."""

    property: str
    roots: tuple[str, ...]


@dataclass
class TermCheck(BaseCheck):
    """Find and check the ontology terms of every record of a source."""

    indexes: Sequence[OntologyIndex] = ()
    expectations: Sequence[Expectation] = ()
    name: str = "terms"
    term_properties: frozenset[Node] = frozenset()  # properties a schema says hold terms
    _labels: dict[str, str | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.rules = rules_of(self.name)

    def references(self, loaded: LoadedSource) -> list[TermRef]:
        """The term references of every record of the source (found once per record: an online run
        asks for them twice, to collect the OLS queries and to report)."""
        others = frozenset(r.node for r in loaded.records)
        refs: list[TermRef] = []
        memo: dict[tuple[Node, Node], tuple[TermId, str | None] | None] = {}
        for record in loaded.records:
            known = record.derived.get("terms")  # (term properties asked with, references)
            if known is None or known[0] != self.term_properties:
                known = (
                    self.term_properties,
                    find_terms(record, others, term_properties=self.term_properties, memo=memo),
                )
                record.derived["terms"] = known
            refs.extend(known[1])
        return refs

    def queries(self, source: LoadedSource, ctx: CheckContext | None = None) -> list[Query]:
        """OLS look-ups this source needs: terms no local ontology can settle."""
        out = []
        for ref in self.references(source):
            target = self._lookup_target(ref)
            if target is None or self._local(target[0])[0] is not None:
                continue
            if not self._covered(target[0]):
                out.append(term_query(target[1], target[2]))
            if target[1] and any(":" in root for root in self._roots(ref)):
                out.append(ancestors_query(target[1], target[2]))  # a branch to check, no file to walk
        return out

    def check(self, source: LoadedSource, ctx: CheckContext) -> list[Finding]:
        """Every finding about the terms of this source."""
        files = len(self.indexes)
        where = [f"{files} ontology file(s)"] if files else []
        if ctx.mode is not ResolutionMode.OFF:  # online or from its cached answers: the same words,
            where.append("OLS")  # so that an offline replay of a run reads exactly like the run
        ctx.detail = "prefixes and patterns" + (f"; terms looked up in {' and '.join(where)}" if where else "")
        resolved = ctx.resolutions if ctx.mode is not ResolutionMode.OFF else None
        report_unverifiable = ctx.mode is ResolutionMode.ONLINE
        findings: list[Finding] = []
        # what the findings of a reference say depends on this key alone (where it is written gives
        # their locations and edits): a reference that gave nothing is not checked again
        clean: set[tuple[object, ...]] = set()
        for ref in self.references(source):
            key = (ref.term, ref.label, ref.predicate, type(ref.value), str(ref.value))
            if key in clean:
                continue
            problem = self._offline(ctx, ref)
            if problem is not None and problem.code == "FM-I2-602" and self._defined_locally(ref):
                problem = None  # the ontology file defines the term: the registry's pattern is out of date
            if problem is not None:
                findings.append(problem)
                if problem.code != "FM-I2-603":
                    continue  # a term that cannot be read cannot be looked up
            looked_up = self._looked_up(ctx, ref, resolved, report_unverifiable)
            findings.extend(looked_up)
            if problem is None and not looked_up:
                clean.add(key)
        return unique_findings(findings)

    # --- offline ------------------------------------------------------------------------------

    def _offline(self, ctx: CheckContext, ref: TermRef) -> Finding | None:
        term = ref.term
        if term.entry is None:
            close = difflib.get_close_matches(term.prefix.lower(), registered_prefixes(), n=1, cutoff=0.75)
            hint = f" Did you mean {prefix_entry(close[0]).preferred}?" if close and prefix_entry(close[0]) else ""  # type: ignore[union-attr]
            return self._finding(
                ctx,
                ref,
                "FM-I2-601",
                f"The prefix {term.prefix!r} of {term.written} is not registered (bioregistry.io).",
                f"Use the ontology's registered prefix (look it up at https://bioregistry.io).{hint}",
            )
        if not term.pattern_ok:
            return self._finding(
                ctx,
                ref,
                "FM-I2-602",
                f"{term.written}: the local id {term.local!r} does not match the pattern {term.entry.pattern} "
                f"of {term.entry.preferred}.",
                f"Check the id of the term (a digit missing or mistyped, a label written instead of the id); "
                f"{term.entry.preferred} ids match {term.entry.pattern}.",
            )
        try:
            curie, iri = term.curie, term.iri
        except ValueError:
            return None
        canonical = _canonical_text(ref, curie, iri)
        if canonical is None or canonical == str(ref.value):
            return None
        new: Node = URIRef(canonical) if isinstance(ref.value, URIRef) else Literal(canonical)
        edits = replace_edits(ctx.source, ref.record, ref.subject, ref.predicate, ref.value, canonical, new)
        if str(ref.value).startswith(_RESOLVER_HOSTS):
            # identifiers.org, bioregistry.io and n2t IRIs are persistent, resolvable and what some
            # guidance asks for (FM-I3-213): moving to the provider's IRI is a choice, not a
            # mechanical repair, so that edit is applied only with --unsafe-fixes
            return self._finding(
                ctx,
                ref,
                "FM-I2-603",
                f"{term.written} is not in its canonical form {canonical}.",
                f"Write {canonical} if you prefer the ontology's own IRI to the resolver's (both resolve; "
                "applied only with --unsafe-fixes).",
                edits,
                Applicability.UNSAFE,
            )
        return self._finding(
            ctx,
            ref,
            "FM-I2-603",
            f"{term.written} is not in its canonical form {canonical}.",
            f"Write {canonical}.",
            edits,
        )

    # --- look-ups -----------------------------------------------------------------------------

    def _defined_locally(self, ref: TermRef) -> bool:
        target = self._lookup_target(ref, pattern_checked=False)
        return target is not None and self._local(target[0]) != (None, None)

    def _lookup_target(self, ref: TermRef, pattern_checked: bool = True) -> tuple[str, str, str] | None:
        """``(CURIE, OLS ontology, IRI)`` of a readable term, else None."""
        term = ref.term
        if term.entry is None or (pattern_checked and not term.pattern_ok and not self._indexed(term.curie)):
            return None
        try:
            curie, iri = term.curie, term.iri
        except ValueError:
            return None
        if curie is None or iri is None:
            return None
        return curie, term.entry.ols or "", iri

    def _indexed(self, curie: str | None) -> bool:
        return curie is not None and self._local(curie) != (None, None)

    def _local(self, curie: str) -> tuple[TermInfo | None, str | None]:
        for index in self.indexes:
            info, primary = index.lookup(curie)
            if info is not None or primary is not None:
                return info, primary
        return None, None

    def _covered(self, curie: str) -> bool:
        prefix = curie.split(":", 1)[0]
        return any(index.covers(prefix) for index in self.indexes)

    def _looked_up(
        self,
        ctx: CheckContext,
        ref: TermRef,
        resolved: Mapping[Query, Resolution] | None,
        report_unverifiable: bool,
    ) -> list[Finding]:
        target = self._lookup_target(ref)
        if target is None:
            return []
        curie, ols, iri = target
        info, primary = self._local(curie)
        source = "the ontology files given"
        if info is None and primary is None:
            if self._covered(curie):
                return [self._missing(ctx, ref, curie, source)]
            resolution = (resolved or {}).get(term_query(ols, iri)) if ols else None
            if resolution is None:
                return []  # offline, or no OLS ontology for this prefix: not looked up
            if resolution.outcome == ResolutionOutcome.FAILED:
                return [self._missing(ctx, ref, curie, "OLS")]
            if resolution.outcome != ResolutionOutcome.VERIFIED or not isinstance(resolution.payload, TermInfo):
                if not report_unverifiable:
                    return []
                return [
                    self._finding(
                        ctx,
                        ref,
                        "FM-I2-619",
                        f"Not assessed: {resolution.detail}.",
                        "Run the check again later, or give the ontology file with --ontology.",
                    )
                ]
            info, source = resolution.payload, "OLS"
        assert info is not None
        out: list[Finding] = []
        if primary is not None:
            out.append(self._secondary(ctx, ref, curie, info))
        if info.obsolete:
            out.append(self._obsolete(ctx, ref, curie, info))
        elif ref.label is not None and not label_matches(ref.label, info):
            right = info.label or "(no label)"
            out.append(
                self._finding(
                    ctx,
                    ref,
                    "FM-I2-611",
                    f"The record labels {curie} {ref.label!r}, but its label is {right!r} ({source}).",
                    f"Write the label {right!r}, or check the id: {ref.label!r} may be a different term.",
                )
            )
        expected = None if info.obsolete else self._outside(ctx, ref, curie, info, resolved)  # replace it first
        if expected is not None:
            out.append(expected)
        return out

    def _missing(self, ctx: CheckContext, ref: TermRef, curie: str, source: str) -> Finding:
        return self._finding(
            ctx,
            ref,
            "FM-I2-610",
            f"{curie} does not exist in {source}.",
            f"Look the term up (e.g. https://www.ebi.ac.uk/ols4/search?q={ref.label or curie}) and write its id.",
        )

    def _secondary(self, ctx: CheckContext, ref: TermRef, curie: str, info: TermInfo) -> Finding:
        return self._finding(
            ctx,
            ref,
            "FM-I2-613",
            f"{curie} is a secondary id of {_named(info.id, info.label)}.",
            f"Write the primary id {info.id}.",
            self._replacement_edits(ctx, ref, info.id),
        )

    def _obsolete(self, ctx: CheckContext, ref: TermRef, curie: str, info: TermInfo) -> Finding:
        replacements = self._live_replacements(info)
        message = f"{_named(curie, info.label)} is obsolete."
        if len(replacements) == 1:
            new_id, label = replacements[0]
            return self._finding(
                ctx,
                ref,
                "FM-I2-612",
                message,
                f"Replace {curie} with {_named(new_id, label)}, the term that replaces it.",
                self._replacement_edits(ctx, ref, new_id),
            )
        consider = [(c, self._label(c)) for c in info.consider] or replacements
        if consider:
            choices = ", ".join(_named(c, label) for c, label in consider)
            fix = f"Replace {curie} with one of the terms its ontology suggests: {choices}."
        else:
            fix = f"Find the current term for {curie} in its ontology (no replacement is recorded)."
        return self._finding(ctx, ref, "FM-I2-612", message, fix)

    def _live_replacements(self, info: TermInfo) -> list[tuple[str, str | None]]:
        """``replaced_by`` terms, following chains past replacements that are obsolete themselves."""
        out: list[tuple[str, str | None]] = []
        for first in info.replaced_by:
            current, seen = first, {info.id}
            while current not in seen:
                seen.add(current)
                found, _ = self._local(current)
                if found is None or not found.obsolete or not found.replaced_by:
                    break
                current = found.replaced_by[0]
            if current not in (c for c, _ in out):
                out.append((current, self._label(current)))
        return out

    def _label(self, curie: str) -> str | None:
        if curie not in self._labels:
            info, _ = self._local(curie)
            self._labels[curie] = info.label if info is not None else None
        return self._labels[curie]

    def _roots(self, ref: TermRef) -> list[str]:
        """The prefixes and branches the expectations ask of this reference's property."""
        if not self.expectations:  # the common case: no CURIE rendering per reference
            return []
        predicate = short_predicate(ref.predicate)
        return [root for e in self.expectations if _same_property(e.property, predicate) for root in e.roots]

    def _ancestors(
        self, ref: TermRef, curie: str, info: TermInfo, resolved: Mapping[Query, Resolution] | None
    ) -> set[str] | None:
        """The term's ancestors from the ontology files that define it, else from OLS; None when
        neither can tell."""
        if self._local(curie)[0] is not None:
            found = set(info.parents)
            for index in self.indexes:
                found |= index.ancestors(curie)
            return found
        target = self._lookup_target(ref)
        answer = (resolved or {}).get(ancestors_query(target[1], target[2])) if target and target[1] else None
        if (
            answer is not None
            and answer.outcome == ResolutionOutcome.VERIFIED
            and isinstance(answer.payload, frozenset)
        ):
            return set(answer.payload) | set(info.parents)
        return None

    def _outside(
        self,
        ctx: CheckContext,
        ref: TermRef,
        curie: str,
        info: TermInfo,
        resolved: Mapping[Query, Resolution] | None,
    ) -> Finding | None:
        roots = self._roots(ref)
        if not roots:
            return None
        predicate = short_predicate(ref.predicate)
        prefix = curie.split(":", 1)[0]
        ancestors: set[str] | None = None
        undecided = False
        for root in roots:
            if ":" not in root:
                entry = prefix_entry(root)
                if prefix.lower() in (root.lower(), (entry.preferred.lower() if entry else "")):
                    return None
                continue
            if curie == root:
                return None
            if ancestors is None and not undecided:
                ancestors = self._ancestors(ref, curie, info, resolved)
                undecided = ancestors is None
            if ancestors is not None and root in ancestors:
                return None
        if undecided:
            return None  # a branch that neither an ontology file nor OLS could walk: not assessed
        shown = ", ".join(roots)
        return self._finding(
            ctx,
            ref,
            "FM-I2-614",
            f"{_named(curie, info.label)} in {predicate} is outside the expected {shown}.",
            f"Use a term of {shown} for {predicate}.",
        )

    def _replacement_edits(self, ctx: CheckContext, ref: TermRef, new_id: str) -> tuple[Edit, ...]:
        """Edits that write ``new_id`` in the form the record used (IRI or CURIE)."""
        entry = ref.term.entry
        if entry is None:
            return ()
        local = new_id.split(":", 1)[1]
        text = new_id
        if ref.term.form != "curie" or isinstance(ref.value, URIRef):
            replacement = prefix_entry(new_id.split(":", 1)[0])
            if replacement is None or replacement.uri_prefix is None:
                return ()
            text = replacement.uri_prefix + local
        new: Node = URIRef(text) if isinstance(ref.value, URIRef) else Literal(text)
        return replace_edits(ctx.source, ref.record, ref.subject, ref.predicate, ref.value, text, new)

    def _finding(
        self,
        ctx: CheckContext,
        ref: TermRef,
        code: str,
        message: str,
        fix: str,
        edits: tuple[Edit, ...] = (),
        applicability: Applicability | None = None,
    ) -> Finding:
        return ctx.finding(
            code,
            message,
            _location(ctx.source, ref),
            record=ref.record,
            fix=fix,
            edits=edits,
            applicability=applicability,
        )


def label_matches(given: str, info: TermInfo) -> bool:
    """The given label is the term's label or one of its synonyms, ignoring case and spacing."""
    wanted = _fold(given)
    return any(_fold(name) == wanted for name in (info.label or "", *info.synonyms) if name)


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


# generic resolvers: where the registry knows no home page for a prefix's terms, its "canonical"
# IRI is a resolver link, which is no better than the identifiers.org IRI a record already has
_RESOLVER_HOSTS = (
    "https://bioregistry.io/",
    "http://bioregistry.io/",
    "https://identifiers.org/",
    "http://identifiers.org/",
    "https://resolver.api.identifiers.org/",
    "https://n2t.net/",
)


def _canonical_text(ref: TermRef, curie: str | None, iri: str | None) -> str | None:
    """The canonical form of the reference, in the kind it is written in (IRI or CURIE)."""
    if ref.term.form == "curie":
        if isinstance(ref.value, URIRef):
            return None  # an IRI written as a CURIE: the normalisation check's FM-F1-021 rewrites it
        return curie
    if ref.term.form == "obo-purl" and ref.term.entry is not None:
        # an OBO PURL resolves for every OBO-library ontology, even where the registry prefers another
        # IRI (FMA): only its case and scheme can be wrong
        return f"http://purl.obolibrary.org/obo/{ref.term.entry.preferred}_{ref.term.local}"
    if iri is None or iri.startswith(_RESOLVER_HOSTS):
        return None
    return iri


def _same_property(expected: str, found: str) -> bool:
    return expected == found or expected.split(":")[-1] == found.split(":")[-1]


def _named(curie: str, label: str | None) -> str:
    return f"{curie} ({label!r})" if label else curie


def _location(loaded: LoadedSource, ref: TermRef) -> Location:
    locator = ref.record.locator
    pointer: str | None = None
    line: int | None = None
    if isinstance(locator, JsonPointerLocator):
        pointer = locator.value_pointer(ref.subject, ref.predicate, ref.value)
    if pointer is None:
        pointer, line = locator.locate(ref.subject, ref.predicate)
    base = loaded.parsed.base if loaded.parsed else ""
    cell = getattr(locator, "cell", None)  # sample sheets: the row and column of the value
    row, column = cell(ref.subject, ref.predicate) if cell is not None else (None, None)
    return Location(
        loaded.source,
        pointer=pointer,
        line=line,
        row=row,
        column=column,
        focus_node=display_id(ref.subject, base, locator),
        path=short_predicate(ref.predicate),
        value=str(ref.value),
    )
