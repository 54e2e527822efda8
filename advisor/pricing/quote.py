"""A workload priced on every option at once: Lambda (on demand, provisioned), Lambda Managed
Instances, Fargate and EC2 (on demand and Spot, under a Savings Plan where the workload commits
to one), each with its front door, logs and data out; the containers sized for all workloads of
a batch together."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from advisor.models.catalog import PricingFile
from advisor.models.report import CommitmentEffect
from advisor.models.sizing import UNSIZED, AnySizing, LambdaSizing
from advisor.models.workload import HOURS_PER_MONTH, Entry, LambdaSettings, Platform, Workload
from advisor.money import ZERO, Item
from advisor.pricing.aws_lambda import (
    batch_of,
    batched,
    lambda_charges,
    lambda_use,
    own_allowance,
    provisioned_for,
    snapstart_charges,
)
from advisor.pricing.base import Costed
from advisor.pricing.charges import EXACT, Purchase, line_items, priced, repriced
from advisor.pricing.coldstart import ColdStarts, lambda_cold_starts, misses_target
from advisor.pricing.containers import Capacity, TaskShape, capacities, task_shape
from advisor.pricing.ec2 import Fleet, Sizing, choose_fleets, ec2_items
from advisor.pricing.entry import entry_for, entry_items, nat_items, transfer_items
from advisor.pricing.fargate import billed_task_hours, fargate_items, snap_task_size, task_holding
from advisor.pricing.logs import log_items
from advisor.pricing.managed_instances import ManagedSizing, choose_managed, managed_items
from advisor.pricing.options import BY_KEY, simplicity
from advisor.pricing.purchase import (
    WHAT_IF_PLAN,
    commitment,
    committed_plan,
    savings_plan,
    share_of_quietest,
    spot,
)
from advisor.pricing.traffic import Demand


@dataclass
class Priced:
    """Every option priced for one demand, what could not be priced, and cold-start estimates."""

    options: dict[str, Costed]
    problems: dict[str, str]
    cold_starts: dict[str, ColdStarts]
    purchases: dict[str, tuple[Purchase, float | None]] = field(default_factory=dict)
    """The price applied to each option's charges, if any, and the share of its usage covered
    (None: all): Spot variants, and the options under the workload's Savings Plan."""
    shares: dict[str, Decimal] = field(default_factory=dict)
    """The share of each option's usage a Savings Plan would cover (its quietest hour's)."""


def standalone_lambda(
    workload: Workload,
    demand: Demand,
    settings: LambdaSettings,
    rates: PricingFile,
    cold: ColdStarts,
    purchase: Purchase | None = None,
    covered: Decimal | None = None,
) -> list[Item]:
    """Lambda line items for a workload billed on its own (its own free tier and tiers; `cold`,
    its cold starts on demand, whose INIT phases are billed; `purchase`, a Savings Plan on the
    share `covered` of its usage)."""
    use = lambda_use(demand, workload.execution, settings, cold)
    allowance = own_allowance(settings, rates.lambda_)
    arch = workload.execution.arch.value
    charges = lambda_charges(use, arch, rates.lambda_, allowance, EXACT)
    snapstart = snapstart_charges(use, rates.snapstart, EXACT)  # not covered by Savings Plans
    return line_items(priced(charges, purchase, covered) + snapstart)


