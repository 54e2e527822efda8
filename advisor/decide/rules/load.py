"""Traffic shape: steady high load, idle capacity, scheduled jobs and bursts."""

from __future__ import annotations

import math
from collections.abc import Callable

from advisor.decide.rules.base import Context, Hit, rule
from advisor.models.report import Severity
from advisor.models.sizing import Ec2Sizing, FargateSizing
from advisor.models.workload import HOURS_PER_MONTH, Pattern
from advisor.numerals import milliseconds, multiple, number, rate, share, significant, span, whole
from advisor.pricing.containers import COOLDOWN_S, container_demand, lambda_vcpu, queue_delay_s
from advisor.pricing.ec2 import fleet_floor, task_share

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
    sizing = fargate.sizing
    if not isinstance(sizing, FargateSizing) or sizing.utilization is None:
        return []
    used = sizing.utilization
    duration_s = ctx.workload.execution.duration_ms / 1000
    if used < BUSY or sizing.tasks_mean <= ctx.shape.min_tasks:
        return []
    tasks = span(sizing.tasks_min, sizing.tasks_max, "Fargate task")
    if whole(sizing.tasks_min) != whole(sizing.tasks_max):
        tasks += f" ({significant(sizing.tasks_mean)} on average)"
    message = (
        f"Mean concurrency {significant(ctx.demand.average_rps * duration_s)} keeps {tasks} "
        f"{used * 100:.0f} % busy ({rate(ctx.demand.average_rps)} around the clock)."
    )
    return [Hit("ADV401", Severity.INFO, message)]


@rule("ADV402", "idle-capacity", favours=("lambda",))
def idle_capacity(ctx: Context) -> list[Hit]:
    """Low or intermittent load leaves containers idle, and idle capacity is still billed.

    Fires when the Fargate tasks held (at least the availability floor) would be busy less than
    20 % of the time, and says when the floor (`container.min_tasks`), not the load, holds them.
    Lambda bills only for requests and their duration, so it scales to zero with the traffic. A
    reason for a Lambda verdict; beside a container verdict, another finding.
    """
    fargate = ctx.options.get("fargate")
    if fargate is None or ctx.demand.pattern is Pattern.SCHEDULED:
        return []
    sizing = fargate.sizing
    if not isinstance(sizing, FargateSizing) or sizing.utilization is None:
        return []
    used = sizing.utilization
    if used >= IDLE:
        return []
    floor = ctx.shape.min_tasks
    why = ""
    if floor and whole(sizing.tasks_min) <= floor:
        which = "them" if whole(sizing.tasks_max) <= floor else "the standing ones"
        if whole(sizing.tasks_max) == 1:
            which = "it"
        zones = ", one per zone" if floor >= 2 else ""
        why = (
            f"; the availability floor of {floor} (container.min_tasks{zones}) holds "
            f"{which}, not the load"
        )
    ec2 = ctx.options.get("ec2")
    fleet = ec2.sizing if ec2 is not None else None
    if isinstance(fleet, Ec2Sizing) and fleet.utilization < IDLE:
        instances = span(fleet.instances_min, fleet.instances_max, "instance")
        why += (
            f"; EC2's {instances} of {fleet.instance_type} would be "
            f"{share(1 - fleet.utilization)} idle"
        )
    message = (
        f"Fargate would hold {span(sizing.tasks_min, sizing.tasks_max, 'task')} that "
        f"{'is' if whole(sizing.tasks_max) == 1 else 'are'} "
        f"{share(1 - used)} idle ({rate(ctx.demand.average_rps)} on average){why}."
    )
    return [Hit("ADV402", Severity.INFO, message)]


@rule("ADV403", "scheduled-job", favours=("lambda", "fargate"))
def scheduled_job(ctx: Context) -> list[Hit]:
    """A scheduled job: runs launched one at a time, or a pool of workers when runs come often.

    Fires for `pattern: scheduled`. Lambda bills each run as one invocation. Containers launch a
    task or instance for each run (Fargate bills at least a minute, EC2 adds the boot) unless a
    pool of long-lived workers costs less: runs that come faster than a machine starts, or that
    overlap, are taken by workers that stay up. The finding gives the runs a day and how the
    containers serve them. A reason for a Lambda or Fargate verdict (paid per run or per busy
    worker); beside an EC2 verdict, another finding.
    """
    if ctx.demand.pattern is not Pattern.SCHEDULED:
        return []
    runs = ctx.demand.monthly_requests
    duration_ms = ctx.workload.execution.duration_ms
    busy_hours = runs * duration_ms / 3_600_000
    fargate = ctx.options.get("fargate")
    sizing = fargate.sizing if fargate is not None else None
    if isinstance(sizing, FargateSizing) and sizing.worker_pool:
        workers = span(sizing.tasks_min, sizing.tasks_max, "Fargate worker")
        how = (
            f"runs come too often to start a task for each, so {workers} kept up take them, "
            f"{share(sizing.utilization or 0.0)} busy"
        )
    else:
        used = min(busy_hours / 730, 1.0)
        how = (
            f"busy {significant(busy_hours)} of 730 hours ({share(used)}), so a task or "
            "instance is started for each run"
        )
    message = f"{cadence(runs)} of {milliseconds(duration_ms)}: {how}."
    return [Hit("ADV403", Severity.INFO, message)]


