"""The HTTP client of the resolvers: cached, polite and bounded.

- A persistent cache (requests-cache, SQLite under the cache directory) keeps answers that settle a
  question (2xx, redirects, 404, 410) for ``expire_after``; a second run of the same file makes no
  request. 429 and 5xx answers are never cached.
- Every request has a timeout; 429 and 5xx are retried with exponential backoff, waiting what
  ``Retry-After`` asks (capped); connection errors and timeouts are retried the same way.
- Per host: at most ``per_host`` requests at once and at most ``rate`` requests a second.
- The User-Agent names fairmeta and its version, as the ORCID, ROR and Crossref APIs ask.
- ``cache_only`` (offline runs) answers from the cache and sends nothing, so that ``fairmeta cache
  warm`` where the network is reachable lets a later ``--offline`` check use what it resolved.
  Beside requests-cache's tables, the cache file holds the URLs fairmeta has asked (table
  ``fairmeta_asked``): an offline run skips every other URL at once instead of paying for a
  cache-key computation (about a millisecond each) per identifier of a ten-thousand-row sheet.
"""

from __future__ import annotations

import email.utils
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fairmeta._version import __version__
from fairmeta.resolvers.answers import asked_urls, layered_backend, nothing_cached, record_asked

USER_AGENT = f"fairmeta/{__version__} (FAIR metadata validator; +https://github.com/fairmeta/fairmeta)"
CACHEABLE = (200, 203, 300, 301, 302, 303, 307, 308, 404, 410)


@dataclass(frozen=True)
class HttpSettings:
    """How the client behaves; every value can be set in the ``resolvers`` configuration table."""

    timeout: float = 30.0  # seconds per request, in total (a harvested answer is cut off at this deadline)
    retries: int = 3  # further attempts after a 429, a 5xx, a timeout or a connection error
    backoff: float = 0.5  # first wait between attempts, doubled each time
    max_wait: float = 30.0  # the longest Retry-After honoured
    per_host: int = 8  # requests in flight per host
    rate: float = 50.0  # requests started per second per host
    workers: int = 32  # identifiers resolved at once across the run
    cache: bool = True
    cache_file: Path | None = None  # SQLite file of the response cache
    # a worker of a spread run: the run's cache, read after cache_file (the worker's own), never
    # written here; the run's single writer merges the worker's answers into it (answers.py)
    shared_cache_file: Path | None = None
    expire_days: float = 7.0
    cache_only: bool = False  # offline runs: answer from the cache, never send a request
    max_bytes: int = 20_000_000  # harvested answers are cut off beyond this (and never cached)
    max_redirects: int = 10
    contact: str | None = None  # an e-mail address for the User-Agent of harvesting (polite crawlers give one)


@dataclass
class Answer:
    """An HTTP answer, or why there was none (``status`` 0)."""

    status: int
    url: str
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    error: str | None = None
    from_cache: bool = False

    def json(self) -> Any:
        """The body as JSON, or None when it is not JSON."""
        import json

        try:
            return json.loads(self.body)
        except ValueError:
            return None


