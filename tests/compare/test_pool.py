"""`compare`'s worker processes: results in the files' order, Ctrl-C ends everything at once
with 130, a worker killed is one clear line and exit 2, and no worker outlives its parent."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from advisor.compare import pool
from tests.conftest import ROOT

FORK = pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="workers inherit the patch"
)
HANG_GUARD_S = 120
"""How long a test waits before calling a process hung: a guard, not a measure of speed."""
_SHARED: list[int] = []


def _remember(value: int) -> None:
    _SHARED.append(value)


def _work(index: int) -> tuple[int, int, int]:
    return index, _SHARED[0], os.getpid()


def _fail_at(index: int) -> int:
    if index == 3:
        raise ZeroDivisionError("task 3")
    return index


def test_tasks_run_in_other_processes_with_what_the_initializer_was_given() -> None:
    workers = pool.start(2, _remember, (42,))
    try:
        results = [task.result() for task in [workers.submit(_work, i) for i in range(20)]]
    finally:
        workers.shutdown()
    assert [(index, shared) for index, shared, _ in results] == [(i, 42) for i in range(20)]
    assert os.getpid() not in {pid for _, _, pid in results}
    assert multiprocessing.active_children() == []


def test_workers_started_afresh_get_the_initializers_arguments_pickled(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # where processes cannot be forked (Windows), each worker is a new interpreter
    monkeypatch.setattr(pool, "START_METHOD", "spawn")
    workers = pool.start(2, _remember, (7,))
    try:
        assert workers.submit(_work, 1).result()[:2] == (1, 7)
    finally:
        workers.shutdown()


def test_a_tasks_exception_reaches_the_parent_and_stop_now_ends_the_workers() -> None:
    workers = pool.start(2, _remember, (0,))
    tasks = [workers.submit(_fail_at, i) for i in range(10)]
    with pytest.raises(ZeroDivisionError, match="task 3"):
        for task in tasks:
            task.result()
    pool.stop_now(workers)
    assert multiprocessing.active_children() == []


DRIVER = """
import os, signal, sys, time
from pathlib import Path

# Ctrl-C raises KeyboardInterrupt, as in a command started from a terminal, even when the tests
# run where SIGINT is ignored (a shell's background job passes SIG_IGN on to its children)
signal.signal(signal.SIGINT, signal.default_int_handler)
from advisor.compare import batch
import advisor.cli

marks, mode = Path(sys.argv[1]), sys.argv[2]
real = batch.load_document

def load(path):
    if os.getpid() != PARENT:
        (marks / str(os.getpid())).touch()  # a worker at work
        if mode == "hang":
            time.sleep(3600)  # work that never ends: nobody may wait for it
        if mode == "killed" and path.name == "w050.yaml":
            os.kill(os.getpid(), signal.SIGKILL)  # as the out-of-memory killer would
    return real(path)

PARENT = os.getpid()
batch.load_document = load
if mode == "hang-polling":  # as where the kernel sends no signal: workers watch the parent
    from advisor.compare import pool
    pool.KERNEL_SIGNAL = False
    mode = "hang"
sys.argv = ["advisor", "compare", sys.argv[3], "--format", "json"]
advisor.cli.main()
"""


def _folder(tmp_path: Path, count: int = 100) -> Path:
    folder = tmp_path / "workloads"
    folder.mkdir()
    for index in range(count):
        (folder / f"w{index:03d}.yaml").write_text(
            f"version: 1\nname: w{index:03d}\ntraffic:\n  monthly_requests: {1000 * (index + 1)}\n"
            "execution:\n  duration_ms: 100\n  memory_mb: 512\n"
        )
    return folder


class Run:
    """The driver run as a command: its own process group, as a shell gives a command, and its
    output in files, so that waiting for it never waits for workers that hold the same output."""

    def __init__(self, tmp_path: Path, mode: str) -> None:
        self.marks = tmp_path / "marks"
        self.marks.mkdir()
        self.out, self.err = tmp_path / "out", tmp_path / "err"
        with self.out.open("w") as out, self.err.open("w") as err:
            self.process = subprocess.Popen(
                [sys.executable, "-c", DRIVER, str(self.marks), mode, str(_folder(tmp_path))],
                cwd=ROOT,
                stdout=out,
                stderr=err,
                start_new_session=True,
            )

    def workers_at_work(self, count: int = 2) -> set[int]:
        for _ in range(HANG_GUARD_S * 10):
            pids = {int(mark.name) for mark in self.marks.iterdir()}
            if len(pids) >= count:
                return pids
            time.sleep(0.1)
        pytest.fail("the workers never started")

    def wait(self) -> tuple[int, str, str]:
        try:
            code = self.process.wait(timeout=HANG_GUARD_S)
        except subprocess.TimeoutExpired:
            pytest.fail("the command hung")
        return code, self.out.read_text(), self.err.read_text()

    def __enter__(self) -> Run:
        return self

    def __exit__(self, *exc: object) -> None:
        with contextlib.suppress(ProcessLookupError):  # whatever a test found, nothing of
            os.killpg(self.process.pid, signal.SIGKILL)  # the run is left behind
        self.process.wait()


def _gone(pids: set[int]) -> bool:
    """Whether every process has ended (a zombie, waiting for its parent to read its end,
    counts), waiting for them up to HANG_GUARD_S."""
    for _ in range(HANG_GUARD_S * 10):
        alive = set()
        for pid in pids:
            try:
                state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
            except (FileNotFoundError, ProcessLookupError):
                continue
            if state != "Z":
                alive.add(pid)
        if not alive:
            return True
        time.sleep(0.1)
    return False


LINUX = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")


@FORK
@LINUX
def test_ctrl_c_ends_compare_at_once_with_130_and_no_worker_left(tmp_path: Path) -> None:
    with Run(tmp_path, "hang") as run:
        pids = run.workers_at_work()
        os.killpg(run.process.pid, signal.SIGINT)  # as a terminal's Ctrl-C: the whole group
        assert run.wait() == (130, "", "interrupted; nothing was written\n")
        assert _gone(pids), "workers outlived the interrupted command"


@FORK
@LINUX
@pytest.mark.parametrize("mode", ["hang", "hang-polling"], ids=["kernel-signal", "polling"])
def test_no_worker_outlives_a_parent_killed_outright(tmp_path: Path, mode: str) -> None:
    with Run(tmp_path, mode) as run:
        pids = run.workers_at_work()
        run.process.kill()  # as `kill -9` or the out-of-memory killer would: no clean-up runs
        run.wait()
        assert _gone(pids), "workers outlived their parent"


@FORK
def test_a_killed_worker_is_one_line_exit_2_and_the_jobs_1_hint(tmp_path: Path) -> None:
    with Run(tmp_path, "killed") as run:
        assert run.wait() == (
            2,
            "",
            "a worker process died (killed by the system, perhaps out of memory); "
            "run again with --jobs 1 to compare in one process\n",
        )
