"""The process edge: when the reader of stdout goes away (`advisor ... | head -1`), the command
stops quietly with 141, as C tools do, not with a traceback or click's 1 (a failed check); and
the command line starts no BLAS threads to compete with compare's workers."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="counts threads in /proc")
def test_the_command_line_starts_no_blas_threads() -> None:
    # one compare worker per core: a BLAS thread pool in each would only take CPU from the others
    count = "import advisor.cli, numpy, os; print(len(os.listdir('/proc/self/task')))"
    environment = {k: v for k, v in os.environ.items() if not k.endswith("_NUM_THREADS")}
    run = subprocess.run(
        [sys.executable, "-c", count], capture_output=True, text=True, env=environment, check=True
    )
    assert run.stdout.strip() == "1"


def test_importing_the_command_line_leaves_garbage_collection_on() -> None:
    # it is off while the modules load (nothing to free there); a library caller keeps it on
    import gc
    import subprocess
    import sys

    code = "import gc, advisor.cli; print(gc.isenabled(), gc.get_freeze_count() > 10_000)"
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert shown.stdout.split() == ["True", "True"]
    assert gc.isenabled()