def cadence(runs_a_month: float) -> str:
    """`1,440 runs a day`, or for a few a day `30 runs a month (about 1 a day)`: a 730-hour month
    makes a daily job 0.986 runs a day, which no one schedules."""
    per_day = runs_a_month / 730 * 24
    if per_day >= 10:
        return f"{number(per_day)} runs a day"
    about = f" (about {number(round(per_day))} a day)" if per_day >= 0.5 else ""
    return f"{number(runs_a_month)} runs a month{about}"


@rule("ADV404", "bursts", favours=("lambda",))
def bursts(ctx: Context) -> list[Hit]:
    """Bursts far above the mean must be met by standing capacity or fast scaling.

    Fires when the peak rate within an hour is at least 3x that hour's mean. Containers add
    capacity for a burst after the scale-out lag (`container.scale_out_lag_s`, Fargate about a
    minute) and keep it until the cooldown ends (300 s), so the extra tasks are paid for that
    long per burst, as often as bursts come (`traffic.bursts_per_day`); until they arrive, the
    standing tasks serve the burst (ADV405 says when they cannot keep up). Lambda adds
    environments within seconds, each starting cold. Behind a queue the finding says instead
    what the containers are sized for: the burst worked off within the allowed delay. A reason
    for a Lambda verdict; beside a container verdict, another finding.
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
    seen = (
        f"Bursts reach {rate(busiest.peak_rps)}, {multiple(ratio)} the hour's mean of "
        f"{rate(busiest.rps)}, {number(demand.bursts_per_hour * 24)} a day of "
        f"{milliseconds(demand.burst_duration_s * 1000)}"
    )
    delay = queue_delay_s(ctx.workload)
    if delay is not None:
        smoothed = container_demand(ctx.workload, demand).buckets[ratios.index(ratio)]
        message = (
            f"{seen}; the queue holds them, so containers are sized to work each burst off "
            f"within the allowed {milliseconds(delay * 1000)} (for {rate(smoothed.peak_rps)}, "
            f"not {rate(busiest.peak_rps)})."
        )
        return [Hit("ADV404", Severity.INFO, message)]
    message = (
        f"{seen}; containers add tasks for each after the {milliseconds(lag * 1000)} scale-out "
        f"lag and keep them {milliseconds(held * 1000)}."
    )
    return [Hit("ADV404", Severity.INFO, message)]


@rule("ADV409", "bursts-beyond-the-volume")
def bursts_beyond_the_volume(ctx: Context) -> list[Hit]:
    """Bursts as described carry more requests than the month's volume.

    Fires for `pattern: bursty` with a `peak_rps` when `peak_rps` x `burst_duration_s` x
    `bursts_per_day` over a 730-hour month is more than the month's requests (the defaults, 60 s
    bursts 24 times a day, count when the file leaves them out). The bill counts the month's
    requests, while the containers are sized for bursts that would carry more: the file
    contradicts itself. Lower `peak_rps`, `burst_duration_s` or `bursts_per_day`, or raise the
    volume.
    """
    traffic = ctx.workload.traffic
    if traffic.pattern is not Pattern.BURSTY or traffic.peak_rps is None:
        return []
    days = HOURS_PER_MONTH / 24
    bursts = traffic.peak_rps * traffic.burst_duration_s * traffic.bursts_per_day * days
    monthly = traffic.requests_per_month
    if bursts <= monthly:
        return []
    message = (
        f"Bursts of {rate(traffic.peak_rps)} for {milliseconds(traffic.burst_duration_s * 1000)}"
        f", {number(traffic.bursts_per_day)} a day, carry {number(bursts)} requests a month on "
        f"their own, {multiple(bursts / monthly)} the {number(monthly)} the file gives: the bill "
        "counts the month's requests, the containers are sized for the bursts. Lower peak_rps, "
        "burst_duration_s or bursts_per_day, or raise the volume."
    )
    return [Hit("ADV409", Severity.WARNING, message)]


@rule("ADV405", "burst-backlog", favours=("lambda",))
def burst_backlog(ctx: Context) -> list[Hit]:
    """The standing tasks or instances must carry a burst until new ones arrive.

    Fires, for Fargate and for EC2, when in the burstiest hour the tasks (or instances) held for
    the hour's mean (at full use) serve fewer requests a second than the burst's peak. Until
    the scale-out lag has passed (`container.scale_out_lag_s`, 60 s by default, for a task;
    `ec2.scale_out_lag_s`, 180 s, for an instance) or the burst has ended, the excess queues;
    the finding gives how long the last of those requests waits: the backlog worked off by the
    standing capacity, or, sooner, by the burst's once it arrives after the lag. Against a
    latency target it is a warning, else information. Raise `container.min_tasks` or
    `ec2.min_instances`, or let Lambda take the bursts. Behind a queue (`entry: queue`) it does
    not fire: the containers are sized to work a burst off within
    `requirements.max_queue_delay_s`.
    """
    demand, shape, workload = ctx.demand, ctx.shape, ctx.workload
    if demand.pattern is Pattern.SCHEDULED or queue_delay_s(workload) is not None:
        return []  # behind a queue, containers are sized to work a burst off within the delay
    duration_s = workload.execution.duration_ms / 1000
    per_rps = shape.units_per_rps(duration_s)  # tasks busy per request a second
    factor = per_rps / shape.utilization
    hits = []
    if "fargate" in ctx.options:
        hits += _backlog(
            ctx, "fargate", "Fargate tasks", "tasks", workload.container.scale_out_lag_s,
            lambda rps: max(shape.min_tasks, math.ceil(rps * factor - 1e-9)), per_rps,
        )  # fmt: skip
    fleet = ctx.options["ec2"].sizing if "ec2" in ctx.options else None
    if isinstance(fleet, Ec2Sizing):
        # the share of an instance one task takes, as the fleet search packs them
        task = task_share(
            shape.vcpu, shape.memory_gb, fleet.instance_vcpu, fleet.instance_memory_gib
        )
        floor = fleet_floor(workload, demand)
        hits += _backlog(
            ctx, "ec2", f"EC2 instances of {fleet.instance_type}", "instances",
            workload.ec2.scale_out_lag_s,
            lambda rps: max(floor, math.ceil(rps * factor * task - 1e-9)), per_rps * task,
        )  # fmt: skip
    return hits


def _backlog(
    ctx: Context,
    key: str,
    what: str,
    noun: str,
    lag: float,
    held: Callable[[float], int],
    per_rps: float,
) -> list[Hit]:
    """ADV405 for one option: `held(rps)`, the units (tasks or instances) held for a rate;
    `per_rps`, the units one request a second keeps fully busy."""
    demand = ctx.demand
    worst, worst_wait = None, 0.0
    for bucket in demand.buckets:
        standing = held(bucket.rps)
        capacity = standing / per_rps  # requests a second at full use
        if bucket.peak_rps <= capacity or capacity <= 0:
            continue
        backlog = (bucket.peak_rps - capacity) * min(demand.burst_duration_s, lag)
        at_peak = held(bucket.peak_rps) / per_rps
        wait = min(backlog / capacity, lag + backlog / at_peak)
        if wait > worst_wait:
            worst, worst_wait = (bucket, standing, capacity), wait
    if worst is None:
        return []
    bucket, standing, capacity = worst
    duration_s = ctx.workload.execution.duration_ms / 1000
    target = ctx.workload.requirements.latency_p99_ms
    late = target is not None and (worst_wait + duration_s) * 1000 > target
    message = (
        f"A burst of {rate(bucket.peak_rps)} outruns the {standing:,} standing {what} "
        f"({rate(capacity)} at full use) until new {noun} arrive: requests queue for up to "
        f"{milliseconds(worst_wait * 1000)}"
        + (f", past the {milliseconds(target)} target." if late and target else ".")
    )
    return [Hit("ADV405", Severity.WARNING if late else Severity.INFO, message, key)]


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
    task_share = shape.vcpu / shape.in_flight_per_task(duration_s)
    if task_share >= lambda_share * 0.999:
        return []
    message = (
        f"A full task gives each request {significant(task_share)} vCPU where Lambda at "
        f"{ctx.workload.execution.memory_mb:,} MB gives it {significant(lambda_share)}; sized "
        f"for {milliseconds(shape.cpu_s * 1000)} of CPU a request."
    )
    return [Hit("ADV406", Severity.INFO, message)]
