"""Locate the files fairmeta ships: profile shapes and bundled JSON-LD contexts.

In a wheel the top-level ``shapes/`` folder is installed as ``fairmeta/shapes`` (see the hatch
``force-include`` in pyproject.toml). In a source checkout it sits beside the package.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def shapes_dir() -> Path:
    """Return the directory holding the profile shapes, installed or in a checkout."""
    installed = PACKAGE_DIR / "shapes"
    if installed.is_dir():
        return installed
    checkout = PACKAGE_DIR.parent / "shapes"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"fairmeta's shapes folder is missing (looked in {installed} and {checkout})")


def context_file(name: str) -> Path:
    """Return the path of a bundled JSON-LD context (``schemaorg.jsonld``, ``ro-crate.jsonld``)."""
    return PACKAGE_DIR / "data" / "contexts" / name
