"""Many workloads at once: find the files, analyse each (in processes for large batches), and
summarise. One bad file never stops the batch; it becomes a failure with its located error."""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Sequence
from concurrent.futures.process import BrokenProcessPool
from functools import cache
from pathlib import Path

from advisor.compare import pool
from advisor.compare.accounts import use_of
from advisor.compare.rows import failure, judged_row, row, system_rows
from advisor.compare.summary import SortKey, Tally, sort_rows
from advisor.decide.engine import Verdict, decide, find_break_evens
from advisor.decide.overrides import NONE, Overrides
from advisor.errors import AdvisorError
from advisor.input.documents import NotAnAdvisorDocument, SystemDocument, load_document
from advisor.input.folders import Skipped, find_files
from advisor.models.comparison import Comparison, Failure, Row
from advisor.pricing.catalog import Catalog
from advisor.pricing.quote import size_containers
from advisor.pricing.resolve import Case, prepare

PARALLEL_FROM = 48
"""Below this many files, starting worker processes costs more than it saves."""
BATCH = 128
"""Files compared together: their containers are sized and their break-evens searched as one
batch, and progress is reported after each. 128 took 4 % less time a workload than 64; 256 does
1.3 % less work still (instructions, measured after the per-batch costs were cut), not worth
twice the memory (a worker comparing 128 workloads with weekly profiles peaks at 125 MB, 256 at
195 MB) and half as many batches to share out between the workers."""


Result = list[Row] | Failure | Skipped
"""What comparing one file gives: its rows (a system has one per service), or its failure, or
that it was skipped."""


@cache
def _catalog(pricing: tuple[Path, ...]) -> Catalog:
    return Catalog(list(pricing) or None)


def compare_file(path: Path, pricing: tuple[Path, ...] = (), overrides: Overrides = NONE) -> Result:
    """Rows for one file (a workload, or each service of a system), or its failure."""
    return compare_files([path], pricing, overrides)[0]


def compare_files(
    paths: list[Path], pricing: tuple[Path, ...] = (), overrides: Overrides = NONE
) -> list[Result]:
    """Rows (or the failure) of each file; the break-evens of all the workload files are found
    together, their cost curves priced as one batch. `overrides`: what the command sets for
    every workload file (`--commitment`, the policy's decision margins)."""
    catalog = _catalog(pricing)
    results: list[Result] = []
    prepared: list[tuple[int, Path, Case]] = []
    for path in paths:
        try:
            document = load_document(path)
            if isinstance(document, SystemDocument):
                results.append(system_rows(document, catalog, path))
            else:
                workload = overrides.apply(document.workload)
                case = prepare(workload, catalog, document.source)
                prepared.append((len(results), path, case))
                results.append([])  # filled in below, with its break-even
        except NotAnAdvisorDocument as exc:  # a workflow, a policy...: a notice, not a failure
            results.append(Skipped(str(path), exc.reason))
        except Exception as exc:  # one bad file never stops the batch
            results.append(failure(path, exc))
    try:
        sized = size_containers([case.sizing for _, _, case in prepared])
    except Exception as exc:  # a bug of ours: find its file by comparing each on its own
        return _one_by_one(results, prepared, pricing, exc, overrides)
    judged: list[tuple[int, Path, Verdict]] = []
    for (index, path, case), containers in zip(prepared, sized, strict=True):
        try:
            judged.append((index, path, decide(case, containers, detail=False)))
        except Exception as exc:  # one bad file never stops the batch
            results[index] = failure(path, exc)
    try:
        points = find_break_evens([verdict for _, _, verdict in judged])
    except Exception as exc:  # a bug of ours, as above
        return _one_by_one(results, judged, pricing, exc, overrides)
    for (index, path, verdict), found in zip(judged, points, strict=True):
        try:
            chosen = verdict.recommendation
            use = None
            if chosen is not None:
                key = chosen.platform.value + (f":{chosen.variant}" if chosen.variant else "")
                use = use_of(verdict, key)
            results[index] = [row(judged_row(verdict), found, str(path), use=use)]
        except Exception as exc:  # one bad file never stops the batch
            results[index] = failure(path, exc)
    return results


def _one_by_one(
    results: list[Result],
    together: Sequence[tuple[int, Path, object]],
    pricing: tuple[Path, ...],
    exc: Exception,
    overrides: Overrides = NONE,
) -> list[Result]:
    """After a bug of ours (`exc`) in work done for many files at once, each of them compared
    on its own, so that the bug is reported against its file alone."""
    for index, path, _ in together:
        results[index] = (
            failure(path, exc) if len(together) == 1 else compare_file(path, pricing, overrides)
        )
    return results


def compare(
    paths: Sequence[Path],
    *,
    pricing: Sequence[Path] = (),
    sort: SortKey = SortKey.NAME,
    platform: str | None = None,
    workers: int | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    overrides: Overrides = NONE,
    excludes: Sequence[str] = (),
    base: Path | None = None,
) -> tuple[Comparison, list[str]]:
    """Compare every workload under `paths`; returns the comparison and warnings for people
    (YAML files that are not advisor documents among them). A pricing file that cannot be used
    is one error (CatalogError) before any work starts. `excludes` and `base`: `find_files`;
    `overrides`: what the command sets for every workload (`--commitment`, a policy's decision
    margins)."""
    _catalog(tuple(pricing))  # loaded before the workers fork, so they share it
    found = find_files(paths, excludes, base)
    gathered = _Gathered()
    _run(found.files, tuple(pricing), workers, gathered.take, on_progress, overrides)
    rows, failures = gathered.rows, found.failures + gathered.failures
    tally = gathered.tally
    included = {source for r in rows for source in r.includes}
    if included:  # a system's service files count with the system only
        rows = [r for r in rows if r.includes or str(Path(r.source).resolve()) not in included]
        tally = Tally()
        for kept in rows:
            tally.add(kept)
    if not rows and not failures:
        failures.append(Failure(source=", ".join(map(str, paths)), error="no workload files found"))
    catalog = _catalog(tuple(pricing))
    regions = {r.use.region for r in rows if r.use is not None}
    tally.pool(rows, {region: catalog.for_region(region) for region in regions})
    shown = [r for r in rows if platform is None or r.platform.value == platform]
    return Comparison(
        rows=sort_rows(shown, sort), failures=failures, summary=tally.summary(failures)
    ), found.warnings + gathered.notices


