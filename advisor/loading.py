"""YAML files to models; every error names file, line, column and key path.

The fast path parses once (`yaml_text`) and validates once. Only when something is wrong is the
file composed again into nodes, to find the line and column of the offending key.
"""

from __future__ import annotations

import difflib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from advisor import yaml_text
from advisor.errors import InputError, Location

Model = TypeVar("Model", bound=BaseModel)
KeyPath = tuple[str | int, ...]


def read_yaml(path: Path) -> Any:
    """Parse one YAML file; a missing file or bad YAML is an InputError with its position."""
    try:
        text = read_bytes(path).decode("utf-8")
    except FileNotFoundError:
        raise InputError("file not found", Location(str(path))) from None
    except IsADirectoryError:
        raise InputError("is a folder, not a file", Location(str(path))) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read: {exc}", Location(str(path))) from None
    try:
        return yaml_text.parse(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        problem = exc.problem or exc.context or "not valid YAML"
        raise InputError(f"not valid YAML: {problem}", Location(str(path), line, column)) from None
    except yaml.YAMLError as exc:
        raise InputError(f"not valid YAML: {exc}", Location(str(path))) from None


BINARY = getattr(os, "O_BINARY", 0)
"""Windows opens files as text unless asked not to; elsewhere there is no such flag."""
READ_SIZE = 1 << 16


def read_bytes(path: Path) -> bytes:
    """A file's bytes through the descriptor calls: 9 us for a workload file, where `open()`
    took 20 (a buffered reader around a file object, and a size check before reading)."""
    descriptor = os.open(path, os.O_RDONLY | BINARY)
    try:
        chunks = []
        while chunk := os.read(descriptor, READ_SIZE):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(descriptor)


def read_json(path: Path) -> Any:
    """Parse one JSON file; a missing file or bad JSON is an InputError with its position."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError("file not found", Location(str(path))) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read: {exc}", Location(str(path))) from None
    except json.JSONDecodeError as exc:
        raise InputError(
            f"not valid JSON: {exc.msg}", Location(str(path), exc.lineno, exc.colno)
        ) from None


@dataclass(frozen=True)
class SourceMap:
    """Finds the line and column of a key path in a YAML file, composing it only when asked."""

    path: Path

    def locate(self, keys: Sequence[str | int], *, at_key: bool = False) -> Location:
        """The deepest node on `keys` that exists; its key when `at_key`, else its value."""
        dotted = dotted_path(keys)
        try:
            node = yaml.compose(self.path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
        except (OSError, yaml.YAMLError):
            return Location(str(self.path), key=dotted)
        mark = node.start_mark if node is not None else None
        for key in keys:
            child = _child(node, key)
            if child is None:
                break
            key_node, node = child
            mark = key_node.start_mark if at_key and key == keys[-1] else node.start_mark
        if mark is None:
            return Location(str(self.path), key=dotted)
        return Location(str(self.path), mark.line + 1, mark.column + 1, dotted)


def _child(node: yaml.Node | None, key: str | int) -> tuple[yaml.Node, yaml.Node] | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if str(key_node.value) == str(key):
                return key_node, value_node
    if isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
        return node.value[key], node.value[key]
    return None


def dotted_path(keys: Sequence[str | int]) -> str:
    """`traffic.hourly_profile[3]` from ('traffic', 'hourly_profile', 3)."""
    out = ""
    for key in keys:
        out += f"[{key}]" if isinstance(key, int) else (f".{key}" if out else str(key))
    return out


def validate(model: type[Model], data: Any, path: Path, *, prefix: KeyPath = ()) -> Model:
    """Validate parsed YAML against a model; the first error becomes a located InputError."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise located_error(exc, model, SourceMap(path), prefix) from None


def located_error(
    exc: ValidationError, model: type[BaseModel], source: SourceMap, prefix: KeyPath = ()
) -> InputError:
    """Turn pydantic's first error into `path:line:col: key: message`."""
    errors = exc.errors()
    # a misspelt key shows up as an unknown key and a missing one: name the typo first
    error = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
    keys: KeyPath = prefix + tuple(k for k in error["loc"] if isinstance(k, (str, int)))
    message = error["msg"]
    if error["type"] == "extra_forbidden":
        known = _field_names(model, keys[len(prefix) : -1])
        close = difflib.get_close_matches(str(keys[-1]), known, n=1, cutoff=0.5)
        hint = f"did you mean '{close[0]}'?" if close else f"known keys: {', '.join(known)}"
        message = f"unknown key; {hint}"
        return InputError(message, source.locate(keys, at_key=True))
    if error["type"] == "missing":
        message = "missing; this key is required"
    elif error["type"] == "model_type" or error["type"] == "dict_type":
        message = "should be a mapping of keys to values"
    elif "input" in error and not isinstance(error["input"], (dict, list)):
        message = f"{message} (got {error['input']!r})"
    message = message.removeprefix("Value error, ")
    return InputError(message, source.locate(keys))


def _field_names(model: type[BaseModel], keys: KeyPath) -> list[str]:
    """The keys a model accepts at a path, by their YAML names."""
    current: Any = model
    for key in keys:
        fields = getattr(current, "model_fields", None)
        if fields is None:
            return []
        match = next((f for n, f in fields.items() if (f.alias or n) == key or n == key), None)
        if match is None:
            return []
        current = match.annotation
    fields = getattr(current, "model_fields", {})
    return [f.alias or n for n, f in fields.items()]


def load_model(model: type[Model], path: Path) -> Model:
    """Read and validate one YAML file as `model`."""
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise InputError("should be a mapping of keys to values", Location(str(path), 1, 1))
    return validate(model, data, path)