def price_options(
    workload: Workload,
    demand: Demand,
    rates: PricingFile,
    provisioned: bool,
    *,
    with_sizing: bool = True,
    containers: Containers | None = None,
    colds: dict[str, ColdStarts] | None = None,
    shares: dict[str, Decimal] | None = None,
) -> Priced:
    """Price Lambda (and its provisioned variant when asked), Fargate and EC2 for one demand;
    `with_sizing`, how each option is sized too (a report shows it; a comparison's row needs
    none); `containers`, today's tasks and fleet when they were sized for many workloads at
    once; `colds`, the Lambda options' cold starts when known already (today's: their share of
    invocations is billed as INIT duration at any multiple of the traffic); `shares`, the share
    of each option's usage a Savings Plan covers when known already (today's, at any multiple,
    as the cost curves hold it)."""
    if containers is None:
        containers = size_containers([(workload, demand, rates)])[0]
    options: dict[str, Costed] = {}
    problems: dict[str, str] = {}
    bought: dict[str, tuple[Purchase, float | None]] = {}
    plan = committed_plan(workload)
    buying = Buying(
        rates,
        plan,
        savings_plan(rates, plan or WHAT_IF_PLAN),
        shares or {},
        {},
        bought,
    )
    interruptible = workload.requirements.interruptible
    known = colds or {}
    colds = {}
    network = nat_items(workload, rates)
    execution = workload.execution

    kb_logged = workload.logs.kb_per_request
    container_logs = log_items(demand.monthly_requests, kb_logged, rates, lambda_=False)
    lambda_entry = entry_for(Platform.LAMBDA, workload)
    lambda_door = entry_items(lambda_entry, Platform.LAMBDA, workload, demand, rates)
    lambda_door += transfer_items(lambda_entry, workload, demand, rates) + network
    # behind a queue, Lambda runs a batch of messages an invocation
    invoked, invocations = batched(workload, demand)
    # Lambda's own START/END/REPORT lines are written once an invocation
    lambda_logs = log_items(
        demand.monthly_requests,
        kb_logged,
        rates,
        lambda_=True,
        invocations=invocations.monthly_requests,
    )
    variants = [("lambda", workload.lambda_)]
    if provisioned:
        size = provisioned_for(invocations, invoked.execution)
        variants.append(
            (
                "lambda:provisioned",
                workload.lambda_.model_copy(
                    update={"provisioned_concurrency": size, "provisioned_hours": 730.0}
                ),
            )
        )
    for key, settings in variants:
        pc = settings.provisioned_concurrency
        kind = BY_KEY[key]
        label = f"{kind.label} (provisioned concurrency {pc})" if pc else kind.label
        cold = known.get(key) or lambda_cold_starts(invoked, invocations, pc)
        colds[key] = cold

        def lambda_share() -> Decimal:
            rates_each = [b.rps for b in invocations.buckets]
            return share_of_quietest(min(rates_each), invocations.average_rps)

        def lambda_items(
            purchase: Purchase | None,
            covered: Decimal | None,
            settings: LambdaSettings = settings,
            cold: ColdStarts = cold,
        ) -> list[Item]:
            return standalone_lambda(invoked, invocations, settings, rates, cold, purchase, covered)

        items, effect = buy(key, lambda_items, lambda_share, lambda_logs + lambda_door, buying)
        duration_s = invoked.execution.duration_ms / 1000
        sizing: AnySizing = UNSIZED
        if with_sizing:
            batched_ = invoked is not workload
            sizing = LambdaSizing(
                memory_mb=execution.memory_mb,
                billed_duration_ms=math.ceil(invoked.execution.duration_ms),
                mean_concurrency=round(invocations.average_rps * duration_s, 4),
                peak_concurrency=round(invocations.peak_rps * duration_s, 4),
                batch_size=batch_of(workload) if batched_ else None,
                invocations_per_month=round(invocations.monthly_requests, 2) if batched_ else None,
                provisioned_concurrency=pc or None,
                cold_starts_per_month=round(cold.per_month, 1),
                cold_start_share=round(cold.share, 6),
                p99_latency_ms=round(cold.p99_ms, 1),
            )
        options[key] = Costed(
            key, kind.platform, kind.variant, label, lambda_entry, items, sizing, effect
        )

    managed_key = "lambda_managed_instances"
    managed = containers.managed
    if managed is not None:

        def managed_share() -> Decimal:
            assert managed is not None
            mean = managed.instance_hours / HOURS_PER_MONTH
            return share_of_quietest(min(managed.counts), mean)

        def managed_priced(purchase: Purchase | None, covered: Decimal | None) -> list[Item]:
            assert managed is not None
            return managed_items(
                workload, demand, managed, rates, with_sizing=False, purchase=purchase,
                covered=covered,
            )[0]  # fmt: skip

        door = lambda_logs + lambda_door
        items, effect = buy(managed_key, managed_priced, managed_share, door, buying)
        sizing = UNSIZED
        if with_sizing:
            sizing = managed_items(workload, demand, managed, rates)[1]
        options[managed_key] = costed(managed_key, lambda_entry, items, sizing, effect)
    elif rates.lambda_managed_instances is None:
        problems[managed_key] = (
            f"The {rates.region} pricing file does not price Lambda Managed Instances."
        )
    else:
        ratio = workload.lambda_managed.memory_gib_per_vcpu
        problems[managed_key] = (
            f"No {execution.arch.value} instance type of {ratio} GiB per "
            f"vCPU in the pricing file holds an execution environment of "
            f"{execution.memory_mb:,} MB."
        )

    shape = containers.shape
    container_entry = entry_for(Platform.FARGATE, workload)
    # Fargate tasks and EC2 instances are targets of one kind (instances, IPs) behind one door;
    # an API Gateway in front of Lambda and of them bills alike (an ALB does not: its LCUs count
    # bytes per target kind)
    # (a REST API reaches containers through a VPC link and an NLB, which Lambda needs not)
    if container_entry is lambda_entry and container_entry not in (
        Entry.ALB,
        Entry.API_GATEWAY_REST,
    ):
        container_door = lambda_door
    else:
        container_door = entry_items(container_entry, Platform.FARGATE, workload, demand, rates)
        container_door += transfer_items(container_entry, workload, demand, rates) + network
    task_size = snap_task_size(shape.vcpu, shape.memory_gb, rates.fargate)
    if task_size is None:
        problems["fargate"] = (
            f"A task of {shape.vcpu:g} vCPU and {shape.memory_gb:g} GB is larger than any "
            "Fargate size (at most 16 vCPU and 120 GB)."
        )
    else:
        tasks = containers.tasks
        assert tasks is not None, "tasks are held wherever a task size fits"
        _, per_run = billed_task_hours(workload, demand, rates.fargate, tasks)

        def fargate_share() -> Decimal:
            assert tasks is not None
            return ZERO if per_run else share_of_quietest(tasks.minimum, tasks.mean)

        def fargate_priced(purchase: Purchase | None, covered: Decimal | None) -> list[Item]:
            assert task_size is not None and tasks is not None
            return fargate_items(
                workload,
                demand,
                shape,
                task_size,
                rates.fargate,
                tasks,
                with_sizing=False,
                purchase=purchase,
                covered=covered,
            )[0]

        door = container_logs + container_door
        items, effect = buy("fargate", fargate_priced, fargate_share, door, buying)
        sizing = UNSIZED
        if with_sizing:
            sizing = fargate_items(workload, demand, shape, task_size, rates.fargate, tasks)[1]
        options["fargate"] = costed("fargate", container_entry, items, sizing, effect)
        # Fargate Spot takes x86 tasks only: ARM64 tasks cannot use its capacity provider
        x86 = execution.arch.value == "x86_64"
        spot_prices = spot(rates) if interruptible and x86 else None
        if spot_prices is not None:
            items = fargate_priced(spot_prices, None)
            bought["fargate:spot"] = (spot_prices, None)
            options["fargate:spot"] = costed("fargate:spot", container_entry, items + door, sizing)

    fleet = containers.fleet
    if fleet is None:
        problems["ec2"] = (
            f"No {execution.arch.value} instance type in the pricing file holds a task of "
            f"{shape.vcpu:g} vCPU and {shape.memory_gb:g} GB."
        )
    else:
        chosen = fleet

        def ec2_share() -> Decimal:
            if fleet.per_run:
                return ZERO
            return share_of_quietest(min(fleet.counts), fleet.instance_hours / HOURS_PER_MONTH)

        def ec2_priced(purchase: Purchase | None, covered: Decimal | None) -> list[Item]:
            return ec2_items(
                workload,
                demand,
                shape,
                chosen,
                rates.ec2,
                with_sizing=False,
                purchase=purchase,
                covered=covered,
            )[0]

        door = container_logs + container_door
        items, effect = buy("ec2", ec2_priced, ec2_share, door, buying)
        sizing = UNSIZED
        if with_sizing:
            sizing = ec2_items(workload, demand, shape, fleet, rates.ec2)[1]
        options["ec2"] = costed("ec2", container_entry, items, sizing, effect)
        spot_prices = spot(rates) if interruptible else None
        if spot_prices is not None:
            # the fleet the on-demand search chose, at Spot prices (one stated discount for
            # every family, so the choice stands)
            items = ec2_priced(spot_prices, None)
            bought["ec2:spot"] = (spot_prices, None)
            options["ec2:spot"] = costed("ec2:spot", container_entry, items + door, sizing)
    return Priced(options, problems, colds, bought, buying.shares)


