"""The benchmark scripts run and print their figures (their speed is measured, never asserted)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).parent.parent / "benchmarks"


def _run(script: str, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, str(BENCHMARKS / script), *args],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_compare_benchmark_prints_the_floor_and_the_end_to_end_rate() -> None:
    out = _run("compare.py", "60", "--rounds", "2")
    assert "workloads:            60 (60 rows; 2 rounds)" in out
    spread = r"[0-9.]+ s median \([0-9,]+ workloads/s; best [0-9.]+, worst [0-9.]+\)"
    assert re.search(rf"parse-only floor: +{spread}", out), out
    assert re.search(rf"advisor compare: +{spread} +\(end to end\)", out), out
    # two rounds: each compare against the floors timed either side of it, and their median
    assert re.search(
        r"compare / floor: +[0-9.]+x median +\(each round: [0-9.]+x, [0-9.]+x; "
        r"best against best [0-9.]+x\)",
        out,
    ), out
    assert re.search(r"target .*: (met|not met)", out)


def test_the_phases_benchmark_prints_each_phase_per_workload() -> None:
    out = _run("phases.py", "70")
    for phase in ("read", "judge", "break-even", "row", "all"):
        assert re.search(rf"^  {phase} +[0-9.]+ ms a workload", out, re.MULTILINE), out
