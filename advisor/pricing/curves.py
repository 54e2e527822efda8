"""Each option's monthly cost, for many workloads at once, at many multiples of their traffic.

The break-even search prices a workload at dozens of traffic multiples, and `advisor compare`
does that for thousands of workloads. The charges are the platform modules' own (the same that
give a report's line items), priced here in floats (`charges.FLOATS`): each cost model gathers
the figures of every workload it prices into columns, so that one numpy call prices a whole
batch at every multiple; per workload, only reading its figures is left in Python. Floats rank
options and place a break-even exactly enough; figures a report shows to the cent come from the
line items.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from advisor.models.catalog import (
    Ec2Rates,
    FargateRates,
    LambdaRates,
    ManagedInstanceRates,
    PricingFile,
    SnapStartRates,
)
from advisor.models.workload import HOURS_PER_MONTH, Entry, Pattern, Platform, Workload
from advisor.pricing.aws_lambda import (
    Allowance,
    LambdaUse,
    batched,
    billed_size,
    init_per_request,
    lambda_charges,
    own_allowance,
    provisioned_for,
    provisioned_size,
    provisioned_window,
    snapstart_charged,
    snapstart_charges,
    warm_served,
)
from advisor.pricing.charges import FLOATS, Floats, Purchase, curve, priced
from advisor.pricing.coldstart import ColdStarts, lambda_cold_starts
from advisor.pricing.containers import TaskShape, container_demand, held_units, scaling, task_shape
from advisor.pricing.ec2 import (
    FitTable,
    Ints,
    cheapest_fleets,
    cost_of,
    fitting,
    fleet_floor,
    job_fleet,
    purchase_share,
)
from advisor.pricing.entry import (
    INTERNET_FACING,
    alb_charges,
    entry_for,
    gateway_charges,
    lcu_figures,
    lcus,
    metered,
    nat_charges,
    nlb_charges,
    nlcu_per_rps,
    queue_charges,
    transfer_charges,
    transfer_gb,
    websocket_charges,
)
from advisor.pricing.fargate import (
    TaskSize,
    fargate_charges,
    per_run_hours,
    snap_task_size,
    task_holding,
    task_size,
)
from advisor.pricing.logs import log_charges, log_gb
from advisor.pricing.managed_instances import (
    environment_shape,
    holding,
    managed_charges,
    managed_purchase_share,
    managed_table,
)
from advisor.pricing.options import BY_KEY, KEYS
from advisor.pricing.traffic import Demand

LAMBDA_PLATFORMS = (Platform.LAMBDA, Platform.LAMBDA_MANAGED_INSTANCES)
DOOR_OF_KEY = [0 if BY_KEY[key].platform in LAMBDA_PLATFORMS else 1 for key in KEYS]
"""The door in front of each option: 0, Lambda's entry (Lambda Managed Instances too); 1, the
containers'."""


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
            # added: several models may price one door (its entry, the data sent out)
            table[at, slots] += self.price(scales[at], columns, self.contexts[group])


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
            "lambda-warm": Model(_lambda_warm),
            "fargate": Model(_fargate_tasks),
            "ec2": Model(_ec2_fleet, derive=_ec2_today),
            "managed": Model(_managed_fleet, derive=_ec2_today),
        }
        self.doors = {
            "gateway": Model(_gateway),
            "websocket": Model(_websocket),
            "alb": Model(_alb),
            "queue": Model(_queue),
            "transfer": Model(_transfer),
            "logs": Model(_logs),
            "nlb": Model(_nlb),
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
        colds: dict[str, ColdStarts] | None = None,
        purchases: dict[str, tuple[Purchase, float | None]] | None = None,
    ) -> None:
        """Add a workload's options `keys` (`shape`: its task, `colds`: its Lambda options'
        cold starts, when known already; `purchases`, the price applied to an option's charges
        and the share of its usage covered, None for all: Spot, a Savings Plan); workloads are
        numbered in the order added."""
        profile_hour = HOURS_PER_MONTH / len(demand.buckets)
        shape = shape or task_shape(workload)
        colds = dict(colds or {})
        invoked, invocations = batched(workload, demand)
        for key in keys:
            if (key == "lambda" or key.startswith("lambda:")) and key not in colds:
                warm = workload.lambda_.provisioned_concurrency
                if key == "lambda:provisioned":
                    warm = provisioned_for(invocations, invoked.execution)
                colds[key] = lambda_cold_starts(invoked, invocations, warm)
        reader = _Reader(self, self.count, workload, demand.merged(), profile_hour, rates, shape)
        reader.read(keys, colds, purchases or {})
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
    """Reads one workload's figures into the batch's cost models: only what depends on the
    workload; the charges themselves are the platform modules' (`*_charges`)."""

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
        # what containers are sized for (behind a queue, peaks smoothed within the delay)
        self.queued = container_demand(workload, demand)
        # what Lambda is invoked with (behind a queue, a batch of messages an invocation)
        self.invoked, self.invocations = batched(workload, demand)
        self.shape = shape
        self.arch = workload.execution.arch.value

    def read(
        self,
        keys: Sequence[str],
        colds: dict[str, ColdStarts],
        purchases: dict[str, tuple[Purchase, float | None]],
    ) -> None:
        doors: set[int] = set()
        for key in keys:
            slot = KEYS.index(key)
            bought = purchases.get(key)
            purchase, covered = (None, 1.0) if bought is None else bought
            if covered is None:  # all of it
                covered = 1.0
            platform = BY_KEY[key].platform
            if platform is Platform.FARGATE:
                self._fargate(slot, purchase, covered)
            elif platform is Platform.EC2:
                self._ec2(slot, purchase, covered)
            elif platform is Platform.LAMBDA_MANAGED_INSTANCES:
                self._managed(slot, purchase, covered)
            else:
                self._lambda(slot, key != "lambda", colds[key], purchase, covered)
            door = DOOR_OF_KEY[slot]
            if door not in doors:
                doors.add(door)
                self._entry(platform, door)
        self.batch.offers.append([key in keys for key in KEYS])
        self.batch.fixed.append(self._nat())

    # Lambda

    def _lambda(
        self,
        slot: int,
        provisioned: bool,
        cold: ColdStarts,
        purchase: Purchase | None,
        covered: float,
    ) -> None:
        execution, settings = self.invoked.execution, self.workload.lambda_
        rates = self.rates.lambda_
        billed_s, memory_gb, ephemeral_gb = billed_size(execution)
        figures = {
            "requests": self.invocations.monthly_requests,
            "billed_s": float(billed_s),
            "memory_gb": float(memory_gb),
            "ephemeral_gb": float(ephemeral_gb),
            "init_per_request": float(init_per_request(cold, execution)),
            "covered": covered,
        }
        snapped = float(snapstart_charged(settings, execution))
        figures["snapshot_gb"] = figures["memory_gb"] * snapped
        figures["restore_gb_per_request"] = cold.share * figures["snapshot_gb"]
        runs, owner, group = self.batch.runs, self.owner, (id(rates), self.arch, id(purchase))
        context = (rates, self.arch, purchase, self.rates.snapstart)
        fixed_warm = float(settings.provisioned_concurrency)
        if not provisioned and not fixed_warm:
            allowance = own_allowance(settings, rates)
            runs["lambda"].add(
                group,
                owner,
                slot,
                context,
                free_requests=float(allowance.free_requests),
                free_gb_seconds=float(allowance.free_gb_seconds),
                **figures,
            )
            return
        rps = np.array([bucket.rps for bucket in self.invocations.buckets])
        coverage, density = provisioned_window(settings)
        allowance = own_allowance(settings, rates)
        runs["lambda-warm"].add(
            (*group, len(self.hours)),
            owner,
            slot,
            context,
            sized=provisioned,
            warm=fixed_warm,
            warm_hours=settings.provisioned_hours,
            peak_concurrency=self.invocations.peak_rps * execution.duration_ms / 1000,
            coverage=coverage,
            density=density,
            requests_per_hour=rps * self.hour_array * 3600,
            free_requests=float(allowance.free_requests),
            free_gb_seconds=float(allowance.free_gb_seconds),
            concurrency=rps * figures["billed_s"],
            **figures,
        )

    # Containers

    def _fargate(self, slot: int, purchase: Purchase | None, covered: float) -> None:
        workload, rates, shape = self.workload, self.rates.fargate, self.shape
        size = snap_task_size(shape.vcpu, shape.memory_gb, rates)
        assert size is not None, "fargate is only priced when a task size fits"
        task = task_size(size, workload, rates)
        figures = {
            "vcpu": float(task.vcpu),
            "memory_gb": float(task.memory_gb),
            "extra_storage_gb": float(task.extra_storage_gb),
            "covered": covered,
        }
        holding = task_holding(workload, self.demand, shape)
        # scheduled jobs run a task each where that is cheaper than a pool of workers
        per_run = math.inf
        if self.demand.pattern is Pattern.SCHEDULED:
            per_run = per_run_hours(workload, self.demand, rates)
        self.batch.runs["fargate"].add(
            (self.hours, id(rates), self.arch, id(purchase)),
            self.owner,
            slot,
            (rates, self.arch, self.hour_array, purchase),
            per_run_hours=per_run,
            **figures,
            **self._held(holding.duration_s, holding.lag_s, holding.floor),
        )

    def _ec2(self, slot: int, purchase: Purchase | None, covered: float) -> None:
        workload, rates = self.workload, self.rates.ec2
        settings = workload.ec2
        duration_s = workload.execution.duration_ms / 1000
        # scheduled jobs: an instance each run where that costs less than a pool of workers (the
        # cheapest type for one run does not depend on how many runs there are)
        per_run = math.inf
        if self.demand.pattern is Pattern.SCHEDULED:
            jobs = job_fleet(workload, self.demand, self.shape, rates, duration_s)
            if jobs is not None:
                per_run = cost_of(jobs, rates, settings.root_volume_gb)
                if purchase is not None:
                    share = purchase_share(
                        jobs.instance_type, rates, settings.root_volume_gb, purchase
                    )
                    per_run *= 1 - covered * share
        shape = self.shape
        table = fitting(
            rates,
            settings.instance_type,
            self.arch,
            shape.vcpu,
            shape.memory_gb,
            settings.root_volume_gb,
        )
        shares = None
        if purchase is not None:
            shares = np.array(
                [purchase_share(n, rates, settings.root_volume_gb, purchase) for n in table.names]
            )
        self.batch.runs["ec2"].add(
            (id(table), self.hours, self.profile_hour, id(purchase)),
            self.owner,
            slot,
            (table, self.hour_array, self.profile_hour, rates, shares),
            covered=covered,
            fleet_floor=float(fleet_floor(workload, self.demand)),
            per_run=per_run,
            busy=self.demand.average_rps * shape.cpu_s,
            # pooled units scale with traffic: the model works them out at today's
            **self._held(duration_s, settings.scale_out_lag_s, 0.0),
        )

    def _managed(self, slot: int, purchase: Purchase | None, covered: float) -> None:
        workload, rates = self.workload, self.rates
        managed = rates.lambda_managed_instances
        assert managed is not None, "managed instances are only priced where the region has them"
        shape = environment_shape(workload)
        table = managed_table(rates, managed, workload, shape)
        held = holding(workload, self.demand, shape)
        shares = None
        if purchase is not None:
            shares = np.array([managed_purchase_share(n, rates, purchase) for n in table.names])
        self.batch.runs["managed"].add(
            (id(table), self.hours, self.profile_hour, id(purchase)),
            self.owner,
            slot,
            (table, self.hour_array, self.profile_hour, managed, shares),
            covered=covered,
            fleet_floor=float(workload.lambda_managed.min_instances),
            per_run=math.inf,
            busy=0.0,
            requests=self.demand.monthly_requests,
            rps=self.rps,
            peak=self.peak,
            floor=0.0,
            **scaling(self.demand, held.duration_s, shape, held.lag_s),
        )

    def _held(self, duration_s: float, lag: float, floor: float) -> dict[str, Any]:
        """The figures `held_units` needs, for a model to size many workloads at once."""
        queued = self.queued
        return {
            "rps": self.rps,
            "peak": tuple(bucket.peak_rps for bucket in queued.buckets),
            "floor": floor,
            **scaling(queued, duration_s, self.shape, lag),
        }

    # Entry and network

    def _entry(self, platform: Platform, door: int) -> None:
        """The entry in front of a platform, and the platform's logs (the same on every option
        behind the door)."""
        workload, rates = self.workload, self.rates
        entry = entry_for(platform, workload)
        monthly = self.demand.monthly_requests
        doors, owner = self.batch.doors, self.owner
        if rates.cloudwatch_logs is not None:
            lambda_ = platform in LAMBDA_PLATFORMS
            invocations = self.invocations.monthly_requests if lambda_ else None
            kb = workload.logs.kb_per_request
            doors["logs"].add(
                (id(rates), lambda_),
                owner,
                door,
                (rates, lambda_),
                gb=log_gb(monthly, kb, lambda_=lambda_, invocations=invocations),
            )
        transfer = rates.data_transfer
        if entry in INTERNET_FACING and transfer is not None:
            doors["transfer"].add(
                id(rates),
                owner,
                door,
                rates,
                gb=transfer_gb(workload.traffic, monthly),
                free=float(transfer.free_gb),
            )
        if entry in (Entry.API_GATEWAY_HTTP, Entry.API_GATEWAY_REST):
            billed = monthly * metered(entry, workload.traffic)
            doors["gateway"].add((id(rates), entry), owner, door, (entry, rates), requests=billed)
            if entry is Entry.API_GATEWAY_REST and platform not in LAMBDA_PLATFORMS:
                doors["nlb"].add(
                    (self.hours, id(rates)),
                    owner,
                    door,
                    (self.hour_array, rates),
                    rps=self.rps,
                    per_rps=nlcu_per_rps(workload),
                )
        elif entry is Entry.API_GATEWAY_WEBSOCKET:
            held = workload.traffic.concurrent_connections
            doors["websocket"].add(
                id(rates),
                owner,
                door,
                rates,
                requests=monthly * metered(entry, workload.traffic),
                held=held or 0.0,
                mean=self.demand.average_rps * workload.execution.duration_ms / 1000,
            )
        elif entry is Entry.QUEUE:
            free = workload.queue.free_tier and rates.sqs is not None
            doors["queue"].add(
                (id(rates), workload.queue.fifo),
                owner,
                door,
                (workload.queue.fifo, rates),
                requests=monthly * metered(entry, workload.traffic),
                free=float(rates.sqs.free_requests) if free and rates.sqs else 0.0,
            )
        elif entry is Entry.ALB:
            per_rps, floor = lcu_figures(platform, workload)
            doors["alb"].add(
                (self.hours, id(rates)),
                owner,
                door,
                (self.hour_array, rates),
                rps=self.rps,
                per_rps=per_rps,
                floor=floor,
            )

    def _nat(self) -> float:
        network = self.workload.network
        if not network.nat_gateway:
            return 0.0
        charges = nat_charges(_ONE * HOURS_PER_MONTH, _ONE * network.nat_gb_per_month, self.rates)
        return float(curve(charges)[0])


