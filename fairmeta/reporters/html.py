"""``--format html``: one self-contained page (inline CSS, no scripts, no external files)."""

from __future__ import annotations

from html import escape
from typing import TextIO

from fairmeta.model import Report, Severity
from fairmeta.reporters import location_text, score_line
from fairmeta.reporters.scoretable import rows

_CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;max-width:72rem;color:#1a1a1a;padding:0 1rem}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem;word-break:break-all}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}th,td{border:1px solid #ddd;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f4f4f4}.error{color:#b00020;font-weight:600}.warning{color:#8a5300}.info{color:#0b5cad}
.bar{background:#eee;border-radius:3px;height:.6rem;width:8rem;display:inline-block;vertical-align:middle}
.bar span{display:block;height:100%;border-radius:3px;background:#2e7d32}
code{font-size:.9em;background:#f6f6f6;padding:0 .2em;word-break:break-all}.muted{color:#666}
"""


def _bar(percent: float | None) -> str:
    if percent is None:
        return '<span class="muted">n/a</span>'
    return (
        f'<span class="bar" title="{percent:.1f} %"><span style="width:{percent:.0f}%"></span></span> {percent:.0f} %'
    )


class HtmlReporter:
    """A page a person can open and read: summary, per-record scores, findings with fixes."""

    def __init__(self, verbosity: int = 0, fail_on: Severity = Severity.ERROR) -> None:
        self.verbosity = verbosity
        self.fail_on = fail_on

    def write(self, report: Report, stream: TextIO) -> None:
        """Write the HTML document."""
        counts = report.counts()
        out = [
            "<!DOCTYPE html>",
            '<html lang="en"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>fairmeta report</title><style>{_CSS}</style></head><body>",
            "<h1>fairmeta report</h1>",
            f"<p>{len(report.sources)} source(s), {len(report.records)} record(s): "
            f'<span class="error">{counts["error"]} error(s)</span>, <span class="warning">{counts["warning"]} warning(s)</span>, '
            f'<span class="info">{counts["info"]} info</span>. fairmeta {escape(report.tool_version)}, '
            f"metrics {escape(report.metrics_version)}.</p>",
        ]
        for source in report.sources:
            out.append(f"<h2>{escape(source)}</h2>")
            for record in (r for r in report.records if r.source == source):
                profiles = escape(", ".join(record.profiles) or "no profile")
                out.append(f"<p>Record <code>{escape(record.id)}</code> ({profiles})")
                if record.score is None:
                    out.append("</p>")
                    continue
                out.append(f": FAIR {escape(score_line(record.score))}</p>")
                out.append("<table><tr><th>Letter</th><th>Score</th><th>Points</th><th>Principles</th></tr>")
                for letter, _percent, points, principles in rows(record):
                    detail = ", ".join(f"{escape(p)} {escape(c)}" for p, c in principles)
                    out.append(
                        f"<tr><td>{letter}</td><td>{_bar(record.score.letters[letter].percent)}</td>"
                        f"<td>{escape(points)}</td><td>{detail}</td></tr>"
                    )
                out.append("</table>")
                if record.score.not_assessed:
                    out.append(f'<p class="muted">Not assessed: {escape(", ".join(record.score.not_assessed))}</p>')
            findings = report.findings_for(source)
            if findings:
                out.append("<table><tr><th>Severity</th><th>Code</th><th>Message</th><th>Where</th><th>Fix</th></tr>")
                for f in findings:
                    fix = escape(f.fix.message) if f.fix else ""
                    if f.fix and f.fix.applicability.value != "display-only":
                        fix += f' <span class="muted">({escape(f.fix.applicability.value)})</span>'
                    out.append(
                        f'<tr><td class="{f.severity.value}">{f.severity.value}</td><td><code>{escape(f.code)}</code></td>'
                        f"<td>{escape(f.message)}</td><td><code>{escape(location_text(f))}</code></td><td>{fix}</td></tr>"
                    )
                out.append("</table>")
            else:
                out.append("<p>No findings.</p>")
        out.append("</body></html>")
        stream.write("\n".join(out) + "\n")
