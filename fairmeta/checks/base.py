"""The one interface every check implements, and the context the engine hands it.

A check looks at one loaded source (its records, its graph, or its table or document) and yields
findings. It declares, as data, everything the engine needs to know about it:

* ``name``: how reports name it (``shacl``, ``pids``, ...);
* ``applies_to(source)``: whether it has anything to do with a kind of source (a LinkML check
  with a JSON-LD record: no; it is then not listed). A check that applies but cannot run on a
  source raises :class:`CheckSkipped` with the reason, which reports show;
* ``rules``: every rule it may emit (exact codes, or families such as ``LINKML:*``). A finding
  is made from its rule through :meth:`CheckContext.finding`, which fills in the severity,
  principle, default fix text and fix safety, and refuses a code the check did not declare;
* ``needs``: the checks whose results it reads (they run before it, and
  :meth:`CheckContext.result` answers only for them);
* ``queries(source, ctx)``: what it wants looked up over the network (identifiers, links, terms);
  the engine resolves every check's queries of a batch of sources together, each distinct one
  once, and hands the answers back in :attr:`CheckContext.resolutions`.

Built-in checks are listed in :mod:`fairmeta.checks`; other packages add theirs under the
``fairmeta.checks`` entry-point group (a class or a factory taking no argument).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol, TypeVar, runtime_checkable

from fairmeta.model import (
    Applicability,
    CheckStatus,
    Edit,
    Finding,
    Fix,
    Location,
    Principle,
    ResolutionMode,
    Severity,
)
from fairmeta.rules import Rule

if TYPE_CHECKING:
    from fairmeta.loaders import LoadedSource
    from fairmeta.records import Record
    from fairmeta.resolvers.base import Query, Resolution

T = TypeVar("T")


class CheckSkipped(Exception):  # noqa: N818 - a signal, not an error
    """Raised by a check that does not apply to a source; the reason is shown with ``-v``."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class UndeclaredRuleError(RuntimeError):
    """A check made a finding with a rule it does not declare (a bug in the check)."""


@dataclass(frozen=True)
class CheckResult:
    """What one check did on one source: its status, findings and what it publishes for others."""

    name: str
    status: CheckStatus
    findings: tuple[Finding, ...] = ()
    product: object = None  # what the check publishes for checks that need it (see ``publish``)


@runtime_checkable
class Check(Protocol):
    """What the engine runs. A plain class with these attributes is a check; no base class needed."""

    # read-only members: a class attribute ``rules = (Rule(...),)`` satisfies them
    @property
    def name(self) -> str:
        """How reports name the check."""
        ...

    @property
    def rules(self) -> tuple[Rule, ...]:
        """Every rule the check may emit (a family such as ``LINKML:*`` covers a prefix)."""
        ...

    @property
    def needs(self) -> tuple[str, ...]:
        """The checks whose results this one reads; they run before it."""
        ...

    def applies_to(self, source: LoadedSource) -> bool:
        """Whether the check has anything to do with this kind of source (not listed when not)."""
        ...

    def queries(self, source: LoadedSource, ctx: CheckContext) -> Iterable[Query]:
        """The look-ups this check wants for the source (``()`` when it needs no network)."""
        ...

    def check(self, source: LoadedSource, ctx: CheckContext) -> Iterable[Finding]:
        """Yield the findings for one source (raise :class:`CheckSkipped` when it does not apply)."""
        ...


class BaseCheck:
    """Convenience base: linked-data sources only, no queries, no needs; subclasses set ``name``
    and ``rules`` and write ``check``."""

    name: str = ""
    rules: tuple[Rule, ...] = ()
    needs: tuple[str, ...] = ()

    def applies_to(self, source: LoadedSource) -> bool:
        """Sources that loaded as linked data (a graph with records)."""
        return source.graph is not None

    def queries(self, source: LoadedSource, ctx: CheckContext) -> Iterable[Query]:
        """No network look-ups."""
        return ()

    def check(self, source: LoadedSource, ctx: CheckContext) -> Iterable[Finding]:  # pragma: no cover
        """Yield the findings for one source."""
        raise NotImplementedError