_ONE = np.ones(1)


# The cost models. Each gets `s` (members x multiples), its members' figures as columns, and
# its group's context, and prices its platform's charges in floats; `_col` shapes a column to
# multiply by `s`.


def _col(values: Floats) -> Floats:
    return values[:, None]


def _lambda_use(s: Floats, f: dict[str, Floats], warm: Floats, served: Floats) -> LambdaUse[Floats]:
    requests = s * _col(f["requests"])
    return LambdaUse(
        requests=requests,
        billed_s=_col(f["billed_s"]),
        memory_gb=_col(f["memory_gb"]),
        ephemeral_gb=_col(f["ephemeral_gb"]),
        warm=warm,
        warm_hours=_col(f["warm_hours"]) if "warm_hours" in f else np.zeros((len(s), 1)),
        warm_requests=np.minimum(requests, served),
        init_per_request=_col(f["init_per_request"]),
        restore_gb_per_request=_col(f["restore_gb_per_request"]),
        snapshot_gb=_col(f["snapshot_gb"]),
    )


LambdaContext = tuple[LambdaRates, str, Purchase | None, SnapStartRates | None]


def _lambda_on_demand(s: Floats, f: dict[str, Floats], context: LambdaContext) -> Floats:
    rates, arch, purchase, snapstart = context
    none = np.zeros_like(s)
    use = _lambda_use(s, f, none, none)
    allowance = Allowance(_col(f["free_requests"]), _col(f["free_gb_seconds"]))
    charges = lambda_charges(use, arch, rates, allowance, FLOATS)
    bought = priced(charges, purchase, _col(f["covered"]))
    return curve(bought + snapstart_charges(use, snapstart, FLOATS))


