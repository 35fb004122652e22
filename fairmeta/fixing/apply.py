"""Apply findings' edits to files: JSON-LD through layout-keeping JSON Patch, text RDF by token.

Safety rules, in this order:

* a file that failed to parse is never written;
* only ``safe`` edits are applied unless unsafe ones are asked for; ``display-only`` never;
* each finding's edits are applied as a unit, and a finding whose edits cannot be placed exactly
  is skipped with a reason (the file is not rewritten another way);
* the fixed text must parse, and for RDF must give exactly the graph the edits describe;
* files are written through a temporary file in the same folder and renamed over the original,
  keeping its permission bits, owner and group (a hard-linked file, or one whose owner cannot be
  kept, is rewritten in place); a symbolic link's target is fixed, the link kept;
* a read-only file is never written, nor one that changed since it was read.
"""

from __future__ import annotations

import difflib
import os
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph
from rdflib.compare import isomorphic
from rdflib.term import Node

from fairmeta.engine import Engine
from fairmeta.files import UnreadableFileError, read_file
from fairmeta.fixing.jsontext import JsonTextError, apply_edits
from fairmeta.loaders import load_bytes
from fairmeta.loaders.contexts import ContextResolver
from fairmeta.loaders.crosswalk import CROSSWALK_FORMATS
from fairmeta.model import Applicability, EditOp, Finding, JsonValue, Report


@dataclass
class FileOutcome:
    """What fixing did to one file."""

    source: str
    applied: list[Finding] = field(default_factory=list)
    skipped: list[tuple[Finding, str]] = field(default_factory=list)
    before: str = ""
    after: str = ""
    refused: str | None = None  # why the file was left alone entirely
    not_metadata: str | None = None  # skipped under --skip-non-metadata: why it is not metadata

    @property
    def diff(self) -> str:
        """The unified diff of the file's text before and after (empty when nothing changed)."""
        return "".join(
            difflib.unified_diff(
                self.before.splitlines(keepends=True),
                self.after.splitlines(keepends=True),
                fromfile=self.source,
                tofile=self.source,
            )
        )


@dataclass
class FixOutcome:
    """Every file's outcome plus the re-check of the files after fixing (what :func:`fairmeta.fix` returns).

    :param files: per file: the findings whose edits were applied, those skipped (with why), the
        text before and after, or why the file was left alone.
    :param after: the report of checking the files again (unchanged files on a dry run).
    :param written: whether the fixed texts were written back.
    """

    files: list[FileOutcome]
    after: Report
    written: bool = True

    @property
    def applied(self) -> list[Finding]:
        """The findings whose edits were applied (or would be, on a dry run), file by file."""
        return [finding for outcome in self.files for finding in outcome.applied]

    @property
    def diff(self) -> str:
        """One unified diff over all files (empty when nothing changes)."""
        return "".join(outcome.diff for outcome in self.files if outcome.refused is None)

    @property
    def changed(self) -> bool:
        """True when any file's text changed (or would change, with --diff)."""
        return any(f.before != f.after for f in self.files if f.refused is None)

    @property
    def left_alone(self) -> bool:
        """True when a file that needed fixing was left alone (read-only, changed meanwhile, unloadable)."""
        return any(f.refused for f in self.files)

    def lines(self, diff: bool) -> list[str]:
        """What to print: diffs (with --diff) or a line per fixed and skipped finding."""
        out: list[str] = []
        for outcome in self.files:
            if outcome.not_metadata:
                out.append(f"{outcome.source}: skipped: {outcome.not_metadata}")
                continue
            if outcome.refused:
                out.append(f"{outcome.source}: not fixed: {outcome.refused}")
                continue
            if diff and outcome.before != outcome.after:
                out.extend(line.rstrip("\n") for line in outcome.diff.splitlines(keepends=True))
            for finding in outcome.applied:
                verb = "would fix" if diff else "fixed"
                out.append(f"{outcome.source}: {verb} {finding.code} {finding.location.value or ''}".rstrip())
            for finding, reason in outcome.skipped:
                out.append(f"{outcome.source}: left {finding.code}: {reason}")
        fixed = sum(len(f.applied) for f in self.files)
        out.append(
            f"{fixed} fix(es) {'to apply' if diff else 'applied'} in {sum(1 for f in self.files if f.applied)} file(s)"
        )
        return out


def _wanted(finding: Finding, unsafe: bool) -> bool:
    fix = finding.fix
    if fix is None or not fix.edits:
        return False
    return fix.applicability is Applicability.SAFE or (unsafe and fix.applicability is Applicability.UNSAFE)


