"""``--format sarif``: SARIF 2.1.0 for code-scanning dashboards (GitHub, GitLab, Azure DevOps).

What GitHub code scanning needs of an upload, every result has: a ``ruleId``, a message, and a
location whose ``artifactLocation.uri`` is relative to ``%SRCROOT%`` (the current folder; files
outside it keep an absolute ``file:`` URI) with a ``region.startLine`` (line 1 when only the file
is known, marked ``properties.line_known: false``); columns are Unicode code points. Each result
has ``partialFingerprints`` that do not depend on the line, so an alert survives edits above it.
Accepted findings carry a SARIF ``suppressions`` entry with the reason. GitHub takes at most 25,000
results and 10 MB per upload: beyond that the lowest-severity results are dropped and the log
says so (a notification, and a warning on stderr). Each rule carries its summary, why it matters,
the fix as help text and a help URI; the fix of a result is in ``properties`` (a SARIF ``fix`` needs
byte offsets, which RDF locations do not have).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote

from fairmeta.model import Finding, Report, Severity
from fairmeta.rules import FAMILY_HELP, Rule, rule_by_code

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
SRCROOT = "%SRCROOT%"
MAX_RESULTS = 25_000  # GitHub code scanning's limit per run
MAX_BYTES = 10_000_000  # and per uploaded file (GitHub counts the gzip; the raw size is the safe bound)
FINGERPRINT = "fairmetaFinding/v1"


def _rule(code: str, finding: Finding) -> dict[str, Any]:
    rule: Rule | None = rule_by_code(code)
    tags = ["FAIR"] + ([finding.principle.value] if finding.principle else [])
    if rule is None:  # an uncoded result of a user's shape
        return {
            "id": code,
            "name": code.split(":")[-1],
            "shortDescription": {"text": f"SHACL {code.split(':')[-1]} of a user shape"},
            "help": {"text": finding.fix.message if finding.fix else "See the shape."},
            "helpUri": FAMILY_HELP,
            "defaultConfiguration": {"level": LEVEL[finding.severity]},
            "properties": {"tags": tags},
        }
    family = rule.code.endswith("*")  # LINKML:pattern under LINKML:*: the result keeps its own code
    return {
        "id": code,
        "name": code.split(":")[-1] if family else rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.why or rule.summary},
        "help": {
            "text": rule.fix or rule.summary,
            "markdown": f"**Fix:** {rule.fix}\n\nFix safety: {rule.fix_safety}.",
        },
        "helpUri": rule.help_uri,
        "defaultConfiguration": {"level": LEVEL[finding.severity if family else rule.severity]},
        "properties": {"tags": tags, "fix-safety": rule.fix_safety.value},
    }


def artifact_location(source: str, root: Path) -> dict[str, str]:
    """``{"uri", "uriBaseId"}`` relative to ``root`` when the file is inside it, else an absolute URI."""
    path = Path(source)
    if source.startswith("<"):  # <stdin>, <string>: no file to point at
        return {"uri": quote(source.strip("<>"), safe=""), "uriBaseId": SRCROOT}
    try:
        relative = path.resolve().relative_to(root.resolve()) if path.is_absolute() else None
    except (ValueError, OSError):
        return {"uri": path.resolve().as_uri()}
    shown = relative.as_posix() if relative is not None else Path(source).as_posix()
    if shown.startswith("../") or shown == "..":
        return {"uri": (root / shown).resolve().as_uri()}
    return {"uri": quote(shown.removeprefix("./"), safe="/"), "uriBaseId": SRCROOT}


def fingerprint(finding: Finding, uri: str, occurrence: int) -> str:
    """A hash of what the finding is about (not where it is on the page): stable across edits."""
    where = finding.location
    parts = (finding.code, uri, finding.record, where.pointer or where.focus_node, where.path, where.value, where.row)
    text = "\0".join("" if part is None else str(part) for part in parts) + f"\0{occurrence}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _result(finding: Finding, index: int, root: Path, seen: dict[str, int]) -> dict[str, Any]:
    loc = finding.location
    artifact = artifact_location(loc.source, root)
    region: dict[str, Any] = {"startLine": loc.line or 1}
    if loc.line is not None and loc.col is not None:
        region["startColumn"] = loc.col
    location: dict[str, Any] = {"physicalLocation": {"artifactLocation": artifact, "region": region}}
    if loc.focus_node:
        location["logicalLocations"] = [{"fullyQualifiedName": loc.focus_node, "kind": "resource"}]
    properties: dict[str, Any] = {
        "pointer": loc.pointer,
        "path": loc.path,
        "value": loc.value,
        "record": finding.record,
        "row": loc.row,
        "column": loc.column,
        "principle": finding.principle.value if finding.principle else None,
        "line_known": False if loc.line is None else None,
    }
    if finding.fix is not None:
        properties["fix"] = finding.fix.to_dict()
    base = fingerprint(finding, artifact["uri"], 0)
    seen[base] = seen.get(base, -1) + 1  # the same thing said twice gets a second fingerprint
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "ruleIndex": index,
        "level": LEVEL[finding.severity],
        "message": {"text": finding.message + (f" Fix: {finding.fix.message}" if finding.fix else "")},
        "locations": [location],
        "partialFingerprints": {FINGERPRINT: fingerprint(finding, artifact["uri"], seen[base]) if seen[base] else base},
        "properties": {k: v for k, v in properties.items() if v is not None},
    }
    if finding.accepted is not None:
        result["suppressions"] = [{"kind": "external", "status": "accepted", "justification": finding.accepted}]
    return result


def _kept(findings: tuple[Finding, ...], limit: int) -> list[Finding]:
    """At most ``limit`` findings, the most severe first kept, in report order."""
    if len(findings) <= limit:
        return list(findings)
    ranked = sorted(range(len(findings)), key=lambda i: (-findings[i].severity.rank, i))[:limit]
    return [findings[i] for i in sorted(ranked)]


def sarif_document(report: Report, root: Path | None = None, max_results: int = MAX_RESULTS) -> dict[str, Any]:
    """Build the SARIF log as a dict (``root``: what ``%SRCROOT%`` stands for; the current folder)."""
    base = root or Path.cwd()
    kept = _kept(report.findings, max_results)
    codes: dict[str, int] = {}
    rules: list[dict[str, Any]] = []
    results = []
    seen: dict[str, int] = {}
    for finding in kept:
        if finding.code not in codes:
            codes[finding.code] = len(rules)
            rules.append(_rule(finding.code, finding))
        results.append(_result(finding, codes[finding.code], base, seen))
    notes = [{"level": "warning", "message": {"text": text}} for text in report.stale_acceptances]
    dropped = len(report.findings) - len(kept)
    if dropped:
        notes.append({"level": "warning", "message": {"text": truncation_text(dropped, len(report.findings))}})
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "fairmeta",
                        "version": report.tool_version,
                        "informationUri": "https://github.com/fairmeta/fairmeta",
                        "rules": rules,
                    }
                },
                "originalUriBaseIds": {SRCROOT: {"uri": base.resolve().as_uri().rstrip("/") + "/"}},
                "columnKind": "unicodeCodePoints",
                "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": notes}],
                "results": results,
                "properties": {
                    "metrics_version": report.metrics_version,
                    "scores": report.scores.to_dict() if report.scores else None,
                    "results_dropped": dropped,
                },
            }
        ],
    }


def truncation_text(dropped: int, total: int) -> str:
    """The warning for a log cut to GitHub's limits."""
    return (
        f"{dropped} of {total} results left out of the SARIF log (GitHub code scanning takes at most "
        f"{MAX_RESULTS:,} results and {MAX_BYTES // 1_000_000} MB per upload; the most severe are kept)"
    )


class SarifReporter:
    """SARIF 2.1.0 log, cut to GitHub's limits with a warning (in the log and in :attr:`warnings`)."""

    def __init__(self) -> None:
        self.warnings: list[str] = []

    def write(self, report: Report, stream: TextIO) -> None:
        """Write the SARIF log as indented JSON."""
        limit = MAX_RESULTS
        while True:
            document = sarif_document(report, max_results=limit)
            text = json.dumps(document, indent=2, ensure_ascii=False)
            if len(text.encode("utf-8")) <= MAX_BYTES or limit == 0:
                break
            results = len(document["runs"][0]["results"])
            # shrink in proportion to the excess (plus a margin), so a few passes suffice
            limit = max(0, int(results * MAX_BYTES / len(text.encode("utf-8")) * 0.95))
        dropped = document["runs"][0]["properties"]["results_dropped"]
        if dropped:
            self.warnings.append(truncation_text(dropped, len(report.findings)))
        stream.write(text + "\n")
