"""Validate instances against a LinkML schema with linkml's own validator, one schema load per run.

linkml takes over a second to import, so nothing here is imported until a ``--schema`` is given.
The schema is loaded, its target class resolved and its JSON Schema compiled once; then all rows of
all files go through :class:`linkml.validator.Validator` (the JSON Schema plugin, closed, plus the
recommended-slots plugin). Each result becomes a finding placed on its row and column.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fairmeta._quiet import upstream_warnings_silenced
from fairmeta.errors import FairmetaError, UsageError


class SchemaLoadError(FairmetaError):
    """The LinkML schema could not be read (exit 2)."""


_NUMERIC = {"integer": int, "float": float, "double": float, "decimal": float}
_REQUIRED = re.compile(r"^'(.+)' is a required property")
# Root keywords of a class's JSON Schema that judge each property on its own (or only the key set).
_ROOT_KEYWORDS_ABOUT_SLOTS_ALONE = frozenset(
    {"$schema", "$id", "$defs", "$comment", "metamodel_version", "version", "title", "description", "type"}
    | {"examples", "properties", "required", "additionalProperties"}
)


def _plain_number(value: Any) -> int | float | str | None:
    """A schema bound as a plain Python number (linkml has its own int and float subclasses)."""
    if value is None:
        return None
    if isinstance(value, (int, float)):
        return int(value) if isinstance(value, int) else float(value)
    return str(value)


def _scalar_or_scalars(value: Any) -> bool:
    """A cell's value: a string, number, boolean or null, or a list of those (no nested objects)."""
    if isinstance(value, list):
        return all(not isinstance(v, (dict, list)) for v in value)
    return not isinstance(value, dict)


def _frozen(value: Any) -> Any:
    """A hashable stand-in for a cell value that keeps 1, 1.0, True and "1" apart."""
    if isinstance(value, list):
        return tuple(_frozen(v) for v in value)
    return (type(value).__name__, value)


@dataclass(frozen=True)
class _ValueResult:
    """A JSON Schema error on a single-slot probe, shaped like the linkml result it stands for."""

    source: Any
    type: str = "jsonschema validation"
    message: str = ""


def _about_keys(result: Any) -> bool:
    """Whether a linkml result depends only on which slots an instance has."""
    error = result.source
    if result.type == "recommended slots" or error is None:
        return True
    return error.validator in ("required", "additionalProperties") and not list(error.absolute_path)


@dataclass(frozen=True)
class SlotInfo:
    """What fairmeta needs to know of a slot of the target class."""

    name: str
    range: str
    multivalued: bool
    required: bool
    recommended: bool
    identifier: bool
    pattern: str | None
    minimum: Any
    maximum: Any
    slot_uri: str
    examples: tuple[str, ...]
    permissible: tuple[str, ...]
    base: str | None = None  # the Python base of the slot's type (int, float, Bool, ...), for coercion
    # the source nodes of the slot's dynamic enums (``reachable_from``): its terms must be in those
    # branches; linkml's validators ignore dynamic enums, the term check tests them
    roots: tuple[str, ...] = ()


@dataclass(frozen=True)
class NestedSlot:
    """What linkml's recommended-slots plugin asks of one slot of a class, in plain data."""

    name: str
    recommended: bool
    range_class: str | None  # the slot's range when it is a class (values are checked inside)
    multivalued: bool
    inlined: bool
    inlined_as_list: bool


@dataclass(frozen=True)
class SchemaResult:
    """One validation result, already reduced to what a finding needs."""

    index: int
    kind: str  # required | pattern | enum | minimum | maximum | type | format | recommended | other
    column: str | None  # the top-level slot (a table's column)
    value: Any
    message: str
    fix: str
    warning: bool
    path: tuple[str, ...] = ()  # JSON path inside the instance, for JSON/YAML instances


