"""What every resolver takes and gives: a query, its resolution, and how a JSON API is asked."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from fairmeta.model import ResolutionOutcome
from fairmeta.resolvers.http import Answer, HttpClient


@dataclass(frozen=True)
class Query:
    """What to resolve: a scheme and its bare identifier (``10.5281/x``, ``0000-…``, a URL)."""

    scheme: str  # doi | handle | orcid | ror | curie | url | term ("<OLS ontology> <IRI>")
    value: str
    metadata: bool = False  # also fetch what it names (DOI title); ORCID and ROR always come with it


@dataclass(frozen=True)
class Resolution:
    """The outcome for one query."""

    query: Query
    outcome: ResolutionOutcome
    detail: str
    names: tuple[str, ...] = field(default=())  # person names, organisation names or titles
    from_cache: bool = False
    payload: object = None  # what a term look-up found (a fairmeta.checks.terms.ontology.TermInfo)


def unverifiable(query: Query, answer: Answer, shown: str | None = None) -> Resolution:
    why = answer.error or f"HTTP {answer.status}"
    return Resolution(query, ResolutionOutcome.UNVERIFIABLE, f"could not check {shown or query.value}: {why}")


def ask_json(
    client: HttpClient,
    query: Query,
    service: str,
    urls: list[str],
    gone: dict[int, str],
    headers: dict[str, str] | None = None,
    no_api: Callable[[Resolution], Resolution] | None = None,
    shown: str | None = None,
) -> tuple[dict[str, Any] | None, Resolution | None]:
    """Ask a service's JSON API about ``query``: its answer, or the resolution when there is none.

    ``urls`` are the forms of the API to try in turn (a mirror may serve an older one). A status
    in ``gone`` with the service's JSON body settles that the identifier does not exist; with any
    other body (no such path: not the API answering) the next form is asked, and after the last
    one ``no_api`` has the say, if given. Other statuses and answers that are not JSON leave the
    identifier not assessed. The answer carries ``_from_cache``; ``shown`` names the identifier in
    the details (default: the query's value).
    """
    shown = shown or query.value
    for number, url in enumerate(urls, 1):
        answer = client.request(url, headers=headers)
        if answer.status in gone:
            api_answered = isinstance(answer.json(), dict)
            if api_answered or number == len(urls):
                why = f"{service} {shown} {gone[answer.status]} ({url} answers {answer.status})"
                failed = Resolution(query, ResolutionOutcome.FAILED, why, (), answer.from_cache)
                return None, (no_api(failed) if no_api is not None and not api_answered else failed)
            continue
        if answer.status != 200:
            return None, unverifiable(query, answer, shown)
        data = answer.json()
        if not isinstance(data, dict):
            return None, Resolution(
                query, ResolutionOutcome.UNVERIFIABLE, f"{url} gave an answer that is not {service} JSON"
            )
        data["_from_cache"] = answer.from_cache
        return data, None
    raise AssertionError("no API form to ask")  # urls is never empty
