"""The check interface: plug-ins, rules as data, declared codes, the order checks run in."""

from __future__ import annotations

import inspect
import sys
import textwrap
from collections.abc import Iterable
from pathlib import Path

import pytest

from fairmeta import check
from fairmeta.checks import ordered
from fairmeta.checks.base import BaseCheck, CheckContext, UndeclaredRuleError
from fairmeta.engine import Engine, Options, collect_sources
from fairmeta.errors import UsageError
from fairmeta.loaders import LoadedSource
from fairmeta.model import CheckStatus, Finding, Location, Principle, Severity
from fairmeta.rules import Rule, all_rules, rule_families

from .conftest import EXAMPLES

GOOD = EXAMPLES / "schemaorg-dataset" / "good" / "soil-moisture.jsonld"
PLUGIN_RULE = Rule(
    "FM-R1.2-900",
    "funding-acknowledged",
    Severity.WARNING,
    Principle.R1_2,
    "The record names no funder.",
    "Add schema:funder with the organisation that paid for the work.",
    check="funding",
)


def _engine_checks() -> list[BaseCheck]:
    engine = Engine(Options(offline=True, plugins=False))
    return [c for c in engine.checks if isinstance(c, BaseCheck)]


def _install_plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A package installed the way pip leaves it: its module and a dist-info with entry points."""
    (tmp_path / "funding_check.py").write_text(
        textwrap.dedent(
            """
            from fairmeta.checks.base import BaseCheck
            from fairmeta.model import Location, Principle, Severity
            from fairmeta.rules import Rule
            from rdflib import URIRef

            FUNDER = URIRef("http://schema.org/funder")


            class FundingCheck(BaseCheck):
                name = "funding"
                rules = (
                    Rule("FM-R1.2-900", "funding-acknowledged", Severity.WARNING, Principle.R1_2,
                         "The record names no funder.", "Add schema:funder with the organisation that paid.",
                         check="funding"),
                )

                def check(self, source, ctx):
                    for record in source.records:
                        if FUNDER not in record.statements():
                            yield ctx.finding("FM-R1.2-900", "The record names no funder.",
                                              Location(source.source, focus_node=record.id), record=record)
            """
        ),
        encoding="utf-8",
    )
    info = tmp_path / "funding_check-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: funding-check\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(
        "[fairmeta.checks]\nfunding = funding_check:FundingCheck\n", encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "funding_check", raising=False)


def test_plugin_check_from_an_installed_package_reports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A check registered under the fairmeta.checks entry points runs after the built-in ones."""
    _install_plugin(tmp_path, monkeypatch)
    report = check(GOOD, offline=True)
    found = [f for f in report.findings if f.code == "FM-R1.2-900"]
    assert len(found) == 1
    assert found[0].origin == "funding"
    assert found[0].severity is Severity.WARNING and found[0].principle is Principle.R1_2
    assert found[0].fix is not None and found[0].fix.message.startswith("Add schema:funder")
    ran = [c.check for c in report.checks]
    assert ran[-1] == "funding" and ran.index("funding") > ran.index("fair-metrics")
    assert report.records[0].findings and any(f.code == "FM-R1.2-900" for f in report.records[0].findings)


