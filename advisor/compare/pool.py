"""The standard library's process pool, with what `compare` needs beyond it: workers that leave
Ctrl-C to the parent, that end when the parent dies (even by `kill -9`), and a stop that ends
them at once rather than after the work they hold.

Forked workers hold copies of the pool's pipes, so a parent killed outright never closes them:
without a signal from the kernel (Linux's PR_SET_PDEATHSIG) or a look at the parent now and
then (elsewhere), its workers would wait for work for ever.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any

START_METHOD = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
"""Workers are forked where the system can (they start at once and share what the parent has
loaded), else started the platform's way (None)."""
KERNEL_SIGNAL = sys.platform == "linux"
"""Whether the kernel can signal a worker when its parent ends (prctl's PR_SET_PDEATHSIG)."""
PR_SET_PDEATHSIG = 1
"""prctl(2): the signal the kernel sends a process when its parent ends."""
PARENT_CHECK_S = 1.0
"""Where the kernel sends no such signal, how often a worker looks whether its parent is gone."""


def start(
    workers: int, initializer: Callable[..., None], initargs: tuple[Any, ...] = ()
) -> ProcessPoolExecutor:
    """A pool of `workers` processes, each calling `initializer(*initargs)` first. Forked
    workers inherit `initargs` (nothing is pickled); started afresh, they get them pickled
    once each."""
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context(START_METHOD),
        initializer=_worker_start,
        initargs=(os.getpid(), initializer, initargs),
    )


def stop_now(pool: ProcessPoolExecutor) -> None:
    """End the workers without waiting for the work they hold, and the pool with them (after
    Ctrl-C or an error). Python 3.14's `terminate_workers` does this; before it, the pool's own
    table of its processes is the only handle on them. The pool's thread then sees them gone and
    reaps them: only it may, as two threads waiting for one process can leave it listed as a
    child after it has ended."""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        with contextlib.suppress(ValueError):  # closed already: it has ended
            process.terminate()
    pool.shutdown(wait=True, cancel_futures=True)


def _worker_start(parent: int, initializer: Callable[..., None], initargs: tuple[Any, ...]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches every process: the parent's
    _end_with_parent(parent)
    initializer(*initargs)


def _end_with_parent(parent: int) -> None:
    """Ask the kernel to kill this worker when its parent ends (Linux); elsewhere, a thread
    that ends it within PARENT_CHECK_S of the parent's going."""
    if KERNEL_SIGNAL:
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
                if os.getppid() != parent:  # it died before the request was made
                    os._exit(1)
                return
        except (OSError, AttributeError):  # pragma: no cover - a libc without prctl
            pass
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_S)
    os._exit(1)
