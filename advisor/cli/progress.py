"""Progress on stderr for long runs of `compare` and `check`, when a person is watching."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.progress import Progress


class progress:
    """A progress bar on stderr while files are compared (`on_progress(done, total)`), only
    when stderr is a terminal."""

    bar: Progress | None

    def __init__(self, label: str) -> None:
        self.label = label

    def __enter__(self) -> Callable[[int, int], None] | None:
        self.bar = None
        if not sys.stderr.isatty():
            return None
        from rich.console import Console
        from rich.progress import Progress

        # no refresh thread (the bar redraws on each update): worker processes are forked
        # while the bar is up, and forking a process that runs threads can deadlock
        self.bar = Progress(console=Console(stderr=True), transient=True, auto_refresh=False)
        self.bar.start()
        self.task = self.bar.add_task(self.label, total=None)

        def update(done: int, total: int) -> None:
            assert self.bar is not None
            self.bar.update(self.task, completed=done, total=total, refresh=True)

        return update

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()
