"""The rule catalogue: every code a finding can carry, with its meaning, examples and fix safety.

Codes are ``FM-<principle>-<NNN>`` (``FM-R1.1-107``) or ``FM-SYS-<NNN>`` for conditions tied to no
principle. The hundreds digit says where a rule lives: 0xx fairmeta's own (010-019 metric tests,
020-029 safe normalisations, 001 loader), 1xx schemaorg-dataset, 2xx bioschemas-dataset, 3xx
dcat-ap, 4xx ro-crate, 5xx persistent identifiers (500-509 offline, 510-519 online). A code is
never reused or renumbered.

There is one source per kind of rule, so documentation cannot drift from behaviour: system and
normalisation rules are defined here, metric rules come from ``metrics/catalogue.toml``, profile
rules from the shapes (each rule shape is named ``fmr:<code>`` and annotated with ``fm:principle``
and ``fm:fix``). ``docs/rules/`` is generated from :func:`all_rules` and a test keeps it current.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from fairmeta.model import Principle, Severity

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node

CODE_PATTERN = re.compile(r"^FM-(?:(?:F[1-4]|A1(?:\.[12])?|A2|I[1-3]|R1(?:\.[1-3])?)|SYS)-\d{3}$")
HELP_BASE = "https://github.com/fairmeta/fairmeta/blob/main/docs/rules/"


@dataclass(frozen=True)
class Rule:
    """One documented rule.

    :param code: the stable code.
    :param name: kebab-case name.
    :param severity: default severity.
    :param principle: the FAIR principle it serves, ``None`` for system rules.
    :param summary: what it checks, one sentence.
    :param fix: what to do about a finding, one sentence with an example.
    :param kind: ``system``, ``normalise``, ``pid``, ``term``, ``metric`` or ``shape``.
    :param profile: the profile whose shapes define it (shape rules).
    :param path: the property it is about (CURIE), when it is about one.
    :param why: why it matters for FAIR.
    :param failing: an example that gives the finding.
    :param fixed: the same example, fixed.
    :param fix_safety: ``safe``, ``unsafe`` or ``display-only`` (a person must act).
    :param metric: the metric test behind a metric rule (``FsF-F1-01MD-1``).
    """

    code: str
    name: str
    severity: Severity
    principle: Principle | None
    summary: str
    fix: str
    kind: str = "system"
    profile: str | None = None
    path: str | None = None
    why: str = ""
    failing: str = ""
    fixed: str = ""
    fix_safety: str = "display-only"
    metric: str | None = None

    @property
    def help_uri(self) -> str:
        """Where the rule's documentation page lives."""
        return f"{HELP_BASE}{self.code}.md"


