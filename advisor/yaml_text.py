"""YAML text to Python values: exactly what PyYAML's safe loader gives, with two differences: a
key given twice in one mapping is an error, and plain files are read about twice as fast.

PyYAML's C loader parses in C but builds values in Python, matching every plain scalar against
YAML 1.1's patterns for booleans, numbers, nulls and dates. Workload files are small mappings of
plain words and numbers, so there are two fast paths, each turning scalars into values itself:
digits are ints, digits.digits floats, words strings, asking PyYAML's resolver only about the
rest. The first reads a text that is only `key: value` lines (nested by indentation, with
comments and blank lines) a line at a time; the second composes any other text in C with no
resolver. Anything neither handles the same way as PyYAML (an explicit tag, an anchor, a merge
key, a scalar PyYAML would read as another type, a line the first does not know) goes on to the
next, and last to PyYAML's loader, so they never differ (property tests hold them to it).
"""

from __future__ import annotations

import functools
import re
from typing import Any

import yaml

try:  # the C parser is several times faster where libyaml is present
    from yaml import CBaseLoader as BareLoader
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover - depends on the platform's PyYAML build
    from yaml import SafeLoader  # type: ignore[assignment]

    BareLoader = None  # type: ignore[assignment,misc]

MERGE_TAG = "tag:yaml.org,2002:merge"
STRING_TAG = "tag:yaml.org,2002:str"
SEND_TO_PYYAML = ("!", "&", "*", "<<")
"""Tags, anchors, aliases and merge keys: texts with any of these go to PyYAML's loader."""
INTEGER = re.compile(r"(?:0|[1-9][0-9]*)\Z")
DECIMAL = re.compile(r"[0-9]+\.[0-9]+\Z")
WORDS: dict[str, Any] = {"true": True, "false": False, "null": None, "~": None, "": None}
SPECIAL = {
    spelling
    for word in ("yes", "no", "true", "false", "on", "off", "null")
    for spelling in (word, word.capitalize(), word.upper())
}
"""Words YAML 1.1 reads as booleans or null; any other word starting with a letter is a string."""
_RESOLVER = yaml.resolver.Resolver()


class UniqueKeyLoader(SafeLoader):
    """The safe loader, but a key given twice in one mapping is an error: PyYAML would keep the
    last one silently, so `memory_mb` typed twice would price whichever came second."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        keys = [key.value for key, _ in node.value]
        try:
            unique = len(set(keys)) == len(keys)  # the quick look: most mappings pass here
        except TypeError:  # a mapping or list used as a key
            unique = False
        if not unique:
            first: dict[tuple[str, str], yaml.Node] = {}
            for key_node, _ in node.value:
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == MERGE_TAG:
                    continue
                key = (key_node.tag, key_node.value)
                if key in first:
                    raise yaml.constructor.ConstructorError(
                        "while constructing a mapping",
                        node.start_mark,
                        f"key '{key_node.value}' is given twice (first on line "
                        f"{first[key].start_mark.line + 1})",
                        key_node.start_mark,
                    )
                first[key] = key_node
        return super().construct_mapping(node, deep)


def parse(text: str) -> Any:
    """The document's value; yaml.YAMLError (with its position) when it is not valid YAML."""
    try:
        return _lines(text)
    except _NotPlain:
        pass
    if BareLoader is not None and not any(mark in text for mark in SEND_TO_PYYAML):
        try:
            return _value(yaml.compose(text, Loader=BareLoader))
        except _NotPlain:
            pass
    return yaml.load(text, Loader=UniqueKeyLoader)  # noqa: S506 - a safe loader