def _lambda_warm(s: Floats, f: dict[str, Floats], context: LambdaContext) -> Floats:
    rates, arch, purchase, snapstart = context
    # the provisioned variant is sized at each multiple for its peak, as price_options does
    sized = provisioned_size(s * _col(f["peak_concurrency"]))
    warm = np.where(_col(f["sized"]), sized, _col(f["warm"]))
    served = warm_served(
        s[:, :, None] * f["requests_per_hour"][:, None, :],
        s[:, :, None] * f["concurrency"][:, None, :],
        warm[:, :, None],
        f["coverage"][:, None, None],
        f["density"][:, None, None],
    ).sum(axis=2)
    use = _lambda_use(s, f, warm, served)
    allowance = Allowance(_col(f["free_requests"]), _col(f["free_gb_seconds"]))
    charges = lambda_charges(use, arch, rates, allowance, FLOATS)
    bought = priced(charges, purchase, _col(f["covered"]))
    return curve(bought + snapstart_charges(use, snapstart, FLOATS))


def _task(f: dict[str, Floats]) -> TaskSize[Floats]:
    return TaskSize(_col(f["vcpu"]), _col(f["memory_gb"]), _col(f["extra_storage_gb"]))


def _held(s: Floats, f: dict[str, Floats], whole: bool) -> Floats:
    """Units held in each hour: members x multiples x hours."""

    def each(name: str) -> Floats:
        return f[name][:, None, None]

    return held_units(
        s[:, :, None] * f["rps"][:, None, :],
        s[:, :, None] * f["peak"][:, None, :],
        factor=each("factor"),
        floor=each("floor"),
        share=each("share"),
        whole=whole,
    )


