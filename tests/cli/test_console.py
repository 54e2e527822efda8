"""The terminal edge: when the reader of stdout goes away (`advisor ... | head -1`), the command
stops quietly with 141, as C tools do, not with a traceback or click's 1 (a failed check)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT, SCENARIOS


@pytest.mark.parametrize(
    "args",
    [["rules"], ["schema", "report"], ["compare", str(SCENARIOS), "--format", "json"]],
    ids=["rules", "schema", "compare"],
)
def test_a_closed_pipe_stops_quietly(args: list[str]) -> None:
    command = [sys.executable, "-m", "advisor", *args]
    with subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.close()  # gone before the command has written anything
        error = process.stderr.read().decode()
        code = process.wait(timeout=120)
    assert error == ""
    assert code == 141
