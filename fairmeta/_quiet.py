"""Keep upstream warnings (rdflib deprecations, pyshacl notices) out of the user's terminal."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def upstream_warnings_silenced() -> Iterator[None]:
    """Ignore warnings raised by the libraries while the block runs.

    rdflib warns about its own deprecated internals on every JSON-LD parse; those warnings say
    nothing about the user's metadata, and everything that does reaches the user as a finding.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield
