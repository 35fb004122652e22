"""The rule catalogue: every code a finding can carry, with its meaning, examples and fix safety.

Codes are ``FM-<principle>-<NNN>`` (``FM-R1.1-107``) or ``FM-SYS-<NNN>`` for conditions tied to no
principle. The hundreds digit says where a rule lives: 0xx fairmeta's own (010-019 metric tests,
020-029 safe normalisations, 001 loader), 1xx schemaorg-dataset, 2xx bioschemas-dataset, 3xx
dcat-ap, 4xx ro-crate, 5xx persistent identifiers (500-509 offline, 510-519 online). A code is
never reused or renumbered.

Rules are data, and each lives in one place, so documentation cannot drift from behaviour: the
rules of fairmeta's own checks in ``data/rules.toml``, metric rules in ``metrics/catalogue.toml``,
profile rules in the shapes (each rule shape is named ``fmr:<code>`` and annotated with
``fm:principle``, ``fm:fix`` and, for shapes whose findings carry edits, ``fm:fixSafety``).
Findings are made from their rule (:meth:`fairmeta.checks.base.CheckContext.finding`), which
supplies severity, principle, default fix text and fix safety. ``docs/rules/`` is generated from
:func:`all_rules` and a test keeps it current.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from fairmeta.model import Applicability, Principle, Severity

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node

CODE_PATTERN = re.compile(r"^FM-(?:(?:F[1-4]|A1(?:\.[12])?|A2|I[1-3]|R1(?:\.[1-3])?)|SYS)-\d{3}$")
HELP_BASE = "https://github.com/fairmeta/fairmeta/blob/main/docs/rules/"
FAMILY_HELP = f"{HELP_BASE}index.md#external-validator-result-linkml-json-schema-shacl"


@dataclass(frozen=True)
class Rule:
    """One documented rule.

    :param code: the stable code.
    :param name: kebab-case name.
    :param severity: default severity.
    :param principle: the FAIR principle it serves, ``None`` for system rules.
    :param summary: what it checks, one sentence.
    :param fix: what to do about a finding, one sentence with an example.
    :param kind: ``system``, ``normalise``, ``pid``, ``term``, ``schema``, ``metric`` or ``shape``.
    :param check: the name of the check that emits it (``shacl``, ``pids``, ...; ``engine`` for FM-SYS-002).
    :param profile: the profile whose shapes define it (shape rules).
    :param path: the property it is about (CURIE), when it is about one.
    :param why: why it matters for FAIR.
    :param failing: an example that gives the finding.
    :param fixed: the same example, fixed.
    :param fix_safety: how safe the rule's machine edits are, when a finding carries some
        (findings without edits are always display-only).
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
    fix_safety: Applicability = Applicability.DISPLAY_ONLY
    metric: str | None = None
    check: str = "engine"
    status: str = "stable"  # "stable" | "deprecated"

    @property
    def help_uri(self) -> str:
        """Where the rule's documentation page lives (a family's: its section of the index)."""
        if self.code.endswith("*"):
            return FAMILY_HELP
        return f"{HELP_BASE}{self.code}.md"


RULES_FILE = Path(__file__).resolve().parent / "data" / "rules.toml"
_KIND_OF_CHECK = {
    "load": "system",
    "engine": "system",
    "normalise": "normalise",
    "pids": "pid",
    "terms": "term",
    "crate": "crate",
}


@cache
def _rules_data() -> tuple[tuple[Rule, ...], tuple[Rule, ...]]:
    """The rules and rule families of ``data/rules.toml`` (parsed once, then from the disk cache)."""
    from fairmeta._version import __version__
    from fairmeta.cache import cached

    text = RULES_FILE.read_bytes()
    return cached(text, f"rules {__version__}", lambda: _parse_rules(text.decode("utf-8")))


