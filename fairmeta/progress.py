"""The progress bar of long runs: on stderr, only on a terminal, never with --quiet.

rich is imported only when a bar is shown, so a pre-commit run (no terminal) never pays for it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

Advance = Callable[[int, int, str], None]
MIN_SOURCES = 2  # one file needs no bar


@contextmanager
def progress_bar(wanted: bool, colour: str, total: int) -> Iterator[Advance | None]:
    """Yield the engine's progress callback, or None when no bar is shown."""
    terminal = sys.stderr.isatty()
    if not wanted or not terminal or total < MIN_SOURCES or os.environ.get("TERM") == "dumb":
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    console = Console(file=sys.stderr, no_color=colour == "never" or None, highlight=False)
    bar = Progress(
        TextColumn("checking"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        TextColumn("{task.description}", style="dim"),
        console=console,
        transient=True,  # gone when the run ends: the report follows on a clean screen
    )
    task = bar.add_task("", total=total)

    def advance(done: int, of: int, source: str) -> None:
        bar.update(task, completed=done, total=of, description=source[-60:])

    with bar:
        yield advance
