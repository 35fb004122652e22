"""``--statistics``: how many findings each rule has, most frequent first (as ``ruff --statistics``).

Accepted findings are counted on a line of their own; they fail nothing. ``-f json`` gives the same
table as a JSON array.
"""

from __future__ import annotations

import json
from typing import TextIO

from fairmeta.files import printable
from fairmeta.model import Finding, Report
from fairmeta.rules import rule_by_code


def rule_counts(findings: list[Finding]) -> list[dict[str, object]]:
    """One row per rule code: count, severity, name and whether a safe fix exists; most frequent first."""
    rows: dict[str, dict[str, object]] = {}
    for finding in findings:
        row = rows.get(finding.code)
        if row is None:
            rule = rule_by_code(finding.code)
            row = rows[finding.code] = {
                "code": finding.code,
                "count": 0,
                "severity": finding.severity.value,
                "name": rule.name if rule is not None else finding.code.split(":")[-1],
                "fixable": False,
            }
        row["count"] = int(str(row["count"])) + 1
        if finding.fix is not None and finding.fix.applicability.value == "safe" and finding.fix.edits:
            row["fixable"] = True
    return sorted(rows.values(), key=lambda r: (-int(str(r["count"])), str(r["code"])))


class StatisticsReporter:
    """Counts per rule instead of the findings."""

    def __init__(self, json_output: bool = False) -> None:
        self.json_output = json_output

    def write(self, report: Report, stream: TextIO) -> None:
        """Write the table (or its JSON form), then the number of accepted findings."""
        rows = rule_counts(report.open_findings)
        accepted = report.accepted_count()
        if self.json_output:
            json.dump({"rules": rows, "accepted": accepted}, stream, indent=2, ensure_ascii=False)
            stream.write("\n")
            return
        width = max((len(str(r["code"])) for r in rows), default=0)
        for row in rows:
            mark = "[*]" if row["fixable"] else "   "
            stream.write(
                printable(f"{row['count']:>6}  {row['code']:<{width}}  {mark} {row['severity']:<7}  {row['name']}")
                + "\n"
            )
        if accepted:
            stream.write(f"{accepted:>6}  accepted (not counted above)\n")
        if rows:
            stream.write("[*] fixable with `fairmeta fix`\n")
