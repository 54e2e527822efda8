"""YAML files to models; every error names file, line, column and key path.

The fast path parses once (`yaml_text`) and validates once. Only when something is wrong is the
file composed again into nodes, to find the line and column of the offending key.
"""

from __future__ import annotations

import difflib
import json
import os
import re
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
    text = read_text(path)
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
    except RecursionError:
        raise too_deep(path) from None
    except ValueError as exc:  # an integer of more than 4,300 digits
        raise too_long(path, text, exc) from None


LONG_NUMBER = re.compile(r"[0-9_]{4301,}")


def too_long(path: Path, text: str, exc: ValueError) -> InputError:
    """The error for a number Python will not read (more than 4,300 digits), where it is."""
    found = LONG_NUMBER.search(text)
    if found is None:
        return InputError(f"cannot read: {exc}", Location(str(path)))
    offset = found.start()
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return InputError(
        f"a number of {len(found.group()):,} digits; numbers here have at most a few dozen",
        Location(str(path), line, column),
    )


def too_deep(path: Path) -> InputError:
    """The error for a file nested deeper than any workload, report or pricing file."""
    return InputError(
        "nested too deeply (lists or mappings inside one another hundreds of levels deep)",
        Location(str(path)),
    )


def read_text(path: Path) -> str:
    """A file's text (UTF-8), at most the input cap; every problem an InputError naming it."""
    try:
        return read_bytes(path).decode("utf-8")
    except FileNotFoundError:
        raise InputError("file not found", Location(str(path))) from None
    except IsADirectoryError:
        raise InputError("is a folder, not a file", Location(str(path))) from None
    except UnicodeDecodeError as exc:
        line = exc.object.count(b"\n", 0, exc.start) + 1
        column = exc.start - (exc.object.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(
            f"not UTF-8 text (byte 0x{exc.object[exc.start]:02x})",
            Location(str(path), line, column),
        ) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", Location(str(path))) from None


BINARY = getattr(os, "O_BINARY", 0)
"""Windows opens files as text unless asked not to; elsewhere there is no such flag."""
READ_SIZE = 1 << 16
MAX_INPUT_BYTES = 5 * 1024 * 1024
"""Input files are read up to 5 MiB (a large workload file is 2 KB, a pricing file 16 KB, a
saved comparison of 5,000 workloads about 4 MB): `advisor recommend /dev/zero` stops at once,
not when memory runs out. ADVISOR_MAX_INPUT_BYTES raises it."""
MAX_INPUT_VARIABLE = "ADVISOR_MAX_INPUT_BYTES"


def max_input_bytes() -> int:
    """The cap on an input file's size: ADVISOR_MAX_INPUT_BYTES, or 5 MiB."""
    text = os.environ.get(MAX_INPUT_VARIABLE)
    if not text:
        return MAX_INPUT_BYTES
    if not text.strip().isdigit() or len(text) > 18 or int(text) < 1:
        raise InputError(f"{MAX_INPUT_VARIABLE} must be a whole number of bytes (got '{text}')")
    return int(text)


def read_bytes(path: Path) -> bytes:
    """A file's bytes through the descriptor calls: 9 us for a workload file, where `open()`
    took 20 (a buffered reader around a file object, and a size check before reading). A file
    larger than the cap is an InputError once the cap is passed, not after reading it all."""
    limit = max_input_bytes()
    descriptor = os.open(path, os.O_RDONLY | BINARY)
    try:
        chunks = []
        size = 0
        while chunk := os.read(descriptor, READ_SIZE):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise InputError(
                    f"larger than {limit:,} bytes, the cap on input files; set "
                    f"{MAX_INPUT_VARIABLE} to raise it",
                    Location(str(path)),
                )
        return b"".join(chunks)
    finally:
        os.close(descriptor)


def read_json(path: Path) -> Any:
    """Parse one JSON file; a missing file or bad JSON is an InputError with its position.
    NaN and Infinity, which Python's reader accepts, are not JSON and are errors here."""
    text = read_text(path)
    try:
        return json.loads(text, parse_constant=_not_json)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"not valid JSON: {exc.msg}", Location(str(path), exc.lineno, exc.colno)
        ) from None
    except _NotJson as exc:
        offset = text.find(exc.word)
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        raise InputError(
            f"not valid JSON: {exc.word} is not a JSON number", Location(str(path), line, column)
        ) from None
    except RecursionError:
        raise too_deep(path) from None
    except ValueError as exc:  # an integer of more than 4,300 digits
        raise too_long(path, text, exc) from None


class _NotJson(Exception):
    def __init__(self, word: str) -> None:
        super().__init__(word)
        self.word = word


def _not_json(word: str) -> Any:
    raise _NotJson(word)


@dataclass(frozen=True)
class SourceMap:
    """Finds the line and column of a key path in a YAML file, composing it only when asked."""

    path: Path

    def locate(self, keys: Sequence[str | int], *, at_key: bool = False) -> Location:
        """The deepest node on `keys` that exists; its key when `at_key`, else its value."""
        dotted = dotted_path(keys)
        try:
            node = yaml.compose(read_text(self.path), Loader=yaml_text.UniqueKeyLoader)  # C: fast
        except (InputError, yaml.YAMLError, RecursionError):
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
    at_key = keys[-1:] == ("[key]",)  # a mapping's key (a name) is what is wrong, not its value
    if at_key:
        keys = keys[:-1]
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
    elif error["type"] in NUMBER_TYPES and isinstance(error["input"], (str, bool)):
        kind = "a whole number" if error["type"] == "int_type" else "a number"
        got = "true or false" if isinstance(error["input"], bool) else "text"
        message = f"should be {kind}, not {got} (got {_shown(error['input'])})"
        if isinstance(error["input"], str) and EXPONENT.fullmatch(error["input"].strip()):
            message += "; YAML reads 1e6 as text: write 1000000 or 1.0e+6"
    elif "input" in error and not isinstance(error["input"], (dict, list)):
        message = f"{message} (got {_shown(error['input'])})"
    message = message.removeprefix("Value error, ")
    return InputError(message, source.locate(keys, at_key=at_key))


NUMBER_TYPES = ("int_type", "float_type")
EXPONENT = re.compile(r"[-+]?[0-9]+(?:\.[0-9]*)?[eE][-+]?[0-9]+")
"""A number in exponent form: YAML 1.1 reads `1e6` (no point, no sign) as a string."""


def _shown(value: Any) -> str:
    """A value for a message: its repr, cut short (a 50 MB string is not repeated whole)."""
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


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
