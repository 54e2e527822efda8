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
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import cast

import numpy as np
import numpy.typing as npt

from advisor.models.catalog import Ec2Rates, Instance, InstanceFigures
from advisor.models.sizing import UNSIZED, AnySizing, Ec2Sizing
from advisor.models.workload import HOURS_PER_MONTH, Entry, Pattern, Workload
from advisor.money import Item, dec
from advisor.pricing.charges import Charge, N, Purchase, curve, line_items, priced, share_off
from advisor.pricing.containers import (
    Floats,
    Holding,
    TaskShape,
    capacities,
    container_demand,
    job_hours,
    units_held,
)
from advisor.pricing.traffic import Demand

USABLE_MEMORY = 0.9
MINIMUM_BILLED_S = 60.0

Ints = npt.NDArray[np.intp]


@dataclass(frozen=True, slots=True)
class Fleet:
    """The chosen type and how many instances run each hour."""

    instance_type: str
    instance_hours: float
    counts: tuple[int, ...]
    per_run: bool = False
    """Scheduled jobs: an instance launched for each run (else a pool of workers)."""


@dataclass(frozen=True)
class FitTable:
    """The types worth considering for one task shape, as arrays (one entry per type), so the
    fleet search prices every type, hour and traffic multiple at once."""

    names: list[str]
    task_share: Floats
    """The share of an instance one task takes: the larger of its vCPU and memory shares."""
    unit_cost: Floats
    """An instance-hour with its root volume (`ec2_charges` of one hour)."""
    sustained: Floats
    """Burstable types: the vCPU they sustain; NaN for the rest."""

    def __len__(self) -> int:
        return len(self.names)


def ec2_charges(
    instance_type: str, instance_hours: N, hourly: N, root_volume_gb: N, rates: Ec2Rates
) -> list[Charge[N]]:
    """What a fleet's instance-hours bill, each instance with its gp3 root volume."""
    return [
        Charge(
            f"{instance_type} instance hours",
            instance_hours,
            price=hourly,
            unit="instance-hour",
            usage=f"ec2-instance:{family(instance_type)}",
        ),
        Charge(
            "EBS gp3 root volumes", instance_hours / HOURS_PER_MONTH * root_volume_gb, rates.ebs_gp3
        ),
    ]


def task_share(vcpu: float, memory_gb: float, instance_vcpu: float, instance_gib: float) -> float:
    """The share of an instance one task takes: of its vCPU, or of its usable memory."""
    return max(vcpu / instance_vcpu, memory_gb / (instance_gib * USABLE_MEMORY))


def family(instance_type: str) -> str:
    """An instance type's family (`c5` of `c5.xlarge`), as Spot and Savings Plan figures are
    published per family."""
    return instance_type.split(".", 1)[0]


def instance_hour_costs(hourly: Floats, root_volume_gb: float, rates: Ec2Rates) -> Floats:
    """What one instance-hour of each type bills with its root volume: the price the fleet
    search compares, from the same charges as the line items."""
    one = np.ones_like(hourly)
    return curve(ec2_charges("", one, hourly, one * root_volume_gb, rates))


