"""Fetching whole documents for the harvester: bounded, routed, recorded and replayable.

The resolvers ask small questions (does this DOI exist?); harvesting reads documents: landing
pages, metadata in several media types, linksets. This is the same client (its per-host slots,
pacing, retries and User-Agent), with what reading documents from arbitrary servers needs:

- a **total deadline** per request (``timeout``): a server that drips one byte every half second is
  cut off when the deadline passes, whatever its per-read timing;
- a **maximum body size** (``max_bytes``): a larger answer is cut off, marked truncated, never cached;
- **redirects followed by hand** (at most ``max_redirects``), each hop recorded, only http(s);
- **routes**: URL prefixes mapped to other base URLs at the transport (mirrors, proxies, tests);
  answers, evidence and checks keep the original URL;
- **private addresses**: a URL discovered in harvested content that names a loopback, private or
  link-local address (an IP literal or ``localhost``) is refused unless the harvest started at such
  an address, it is reached through a configured route or service, or ``allow_private`` is set.
  Host names are not resolved for this decision (no DNS look-up is made to take it);
- a **replay cache** (SQLite, beside the resolvers' cache): complete 2xx and 3xx answers and 410
  tombstones are kept with their original timing, so an ``--offline`` re-run gives the identical
  report. Faults are never kept as truth: no truncated body, no 404 (a wrong mirror's 404 page must
  not become "not found" later), no 5xx, no 200 whose JSON does not parse.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import sqlite3
import threading
import time
from collections.abc import Sequence
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from fairmeta.resolvers.answers import HARVEST, HARVEST_TABLE, harvest_row
from fairmeta.resolvers.http import USER_AGENT, HttpClient, retry_after

REPLAYABLE = frozenset({200, 201, 203, 204, 300, 301, 302, 303, 307, 308, 410})
REDIRECTS = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True)
class Hop:
    """One request and its answer (a redirect is a hop of its own)."""

    url: str
    status: int
    media_type: str
    size: int
    elapsed_ms: int
    location: str | None = None  # where a redirect pointed


@dataclass
class Fetched:
    """The outcome of fetching one URL: the final answer, every hop, and why it failed if it did."""

    url: str  # as asked
    accept: str
    status: int = 0  # 0: no answer (refused, unreachable, not cached offline)
    final_url: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    link_headers: list[str] = field(default_factory=list)
    body: bytes = b""
    hops: list[Hop] = field(default_factory=list)
    error: str | None = None
    truncated: bool = False
    from_cache: bool = False

    @property
    def media_type(self) -> str:
        """The answer's media type without parameters, lower case (``""`` when none)."""
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def ok(self) -> bool:
        """A complete 2xx answer."""
        return 200 <= self.status < 300 and not self.truncated and self.error is None


def is_private_host(host: str) -> bool:
    """Whether a host is a loopback, private, link-local or unspecified address, or ``localhost``."""
    name = host.strip("[]").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return False
    return address.is_private or address.is_loopback or address.is_link_local or address.is_unspecified