_KEY_LINE = re.compile(
    r"(?P<indent> *)(?P<key>[A-Za-z][A-Za-z0-9_]*):"
    r"(?: +(?:(?P<plain>[A-Za-z0-9_.~/][A-Za-z0-9_.~/()=,;%+ -]*)"
    r"|'(?P<single>[^']*)'"
    r'|"(?P<double>[^"\\]*)"))?'
    r" *(?:(?<= )#.*)?"
)
"""One `key: value` line: a word as the key; a plain value of words, numbers and a few safe
marks (no colon, hash, quote, bracket or leading dash), or one quoted without escapes; perhaps a
comment. The ending of a value in this form is the same in every YAML reading. A plain value
takes the spaces after it too (a greedy match is quicker than a lazy one); they are cut off."""
_NOT_PRINTABLE_ASCII = re.compile(r"[^\n -~]")
"""Characters the line reader leaves to PyYAML: tabs, carriage returns, controls, non-ASCII."""


def _lines(text: str) -> dict[Any, Any]:
    """A text of `key: value` lines, read a line at a time; _NotPlain for anything else."""
    if _NOT_PRINTABLE_ASCII.search(text):
        raise _NotPlain  # a tab, a carriage return, a control or non-ASCII character
    root: dict[Any, Any] = {}
    levels: list[tuple[int, dict[Any, Any]]] = []  # the open mappings and their keys' indent
    opened: tuple[int, dict[Any, Any], Any] | None = None  # a key with nothing after it (yet)
    for line in text.split("\n"):
        bare = line.lstrip(" ")
        if not bare or bare[0] == "#":
            continue
        match = _KEY_LINE.fullmatch(line)
        if match is None:
            raise _NotPlain
        spaces, key, plain, single, double = match.groups()  # one call, not five lookups
        indent = len(spaces)
        if opened is not None:
            parent_indent, parent, parent_key = opened
            opened = None
            if indent > parent_indent:  # the key's value is the mapping that starts here
                child: dict[Any, Any] = {}
                parent[parent_key] = child
                levels.append((indent, child))
        if not levels:
            levels.append((indent, root))
        while indent < levels[-1][0]:
            levels.pop()
            if not levels:
                raise _NotPlain  # left of the document's first key
        level, mapping = levels[-1]
        if indent != level:
            raise _NotPlain  # not a key of any open mapping: PyYAML says what is wrong
        # the key is a word: a string, unless a word YAML reads otherwise (true, null)
        if key in WORDS or key in SPECIAL:
            key = _plain(key)
        if key in mapping:
            raise _NotPlain  # PyYAML's loader says where, as an error
        if plain is not None:
            mapping[key] = _plain(plain.rstrip(" "))
        elif single is not None or double is not None:
            mapping[key] = single if single is not None else double
        else:
            mapping[key] = None  # null, unless a deeper line follows
            opened = (indent, mapping, key)
    if not levels:
        raise _NotPlain  # no keys: an empty document or only comments
    return root


class _NotPlain(Exception):
    """A node the fast path does not read the way PyYAML does."""


def _value(node: yaml.Node | None) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return _scalar(node)
    if isinstance(node, yaml.MappingNode):
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _NotPlain
            key = _scalar(key_node)
            if key in mapping:
                raise _NotPlain  # PyYAML's loader says where, as an error
            mapping[key] = _value(value_node)
        return mapping
    if isinstance(node, yaml.SequenceNode):
        return [_value(item) for item in node.value]
    return None  # an empty document


def _scalar(node: yaml.ScalarNode) -> Any:
    if node.style:  # quoted or a block: always a string
        return node.value
    return _plain(node.value)


@functools.lru_cache(maxsize=4096)
def _plain(text: str) -> Any:
    """An unquoted scalar's value, as PyYAML's resolver would type it; _NotPlain for a type
    other than str, int, float, bool and null. Remembered: files of one folder repeat most of
    their values (patterns, runtimes, memory sizes), and every value is immutable."""
    if INTEGER.match(text):
        return int(text)
    if DECIMAL.match(text):
        return float(text)
    if text in WORDS:
        return WORDS[text]
    if text[:1].isalpha() and text not in SPECIAL:
        return text
    if _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) == STRING_TAG:  # type: ignore[no-untyped-call]
        return text
    raise _NotPlain
