"""The dashboard page: one self-contained HTML file for a check report (``--format html``) and for a
monitoring history (``fairmeta dashboard``).

The data travel inside the page as gzip-compressed JSON in base64 (columnar, every repeated string
once in a string table), drawn by the page's own script (``dashboard_assets/app.js``, no library, no
request to any network). Without scripts the page still shows the static overview table written
here. The output is deterministic: the same report gives the same bytes.
"""

from __future__ import annotations

import base64
import gzip
import json
from html import escape
from pathlib import Path
from typing import TextIO

from fairmeta.model import Finding, Report, Severity
from fairmeta.reporters import location_text

ASSETS = Path(__file__).resolve().parent / "dashboard_assets"
SEVERITIES = ("error", "warning", "info")
STATIC_ROWS = 100  # rows of the no-script overview table


class Strings:
    """A string table: each distinct string stored once, referred to by its index."""

    def __init__(self) -> None:
        self.values: list[str] = []
        self._index: dict[str, int] = {}

    def __call__(self, value: str | None) -> int:
        """The index of ``value`` (``-1`` for None)."""
        if value is None:
            return -1
        found = self._index.get(value)
        if found is None:
            found = self._index[value] = len(self.values)
            self.values.append(value)
        return found


def rule_info(codes: set[str]) -> dict[str, list[str]]:
    """For each rule code: its summary, its default fix, the URL of its page (when it has one)."""
    from fairmeta.rules import FAMILY_HELP, rule_by_code

    info: dict[str, list[str]] = {}
    for code in sorted(codes):
        rule = rule_by_code(code)
        if rule is not None:
            info[code] = [rule.summary, rule.fix, rule.help_uri]
        else:  # an external validator's or a user shape's code: the family's page
            info[code] = ["", "", FAMILY_HELP]
    return info


def page(data: dict[str, object], title: str, static_html: str) -> str:
    """The whole HTML document for ``data`` (the script's input) with ``static_html`` shown without scripts."""
    payload = base64.b64encode(
        gzip.compress(json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode(), mtime=0)
    ).decode("ascii")
    css = (ASSETS / "style.css").read_text(encoding="utf-8")
    script = (ASSETS / "app.js").read_text(encoding="utf-8").replace("</", "<\\/")
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            # nothing may be fetched: no network, not even for a favicon
            '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
            "script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:\">",
            '<link rel="icon" href="data:,">',
            f"<title>{escape(title)}</title><style>{css}</style></head><body>",
            f'<header><h1>{escape(title)}</h1><p class="muted" id="status" role="status"></p></header>',
            f'<main><div id="static">{static_html}</div>',
            '<div id="app" hidden><section aria-label="filters"><div class="filters" id="filters"></div></section>',
            '<section aria-label="overview"><div class="cards" id="cards"></div><div class="charts" id="charts"></div></section>',
            '<section id="detail" tabindex="-1" hidden aria-label="detail"></section>',
            '<div id="sections"></div></div></main>',
            f'<script type="application/octet-stream" id="fm-data">{payload}</script>',
            f"<script>{script}</script>",
            "</body></html>",
        ]
    )


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f} %"


def _findings_of_records(report: Report) -> tuple[list[tuple[str, str, tuple[str, ...]]], list[list[Finding]]]:
    """The rows of the records table (source, record id, profiles) and each row's findings; a source
    without a record (it could not be read) gets a row of its own, so nothing is left out."""
    rows: list[tuple[str, str, tuple[str, ...]]] = []
    findings: list[list[Finding]] = []
    index: dict[tuple[str, str], int] = {}
    for record in report.records:
        index[(record.source, record.id)] = len(rows)
        rows.append((record.source, record.id, record.profiles))
        findings.append([])
    for finding in report.findings:
        source = finding.location.source
        position = index.get((source, finding.record or ""), index.get((source, "")))
        if position is None:  # a source-level finding (load failure, system): the source's own row
            position = index[(source, "")] = len(rows)
            rows.append((source, "", ()))
            findings.append([])
        findings[position].append(finding)
    return rows, findings


class DashboardReporter:
    """``--format html``: the dashboard of one check run (a folder or a single record)."""

    def __init__(self, verbosity: int = 0, fail_on: Severity = Severity.ERROR) -> None:
        self.verbosity = verbosity
        self.fail_on = fail_on

    def write(self, report: Report, stream: TextIO) -> None:
        """Write the HTML document."""
        stream.write(page(check_data(report), "fairmeta report", check_static(report)) + "\n")


def _principles(report: Report) -> list[str]:
    names: set[str] = set()
    for record in report.records:
        if record.score is not None:
            names.update(record.score.letters)
            names.update(record.score.principles)
    letters = [n for n in "FAIR" if n in names]
    return letters + sorted(n for n in names if len(n) > 1)