SYSTEM_RULES: tuple[Rule, ...] = (
    Rule(
        "FM-I1-001",
        "invalid-iri",
        Severity.ERROR,
        Principle.I1,
        "A property, type or value is not a valid IRI (it has a space, a brace or another forbidden character).",
        'Use the term the vocabulary defines (e.g. schema:alternateName, not "alternate name"), '
        "or percent-encode the IRI.",
        why="I1: statements with invalid IRIs cannot be stored, queried or exchanged, so they are lost to every tool.",
        failing='{"@context": "https://schema.org/", "@type": "Dataset", "alternate name": "SMLD"}',
        fixed='{"@context": "https://schema.org/", "@type": "Dataset", "alternateName": "SMLD"}',
    ),
    Rule(
        "FM-SYS-001",
        "source-unparseable",
        Severity.ERROR,
        None,
        "The source could not be read or parsed as the syntax its name or content says.",
        "Fix the syntax error at the reported position, or name the syntax with --input-format.",
        why="Nothing in a file that does not parse can be found, read or reused.",
        failing='{"@context": "https://schema.org/", "@type": "Dataset", "name": "x",}',
        fixed='{"@context": "https://schema.org/", "@type": "Dataset", "name": "x"}',
    ),
    Rule(
        "FM-SYS-002",
        "check-crashed",
        Severity.ERROR,
        None,
        "A check failed unexpectedly on this source; its result is missing from the report.",
        "Report the problem to fairmeta with the file; the other checks still ran.",
        why="A check that did not run cannot vouch for the record.",
    ),
    Rule(
        "FM-SYS-004",
        "remote-context-refused",
        Severity.ERROR,
        None,
        "The JSON-LD document needs a remote @context that is neither bundled nor allowed.",
        "Use a bundled context (schema.org, RO-Crate), inline the context, or pass --allow-remote-context to fetch it.",
        why="Without its context a JSON-LD document has no defined meaning; fetching it silently would make "
        "results depend on the network.",
        failing='{"@context": "https://example.org/my-context.jsonld", "@type": "Dataset"}',
        fixed='{"@context": "https://schema.org/", "@type": "Dataset"}',
    ),
    Rule(
        "FM-SYS-005",
        "unsafe-xml-refused",
        Severity.ERROR,
        None,
        "The XML declares entities or refers to external resources, which fairmeta never expands.",
        "Remove the DOCTYPE entity declarations and write the values out in the document.",
        why="Entity expansion can read local files or exhaust memory; metadata never needs it.",
        failing='<!DOCTYPE rdf:RDF [<!ENTITY x SYSTEM "file:///etc/passwd">]><rdf:RDF …>&x;</rdf:RDF>',
        fixed="<rdf:RDF …>…</rdf:RDF>",
    ),
    Rule(
        "FM-SYS-007",
        "column-not-mapped",
        Severity.WARNING,
        None,
        "A table column is not in the --mapping file, so its values become no statements and are not checked.",
        "Add the column to 'columns' in the mapping with the predicate it stands for.",
        why="A column nothing reads is metadata nobody can find or reuse.",
        failing="mapping columns: {organism: RO:0002162}; table columns: sample_id, organism, colour",
        fixed="mapping columns: {organism: RO:0002162, colour: schema:color}",
    ),
    Rule(
        "FM-SYS-006",
        "no-linked-data",
        Severity.ERROR,
        None,
        "The source parsed but holds no RDF statements, so there is no metadata to check.",
        'Add an @context (e.g. "@context": "https://schema.org/") so the JSON reads as linked data.',
        why="I1: plain JSON has no shared meaning; with a context it becomes linked data.",
        failing='{"name": "Soil moisture", "license": "CC-BY-4.0"}',
        fixed='{"@context": "https://schema.org/", "@type": "Dataset", "name": "Soil moisture"}',
    ),
)

NORMALISE_RULES: tuple[Rule, ...] = (
    Rule(
        "FM-F1-020",
        "identifier-not-canonical",
        Severity.INFO,
        Principle.F1,
        "A DOI, ORCID or ROR is written in a non-canonical form (doi:…, 10.…, http://dx.doi.org/…, a bare ORCID), "
        "as an identifier value or as the IRI naming an entity (a creator's http://orcid.org/… @id, an "
        "upper-case ROR id).",
        'Replace it with the canonical https IRI, e.g. "doi:10.5281/zenodo.42" → "https://doi.org/10.5281/zenodo.42".',
        kind="normalise",
        why="F1: the canonical IRI resolves everywhere and is what harvesters match identifiers on.",
        failing='{"@context": "https://schema.org/", "@type": "Dataset", "identifier": "doi:10.5281/zenodo.42"}',
        fixed='{"@context": "https://schema.org/", "@type": "Dataset", "identifier": "https://doi.org/10.5281/zenodo.42"}',
        fix_safety="safe",
    ),
    Rule(
        "FM-F1-021",
        "curie-not-canonical",
        Severity.INFO,
        Principle.F1,
        "An IRI is written as a CURIE of a registered prefix (NCBITaxon:9606) instead of its canonical IRI.",
        "Replace the CURIE with the IRI the Bioregistry gives for it, "
        'e.g. "NCBITaxon:9606" → "http://purl.obolibrary.org/obo/NCBITaxon_9606".',
        kind="normalise",
        why="F1/I2: a CURIE only means something with its prefix map; the full IRI is globally unique on its own.",
        failing='{"@context": "https://schema.org/", "@type": "Dataset", "about": {"@id": "NCBITaxon:9606"}}',
        fixed='{"@context": "https://schema.org/", "@type": "Dataset", '
        '"about": {"@id": "http://purl.obolibrary.org/obo/NCBITaxon_9606"}}',
        fix_safety="safe",
    ),
    Rule(
        "FM-I1-020",
        "schemaorg-context-http",
        Severity.INFO,
        Principle.I1,
        "The JSON-LD refers to the schema.org context over http.",
        'Use "@context": "https://schema.org/" (the same context, served over https).',
        kind="normalise",
        why="I1: schema.org serves its context over https; http references break in strict or offline processors.",
        failing='{"@context": "http://schema.org", "@type": "Dataset"}',
        fixed='{"@context": "https://schema.org/", "@type": "Dataset"}',
        fix_safety="safe",
    ),
    Rule(
        "FM-R1.1-020",
        "license-free-text",
        Severity.INFO,
        Principle.R1_1,
        "The licence is free text that names exactly one SPDX licence.",
        'Replace the text with the SPDX licence IRI, e.g. "CC BY 4.0" → "https://spdx.org/licenses/CC-BY-4.0".',
        kind="normalise",
        why="R1.1: machines recognise a licence IRI; text has to be guessed.",
        failing='{"@context": "https://schema.org/", "@type": "Dataset", "license": "CC BY 4.0"}',
        fixed='{"@context": "https://schema.org/", "@type": "Dataset", "license": "https://spdx.org/licenses/CC-BY-4.0"}',
        fix_safety="safe",
    ),
)

