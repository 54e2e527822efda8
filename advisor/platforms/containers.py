"""Container capacity over time: tasks per hour from demand, floors, and autoscaling lag.

tasks = ceil(concurrency / (per-task concurrency x target utilisation)), floored at the minimum.
Within an hour whose peak is above its mean, autoscaling follows a burst only if the burst outlasts
the scale-out lag; shorter bursts must be met by capacity held all hour (standing headroom).
Scheduled jobs scale to zero: one task per run, billed for the run (Fargate: one-minute minimum).
"""

from __future__ import annotations

import operator
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from advisor.models.workload import HOURS_PER_MONTH, Pattern, Workload
from advisor.traffic import Demand

COOLDOWN_S = 300.0
"""After a burst, capacity stays up this long before scaling in (ECS's default cooldown)."""

Floats = npt.NDArray[np.float64]

LAMBDA_MB_PER_VCPU = 1769
"""Lambda gives one full vCPU at 1,769 MB; a one-request task mirrors that share."""


@dataclass(frozen=True, slots=True)
class TaskShape:
    """The task (or unit of work) that runs the workload in a container."""

    vcpu: float
    memory_gb: float
    concurrency: int
    min_tasks: int
    utilization: float


@dataclass(frozen=True, slots=True)
class Capacity:
    """Units held per hour of the profile, and what they add up to over the month."""

    per_bucket: tuple[float, ...]
    unit_hours: float
    minimum: float
    maximum: float

    @property
    def mean(self) -> float:
        """Mean units held over the month."""
        return self.unit_hours / HOURS_PER_MONTH


def task_shape(workload: Workload) -> TaskShape:
    """The container settings, with defaults derived from the Lambda execution settings."""
    settings = workload.container
    execution = workload.execution
    scheduled = workload.traffic.pattern is Pattern.SCHEDULED
    concurrency = settings.concurrency or (1 if scheduled else 10)
    lambda_gb = execution.memory_mb / 1024
    if concurrency == 1:
        vcpu = settings.vcpu or max(0.25, execution.memory_mb / LAMBDA_MB_PER_VCPU)
        memory = settings.memory_gb or lambda_gb
    else:
        vcpu = settings.vcpu or 1.0
        memory = settings.memory_gb or max(2.0, lambda_gb)
    floor = settings.min_tasks if settings.min_tasks is not None else (0 if scheduled else 2)
    return TaskShape(vcpu, memory, concurrency, floor, settings.target_utilization)


@dataclass(frozen=True, slots=True)
class Holding:
    """What one workload's units held depend on: its demand, duration, task, lag and floor."""

    demand: Demand
    duration_s: float
    shape: TaskShape
    lag_s: float
    floor: float


def capacities(holdings: Sequence[Holding], whole: bool) -> list[Capacity]:
    """Units held per hour of many workloads at once; `whole` rounds up to whole tasks, else
    keeps fractions (pooled). One numpy step per operation for the whole batch (short profiles
    padded with idle hours, dropped again), where one workload at a time spent most of its time
    starting numpy operations on a handful of hours."""
    if not holdings:
        return []
    held = units_held(holdings, whole).tolist()
    found = []
    for values, holding in zip(held, holdings, strict=True):
        hours = [bucket.hours for bucket in holding.demand.buckets]
        del values[len(hours) :]  # the padding
        # whole tasks print as integers; a share of a burst keeps its fraction
        per_bucket = tuple(int(v) if v.is_integer() else v for v in values) if whole else values
        unit_hours = sum(map(operator.mul, per_bucket, hours))
        found.append(Capacity(tuple(per_bucket), unit_hours, min(per_bucket), max(per_bucket)))
    return found


def units_held(holdings: Sequence[Holding], whole: bool) -> Floats:
    """Units held in each hour (a row per workload; short profiles padded with idle hours)."""
    width = max(len(h.demand.buckets) for h in holdings)
    rates = np.zeros((len(holdings), width))
    peaks = np.zeros((len(holdings), width))
    for row, holding in enumerate(holdings):
        buckets = holding.demand.buckets
        rates[row, : len(buckets)] = [bucket.rps for bucket in buckets]
        peaks[row, : len(buckets)] = [bucket.peak_rps for bucket in buckets]
    figures = [scaling(h.demand, h.duration_s, h.shape, h.lag_s) for h in holdings]
    return held_units(
        rates,
        peaks,
        floor=_column([h.floor for h in holdings]),
        whole=whole,
        **{name: _column([f[name] for f in figures]) for name in figures[0]},
    )


def _column(values: list[Any]) -> npt.NDArray[Any]:
    """One figure per workload, as a column that broadcasts over its hours."""
    return np.array(values)[:, None]


def scaling(demand: Demand, duration_s: float, shape: TaskShape, lag_s: float) -> dict[str, Any]:
    """How a workload's request rates become units held: units per request a second
    (`factor`), whether bursts end before new capacity arrives (`held_peak`: then the peak is
    held all hour), and else the share of an hour that capacity follows a burst (`share`)."""
    return {
        "factor": duration_s / (shape.concurrency * shape.utilization),
        "held_peak": demand.burst_duration_s <= lag_s,
        "share": min(
            1.0,
            demand.bursts_per_hour * max(0.0, demand.burst_duration_s - lag_s + COOLDOWN_S) / 3600,
        ),
    }


def held_units(
    rates: Floats,
    peaks: Floats,
    *,
    factor: Floats | float,
    floor: Floats | float,
    held_peak: Floats | bool,
    share: Floats | float,
    whole: bool,
) -> Floats:
    """Units held in hours with these mean and peak request rates, from a workload's `scaling`
    figures and floor. Everything broadcasts: one workload's hours, or many workloads' traffic
    multiples and hours at once (the break-even search), each with its own figures."""

    def units(rate: Floats) -> Floats:
        raw = rate * factor
        return np.maximum(floor, np.ceil(raw - 1e-9) if whole else raw)

    base = units(rates)
    peak = units(peaks)
    burst = np.where(held_peak, peak, base + (peak - base) * share)
    held: Floats = np.where(peak > base, burst, base)
    return held


def job_hours(demand: Demand, duration_s: float, minimum_s: float, extra_s: float = 0.0) -> float:
    """Hours billed for scheduled runs: one task or instance per run, with a minimum."""
    return demand.monthly_requests * max(minimum_s, duration_s + extra_s) / 3600
