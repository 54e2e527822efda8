"""Workload to report: price every option, apply the rules, recommend, and find the break-even.

The core returns data and never prints. `analyze` is the one entry point for a workload file.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from advisor import __version__
from advisor.decide import rules
from advisor.decide.alternatives import (
    door_alternatives,
    graviton_alternative,
    lambda_door,
    on_graviton,
    unpinned,
)
from advisor.decide.breakeven import break_evens
from advisor.decide.rules.cost import break_even_reason, ec2_margin_holds, recommend
from advisor.errors import InputError
from advisor.input.loading import SourceMap
from advisor.models.catalog import PricingFile
from advisor.models.report import (
    Alternative,
    BreakEven,
    BreakEvenPoint,
    CommitmentEffect,
    Finding,
    LineItem,
    Option,
    PricingRef,
    Recommendation,
    Report,
    SensitivityRow,
    Severity,
    TrafficSummary,
    WorkloadRef,
)
from advisor.models.runtimes import INIT_MS
from advisor.models.sizing import UNSIZED, AnySizing, LambdaSizing
from advisor.models.workload import (
    HOURS_PER_MONTH,
    Entry,
    LambdaSettings,
    Platform,
    Workload,
)
from advisor.money import ZERO, Item, cents, dec, millionths
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
from advisor.pricing.catalog import Catalog
from advisor.pricing.charges import EXACT, Purchase, line_items, priced, repriced
from advisor.pricing.coldstart import (
    SNAPSTART_RUNTIMES,
    ColdStarts,
    lambda_cold_starts,
    misses_target,
)
from advisor.pricing.containers import Capacity, TaskShape, capacities, task_shape
from advisor.pricing.curves import CostCurves, CurveBatch
from advisor.pricing.ec2 import Fleet, Sizing, choose_fleets, ec2_items
from advisor.pricing.entry import entry_for, entry_items, nat_items, transfer_items
from advisor.pricing.fargate import (
    billed_task_hours,
    fargate_items,
    snap_task_size,
    task_holding,
)
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
from advisor.pricing.traffic import Demand, demand_from

SENSITIVITY_SCALES = (Decimal("0.1"), Decimal(1), Decimal(10), Decimal(100))
CURVE_SCALES = tuple(Decimal(f"{10 ** (step / 2):.4g}") for step in range(-4, 7))


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
    if containers.managed is not None:
        items, sizing = managed_items(
            workload, demand, containers.managed, rates, with_sizing=with_sizing
        )
        items += lambda_logs + lambda_door
        options[managed_key] = costed(managed_key, lambda_entry, items, sizing)
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


def resolve_pricing(workload: Workload, catalog: Catalog, source: SourceMap) -> PricingFile:
    """The workload's pricing file, and a located error for a value the catalog does not know."""
    try:
        rates = catalog.for_region(workload.region)
    except KeyError:
        known = catalog.regions
        close = difflib.get_close_matches(workload.region, known, n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        raise InputError(
            f"no pricing file for region '{workload.region}'; {hint}known: {', '.join(known)}",
            source.locate(("region",)),
        ) from None
    execution = workload.execution
    if execution.init_ms is None and execution.runtime not in INIT_MS:
        close = difflib.get_close_matches(execution.runtime, list(INIT_MS), n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        raise InputError(
            f"unknown runtime '{execution.runtime}'; {hint}or set execution.init_ms "
            f"(known: {', '.join(INIT_MS)})",
            source.locate(("execution", "runtime")),
        )
    runtime = execution.runtime
    if workload.lambda_.snapstart and (
        not runtime.startswith(SNAPSTART_RUNTIMES) or runtime.endswith("-aot")
    ):
        raise InputError(
            f"SnapStart supports Java, Python and .NET managed runtimes, not "
            f"'{execution.runtime}'; remove lambda.snapstart or change execution.runtime",
            source.locate(("lambda", "snapstart")),
        )
    if workload.entry is Entry.QUEUE and rates.sqs is None:
        raise InputError(
            f"the {rates.region} pricing file has no SQS rates (its optional sqs section), so "
            "a queue in front cannot be priced there",
            source.locate(("entry",)),
        )
    pinned = workload.ec2.instance_type
    if pinned is not None and pinned not in rates.ec2.instances:
        raise InputError(
            f"instance type '{pinned}' does not exist or is not sold in {rates.region} (not in "
            f"its pricing file){nearest_types(pinned, rates)}",
            source.locate(("ec2", "instance_type")),
        )
    return rates


SIZE_VCPU = {"nano": 2, "micro": 2, "small": 2, "medium": 1, "large": 2, "xlarge": 4}
"""vCPUs of the common sizes; `Nxlarge` is N x 4 (a c5.8xlarge would be 32)."""


def nearest_types(name: str, rates: PricingFile) -> str:
    """`; nearest: ...`: the family's types just below and above the size asked for (a
    c5.8xlarge, which AWS does not make, is between the c5.4xlarge and the c5.9xlarge), or
    the closest names when the family is not in the pricing file."""
    family, _, size = name.partition(".")
    vcpu = SIZE_VCPU.get(size)
    if vcpu is None and size.endswith("xlarge") and size[:-6].isdigit():
        vcpu = int(size[:-6]) * 4
    kin = sorted(
        (float(i.vcpu), n, i) for n, i in rates.ec2.instances.items() if n.startswith(family + ".")
    )
    if kin and vcpu is not None:
        below = [k for k in kin if k[0] < vcpu][-1:]
        above = [k for k in kin if k[0] >= vcpu][:1]
        chosen = below + above
        return "; nearest: " + ", ".join(
            f"{n} ({i.vcpu:g} vCPU, {i.memory_gib:g} GiB)" for _, n, i in chosen
        )
    close = difflib.get_close_matches(name, list(rates.ec2.instances), n=1)
    return f"; did you mean '{close[0]}'?" if close else ""


def to_option(
    costed: Costed,
    hits: list[rules.Hit],
    *,
    with_items: bool = True,
    alternatives: Sequence[Alternative] = (),
) -> Option:
    """A priced option and its findings, as the report shows it (its line items and what a
    Savings Plan does to it only when asked)."""
    return Option(
        platform=costed.platform,
        variant=costed.variant,
        label=costed.label,
        entry=costed.entry,
        feasible=_feasible(hits),
        monthly_cost=cents(costed.total),
        line_items=[
            LineItem(
                name=i.name,
                quantity=i.quantity.normalize()
                if i.quantity == i.quantity.to_integral()
                else millionths(i.quantity),
                unit=i.unit,
                unit_price=i.unit_price,
                monthly_cost=cents(i.cost),
            )
            for i in costed.items
        ]
        if with_items
        else [],
        sizing=costed.sizing,
        findings=hits,
        alternatives=alternatives,
        commitment=costed.effect() if with_items else None,
    )


def _feasible(hits: list[rules.Hit]) -> bool:
    """No finding rules the option out (most options have no findings at all)."""
    return not hits or all(h.severity is not Severity.ERROR for h in hits)


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


def cost_rows(
    workload: Workload,
    demand: Demand,
    rates: PricingFile,
    keys: list[str],
    scales: tuple[Decimal, ...],
    today: dict[str, Decimal],
    colds: dict[str, ColdStarts],
    shares: dict[str, Decimal] | None = None,
) -> list[SensitivityRow]:
    """Every option's cost to the cent at each multiple of today's traffic (`today` is 1x;
    `shares`, today's shares of usage under a Savings Plan, held at every multiple)."""
    rows = []
    for multiple in scales:
        costs = (
            today
            if multiple == 1
            else exact_costs(workload, demand, rates, keys, float(multiple), colds, shares)
        )
        rows.append(
            SensitivityRow(
                scale=multiple,
                monthly_requests=dec(
                    round(demand.monthly_requests * float(multiple), 2)
                ).normalize(),
                costs={key: cents(value) for key, value in costs.items()},
                cheapest=cheapest_of(costs),
            )
        )
    return rows


@dataclass
class Verdict:
    """A workload priced, judged and recommended, before its break-even is found: what the
    report needs beside the break-even points."""

    workload: Workload
    source_label: str
    rates: PricingFile
    demand: Demand
    priced: Priced
    options: list[Option]
    workload_hits: list[rules.Hit]
    recommendation: Recommendation | None
    feasible: list[str]
    labels: dict[str, str]
    shape: TaskShape
    """The task its containers run."""


@dataclass(frozen=True)
class Case:
    """A workload ready to be judged: where it came from, its pricing file and its demand."""

    workload: Workload
    source: SourceMap
    rates: PricingFile
    demand: Demand

    @property
    def sizing(self) -> tuple[Workload, Demand, PricingFile]:
        """What its containers are sized from (`size_containers`)."""
        return self.workload, self.demand, self.rates


def prepare(workload: Workload, catalog: Catalog, source: SourceMap) -> Case:
    """A workload with its pricing file (a located error for a value the catalog does not
    know) and its demand."""
    rates = resolve_pricing(workload, catalog, source)
    return Case(workload, source, rates, demand_from(workload.traffic))


def judge(workload: Workload, catalog: Catalog, source: SourceMap, *, detail: bool) -> Verdict:
    """Price a workload on every platform, apply the rules and recommend."""
    case = prepare(workload, catalog, source)
    return decide(case, size_containers([case.sizing])[0], detail=detail)


def decide(case: Case, containers: Containers, *, detail: bool) -> Verdict:
    """Price a prepared workload on every platform (its containers sized, alone or with
    others), apply the rules and recommend (`detail`: as `analyze`)."""
    workload, rates, demand, source = case.workload, case.rates, case.demand, case.source
    # the Lambda option's cold starts (their INIT phases are billed), worked out once: they also
    # decide whether a provisioned variant is priced
    pc = workload.lambda_.provisioned_concurrency
    cold = lambda_cold_starts(*batched(workload, demand), pc)
    provisioned = needs_provisioned(workload, cold)
    priced = price_options(
        workload,
        demand,
        rates,
        provisioned,
        with_sizing=detail,
        containers=containers,
        colds={"lambda": cold},
    )
    ctx = rules.Context(
        workload=workload,
        demand=demand,
        options=priced.options,
        shape=containers.shape,
        cold_starts=priced.cold_starts,
        problems=priced.problems,
        pricing=rates,
    )
    # a comparison's row shows the verdict and its deciding reason: the rules that only inform
    # are left out
    hits = rules.evaluate(ctx, deciding_only=not detail)
    levers = alternatives(workload, demand, rates, priced, provisioned) if detail else {}
    options = [
        to_option(
            costed,
            [h for h in hits if h.option == key],
            with_items=detail,
            alternatives=levers.get(key, ()),
        )
        for key, costed in priced.options.items()
    ]
    options += [
        unpriced_option(key, [h for h in hits if h.option == key], workload)
        for key in priced.problems
    ]
    workload_hits = [h for h in hits if h.option is None]
    feasible = [o.key for o in options if o.feasible]

    def margin_holds_nearby() -> bool:
        curves = CostCurves(
            workload,
            demand,
            rates,
            feasible,
            priced.cold_starts,
            containers.shape,
            priced.purchases,
        )
        return ec2_margin_holds(curves, feasible, workload.decision)

    recommendation = recommend(options, workload_hits, workload.decision, margin_holds_nearby)
    if not detail and recommendation is not None:  # a comparison shows the chosen one's plan
        chosen = recommendation.key
        options = [
            option.model_copy(update={"commitment": priced.options[chosen].effect()})
            if option.key == chosen and chosen in priced.options
            else option
            for option in options
        ]
    return Verdict(
        workload=workload,
        source_label=str(source.path),
        rates=rates,
        demand=demand,
        priced=priced,
        options=options,
        workload_hits=workload_hits,
        recommendation=recommendation,
        feasible=feasible,
        labels={o.key: o.label for o in options},
        shape=containers.shape,
    )


def analyze(
    workload: Workload,
    catalog: Catalog,
    source: SourceMap,
    *,
    source_label: str | None = None,
    with_curve: bool = False,
    detail: bool = True,
) -> Report:
    """Price a workload on every platform, apply the rules, recommend, and find the break-even.

    `detail=False` leaves out what a comparison of many workloads never shows: the options' line
    items, the findings of rules that only inform (those that do not decide), how the options
    are sized, the cold-start estimates when there is no latency target, and the costs at
    0.1x to 100x; `with_curve` adds costs at half decades for charts."""
    verdict = judge(workload, catalog, source, detail=detail)
    if source_label is not None:
        verdict.source_label = source_label
    points = find_break_evens([verdict])[0]
    return report(verdict, points, catalog, detail=detail, with_curve=with_curve)


def find_break_evens(verdicts: list[Verdict]) -> list[list[BreakEvenPoint]]:
    """The break-even points of many workloads, their cost curves priced together."""
    batch = CurveBatch()
    for verdict in verdicts:
        batch.add(
            verdict.workload,
            verdict.demand,
            verdict.rates,
            verdict.feasible,
            verdict.shape,
            verdict.priced.cold_starts,
            verdict.priced.purchases,
        )
    return break_evens(
        batch, [v.demand.monthly_requests for v in verdicts], [v.labels for v in verdicts]
    )


def report(
    verdict: Verdict,
    points: list[BreakEvenPoint],
    catalog: Catalog,
    *,
    detail: bool = True,
    with_curve: bool = False,
) -> Report:
    """The report of a judged workload and its break-even points."""
    workload, demand, rates = verdict.workload, verdict.demand, verdict.rates
    feasible, labels = verdict.feasible, verdict.labels
    today = {key: verdict.priced.options[key].total for key in feasible}

    def rows(scales: tuple[Decimal, ...]) -> list[SensitivityRow]:
        priced = verdict.priced
        return cost_rows(
            workload, demand, rates, feasible, scales, today, priced.cold_starts, priced.shares
        )

    be = BreakEven(
        points=points,
        sensitivity=rows(SENSITIVITY_SCALES) if detail and feasible else [],
        curve=rows(CURVE_SCALES) if with_curve and feasible else [],
    )
    recommendation = None
    if verdict.recommendation is not None:
        chosen = verdict.recommendation
        reason = break_even_reason(points, labels, cheapest_of(today), chosen.label)
        recommendation = chosen.model_copy(update={"reasons": [*chosen.reasons, reason]})
    return Report(
        tool_version=__version__,
        workload=WorkloadRef(
            name=workload.name,
            source=verdict.source_label,
            description=workload.description,
        ),
        pricing=pricing_ref(rates, catalog),
        traffic=traffic_summary(workload, demand),
        options=verdict.options,
        recommendation=recommendation,
        findings=[Finding.model_validate(hit) for hit in verdict.workload_hits],
        break_even=be,
    )


def alternatives(
    workload: Workload,
    demand: Demand,
    rates: PricingFile,
    priced: Priced,
    provisioned: bool,
) -> dict[str, list[Alternative]]:
    """Each priced option's cheaper levers: a function URL or an ALB instead of API Gateway in
    front of Lambda, and Graviton where the file does not pin an architecture (a report's
    detail: a comparison's row shows none)."""
    doors = lambda_door(workload, demand, rates)
    arm = None
    if unpinned(workload):
        arm = price_options(on_graviton(workload), demand, rates, provisioned, with_sizing=False)
    levers = {}
    for key, costed in priced.options.items():
        levers[key] = door_alternatives(costed, workload, demand, doors)
        if arm is not None:
            levers[key] += graviton_alternative(costed, arm.options.get(key))
    return levers


def unpriced_option(key: str, hits: list[rules.Hit], workload: Workload) -> Option:
    """An option that could not be priced (no task size or instance type fits)."""
    kind = BY_KEY[key]
    return Option(
        platform=kind.platform,
        variant=kind.variant,
        label=kind.label,
        entry=entry_for(kind.platform, workload),
        feasible=False,
        monthly_cost=ZERO,
        line_items=[],
        findings=hits,
    )


def pricing_ref(rates: PricingFile, catalog: Catalog) -> PricingRef:
    """Which pricing file priced the report."""
    return PricingRef(
        provider=rates.provider,
        region=rates.region,
        effective_date=rates.effective_date,
        file=catalog.describe(rates.region),
    )


def traffic_summary(workload: Workload, demand: Demand) -> TrafficSummary:
    """The traffic figures the report assumes."""
    return TrafficSummary(
        pattern=workload.traffic.pattern.value,
        monthly_requests=dec(round(demand.monthly_requests, 2)).normalize(),
        average_rps=dec(round(demand.average_rps, 4)),
        peak_rps=dec(round(demand.peak_rps, 4)),
    )
