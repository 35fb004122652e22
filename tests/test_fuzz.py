"""The atheris harness (tests/fuzz_loaders.py) runs for a bounded number of inputs and finds no crash.

Seeds are the examples (every kind fairmeta reads) and a few small records of the other syntaxes;
libFuzzer's seed is fixed, so a run is repeatable. A crash prints the input and fails this test.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from .conftest import EXAMPLES, REPO

RUNS = 1500  # about 25 s here; tests/fuzz_loaders.py runs as long as asked by hand
SEEDS = {
    "record.ttl": '@prefix s: <http://schema.org/> .\n<https://doi.org/10.1/x> a s:Dataset ; s:name "x" .\n',
    "record.nt": '<https://doi.org/10.1/x> <http://schema.org/name> "x" .\n',
    "record.xml": (
        '<?xml version="1.0"?>\n<resource xmlns="http://datacite.org/schema/kernel-4">'
        '<identifier identifierType="DOI">10.1/x</identifier><titles><title>T</title></titles></resource>\n'
    ),
    "record.html": '<html><script type="application/ld+json">{"@context": "https://schema.org/", "@type": "Dataset"}'
    "</script></html>\n",
    "crossref.json": '{"message-type": "work", "message": {"DOI": "10.1/x", "title": ["T"], "type": "dataset"}}',
}


def test_fuzzing_the_loaders_finds_no_crash(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for path in sorted(EXAMPLES.glob("*/*/*")):
        if path.is_file() and path.stat().st_size < 16_000:
            shutil.copy(path, seeds / f"{path.parent.parent.name}-{path.parent.name}-{path.name}")
    for name, text in SEEDS.items():
        (seeds / name).write_text(text, encoding="utf-8")
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "FAIRMETA_OFFLINE": "1",
        "FAIRMETA_CACHE_DIR": str(tmp_path / "c"),
        "PYTHONHASHSEED": "0",  # with libFuzzer's fixed seed: the same inputs on every run of one code base
    }
    proc = subprocess.run(
        [
            sys.executable,
            str(REPO / "tests" / "fuzz_loaders.py"),
            f"-runs={RUNS}",
            "-max_len=8192",
            "-timeout=60",
            "-seed=1",
            f"-artifact_prefix={tmp_path}/",
            str(seeds),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
        cwd=tmp_path,
    )
    crashes = sorted(p.name for p in tmp_path.glob("crash-*")) + sorted(p.name for p in tmp_path.glob("timeout-*"))
    assert proc.returncode == 0 and not crashes, proc.stderr[-4000:]
    assert f"Done {RUNS} runs" in proc.stderr
