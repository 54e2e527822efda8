"""Lambda Managed Instances: the function runs on EC2 instances that Lambda launches, patches and
scales in your account (a capacity provider).

Billed: the instances at EC2's on-demand price, a management fee of 15 % of that price, and
$0.20 per million requests; no duration charge, no cold starts. Sizing, as AWS describes it:
the memory per vCPU (`ExecutionEnvironmentMemoryGiBPerVCpu`: 2, 4 or 8 GiB) picks the instance
families (compute, general purpose, memory optimised); each execution environment has the
function's memory and that memory over the ratio in vCPU; an environment serves up to
`max_concurrency` requests at once (`PerExecutionEnvironmentMaxConcurrency`), unless its CPU or
memory binds first (the container task's limits, `TaskShape.units_per_rps`); three instances
always run, one per availability zone. The instances are found by EC2's own fleet search, the
environment standing in for a task.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import cast

import numpy as np

from advisor.models.catalog import ManagedInstanceRates, PricingFile
from advisor.models.sizing import UNSIZED, AnySizing, ManagedInstancesSizing
from advisor.models.workload import HOURS_PER_MONTH, Pattern, Workload
from advisor.money import Item, dec
from advisor.pricing.charges import Charge, N, Purchase, curve, line_items, priced, share_off
from advisor.pricing.containers import (
    Holding,
    TaskShape,
    cpu_seconds,
    request_memory_gb,
    units_held,
)
from advisor.pricing.ec2 import (
    USABLE_MEMORY,
    FitTable,
    Fleet,
    cheapest_fleets,
    family,
    fitting,
)
from advisor.pricing.traffic import Demand

SCALING_LAG_S = 300.0
"""Capacity is added asynchronously, on CPU and concurrency saturation: a burst is met after
about five minutes (AWS: traffic that more than doubles within 5 minutes may be throttled)."""
MIN_ENVIRONMENT_VCPU = 1.0
"""An execution environment has at least one vCPU (and its memory per vCPU with it)."""
MEMORY_PER_VCPU_SLACK = 0.5
"""An instance type belongs to a ratio's families when its GiB per vCPU is within this of it."""


def managed_charges(
    instance_type: str,
    instance_hours: N,
    hourly: N,
    requests: N,
    rates: ManagedInstanceRates,
) -> list[Charge[N]]:
    """What Lambda Managed Instances bill: the instance-hours at EC2's on-demand price (an EC2
    instance's usage: Savings Plans cover it), the management fee on each dollar of them at that
    on-demand price, and the requests."""
    return [
        Charge(
            f"{instance_type} instance hours (managed by Lambda)",
            instance_hours,
            price=hourly,
            unit="instance-hour",
            usage=f"ec2-instance:{family(instance_type)}",
        ),
        Charge(
            "Lambda Managed Instances management fee", instance_hours * hourly, rates.management_fee
        ),
        Charge("Lambda Managed Instances requests", requests, rates.requests),
    ]


def managed_purchase_share(instance_type: str, rates: PricingFile, purchase: Purchase) -> float:
    """The share of a managed instance-hour's cost (EC2 plus the fee) that a purchase option
    takes off when it covers all of it, from the charges `priced`: the EC2 part's discount (the
    fee stays a share of the on-demand price). Kept with the pricing file, per purchase."""
    managed = rates.lambda_managed_instances
    assert managed is not None, "managed instances are only priced where the region has them"
    # by its discounts: every Savings Plan's purchase is named alike
    key = (
        "purchase share",
        instance_type,
        purchase.name,
        tuple(sorted(purchase.discounts.items())),
    )
    found = managed.memo.get(key)
    if found is None:
        one, none = np.ones(1), np.zeros(1)
        hourly = one * float(rates.ec2.instances[instance_type].hourly)
        charges = managed_charges(instance_type, one, hourly, none, managed)
        found = managed.memo[key] = share_off(charges, purchase)
    return cast(float, found)


