"""EC2: the cheapest instance type and count from the catalog that carries the load, with gp3 root
volumes; `ec2.instance_type` and `ec2.min_instances` pin them.

The load is pooled: each hour needs (work in flight / per-task concurrency / target utilisation)
task-sized units of vCPU and memory, and every instance must hold at least one whole task;
instances give 90 % of their memory to the work (the rest is the OS and agent). Burstable
types (t3, t4g) only sustain their baseline share of each vCPU, so the fleet must also cover the
mean busy vCPU at that baseline.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from advisor.models.catalog import Ec2Rates, InstanceFigures
from advisor.models.workload import HOURS_PER_MONTH, Pattern, Workload
from advisor.money import Item, dec, flat_item
from advisor.platforms.containers import TaskShape, capacity, job_hours
from advisor.traffic import Demand

USABLE_MEMORY = 0.9
MINIMUM_BILLED_S = 60.0


@dataclass(frozen=True, slots=True)
class Fleet:
    """The chosen type and how many instances run each hour."""

    instance_type: str
    instance_hours: float
    counts: tuple[int, ...]


def _fleet_cost(inst: InstanceFigures, instance_hours: float, root_gb: float, ebs: float) -> float:
    return inst.hourly * instance_hours + instance_hours / HOURS_PER_MONTH * root_gb * ebs


@dataclass(frozen=True, slots=True)
class _Fit:
    """A type that holds one task, with what an hour of it costs per vCPU and per GB."""

    inst: InstanceFigures
    memory: float
    month_cost: float
    per_vcpu: float
    per_gb: float
    sustained_vcpu: float | None


_FITS: dict[tuple[int, str | None, str, float, float, float], tuple[Ec2Rates, list[_Fit]]] = {}


def _fitting(
    rates: Ec2Rates,
    pinned: str | None,
    arch: str,
    vcpu: float,
    memory_gb: float,
    root_gb_hour: float,
) -> list[_Fit]:
    """The candidates that hold one task, with their unit costs. Memoised: the fleet search
    runs many times per workload with the same task; each entry keeps its catalog alive, so
    the catalog's id in the key cannot be reused."""
    key = (id(rates), pinned, arch, vcpu, memory_gb, root_gb_hour)
    if key not in _FITS:
        fits = []
        candidates = _candidates(rates, pinned, arch)
        for inst in candidates:
            memory = inst.memory_gib * USABLE_MEMORY
            if inst.vcpu < vcpu - 1e-9 or memory < memory_gb - 1e-9:
                continue  # each instance must hold at least one whole task
            hourly = inst.hourly + root_gb_hour
            sustained = None if inst.baseline is None else inst.vcpu * inst.baseline
            fits.append(
                _Fit(
                    inst,
                    memory,
                    hourly * HOURS_PER_MONTH,
                    hourly / inst.vcpu,
                    hourly / memory,
                    sustained,
                )
            )
        _FITS[key] = (rates, fits)
    return _FITS[key][1]


def _candidates(rates: Ec2Rates, pinned: str | None, arch: str) -> list[InstanceFigures]:
    """The pinned type, or every type of the workload's architecture."""
    if pinned is not None:
        return [rates.figures_by_name[pinned]]
    return rates.figures_by_architecture[arch]


