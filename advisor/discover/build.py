"""One workload document per function or service: the figures from its configuration and
metrics, and notes saying where each came from (metric, window, statistic) and what could not
be read. A resource without the figures a workload file needs is skipped, with the reason."""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from advisor.discover import profile
from advisor.discover.metrics import Query, Results, Window

if TYPE_CHECKING:
    from advisor.discover.doors import Doors
    from advisor.discover.ecs import Service
    from advisor.discover.lambdas import Function
    from advisor.discover.logs import InitTimes
    from advisor.pricing.catalog import Catalog

LAMBDA_MAX_MEMORY_MB = 10_240
LAMBDA_MIN_MEMORY_MB = 128

RUNTIME_FAMILIES = {
    "python": "python3.12",
    "nodejs": "nodejs22.x",
    "java": "java21",
    "dotnet": "dotnet8",
    "ruby": "ruby3.4",
}
"""A runtime advisor has no cold-start figures for, by family, to the nearest one it has."""


@dataclass
class Built:
    """A workload document ready to write, and the notes for its header."""

    name: str
    stem: str
    document: dict[str, Any]
    sources: list[tuple[str, str]] = field(default_factory=list)
    also: list[str] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Skipped:
    """A resource no file was written for, and why."""

    resource: str
    reason: str
    failed: bool = True
    """False when there was nothing to read (no traffic in the window, no load balancer), True
    when something could not be read (access denied, an error, a file in the way)."""


def safe_stem(text: str) -> str:
    """A file name from a resource name: letters, digits, dash and underscore only (AWS allows
    no more in function and service names; anything else is not a name AWS gave)."""
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", text)
    stem = re.sub(r"-{2,}", "-", stem).strip("-")
    return stem or "workload"


def plain(text: str) -> str:
    """User text for a comment line: no line breaks or control characters."""
    return re.sub(r"[\x00-\x1f\x7f]+", " ", text)


def known_runtime(runtime: str | None) -> tuple[str | None, str | None]:
    """The runtime advisor can estimate cold starts for, and a note when it is a stand-in."""
    from advisor.models.runtimes import INIT_MS

    if runtime is None:
        return None, (
            "runtime: none (a container image or custom runtime); the cold-start estimate "
            "uses python3.12's: set execution.init_ms to your measured INIT time"
        )
    if runtime in INIT_MS:
        return runtime, None
    family = re.match(r"[a-z]+", runtime)
    stand_in = RUNTIME_FAMILIES.get(family.group(0) if family else "")
    if stand_in is None:
        return None, (
            f"runtime: {runtime} has no cold-start figures here; the estimate uses "
            "python3.12's: set execution.init_ms"
        )
    return stand_in, f"runtime: {runtime} is estimated as {stand_in} (the nearest with figures)"


def lambda_queries(index: int, function: Function) -> dict[str, Query]:
    """The metrics read for one function, by role."""
    dims = (("FunctionName", function.name),)

    def q(role: str, metric: str, stat: str, hourly: bool = True) -> Query:
        return Query(f"f{index}_{role}", "AWS/Lambda", metric, dims, stat, hourly)

    return {
        "invocations": q("inv", "Invocations", "Sum"),
        "duration": q("dur", "Duration", "Average"),
        "p99": q("p99", "Duration", "p99", hourly=False),
        "concurrency": q("conc", "ConcurrentExecutions", "Maximum", hourly=False),
        "errors": q("err", "Errors", "Sum", hourly=False),
        "throttles": q("thr", "Throttles", "Sum", hourly=False),
    }


def service_queries(index: int, service: Service) -> dict[str, Query]:
    """The metrics read for one ECS service, by role (per target group for the ALB's)."""
    dims = (("ClusterName", service.cluster), ("ServiceName", service.name))
    out = {
        "cpu": Query(f"s{index}_cpu", "AWS/ECS", "CPUUtilization", dims, "Average", False),
        "cpu_max": Query(f"s{index}_cpux", "AWS/ECS", "CPUUtilization", dims, "Maximum", False),
        "memory": Query(f"s{index}_mem", "AWS/ECS", "MemoryUtilization", dims, "Average", False),
        "memory_max": Query(
            f"s{index}_memx", "AWS/ECS", "MemoryUtilization", dims, "Maximum", False
        ),
    }
    for number, group in enumerate(service.target_groups):
        if group.load_balancer is None:
            continue
        tg = (("TargetGroup", group.dimension), ("LoadBalancer", group.load_balancer))
        ns = "AWS/ApplicationELB"
        out[f"requests{number}"] = Query(f"s{index}_req{number}", ns, "RequestCount", tg, "Sum")
        out[f"time{number}"] = Query(
            f"s{index}_rt{number}", ns, "TargetResponseTime", tg, "Average"
        )
        out[f"p99_{number}"] = Query(
            f"s{index}_p99_{number}", ns, "TargetResponseTime", tg, "p99", False
        )
    return out