def environment_shape(workload: Workload) -> TaskShape:
    """One execution environment as a task: the function's memory (at least one vCPU's worth),
    that memory over the ratio in vCPU, up to `max_concurrency` requests at once, each using the
    CPU and memory a container's request does."""
    settings = workload.lambda_managed
    execution = workload.execution
    ratio = settings.memory_gib_per_vcpu
    vcpu = max(MIN_ENVIRONMENT_VCPU, execution.memory_mb / 1024 / ratio)
    scheduled = workload.traffic.pattern is Pattern.SCHEDULED
    return TaskShape(
        vcpu,
        vcpu * ratio,
        settings.max_concurrency or (1 if scheduled else 10),
        0,
        workload.container.target_utilization,
        cpu_s=cpu_seconds(execution),
        request_gb=request_memory_gb(execution),
    )


def managed_table(
    rates: PricingFile, managed: ManagedInstanceRates, workload: Workload, shape: TaskShape
) -> FitTable:
    """The instance types of the ratio's families that hold one environment, each priced at an
    instance-hour's managed charges (EC2 plus the fee), for EC2's fleet search. Lambda keeps
    the instances' overhead to itself: an environment of exactly the ratio fills its share."""
    ratio = float(workload.lambda_managed.memory_gib_per_vcpu)
    table = fitting(
        rates.ec2,
        None,
        workload.execution.arch.value,
        shape.vcpu,
        shape.memory_gb * USABLE_MEMORY,
        0.0,
        memory_per_vcpu=(ratio - MEMORY_PER_VCPU_SLACK, ratio + MEMORY_PER_VCPU_SLACK),
    )
    key = ("managed table", workload.execution.arch.value, shape.vcpu, shape.memory_gb, ratio)
    found = managed.memo.get(key)
    if found is None:
        hourly = np.array([rates.ec2.figures_by_name[name].hourly for name in table.names])
        none = np.zeros_like(hourly)
        unit = curve(managed_charges("", np.ones_like(hourly), hourly, none, managed))
        kept = _undominated(table.task_share.tolist(), unit.tolist())
        priced = FitTable(
            names=[table.names[i] for i in kept],
            task_share=table.task_share[kept],
            unit_cost=unit[kept],
            sustained=table.sustained[kept],
        )
        found = managed.memo[key] = priced
    return cast(FitTable, found)


def _undominated(shares: list[float], costs: list[float]) -> list[int]:
    """The types worth searching: less those that a smaller type listed before them (a whole
    multiple m of their share) beats at m times its price or less. Such a smaller type runs at
    most m times as many instances in any hour (the ceiling of m x is at most m times the
    ceiling of x) and at least the floor, so it never costs more; the families' sizes double
    at double the price, so this leaves the smallest type of each family that holds an
    environment (five types to one), and the fleet search prices no more than it must."""
    kept: list[int] = []
    for j, (share_j, cost_j) in enumerate(zip(shares, costs, strict=True)):
        beaten = False
        for i in kept:
            ratio = shares[i] / share_j
            whole = round(ratio)
            if whole >= 1 and abs(ratio - whole) < 1e-9 and costs[i] * whole <= cost_j + 1e-12:
                beaten = True
                break
        if not beaten:
            kept.append(j)
    return kept


@dataclass(frozen=True, slots=True)
class ManagedSizing:
    """What one workload's managed instances depend on."""

    workload: Workload
    demand: Demand
    rates: PricingFile


def holding(workload: Workload, demand: Demand, shape: TaskShape) -> Holding:
    """Environments held in each hour: pooled across instances, added after the scaling lag."""
    duration_s = workload.execution.duration_ms / 1000
    return Holding(demand, duration_s, shape, SCALING_LAG_S, 0.0)


