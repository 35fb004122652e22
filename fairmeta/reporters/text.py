"""``--format text``: findings grouped by file, for a person at a terminal.

Colour comes from rich only when the stream is a terminal, and ``NO_COLOR`` turns it off.
"""

from __future__ import annotations

from typing import TextIO

from rich.console import Console
from rich.markup import escape

from fairmeta.model import Finding, Report, Severity

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
    if loc.focus_node and loc.pointer is None and loc.line is None:
        parts.append(f"<{loc.focus_node}>")
    return "  ".join(parts)


class TextReporter:
    """Human-readable report.

    :param verbosity: -1 quiet (only findings at or above ``fail_on`` and the summary), 0 normal,
        1 verbose (also records, and checks that ran or were skipped).
    """

    def __init__(self, verbosity: int = 0, fail_on: Severity = Severity.ERROR) -> None:
        self.verbosity = verbosity
        self.fail_on = fail_on

    def write(self, report: Report, stream: TextIO) -> None:
        """Write the report to ``stream``."""
        console = Console(file=stream, highlight=False, soft_wrap=True, emoji=False)
        for source in report.sources:
            findings = report.findings_for(source)
            if self.verbosity < 0:
                findings = [f for f in findings if f.severity.rank >= self.fail_on.rank]
            records = [r for r in report.records if r.source == source]
            if not findings and self.verbosity <= 0:
                if self.verbosity == 0:
                    console.print(f"[green]ok[/green] {escape(source)}")
                continue
            console.print(f"[bold]{escape(source)}[/bold]")
            if self.verbosity > 0:
                for record in records:
                    profiles = ", ".join(record.profiles) or "no profile"
                    console.print(f"  record {escape(record.id)} ({profiles})")
                for run in report.checks:
                    if run.source == source:
                        console.print(f"  [dim]{run.check}: {run.status} - {escape(run.detail)}[/dim]")
            for finding in findings:
                style = _STYLE[finding.severity]
                where = _where(finding)
                console.print(
                    f"  [{style}]{finding.severity.value:<7}[/{style}] {finding.code:<13} "
                    f"{escape(finding.message)}" + (f"  [dim]{escape(where)}[/dim]" if where else "")
                )
                if finding.fix is not None and self.verbosity >= 0:
                    console.print(f"  {'':<7} {'':<13} [dim]fix:[/dim] {escape(finding.fix.message)}")
        counts = report.counts()
        skipped = sum(1 for run in report.checks if run.status == "skipped")
        line = (
            f"{len(report.sources)} source(s), {len(report.records)} record(s): "
            f"{counts['error']} error(s), {counts['warning']} warning(s), {counts['info']} info"
        )
        if skipped:
            line += f"; {skipped} check(s) skipped (-v shows why)" if self.verbosity <= 0 else ""
        console.print(line)
