"""Regular expressions from schemas are user input: checked when the schema loads, bounded when run.

A LinkML ``pattern:`` or JSON Schema ``pattern`` that does not compile is a schema error naming the
slot (exit 2), not a crash of the check. One that backtracks catastrophically (``^(a+)+$`` against
``aaaa…b``) would hang Python's ``re`` for hours; while fairmeta validates, jsonschema's ``pattern``
keyword runs through the ``regex`` module with a time limit instead, and a value the pattern
cannot decide in time is reported as such rather than waited for.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

PATTERN_SECONDS = 1.0  # per value; a sane pattern decides a cell in microseconds


def pattern_problem(pattern: object) -> str | None:
    """Why ``pattern`` cannot be used as a regular expression, or ``None`` when it can."""
    if not isinstance(pattern, str):
        return f"the pattern {pattern!r} is not a string"
    try:
        re.compile(pattern)
    except re.error as exc:
        return f"the pattern {pattern!r} is not a valid regular expression ({exc})"
    except (OverflowError, RecursionError):
        return f"the pattern {pattern!r} is too large to compile"
    return None


def schema_pattern_problems(schema: Any, at: str = "") -> Iterator[tuple[str, str]]:
    """``(JSON Pointer, problem)`` for every unusable ``pattern`` / ``patternProperties`` key in a schema."""
    todo: list[tuple[Any, str]] = [(schema, at)]
    while todo:
        value, pointer = todo.pop()
        if isinstance(value, list):
            todo.extend((item, f"{pointer}/{i}") for i, item in enumerate(value))
            continue
        if not isinstance(value, dict):
            continue
        for key, item in value.items():
            if key == "pattern" and not isinstance(item, dict):
                problem = pattern_problem(item)
                if problem:
                    yield f"{pointer}/pattern", problem
            elif key == "patternProperties" and isinstance(item, dict):
                for name in item:
                    problem = pattern_problem(name)
                    if problem:
                        yield f"{pointer}/patternProperties", problem
            todo.append((item, f"{pointer}/{key}"))


def _bounded_pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Iterator[Any]:
    """jsonschema's ``pattern`` keyword, with a time limit per value."""
    if not validator.is_type(instance, "string"):
        return
    import regex
    from jsonschema.exceptions import ValidationError

    try:
        found = regex.search(pattern, instance, timeout=PATTERN_SECONDS)
    except TimeoutError:
        yield ValidationError(
            f"{instance!r} was not checked against {pattern!r}: the pattern took over "
            f"{PATTERN_SECONDS:g} s on it (it backtracks catastrophically; rewrite it without nested repetition)"
        )
        return
    except regex.error:  # a pattern re accepts and regex does not: decide it as jsonschema would
        found = re.search(pattern, instance)
    if found is None:
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


_bounded_classes: dict[Any, Any] = {}


def bounded(cls: Any) -> Any:
    """The jsonschema validator class ``cls`` with its ``pattern`` keyword time-bounded."""
    if cls not in _bounded_classes:
        from jsonschema import validators

        _bounded_classes[cls] = validators.extend(cls, {"pattern": _bounded_pattern})
    return _bounded_classes[cls]


_lock = threading.Lock()
_depth = 0
_saved: list[tuple[dict[str, Any], Any]] = []


def _validator_classes() -> list[Any]:
    import jsonschema

    names = ("Draft3", "Draft4", "Draft6", "Draft7", "Draft201909", "Draft202012")
    return [getattr(jsonschema, f"{name}Validator") for name in names if hasattr(jsonschema, f"{name}Validator")]


@contextmanager
def bounded_patterns() -> Iterator[None]:
    """While inside, jsonschema validators *created* (linkml's included) run ``pattern`` time-bounded.

    linkml builds its validators itself, from jsonschema's draft classes, so the keyword is swapped
    on those classes while fairmeta has linkml build and run them, and put back after (a validator
    keeps the keyword functions it was created with); nested and concurrent uses share one swap.
    """
    global _depth
    with _lock:
        if _depth == 0:
            for cls in _validator_classes():
                table = cls.VALIDATORS
                if "pattern" in table:
                    _saved.append((table, table["pattern"]))
                    table["pattern"] = _bounded_pattern
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0:
                for table, original in _saved:
                    table["pattern"] = original
                _saved.clear()
