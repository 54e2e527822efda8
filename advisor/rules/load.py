"""Traffic shape: steady high load, idle capacity, scheduled jobs and bursts."""

from __future__ import annotations

from advisor.models.report import Severity
from advisor.models.workload import Pattern
from advisor.numerals import milliseconds, multiple, number, rate, share, significant, span, whole
from advisor.rules.base import Context, Hit, rule

BUSY = 0.5
IDLE = 0.2
BURST_RATIO = 3.0


@rule("ADV401", "steady-high-load", favours=("fargate", "ec2"))
def steady_high_load(ctx: Context) -> list[Hit]:
    """Steady, high load keeps containers busy; busy capacity beats per-request billing.

    Fires when traffic is steady or diurnal, the load needs more Fargate tasks than the
    availability floor, and those tasks are at least 50 % busy. Lambda bills every request's full
    duration; a container serves many requests at once on capacity that is paid for anyway.
    A reason for a Fargate or EC2 verdict; beside a Lambda verdict, another finding.
    """
    fargate = ctx.options.get("fargate")
    if fargate is None or ctx.demand.pattern not in (Pattern.STEADY, Pattern.DIURNAL):
        return []
    used = fargate.sizing.get("utilization", 0.0)
    duration_s = ctx.workload.execution.duration_ms / 1000
    if used < BUSY or fargate.sizing["tasks_mean"] <= ctx.shape.min_tasks:
        return []
    sizing = fargate.sizing
    tasks = span(sizing["tasks_min"], sizing["tasks_max"], "Fargate task")
    if whole(sizing["tasks_min"]) != whole(sizing["tasks_max"]):
        tasks += f" ({significant(sizing['tasks_mean'])} on average)"
    message = (
        f"Mean concurrency {significant(ctx.demand.average_rps * duration_s)} keeps {tasks} "
        f"{used * 100:.0f} % busy ({rate(ctx.demand.average_rps)} around the clock)."
    )
    return [Hit("ADV401", Severity.INFO, message)]


@rule("ADV402", "idle-capacity", favours=("lambda",))
def idle_capacity(ctx: Context) -> list[Hit]:
    """Low or intermittent load leaves containers idle, and idle capacity is still billed.

    Fires when the Fargate tasks held (at least the availability floor) would be busy less than
    20 % of the time. Lambda bills only for requests and their duration, so it scales to zero with
    the traffic. A reason for a Lambda verdict; beside a container verdict, another finding.
    """
    fargate = ctx.options.get("fargate")
    if fargate is None or ctx.demand.pattern is Pattern.SCHEDULED:
        return []
    used = fargate.sizing.get("utilization", 1.0)
    if used >= IDLE:
        return []
    sizing = fargate.sizing
    message = (
        f"Fargate would hold {span(sizing['tasks_min'], sizing['tasks_max'], 'task')} that are "
        f"{share(1 - used)} idle ({rate(ctx.demand.average_rps)} on average)."
    )
    return [Hit("ADV402", Severity.INFO, message)]


@rule("ADV403", "scheduled-job", favours=("lambda", "fargate"))
def scheduled_job(ctx: Context) -> list[Hit]:
    """A scheduled job is busy for a small share of the month.

    Fires for `pattern: scheduled`. Each run is one Lambda invocation, one Fargate task or one EC2
    instance launched for the run, so no option pays for the idle time between runs; a server kept
    up for the job would sit idle the rest of the month. A reason for a Lambda or Fargate
    verdict (paid per run); beside an EC2 verdict, another finding.
    """
    if ctx.demand.pattern is not Pattern.SCHEDULED:
        return []
    runs = ctx.demand.monthly_requests
    duration_ms = ctx.workload.execution.duration_ms
    busy_hours = runs * duration_ms / 3_600_000
    used = busy_hours / 730
    message = (
        f"{number(runs)} runs a month of {milliseconds(duration_ms)}: busy "
        f"{significant(busy_hours)} of 730 hours ({share(used)}); a server kept for it would "
        f"idle {share(1 - used)} of the month."
    )
    return [Hit("ADV403", Severity.INFO, message)]


@rule("ADV404", "bursts", favours=("lambda",))
def bursts(ctx: Context) -> list[Hit]:
    """Bursts far above the mean must be met by standing capacity or fast scaling.

    Fires when the peak rate within an hour is at least 3x that hour's mean. Containers follow a
    burst only if it lasts longer than the scale-out lag (`container.scale_out_lag_s`, Fargate
    about a minute); shorter bursts are covered by capacity held all hour. Lambda adds
    environments within seconds, each starting cold. A reason for a Lambda verdict; beside a
    container verdict, another finding.
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
    burst = milliseconds(demand.burst_duration_s * 1000)
    if demand.burst_duration_s <= lag:
        how = (
            f"bursts of {burst} are over within the {milliseconds(lag * 1000)} scale-out lag, so "
            "containers hold capacity for the peak all hour"
        )
    else:
        how = f"bursts of {burst} outlast the {milliseconds(lag * 1000)} scale-out lag"
    message = (
        f"Bursts reach {rate(busiest.peak_rps)}, {multiple(ratio)} the hour's mean of "
        f"{rate(busiest.rps)}; {how}."
    )
    return [Hit("ADV404", Severity.INFO, message)]