# Rules whose findings carry edits that may change meaning (see fairmeta/fixes.py).
_EDIT_SAFETY = {"FM-R1.3-401": "safe", "FM-R1.3-207": "unsafe"}


@cache
def metric_rules() -> tuple[Rule, ...]:
    """One rule per metric test of the catalogue."""
    from fairmeta.metrics import load_catalogue

    return tuple(
        Rule(
            code=t.rule,
            name=t.name,
            severity=t.severity,
            principle=t.principle,
            summary=t.summary,
            fix=t.fix,
            kind="metric",
            why=t.why,
            failing=t.failing,
            fixed=t.fixed,
            metric=t.id,
        )
        for t in load_catalogue().tests()
    )


_EXAMPLE = re.compile(r"e\.g\. (.+?)\.?$")
_DCAT_PREFIXES = (
    "@prefix dcat: <http://www.w3.org/ns/dcat#> .\n@prefix dct: <http://purl.org/dc/terms/> .\n"
    "@prefix foaf: <http://xmlns.com/foaf/0.1/> .\n@prefix dcatap: <http://data.europa.eu/r5r/> .\n"
)
_ROCRATE_ROOT: dict[str, object] = {
    "@id": "./",
    "@type": "Dataset",
    "name": "Field notebook scans",
    "description": "Scans of the 2023 field notebooks.",
    "datePublished": "2024-03-01",
    "license": {"@id": "https://spdx.org/licenses/CC-BY-4.0"},
    "publisher": {"@id": "https://ror.org/02catss52"},
}


def _crate(root: dict[str, object]) -> str:
    descriptor = {
        "@id": "ro-crate-metadata.json",
        "@type": "CreativeWork",
        "conformsTo": {"@id": "https://w3id.org/ro/crate/1.1"},
        "about": {"@id": "./"},
    }
    return json.dumps({"@context": "https://w3id.org/ro/crate/1.1/context", "@graph": [descriptor, root]})


def _shape_examples(graph: Graph, shape: Node, profile: str | None, path: str | None) -> tuple[str, str]:
    """A failing record and its fixed twin: ``fm:failing``/``fm:fixed`` on the shape, else derived
    from the shape's target, its property and the example in its fix text (minCount shapes)."""
    from rdflib import URIRef
    from rdflib.namespace import SH

    fm = "https://w3id.org/fairmeta/ns#"
    failing_note = graph.value(shape, URIRef(fm + "failing"))
    fixed_note = graph.value(shape, URIRef(fm + "fixed"))
    if failing_note is not None and fixed_note is not None:
        return str(failing_note), str(fixed_note)
    target = None
    for owner in graph.subjects(SH.property, shape):
        target = graph.value(owner, SH.targetClass)
    fix = str(graph.value(shape, URIRef(fm + "fix")) or "")
    match = _EXAMPLE.search(fix)
    example = match.group(1) if match else '"…"'
    local = path.split(":")[-1] if path else ""
    if profile == "dcat-ap":
        kind = graph.namespace_manager.normalizeUri(target) if isinstance(target, URIRef) else "dcat:Distribution"
        failing = f"{_DCAT_PREFIXES}<https://example.org/x> a {kind} ."
        return failing, f"{_DCAT_PREFIXES}<https://example.org/x> a {kind} ;\n    {path} {example} ."
    if profile == "ro-crate":
        root = {k: v for k, v in _ROCRATE_ROOT.items() if k != local}
        return _crate(root), _crate(dict(_ROCRATE_ROOT))
    kind = str(target).rsplit("/", 1)[-1] if isinstance(target, URIRef) else "Dataset"
    value = example if example.startswith(("{", "[", '"')) or example in ("true", "false") else json.dumps(example)
    failing = f'{{"@context": "https://schema.org/", "@type": "{kind}"}}'
    return failing, f'{{"@context": "https://schema.org/", "@type": "{kind}", "{local}": {value}}}'


