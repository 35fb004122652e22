"""Exceptions for conditions that stop a run (exit code 2 on the command line).

Problems *in the checked data* are never exceptions: they are findings. These are for the
user's command or configuration: a path that does not exist, a shapes file that does not load,
an unknown profile.
"""

from __future__ import annotations


class FairmetaError(Exception):
    """Base class: a condition that stops a run; the CLI prints it on one line and exits 2."""


class UsageError(FairmetaError):
    """The arguments cannot be acted on (missing path, glob matching nothing, bad option value)."""


class ShapeLoadError(FairmetaError):
    """A SHACL shapes file could not be read or parsed."""


class UnknownProfileError(UsageError):
    """A profile name was asked for that fairmeta does not ship."""
