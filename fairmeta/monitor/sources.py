"""The web services the monitor reads, each at a configurable base URL (``FAIRMETA_<NAME>_URL`` or
``[resolvers]``), through the resolvers' cached HTTP client:

- **OpenAlex** works of an organisation (ROR id) or a person (ORCID iD) in a year range, all pages
  (``cursor`` paging), each a publication with its DOI, year, title, journal and open-access status;
- **Europe PMC**: a publication's PMCID and open-access status by DOI or PMID (``search``), and the
  open-access full text (``{PMCID}/fullTextXML``, JATS), read by :mod:`fairmeta.monitor.fulltext`.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fairmeta.monitor.fulltext import FullText, read_fulltext
from fairmeta.monitor.inputs import InputProblem, Publication
from fairmeta.resolvers.http import HttpClient

MAX_PAGES = 200  # 200 pages of 200 works: 40,000 publications, an institution's decade


def _ror(value: str) -> str:
    value = value.strip()
    return value if value.startswith("https://ror.org/") else f"https://ror.org/{value.rsplit('/', 1)[-1]}"


def _orcid(value: str) -> str:
    return value.strip().rsplit("/", 1)[-1]


def query_openalex(
    client: HttpClient,
    base: str,
    ror: str | None = None,
    orcid: str | None = None,
    since: int | None = None,
    until: int | None = None,
) -> tuple[list[Publication], list[InputProblem]]:
    """Every work OpenAlex lists for the organisation or person in the years, as publications."""
    filters = []
    if ror:
        filters.append(f"institutions.ror:{_ror(ror)}")
    if orcid:
        filters.append(f"authorships.author.orcid:https://orcid.org/{_orcid(orcid)}")
    if since or until:
        filters.append(f"publication_year:{since or ''}-{until or ''}")
    where = f"OpenAlex {' '.join(filters)}"
    out: list[Publication] = []
    cursor = "*"
    for _ in range(MAX_PAGES):
        url = f"{base}/works?filter={quote(','.join(filters), safe=':,/-')}&per-page=200&cursor={quote(cursor)}"
        answer = client.request(url, headers={"Accept": "application/json"})
        page = answer.json() if answer.status == 200 else None
        if not isinstance(page, dict):
            return out, [InputProblem(where, answer.error or f"OpenAlex answered {answer.status}")]
        for work in page.get("results") or []:
            publication = _work(work)
            if publication is not None:
                out.append(publication)
        cursor = str((page.get("meta") or {}).get("next_cursor") or "")
        if not cursor or not page.get("results"):
            return out, []
    return out, [InputProblem(where, f"more than {MAX_PAGES} pages: the rest is not read")]


def _work(work: Any) -> Publication | None:
    if not isinstance(work, dict):
        return None
    doi = str(work.get("doi") or "")
    ids = work.get("ids") or {}
    pmid = str(ids.get("pmid") or "").rsplit("/", 1)[-1] or None
    pmcid = str(ids.get("pmcid") or "").rsplit("/", 1)[-1] or None
    if not doi and not pmid and not pmcid:
        return None
    source = ((work.get("primary_location") or {}).get("source") or {}).get("display_name")
    access = work.get("open_access") or {}
    publication = Publication(
        doi=doi.split("doi.org/", 1)[-1].lower() or None,
        pmid=pmid,
        pmcid=pmcid.upper() if pmcid else None,
        year=work.get("publication_year") if isinstance(work.get("publication_year"), int) else None,
        title=str(work.get("title") or "") or None,
        sources=["OpenAlex"],
    )
    if source:
        publication.facets["journal"] = [str(source)]
    if access.get("oa_status"):
        publication.facets["open_access"] = [str(access["oa_status"])]
    return publication


def europepmc_fulltext(client: HttpClient, base: str, publication: Publication) -> tuple[FullText | None, str]:
    """The open-access full text of a publication from Europe PMC, or None and why not."""
    pmcid = publication.pmcid
    if not pmcid:
        if publication.doi:
            query = f'DOI:"{publication.doi}"'
        elif publication.pmid:
            query = f"EXT_ID:{publication.pmid} AND SRC:MED"
        else:
            return None, "no DOI, PMID or PMCID to look up"
        answer = client.request(
            f"{base}/search?query={quote(query)}&format=json&resultType=lite", headers={"Accept": "application/json"}
        )
        page = answer.json() if answer.status == 200 else None
        results = ((page or {}).get("resultList") or {}).get("result") or [] if isinstance(page, dict) else []
        first = results[0] if results and isinstance(results[0], dict) else {}
        if first.get("isOpenAccess") != "Y" or not first.get("pmcid"):
            return None, "not open access in Europe PMC" if first else (answer.error or "not in Europe PMC")
        pmcid = str(first["pmcid"])
        publication.pmcid = publication.pmcid or pmcid
    answer = client.request(f"{base}/{quote(pmcid)}/fullTextXML", headers={"Accept": "application/xml"})
    if answer.status != 200 or not answer.body:
        return None, answer.error or f"Europe PMC full text answered {answer.status}"
    try:
        return read_fulltext(answer.body, f"Europe PMC {pmcid}"), ""
    except ValueError as exc:
        return None, " ".join(str(exc).split())[:200]
