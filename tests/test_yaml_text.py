"""The fast YAML path gives exactly what PyYAML's safe loader gives, for any text."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor import yaml_text

TOKENS = [
    *["0", "7", "007", "12", "-3", "+4", "1_000", "0x1F", "0o17", "0b101", "190:20:30"],
    *["1.5", "0.25", "1.", ".5", "1e3", "1.0e+3", "-2.5", "1_0.5", ".inf", "-.Inf", ".nan"],
    *["NaN", "inf", "yes", "No", "ON", "off", "Off", "y", "n", "true", "True", "FALSE"],
    *["null", "Null", "NULL", "~", "", "2026-09-06", "2026-09-06 10:00:00", "=", "<<"],
    *["x86_64", "python3.12", "api_gateway_http", "é", "a b c", "Hello!", "5 * 3"],
    *["'quoted'", '"double"', "'007'", "!!str 5", "!!float 1", "&anchor 5", "*", "|"],
]
KEYS = ["a", "b", "1", "on", "null", "true", "x_1", "2.5", "~", "Yes", "é"]


def _block(draw: st.DrawFn, depth: int, indent: str) -> list[str]:
    keys = draw(st.lists(st.sampled_from(KEYS), min_size=1, max_size=4, unique=True))
    lines = []
    for key in keys:
        kind = draw(
            st.sampled_from(["scalar", "scalar", "list", "map"] if depth < 2 else ["scalar"])
        )
        if kind == "scalar":
            lines.append(f"{indent}{key}: {draw(st.sampled_from(TOKENS))}".rstrip())
        elif kind == "list":
            lines.append(f"{indent}{key}:")
            items = draw(st.lists(st.sampled_from(TOKENS), min_size=1, max_size=3))
            lines += [f"{indent}  - {item}".rstrip() for item in items]
        else:
            lines.append(f"{indent}{key}:")
            lines += _block(draw, depth + 1, indent + "  ")
    return lines


@st.composite
def documents(draw: st.DrawFn) -> str:
    return "\n".join(_block(draw, 0, "")) + "\n"


def _pyyaml(text: str) -> Any:
    try:
        return ("value", yaml.load(text, Loader=yaml.CSafeLoader))  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        return ("error", type(exc).__name__, str(exc))


def _ours(text: str) -> Any:
    try:
        return ("value", yaml_text.parse(text))
    except yaml.YAMLError as exc:
        return ("error", type(exc).__name__, str(exc))


def _same(a: Any, b: Any) -> bool:
    # NaN is not equal to itself; compare its spelling
    return repr(a) == repr(b) and type(a) is type(b)


@settings(max_examples=400, deadline=None)
@given(text=documents())
def test_any_document_reads_as_pyyaml_reads_it(text: str) -> None:
    assert _same(_ours(text), _pyyaml(text)), text


@settings(max_examples=200, deadline=None)
@given(
    value=st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
        lambda inner: (
            st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
        ),
        max_leaves=12,
    )
)
def test_anything_pyyaml_writes_reads_back_as_pyyaml_reads_it(value: Any) -> None:
    text = yaml.safe_dump(value)
    assert _same(_ours(text), _pyyaml(text)), text


PLAIN_VALUES = [
    *["1", "12", "0.25", "100.5", "x86_64", "python3.12", "steady", "a b", "The API, 10 M"],
    *["'quoted'", '"double"', "'007'", "a  # c", "x  y", "a, b", "a -", "(a)", "5%", "~"],
]
BENT = {
    "indent": [" ", "\t", "   "],
    "key": ["k0", "k1", "1", "on", "Yes", "x y", "'q'", "- a", "-", "?", "#c", "---", "é", "null"],
    "colon": ["", "::", " :"],
    "space": ["", "\t", "   "],
    "value": [
        *TOKENS,
        *["a#c", "a # c", "#c", "'a' #c", "'a'#c", "'it''s'", '"a\\tb"', '"a" b', "a: b"],
        *["=", "~x", ".x", "/p", "é", "a\rb: 1", "[1, 2]", "{a: 1}", "- 1", "'", '"', "a'b"],
        *[
            '"a#b"',
            "'a: b'",
            "@a",
            "`a`",
            "'a\x07'",
            "'é'",
            ".inf",
            "1_000",
            "2026-09-06",
            "0x1F",
            "-1",
        ],
    ],
    "end": [" ", "  # c", "#c", "\r", "\t", " #", "# c", "  # a\rf: 1", " # \x07", " # é"],
}
"""Pieces that bend a `key: value` line out of the line reader's form, or test its edges."""


