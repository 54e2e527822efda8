"""Capture or check the JSON of every bundled scenario and of a generated 1,000-workload folder.

A refactoring that must not change a figure (issue "One cost model per platform") is checked by
capturing the outputs before it and checking them after:

    python benchmarks/identity.py capture /tmp/before      # on the old code
    python benchmarks/identity.py check /tmp/before        # on the new code: exit 1 on a change

Outputs compared: `advisor recommend FILE --format json` for every file in `scenarios/`, and
`advisor compare DIR --format json` of 1,000 workloads generated with a fixed seed (the
benchmark's generator). Sources (paths) are made relative so captures from two checkouts compare.
"""

from __future__ import annotations

import argparse
import difflib
import random
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from compare import workload  # noqa: E402  (the benchmark's generator, beside this file)

ROOT = Path(__file__).resolve().parent.parent
COUNT = 1_000
SEED = 7


def outputs() -> dict[str, str]:
    """Every output by a name, with absolute folders taken out."""
    found: dict[str, str] = {}
    advisor = [sys.executable, "-m", "advisor"]
    for scenario in sorted((ROOT / "scenarios").glob("*.yaml")):
        result = subprocess.run(
            [*advisor, "recommend", f"scenarios/{scenario.name}", "--format", "json"],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=False,
        )
        found[f"recommend-{scenario.stem}.json"] = result.stdout + f"\nexit {result.returncode}\n"
    rng = random.Random(SEED)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for index in range(COUNT):
            (root / f"w{index:05d}.yaml").write_text(workload(index, rng))
        result = subprocess.run(
            [*advisor, "compare", ".", "--format", "json"],
            capture_output=True,
            text=True,
            cwd=root,
            check=False,
        )
    found["compare-1000.json"] = result.stdout + f"\nexit {result.returncode}\n"
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["capture", "check"])
    parser.add_argument("folder", type=Path)
    args = parser.parse_args()
    if args.action == "capture":
        args.folder.mkdir(parents=True, exist_ok=True)
        for name, text in outputs().items():
            (args.folder / name).write_text(text)
        print(f"captured {len(list(args.folder.iterdir()))} outputs in {args.folder}")
        return
    changed = 0
    for name, text in outputs().items():
        before = (args.folder / name).read_text()
        if before != text:
            changed += 1
            diff = difflib.unified_diff(
                before.splitlines(), text.splitlines(), f"before/{name}", f"after/{name}", n=1
            )
            print("\n".join(list(diff)[:40]))
    print(f"{changed} of the outputs changed" if changed else "identical")
    sys.exit(1 if changed else 0)


if __name__ == "__main__":
    main()