@dataclass(frozen=True)
class CompiledTarget:
    """What validating and converting rows needs of a schema's target class, in plain data.

    Built from linkml's SchemaView and JSON Schema generator on the first run and kept in the
    on-disk cache, so that later runs on an unchanged schema need not import linkml at all.
    """

    target: str
    slots: dict[str, SlotInfo]
    class_uri: str
    prefixes: dict[str, str]
    default_prefix: str
    classes: frozenset[str]
    json_schema: dict[str, Any]  # linkml's JSON Schema for the target, closed
    # every class reachable from the target through class-ranged slots, with its slots: what
    # recommended-slot checks of nested instances need, so that linkml's Validator is not needed
    nested: dict[str, tuple[NestedSlot, ...]]


class LinkMLSchema:
    """A loaded LinkML schema with its target class and a ready validator."""

    def __init__(self, path: Path, target_class: str | None = None, *, offline: bool = False) -> None:
        if not path.is_file():
            raise SchemaLoadError(f"{path}: LinkML schema not found")
        self.path = path
        self.offline = offline
        self.noun = "column"  # how findings name a slot: "column" for tables, "slot" for documents
        self._view: Any = None
        self._slotwise: Any = False  # the single-slot validator, None when rows must be validated whole
        from fairmeta.tabular.schema_cache import compile_cached

        self._use(compile_cached(path, target_class, self._compile, CompiledTarget))

    def _use(self, compiled: CompiledTarget) -> None:
        """Aim at a compiled target (the single-slot validator is rebuilt for it on first use).

        Its regular expressions are checked first: one that does not compile is a schema error
        naming its slot, not a crash of the check on the first cell."""
        from fairmeta.tabular.patterns import pattern_problem, schema_pattern_problems

        for name, slot in sorted(compiled.slots.items()):
            problem = pattern_problem(slot.pattern) if slot.pattern is not None else None
            if problem:
                raise SchemaLoadError(f"{self.path}: slot {name!r}: {problem}")
        for pointer, problem in schema_pattern_problems(compiled.json_schema):
            raise SchemaLoadError(f"{self.path}: at {pointer} of its JSON Schema: {problem}")
        self.compiled = compiled
        self.target = compiled.target
        self.slots = compiled.slots
        self.class_uri = compiled.class_uri
        self.identifier = next((s.name for s in self.slots.values() if s.identifier), None)
        self._slotwise = False
        self._whole: Any = None

    @property
    def view(self) -> Any:
        """linkml's SchemaView of the schema, loaded (and linkml imported) on first use."""
        if self._view is None:
            # linkml fetches a schema's remote imports as it loads it, and only here (a warm run
            # uses the compiled cache and loads nothing): refused offline before it can
            remote = remote_imports(self.path) if self.offline else []
            if remote:
                raise SchemaLoadError(
                    f"{self.path}: imports {remote[0]}, which is not a local file and is not fetched offline; "
                    "save it beside the schema and import the local copy"
                )
            try:
                from linkml_runtime.utils.schemaview import SchemaView
            except ImportError:
                raise UsageError(
                    "LinkML validation needs the linkml package, a dependency of fairmeta: reinstall fairmeta (pip install --force-reinstall fairmeta)"
                ) from None
            try:
                with upstream_warnings_silenced():
                    view = SchemaView(str(self.path))
                    # structured_pattern slots ("{id_nmdc_prefix}:bsm-...") become plain patterns from
                    # the schema's settings, as `gen-linkml --materialize-patterns` does; without this
                    # they are compared as literal text and reject valid data. (linkml marks the
                    # method deprecated because it edits the loaded schema, which is what is wanted.)
                    view.materialize_patterns()
                    view.all_classes()
            except Exception as exc:
                first = " ".join(str(exc).split())[:200]
                raise SchemaLoadError(f"{self.path}: cannot load the LinkML schema: {first}") from None
            self._view = view
        return self._view

    def retarget(self, target: str) -> LinkMLSchema:
        """The same loaded schema aimed at another class (a suite with instances of several classes)."""
        if target not in self.view.all_classes():
            raise UsageError(f"{self.path}: target class {target!r} is not in the schema")
        other = copy.copy(self)
        other._use(self._compile(target)[0])
        return other

    def _compile(self, target_class: str | None) -> tuple[CompiledTarget, list[Path] | None]:
        """Load the schema with linkml and reduce the target to plain data; also name the files read."""
        view = self.view
        with upstream_warnings_silenced():
            target = self._target(view.all_classes(), target_class)
            from linkml.validator.validation_context import ValidationContext

            context = ValidationContext(view.schema, target)
            json_schema = context.json_schema_validator(
                closed=True, include_range_class_descendants=True, path_override=None
            ).schema
            prefixes = {str(p.prefix_prefix): str(p.prefix_reference) for p in (view.schema.prefixes or {}).values()}
            compiled = CompiledTarget(
                target=str(target),
                slots={str(s.name): self._slot(s) for s in view.class_induced_slots(target)},
                class_uri=str(view.get_uri(view.get_class(target), expand=True)),
                prefixes=prefixes,
                default_prefix=str(view.schema.default_prefix or ""),
                classes=frozenset(str(c) for c in view.all_classes()),
                json_schema=json.loads(json.dumps(json_schema)),  # plain dicts and strs, see _slot
                nested=self._nested(view, str(target)),
            )
            return compiled, self._imported_files(view)

    @staticmethod
    def _nested(view: Any, target: str) -> dict[str, tuple[NestedSlot, ...]]:
        """The slots of the target and of every class its slots reach (what RecommendedSlotsPlugin
        walks), as plain data."""
        out: dict[str, tuple[NestedSlot, ...]] = {}
        todo = [target]
        while todo:
            name = todo.pop()
            if name in out:
                continue
            slots = []
            for slot in view.class_induced_slots(name):
                range_class = view.get_class(slot.range) if slot.range else None
                slots.append(
                    NestedSlot(
                        name=str(slot.name),
                        recommended=bool(slot.recommended),
                        range_class=None if range_class is None else str(range_class.name),
                        multivalued=bool(slot.multivalued),
                        inlined=bool(slot.inlined),
                        inlined_as_list=bool(slot.inlined_as_list),
                    )
                )
                if range_class is not None:
                    todo.append(str(range_class.name))
            out[name] = tuple(slots)
        return out

    def _imported_files(self, view: Any) -> list[Path] | None:
        """The local files the schema is made of; None when an import is not a local file (uncacheable)."""
        files = [self.path]
        for name in view.imports_closure():
            if name.startswith("linkml:") or name == view.schema.name:
                continue
            candidate = (self.path.parent / name).with_suffix(".yaml")
            if not candidate.is_file():
                return None
            files.append(candidate)
        return files

    def _target(self, classes: dict[str, Any], wanted: str | None) -> str:
        if wanted is not None:
            if wanted not in classes:
                raise UsageError(
                    f"{self.path}: target class {wanted!r} is not in the schema (classes: {', '.join(sorted(classes))})"
                )
            return wanted
        roots = [name for name, c in classes.items() if c.tree_root]
        if len(roots) == 1:
            return roots[0]
        concrete = [name for name, c in classes.items() if not c.abstract and not c.mixin]
        if len(concrete) == 1:
            return concrete[0]
        raise UsageError(
            f"{self.path}: cannot tell the target class ({len(roots)} tree_root classes, {len(concrete)} classes); "
            "give it with --target-class"
        )

    def _slot(self, slot: Any) -> SlotInfo:
        """A slot as plain Python values (linkml's own str and number subclasses would make
        unpickling the cached schema import linkml)."""
        permissible: tuple[str, ...] = ()
        enum = self.view.get_enum(slot.range) if slot.range else None
        if enum is not None:
            permissible = tuple(str(v) for v in enum.permissible_values or {})
        ranges = [slot.range, *(e.range for e in [*(slot.any_of or []), *(slot.exactly_one_of or [])])]
        roots: list[str] = []
        for name in ranges:
            for query in _reachability(self.view.get_enum(name) if name else None):
                roots.extend(str(node) for node in query.source_nodes or [] if str(node) not in roots)
        base = self.view.induced_type(slot.range).base if slot.range and self.view.get_type(slot.range) else None
        return SlotInfo(
            name=str(slot.name),
            range=str(slot.range or "string"),
            multivalued=bool(slot.multivalued),
            required=bool(slot.required or slot.identifier),
            recommended=bool(slot.recommended),
            identifier=bool(slot.identifier),
            pattern=None if slot.pattern is None else str(slot.pattern),
            minimum=_plain_number(slot.minimum_value),
            maximum=_plain_number(slot.maximum_value),
            slot_uri=str(self.view.get_uri(slot, expand=True)),
            examples=tuple(str(e.value) for e in (slot.examples or []) if getattr(e, "value", None)),
            permissible=permissible,
            base=None if base is None else str(base),
            roots=tuple(roots),
        )

    def term_expectations(self) -> list[tuple[str, tuple[str, ...]]]:
        """``(slot URI, branch roots)`` of the target's slots whose range is a dynamic enum."""
        return [(slot.slot_uri, slot.roots) for slot in self.slots.values() if slot.roots]

    def term_slots(self) -> list[str]:
        """URIs of the target's slots that hold ontology terms: a dynamic enum or a CURIE range."""
        return [s.slot_uri for s in self.slots.values() if s.roots or s.range in ("uriorcurie", "curie")]

    def coerce(self, cells: dict[str, str]) -> dict[str, Any]:
        """Turn spreadsheet text into the JSON types the schema expects; empty cells are absent."""
        out: dict[str, Any] = {}
        for column, text in cells.items():
            if text == "":
                continue
            slot = self.slots.get(column)
            values: list[str] = [v.strip() for v in text.split("|")] if slot and slot.multivalued else [text]
            converted = [self._convert(slot, v) for v in values if v != ""]
            out[column] = converted if slot and slot.multivalued else converted[0]
        return out

    def _convert(self, slot: SlotInfo | None, text: str) -> Any:
        if slot is None:
            return text
        kind = slot.base
        number = _NUMERIC.get(slot.range) or {"int": int, "float": float, "Decimal": float}.get(kind or "")
        if number is not None:
            try:
                return number(text)
            except ValueError:
                return text  # left as text, the schema reports it as not a number
        if slot.range == "boolean" or kind == "Bool":
            lowered = text.lower()
            if lowered in ("true", "yes", "1"):
                return True
            if lowered in ("false", "no", "0"):
                return False
        return text

    def validate(self, instances: Sequence[dict[str, Any]]) -> Iterator[SchemaResult]:
        """Validate instances as linkml's validator does; yield results with their row index.

        Rows of a sheet repeat most of their values (the same organism, platform, date), so when
        the class's JSON Schema judges each slot on its own (see :meth:`_value_validators`), the
        schema is applied once per distinct key set (required, closed, recommended) and once per
        distinct ``(slot, value)`` (everything else), and the results are given to every row that
        has them; that needs only linkml's JSON Schema, kept in the cache, not linkml itself.
        Otherwise, and for nested objects, each instance goes whole through linkml's Validator.
        tests/test_tabular.py checks that both ways give the same results on the LinkML suites.
        """
        flat = all(_scalar_or_scalars(v) for instance in instances for v in instance.values())
        validators = self._value_validators() if flat else None
        if validators is None:
            yield from self._validate_whole(instances)
            return
        from jsonschema.exceptions import best_match

        key_sets: dict[frozenset[str], list[int]] = {}
        cells: dict[tuple[str, Any], list[int]] = {}
        for index, instance in enumerate(instances):
            key_sets.setdefault(frozenset(instance), []).append(index)
            for column, value in instance.items():
                cells.setdefault((column, _frozen(value)), []).append(index)
        values, whole = validators
        found: list[SchemaResult] = []
        for rows in key_sets.values():
            for result in self._key_results(whole, instances[rows[0]]):
                explained = self._explain(rows[0], result, instances[rows[0]])
                found.extend(dataclasses.replace(explained, index=i) for i in rows)
        with upstream_warnings_silenced():  # once: entering it per cell costs more than the checks
            for (column, _), rows in cells.items():
                for error in values.iter_errors({column: instances[rows[0]][column]}):
                    explained = self._explain(rows[0], _ValueResult(best_match([error])), instances[rows[0]])
                    found.extend(dataclasses.replace(explained, index=i) for i in rows)
        yield from sorted(found, key=lambda result: result.index)  # row order, as whole validation gives

    def _validate_whole(self, instances: Sequence[dict[str, Any]]) -> Iterator[SchemaResult]:
        for index, results in enumerate(self._results(instances)):
            for result in results:
                yield self._explain(index, result, instances[index])

    def _results(self, instances: Sequence[dict[str, Any]]) -> list[list[Any]]:
        """linkml's results per instance, as its Validator with the JSON Schema plugin (closed) and
        the recommended-slots plugin gives them, from the compiled (cached) schema: linkml itself
        is not needed, nor its JSON Schema generated again (tens of seconds for MIxS)."""
        from jsonschema.exceptions import best_match

        whole = self._whole_validator()
        grouped: list[list[Any]] = []
        with upstream_warnings_silenced():
            for instance in instances:
                results: list[Any] = []
                for error in whole.iter_errors(instance):
                    best = best_match([error])
                    where = "/".join(str(p) for p in best.absolute_path)
                    results.append(_ValueResult(best, "jsonschema validation", f"{best.message} in /{where}"))
                results.extend(self._recommended(instance, self.target, []))
                grouped.append(results)
        return grouped

    def _recommended(self, instance: Any, class_name: str, location: list[str]) -> Iterator[Any]:
        """linkml's RecommendedSlotsPlugin, walking nested instances by the compiled slot table."""
        if not isinstance(instance, dict):
            return
        for slot in self.compiled.nested.get(class_name, ()):
            value = instance.get(slot.name, None)
            if slot.recommended and value is None:
                message = f"Slot '{slot.name}' is recommended on class '{class_name}' in /{'/'.join(location)}"
                yield _ValueResult(None, "recommended slots", message)
            if slot.range_class is None or value is None:
                continue
            here = [*location, slot.name]
            if slot.multivalued:
                if slot.inlined and not slot.inlined_as_list and isinstance(value, dict):
                    for key, item in value.items():
                        yield from self._recommended(item, slot.range_class, [*here, key])
                elif slot.inlined_as_list and isinstance(value, list):
                    for i, item in enumerate(value):
                        yield from self._recommended(item, slot.range_class, [*here, str(i)])
            else:
                yield from self._recommended(value, slot.range_class, here)

    def _key_results(self, whole: Any, instance: dict[str, Any]) -> Iterator[Any]:
        """What depends only on an instance's key set: required and unknown slots, recommended slots.

        The recommended-slot results are those of linkml's RecommendedSlotsPlugin on a flat instance.
        """
        from jsonschema.exceptions import best_match

        for error in whole.iter_errors(instance):
            result = _ValueResult(best_match([error]))
            if _about_keys(result):
                yield result
        for slot in self.slots.values():
            if slot.recommended and instance.get(slot.name) is None:
                yield _ValueResult(
                    None, "recommended slots", f"Slot '{slot.name}' is recommended on class '{self.target}'"
                )

    @staticmethod
    def _validator(schema: dict[str, Any]) -> Any:
        """A validator for ``schema`` as linkml's JSON Schema plugin makes one (the draft its
        ``$schema`` names, Draft 7 otherwise; formats checked), with time-bounded patterns."""
        from jsonschema import validators

        from fairmeta.tabular.patterns import bounded

        cls = bounded(validators.validator_for(schema, default=validators.Draft7Validator))
        return cls(schema, format_checker=cls.FORMAT_CHECKER)

    def _whole_validator(self) -> Any:
        """The validator of whole instances of the target (closed, required slots), made once."""
        if self._whole is None:
            self._whole = self._validator(self.compiled.json_schema)
        return self._whole

    def _value_validators(self) -> tuple[Any, Any] | None:
        """linkml's JSON Schema for the target, compiled as linkml's plugin compiles it: without its
        ``required`` list and closedness (for single-slot probes ``{slot: value}``), and whole (for
        key sets).

        Returned only when the target's JSON Schema
        has no keyword relating one slot to another, so that a row's results are exactly those of
        its key set plus those of each of its values alone; class rules (if/then), class-level
        any_of/all_of/exactly_one_of and the like add root keywords, and rows are validated whole.
        """
        if self._slotwise is False:
            root = dict(self.compiled.json_schema)
            alone = set(root) <= _ROOT_KEYWORDS_ABOUT_SLOTS_ALONE
            root.pop("required", None)  # key-set matters are judged on whole rows (_key_results)
            root.pop("additionalProperties", None)
            self._slotwise = (self._validator(root), self._whole_validator()) if alone else None
        pair: tuple[Any, Any] | None = self._slotwise
        return pair

    def validate_document(self, document: Any) -> Iterator[tuple[str, SchemaResult]]:
        """Validate a JSON/YAML document (an object, or a list of objects) as instances of the target.

        Yields ``(json_pointer, result)``; the pointer is RFC 6901 into the document.
        """
        documents = document if isinstance(document, list) else [document]
        prefix = isinstance(document, list)
        other = copy.copy(self)
        other.noun = "slot"
        for result in other.validate([d if isinstance(d, dict) else {} for d in documents]):
            base = f"/{result.index}" if prefix else ""
            pointer = base + "".join("/" + p.replace("~", "~0").replace("/", "~1") for p in result.path)
            yield pointer, result

    def _explain(self, index: int, result: Any, instance: dict[str, Any]) -> SchemaResult:
        noun = self.noun
        error = result.source
        if result.type == "recommended slots" or error is None:
            match = re.search(r"Slot '([^']+)' is recommended", result.message)
            column = match.group(1) if match else None
            slot = self.slots.get(column or "")
            return SchemaResult(
                index,
                "recommended",
                column,
                None,
                f"The recommended {noun} {column!r} is empty.",
                f"Fill {column!r} with {self._hint(slot)}." if slot else f"Fill the recommended {noun}.",
                True,
            )
        validator = error.validator
        path = tuple(str(p) for p in error.absolute_path)
        column = path[0] if path else None
        leaf = next((p for p in reversed(path) if not p.isdigit()), column)
        value = error.instance
        if validator == "required":
            match = _REQUIRED.match(error.message)
            missing = match.group(1) if match else leaf
            slot = self._slot_named(missing)
            return SchemaResult(
                index,
                "required",
                column or missing,
                None,
                f"The required {noun} {missing!r} is empty.",
                f"Fill {missing!r} with {self._hint(slot)}.",
                False,
                path,
            )
        slot = self._slot_named(leaf)
        hint = self._hint(slot)
        shown = repr(value) if not isinstance(value, (dict, list)) else "the value"
        if validator == "additionalProperties":
            extra = re.findall(r"'([^']+)'", error.message)
            name = extra[0] if extra else "?"
            return SchemaResult(
                index,
                "unknown-column",
                name if not path else column,
                None,
                f"{noun.capitalize()} {name!r} is not a slot of {self.target if not path else 'that object'}.",
                f"Rename or remove {name!r}; {self.target} has: {', '.join(self.slots)}.",
                False,
                path,
            )
        messages = {
            "pattern": f"{shown} in {noun} {leaf!r} does not match the pattern {error.validator_value}.",
            "enum": f"{shown} in {noun} {leaf!r} is not one of the permissible values.",
            "minimum": f"{shown} in {noun} {leaf!r} is below the minimum {error.validator_value}.",
            "exclusiveMinimum": f"{shown} in {noun} {leaf!r} is not above {error.validator_value}.",
            "maximum": f"{shown} in {noun} {leaf!r} is above the maximum {error.validator_value}.",
            "exclusiveMaximum": f"{shown} in {noun} {leaf!r} is not below {error.validator_value}.",
            "type": f"{shown} in {noun} {leaf!r} is not of type {error.validator_value}.",
            "format": f"{shown} in {noun} {leaf!r} is not a valid {error.validator_value}.",
        }
        if validator == "pattern" and error.message.startswith(f"{value!r} was not checked against"):
            messages["pattern"] = f"{shown} in {noun} {leaf!r}{error.message[len(repr(value)) :]}."  # timed out
        message = messages.get(validator, f"{' '.join(error.message.split())[:200]} ({noun} {leaf!r}).")
        return SchemaResult(index, validator, column, value, message, f"Write {leaf!r} as {hint}.", False, path)

    def _slot_named(self, name: str | None) -> SlotInfo | None:
        """A slot of the target class, else any slot of the schema (for nested objects)."""
        if not name:
            return None
        if name in self.slots:
            return self.slots[name]
        with upstream_warnings_silenced():
            definition = self.view.get_slot(name)
            return self._slot(definition) if definition is not None else None

    def _hint(self, slot: SlotInfo | None) -> str:
        """The expected kind of value, with an example when the schema gives one."""
        if slot is None:
            return "a value the schema allows"
        parts = []
        if slot.permissible:
            parts.append("one of " + ", ".join(slot.permissible[:8]) + ("…" if len(slot.permissible) > 8 else ""))
        elif slot.range in ("date", "datetime"):
            parts.append(
                "an ISO 8601 "
                + ("date, e.g. 2024-05-17" if slot.range == "date" else "date-time, e.g. 2024-05-17T10:00:00Z")
            )
        elif slot.range in _NUMERIC:
            bounds = []
            if slot.minimum is not None:
                bounds.append(f">= {slot.minimum}")
            if slot.maximum is not None:
                bounds.append(f"<= {slot.maximum}")
            parts.append(f"a number {' and '.join(bounds)}".strip())
        else:
            parts.append(f"a {slot.range}")
        if slot.pattern:
            parts.append(f"matching {slot.pattern}")
        if slot.examples:
            parts[0] = parts[0].split(", e.g.")[0]  # the schema's own example replaces the generic one
            parts.append(f"e.g. {slot.examples[0]}")
        return ", ".join(parts)


