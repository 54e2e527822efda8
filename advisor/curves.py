"""Each option's monthly cost, for many workloads at once, at many multiples of their traffic.

The break-even search prices a workload at dozens of traffic multiples, and `advisor compare`
does that for thousands of workloads. Line items in Decimal (`engine.price_options`) cost a fifth
of a millisecond per multiple; these curves follow the same cost models in numpy floats. Each
cost model gathers the figures of every workload it prices into arrays, so that one numpy call
prices a whole batch at every multiple; per workload, only reading its figures is left in Python.
Floats rank options and place a break-even exactly enough (a property test holds every curve to
the line items' totals); figures a report shows to the cent come from the line items.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from advisor.models.catalog import PricingFile, Rate
from advisor.models.report import SIMPLICITY
from advisor.models.workload import HOURS_PER_MONTH, Entry, Pattern, Platform, Workload
from advisor.platforms.aws_lambda import FREE_EPHEMERAL_MB, PROVISIONED_UTILIZATION
from advisor.platforms.containers import Floats, TaskShape, held_units, scaling, task_shape
from advisor.platforms.ec2 import (
    FitTable,
    Ints,
    cheapest_fleets,
    fitting,
    fleet_floor,
    job_fleet,
)
from advisor.platforms.entry import (
    KB_PER_GB,
    LCU_ACTIVE_CONNECTIONS,
    LCU_GB_PER_HOUR,
    LCU_NEW_CONNECTIONS_PER_S,
    entry_for,
)
from advisor.platforms.fargate import snap_task_size
from advisor.traffic import Demand

Curve = Callable[[Floats], Floats]

KEYS = tuple(sorted(SIMPLICITY, key=SIMPLICITY.__getitem__))
"""Every option key, simplest first: the order of the options in a batch's cost table."""
PLATFORM_OF = {key: Platform(key.split(":")[0]) for key in KEYS}
DOOR_OF_KEY = [0 if PLATFORM_OF[key] is Platform.LAMBDA else 1 for key in KEYS]
"""The door in front of each option: 0, Lambda's entry; 1, the containers'."""
BEYOND_ANY_USE = 1e30
"""A quantity no month reaches: where the last, unbounded band's line is drawn to."""


def banded(rate: Rate) -> Curve:
    """The cost of any quantities through the rate's volume bands (a flat rate is one band):
    a line through the cumulative cost at each band's end. Memoised per rate, each entry
    keeping its rate alive (so the id in the key cannot be reused)."""
    if id(rate) not in _BANDED:
        _BANDED[id(rate)] = (rate, _banded(rate))
    return _BANDED[id(rate)][1]


_BANDED: dict[int, tuple[Rate, Curve]] = {}


def _banded(rate: Rate) -> Curve:
    if len(rate.bands) == 1:
        unit = float(rate.bands[0].price)
        return lambda quantity: quantity * unit
    ends, totals = [0.0], [0.0]
    for band in rate.bands:
        upper = BEYOND_ANY_USE if band.upto is None else float(band.upto)
        totals.append(totals[-1] + (upper - ends[-1]) * float(band.price))
        ends.append(upper)
    return lambda quantity: np.interp(quantity, ends, totals)


def price(rate: Rate) -> float:
    """A flat rate as a float (memoised per rate, as `banded` is)."""
    if id(rate) not in _PRICES:
        _PRICES[id(rate)] = (rate, float(rate.bands[0].price))
    return _PRICES[id(rate)][1]


_PRICES: dict[int, tuple[Rate, float]] = {}


