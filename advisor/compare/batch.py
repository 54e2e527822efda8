"""Many workloads at once: find the files, analyse each (in processes for large batches), and
summarise. One bad file never stops the batch; it becomes a failure with its located error."""

from __future__ import annotations

import heapq
import math
import os
from collections.abc import Callable, Sequence
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import Enum
from functools import cache
from pathlib import Path

from advisor.compare import pool
from advisor.compare.accounts import pooling_correction, system_use, use_of
from advisor.decide.engine import Verdict, decide, find_break_evens
from advisor.decide.overrides import NONE, Overrides
from advisor.decide.rules.base import deciding_reason
from advisor.errors import AdvisorError
from advisor.input.documents import NotAnAdvisorDocument, SystemDocument, load_document
from advisor.input.ignore import Rules, entering, ignored, rules_for, skipped_folder
from advisor.models.catalog import PricingFile
from advisor.models.comparison import (
    AccountUse,
    Comparison,
    Failure,
    Row,
    Saving,
    Summary,
    Today,
)
from advisor.models.report import (
    BreakEvenPoint,
    Option,
    Recommendation,
    Report,
    Severity,
)
from advisor.models.workload import Current, Platform
from advisor.money import ZERO
from advisor.numerals import compact
from advisor.pricing.catalog import Catalog
from advisor.pricing.quote import size_containers
from advisor.pricing.resolve import Case, prepare

YAML_SUFFIXES = (".yaml", ".yml")
PARALLEL_FROM = 48
"""Below this many files, starting worker processes costs more than it saves."""
BATCH = 128
"""Files compared together: their containers are sized and their break-evens searched as one
batch, and progress is reported after each. 128 took 4 % less time a workload than 64; 256 does
1.3 % less work still (instructions, measured after the per-batch costs were cut), not worth
twice the memory (a worker comparing 128 workloads with weekly profiles peaks at 125 MB, 256 at
195 MB) and half as many batches to share out between the workers."""

PLATFORMS = ("lambda", "lambda_managed_instances", "fargate", "ec2")
_NAME_OF = {platform: platform.value for platform in Platform}
"""Each platform's name: reading an enum member's `.value` runs Python code, 0.2 us a time."""


class SortKey(str, Enum):
    """How rows are ordered."""

    NAME = "name"
    PLATFORM = "platform"
    COST = "cost"
    SAVING = "saving"


