"""What the monitor is given, told by content: publication lists, database exports, statement tables,
folders of full texts. Each becomes :class:`Publication` entries, merged by identifier.

- a text file (or a table) of publication identifiers: DOIs, PMIDs, PMCIDs, one per line or in an
  identifier column (``--id-column``; else the first column named doi, pmid, pmcid or id);
- SciLifeLab's publications export (CSV/TSV/XLSX, columns of its ``writer.py``: Title, Authors,
  Journal, Year, DOI, PMID, Labels, Qualifiers, IUID, …): the columns are kept as facets, and a
  publication listed once per label (the single-label export) is one publication with several labels;
- tables with availability-statement text per publication (``--text-column NAME``, repeatable);
- folders of full texts (JATS, TEI): every ``.xml`` / ``.nxml`` file.

A row or file that cannot be read is an :class:`InputProblem` of the run, never a crash.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fairmeta.files import UnreadableFileError, path_kind, read_file

_DOI = re.compile(r"^(?:doi:\s*|https?://(?:dx\.)?doi\.org/)?(10\.\d{4,9}/\S+)$", re.IGNORECASE)
_PMCID = re.compile(r"^(?:pmcid:\s*)?(PMC\d+)$", re.IGNORECASE)
_PMID = re.compile(r"^(?:pmid:\s*)?(\d{1,9})$", re.IGNORECASE)
ID_COLUMNS = ("doi", "pmid", "pmcid", "id", "identifier")
SCILIFELAB_COLUMNS = frozenset({"Title", "Authors", "Journal", "Year", "DOI", "PMID", "Labels", "IUID"})
FACETS = ("Journal", "Year", "Labels", "Qualifiers")
FULLTEXT_SUFFIXES = (".xml", ".nxml")


@dataclass
class Publication:
    """One publication: its identifiers, facets, statement texts and full-text file, as given."""

    doi: str | None = None
    pmid: str | None = None
    pmcid: str | None = None
    year: int | None = None
    title: str | None = None
    facets: dict[str, list[str]] = field(default_factory=dict)  # facet -> values (labels, units, journal…)
    texts: list[tuple[str, str]] = field(default_factory=list)  # (column, statement text)
    fulltext: Path | None = None
    sources: list[str] = field(default_factory=list)  # where it was listed ("pubs.csv row 3", a file)
    paper: Any = field(default=None, repr=False)  # the full text read (fairmeta.monitor.fulltext.FullText)

    @property
    def key(self) -> str:
        """How exports name it: the DOI (lower case, no prefix), else ``pmid:N`` / ``pmcid:PMCN``, else the file."""
        if self.doi:
            return self.doi
        if self.pmid:
            return f"pmid:{self.pmid}"
        if self.pmcid:
            return f"pmcid:{self.pmcid}"
        return self.fulltext.name if self.fulltext else (self.sources[0] if self.sources else "?")

    def absorb(self, other: Publication) -> None:
        """Take what ``other`` (the same publication, listed again) adds."""
        self.doi = self.doi or other.doi
        self.pmid = self.pmid or other.pmid
        self.pmcid = self.pmcid or other.pmcid
        self.year = self.year or other.year
        self.title = self.title or other.title
        for facet, values in other.facets.items():
            mine = self.facets.setdefault(facet, [])
            mine.extend(v for v in values if v not in mine)
        self.texts.extend(t for t in other.texts if t not in self.texts)
        self.fulltext = self.fulltext or other.fulltext
        self.paper = self.paper or other.paper
        self.sources.extend(s for s in other.sources if s not in self.sources)


@dataclass(frozen=True)
class InputProblem:
    """Something of the input that could not be read (said in the run, never a crash)."""

    where: str
    problem: str


def parse_identifier(text: str) -> tuple[str, str] | None:
    """``("doi", "10.…")``, ``("pmid", "123")`` or ``("pmcid", "PMC123")``; None when it is none of them."""
    value = text.strip().strip('"')
    if doi := _DOI.match(value):
        return "doi", doi.group(1).lower().rstrip(".")
    if pmcid := _PMCID.match(value):
        return "pmcid", pmcid.group(1).upper()
    if pmid := _PMID.match(value):
        return "pmid", pmid.group(1)
    return None


def _with_identifier(publication: Publication, text: str) -> bool:
    found = parse_identifier(text)
    if found is None:
        return False
    setattr(publication, found[0], found[1])
    return True


def read_inputs(
    inputs: Sequence[str], id_column: str | None = None, text_columns: Sequence[str] = ()
) -> tuple[list[Publication], list[InputProblem]]:
    """Every publication the inputs list, merged by identifier, in a stable order (by key)."""
    found: list[Publication] = []
    problems: list[InputProblem] = []
    for text in inputs:
        path = Path(text)
        kind = path_kind(path)
        if kind == "folder":
            files = sorted(p for p in path.rglob("*") if p.suffix.lower() in FULLTEXT_SUFFIXES and p.is_file())
            if not files:
                problems.append(InputProblem(text, "the folder holds no full text (.xml, .nxml)"))
            for file in files:
                paper = _fulltext(file, problems)
                if paper is not None:
                    found.append(paper)
        elif kind == "file":
            if path.suffix.lower() in FULLTEXT_SUFFIXES:
                paper = _fulltext(path, problems)
                if paper is not None:
                    found.append(paper)
            else:
                rows, trouble = _table_or_list(path, id_column, text_columns)
                found.extend(rows)
                problems.extend(trouble)
        elif parse_identifier(text) is not None:
            publication = Publication(sources=["command line"])
            _with_identifier(publication, text)
            found.append(publication)
        else:
            problems.append(InputProblem(text, "no such file or folder, and not a DOI, PMID or PMCID"))
    return merged(found), problems


def _fulltext(path: Path, problems: list[InputProblem]) -> Publication | None:
    """A full text as a publication named by its own ids (so that a list naming the same DOI merges)."""
    from fairmeta.monitor.fulltext import read_fulltext_file

    try:
        paper = read_fulltext_file(path)
    except (ValueError, UnreadableFileError) as exc:
        problems.append(InputProblem(str(path), " ".join(str(exc).split())[:200]))
        return None
    return Publication(
        doi=paper.doi,
        pmid=paper.pmid,
        pmcid=paper.pmcid,
        year=paper.year,
        title=paper.title,
        fulltext=path,
        sources=[str(path)],
        paper=paper,
    )


def merged(publications: Iterable[Publication]) -> list[Publication]:
    """One entry per publication: the same DOI, PMID or PMCID is the same publication."""
    out: list[Publication] = []
    index: dict[str, Publication] = {}
    for publication in publications:
        keys = [f"{k}:{v}" for k in ("doi", "pmid", "pmcid") if (v := getattr(publication, k))]
        known = next((index[k] for k in keys if k in index), None)
        if known is None:
            out.append(publication)
            known = publication
        else:
            known.absorb(publication)
        for key in [f"{k}:{v}" for k in ("doi", "pmid", "pmcid") if (v := getattr(known, k))]:
            index[key] = known
    return sorted(out, key=lambda p: p.key)


def _table_or_list(
    path: Path, id_column: str | None, text_columns: Sequence[str]
) -> tuple[list[Publication], list[InputProblem]]:
    from fairmeta.tabular.read import TableError, read_delimited, read_xlsx

    try:
        data = read_file(path)
    except UnreadableFileError as exc:
        return [], [InputProblem(str(path), str(exc))]
    suffix = path.suffix.lower()
    try:
        if suffix == ".xlsx":
            table = read_xlsx(data)
        else:
            text = data.decode("utf-8-sig")
            if suffix not in (".csv", ".tsv") and not any(d in text.split("\n", 1)[0] for d in (",", "\t", ";")):
                return _identifier_list(path, text)
            first = text.split("\n", 1)[0]
            fmt = "tsv" if suffix == ".tsv" or "\t" in first else "csv"
            if fmt == "csv" and first.count(";") > first.count(","):
                text = _semicolons_to_commas(text)
            table = read_delimited(text, fmt)
    except (TableError, UnicodeDecodeError) as exc:
        return [], [InputProblem(str(path), f"cannot read the table: {exc}")]
    header = table.header
    lower = {h.lower().strip(): h for h in header}
    column = (id_column if id_column in header else None) if id_column else None
    if id_column and column is None:
        return [], [InputProblem(str(path), f"no column {id_column!r} (columns: {', '.join(header)[:200]})")]
    missing = [c for c in text_columns if c not in header]
    if missing:
        return [], [InputProblem(str(path), f"no column {missing[0]!r} for --text-column")]
    scilifelab = set(header) >= SCILIFELAB_COLUMNS
    candidates = [column] if column else [lower[c] for c in ID_COLUMNS if c in lower]
    if not candidates:
        return [], [InputProblem(str(path), "no identifier column (doi, pmid, pmcid, id); name one with --id-column")]
    out: list[Publication] = []
    problems: list[InputProblem] = []
    for row in table.rows:
        publication = Publication(sources=[f"{path.name} row {row.number}"])
        ok = False
        for name in candidates:
            value = row.cells.get(name, "")
            if value.strip() and _with_identifier(publication, value):
                ok = True
        if not ok:
            problems.append(
                InputProblem(f"{path.name} row {row.number}", "no DOI, PMID or PMCID in the identifier column")
            )
            continue
        if scilifelab:
            _scilifelab_facets(publication, row.cells)
        for name in text_columns:
            value = row.cells.get(name, "").strip()
            if value and value.upper() != "NA":
                publication.texts.append((name, value))
        out.append(publication)
    return out, problems


def _scilifelab_facets(publication: Publication, cells: dict[str, str]) -> None:
    publication.title = cells.get("Title") or None
    year = (cells.get("Year") or "").strip()
    publication.year = int(year) if year.isdigit() else None
    for facet in FACETS:
        value = (cells.get(facet) or "").strip()
        if value:
            values = [v.strip() for v in value.split("|")] if facet in ("Labels", "Qualifiers") else [value]
            publication.facets[facet.lower()] = [v for v in values if v]


def _identifier_list(path: Path, text: str) -> tuple[list[Publication], list[InputProblem]]:
    out: list[Publication] = []
    problems: list[InputProblem] = []
    for number, line in enumerate(text.splitlines(), start=1):
        value = line.strip()
        if not value or value.startswith("#"):
            continue
        publication = Publication(sources=[f"{path.name} line {number}"])
        if _with_identifier(publication, value):
            out.append(publication)
        else:
            problems.append(InputProblem(f"{path.name} line {number}", f"not a DOI, PMID or PMCID: {value[:80]!r}"))
    return out, problems


def _semicolons_to_commas(text: str) -> str:
    import csv
    import io

    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue()
