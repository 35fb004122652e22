"""``--format github``: GitHub Actions workflow commands, one annotation per finding."""

from __future__ import annotations

from typing import TextIO

from fairmeta.files import printable
from fairmeta.model import Report, Severity
from fairmeta.reporters import score_line

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _data(text: str) -> str:
    return printable(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


class GithubReporter:
    """``::error file=…,line=…,title=CODE::message``; scores as ``::notice`` lines."""

    def write(self, report: Report, stream: TextIO) -> None:
        """Write one workflow command per finding, then one notice per scored record."""
        for finding in report.findings:
            props = [f"file={_property(finding.location.source)}"]
            if finding.location.line is not None:
                props.append(f"line={finding.location.line}")
            props.append(f"title={_property(finding.code)}")
            message = finding.message + (f" Fix: {finding.fix.message}" if finding.fix else "")
            stream.write(f"::{_COMMAND[finding.severity]} {','.join(props)}::{_data(message)}\n")
        for record in report.records:
            if record.score is not None:
                title = _property(f"FAIR score {record.id}")
                text = _data(f"{record.id}: {score_line(record.score)}")
                stream.write(f"::notice file={_property(record.source)},title={title}::{text}\n")
