"""rocrate-validator, run inside fairmeta: offline, silent, with fairmeta's contexts.

The RO-Crate family's requirements (RO-Crate 1.1/1.2/1.3, Workflow RO-Crate, Workflow Run, Process
Run, Provenance Run, Workflow Testing and ISA RO-Crate) are the profiles rocrate-validator publishes,
maintained with the specifications by their authors. fairmeta runs them through the package's own
API rather than re-writing them, and keeps what it needs of the answer in plain values (:class:`Issue`).

This module is the only one that imports ``rocrate_validator``. It makes the package behave as a
library inside fairmeta:

* **nothing printed**: the package collects its log records in memory and prints them as a "Log
  Report" when the process exits; that printer is unregistered and its loggers disabled;
* **no network, no cache of its own**: every HTTP request the package makes (the RO-Crate context it
  compares term definitions with, HEAD requests to web resources) goes to a transport that answers
  JSON-LD contexts from fairmeta's resolver (bundled copies, ``--context`` files, kept contexts) and
  refuses everything else as a connection failure; rdflib's context loader is routed the same way
  while the package parses. Requirements that can only be judged on the web (web resources
  downloadable, identifiers resolvable) are therefore skipped: fairmeta's identifier check judges
  those links with its own resolver, online, with its rate limits and cache (see :data:`NEEDS_WEB`);
* **one validator per profile**: profile loading (SHACL shapes, ontologies) is done once per
  process and reused for every crate.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

ContextServer = Callable[[str], Any]  # context URL -> the inline context (a dict/list), or raise

_LOCK = threading.Lock()  # the package's HTTP requester and rdflib's loader are process-wide


@dataclass(frozen=True, order=True)
class Issue:
    """One failed requirement check, as rocrate-validator reports it."""

    level: str  # REQUIRED, RECOMMENDED or OPTIONAL
    requirement: str  # the check's identifier, e.g. "ro-crate-1.1_5.3"
    entity: str  # the violating entity's @id ("" when the whole crate is at fault)
    property: str  # the violating property's IRI, or ""
    value: str
    message: str
    name: str  # the check's name
    description: str  # what the check requires
    profile: str  # the profile the requirement belongs to


@dataclass(frozen=True)
class ProfileInfo:
    """A profile of the RO-Crate family, as ``fairmeta profiles`` lists it."""

    identifier: str
    name: str
    parents: tuple[str, ...]


class UpstreamError(RuntimeError):
    """rocrate-validator could not validate the crate (the message says why)."""


@cache
def _silenced() -> None:
    """Import the package with its exit-time log report and loggers switched off (once)."""
    import atexit

    from rocrate_validator.utils import log

    atexit.unregister(getattr(log, "__print_logs_on_exit__"))  # noqa: B009 - a dunder-named function
    settings = getattr(log, "__settings__")  # noqa: B009
    settings["enabled"] = False
    for logger in getattr(log, "__loggers__").values():  # noqa: B009
        logger.disabled = True


def available() -> bool:
    """Whether rocrate-validator can be imported here."""
    try:
        _silenced()
    except ImportError:
        return False
    return True


@cache
def family() -> tuple[ProfileInfo, ...]:
    """Every profile the installed package publishes, sorted by identifier."""
    _silenced()
    from rocrate_validator.models import Profile
    from rocrate_validator.utils.paths import get_profiles_path

    profiles = Profile.load_profiles(get_profiles_path())
    return tuple(
        sorted(
            (
                ProfileInfo(
                    p.identifier,
                    str(p.name),
                    tuple(
                        sorted(str(getattr(parent, "identifier", parent)) for parent in (p.inherited_profiles or ()))
                    ),
                )
                for p in profiles
            ),
            key=lambda info: info.identifier,
        )
    )


# Requirements that can only be judged by fetching web resources. Offline they would report every
# web entity as "not downloadable"; fairmeta's identifier check resolves those links itself.
NEEDS_WEB_WORDS = ("downloadable", "resolvable", "resolves", "accessible", "available online", "dereferenc")


def _needs_web(check: Any) -> bool:
    text = f"{check.name} {check.description}".lower()
    return any(word in text for word in NEEDS_WEB_WORDS)


@cache
def _validator(profile: str | None) -> Any:
    _silenced()
    from rocrate_validator.models import Severity, ValidationSettings
    from rocrate_validator.services import _build_validator  # the package's own reusable validator

    settings: dict[str, Any] = {"requirement_severity": Severity.OPTIONAL, "no_cache": True}
    if profile is not None:
        settings["profile_identifier"] = profile
    return _build_validator(ValidationSettings(rocrate_uri=None, **settings), None)


def detect(target: Path | None, document: dict[str, Any] | None, serve: ContextServer) -> tuple[str, ...]:
    """The most specific profiles the crate declares (its conformsTo), or ``()`` for none."""
    with _served(serve):
        result = _validator(None).detect_rocrate_profiles_detailed(
            rocrate_uri=str(target) if target is not None else None, metadata_dict=document
        )
    found = [p.identifier for p in (result.profiles or ())]
    parents = {parent for info in family() if info.identifier in found for parent in info.parents}
    return tuple(sorted(p for p in found if p not in parents))


def validate(
    target: Path | None, document: dict[str, Any] | None, profile: str, serve: ContextServer
) -> tuple[tuple[Issue, ...], int]:
    """Validate a crate (a folder or zip ``target``, else the in-memory ``document``) against one profile.

    Returns the issues, sorted, and how many requirements were skipped as needing the web.
    """
    validator = _validator(profile)
    try:
        with _served(serve):
            result = validator.validate(rocrate_uri=str(target) if target is not None else None, metadata_dict=document)
    except Exception as exc:  # the package's failure is reported, never a crash of the run
        raise UpstreamError(f"rocrate-validator could not validate the crate: {exc}") from None
    issues: list[Issue] = []
    skipped: set[str] = set()
    for issue in result.get_issues():
        check = issue.check
        if _needs_web(check):
            skipped.add(str(check.identifier))
            continue
        issues.append(
            Issue(
                level=issue.severity.name,
                requirement=str(check.identifier),
                entity=str(issue.violatingEntity or ""),
                property=str(issue.violatingProperty or ""),
                value=str(issue.violatingPropertyValue or ""),
                message=" ".join(str(issue.message or check.description or check.name).split()),
                name=" ".join(str(check.name).split()),
                description=" ".join(str(check.description or "").split()),
                profile=str(getattr(check.requirement.profile, "identifier", "")),
            )
        )
    return tuple(sorted(set(issues))), len(skipped)


@contextmanager
def _served(serve: ContextServer) -> Iterator[None]:
    """While the package runs: contexts from ``serve``, every other request refused."""
    import requests
    from rdflib.plugins.shared.jsonld import context as rdflib_context
    from rocrate_validator.utils.http import HttpRequester

    original = getattr(rdflib_context, "source_to_json")  # noqa: B009 - not in the module's __all__

    def from_fairmeta(source: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(source, str) and "://" in source:
            return {"@context": serve(source)}, None
        return original(source, *args, **kwargs)

    with _LOCK:
        requester = HttpRequester()
        session = requester.session
        requester.session = _ContextSession(serve, requests)
        setattr(rdflib_context, "source_to_json", from_fairmeta)  # noqa: B010
        try:
            yield
        finally:
            setattr(rdflib_context, "source_to_json", original)  # noqa: B010
            requester.session = session


class _ContextSession:
    """What the package's HTTP requester talks to: JSON-LD contexts only, never the network."""

    def __init__(self, serve: ContextServer, requests: Any) -> None:
        self._serve = serve
        self._requests = requests

    def _answer(self, url: str, body: bool) -> Any:
        try:
            context = self._serve(url)
        except Exception as exc:  # whatever the resolver refuses is "unreachable"
            raise self._requests.ConnectionError(f"fairmeta does not fetch {url} for rocrate-validator") from exc
        response = self._requests.Response()
        response.status_code = 200
        response.url = url
        response.encoding = "utf-8"
        response.headers["Content-Type"] = "application/ld+json"
        response._content = json.dumps({"@context": context}).encode("utf-8") if body else b""
        return response

    def get(self, url: str, *args: Any, **kwargs: Any) -> Any:
        return self._answer(str(url), body=True)

    def head(self, url: str, *args: Any, **kwargs: Any) -> Any:
        return self._answer(str(url), body=False)

    def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Any:
        return self._answer(str(url), body=method.upper() != "HEAD")

    def __getattr__(self, name: str) -> Any:
        raise AttributeError(name)
