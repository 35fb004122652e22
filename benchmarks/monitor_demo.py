"""A monitoring history to look at: two runs over papers whose data a loopback repository serves
(so that outputs are harvested and scored for real) and, in the second run, the corpus full texts.
Used by tests/test_dashboard.py and benchmarks/dashboard_screenshots.py.

    python benchmarks/monitor_demo.py OUT_DIR   # writes OUT_DIR/m.sqlite
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import loopback

JATS = """<?xml version="1.0"?><article><front><article-meta>
<article-id pub-id-type="doi">{doi}</article-id><pub-date><year>{year}</year></pub-date>
</article-meta></front><body><sec sec-type="data-availability"><title>Data availability</title>
<p>{statement}</p></sec></body></article>"""
SERVICES = ("DOI", "HANDLE", "ORCID", "ROR", "BIOREGISTRY", "OLS", "CROSSREF", "DATACITE", "OPENALEX", "EUROPEPMC")


def _answer(method: str, path: str, headers: dict[str, str]) -> tuple[int, list[tuple[str, str]], bytes]:
    """Zenodo landing pages with JSON-LD (every tenth with a licence); 404 for anything else."""
    del method, headers
    if path.startswith("/doi/10.5281/zenodo."):
        number = path.rsplit(".", 1)[-1]
        record = {
            "@context": "https://schema.org/",
            "@type": "Dataset",
            "@id": f"https://doi.org/10.5281/zenodo.{number}",
            "name": f"Data set {number}",
            "description": "Measurements of the study, deposited at publication.",
        }
        if number.endswith("1"):
            record["license"] = "https://creativecommons.org/licenses/by/4.0/"
        page = f'<html><head><script type="application/ld+json">{json.dumps(record)}</script></head></html>'
        return 200, [("Content-Type", "text/html")], page.encode()
    return 404, [("Content-Type", "text/html")], b"<html>not found</html>"


def _papers(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(6):
        statement = (
            f"The data generated in this study have been deposited in Zenodo (10.5281/zenodo.{700 + n})."
            if n % 3
            else "All data are available from the corresponding author upon reasonable request."
        )
        text = JATS.format(doi=f"10.1/p{n}", year=2021 + n % 3, statement=statement)
        (folder / f"p{n}.xml").write_text(text, encoding="utf-8")


def demo_history(folder: Path, fulltexts: Path | None = None) -> Path:
    """``folder/m.sqlite``: run 1 over six papers, run 2 over them and ``fulltexts`` (when present)."""
    papers = folder / "papers"
    _papers(papers)
    db = folder / "m.sqlite"
    server = loopback.LoopbackServer(_answer)
    with server.running():
        env = {**os.environ, **{f"FAIRMETA_{name}_URL": f"{server.base}{name.lower()}" for name in SERVICES}}
        more = [fulltexts] if fulltexts is not None and fulltexts.is_dir() else []
        for inputs in ([papers], [papers, *more]):
            done = subprocess.run(
                [sys.executable, "-m", "fairmeta", "monitor", "run", *map(str, inputs), "--db", str(db), "--online",
                 "--no-metadata", "--no-fulltexts", "--new-run"],
                capture_output=True, text=True, env=env, check=False,
            )  # fmt: skip
            if done.returncode != 0:
                raise RuntimeError(done.stderr)
    return db


if __name__ == "__main__":
    corpus = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "publications" / "fulltext"
    print(demo_history(Path(sys.argv[1]), corpus))
