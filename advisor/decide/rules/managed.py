"""Lambda Managed Instances: where the region cannot price them, bursts its scaling cannot
follow, an idle floor of instances, and where they beat both Lambda and containers."""

from __future__ import annotations

import math

from advisor.decide.rules.base import Context, Hit, is_lambda, rule
from advisor.decide.rules.limits import SYNCHRONOUS
from advisor.models.report import Severity
from advisor.models.sizing import ManagedInstancesSizing
from advisor.numerals import rate, share, significant, things
from advisor.pricing.base import Costed
from advisor.pricing.managed_instances import SCALING_LAG_S, instance_rps

KEY = "lambda_managed_instances"
DOUBLING = 2.0
"""AWS: traffic that more than doubles within 5 minutes may be throttled."""
IDLE = 0.2


@rule("ADV108", "managed-instances-unavailable", decides=True)
def managed_unavailable(ctx: Context) -> list[Hit]:
    """Lambda Managed Instances cannot be priced for this workload.

    Fires when the region's pricing file has no `lambda_managed_instances` section (the option
    is not priced there), or when no instance type of the chosen memory per vCPU
    (`lambda_managed.memory_gib_per_vcpu`: 2, 4 or 8 GiB, the compute, general-purpose and
    memory-optimised families, burstable types excluded) holds one execution environment.
    """
    problem = ctx.problems.get(KEY)
    return [Hit("ADV108", Severity.ERROR, problem, KEY)] if problem else []


@rule("ADV204", "managed-scaling-lag", decides=True)
def managed_scaling_lag(ctx: Context) -> list[Hit]:
    """Bursts that more than double the traffic outrun Lambda Managed Instances' scaling.

    Lambda Managed Instances add instances asynchronously, on CPU and concurrency saturation,
    and AWS warns that traffic which more than doubles within 5 minutes may be throttled. Fires
    when some hour's bursts reach more than twice its mean rate. The instances running before
    the burst (at least `lambda_managed.min_instances`) serve it at full use until new ones
    arrive, about 5 minutes later. When the burst needs more than that, requests are
    throttled: behind a synchronous entry (API Gateway, ALB, function URL) the callers get
    errors and the option is ruled out (an error, with the requests a burst loses and the
    instances that would hold it); invoked asynchronously (no entry), Lambda queues and retries
    the events, so they are late rather than lost (a warning). When the standing instances hold
    the burst, a warning.
    """
    managed = ctx.options.get(KEY)
    if managed is None or ctx.pricing is None:
        return []
    if all(bucket.peak_rps <= DOUBLING * bucket.rps for bucket in ctx.demand.buckets):
        return []  # most workloads: nothing more to work out
    workload = ctx.workload
    sizing = managed.sizing
    fleet_type = (
        sizing.instance_type
        if isinstance(sizing, ManagedInstancesSizing)
        else _instance_type(managed)
    )
    if fleet_type is None:
        return []
    per_instance = instance_rps(workload, fleet_type, ctx.pricing)  # at the target utilisation
    utilization = workload.container.target_utilization
    floor = workload.lambda_managed.min_instances
    worst: tuple[float, float, float, float] | None = None  # (excess, rps, peak, standing)
    for bucket in ctx.demand.buckets:
        if bucket.peak_rps <= DOUBLING * bucket.rps:
            continue
        instances = max(floor, math.ceil(bucket.rps / per_instance - 1e-9))
        standing = instances * per_instance / utilization  # every environment fully busy
        excess = bucket.peak_rps - standing
        if worst is None or excess > worst[0]:
            worst = (excess, bucket.rps, bucket.peak_rps, standing)
    if worst is None:
        return []
    excess, mean, peak, standing = worst
    rise = (
        f"Bursts take traffic from {rate(mean)} to {rate(peak)} ({significant(peak / mean)}x) "
        f"within an hour; Lambda Managed Instances add instances about "
        f"{SCALING_LAG_S / 60:g} minutes after a burst starts"
    )
    if excess <= 0:
        message = (
            f"{rise}, and the instances already running serve {rate(standing)} at full use, "
            "enough for the burst."
        )
        return [Hit("ADV204", Severity.WARNING, message, KEY)]
    window = min(ctx.demand.burst_duration_s, SCALING_LAG_S)
    lost = excess * window
    needed = math.ceil(peak * utilization / per_instance - 1e-9)
    synchronous = managed.entry in SYNCHRONOUS
    fate = "throttled" if synchronous else "throttled and retried later (asynchronous events)"
    message = (
        f"{rise}; the instances already running serve {rate(standing)} at full use, so about "
        f"{significant(lost)} requests a burst would be {fate} (the {rate(excess)} beyond "
        f"them for {window:g} s). Keeping {things(needed, 'instance')} running "
        f"(`lambda_managed.min_instances: {needed}`) would hold it."
    )
    severity = Severity.ERROR if synchronous else Severity.WARNING
    return [Hit("ADV204", severity, message, KEY)]


