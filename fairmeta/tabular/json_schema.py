"""``--json-schema FILE``: validate plain JSON/YAML metadata with jsonschema (any draft it supports).

The schema is read and its validator built once per run (the draft comes from ``$schema``, default
2020-12, formats checked). Each error becomes a finding at the JSON Pointer of the offending value,
the best match first within each place, so one mistake gives one finding, not a cascade.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fairmeta.errors import FairmetaError
from fairmeta.files import MAX_INPUT_BYTES, UnreadableFileError, read_file, strict_json, strict_yaml
from fairmeta.tabular.patterns import bounded, schema_pattern_problems


class JsonSchemaLoadError(FairmetaError):
    """The JSON Schema could not be read or is not a valid schema (exit 2)."""


def _escape(part: object) -> str:
    return str(part).replace("~", "~0").replace("/", "~1")


class JsonSchema:
    """A compiled JSON Schema validator."""

    def __init__(self, path: Path) -> None:
        import jsonschema

        try:
            schema = read_document(path)
            for pointer, problem in schema_pattern_problems(schema):  # before the meta-schema's terser words
                raise JsonSchemaLoadError(f"{path}: at {pointer or '/'}: {problem}")
            cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)
            cls.check_schema(schema)
        except JsonSchemaLoadError:
            raise
        except UnreadableFileError as exc:
            raise JsonSchemaLoadError(f"{path}: cannot read the JSON Schema: {exc}") from None
        except jsonschema.SchemaError as exc:
            raise JsonSchemaLoadError(f"{path}: not a valid JSON Schema: {exc.message}") from None
        except Exception as exc:  # ValueError (JSON, refused data), yaml.YAMLError, UnicodeDecodeError
            first = " ".join(str(exc).split())[:200]
            raise JsonSchemaLoadError(f"{path}: cannot parse the JSON Schema: {first}") from None
        self.path = path
        cls = bounded(cls)  # a catastrophically backtracking pattern cannot hang the run
        self.validator = cls(schema, format_checker=cls.FORMAT_CHECKER)

    def errors(self, document: Any) -> list[SchemaError]:
        """The document's problems, the most telling one per place, sorted by place."""
        from jsonschema.exceptions import best_match

        by_place: dict[str, list[Any]] = {}
        for error in self.validator.iter_errors(document):
            pointer = "".join("/" + _escape(p) for p in error.absolute_path)
            by_place.setdefault(pointer, []).append(error)
        out = []
        for pointer, group in sorted(by_place.items()):
            error = best_match(group)
            value = error.instance
            out.append(
                SchemaError(
                    keyword=str(error.validator),
                    message=" ".join(error.message.split())[:300] + ".",
                    pointer=pointer,
                    value=None if isinstance(value, (dict, list)) else str(value),
                    fix=_fix(error, pointer),
                )
            )
        return out


@dataclass(frozen=True)
class SchemaError:
    """One place where a document breaks its JSON Schema."""

    keyword: str  # the failing keyword: required, type, pattern, ...
    message: str
    pointer: str
    value: str | None
    fix: str


def _fix(error: Any, pointer: str) -> str:
    where = pointer or "the document root"
    expected = error.validator_value
    hints = {
        "required": f"Add the missing property to {where}.",
        "type": f"Make {where} a {expected}.",
        "enum": f"Use one of {expected} at {where}.",
        "pattern": f"Rewrite {where} to match {expected}.",
        "format": f"Write {where} as a valid {expected}.",
        "minimum": f"Make {where} at least {expected}.",
        "maximum": f"Make {where} at most {expected}.",
        "minLength": f"Make {where} at least {expected} characters long.",
        "additionalProperties": f"Remove or rename the properties the schema does not allow at {where}.",
    }
    return hints.get(error.validator, f"Change {where} so that it satisfies the schema's {error.validator!r} rule.")


def read_document(path: Path, limit: int = MAX_INPUT_BYTES) -> Any:
    """Read a JSON or YAML document as hostile input (regular file, size, nesting and value limits).

    :raises UnreadableFileError: the file cannot be read. :raises ValueError: it does not parse or
        is refused (:class:`fairmeta.files.RefusedDataError`). YAML errors are ``yaml.YAMLError``.
    """
    text = read_file(path, limit).decode("utf-8-sig")
    if path.suffix.lower() in (".yaml", ".yml"):
        return strict_yaml(text)
    return strict_json(text)
