"""Container capacity over time: tasks per hour from demand, floors, and autoscaling lag.

A task holds the work of `units_per_rps` x the request rate: the most that any of its limits
needs (Little's law), whichever binds: requests in flight against its concurrency cap, CPU
seconds a second against its vCPU, memory in flight against its memory. Tasks = that / target
utilisation, rounded up, floored at the minimum.

Within an hour whose peak is above its mean, autoscaling adds capacity for each burst: it
arrives after the scale-out lag and stays until the cooldown ends, so the extra tasks are held
for (burst beyond the lag + cooldown) per burst, as often as bursts come. The cost grows with
burst length and count, without a jump at the lag; a burst shorter than the lag is served by the
standing tasks (rule ADV405 says when they cannot keep up).
"""

from __future__ import annotations

import operator
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from advisor.models.workload import HOURS_PER_MONTH, Entry, Execution, Pattern, Workload
from advisor.pricing.traffic import Bucket, Demand

COOLDOWN_S = 300.0
"""After a burst, capacity stays up this long before scaling in (ECS's default cooldown)."""

Floats = npt.NDArray[np.float64]

LAMBDA_MB_PER_VCPU = 1769
"""Lambda gives one full vCPU at 1,769 MB; a one-request task mirrors that share."""
DEFAULT_QUEUE_DELAY_S = 300.0
"""Without `requirements.max_queue_delay_s`, work from a queue may wait five minutes."""
REQUEST_MEMORY_SHARE = 0.25
"""Without `execution.request_memory_mb`, one request in flight holds this share of the Lambda
memory setting: that setting also buys CPU and is usually well above the working set."""


@dataclass(frozen=True, slots=True)
class TaskShape:
    """The task (or unit of work) that runs the workload in a container, and the work one
    request asks of it."""

    vcpu: float
    memory_gb: float
    concurrency: int
    """The most requests one task serves at once (a cap: CPU or memory may bind first)."""
    min_tasks: int
    utilization: float
    cpu_s: float = 0.0
    """CPU seconds one request uses."""
    request_gb: float = 0.0
    """Memory one request in flight holds."""

    def units_per_rps(self, duration_s: float) -> float:
        """Tasks one request a second keeps fully busy, by whichever limit binds."""
        return max(
            duration_s / self.concurrency,
            self.cpu_s / self.vcpu,
            duration_s * self.request_gb / self.memory_gb,
        )

    def in_flight_per_task(self, duration_s: float) -> float:
        """Requests one fully busy task holds at once."""
        return duration_s / self.units_per_rps(duration_s)


@dataclass(frozen=True, slots=True)
class Capacity:
    """Units held per hour of the profile, and what they add up to over the month."""

    per_bucket: tuple[float, ...]
    """Units held in each hour of the profile, on average over the hour."""
    unit_hours: float
    minimum: float
    """The fewest units running at once: those standing between bursts in the quietest hour."""
    maximum: float
    """The most units running at once: at the peak of a burst."""

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
        vcpu = settings.vcpu or max(0.25, lambda_vcpu(execution.memory_mb))
        memory = settings.memory_gb or lambda_gb
    else:
        vcpu = settings.vcpu or 1.0
        memory = settings.memory_gb or max(2.0, lambda_gb)
    default_floor = 0 if scheduled else 1 if workload.entry is Entry.QUEUE else 2
    floor = settings.min_tasks if settings.min_tasks is not None else default_floor
    return TaskShape(
        vcpu,
        memory,
        concurrency,
        floor,
        settings.target_utilization,
        cpu_s=cpu_seconds(execution),
        request_gb=request_memory_gb(execution),
    )


def queue_delay_s(workload: Workload) -> float | None:
    """How long work may wait in the queue in front (None: no queue, someone is waiting)."""
    if workload.entry is not Entry.QUEUE:
        return None
    return workload.requirements.max_queue_delay_s or DEFAULT_QUEUE_DELAY_S


