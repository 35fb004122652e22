"""Packaging: the wheel carries the shapes and contexts, and an installed copy finds them."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .conftest import REPO


@pytest.fixture(scope="module", name="wheel")
def _wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(REPO)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    wheels = list(out.glob("fairmeta-*.whl"))
    assert len(wheels) == 1
    return wheels[0]


@pytest.mark.slow
def test_wheel_contains_shapes_and_contexts(wheel: Path) -> None:
    """The top-level shapes/ folder ships as fairmeta/shapes, with the bundled contexts and the
    dashboard's script and styles."""
    names = set(zipfile.ZipFile(wheel).namelist())
    for shape in ("schemaorg-dataset", "bioschemas-dataset", "dcat-ap", "ro-crate"):
        assert f"fairmeta/shapes/{shape}.ttl" in names
    assert "fairmeta/data/contexts/schemaorg.jsonld" in names
    assert "fairmeta/data/contexts/ro-crate.jsonld" in names
    assert "fairmeta/py.typed" in names
    assert {"fairmeta/reporters/dashboard_assets/app.js", "fairmeta/reporters/dashboard_assets/style.css"} <= names


@pytest.mark.slow
def test_installed_wheel_finds_its_shapes(wheel: Path, tmp_path: Path) -> None:
    """Unpacked like a non-editable install, fairmeta uses its own shapes and checks a record."""
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    example = REPO / "examples" / "dcat-ap" / "bad" / "dataset-missing-mandatory.ttl"
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "from fairmeta.resources import shapes_dir; from fairmeta import check;"
        "print(shapes_dir()); print(sorted({f.code for f in check(sys.argv[2]).findings})[0])"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(site), str(example)], capture_output=True, text=True, cwd=tmp_path
    )
    assert proc.returncode == 0, proc.stderr
    shapes_line, first_code = proc.stdout.splitlines()
    assert Path(shapes_line) == site / "fairmeta" / "shapes"
    assert first_code.startswith("FM-")


def test_readme_test_command_is_what_ci_runs() -> None:
    """.ci/run runs exactly the README's test command, and the README has exactly two set-up commands."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    quick_start = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```sh\n(.+?)\n```", quick_start.split("Try a bad record")[0], re.S)
    assert len(commands) == 2
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1] in ci.splitlines()
    assert "examples/" in commands[0] and "fairmeta check" in commands[0]