def _fargate_tasks(
    s: Floats, f: dict[str, Floats], context: tuple[FargateRates, str, Floats, Purchase | None]
) -> Floats:
    rates, arch, hours, purchase = context
    held: Floats = _held(s, f, whole=True) @ hours
    task_hours = np.minimum(held, s * _col(f["per_run_hours"]))
    charges = fargate_charges(task_hours, _task(f), arch, rates, FLOATS)
    return curve(priced(charges, purchase, _col(f["covered"])))


_Ec2Context = tuple[FitTable, Floats, float, Ec2Rates, Floats | None]


def _ec2_fleet(s: Floats, f: dict[str, Floats], context: _Ec2Context) -> Floats:
    table, hours, profile_hour, rates, shares = context
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
    # the fleet search prices instance-hours at `ec2_charges` of one (the charges are linear
    # in them): its cost is the charges' cost
    cost, best, _ = cheapest_fleets(table, units, hours, floors, busy, profile_hour)
    if shares is not None:  # Spot or a Savings Plan on the share covered, by each row's type
        cost = cost * (1 - np.repeat(f["covered"], multiples) * shares[best])
    fleets: Floats = np.minimum(cost.reshape(members, multiples), s * _col(f["per_run"]))
    return fleets


def _ec2_today(f: dict[str, Floats], context: _Ec2Context) -> dict[str, Floats]:
    """Pooled units held in each hour at today's traffic (they scale with it)."""
    return {"today": _held(np.ones((len(f["rps"]), 1)), f, whole=False)[:, 0, :]}