@dataclass(frozen=True, slots=True)
class Buying:
    """How a workload buys its options: the Savings Plan it commits to (None: on demand), the
    plan priced (its own, or the what-if plan), today's shares of usage the plan covers where
    known already (`fixed`), and what it bought (`shares`, `bought`), filled in by `buy`."""

    rates: PricingFile
    plan: str | None
    purchase: Purchase | None
    fixed: dict[str, Decimal]
    shares: dict[str, Decimal]
    bought: dict[str, tuple[Purchase, float | None]]


def buy(
    key: str,
    items_at: Callable[[Purchase | None, Decimal | None], list[Item]],
    share_of: Callable[[], Decimal],
    door: list[Item],
    buying: Buying,
) -> tuple[list[Item], Callable[[], CommitmentEffect | None] | None]:
    """An option's line items as the workload buys it (on demand, or under its Savings Plan on
    the share of its usage that every hour uses, `share_of`, worked out only when needed) and
    what the plan does (the workload's, or the what-if plan where it commits to none).
    `items_at` prices the option's charges with a purchase option on a share of them; `door`,
    the items in front of it, never discounted."""
    on_demand = items_at(None, None) + door
    purchase = buying.purchase
    if purchase is None:
        return on_demand, None
    shown, rates = buying.plan or WHAT_IF_PLAN, buying.rates
    if buying.plan is None:  # a what-if, worked out only where it is shown

        def what_if() -> CommitmentEffect | None:
            with_plan = repriced(on_demand, purchase, share_of())
            return commitment(rates, shown, on_demand, with_plan, chosen=False)

        return on_demand, what_if
    share = buying.fixed.get(key)
    if share is None:
        share = share_of()
    buying.shares[key] = share
    with_plan = repriced(on_demand, purchase, share)
    effect = commitment(rates, shown, on_demand, with_plan, chosen=True)
    buying.bought[key] = (purchase, float(share))
    return with_plan, lambda: effect


