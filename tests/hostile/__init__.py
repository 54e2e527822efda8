"""Hostile input and failing machines (issue 26): each case ends in exit 2 (or a correct result)
with one located line on stderr, no traceback, and no file changed that should not be."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from tests.conftest import ROOT, Run

GOOD = """\
version: 1
name: small-api
traffic:
  monthly_requests: 100000
execution:
  duration_ms: 100
  memory_mb: 512
"""
"""A workload that prices cleanly: the base every hostile case bends one value of."""


def advisor(
    *args: str,
    env: Mapping[str, str] | None = None,
    stdout: int | None = None,
    cwd: Path = ROOT,
    open_files: int | None = None,
) -> Run:
    """Run the real command line (`python -m advisor`) in a process of its own, as a shell or CI
    would: the true exit code, stdout and stderr kept apart; `open_files` lowers the limit on
    open file descriptors, as `ulimit -n` does."""

    def limit() -> None:
        if open_files is not None:
            resource.setrlimit(resource.RLIMIT_NOFILE, (open_files, open_files))

    environment = {**os.environ, "COLUMNS": "160", **(env or {})}
    environment.pop("ADVISOR_DEBUG", None)
    done = subprocess.run(
        [sys.executable, "-m", "advisor", *args],
        cwd=cwd,
        env=environment,
        stdout=subprocess.PIPE if stdout is None else stdout,
        stderr=subprocess.PIPE,
        timeout=120,
        check=False,
        preexec_fn=limit,  # noqa: PLW1509 - no threads run in the test process here
    )
    out = done.stdout.decode("utf-8", "replace") if done.stdout is not None else ""
    return Run(done.returncode, out, done.stderr.decode("utf-8", "replace"))


def refused(run: Run, *parts: str) -> str:
    """Assert a clean refusal: exit 2, nothing on stdout, one line on stderr holding `parts`, no
    traceback. Returns the line."""
    assert "Traceback" not in run.stderr, run.stderr
    assert run.code == 2, (run.code, run.stderr)
    assert run.stdout == "", run.stdout[:200]
    lines = run.stderr.splitlines()
    assert len(lines) == 1, run.stderr
    for part in parts:
        assert part in lines[0], lines[0]
    return lines[0]


Snapshot = dict[str, tuple[int, int, bytes]]


def snapshot(folder: Path) -> Snapshot:
    """Every file under `folder` with its modification time, mode and contents."""
    taken: Snapshot = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink():
            stat = path.lstat()
            taken[str(path.relative_to(folder))] = (
                stat.st_mtime_ns,
                stat.st_mode,
                path.read_bytes(),
            )
    return taken