@dataclass
class RunState:
    """What one run shares between sources: how look-ups are answered and their answers."""

    mode: ResolutionMode = ResolutionMode.OFF
    resolutions: Mapping[Query, Resolution] = field(default_factory=dict)
    offline: bool = True


@dataclass
class CheckContext:
    """Handed to a check for one source: the rules it may use, the run's answers, what ran before.

    :param check: the check this context serves.
    :param source: the source being checked.
    :param run: the run's resolution mode and answers (shared by every source).
    :param earlier: results of the checks that ran on this source before it (read through ``result``).
    """

    check: Check
    source: LoadedSource
    run: RunState
    earlier: Mapping[str, CheckResult] = field(default_factory=dict)
    detail: str = ""  # a note on what the check did, shown with ``-v`` and in the JSON ``checks``
    product: object = None
    _exact: dict[str, Rule] = field(default_factory=dict, repr=False)
    _families: tuple[Rule, ...] = field(default=(), repr=False)

    def __post_init__(self) -> None:
        for rule in self.check.rules:
            if rule.code.endswith("*"):
                self._families += (rule,)
            else:
                self._exact[rule.code] = rule

    @property
    def mode(self) -> ResolutionMode:
        """How this run answers look-ups (online, from the response cache only, or not at all)."""
        return self.run.mode

    @property
    def resolutions(self) -> Mapping[Query, Resolution]:
        """Answers to the run's queries so far (empty when nothing is looked up)."""
        return self.run.resolutions

    def rule(self, code: str) -> Rule:
        """The declared rule behind ``code`` (a family rule for ``LINKML:pattern``)."""
        found = self._exact.get(code)
        if found is None:
            found = next((f for f in self._families if code.startswith(f.code[:-1])), None)
        if found is None:
            raise UndeclaredRuleError(f"check {self.check.name!r} emitted {code}, which it does not declare")
        return found

    def finding(
        self,
        code: str,
        message: str,
        location: Location | None = None,
        *,
        record: Record | str | None = None,
        fix: str | None = None,
        edits: tuple[Edit, ...] = (),
        applicability: Applicability | None = None,
        severity: Severity | None = None,
        principle: Principle | None = None,
        source_shape: str | None = None,
        constraint: str | None = None,
    ) -> Finding:
        """A finding of ``code``, its severity, principle, fix text and safety taken from the rule.

        :param fix: a fix text for this very finding (default: the rule's).
        :param edits: machine edits; with edits, the fix is as safe as the rule says, without, a
            person has to act (display-only). ``applicability`` overrides that for one finding.
        :param severity: only for rule families, whose codes carry an external validator's level.
        :param principle: only for rule families, whose results may serve different principles.
        """
        rule = self.rule(code)
        if (severity is not None or principle is not None) and not rule.code.endswith("*"):
            raise UndeclaredRuleError(f"{code}: only rule families take their severity or principle per finding")
        safety = applicability or (rule.fix_safety if edits else Applicability.DISPLAY_ONLY)
        record_id = record if isinstance(record, str) or record is None else record.id
        return Finding(
            code=code,
            severity=severity or rule.severity,
            principle=principle or rule.principle,
            message=message,
            location=location or Location(self.source.source),
            fix=Fix(fix if fix is not None else rule.fix, safety, edits),
            record=record_id,
            origin=self.check.name,
            source_shape=source_shape,
            constraint=constraint,
        )

    def declares(self, code: str) -> bool:
        """Whether the check declares a rule for ``code``."""
        try:
            self.rule(code)
        except UndeclaredRuleError:
            return False
        return True

    def result(self, name: str) -> CheckResult | None:
        """The result of a check this one needs (``None`` when that check is not in this run)."""
        if name not in self.check.needs:
            raise UndeclaredRuleError(f"check {self.check.name!r} reads {name!r} without declaring it in needs")
        return self.earlier.get(name)

    def product_of(self, name: str, kind: type[T]) -> T | None:
        """What a needed check published, if it is of ``kind``."""
        result = self.result(name)
        product = result.product if result is not None else None
        return product if isinstance(product, kind) else None

    def publish(self, product: object) -> None:
        """Make ``product`` available to the checks that need this one."""
        self.product = product
