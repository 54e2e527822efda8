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


LIVE = {"discover"}
"""Commands that read a live AWS account: their examples run without credentials, so they must
get past the flags and stop at the credentials (tests/discover runs them against a stand-in)."""


@pytest.mark.parametrize("command", example_commands())
def test_readme_example_runs(
    command: str, monkeypatch: pytest.MonkeyPatch, tmp_path: os.PathLike[str]
) -> None:
    args = shlex.split(command)[1:]
    if args[0] in LIVE:
        for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
            monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv("AWS_PROFILE", raising=False)
        monkeypatch.setenv("AWS_CONFIG_FILE", os.path.join(tmp_path, "none"))
        monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", os.path.join(tmp_path, "none"))
        monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        run = run_cli(*args)
    finally:
        os.chdir(cwd)
    if args[0] in LIVE:
        # past the flags (a bad one would be click's usage error), stopped at the credentials
        assert run.code == 2, run.stderr
        assert "no AWS credentials found" in run.stderr or "AWS profile 'prod'" in run.stderr
        return
    assert run.code in (0, 1), run.stderr
    assert run.stdout
