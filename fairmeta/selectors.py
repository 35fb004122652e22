"""Which rule codes and which files a selector names: ``select``, ``ignore``, per-file globs, acceptances."""

from __future__ import annotations

import fnmatch
import os


def _segments(code: str) -> list[str]:
    return code.replace(":", "-").split("-")


def code_matches(selector: str, code: str) -> bool:
    """Segment-wise prefix match: ``FM-A1`` matches FM-A1-010, FM-A1.1-010 and FM-A1.2-011,
    never FM-A10-…; ``SHACL`` matches every ``SHACL:…`` code; ``ALL`` matches everything."""
    if selector == "ALL":
        return True
    wanted, have = _segments(selector), _segments(code)
    if len(wanted) > len(have):
        return False
    for i, (w, h) in enumerate(zip(wanted, have, strict=False)):
        last = i == len(wanted) - 1
        if w == h or (last and h.startswith(w + ".")):
            continue
        return False
    return True


def glob_match(path: str, pattern: str) -> bool:
    """Whether a '/'-separated path matches a glob: ``dir/**`` also matches files directly under dir; a
    bare name (no ``/``) matches in any folder."""
    if fnmatch.fnmatch(path, pattern):
        return True
    # "dir/**" also matches files directly under dir; a bare name matches in any folder.
    if pattern.endswith("/**") and path.startswith(pattern[:-2]):
        return True
    return "/" not in pattern and fnmatch.fnmatch(os.path.basename(path), pattern)
