"""Write a Report in a chosen format. Reporters are pure: they write to a stream and never exit."""

from __future__ import annotations

from importlib import import_module
from typing import Protocol, TextIO

from fairmeta.model import Report, Severity


class Reporter(Protocol):
    """Writes one report to one text stream."""

    def write(self, report: Report, stream: TextIO) -> None:
        """Write ``report`` to ``stream``."""


# format name → (module, class); modules are imported only when their format is asked for.
REPORTERS: dict[str, tuple[str, str]] = {
    "text": ("fairmeta.reporters.text", "TextReporter"),
    "json": ("fairmeta.reporters.json", "JsonReporter"),
    "sarif": ("fairmeta.reporters.sarif", "SarifReporter"),
    "markdown": ("fairmeta.reporters.markdown", "MarkdownReporter"),
    "html": ("fairmeta.reporters.dashboard", "DashboardReporter"),
    "github": ("fairmeta.reporters.github", "GithubReporter"),
    "junit": ("fairmeta.reporters.junit", "JunitReporter"),
}
FORMATS = tuple(REPORTERS)


def get_reporter(
    name: str, *, verbosity: int = 0, fail_on: Severity = Severity.ERROR, colour: str = "auto"
) -> Reporter:
    """Return the reporter for ``--format name`` (``colour``: auto, always or never; text only)."""
    if name not in REPORTERS:
        raise ValueError(f"unknown format {name!r} (choose from {', '.join(FORMATS)})")
    module, cls = REPORTERS[name]
    reporter_class = getattr(import_module(module), cls)
    if name == "text":
        reporter: Reporter = reporter_class(verbosity=verbosity, fail_on=fail_on, colour=colour)
    elif name in ("junit", "markdown", "html"):
        reporter = reporter_class(verbosity=verbosity, fail_on=fail_on)
    else:
        reporter = reporter_class()
    return reporter


def location_text(finding: object) -> str:
    """``line N``, ``#/pointer`` and the property of a finding's location, for human formats."""
    from fairmeta.model import Finding

    assert isinstance(finding, Finding)
    loc = finding.location
    parts = []
    if loc.row is not None:
        parts.append(f"row {loc.row}")
    if loc.column is not None:
        parts.append(f"column {loc.column}")
    if loc.line is not None:
        parts.append(f"line {loc.line}" + (f":{loc.col}" if loc.col is not None else ""))
    if loc.pointer is not None:
        parts.append("#" + loc.pointer)  # the URI-fragment form of a JSON Pointer; "#" is the root
    if loc.path:
        parts.append(loc.path)
    if loc.value:
        parts.append(repr(loc.value if len(loc.value) <= 60 else loc.value[:57] + "..."))
    if loc.focus_node and loc.pointer is None and loc.line is None:
        parts.append(f"<{loc.focus_node}>")
    return "  ".join(parts)


def score_line(score: object) -> str:
    """``72.5 % (18.5/25.5 points, maturity 2)``, or ``not assessable``."""
    from fairmeta.scoring import RecordScore, Score

    assert isinstance(score, (RecordScore, Score))
    overall = score.overall if isinstance(score, RecordScore) else score
    if overall.percent is None:
        return "not assessable"
    return f"{overall.percent:.1f} % ({overall.earned:g}/{overall.total:g} points, maturity {overall.maturity})"