@dataclass
class Model:
    """One cost model's share of a batch: which (workload, option or door) each member prices,
    and its figures. Members of one group (one rate table, one set of hours: its `context`) are
    priced together by `price`, which gets the multiples of each member's workload (a row
    each), the members' figures as columns, and the group's context."""

    price: Callable[[Floats, dict[str, Floats], Any], Floats]
    derive: Callable[[dict[str, Floats], Any], dict[str, Floats]] | None = None
    """Columns worked out once from the members' figures (and the context), not at every
    pricing: what does not depend on the multiples."""
    members: dict[Hashable, list[tuple[int, int, dict[str, Any]]]] = field(default_factory=dict)
    contexts: dict[Hashable, Any] = field(default_factory=dict)
    _columns: dict[Hashable, tuple[Ints, Ints, dict[str, Floats]]] = field(default_factory=dict)

    def add(
        self, group: Hashable, owner: int, slot: int, context: Any = None, **figures: Any
    ) -> None:
        """A member: workload `owner`, row `slot` of the table this model writes to."""
        # a group's key may hold a profile's hours, which Python hashes afresh at every lookup
        members = self.members.get(group)
        if members is None:
            members = self.members[group] = []
            self.contexts[group] = context
        members.append((owner, slot, figures))
        if self._columns:  # priced already: this group's columns are out of date
            self._columns.pop(group, None)

    def into(self, table: Floats, scales: Floats, rows: Rows) -> None:
        """Price the members of the workloads that `rows` asks for, each at the multiples of
        each of its workload's rows of `scales`, into the same rows of `table`."""
        for group, members in self.members.items():
            if group not in self._columns:
                figures = {
                    name: np.array([member[name] for _, _, member in members])
                    for name in members[0][2]
                }
                if self.derive is not None:
                    figures |= self.derive(figures, self.contexts[group])
                self._columns[group] = (
                    np.array([owner for owner, _, _ in members]),
                    np.array([slot for _, slot, _ in members]),
                    figures,
                )
            owners, slots, columns = self._columns[group]
            chosen, at = rows.of(owners)
            if chosen is not None:
                if not len(chosen):
                    continue
                slots = slots[chosen]
                columns = {name: column[chosen] for name, column in columns.items()}
            table[at, slots] = self.price(scales[at], columns, self.contexts[group])


class Rows:
    """The rows of a pricing: the workload of each (a workload may have several rows, at
    other multiples, or none)."""

    def __init__(self, owners: Ints) -> None:
        self.order = np.argsort(owners, kind="stable")
        self.ranked = owners[self.order]

    def of(self, owners: Ints) -> tuple[Ints | None, Ints]:
        """For members of these workloads: the members priced (None: each once, in order) and
        the row of each."""
        first = np.searchsorted(self.ranked, owners, "left")
        count = np.searchsorted(self.ranked, owners, "right") - first
        if (count == 1).all():  # every member once: the first pass, and most others
            return None, self.order[first]
        chosen = np.repeat(np.arange(len(owners)), count)
        offset = np.arange(len(chosen)) - np.repeat(np.cumsum(count) - count, count)
        return chosen, self.order[np.repeat(first, count) + offset]


class CurveBatch:
    """Monthly cost of options of many workloads at any multiples of each one's traffic, with
    its demand's shape. Options a workload does not have cost infinity."""

    def __init__(self) -> None:
        self.count = 0
        self.runs = {
            "lambda": Model(_lambda_on_demand),
            "lambda-free": Model(_lambda_free),
            "lambda-warm": Model(_lambda_warm),
            "fargate-jobs": Model(_per_run),
            "fargate": Model(_fargate_tasks),
            "ec2-jobs": Model(_linear),
            "ec2": Model(_ec2_fleet, derive=_ec2_today),
        }
        self.doors = {
            "gateway": Model(_gateway),
            "websocket": Model(_websocket),
            "alb": Model(_alb),
        }
        self.offers: list[list[bool]] = []
        """Whether each workload has each option (a row of KEYS per workload)."""
        self.fixed: list[float] = []

    def add(
        self,
        workload: Workload,
        demand: Demand,
        rates: PricingFile,
        keys: Sequence[str],
        shape: TaskShape | None = None,
    ) -> None:
        """Add a workload's options `keys` (`shape`: its task, when known already); workloads
        are numbered in the order added."""
        profile_hour = HOURS_PER_MONTH / len(demand.buckets)
        shape = shape or task_shape(workload)
        _Reader(self, self.count, workload, demand.merged(), profile_hour, rates, shape).read(keys)
        self.count += 1

    def costs(self, scales: Floats, owners: Sequence[int] | Ints | None = None) -> Floats:
        """Costs, shape (rows, KEYS, multiples), at `scales` (one row of multiples for all, or
        one per row); a row per workload, or one per entry of `owners` (a workload may come more
        than once, at other multiples)."""
        asked = np.arange(self.count) if owners is None else np.asarray(owners, dtype=np.intp)
        rows = Rows(asked)
        s = np.broadcast_to(np.asarray(scales, dtype=float), (len(asked), np.shape(scales)[-1]))
        runs = np.zeros((len(asked), len(KEYS), s.shape[1]))
        for model in self.runs.values():
            model.into(runs, s, rows)
        doors = np.zeros((len(asked), 2, s.shape[1]))  # 0: in front of Lambda, 1: of containers
        for model in self.doors.values():
            model.into(doors, s, rows)
        doors += np.array(self.fixed)[asked, None, None]
        table = runs + doors[:, DOOR_OF_KEY]
        table[~np.array(self.offers)[asked]] = np.inf
        return table