def test_plugins_can_be_left_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Options(plugins=False) runs the built-in checks only."""
    _install_plugin(tmp_path, monkeypatch)
    engine = Engine(Options(offline=True, plugins=False))
    report = engine.run(collect_sources(GOOD, engine))
    assert "funding" not in {c.check for c in report.checks}


class _Rogue(BaseCheck):
    name = "rogue"
    rules = (PLUGIN_RULE,)

    def check(self, source: LoadedSource, ctx: CheckContext) -> Iterable[Finding]:
        yield Finding("FM-F1-999", Severity.ERROR, None, "Made up.", Location(source.source), origin=self.name)


def test_a_check_emitting_an_undeclared_code_is_a_crash_not_a_finding() -> None:
    """The engine holds every check to its declared rules: an undeclared code is FM-SYS-002."""
    engine = Engine(Options(offline=True, plugins=False), extra_checks=[_Rogue()])
    report = engine.run(collect_sources(GOOD, engine))
    assert "FM-F1-999" not in {f.code for f in report.findings}
    crash = [f for f in report.findings if f.code == "FM-SYS-002"]
    assert len(crash) == 1 and "FM-F1-999" in crash[0].message and crash[0].origin == "rogue"
    assert [c.status for c in report.checks if c.check == "rogue"] == [CheckStatus.FAILED]


def test_context_refuses_undeclared_rules_and_needs() -> None:
    """ctx.finding() only makes findings of declared rules; ctx.result() only answers declared needs."""
    ctx = CheckContext(_Rogue(), LoadedSource("x.jsonld", "json-ld"), Engine(Options(offline=True)).state)
    made = ctx.finding("FM-R1.2-900", "No funder.")
    assert (made.severity, made.principle, made.origin) == (Severity.WARNING, Principle.R1_2, "rogue")
    assert made.fix is not None and made.fix.message == PLUGIN_RULE.fix
    with pytest.raises(UndeclaredRuleError):
        ctx.finding("FM-F1-501", "Not mine.")
    with pytest.raises(UndeclaredRuleError):
        ctx.result("shacl")


def test_checks_run_after_what_they_need() -> None:
    """A check that needs another runs after it whatever the order given; a cycle is refused."""

    class First(BaseCheck):
        name = "first"
        needs = ("second",)

    class Second(BaseCheck):
        name = "second"

    assert [c.name for c in ordered([First(), Second()])] == ["second", "first"]
    Second.needs = ("first",)
    with pytest.raises(UsageError, match="need each other"):
        ordered([First(), Second()])


def test_every_rule_is_declared_by_exactly_one_builtin_check() -> None:
    """Each shipped rule and rule family belongs to one built-in check (or the engine)."""
    checks = {c.name: c for c in _engine_checks()}
    declared: dict[str, list[str]] = {}
    for name, item in checks.items():
        for rule in item.rules:
            declared.setdefault(rule.code, []).append(name)
    for rule in (*all_rules(), *rule_families()):
        if rule.check == "engine":
            continue
        owners = declared.get(rule.code, [])
        if rule.check in ("linkml", "jsonschema"):  # present only with --schema / --json-schema
            assert rule.code.endswith("*"), rule.code
            continue
        assert owners == [rule.check], (rule.code, owners)


def test_every_own_rule_is_emitted_by_its_check() -> None:
    """The code of every rule of data/rules.toml appears in the module of the check that owns it."""
    import fairmeta.checks.crate
    import fairmeta.checks.fair
    import fairmeta.checks.load
    import fairmeta.checks.normalise
    import fairmeta.checks.pids.check
    import fairmeta.checks.terms.check
    import fairmeta.engine
    import fairmeta.executors

    modules = {
        "load": [fairmeta.checks.load],
        "crate": [fairmeta.checks.crate],
        "engine": [fairmeta.engine, fairmeta.executors],  # a run, in one process or spread over several
        "normalise": [fairmeta.checks.normalise],
        "pids": [fairmeta.checks.pids.check],
        "terms": [fairmeta.checks.terms.check],
    }
    loader_codes = {"FM-SYS-001", "FM-SYS-004", "FM-SYS-005", "FM-SYS-006", "FM-SYS-007", "FM-SYS-009"}
    loader_codes |= {"FM-SYS-010", "FM-SYS-011", "FM-SYS-012", "FM-SYS-013"}  # harvesting's load failures
    sources = {name: "".join(inspect.getsource(m) for m in mods) for name, mods in modules.items()}
    package = Path(fairmeta.checks.load.__file__).parents[1]
    loaders = "".join(
        path.read_text(encoding="utf-8")
        for folder in ("loaders", "harvest")
        for path in (package / folder).rglob("*.py")
    )
    for rule in all_rules():
        if rule.kind in ("metric", "shape"):
            continue
        text = loaders if rule.code in loader_codes else sources[rule.check]
        assert f'"{rule.code}"' in text, f"{rule.code} is declared for {rule.check} but no code there emits it"


def test_builtin_findings_carry_only_their_checks_rules(corpus: Path) -> None:
    """Over the examples and a corpus sample, every finding's code is declared by the check named as origin."""
    checks = {c.name: c for c in _engine_checks()}
    paths = sorted((EXAMPLES).rglob("*.json*")) + sorted((corpus / "jsonld").glob("*.json"))[:40]
    paths += sorted((corpus / "rdf").glob("*.ttl"))[:20]
    report = check(paths, offline=True)
    assert len(report.findings) > 500
    for finding in report.findings:
        owner = checks[finding.origin] if finding.code != "FM-SYS-002" else None
        if owner is None:
            continue
        codes = {r.code for r in owner.rules}
        assert finding.code in codes or any(finding.code.startswith(c[:-1]) for c in codes if c.endswith("*")), (
            finding.origin,
            finding.code,
        )
