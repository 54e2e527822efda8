"""Process-wide settings for speed, made by the command line and nowhere else: a program that
imports advisor as a library keeps its own garbage collector and thread pools as it set them.

Imported first by `advisor.cli`, before numpy is: the thread settings are read when it loads.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager

# The cost curves multiply small arrays, for which a BLAS thread pool only spins; with one
# worker process per core its threads took CPU from the other workers (compare ran 5-10 %
# slower). A value the user set is kept.
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

BATCH_GC_AFTER = 100_000
"""Objects allocated and not yet freed between garbage collections while comparing a batch
(Python's default is 700). Comparing frees almost everything it allocates as it goes, so
collections found nothing: at 700 they took 3 % of the time, at 10,000 1.1 %, at 100,000 none
happen."""


def quiet_imports() -> None:
    """No collections while the modules load: importing makes some 75,000 objects that live
    until the process ends, and collections walked them again and again (30 ms of a start)."""
    gc.disable()


def imports_done() -> None:
    """What the imports made lives until exit: frozen, no later collection walks it again."""
    gc.freeze()
    gc.enable()


@contextmanager
def for_batches() -> Iterator[None]:
    """While `compare` or `check` reads a folder: collect seldom, and freeze what is loaded
    when it starts, so that worker processes forked from here (which inherit both) never walk
    it again or copy its memory pages by touching it."""
    before = gc.get_threshold()
    gc.set_threshold(BATCH_GC_AFTER, *before[1:])
    gc.freeze()
    try:
        yield
    finally:
        gc.set_threshold(*before)


def at_exit() -> None:
    """The process ends: the collection at exit would walk every object left (0.15 s after
    comparing 10,000 workloads) and free nothing that matters."""
    gc.freeze()
