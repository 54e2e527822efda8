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


def test_check_reports_progress_as_compare_does(cli, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """`check` on many files said nothing for seconds: it now feeds the same bar as `compare`
    (shown only when stderr is a terminal, above), from the first batch to the last file."""
    from contextlib import contextmanager

    seen: list[tuple[str, int, int]] = []

    @contextmanager
    def recording(label: str):  # type: ignore[no-untyped-def]
        yield lambda done, total: seen.append((label, done, total))

    monkeypatch.setattr("advisor.cli.check.progress", recording)
    folder = tmp_path / "workloads"
    folder.mkdir()
    for index in range(3):
        (folder / f"w{index}.yaml").write_text(
            f"version: 1\nname: w{index}\ntraffic: {{monthly_requests: 1000}}\n"
            "execution: {duration_ms: 100, memory_mb: 512}\n"
        )
    policy = tmp_path / "policy.yaml"
    policy.write_text("version: 1\n")
    run = cli("check", str(folder), "--policy", str(policy))
    assert run.code == 0, run.stderr
    assert seen == [("Checking", 3, 3)]
