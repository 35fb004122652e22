"""Configuration: ``[tool.fairmeta]`` in pyproject.toml, or ``fairmeta.toml`` / ``.fairmeta.toml``.

The file is found by walking up from the first checked path (or the current directory): in each
folder ``.fairmeta.toml``, then ``fairmeta.toml``, then a ``pyproject.toml`` that has a
``[tool.fairmeta]`` table; the first one found is used. Command-line options override it. An unknown
key or a value of the wrong type is a :class:`ConfigError` (exit 2) naming the key and the file.

Keys (kebab-case, as in ruff)::

    profile = "bioschemas-dataset"        # force a profile
    shapes = ["shapes/extra.ttl"]         # paths relative to the config file
    select = ["FM-F", "FM-R1.1"]          # only these rule codes (segment-wise prefixes)
    ignore = ["FM-A1.2", "SHACL"]         # never these
    fail-on = "warning"                   # error | warning | info
    min-score = 60                        # exit 1 below this FAIR percentage
    offline = true
    allow-remote-context = false
    input-format = "json-ld"
    cache-dir = ".cache/fairmeta"
    [per-file-ignores]                    # glob (relative to the config file) → codes
    "legacy/**" = ["FM-F1"]
    [severity]                            # code or prefix → error | warning | info
    "FM-R1.1-107" = "error"
    [[accept]]                            # one accepted finding (or family), with its reason
    file = "data/legacy-*.jsonld"         # glob relative to the config file
    rule = "FM-R1.1-107"                  # code or prefix
    record = "https://doi.org/10.1/x"     # optional: only this record
    reason = "Licence is stated on the landing page; the repository cannot export it."
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fairmeta.acceptance import Acceptance, shown_path
from fairmeta.errors import FairmetaError
from fairmeta.files import UnreadableFileError, path_kind, read_text
from fairmeta.model import Finding, Severity
from fairmeta.selectors import code_matches, glob_match

CONFIG_NAMES = (".fairmeta.toml", "fairmeta.toml", "pyproject.toml")
SEVERITIES = ("error", "warning", "info")

# Keys of features that this version does not have yet: accepted by name, refused with a reason,
# so a config written for a later fairmeta fails loudly instead of being half applied.
_NOT_YET: dict[str, str] = {}


class ConfigError(FairmetaError):
    """The configuration file has an unknown key or a value of the wrong type."""


@dataclass(frozen=True)
class Config:
    """The effective configuration and where each value came from."""

    profile: str | None = None
    rocrate_profile: str | None = None
    shapes: tuple[Path, ...] = ()
    inference: str = "none"
    ont_graph: tuple[Path, ...] = ()
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    severity: tuple[tuple[str, Severity], ...] = ()
    accept: tuple[Acceptance, ...] = ()
    fail_on: Severity = Severity.ERROR
    min_score: float | None = None
    offline: bool = False
    allow_remote_context: bool = False
    contexts: tuple[tuple[str, Path], ...] = ()
    input_format: str | None = None
    schema: Path | None = None
    target_class: str | None = None
    json_schema: Path | None = None
    mapping: Path | None = None
    cache_dir: Path | None = None
    resolvers: tuple[tuple[str, object], ...] = ()  # the [resolvers] table: base URLs and HTTP settings
    routes: tuple[tuple[str, str], ...] = ()  # [http.routes]: URL prefix -> base URL requests go to
    ontologies: tuple[Path, ...] = ()  # local ontology files (OBO, OWL/RDF) for term look-ups
    expected_terms: tuple[tuple[str, tuple[str, ...]], ...] = ()  # property CURIE -> prefixes / branch roots
    file: Path | None = None
    origins: Mapping[str, str] = field(default_factory=dict)

    @property
    def root(self) -> Path:
        """The folder relative paths and per-file-ignore globs are resolved against."""
        return self.file.parent if self.file else Path.cwd()


def find_config(start: Path) -> Path | None:
    """The nearest configuration file in ``start`` or above it, or None."""
    folder = start if path_kind(start) == "folder" else start.parent
    for directory in (folder.resolve(), *folder.resolve().parents):
        for name in CONFIG_NAMES:
            candidate = directory / name
            # a folder fairmeta may not look into holds no configuration it could read ("refused"):
            # the search goes on above it instead of failing
            if path_kind(candidate) != "file":
                continue
            if name != "pyproject.toml" or "fairmeta" in _read(candidate).get("tool", {}):
                return candidate
    return None


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(read_text(path))
    except UnreadableFileError as exc:
        raise ConfigError(f"{path}: cannot read the configuration: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None


def _table(path: Path) -> dict[str, Any]:
    data = _read(path)
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("fairmeta", {})
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: [tool.fairmeta] must be a table")
        return table
    return data


def _expect(path: Path, key: str, value: Any, kind: type | tuple[type, ...], what: str) -> Any:
    if not isinstance(value, kind) or (isinstance(value, bool) and kind in (int, float, (int, float))):
        raise ConfigError(f"{path}: key {key!r} must be {what}, not {type(value).__name__} {value!r}")
    return value


def _codes(path: Path, key: str, value: Any) -> tuple[str, ...]:
    items = _expect(path, key, value, list, "a list of rule codes")
    for item in items:
        _expect(path, key, item, str, "a list of rule codes")
    return tuple(items)


_ACCEPT_KEYS = ("file", "rule", "record", "reason")


def _acceptances(path: Path, value: Any) -> tuple[Acceptance, ...]:
    """``[[accept]]`` entries: each a table with ``rule`` and ``reason`` (required), ``file``, ``record``."""
    entries = _expect(path, "accept", value, list, "an array of tables ([[accept]])")
    out = []
    for number, entry in enumerate(entries, start=1):
        key = f"accept #{number}"
        _expect(path, key, entry, dict, "a table with rule, reason and optionally file and record")
        unknown = sorted(set(entry) - set(_ACCEPT_KEYS))
        if unknown:
            raise ConfigError(f"{path}: {key}: unknown key {unknown[0]!r} (known: {', '.join(_ACCEPT_KEYS)})")
        for required in ("rule", "reason"):
            if not str(entry.get(required, "")).strip():
                raise ConfigError(f"{path}: {key} needs a non-empty {required!r}")
        texts = {k: _expect(path, f"{key}.{k}", v, str, "a string") for k, v in entry.items()}
        out.append(
            Acceptance(
                rule=texts["rule"].strip(),
                reason=texts["reason"].strip(),
                origin=f"{path.name} {key}",
                file=texts.get("file"),
                record=texts.get("record"),
            )
        )
    return tuple(out)


def _severity(path: Path, key: str, value: Any) -> Severity:
    text = _expect(path, key, value, str, "one of error, warning, info")
    if text not in SEVERITIES:
        raise ConfigError(f"{path}: key {key!r} must be one of error, warning, info, not {text!r}")
    return Severity(text)


def load_config(path: Path) -> Config:
    """Read and validate one configuration file."""
    table = _table(path)
    where = path.name if path.name != "pyproject.toml" else "pyproject.toml [tool.fairmeta]"
    values: dict[str, Any] = {}
    origins: dict[str, str] = {}
    for key, value in table.items():
        origins[key.replace("-", "_")] = f"{path} ({where})"
        if key in _NOT_YET:
            raise ConfigError(
                f"{path}: key {key!r} needs {_NOT_YET[key]}, which this version of fairmeta does not have"
            )
        if key in ("profile", "rocrate-profile", "input-format", "target-class"):
            values[key.replace("-", "_")] = _expect(path, key, value, str, "a string")
        elif key == "inference":
            values["inference"] = _inference(path, key, value)
        elif key in ("shapes", "ontologies", "ont-graph"):
            items = _expect(path, key, value, list, "a list of paths")
            values[key.replace("-", "_")] = tuple(
                path.parent / _expect(path, key, item, str, "a list of paths") for item in items
            )
        elif key == "expected-terms":
            table_value = _expect(path, key, value, dict, "a table of property = [prefixes or terms]")
            values["expected_terms"] = tuple(
                (prop, _strings(path, f"{key}.{prop}", roots)) for prop, roots in table_value.items()
            )
        elif key in ("select", "ignore"):
            values[key] = _codes(path, key, value)
        elif key == "per-file-ignores":
            table_value = _expect(path, key, value, dict, "a table of glob = [codes]")
            values["per_file_ignores"] = tuple(
                (glob, _codes(path, f"{key}.{glob}", codes)) for glob, codes in table_value.items()
            )
        elif key == "severity":
            table_value = _expect(path, key, value, dict, "a table of code = severity")
            values["severity"] = tuple(
                (code, _severity(path, f"{key}.{code}", sev)) for code, sev in table_value.items()
            )
        elif key == "accept":
            values["accept"] = _acceptances(path, value)
        elif key == "fail-on":
            values["fail_on"] = _severity(path, key, value)
        elif key == "min-score":
            number = _expect(path, key, value, (int, float), "a number from 0 to 100")
            if not 0 <= number <= 100:
                raise ConfigError(f"{path}: key {key!r} must be from 0 to 100, not {number}")
            values["min_score"] = float(number)
        elif key in ("offline", "allow-remote-context"):
            values[key.replace("-", "_")] = _expect(path, key, value, bool, "true or false")
        elif key in ("schema", "json-schema", "mapping"):
            values[key.replace("-", "_")] = path.parent / _expect(path, key, value, str, "a path")
        elif key == "cache-dir":
            values["cache_dir"] = path.parent / _expect(path, key, value, str, "a path")
        elif key == "contexts":
            table_value = _expect(path, key, value, dict, "a table of context URL = local file")
            values["contexts"] = tuple(
                (url, path.parent / _expect(path, f"{key}.{url}", file, str, "a path"))
                for url, file in table_value.items()
            )
        elif key == "resolvers":
            values["resolvers"] = _resolvers(path, _expect(path, key, value, dict, "a table"))
        elif key == "http":
            values["routes"] = _routes(path, _expect(path, key, value, dict, "a table with a routes table"))
        else:
            raise ConfigError(f"{path}: unknown key {key!r} (see docs/configuration.md)")
    return Config(**values, file=path, origins=origins)


INFERENCE = ("none", "rdfs", "owlrl", "both")


def _inference(path: Path, key: str, value: Any) -> str:
    text = _expect(path, key, value, str, "one of " + ", ".join(INFERENCE))
    if text not in INFERENCE:
        raise ConfigError(f"{path}: key {key!r} must be one of {', '.join(INFERENCE)}, not {text!r}")
    return str(text)


RESOLVER_URLS = ("doi", "handle", "orcid", "ror", "bioregistry", "ols", "crossref", "datacite", "openalex", "europepmc")
RESOLVER_SETTINGS: dict[str, tuple[type | tuple[type, ...], str]] = {
    "timeout": ((int, float), "seconds"),
    "retries": (int, "a whole number"),
    "per-host": (int, "a whole number"),
    "rate": ((int, float), "requests per second"),
    "workers": (int, "a whole number"),
    "cache": (bool, "true or false"),
    "expire-days": ((int, float), "days"),
    "max-bytes": (int, "a number of bytes"),
    "max-redirects": (int, "a whole number"),
    "contact": (str, "an e-mail address"),
}


def _strings(path: Path, key: str, value: object) -> tuple[str, ...]:
    items = _expect(path, key, value, list, "a list of strings")
    return tuple(_expect(path, key, item, str, "a list of strings") for item in items)


def _resolvers(path: Path, table: dict[str, object]) -> tuple[tuple[str, object], ...]:
    """Check the ``resolvers`` table: service base URLs and HTTP settings."""
    out: list[tuple[str, object]] = []
    for key, value in table.items():
        if key in RESOLVER_URLS:
            url = _expect(path, f"resolvers.{key}", value, str, "a base URL")
            if not url.startswith(("http://", "https://")):
                raise ConfigError(f"{path}: key 'resolvers.{key}' must be an http(s) URL, not {url!r}")
            out.append((key, url))
        elif key in RESOLVER_SETTINGS:
            kind, what = RESOLVER_SETTINGS[key]
            out.append((key, _expect(path, f"resolvers.{key}", value, kind, what)))
        else:
            known = ", ".join((*RESOLVER_URLS, *RESOLVER_SETTINGS))
            raise ConfigError(f"{path}: unknown key 'resolvers.{key}' (known: {known})")
    return tuple(out)


def _routes(path: Path, table: dict[str, object]) -> tuple[tuple[str, str], ...]:
    """``[http.routes]``: ``"https://s11.no/" = "http://127.0.0.1:8080/"`` (both http(s) URLs)."""
    unknown = sorted(set(table) - {"routes"})
    if unknown:
        raise ConfigError(f"{path}: unknown key 'http.{unknown[0]}' (known: routes)")
    routes = _expect(path, "http.routes", table.get("routes", {}), dict, "a table of URL prefix = base URL")
    out = []
    for prefix, target in routes.items():
        text = _expect(path, f"http.routes.{prefix}", target, str, "a base URL")
        for url in (prefix, text):
            if not url.startswith(("http://", "https://")):
                raise ConfigError(f"{path}: key 'http.routes' needs http(s) URLs, not {url!r}")
        out.append((prefix, text))
    return tuple(out)


def resolve_config(paths: Iterable[str], explicit: Path | None = None, isolated: bool = False) -> Config:
    """The configuration for a run: ``--config FILE``, else the nearest file, else defaults."""
    if isolated:
        return Config()
    if explicit is not None:
        if path_kind(explicit) != "file":
            raise ConfigError(f"{explicit}: configuration file not found")
        return load_config(explicit)
    first = next(iter(paths), None)
    start = Path(first) if first and path_kind(Path(first)) in ("file", "folder") else Path.cwd()
    found = find_config(start)
    return load_config(found) if found else Config()


@dataclass(frozen=True)
class FindingPolicy:
    """select / ignore / per-file-ignores / severity overrides, applied to findings."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    severity: tuple[tuple[str, Severity], ...] = ()
    root: Path | None = None

    def apply(self, finding: Finding) -> Finding | None:
        """The finding with its severity overridden, or None when it is not selected or ignored."""
        from dataclasses import replace

        code = finding.code
        if self.select and not any(code_matches(s, code) for s in self.select):
            return None
        if any(code_matches(i, code) for i in self.ignore):
            return None
        if self.per_file_ignores and self._ignored_here(finding):
            return None
        for selector, level in sorted(self.severity, key=lambda item: len(item[0])):
            if code_matches(selector, code):
                finding = replace(finding, severity=level)
        return finding

    def _ignored_here(self, finding: Finding) -> bool:
        shown = shown_path(finding.location.source, self.root)
        for pattern, codes in self.per_file_ignores:
            if glob_match(shown, pattern) and any(code_matches(c, finding.code) for c in codes):
                return True
        return False


