"""Each option's monthly cost at many multiples of today's traffic in one pass.

The break-even search and the comparison of a folder price a workload at dozens of traffic
multiples. Line items in Decimal (`engine.price_options`) cost a fifth of a millisecond per
multiple; these curves follow the same cost models in numpy floats over an array of multiples,
with everything that does not depend on the multiple worked out once. Floats rank options and
place a break-even exactly enough (a property test holds every curve to the line items' totals);
figures a report shows to the cent come from the line items.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np

from advisor.models.catalog import PricingFile, Rate
from advisor.models.report import SIMPLICITY
from advisor.models.workload import HOURS_PER_MONTH, Entry, Pattern, Platform, Workload
from advisor.platforms.aws_lambda import FREE_EPHEMERAL_MB, PROVISIONED_UTILIZATION
from advisor.platforms.containers import Floats, held_units, task_shape
from advisor.platforms.ec2 import cheapest_fleets, choose_fleet, fitting, fleet_floor
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


TODAY_ONLY = np.ones(1)
TODAY_ONLY.flags.writeable = False
"""The multiples array of today's traffic alone (shared, so read-only)."""
BEYOND_ANY_USE = 1e30
"""A quantity no month reaches: where the last, unbounded band's line is drawn to."""


def banded(rate: Rate) -> Curve:
    """The cost of any quantities through the rate's volume bands (a flat rate is one band):
    a line through the cumulative cost at each band's end."""
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
    """A flat rate as a float."""
    return float(rate.bands[0].price)


