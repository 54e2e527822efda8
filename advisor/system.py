"""Whole systems: a recommendation per service, and the hybrid design priced with what the
services share.

AWS bills Lambda's free tier and volume tiers per account and region, not per function, so a
design pools every Lambda function's requests and on-demand GB-seconds and bills them once. The
container services share one ALB and the services behind the same API Gateway type share its
request tiers; the system's NAT gateway is one gateway. Each service's share of a pooled line is
in proportion to its use of it (requests, GB-seconds at list price, LCUs); fixed hours are split
evenly among the services that share them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import Decimal

from advisor import __version__
from advisor.catalog import Catalog
from advisor.charges import EXACT, line_items
from advisor.coldstart import lambda_cold_starts
from advisor.documents import ServiceDocument, SystemDocument
from advisor.engine import analyze, price_options, pricing_ref, resolve_pricing
from advisor.errors import InputError
from advisor.models.catalog import PricingFile
from advisor.models.report import Choice, LineItem
from advisor.models.system import Design, ServicePlan, SystemReport
from advisor.models.workload import Entry, Network, Platform, Workload
from advisor.money import ZERO, Item, cents, dec, millionths
from advisor.options import BY_KEY
from advisor.platforms.aws_lambda import (
    NO_ALLOWANCE,
    Allowance,
    LambdaUse,
    init_charges,
    lambda_use,
    own_charges,
    pooled_charges,
    provisioned_for,
)
from advisor.platforms.entry import (
    MONTH_HOURS,
    alb_charges,
    alb_items,
    entry_for,
    entry_items,
    gateway_charges,
    metered,
    nat_charges,
)
from advisor.render.escape import MermaidIds, mermaid_label
from advisor.traffic import demand_from

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
}


@dataclass
class Pool:
    """Shared lines of one design and who uses how much of each."""

    own: dict[str, list[Item]] = field(default_factory=lambda: defaultdict(list))
    lambda_usage: dict[str, tuple[LambdaUse[Decimal], str, bool]] = field(default_factory=dict)
    entry_requests: dict[Entry, dict[str, Decimal]] = field(
        default_factory=lambda: defaultdict(dict)
    )
    lcu_hours: dict[str, Decimal] = field(default_factory=dict)


def service_workload(service: ServiceDocument) -> Workload:
    """A service priced inside a system: the free tier is the system's to apply."""
    return service.workload.model_copy(
        update={"lambda_": service.workload.lambda_.model_copy(update={"free_tier": False})}
    )


def price_design(
    name: str,
    assignment: dict[str, str],
    services: list[ServiceDocument],
    document: SystemDocument,
    rates: PricingFile,
) -> Design:
    """Price the system with each service on its assigned option, shared pieces pooled."""
    pool = Pool()
    for service in services:
        workload = service_workload(service)
        key = assignment[workload.name]
        demand = demand_from(workload.traffic)
        platform = BY_KEY[key].platform
        entry = entry_for(platform, workload)
        if platform is Platform.LAMBDA:
            settings = workload.lambda_
            if key == "lambda:provisioned":
                settings = settings.model_copy(
                    update={
                        "provisioned_concurrency": provisioned_for(demand, workload.execution),
                        "provisioned_hours": 730.0,
                    }
                )
            cold = lambda_cold_starts(workload, demand, settings.provisioned_concurrency)
            usage = lambda_use(demand, workload.execution, settings, cold)
            free_eligible = settings.provisioned_concurrency == 0
            pool.lambda_usage[workload.name] = (
                usage,
                workload.execution.architecture.value,
                free_eligible,
            )
            arch = workload.execution.architecture.value
            own = init_charges(usage, arch, rates.lambda_, EXACT)
            own += own_charges(usage, arch, rates.lambda_, EXACT)
            pool.own[workload.name] += line_items(own)
            if entry is Entry.API_GATEWAY_WEBSOCKET:
                pool.own[workload.name] += entry_items(entry, platform, workload, demand, rates)
        else:
            compute = workload.model_copy(update={"entry": Entry.NONE, "network": Network()})
            priced = price_options(compute, demand, rates, False, with_sizing=False)
            pool.own[workload.name] += priced.options[platform.value].items
        if entry in (Entry.API_GATEWAY_HTTP, Entry.API_GATEWAY_REST):
            billed = demand.monthly_requests * metered(entry, workload.traffic)
            pool.entry_requests[entry][workload.name] = dec(billed)
        elif entry is Entry.ALB:
            lcus = alb_items(platform, workload, demand, rates)[1].quantity
            pool.lcu_hours[workload.name] = lcus
    return _settle(name, assignment, pool, document, rates, [s.workload.name for s in services])


def _share(total: Decimal, weights: dict[str, Decimal]) -> dict[str, Decimal]:
    whole = sum(weights.values(), ZERO)
    if not whole:
        return {k: total / len(weights) for k in weights}
    return {k: total * w / whole for k, w in weights.items()}