def choose_fleet(
    workload: Workload, demand: Demand, shape: TaskShape, rates: Ec2Rates
) -> Fleet | None:
    """The cheapest fleet that carries the load; None when no type in the catalog can."""
    settings = workload.ec2
    arch = workload.execution.architecture.value
    duration_s = workload.execution.duration_ms / 1000
    ebs = float(rates.ebs_gp3.bands[0].price)
    if demand.pattern is Pattern.SCHEDULED:
        candidates = _candidates(rates, settings.instance_type, arch)
        return _job_fleet(workload, demand, shape, candidates, duration_s, ebs)
    floor = settings.min_instances if settings.min_instances is not None else 2
    units = capacity(demand, duration_s, shape, settings.scale_out_lag_s, 0.0, whole=False)
    daily_busy_vcpu = demand.average_rps * duration_s * shape.vcpu / shape.concurrency
    root_gb_hour = settings.root_volume_gb * ebs / HOURS_PER_MONTH
    cpu_needed = [held * shape.vcpu for held in units.per_bucket]
    memory_needed = [held * shape.memory_gb for held in units.per_bucket]
    bucket_hours = [bucket.hours for bucket in demand.buckets]
    cpu_hours = units.unit_hours * shape.vcpu
    memory_hours = units.unit_hours * shape.memory_gb
    lower_bounds = []
    fits = _fitting(rates, settings.instance_type, arch, shape.vcpu, shape.memory_gb, root_gb_hour)
    for fit in fits:
        least = floor
        if fit.sustained_vcpu is not None:
            least = max(least, math.ceil(daily_busy_vcpu / fit.sustained_vcpu - 1e-9))
        bound = max(least * fit.month_cost, cpu_hours * fit.per_vcpu, memory_hours * fit.per_gb)
        lower_bounds.append((bound, fit.inst, fit.memory, least))
    lower_bounds.sort(key=lambda row: row[0])
    best: tuple[float, Fleet] | None = None
    for bound, inst, memory, least in lower_bounds:
        if best is not None and bound >= best[0]:
            break
        counts = [
            max(
                least,
                math.ceil(cpu / inst.vcpu - 1e-9),
                math.ceil(mem / memory - 1e-9),
            )
            for cpu, mem in zip(cpu_needed, memory_needed, strict=True)
        ]
        hours = sum(c * h for c, h in zip(counts, bucket_hours, strict=True))
        cost = hours * (inst.hourly + root_gb_hour)
        if best is None or cost < best[0]:
            best = (cost, Fleet(inst.name, hours, tuple(counts)))
    return best[1] if best else None


def _job_fleet(
    workload: Workload,
    demand: Demand,
    shape: TaskShape,
    candidates: list[InstanceFigures],
    duration_s: float,
    ebs: float,
) -> Fleet | None:
    """Scheduled jobs: one instance per run, launched for it and stopped after (boot included)."""
    hours = job_hours(demand, duration_s, MINIMUM_BILLED_S, workload.ec2.scale_out_lag_s)
    fitting = [
        inst
        for inst in candidates
        if inst.vcpu * (inst.baseline or 1.0) >= shape.vcpu - 1e-9
        and inst.memory_gib * USABLE_MEMORY >= shape.memory_gb - 1e-9
    ]
    if not fitting:
        return None
    root_gb = workload.ec2.root_volume_gb
    chosen = min(fitting, key=lambda inst: _fleet_cost(inst, hours, root_gb, ebs))
    peak = max(1, math.ceil(demand.peak_rps * duration_s - 1e-9))
    return Fleet(chosen.name, hours, (peak,))


def ec2_items(
    workload: Workload, demand: Demand, shape: TaskShape, fleet: Fleet, rates: Ec2Rates
) -> tuple[list[Item], dict[str, object]]:
    """Line items and sizing for the chosen fleet; utilisation is the mean busy vCPU over the
    vCPU of the instances running."""
    inst = rates.instances[fleet.instance_type]
    busy_vcpu = (
        demand.average_rps * workload.execution.duration_ms / 1000 * shape.vcpu / shape.concurrency
    )
    hours = dec(round(fleet.instance_hours, 6))
    root_gb_months = hours / HOURS_PER_MONTH * dec(workload.ec2.root_volume_gb)
    items = [
        Item(
            f"{fleet.instance_type} instance hours",
            hours,
            "instance-hour",
            inst.hourly,
            hours * inst.hourly,
        ),
        flat_item("EBS gp3 root volumes", root_gb_months, rates.ebs_gp3),
    ]
    sizing: dict[str, object] = {
        "instance_type": fleet.instance_type,
        "instance_vcpu": float(inst.vcpu),
        "instance_memory_gib": float(inst.memory_gib),
        "instances_min": min(fleet.counts),
        "instances_mean": round(fleet.instance_hours / HOURS_PER_MONTH, 2),
        "instances_max": max(fleet.counts),
        "instance_hours": round(fleet.instance_hours, 2),
        "utilization": round(
            min(
                1.0,
                busy_vcpu * HOURS_PER_MONTH / max(fleet.instance_hours * float(inst.vcpu), 1e-9),
            ),
            4,
        ),
    }
    if demand.pattern is Pattern.SCHEDULED:
        sizing["instances_min"] = 0
        sizing["scale_to_zero"] = True
    if inst.baseline is not None:
        sizing["burstable_baseline"] = float(inst.baseline)
    return items, sizing