def container_demand(workload: Workload, demand: Demand) -> Demand:
    """The demand containers are sized for. Behind a queue, work may wait up to the allowed
    delay D, so a burst of B seconds at P requests a second is worked off over B + D seconds:
    capacity for max(R, P x B / (B + D)) rather than P (R, the hour's mean), held for B + D
    seconds a burst. Peaks within an hour are smoothed; the hours of a day are not."""
    delay = queue_delay_s(workload)
    if delay is None:
        return demand
    burst = demand.burst_duration_s
    kept = burst / (burst + delay)
    return Demand(
        demand.pattern,
        demand.monthly_requests,
        tuple(Bucket(h, rps, max(rps, peak * kept)) for h, rps, peak in demand.buckets),
        burst + delay,
        demand.bursts_per_hour,
    )


def lambda_vcpu(memory_mb: float) -> float:
    """The vCPU share Lambda gives a function of this memory."""
    return memory_mb / LAMBDA_MB_PER_VCPU


def cpu_seconds(execution: Execution) -> float:
    """CPU seconds one request uses: `execution.cpu_ms`, else all the CPU Lambda gave it for its
    whole duration, at most one vCPU (one request is one thread): an upper bound, never less than
    the work Lambda did."""
    if execution.cpu_ms is not None:
        return execution.cpu_ms / 1000
    return execution.duration_ms / 1000 * min(1.0, lambda_vcpu(execution.memory_mb))


def request_memory_gb(execution: Execution) -> float:
    """Memory one request in flight holds, in GB."""
    if execution.request_memory_mb is not None:
        return execution.request_memory_mb / 1024
    return execution.memory_mb * REQUEST_MEMORY_SHARE / 1024


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
    at_peaks = units_held(holdings, whole, bursts=1.0).max(axis=1).tolist()
    standing = units_held(holdings, whole, bursts=0.0).tolist()
    found = []
    for values, at_peak, least, holding in zip(held, at_peaks, standing, holdings, strict=True):
        hours = [bucket.hours for bucket in holding.demand.buckets]
        del values[len(hours) :]  # the padding
        # whole tasks print as integers; a share of a burst keeps its fraction
        per_bucket = tuple(int(v) if v.is_integer() else v for v in values) if whole else values
        unit_hours = sum(map(operator.mul, per_bucket, hours))
        most = int(at_peak) if whole else at_peak
        fewest = min(least[: len(hours)])
        fewest = int(fewest) if whole else fewest
        found.append(Capacity(tuple(per_bucket), unit_hours, fewest, most))
    return found


def units_held(holdings: Sequence[Holding], whole: bool, *, bursts: float | None = None) -> Floats:
    """Units held in each hour (a row per workload; short profiles padded with idle hours), on
    average over the hour; with `bursts` 1, those running at the top of each hour's bursts, and
    with 0, those standing between them."""
    width = max(len(h.demand.buckets) for h in holdings)
    rates = np.zeros((len(holdings), width))
    peaks = np.zeros((len(holdings), width))
    for row, holding in enumerate(holdings):
        buckets = holding.demand.buckets
        rates[row, : len(buckets)] = [bucket.rps for bucket in buckets]
        peaks[row, : len(buckets)] = [bucket.peak_rps for bucket in buckets]
    figures = [scaling(h.demand, h.duration_s, h.shape, h.lag_s) for h in holdings]
    if bursts is not None:
        figures = [f | {"share": bursts} for f in figures]
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
    """How a workload's request rates become units held: units per request a second at the
    target utilisation (`factor`), and the share of an hour that capacity added for bursts is
    held (`share`: from when it arrives, after the lag, to the end of the cooldown, per burst)."""
    held_s = max(0.0, demand.burst_duration_s - lag_s) + COOLDOWN_S
    return {
        "factor": shape.units_per_rps(duration_s) / shape.utilization,
        "share": min(1.0, demand.bursts_per_hour * held_s / 3600),
    }


def held_units(
    rates: Floats,
    peaks: Floats,
    *,
    factor: Floats | float,
    floor: Floats | float,
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
    held: Floats = base + np.maximum(peak - base, 0.0) * share
    return held


def job_hours(demand: Demand, duration_s: float, minimum_s: float, extra_s: float = 0.0) -> float:
    """Hours billed for scheduled runs: one task or instance per run, with a minimum."""
    return demand.monthly_requests * max(minimum_s, duration_s + extra_s) / 3600