def _describe(query: Query, window: Window) -> str:
    when = "hourly" if query.hourly else "one period"
    return f"{query.namespace} {query.metric}, {query.stat}, {when}, {window.describe()}"


def _unread(query: Query, results: Results, what: str) -> str | None:
    reason = results.failed.get(query.id)
    if reason is not None:
        return f"{what}: {query.namespace} {query.metric} {query.stat}: {reason}"
    return None


def _single(results: Results, query: Query) -> float | None:
    values = results.values(query.id)
    return profile.peak(values) if values is not None else None


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(value, 3)


def build_function(
    function: Function,
    queries: dict[str, Query],
    results: Results,
    window: Window,
    doors: Doors,
    catalog: Catalog,
    today: dt.date,
    stem: str,
    init_times: InitTimes | None = None,
) -> Built | Skipped:
    """The workload document of one Lambda function, or why there is none; `init_times`, the
    init durations read from the logs when asked (--init-durations)."""
    label = f"lambda {function.region}/{function.name}"
    invocations = queries["invocations"]
    if invocations.id in results.failed:
        return Skipped(label, f"no metrics: {results.failed[invocations.id]}")
    entry, found = doors.entry_of(function.name)
    counts = results.values(invocations.id) or []
    shape = profile.shape_of(counts, window.start, has_front_door=bool(found))
    if shape is None:
        return Skipped(label, f"no metrics: no Invocations in {window.describe()}", False)
    duration_q = queries["duration"]
    mean_ms = profile.weighted_mean(results.values(duration_q.id) or [], counts)
    if mean_ms is None or mean_ms <= 0:
        reason = results.failed.get(duration_q.id, "no data points")
        return Skipped(label, f"no metrics: Duration Average: {reason}")

    built = Built(function.name, stem, {})
    runtime, runtime_note = known_runtime(function.runtime)
    execution: dict[str, Any] = {
        "duration_ms": round(mean_ms, 2),
        "memory_mb": function.memory_mb,
        "architecture": function.architecture,
        "ephemeral_storage_mb": function.ephemeral_storage_mb,
    }
    if runtime is not None:
        execution["runtime"] = runtime
    p99 = _single(results, queries["p99"])
    if p99 is not None and p99 > 0:
        execution["duration_p99_ms"] = round(p99, 2)
    inits = sorted(init_times.samples.get(function.name, [])) if init_times else []
    if inits:
        execution["init_ms"] = round(sum(inits) / len(inits), 2)
    traffic: dict[str, Any] = {
        "monthly_requests": max(1, round(shape.monthly_requests)),
        "pattern": shape.pattern,
        "hourly_profile": [_number(v) for v in shape.profile],
    }
    document: dict[str, Any] = {
        "version": 1,
        "name": function.name,
        "description": f"Lambda function {function.name} in {function.region}, "
        f"read by advisor discover on {today.isoformat()}",
        "region": function.region,
        "traffic": traffic,
        "execution": execution,
    }
    if function.provisioned:
        document["lambda"] = {"provisioned_concurrency": function.provisioned}
    if entry is not None:
        document["entry"] = entry
    elif any(d.entry is None for d in found):
        document["entry"] = "none"
    built.document = document

    inv = _describe(invocations, window)
    built.sources += [
        (
            "traffic.monthly_requests",
            f"{inv}: {shape.total:,.0f} in {shape.hours} h, x 730/{shape.hours}",
        ),
        (
            "traffic.hourly_profile",
            "the same hourly sums: mean requests in each hour of the "
            + ("week, Monday 00:00 UTC first" if len(shape.profile) == 168 else "day, 00:00 UTC"),
        ),
        ("traffic.pattern", _pattern_reason(shape)),
        ("execution.duration_ms", f"{_describe(duration_q, window)}, weighted by invocations"),
        (
            "execution.memory_mb etc.",
            "the function's configuration (ListFunctions): memory, architecture, "
            "ephemeral storage, runtime",
        ),
    ]
    if "duration_p99_ms" in execution:
        built.sources.append(("execution.duration_p99_ms", _describe(queries["p99"], window)))
    if inits:
        top = inits[max(math.ceil(0.99 * len(inits)) - 1, 0)]
        built.sources.append(
            (
                "execution.init_ms",
                f"the mean Init Duration of {len(inits):,} REPORT log lines (Logs Insights, the "
                f"latest up to 10,000 in the window; their p99: {top:,.2f} ms)",
            )
        )
    elif init_times is None:
        built.unread.append("execution.init_ms: not read (--init-durations reads the logs)")
    else:
        built.unread.append("execution.init_ms: no REPORT line with an Init Duration")
    if function.provisioned:
        built.sources.append(
            ("lambda.provisioned_concurrency", "ListProvisionedConcurrencyConfigs, allocated")
        )
    built.sources.append(("entry", _entry_reason(entry, found, doors)))

    for role, label_ in (
        ("concurrency", "ConcurrentExecutions Maximum"),
        ("errors", "Errors Sum"),
        ("throttles", "Throttles Sum"),
    ):
        value = _single(results, queries[role])
        if value is not None:
            built.also.append(f"{label_} over the window: {value:,.0f}")
    built.also.append(f"timeout: {function.timeout_s} s; package: {function.package_type}")
    built.also.append(f"SnapStart: {function.snapstart}")
    if function.code_size_bytes:
        built.also.append(f"code size (zipped): {function.code_size_bytes / 1024:,.0f} KB")
    for d in found:
        if d.entry is None:
            built.also.append(
                f"invoked from {plain(d.via)} (this version's workload file has no queue entry)"
            )
    if runtime_note:
        built.also.append(runtime_note)
    if function.memory_mb > LAMBDA_MAX_MEMORY_MB:
        built.also.append(f"memory {function.memory_mb} MB is above Lambda's limit")

    for role, what in (
        ("p99", "execution.duration_p99_ms"),
        ("concurrency", "peak concurrency"),
        ("errors", "errors"),
        ("throttles", "throttles"),
    ):
        note = _unread(queries[role], results, what)
        if note:
            built.unread.append(note)
    built.unread += function.notes
    built.unread += [f"front doors: {u}" for u in doors.unread]
    built.unread += [f"execution.init_ms: {u}" for u in init_times.unread] if init_times else []
    built.unread.append(
        "in-hour peaks: only hourly sums are read, so peak_rps is left to the pattern"
    )
    _current(
        built, "lambda", _lambda_cost(document, catalog), "advisor's Lambda price of this file"
    )
    return built


