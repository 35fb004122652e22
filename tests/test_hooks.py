"""The pre-commit hook, run by the real pre-commit tool in a temporary git repository."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import EXAMPLES, REPO, registry_env

GOOD = EXAMPLES / "schemaorg-dataset" / "good" / "soil-moisture.jsonld"
BAD = EXAMPLES / "schemaorg-dataset" / "bad" / "no-name-no-description.jsonld"


def test_hook_file_is_valid_and_offline() -> None:
    """The hook runs fairmeta offline and names the files it takes by regex."""
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    check = next(h for h in hooks if h["id"] == "fairmeta")
    assert check["language"] == "python"
    assert "--offline" in check["entry"].split()
    import re

    pattern = re.compile(check["files"])
    for name in ("a.jsonld", "b.ttl", "c.rdf", "d.nq", "e.trig", "f.nt", "g.json", "h.csv", "i.tsv"):
        assert pattern.search(name), name
    assert not pattern.search("README.md")


def _git(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)


@pytest.fixture(name="hook_repo")
def _hook_repo(tmp_path: Path) -> Path:
    """A copy of this checkout committed as a git repository, for pre-commit to install from."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    source = tmp_path / "fairmeta-hooks"
    ignore = shutil.ignore_patterns(".git", ".venv", "__pycache__", "*.egg-info", "build", "dist", ".pytest_cache")
    shutil.copytree(REPO, source, ignore=ignore)
    for args in (
        ("init", "-q"),
        ("add", "-A"),
        ("-c", "user.name=t", "-c", "user.email=t@e", "commit", "-qm", "hooks"),
    ):
        assert _git(source, *args).returncode == 0
    return source


@pytest.mark.slow
def test_pre_commit_blocks_a_bad_record_and_passes_a_good_one(hook_repo: Path, tmp_path: Path) -> None:
    """With the real pre-commit: committing a bad record fails and shows findings; a good one commits."""
    pre_commit = shutil.which("pre-commit") or str(Path(sys.executable).parent / "pre-commit")
    if not Path(pre_commit).exists():
        pytest.skip("pre-commit is not installed")
    work = tmp_path / "metadata"
    work.mkdir()
    assert _git(work, "init", "-q").returncode == 0
    rev = _git(hook_repo, "rev-parse", "HEAD").stdout.strip()
    hooks = [{"id": "fairmeta-fix"}, {"id": "fairmeta"}]
    config = {"repos": [{"repo": str(hook_repo), "rev": rev, "hooks": hooks}]}
    (work / ".pre-commit-config.yaml").write_text(json.dumps(config), encoding="utf-8")
    # pre-commit pip-installs the hook from the package registry: the guard would refuse that
    env = registry_env({**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "NO_COLOR": "1"})
    env.pop("FAIRMETA_CACHE_DIR", None)
    install = subprocess.run([pre_commit, "install"], cwd=work, env=env, capture_output=True, text=True)
    assert install.returncode == 0, install.stderr

    def commit(name: str, source: Path | None = None, *others: str) -> subprocess.CompletedProcess[str]:
        if source is not None:
            shutil.copy(source, work / name)
        _git(work, "add", name, *others, ".pre-commit-config.yaml")
        return subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@e", "commit", "-m", f"add {name}"],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )

    bad = commit("bad.jsonld", BAD)
    output = bad.stdout + bad.stderr
    assert bad.returncode != 0, output
    assert "bad.jsonld" in output
    assert output.count("FM-F2-101") == 1, output  # the fix hook reports nothing: each finding once
    _git(work, "reset", "-q", "--", "bad.jsonld")  # unstaged (the fix hook has changed it meanwhile)
    (work / "bad.jsonld").unlink()
    # plain JSON beside a good record: skipped by content, never a failure
    (work / "package.json").write_text('{"name": "site", "version": "1.0.0"}\n', encoding="utf-8")
    good = commit("good.jsonld", GOOD, "package.json")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "good.jsonld" in _git(work, "log", "--name-only", "-1").stdout
    # a fixable record: the fix hook fixes it and fails the commit (pre-commit's convention for
    # hooks that change files); committed again, nothing changes and both hooks pass
    text = GOOD.read_text(encoding="utf-8").replace("https://schema.org/", "http://schema.org/", 1)
    (work / "fixable.jsonld").write_text(text, encoding="utf-8")
    first = commit("fixable.jsonld")
    assert first.returncode != 0, first.stdout + first.stderr
    assert "fixed FM-I1-020" in first.stdout + first.stderr
    assert '"https://schema.org/"' in (work / "fixable.jsonld").read_text(encoding="utf-8")
    again = commit("fixable.jsonld")
    assert again.returncode == 0, again.stdout + again.stderr
