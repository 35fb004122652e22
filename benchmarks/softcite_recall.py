"""Recall of software links against the Softcite holdout gold.

    python benchmarks/softcite_recall.py

``../shared/corpus/publications/gold/softcite_holdout_gold_mentions.tsv`` lists, per document of the
Softcite holdout corpus (TEI, ``fulltext/softcite_all_clean_post_processed-full.holdout.tei.xml``),
the software mentioned and the URLs given for it (double-annotated). For the documents with a URL,
fairmeta's :func:`fairmeta.monitor.fulltext.links_in` gives the links each document names (every
link of the text, after the PDF-extraction repairs), and the gold URLs it recovers are counted (compared without scheme, ``www.``, case and trailing slashes). Also printed:
how many of them fairmeta would count as *shared* software outputs (a code host: GitHub, GitLab,
Bitbucket, Software Heritage): software homepages (``r-project.org``) are used software, not outputs.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PUBLICATIONS = REPO.parent / "shared" / "corpus" / "publications"
sys.path.insert(0, str(REPO))

from fairmeta.loaders.xmlsafety import safe_root  # noqa: E402
from fairmeta.monitor.fulltext import links_in, normalised_link  # noqa: E402
from fairmeta.monitor.statements import is_code_host  # noqa: E402


def evaluate() -> tuple[int, int, int, list[tuple[str, str]]]:
    """(gold URLs, recovered, recovered on a code host, misses as (document, URL))."""
    with (PUBLICATIONS / "gold" / "softcite_holdout_gold_mentions.tsv").open(encoding="utf-8", newline="") as handle:
        gold = {
            row["doc_id"]: [u.strip() for u in row["urls"].split("|") if u.strip()]
            for row in csv.DictReader(handle, delimiter="\t")
            if int(row["n_url"] or 0) > 0
        }
    root = safe_root(
        (PUBLICATIONS / "fulltext" / "softcite_all_clean_post_processed-full.holdout.tei.xml").read_bytes()
    )
    texts: dict[str, str] = {}
    for document in root:
        if not document.tag.endswith("TEI"):
            continue
        ids = [e.get("{http://www.w3.org/XML/1998/namespace}id") for e in document.iter() if e.tag.endswith("fileDesc")]
        if ids and ids[0] in gold:
            texts[ids[0]] = " ".join(" ".join(document.itertext()).split())
    total = recovered = shared = 0
    misses: list[tuple[str, str]] = []
    for doc, urls in sorted(gold.items()):
        found = set(links_in(texts.get(doc, "")))
        for url in urls:
            total += 1
            want = normalised_link(url)
            if any(want == f or f.startswith(want) or (want.startswith(f) and len(f) > 8) for f in found):
                recovered += 1
                shared += int(is_code_host(want))
            else:
                misses.append((doc, url))
    return total, recovered, shared, misses


def main() -> int:
    """Print the recall."""
    if not PUBLICATIONS.is_dir():
        print("../shared/corpus/publications is not present")
        return 2
    total, recovered, shared, misses = evaluate()
    print(
        f"Softcite holdout: {total} gold software URLs, {recovered} recovered (recall {recovered / total:.3f}); "
        f"{shared} of them on a code host (shared outputs)"
    )
    for doc, url in misses:
        print(f"  missed {doc}: {url}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
