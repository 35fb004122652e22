"""Catalogue integrity: every code is unique, well formed, documented, and backed by a named shape."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from fairmeta import check
from fairmeta.profiles import PROFILES
from fairmeta.ruledocs import pages
from fairmeta.rules import CODE_PATTERN, Rule, all_rules, own_rules, rule_by_code
from fairmeta.vocab.namespaces import FM, FMR

from .conftest import REPO


def test_codes_are_unique_and_well_formed() -> None:
    """No code repeats; every code matches FM-<principle>-NNN or FM-SYS-NNN."""
    codes = [rule.code for rule in all_rules()]
    assert len(codes) == len(set(codes)) > 90
    for code in codes:
        assert CODE_PATTERN.match(code), code


def test_principle_in_code_matches_rule() -> None:
    """The principle segment of a code is the rule's principle."""
    for rule in all_rules():
        segment = rule.code.split("-")[1]
        assert segment == (rule.principle.value if rule.principle else "SYS"), rule.code


def test_every_rule_has_summary_and_fix() -> None:
    """Each rule says what it checks and how to fix a finding, naming a property or an example."""
    for rule in all_rules():
        assert rule.summary and rule.summary != "None", rule.code
        assert len(rule.fix) > 20, rule.code


def _parts_of_coded_shapes(graph: Graph) -> set[Node]:
    """Anonymous shapes inside a coded shape (sh:or members, a qualified value shape): its code covers them."""
    parts: set[Node] = set()
    for shape in graph.subjects(FM.principle, None):
        for logical in (SH["or"], SH["and"], SH.xone, SH["not"], SH.qualifiedValueShape):
            for value in graph.objects(shape, logical):
                parts.add(value)
                parts.update(Collection(graph, value) if (value, RDF.first, None) in graph else ())
    return parts


def test_every_shape_in_profiles_is_a_coded_rule() -> None:
    """Every constraint-bearing shape of a profile is named fmr:<code>, has a principle, a fix and a message."""
    for profile in PROFILES:
        graph = Graph().parse(profile.shapes_path, format="turtle")
        referenced = set(graph.objects(None, SH.property))
        constrained = set(graph.subjects(SH.path, None)) | set(graph.subjects(SH.pattern, None))
        for shape in referenced | constrained - _parts_of_coded_shapes(graph):
            assert isinstance(shape, URIRef) and str(shape).startswith(str(FMR)), f"{profile.name}: unnamed {shape}"
            assert graph.value(shape, FM.principle) is not None, shape
            assert graph.value(shape, FM.fix) is not None, shape
            assert graph.value(shape, SH.message) is not None, shape
            assert str(graph.value(shape, FM.profile)) == profile.name, shape
            assert rule_by_code(str(shape)[len(str(FMR)) :]) is not None
        for node_shape in graph.subjects(RDF.type, SH.NodeShape):
            assert str(graph.value(node_shape, FM.profile)) == profile.name, node_shape


def test_code_hundreds_match_profile() -> None:
    """Profile rule numbers sit in the profile's hundred (1xx schemaorg ... 4xx ro-crate)."""
    hundreds = {"schemaorg-dataset": "1", "bioschemas-dataset": "2", "dcat-ap": "3", "ro-crate": "4"}
    for rule in all_rules():
        number = rule.code.rsplit("-", 1)[1]
        if rule.profile:
            assert number[0] == hundreds[rule.profile], rule.code
        elif rule.kind == "metric":
            assert "010" <= number <= "019", rule.code
        elif rule.kind == "normalise":
            assert "020" <= number <= "029", rule.code
    assert all(rule.profile is None for rule in own_rules())


def test_docs_rules_pages_are_current() -> None:
    """docs/rules/ holds exactly the generated pages; run `fairmeta rules --write-docs docs/rules`."""
    directory = REPO / "docs" / "rules"
    wanted = pages()
    assert {p.name for p in directory.glob("*.md")} == set(wanted)
    for name, content in wanted.items():
        assert (directory / name).read_text(encoding="utf-8") == content, name


SHAPE_RULES = [r for r in all_rules() if r.kind == "shape"]


@pytest.mark.parametrize("rule", SHAPE_RULES, ids=[r.code for r in SHAPE_RULES])
def test_shape_rule_examples(rule: Rule) -> None:
    """Each profile rule's documented failing example raises it; the fixed example does not."""
    fmt = "json-ld" if rule.failing.lstrip().startswith("{") else "turtle"
    failing = {f.code for f in check(rule.failing, profile=rule.profile, input_format=fmt).findings}
    fixed = {f.code for f in check(rule.fixed, profile=rule.profile, input_format=fmt).findings}
    assert rule.code in failing
    assert rule.code not in fixed


def test_every_rule_has_examples_and_why() -> None:
    """Rules a user can meet have a failing and a fixed example and say why they matter."""
    for rule in all_rules():
        if rule.code == "FM-SYS-002":  # a crash has no example by nature
            continue
        assert rule.failing and rule.fixed and rule.why, rule.code
