"""Open-data verdicts of fairmeta's statement classifier against the QUEST curators' manual gold.

    python benchmarks/open_data_gold.py [--show 5]

``../shared/corpus/publications/institution/questdash_OD_manual_tidy.csv`` holds 1,036 DOIs checked by
curators (``open_data_manual_check``); ``questdash_Open_Data.csv`` the text ODDPub saw for 4,213
articles (the data availability statement ``das`` and the data sentences ODDPub found elsewhere,
``open_data_statements``). On the 945 DOIs in both, fairmeta classifies that same text and both
tools are scored against the curators: precision and recall of "the publication's own data are open
in a repository". The sample is enriched with ODDPub positives, so quote precision and recall on
this set, not accuracy on the population.

A second, independent measurement: ``questdash_oddpub_code_results_manual.xlsx`` holds the curators'
open-code verdicts on 492 articles ODDPub flagged as sharing code (``open_code_manual_check``); fairmeta
classifies the same text (data and code statements) and its ``open_code`` is scored the same way. The
classifier's rules were not tuned on that sheet. (ODDPub flagged every article of it: its precision
there is the share the curators confirmed; its recall cannot be measured.)
"""

from __future__ import annotations

import argparse
import csv
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
INSTITUTION = REPO.parent / "shared" / "corpus" / "publications" / "institution"
sys.path.insert(0, str(REPO))

from fairmeta.monitor.statements import classify  # noqa: E402


@dataclass
class Counts:
    """A confusion matrix."""

    tp: int = 0
    fp: int = 0
    tn: int = 0
    fn: int = 0

    def add(self, predicted: bool, truth: bool) -> None:
        """Count one verdict."""
        if predicted and truth:
            self.tp += 1
        elif predicted:
            self.fp += 1
        elif truth:
            self.fn += 1
        else:
            self.tn += 1

    @property
    def precision(self) -> float:
        """TP / (TP + FP)."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        """TP / (TP + FN)."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def text_of(row: dict[str, str]) -> str:
    """The availability text ODDPub saw: the statement and its data sentences, as sections."""
    parts = [row.get("das", ""), row.get("open_data_statements", "").replace(";     ", " <section> ")]
    return " <section> ".join(p for p in parts if p and p != "NA")


def evaluate() -> tuple[Counts, Counts, list[tuple[str, bool, bool, str]]]:
    """fairmeta's and ODDPub's counts, and every disagreement of fairmeta with the curators."""
    csv.field_size_limit(10**9)
    with (INSTITUTION / "questdash_OD_manual_tidy.csv").open(encoding="utf-8-sig", newline="") as handle:
        gold = {row["doi"]: row["open_data_manual_check"] == "TRUE" for row in csv.DictReader(handle, delimiter=";")}
    with (INSTITUTION / "questdash_Open_Data.csv").open(encoding="utf-8-sig", newline="") as handle:
        seen = {row["doi"]: row for row in csv.DictReader(handle)}
    ours, oddpub = Counts(), Counts()
    misses = []
    for doi in sorted(set(gold) & set(seen)):
        row, truth = seen[doi], gold[doi]
        text = text_of(row)
        predicted = classify(text).open_data
        ours.add(predicted, truth)
        oddpub.add(row["is_open_data"] == "TRUE", truth)
        if predicted != truth:
            misses.append((doi, predicted, truth, text))
    return ours, oddpub, misses


def evaluate_code() -> tuple[Counts, Counts]:
    """fairmeta's and ODDPub's open-code counts against the curators' open-code sheet."""
    from openpyxl import load_workbook

    book = load_workbook(INSTITUTION / "questdash_oddpub_code_results_manual.xlsx", read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    header = [str(h) for h in rows[0]]
    ours, oddpub = Counts(), Counts()
    for values in rows[1:]:
        row = dict(zip(header, values, strict=False))
        if row["open_code_manual_check"] is None:
            continue
        parts = [str(row[c]) for c in ("das", "open_data_statements", "cas", "open_code_statements")]
        text = " <section> ".join(p.replace(";     ", " <section> ") for p in parts if p and p not in ("NA", "None"))
        truth = bool(row["open_code_manual_check"])
        ours.add(classify(text).open_code, truth)
        oddpub.add(bool(row["is_open_code"]), truth)
    return ours, oddpub


def _line(name: str, total: int, counts: Counts) -> str:
    return (
        f"{name:<9} {total} DOIs  TP {counts.tp:4d}  FP {counts.fp:4d}  TN {counts.tn:4d}  FN {counts.fn:4d}"
        f"  precision {counts.precision:.3f}  recall {counts.recall:.3f}  F1 {counts.f1:.3f}"
    )


def main() -> int:
    """Print both tools' figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--show", type=int, default=0, help="print this many disagreements of each kind")
    args = parser.parse_args()
    if not INSTITUTION.is_dir():
        print("../shared/corpus/publications is not present")
        return 2
    ours, oddpub, misses = evaluate()
    total = ours.tp + ours.fp + ours.tn + ours.fn
    print("open data (questdash_OD_manual_tidy.csv)")
    for name, counts in (("fairmeta", ours), ("ODDPub", oddpub)):
        print(_line(name, total, counts))
    code_ours, code_oddpub = evaluate_code()
    code_total = code_ours.tp + code_ours.fp + code_ours.tn + code_ours.fn
    print("open code (questdash_oddpub_code_results_manual.xlsx; not used to tune the rules)")
    for name, counts in (("fairmeta", code_ours), ("ODDPub", code_oddpub)):
        print(_line(name, code_total, counts))
    for kind, flag in (("false positive", True), ("false negative", False)):
        for doi, _, _, text in [m for m in misses if m[1] is flag][: args.show]:
            print(f"  {kind} {doi}: {text[:200]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
