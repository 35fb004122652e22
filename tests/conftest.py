"""Shared fixtures: paths of the checkout, the shared corpus (optional) and a CLI runner."""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from typer.testing import CliRunner

from fairmeta.model import Score


def percent(score: Score | None) -> float:
    """A score's percentage, which the test expects to exist (mypy: not None)."""
    assert score is not None and score.percent is not None
    return score.percent


RunCli = Callable[..., Result]  # the run_cli fixture: run the CLI in-process with these arguments
Write = Callable[[str, str | bytes], Path]  # the write fixture: write a file under tmp_path

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
CORPUS = REPO.parent / "shared" / "corpus"


_LOOPBACK = ("127.", "::1", "localhost")


# the same guard in every Python process the tests start (the CLI in a subprocess, the workers of
# --jobs and of a Dask LocalCluster): Python imports ``sitecustomize`` from PYTHONPATH at start-up
_GUARD = f"""
import socket

_real = socket.socket.connect


def _connect(self, address):
    host = address[0] if isinstance(address, tuple) else address
    if self.family in (socket.AF_INET, socket.AF_INET6) and not str(host).startswith({_LOOPBACK!r}):
        raise ConnectionRefusedError(f"tests may only connect to loopback, not {{host!r}}")
    _real(self, address)


socket.socket.connect = _connect
"""


_GUARD_DIRS: list[str] = []


def registry_env(env: dict[str, str]) -> dict[str, str]:
    """``env`` without the subprocess guard: for pip installing from the package registry (the one
    network the tests may use; what pip runs is not code under test)."""
    kept = [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p and p not in _GUARD_DIRS]
    out = {k: v for k, v in env.items() if k != "PYTHONPATH"}
    return {**out, "PYTHONPATH": os.pathsep.join(kept)} if kept else out


@pytest.fixture(autouse=True, scope="session")
def _loopback_only(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Fail any connection to an address other than loopback: tests talk only to servers they start."""
    guard = tmp_path_factory.mktemp("loopback-guard")
    (guard / "sitecustomize.py").write_text(_GUARD, encoding="utf-8")
    _GUARD_DIRS[:] = [str(guard)]
    before = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = os.pathsep.join([str(guard), *([before] if before else [])])
    real_connect = socket.socket.connect

    def connect(self: socket.socket, address: Any) -> None:
        host = address[0] if isinstance(address, tuple) else address
        if self.family in (socket.AF_INET, socket.AF_INET6) and not str(host).startswith(_LOOPBACK):
            raise ConnectionRefusedError(f"tests may only connect to loopback, not {host!r}")
        real_connect(self, address)

    socket.socket.connect = connect  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        socket.socket.connect = real_connect  # type: ignore[method-assign]
        if before is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = before


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
def _run_cli(monkeypatch: pytest.MonkeyPatch) -> RunCli:
    """Run the fairmeta CLI in-process; returns the click Result (exit_code, stdout, stderr)."""
    from fairmeta.cli import app

    monkeypatch.setenv("NO_COLOR", "1")
    runner = CliRunner()

    def run(*args: str | os.PathLike[str]) -> Result:
        return runner.invoke(app, [os.fspath(a) for a in args], catch_exceptions=False)

    return run


@pytest.fixture(name="write")
def _write(tmp_path: Path) -> Write:
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


def benchmark(name: str) -> Any:
    """Import a script of benchmarks/ (``benchmark("a2a_suite")``): tests run what the benchmarks run."""
    import importlib
    import sys

    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.pop(0)
