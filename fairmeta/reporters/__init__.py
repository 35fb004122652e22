"""Write a Report in a chosen format. Reporters are pure: they write to a stream and never exit."""

from __future__ import annotations

from typing import Protocol, TextIO

from fairmeta.model import Report, Severity


class Reporter(Protocol):
    """Writes one report to one text stream."""

    def write(self, report: Report, stream: TextIO) -> None:
        """Write ``report`` to ``stream``."""


def get_reporter(name: str, *, verbosity: int = 0, fail_on: Severity = Severity.ERROR) -> Reporter:
    """Return the reporter for ``--format name``."""
    if name == "json":
        from fairmeta.reporters.json import JsonReporter

        return JsonReporter()
    if name == "text":
        from fairmeta.reporters.text import TextReporter

        return TextReporter(verbosity=verbosity, fail_on=fail_on)
    raise ValueError(f"unknown format {name!r}")


FORMATS = ("text", "json")
