"""Traffic shape: steady high load, idle capacity, scheduled jobs and bursts."""

from __future__ import annotations

from advisor.models.report import Severity
from advisor.models.workload import Pattern
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
    """A scheduled job is busy for a small share of the month.

    Fires for `pattern: scheduled`. Each run is one Lambda invocation, one Fargate task or one EC2
    instance launched for the run, so no option pays for the idle time between runs; a server kept
    up for the job would sit idle the rest of the month.
    """
    if ctx.demand.pattern is not Pattern.SCHEDULED:
        return []
    runs = ctx.demand.monthly_requests
    minutes = ctx.workload.execution.duration_ms / 60000
    busy_hours = runs * minutes / 60
    share = busy_hours / 730
    message = (
        f"{fmt(runs)} runs a month of {fmt(minutes, 1)} min: busy {fmt(busy_hours, 1)} of 730 "
        f"hours ({share * 100:.2f} %); a server kept for it would idle "
        f"{(1 - share) * 100:.2f} % of the month."
    )
    return [Hit("ADV403", Severity.INFO, message)]


@rule("ADV404", "bursts")
def bursts(ctx: Context) -> list[Hit]:
    """Bursts far above the mean must be met by standing capacity or fast scaling.

    Fires when the peak rate within an hour is at least 3x that hour's mean. Containers follow a
    burst only if it lasts longer than the scale-out lag (`container.scale_out_lag_s`, Fargate
    about a minute); shorter bursts are covered by capacity held all hour. Lambda adds
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
    if demand.burst_duration_s <= lag:
        how = (
            f"bursts of {fmt(demand.burst_duration_s)} s are over within the {fmt(lag)} s "
            "scale-out lag, so containers hold capacity for the peak all hour"
        )
    else:
        how = f"bursts of {fmt(demand.burst_duration_s)} s outlast the {fmt(lag)} s scale-out lag"
    message = (
        f"Bursts reach {fmt(busiest.peak_rps, 1)} req/s, {ratio:.0f}x the hour's mean of "
        f"{fmt(busiest.rps, 2)} req/s; {how}."
    )
    return [Hit("ADV404", Severity.INFO, message)]
