"""Full texts of publications, JATS (PMC, Europe PMC, publishers) and TEI (GROBID): who the paper is
and what it says about its data and code.

Statements are looked for where publishers put them:

- JATS: ``<sec sec-type="data-availability">`` (and ``data_availability``), ``<notes notes-type=…>``,
  PLOS's ``<custom-meta>`` named "Data Availability", and any ``<sec>``/``<notes>`` whose title is an
  availability heading ("Data availability", "Availability of data and materials", "Accession
  numbers", "Code availability", "Data sharing", "Deposited data", …);
- TEI: ``<div type="availability">`` and ``<div>``\\ s whose ``<head>`` is such a heading;
- elsewhere in the text (Methods, mostly): sentences that deposit data or code with an identifier
  ("… have been deposited in GEO under accession GSE…", "code is available at https://github.com/…").

XML is checked safe first (no entities, no external references), as every XML fairmeta reads.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from fairmeta.loaders.xmlsafety import safe_root
from fairmeta.monitor.statements import Availability, classify, identifiers_in, prepared

HEADING = re.compile(
    r"^\s*(?:\d+(?:\.\d+)*\.?\s*)?(?:data(?: and (?:code|materials|software|resource))? (?:availability|accessibility|access|sharing)"
    r"(?: statement)?|availability of (?:data|code|supporting data|materials|data and materials|data, code)(?:[\w ,]*)?"
    r"|(?:code|software) availability(?: statement)?|accession (?:numbers?|codes?)|deposited data|data deposition"
    r"|data sharing(?: statement)?|resource availability|lead contact.*materials availability|materials and data availability)\s*:?\s*$",
    re.IGNORECASE,
)
_DEPOSIT = re.compile(
    r"\b(?:deposited|submitted to|uploaded to|accession (?:number|code)s?|series (?:number|accession)"
    r"|available (?:at|from|on|in|via|under|through)|open[- ]source|implementation|source code|(?:is|are) hosted)",
    re.IGNORECASE,
)


# a link as papers write them: with a scheme, www., or a bare host of a common top-level domain
_LINK = re.compile(
    r"(?:https?://|www\.)[^\s<>\"')\]]+|\b[a-z0-9.-]+\.(?:org|com|net|edu|gov|io|de|uk|jp|eu|fr)(?:/[^\s<>\"')\]]*)?",
    re.IGNORECASE,
)


def normalised_link(url: str) -> str:
    """A link as links are compared: no spaces, scheme, ``www.``, case or trailing punctuation."""
    text = re.sub(r"\s+", "", url).lower()
    text = re.sub(r"^https?://", "", text).removeprefix("www.")
    return text.rstrip("/.,;:")


def links_in(text: str) -> list[str]:
    """Every link a text names (software homepages, repositories, code hosts), normalised, in text order."""
    return list(dict.fromkeys(normalised_link(m.group(0)) for m in _LINK.finditer(prepared(text))))


@dataclass
class Statement:
    """One availability statement (or deposit sentence) and where in the paper it is."""

    heading: str
    text: str
    location: str  # "sec[data-availability]", "custom-meta", "methods sentence", ...


@dataclass
class FullText:
    """What a full text says about itself and its data and code."""

    source: str
    doi: str | None = None
    pmid: str | None = None
    pmcid: str | None = None
    year: int | None = None
    title: str | None = None
    statements: list[Statement] = field(default_factory=list)

    @property
    def availability(self) -> Availability:
        """The statements classified together."""
        return classify(" <section> ".join(s.text for s in self.statements))


def _text(element: ET.Element) -> str:
    return " ".join("".join(element.itertext()).split())


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def read_fulltext(data: bytes, source: str) -> FullText:
    """Read JATS or TEI; a ``ValueError`` (with the reason) when it is neither or not safe XML
    (an entity declaration or an external reference: :class:`UnsafeXmlError`)."""
    root = safe_root(data)
    kind = _local(root.tag)
    if kind in ("article", "pmc-articleset"):
        return _jats(root, source)
    if kind.lower() in ("tei", "teicorpus"):
        return _tei(root, source)
    raise ValueError(f"neither JATS nor TEI (root element <{kind}>)")


def read_fulltext_file(path: Path) -> FullText:
    """:func:`read_fulltext` of a file."""
    from fairmeta.files import read_file

    return read_fulltext(read_file(path), str(path))


def _jats(root: ET.Element, source: str) -> FullText:
    article = root if _local(root.tag) == "article" else next((e for e in root if _local(e.tag) == "article"), root)
    out = FullText(source)
    for element in article.iter():
        if _local(element.tag) == "article-id":
            kind = (element.get("pub-id-type") or "").lower()
            value = (element.text or "").strip()
            if kind == "doi" and not out.doi:
                out.doi = value.lower()
            elif kind == "pmid" and not out.pmid:
                out.pmid = value
            elif kind in ("pmc", "pmcid") and not out.pmcid:
                out.pmcid = value if value.upper().startswith("PMC") else f"PMC{value}"
        elif _local(element.tag) == "article-title" and out.title is None:
            out.title = _text(element)
        elif _local(element.tag) == "pub-date" and out.year is None:
            year = next((e.text for e in element if _local(e.tag) == "year" and e.text), None)
            out.year = int(year) if year and year.strip().isdigit() else None
    seen: set[str] = set()
    for element in article.iter():
        tag = _local(element.tag)
        kind = (element.get("sec-type") or element.get("notes-type") or "").lower().replace("_", "-")
        if tag == "custom-meta":
            name = next((_text(e) for e in element if _local(e.tag) == "meta-name"), "")
            value = next((_text(e) for e in element if _local(e.tag) == "meta-value"), "")
            if HEADING.match(name) and value:
                _add(out, seen, name, value, "custom-meta")
        elif tag in ("sec", "notes", "fn-group", "ack"):
            title = next((_text(e) for e in element if _local(e.tag) in ("title", "label")), "")
            if "availability" in kind or "accession" in kind or HEADING.match(title):
                body = " ".join(_text(e) for e in element if _local(e.tag) not in ("title", "label"))
                _add(out, seen, title or kind, body, f"{tag}[{kind or title}]")
    _deposit_sentences(out, seen, article)
    return out


def _tei(root: ET.Element, source: str) -> FullText:
    out = FullText(source)
    for element in root.iter():
        tag = _local(element.tag)
        if tag == "idno" and (element.get("type") or "").upper() == "DOI" and not out.doi:
            out.doi = (element.text or "").strip().lower() or None
        elif tag == "title" and out.title is None and (element.get("level") == "a" or element.get("type") == "main"):
            out.title = _text(element) or None
    seen: set[str] = set()
    for element in root.iter():
        if _local(element.tag) != "div":
            continue
        head = next((_text(e) for e in element if _local(e.tag) == "head"), "")
        if (element.get("type") or "").lower() == "availability" or HEADING.match(head):
            body = " ".join(_text(e) for e in element if _local(e.tag) != "head")
            _add(out, seen, head or "availability", body, "div[availability]")
    _deposit_sentences(out, seen, root)
    return out


def _add(out: FullText, seen: set[str], heading: str, text: str, location: str) -> None:
    text = " ".join(text.split())
    if text and text not in seen:
        seen.add(text)
        out.statements.append(Statement(heading, text, location))


def _deposit_sentences(out: FullText, seen: set[str], root: ET.Element) -> None:
    """Sentences anywhere in the body that deposit data or code with an identifier, the sentence after
    one of them when it goes on listing identifiers ("… are listed as GSM219988 through GSM220033"),
    and every sentence naming code on a code host (software a paper shares or uses: the classifier
    tells which)."""
    from fairmeta.monitor.statements import is_code_host

    said = " ".join(seen)
    for element in root.iter():
        if _local(element.tag) != "p":
            continue
        paragraph = prepared(_text(element))
        previous = False
        for sentence in re.split(r"(?<=[.;])\s+(?=[A-Z(])", paragraph):
            found = identifiers_in(sentence)
            wanted = bool(found) and (
                _DEPOSIT.search(sentence) is not None or previous or any(is_code_host(i) for i in found)
            )
            previous = wanted
            if wanted and sentence not in said:
                _add(out, seen, "", sentence, "body sentence")