class Fetcher:
    """Fetch documents through an :class:`HttpClient`'s politeness, with routes and a replay cache.

    :param routes: ``(prefix, target)`` pairs: a URL starting with a prefix is requested at the target.
    :param trusted: base URLs of configured services (the DOI proxy, ...): private addresses there are fine.
    :param allow_private: follow discovered links to private addresses too.
    """

    def __init__(
        self,
        client: HttpClient,
        routes: Sequence[tuple[str, str]] = (),
        trusted: Sequence[str] = (),
        allow_private: bool = False,
        max_bytes: int = 20_000_000,
        max_redirects: int = 10,
        contact: str | None = None,
    ) -> None:
        self.client = client
        self.routes = sorted(routes, key=lambda r: -len(r[0]))  # the longest prefix wins
        self.trusted = tuple(trusted)
        self.allow_private = allow_private
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.user_agent = f"{USER_AGENT[:-1]}; mailto:{contact})" if contact else USER_AGENT
        self.requests_made = 0
        self._unreachable: set[str] = set()
        self._session: Any = None
        self._lock = threading.Lock()
        cache_file = client.settings.cache_file
        self.cache_file = cache_file.with_name("harvest.sqlite") if cache_file is not None else None
        self.shared_cache_file = client.settings.shared_cache_file  # a spread run's cache (read only)

    # --- decisions ---------------------------------------------------------------------------

    def routed(self, url: str) -> str:
        """The URL the request is sent to (after the routes)."""
        for prefix, target in self.routes:
            if url.startswith(prefix):
                return target + url[len(prefix) :]
        return url

    def configured(self, url: str) -> bool:
        """Whether the URL is reached through a route or a configured service."""
        return any(url.startswith(prefix) for prefix, _ in self.routes) or any(
            url.startswith(base) for base in self.trusted
        )

    def refusal(self, url: str, discovered: bool, started_private: bool) -> str | None:
        """Why this URL may not be requested, or None (the decision only: nothing is connected)."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            return f"not an http(s) URL: {url[:100]}"
        if not parts.hostname:
            return f"no host in {url[:100]}"
        if (
            discovered
            and not self.allow_private
            and not started_private
            and not self.configured(url)
            and is_private_host(parts.hostname)
        ):
            return f"{parts.hostname} is a private or loopback address (allow with --allow-private-network)"
        return None

    # --- fetching ------------------------------------------------------------------------------

    def fetch(
        self, url: str, accept: str, discovered: bool = False, started_private: bool = False, head: bool = False
    ) -> Fetched:
        """GET (``head``: HEAD) ``url`` asking for ``accept``, following redirects; never raises for
        network trouble."""
        outcome = Fetched(url, accept)
        current = url
        for _ in range(self.max_redirects + 1):
            why = self.refusal(current, discovered or current != url, started_private)
            if why is not None:
                outcome.error = f"refused: {why}"
                return outcome
            answer = self._one(current, accept, head)
            outcome.from_cache = answer.from_cache if not outcome.hops else outcome.from_cache and answer.from_cache
            outcome.hops.append(answer.hop)
            if answer.status in REDIRECTS and answer.location:
                current = urljoin(current, answer.location)
                continue
            outcome.status, outcome.headers, outcome.body = answer.status, answer.headers, answer.body
            outcome.link_headers, outcome.final_url = answer.links, current
            outcome.error, outcome.truncated = answer.error, answer.truncated
            return outcome
        outcome.error = f"more than {self.max_redirects} redirects"
        return outcome

    def _one(self, url: str, accept: str, head: bool) -> _Answer:
        method = "HEAD" if head else "GET"
        key = hashlib.sha256(f"{method}\0{url}\0{accept}".encode()).hexdigest()
        cached = self._cached(key)
        if cached is not None or self.client.settings.cache_only:
            return cached or _Answer.failed(url, "not in the harvest cache (offline run)")
        answer = self._network(url, accept, method)
        if answer.replayable:
            self._store(key, answer)
        return answer

    def _network(self, url: str, accept: str, method: str) -> _Answer:
        settings = self.client.settings
        target = self.routed(url)
        host = urlsplit(target).netloc.lower()
        if host in self._unreachable:  # refused every attempt earlier in this run: fail fast
            return _Answer.failed(url, f"cannot connect to {host}", refused=True)
        last = _Answer.failed(url, "not attempted")
        for attempt in range(settings.retries + 1):
            with self.client.turn(host):
                last = self._attempt(url, target, accept, method)
            with self._lock:
                self.requests_made += 1
            if last.status == 429 or last.status >= 500 or last.status == 0:  # a refused connection too: a
                if attempt < settings.retries:  # busy server's full backlog refuses for a moment
                    wait = settings.backoff * (2**attempt)
                    time.sleep(min(settings.max_wait, retry_after(last.headers.get("retry-after"), wait)))
                continue
            return last
        if last.refused:
            with self._lock:
                self._unreachable.add(host)
        return last

    def _attempt(self, url: str, target: str, accept: str, method: str) -> _Answer:
        import requests

        settings = self.client.settings
        started = time.monotonic()
        deadline = started + settings.timeout
        try:
            response = self.session.request(
                method,
                target,
                headers={"Accept": accept, "User-Agent": self.user_agent},
                timeout=(min(settings.timeout, 10.0), settings.timeout),
                allow_redirects=False,
                stream=True,
            )
        except requests.Timeout:
            return _Answer.failed(url, f"no answer within {settings.timeout:g} s", started)
        except requests.ConnectionError:
            return _Answer.failed(url, f"cannot connect to {urlsplit(target).netloc}", started, refused=True)
        except requests.RequestException as exc:
            return _Answer.failed(url, f"{type(exc).__name__}: {str(exc)[:120]}", started, refused=True)
        body = bytearray()
        error = None
        truncated = False
        try:
            with closing(response):
                # read1 returns what has arrived (at least a byte, or the end): the deadline is
                # checked between reads, so a server dripping bytes cannot outlast it
                read = getattr(response.raw, "read1", None)
                chunks = iter(lambda: read(65536), b"") if read is not None else response.iter_content(65536)
                for chunk in chunks:
                    body += chunk
                    if len(body) > self.max_bytes:
                        truncated, error = True, f"cut off at {self.max_bytes:,} bytes"
                        del body[self.max_bytes :]
                        break
                    if time.monotonic() > deadline:
                        truncated, error = True, f"not complete within {settings.timeout:g} s"
                        break
        except requests.RequestException as exc:
            truncated, error = True, f"the answer broke off ({type(exc).__name__})"
        headers = {k.lower(): v for k, v in response.headers.items()}
        links = list(response.raw.headers.getlist("Link")) if hasattr(response.raw, "headers") else []
        if not links and "link" in headers:
            links = [headers["link"]]
        return _Answer(
            url=url,
            status=response.status_code,
            headers=headers,
            links=links,
            body=bytes(body),
            elapsed_ms=int((time.monotonic() - started) * 1000),
            error=error,
            truncated=truncated,
        )

    @property
    def session(self) -> Any:
        """A plain requests session (the replay cache is fairmeta's own)."""
        if self._session is None:
            import requests

            with self._lock:
                if self._session is None:
                    self._session = requests.Session()
        return self._session

    # --- the replay cache ----------------------------------------------------------------------

    def _db(self) -> sqlite3.Connection | None:
        if self.cache_file is None or not self.client.settings.cache:
            return None
        try:
            self.cache_file.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.cache_file, timeout=10)
            db.execute(HARVEST_TABLE)
            return db
        except (OSError, sqlite3.Error):
            return None

    def _cached(self, key: str) -> _Answer | None:
        if not self.client.settings.cache:
            return None
        row = harvest_row(self.cache_file, key) if self.cache_file is not None else None
        if row is None and self.shared_cache_file is not None:  # a spread run's cache, read only
            row = harvest_row(self.shared_cache_file.with_name(HARVEST), key)
        if row is None:
            return None
        expire = self.client.settings.expire_days * 86400
        if not self.client.settings.cache_only and time.time() - row[6] > expire:
            return None
        return _Answer(
            url=row[0],
            status=row[1],
            headers=json.loads(row[2]),
            links=json.loads(row[3]),
            body=row[4],
            elapsed_ms=row[5],
            from_cache=True,
        )

    def _store(self, key: str, answer: _Answer) -> None:
        db = self._db()
        if db is None:
            return
        try:
            with closing(db), db:
                db.execute(
                    "INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        key,
                        answer.url,
                        answer.status,
                        json.dumps(answer.headers, sort_keys=True),
                        json.dumps(answer.links),
                        answer.body,
                        answer.elapsed_ms,
                        time.time(),
                    ),
                )
        except sqlite3.Error:
            pass

    def close(self) -> None:
        """Release the session."""
        if self._session is not None:
            self._session.close()


