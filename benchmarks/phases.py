"""Where `advisor compare` spends its time per workload, phase by phase, in one process.

Generates N varied workloads (the same generator as `compare.py`), then times each phase of
comparing them, in batches as `advisor compare` does, and prints milliseconds of CPU per
workload: reading and validating the file, judging it (the batch's containers sized together,
today's line items, rules and recommendation), the batched break-even search, and building its
row. The best of three rounds is printed, as the host's speed varies from run to run.

    python benchmarks/phases.py          # 2,000 workloads
    python benchmarks/phases.py 5000
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from compare import workload  # noqa: E402 - the generator beside this script

import advisor.cli  # noqa: E402 - first: BLAS on one thread, as `advisor compare` runs
from advisor.compare import batch, rows  # noqa: E402
from advisor.decide.engine import decide, find_break_evens
from advisor.input.documents import WorkloadDocument, load_document  # noqa: E402
from advisor.pricing.catalog import Catalog  # noqa: E402
from advisor.pricing.quote import size_containers
from advisor.pricing.resolve import prepare

ROUNDS = 3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    # the collector as `advisor compare` sets it
    with tempfile.TemporaryDirectory() as folder, advisor.cli.tuning.for_batches():
        files = []
        for index in range(args.count):
            path = Path(folder) / f"w{index:05d}.yaml"
            path.write_text(workload(index, rng))
            files.append(path)
        catalog = Catalog()
        best: dict[str, float] = {}
        for _ in range(ROUNDS):
            clock: dict[str, float] = dict.fromkeys(("read", "judge", "break-even", "row"), 0.0)
            for start in range(0, len(files), batch.BATCH):
                chunk = files[start : start + batch.BATCH]
                began = time.process_time()
                documents = [load_document(path) for path in chunk]
                read = time.process_time()
                cases = [
                    prepare(d.workload, catalog, d.source)
                    for d in documents
                    if isinstance(d, WorkloadDocument)
                ]
                sized = size_containers([case.sizing for case in cases])
                verdicts = [
                    decide(case, containers, detail=False)
                    for case, containers in zip(cases, sized, strict=True)
                ]
                judged = time.process_time()
                points = find_break_evens(verdicts)
                found = time.process_time()
                for verdict, point in zip(verdicts, points, strict=True):
                    rows.row(rows.judged_row(verdict), point, verdict.source_label)
                done = time.process_time()
                for phase, (a, b) in {
                    "read": (began, read),
                    "judge": (read, judged),
                    "break-even": (judged, found),
                    "row": (found, done),
                }.items():
                    clock[phase] += b - a
            for phase, seconds in clock.items():
                best[phase] = min(best.get(phase, seconds), seconds)
    total = sum(best.values())
    print(f"workloads: {args.count:,} (best of {ROUNDS} rounds, CPU time of one process)")
    for phase, seconds in best.items():
        share = seconds / total * 100
        print(f"  {phase:<11} {seconds / args.count * 1e3:6.3f} ms a workload ({share:4.1f} %)")
    print(f"  {'all':<11} {total / args.count * 1e3:6.3f} ms a workload")


if __name__ == "__main__":
    main()
