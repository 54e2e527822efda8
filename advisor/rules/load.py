"""Traffic shape: steady high load, idle capacity, scheduled jobs and bursts."""

from __future__ import annotations

import math

from advisor.models.report import Severity
from advisor.models.workload import Pattern
from advisor.platforms.containers import COOLDOWN_S, lambda_vcpu
from advisor.rules.base import Context, Hit, fmt, rule

BUSY = 0.5
IDLE = 0.2
BURST_RATIO = 3.0


@rule("ADV401", "steady-high-load")
def steady_high_load(ctx: Context) -> list[Hit]:
    """Steady, high load keeps containers busy; busy capacity beats per-request billing.

    Fires when traffic is steady or diurnal, the load needs more Fargate tasks than the
    availability floor, and those tasks are at least 50 % busy. Lambda bills every request's full
    duration; a container serves many requests at once on capacity that is paid for anyway.
    """
    fargate = ctx.options.get("fargate")
    if fargate is None or ctx.demand.pattern not in (Pattern.STEADY, Pattern.DIURNAL):
        return []
    used = fargate.sizing.get("utilization", 0.0)
    duration_s = ctx.workload.execution.duration_ms / 1000
    if used < BUSY or fargate.sizing["tasks_mean"] <= ctx.shape.min_tasks:
        return []
    message = (
        f"Mean concurrency {fmt(ctx.demand.average_rps * duration_s, 1)}"
        f" keeps {fmt(fargate.sizing['tasks_mean'], 1)} Fargate tasks {used * 100:.0f} % busy "
        f"({fmt(ctx.demand.average_rps, 1)} req/s around the clock)."
    )
    return [Hit("ADV401", Severity.INFO, message)]


@rule("ADV402", "idle-capacity")
def idle_capacity(ctx: Context) -> list[Hit]:
    """Low or intermittent load leaves containers idle, and idle capacity is still billed.

    Fires when the Fargate tasks held (at least the availability floor) would be busy less than
    20 % of the time. Lambda bills only for requests and their duration, so it scales to zero with
    the traffic.
    """
    fargate = ctx.options.get("fargate")
    if fargate is None or ctx.demand.pattern is Pattern.SCHEDULED:
        return []
    used = fargate.sizing.get("utilization", 1.0)
    if used >= IDLE:
        return []
    message = (
        f"Fargate would hold {fmt(fargate.sizing['tasks_mean'], 1)} tasks on average that are "
        f"{(1 - used) * 100:.1f} % idle ({fmt(ctx.demand.average_rps, 2)} req/s on average)."
    )
    return [Hit("ADV402", Severity.INFO, message)]


@rule("ADV403", "scheduled-job")
def scheduled_job(ctx: Context) -> list[Hit]:
    """A scheduled job: runs launched one at a time, or a pool of workers when runs come often.

    Fires for `pattern: scheduled`. Lambda bills each run as one invocation. Containers launch a
    task or instance for each run (Fargate bills at least a minute, EC2 adds the boot) unless a
    pool of long-lived workers costs less: runs that come faster than a machine starts, or that
    overlap, are taken by workers that stay up. The finding gives the runs a day and how the
    containers serve them.
    """
    if ctx.demand.pattern is not Pattern.SCHEDULED:
        return []
    runs = ctx.demand.monthly_requests
    minutes = ctx.workload.execution.duration_ms / 60000
    busy_hours = runs * minutes / 60
    per_day = runs / 730 * 24
    fargate = ctx.options.get("fargate")
    if fargate is not None and fargate.sizing.get("worker_pool"):
        tasks = fargate.sizing["tasks_mean"]
        used = fargate.sizing.get("utilization", 0.0)
        how = (
            f"runs come too often to start a task for each, so a pool of {fmt(tasks, 1)} "
            f"Fargate workers on average takes them, {used * 100:.0f} % busy"
        )
    else:
        share = min(busy_hours / 730, 1.0)
        how = (
            f"busy {fmt(busy_hours, 1)} of 730 hours ({share * 100:.2f} %), so a task or "
            "instance is started for each run"
        )
    length = f"{fmt(minutes, 1)} min" if minutes >= 1 else f"{fmt(minutes * 60, 1)} s"
    message = f"{fmt(per_day, 1)} runs a day of {length}: {how}."
    return [Hit("ADV403", Severity.INFO, message)]


