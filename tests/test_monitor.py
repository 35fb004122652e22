"""`fairmeta monitor`: inputs told by content, one run per database, resumable, exported."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from fairmeta.monitor.inputs import parse_identifier, read_inputs

from .conftest import RunCli

SCILIFELAB_HEADER = [
    "Title", "Authors", "Journal", "Year", "Published", "E-published", "Volume", "Issue", "Pages", "DOI", "PMID",
    "Labels", "Qualifiers", "IUID", "URL", "DOI URL", "PubMed URL",
]  # fmt: skip  # the columns of SciLifeLab's writer.py (TabularWriter.write, issn off)


def _scilifelab_export(path: Path, single_label: bool) -> None:
    """An export as SciLifeLab's writer makes it (two publications, one with two labels)."""
    publications = [
        ("A paper", "10.1234/ABC.1", "111", [("Genomics", "Service"), ("Proteomics", "Collaborative")]),
        ("Another paper", "10.1234/abc.2", "", [("Genomics", "")]),
    ]
    rows: list[list[str]] = []
    for title, doi, pmid, labels in publications:
        base = [title, "A B", "Journal X", "2023", "2023-05-01", "", "1", "2", "3-4", doi, pmid]
        tail = ["iuid", "https://publications.scilifelab.se/p", f"https://doi.org/{doi}", ""]
        if single_label:
            rows.extend([*base, label, qualifier, *tail] for label, qualifier in labels)
        else:
            joined = ["|".join(label for label, _ in labels), "|".join(qualifier for _, qualifier in labels)]
            rows.append([*base, *joined, *tail])
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_NONNUMERIC)
    writer.writerows([SCILIFELAB_HEADER, *rows])
    path.write_text(buffer.getvalue(), encoding="utf-8")


def test_identifiers_are_told_apart() -> None:
    assert parse_identifier("https://doi.org/10.1234/ABC") == ("doi", "10.1234/abc")
    assert parse_identifier("doi:10.1234/x.") == ("doi", "10.1234/x")
    assert parse_identifier("PMC12345") == ("pmcid", "PMC12345")
    assert parse_identifier("pmid:987") == ("pmid", "987")
    assert parse_identifier("not an id") is None


@pytest.mark.parametrize("single_label", [True, False])
def test_a_scilifelab_export_is_one_publication_per_doi_with_its_labels(tmp_path: Path, single_label: bool) -> None:
    export = tmp_path / "scilifelab.csv"
    _scilifelab_export(export, single_label)
    publications, problems = read_inputs([str(export)])
    assert not problems
    assert [p.key for p in publications] == ["10.1234/abc.1", "10.1234/abc.2"]  # never counted twice
    first = publications[0]
    assert first.facets["labels"] == ["Genomics", "Proteomics"] and first.facets["journal"] == ["Journal X"]
    assert first.pmid == "111" and first.year == 2023


def test_lists_tables_and_full_texts_merge_by_identifier(tmp_path: Path) -> None:
    (tmp_path / "ids.txt").write_text("# publications\n10.1234/abc.1\nPMC777\nnonsense\n", encoding="utf-8")
    (tmp_path / "das.tsv").write_text(
        "doi\tdas\n10.1234/ABC.1\tData are deposited in GEO under GSE123456.\n", encoding="utf-8"
    )
    publications, problems = read_inputs([str(tmp_path / "ids.txt"), str(tmp_path / "das.tsv")], text_columns=["das"])
    assert [p.key for p in publications] == ["10.1234/abc.1", "pmcid:PMC777"]
    assert publications[0].texts == [("das", "Data are deposited in GEO under GSE123456.")]
    assert [p.where for p in problems] == ["ids.txt line 4"]
    _, missing = read_inputs([str(tmp_path / "das.tsv")], text_columns=["statement"])
    assert missing and "statement" in missing[0].problem


JATS = """<?xml version="1.0"?><article><front><article-meta>
<article-id pub-id-type="doi">{doi}</article-id><pub-date><year>{year}</year></pub-date>
</article-meta></front><body><sec sec-type="data-availability"><title>Data availability</title>
<p>{statement}</p></sec></body></article>"""


def _papers(folder: Path) -> None:
    folder.mkdir()
    papers = [
        (
            "10.1/a",
            2022,
            "Sequencing data generated in this study have been deposited in GEO under accession GSE111111.",
        ),
        ("10.1/b", 2023, "All data are available from the corresponding author upon reasonable request."),
        ("10.1/c", 2023, "Code is available at https://github.com/lab/c and data in Zenodo (10.5281/zenodo.222)."),
        ("10.1/d", 2023, "All data are included in the supplementary information."),
    ]
    for doi, year, statement in papers:
        name = doi.replace("/", "_")
        (folder / f"{name}.xml").write_text(JATS.format(doi=doi, year=year, statement=statement), encoding="utf-8")


