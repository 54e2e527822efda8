"""YAML files to models; every error names file, line, column and key path.

Files are read by yaml-rs (a YAML 1.2 reader in Rust: 9x PyYAML's C loader on workload files)
and validated once. Only when something is wrong is the file composed again by PyYAML, whose
nodes keep their line and column, to find where.
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
import yaml_rs
from pydantic import BaseModel, ValidationError

from advisor.errors import InputError, Location

try:  # the C composer is several times faster where libyaml is present
    from yaml import CSafeLoader as Composer
except ImportError:  # pragma: no cover - depends on the platform's PyYAML build
    from yaml import SafeLoader as Composer  # type: ignore[assignment]

Model = TypeVar("Model", bound=BaseModel)
KeyPath = tuple[str | int, ...]


def read_yaml(path: Path) -> Any:
    """Parse one YAML file; a missing file or bad YAML is an InputError with its position."""
    text = read_text(path)
    try:
        return parse_yaml(text)
    except YamlError as exc:
        raise InputError(
            f"not valid YAML: {exc.problem}", Location(str(path), exc.line, exc.column)
        ) from None

    except RecursionError:  # pragma: no cover - parse_yaml refuses deep nesting first
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


class YamlError(Exception):
    """Text that is not valid YAML: what is wrong and, when known, where (1-based)."""

    def __init__(self, problem: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(problem)
        self.problem, self.line, self.column = problem, line, column


MAX_DEPTH = 1000
"""Collections nested deeper than this are refused, as libyaml refuses them: yaml-rs recurses
once a level and overflows the stack (a crash, not an error) somewhere past 8,000 levels."""
_NOT_PRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
"""Characters YAML does not allow in a file: yaml-rs takes them, and stops reading silently at
a NUL (`a: 1<NUL>b: 2` gave only `a`)."""
_WHERE = re.compile(r"at line (\d+), column (\d+)")


def parse_yaml(text: str) -> Any:
    """The value of one YAML document, read by YAML 1.2's rules (`yes` and `on` are words, `1:30`
    a string, `010` ten); a key given twice in one mapping is an error; YamlError (located where
    possible) when the text is not one valid YAML document; ValueError for an integer of more
    than 4,300 digits (`too_long` locates it)."""
    text = text.removeprefix("\ufeff")  # a byte-order mark is not part of the text
    bad = _NOT_PRINTABLE.search(text)
    if bad is not None:
        line, column = _position(text, bad.start())
        raise YamlError(f"character U+{ord(bad.group()):04X} is not allowed", line, column)
    _check_depth(text)
    try:
        value = yaml_rs.loads(text, parse_datetime=False)
    except yaml_rs.YAMLDecodeError as exc:
        raise _located(text, exc) from None
    except ValueError:  # Python reads no integer of more than 4,300 digits: `too_long` says so
        raise
    except Exception as exc:  # TypeError for a mapping used as a key
        raise _located(text, exc) from None
    if isinstance(value, list) and ("---" in text or "..." in text):
        _check_one_document(text)  # yaml-rs gives a list of them for several documents
    if len(text) > LONG_DIGITS and LONG_NUMBER.search(text) and _holds_long_integer(value):
        # yaml-rs reads it, but Python cannot print it: any message quoting it would crash
        raise ValueError(f"an integer of more than {LONG_DIGITS:,} digits")
    return value


LONG_DIGITS = 4300
"""Python prints (and reads from text) no integer of more digits than this."""


def _holds_long_integer(value: Any) -> bool:
    """Whether a value read from YAML holds an integer Python cannot print (looked for only
    when the text has such a run of digits, perhaps in a string)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack += item.keys()
            stack += item.values()
        elif isinstance(item, list):
            stack += item
        elif isinstance(item, int) and item.bit_length() > 14_000:  # 10**4214 and up
            try:
                str(item)
            except ValueError:
                return True
    return False


def _position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def _check_depth(text: str) -> None:
    """YamlError for collections nested more than MAX_DEPTH levels. A level takes a `- `, `? `
    or `: ` on its line or a deeper indent than the line before, so a line's indent plus its
    indicators bound its depth; a file with few indicators in all is not looked at further."""
    if text.count(":") + text.count("- ") + text.count("? ") <= MAX_DEPTH:
        return
    for number, line in enumerate(text.split("\n"), start=1):
        bare = line.lstrip(" ")
        depth = len(line) - len(bare) + bare.count(": ") + bare.count("- ") + bare.count("? ")
        if depth > MAX_DEPTH:
            raise YamlError(f"collections are nested more than {MAX_DEPTH} levels deep", number)


def _check_one_document(text: str) -> None:
    try:
        documents = list(yaml.compose_all(text, Loader=Composer))
    except yaml.YAMLError:  # pragma: no cover - yaml-rs read it: only a YAML 1.1 difference
        return
    if len(documents) > 1:
        mark = documents[1].start_mark if documents[1] is not None else None
        raise YamlError(
            f"holds {len(documents)} documents; a file is one document",
            mark.line + 1 if mark else None,
            mark.column + 1 if mark else None,
        )


def _located(text: str, exc: Exception) -> YamlError:
    """What is wrong with text yaml-rs refused, and where. PyYAML's composer keeps every node's
    line and column: its error, or the key it finds given twice; else yaml-rs's own words."""
    try:
        root = yaml.compose(text, Loader=Composer)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or "not valid YAML"
        return YamlError(
            problem, mark.line + 1 if mark else None, mark.column + 1 if mark else None
        )
    except yaml.YAMLError:  # pragma: no cover - the composer's errors are all marked
        root = None
    twice = _given_twice(root)
    if twice is not None:
        first, again = twice
        return YamlError(
            f"key '{again.value}' is given twice (first on line {first.start_mark.line + 1})",
            again.start_mark.line + 1,
            again.start_mark.column + 1,
        )
    words = str(exc).strip().splitlines() or [type(exc).__name__]
    where = _WHERE.search(words[0])
    if where is None:
        return YamlError(words[-1])
    return YamlError(words[-1], int(where[1]), int(where[2]))


def _given_twice(root: yaml.Node | None) -> tuple[yaml.Node, yaml.Node] | None:
    """The first scalar key given twice in one mapping in the text (its first and its second
    node). A walk with a stack, not recursion: a file may nest deeper than Python's recursion
    limit, and an alias may point back into its own anchor."""
    found: list[tuple[yaml.Node, yaml.Node]] = []
    seen: set[int] = set()
    stack: list[yaml.Node] = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            first: dict[tuple[str, str], yaml.Node] = {}
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    if (key.tag, key.value) in first:
                        found.append((first[key.tag, key.value], key))
                    first.setdefault((key.tag, key.value), key)
                stack += [key, value]
        elif isinstance(node, yaml.SequenceNode):
            stack += node.value
    return min(found, key=lambda pair: pair[1].start_mark.index, default=None)


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
            node = yaml.compose(read_text(self.path), Loader=Composer)
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
    elif "input" in error and not isinstance(error["input"], (dict, list)):
        message = f"{message} (got {_shown(error['input'])})"
    message = message.removeprefix("Value error, ")
    return InputError(message, source.locate(keys, at_key=at_key))


NUMBER_TYPES = ("int_type", "float_type")


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