def fitting(
    rates: Ec2Rates,
    pinned: str | None,
    arch: str,
    vcpu: float,
    memory_gb: float,
    root_volume_gb: float,
    *,
    memory_per_vcpu: tuple[float, float] | None = None,
) -> FitTable:
    """The types that hold one whole task (of these GiB per vCPU and not burstable, when
    `memory_per_vcpu` bounds them: Lambda Managed Instances' families), less those another type
    beats on every count (as large or larger, no dearer, sustaining as much), and less those
    that a type listed before them beats for this task (it takes no larger a share of an
    instance, costs no more an hour, sustains as much): such a type runs no more instances in
    any hour at no higher price, so it is never the first cheapest. That halves the fleet
    search (20 types to 10 on average).
    Kept with the catalog, per task shape."""
    key = ("fitting", pinned, arch, vcpu, memory_gb, root_volume_gb, memory_per_vcpu)
    found = rates.memo.get(key)
    if found is None:
        low, high = memory_per_vcpu or (0.0, math.inf)
        fits = [
            inst
            for inst in _candidates(rates, pinned, arch)
            if (
                memory_per_vcpu is None
                or (inst.baseline is None and low <= inst.memory_gib / inst.vcpu <= high)
            )
            and inst.vcpu >= vcpu - 1e-9
            and inst.memory_gib * USABLE_MEMORY >= memory_gb - 1e-9
        ]
        kept = [inst for i, inst in enumerate(fits) if not _beaten(inst, i, fits)]
        shares = [task_share(vcpu, memory_gb, i.vcpu, i.memory_gib) for i in kept]
        costs = instance_hour_costs(
            np.array([inst.hourly for inst in kept]), root_volume_gb, rates
        ).tolist()
        # what each sustains; a type that is not burstable, without limit (NaN in the table)
        sustains = [math.inf if i.baseline is None else _sustained(i) for i in kept]
        useful = [
            i
            for i in range(len(kept))
            if not any(
                shares[j] <= shares[i] and costs[j] <= costs[i] and sustains[j] >= sustains[i]
                for j in range(i)
            )
        ]
        table = FitTable(
            names=[kept[i].name for i in useful],
            task_share=np.array([shares[i] for i in useful]),
            unit_cost=np.array([costs[i] for i in useful]),
            sustained=np.array([sustains[i] for i in useful]),
        )
        table.sustained[np.isinf(table.sustained)] = math.nan
        found = rates.memo[key] = table
    return cast(FitTable, found)


def _sustained(inst: InstanceFigures) -> float:
    return inst.vcpu * (inst.baseline or 1.0)


def _beaten(inst: InstanceFigures, index: int, others: list[InstanceFigures]) -> bool:
    """Whether another type is at least as good in every respect (and, when equal in all,
    comes first), so it is never the only cheapest choice."""
    for j, other in enumerate(others):
        if j == index:
            continue
        as_good = (
            other.hourly <= inst.hourly
            and other.vcpu >= inst.vcpu
            and other.memory_gib >= inst.memory_gib
            and _sustained(other) >= _sustained(inst)
        )
        same = (other.hourly, other.vcpu, other.memory_gib, _sustained(other)) == (
            inst.hourly,
            inst.vcpu,
            inst.memory_gib,
            _sustained(inst),
        )
        if as_good and (not same or j < index):
            return True
    return False


def _candidates(rates: Ec2Rates, pinned: str | None, arch: str) -> list[InstanceFigures]:
    """The pinned type, or every type of the workload's architecture."""
    if pinned is not None:
        return [rates.figures_by_name[pinned]]
    return rates.figures_by_architecture[arch]


def cheapest_fleets(
    table: FitTable,
    units: Floats,
    hours: Floats,
    floors: Floats,
    busy_vcpu: Floats,
    profile_hour: float,
) -> tuple[Floats, Ints, Floats]:
    """For each row of `units` (task-sized units held in each hour: one row per traffic
    multiple, or per workload and multiple), the cheapest fleet's monthly cost, its type (an
    index into the table) and its instances in each hour.

    Every instance holds whole tasks' worth of vCPU and memory, at least `floors` run (one per
    row), and burstable types must also sustain the mean busy vCPU (`busy_vcpu`, one per row).
    `hours` are whole multiples of `profile_hour` (the month's share of one hour of the daily or
    weekly profile), so each type's instances are added up in whole profile hours: exact in any
    order, so that equal costs tie exactly and the type listed first wins.
    """
    # types first and rows last, so that every step runs along the rows: with the rows first,
    # each ran along a type's few hours and numpy copied broadcast figures into buffers (the
    # search took twice as long with 13 hours)
    least = _least(table, floors, busy_vcpu)
    counts = _counts(table.task_share, units, least)
    weights = np.rint(hours / profile_hour)
    # whole numbers, so exact in any order (and einsum starts no BLAS threads, as np.dot of the
    # whole block would)
    if len(hours) == 1:
        slots = counts[:, 0, :] * weights[0]
    else:
        slots = np.einsum("thr,h->tr", counts, weights)
    costs = slots * (profile_hour * table.unit_cost)[:, None]
    best = costs.argmin(axis=0)
    rows = np.arange(len(units))
    return costs[best, rows], best, counts[best, :, rows]


