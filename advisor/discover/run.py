"""The whole run: for each region, read the functions and services, keep those the patterns
name, read their metrics in batches, and write one file each as soon as it is built, so a run
stopped part way leaves every file it wrote whole. What was skipped, and why, is returned."""

from __future__ import annotations

import datetime as dt
import fnmatch
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from advisor.discover.build import (
    Built,
    Skipped,
    build_function,
    build_service,
    lambda_queries,
    safe_stem,
    service_queries,
)
from advisor.discover.doors import Doors, find_doors
from advisor.discover.files import Exists, header, to_yaml, write_new
from advisor.discover.metrics import Query, Window, fetch
from advisor.discover.session import Account, CallBudgetSpent, Calls, describe_failure, open_account

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Options:
    """What `advisor discover` was asked to do."""

    output: Path
    regions: Sequence[str] = ()
    profile: str | None = None
    days: int = 14
    include: Sequence[str] = ()
    exclude: Sequence[str] = ()
    force: bool = False
    max_calls: int = 20_000
    init_durations: bool = False


@dataclass
class Summary:
    """What the run read, wrote and skipped, and the API calls it made."""

    regions: list[str]
    calls: Calls
    window: Window
    functions: int = 0
    services: int = 0
    written: list[Path] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    interrupted: bool = False


def wanted(names: Sequence[str], include: Sequence[str], exclude: Sequence[str]) -> bool:
    """Whether any of a resource's names matches an --include pattern (all do when there is
    none) and none matches an --exclude pattern."""
    if include and not any(fnmatch.fnmatchcase(n, p) for n in names for p in include):
        return False
    return not any(fnmatch.fnmatchcase(n, p) for n in names for p in exclude)


def discover(options: Options, progress: Progress, now: dt.datetime | None = None) -> Summary:
    """Read the account and write the files; a DiscoverError when it cannot start at all."""
    from advisor.pricing.catalog import Catalog

    account, regions = open_account(options.profile, list(options.regions), options.max_calls)
    window = Window.last_days(options.days, now)
    summary = Summary(regions, account.calls, window)
    catalog = Catalog()
    today = (now or dt.datetime.now(dt.timezone.utc)).date()
    names: set[str] = set()
    progress(f"reading {', '.join(regions)} over {window.describe()}")
    for region in regions:
        try:
            _region(account, region, options, window, catalog, today, summary, names, progress)
        except CallBudgetSpent as exc:
            summary.skipped.append(Skipped(f"region {region} and after", str(exc)))
            break
        except KeyboardInterrupt:  # Ctrl-C: the files written so far are whole; say which
            summary.interrupted = True
            break
    return summary


def _region(
    account: Account,
    region: str,
    options: Options,
    window: Window,
    catalog: Any,
    today: dt.date,
    summary: Summary,
    names: set[str],
    progress: Progress,
) -> None:
    functions = _read(
        summary, f"region {region}: Lambda", lambda: _functions(account, region, progress)
    )
    if functions is None and summary.skipped[-1].reason.startswith("access denied"):
        return  # the whole region is closed to this caller: say so once
    services = _read(summary, f"region {region}: ECS", lambda: _services(account, region, progress))
    functions = [f for f in functions or [] if wanted([f.name], options.include, options.exclude)]
    services = [
        s
        for s in services or []
        if wanted([s.name, f"{s.cluster}/{s.name}"], options.include, options.exclude)
    ]
    summary.functions += len(functions)
    summary.services += len(services)
    if not functions and not services:
        progress(f"{region}: nothing to read")
        return

    lambda_client = account.client("lambda", region)
    for function in functions:
        from advisor.discover.lambdas import read_provisioned

        read_provisioned(lambda_client, function)
    doors = find_doors(account, region, [f.name for f in functions]) if functions else Doors()
    init_times = None
    if options.init_durations and functions:
        from advisor.discover.logs import read_init_times

        progress(f"{region}: init durations from the logs (Logs Insights)")
        init_times = read_init_times(
            account.client("logs", region), [f.name for f in functions], window
        )
    progress(f"{region}: {len(functions)} functions, {len(services)} services; reading metrics")

    function_queries = [lambda_queries(i, f) for i, f in enumerate(functions)]
    service_qs = [service_queries(i, s) for i, s in enumerate(services)]
    every: list[Query] = [q for qs in function_queries + service_qs for q in qs.values()]
    read = [0]

    def on_batch(count: int) -> None:
        read[0] += count
        progress(
            f"{region}: {read[0]}/{len(every)} metric queries, "
            f"{account.calls.made} API calls so far"
        )

    results = fetch(account.client("cloudwatch", region), every, window, on_batch)

    several = len(summary.regions) > 1
    read_line = (
        f"Read by `advisor discover` on {today.isoformat()} from AWS, region {region}, "
        f"metrics over {window.describe()}."
    )
    for function, queries in zip(functions, function_queries, strict=True):
        stem = f"lambda-{function.name}" + (f"-{region}" if several else "")
        built = build_function(
            function, queries, results, window, doors, catalog, today, safe_stem(stem), init_times
        )
        _keep(built, options, summary, names, read_line, region if several else None)
    for service, queries in zip(services, service_qs, strict=True):
        stem = f"ecs-{service.cluster}-{service.name}" + (f"-{region}" if several else "")
        built = build_service(service, queries, results, window, catalog, today, safe_stem(stem))
        _keep(built, options, summary, names, read_line, region if several else None)


def _read(summary: Summary, label: str, call: Callable[[], Any]) -> Any:
    """Run one region's listing; on failure, record the skip and return None."""
    try:
        return call()
    except CallBudgetSpent:
        raise
    except Exception as exc:
        summary.skipped.append(Skipped(label, describe_failure(exc)))
        return None


def _functions(account: Account, region: str, progress: Progress) -> list[Any]:
    from advisor.discover.lambdas import list_functions

    seen = [0]

    def on_page(count: int) -> None:
        seen[0] += count
        progress(f"{region}: {seen[0]} functions read")

    return list_functions(account.client("lambda", region), region, on_page)


def _services(account: Account, region: str, progress: Progress) -> list[Any]:
    from advisor.discover.ecs import list_services

    seen = [0]

    def on_page(count: int) -> None:
        seen[0] += count
        progress(f"{region}: {seen[0]} services read")

    return list_services(
        account.client("ecs", region), account.client("elbv2", region), region, on_page
    )


def _keep(
    built: Built | Skipped,
    options: Options,
    summary: Summary,
    names: set[str],
    read_line: str,
    region: str | None,
) -> None:
    if isinstance(built, Skipped):
        summary.skipped.append(built)
        return
    if region is not None:
        built.document["name"] = f"{built.name}-{region}"
    name = str(built.document["name"])
    while name in names:  # a function and a service of the same name
        name += "-2"
    built.document["name"] = name
    names.add(name)
    stem = built.stem
    while options.output / f"{stem}.yaml" in summary.written:  # two names, one safe stem
        stem += "-2"
    path = options.output / f"{stem}.yaml"
    try:
        write_new(path, header(built, read_line) + to_yaml(built.document), force=options.force)
    except Exists:
        summary.skipped.append(Skipped(str(path), "the file exists (--force replaces it)"))
        return
    summary.written.append(path)
