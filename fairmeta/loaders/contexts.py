"""Resolve JSON-LD ``@context`` references without touching the network by default.

Every ``@context`` in a document (top level, nested, scoped in term definitions, ``@import``) is
replaced by an inline context before rdflib sees the document:

* schema.org (http/https, with or without trailing slash, and the ``docs/jsonldcontext.json``
  address), the RO-Crate 1.1/1.2/1.3, the RO-Crate terms (workflow-run, test), DCAT-AP 3.0.x (and
  its examples') and CodeMeta 2.0/3.0 contexts come from the copies bundled in the package (``data/contexts/generate.py``);
* a URL mapped to a local file (``--context URL=FILE``, ``[tool.fairmeta.contexts]``) is read from it;
* any other URL is refused with :class:`RemoteContextRefusedError`, unless the caller allows remote
  contexts, in which case it is fetched once per run through fairmeta's one HTTP client
  (:mod:`fairmeta.resolvers`), with a timeout and a size limit.

As a second line of defence, :func:`no_network_fetch` makes rdflib's own context loader raise
while fairmeta parses, so a context this walk missed can never be fetched behind the user's back.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

from fairmeta.resources import context_file

_SCHEMAORG = {
    "http://schema.org",
    "https://schema.org",
    "http://schema.org/",
    "https://schema.org/",
    "http://schema.org/docs/jsonldcontext.json",
    "https://schema.org/docs/jsonldcontext.json",
    "http://schema.org/docs/jsonldcontext.jsonld",
    "https://schema.org/docs/jsonldcontext.jsonld",
}
_ROCRATE_PREFIXES = ("https://w3id.org/ro/crate/", "http://w3id.org/ro/crate/")
_ROCRATE_OWN_COPIES = frozenset({"1.1", "1.2"})  # each version's own term map; the 1.3 one serves the rest


class RemoteContextRefusedError(ValueError):
    """A document refers to a remote ``@context`` that is neither bundled nor allowed."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.url = url


class RemoteContextFailedError(ValueError):
    """An allowed remote ``@context`` could not be fetched or is not a JSON-LD context."""


@cache
def _bundled(name: str) -> Any:
    return json.loads(context_file(name).read_text(encoding="utf-8"))["@context"]


def bundled_context(url: str) -> Any | None:
    """Return the inline context bundled for ``url``, or ``None`` when fairmeta has none."""
    key = url.strip()
    if key in _SCHEMAORG:
        return _bundled("schemaorg.jsonld")
    if key.startswith(_ROCRATE_PREFIXES) and key.rstrip("/").endswith("/context"):
        version = key.rstrip("/")[: -len("/context")].rsplit("/", 1)[-1]
        return _bundled(f"ro-crate-{version}.jsonld" if version in _ROCRATE_OWN_COPIES else "ro-crate.jsonld")
    pattern = _pattern_of(key)
    return _bundled(_BY_PATTERN[pattern]) if pattern is not None else None


# DCAT-AP 3.0.x contexts (SEMIC publishes them under two hosts) and CodeMeta 2.0/3.0, by URL shape
_BY_PATTERN = {
    "dcat-ap-3/context": "dcat-ap-3.jsonld",
    "dcat-ap-3/examples": "dcat-ap-3-examples.jsonld",
    "codemeta": "codemeta.jsonld",
    "ro-terms/workflow-run": "ro-terms-workflow-run.jsonld",
    "ro-terms/test": "ro-terms-test.jsonld",
}
_CODEMETA = {
    "https://doi.org/10.5063/schema/codemeta-2.0",
    "http://doi.org/10.5063/schema/codemeta-2.0",
    "https://w3id.org/codemeta/3.0",
    "https://w3id.org/codemeta/v3.0",
    "https://raw.githubusercontent.com/codemeta/codemeta/master/codemeta.jsonld",
    "https://raw.githubusercontent.com/codemeta/codemeta/2.0/codemeta.jsonld",
    "https://raw.githubusercontent.com/codemeta/codemeta/3.0/codemeta.jsonld",
}
_DCAT_AP_3 = re.compile(
    r"^https?://semiceu\.github\.io/(?:uri\.semic\.eu-generated/)?DCAT-AP/releases/3\.0\.\d+/"
    r"(?:(context/dcat-ap\.jsonld)|(html/examples/context\.jsonld))$"
)


_RO_TERMS = re.compile(
    r"^https?://(?:w3id\.org/ro/terms|www\.researchobject\.org/ro-terms)/(workflow-run|test)(?:/(?:context(?:\.jsonld?)?)?)?/?$"
)


def _pattern_of(url: str) -> str | None:
    if url.rstrip("/") in _CODEMETA:
        return "codemeta"
    terms = _RO_TERMS.match(url)
    if terms:
        return f"ro-terms/{terms.group(1)}"
    match = _DCAT_AP_3.match(url)
    if match:
        return "dcat-ap-3/context" if match.group(1) else "dcat-ap-3/examples"
    return None


def is_rocrate_context(url: str) -> bool:
    """Return True for an RO-Crate context URL (any version)."""
    return url.strip().startswith(_ROCRATE_PREFIXES)