class HttpClient:
    """One per run; safe to use from many threads."""

    def __init__(self, settings: HttpSettings) -> None:
        self.settings = settings
        # a cache file written before fairmeta kept this record holds answers it does not list: then
        # no record is started, and offline runs look every URL up (slower, still right)
        asked = asked_urls(settings.cache_file)
        self._record = settings.cache_file is not None and (asked is not None or nothing_cached(settings.cache_file))
        self._cached = settings.cache and settings.cache_file is not None
        # an offline run without a cache file can answer nothing from it: no session, no requests import
        self._nothing_to_read = settings.cache_only and (
            settings.cache_file is None or not settings.cache_file.is_file()
        )
        self._session: Any = None
        self._lock = threading.Lock()
        self._slots: dict[str, threading.BoundedSemaphore] = {}
        self._next_start: dict[str, float] = {}
        self.requests_made = 0  # requests that reached the network (not answered by the cache)
        self._unreachable: set[str] = set()  # hosts that refused every attempt: later requests fail fast
        self._asked: set[str] = set()  # URLs answered by the network this run (recorded at close)
        self._known: set[str] | None = None  # cache_only: URLs earlier runs asked (None: not recorded)
        if settings.cache_only and self._cached:
            self._known = asked
        if not settings.cache_only:
            self._open()  # started now, so the record of asked URLs begins even if nothing is asked

    @property
    def session(self) -> Any:
        """The requests session (cached, or plain), opened on first use: most offline runs need none."""
        if self._session is None:
            with self._lock:
                if self._session is None:
                    self._open()
        return self._session

    def _open(self) -> None:
        import requests

        settings = self.settings
        session: Any
        if self._cached and settings.cache_file is not None:
            import requests_cache

            settings.cache_file.parent.mkdir(parents=True, exist_ok=True)
            backend: Any = "sqlite"
            if settings.shared_cache_file is not None:
                backend = layered_backend(settings.cache_file, settings.shared_cache_file)
            session = requests_cache.CachedSession(
                str(settings.cache_file),
                backend=backend,
                allowable_codes=CACHEABLE,
                allowable_methods=("GET", "HEAD"),
                expire_after=int(settings.expire_days * 86400),
                stale_if_error=False,
            )
            if self._record:  # started now, even if this run asks nothing (an unreachable network)
                record_asked(settings.cache_file, set())
        else:
            session = requests.Session()
        session.headers["User-Agent"] = USER_AGENT
        self._session = session

    def _host(self, url: str) -> str:
        return urlsplit(url).netloc.lower()

    def _slot(self, host: str) -> threading.BoundedSemaphore:
        with self._lock:
            if host not in self._slots:
                self._slots[host] = threading.BoundedSemaphore(self.settings.per_host)
            return self._slots[host]

    @contextmanager
    def turn(self, host: str) -> Iterator[None]:
        """Hold one of the host's ``per_host`` slots, started no sooner than its ``rate`` allows: the
        politeness every request of the run goes through (the resolvers' and the harvester's)."""
        with self._slot(host):
            self._pace(host)
            yield

    def _pace(self, host: str) -> None:
        """Wait until this host may get another request (``rate`` per second)."""
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next_start.get(host, now))
            self._next_start[host] = start + 1.0 / self.settings.rate
        if start > now:
            time.sleep(start - now)

    def request(
        self, url: str, method: str = "GET", headers: dict[str, str] | None = None, follow: bool = True
    ) -> Answer:
        """Send one request with retries; never raises for network trouble (``status`` 0 then).

        ``follow``: follow redirects (off: a redirect is the answer, as from a DOI proxy)."""
        if self.settings.cache_only:
            return self._from_cache(url, method, headers, follow)
        import requests

        host = self._host(url)
        if host in self._unreachable:
            return Answer(0, url, error=f"cannot connect to {host}")
        last = Answer(0, url, error="not attempted")
        refused = False
        for attempt in range(self.settings.retries + 1):
            wait = self.settings.backoff * (2**attempt)
            with self.turn(host):
                try:
                    response = self.session.request(
                        method, url, headers=headers or {}, timeout=self.settings.timeout, allow_redirects=follow
                    )
                except requests.RequestException as exc:
                    refused = isinstance(exc, requests.ConnectionError) and not isinstance(exc, requests.Timeout)
                    if isinstance(exc, requests.Timeout):
                        last = Answer(0, url, error=f"no answer within {self.settings.timeout:g} s")
                    elif refused:
                        last = Answer(0, url, error=f"cannot connect to {host}")
                    else:
                        last = Answer(0, url, error=f"{type(exc).__name__}: {str(exc)[:120]}")
                    response = None
            if response is None:  # back off before retrying, without holding the host's slot
                if attempt < self.settings.retries:
                    time.sleep(min(self.settings.max_wait, wait))
                continue
            from_cache = bool(getattr(response, "from_cache", False))
            if not from_cache:
                with self._lock:
                    self.requests_made += 1
                    self._asked.add(url)
            last = Answer(
                response.status_code,
                response.url,
                response.content if method != "HEAD" else b"",
                dict(response.headers),
                from_cache=from_cache,
            )
            if response.status_code == 429 or response.status_code >= 500:
                last.error = f"HTTP {response.status_code}"
                if attempt < self.settings.retries:
                    time.sleep(min(self.settings.max_wait, retry_after(response.headers.get("Retry-After"), wait)))
                continue
            return last
        if refused:  # no connection after every retry: the host is down or the network is, this run
            with self._lock:
                self._unreachable.add(host)
        return last

    def _from_cache(self, url: str, method: str, headers: dict[str, str] | None, follow: bool = True) -> Answer:
        """The cached answer, or status 0 when there is none (requests-cache answers 504 then)."""
        if self._nothing_to_read or not self._cached or (self._known is not None and url not in self._known):
            return Answer(0, url, error="not in the response cache (offline run)")
        import requests

        # a key look-up first: most identifiers of a big run were never resolved, and a miss through
        # the session costs a millisecond (a prepared request, then a 504 response built for nothing)
        prepared = self.session.prepare_request(requests.Request(method, url, headers=headers or {}))
        if not self.session.cache.contains(request=prepared):
            return Answer(0, url, error="not in the response cache (offline run)")
        response = self.session.request(method, url, headers=headers or {}, only_if_cached=True, allow_redirects=follow)
        if not getattr(response, "from_cache", False):
            return Answer(0, url, error="not in the response cache (offline run)")
        body = response.content if method != "HEAD" else b""
        return Answer(response.status_code, response.url, body, dict(response.headers), from_cache=True)

    def close(self) -> None:
        """Release the session (and the cache file), recording the URLs this run asked."""
        if self._session is None:
            return
        self._session.close()
        if self._asked and self._record and self._cached and self.settings.cache_file is not None:
            record_asked(self.settings.cache_file, self._asked)


def retry_after(value: str | None, default: float) -> float:
    """Seconds a Retry-After header asks for (a number or an HTTP date), else ``default``."""
    if not value:
        return default
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
        return max(0.0, when.timestamp() - time.time())
    except (TypeError, ValueError):
        return default
