"""The code's own checks, run with the tests so CI holds every change to them."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from .conftest import REPO


def test_mypy_strict_over_package_tests_and_benchmarks() -> None:
    """mypy --strict (the [tool.mypy] settings) finds nothing in fairmeta/, tests/ or benchmarks/."""
    done = subprocess.run([sys.executable, "-m", "mypy"], cwd=REPO, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "Success: no issues found" in done.stdout


def test_ruff_lint_rules_hold() -> None:
    """ruff check (the [tool.ruff] rules) finds nothing."""
    ruff = shutil.which("ruff")
    if ruff is None:
        pytest.skip("ruff is not installed")
    done = subprocess.run(
        [ruff, "check", "fairmeta", "tests", "benchmarks"], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout[-4000:]