class ContextResolver:
    """Inline every ``@context`` reference of a document; one instance caches fetches for a run.

    :param allow_remote: fetch contexts that are not bundled (``--allow-remote-context``).
    :param fetch: how to fetch a URL (injected by tests); defaults to fairmeta's HTTP client.
    """

    def __init__(
        self,
        allow_remote: bool = False,
        fetch: Callable[[str], bytes] | None = None,
        local: Mapping[str, Path] | None = None,
    ) -> None:
        self.allow_remote = allow_remote
        self._fetch = fetch or _fetch
        self._remote: dict[str, Any] = {}
        self.local = dict(local or {})  # context URL -> a local copy (--context URL=FILE)
        self.seen_urls: list[str] = []
        self.fetched: list[str] = []  # remote contexts fetched, or read from the context cache
        self.keep = False  # keep what is fetched in the cache directory (`fairmeta cache warm`)

    def inline(self, document: Any) -> Any:
        """Return a copy of ``document`` whose contexts are all inline; raise on a refused URL."""
        return self._walk(document, depth=0)

    def _walk(self, value: Any, depth: int) -> Any:
        if isinstance(value, dict):
            return {
                key: (self._context(item, depth) if key == "@context" else self._walk(item, depth))
                for key, item in value.items()
            }
        if isinstance(value, list):
            return [self._walk(item, depth) for item in value]
        return value

    def _context(self, value: Any, depth: int) -> Any:
        if depth > 10:
            raise RemoteContextFailedError("contexts nest more than 10 levels deep")
        if isinstance(value, str):
            return self._walk(self._resolve(value), depth + 1)
        if isinstance(value, list):
            return [self._context(item, depth) for item in value]
        if isinstance(value, dict):
            out: dict[str, Any] = {}
            for key, item in value.items():
                if key == "@import" and isinstance(item, str):
                    imported = self._context(item, depth + 1)
                    if isinstance(imported, dict):
                        out.update({k: v for k, v in imported.items() if k not in value})
                    continue
                out[key] = self._walk(item, depth)
            return out
        return value

    def resolve(self, url: str) -> Any:
        """The inline context ``url`` stands for (bundled, a local copy, kept or fetched); raise when refused."""
        return self._resolve(url)

    def _resolve(self, url: str) -> Any:
        self.seen_urls.append(url)
        bundled = bundled_context(url)
        if bundled is not None:
            return bundled
        copy = self.local.get(url.strip()) or self.local.get(url.strip().rstrip("/"))
        if copy is not None:
            return self._local(url, copy)
        kept = kept_context(url)
        if kept is not None:  # fetched earlier by `fairmeta cache warm` (or an allowed run)
            self.fetched.append(url)
            return self._local(url, kept)
        if not self.allow_remote:
            raise RemoteContextRefusedError(url)
        if url not in self._remote:
            try:
                data = json.loads(self._fetch(url).decode("utf-8-sig"))
            except (OSError, ValueError) as exc:
                raise RemoteContextFailedError(f"could not fetch @context {url}: {exc}") from None
            if not isinstance(data, dict) or "@context" not in data:
                raise RemoteContextFailedError(f"{url} is not a JSON-LD context document")
            self._remote[url] = data["@context"]
            self.fetched.append(url)
            if self.keep:
                keep_context(url, data)
        return self._remote[url]

    def _local(self, url: str, copy: Path) -> Any:
        if url not in self._remote:
            try:
                data = json.loads(copy.read_bytes().decode("utf-8-sig"))
            except (OSError, ValueError) as exc:
                raise RemoteContextFailedError(
                    f"the local copy {copy} of @context {url} cannot be read: {exc}"
                ) from None
            if not isinstance(data, dict) or "@context" not in data:
                raise RemoteContextFailedError(
                    f"the local copy {copy} of @context {url} is not a JSON-LD context document"
                )
            self._remote[url] = data["@context"]
        return self._remote[url]


def _kept_path(url: str) -> Path:
    import hashlib

    from fairmeta.cache import cache_dir

    return cache_dir() / "contexts" / f"{hashlib.sha256(url.strip().encode()).hexdigest()}.jsonld"


def kept_context(url: str) -> Path | None:
    """The copy of a remote context an earlier fetch kept in the cache directory, if any."""
    path = _kept_path(url)
    return path if path.is_file() else None


def keep_context(url: str, document: Any) -> None:
    """Keep a fetched context in the cache directory, so offline runs read it (atomically written)."""
    from fairmeta.cache import store_text

    store_text(_kept_path(url), json.dumps(document))


def _fetch(url: str) -> bytes:
    from fairmeta.resolvers.contexts import fetch_context  # requests is imported only when a context is fetched

    return fetch_context(url)


@contextmanager
def no_network_fetch() -> Iterator[None]:
    """Make rdflib's JSON-LD context loader refuse URLs while the block runs."""
    from rdflib.plugins.shared.jsonld import context as rdflib_context

    original = getattr(rdflib_context, "source_to_json")  # noqa: B009 - not in the module's __all__

    def refuse(source: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(source, str) and "://" in source:
            raise RemoteContextRefusedError(source)
        return original(source, *args, **kwargs)

    setattr(rdflib_context, "source_to_json", refuse)  # noqa: B010
    try:
        yield
    finally:
        setattr(rdflib_context, "source_to_json", original)  # noqa: B010
