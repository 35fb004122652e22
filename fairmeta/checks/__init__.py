"""The checks the engine runs, in order: built-in ones, then those other packages register.

A plug-in is any class or factory (called without arguments) that gives a
:class:`~fairmeta.checks.base.Check`, registered in its package's metadata under the entry-point
group ``fairmeta.checks``::

    [project.entry-points."fairmeta.checks"]
    my-check = "my_package.checks:MyCheck"

Plug-ins run after the built-in checks, in the order of their entry-point names, so reports do
not depend on the order packages were installed in. A plug-in that needs another check runs after
it; a name clash, a need nobody provides or a cycle is a :class:`~fairmeta.errors.UsageError`.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib.metadata import entry_points

from fairmeta.checks.base import Check
from fairmeta.errors import UsageError

ENTRY_POINT_GROUP = "fairmeta.checks"


def plugin_checks() -> list[Check]:
    """Instances of the checks registered under ``fairmeta.checks``, by entry-point name."""
    found: list[Check] = []
    for point in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda p: p.name):
        try:
            made = point.load()()
        except Exception as exc:
            raise UsageError(f"check plug-in {point.name!r} ({point.value}) cannot be loaded: {exc}") from None
        if not isinstance(made, Check):
            raise UsageError(
                f"check plug-in {point.name!r} ({point.value}) is not a check (name, rules, needs, queries, check)"
            )
        found.append(made)
    return found


def ordered(checks: Sequence[Check]) -> list[Check]:
    """The checks in run order: as given, except that a check runs after the checks it needs.

    A need that no check of the run provides is allowed for built-in checks (the LinkML check is
    only there with a schema); the result of such a check is simply absent.
    """
    names = [c.name for c in checks]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise UsageError(f"two checks are called {', '.join(duplicates)}")
    placed: list[Check] = []
    done: set[str] = set()
    pending = list(checks)
    while pending:
        for check in pending:
            if all(need in done or need not in names for need in check.needs):
                placed.append(check)
                done.add(check.name)
                pending.remove(check)
                break
        else:
            cycle = ", ".join(c.name for c in pending)
            raise UsageError(f"the checks {cycle} need each other; none of them can run first")
    return placed
