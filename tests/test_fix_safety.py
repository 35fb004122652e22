"""`fix` never harms the user's file: mode, owner, links, read-only files and concurrent edits."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest

from fairmeta import check, fix
from fairmeta.engine import Engine
from fairmeta.fixing import apply

from .conftest import RunCli, Write
from .test_fix_command import RECORD

FIXED_ID = "https://doi.org/10.5281/zenodo.7654321"


def _identifier(path: Path) -> str:
    return str(json.loads(path.read_text(encoding="utf-8"))["identifier"])


def test_mode_owner_and_group_are_kept(write: Write) -> None:
    path = write("rain.jsonld", RECORD)
    path.chmod(0o604)
    if os.geteuid() == 0:
        os.chown(path, 4321, 4322)  # a file of another user in a shared folder
    before = path.stat()
    outcome = fix(path)
    assert outcome.applied and _identifier(path) == FIXED_ID
    after = path.stat()
    assert stat.S_IMODE(after.st_mode) == 0o604
    assert (after.st_uid, after.st_gid) == (before.st_uid, before.st_gid)
    assert not list(path.parent.glob(".*.tmp"))


def test_a_symlink_is_kept_and_its_target_fixed(tmp_path: Path) -> None:
    target = tmp_path / "data" / "rain.jsonld"
    target.parent.mkdir()
    target.write_text(RECORD, encoding="utf-8")
    link = tmp_path / "rain.jsonld"
    link.symlink_to(target)
    assert fix(link).applied
    assert link.is_symlink() and link.resolve() == target
    assert _identifier(target) == FIXED_ID


def test_hard_links_all_see_the_fix(tmp_path: Path) -> None:
    first = tmp_path / "rain.jsonld"
    first.write_text(RECORD, encoding="utf-8")
    second = tmp_path / "copy.jsonld"
    os.link(first, second)
    assert fix(first).applied
    assert os.path.samefile(first, second) and _identifier(second) == FIXED_ID


def test_a_read_only_file_is_refused_with_a_clear_line(write: Write, run_cli: RunCli) -> None:
    path = write("rain.jsonld", RECORD)
    path.chmod(0o444)
    result = run_cli("fix", path)
    assert path.read_text(encoding="utf-8") == RECORD
    assert "not fixed: it is read-only (no write permission); nothing written" in result.stdout
    assert result.exit_code == 1
    assert run_cli("fix", "--diff", path).exit_code == 1  # --diff still shows what would change


def test_an_edit_made_during_the_check_is_never_lost(write: Write, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write("rain.jsonld", RECORD)
    real_run = Engine.run

    def run(self: Any, *args: Any, **kwargs: Any) -> Any:
        report = real_run(self, *args, **kwargs)
        path.write_text(RECORD.replace("Rainfall", "Rain"), encoding="utf-8")  # the user saves meanwhile
        return report

    monkeypatch.setattr(Engine, "run", run)
    outcome = fix(path)
    assert "changed while it was being checked" in (outcome.files[0].refused or "")
    assert "Rain in Bergen" in path.read_text(encoding="utf-8")


def test_an_edit_made_just_before_the_write_is_never_lost(write: Write, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write("rain.jsonld", RECORD)
    real_fix_json = apply._fix_json

    def fix_json(*args: Any) -> str:
        fixed = real_fix_json(*args)
        path.write_text(RECORD.replace("Rainfall", "Rain"), encoding="utf-8")
        return fixed

    monkeypatch.setattr(apply, "_fix_json", fix_json)
    outcome = fix(path)
    assert "changed while it was being fixed" in (outcome.files[0].refused or "")
    assert not outcome.files[0].applied
    assert "Rain in Bergen" in path.read_text(encoding="utf-8") and _identifier(path) != FIXED_ID
    assert not list(path.parent.glob(".*.tmp"))


def test_identifiers_org_rewrites_are_not_safe(write: Write) -> None:
    """identifiers.org IRIs are persistent and recommended by FM-I3-213: moving off them is a choice."""
    document = {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "name": "Liver samples",
        "about": [
            {"@id": "https://identifiers.org/uberon:0002107"},
            {"@id": "https://purl.obolibrary.org/obo/UBERON_0002107"},
        ],
    }
    path = write("liver.jsonld", json.dumps(document, indent=2))
    found = {f.location.value: f for f in check(path, offline=True).findings if f.code == "FM-I2-603"}
    resolver = found["https://identifiers.org/uberon:0002107"]
    https_purl = found["https://purl.obolibrary.org/obo/UBERON_0002107"]
    assert resolver.fix is not None and resolver.fix.applicability.value == "unsafe"
    assert https_purl.fix is not None and https_purl.fix.applicability.value == "safe"  # mechanical: http PURL
    fix(path)
    about = json.loads(path.read_text(encoding="utf-8"))["about"]
    assert about == [
        {"@id": "https://identifiers.org/uberon:0002107"},
        {"@id": "http://purl.obolibrary.org/obo/UBERON_0002107"},
    ]
    fix(path, unsafe=True)
    about = json.loads(path.read_text(encoding="utf-8"))["about"]
    assert about[0] == {"@id": "http://purl.obolibrary.org/obo/UBERON_0002107"}
