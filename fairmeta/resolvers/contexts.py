"""Fetch a remote JSON-LD context document, through the one HTTP client (only when allowed)."""

from __future__ import annotations

from fairmeta.resolvers.http import HttpClient, HttpSettings

MAX_CONTEXT_BYTES = 5_000_000
_ACCEPT = {"Accept": "application/ld+json, application/json"}


def fetch_context(url: str, client: HttpClient | None = None) -> bytes:
    """The bytes of the context document at ``url``; :class:`OSError` when there is none to use."""
    if not url.startswith(("http://", "https://")):
        raise OSError(f"only http(s) contexts can be fetched, not {url!r}")
    own = client is None
    client = client or HttpClient(HttpSettings(cache=False, retries=1))
    try:
        answer = client.request(url, headers=_ACCEPT)
    finally:
        if own:
            client.close()
    if answer.status != 200:
        raise OSError(answer.error or f"HTTP {answer.status}")
    if len(answer.body) > MAX_CONTEXT_BYTES:
        raise OSError(f"context larger than {MAX_CONTEXT_BYTES} bytes")
    return answer.body
