"""Agreement with rocrate-validator on its own test suite (``../shared/corpus/suites/rocrate-validator``).

``python benchmarks/rocrate_suite.py [--limit N] [--write docs/rocrate-agreement.md]``

Each of the 470 upstream test calls in ``CASES.jsonl`` names a crate, a profile, a severity, whether
upstream finds the crate valid at that severity, and the requirements that fail. A case is built
as its upstream test builds it: the crate folder (or zip) as it is; for the cases that carry a
SPARQL UPDATE (``sparql_update``), the valid crate's metadata read by rdflib, the update applied and
written back into a copy of the crate folder (the unmodified crate goes through the same round
trip); ``metadata_only`` cases check the metadata document without the folder; the profile the test
names (``--rocrate-profile``; "(default)" tests: ``ro-crate``, the crate's own version); the checks the
test skips (``skip_checks``) are ignored, with fairmeta's own rule for the same requirement; with
``disable_inherited_profiles_issue_reporting`` only the case's own profile counts. Only the findings
of the checks that judge RO-Crate conformance count (``load``, ``shacl``, ``crate``, ``rocrate``), not
the FAIR metrics or identifiers. Requirements rocrate-validator added after the suite's commit are
not scored (``NEWER_THAN_SUITE``). Scored, as the issue defines it:

* every ``valid: true`` case: agreement when fairmeta reports nothing at or above the case's
  severity (REQUIRED: errors; RECOMMENDED: errors and warnings; OPTIONAL: anything);
* every ``valid: false`` case at REQUIRED: agreement when fairmeta reports an error that the
  unmodified crate does not have: for SPARQL-built cases the valid crate the update was applied to
  (same code and node); for the suite's invalid crates, which are edited copies of a profile's valid
  crates, an error whose code none of that profile's valid crates gives.

Entity patches (``rocrate_entity_patch``) are applied to a copy of the crate once per value of the
fixture the parametrized test takes (``FIXTURE_VALUES``); such a case agrees only if every run does.
RECOMMENDED and OPTIONAL negatives are reported (detected or not), not scored. Cases that name no
crate in the corpus are skipped and counted.
Prints one line per profile and the totals; ``--write`` writes the table and every disagreement.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
import tempfile
import warnings
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from fairmeta.engine import Engine, Options, collect_sources
from fairmeta.model import Finding, Report, Severity

REPO = Path(__file__).resolve().parent.parent
SUITE = REPO.parent / "shared" / "corpus" / "suites" / "rocrate-validator"
CONFORMANCE = ("load", "shacl", "crate", "rocrate")
LEVELS = {"REQUIRED": {Severity.ERROR}, "RECOMMENDED": {Severity.ERROR, Severity.WARNING}, "OPTIONAL": set(Severity)}


def _keys(report: Report, levels: set[Severity], ignored: frozenset[str] = frozenset()) -> set[tuple[str, str]]:
    return {
        (f.code, f.location.focus_node or "") for f in report.findings if _counts(f, levels) and f.code not in ignored
    }


def _counts(finding: Finding, levels: set[Severity]) -> bool:
    return finding.origin in CONFORMANCE and finding.severity in levels


def _descriptor(crate: Path) -> Path | None:
    if crate.is_file():
        return crate
    for name in ("ro-crate-metadata.json", "ro-crate-metadata.jsonld"):
        if (crate / name).is_file():
            return crate / name
    return None


class Runner:
    """Checks crates offline with one engine per profile, each crate as it is once."""

    def __init__(self, scratch: Path) -> None:
        self.scratch = scratch
        self._engines: dict[str | None, Engine] = {}
        self._reports: dict[tuple[Path, str | None], Report] = {}

    def engine(self, profile: str | None) -> Engine:
        if profile not in self._engines:
            options = Options(offline=True, score=False, plugins=False, rocrate_profile=profile)
            self._engines[profile] = Engine(options)
        return self._engines[profile]

    def report(self, target: Path, profile: str | None) -> Report:
        key = (target, profile)
        if key not in self._reports:
            engine = self.engine(profile)
            self._reports[key] = engine.run(collect_sources(self.with_links(target), engine))
        return self._reports[key]

    def with_links(self, target: Path) -> Path:
        """The crate with its symbolic links restored. The corpus keeps each link of upstream's
        checkout as a small text file holding the link's target (``mapping`` → ``../wrroc-paper/mapping/``);
        a copy with real links is what upstream's tests see."""
        if not target.is_dir():
            return target
        placeholders = [p for p in sorted(target.rglob("*")) if _link_target(p) is not None]
        if not placeholders:
            return target
        copy = self.scratch / "linked" / hashlib.sha256(str(target).encode()).hexdigest()[:16] / target.name
        if not copy.exists():
            shutil.copytree(target, copy)
            for placeholder in placeholders:
                link = copy / placeholder.relative_to(target)
                pointed = _link_target(placeholder)
                assert pointed is not None
                link.parent.chmod(0o755)  # the corpus is read-only, and so is a copy of it
                link.unlink()
                link.symlink_to((placeholder.parent / pointed).resolve())
        return copy

    def rewritten(self, crate: Path, descriptor: Path, update: str | None) -> Path:
        """A copy of the crate folder whose metadata went through rdflib (and the update, if any),
        as upstream's tests build their SPARQL cases."""
        from rdflib import Graph

        document = json.loads(descriptor.read_text(encoding="utf-8"))
        graph = Graph()
        with warnings.catch_warnings():  # rdflib's JSON-LD parser warns about its own ConjunctiveGraph
            warnings.simplefilter("ignore", DeprecationWarning)
            graph.parse(data=json.dumps(_inline(document)), format="json-ld", base=crate.resolve().as_uri() + "/")
        if update:
            graph.update(update)
        context = document.get("@context")
        out = json.loads(
            graph.serialize(
                format="json-ld",
                context={"@context": _inline({"@context": context})["@context"]},
                auto_compact=True,
            )
        )
        out["@context"] = context
        return self._copy(crate, descriptor, _relative(out, crate.resolve().as_uri() + "/"), f"sparql|{update}")

    def patched(self, crate: Path, descriptor: Path, edits: dict[str, dict[str, Any]]) -> Path:
        """A copy of the crate whose entities got the test's property values (``rocrate_entity_patch``)."""
        document = json.loads(descriptor.read_text(encoding="utf-8"))
        for entity in document.get("@graph", []):
            if isinstance(entity, dict) and entity.get("@id") in edits:
                entity.update(edits[entity["@id"]])
        return self._copy(crate, descriptor, document, f"patch|{json.dumps(edits, sort_keys=True)}")

    def _copy(self, crate: Path, descriptor: Path, document: Any, variant: str) -> Path:
        """A copy of the crate folder (payload included) whose descriptor holds ``document``; one per variant."""
        folder = self.scratch / hashlib.sha256(f"{crate}|{variant}".encode()).hexdigest()[:16]
        if not folder.exists():
            shutil.copytree(crate, folder)
            folder.chmod(0o755)  # the corpus is read-only, and so is a copy of it
            (folder / descriptor.name).unlink()
            (folder / descriptor.name).write_text(json.dumps(document), encoding="utf-8")
        return folder

    def metadata_only(self, descriptor: Path) -> Path:
        """The metadata alone, under another file name: fairmeta then checks the document, not a
        folder's payload (upstream's ``metadata_only``)."""
        name = hashlib.sha256(str(descriptor).encode()).hexdigest()[:16]
        copy = self.scratch / "metadata-only" / name / "metadata.jsonld"
        if not copy.exists():
            copy.parent.mkdir(parents=True)
            shutil.copyfile(descriptor, copy)
        return copy


