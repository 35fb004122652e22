"""Coverage-guided fuzzing of the loaders and checks with atheris (libFuzzer for Python).

Each input is a file's bytes, loaded as ``fairmeta check`` loads a file and checked offline twice:
once with its syntax sniffed from the content (a file without extension) and once under a name
whose extension says a syntax (JSON-LD, JSON, Turtle, XML, HTML, N-Triples; chosen by the input's
length, so seeds stay whole and the fuzzer still reaches every parser). The contract is the one of
docs/limits.md: a failed source or a report, never an exception, and no check that crashed
(FM-SYS-002). Any exception escaping is a crash
that atheris reports with the input that caused it.

Run by tests/test_fuzz.py for a bounded number of inputs; by hand, for longer::

    python tests/fuzz_loaders.py -runs=100000 -max_len=8192 tests/data/fuzz-seeds
"""

from __future__ import annotations

import contextlib
import logging
import sys
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["fairmeta.loaders", "fairmeta.files", "fairmeta.records"]):
    from fairmeta.engine import Engine, Options
    from fairmeta.errors import FairmetaError
    from fairmeta.loaders import load_bytes

NAMES = ("record.jsonld", "record.json", "record.ttl", "record.xml", "record.html", "record.nt")
ENGINE = Engine(Options(offline=True, score=True))


def one_input(data: bytes) -> None:
    """Load and check one input; let any exception other than a documented one escape."""
    for name in ("record", NAMES[len(data) % len(NAMES)]):
        loaded = load_bytes(data, name, base=Path(name).resolve().as_uri(), input_format=None, resolver=ENGINE.resolver)
        assert loaded.failure is not None or loaded.graph is not None, "a source is either loaded or failed"
        with contextlib.suppress(FairmetaError):  # documented: a condition of the run, one line in the CLI
            report = ENGINE.run([loaded])
            crashed = [f.message for f in report.findings if f.code == "FM-SYS-002"]
            assert not crashed, f"a check crashed: {crashed[0]}"


def main() -> None:
    """libFuzzer's command line: -runs=N, -max_len=N, seed folders."""
    logging.disable(logging.WARNING)  # rdflib logs every ill-typed literal it meets, with a traceback
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