def _lambda_cost(document: dict[str, Any], catalog: Catalog) -> Decimal | None:
    from advisor.discover.cost import lambda_cost
    from advisor.models.workload import Workload

    try:
        workload = Workload.model_validate(document)
    except ValueError:
        return None
    return lambda_cost(workload, catalog)


def _current(built: Built, platform: str, cost: Decimal | None, how: str) -> None:
    current: dict[str, Any] = {"platform": platform}
    if cost is not None:
        current["monthly_cost_usd"] = float(cost)
        built.sources.append(("current.monthly_cost_usd", f"{how}, at list price"))
    else:
        built.unread.append(f"current.monthly_cost_usd: not priced ({how} unavailable)")
    built.document["current"] = current


def _pattern_reason(shape: profile.Shape) -> str:
    mean = shape.total / shape.hours
    return (
        f"{shape.pattern}: busiest hour {shape.peak_hour:,.0f} requests, "
        f"{shape.peak_hour / mean:.1f}x the mean hour; requests in "
        f"{shape.active_share:.0%} of the hours"
    )


def _entry_reason(entry: str | None, found: list[Any], doors: Doors) -> str:
    if entry is not None:
        others = [plain(d.via) for d in found]
        return f"{entry}: " + "; ".join(others)
    if found:
        return "none: only event sources invoke it"
    if doors.unread:
        return "not found (some sources unread); left to the default (API Gateway HTTP)"
    return "no front door found; left to the default (API Gateway HTTP)"