def _least(table: FitTable, floors: Floats, busy_vcpu: Floats) -> Floats:
    """Instances each type must run at least (types x rows): the floor, and for burstable
    types enough to sustain the busy vCPU."""
    sustain = np.ceil(busy_vcpu / table.sustained[:, None] - 1e-9)  # NaN where not burstable
    least: Floats = np.fmax(floors, sustain)
    return least


def _counts(task_share: Floats, units: Floats, least: Floats) -> Floats:
    """Instances of each type per hour and row (types x hours x rows): whole instances for the
    units, at least `least` (worked in place: these arrays are the fleet search's largest)."""
    counts = np.ascontiguousarray(units.T) * task_share[:, None, None]
    counts -= 1e-9
    np.ceil(counts, out=counts)
    np.maximum(counts, least[:, None, :], out=counts)
    return counts


@dataclass(frozen=True, slots=True)
class Sizing:
    """What one workload's fleet depends on."""

    workload: Workload
    demand: Demand
    shape: TaskShape
    rates: Ec2Rates


def choose_fleets(sizings: Sequence[Sizing]) -> list[Fleet | None]:
    """The cheapest fleet of each workload (None when no type in the catalog holds its task).
    Workloads with the same types to choose from and the same hours are searched together, one
    numpy step per operation for all of them."""
    fleets: list[Fleet | None] = [None] * len(sizings)
    groups: dict[tuple[int, tuple[float, ...]], list[int]] = defaultdict(list)
    tables: dict[int, FitTable] = {}
    jobs: dict[int, Fleet | None] = {}
    for index, sizing in enumerate(sizings):
        workload, demand, shape, rates = sizing.workload, sizing.demand, sizing.shape, sizing.rates
        settings = workload.ec2
        arch = workload.execution.arch.value
        if demand.pattern is Pattern.SCHEDULED:
            duration_s = workload.execution.duration_ms / 1000
            jobs[index] = job_fleet(workload, demand, shape, rates, duration_s)
        table = fitting(
            rates,
            settings.instance_type,
            arch,
            shape.vcpu,
            shape.memory_gb,
            settings.root_volume_gb,
        )
        if table:
            tables[id(table)] = table
            groups[(id(table), tuple([b.hours for b in demand.buckets]))].append(index)
    for (table_id, hours_each), members in groups.items():
        table, hours = tables[table_id], np.array(hours_each)
        group = [sizings[index] for index in members]
        units = units_held([_pooled(s) for s in group], whole=False)
        busy = [_busy_vcpu(s) for s in group]
        _, best, counts = cheapest_fleets(
            table,
            units,
            hours,
            np.array([float(fleet_floor(s.workload, s.demand)) for s in group]),
            np.array(busy),
            profile_hour=hours_each[0],  # the buckets of a profile that is not merged
        )
        held = counts.tolist()  # ints from Python floats: 40 % quicker than from numpy's
        for row, index in enumerate(members):
            fleets[index] = Fleet(
                table.names[int(best[row])],
                float(counts[row] @ hours),
                tuple(map(int, held[row])),
            )
    for index, job in jobs.items():  # a run each, where that costs less than a pool
        pool = fleets[index]
        rates, root_gb = sizings[index].rates, sizings[index].workload.ec2.root_volume_gb
        if job is not None and (
            pool is None or cost_of(job, rates, root_gb) <= cost_of(pool, rates, root_gb)
        ):
            fleets[index] = job
    return fleets


