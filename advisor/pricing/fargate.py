"""ECS on Fargate: task-hours x (vCPU, GB and ephemeral storage above 20 GB), x86 or arm,
declared once as charges (`fargate_charges`)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Generic

from advisor.models.catalog import FargateRates
from advisor.models.sizing import UNSIZED, AnySizing, FargateSizing
from advisor.models.workload import Pattern, Workload
from advisor.money import ZERO, Item, dec
from advisor.pricing.charges import EXACT, Charge, N, Numbers, Purchase, line_items, priced
from advisor.pricing.containers import Capacity, Holding, TaskShape, container_demand, job_hours
from advisor.pricing.traffic import Demand


def _valid_sizes() -> list[tuple[float, float]]:
    """Fargate's valid (vCPU, GB) pairs, from the Fargate pricing page."""
    sizes = [(0.25, 0.5), (0.25, 1.0), (0.25, 2.0)]
    sizes += [(0.5, float(gb)) for gb in range(1, 5)]
    sizes += [(1.0, float(gb)) for gb in range(2, 9)]
    sizes += [(2.0, float(gb)) for gb in range(4, 17)]
    sizes += [(4.0, float(gb)) for gb in range(8, 31)]
    sizes += [(8.0, float(gb)) for gb in range(16, 61, 4)]
    sizes += [(16.0, float(gb)) for gb in range(32, 121, 8)]
    return sizes


VALID_SIZES = _valid_sizes()


def snap_task_size(
    vcpu: float, memory_gb: float, rates: FargateRates
) -> tuple[float, float] | None:
    """The cheapest valid task size with at least this vCPU and memory; None if none fits."""
    arch = rates.x86_64
    return _cheapest_size(
        vcpu, memory_gb, float(arch.vcpu.bands[0].price), float(arch.memory.bands[0].price)
    )


@cache
def _cheapest_size(
    vcpu: float, memory_gb: float, vcpu_price: float, gb_price: float
) -> tuple[float, float] | None:
    fitting = [(c, m) for c, m in VALID_SIZES if c >= vcpu - 1e-9 and m >= memory_gb - 1e-9]
    if not fitting:
        return None
    return min(fitting, key=lambda s: s[0] * vcpu_price + s[1] * gb_price)


def task_holding(workload: Workload, demand: Demand, shape: TaskShape) -> Holding:
    """What the tasks held each hour depend on: a service's, or for scheduled jobs, those of a
    pool of long-lived workers (at least one) that takes the runs instead of a task per run;
    behind a queue, sized for throughput within the allowed delay (`container_demand`)."""
    duration_s = workload.execution.duration_ms / 1000
    lag = workload.container.scale_out_lag_s
    floor = shape.min_tasks
    if demand.pattern is Pattern.SCHEDULED:
        floor = max(1, floor)
    return Holding(container_demand(workload, demand), duration_s, shape, lag, floor)


def per_run_hours(workload: Workload, demand: Demand, rates: FargateRates) -> float:
    """Task-hours of scheduled jobs run a task each, billed for at least a minute."""
    duration_s = workload.execution.duration_ms / 1000
    return job_hours(demand, duration_s, float(rates.minimum_billed_s))


@dataclass(frozen=True, slots=True)
class TaskSize(Generic[N]):
    """The task Fargate bills: its size, and its ephemeral storage above the free 20 GB."""

    vcpu: N
    memory_gb: N
    extra_storage_gb: N


def task_size(
    size: tuple[float, float], workload: Workload, rates: FargateRates
) -> TaskSize[Decimal]:
    """A valid task size and the workload's storage, as billed."""
    extra = dec(workload.container.ephemeral_storage_gb) - rates.free_ephemeral_gb
    return TaskSize(dec(size[0]), dec(size[1]), max(extra, ZERO))


