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
