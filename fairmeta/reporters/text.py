"""``--format text``: findings grouped by file, for a person at a terminal.

Lines are built once as styled segments. On a terminal (and without ``NO_COLOR``) rich prints
them in colour; otherwise they are written as plain text, which also spares a pre-commit run
the ~60 ms it takes to import rich.
"""

from __future__ import annotations

import os
from typing import TextIO

from fairmeta.model import Finding, Report, Severity

Segment = tuple[str, str]  # (text, rich style; "" for none)
Line = list[Segment]

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def _where(finding: Finding) -> str:
    loc = finding.location
    parts = []
    if loc.line is not None:
        parts.append(f"line {loc.line}")
    if loc.pointer is not None:
        parts.append("#" + loc.pointer)  # the URI-fragment form of a JSON Pointer; "#" is the root
    if loc.path:
        parts.append(loc.path)
    if loc.value and finding.origin == "loader":
        parts.append(loc.value)
    if loc.focus_node and loc.pointer is None and loc.line is None:
        parts.append(f"<{loc.focus_node}>")
    return "  ".join(parts)


def use_colour(stream: TextIO) -> bool:
    """Colour only on a terminal, and never when ``NO_COLOR`` is set (no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class TextReporter:
    """Human-readable report.

    :param verbosity: -1 quiet (only findings at or above ``fail_on`` and the summary), 0 normal,
        1 verbose (also records, and checks that ran or were skipped).
    """

    def __init__(self, verbosity: int = 0, fail_on: Severity = Severity.ERROR) -> None:
        self.verbosity = verbosity
        self.fail_on = fail_on

    def lines(self, report: Report) -> list[Line]:
        """Build the report as styled lines."""
        out: list[Line] = []
        for source in report.sources:
            findings = report.findings_for(source)
            if self.verbosity < 0:
                findings = [f for f in findings if f.severity.rank >= self.fail_on.rank]
            if not findings and self.verbosity <= 0:
                if self.verbosity == 0:
                    out.append([("ok", "green"), (f" {source}", "")])
                continue
            out.append([(source, "bold")])
            if self.verbosity > 0:
                for record in (r for r in report.records if r.source == source):
                    out.append([(f"  record {record.id} ({', '.join(record.profiles) or 'no profile'})", "")])
                for run in (r for r in report.checks if r.source == source):
                    out.append([(f"  {run.check}: {run.status} - {run.detail}", "dim")])
            for finding in findings:
                where = _where(finding)
                line: Line = [
                    ("  ", ""),
                    (f"{finding.severity.value:<7}", _STYLE[finding.severity]),
                    (f" {finding.code:<13} {finding.message}", ""),
                ]
                if where:
                    line.append((f"  {where}", "dim"))
                out.append(line)
                if finding.fix is not None and self.verbosity >= 0:
                    out.append([(f"  {'':<7} {'':<13} ", ""), ("fix:", "dim"), (f" {finding.fix.message}", "")])
        counts = report.counts()
        summary = (
            f"{len(report.sources)} source(s), {len(report.records)} record(s): "
            f"{counts['error']} error(s), {counts['warning']} warning(s), {counts['info']} info"
        )
        skipped = sum(1 for run in report.checks if run.status == "skipped")
        if skipped and self.verbosity <= 0:
            summary += f"; {skipped} check(s) skipped (-v shows why)"
        out.append([(summary, "")])
        return out

    def write(self, report: Report, stream: TextIO) -> None:
        """Write the report to ``stream``, in colour only on a terminal."""
        lines = self.lines(report)
        if not use_colour(stream):
            stream.write("".join("".join(text for text, _ in line) + "\n" for line in lines))
            return
        from rich.console import Console
        from rich.text import Text

        console = Console(file=stream, highlight=False, soft_wrap=True, emoji=False)
        for line in lines:
            console.print(Text.assemble(*[(text, style) if style else text for text, style in line]))