class _Gathered:
    """Rows and failures in the files' order as they come in, and the summary's figures; a
    workload name used before is a failure, not a row."""

    def __init__(self) -> None:
        self.rows: list[Row] = []
        self.failures: list[Failure] = []
        self.tally = Tally()
        self.first_source: dict[str, str] = {}
        self.notices: list[str] = []

    def take(self, result: Result) -> None:
        if isinstance(result, Failure):
            self.failures.append(result)
            return
        if isinstance(result, Skipped):
            self.notices.append(result.notice())
            return
        for one in result:
            if one.name in self.first_source:
                self.failures.append(
                    Failure(
                        source=one.source,
                        error=f"{one.source}: name: '{one.name}' is already used by "
                        f"{self.first_source[one.name]}; workload names must be unique",
                    )
                )
                continue
            self.first_source[one.name] = one.source
            self.rows.append(one)
            self.tally.add(one)


def _run(
    files: list[str],
    pricing: tuple[Path, ...],
    workers: int | None,
    take: Callable[[Result], None],
    on_progress: Callable[[int, int], None] | None,
    overrides: Overrides = NONE,
) -> None:
    """Each file's rows (or failure) to `take`, in the files' order: in this process for a few
    files or one worker, else in a pool of worker processes, a range of files to a task."""
    total = len(files)
    workers = workers if workers is not None else usable_cores()
    done = 0

    def gather(results: list[Result]) -> None:
        nonlocal done
        for result in results:
            take(result)
        done += len(results)
        if on_progress:
            on_progress(done, total)

    if total < PARALLEL_FROM or workers < 2:
        for start in range(0, total, BATCH):
            gather(_compare_range(start, start + BATCH, files, pricing, overrides))
        return
    chunk = max(1, min(BATCH, total // (workers * 8)))
    ranges = [(start, min(start + chunk, total)) for start in range(0, total, chunk)]
    workers_pool = pool.start(min(workers, len(ranges)), _share, (files, pricing, overrides))
    try:
        # every range queued at once: whichever worker is free takes the next; results are
        # taken in the files' order
        tasks = [workers_pool.submit(_compare_shared, start, stop) for start, stop in ranges]
        for task in tasks:
            gather(task.result())
    except BrokenProcessPool:
        pool.stop_now(workers_pool)
        raise AdvisorError(
            "a worker process died (killed by the system, perhaps out of memory); "
            "run again with --jobs 1 to compare in one process"
        ) from None
    except OSError as exc:  # no process or pipe to be had: too few file descriptors, say
        pool.stop_now(workers_pool)
        raise AdvisorError(
            f"cannot start {workers} worker processes: {exc.strerror or exc}; use fewer --jobs "
            "(or raise the limit: ulimit -n, ulimit -u)"
        ) from None
    except BaseException:  # Ctrl-C, or an error: the workers stop now, not after their work
        pool.stop_now(workers_pool)
        raise
    workers_pool.shutdown()


_SHARED: tuple[list[str], tuple[Path, ...], Overrides] = ([], (), NONE)
"""In a worker, the files, pricing files and overrides of the comparison (given once, not per
task)."""


def _share(files: list[str], pricing: tuple[Path, ...], overrides: Overrides) -> None:
    global _SHARED
    _SHARED = files, pricing, overrides


def _compare_shared(start: int, stop: int) -> list[Result]:
    """A worker's task: `_compare_range` of the shared files."""
    files, pricing, overrides = _SHARED
    return _compare_range(start, stop, files, pricing, overrides)


def _compare_range(
    start: int,
    stop: int,
    files: list[str],
    pricing: tuple[Path, ...],
    overrides: Overrides = NONE,
) -> list[Result]:
    """`compare_files` of a range of the files (given as strings)."""
    return compare_files([Path(name) for name in files[start:stop]], pricing, overrides)


CPU_QUOTA = Path("/sys/fs/cgroup/cpu.max")


MAX_JOBS = 64


def max_jobs() -> int:
    """The most worker processes `--jobs` may ask for: four per usable core, at most 64 (each
    holds a pipe and some 100 MB at its peak; more only wait for the same cores)."""
    return min(MAX_JOBS, 4 * usable_cores())


def usable_cores(quota_file: Path = CPU_QUOTA) -> int:
    """Cores this process may use: those it is pinned to, capped by a container's CPU quota
    (cgroup v2 `cpu.max`, e.g. "200000 100000" is two cores). `os.cpu_count()` counts the whole
    host, so a 2-CPU container on a 64-core node would otherwise start 64 workers."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    try:
        quota, period = quota_file.read_text().split()[:2]
        if quota != "max":
            cores = min(cores or 1, max(1, math.ceil(int(quota) / int(period))))
    except (OSError, ValueError):
        pass  # no cgroup v2 quota here
    return max(1, cores or 1)