# the values of the fixtures the parametrized patch tests take (tests/conftest.py at the suite's commit)
FIXTURE_VALUES = {
    "invalid_datetime": [
        "2024 01 01", "2024 Jan 01", "2021-13-01", "2021-00-10", "2021-01-32", "2021-01-01T25:00",
        "2021-01-01T23:60", "2021-01-01T23:59:60", "T23:59:59",
    ],
    "valid_datetime": [
        "2024", "2024-01", "202401", "2024-01-01", "20240101", "2024-001", "2024-W01", "2024-W01-1",
        "2024-01-01T00:00", "2024-01-01T00:00:00", "2024-01-01T00:00:00Z", "2024-01-01T00:00:00+00:00",
        "2024-01-01T00:00:00.000", "2024-01-01T00:00:00.000Z", "2024-01-01T00:00:00.000+00:00",
    ],
}  # fmt: skip


def _patches(text: str) -> list[dict[str, dict[str, Any]]]:
    """``{'./': {'datePublished': valid_datetime}}`` once per value of the fixture it names."""
    import ast

    tree = ast.parse(text, mode="eval").body
    assert isinstance(tree, ast.Dict)
    names = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    fixture = next(iter(names)) if names else None
    values = FIXTURE_VALUES[fixture] if fixture else [None]
    patches = []
    for value in values:
        patch: dict[str, dict[str, Any]] = {}
        for key, props in zip(tree.keys, tree.values, strict=True):
            assert isinstance(key, ast.Constant)
            assert isinstance(props, ast.Dict)
            patch[str(key.value)] = {
                str(k.value): (value if isinstance(v, ast.Name) else ast.literal_eval(v))
                for k, v in zip(props.keys, props.values, strict=True)
                if isinstance(k, ast.Constant)
            }
        patches.append(patch)
    return patches


