"""``--format markdown``: a report to paste into a pull-request comment."""

from __future__ import annotations

from typing import TextIO

from fairmeta.files import printable
from fairmeta.model import Report, Severity
from fairmeta.reporters import location_text, score_line
from fairmeta.reporters.scoretable import rows

_ICON = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "info"}


def _cell(text: str) -> str:
    return printable(text.replace("|", "\\|").replace("\n", " "))


class MarkdownReporter:
    """Scores per record, then a findings table per file."""

    def __init__(self, verbosity: int = 0, fail_on: Severity = Severity.ERROR) -> None:
        self.verbosity = verbosity
        self.fail_on = fail_on

    def write(self, report: Report, stream: TextIO) -> None:
        """Write the Markdown document."""
        counts = report.counts()
        out = [
            "## fairmeta report",
            "",
            f"{len(report.sources)} source(s), {len(report.records)} record(s): **{counts['error']} error(s)**, "
            f"{counts['warning']} warning(s), {counts['info']} info.",
            "",
        ]
        scored = [r for r in report.records if r.score is not None]
        if scored:
            out += ["| Record | Source | FAIR | F | A | I | R |", "|---|---|---|---|---|---|---|"]
            for record in scored:
                letters = [percent for _, percent, _, _ in rows(record)]
                out.append(
                    f"| `{_cell(record.id)}` | `{_cell(record.source)}` | {score_line(record.score)} | "
                    + " | ".join(letters)
                    + " |"
                )
            out.append("")
        for source in report.sources:
            findings = [
                f for f in report.findings_for(source) if self.verbosity >= 0 or f.severity.rank >= self.fail_on.rank
            ]
            if not findings:
                continue
            out += [
                f"### `{_cell(source)}`",
                "",
                "| Severity | Code | Message | Where | Fix |",
                "|---|---|---|---|---|",
            ]
            for f in findings:
                fix = f.fix.message if f.fix else ""
                out.append(
                    f"| {_ICON[f.severity]} | `{f.code}` | {_cell(f.message)} | {_cell(location_text(f))} | {_cell(fix)} |"
                )
            out.append("")
        stream.write("\n".join(out) + "\n")