class _Reader:
    """Reads one workload's figures into the batch's cost models."""

    def __init__(
        self,
        batch: CurveBatch,
        owner: int,
        workload: Workload,
        demand: Demand,
        profile_hour: float,
        rates: PricingFile,
        shape: TaskShape,
    ) -> None:
        """`demand` with its identical hours merged; `profile_hour`, the month's share of one
        hour of its profile, of which each merged bucket's hours are a whole multiple."""
        self.batch, self.owner = batch, owner
        self.workload, self.demand, self.rates = workload, demand, rates
        self.profile_hour = profile_hour
        self.hours, self.rps, self.peak = zip(*demand.buckets, strict=True)
        self.hour_array = np.array(self.hours)
        self.shape = shape

    def read(self, keys: Sequence[str]) -> None:
        doors: set[int] = set()
        for key in keys:
            slot = KEYS.index(key)
            if key == "fargate":
                self._fargate(slot)
            elif key == "ec2":
                self._ec2(slot)
            else:
                self._lambda(slot, provisioned=key != "lambda")
            platform = PLATFORM_OF[key]
            door = 0 if platform is Platform.LAMBDA else 1
            if door not in doors:
                doors.add(door)
                self._entry(platform, door)
        self.batch.offers.append([key in keys for key in KEYS])
        self.batch.fixed.append(self._nat())

    # Lambda

    def _lambda(self, slot: int, provisioned: bool) -> None:
        execution, settings = self.workload.execution, self.workload.lambda_
        rates = self.rates.lambda_
        arch = execution.architecture.value
        billed_s = math.ceil(execution.duration_ms) / 1000
        gb_s_per_request = billed_s * execution.memory_mb / 1024
        monthly = self.demand.monthly_requests
        ephemeral_gb = (execution.ephemeral_storage_mb - FREE_EPHEMERAL_MB) / 1024
        per_request = price(rates.requests) + billed_s * ephemeral_gb * price(
            rates.ephemeral_storage
        )
        duration = getattr(rates.duration, arch)
        fixed_warm = float(settings.provisioned_concurrency)
        runs, owner = self.batch.runs, self.owner
        if not provisioned and not fixed_warm:
            per_gb_s = monthly * gb_s_per_request
            if not settings.free_tier:
                runs["lambda"].add(
                    id(duration),
                    owner,
                    slot,
                    banded(duration),
                    requests_cost=monthly * per_request,
                    per_gb_s=per_gb_s,
                )
                return
            runs["lambda-free"].add(
                id(duration),
                owner,
                slot,
                banded(duration),
                monthly=monthly,
                per_request=per_request,
                free_requests=float(rates.free_tier.requests),
                free_gb_s=float(rates.free_tier.gb_seconds),
                request_rate=price(rates.requests),
                per_gb_s=per_gb_s,
            )
            return
        rps = np.array(self.rps)
        runs["lambda-warm"].add(
            (id(duration), len(self.hours)),
            owner,
            slot,
            banded(duration),
            provisioned=provisioned,
            fixed_warm=fixed_warm,
            peak_concurrency=max(self.peak) * execution.duration_ms / 1000,
            warm_rate=price(getattr(rates.provisioned_concurrency, arch)),
            warm_duration_rate=price(getattr(rates.provisioned_duration, arch)),
            warm_gb_s=execution.memory_mb / 1024 * settings.provisioned_hours * 3600,
            coverage=settings.provisioned_hours / HOURS_PER_MONTH,
            requests_per_hour=rps * self.hour_array * 3600,
            concurrency=rps * billed_s,
            monthly=monthly,
            per_request=per_request,
            gb_s_per_request=gb_s_per_request,
        )

    # Containers

    def _fargate(self, slot: int) -> None:
        workload, rates, shape = self.workload, self.rates.fargate, self.shape
        size = snap_task_size(shape.vcpu, shape.memory_gb, rates)
        assert size is not None, "fargate is only priced when a task size fits"
        arch = getattr(rates, workload.execution.architecture.value)
        per_hour = size[0] * price(arch.vcpu) + size[1] * price(arch.memory)
        extra = workload.container.ephemeral_storage_gb - float(rates.free_ephemeral_gb)
        if extra > 0:
            per_hour += extra * price(rates.ephemeral_storage)
        duration_s = workload.execution.duration_ms / 1000
        if self.demand.pattern is Pattern.SCHEDULED:
            billed_s = max(float(rates.minimum_billed_s), duration_s)
            self.batch.runs["fargate-jobs"].add(
                None,
                self.owner,
                slot,
                monthly=self.demand.monthly_requests,
                per_run=billed_s / 3600 * per_hour,
            )
            return
        self.batch.runs["fargate"].add(
            self.hours,
            self.owner,
            slot,
            self.hour_array,
            per_hour=per_hour,
            **self._held(duration_s, workload.container.scale_out_lag_s, shape.min_tasks),
        )

    def _ec2(self, slot: int) -> None:
        workload, rates = self.workload, self.rates.ec2
        settings = workload.ec2
        duration_s = workload.execution.duration_ms / 1000
        root_gb_hour = settings.root_volume_gb * price(rates.ebs_gp3) / HOURS_PER_MONTH
        if self.demand.pattern is Pattern.SCHEDULED:
            # one instance per run: the cheapest type does not depend on how many runs there are
            jobs = job_fleet(workload, self.demand, self.shape, rates, duration_s)
            assert jobs is not None, "ec2 is only priced when an instance type fits"
            per_hour = float(rates.instances[jobs.instance_type].hourly) + root_gb_hour
            cost = jobs.instance_hours * per_hour
            self.batch.runs["ec2-jobs"].add(None, self.owner, slot, today=cost)
            return
        shape = self.shape
        table = fitting(
            rates,
            settings.instance_type,
            workload.execution.architecture.value,
            shape.vcpu,
            shape.memory_gb,
            root_gb_hour,
        )
        self.batch.runs["ec2"].add(
            (id(table), self.hours, self.profile_hour),
            self.owner,
            slot,
            (table, self.hour_array, self.profile_hour),
            fleet_floor=float(fleet_floor(workload)),
            busy=self.demand.average_rps * duration_s * shape.vcpu / shape.concurrency,
            # pooled units scale with traffic: the model works them out at today's
            **self._held(duration_s, settings.scale_out_lag_s, 0.0),
        )

    def _held(self, duration_s: float, lag: float, floor: float) -> dict[str, Any]:
        """The figures `held_units` needs, for a model to size many workloads at once."""
        return {
            "rps": self.rps,
            "peak": self.peak,
            "floor": floor,
            **scaling(self.demand, duration_s, self.shape, lag),
        }

    # Entry and network

    def _entry(self, platform: Platform, door: int) -> None:
        """The entry in front of a platform."""
        workload, gateway = self.workload, self.rates.api_gateway
        entry = entry_for(platform, workload)
        monthly = self.demand.monthly_requests
        doors, owner = self.batch.doors, self.owner
        if entry in (Entry.API_GATEWAY_HTTP, Entry.API_GATEWAY_REST):
            rate = gateway.http if entry is Entry.API_GATEWAY_HTTP else gateway.rest
            doors["gateway"].add(id(rate), owner, door, banded(rate), monthly=monthly)
        elif entry is Entry.API_GATEWAY_WEBSOCKET:
            held = workload.traffic.concurrent_connections
            doors["websocket"].add(
                id(gateway.websocket_messages),
                owner,
                door,
                banded(gateway.websocket_messages),
                monthly=monthly,
                per_minute=price(gateway.websocket_connection_minutes),
                held=held or 0.0,
                mean=self.demand.average_rps * workload.execution.duration_ms / 1000,
            )
        elif entry is Entry.ALB:
            self._alb(platform, door)

    def _alb(self, platform: Platform, door: int) -> None:
        """ALB hours and LCU-hours: each hour bills the largest of its LCU dimensions; the
        per-request ones grow with traffic, active connections do not."""
        workload, rates = self.workload, self.rates.alb
        traffic = workload.traffic
        kb = traffic.request_kb + traffic.response_kb
        per_rps = max(
            1 / traffic.requests_per_connection / LCU_NEW_CONNECTIONS_PER_S,
            3600 * kb / KB_PER_GB / LCU_GB_PER_HOUR[platform],
        )
        active = traffic.concurrent_connections or 0.0
        floor = (
            active / LCU_ACTIVE_CONNECTIONS if workload.requirements.persistent_connections else 0.0
        )
        self.batch.doors["alb"].add(
            self.hours,
            self.owner,
            door,
            self.hour_array,
            per_bucket=np.array(self.rps) * per_rps,
            floor=floor,
            lcu_rate=price(rates.lcu_hour),
            fixed=HOURS_PER_MONTH * price(rates.hour),
        )

    def _nat(self) -> float:
        network, rates = self.workload.network, self.rates.nat
        if not network.nat_gateway:
            return 0.0
        return HOURS_PER_MONTH * price(rates.hour) + network.nat_gb_per_month * price(rates.gb)


