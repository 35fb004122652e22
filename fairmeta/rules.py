"""The rule catalogue: every code a finding can carry, with its meaning and fix.

Codes are ``FM-<principle>-<NNN>`` (``FM-R1.1-101``) or ``FM-SYS-<NNN>`` for conditions tied to no
principle. The hundreds digit says where a rule lives: 0xx fairmeta's own, 1xx schemaorg-dataset,
2xx bioschemas-dataset, 3xx dcat-ap, 4xx ro-crate. A code is never reused or renumbered.

System rules are defined here; profile rules are read from the shapes themselves (each rule shape
is named ``fmr:<code>`` and annotated with ``fm:principle`` and ``fm:fix``), so a rule and its
documentation cannot drift apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from fairmeta.model import Principle, Severity

CODE_PATTERN = re.compile(r"^FM-(?:(?:F[1-4]|A1(?:\.[12])?|A2|I[1-3]|R1(?:\.[1-3])?)|SYS)-\d{3}$")


@dataclass(frozen=True)
class Rule:
    """One documented rule.

    :param code: the stable code.
    :param name: kebab-case name.
    :param severity: default severity.
    :param principle: the FAIR principle it serves, ``None`` for system rules.
    :param summary: what it checks, one sentence.
    :param fix: what to do about a finding, one sentence.
    :param profile: the profile whose shapes define it, ``None`` for system rules.
    :param path: the property it is about (CURIE), when it is about one.
    """

    code: str
    name: str
    severity: Severity
    principle: Principle | None
    summary: str
    fix: str
    profile: str | None = None
    path: str | None = None


SYSTEM_RULES: tuple[Rule, ...] = (
    Rule(
        "FM-I1-001",
        "invalid-iri",
        Severity.ERROR,
        Principle.I1,
        "A property, type or value is not a valid IRI (it has a space, a brace or another forbidden character).",
        'Use the term the vocabulary defines (e.g. schema:alternateName, not "alternate name"), '
        "or percent-encode the IRI.",
    ),
    Rule(
        "FM-SYS-001",
        "source-unparseable",
        Severity.ERROR,
        None,
        "The source could not be read or parsed as the syntax its name or content says.",
        "Fix the syntax error at the reported position, or name the syntax with --input-format.",
    ),
    Rule(
        "FM-SYS-002",
        "check-crashed",
        Severity.ERROR,
        None,
        "A check failed unexpectedly on this source; its result is missing from the report.",
        "Report the problem to fairmeta with the file; the other checks still ran.",
    ),
    Rule(
        "FM-SYS-004",
        "remote-context-refused",
        Severity.ERROR,
        None,
        "The JSON-LD document needs a remote @context that is neither bundled nor allowed.",
        "Use a bundled context (schema.org, RO-Crate), inline the context, or pass --allow-remote-context to fetch it.",
    ),
    Rule(
        "FM-SYS-005",
        "unsafe-xml-refused",
        Severity.ERROR,
        None,
        "The XML declares entities or refers to external resources, which fairmeta never expands.",
        "Remove the DOCTYPE entity declarations and write the values out in the document.",
    ),
    Rule(
        "FM-SYS-006",
        "no-linked-data",
        Severity.ERROR,
        None,
        "The source parsed but holds no RDF statements, so there is no metadata to check.",
        'Add an @context (e.g. "@context": "https://schema.org/") so the JSON reads as linked data.',
    ),
)


@cache
def shape_rules(shapes_file: Path, profile: str | None) -> tuple[Rule, ...]:
    """Read the rules a fairmeta shapes file defines (shapes named in the ``fmr:`` namespace)."""
    from rdflib import URIRef
    from rdflib.namespace import SH

    from fairmeta.cache import parse_cached
    from fairmeta.namespaces import FM, FMR

    graph = parse_cached(shapes_file, "turtle")
    rules = []
    for shape in set(graph.subjects(FM.principle, None)):
        if not isinstance(shape, URIRef) or not str(shape).startswith(str(FMR)):
            continue
        code = str(shape)[len(str(FMR)) :]
        severity = {SH.Violation: Severity.ERROR, SH.Warning: Severity.WARNING, SH.Info: Severity.INFO}[
            graph.value(shape, SH.severity, default=SH.Violation)  # type: ignore[index]
        ]
        path = graph.value(shape, SH.path)
        rules.append(
            Rule(
                code=code,
                name=str(graph.value(shape, SH.name) or code),
                severity=severity,
                principle=Principle(str(graph.value(shape, FM.principle))),
                summary=str(graph.value(shape, SH.description, default=graph.value(shape, SH.message))),
                fix=str(graph.value(shape, FM.fix) or ""),
                profile=profile,
                path=graph.namespace_manager.normalizeUri(path) if isinstance(path, URIRef) else None,
            )
        )
    return tuple(sorted(rules, key=lambda r: r.code))


def all_rules() -> tuple[Rule, ...]:
    """Return the system rules followed by every profile's rules."""
    from fairmeta.profiles import PROFILES

    rules = list(SYSTEM_RULES)
    for profile in PROFILES:
        rules.extend(shape_rules(profile.shapes_path, profile.name))
    return tuple(rules)


def rule_by_code(code: str) -> Rule | None:
    """Return the rule with this code, or ``None``."""
    return _index().get(code)


@cache
def _index() -> dict[str, Rule]:
    return {rule.code: rule for rule in all_rules()}


def render_markdown() -> str:
    """Render the catalogue as docs/rules.md (a test keeps the committed file equal to this)."""
    from fairmeta.profiles import PROFILES

    lines = [
        "# Rules",
        "",
        "Generated by `fairmeta rules --markdown` from the shapes in `shapes/` and the system rules;",
        "do not edit by hand. Codes are `FM-<principle>-<NNN>`: 0xx fairmeta's own, 1xx schemaorg-dataset,",
        "2xx bioschemas-dataset, 3xx dcat-ap, 4xx ro-crate; `FM-SYS-NNN` are tied to no principle.",
        "Results of your own shapes without a code are reported as `SHACL:<ConstraintComponent>`.",
        "",
    ]
    sections: list[tuple[str, tuple[Rule, ...]]] = [("System and fairmeta rules", SYSTEM_RULES)]
    sections += [(f"Profile `{p.name}`", shape_rules(p.shapes_path, p.name)) for p in PROFILES]
    for title, rules in sections:
        lines += [
            f"## {title}",
            "",
            "| Code | Name | Severity | Principle | What it checks | Fix |",
            "|---|---|---|---|---|---|",
        ]
        for rule in rules:
            principle = rule.principle.value if rule.principle else "-"
            cells = [f"`{rule.code}`", rule.name, rule.severity.value, principle, rule.summary, rule.fix]
            lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
        lines.append("")
    return "\n".join(lines)