def cost_of(fleet: Fleet, rates: Ec2Rates, root_volume_gb: float) -> float:
    """A fleet's monthly cost, from the charges of its instance-hours."""
    hourly = np.array([float(rates.instances[fleet.instance_type].hourly)])
    return fleet.instance_hours * float(instance_hour_costs(hourly, root_volume_gb, rates)[0])


_SHARES: dict[tuple[int, int, str, float], tuple[Ec2Rates, Purchase, float]] = {}


def purchase_share(
    instance_type: str, rates: Ec2Rates, root_volume_gb: float, purchase: Purchase
) -> float:
    """The share of an instance-hour's cost (with its root volume) that a purchase option takes
    off when it covers all of it, from the charges `priced`: fleet costs are linear in
    instance-hours, so a fleet covered by a share c costs (1 - c x share) of its on-demand
    cost. Memoised (each entry keeps its catalog and purchase alive, so their ids stay theirs)."""
    memo = (id(rates), id(purchase), instance_type, root_volume_gb)
    if memo not in _SHARES:
        one = np.ones(1)
        hourly = one * float(rates.instances[instance_type].hourly)
        charges = ec2_charges(instance_type, one, hourly, one * root_volume_gb, rates)
        _SHARES[memo] = (rates, purchase, share_off(charges, purchase))
    return _SHARES[memo][2]


def _swing(
    workload: Workload,
    demand: Demand,
    shape: TaskShape,
    inst: Instance,
    fewest: int,
    most: int,
) -> tuple[int, int]:
    """The instances standing between bursts and at the top of one, from the same units the
    fleet is priced on (its hourly counts are each hour's mean): at least the floor and, on a
    burstable type, enough to sustain the busy vCPU."""
    duration_s = workload.execution.duration_ms / 1000
    held = Holding(
        container_demand(workload, demand), duration_s, shape, workload.ec2.scale_out_lag_s, 0.0
    )
    units = capacities([held], whole=False)[0]
    vcpu = float(inst.vcpu)
    share = task_share(shape.vcpu, shape.memory_gb, vcpu, float(inst.memory_gib))
    least = fleet_floor(workload, demand)
    if inst.baseline is not None:
        busy = demand.average_rps * shape.cpu_s
        least = max(least, math.ceil(busy / (vcpu * float(inst.baseline)) - 1e-9))
    standing = max(least, math.ceil(units.minimum * share - 1e-9))
    at_peak = max(least, math.ceil(units.maximum * share - 1e-9))
    return min(fewest, standing), max(most, at_peak)


def _pooled(sizing: Sizing) -> Holding:
    """Pooled units: task-sized shares of the fleet, no floor (the fleet has its own)."""
    duration_s = sizing.workload.execution.duration_ms / 1000
    demand = container_demand(sizing.workload, sizing.demand)
    return Holding(demand, duration_s, sizing.shape, sizing.workload.ec2.scale_out_lag_s, 0.0)


def _busy_vcpu(sizing: Sizing) -> float:
    """The mean vCPU the work keeps busy."""
    return sizing.demand.average_rps * sizing.shape.cpu_s


def fleet_floor(workload: Workload, demand: Demand) -> int:
    """Instances that always run: the file's minimum, else two (one per availability zone), or
    one for a pool of job or queue workers (a run waits for a replacement; nobody waits on the
    answer)."""
    floor = workload.ec2.min_instances
    if floor is not None:
        return floor
    return 1 if demand.pattern is Pattern.SCHEDULED or workload.entry is Entry.QUEUE else 2


