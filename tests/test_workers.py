import multiprocessing
import os
import signal
import time
from functools import partial
from pathlib import Path

import pytest

from advisor import workers
from advisor.errors import AdvisorError
from advisor.workers import share_out


def _span(start: int, stop: int) -> tuple[int, int, int]:
    return start, stop, os.getpid()


def _span_slowly(start: int, stop: int) -> tuple[int, int, int]:
    time.sleep(0.2 * start)  # the first range's worker is free long before the rest are done
    return start, stop, os.getpid()


def _fail_at_30(start: int, stop: int) -> int:
    if start <= 30 < stop:
        raise ZeroDivisionError("range with 30")
    return start


def _killed_at_30(start: int, stop: int) -> int:
    if start <= 30 < stop:
        os.kill(os.getpid(), signal.SIGKILL)  # as the kernel's out-of-memory killer would
    return start


def _interrupted(start: int, stop: int) -> int:
    os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C reaches every process of the terminal
    return start


def _first_waits_for_the_last(start: int, stop: int, marker: Path) -> int:
    if start == 0:  # done only once the last range is, which another worker must take
        for _ in range(500):
            if marker.exists():
                return start
            time.sleep(0.01)
        return -1
    if stop == 3:
        marker.touch()
    return start


def test_the_last_ranges_go_to_whichever_worker_is_free(tmp_path: Path) -> None:
    seen: list[int] = []
    work = partial(_first_waits_for_the_last, marker=tmp_path / "last-done")
    share_out(work, 3, 1, 2, on_result=seen.append)
    assert seen == [0, 1, 2]  # -1: range 2 waited behind range 0 in the same worker


def test_every_range_once_in_order_from_several_processes() -> None:
    seen: list[tuple[int, int, int]] = []
    share_out(_span, 100, 7, 2, on_result=seen.append)
    assert [(start, stop) for start, stop, _ in seen] == [
        (start, min(start + 7, 100)) for start in range(0, 100, 7)
    ]
    assert len({pid for _, _, pid in seen}) == 2
    assert os.getpid() not in {pid for _, _, pid in seen}
    assert multiprocessing.active_children() == []


def test_no_work_starts_no_process() -> None:
    seen: list[object] = []
    share_out(_span, 0, 7, 2, on_result=seen.append)
    assert seen == []


def test_a_workers_exception_is_raised_in_the_parent_and_stops_the_others() -> None:
    seen: list[int] = []
    with pytest.raises(ZeroDivisionError, match="range with 30"):
        share_out(_fail_at_30, 200, 5, 2, on_result=seen.append)
    assert seen == list(range(0, 30, 5))  # everything before it, in order
    assert multiprocessing.active_children() == []


def test_an_exception_while_taking_a_result_stops_the_workers() -> None:
    def interrupt(result: object) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        share_out(_span, 1000, 1, 2, on_result=interrupt)
    assert multiprocessing.active_children() == []


@pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="workers share the test's pid"
)
def test_a_killed_worker_is_an_error_not_a_hang() -> None:
    with pytest.raises(AdvisorError, match="a worker process died"):
        share_out(_killed_at_30, 200, 5, 2, on_result=lambda _: None)
    assert multiprocessing.active_children() == []


def test_workers_leave_ctrl_c_to_the_parent() -> None:
    seen: list[int] = []
    share_out(_interrupted, 10, 2, 2, on_result=seen.append)
    assert seen == [0, 2, 4, 6, 8]


def test_workers_started_afresh_get_their_work_pickled(monkeypatch: pytest.MonkeyPatch) -> None:
    # where processes cannot be forked (Windows), each worker is a new interpreter
    monkeypatch.setattr(workers, "START_METHOD", "spawn")
    seen: list[tuple[int, int, int]] = []
    share_out(_span, 10, 3, 2, on_result=seen.append)
    assert [(start, stop) for start, stop, _ in seen] == [(0, 3), (3, 6), (6, 9), (9, 10)]
    assert multiprocessing.active_children() == []


def test_a_worker_that_ends_after_its_last_result_loses_nothing() -> None:
    seen: list[tuple[int, int, int]] = []

    def kill_the_first(result: tuple[int, int, int]) -> None:
        seen.append(result)
        if len(seen) == 1:  # its work is done; the other's is not
            os.kill(result[2], signal.SIGKILL)

    share_out(_span_slowly, 2, 1, 2, on_result=kill_the_first)
    assert [start for start, _, _ in seen] == [0, 1]


PARENT = """
import os, sys, time
from advisor.workers import share_out

def slow(start, stop):
    time.sleep(0.05)
    return os.getpid()

def show(pid):
    print(pid, flush=True)

share_out(slow, 10_000, 1, 2, on_result=show)
"""


@pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="forked workers inherit pipes"
)
def test_workers_stop_quietly_when_their_parent_is_killed() -> None:
    import subprocess
    import sys

    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert parent.stdout is not None
    workers = {int(parent.stdout.readline()) for _ in range(6)}  # both are at work
    parent.kill()  # as the out-of-memory killer or `kill -9` would
    try:  # its output ends once the workers, which share it, have exited too
        _, errors = parent.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        for pid in workers:
            os.kill(pid, signal.SIGKILL)
        pytest.fail("the workers outlived their parent")
    assert errors == ""  # and none printed a traceback