def remote_imports(path: Path) -> list[str]:
    """The imports of a schema and of its local imports that are not local files (URLs, CURIEs
    other than linkml's own ``linkml:``, which linkml ships); read without linkml, as plain YAML."""
    import yaml

    from fairmeta.files import UnreadableFileError, read_text

    remote: list[str] = []
    seen: set[Path] = set()
    todo = [path]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        try:  # libyaml when there: a schema like MIxS is megabytes of YAML
            document = yaml.load(read_text(current), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
        except (UnreadableFileError, yaml.YAMLError, RecursionError):
            continue  # linkml reports a schema it cannot read, with its own words
        imports = document.get("imports") if isinstance(document, dict) else None
        for name in imports if isinstance(imports, list) else []:
            text = str(name)
            if text.startswith("linkml:"):
                continue
            if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", text):  # a URL or a CURIE that expands to one
                remote.append(text)
                continue
            local = (current.parent / text).with_suffix(".yaml")
            todo.append(local)
    return remote


def _reachability(enum: Any) -> list[Any]:
    """The ``reachable_from`` queries of a LinkML enum: its own and those of its ``include``s."""
    if enum is None:
        return []
    found = [enum.reachable_from] if enum.reachable_from else []
    found += [part.reachable_from for part in enum.include or [] if part.reachable_from]
    return found
