"""The per-record score breakdown shared by the text, Markdown and HTML reports."""

from __future__ import annotations

from fairmeta.model import Principle, RecordSummary
from fairmeta.scoring import LETTERS, Score


def _cell(score: Score) -> str:
    if score.percent is None:
        return "n/a"
    return f"{score.earned:g}/{score.total:g}"


def rows(record: RecordSummary) -> list[tuple[str, str, str, list[tuple[str, str]]]]:
    """Per letter: (letter, percent text, points, [(principle, points)...]) for principles of that letter."""
    assert record.score is not None
    out = []
    for letter in LETTERS:
        letter_score = record.score.letters[letter]
        percent = "n/a" if letter_score.percent is None else f"{letter_score.percent:.0f} %"
        principles = [
            (p.value, _cell(record.score.principles[p.value]))
            for p in Principle
            if p.value.startswith(letter) and record.score.principles[p.value].assessed
        ]
        out.append((letter, percent, _cell(letter_score), principles))
    return out