def check_data(report: Report) -> dict[str, object]:
    """The dashboard's data of a check report, columnar."""
    strings = Strings()
    principles = _principles(report)
    rows, findings = _findings_of_records(report)
    scores = {(r.source, r.id): r.score for r in report.records}
    records: dict[str, list[object]] = {k: [] for k in ("source", "id", "profiles", "score", "p", "n", "harvest")}
    harvests = {h.target: strings(json.dumps(h.to_dict(), sort_keys=True)) for h in report.harvests}
    columns: dict[str, list[int]] = {k: [] for k in ("rec", "code", "sev", "msg", "where", "fix")}
    for position, ((source, record_id, profiles), mine) in enumerate(zip(rows, findings, strict=True)):
        score = scores.get((source, record_id))
        records["source"].append(strings(source))
        records["id"].append(strings(record_id or "(no record)"))
        records["profiles"].append(strings(", ".join(profiles)))
        records["score"].append(None if score is None or score.percent is None else round(score.percent, 1))
        values: list[float | None] = []
        for name in principles:
            part = None if score is None else score.letters.get(name) or score.principles.get(name)
            values.append(None if part is None or part.percent is None else round(part.percent, 1))
        records["p"].append(values)
        records["harvest"].append(harvests.get(source, -1))  # how a DOI or URL was harvested
        open_findings = [f for f in mine if f.accepted is None]
        records["n"].append([sum(1 for f in open_findings if f.severity.value == s) for s in SEVERITIES])
        for finding in open_findings:
            columns["rec"].append(position)
            columns["code"].append(strings(finding.code))
            columns["sev"].append(SEVERITIES.index(finding.severity.value))
            columns["msg"].append(strings(finding.message))
            columns["where"].append(strings(location_text(finding)))
            columns["fix"].append(strings(finding.fix.message if finding.fix else None))
    return {
        "mode": "check",
        "tool": report.tool_version,
        "metrics": report.metrics_version,
        "principles": principles,
        "records": records,
        "findings": columns,
        "rules": rule_info({f.code for f in report.findings}),
        "strings": strings.values,
    }


def check_static(report: Report) -> str:
    """The overview without scripts: counts, mean per principle, the worst records."""
    counts = report.counts()
    mean = report.scores.mean_percent if report.scores is not None else None
    out = [
        f"<p>{len(report.sources)} source(s), {len(report.records)} record(s): {counts['error']} error(s), "
        f"{counts['warning']} warning(s), {counts['info']} info; mean FAIR score {_percent(mean)}. "
        f"fairmeta {escape(report.tool_version)}, metrics {escape(report.metrics_version)}.</p>",
    ]
    if report.scores is not None and report.scores.principles:
        out.append(
            '<div class="scroll"><table><thead><tr><th>Principle</th><th class="num">Score</th></tr></thead><tbody>'
        )
        for name, score in sorted(report.scores.principles.items()):
            out.append(f'<tr><td>{escape(name)}</td><td class="num">{_percent(score.percent)}</td></tr>')
        out.append("</tbody></table></div>")
    frequent: dict[str, int] = {}
    for finding in report.open_findings:
        frequent[finding.code] = frequent.get(finding.code, 0) + 1
    if frequent:
        info = rule_info(set(frequent))
        out.append(
            '<h2>Most frequent findings</h2><div class="scroll"><table><thead><tr><th class="num">Count</th>'
            "<th>Rule</th><th>What</th><th>Fix</th></tr></thead><tbody>"
        )
        for code, n in sorted(frequent.items(), key=lambda item: (-item[1], item[0]))[:15]:
            summary, fix, _ = info[code]
            out.append(
                f'<tr><td class="num">{n}</td><td><code>{escape(code)}</code></td>'
                f'<td class="wrap">{escape(summary)}</td><td class="wrap">{escape(fix)}</td></tr>'
            )
        out.append("</tbody></table></div>")
    worst = sorted(
        report.records,
        key=lambda r: (
            r.score.percent if r.score is not None and r.score.percent is not None else 101.0,
            -r.counts()["error"],
            r.source,
            r.id,
        ),
    )[:STATIC_ROWS]
    out.append(f"<h2>Records, worst first (the first {len(worst)})</h2>")
    out.append(
        '<div class="scroll"><table><thead><tr><th>Source</th><th>Record</th><th class="num">Score</th>'
        '<th class="num">Errors</th><th class="num">Warnings</th></tr></thead><tbody>'
    )
    for record in worst:
        tally = record.counts()
        percent = record.score.percent if record.score is not None else None
        out.append(
            f'<tr><td class="wrap">{escape(record.source)}</td><td class="wrap">{escape(record.id)}</td>'
            f'<td class="num">{_percent(percent)}</td><td class="num">{tally["error"]}</td>'
            f'<td class="num">{tally["warning"]}</td></tr>'
        )
    out.append("</tbody></table></div>")
    return "".join(out)