def _fix_json(text: str, findings: list[Finding], outcome: FileOutcome) -> str:
    seen: set[str] = set()
    for finding in findings:
        assert finding.fix is not None
        targets = {e.target for e in finding.fix.edits}
        if targets & seen:
            outcome.skipped.append((finding, "another fix changes the same value"))
            continue
        try:
            text = apply_edits(text, [(e.op, e.target, e.value) for e in finding.fix.edits])
        except JsonTextError as exc:
            outcome.skipped.append((finding, f"cannot place the edit ({exc})"))
            continue
        seen |= targets
        outcome.applied.append(finding)
    return text


def _term(text: str) -> Node:
    graph = Graph().parse(data=f"<urn:x:s> <urn:x:p> {text} .", format="nt")
    return next(iter(graph))[2]


def _fix_rdf(text: str, data_format: str, base: str, findings: list[Finding], outcome: FileOutcome) -> str:
    """Replace the old object token by the new one in the text, then prove the graph is as intended."""
    from fairmeta.loaders.rdf import parse_rdf_text

    for finding in findings:
        assert finding.fix is not None
        removes = [_triple(e.value) for e in finding.fix.edits if e.op == EditOp.REMOVE and e.target == "triple"]
        adds = [_triple(e.value) for e in finding.fix.edits if e.op == EditOp.ADD and e.target == "triple"]
        if len(removes) != 1 or len(adds) != 1 or removes[0][:2] != adds[0][:2]:
            outcome.skipped.append((finding, "only a change of one value can be applied to RDF text"))
            continue
        old, new = _term(removes[0][2]), _term(adds[0][2])
        candidates = [old.n3()]
        if hasattr(old, "language") or hasattr(old, "datatype"):
            value = str(old).replace("\\", "\\\\").replace('"', '\\"')
            candidates += [f'"{value}"', f"'{value}'"]
        start = 0
        if finding.location.line:
            start = sum(len(line) for line in text.splitlines(keepends=True)[: finding.location.line - 1])
        position, token = next(((text.find(c, start), c) for c in candidates if text.find(c, start) >= 0), (-1, ""))
        if position < 0:
            outcome.skipped.append((finding, "the value was not found in the text as written"))
            continue
        candidate = text[:position] + new.n3() + text[position + len(token) :]
        before = parse_rdf_text(text, text.encode(), data_format, base)
        after = parse_rdf_text(candidate, candidate.encode(), data_format, base)
        if not hasattr(before, "graph") or not hasattr(after, "graph"):
            outcome.skipped.append((finding, "the fixed text would not parse"))
            continue
        expected = Graph()
        expected += before.graph
        s_old = next(iter(Graph().parse(data=" ".join(removes[0]) + " .", format="nt")))
        s_new = next(iter(Graph().parse(data=" ".join(adds[0]) + " .", format="nt")))
        _same_namespace(expected, s_old, s_new)
        if not isomorphic(expected, after.graph):
            outcome.skipped.append((finding, "the change would touch more than the one statement"))
            continue
        text = candidate
        outcome.applied.append(finding)
    return text


def _same_namespace(graph: Graph, old: tuple[Node, Node, Node], new: tuple[Node, Node, Node]) -> None:
    """Apply the edit to the graph as written (https schema.org terms stay https)."""
    from fairmeta.vocab.namespaces import SDO_HTTPS

    for triple_old, triple_new in ((old, new), _https(old, new, SDO_HTTPS)):
        if triple_old in graph:
            graph.remove(triple_old)
            graph.add(triple_new)
            return


def _https(
    old: tuple[Node, Node, Node], new: tuple[Node, Node, Node], https: str
) -> tuple[tuple[Node, Node, Node], tuple[Node, Node, Node]]:
    from rdflib import URIRef

    def swap(triple: tuple[Node, Node, Node]) -> tuple[Node, Node, Node]:
        s, p, o = triple
        if isinstance(p, URIRef) and p.startswith("http://schema.org/"):
            p = URIRef(https + p[len("http://schema.org/") :])
        return (s, p, o)

    return swap(old), swap(new)


class FileChangedError(Exception):
    """The file changed on disk while it was being fixed; nothing is written."""


def _read_only(path: Path) -> str | None:
    """Why ``path`` may not be written, or None. A file without write permission is refused even
    for root, who could write it: its owner marked it read-only."""
    info = path.stat()
    if not info.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(path, os.W_OK):
        return "it is read-only (no write permission); nothing written"
    return None