@rule("ADV404", "bursts")
def bursts(ctx: Context) -> list[Hit]:
    """Bursts far above the mean must be met by standing capacity or fast scaling.

    Fires when the peak rate within an hour is at least 3x that hour's mean. Containers add
    capacity for a burst after the scale-out lag (`container.scale_out_lag_s`, Fargate about a
    minute) and keep it until the cooldown ends (300 s), so the extra tasks are paid for that
    long per burst, as often as bursts come (`traffic.bursts_per_day`); until they arrive, the
    standing tasks serve the burst (ADV405 says when they cannot keep up). Lambda adds
    environments within seconds, each starting cold.
    """
    demand = ctx.demand
    if demand.pattern is Pattern.SCHEDULED:
        return []
    ratios = [b.peak_rps / b.rps if b.rps else 0.0 for b in demand.buckets]
    ratio = max(ratios)
    busiest = demand.buckets[ratios.index(ratio)]  # the first of the busiest hours
    if ratio < BURST_RATIO:
        return []
    lag = ctx.workload.container.scale_out_lag_s
    held = max(0.0, demand.burst_duration_s - lag) + COOLDOWN_S
    message = (
        f"Bursts reach {fmt(busiest.peak_rps, 1)} req/s, {ratio:.0f}x the hour's mean of "
        f"{fmt(busiest.rps, 2)} req/s, {fmt(demand.bursts_per_hour * 24, 1)} a day of "
        f"{fmt(demand.burst_duration_s)} s; containers add tasks for each after the {fmt(lag)} s "
        f"scale-out lag and keep them {fmt(held)} s."
    )
    return [Hit("ADV404", Severity.INFO, message)]


@rule("ADV405", "burst-backlog")
def burst_backlog(ctx: Context) -> list[Hit]:
    """The standing tasks must carry a burst until new ones arrive.

    Fires when, in the burstiest hour, the tasks held for the hour's mean (at full use) serve
    fewer requests a second than the burst's peak. Until the scale-out lag has passed (or the
    burst has ended) the excess queues; the finding gives how long the last of those requests
    waits: the backlog worked off by the standing tasks, or, sooner, by the burst's tasks once
    they arrive after the lag. Against a latency target it is a warning, else information.
    Raise `container.min_tasks`, or let Lambda take the bursts.
    """
    demand, shape = ctx.demand, ctx.shape
    if demand.pattern is Pattern.SCHEDULED or "fargate" not in ctx.options:
        return []
    duration_s = ctx.workload.execution.duration_ms / 1000
    per_rps = shape.units_per_rps(duration_s)
    factor = per_rps / shape.utilization
    worst, worst_wait = None, 0.0
    for bucket in demand.buckets:
        standing = max(shape.min_tasks, math.ceil(bucket.rps * factor - 1e-9))
        capacity = standing / per_rps  # requests a second at full use
        if bucket.peak_rps <= capacity or capacity <= 0:
            continue
        lag = ctx.workload.container.scale_out_lag_s
        window = min(demand.burst_duration_s, lag)
        backlog = (bucket.peak_rps - capacity) * window
        at_peak = math.ceil(bucket.peak_rps * factor - 1e-9) / per_rps
        wait = min(backlog / capacity, lag + backlog / at_peak)
        if wait > worst_wait:
            worst, worst_wait = (bucket, standing, capacity), wait
    if worst is None:
        return []
    bucket, standing, capacity = worst
    target = ctx.workload.requirements.latency_p99_ms
    late = target is not None and worst_wait * 1000 + duration_s * 1000 > target
    message = (
        f"A burst of {fmt(bucket.peak_rps, 1)} req/s outruns the {fmt(standing)} standing "
        f"Fargate tasks ({fmt(capacity, 1)} req/s at full use) until new tasks arrive: requests "
        f"queue for up to {fmt(worst_wait, 1)} s"
        + (f", past the {fmt(target)} ms target." if late and target else ".")
    )
    return [Hit("ADV405", Severity.WARNING if late else Severity.INFO, message, "fargate")]


@rule("ADV406", "container-cpu-share")
def container_cpu_share(ctx: Context) -> list[Hit]:
    """A full task may give each request less CPU than Lambda did.

    Lambda gives a function memory_mb / 1,769 vCPU for each request. A task shares its vCPU
    among the requests it holds at once; when that share is smaller, requests that use more CPU
    than `execution.cpu_ms` run slower than on Lambda. The task count is sized for cpu_ms, so
    throughput holds; set `container.concurrency` or `execution.cpu_ms` to what the code needs.
    """
    if "fargate" not in ctx.options and "ec2" not in ctx.options:
        return []
    shape = ctx.shape
    duration_s = ctx.workload.execution.duration_ms / 1000
    lambda_share = min(1.0, lambda_vcpu(ctx.workload.execution.memory_mb))
    share = shape.vcpu / shape.in_flight_per_task(duration_s)
    if share >= lambda_share * 0.999:
        return []
    message = (
        f"A full task gives each request {share:.2f} vCPU where Lambda at "
        f"{ctx.workload.execution.memory_mb:,} MB gives it {lambda_share:.2f}; sized for "
        f"{fmt(shape.cpu_s * 1000, 1)} ms of CPU a request."
    )
    return [Hit("ADV406", Severity.INFO, message)]
