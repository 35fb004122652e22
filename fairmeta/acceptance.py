"""Findings a curator accepted, with a written reason: configuration entries and inline comments.

Two ways to accept a known, justified exception:

* ``[[accept]]`` entries in ``fairmeta.toml`` (``[[tool.fairmeta.accept]]`` in pyproject.toml) with
  ``file`` (a glob, relative to the configuration file), ``rule`` (a code or a prefix), optionally
  ``record`` (the record id as reports show it) and a required ``reason``;
* in Turtle, N3 and TriG, a comment ``# fairmeta: accept FM-… <reason>`` on a line: it accepts the
  findings located on that line and the findings of the record whose subject starts there.

An accepted finding stays in every report, marked with its reason, and counts toward no exit code.
An acceptance that matched nothing while its files were checked is *stale*: said as a warning,
never a failure, so that exceptions do not outlive the problem they excused.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from fairmeta.model import Finding
from fairmeta.selectors import code_matches, glob_match

# "# fairmeta: accept FM-R1.1-107 the licence is in the landing page" (the reason is the rest)
_INLINE = re.compile(r"#\s*fairmeta:\s*accept\b[ \t]*(?P<rule>[^\s]*)[ \t]*(?P<reason>[^\r\n]*)")
INLINE_FORMATS = frozenset({"turtle", "n3", "trig"})


@dataclass(frozen=True)
class Acceptance:
    """One acceptance: which findings it covers and why.

    :param rule: a rule code or a segment-wise prefix (as ``select`` takes).
    :param reason: why the finding is acceptable; required.
    :param file: a glob relative to ``root`` (configuration entries).
    :param record: only findings of this record (its id as reports show it).
    :param source: the one source it is written in (inline comments).
    :param line: the line of that source (inline comments).
    :param origin: where it was written, for messages (``fairmeta.toml accept #2``, ``data.ttl:12``).
    """

    rule: str
    reason: str
    origin: str
    file: str | None = None
    record: str | None = None
    source: str | None = None
    line: int | None = None

    def covers_source(self, source: str, root: Path | None) -> bool:
        """Whether this acceptance is about the given source at all."""
        if self.source is not None:
            return self.source == source
        if self.file is None:
            return True
        return glob_match(shown_path(source, root), self.file)

    def matches(self, finding: Finding, record_lines: dict[str, int]) -> bool:
        """Whether it accepts ``finding`` of a source it covers (:meth:`covers_source`, asked once per
        source by :meth:`AcceptanceLedger.for_source`; ``record_lines``: record id -> its subject's line)."""
        if not code_matches(self.rule, finding.code):
            return False
        if self.record is not None and finding.record != self.record:
            return False
        if self.line is None:
            return True
        on_line = finding.location.line == self.line
        return on_line or (finding.record is not None and record_lines.get(finding.record) == self.line)


def shown_path(source: str, root: Path | None) -> str:
    """The source as a '/'-separated path relative to ``root`` when inside it (globs match this)."""
    try:
        relative = Path(source).resolve().relative_to((root or Path.cwd()).resolve())
        return PurePosixPath(relative.as_posix()).as_posix()
    except (ValueError, OSError):
        return source


def inline_acceptances(text: str, source: str) -> tuple[list[Acceptance], list[str]]:
    """The ``# fairmeta: accept`` comments of a Turtle-family text, and warnings for broken ones."""
    found: list[Acceptance] = []
    problems: list[str] = []
    if "fairmeta:" not in text:  # nearly every file: no scan
        return found, problems
    for number, line in enumerate(text.splitlines(), start=1):
        match = _INLINE.search(line)
        if match is None:
            continue
        rule, reason = match["rule"], match["reason"].strip()
        where = f"{source}:{number}"
        if not rule or not reason:
            problems.append(f"{where}: '# fairmeta: accept' needs a rule code and a reason; not applied")
            continue
        found.append(Acceptance(rule=rule, reason=reason, origin=where, source=source, line=number))
    return found, problems


class AcceptanceLedger:
    """The acceptances of one run: marks findings, remembers which acceptances were used."""

    def __init__(self, configured: Sequence[Acceptance], root: Path | None) -> None:
        self.configured = tuple(configured)
        self.root = root
        self.used: set[Acceptance] = set()
        self.relevant: dict[Acceptance, None] = {}  # acceptances whose files this run checked, in order
        self.problems: list[str] = []

    def for_source(self, source: str, inline: Sequence[Acceptance] = ()) -> list[Acceptance]:
        """The acceptances about one source (configured ones whose glob matches it, and its own comments)."""
        here = [a for a in (*self.configured, *inline) if a.covers_source(source, self.root)]
        self.relevant.update(dict.fromkeys(here))
        return here

    def accept(self, finding: Finding, here: Sequence[Acceptance], record_lines: dict[str, int]) -> Finding:
        """The finding, carrying the reason of the first of ``here`` that accepts it."""
        accepting = next((a for a in here if a.matches(finding, record_lines)), None)
        if accepting is None:
            return finding
        self.used.add(accepting)
        return dataclasses.replace(finding, accepted=accepting.reason)

    def stale(self) -> list[str]:
        """One warning per acceptance whose files were checked but which accepted nothing."""
        return [*self.problems, *stale_warnings(list(self.relevant), self.used)]


def stale_warnings(relevant: Sequence[Acceptance], used: AbstractSet[Acceptance]) -> list[str]:
    """A warning for each relevant acceptance (its files were checked) that accepted nothing; also
    what a run spread over processes reports, from the union of its parts'."""
    return [
        f"{a.origin}: accept {a.rule}{f' (record {a.record})' if a.record else ''} matched no finding; "
        "remove it if the problem is gone"
        for a in relevant
        if a not in used
    ]