def _link_target(path: Path) -> str | None:
    """The link target a placeholder file holds, when it is one (a relative path to something that exists)."""
    if not path.is_file() or path.stat().st_size > 300:
        return None
    text = path.read_text(encoding="utf-8", errors="replace").strip()
    if not text.startswith("../") or "\n" in text:
        return None
    return text if (path.parent / text).exists() else None


def _inline(document: Any) -> Any:
    from fairmeta.loaders.contexts import ContextResolver

    return ContextResolver().inline(document)


def _relative(value: Any, base: str) -> Any:
    """rdflib writes ids under the crate folder as absolute file: IRIs; the crate had them relative."""
    if isinstance(value, dict):
        return {k: _relative(v, base) for k, v in value.items()}
    if isinstance(value, list):
        return [_relative(v, base) for v in value]
    if isinstance(value, str) and value.startswith(base):
        return value[len(base) :] or "./"
    if isinstance(value, str) and value == base.rstrip("/"):
        return "./"
    return value


def run(limit: int | None) -> tuple[dict[str, Counter[str]], list[dict[str, Any]], Counter[str]]:
    cases = [json.loads(line) for line in (SUITE / "CASES.jsonl").read_text(encoding="utf-8").splitlines() if line]
    if limit is not None:
        cases = cases[:: max(1, len(cases) // limit)][:limit]
    with tempfile.TemporaryDirectory(prefix="fairmeta-rocrate-suite-") as scratch:
        return _score(cases, Runner(Path(scratch)))


def _profile(case: dict[str, Any]) -> str:
    """The profile the upstream test names; "ro-crate (default)" tests use the base profile of the
    crate's RO-Crate version, which is what ``--rocrate-profile ro-crate`` asks for."""
    name = str(case["profile"])
    return "ro-crate" if "(default)" in name else name


# Upstream's tests skip some requirement checks (``skip_checks``); some lists are named constants
# of the test modules at the suite's commit (crs4/rocrate-validator 3fcaf92, v0.11.2), here by value.
_SKIP_CONSTANTS = {
    ("test_metadata_contextualEntities.py", "_GENERIC_RECOMMENDED_SKIP"): ["ro-crate-1.2_48.1", "ro-crate-1.2_55.1"],
    ("test_metadata_contextualEntities.py", "_PERSON_VALID_SKIP"): ["ro-crate-1.2_48.1", "ro-crate-1.2_55.1"],
    ("test_workflows_scripts.py", "_GENERIC_RECOMMENDED_SKIP"): [
        "ro-crate-1.2_40.0", "ro-crate-1.2_40.1", "ro-crate-1.2_48.1", "ro-crate-1.2_55.1", "ro-crate-1.2_62.1",
        "ro-crate-1.2_63.0", "ro-crate-1.2_75.1", "ro-crate-1.2_76.1", "ro-crate-1.2_81.2",
    ],
}  # fmt: skip
# Requirement identifiers are positions in upstream's profiles and move between its versions; the
# suite's skip lists use those of v0.11.2. Each one the suite uses, by the name of the check it stood
# for then (derived with `pip install roc-validator==0.11.2` from Profile.load_profiles(..., OPTIONAL));
# the names find the same checks in the installed version. Three identifiers named no check even
# then (ro-crate-1.2_35.1, _48.1, _70.1): those skips did nothing upstream either.
SUITE_CHECK_NAMES = {
    "ro-crate-1.1_10.1": "Root Data Entity URI value",
    "ro-crate-1.2_16.1": "Root Data Entity: optional `conformsTo` property value restriction",
    "ro-crate-1.2_17.1": "Root Data Entity: identifier PropertyValue value",
    "ro-crate-1.2_18.1": "Data Entity: REQUIRED resource availability",
    "ro-crate-1.2_38.1": "Script: REQUIRED `File` type",
    "ro-crate-1.2_39.0": "Check Workflow: REQUIRED `File` type",
    "ro-crate-1.2_39.1": "Workflow: REQUIRED `File` type",
    "ro-crate-1.2_40.0": "Check Workflow: REQUIRED `SoftwareSourceCode` type",
    "ro-crate-1.2_40.1": "Workflow: REQUIRED `SoftwareSourceCode` type",
    "ro-crate-1.2_41.1": "Contextual entity @id SHOULD be absolute URI or '#'-prefixed",
    "ro-crate-1.2_41.2": "Entity identifiers SHOULD NOT use ../",
    "ro-crate-1.2_41.3": "Entity identifiers SHOULD use native UTF-8, not percent-encoding",
    "ro-crate-1.2_42.1": "RO-Crate Metadata Entity: name",
    "ro-crate-1.2_43.1": "Metadata File Descriptor: RECOMMENDED `conformsTo` value",
    "ro-crate-1.2_43.2": "Metadata File Descriptor: RECOMMENDED single `conformsTo` value",
    "ro-crate-1.2_44.1": "Detached RO-Crate file descriptor RECOMMENDED naming convention",
    "ro-crate-1.2_45.1": "Root Data Entity: RECOMMENDED conformsTo if profiles exist",
    "ro-crate-1.2_46.1": "Funder entity: RECOMMENDED `Organization` type",
    "ro-crate-1.2_51.1": "Root Data Entity: use cite-as for resolvable identifiers",
    "ro-crate-1.2_52.0": "Check Root Data Entity: identifier SHOULD be present if PID exists",
    "ro-crate-1.2_52.1": "Root Data Entity: RECOMMENDED identifier if persistent ID exists",
    "ro-crate-1.2_55.1": "Root Data Entity: RECOMMENDED `publisher` property",
    "ro-crate-1.2_62.1": "File Data Entity: RECOMMENDED `contentSize` property",
    "ro-crate-1.2_63.0": "File: RECOMMENDED `conformsTo` profile",
    "ro-crate-1.2_73.1": "Dataset: distribution SHOULD be downloadable",
    "ro-crate-1.2_75.1": "Contextual Entity: REQUIRED `name` property",
    "ro-crate-1.2_76.1": "Contextual Entity: REQUIRED RDF type",
    "ro-crate-1.2_81.2": "description of License entity: RECOMMENDED properties",
}
# conftest.py: SKIP_LOCAL_DATA_ENTITY_EXISTENCE_CHECK_IDENTIFIER is this requirement's check
_LOCAL_EXISTENCE = "Data Entity: REQUIRED resource availability"
# fairmeta's own rules that state an upstream requirement: skipping the one skips the other
_SAME_AS_FAIRMETA = {"Root Data Entity: RECOMMENDED `publisher` property": "FM-F2-411", _LOCAL_EXISTENCE: "FM-A1-420"}
# requirements added to rocrate-validator's profiles after the suite's commit (files new between
# v0.11.2 and the installed 0.13): the suite's expectations predate them, so they are not scored
NEWER_THAN_SUITE = frozenset(
    {
        "Entity properties compact representation",
        "Schema.org @type protocol",
        "Schema.org @id compatibility",
        "CreateActionWithMainEntityAsInstrumentRequired",
    }
)


def _ignored(case: dict[str, Any]) -> frozenset[str]:
    """The fairmeta codes that stand for the checks the upstream test skips, and for newer requirements."""
    from fairmeta.checks.rocrate import upstream

    raw = (case.get("other_settings") or {}).get("skip_checks")
    names: list[str] = []
    if isinstance(raw, list):
        names = [str(item) for item in raw]
    elif isinstance(raw, str) and raw.startswith("[SKIP_LOCAL_DATA_ENTITY_EXISTENCE"):
        names = [_LOCAL_EXISTENCE]
    elif isinstance(raw, str) and raw.startswith("["):
        names = [item.strip(" '\"") for item in raw.strip("[]").split(",") if item.strip()]
    elif isinstance(raw, str):
        names = _SKIP_CONSTANTS.get((Path(case["test_file"]).name, raw), [])
    names = [SUITE_CHECK_NAMES.get(name, name) for name in names]
    codes = set()
    for info in upstream.requirements():
        skipped = info.identifier in names or info.name in names or info.requirement in names
        if skipped or info.requirement in NEWER_THAN_SUITE:
            codes.add(f"ROCRATE:{info.identifier}")
            for name in (info.requirement, info.name):
                if skipped and name in _SAME_AS_FAIRMETA:
                    codes.add(_SAME_AS_FAIRMETA[name])
    return frozenset(codes)


def _score(
    cases: list[dict[str, Any]], runner: Runner
) -> tuple[dict[str, Counter[str]], list[dict[str, Any]], Counter[str]]:
    baseline: dict[str, set[str]] = defaultdict(set)  # per profile: codes its valid crates give anyway
    for case in cases:
        crate = SUITE / case["crate"] if case.get("crate") else None
        if case["valid"] and not case.get("sparql_update") and crate is not None and _descriptor(crate) is not None:
            report = runner.report(crate, _profile(case))
            baseline[case["profile"]] |= {code for code, _ in _keys(report, LEVELS["REQUIRED"], _ignored(case))}
    table: dict[str, Counter[str]] = defaultdict(Counter)
    disagreements: list[dict[str, Any]] = []
    skipped: Counter[str] = Counter()
    for case in cases:
        severity, valid = case["severity"], case["valid"]
        settings = case.get("other_settings") or {}
        crate = SUITE / case["crate"] if case.get("crate") else None
        descriptor = _descriptor(crate) if crate is not None else None
        if crate is None or descriptor is None:
            skipped["no local crate"] += 1
            continue
        if "metadata_dict" in settings:
            skipped["in-memory metadata of no named crate"] += 1
            continue
        levels = LEVELS[severity]
        update = case.get("sparql_update")
        profile = _profile(case)
        ignored = _ignored(case)
        patch = settings.get("rocrate_entity_patch")
        if patch:
            # a parametrized test: one run per value of its fixture; the case agrees only if every run does
            # a patch on one of the suite's invalid crates: as for those, a code no valid crate of the
            # profile gives; on a valid crate: what the unpatched crate does not have
            invalid_crate = "/invalid/" in f"/{case['crate']}/"
            unpatched = set() if invalid_crate else _keys(runner.report(crate, profile), levels, ignored)
            founds = []
            for edits in _patches(str(patch)):
                run_found = _keys(runner.report(runner.patched(crate, descriptor, edits), profile), levels, ignored)
                run_found -= unpatched
                if invalid_crate:
                    run_found = {key for key in run_found if key[0] not in baseline[case["profile"]]}
                founds.append(run_found)
            found = set().union(*founds) if valid or all(founds) else set()
        elif update:
            before = runner.report(runner.rewritten(crate, descriptor, None), profile)
            report = runner.report(runner.rewritten(crate, descriptor, update), profile)
            found = _keys(report, levels, ignored) - _keys(before, levels, ignored)
        elif settings.get("metadata_only") in (True, "True"):
            found = _keys(runner.report(runner.metadata_only(descriptor), profile), levels, ignored)
        else:
            found = _keys(runner.report(crate, profile), levels, ignored)
        if settings.get("disable_inherited_profiles_issue_reporting") in (True, "True"):
            # upstream reports only the requirements of the case's own profile
            found = {key for key in found if key[0].startswith(f"ROCRATE:{case['profile']}")}
        if not update and not patch and not valid:
            found = {key for key in found if key[0] not in baseline[case["profile"]]}
        scored = valid or severity == "REQUIRED"
        agree = (not found) if valid else bool(found)
        row = table[case["profile"]]
        row["scored" if scored else "reported"] += 1
        row[("agree" if agree else "disagree") if scored else ("detected" if agree else "missed")] += 1
        if scored and not agree:
            disagreements.append(
                {
                    "profile": case["profile"],
                    "test": case["test"],
                    "crate": case["crate"],
                    "severity": severity,
                    "upstream": "valid" if valid else "; ".join(case.get("requirements") or case.get("issues") or []),
                    "fairmeta": ", ".join(sorted({code for code, _ in found})) or "no finding",
                }
            )
    return table, disagreements, skipped


# Why each remaining disagreement is one, by upstream test (checked by hand; see docs/rocrate-agreement.md)
_WEB = (
    "needs the web: the test (`enforce_availability`) downloads the resource; offline, fairmeta leaves "
    "web availability to its identifier check, which resolves links when online"
)
REASONS = {
    "test_invalid_required_web_entity_not_downloadable": _WEB,
    "test_invalid_required_downloadable_citeAs": _WEB,
    "test_invalid_local_entity_reference": (
        "rocrate-validator 0.13 reports no REQUIRED issue on this crate either; the expectation is v0.11.2's"
    ),
    "test_valid_roc_recommended": (
        "fairmeta is stricter: RO-Crate 1.1 says the Root Data Entity SHOULD have a publisher (FM-F2-411); "
        "rocrate-validator's 1.1 profile checks only the type of a publisher that is there"
    ),
}


def render(table: dict[str, Counter[str]], disagreements: list[dict[str, Any]], skipped: Counter[str]) -> str:
    lines = [
        "| profile | scored | agree | agreement | negatives reported (detected) |",
        "|---|---|---|---|---|",
    ]
    total, agree = 0, 0
    for profile in sorted(table):
        row = table[profile]
        total, agree = total + row["scored"], agree + row["agree"]
        share = f"{100 * row['agree'] / row['scored']:.0f} %" if row["scored"] else "-"
        lines.append(
            f"| {profile} | {row['scored']} | {row['agree']} | {share} | {row['reported']} ({row['detected']}) |"
        )
    lines.append(
        f"| **all** | {total} | {agree} | {100 * agree / total:.0f} % | |" if total else "| **all** | 0 | 0 | - | |"
    )
    lines += ["", "Skipped: " + (", ".join(f"{n} {why}" for why, n in sorted(skipped.items())) or "none"), ""]
    lines += ["| profile | test | severity | upstream | fairmeta | why |", "|---|---|---|---|---|---|"]
    for item in disagreements:
        why = REASONS.get(item["test"], "not explained yet")
        lines.append(
            f"| {item['profile']} | `{item['test']}` | {item['severity']} | {item['upstream'].replace('|', '/')} "
            f"| {item['fairmeta']} | {why} |"
        )
    return "\n".join(lines) + "\n"


HEADER = """# Agreement with rocrate-validator

Written by `python benchmarks/rocrate_suite.py --write docs/rocrate-agreement.md` from rocrate-validator's
own test suite (`../shared/corpus/suites/rocrate-validator`, 470 upstream test calls at its v0.11.2),
offline. Each case is built as its upstream test builds it (the script's docstring says how: SPARQL
updates, skipped checks, metadata-only runs, the profile the test names); every `valid: true` case and
every `valid: false` case at REQUIRED is scored; a negative counts only through an error the
unmodified crate does not have. Only conformance counts (`load`, `shacl`, `crate`, `rocrate`), not the
FAIR metrics.

fairmeta checks the RO-Crate family with rocrate-validator's published profiles (the `roc-validator`
package, 0.13) inside its own run, next to its own RO-Crate rules and payload checks; so what is
measured here is fairmeta's whole RO-Crate verdict, its own rules included (where they say more than
the profile, a valid case can disagree), the contexts fairmeta serves, and the offline policy (what
needs the web is left to the identifier check). Requirements added to rocrate-validator after the
suite's version are not scored, since the suite's expectations predate them. Every disagreement
follows the table, with its reason.

"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="an even sample of N cases")
    parser.add_argument("--write", type=Path, default=None, help="write the table and the disagreements (Markdown)")
    args = parser.parse_args(argv)
    if not (SUITE / "CASES.jsonl").is_file():
        print("the rocrate-validator suite is not there (../shared/corpus/suites/rocrate-validator)")
        return 2
    table, disagreements, skipped = run(args.limit)
    text = render(table, disagreements, skipped)
    print(text.split("\n\n| profile | test")[0])
    if args.write is not None:
        args.write.write_text(HEADER + text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
