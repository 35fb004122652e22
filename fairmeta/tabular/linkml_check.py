"""Validate instances against a LinkML schema with linkml's own validator, one schema load per run.

linkml takes over a second to import, so nothing here is imported until a ``--schema`` is given.
The schema is loaded, its target class resolved and its JSON Schema compiled once; then all rows of
all files go through :class:`linkml.validator.Validator` (the JSON Schema plugin, closed, plus the
recommended-slots plugin). Each result becomes a finding placed on its row and column.
"""

from __future__ import annotations

import copy
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


class LinkMLSchema:
    """A loaded LinkML schema with its target class and a ready validator."""

    def __init__(self, path: Path, target_class: str | None = None) -> None:
        try:
            from linkml.validator import Validator
            from linkml.validator.plugins import JsonschemaValidationPlugin, RecommendedSlotsPlugin
            from linkml_runtime.utils.schemaview import SchemaView
        except ImportError:
            raise UsageError("LinkML validation needs the linkml package: pip install 'fairmeta[linkml]'") from None
        if not path.is_file():
            raise SchemaLoadError(f"{path}: LinkML schema not found")
        try:
            with upstream_warnings_silenced():
                self.view = SchemaView(str(path))
                # structured_pattern slots ("{id_nmdc_prefix}:bsm-...") become plain patterns from the
                # schema's settings, as `gen-linkml --materialize-patterns` does; without this they are
                # compared as literal text and reject valid data. (linkml marks the method deprecated
                # because it edits the loaded schema, which is what is wanted here.)
                self.view.materialize_patterns()
                classes = self.view.all_classes()
        except Exception as exc:
            first = " ".join(str(exc).split())[:200]
            raise SchemaLoadError(f"{path}: cannot load the LinkML schema: {first}") from None
        self.path = path
        self.noun = "column"  # how findings name a slot: "column" for tables, "slot" for documents
        self._bases: dict[str, str | None] = {}
        self.validator = Validator(
            self.view.schema, [JsonschemaValidationPlugin(closed=True), RecommendedSlotsPlugin()]
        )
        with upstream_warnings_silenced():
            self._bind(self._target(classes, target_class))

    def _bind(self, target: str) -> None:
        self.target = target
        self.slots = {s.name: self._slot(s) for s in self.view.class_induced_slots(target)}
        self.class_uri = self.view.get_uri(self.view.get_class(target), expand=True)
        self.identifier = next((s.name for s in self.slots.values() if s.identifier), None)

    def retarget(self, target: str) -> LinkMLSchema:
        """The same loaded schema (and compiled validator) aimed at another class."""
        if target not in self.view.all_classes():
            raise UsageError(f"{self.path}: target class {target!r} is not in the schema")
        other = copy.copy(self)
        with upstream_warnings_silenced():
            other._bind(target)
        return other

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
        permissible: tuple[str, ...] = ()
        enum = self.view.get_enum(slot.range) if slot.range else None
        if enum is not None:
            permissible = tuple(enum.permissible_values or {})
        return SlotInfo(
            name=slot.name,
            range=slot.range or "string",
            multivalued=bool(slot.multivalued),
            required=bool(slot.required or slot.identifier),
            recommended=bool(slot.recommended),
            identifier=bool(slot.identifier),
            pattern=slot.pattern,
            minimum=slot.minimum_value,
            maximum=slot.maximum_value,
            slot_uri=self.view.get_uri(slot, expand=True),
            examples=tuple(str(e.value) for e in (slot.examples or []) if getattr(e, "value", None)),
            permissible=permissible,
        )

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

    def _base(self, slot_range: str) -> str | None:
        """The Python base type of a slot range (``int``, ``float``, ``Bool``...), cached per range."""
        if slot_range not in self._bases:
            kind = self.view.induced_type(slot_range).base if self.view.get_type(slot_range) else None
            self._bases[slot_range] = kind
        return self._bases[slot_range]

    def _convert(self, slot: SlotInfo | None, text: str) -> Any:
        if slot is None:
            return text
        kind = self._base(slot.range)
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
        """Validate instances in one pass of linkml's validator; yield results with their row index."""
        from linkml.validator.loaders import Loader

        class _Rows(Loader):  # type: ignore[misc]  # linkml's loader protocol over rows fairmeta already read
            def __init__(self, rows: Sequence[dict[str, Any]]) -> None:
                super().__init__("fairmeta rows")
                self.rows = rows

            def iter_instances(self) -> Iterator[Any]:
                return iter(self.rows)

        with upstream_warnings_silenced():
            results = list(self.validator.iter_results_from_source(_Rows(instances), self.target))
        for result in results:
            index = result.instance_index or 0
            yield self._explain(index, result, instances[index] if index < len(instances) else {})

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
            parts.append(f"e.g. {slot.examples[0]}")
        return ", ".join(parts)