class CostCurves:
    """Monthly cost of each of `keys` ("lambda", "lambda:provisioned", "fargate", "ec2") at any
    multiples of the demand's traffic, with the demand's shape."""

    def __init__(
        self, workload: Workload, demand: Demand, rates: PricingFile, keys: Sequence[str]
    ) -> None:
        self.workload, self.rates, self.keys = workload, rates, list(keys)
        self.demand = demand.merged()
        buckets = self.demand.buckets
        self.hours = np.array([b.hours for b in buckets])
        self.rps = np.array([b.rps for b in buckets])
        self.peak = np.array([b.peak_rps for b in buckets])
        self._flat = all(b.peak_rps == b.rps for b in buckets)
        self.shape = task_shape(workload)
        self._fixed = self._nat()
        makers: dict[str, Callable[[], Curve]] = {
            "lambda": lambda: self._lambda(provisioned=False),
            "lambda:provisioned": lambda: self._lambda(provisioned=True),
            "fargate": self._fargate,
            "ec2": self._ec2,
        }
        doors: dict[tuple[Entry, float], Curve] = {}
        self._curves = {}
        for key in self.keys:
            platform = Platform(key.split(":")[0])
            door = (entry_for(platform, workload), LCU_GB_PER_HOUR[platform])
            if door not in doors:
                doors[door] = self._entry(platform)
            self._curves[key] = (makers[key](), doors[door])
        self._simplest_first = sorted(self.keys, key=SIMPLICITY.__getitem__)

    def costs(self, scales: Sequence[float] | Floats) -> dict[str, Floats]:
        """Each option's monthly cost at each multiple (arrays in the order of `scales`)."""
        s = np.asarray(scales, dtype=float)
        doors: dict[Curve, Floats] = {}  # Fargate and EC2 sit behind the same entry
        costs = {}
        for key, (run, entry) in self._curves.items():
            if entry not in doors:
                doors[entry] = entry(s) + self._fixed
            costs[key] = run(s) + doors[entry]
        return costs

    def cheapest(self, scales: Sequence[float] | Floats) -> tuple[list[str], Floats]:
        """The cheapest option at each multiple (ties go to the simpler one), and its cost."""
        costs = self.costs(scales)
        table = np.empty((len(self._simplest_first), len(costs[self.keys[0]])))
        for row, key in zip(table, self._simplest_first, strict=True):
            row[:] = costs[key]
        names = [self._simplest_first[i] for i in table.argmin(axis=0).tolist()]
        return names, table.min(axis=0)

    # Lambda

    def _lambda(self, provisioned: bool) -> Curve:
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
        duration = banded(getattr(rates.duration, arch))
        fixed_warm = float(settings.provisioned_concurrency)
        if not provisioned and not fixed_warm:
            per_gb_s = monthly * gb_s_per_request
            if not settings.free_tier:
                return lambda s: s * (monthly * per_request) + duration(s * per_gb_s)
            free_requests = float(rates.free_tier.requests)
            free_gb_s = float(rates.free_tier.gb_seconds)
            request_rate = price(rates.requests)

            def on_demand(s: Floats) -> Floats:
                requests = monthly * s
                free = np.minimum(requests, free_requests) * request_rate
                gb_seconds = s * per_gb_s
                billed: Floats = gb_seconds - np.minimum(gb_seconds, free_gb_s)
                return requests * per_request - free + duration(billed)

            return on_demand

        peak_concurrency = float(self.peak.max()) * execution.duration_ms / 1000
        warm_rate = price(getattr(rates.provisioned_concurrency, arch))
        warm_duration_rate = price(getattr(rates.provisioned_duration, arch))
        warm_gb_s = execution.memory_mb / 1024 * settings.provisioned_hours * 3600
        coverage = settings.provisioned_hours / HOURS_PER_MONTH
        requests_per_hour = self.rps * self.hours * 3600
        concurrency = self.rps * billed_s

        def with_warm(s: Floats) -> Floats:
            if provisioned:  # sized at each multiple for its peak, as price_options does
                warm = np.maximum(
                    1.0, np.ceil(s * peak_concurrency / PROVISIONED_UTILIZATION - 1e-9)
                )
            else:
                warm = np.full_like(s, fixed_warm)
            busy = s[:, None] * concurrency
            share = np.where(busy <= warm[:, None], 1.0, warm[:, None] / np.maximum(busy, 1e-300))
            served = (s[:, None] * requests_per_hour * share).sum(axis=1) * coverage
            requests = monthly * s
            on_warm = np.minimum(requests, served) * gb_s_per_request
            on_demand: Floats = requests * gb_s_per_request - on_warm
            cost: Floats = (
                requests * per_request
                + warm * warm_gb_s * warm_rate
                + on_warm * warm_duration_rate
                + duration(on_demand)
            )
            return cost

        return with_warm

    # Containers

    def _fargate(self) -> Curve:
        workload, rates = self.workload, self.rates.fargate
        shape = self.shape
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
            per_run = billed_s / 3600 * per_hour
            monthly = self.demand.monthly_requests
            return lambda s: monthly * s * per_run
        lag = workload.container.scale_out_lag_s

        def tasks(s: Floats) -> Floats:
            held = self._held(s, duration_s, lag, shape.min_tasks, whole=True)
            task_hours: Floats = held @ self.hours
            return task_hours * per_hour

        return tasks

    def _ec2(self) -> Curve:
        workload, rates = self.workload, self.rates.ec2
        settings = workload.ec2
        duration_s = workload.execution.duration_ms / 1000
        root_gb_hour = settings.root_volume_gb * price(rates.ebs_gp3) / HOURS_PER_MONTH
        if self.demand.pattern is Pattern.SCHEDULED:
            # one instance per run: the cheapest type does not depend on how many runs there are
            jobs = choose_fleet(workload, self.demand, self.shape, rates)
            assert jobs is not None, "ec2 is only priced when an instance type fits"
            per_hour = float(rates.instances[jobs.instance_type].hourly) + root_gb_hour
            cost = jobs.instance_hours * per_hour
            return lambda s: s * cost
        shape = self.shape
        table = fitting(
            rates,
            settings.instance_type,
            workload.execution.architecture.value,
            shape.vcpu,
            shape.memory_gb,
            root_gb_hour,
        )
        floor = fleet_floor(workload)
        busy = self.demand.average_rps * duration_s * shape.vcpu / shape.concurrency
        lag = settings.scale_out_lag_s
        # pooled units scale with traffic, so they are worked out once, at today's
        units = self._held(TODAY_ONLY, duration_s, lag, 0.0, whole=False)

        def fleet(s: Floats) -> Floats:
            cost, _, _ = cheapest_fleets(table, s[:, None] * units, self.hours, floor, s * busy)
            return cost

        return fleet

    def _held(self, s: Floats, duration_s: float, lag: float, floor: float, whole: bool) -> Floats:
        rates = s[:, None] * self.rps
        peaks = rates if self._flat else s[:, None] * self.peak
        return held_units(self.demand, rates, peaks, duration_s, self.shape, lag, floor, whole)

    # Entry and network

    def _entry(self, platform: Platform) -> Curve:
        """The entry in front of a platform, as a cost curve."""
        workload, gateway = self.workload, self.rates.api_gateway
        entry = entry_for(platform, workload)
        monthly = self.demand.monthly_requests
        if entry in (Entry.API_GATEWAY_HTTP, Entry.API_GATEWAY_REST):
            requests = banded(gateway.http if entry is Entry.API_GATEWAY_HTTP else gateway.rest)
            return lambda s: requests(monthly * s)
        if entry is Entry.API_GATEWAY_WEBSOCKET:
            messages = banded(gateway.websocket_messages)
            per_minute = price(gateway.websocket_connection_minutes)
            held = workload.traffic.concurrent_connections
            mean = self.demand.average_rps * workload.execution.duration_ms / 1000

            def websocket(s: Floats) -> Floats:
                connections = held if held else np.maximum(1.0, mean * s)
                return messages(monthly * s) + connections * HOURS_PER_MONTH * 60 * per_minute

            return websocket
        if entry is Entry.ALB:
            return self._alb(platform)
        return np.zeros_like

    def _alb(self, platform: Platform) -> Curve:
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
        lcu_rate, fixed = price(rates.lcu_hour), HOURS_PER_MONTH * price(rates.hour)
        per_bucket = self.rps * per_rps

        def alb(s: Floats) -> Floats:
            lcu_hours: Floats = np.maximum(s[:, None] * per_bucket, floor) @ self.hours
            return fixed + lcu_hours * lcu_rate

        return alb

    def _nat(self) -> float:
        network, rates = self.workload.network, self.rates.nat
        if not network.nat_gateway:
            return 0.0
        return HOURS_PER_MONTH * price(rates.hour) + network.nat_gb_per_month * price(rates.gb)