# The cost models. Each gets `s` (members x multiples), its members' figures as columns, and
# its group's context; `_col` shapes a column to multiply by `s`.


def _col(values: Floats) -> Floats:
    return values[:, None]


def _lambda_on_demand(s: Floats, f: dict[str, Floats], duration: Curve) -> Floats:
    cost: Floats = s * _col(f["requests_cost"]) + duration(s * _col(f["per_gb_s"]))
    return cost


def _lambda_free(s: Floats, f: dict[str, Floats], duration: Curve) -> Floats:
    requests = _col(f["monthly"]) * s
    free = np.minimum(requests, _col(f["free_requests"])) * _col(f["request_rate"])
    gb_seconds = s * _col(f["per_gb_s"])
    billed: Floats = gb_seconds - np.minimum(gb_seconds, _col(f["free_gb_s"]))
    cost: Floats = requests * _col(f["per_request"]) - free + duration(billed)
    return cost


def _lambda_warm(s: Floats, f: dict[str, Floats], duration: Curve) -> Floats:
    # the provisioned variant is sized at each multiple for its peak, as price_options does
    sized = np.maximum(
        1.0, np.ceil(s * _col(f["peak_concurrency"]) / PROVISIONED_UTILIZATION - 1e-9)
    )
    warm = np.where(_col(f["provisioned"]), sized, _col(f["fixed_warm"]))
    busy = s[:, :, None] * f["concurrency"][:, None, :]
    share = np.where(busy <= warm[:, :, None], 1.0, warm[:, :, None] / np.maximum(busy, 1e-300))
    requests_per_hour = f["requests_per_hour"][:, None, :]
    served = (s[:, :, None] * requests_per_hour * share).sum(axis=2) * _col(f["coverage"])
    requests = _col(f["monthly"]) * s
    on_warm = np.minimum(requests, served) * _col(f["gb_s_per_request"])
    on_demand: Floats = requests * _col(f["gb_s_per_request"]) - on_warm
    cost: Floats = (
        requests * _col(f["per_request"])
        + warm * _col(f["warm_gb_s"]) * _col(f["warm_rate"])
        + on_warm * _col(f["warm_duration_rate"])
        + duration(on_demand)
    )
    return cost


