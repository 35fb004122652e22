"""The ``fairmeta`` command. It parses options, calls the engine and a reporter, and owns exit codes.

Exit codes (also in ``fairmeta check --help`` and docs/cli.md):

* 0: no finding at or above ``--fail-on``;
* 1: at least one finding at or above ``--fail-on`` (a file that cannot be parsed counts);
* 2: usage, configuration or internal error (bad option, missing path, unreadable shapes).
"""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from fairmeta._version import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2

app = typer.Typer(
    name="fairmeta",
    help="Check FAIR metadata records (JSON-LD, RDF) against profiles and SHACL shapes.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class OutputFormat(StrEnum):
    """Report formats of ``fairmeta check``."""

    text = "text"
    json = "json"


class FailOn(StrEnum):
    """Lowest severity that makes ``fairmeta check`` exit 1."""

    error = "error"
    warning = "warning"
    info = "info"


def _quiet_library_loggers() -> None:
    # rdflib and pyshacl log parser chatter ("does not look like a valid URI") through the root
    # logger's last-resort handler; everything they have to say reaches the user as findings.
    import logging

    for name in ("rdflib", "pyshacl"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def _fail(message: str) -> typer.Exit:
    sys.stderr.write(f"fairmeta: error: {message}\n")
    return typer.Exit(EXIT_ERROR)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"fairmeta {__version__}\n")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Check FAIR metadata records (JSON-LD, RDF) against profiles and SHACL shapes."""


@app.command()
def check(
    paths: Annotated[list[str], typer.Argument(help="Files, directories (searched recursively) or globs.")],
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f", help="Report format.")] = OutputFormat.text,
    profile: Annotated[
        str | None, typer.Option("--profile", "-p", help="Force a profile for every record (see `fairmeta profiles`).")
    ] = None,
    shapes: Annotated[
        list[Path] | None,
        typer.Option(
            "--shapes", "-s", help="SHACL shapes file (repeatable); replaces the profiles unless --profile is given."
        ),
    ] = None,
    offline: Annotated[bool, typer.Option("--offline", help="Never use the network.")] = False,
    allow_remote_context: Annotated[
        bool, typer.Option("--allow-remote-context", help="Fetch JSON-LD @context URLs that fairmeta does not bundle.")
    ] = False,
    input_format: Annotated[
        str | None,
        typer.Option("--input-format", help="Syntax of the inputs: json-ld, turtle, nt, nquads, trig, xml, n3, html."),
    ] = None,
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help="Exit 1 when a finding is at or above this severity.")
    ] = FailOn.error,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Only findings at or above --fail-on, and the summary.")
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Also list records and the checks that ran or were skipped.")
    ] = False,
) -> None:
    """Check metadata records and report findings.

    Exit codes: 0 no finding at or above --fail-on; 1 findings at or above it (unparseable files
    included); 2 usage, configuration or internal error.
    """
    from fairmeta.engine import Engine, Options, expand_paths
    from fairmeta.errors import FairmetaError
    from fairmeta.loaders.formats import normalise_format
    from fairmeta.model import Severity
    from fairmeta.reporters import get_reporter

    _quiet_library_loggers()
    try:
        if input_format:
            normalise_format(input_format)
        options = Options(
            profile=profile,
            shapes=tuple(shapes or ()),
            offline=offline,
            allow_remote_context=allow_remote_context,
            input_format=input_format,
        )
        engine = Engine(options)
        report = engine.run(expand_paths(paths))
    except FairmetaError as exc:
        raise _fail(str(exc)) from None
    except Exception as exc:  # the last line of defence: a one-line message, never a traceback
        if os.environ.get("FAIRMETA_DEBUG"):
            raise
        raise _fail(f"internal error: {type(exc).__name__}: {exc} (set FAIRMETA_DEBUG=1 for details)") from None
    level = Severity(fail_on.value)
    verbosity = -1 if quiet else (1 if verbose else 0)
    get_reporter(output_format.value, verbosity=verbosity, fail_on=level).write(report, sys.stdout)
    raise typer.Exit(EXIT_FINDINGS if report.has_findings_at(level) else EXIT_OK)


@app.command()
def profiles() -> None:
    """List the profiles fairmeta ships, one per line with a description."""
    from fairmeta.profiles import PROFILES

    width = max(len(p.name) for p in PROFILES)
    for profile in PROFILES:
        sys.stdout.write(f"{profile.name:<{width}}  {profile.description}\n")


@app.command()
def rules(
    markdown: Annotated[bool, typer.Option("--markdown", help="Print the catalogue as docs/rules.md.")] = False,
) -> None:
    """List every rule code with its severity, principle and summary."""
    from fairmeta.rules import all_rules, render_markdown

    if markdown:
        sys.stdout.write(render_markdown())
        return
    for rule in all_rules():
        principle = rule.principle.value if rule.principle else "-"
        sys.stdout.write(f"{rule.code:<13} {rule.severity.value:<7} {principle:<5} {rule.name}: {rule.summary}\n")


def main() -> None:
    """Entry point of the console script and ``python -m fairmeta``."""
    app()