@cache
def shape_rules(shapes_file: Path, profile: str | None) -> tuple[Rule, ...]:
    """Read the rules a fairmeta shapes file defines (shapes named in the ``fmr:`` namespace)."""
    from rdflib import URIRef
    from rdflib.namespace import SH

    from fairmeta.cache import parse_cached
    from fairmeta.vocab.namespaces import FM, FMR
    from fairmeta.vocab.render import render_path

    graph = parse_cached(shapes_file, "turtle")
    rules = []
    for shape in set(graph.subjects(FM.principle, None)):
        if not isinstance(shape, URIRef) or not str(shape).startswith(str(FMR)):
            continue
        code = str(shape)[len(str(FMR)) :]
        severity = {SH.Violation: Severity.ERROR, SH.Warning: Severity.WARNING, SH.Info: Severity.INFO}[
            graph.value(shape, SH.severity, default=SH.Violation)  # type: ignore[index]
        ]
        path = render_path(graph, graph.value(shape, SH.path))
        failing, fixed = _shape_examples(graph, shape, profile, path)
        rules.append(
            Rule(
                code=code,
                name=str(graph.value(shape, SH.name) or code),
                severity=severity,
                principle=Principle(str(graph.value(shape, FM.principle))),
                summary=str(graph.value(shape, SH.description, default=graph.value(shape, SH.message))),
                fix=str(graph.value(shape, FM.fix) or ""),
                kind="shape",
                profile=profile,
                path=path,
                why=f"{graph.value(shape, FM.principle)}: {graph.value(shape, SH.description)}",
                failing=failing,
                fixed=fixed,
                fix_safety=_EDIT_SAFETY.get(code, "display-only"),
            )
        )
    return tuple(sorted(rules, key=lambda r: r.code))