def _per_run(s: Floats, f: dict[str, Floats], context: None) -> Floats:
    cost: Floats = _col(f["monthly"]) * s * _col(f["per_run"])
    return cost


def _linear(s: Floats, f: dict[str, Floats], context: None) -> Floats:
    cost: Floats = s * _col(f["today"])
    return cost


def _held(s: Floats, f: dict[str, Floats], whole: bool) -> Floats:
    """Units held in each hour: members x multiples x hours."""

    def each(name: str) -> Floats:
        return f[name][:, None, None]

    return held_units(
        s[:, :, None] * f["rps"][:, None, :],
        s[:, :, None] * f["peak"][:, None, :],
        factor=each("factor"),
        floor=each("floor"),
        held_peak=each("held_peak"),
        share=each("share"),
        whole=whole,
    )


def _fargate_tasks(s: Floats, f: dict[str, Floats], hours: Floats) -> Floats:
    task_hours: Floats = _held(s, f, whole=True) @ hours
    cost: Floats = task_hours * _col(f["per_hour"])
    return cost


def _ec2_fleet(s: Floats, f: dict[str, Floats], context: tuple[FitTable, Floats, float]) -> Floats:
    table, hours, profile_hour = context
    members, multiples = s.shape
    step = max(1, FLEET_CELLS // (multiples * len(table) * len(hours)))
    if members > step:  # a slice of the members at a time
        return np.concatenate(
            [
                _ec2_fleet(s[i : i + step], {k: v[i : i + step] for k, v in f.items()}, context)
                for i in range(0, members, step)
            ]
        )
    units = (s[:, :, None] * f["today"][:, None, :]).reshape(members * multiples, -1)
    floors = np.repeat(f["fleet_floor"], multiples)
    busy = (s * _col(f["busy"])).reshape(-1)
    cost, _, _ = cheapest_fleets(table, units, hours, floors, busy, profile_hour)
    fleets: Floats = cost.reshape(members, multiples)
    return fleets


def _ec2_today(f: dict[str, Floats], context: tuple[FitTable, Floats, float]) -> dict[str, Floats]:
    """Pooled units held in each hour at today's traffic (they scale with it)."""
    return {"today": _held(np.ones((len(f["rps"]), 1)), f, whole=False)[:, 0, :]}


FLEET_CELLS = 2_000_000
"""The most instance counts (type x hour x multiple) the fleet search holds at once, 16 MB: the
members of a batch with weekly profiles are searched a slice at a time."""


def _gateway(s: Floats, f: dict[str, Floats], requests: Curve) -> Floats:
    return requests(_col(f["monthly"]) * s)


def _websocket(s: Floats, f: dict[str, Floats], messages: Curve) -> Floats:
    held = _col(f["held"])
    connections = np.where(held > 0, held, np.maximum(1.0, _col(f["mean"]) * s))
    cost: Floats = messages(_col(f["monthly"]) * s) + connections * HOURS_PER_MONTH * 60 * _col(
        f["per_minute"]
    )
    return cost


def _alb(s: Floats, f: dict[str, Floats], hours: Floats) -> Floats:
    load = s[:, :, None] * f["per_bucket"][:, None, :]
    lcu_hours: Floats = np.maximum(load, f["floor"][:, None, None]) @ hours
    cost: Floats = _col(f["fixed"]) + lcu_hours * _col(f["lcu_rate"])
    return cost


class CostCurves:
    """One workload's options (`keys`) at any multiples of its traffic: a batch of one."""

    def __init__(
        self, workload: Workload, demand: Demand, rates: PricingFile, keys: Sequence[str]
    ) -> None:
        self.keys = list(keys)
        self.batch = CurveBatch()
        self.batch.add(workload, demand, rates, self.keys)

    def costs(self, scales: Sequence[float] | Floats) -> dict[str, Floats]:
        """Each option's monthly cost at each multiple (arrays in the order of `scales`)."""
        table = self.batch.costs(np.asarray(scales, dtype=float)[None, :])[0]
        return {key: table[KEYS.index(key)] for key in self.keys}