def costed(
    key: str,
    entry: Entry,
    items: list[Item],
    sizing: AnySizing,
    effect: Callable[[], CommitmentEffect | None] | None = None,
) -> Costed:
    """An option kind priced (its platform, variant and label from the table of options;
    `effect`, what a Savings Plan does to it)."""
    kind = BY_KEY[key]
    return Costed(key, kind.platform, kind.variant, kind.label, entry, items, sizing, effect)


@dataclass(frozen=True, slots=True)
class Containers:
    """A workload's containers today: its task, the Fargate tasks held each hour (None when no
    task size fits; for scheduled jobs, a pool of workers), the EC2 fleet (None when no
    instance type holds a task) and the Lambda Managed Instances fleet (None when none holds an
    environment or the region does not price them)."""

    shape: TaskShape
    tasks: Capacity | None
    fleet: Fleet | None
    managed: Fleet | None = None


def size_containers(cases: Sequence[tuple[Workload, Demand, PricingFile]]) -> list[Containers]:
    """Today's Fargate tasks and EC2 fleet of many workloads, each sizing done for all of them
    at once (one at a time, numpy's start-up on a day's hours was most of the work)."""
    shapes = [task_shape(workload) for workload, _, _ in cases]
    holds = [
        index
        for index, ((workload, demand, rates), shape) in enumerate(zip(cases, shapes, strict=True))
        if snap_task_size(shape.vcpu, shape.memory_gb, rates.fargate) is not None
    ]
    held = capacities(
        [task_holding(cases[index][0], cases[index][1], shapes[index]) for index in holds],
        whole=True,
    )
    tasks: list[Capacity | None] = [None] * len(cases)
    for index, capacity in zip(holds, held, strict=True):
        tasks[index] = capacity
    fleets = choose_fleets(
        [
            Sizing(workload, demand, shape, rates.ec2)
            for (workload, demand, rates), shape in zip(cases, shapes, strict=True)
        ]
    )
    managed = choose_managed([ManagedSizing(*case) for case in cases])
    return [Containers(*sized) for sized in zip(shapes, tasks, fleets, managed, strict=True)]


def needs_provisioned(workload: Workload, cold: ColdStarts) -> bool:
    """Whether on-demand Lambda (its cold starts: `cold`) misses the latency target, so a
    provisioned variant is priced."""
    if workload.lambda_.provisioned_concurrency or workload.requirements.latency_p99_ms is None:
        return False
    if workload.entry is Entry.QUEUE:
        return False  # nobody waits on work from a queue
    execution = workload.execution
    warm = execution.duration_p99_ms or execution.duration_ms
    return misses_target(cold, execution.duration_ms, warm, workload.requirements.latency_p99_ms)


def exact_costs(
    workload: Workload,
    demand: Demand,
    rates: PricingFile,
    keys: list[str],
    scale: float,
    colds: dict[str, ColdStarts] | None = None,
    shares: dict[str, Decimal] | None = None,
) -> dict[str, Decimal]:
    """Each option's monthly cost at `scale` x today's traffic, from its line items (`colds`,
    today's cold starts, whose share of invocations is billed as INIT at any multiple;
    `shares`, today's shares of usage a Savings Plan covers, likewise)."""
    provisioned = "lambda:provisioned" in keys
    priced = price_options(
        workload,
        demand.scaled(scale),
        rates,
        provisioned,
        with_sizing=False,
        colds=colds,
        shares=shares,
    )
    return {key: priced.options[key].total for key in keys if key in priced.options}


def cheapest_of(costs: dict[str, Decimal]) -> str:
    """The cheapest option; ties go to the simpler one."""
    return min(costs, key=lambda key: (costs[key], simplicity(key)))
