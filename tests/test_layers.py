"""The layers of docs/architecture.md, enforced by import-linter (the contract is in pyproject.toml)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from .conftest import REPO


def _lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())",
        ],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_layer_contract_is_kept() -> None:
    """No module imports from a layer above its own."""
    done = _lint_imports(REPO)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 kept, 0 broken" in done.stdout


def test_a_back_edge_breaks_the_contract(tmp_path: Path) -> None:
    """The contract is not vacuous: the model importing the engine is reported."""
    shutil.copytree(REPO / "fairmeta", tmp_path / "fairmeta", ignore=shutil.ignore_patterns("__pycache__", "data"))
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    model = tmp_path / "fairmeta" / "model.py"
    model.write_text(model.read_text(encoding="utf-8") + "\nimport fairmeta.engine  # a back edge\n", encoding="utf-8")
    done = _lint_imports(tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "fairmeta.model is not allowed to import fairmeta.engine" in done.stdout


def test_no_import_cycles() -> None:
    """No two modules import each other, directly or around a loop (lazy imports included)."""
    import grimp

    graph = grimp.build_graph("fairmeta")
    adjacency = {m: sorted(graph.find_modules_directly_imported_by(m)) for m in sorted(graph.modules)}
    cycles = []
    for start in adjacency:
        reachable, todo = set(), list(adjacency[start])
        while todo:
            module = todo.pop()
            if module not in reachable:
                reachable.add(module)
                todo.extend(adjacency.get(module, ()))
        if start in reachable:
            cycles.append(start)
    assert cycles == []
