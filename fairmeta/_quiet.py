"""Keep upstream warnings and log output (rdflib deprecations, pyshacl notices) out of the user's terminal."""

from __future__ import annotations

import logging
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


UPSTREAM_LOGGER = "fairmeta.upstream"
_UPSTREAM = ("rdflib", "pyshacl", "owlrl", "linkml", "linkml_runtime", "requests_cache", "urllib3", "openpyxl")


# pyshacl gives these loggers a stderr handler of their own on every call (clearing others'), so a
# filter, which survives that, hands their records on instead
_SELF_HANDLED = ("pyshacl-validate", "pyshacl-rules")


def _forward_and_drop(record: logging.LogRecord) -> bool:
    logging.getLogger(UPSTREAM_LOGGER).handle(record)
    return False


class _Forward(logging.Handler):
    """Hands an upstream library's log record to ``fairmeta.upstream``, where the application's
    logging configuration (if any) decides what becomes of it."""

    def emit(self, record: logging.LogRecord) -> None:
        logging.getLogger(UPSTREAM_LOGGER).handle(record)


@contextmanager
def upstream_output_captured() -> Iterator[None]:
    """Within the block, nothing the libraries fairmeta uses log or warn reaches stdout or stderr.

    Their log records and warnings become records of the ``fairmeta.upstream`` logger. Python
    prints records of loggers without any handler to stderr (its "last resort"); fairmeta's
    logger has a ``NullHandler``, so an application that configures no logging sees nothing,
    and one that does gets the records like any other.
    """
    saved = []
    forward = _Forward()
    for name in _UPSTREAM:
        logger = logging.getLogger(name)
        saved.append((logger, logger.propagate))
        logger.addHandler(forward)
        logger.propagate = False
    for name in _SELF_HANDLED:
        logging.getLogger(name).addFilter(_forward_and_drop)
    with warnings.catch_warnings():
        warnings.simplefilter("default")
        warnings.showwarning = _warning_to_log
        try:
            yield
        finally:
            for logger, propagate in saved:
                logger.removeHandler(forward)
                logger.propagate = propagate
            for name in _SELF_HANDLED:
                logging.getLogger(name).removeFilter(_forward_and_drop)


def _warning_to_log(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: object = None,
    line: object = None,
) -> None:
    logging.getLogger(UPSTREAM_LOGGER).warning("%s:%d: %s: %s", filename, lineno, category.__name__, message)


logging.getLogger("fairmeta").addHandler(logging.NullHandler())
