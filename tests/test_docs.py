"""The README is the manual: every key and command is documented, and its examples run."""

from __future__ import annotations

import os
import re
import shlex
import typing

import pytest
from pydantic import BaseModel

from advisor.cli import app
from advisor.models.workload import Workload
from tests.conftest import ROOT, run_cli

README = (ROOT / "README.md").read_text()


def keys(model: type[BaseModel], prefix: str = "") -> list[str]:
    out = []
    for name, field in model.model_fields.items():
        key = prefix + (field.alias or name)
        nested = [
            c
            for c in (field.annotation, *typing.get_args(field.annotation))
            if isinstance(c, type) and issubclass(c, BaseModel)
        ]
        out += keys(nested[0], key + ".") if nested else [key]
    return out


@pytest.mark.parametrize("key", keys(Workload))
def test_every_workload_key_is_documented(key: str) -> None:
    assert f"`{key}`" in README


def example_commands() -> list[str]:
    blocks = re.findall(r"```bash\n(.*?)```", README, flags=re.S)
    return [
        line
        for block in blocks
        for line in block.splitlines()
        if line.startswith("advisor ") and ">" not in line
    ]


def test_every_command_has_an_example() -> None:
    examples = {shlex.split(line)[1] for line in example_commands()}
    names = {c.name or c.callback.__name__ for c in app.registered_commands}  # type: ignore[union-attr]
    groups = {g.name for g in app.registered_groups}
    assert names | groups <= examples


@pytest.mark.parametrize("command", example_commands())
def test_readme_example_runs(command: str) -> None:
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        run = run_cli(*shlex.split(command)[1:])
    finally:
        os.chdir(cwd)
    assert run.code in (0, 1), run.stderr
    assert run.stdout
