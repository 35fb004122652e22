"""Regular expressions from schemas are user input: checked when the schema loads, bounded when run.

A LinkML ``pattern:`` or JSON Schema ``pattern`` that does not compile is a schema error naming the
slot (exit 2), not a crash of the check. One that backtracks catastrophically (``^(a+)+$`` against
``aaaa…b``) would hang Python's ``re`` for hours; while fairmeta validates, jsonschema's ``pattern``
keyword runs through the ``regex`` module with a time limit instead (every validator fairmeta builds
is made by :func:`bounded`), and a value the pattern cannot decide in time is reported as such
rather than waited for.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
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