def _instance_type(option: Costed) -> str | None:
    """The managed fleet's type, from its first line item (a comparison keeps no sizing)."""
    suffix = " instance hours (managed by Lambda)"
    for item in option.items:
        if item.name.endswith(suffix):
            return item.name.removesuffix(suffix)
    return None


@rule("ADV407", "managed-instances-floor", favours=("lambda",))
def managed_floor(ctx: Context) -> list[Hit]:
    """Lambda Managed Instances bill their instances whether busy or not.

    Fires when Lambda Managed Instances cost more than Lambda on demand and their instances are
    less than 20 % busy: at low or spiky traffic the floor of instances
    (`lambda_managed.min_instances`, three for resilience across availability zones) and the
    management fee on them cost more than Lambda's per-request billing, which scales to zero.
    A reason for a Lambda verdict.
    """
    managed, on_demand = ctx.options.get(KEY), ctx.options.get("lambda")
    if managed is None or on_demand is None or managed.total <= on_demand.total:
        return []
    s = managed.sizing
    if not isinstance(s, ManagedInstancesSizing) or s.utilization >= IDLE:
        return []
    used = s.utilization
    message = (
        f"Lambda Managed Instances keep {things(s.instances_min, 'instance')} of "
        f"{s.instance_type} running (the floor is {ctx.workload.lambda_managed.min_instances}"
        f"), {share(1 - used)} idle at {rate(ctx.demand.average_rps)}: "
        f"${managed.total:,.2f} a month against ${on_demand.total:,.2f} on Lambda, "
        "which bills only the requests it serves."
    )
    return [Hit("ADV407", Severity.INFO, message)]


@rule("ADV408", "managed-instances-win", favours=("lambda_managed_instances",))
def managed_wins(ctx: Context) -> list[Hit]:
    """Busy, steady functions cost less on Lambda Managed Instances than on Lambda or containers.

    Fires when Lambda Managed Instances cost less than every Lambda option and every container
    option. Lambda bills each request's whole duration; managed instances serve many requests
    per execution environment on instances billed by the hour (plus a 15 % fee and $0.20 per
    million requests), and need no load balancer or container fleet of your own: the function
    keeps Lambda's event sources and front doors. A reason for a Lambda Managed Instances
    verdict.
    """
    managed = ctx.options.get(KEY)
    if managed is None:
        return []
    lambdas = [o for k, o in ctx.options.items() if is_lambda(k)]
    containers = [o for k, o in ctx.options.items() if k in ("fargate", "ec2")]
    if not lambdas or not containers:
        return []
    best_lambda = min(lambdas, key=lambda o: o.total)
    best_container = min(containers, key=lambda o: o.total)
    if managed.total >= min(best_lambda.total, best_container.total):
        return []
    s = managed.sizing
    fleet = ""
    if isinstance(s, ManagedInstancesSizing):
        fleet = (
            f" on {things(s.instances_min, 'instance')} of {s.instance_type}"
            if s.instances_min == s.instances_max
            else f" on {s.instances_min}-{s.instances_max} instances of {s.instance_type}"
        )
    message = (
        f"Lambda Managed Instances cost ${managed.total:,.2f} a month{fleet}: "
        f"${best_lambda.total - managed.total:,.2f} less than {best_lambda.label} "
        f"(${best_lambda.total:,.2f}) and ${best_container.total - managed.total:,.2f} less than "
        f"{best_container.label} (${best_container.total:,.2f})."
    )
    return [Hit("ADV408", Severity.INFO, message)]
