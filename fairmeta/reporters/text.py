"""``--format text``: per record a FAIR score table, then findings with fixes, grouped by file.

Lines are built once as styled segments. On a terminal (and without ``NO_COLOR``) rich prints
them in colour; otherwise they are written as plain text, which also spares a pre-commit run
the ~60 ms it takes to import rich.
"""

from __future__ import annotations

import os
from typing import TextIO

from fairmeta.files import printable
from fairmeta.model import Report, Severity
from fairmeta.reporters import location_text, score_line
from fairmeta.reporters.scoretable import rows

Segment = tuple[str, str]  # (text, rich style; "" for none)
Line = list[Segment]

MANY_RECORDS = 10  # above this many records in one file, text output summarises their scores

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def use_colour(stream: TextIO, colour: str = "auto") -> bool:
    """``always``, ``never``, or (``auto``) only on a terminal and never when ``NO_COLOR`` is set (no-color.org)."""
    if colour != "auto":
        return colour == "always"
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class TextReporter:
    """Human-readable report.

    :param verbosity: -1 quiet (only findings at or above ``fail_on`` and the summary), 0 normal
        (scores, findings, fixes), 1 verbose (also evidence of not-assessed tests and every check run).
    """

    def __init__(self, verbosity: int = 0, fail_on: Severity = Severity.ERROR, colour: str = "auto") -> None:
        self.verbosity = verbosity
        self.fail_on = fail_on
        self.colour = colour

    def _scores(self, report: Report, source: str) -> list[Line]:
        out: list[Line] = []
        records = [r for r in report.records if r.source == source]
        scored = [r.score.percent for r in records if r.score is not None and r.score.percent is not None]
        if len(records) > MANY_RECORDS and self.verbosity <= 0:
            # A catalogue or list of hundreds of datasets: one line, the tables are in -v and JSON.
            if scored:
                mean = sum(scored) / len(scored)
                out.append(
                    [
                        (f"  {len(records)} records  ", ""),
                        (f"FAIR mean {mean:.1f} %", "bold"),
                        (f" (min {min(scored):.1f} %, max {max(scored):.1f} %; -v for each record)", "dim"),
                    ]
                )
            return out
        for record in records:
            profiles = ", ".join(record.profiles) or "no profile"
            if record.score is None:
                out.append([(f"  record {record.id} ({profiles})", "")])
                continue
            out.append([(f"  record {record.id} ({profiles})  ", ""), (f"FAIR {score_line(record.score)}", "bold")])
            for letter, percent, points, principles in rows(record):
                detail = "  ".join(f"{name} {cell}" for name, cell in principles)
                out.append([(f"    {letter} {percent:>6} {points:>9}   ", ""), (detail, "dim")])
            if record.score.not_assessed:
                out.append([(f"    not assessed: {', '.join(record.score.not_assessed)}", "dim")])
        return out

    def _harvest(self, report: Report, source: str) -> list[Line]:
        """For an identifier or URL: what was asked and what gave metadata (every request with -v)."""
        harvest = next((h for h in report.harvests if h.target == source), None)
        if harvest is None:
            return []
        cached = sum(1 for r in harvest.requests if r.from_cache)
        rels = ", ".join(sorted({s.rel for s in harvest.signposts})) or "none"
        out: list[Line] = [
            [
                (f"  harvested {harvest.start_url}: {len(harvest.requests)} request(s)", ""),
                (f" ({cached} from the cache)" if cached else "", "dim"),
                (f"; landing page {harvest.landing_status or 'unreachable'}", ""),
            ],
            [(f"    metadata from: {', '.join(harvest.channels) or 'nothing'}; signposts: {rels}", "dim")],
        ]
        if self.verbosity > 0:
            for request in harvest.requests:
                answer = f"{request.status or request.error} {request.media_type}".strip()
                gave = f" -> {request.contributed}" if request.contributed else ""
                asked = f"{request.method} {request.url} [{request.accept}]"
                out.append([(f"    {request.channel}: {asked} {answer}{gave}", "dim")])
        return out

    def lines(self, report: Report) -> list[Line]:
        """Build the report as styled lines."""
        out: list[Line] = []
        for source in report.sources:
            findings = report.findings_for(source)
            if self.verbosity < 0:  # what fails the run: accepted findings do not
                findings = [f for f in findings if f.severity.rank >= self.fail_on.rank and f.accepted is None]
                if not findings:
                    continue
            out.append([(source, "bold")] if findings or self.verbosity >= 0 else [])
            if self.verbosity >= 0:
                out.extend(self._harvest(report, source))
                out.extend(self._scores(report, source))
            if self.verbosity > 0:
                for run in (r for r in report.checks if r.source == source):
                    out.append([(f"  {run.check}: {run.status} - {run.detail}", "dim")])
            for finding in findings:
                where = location_text(finding)
                line: Line = [
                    ("  ", ""),
                    (f"{finding.severity.value:<7}", "dim" if finding.accepted else _STYLE[finding.severity]),
                    (f" {finding.code:<13} {finding.message}", "dim" if finding.accepted else ""),
                ]
                if where:
                    line.append((f"  {where}", "dim"))
                out.append(line)
                if finding.accepted is not None:
                    out.append([(f"  {'':<7} {'':<13} ", ""), ("accepted:", "green"), (f" {finding.accepted}", "dim")])
                    continue
                if finding.fix is not None and self.verbosity >= 0:
                    safety = (
                        ""
                        if finding.fix.applicability.value == "display-only"
                        else f" [{finding.fix.applicability.value}]"
                    )
                    out.append(
                        [(f"  {'':<7} {'':<13} ", ""), (f"fix{safety}:", "dim"), (f" {finding.fix.message}", "")]
                    )
            if not findings and self.verbosity >= 0:
                out.append([("  ok", "green"), (" no findings", "")])
        counts = report.counts()
        summary = (
            f"{len(report.sources)} source(s), {len(report.records)} record(s): "
            f"{counts['error']} error(s), {counts['warning']} warning(s), {counts['info']} info"
        )
        unchecked = report.unchecked_sources()
        if unchecked:
            # never a result that reads as if everything was looked at
            summary += f"; {len(unchecked)} source(s) NOT checked (their records are unassessed: see the errors)"
        if report.scores and report.scores.mean_percent is not None:
            summary += f"; mean FAIR score {report.scores.mean_percent:.1f} %"
            if unchecked:
                summary += f" over the {report.scores.records} record(s) checked"
        accepted = report.accepted_count()
        if accepted:
            summary += f"; {accepted} accepted"
        if report.skipped:
            summary += f"; {len(report.skipped)} file(s) skipped as not metadata"
            if self.verbosity <= 0:
                summary += " (-v lists them)"
            else:
                out.extend([[(f"skipped {source}: {reason}", "dim")] for source, reason in report.skipped])
        skipped = sum(1 for run in report.checks if run.status == "skipped")
        if skipped and self.verbosity <= 0:
            summary += f"; {skipped} check(s) skipped (-v shows why)"
        out.append([(summary, "")])
        return [line for line in out if line]

    def write(self, report: Report, stream: TextIO) -> None:
        """Write the report to ``stream``, in colour only on a terminal."""
        # Names and values come from the user's files: no control character reaches the terminal.
        lines = [[(printable(text), style) for text, style in line] for line in self.lines(report)]
        if not use_colour(stream, self.colour):
            stream.write("".join("".join(text for text, _ in line) + "\n" for line in lines))
            return
        from rich.console import Console
        from rich.text import Text

        console = Console(
            file=stream, highlight=False, soft_wrap=True, emoji=False, force_terminal=self.colour == "always" or None
        )
        for line in lines:
            console.print(Text.assemble(*[(text, style) if style else text for text, style in line]))
