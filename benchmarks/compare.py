"""Benchmark `advisor compare` end to end against the floor of merely parsing the same files.

Generates N varied workload files into a temporary folder, then prints workloads per second for
`advisor compare DIR --format json` (a fresh process, as a user runs it) beside the time to parse
the same YAML files with PyYAML's fastest loader in one process (the floor), and with advisor's own
reader (`advisor/yaml_text.py`, which gives the same values faster). Each is timed in every round,
the rounds one after another, and the best of each is printed: a shared machine's speed drifts
from minute to minute, and timing both in every round keeps the ratio from comparing a slow
minute with a fast one.

    python benchmarks/compare.py            # 10,000 workloads, best of 3 rounds
    python benchmarks/compare.py 2000 --jobs 2 --rounds 5
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

import advisor
from advisor import yaml_text

try:
    from yaml import CSafeLoader as Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as Loader  # type: ignore[assignment]

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


def load_yaml(path: Path) -> object:
    """One file parsed by PyYAML's fastest loader: the floor."""
    return yaml.load(path.read_text(), Loader=Loader)  # noqa: S506 - a safe loader


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
    parser.add_argument("--rounds", type=int, default=3, help="rounds to take the best of")
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
        own_parse = math.inf
        floors: list[float] = []
        ends: list[float] = []
        for _ in range(args.rounds):
            floors.append(timed(lambda: [load_yaml(path) for path in files]))
            own_parse = min(
                own_parse, timed(lambda: [yaml_text.parse(path.read_text()) for path in files])
            )
            start = time.perf_counter()
            result = subprocess.run(command, capture_output=True, text=True, check=False)
            ends.append(time.perf_counter() - start)
            if result.returncode != 0:
                sys.exit(f"compare failed ({result.returncode}): {result.stderr[-2000:]}")
        parse, end_to_end = min(floors), min(ends)
        rows = len(json.loads(result.stdout)["rows"])

    print(f"workloads:            {args.count:,} ({rows:,} rows; best of {args.rounds} rounds)")
    print(
        f"parse-only floor:     {parse:.2f} s  ({args.count / parse:,.0f} workloads/s, one process)"
    )
    print(
        "advisor compare:      "
        f"{end_to_end:.2f} s  ({args.count / end_to_end:,.0f} workloads/s, end to end)"
    )
    print(
        f"advisor's YAML reader: {own_parse:.2f} s  (the same files, the same values; "
        f"{parse / own_parse:.1f}x PyYAML's speed)"
    )
    print(f"compare / floor:      {end_to_end / parse:.1f}x")
    # the host's speed drifts between rounds: each round's compare against its own floor, timed
    # moments apart, tells how much of the spread is the machine's
    paired = sorted(end / floor for end, floor in zip(ends, floors, strict=True))
    print(
        "  round by round:     "
        + ", ".join(f"{end / floor:.2f}x" for end, floor in zip(ends, floors, strict=True))
        + f" (median {statistics.median(paired):.2f}x)"
    )
    budget = 5.0 * args.count / 10_000
    met = end_to_end < budget and end_to_end <= 2 * parse
    print(
        f"target (under {budget:.2g} s, at most 2x the floor): {'met' if met else 'not met'} "
        "(10,000 workloads in 5 s on 2 cores)"
    )


if __name__ == "__main__":
    main()