def choose_managed(sizings: Sequence[ManagedSizing]) -> list[Fleet | None]:
    """The cheapest managed fleet of each workload (None where the region does not price Lambda
    Managed Instances or no type of the ratio's families holds an environment), workloads with
    the same types and hours searched together."""
    fleets: list[Fleet | None] = [None] * len(sizings)
    groups: dict[tuple[int, tuple[float, ...]], list[int]] = defaultdict(list)
    tables: dict[int, FitTable] = {}
    shapes: dict[int, TaskShape] = {}
    for index, sizing in enumerate(sizings):
        managed = sizing.rates.lambda_managed_instances
        if managed is None:
            continue
        shape = shapes[index] = environment_shape(sizing.workload)
        table = managed_table(sizing.rates, managed, sizing.workload, shape)
        if table:
            tables[id(table)] = table
            groups[(id(table), tuple([b.hours for b in sizing.demand.buckets]))].append(index)
    for (table_id, hours_each), members in groups.items():
        table, hours = tables[table_id], np.array(hours_each)
        group = [sizings[index] for index in members]
        units = units_held(
            [holding(s.workload, s.demand, shapes[i]) for s, i in zip(group, members, strict=True)],
            whole=False,
        )
        floors = np.array([float(s.workload.lambda_managed.min_instances) for s in group])
        _, best, counts = cheapest_fleets(
            table, units, hours, floors, np.zeros(len(group)), profile_hour=hours_each[0]
        )
        held = counts.tolist()
        for row, index in enumerate(members):
            fleets[index] = Fleet(
                table.names[int(best[row])],
                float(counts[row] @ hours),
                tuple(map(int, held[row])),
            )
    return fleets


def managed_items(
    workload: Workload,
    demand: Demand,
    fleet: Fleet,
    rates: PricingFile,
    *,
    with_sizing: bool = True,
    purchase: Purchase | None = None,
    covered: Decimal | None = None,
) -> tuple[list[Item], AnySizing]:
    """Line items and sizing (unless left out) of the chosen managed fleet (`purchase`, a
    Savings Plan on the share `covered` of its instance-hours)."""
    managed = rates.lambda_managed_instances
    assert managed is not None, "managed instances are only sized where the region prices them"
    inst = rates.ec2.instances[fleet.instance_type]
    hours = dec(round(fleet.instance_hours, 6))
    requests = dec(round(demand.monthly_requests, 2))
    charges = managed_charges(fleet.instance_type, hours, inst.hourly, requests, managed)
    items = line_items(priced(charges, purchase, covered))
    if not with_sizing:
        return items, UNSIZED
    shape = environment_shape(workload)
    duration_s = workload.execution.duration_ms / 1000
    per_instance = environments_per_instance(shape, float(inst.vcpu), float(inst.memory_gib))
    per_environment = shape.in_flight_per_task(duration_s)
    held = fleet.instance_hours / HOURS_PER_MONTH * per_instance  # environments, on average
    busy = demand.average_rps * shape.units_per_rps(duration_s)  # environments kept fully busy
    return items, ManagedInstancesSizing(
        instance_type=fleet.instance_type,
        instance_vcpu=float(inst.vcpu),
        instance_memory_gib=float(inst.memory_gib),
        memory_gib_per_vcpu=workload.lambda_managed.memory_gib_per_vcpu,
        environment_vcpu=round(shape.vcpu, 4),
        environment_memory_gib=round(shape.memory_gb, 4),
        environments_per_instance=per_instance,
        max_concurrency=shape.concurrency,
        requests_in_flight_per_environment=round(per_environment, 2),
        requests_per_second_per_instance=round(
            per_instance * shape.utilization / shape.units_per_rps(duration_s), 2
        ),
        instances_min=min(fleet.counts),
        instances_mean=round(fleet.instance_hours / HOURS_PER_MONTH, 2),
        instances_max=max(fleet.counts),
        instance_hours=round(fleet.instance_hours, 2),
        utilization=round(min(1.0, busy / max(held, 1e-9)), 4),
        cold_starts_per_month=0,
    )


def instance_rps(workload: Workload, fleet_type: str, rates: PricingFile) -> float:
    """Requests a second one instance of this type serves at the target utilisation."""
    shape = environment_shape(workload)
    inst = rates.ec2.figures_by_name[fleet_type]
    per_instance = environments_per_instance(shape, inst.vcpu, inst.memory_gib)
    duration_s = workload.execution.duration_ms / 1000
    return per_instance * shape.utilization / shape.units_per_rps(duration_s)


def environments_per_instance(shape: TaskShape, vcpu: float, memory_gib: float) -> int:
    """Whole execution environments one instance holds."""
    return max(1, int(min(vcpu / shape.vcpu, memory_gib / shape.memory_gb) + 1e-9))