def job_fleet(
    workload: Workload, demand: Demand, shape: TaskShape, rates: Ec2Rates, duration_s: float
) -> Fleet | None:
    """Scheduled jobs: one instance per run, launched for it and stopped after (boot included)."""
    settings = workload.ec2
    arch = workload.execution.arch.value
    chosen = _job_type(rates, settings.instance_type, arch, shape.vcpu, shape.memory_gb)
    if chosen is None:
        return None
    hours = job_hours(demand, duration_s, MINIMUM_BILLED_S, settings.scale_out_lag_s)
    peak = max(1, math.ceil(demand.peak_rps * duration_s - 1e-9))
    return Fleet(chosen.name, hours, (peak,), per_run=True)


def _job_type(
    rates: Ec2Rates, pinned: str | None, arch: str, vcpu: float, memory_gb: float
) -> InstanceFigures | None:
    """The cheapest type that runs one job of this shape at its sustained vCPU. Every type runs
    a job for the same hours with the same root volume, so the cheapest has the lowest hourly
    price whatever the hours: kept with the catalog per shape (as `fitting` is). Equal prices go
    to the type listed first."""
    key = ("job type", pinned, arch, vcpu, memory_gb)
    if key not in rates.memo:
        able = [
            inst
            for inst in _candidates(rates, pinned, arch)
            if inst.vcpu * (inst.baseline or 1.0) >= vcpu - 1e-9
            and inst.memory_gib * USABLE_MEMORY >= memory_gb - 1e-9
        ]
        rates.memo[key] = min(able, key=lambda inst: inst.hourly) if able else None
    return cast(InstanceFigures | None, rates.memo[key])


def ec2_items(
    workload: Workload,
    demand: Demand,
    shape: TaskShape,
    fleet: Fleet,
    rates: Ec2Rates,
    *,
    with_sizing: bool = True,
    purchase: Purchase | None = None,
    covered: Decimal | None = None,
) -> tuple[list[Item], AnySizing]:
    """Line items and sizing (unless left out: a comparison shows none) for the chosen fleet;
    `purchase`: Spot or a Savings Plan on the share `covered` of its usage (None: all)."""
    inst = rates.instances[fleet.instance_type]
    hours = dec(round(fleet.instance_hours, 6))
    root = dec(workload.ec2.root_volume_gb)
    charges = ec2_charges(fleet.instance_type, hours, inst.hourly, root, rates)
    items = line_items(priced(charges, purchase, covered))
    return items, _sizing(workload, demand, shape, fleet, inst) if with_sizing else UNSIZED


def _sizing(
    workload: Workload, demand: Demand, shape: TaskShape, fleet: Fleet, inst: Instance
) -> Ec2Sizing:
    """The fleet's type and instances; utilisation is the mean busy vCPU over the vCPU of the
    instances running. The fewest and most instances are those standing between bursts and
    those at the top of one (the fleet is priced on each hour's mean, bursts included)."""
    busy_vcpu = demand.average_rps * shape.cpu_s
    fewest, most = min(fleet.counts), max(fleet.counts)
    if not fleet.per_run:
        fewest, most = _swing(workload, demand, shape, inst, fewest, most)
    scheduled = demand.pattern is Pattern.SCHEDULED
    per_run = scheduled and fleet.per_run
    return Ec2Sizing(
        instance_type=fleet.instance_type,
        instance_vcpu=float(inst.vcpu),
        instance_memory_gib=float(inst.memory_gib),
        instances_min=0 if per_run else fewest,
        instances_mean=round(fleet.instance_hours / HOURS_PER_MONTH, 2),
        instances_max=most,
        instance_hours=round(fleet.instance_hours, 2),
        utilization=round(
            min(
                1.0,
                busy_vcpu * HOURS_PER_MONTH / max(fleet.instance_hours * float(inst.vcpu), 1e-9),
            ),
            4,
        ),
        runs_per_day=round(demand.monthly_requests / 730 * 24, 2) if scheduled else None,
        scale_to_zero=True if per_run else None,
        worker_pool=True if scheduled and not fleet.per_run else None,
        burstable_baseline=None if inst.baseline is None else float(inst.baseline),
    )
