"""Work shared out among worker processes: ranges of a list, results in the ranges' order.

`multiprocessing.Pool` did this with three threads in the parent, one of which woke whenever a
result sat in a pipe: over 10,000 workloads they took 0.3 s of CPU from the workers. Here the
parent itself waits on the workers' pipes, and on their exits, so a worker that dies is noticed
at once. A task is a (start, stop) range of something the workers already hold (inherited when
forked, or pickled once when spawned), so every message to a worker is tiny and never waits on
a full pipe while the worker writes its results.
"""

from __future__ import annotations

import signal
from collections import deque
from collections.abc import Callable
from multiprocessing import get_all_start_methods, get_context
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any, Generic, Literal, TypeVar

from advisor.errors import AdvisorError

T = TypeVar("T")

START_METHOD: Literal["fork", "spawn"] | None = (
    "fork" if "fork" in get_all_start_methods() else None
)
"""Workers are forked where the system can (they start at once and share what the parent has
loaded), else started the platform's way (None)."""
AHEAD = 2
"""Ranges a worker holds at a time (until the last few): when it finishes one, the next is
already in its pipe."""


def share_out(
    work: Callable[[int, int], T],
    total: int,
    chunk: int,
    workers: int,
    *,
    setup: Callable[[], None] | None = None,
    on_result: Callable[[T], None],
) -> None:
    """`work(start, stop)` for consecutive ranges of `chunk` up to `total`, in `workers`
    processes (forked where the system can; `work` and `setup` are pickled otherwise), each
    calling `setup` first. `on_result` gets every result in the ranges' order. However it ends
    (an exception of `work` or `on_result`, Ctrl-C, a worker killed), no worker outlives it."""
    ranges = [(start, min(start + chunk, total)) for start in range(0, total, chunk)]
    context = get_context(START_METHOD)
    crew: list[_Worker] = []
    finished = False
    try:
        for _ in range(min(workers, len(ranges))):
            mine, theirs = context.Pipe()
            # a forked worker holds copies of the parent's ends of every pipe made so far: it
            # closes them, so that when the parent dies its pipe reads as ended and it stops
            inherited = [mine, *(w.pipe for w in crew)] if START_METHOD == "fork" else []
            process = context.Process(
                target=_serve, args=(theirs, work, setup, inherited), daemon=True
            )
            process.start()
            theirs.close()
            crew.append(_Worker(process, mine))
        _Dispatch(ranges, crew, on_result).run()
        finished = True
    finally:
        for worker in crew:
            worker.stop(gently=finished)


class WorkerDied(AdvisorError):
    """A worker process ended holding work it had not sent back."""


class _Worker:
    """A worker process, its end of the pipe, and the ranges handed to it, oldest first."""

    def __init__(self, process: BaseProcess, pipe: Connection) -> None:
        self.process, self.pipe = process, pipe
        self.held: deque[int] = deque()

    def stop(self, *, gently: bool) -> None:
        """Ask it to finish (all its work done), or end it at once."""
        try:
            if gently:
                self.pipe.send(None)
            elif self.process.is_alive():
                self.process.terminate()
        except OSError:  # it is gone already
            pass
        self.process.join()
        self.pipe.close()


class _Dispatch(Generic[T]):
    """Hands ranges out as workers finish them and passes results on in order."""

    def __init__(
        self,
        ranges: list[tuple[int, int]],
        crew: list[_Worker],
        on_result: Callable[[T], None],
    ) -> None:
        self.ranges, self.crew, self.on_result = ranges, crew, on_result
        self.handed = 0
        self.results: dict[int, tuple[bool, Any]] = {}  # done, and its result or exception
        self.passed_on = 0

    def run(self) -> None:
        for _ in range(AHEAD):
            for each in self.crew:
                self._hand_out(each)
        waiting: dict[Any, _Worker] = {}  # each worker by its pipe and by its exit (an int)
        for each in self.crew:
            waiting[each.pipe] = waiting[each.process.sentinel] = each
        while self.passed_on < len(self.ranges):
            for ready in wait(list(waiting)):
                worker = waiting.get(ready)
                if worker is None:  # gone already, in this round
                    continue
                if ready is worker.pipe and self._receive(worker):
                    continue
                # its process ended (its pipe, closed, reads as ended too): what it sent before
                # counts; a range it still held is lost
                while worker.held and worker.pipe.poll() and self._receive(worker):
                    pass
                if worker.held:
                    raise _died()
                del waiting[worker.pipe], waiting[worker.process.sentinel]

    def _hand_out(self, worker: _Worker) -> None:
        """The next range, unless the worker is busy and the rest are few: then they wait for
        whichever worker is free first (a worker holding two at the end kept the other idle
        for up to 0.1 s of 10,000 workloads)."""
        left = len(self.ranges) - self.handed
        if left > len(self.crew) or (left and not worker.held):
            try:
                worker.pipe.send(self.ranges[self.handed])
            except OSError:  # its end is closed: it died
                raise _died() from None
            worker.held.append(self.handed)
            self.handed += 1

    def _receive(self, worker: _Worker) -> bool:
        """Its next result, passed on with any it completes in order; False if it has ended."""
        try:
            done, outcome = worker.pipe.recv()
        except (EOFError, OSError):  # its end closed, or reset, as it ended
            return False
        self.results[worker.held.popleft()] = done, outcome
        self._hand_out(worker)
        while self.passed_on in self.results:  # in order: a failure after the results before it
            done, outcome = self.results.pop(self.passed_on)
            if not done:
                raise outcome
            self.on_result(outcome)
            self.passed_on += 1
        return True


def _died() -> WorkerDied:
    return WorkerDied("a worker process died (killed by the system, perhaps out of memory)")


def _serve(
    pipe: Connection,
    work: Callable[[int, int], T],
    setup: Callable[[], None] | None,
    inherited: list[Connection],
) -> None:
    """A worker: ranges in, results (or the exception) out, until told to stop or the parent
    is gone."""
    for connection in inherited:
        connection.close()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    if setup is not None:
        setup()
    try:
        while (task := pipe.recv()) is not None:
            try:
                reply: tuple[bool, object] = (True, work(*task))
            except Exception as exc:  # the parent raises it
                reply = (False, exc)
            pipe.send(reply)
    except (EOFError, OSError):  # the parent is gone (killed): nobody is left to tell
        return
