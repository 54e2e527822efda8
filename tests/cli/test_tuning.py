"""The command line, not the library, tunes the garbage collector for `compare` and `check`."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import pytest

from advisor.cli import tuning
from tests.conftest import SCENARIOS


def test_batches_collect_seldom_and_the_threshold_comes_back_after() -> None:
    before = gc.get_threshold()
    with tuning.for_batches():
        assert gc.get_threshold() == (tuning.BATCH_GC_AFTER, *before[1:])
        assert gc.get_freeze_count() > 0  # what was loaded: forked workers never walk it
    assert gc.get_threshold() == before


@pytest.mark.parametrize("command", ["compare", "check"])
def test_compare_and_check_run_their_batches_so(  # type: ignore[no-untyped-def]
    cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, command: str
):
    from advisor.compare import batch

    real = batch.compare
    seen: list[int] = []

    def compare(*args: Any, **kwargs: Any) -> Any:
        seen.append(gc.get_threshold()[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(batch, "compare", compare)
    policy = tmp_path / "policy.yaml"
    policy.write_text("version: 1\n")
    extra = ["--policy", str(policy)] if command == "check" else []
    cli(command, str(SCENARIOS / "api-100k.yaml"), *extra)
    assert seen == [tuning.BATCH_GC_AFTER]
