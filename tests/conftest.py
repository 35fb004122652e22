"""Shared fixtures: paths of the checkout, the shared corpus (optional) and a CLI runner."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
CORPUS = REPO.parent / "shared" / "corpus"


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the test run's cache out of the user's ~/.cache (one cache shared by the session)."""
    monkeypatch.setenv("FAIRMETA_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))
    # No test may reach the internet: runs are offline unless a test turns resolution on (--online)
    # with the resolvers pointed at its own loopback server.
    monkeypatch.setenv("FAIRMETA_OFFLINE", "1")


@pytest.fixture(name="corpus")
def _corpus() -> Path:
    """The shared real-world corpus beside the checkout; tests using it skip when it is absent."""
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not present")
    return CORPUS


@pytest.fixture(name="run_cli")
def _run_cli(monkeypatch: pytest.MonkeyPatch) -> Callable[..., object]:
    """Run the fairmeta CLI in-process; returns the click Result (exit_code, stdout, stderr)."""
    from fairmeta.cli import app

    monkeypatch.setenv("NO_COLOR", "1")
    runner = CliRunner()

    def run(*args: str | os.PathLike[str]) -> object:
        return runner.invoke(app, [os.fspath(a) for a in args], catch_exceptions=False)

    return run


@pytest.fixture(name="write")
def _write(tmp_path: Path) -> Callable[[str, str | bytes], Path]:
    """Write a file under tmp_path and return its path."""

    def write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return write
