"""``--format junit``: JUnit XML, a test suite per source and a test case per finding."""

from __future__ import annotations

from typing import TextIO
from xml.sax import saxutils

from fairmeta.files import printable
from fairmeta.model import Report, Severity
from fairmeta.reporters import location_text, score_line


def escape(text: str) -> str:
    """XML text; control characters, which XML 1.0 cannot hold at all, written as escapes."""
    return "\n".join(saxutils.escape(printable(part)) for part in text.split("\n"))


def quoteattr(text: str) -> str:
    """An XML attribute value, control characters escaped as in :func:`escape`."""
    return saxutils.quoteattr(printable(text))


class JunitReporter:
    """Findings at or above ``fail_on`` are failures; below it they are passed cases with output."""

    def __init__(self, verbosity: int = 0, fail_on: Severity = Severity.ERROR) -> None:
        self.fail_on = fail_on

    def write(self, report: Report, stream: TextIO) -> None:
        """Write the XML document."""
        failing = sum(1 for f in report.findings if f.severity.rank >= self.fail_on.rank)
        stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        stream.write(
            f'<testsuites name="fairmeta" tests="{max(len(report.findings), len(report.sources))}" failures="{failing}">\n'
        )
        for source in report.sources:
            findings = report.findings_for(source)
            fails = [f for f in findings if f.severity.rank >= self.fail_on.rank]
            cases = max(len(findings), 1)
            stream.write(f'  <testsuite name={quoteattr(source)} tests="{cases}" failures="{len(fails)}">\n')
            scores = [f"{r.id}: {score_line(r.score)}" for r in report.records if r.source == source and r.score]
            if scores:
                stream.write(f"    <system-out>{escape(chr(10).join(scores))}</system-out>\n")
            if not findings:
                stream.write(f'    <testcase classname={quoteattr(source)} name="fairmeta"/>\n')
            for finding in findings:
                name = f"{finding.code} {location_text(finding)}".strip()
                stream.write(f"    <testcase classname={quoteattr(source)} name={quoteattr(name)}>")
                body = finding.message + (f"\nFix: {finding.fix.message}" if finding.fix else "")
                if finding.severity.rank >= self.fail_on.rank:
                    stream.write(
                        f"<failure type={quoteattr(finding.severity.value)} message={quoteattr(finding.message)}>"
                        f"{escape(body)}</failure>"
                    )
                else:
                    stream.write(f"<system-out>{escape(finding.severity.value + ': ' + body)}</system-out>")
                stream.write("</testcase>\n")
            stream.write("  </testsuite>\n")
        stream.write("</testsuites>\n")