def _managed_fleet(
    s: Floats,
    f: dict[str, Floats],
    context: tuple[FitTable, Floats, float, ManagedInstanceRates, Floats | None],
) -> Floats:
    """Lambda Managed Instances: EC2's fleet search over the managed table (each instance-hour
    priced at its managed charges, a Savings Plan taking its share off the EC2 part), and the
    requests."""
    table, hours, profile_hour, rates, shares = context
    # its rates go unused by the fleet search
    context_ = (table, hours, profile_hour, rates, shares)
    instances = _ec2_fleet(s, f, context_)  # type: ignore[arg-type]
    none = np.zeros_like(s)
    return instances + curve(managed_charges("", none, none, s * _col(f["requests"]), rates))


FLEET_CELLS = 2_000_000
"""The most instance counts (type x hour x multiple) the fleet search holds at once, 16 MB: the
members of a batch with weekly profiles are searched a slice at a time."""


def _gateway(s: Floats, f: dict[str, Floats], context: tuple[Entry, PricingFile]) -> Floats:
    entry, rates = context
    return curve(gateway_charges(entry, s * _col(f["requests"]), rates))


def _websocket(s: Floats, f: dict[str, Floats], rates: PricingFile) -> Floats:
    held = _col(f["held"])
    connections = np.where(held > 0, held, np.maximum(1.0, _col(f["mean"]) * s))
    minutes = connections * HOURS_PER_MONTH * 60
    return curve(websocket_charges(s * _col(f["requests"]), minutes, rates))


