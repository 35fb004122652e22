"""``--format sarif``: SARIF 2.1.0 for code-scanning dashboards (GitHub, GitLab, Azure DevOps).

Each rule carries its summary, why it matters, the fix as help text and a help URI; each result its
file and line (when known), the focus node as a logical location, and the fix in ``properties``
(a SARIF ``fix`` needs byte offsets, which RDF locations do not have).
"""

from __future__ import annotations

import json
from typing import Any, TextIO
from urllib.parse import quote

from fairmeta.model import Finding, Report, Severity
from fairmeta.rules import Rule, rule_by_code

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _rule(code: str, finding: Finding) -> dict[str, Any]:
    rule: Rule | None = rule_by_code(code)
    tags = ["FAIR"] + ([finding.principle.value] if finding.principle else [])
    if rule is None:  # an uncoded result of a user's shape
        return {
            "id": code,
            "name": code.split(":")[-1],
            "shortDescription": {"text": f"SHACL {code.split(':')[-1]} of a user shape"},
            "help": {"text": finding.fix.message if finding.fix else "See the shape."},
            "defaultConfiguration": {"level": LEVEL[finding.severity]},
            "properties": {"tags": tags},
        }
    family = rule.code.endswith("*")  # LINKML:pattern under LINKML:*: the result keeps its own code
    return {
        "id": code,
        "name": code.split(":")[-1] if family else rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.why or rule.summary},
        "help": {"text": rule.fix, "markdown": f"**Fix:** {rule.fix}\n\nFix safety: {rule.fix_safety}."},
        "helpUri": rule.help_uri,
        "defaultConfiguration": {"level": LEVEL[finding.severity if family else rule.severity]},
        "properties": {"tags": tags, "fix-safety": rule.fix_safety.value},
    }


def _result(finding: Finding, index: int) -> dict[str, Any]:
    loc = finding.location
    physical: dict[str, Any] = {"artifactLocation": {"uri": quote(loc.source, safe="/:@")}}
    if loc.line is not None:
        physical["region"] = {"startLine": loc.line}
    location: dict[str, Any] = {"physicalLocation": physical}
    if loc.focus_node:
        location["logicalLocations"] = [{"fullyQualifiedName": loc.focus_node, "kind": "resource"}]
    properties: dict[str, Any] = {
        "pointer": loc.pointer,
        "path": loc.path,
        "value": loc.value,
        "record": finding.record,
        "principle": finding.principle.value if finding.principle else None,
    }
    if finding.fix is not None:
        properties["fix"] = finding.fix.to_dict()
    return {
        "ruleId": finding.code,
        "ruleIndex": index,
        "level": LEVEL[finding.severity],
        "message": {"text": finding.message + (f" Fix: {finding.fix.message}" if finding.fix else "")},
        "locations": [location],
        "properties": {k: v for k, v in properties.items() if v is not None},
    }


def sarif_document(report: Report) -> dict[str, Any]:
    """Build the SARIF log as a dict."""
    codes: list[str] = []
    rules: list[dict[str, Any]] = []
    results = []
    for finding in report.findings:
        if finding.code not in codes:
            codes.append(finding.code)
            rules.append(_rule(finding.code, finding))
        results.append(_result(finding, codes.index(finding.code)))
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
                "results": results,
                "properties": {
                    "metrics_version": report.metrics_version,
                    "scores": report.scores.to_dict() if report.scores else None,
                },
            }
        ],
    }


class SarifReporter:
    """SARIF 2.1.0 log."""

    def write(self, report: Report, stream: TextIO) -> None:
        """Write the SARIF log as indented JSON."""
        json.dump(sarif_document(report), stream, indent=2, ensure_ascii=False)
        stream.write("\n")
