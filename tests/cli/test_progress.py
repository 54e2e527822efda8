"""The progress bar of `advisor compare` shows on a terminal only."""

from __future__ import annotations

import io
import sys
import threading

import pytest

from advisor.cli.progress import progress


def test_no_progress_bar_when_stderr_is_piped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    with progress("Comparing") as update:
        assert update is None
    assert sys.stderr.getvalue() == ""


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    threads = threading.active_count()
    with progress("Comparing") as update:
        assert update is not None
        assert threading.active_count() == threads  # workers fork while it shows: no threads
        update(5, 10)
        update(10, 10)
    assert "Comparing" in terminal.getvalue()
