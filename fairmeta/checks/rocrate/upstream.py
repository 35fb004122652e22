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

import hashlib
import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

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
    """Whether rocrate-validator is installed here (not imported: a cached answer needs no import)."""
    from importlib.util import find_spec

    return find_spec("rocrate_validator") is not None


@cache
def _profiles() -> tuple[Any, ...]:
    """The package's profiles with the checks of every level (the default load leaves out SHOULD and MAY)."""
    _silenced()
    from rocrate_validator.models import Profile, Severity
    from rocrate_validator.utils.paths import get_profiles_path

    return tuple(Profile.load_profiles(get_profiles_path(), severity=Severity.OPTIONAL))


@cache
def family() -> tuple[ProfileInfo, ...]:
    """Every profile the installed package publishes, sorted by identifier."""
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
                for p in _profiles()
            ),
            key=lambda info: info.identifier,
        )
    )


@dataclass(frozen=True)
class RequirementInfo:
    """One check of a profile's requirement: what ``ROCRATE:<identifier>`` stands for."""

    identifier: str
    requirement: str  # the requirement's name (stable across versions, unlike the identifier)
    name: str  # the check's name
    level: str
    description: str
    profile: str


@cache
def requirements() -> tuple[RequirementInfo, ...]:
    """Every requirement check of every profile of the family, sorted by identifier."""
    found = []
    for profile in _profiles():
        for requirement in profile.requirements:
            for check in requirement.get_checks():
                found.append(
                    RequirementInfo(
                        str(check.identifier),
                        " ".join(str(requirement.name).split()),
                        " ".join(str(check.name).split()),
                        str(getattr(check.level, "name", check.level)),
                        " ".join(str(check.description or "").split()),
                        str(profile.identifier),
                    )
                )
    return tuple(sorted(set(found), key=lambda info: info.identifier))


def resolve_profile(name: str) -> str | None:
    """The identifier ``name`` stands for: itself, or a family name without its version
    (``workflow-ro-crate`` → ``workflow-ro-crate-1.0``); ``ro-crate`` stays (the crate's own version)."""
    identifiers = [info.identifier for info in family()]
    if name in identifiers or name == "ro-crate":
        return name
    versionless = [i for i in identifiers if i.rsplit("-", 1)[0] == name]
    return versionless[0] if len(versionless) == 1 else None


# Requirements that can only be judged by fetching web resources. Offline they would report every
# web entity as "not downloadable"; fairmeta's identifier check resolves those links itself.
NEEDS_WEB_WORDS = ("downloadable", "resolvable", "resolves", "accessible", "available online", "dereferenc")


def _needs_web(check: Any) -> bool:
    text = f"{check.name} {check.description}".lower()
    return any(word in text for word in NEEDS_WEB_WORDS)


@cache
def _validator(profile: str | None, metadata_only: bool = False) -> Any:
    _silenced()
    from rocrate_validator.models import Severity, ValidationSettings
    from rocrate_validator.services import _build_validator  # the package's own reusable validator

    settings: dict[str, Any] = {
        "requirement_severity": Severity.OPTIONAL,
        "no_cache": True,
        "metadata_only": metadata_only,
    }
    if profile is not None:
        settings["profile_identifier"] = profile
    return _build_validator(ValidationSettings(rocrate_uri=None, **settings), None)