PID_RULES: tuple[Rule, ...] = (
    Rule(
        "FM-F1-501",
        "identifier-malformed",
        Severity.ERROR,
        Principle.F1,
        "A DOI, ORCID, ROR, ISNI, handle, ARK or URN does not have the syntax of its scheme.",
        "Write it as its registry does, e.g. a DOI as https://doi.org/10.5281/zenodo.8347772.",
        kind="pid",
        why="F1: a malformed identifier resolves to nothing and matches no other record.",
        failing='{"@type": "Dataset", "identifier": "https://doi.org/10.abc/x"}',
        fixed='{"@type": "Dataset", "identifier": "https://doi.org/10.5281/zenodo.8347772"}',
        fix_safety="display-only",
    ),
    Rule(
        "FM-F1-502",
        "identifier-check-digit",
        Severity.ERROR,
        Principle.F1,
        "An ORCID iD or ISNI (ISO 7064 MOD 11-2) or a ROR id (mod 97) has wrong check digits: a digit is mistyped.",
        "Copy the identifier again from its registry, e.g. https://orcid.org/0000-0002-1825-0097.",
        kind="pid",
        why="F1: a mistyped identifier names someone else or no one.",
        failing='{"@type": "Person", "name": "Josiah Carberry", "@id": "https://orcid.org/0000-0002-1825-0098"}',
        fixed='{"@type": "Person", "name": "Josiah Carberry", "@id": "https://orcid.org/0000-0002-1825-0097"}',
        fix_safety="display-only",
    ),
    Rule(
        "FM-I3-503",
        "person-without-orcid",
        Severity.INFO,
        Principle.I3,
        "A creator, contributor or other person is named but has no ORCID iD (a suggestion).",
        "Look the person up on orcid.org and add the iD as @id or identifier.",
        kind="pid",
        why="I3: a name is ambiguous; an ORCID iD links the record to the person's other work.",
        failing='{"creator": {"@type": "Person", "name": "Josiah Carberry"}}',
        fixed='{"creator": {"@type": "Person", "name": "Josiah Carberry", "@id": "https://orcid.org/0000-0002-1825-0097"}}',
        fix_safety="display-only",
    ),
    Rule(
        "FM-I3-504",
        "organisation-without-ror",
        Severity.INFO,
        Principle.I3,
        "A publisher, funder, affiliation or other organisation is named but has no ROR id or other PID (a suggestion).",
        "Look the organisation up on ror.org and add its id as @id or identifier.",
        kind="pid",
        why="I3: organisation names vary by language and over time; a ROR id does not.",
        failing='{"publisher": {"@type": "Organization", "name": "CERN"}}',
        fixed='{"publisher": {"@type": "Organization", "name": "CERN", "@id": "https://ror.org/01ggx4157"}}',
        fix_safety="display-only",
    ),
    Rule(
        "FM-I3-505",
        "identifier-wrong-entity",
        Severity.ERROR,
        Principle.I3,
        "An ORCID iD identifies an organisation, or a ROR id a person.",
        "Check the entity's type (Person or Organization) and its identifier; one of them is wrong.",
        kind="pid",
        why="I3: a reference that names the wrong kind of thing misleads every system following it.",
        failing='{"publisher": {"@type": "Organization", "name": "CERN", "@id": "https://orcid.org/0000-0002-1825-0097"}}',
        fixed='{"publisher": {"@type": "Organization", "name": "CERN", "@id": "https://ror.org/01ggx4157"}}',
        fix_safety="display-only",
    ),
    Rule(
        "FM-F1-510",
        "identifier-does-not-resolve",
        Severity.ERROR,
        Principle.F1,
        "Online: an identifier or link does not resolve (the DOI or handle is not registered, the ORCID or ROR "
        "record does not exist, the URL answers 404 or 410).",
        "Correct the identifier (compare it with the landing page or registry entry) or remove it.",
        kind="pid",
        why="F1/A1: an identifier that resolves to nothing makes the record unfindable through it.",
        failing='{"@type": "Dataset", "identifier": "https://doi.org/10.5281/zenodo.0000000"}',
        fixed='{"@type": "Dataset", "identifier": "https://doi.org/10.5281/zenodo.8347772"}',
        fix_safety="display-only",
    ),
    Rule(
        "FM-I3-511",
        "identifier-metadata-mismatch",
        Severity.WARNING,
        Principle.I3,
        "Online: the registry's name for an identifier differs from the record's (ORCID name vs person, ROR name vs "
        "organisation, DOI title vs record name); both values are shown.",
        "Check that the identifier is the right one; if it is, write the name as the registry has it.",
        kind="pid",
        why="I3: a mismatch usually means a copy-paste of someone else's identifier.",
        failing='{"creator": {"name": "Jane Doe", "@id": "https://orcid.org/0000-0002-1825-0097"}}  (ORCID: Josiah Carberry)',
        fixed='{"creator": {"name": "Josiah Carberry", "@id": "https://orcid.org/0000-0002-1825-0097"}}',
        fix_safety="display-only",
    ),
    Rule(
        "FM-F1-519",
        "identifier-not-assessed",
        Severity.INFO,
        Principle.F1,
        "Online: an identifier could not be checked (network error, timeout, 429 or 5xx after retries, an answer "
        "that is not what the service sends). Not a failure.",
        "Run again later, or `fairmeta cache warm PATH` where the network is reachable and check offline later.",
        kind="pid",
        why="Honest reporting: what was not verified is said, never counted as passed or failed.",
        failing="an ORCID iD while pub.orcid.org does not answer",
        fixed="the same iD once the service answers",
        fix_safety="display-only",
    ),
)


def _term_rule(
    code: str, name: str, severity: Severity, summary: str, fix: str, why: str, failing: str, fixed: str, safety: str
) -> Rule:
    return Rule(
        code,
        name,
        severity,
        Principle.I2,
        summary,
        fix,
        kind="term",
        why=why,
        failing=failing,
        fixed=fixed,
        fix_safety=safety,
    )


