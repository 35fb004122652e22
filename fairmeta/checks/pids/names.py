"""Do two names (of a person, an organisation, a work) say the same thing?

Forgiving on what curators write differently (case, accents, punctuation, word order, "Family,
Given", initials, a middle name more or less), strict on different names.
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher

_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def words(name: str) -> list[str]:
    """Lower-case words without accents or punctuation."""
    plain = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return _WORD.findall(plain.casefold())


def _initials_match(short: list[str], long: list[str]) -> bool:
    """Every word of ``short`` is a word of ``long`` or the initial of one (in any order)."""
    remaining = list(long)
    for word in short:
        match = next((w for w in remaining if w == word or (len(word) == 1 and w.startswith(word))), None)
        if match is None:
            return False
        remaining.remove(match)
    return True


def names_agree(given: str, known: str, threshold: float = 0.88) -> bool:
    """Whether ``given`` (from the record) and ``known`` (from the registry) name the same thing."""
    a, b = words(given), words(known)
    if not a or not b:
        return False
    if sorted(a) == sorted(b):
        return True
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) >= 2 and _initials_match(short, long):
        return True
    return SequenceMatcher(None, " ".join(sorted(a)), " ".join(sorted(b))).ratio() >= threshold


def best_match(given: str, known: tuple[str, ...]) -> bool:
    """Whether ``given`` agrees with any of the registry's names."""
    return any(names_agree(given, k) for k in known)