def fargate_charges(
    task_hours: N, task: TaskSize[N], arch: str, rates: FargateRates, n: Numbers[N]
) -> list[Charge[N]]:
    """What `task_hours` of one task size bill."""
    compute = getattr(rates, arch)
    charges = [
        Charge("vCPU", task_hours * task.vcpu, compute.vcpu, usage=f"fargate-compute:{arch}"),
        Charge(
            "Memory", task_hours * task.memory_gb, compute.memory, usage=f"fargate-compute:{arch}"
        ),
    ]
    if n.some(task.extra_storage_gb):
        charges.append(
            Charge(
                "Ephemeral storage above 20 GB",
                task_hours * task.extra_storage_gb,
                rates.ephemeral_storage,
            )
        )
    return charges


def fargate_items(
    workload: Workload,
    demand: Demand,
    shape: TaskShape,
    size: tuple[float, float],
    rates: FargateRates,
    held: Capacity,
    *,
    with_sizing: bool = True,
    purchase: Purchase | None = None,
    covered: Decimal | None = None,
) -> tuple[list[Item], AnySizing]:
    """Line items and sizing (unless left out: a comparison shows none) for running the workload
    as Fargate tasks: `held`, the tasks held each hour (`capacities` of its `task_holding`).
    Scheduled jobs run a task each or, where that costs more (runs that come faster than a
    task starts, or overlap), on the pool of workers `held`. `purchase`: Spot or a Savings Plan
    on the share `covered` of the usage (None: all)."""
    task_hours, per_run = billed_task_hours(workload, demand, rates, held)
    sizing = (
        _sizing(workload, demand, shape, size, held, task_hours, per_run)
        if with_sizing
        else UNSIZED
    )
    arch = workload.execution.arch.value
    task = task_size(size, workload, rates)
    charges = fargate_charges(dec(round(task_hours, 6)), task, arch, rates, EXACT)
    return line_items(priced(charges, purchase, covered)), sizing


def billed_task_hours(
    workload: Workload, demand: Demand, rates: FargateRates, held: Capacity
) -> tuple[float, bool]:
    """Task-hours billed, and whether scheduled jobs run a task each (else the tasks `held`)."""
    task_hours = held.unit_hours
    per_run = demand.pattern is Pattern.SCHEDULED
    if per_run:
        task_hours = min(per_run_hours(workload, demand, rates), held.unit_hours)
        per_run = task_hours < held.unit_hours
    return task_hours, per_run


def _sizing(
    workload: Workload,
    demand: Demand,
    shape: TaskShape,
    size: tuple[float, float],
    held: Capacity,
    task_hours: float,
    per_run: bool,
) -> FargateSizing:
    """How many tasks of which size run, and how busy they are."""
    duration_s = workload.execution.duration_ms / 1000
    vcpu, memory = size
    scheduled = demand.pattern is Pattern.SCHEDULED
    runs_per_day = round(demand.monthly_requests / 730 * 24, 2) if scheduled else None
    if per_run:  # a task per run
        return FargateSizing(
            task_vcpu=vcpu,
            task_memory_gb=memory,
            tasks_min=0,
            tasks_mean=round(task_hours / 730, 4),
            tasks_max=max(1, math.ceil(demand.peak_rps * duration_s - 1e-9)),
            task_hours=round(task_hours, 2),
            scale_to_zero=True,
            runs_per_day=runs_per_day,
        )
    busy = demand.average_rps * shape.units_per_rps(duration_s) / max(held.mean, 1e-9)
    return FargateSizing(
        task_vcpu=vcpu,
        task_memory_gb=memory,
        concurrency_per_task=shape.concurrency,
        tasks_min=int(held.minimum),
        tasks_mean=round(held.mean, 2),
        tasks_max=int(held.maximum),
        task_hours=round(task_hours, 2),
        utilization=round(min(busy, 1.0), 4),
        scale_out_lag_s=workload.container.scale_out_lag_s,
        runs_per_day=runs_per_day,
        worker_pool=True if scheduled else None,
    )