def build_service(
    service: Service,
    queries: dict[str, Query],
    results: Results,
    window: Window,
    catalog: Catalog,
    today: dt.date,
    stem: str,
) -> Built | Skipped:
    """The workload document of one ECS service, or why there is none."""
    label = f"ecs {service.region}/{service.cluster}/{service.name}"
    if not service.target_groups:
        return Skipped(label, "no metrics: no load balancer in front, so no request count", False)
    request_roles = [r for r in queries if r.startswith("requests")]
    if not request_roles:
        return Skipped(label, "no metrics: its target groups are on no load balancer")
    counts: list[float] = [0.0] * window.hours
    weighted: list[float | None] = [None] * window.hours
    failures = []
    for role in request_roles:
        number = role.removeprefix("requests")
        values = results.values(queries[role].id)
        times = results.values(queries[f"time{number}"].id) or []
        if values is None:
            failures.append(results.failed.get(queries[role].id, "not read"))
            continue
        for hour, value in enumerate(values):
            counts[hour] += value or 0.0
            if value and hour < len(times) and times[hour] is not None:
                weighted[hour] = (weighted[hour] or 0.0) + value * (times[hour] or 0.0)
    shape = profile.shape_of(counts, window.start, has_front_door=True)
    if shape is None:
        if failures:
            return Skipped(label, f"no metrics: {failures[0]}")
        return Skipped(label, f"no metrics: no RequestCount in {window.describe()}", False)
    total_weighted = sum(w for w in weighted if w is not None)
    weighted_requests = sum(c for c, w in zip(counts, weighted, strict=True) if w is not None)
    if weighted_requests <= 0 or total_weighted <= 0:
        return Skipped(label, "no metrics: TargetResponseTime Average has no data points")
    mean_ms = total_weighted / weighted_requests * 1000
    if service.cpu_units is None or service.memory_mb is None:
        return Skipped(label, "its task definition sizes neither the task nor its containers")

    name = f"{service.cluster}-{service.name}"
    built = Built(name, stem, {})
    vcpu = service.cpu_units / 1024
    memory_gb = service.memory_mb / 1024
    execution: dict[str, Any] = {
        "duration_ms": round(mean_ms, 2),
        "memory_mb": min(max(service.memory_mb, LAMBDA_MIN_MEMORY_MB), LAMBDA_MAX_MEMORY_MB),
        "architecture": service.architecture,
    }
    p99s = [_single(results, queries[r]) for r in queries if r.startswith("p99_")]
    p99 = max((p for p in p99s if p), default=None)
    if p99:
        execution["duration_p99_ms"] = round(p99 * 1000, 2)
    built.document = {
        "version": 1,
        "name": name,
        "description": f"ECS service {service.name} of cluster {service.cluster} "
        f"({service.launch_type}) in {service.region}, read by advisor discover on "
        f"{today.isoformat()}",
        "region": service.region,
        "traffic": {
            "monthly_requests": max(1, round(shape.monthly_requests)),
            "pattern": shape.pattern,
            "hourly_profile": [_number(v) for v in shape.profile],
        },
        "execution": execution,
        "container": {"vcpu": _number(vcpu), "memory_gb": _number(memory_gb)},
        "entry": "alb",
    }
    groups = ", ".join(plain(g.name) for g in service.target_groups)
    request_q = queries[request_roles[0]]
    built.sources += [
        (
            "traffic.monthly_requests",
            f"{_describe(request_q, window)} (target groups {groups}): "
            f"{shape.total:,.0f} in {shape.hours} h, x 730/{shape.hours}",
        ),
        ("traffic.hourly_profile", "the same hourly sums, mean per hour of the week or day (UTC)"),
        ("traffic.pattern", _pattern_reason(shape)),
        (
            "execution.duration_ms",
            "AWS/ApplicationELB TargetResponseTime, Average, hourly, weighted by requests",
        ),
        (
            "execution.memory_mb",
            f"the task definition {plain(service.task_definition)}: {service.memory_mb} MB"
            + (" (capped at Lambda's 10,240)" if service.memory_mb > LAMBDA_MAX_MEMORY_MB else ""),
        ),
        ("container.vcpu, memory_gb", f"the task definition: {service.cpu_units} CPU units"),
        ("entry", f"alb: the service's load balancer ({groups})"),
    ]
    if p99:
        built.sources.append(
            ("execution.duration_p99_ms", "AWS/ApplicationELB TargetResponseTime, p99, window")
        )
    built.also.append(
        f"tasks: {service.desired} desired, {service.running} running; "
        f"launch type {service.launch_type}"
    )
    for role, what in (
        ("cpu", "CPUUtilization Average"),
        ("cpu_max", "CPUUtilization Maximum"),
        ("memory", "MemoryUtilization Average"),
        ("memory_max", "MemoryUtilization Maximum"),
    ):
        value = _single(results, queries[role])
        if value is not None:
            built.also.append(f"{what} over the window: {value:.1f} %")
        note = _unread(queries[role], results, what)
        if note:
            built.unread.append(note)
    for role in queries:
        if role.startswith("p99_"):
            note = _unread(queries[role], results, "execution.duration_p99_ms")
            if note:
                built.unread.append(note)
    built.unread += [f"RequestCount: {f}" for f in failures]
    built.unread += service.notes
    built.unread.append("container.concurrency: not read; the default (10) applies")

    tasks = service.running or service.desired
    if service.platform == "fargate":
        from advisor.discover.cost import fargate_cost

        cost = fargate_cost(service.region, service.architecture, vcpu, memory_gb, tasks, catalog)
        how = f"{tasks} Fargate tasks x 730 h (compute only; load balancer not included)"
        if not service.running:
            how += "; no task running, so the desired count"
        _current(built, "fargate", cost, how)
    else:
        built.document["current"] = {"platform": "ec2"}
        built.unread.append(
            "current.monthly_cost_usd: EC2 launch type; the cluster's instances are not read"
        )
    return built