@dataclass
class CrateInput:
    """What rocrate-validator is given: a crate folder, zip or detached descriptor (``target``), or the
    metadata document alone; ``contexts`` names the local context copies the caller maps."""

    target: Path | None
    document: dict[str, Any] | None
    contexts: str = ""

    @cached_property
    def key(self) -> bytes | None:
        """Bytes that change whenever the crate does (metadata, payload listing with sizes and times,
        place); ``None`` when they cannot be read. Computed once for detection and validation."""
        digest = hashlib.sha256()
        try:
            if self.target is not None:  # upstream's answers name files by absolute path: the place matters
                digest.update(str(self.target.resolve()).encode("utf-8") + b"\0")
            if self.document is not None:
                digest.update(json.dumps(self.document, sort_keys=True, ensure_ascii=False).encode("utf-8"))
            elif self.target is not None and self.target.is_file():
                with self.target.open("rb") as handle:
                    for block in iter(lambda: handle.read(1 << 20), b""):
                        digest.update(block)
            elif self.target is not None:
                from fairmeta.loaders.crate import DESCRIPTORS, payload_entries

                for path, relative in payload_entries(self.target):
                    stat = path.stat()
                    digest.update(f"{relative}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
                for name in DESCRIPTORS:
                    if (self.target / name).is_file():
                        digest.update((self.target / name).read_bytes())
        except OSError:
            return None
        return digest.digest()


def detect(crate: CrateInput, serve: ContextServer) -> tuple[str, ...]:
    """The most specific profiles the crate declares (its conformsTo), or ``()`` for none.

    Cached as :func:`validate` is: detection loads every profile, which a re-check need not do.
    """
    return _answer(crate, "detect", lambda: _detect(crate, serve))


def _detect(crate: CrateInput, serve: ContextServer) -> tuple[str, ...]:
    target = str(crate.target) if crate.target is not None else None
    with _served(serve):
        result = _validator(None).detect_rocrate_profiles_detailed(rocrate_uri=target, metadata_dict=crate.document)
    found = [p.identifier for p in (result.profiles or ())]
    parents = {parent for info in family() if info.identifier in found for parent in info.parents}
    return tuple(sorted(p for p in found if p not in parents))


def validate(crate: CrateInput, profile: str, serve: ContextServer) -> tuple[tuple[Issue, ...], int]:
    """Validate a crate against one profile: the issues, sorted, and how many requirements were
    skipped as needing the web.

    The answer is kept in fairmeta's cache, keyed by everything it depends on (:attr:`CrateInput.key`,
    the profile, both packages' versions and the local contexts), so an unchanged crate is not
    validated again (a pre-commit run).
    """
    return _answer(crate, f"profile {profile}", lambda: _validate(crate, profile, serve))


def _answer(crate: CrateInput, question: str, build: Callable[[], T]) -> T:
    """``build()``, or its answer from fairmeta's cache for this crate and question."""
    from fairmeta.cache import cached

    key = crate.key
    if key is None:
        return build()
    kind = (
        f"answers v2 {question} rocrate-validator {_version()} fairmeta {_fairmeta_version()} contexts {crate.contexts}"
    )
    return cached(key, kind, build)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("roc-validator")
    except PackageNotFoundError:
        return "unknown"


def _fairmeta_version() -> str:
    from fairmeta._version import __version__

    return __version__


def _validate(crate: CrateInput, profile: str, serve: ContextServer) -> tuple[tuple[Issue, ...], int]:
    if crate.document is not None:
        return _validate_document(crate.document, profile, serve)
    return _issues(_run(_validator(profile), str(crate.target), serve))


def _validate_document(document: dict[str, Any], profile: str, serve: ContextServer) -> tuple[tuple[Issue, ...], int]:
    """The metadata alone: as the descriptor of an otherwise empty folder, in metadata-only mode.

    The package's in-memory mode resolves the crate's relative identifiers against a web address of
    its own, so every local data entity looks web-based ("SHOULD have sdDatePublished"); a folder
    with the payload checks switched off judges the metadata as the crate states it.
    """
    import tempfile

    with tempfile.TemporaryDirectory(prefix="fairmeta-rocrate-") as folder:
        (Path(folder) / "ro-crate-metadata.json").write_text(json.dumps(document), encoding="utf-8")
        issues, skipped = _issues(_run(_validator(profile, metadata_only=True), folder, serve))
        prefix = Path(folder).as_uri() + "/"
        return tuple(sorted({_relative(issue, prefix, folder) for issue in issues})), skipped


def _run(validator: Any, target: str, serve: ContextServer) -> Any:
    """One validation, the package's own failure turned into :class:`UpstreamError`."""
    try:
        with _served(serve):
            return validator.validate(rocrate_uri=target)
    except Exception as exc:  # the package's failure is reported, never a crash of the run
        raise UpstreamError(f"rocrate-validator could not validate the crate: {exc}") from None


def _relative(issue: Issue, prefix: str, folder: str) -> Issue:
    """The issue with the temporary folder's address taken out of its entity and value."""

    def strip(text: str) -> str:
        for start in (prefix, folder + "/"):
            if text.startswith(start):
                return text[len(start) :] or "./"
        return text

    from dataclasses import replace

    return replace(
        issue, entity=strip(issue.entity), value=strip(issue.value), message=issue.message.replace(prefix, "")
    )


def _issues(result: Any) -> tuple[tuple[Issue, ...], int]:
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
                message=_message(issue, check),
                name=" ".join(str(check.name).split()),
                description=" ".join(str(check.description or "").split()),
                profile=str(getattr(check.requirement.profile, "identifier", "")),
            )
        )
    return tuple(sorted(set(issues))), len(skipped)


# pySHACL's own wording, used when a shape has no sh:message: it names SHACL internals, not the crate
_BOILERPLATE = ("Focus node does not conform", "Value does not conform", "Less than ", "More than ", "Node ")


def _message(issue: Any, check: Any) -> str:
    text = " ".join(str(issue.message or "").split())
    if not text or text.startswith(_BOILERPLATE):
        name = " ".join(str(check.name).split())
        description = " ".join(str(check.description or "").split())
        text = f"{name}: {description}" if description and description != name else name
    return text


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