def cache_path(cache_dir: Path) -> Path:
    """Where the replay cache lives under a cache directory."""
    return cache_dir / "http" / "harvest.sqlite"


@dataclass
class _Answer:
    url: str
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    links: list[str] = field(default_factory=list)
    body: bytes = b""
    elapsed_ms: int = 0
    error: str | None = None
    truncated: bool = False
    refused: bool = False
    from_cache: bool = False

    @classmethod
    def failed(cls, url: str, error: str, started: float | None = None, refused: bool = False) -> _Answer:
        elapsed = int((time.monotonic() - started) * 1000) if started is not None else 0
        return cls(url, 0, error=error, refused=refused, elapsed_ms=elapsed)

    @property
    def location(self) -> str | None:
        return self.headers.get("location")

    @property
    def hop(self) -> Hop:
        media = self.headers.get("content-type", "").split(";")[0].strip().lower()
        return Hop(self.url, self.status, media, len(self.body), self.elapsed_ms, self.location)

    @property
    def replayable(self) -> bool:
        """Whether this answer may be kept and replayed: complete, and not a fault."""
        if self.error is not None or self.truncated or self.status not in REPLAYABLE:
            return False
        media = self.headers.get("content-type", "").lower()
        if self.status == 200 and "json" in media:
            try:
                json.loads(self.body)
            except ValueError:
                return False  # a malformed 200 may be a passing fault: ask again next time
        return True