def _write(path: Path, text: str, original: bytes) -> None:
    """Write ``text`` over ``path`` if the file still holds ``original``.

    Atomically (a temporary file in the same folder, renamed over the original) with the mode,
    owner and group kept. A file with several hard links, or one whose owner fairmeta cannot give
    the new file, is rewritten in place instead, so every link sees the fix and ownership stays;
    the fixed text is first written whole to the temporary file, which is kept if that rewrite fails.
    """
    info = path.stat()
    data = text.encode("utf-8")
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, stat.S_IMODE(info.st_mode))
        in_place = info.st_nlink > 1
        if not in_place and (info.st_uid, info.st_gid) != (os.stat(temporary).st_uid, os.stat(temporary).st_gid):
            try:
                os.chown(temporary, info.st_uid, info.st_gid)
            except OSError:
                in_place = True  # cannot give the new file the old owner: keep the old file
        if path.read_bytes() != original:
            raise FileChangedError
        if in_place:
            with path.open("r+b") as stream:
                stream.truncate(0)
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            temporary.unlink()
        else:
            os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def fix_file(engine: Engine, path: Path, shown: str, unsafe: bool, write: bool) -> FileOutcome:
    """Fix one file; returns what was applied, skipped or refused.

    A symbolic link is followed: its target is fixed and the link stays a link. The bytes checked
    are the bytes fixed: a file that changes between its check and the write is left alone.
    """
    outcome = FileOutcome(shown)
    target = path.resolve() if path.is_symlink() else path
    try:
        raw = read_file(target)
    except UnreadableFileError as exc:
        outcome.refused = f"{exc}; nothing written"
        return outcome
    report = engine.run([(target, shown)])
    if report.skipped:
        outcome.not_metadata = report.skipped[0][1]
        return outcome
    failed = next((c for c in report.checks if c.check == "load" and c.status == "failed"), None)
    if failed is not None:
        outcome.refused = f"it could not be loaded ({failed.detail}); nothing written"
        return outcome
    try:
        changed = read_file(target) != raw
    except UnreadableFileError:
        changed = True
    if changed:
        outcome.refused = "it changed while it was being checked; nothing written (run fix again)"
        return outcome
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        outcome.refused = "it is not UTF-8 text"
        return outcome
    outcome.before = outcome.after = text
    findings = [f for f in report.findings if _wanted(f, unsafe)]
    if not findings:
        return outcome
    data_format = next((c.detail.split(": ", 1)[1] for c in report.checks if c.check == "load"), "")
    base = target.resolve().as_uri()
    if data_format in ("json-ld",):
        fixed = _fix_json(text, findings, outcome)
    elif data_format in ("turtle", "nt", "n3", "trig", "nquads"):
        fixed = _fix_rdf(text, data_format, base, findings, outcome)
    else:
        reason = (
            "a DataCite or Crossref record is read through a crosswalk; make the change in the record itself"
            if data_format in CROSSWALK_FORMATS
            else f"fixes cannot be applied to {data_format or 'this'} files yet; apply by hand"
        )
        for finding in findings:
            outcome.skipped.append((finding, reason))
        return outcome
    if fixed != text:
        check = load_bytes(
            fixed.encode("utf-8"), shown, base=base, input_format=data_format, resolver=ContextResolver()
        )
        if check.failure is not None:
            outcome.refused = f"the fixed text would not parse ({check.failure.reason}); nothing written"
            outcome.applied.clear()
            return outcome
    outcome.after = fixed
    if write and fixed != text:
        refusal = _read_only(target)
        if refusal is None:
            try:
                _write(target, fixed, raw)
            except FileChangedError:
                refusal = "it changed while it was being fixed; nothing written (run fix again)"
            except OSError as exc:
                refusal = f"it cannot be written ({exc.strerror or exc}); nothing written"
        if refusal is not None:
            outcome.refused = refusal
            outcome.applied.clear()
            outcome.after = text
    return outcome


def fix_files(engine: Engine, files: list[tuple[Path, str]], unsafe: bool, write: bool) -> FixOutcome:
    """Fix every file, then re-check them all (when not writing, the re-check sees the unchanged files)."""
    outcomes = [fix_file(engine, path, shown, unsafe, write) for path, shown in files]
    return FixOutcome(outcomes, engine.run(files), written=write)


def _triple(value: JsonValue) -> list[str]:
    """The ``[subject, predicate, object]`` of a triple edit (N-Triples terms)."""
    if not isinstance(value, list) or len(value) != 3 or not all(isinstance(v, str) for v in value):
        raise ValueError(f"a triple edit needs [subject, predicate, object], not {value!r}")
    return [str(v) for v in value]