@st.composite
def key_lines(draw: st.DrawFn) -> str:
    """Texts of nested `key: value` lines, comments and blank lines, now and then a piece bent."""

    def piece(kind: str, usual: str) -> str:
        bent = draw(st.integers(min_value=0, max_value=39)) == 0
        return draw(st.sampled_from(BENT[kind])) if bent else usual

    width = draw(st.integers(min_value=1, max_value=4))
    depth, lines = 0, []
    for number in range(draw(st.integers(min_value=1, max_value=10))):
        kind = draw(st.sampled_from(["pair", "pair", "pair", "open", "blank", "comment"]))
        depth = draw(st.integers(min_value=0, max_value=depth))  # back out some levels
        indent = piece("indent", "") + " " * (width * depth)
        if kind == "blank":
            lines.append(indent)
        elif kind == "comment":
            lines.append(f"{indent}# {draw(st.sampled_from(TOKENS))}")
        else:
            key = piece("key", f"k{number}")
            colon = piece("colon", ":")
            rest = ""
            if kind == "pair":
                rest = piece("space", " ") + piece("value", draw(st.sampled_from(PLAIN_VALUES)))
            lines.append(f"{indent}{key}{colon}{rest}{piece('end', '')}")
            if kind == "open":
                depth += 1
    return "\n".join(lines) + draw(st.sampled_from(["\n", "", "\n\n"]))


@settings(max_examples=600, deadline=None)
@given(text=key_lines())
def test_key_lines_read_as_the_full_loader_reads_them(text: str) -> None:
    # the reference is the loader every fast path falls back to (PyYAML's, keys once each)
    try:
        expected = ("value", yaml.load(text, Loader=yaml_text.UniqueKeyLoader))  # noqa: S506
    except yaml.YAMLError as exc:
        expected = ("error", type(exc).__name__, str(exc))
    assert _same(_ours(text), expected), text


def _template(
    indent: str = "",
    key: str = "b",
    colon: str = ":",
    space: str = " ",
    value: str = "1",
    end: str = "",
) -> str:
    return f"a: x\nc:\n  d: 2\n{indent}{key}{colon}{space}{value}{end}\ne: 3\n"


@pytest.mark.parametrize(
    ("kind", "bent"), [(kind, bent) for kind, pieces in BENT.items() for bent in pieces]
)
def test_each_bent_piece_reads_as_the_full_loader_reads_it(kind: str, bent: str) -> None:
    text = _template(**{kind: bent})
    try:
        expected = ("value", yaml.load(text, Loader=yaml_text.UniqueKeyLoader))  # noqa: S506
    except yaml.YAMLError as exc:
        expected = ("error", type(exc).__name__, str(exc))
    assert _same(_ours(text), expected), text


def test_plain_key_lines_are_read_a_line_at_a_time() -> None:
    # the line reader answers for a workload file's usual form, without any loader
    text = (
        "# a comment\nversion: 1\nname: api-10m  # trailing\ndescription: The same API, 10 M\n"
        "traffic:\n\n  monthly_requests: 10000000\n  pattern: 'steady'\n"
        'execution:\n    duration_ms: 12.5\n    runtime: "python3.12"\nentry:\n'
    )
    assert yaml_text._lines(text) == {
        "version": 1,
        "name": "api-10m",
        "description": "The same API, 10 M",
        "traffic": {"monthly_requests": 10000000, "pattern": "steady"},
        "execution": {"duration_ms": 12.5, "runtime": "python3.12"},
        "entry": None,
    }


@pytest.mark.parametrize("text", ["a: 1\na: 2\n", "a: {b: 1, b: 1}\n", "1: x\n1: y\n"])
def test_a_key_given_twice_is_an_error(text: str) -> None:
    with pytest.raises(yaml.constructor.ConstructorError, match="is given twice"):
        yaml_text.parse(text)


def test_the_fast_path_reads_a_workload_file() -> None:
    # the fast path answers without PyYAML's loader (which the property tests compare it with)
    text = "version: 1\nname: api\ntraffic: {monthly_requests: 1000, pattern: steady}\n"
    node = yaml.compose(text, Loader=yaml.CBaseLoader)
    assert yaml_text._value(node) == {
        "version": 1,
        "name": "api",
        "traffic": {"monthly_requests": 1000, "pattern": "steady"},
    }