def _settle(
    name: str,
    assignment: dict[str, str],
    pool: Pool,
    document: SystemDocument,
    rates: PricingFile,
    names: list[str],
) -> Design:
    """Bill the pooled lines once and share them out."""
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
    for entry, by_service in pool.entry_requests.items():
        requests = sum(by_service.values(), ZERO)
        shared = [
            replace(i, name=i.name.replace("requests", "requests (shared)", 1))
            for i in line_items(gateway_charges(entry, requests, rates))
        ]
        lines += shared
        for n, part in _share(sum((i.cost for i in shared), ZERO), by_service).items():
            per_service[n] += part
    if pool.lcu_hours:
        hours, lcus = line_items(
            alb_charges(MONTH_HOURS, sum(pool.lcu_hours.values(), ZERO), rates)
        )
        hours = replace(hours, name="Load balancer hours (one shared ALB)")
        lines += [hours, lcus]
        even = {n: Decimal(1) for n in pool.lcu_hours}
        for n, part in _share(hours.cost, even).items():
            per_service[n] += part
        for n, part in _share(lcus.cost, pool.lcu_hours).items():
            per_service[n] += part
    network = document.system.network
    if network.nat_gateway:
        nat = line_items(nat_charges(MONTH_HOURS, dec(network.nat_gb_per_month), rates))
        nat[0] = replace(nat[0], name="NAT gateway hours (shared)")
        lines += nat
        for n, part in _share(
            sum((i.cost for i in nat), ZERO), {n: Decimal(1) for n in names}
        ).items():
            per_service[n] += part
    total = sum((i.cost for i in lines), ZERO)
    return Design(
        name=name,
        feasible=True,
        monthly_cost=cents(total),
        assignments=assignment,
        per_service=cents_summing_to(per_service, cents(total)),
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


def analyze_system(
    document: SystemDocument, catalog: Catalog, *, with_curve: bool = False
) -> SystemReport:
    """Recommend per service, then price the hybrid design and the all-one-platform designs."""
    system = document.system
    first = document.services[0]
    rates = resolve_pricing(first.workload, catalog, first.source)
    reports = [
        analyze(service_workload(s), catalog, s.source, source_label=s.label, with_curve=with_curve)
        for s in document.services
    ]
    names = [s.workload.name for s in document.services]
    by_name = dict(zip(names, reports, strict=True))
    for index, report in enumerate(reports):
        if report.recommendation is None:
            raise InputError(
                f"no platform can run service '{names[index]}' as described",
                document.source.locate(("services", index)),
            )
    recommended = {n: r.recommendation.key for n, r in by_name.items() if r.recommendation}
    designs = [price_design("recommended", recommended, document.services, document, rates)]
    for name, candidates in (
        ("all-lambda", ("lambda", "lambda:provisioned")),
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
                options = [o for o in report.options if o.key == candidates[0]] or report.options
            assignment[n] = min(options, key=lambda o: o.monthly_cost).key
        design = price_design(name, assignment, document.services, document, rates)
        designs.append(design.model_copy(update={"feasible": not notes, "notes": notes}))
    services = []
    for service, report in zip(document.services, reports, strict=True):
        rec = report.recommendation
        assert rec is not None
        n = service.workload.name
        services.append(
            ServicePlan(
                name=n,
                source=service.label,
                recommended=Choice(
                    platform=rec.platform,
                    variant=rec.variant,
                    label=rec.label,
                    monthly_cost=designs[0].per_service[n],
                ),
                runner_up=rec.runner_up,
                reasons=rec.reasons,
                uses=service.uses,
                consumes=service.consumes,
                report=report,
            )
        )
    return SystemReport(
        tool_version=__version__,
        system={"name": system.name, "source": document.label, "description": system.description},
        pricing=pricing_ref(rates, catalog),
        services=services,
        designs=designs,
        diagram=mermaid(system.queues, system.stores, services),
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
    entries = sorted({o.entry for o in chosen.values()} - {Entry.NONE}, key=lambda e: e.value)
    for entry in entries:
        lines.append(f'  entry_{entry.value}{{{{"{ENTRY_NAMES[entry]}"}}}}')
    for queue in queues:
        lines.append(f'  {ids("q", queue)}>"{mermaid_label(queue)} (queue)"]')
    for store in stores:
        lines.append(f'  {ids("s", store)}[("{mermaid_label(store)}")]')
    for plan in services:
        entry = chosen[plan.name].entry
        if entry is not Entry.NONE:
            lines.append(f"  entry_{entry.value} --> {ids('svc', plan.name)}")
        for target in plan.uses:
            kind = "q" if target in queues else "s"
            lines.append(f"  {ids('svc', plan.name)} --> {ids(kind, target)}")
        for source in plan.consumes:
            lines.append(f"  {ids('q', source)} --> {ids('svc', plan.name)}")
    return "\n".join(lines) + "\n"