TERM_RULES: tuple[Rule, ...] = (
    _term_rule(
        "FM-I2-601",
        "term-prefix-unknown",
        Severity.ERROR,
        "An ontology-term CURIE or IRI uses a prefix the Bioregistry does not know.",
        "Use the ontology's registered prefix (the finding suggests the closest one), e.g. UBERON:0000467.",
        "I2: a term whose vocabulary nobody can identify cannot be interpreted by machines.",
        '{"about": {"@id": "UBERONN:0000467"}}',
        '{"about": {"@id": "http://purl.obolibrary.org/obo/UBERON_0000467"}}',
        "display-only",
    ),
    _term_rule(
        "FM-I2-602",
        "term-id-pattern",
        Severity.ERROR,
        "The local id of a term does not match its prefix's registered pattern (GO ids have 7 digits, say).",
        "Check the id of the term: a digit missing or mistyped, or a label written instead of the id.",
        "I2: a malformed id names no term.",
        '{"about": "GO:12345"}',
        '{"about": "GO:0012345"}',
        "display-only",
    ),
    _term_rule(
        "FM-I2-603",
        "term-not-canonical",
        Severity.INFO,
        "A term is written in a non-canonical form: a prefix in the wrong case, a legacy identifiers.org or "
        "bioregistry.io IRI, an https OBO PURL.",
        "Write the canonical CURIE or IRI (the fix does it), e.g. http://purl.obolibrary.org/obo/NCBITaxon_9606.",
        "I2: one term, one spelling; other systems match terms by their canonical IRI.",
        '{"about": {"@id": "https://identifiers.org/taxonomy:9606"}}',
        '{"about": {"@id": "http://purl.obolibrary.org/obo/NCBITaxon_9606"}}',
        "safe",
    ),
    _term_rule(
        "FM-I2-610",
        "term-does-not-exist",
        Severity.ERROR,
        "The term is not in its ontology (a local ontology file that defines the prefix, or OLS online).",
        "Look the term up in its ontology and write its id.",
        "I2: a reference to a term that does not exist is a broken link into the vocabulary.",
        '{"about": "GO:9999999"}',
        '{"about": "GO:0005634"}',
        "display-only",
    ),
    _term_rule(
        "FM-I2-611",
        "term-label-mismatch",
        Severity.WARNING,
        "The label the record gives a term (name, rdfs:label, skos:prefLabel) is neither its label nor one of its "
        "synonyms (case and spacing ignored); the fix names the right label.",
        "Write the term's label, or check the id: the label may belong to another term.",
        "I2: a label that does not match its id means one of the two is wrong.",
        '{"about": {"@id": "http://purl.obolibrary.org/obo/GO_0005634", "name": "mitochondrion"}}',
        '{"about": {"@id": "http://purl.obolibrary.org/obo/GO_0005634", "name": "nucleus"}}',
        "display-only",
    ),
    _term_rule(
        "FM-I2-612",
        "term-obsolete",
        Severity.WARNING,
        "The term is obsolete; the fix names its replacement (replaced_by / IAO:0100001, followed through "
        "obsolete replacements), else the terms to consider.",
        "Replace the term with the one that replaces it.",
        "I2/R1.3: obsolete terms drop out of searches and annotations made with current versions.",
        '{"about": "CL:2"}  (obsolete, replaced_by CL:2replacement)',
        '{"about": "CL:2replacement"}',
        "unsafe",
    ),
    _term_rule(
        "FM-I2-613",
        "term-secondary-id",
        Severity.WARNING,
        "The term is written with a secondary (alt) id of another term.",
        "Write the primary id.",
        "I2: secondary ids survive merges only as aliases; tools match on the primary id.",
        '{"about": "CL:1a1"}',
        '{"about": "CL:1"}',
        "safe",
    ),
    _term_rule(
        "FM-I2-614",
        "term-outside-expected",
        Severity.WARNING,
        "The term is outside the ontology or branch expected for that property: by the configuration "
        "(`expected-terms`) or by a LinkML schema's dynamic enum (`reachable_from`). Branches are walked "
        "in the ontology files, else in OLS; a branch neither can walk is not assessed.",
        "Use a term of the expected ontology or branch.",
        "I2: a tissue where an organism is expected is a curation error that syntax checks cannot see.",
        '{"measurementTechnique": "UBERON:0000467"}  (expected: OBI)',
        '{"measurementTechnique": "OBI:0000070"}',
        "display-only",
    ),
    _term_rule(
        "FM-I2-619",
        "term-not-assessed",
        Severity.INFO,
        "Online: a term could not be looked up in OLS (network error, timeout, 429 or 5xx after retries). "
        "Not a failure.",
        "Run again later, or give the ontology file with --ontology.",
        "Honest reporting: what was not verified is said, never counted as passed or failed.",
        "a GO term while OLS does not answer",
        "the same term once OLS answers",
        "display-only",
    ),
)


def all_rules() -> tuple[Rule, ...]:
    """Return every rule: system, normalisation, identifiers, metric tests, then each profile's shapes."""
    from fairmeta.profiles import PROFILES

    rules = [*SYSTEM_RULES, *NORMALISE_RULES, *PID_RULES, *TERM_RULES, *metric_rules()]
    for profile in PROFILES:
        rules.extend(shape_rules(profile.shapes_path, profile.name))
    return tuple(rules)


def rule_by_code(code: str) -> Rule | None:
    """Return the rule with this code, or ``None``."""
    return _index().get(code)


@cache
def _index() -> dict[str, Rule]:
    return {rule.code: rule for rule in all_rules()}
