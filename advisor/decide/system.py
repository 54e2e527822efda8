"""Whole systems: the services decided together, each at its marginal cost, and the glue
between them priced.

AWS bills Lambda's free tier and volume tiers per account and region, not per function, so a
design pools every Lambda function's requests and on-demand GB-seconds and bills them once. The
container services share one ALB, the services behind the same API Gateway type (or reading SQS)
share its request tiers, and the system's NAT gateway is one gateway. A service's marginal cost
is what the design costs with it less without it: a second service behind the ALB adds its LCUs,
not another ALB. The design search moves each service in turn to the option the single-workload
rules pick at those marginal costs. Each service's share of a pooled line is in proportion to
its use of it (ALLOCATION says how). Workflows, event buses, queues and S3 hand-offs are priced
as the design's glue, on lines of their own.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import Decimal

from advisor import __version__
from advisor.decide.report import analyze, pricing_ref
from advisor.decide.rules.cost import moved_reason, recommend
from advisor.errors import InputError
from advisor.escape import MermaidIds, mermaid_label
from advisor.input.documents import ServiceDocument, SystemDocument
from advisor.models.catalog import PricingFile
from advisor.models.report import Choice, LineItem, Option, Report, option_key
from advisor.models.system import Design, ServicePlan, SystemReport
from advisor.models.workload import Entry, Network, Platform, Workload
from advisor.money import ZERO, Item, cents, dec, millionths, usd
from advisor.pricing.aws_lambda import (
    NO_ALLOWANCE,
    Allowance,
    LambdaUse,
    batched,
    init_charges,
    lambda_use,
    own_charges,
    pooled_charges,
    provisioned_for,
    snapstart_charges,
)
from advisor.pricing.catalog import Catalog
from advisor.pricing.charges import EXACT, line_items
from advisor.pricing.coldstart import lambda_cold_starts
from advisor.pricing.entry import (
    INTERNET_FACING,
    MONTH_HOURS,
    alb_charges,
    alb_items,
    entry_for,
    entry_items,
    gateway_charges,
    metered,
    nat_charges,
    nlb_charges,
    nlb_items,
    queue_charges,
    sqs_units,
    transfer_charges,
    transfer_gb,
)
from advisor.pricing.glue import (
    event_charges,
    event_count,
    handoff_charges,
    handoff_requests,
    workflow_charges,
    workflow_use,
)
from advisor.pricing.logs import log_charges, log_gb
from advisor.pricing.options import BY_KEY
from advisor.pricing.quote import price_options, size_containers
from advisor.pricing.resolve import resolve_pricing
from advisor.pricing.traffic import demand_from

ENTRY_NAMES = {
    Entry.API_GATEWAY_HTTP: "API Gateway HTTP API",
    Entry.API_GATEWAY_REST: "API Gateway REST API",
    Entry.API_GATEWAY_WEBSOCKET: "API Gateway WebSocket API",
    Entry.ALB: "Application Load Balancer",
    Entry.FUNCTION_URL: "Function URL",
}
PLATFORM_NAMES = {
    Platform.LAMBDA: "Lambda",
    Platform.FARGATE: "ECS on Fargate",
    Platform.EC2: "EC2",
    Platform.LAMBDA_MANAGED_INSTANCES: "Lambda Managed Instances",
}


@dataclass(frozen=True)
class Part:
    """What one service adds to a design on one option: its own lines, and its use of what the
    design shares (Lambda's free tier and tiers, a door's request tiers, the ALB's LCUs)."""

    own: list[Item]
    lambda_use: tuple[LambdaUse[Decimal], str, bool] | None = None
    door: tuple[str, bool] | None = None
    """A pooled door: ("gateway", is REST) or ("queue", is FIFO)."""
    door_requests: Decimal = ZERO
    lcu_hours: Decimal | None = None
    nlcu_hours: Decimal | None = None
    """Behind a REST API, a container service's NLCU-hours on the NLB behind its VPC link."""
    transfer_gb: Decimal | None = None
    """GB it sends out to the internet (behind an internet-facing entry)."""
    lambda_log_gb: Decimal | None = None
    """GB of logs a Lambda function writes (at Lambda's log tiers, one set per account)."""


@dataclass
class Pool:
    """Shared lines of one design and who uses how much of each."""

    own: dict[str, list[Item]] = field(default_factory=lambda: defaultdict(list))
    lambda_usage: dict[str, tuple[LambdaUse[Decimal], str, bool]] = field(default_factory=dict)
    door_requests: dict[tuple[str, bool], dict[str, Decimal]] = field(
        default_factory=lambda: defaultdict(dict)
    )
    lcu_hours: dict[str, Decimal] = field(default_factory=dict)
    nlcu_hours: dict[str, Decimal] = field(default_factory=dict)
    """NLCU-hours of container services behind a REST API: one NLB behind its VPC link."""
    transfer_gb: dict[str, Decimal] = field(default_factory=dict)
    """GB each service sends out to the internet: billed once, the free 100 GB once."""
    lambda_log_gb: dict[str, Decimal] = field(default_factory=dict)
    """GB of logs each Lambda function writes: one account's log tiers."""


ALLOCATION = [
    "Each service's share: its own lines, plus the shared lines in proportion to its use.",
    "Lambda requests and duration (one free tier, one set of volume tiers per account): by each "
    "function's requests and GB-seconds at list price.",
    "API Gateway and SQS requests (one set of tiers per account): by the requests each service "
    "sends through them.",
    "The one ALB (its hours, LCU-hours and two public IPv4 addresses): by the LCU-hours each "
    "service's traffic uses; a service behind it adds its LCUs and a listener rule (rule "
    "evaluations are free up to 10).",
    "The one NAT gateway (its hours and data): by the GB each service sends through it "
    "(network.nat_gb_per_month), evenly where no service gives a figure.",
    "Glue (queues priced here, workflows, event buses, S3 hand-offs): evenly among the "
    "services that use or consume it, else among all services.",
    "Data sent out to the internet (the account's free 100 GB and its tiers, once): by the GB "
    "each service sends out.",
    "Lambda's logs (one set of log tiers per account): by the GB each function writes.",
    "The one NLB behind a REST API's VPC link: its hours evenly among the container services "
    "behind it, its NLCU-hours by each one's use.",
    "Marginal cost: what the design costs with the service less what it costs without it "
    "(the glue stays: it does not depend on where a service runs).",
]


def service_workload(service: ServiceDocument) -> Workload:
    """A service priced inside a system: the free tiers are the system's to apply."""
    workload = service.workload
    return workload.model_copy(
        update={
            "lambda_": workload.lambda_.model_copy(update={"free_tier": False}),
            "queue": workload.queue.model_copy(update={"free_tier": False}),
        }
    )


def service_part(workload: Workload, key: str, rates: PricingFile) -> Part:
    """What a service adds to a design when it runs on option `key`."""
    demand = demand_from(workload.traffic)
    platform = BY_KEY[key].platform
    entry = entry_for(platform, workload)
    own: list[Item] = []
    use = None
    extra: dict[str, Decimal] = {}
    if platform is Platform.LAMBDA:
        invoked, invocations = batched(workload, demand)
        settings = workload.lambda_
        if key == "lambda:provisioned":
            settings = settings.model_copy(
                update={
                    "provisioned_concurrency": provisioned_for(invocations, invoked.execution),
                    "provisioned_hours": 730.0,
                }
            )
        cold = lambda_cold_starts(invoked, invocations, settings.provisioned_concurrency)
        usage = lambda_use(invocations, invoked.execution, settings, cold)
        arch = workload.execution.arch.value
        use = (usage, arch, settings.provisioned_concurrency == 0)
        charges = init_charges(usage, arch, rates.lambda_, EXACT)
        charges += own_charges(usage, arch, rates.lambda_, EXACT)
        charges += snapstart_charges(usage, rates.snapstart, EXACT)
        own += line_items(charges)
        extra["lambda_log_gb"] = dec(
            log_gb(
                demand.monthly_requests,
                workload.logs.kb_per_request,
                lambda_=True,
                invocations=invocations.monthly_requests,
            )
        )
        if entry is Entry.API_GATEWAY_WEBSOCKET:
            own += entry_items(entry, platform, workload, demand, rates)
    else:
        compute = workload.model_copy(update={"entry": Entry.NONE, "network": Network()})
        # sized as the service is (behind its queue, for throughput within the delay)
        sized = compute.model_copy(update={"entry": workload.entry})
        containers = size_containers([(sized, demand, rates)])[0]
        priced = price_options(
            compute, demand, rates, False, with_sizing=False, containers=containers
        )
        own += priced.options[platform.value].items
    if entry in INTERNET_FACING:
        extra["transfer_gb"] = dec(transfer_gb(workload.traffic, demand.monthly_requests))
    if entry is Entry.API_GATEWAY_REST and platform not in (
        Platform.LAMBDA,
        Platform.LAMBDA_MANAGED_INSTANCES,
    ):
        nlb = nlb_items(workload, demand, rates)
        if nlb:
            extra["nlcu_hours"] = nlb[1].quantity
    billed = dec(demand.monthly_requests) * dec(metered(entry, workload.traffic))
    if entry in (Entry.API_GATEWAY_HTTP, Entry.API_GATEWAY_REST):
        part = Part(own, use, ("gateway", entry is Entry.API_GATEWAY_REST), billed)
    elif entry is Entry.QUEUE:
        part = Part(own, use, ("queue", workload.queue.fifo), billed)
    elif entry is Entry.ALB:
        part = Part(own, use, lcu_hours=alb_items(platform, workload, demand, rates)[1].quantity)
    else:
        part = Part(own, use)
    return replace(
        part,
        transfer_gb=extra.get("transfer_gb"),
        nlcu_hours=extra.get("nlcu_hours"),
        lambda_log_gb=extra.get("lambda_log_gb"),
    )


def price_design(
    name: str,
    assignment: dict[str, str],
    parts: dict[str, dict[str, Part]],
    document: SystemDocument,
    rates: PricingFile,
) -> Design:
    """Price the system with each service on its assigned option, shared pieces pooled, and
    each service's marginal cost (the design with it, less the design without it)."""
    names = list(assignment)
    design = _settle(name, assignment, parts, document, rates, names)
    full = design.monthly_cost
    marginal = {
        n: full
        - _settle(
            name, assignment, parts, document, rates, [m for m in names if m != n]
        ).monthly_cost
        for n in names
    }
    return design.model_copy(update={"marginal": marginal, "allocation": ALLOCATION})


def _pool(assignment: dict[str, str], parts: dict[str, dict[str, Part]], names: list[str]) -> Pool:
    pool = Pool()
    for n in names:
        part = parts[n][assignment[n]]
        pool.own[n] += part.own
        if part.lambda_use is not None:
            pool.lambda_usage[n] = part.lambda_use
        if part.door is not None:
            pool.door_requests[part.door][n] = part.door_requests
        if part.lcu_hours is not None:
            pool.lcu_hours[n] = part.lcu_hours
        if part.nlcu_hours is not None:
            pool.nlcu_hours[n] = part.nlcu_hours
        if part.transfer_gb is not None:
            pool.transfer_gb[n] = part.transfer_gb
        if part.lambda_log_gb is not None:
            pool.lambda_log_gb[n] = part.lambda_log_gb
    return pool


def _share(total: Decimal, weights: dict[str, Decimal]) -> dict[str, Decimal]:
    whole = sum(weights.values(), ZERO)
    if not whole:
        return {k: total / len(weights) for k in weights}
    return {k: total * w / whole for k, w in weights.items()}


def _settle(
    name: str,
    assignment: dict[str, str],
    parts: dict[str, dict[str, Part]],
    document: SystemDocument,
    rates: PricingFile,
    names: list[str],
) -> Design:
    """Bill the pooled lines once and share them out, among the services `names`."""
    pool = _pool(assignment, parts, names)
    per_service: dict[str, Decimal] = {
        n: sum((i.cost for i in pool.own.get(n, [])), ZERO) for n in names
    }
    lines: list[Item] = [
        Item(f"{n}: {i.name}", i.quantity, i.unit, i.unit_price, i.cost)
        for n in names
        for i in pool.own.get(n, [])
    ]
    if pool.lambda_usage:
        requests = sum((u.requests for u, _, _ in pool.lambda_usage.values()), ZERO)
        by_arch: dict[str, Decimal] = defaultdict(lambda: ZERO)
        for usage, arch, _ in pool.lambda_usage.values():
            by_arch[arch] += usage.on_demand_gb_seconds
        allowance = NO_ALLOWANCE
        if document.system.lambda_.free_tier:
            eligible = [u for u, _, ok in pool.lambda_usage.values() if ok]
            allowance = Allowance(
                min(rates.lambda_.free_tier.requests, sum((u.requests for u in eligible), ZERO)),
                min(
                    rates.lambda_.free_tier.gb_seconds,
                    sum((u.on_demand_gb_seconds for u in eligible), ZERO),
                ),
            )
        shared = line_items(
            pooled_charges(requests, dict(by_arch), rates.lambda_, allowance, EXACT, "Lambda ")
        )
        lines += shared
        list_price = {
            n: _list_price(u, arch, rates) for n, (u, arch, _) in pool.lambda_usage.items()
        }
        for n, part in _share(sum((i.cost for i in shared), ZERO), list_price).items():
            per_service[n] += part
    for queue in document.system.queues:
        if queue.messages_per_month:
            requests = dec(queue.messages_per_month) * dec(sqs_units(queue.message_kb))
            pool.door_requests["queue", queue.fifo][GLUE + queue.name] = requests
    glue: dict[str, Decimal] = {}
    for (door, flag), by_service in pool.door_requests.items():
        requests = sum(by_service.values(), ZERO)
        if door == "gateway":
            entry = Entry.API_GATEWAY_REST if flag else Entry.API_GATEWAY_HTTP
            charges = gateway_charges(entry, requests, rates)
        else:
            free = rates.sqs.free_requests if document.system.free_tier and rates.sqs else None
            charges = queue_charges(requests, flag, free, rates)
        shared = [
            replace(i, name=i.name.replace("requests", "requests (shared)", 1))
            for i in line_items(charges)
        ]
        lines += shared
        for n, part in _share(sum((i.cost for i in shared), ZERO), by_service).items():
            if n.startswith(GLUE):
                glue[n.removeprefix(GLUE)] = part
            else:
                per_service[n] += part
    for name_, items in glue_items(document, rates).items():
        lines += items
        glue[name_] = sum((i.cost for i in items), ZERO)
    links = {s.workload.name: {*s.uses, *s.consumes} for s in document.services}
    for name_, cost in glue.items():
        users = [n for n in names if name_ in links[n]] or names
        for n, part in _share(cost, {n: Decimal(1) for n in users}).items():
            per_service[n] += part
    if pool.lcu_hours:
        hours, lcus, *addresses = line_items(
            alb_charges(MONTH_HOURS, sum(pool.lcu_hours.values(), ZERO), rates)
        )
        hours = replace(hours, name="Load balancer hours (one shared ALB)")
        lines += [hours, lcus, *addresses]
        fixed = hours.cost + lcus.cost + sum((i.cost for i in addresses), ZERO)
        for n, part in _share(fixed, pool.lcu_hours).items():
            per_service[n] += part
    if pool.lambda_log_gb and rates.cloudwatch_logs is not None:
        gb = sum(pool.lambda_log_gb.values(), ZERO)
        shared = line_items(log_charges(gb, rates, vended=True))
        shared = [replace(i, name=f"Lambda {i.name}") for i in shared]
        lines += shared
        for n, part in _share(sum((i.cost for i in shared), ZERO), pool.lambda_log_gb).items():
            per_service[n] += part
    if pool.nlcu_hours:
        hours, nlcus = line_items(
            nlb_charges(MONTH_HOURS, sum(pool.nlcu_hours.values(), ZERO), rates)
        )
        hours = replace(hours, name=f"{hours.name}, one shared")
        lines += [hours, nlcus]
        for n, part in _share(hours.cost, {n: Decimal(1) for n in pool.nlcu_hours}).items():
            per_service[n] += part
        for n, part in _share(nlcus.cost, pool.nlcu_hours).items():
            per_service[n] += part
    transfer = rates.data_transfer
    if pool.transfer_gb and transfer is not None:
        gb = sum(pool.transfer_gb.values(), ZERO)
        shared = line_items(transfer_charges(gb, rates, transfer.free_gb))
        lines += shared
        for n, part in _share(sum((i.cost for i in shared), ZERO), pool.transfer_gb).items():
            per_service[n] += part
    network = document.system.network
    if network.nat_gateway and names:
        sends = {n: dec(document.workloads[n].network.nat_gb_per_month) for n in names}
        gb = dec(network.nat_gb_per_month) or sum(sends.values(), ZERO)
        nat = line_items(nat_charges(MONTH_HOURS, gb, rates))
        nat[0] = replace(nat[0], name="NAT gateway hours (shared)")
        lines += nat
        for n, part in _share(sum((i.cost for i in nat), ZERO), sends).items():
            per_service[n] += part
    total = sum((i.cost for i in lines), ZERO)
    return Design(
        name=name,
        feasible=True,
        monthly_cost=cents(total),
        assignments={n: assignment[n] for n in names},
        per_service=cents_summing_to(per_service, cents(total)),
        glue={k: cents(v) for k, v in glue.items()},
        line_items=[
            LineItem(
                name=i.name,
                quantity=millionths(i.quantity).normalize(),
                unit=i.unit,
                unit_price=i.unit_price,
                monthly_cost=cents(i.cost),
            )
            for i in lines
        ],
    )


GLUE = "\0glue:"
"""Marks a piece of glue among the users of a pooled line (no service name starts so)."""


def glue_items(document: SystemDocument, rates: PricingFile) -> dict[str, list[Item]]:
    """Line items of the system's workflows, event buses and S3 hand-offs, by name (queues are
    pooled with the services' SQS requests)."""
    system = document.system
    found: dict[str, list[Item]] = {}
    for flow in system.workflows:
        executions, transitions, gb_seconds = workflow_use(flow)
        free = None
        if system.free_tier and rates.step_functions is not None:
            free = rates.step_functions.free_transitions
        charges = workflow_charges(
            flow.name, executions, transitions, gb_seconds, flow.type == "express", free, rates
        )
        found[flow.name] = line_items(charges)
    for bus in system.event_buses:
        found[bus.name] = line_items(event_charges(bus.name, event_count(bus), rates))
    for handoff in system.handoffs:
        puts, gets = handoff_requests(handoff)
        found[handoff.name] = line_items(handoff_charges(handoff.name, puts, gets, rates))
    return found


def _list_price(use: LambdaUse[Decimal], arch: str, rates: PricingFile) -> Decimal:
    """A function's requests and on-demand duration at list price (no free tier, the first
    tier): its weight in the pooled Lambda lines."""
    charges = pooled_charges(
        use.requests, {arch: use.on_demand_gb_seconds}, rates.lambda_, NO_ALLOWANCE, EXACT
    )
    return sum((c.quantity * c.rate.bands[0].price for c in charges if c.rate), ZERO)


def cents_summing_to(parts: dict[str, Decimal], total: Decimal) -> dict[str, Decimal]:
    """Round shares to cents so they add up to the rounded total (largest remainder first)."""
    rounded = {k: cents(v) for k, v in parts.items()}
    gap = total - sum(rounded.values(), ZERO)
    step = Decimal("0.01") if gap > 0 else Decimal("-0.01")
    by_remainder = sorted(parts, key=lambda k: (parts[k] - rounded[k]) * step, reverse=True)
    for key in by_remainder[: int(abs(gap) / Decimal("0.01"))]:
        rounded[key] += step
    return rounded


SEARCH_ROUNDS = 4
"""Rounds of the design search: each service in turn moves to its best option given the
others; a round without a move ends it (two rounds settle every bundled system)."""


def search_design(
    start: dict[str, str],
    parts: dict[str, dict[str, Part]],
    reports: dict[str, Report],
    document: SystemDocument,
    rates: PricingFile,
) -> dict[str, str]:
    """The design decided together: from each service's verdict alone, each service in turn
    goes to the option the single-workload rules pick when every option is priced at its
    marginal cost in the design (what the design costs with the service on it, less what it
    costs without the service): the cheapest feasible, unless a simpler one is within the
    service's margin or EC2 saves less than the self-managed margin."""
    assignment = dict(start)
    names = list(assignment)
    for _ in range(SEARCH_ROUNDS):
        moved = False
        for n in names:
            others = [m for m in names if m != n]
            without = _settle(
                "recommended", assignment, parts, document, rates, others
            ).monthly_cost
            options = []
            for option in reports[n].options:
                if not option.feasible or option.key not in parts[n]:
                    continue
                trial = assignment | {n: option.key}
                cost = (
                    _settle("recommended", trial, parts, document, rates, names).monthly_cost
                    - without
                )
                options.append(_plain(option, cost))
            chosen = recommend(options, [], document.workloads[n].decision)
            if chosen is None:
                continue
            key = option_key(chosen.platform.value, chosen.variant)
            if key != assignment[n]:
                assignment[n] = key
                moved = True
        if not moved:
            break
    return assignment


def _plain(option: Option, cost: Decimal) -> Option:
    """A service's option priced at its marginal cost, for the single-workload verdict."""
    return option.model_copy(update={"monthly_cost": cost, "line_items": [], "sizing": {}})


def analyze_system(
    document: SystemDocument, catalog: Catalog, *, with_curve: bool = False
) -> SystemReport:
    """Recommend per service, decide the design together (marginal costs), and price it beside
    the all-one-platform designs."""
    system = document.system
    first = document.services[0]
    rates = resolve_pricing(first.workload, catalog, first.source)
    reports = [
        analyze(service_workload(s), catalog, s.source, source_label=s.label, with_curve=with_curve)
        for s in document.services
    ]
    _check_glue_rates(document, rates)
    names = [s.workload.name for s in document.services]
    by_name = dict(zip(names, reports, strict=True))
    for index, report in enumerate(reports):
        if report.recommendation is None:
            raise InputError(
                f"no platform can run service '{names[index]}' as described",
                document.source.locate(("services", index)),
            )
    parts = {
        s.workload.name: {
            o.key: service_part(service_workload(s), o.key, rates)
            for o in by_name[s.workload.name].options
            if o.line_items or o.feasible
        }
        for s in document.services
    }
    alone = {n: r.recommendation.key for n, r in by_name.items() if r.recommendation}
    together = search_design(alone, parts, by_name, document, rates)
    designs = [price_design("recommended", together, parts, document, rates)]
    for name, candidates in (
        ("all-lambda", ("lambda", "lambda:provisioned")),
        ("all-lambda-managed-instances", ("lambda_managed_instances",)),
        ("all-containers", ("fargate", "ec2")),
    ):
        assignment: dict[str, str] = {}
        notes = []
        for n, report in by_name.items():
            options = [o for o in report.options if o.key in candidates and o.feasible]
            if not options:
                blocked = [o for o in report.options if o.key == candidates[0]]
                why = (
                    blocked[0].findings[0].message
                    if blocked and blocked[0].findings
                    else "no option fits"
                )
                notes.append(f"{n} cannot run there: {why}")
                options = [
                    o for o in report.options if o.key == candidates[0] and o.key in parts[n]
                ] or [o for o in report.options if o.key in parts[n]]
                # an option that could not be priced at all (no task size, no instance type,
                # no rates in this region) is priced as the cheapest that could
                options = [o for o in options if o.line_items] or [
                    o for o in report.options if o.line_items and o.key in parts[n]
                ]
            assignment[n] = min(options, key=lambda o: o.monthly_cost).key
        design = price_design(name, assignment, parts, document, rates)
        designs.append(design.model_copy(update={"feasible": not notes, "notes": notes}))
    services = []
    designs[0] = designs[0].model_copy(
        update={"notes": [*designs[0].notes, *glue_notes(designs[0])]}
    )
    chosen_design = designs[0]
    for service, report in zip(document.services, reports, strict=True):
        rec = report.recommendation
        assert rec is not None
        n = service.workload.name
        key = together[n]
        option = next(o for o in report.options if o.key == key)
        moved = key != rec.key
        reasons = list(rec.reasons)
        if moved:
            reasons.insert(0, moved_reason(option.label, chosen_design.marginal[n], rec))
        by_itself = Choice(
            platform=rec.platform,
            variant=rec.variant,
            label=rec.label,
            monthly_cost=rec.monthly_cost,
        )
        services.append(
            ServicePlan(
                name=n,
                source=service.label,
                recommended=Choice(
                    platform=option.platform,
                    variant=option.variant,
                    label=option.label,
                    monthly_cost=chosen_design.per_service[n],
                ),
                # the best other choice, alone: where the system moved the service, the one it
                # would have gone to alone
                runner_up=by_itself if moved else rec.runner_up,
                reasons=reasons,
                uses=service.uses,
                consumes=service.consumes,
                report=report,
                marginal_cost=chosen_design.marginal[n],
                alone=by_itself if moved else None,
            )
        )
    return SystemReport(
        tool_version=__version__,
        system={"name": system.name, "source": document.label, "description": system.description},
        pricing=pricing_ref(rates, catalog),
        services=services,
        designs=designs,
        diagram=mermaid(system.queue_names, [*system.stores, *system.glue_names], services),
    )


GLUE_DOMINATES = Decimal("0.5")
"""The share of a design's cost above which its glue, not its compute, is where the money is."""


def glue_notes(design: Design) -> list[str]:
    """A note when the glue (queues, workflows, event buses, S3 hand-offs) costs more than the
    compute it joins: then no choice of platform matters as much as merging the steps (ADV602;
    the 2023 Prime Video write-up: one process in place of Step Functions and S3 cut 90 %)."""
    glue = sum(design.glue.values(), ZERO)
    if not design.monthly_cost or glue / design.monthly_cost <= GLUE_DOMINATES:
        return []
    share = glue / design.monthly_cost * 100
    return [
        f"The glue costs {usd(glue)} a month, {share:.0f} % of this design: merging the steps "
        "it joins into one process (ADV602) saves more than any choice of platform."
    ]


def _check_glue_rates(document: SystemDocument, rates: PricingFile) -> None:
    """A located error for glue the region's pricing file has no rates for."""
    system = document.system
    needs = [
        ("queues", "sqs", "SQS", [q.messages_per_month > 0 for q in system.queues]),
        ("workflows", "step_functions", "Step Functions", [True] * len(system.workflows)),
        ("event_buses", "eventbridge", "EventBridge", [True] * len(system.event_buses)),
        ("handoffs", "s3", "S3 request", [True] * len(system.handoffs)),
    ]
    for key, section, service, priced in needs:
        if getattr(rates, section) is None and any(priced):
            index = priced.index(True)
            raise InputError(
                f"the {rates.region} pricing file has no {service} rates (its optional "
                f"{section} section), so this cannot be priced there",
                document.source.locate((key, index)),
            )


def mermaid(queues: list[str], stores: list[str], services: list[ServicePlan]) -> str:
    """A Mermaid flowchart: services grouped by platform, their entry points, queues and stores.

    Names are user text: each becomes an ASCII node id made unique here and a label in double
    quotes with Mermaid's entity codes, so no name can end its label, add nodes or links, or
    close the Markdown fence around the diagram."""
    ids = MermaidIds()
    lines = ["flowchart LR"]
    groups: dict[str, list[ServicePlan]] = defaultdict(list)
    for plan in services:
        groups[PLATFORM_NAMES[plan.recommended.platform]].append(plan)
    for label, members in groups.items():
        group = label.replace(" ", "_")  # the platform's name: ours, not the user's
        lines.append(f'  subgraph {group}["{label}"]')
        for plan in members:
            name = mermaid_label(plan.name)
            choice = mermaid_label(plan.recommended.label)
            lines.append(f'    {ids("svc", plan.name)}["{name}<br/>{choice}"]')
        lines.append("  end")
    chosen = {
        plan.name: next(o for o in plan.report.options if o.key == plan.recommended.key)
        for plan in services
    }
    # a queue in front is drawn as the queue the service consumes
    doors = {o.entry for o in chosen.values()} - {Entry.NONE, Entry.QUEUE}
    entries = sorted(doors, key=lambda e: e.value)
    for entry in entries:
        lines.append(f'  entry_{entry.value}{{{{"{ENTRY_NAMES[entry]}"}}}}')
    for queue in queues:
        lines.append(f'  {ids("q", queue)}>"{mermaid_label(queue)} (queue)"]')
    for store in stores:
        lines.append(f'  {ids("s", store)}[("{mermaid_label(store)}")]')
    for plan in services:
        entry = chosen[plan.name].entry
        if entry in doors:
            lines.append(f"  entry_{entry.value} --> {ids('svc', plan.name)}")
        for target in plan.uses:
            kind = "q" if target in queues else "s"
            lines.append(f"  {ids('svc', plan.name)} --> {ids(kind, target)}")
        for source in plan.consumes:
            lines.append(f"  {ids('q', source)} --> {ids('svc', plan.name)}")
    return "\n".join(lines) + "\n"