def with_overrides(config: Config, overrides: Mapping[str, Any]) -> Config:
    """Apply command-line values (``None`` means 'not given') on top of the file's configuration."""
    from dataclasses import replace

    given = {k: v for k, v in overrides.items() if v is not None and v != ()}
    origins = dict(config.origins)
    for key in given:
        origins[key] = f"command line (--{key.replace('_', '-')})"
    return replace(config, **given, origins=origins)


def policy_of(config: Config) -> FindingPolicy:
    """The finding policy the configuration describes."""
    return FindingPolicy(config.select, config.ignore, config.per_file_ignores, config.severity, config.root)


def describe(config: Config) -> list[tuple[str, str, str]]:
    """``(key, value, origin)`` for every setting, for ``fairmeta config``."""
    rows = []
    for name in (
        "profile",
        "rocrate_profile",
        "shapes",
        "inference",
        "ont_graph",
        "select",
        "ignore",
        "per_file_ignores",
        "severity",
        "accept",
        "fail_on",
        "min_score",
        "offline",
        "allow_remote_context",
        "contexts",
        "input_format",
        "schema",
        "target_class",
        "json_schema",
        "mapping",
        "cache_dir",
        "resolvers",
        "routes",
        "ontologies",
        "expected_terms",
    ):
        value = getattr(config, name)
        rows.append((name.replace("_", "-"), _show(value), config.origins.get(name, "default")))
    return rows


def _show(value: Any) -> str:
    if value is None or value == ():
        return "(none)"
    if isinstance(value, tuple):
        parts = []
        for item in value:
            if isinstance(item, Acceptance):
                parts.append(f"{item.rule} in {item.file or 'every file'}: {item.reason}")
            elif isinstance(item, tuple):
                key, inner = item
                inner_text = ", ".join(inner) if isinstance(inner, tuple) else getattr(inner, "value", str(inner))
                parts.append(f"{key} = {inner_text}")
            else:
                parts.append(str(item))
        return "; ".join(parts)
    return str(getattr(value, "value", value))