@dataclass
class Found:
    """Files to compare, and what was noticed while looking for them."""

    files: list[str] = field(default_factory=list)
    """As strings: the workers get them so (a Path took 9 us to pickle and unpickle), and making
    10,000 Paths here cost a tenth of a second before any work could start."""
    failures: list[Failure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def find_files(
    paths: Sequence[Path], excludes: Sequence[str] = (), base: Path | None = None
) -> Found:
    """Workload and system files under the paths, recursively, each once, links followed once.
    Below a folder named on the command line, hidden files and folders, virtual environments
    and what `excludes` or an `.advisorignore` file names are left out (see advisor/input/ignore.py;
    patterns are relative to `base`, the current folder by default); a file named on the
    command line is always read.

    Files and folders are told apart by (device, inode), which a folder listing mostly gives
    for free; resolving every path instead cost a third of a second per 10,000 files."""
    found = Found()
    seen: set[FileId] = set()
    for path in paths:
        if path.is_dir():
            before = len(found.files), len(found.failures)
            rules = rules_for(path, base or Path.cwd(), excludes)
            _walk(path, found, seen, set(), rules, 0)
            if (len(found.files), len(found.failures)) == before:
                found.warnings.append(f"{path}: no .yaml or .yml files in this folder")
        elif path.exists():
            if _add(_identity(os.stat(path)), seen):
                found.files.append(str(path))
        else:
            found.failures.append(Failure(source=str(path), error=f"{path}: file not found"))
    return found


FileId = tuple[int, int]


def _identity(stat: os.stat_result) -> FileId:
    return stat.st_dev, stat.st_ino


def _add(identity: FileId, seen: set[FileId]) -> bool:
    """Whether this is the first time the file is seen (and remember it)."""
    if identity in seen:
        return False
    seen.add(identity)
    return True


MAX_FOLDER_DEPTH = 100
"""Folders deeper than this below a path given are not searched (no scenario tree comes near;
a 1,200-deep folder would otherwise exhaust Python's recursion limit)."""


def _walk(
    folder: Path,
    found: Found,
    seen: set[FileId],
    visiting: set[FileId],
    rules: Rules,
    depth: int,
) -> None:
    if depth > MAX_FOLDER_DEPTH:
        found.failures.append(
            Failure(
                source=str(folder),
                error=f"{folder}: more than {MAX_FOLDER_DEPTH} folders deep; not searched",
            )
        )
        return
    try:
        folder_id = _identity(os.stat(folder))
        if folder_id in visiting:
            found.warnings.append(f"{folder}: symbolic link loop, not followed again")
            return
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        found.failures.append(Failure(source=str(folder), error=f"{folder}: cannot read: {exc}"))
        return
    visiting = visiting | {folder_id}
    for entry in entries:
        try:
            if entry.is_dir(follow_symlinks=True):
                if skipped_folder(entry) or (rules and ignored(rules, entry.name, True)):
                    continue
                inner = entering(rules, str(folder), entry.name)
                _walk(Path(entry.path), found, seen, visiting, inner, depth + 1)
            elif (
                entry.name.endswith(YAML_SUFFIXES)
                and not entry.name.startswith(".")
                and entry.is_file(follow_symlinks=True)
                and not (rules and ignored(rules, entry.name, False))
            ):
                # a plain file's inode comes with the listing; a link's target needs a stat
                identity = (
                    _identity(entry.stat()) if entry.is_symlink() else (folder_id[0], entry.inode())
                )
                if _add(identity, seen):
                    found.files.append(entry.path)
        except OSError as exc:
            found.failures.append(Failure(source=entry.path, error=f"{entry.path}: {exc}"))


@dataclass(frozen=True)
class Skipped:
    """A YAML file a scan met that is not an advisor document, and why (a notice, not a
    failure)."""

    source: str
    reason: str

    def notice(self) -> str:
        """The line for stderr."""
        return f"{self.source}: skipped, not a workload or system file ({self.reason})"


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


def system_rows(document: SystemDocument, catalog: Catalog, path: Path) -> list[Row]:
    """A row for each service of a system, its cost being its share of the system's design."""
    from advisor.decide.system import analyze_system

    report = analyze_system(document, catalog)
    # its services given as files count once: with the system, not again on their own
    own = path.resolve()
    includes = tuple(
        sorted({str(p) for s in document.services if (p := Path(s.source.path).resolve()) != own})
    )
    rows = []
    for plan in report.services:
        service = plan.report
        if plan.alone is not None and service.recommendation is not None:
            # decided together: the row shows the system's choice and why
            chosen = service.recommendation.model_copy(
                update={
                    "platform": plan.recommended.platform,
                    "variant": plan.recommended.variant,
                    "label": plan.recommended.label,
                    "monthly_cost": plan.marginal_cost,
                    "reasons": plan.reasons,
                    "saving": None,
                    "saving_percent": None,
                }
            )
            service = service.model_copy(update={"recommendation": chosen})
        name = f"{report.system['name']}/{plan.name}"
        made = to_row(service, name, str(path), share=plan.recommended.monthly_cost)
        rows.append(made.model_copy(update={"includes": includes}))
    # the system's per-account charges, all its services together, go with its first row
    design = next(d for d in report.designs if d.name == "recommended")
    rates = catalog.for_region(document.system.region)
    use = system_use(document, design.assignments, rates)
    rows[0] = rows[0].model_copy(update={"use": use})
    return rows


def failure(path: Path, exc: Exception) -> Failure:
    """A file's failure: its located error, or, for an error of ours, a request to report it."""
    if isinstance(exc, AdvisorError):
        return Failure(source=str(path), error=str(exc))
    return Failure(
        source=str(path),
        error=f"{path}: could not be compared ({type(exc).__name__}: {exc}); this is a bug "
        "in advisor, please report it with this file",
    )


def to_row(report: Report, name: str | None, source: str, share: Decimal | None = None) -> Row:
    """One comparison row from a workload report; a system's service passes its share of the
    system's recommended design, so that the rows of a system add up to its total."""
    return row(
        Judged(
            name=report.workload.name,
            region=report.pricing.region,
            pricing_date=report.pricing.effective_date,
            options=report.options,
            recommendation=report.recommendation,
        ),
        report.break_even.points,
        source,
        name=name,
        share=share,
    )


@dataclass
class Judged:
    """What a row shows of a judged workload, from a report or straight from the engine
    (a comparison builds no report)."""

    name: str
    region: str
    pricing_date: date
    options: Sequence[Option]
    recommendation: Recommendation | None
    current: Current | None = None


def judged_row(verdict: Verdict) -> Judged:
    """What a row shows, straight from the verdict: a comparison never shows the rest of a
    report, so none is built."""
    return Judged(
        name=verdict.workload.name,
        region=verdict.rates.region,
        pricing_date=verdict.rates.effective_date,
        options=verdict.options,
        recommendation=verdict.recommendation,
        current=verdict.workload.current,
    )


def row(
    judged: Judged,
    points: Sequence[BreakEvenPoint],
    source: str,
    *,
    name: str | None = None,
    share: Decimal | None = None,
    use: AccountUse | None = None,
) -> Row:
    """One comparison row; `name` and `share` for a system's service; `use`, what its
    recommendation bills per account."""
    rec = judged.recommendation
    costs: dict[str, Decimal | None] = dict.fromkeys(PLATFORMS)  # the cheapest feasible of each
    for option in judged.options:
        if option.feasible:
            platform = _NAME_OF[option.platform]
            cheapest = costs[platform]
            if cheapest is None or option.monthly_cost < cheapest:
                costs[platform] = option.monthly_cost
    nearest = min(points, key=lambda p: abs(float(p.scale) - 1)) if points else None
    break_even = ""
    if nearest is not None:
        if nearest.direction == "lower":
            winner, loser, side = nearest.below, nearest.above, "below"
        else:
            winner, loser, side = nearest.above, nearest.below, "above"
        volume = compact(float(nearest.monthly_requests))
        break_even = f"{winner} cheaper than {loser} {side} {volume}/month"
    if rec is None:  # e.g. a 29 s request behind API Gateway's 29 s limit
        ruled_out = ", ".join(
            f"{o.label} ({', '.join(f.rule for f in o.findings if f.severity is Severity.ERROR)})"
            for o in judged.options
        )
        raise AdvisorError(
            f"{source}: no option can run workload '{judged.name}': {ruled_out} are all "
            f"ruled out; `advisor recommend {source}` says why"
        )
    chosen = next(
        (o for o in judged.options if (o.platform, o.variant) == (rec.platform, rec.variant)),
        None,
    )
    effect = chosen.commitment if chosen is not None else None
    deciding = deciding_reason(rec.reasons)  # a rule or the cost; never the break-even's
    monthly = rec.monthly_cost if share is None else share
    today = None
    if judged.current is not None:
        cost = judged.current.monthly_cost_usd
        saving = None if cost is None else cost - monthly.quantize(Decimal("0.01"))
        today = Today(platform=judged.current.platform, monthly_cost=cost, saving=saving)
    return Row(
        name=name or judged.name,
        source=source,
        region=judged.region,
        pricing_date=judged.pricing_date,
        platform=rec.platform,
        variant=rec.variant,
        label=rec.label,
        monthly_cost=monthly,
        costs=costs,
        committed=effect.monthly_cost if effect is not None and share is None else None,
        commitment_plan=effect.plan if effect is not None and share is None else None,
        runner_up=rec.runner_up.label if rec.runner_up else None,
        saving=rec.saving,
        break_even=break_even,
        top_rule=deciding.rule if deciding else "",
        top_reason=deciding.message if deciding else "",
        current=today,
        use=use,
    )


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
        for row in result:
            if row.name in self.first_source:
                self.failures.append(
                    Failure(
                        source=row.source,
                        error=f"{row.source}: name: '{row.name}' is already used by "
                        f"{self.first_source[row.name]}; workload names must be unique",
                    )
                )
                continue
            self.first_source[row.name] = row.source
            self.rows.append(row)
            self.tally.add(row)


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


def sort_rows(rows: list[Row], key: SortKey) -> list[Row]:
    """Rows in the asked order (costs and savings highest first)."""
    if key is SortKey.PLATFORM:
        return sorted(rows, key=lambda r: (r.platform.value, r.name))
    if key is SortKey.COST:
        return sorted(rows, key=lambda r: (-r.monthly_cost, r.name))
    if key is SortKey.SAVING:
        return sorted(rows, key=lambda r: (-(r.saving or ZERO), r.name))
    return sorted(rows, key=lambda r: r.name)


def summarise(rows: list[Row], failures: list[Failure]) -> Summary:
    """Workloads per platform, totals, and the biggest savings."""
    tally = Tally()
    for row in rows:
        tally.add(row)
    return tally.summary(failures)


class Tally:
    """The summary's figures, kept up a row at a time: `compare` adds each row as it comes in,
    while the workers run (a walk over 10,000 rows after them took 27-43 ms of one core)."""

    def __init__(self) -> None:
        self.per_platform = dict.fromkeys(PLATFORMS, 0)
        self.totals: dict[str, Decimal | None] = dict.fromkeys(PLATFORMS, ZERO)
        self.recommended = ZERO
        self.rows = 0
        self.saving: list[Row] = []  # rows that save something, in order
        self.pooled = ZERO
        self.accounts = 1

    def pool(self, rows: list[Row], rates_of: dict[str, PricingFile]) -> None:
        """Bill what AWS applies per account once per account: the change to the total."""
        uses = [r.use for r in rows if r.use is not None]
        self.pooled, self.accounts = pooling_correction(uses, rates_of)
        self.accounts = max(1, self.accounts)

    def add(self, row: Row) -> None:
        self.rows += 1
        self.per_platform[_NAME_OF[row.platform]] += 1
        self.recommended += row.monthly_cost
        costs, totals = row.costs, self.totals
        for platform in PLATFORMS:
            total, cost = totals[platform], costs.get(platform)
            if total is not None:  # None once some workload cannot run there
                totals[platform] = None if cost is None else total + cost
        if row.saving is not None and row.saving > 0:
            self.saving.append(row)

    def summary(self, failures: list[Failure]) -> Summary:
        # the same as sorting by saving, equal ones in the rows' order
        biggest = heapq.nlargest(5, self.saving, key=lambda r: r.saving or ZERO)
        return Summary(
            workloads=self.rows,
            failed=len(failures),
            per_platform=self.per_platform,
            total_recommended=self.recommended + self.pooled,
            total_priced_alone=self.recommended if self.pooled else None,
            accounts=self.accounts,
            total_if_all_on=self.totals,
            biggest_savings=[Saving(name=r.name, saving=r.saving or ZERO) for r in biggest],
        )