def _parse_rules(text: str) -> tuple[tuple[Rule, ...], tuple[Rule, ...]]:
    import tomllib

    data = tomllib.loads(text)

    def rule(raw: dict[str, str], code: str, kind: str) -> Rule:
        return Rule(
            code=code,
            name=raw["name"],
            severity=Severity(raw["severity"]),
            principle=Principle(raw["principle"]) if raw["principle"] else None,
            summary=raw["summary"],
            fix=raw["fix"],
            kind=kind,
            why=raw.get("why", ""),
            failing=raw.get("failing", ""),
            fixed=raw.get("fixed", ""),
            fix_safety=Applicability(raw["fix_safety"]),
            check=raw["check"],
            status=raw.get("status", "stable"),
        )

    rules = tuple(rule(raw, raw["code"], _KIND_OF_CHECK[raw["check"]]) for raw in data["rule"])
    families = tuple(rule(raw, raw["prefix"] + "*", "schema") for raw in data.get("family", ()))
    return rules, families


def own_rules() -> tuple[Rule, ...]:
    """The rules of fairmeta's own checks (loader, engine, normalisation, identifiers, terms)."""
    return _rules_data()[0]


def rule_families() -> tuple[Rule, ...]:
    """Rules that stand for every code with a prefix (``LINKML:*``): external validators' results."""
    return _rules_data()[1]


@cache
def rules_of(check: str) -> tuple[Rule, ...]:
    """Every rule and family the named built-in check emits."""
    return tuple(r for r in (*all_rules(), *rule_families()) if r.check == check)


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
            check="fair-metrics",
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
        path = render_path(graph, graph.value(shape, SH.path) or graph.value(shape, FM.path))
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
                fix_safety=Applicability(str(graph.value(shape, FM.fixSafety) or "display-only")),
                check="shacl",
            )
        )
    return tuple(sorted(rules, key=lambda r: r.code))


def user_shape_rules(shapes_file: Path) -> tuple[Rule, ...]:
    """The rules a user's shapes file defines: shapes named ``fmr:<code>`` or carrying ``fm:code``.

    Results of the file's other shapes are ``SHACL:<component>`` (the ``SHACL:*`` family).
    """
    from rdflib import URIRef
    from rdflib.namespace import SH

    from fairmeta.cache import parse_cached
    from fairmeta.vocab.namespaces import FM, FMR
    from fairmeta.vocab.render import render_path

    suffix = shapes_file.suffix.lower()
    graph = parse_cached(shapes_file, {".jsonld": "json-ld", ".json": "json-ld", ".nt": "nt"}.get(suffix, "turtle"))
    found: dict[str, Rule] = {}
    coded: list[tuple[Node, str]] = [
        (s, str(s)[len(str(FMR)) :]) for s in graph.subjects() if isinstance(s, URIRef) and str(s).startswith(str(FMR))
    ]
    coded += [(s, str(c)) for s, c in graph.subject_objects(FM.code)]
    levels: dict[Node, Severity] = {SH.Violation: Severity.ERROR, SH.Warning: Severity.WARNING, SH.Info: Severity.INFO}
    for shape, code in coded:
        severity = levels.get(graph.value(shape, SH.severity, default=SH.Violation) or SH.Violation, Severity.ERROR)
        principle = graph.value(shape, FM.principle)
        found[code] = Rule(
            code=code,
            name=str(graph.value(shape, SH.name) or code),
            severity=severity,
            principle=Principle(str(principle)) if principle is not None else None,
            summary=str(graph.value(shape, SH.description, default=graph.value(shape, SH.message)) or code),
            fix=str(graph.value(shape, FM.fix) or ""),
            kind="shape",
            path=render_path(graph, graph.value(shape, SH.path)),
            fix_safety=Applicability(str(graph.value(shape, FM.fixSafety) or "display-only")),
            check="shacl",
        )
    return tuple(found[code] for code in sorted(found))


def all_rules() -> tuple[Rule, ...]:
    """Return every rule: system, normalisation, identifiers, metric tests, then each profile's shapes."""
    from fairmeta.profiles import PROFILES

    rules = [*own_rules(), *metric_rules()]
    for profile in PROFILES:
        rules.extend(shape_rules(profile.shapes_path, profile.name))
    return tuple(rules)


def rule_by_code(code: str) -> Rule | None:
    """Return the rule with this code (or the family whose prefix it has), or ``None``."""
    found = _index().get(code)
    if found is None:
        found = next((f for f in rule_families() if code.startswith(f.code[:-1])), None)
    return found


@cache
def _index() -> dict[str, Rule]:
    return {rule.code: rule for rule in all_rules()}