def _monitor(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "fairmeta", "monitor", *args],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, **(env or {})},
    )


def _content(db: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every table but the run's timestamps, in a stable order."""
    with sqlite3.connect(db) as conn:
        tables = ("publications", "statements", "outputs", "links", "results", "problems")
        out = {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in tables}
        out["runs"] = conn.execute(
            "SELECT id, tool_version, config_hash, inputs, finished IS NOT NULL FROM runs"
        ).fetchall()
    return out


def test_a_run_finds_statements_outputs_and_results_and_exports_them(tmp_path: Path, run_cli: RunCli) -> None:
    papers = tmp_path / "papers"
    _papers(papers)
    db = tmp_path / "m.sqlite"
    done = _monitor("run", str(papers), "--db", str(db), "--offline")
    assert done.returncode == 0, done.stderr
    assert "run 1 ran: 4 publication(s), 3 output(s)" in done.stdout
    exported = run_cli("monitor", "export", "--db", db, "--format", "jsonl")
    rows = {r["publication"]: r for r in map(json.loads, exported.stdout.splitlines())}
    assert rows["10.1/a"]["open_data"] is True and rows["10.1/a"]["shared_outputs"] == "geo:GSE111111"
    assert rows["10.1/b"]["open_data"] is False and rows["10.1/b"]["data_statement"] == "on_request"
    assert rows["10.1/c"]["open_code"] is True and rows["10.1/c"]["open_data"] is True
    assert rows["10.1/c"]["shared_outputs"] == "10.5281/zenodo.222 https://github.com/lab/c"
    assert rows["10.1/d"]["data_statement"] == "supplement" and rows["10.1/d"]["year"] == 2023
    assert rows["10.1/a"]["mean_fair_score"] is None  # offline, nothing cached: no assessed output
    csv_text = run_cli("monitor", "export", "--db", db).stdout
    header, first = csv_text.splitlines()[:2]
    assert header.split(",")[:7] == [
        "publication",
        "year",
        "open_data",
        "open_code",
        "data_statement",
        "shared_outputs",
        "mean_fair_score",
    ]
    assert first.startswith("10.1/a,2022,true,false,repository,geo:GSE111111,")
    report = run_cli("monitor", "report", "--db", db)
    assert "4 publication(s), 4 with a statement, open data 2 (50.0 %), open code 1 (25.0 %)" in report.stdout
    assert "2023" in report.stdout
    with sqlite3.connect(db) as conn:
        results = dict(conn.execute("SELECT output, findings FROM results"))
    assert set(results) == {"geo:GSE111111", "10.5281/zenodo.222", "https://github.com/lab/c"}
    assert all("FM-SYS-001" in findings for findings in results.values())  # offline, nothing cached: said
    again = _monitor("run", str(papers), "--db", str(db), "--offline", "--new-run")
    assert "run 2 ran" in again.stdout
    assert run_cli("monitor", "report", "--db", tmp_path / "none.sqlite").exit_code == 2


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
@pytest.mark.parametrize("kill", ["publication:1", "publication:3", "output:1", "output:2"])
def test_a_killed_run_resumes_to_the_same_database(tmp_path: Path, kill: str) -> None:
    papers = tmp_path / "papers"
    _papers(papers)
    whole, interrupted = tmp_path / "whole.sqlite", tmp_path / "killed.sqlite"
    assert _monitor("run", str(papers), "--db", str(whole), "--offline").returncode == 0
    killed = _monitor(
        "run", str(papers), "--db", str(interrupted), "--offline", env={"FAIRMETA_MONITOR_TEST_KILL": kill}
    )
    assert killed.returncode == -signal.SIGKILL, killed.stdout + killed.stderr
    resumed = _monitor("run", str(papers), "--db", str(interrupted), "--offline")
    assert resumed.returncode == 0 and "run 1 resumed" in resumed.stdout, resumed.stdout + resumed.stderr
    assert _content(interrupted) == _content(whole)


def test_links_the_metadata_declares_are_outputs_with_their_provenance(
    tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Crossref's is-supplemented-by (eLife 10.7554/elife.01567 -> Dryad) and DataCite's
    IsSupplementedBy become outputs; reviews (has-review) and article references do not."""
    crossref_file = corpus / "publications" / "metadata" / "commonmeta_crossref_10.7554_elife.01567.json"
    if not crossref_file.is_file():
        pytest.skip("the Crossref record is not in the corpus")
    from .conftest import benchmark

    loopback = benchmark("loopback")
    datacite = {
        "data": {
            "attributes": {
                "titles": [{"title": "A preprint"}],
                "publicationYear": 2023,
                "relatedIdentifiers": [
                    {
                        "relationType": "IsSupplementedBy",
                        "relatedIdentifier": "10.5281/zenodo.999",
                        "relatedIdentifierType": "DOI",
                    },
                    {
                        "relationType": "References",
                        "relatedIdentifier": "10.1038/nature1",
                        "relatedIdentifierType": "DOI",
                    },
                ],
            }
        }
    }

    def answer(method: str, path: str, headers: dict[str, str]) -> tuple[int, list[tuple[str, str]], bytes]:
        del method, headers
        if path == "/crossref/works/10.7554/elife.01567":
            return 200, [("Content-Type", "application/json")], crossref_file.read_bytes()
        if path == "/datacite/dois/10.48550/arxiv.2311.16162":
            return 200, [("Content-Type", "application/json")], json.dumps(datacite).encode()
        return 404, [("Content-Type", "application/json")], b"{}"

    server = loopback.LoopbackServer(answer)
    ids = tmp_path / "ids.txt"
    ids.write_text("10.7554/elife.01567\n10.48550/arxiv.2311.16162\n", encoding="utf-8")
    db = tmp_path / "m.sqlite"
    with server.running():
        env = {
            "FAIRMETA_CROSSREF_URL": f"{server.base}crossref",
            "FAIRMETA_DATACITE_URL": f"{server.base}datacite",
            "FAIRMETA_EUROPEPMC_URL": f"{server.base}europepmc",  # every service on loopback (404 here)
        }
        done = _monitor("run", str(ids), "--db", str(db), "--online", "--no-assess", env=env)
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(db) as conn:
        links = sorted(conn.execute("SELECT publication, output, provenance FROM links").fetchall())
        years = dict(conn.execute("SELECT key, year FROM publications").fetchall())
        opened = dict(conn.execute("SELECT key, open_data FROM publications").fetchall())
    assert links == [
        ("10.48550/arxiv.2311.16162", "10.5281/zenodo.999", "datacite IsSupplementedBy"),
        ("10.7554/elife.01567", "10.5061/dryad.b835k", "crossref is-supplemented-by"),
    ]
    assert years == {"10.48550/arxiv.2311.16162": 2023, "10.7554/elife.01567": 2014}
    assert opened == {"10.48550/arxiv.2311.16162": 1, "10.7554/elife.01567": 1}


def test_diff_says_what_changed_between_runs_and_why(tmp_path: Path, run_cli: RunCli) -> None:
    papers = tmp_path / "papers"
    _papers(papers)
    db = tmp_path / "m.sqlite"
    assert _monitor("run", str(papers), "--db", str(db), "--offline", "--no-assess").returncode == 0
    changed = papers / "10.1_d.xml"
    changed.write_text(
        JATS.format(
            doi="10.1/d", year=2023, statement="Data generated in this study are deposited in PRIDE (PXD012345)."
        ),
        encoding="utf-8",
    )
    assert _monitor("run", str(papers), "--db", str(db), "--offline", "--no-assess", "--new-run").returncode == 0
    result = run_cli("monitor", "diff", "1", "2", "--db", db)
    assert result.exit_code == 0
    assert "10.1/d: open_data False -> True" in result.stdout
    assert "10.1/d: data_statement supplement -> repository" in result.stdout
    assert "10.1/d: output added pride:PXD012345 (statement (sec[data-availability]))" in result.stdout
    assert "3 change(s) from run 1 to run 2" in result.stdout
    assert run_cli("monitor", "diff", "1", "9", "--db", db).exit_code == 2


def test_output_indicators_count_repositories_licences_fair_and_standards(tmp_path: Path, run_cli: RunCli) -> None:
    papers = tmp_path / "papers"
    _papers(papers)
    db = tmp_path / "m.sqlite"
    assert _monitor("run", str(papers), "--db", str(db), "--offline", "--no-assess").returncode == 0
    results = {
        "10.5281/zenodo.222": (80.0, {"F1": 100.0, "A1": 50.0}, ["FM-F2-101"], ["schemaorg-dataset"], [], True),
        "geo:GSE111111": (60.0, {"F1": 50.0, "A1": None}, ["FM-F2-101", "FM-R1.1-107"], ["schemaorg-dataset"],
                          ["FM-R1.1-107"], False),
    }  # fmt: skip
    with sqlite3.connect(db) as conn:
        for output, (percent, principles, codes, profiles, errors, licence) in results.items():
            meta = {"profiles": profiles, "errors": errors, "license": licence, "term_prefixes": ["schema"]}
            conn.execute(
                "INSERT INTO results VALUES (1, ?, ?, ?, ?, ?)",
                (output, percent, json.dumps(principles), json.dumps(codes), json.dumps(meta)),
            )
    report = json.loads(run_cli("monitor", "report", "--db", db, "--json").stdout)
    data = report["outputs"]["data: all"]
    assert (data["outputs"], data["assessed"], data["with_pid"], data["with_licence"]) == (2, 2, 2, 1)
    assert data["mean_fair"] == {"A1": 50.0, "F1": 75.0, "overall": 70.0}
    assert report["outputs"]["data: Zenodo"]["outputs"] == 1 and report["outputs"]["data: geo"]["outputs"] == 1
    assert report["outputs"]["code: github.com"]["assessed"] == 0
    assert report["top_findings"][0] == ["FM-F2-101", 2]
    assert report["standards"] == {"schemaorg-dataset": {"outputs": 2, "conforming": 1}}
    assert report["conformance_blockers"] == [["FM-R1.1-107", 1]]
    assert report["vocabularies"] == {"schema": 2}
    assert report["identifier_kinds"] == {"DOI": 1, "URL": 1, "accession": 1}
    assert set(report["publications"]["by_journal"]) == {"(no journal)"}
    text = run_cli("monitor", "report", "--db", db).stdout
    assert "data: Zenodo" in text and "FM-F2-101" in text and "schemaorg-dataset" in text


def test_an_organisations_works_from_openalex_and_their_open_full_texts(
    tmp_path: Path, corpus: Path, run_cli: RunCli
) -> None:
    """--ror pages through OpenAlex (cursor paging); a work without a full text gets its open-access
    JATS from Europe PMC (PMCID looked up by DOI), whose statement names the output."""
    plos = corpus / "publications" / "fulltext" / "plos_journal.pone.0147124.xml"
    if not plos.is_file():
        pytest.skip("the PLOS full text is not in the corpus")
    from urllib.parse import parse_qs, urlsplit

    from .conftest import benchmark

    loopback = benchmark("loopback")
    pages = {
        "*": {"meta": {"next_cursor": "page2"}, "results": [
            {"doi": "https://doi.org/10.1371/journal.pone.0147124", "publication_year": 2016, "title": "PLOS",
             "primary_location": {"source": {"display_name": "PLOS ONE"}}, "open_access": {"oa_status": "gold"}}]},
        "page2": {"meta": {"next_cursor": None}, "results": [
            {"doi": "https://doi.org/10.1234/closed", "publication_year": 2016, "title": "Closed", "ids": {"pmid": "https://pubmed.ncbi.nlm.nih.gov/42"}}]},
    }  # fmt: skip
    asked: list[str] = []

    def answer(method: str, path: str, headers: dict[str, str]) -> tuple[int, list[tuple[str, str]], bytes]:
        del method, headers
        parts = urlsplit(path)
        query = parse_qs(parts.query)
        asked.append(path)
        if parts.path == "/openalex/works":
            assert query["filter"] == ["institutions.ror:https://ror.org/05gq02987,publication_year:2016-2016"]
            return 200, [("Content-Type", "application/json")], json.dumps(pages[query["cursor"][0]]).encode()
        if parts.path == "/europepmc/search":
            hit: dict[str, str | None] = {"pmcid": "PMC4723085", "isOpenAccess": "Y"}
            if "10.1371/journal.pone.0147124" not in query["query"][0]:
                hit = {"pmcid": None, "isOpenAccess": "N"}
            found = {"resultList": {"result": [hit]}}
            return 200, [("Content-Type", "application/json")], json.dumps(found).encode()
        if parts.path == "/europepmc/PMC4723085/fullTextXML":
            return 200, [("Content-Type", "application/xml")], plos.read_bytes()
        return 404, [("Content-Type", "application/json")], b"{}"

    server = loopback.LoopbackServer(answer)
    db = tmp_path / "m.sqlite"
    env = {name: f"{server.base}{name.split('_')[1].lower()}" for name in (
        "FAIRMETA_OPENALEX_URL", "FAIRMETA_EUROPEPMC_URL", "FAIRMETA_CROSSREF_URL", "FAIRMETA_DATACITE_URL")}  # fmt: skip
    with server.running():
        done = _monitor(
            "run", "--ror", "05gq02987", "--since", "2016", "--until", "2016", "--db", str(db), "--online",
            "--no-assess", env=env,
        )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "2 publication(s)" in done.stdout
    rows = {
        r["publication"]: r
        for r in map(json.loads, run_cli("monitor", "export", "--db", db, "--format", "jsonl").stdout.splitlines())
    }
    assert rows["10.1371/journal.pone.0147124"]["open_data"] is True
    assert "geo:GSE74860" in str(rows["10.1371/journal.pone.0147124"]["shared_outputs"])
    assert rows["10.1371/journal.pone.0147124"]["journal"] == "PLOS ONE"
    assert rows["10.1234/closed"]["data_statement"] == "none"
    with sqlite3.connect(db) as conn:
        sources = dict(conn.execute("SELECT key, sources FROM publications"))
    assert "Europe PMC PMC4723085" in sources["10.1371/journal.pone.0147124"]
    assert "not open access" in sources["10.1234/closed"]


def test_a_version_1_database_is_migrated(tmp_path: Path) -> None:
    from fairmeta.monitor.db import SCHEMA_VERSION, opened

    old = tmp_path / "old.sqlite"
    with sqlite3.connect(old) as conn:
        conn.executescript(
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT); INSERT INTO meta VALUES ('schema_version', '1');"
            "CREATE TABLE publications (run INTEGER, key TEXT, doi TEXT, pmid TEXT, pmcid TEXT, year INTEGER, title TEXT,"
            " facets TEXT, open_data INTEGER, open_code INTEGER, categories TEXT, sources TEXT, done INTEGER DEFAULT 0,"
            " PRIMARY KEY (run, key));"
            "INSERT INTO publications (run, key, done) VALUES (1, '10.1/x', 1);"
        )
    with opened(old) as db:
        columns = [row[1] for row in db.execute("PRAGMA table_info(publications)")]
        version = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0]
        kept = db.execute("SELECT key FROM publications").fetchall()
    assert "verified" in columns and version == str(SCHEMA_VERSION) == "2" and kept == [("10.1/x",)]
    newer = tmp_path / "newer.sqlite"
    with sqlite3.connect(newer) as conn:
        conn.executescript(
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT); INSERT INTO meta VALUES ('schema_version', '99');"
        )
    from fairmeta.monitor.db import MonitorDatabaseError

    with pytest.raises(MonitorDatabaseError, match="newer fairmeta"), opened(newer):
        pass


def test_open_data_that_is_gone_when_harvested_is_not_open(tmp_path: Path, run_cli: RunCli) -> None:
    """A statement names a Zenodo DOI; the DOI proxy answers 404 for one and a landing page for the
    other: the first publication's open data is not verified, so it is not counted open."""
    from .conftest import benchmark

    loopback = benchmark("loopback")

    def answer(method: str, path: str, headers: dict[str, str]) -> tuple[int, list[tuple[str, str]], bytes]:
        del method, headers
        if path.startswith("/doi/10.5281/zenodo.200"):
            page = b'<html><head><script type="application/ld+json">{"@context": "https://schema.org/", "@type": "Dataset", "name": "D"}</script></head></html>'
            return 200, [("Content-Type", "text/html")], page
        return 404, [("Content-Type", "text/html")], b"<html>not found</html>"

    papers = tmp_path / "papers"
    papers.mkdir()
    for doi, record in (("10.1/gone", "10.5281/zenodo.404"), ("10.1/there", "10.5281/zenodo.200")):
        statement = f"The data generated in this study have been deposited in Zenodo ({record})."
        (papers / f"{doi.replace('/', '_')}.xml").write_text(
            JATS.format(doi=doi, year=2023, statement=statement), encoding="utf-8"
        )
    server = loopback.LoopbackServer(answer)
    db = tmp_path / "m.sqlite"
    services = ("DOI", "HANDLE", "ORCID", "ROR", "BIOREGISTRY", "OLS", "CROSSREF", "DATACITE", "OPENALEX", "EUROPEPMC")
    with server.running():
        env = {f"FAIRMETA_{name}_URL": f"{server.base}{name.lower()}" for name in services}
        done = _monitor("run", str(papers), "--db", str(db), "--online", "--no-metadata", env=env)
    assert done.returncode == 0, done.stderr
    rows = {
        r["publication"]: r
        for r in map(json.loads, run_cli("monitor", "export", "--db", db, "--format", "jsonl").stdout.splitlines())
    }
    assert rows["10.1/gone"]["open_data"] is False and rows["10.1/gone"]["open_data_resolves"] is False
    assert rows["10.1/there"]["open_data"] is True and rows["10.1/there"]["open_data_resolves"] is True
