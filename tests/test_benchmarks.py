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


def test_the_compare_benchmark_prints_the_rate_against_the_floor() -> None:
    out = _run("compare.py", "60", "--rounds", "2")
    assert re.search(r"workloads: +60 \(60 rows; 2 rounds; \d+ cores\)", out), out
    spread = r"[0-9.]+ s median \([0-9,]+ workloads/s; best [0-9.]+, worst [0-9.]+\)"
    assert re.search(rf"advisor compare: +{spread} +\(end to end\)", out), out
    assert re.search(
        r"target: +at least 2,000 workloads/s on 2 cores: (met|not met) \([0-9,]+ median\)", out
    ), out
    assert re.search(r"YAML parse: +yaml-rs [0-9.]+ s, PyYAML's C loader [0-9.]+ s", out), out


def test_the_phases_benchmark_prints_each_phase_per_workload() -> None:
    out = _run("phases.py", "70")
    for phase in ("read", "judge", "break-even", "row", "all"):
        assert re.search(rf"^  {phase} +[0-9.]+ ms a workload", out, re.MULTILINE), out