def _queue(s: Floats, f: dict[str, Floats], context: tuple[bool, PricingFile]) -> Floats:
    fifo, rates = context
    return curve(queue_charges(s * _col(f["requests"]), fifo, _col(f["free"]), rates))


def _alb(s: Floats, f: dict[str, Floats], context: tuple[Floats, PricingFile]) -> Floats:
    hours, rates = context
    held = lcus(
        s[:, :, None] * f["rps"][:, None, :], f["per_rps"][:, None, None], f["floor"][:, None, None]
    )
    lcu_hours: Floats = held @ hours
    return curve(alb_charges(np.full_like(lcu_hours, HOURS_PER_MONTH), lcu_hours, rates))


def _transfer(s: Floats, f: dict[str, Floats], rates: PricingFile) -> Floats:
    return curve(transfer_charges(s * _col(f["gb"]), rates, _col(f["free"])))


def _logs(s: Floats, f: dict[str, Floats], context: tuple[PricingFile, bool]) -> Floats:
    rates, lambda_ = context
    return curve(log_charges(s * _col(f["gb"]), rates, vended=lambda_))


def _nlb(s: Floats, f: dict[str, Floats], context: tuple[Floats, PricingFile]) -> Floats:
    hours, rates = context
    held = lcus(s[:, :, None] * f["rps"][:, None, :], f["per_rps"][:, None, None], 0.0)
    nlcu_hours: Floats = held @ hours
    return curve(nlb_charges(np.full_like(nlcu_hours, HOURS_PER_MONTH), nlcu_hours, rates))


class CostCurves:
    """One workload's options (`keys`) at any multiples of its traffic: a batch of one."""

    def __init__(
        self,
        workload: Workload,
        demand: Demand,
        rates: PricingFile,
        keys: Sequence[str],
        colds: dict[str, ColdStarts] | None = None,
        shape: TaskShape | None = None,
        purchases: dict[str, tuple[Purchase, float | None]] | None = None,
    ) -> None:
        self.keys = list(keys)
        self.batch = CurveBatch()
        self.batch.add(workload, demand, rates, self.keys, shape, colds, purchases)

    def costs(self, scales: Sequence[float] | Floats) -> dict[str, Floats]:
        """Each option's monthly cost at each multiple (arrays in the order of `scales`)."""
        table = self.batch.costs(np.asarray(scales, dtype=float)[None, :])[0]
        return {key: table[KEYS.index(key)] for key in self.keys}
