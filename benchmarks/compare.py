"""Benchmark `advisor compare` end to end against its floor of 2,000 workloads a second.

Generates N varied workload files into a temporary folder, then times `advisor compare DIR
--format json` (a fresh process, as a user runs it) over a few rounds and prints workloads per
second: the median round is held against the floor (at least 2,000 workloads a second on 2
cores), the best and worst are printed beside it. For information it also times parsing the same
files in one process with the YAML reader advisor uses (yaml-rs) and with PyYAML's C loader.

The floor is for 2 cores, as CI and the project's machines have; on a shared machine a single
round can be several times slower than the median, so judge a few rounds, not one.

    python benchmarks/compare.py            # 10,000 workloads, 5 rounds
    python benchmarks/compare.py 2000 --jobs 2 --rounds 3
"""

from __future__ import annotations

import argparse
import compileall
import json
import math
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml
import yaml_rs

import advisor
from advisor.compare.batch import usable_cores

try:
    from yaml import CSafeLoader as Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as Loader  # type: ignore[assignment]

FLOOR = 2_000
"""Workloads a second `advisor compare` must hold on 2 cores (issue 20)."""

PATTERNS = ["steady", "diurnal", "bursty", "scheduled"]
RUNTIMES = ["python3.12", "nodejs22.x", "java21", "go", "dotnet8"]
ENTRIES = ["api_gateway_http", "api_gateway_rest", "alb", "function_url", "none"]


def workload(index: int, rng: random.Random) -> str:
    """One plausible, varied workload file."""
    pattern = rng.choice(PATTERNS)
    requests = int(
        10 ** rng.uniform(2 if pattern == "scheduled" else 4, 4 if pattern == "scheduled" else 9)
    )
    duration = round(10 ** rng.uniform(1, 5.7 if pattern == "scheduled" else 4), 1)
    lines = [
        "version: 1",
        f"name: workload-{index:05d}",
        "traffic:",
        f"  monthly_requests: {requests}",
        f"  pattern: {pattern}",
        "execution:",
        f"  duration_ms: {duration}",
        f"  memory_mb: {rng.choice([128, 256, 512, 1024, 1536, 2048, 4096])}",
        f"  architecture: {rng.choice(['x86_64', 'arm64'])}",
        f"  runtime: {rng.choice(RUNTIMES)}",
    ]
    if rng.random() < 0.3:
        lines += ["requirements:", f"  latency_p99_ms: {rng.choice([50, 200, 1000])}"]
    if rng.random() < 0.5:
        lines += ["container:", f"  concurrency: {rng.choice([1, 5, 10, 50])}"]
    if pattern != "scheduled":
        lines.append(f"entry: {rng.choice(ENTRIES)}")
    return "\n".join(lines) + "\n"


def parse_time(files: list[Path], parse: Callable[[str], object]) -> float:
    """Seconds to read and parse every file in this process."""
    return timed(lambda: [parse(path.read_text()) for path in files])


def timed(work: Callable[[], object]) -> float:
    """Seconds `work` took."""
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=10_000)
    parser.add_argument("--jobs", type=int, default=None, help="worker processes for compare")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--rounds", type=int, default=5, help="compares to time")
    args = parser.parse_args()
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for index in range(args.count):
            sub = root / f"team-{index % 20:02d}"
            sub.mkdir(exist_ok=True)
            (sub / f"w{index:05d}.yaml").write_text(workload(index, rng))
        files = sorted(root.rglob("*.yaml"))
        for path in files:  # every timing below reads the files from the page cache alike
            path.read_bytes()

        # as installed (pip compiles a package's modules), not as a checkout run for the first
        # time with bytecode writing off (PYTHONDONTWRITEBYTECODE), which compiles every module
        # on every start: 0.2 s here
        compileall.compile_dir(Path(advisor.__file__).parent, quiet=1)
        command = [sys.executable, "-m", "advisor", "compare", str(root), "--format", "json"]
        if args.jobs:
            command += ["--jobs", str(args.jobs)]
        ends: list[float] = []
        ours, pyyaml = math.inf, math.inf
        for _ in range(args.rounds):
            start = time.perf_counter()
            result = subprocess.run(command, capture_output=True, text=True, check=False)
            ends.append(time.perf_counter() - start)
            if result.returncode != 0:
                sys.exit(f"compare failed ({result.returncode}): {result.stderr[-2000:]}")
            ours = min(
                ours, parse_time(files, lambda text: yaml_rs.loads(text, parse_datetime=False))
            )
            pyyaml = min(pyyaml, parse_time(files, lambda text: yaml.load(text, Loader=Loader)))  # noqa: S506 - a safe loader
        rows = len(json.loads(result.stdout)["rows"])
    rate = args.count / statistics.median(ends)
    cores = args.jobs or usable_cores()
    print(f"workloads:        {args.count:,} ({rows:,} rows; {args.rounds} rounds; {cores} cores)")
    print(f"advisor compare:  {_spread(ends, args.count)}  (end to end)")
    print(
        f"target:           at least {FLOOR:,} workloads/s on 2 cores: "
        f"{'met' if rate >= FLOOR else 'not met'} ({rate:,.0f} median)"
        + ("" if cores == 2 else f"; note: measured on {cores} cores")
    )
    print(
        f"YAML parse:       yaml-rs {ours:.2f} s, PyYAML's C loader {pyyaml:.2f} s "
        f"({pyyaml / ours:.1f}x), best of {args.rounds}, one process  (information)"
    )


def _spread(seconds: list[float], count: int) -> str:
    """The median time, its rate, and the best and worst."""
    middle = statistics.median(seconds)
    return (
        f"{middle:.2f} s median ({count / middle:,.0f} workloads/s; "
        f"best {min(seconds):.2f}, worst {max(seconds):.2f})"
    )


if __name__ == "__main__":
    main()
