"""Workload to report: price every option, apply the rules, recommend, and find the break-even.

The core returns data and never prints. `analyze` is the one entry point for a workload file.
"""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from advisor import __version__, rules
from advisor.catalog import Catalog
from advisor.coldstart import INIT_MS, ColdStarts, estimate, init_percentiles, misses_target
from advisor.errors import InputError
from advisor.loading import SourceMap
from advisor.models.catalog import PricingFile
from advisor.models.report import (
    BreakEven,
    BreakEvenPoint,
    Choice,
    Finding,
    LineItem,
    Option,
    PricingRef,
    Reason,
    Recommendation,
    Report,
    SensitivityRow,
    Severity,
    TrafficSummary,
    WorkloadRef,
)
from advisor.models.workload import Architecture, Decision, LambdaSettings, Platform, Workload
from advisor.money import ZERO, Item, cents, dec
from advisor.platforms.aws_lambda import lambda_items, lambda_usage, own_allowance
from advisor.platforms.base import Costed
from advisor.platforms.containers import task_shape
from advisor.platforms.ec2 import choose_fleet, ec2_items
from advisor.platforms.entry import entry_for, entry_items, nat_items
from advisor.platforms.fargate import fargate_items, snap_task_size
from advisor.traffic import Demand, demand_from

PROVISIONED_UTILIZATION = 0.7
"""Provisioned concurrency is sized so the peak keeps it at most this busy (AWS's usual target)."""

SIMPLICITY = {"lambda": 0, "lambda:provisioned": 1, "fargate": 2, "ec2": 3}
"""Fewer things to patch, scale and watch come first when costs are close."""

SENSITIVITY_SCALES = (Decimal("0.1"), Decimal(1), Decimal(10), Decimal(100))
CURVE_SCALES = tuple(Decimal(f"{10 ** (step / 2):.4g}") for step in range(-4, 7))
BREAK_EVEN_GRID = [0.001, 0.01, 0.1, 10**-0.5, 1.0, 10**0.5, 10.0, 100.0, 1000.0]
"""Where the search looks for a change of cheapest option: half decades near today's traffic,
decades further out. It holds the sensitivity points, so those come free."""
BREAK_EVEN_PRECISION = 1.005


@dataclass
class Priced:
    """Every option priced for one demand, what could not be priced, and cold-start estimates."""

    options: dict[str, Costed]
    problems: dict[str, str]
    cold_starts: dict[str, ColdStarts]


def standalone_lambda(
    workload: Workload, demand: Demand, settings: LambdaSettings, rates: PricingFile
) -> list[Item]:
    """Lambda line items for a workload billed on its own (its own free tier and tiers)."""
    usage = lambda_usage(demand, workload.execution, settings)
    return lambda_items(
        usage, workload.execution, rates.lambda_, own_allowance(settings, rates.lambda_)
    )


def provisioned_size(workload: Workload, demand: Demand) -> int:
    """Environments that hold the peak warm at the usual 70 % target."""
    peak = demand.peak_rps * workload.execution.duration_ms / 1000
    return max(1, math.ceil(peak / PROVISIONED_UTILIZATION - 1e-9))


def price_options(
    workload: Workload,
    demand: Demand,
    rates: PricingFile,
    provisioned: bool,
    *,
    with_cold_starts: bool = True,
) -> Priced:
    """Price Lambda (and its provisioned variant when asked), Fargate and EC2 for one demand."""
    options: dict[str, Costed] = {}
    problems: dict[str, str] = {}
    colds: dict[str, ColdStarts] = {}
    network = nat_items(workload, rates)
    execution = workload.execution

    lambda_entry = entry_for(Platform.LAMBDA, workload)
    variants = [("lambda", workload.lambda_)]
    if provisioned:
        size = provisioned_size(workload, demand)
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
        variant = None if key == "lambda" else "provisioned"
        label = f"Lambda (provisioned concurrency {pc})" if pc else "Lambda"
        items = standalone_lambda(workload, demand, settings, rates)
        items += entry_items(lambda_entry, Platform.LAMBDA, workload, demand, rates) + network
        duration_s = execution.duration_ms / 1000
        sizing: dict[str, object] = {
            "memory_mb": execution.memory_mb,
            "billed_duration_ms": math.ceil(execution.duration_ms),
            "mean_concurrency": round(demand.average_rps * duration_s, 4),
            "peak_concurrency": round(demand.peak_rps * duration_s, 4),
        }
        if pc:
            sizing["provisioned_concurrency"] = pc
        if with_cold_starts:
            cold = lambda_cold_starts(workload, demand, pc)
            colds[key] = cold
            sizing |= {
                "cold_starts_per_month": round(cold.per_month, 1),
                "cold_start_share": round(cold.share, 6),
                "p99_latency_ms": round(cold.p99_ms, 1),
            }
        options[key] = Costed(key, Platform.LAMBDA, variant, label, lambda_entry, items, sizing)

    shape = task_shape(workload)
    container_entry = entry_for(Platform.FARGATE, workload)
    task_size = snap_task_size(shape.vcpu, shape.memory_gb, rates.fargate)
    if task_size is None:
        problems["fargate"] = (
            f"A task of {shape.vcpu:g} vCPU and {shape.memory_gb:g} GB is larger than any "
            "Fargate size (at most 16 vCPU and 120 GB)."
        )
    else:
        items, sizing = fargate_items(workload, demand, shape, task_size, rates.fargate)
        items += entry_items(container_entry, Platform.FARGATE, workload, demand, rates) + network
        options["fargate"] = Costed(
            "fargate", Platform.FARGATE, None, "Fargate", container_entry, items, sizing
        )

    fleet = choose_fleet(workload, demand, shape, rates.ec2)
    if fleet is None:
        problems["ec2"] = (
            f"No {execution.architecture.value} instance type in the pricing file holds a task of "
            f"{shape.vcpu:g} vCPU and {shape.memory_gb:g} GB."
        )
    else:
        items, sizing = ec2_items(workload, demand, shape, fleet, rates.ec2)
        items += entry_items(container_entry, Platform.EC2, workload, demand, rates) + network
        options["ec2"] = Costed("ec2", Platform.EC2, None, "EC2", container_entry, items, sizing)
    return Priced(options, problems, colds)


def lambda_cold_starts(workload: Workload, demand: Demand, warm: int) -> ColdStarts:
    """Cold starts and p99 for a Lambda option with `warm` provisioned environments."""
    execution = workload.execution
    init = init_percentiles(
        execution.runtime, execution.architecture is Architecture.ARM64, execution.init_ms
    )
    return estimate(
        demand,
        execution.duration_ms,
        execution.duration_p99_ms or execution.duration_ms,
        workload.lambda_.keep_alive_s,
        init,
        warm_environments=float(warm),
    )


def needs_provisioned(workload: Workload, demand: Demand) -> bool:
    """Whether on-demand Lambda misses the latency target, so a provisioned variant is priced."""
    if workload.lambda_.provisioned_concurrency or workload.requirements.latency_p99_ms is None:
        return False
    execution = workload.execution
    cold = lambda_cold_starts(workload, demand, 0)
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
    pinned = workload.ec2.instance_type
    if pinned is not None and pinned not in rates.ec2.instances:
        close = difflib.get_close_matches(pinned, list(rates.ec2.instances), n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        raise InputError(
            f"instance type '{pinned}' is not in the {rates.region} pricing file{hint}",
            source.locate(("ec2", "instance_type")),
        )
    return rates


def to_option(costed: Costed, hits: list[rules.Hit]) -> Option:
    """A priced option and its findings, as the report shows it."""
    findings = [Finding(rule=h.rule, severity=h.severity, message=h.message) for h in hits]
    return Option(
        platform=costed.platform,
        variant=costed.variant,
        label=costed.label,
        entry=costed.entry,
        feasible=not any(f.severity is Severity.ERROR for f in findings),
        monthly_cost=cents(costed.total),
        line_items=[
            LineItem(
                name=i.name,
                quantity=i.quantity.normalize()
                if i.quantity == i.quantity.to_integral()
                else round(i.quantity, 6),
                unit=i.unit,
                unit_price=i.unit_price,
                monthly_cost=cents(i.cost),
            )
            for i in costed.items
        ],
        sizing=costed.sizing,
        findings=findings,
    )


def _close(best: Decimal, other: Decimal, decision: Decision) -> bool:
    gap = other - best
    if gap <= dec(decision.margin_usd):
        return True
    return best > 0 and gap / best * 100 <= dec(decision.margin_percent)


def recommend(
    options: list[Option], workload_hits: list[rules.Hit], decision: Decision
) -> Recommendation | None:
    """The cheapest option no rule ruled out, unless a simpler one is within the margin."""
    feasible = sorted((o for o in options if o.feasible), key=lambda o: o.monthly_cost)
    if not feasible:
        return None
    cheapest = feasible[0]
    close = [o for o in feasible if _close(cheapest.monthly_cost, o.monthly_cost, decision)]
    chosen = min(close, key=lambda o: (SIMPLICITY[o.key], o.monthly_cost))
    others = [o for o in feasible if o is not chosen]
    runner = others[0] if others else None
    reasons = [
        Reason(rule=f.rule, message=f"{o.label} ruled out: {f.message}")
        for o in options
        for f in o.findings
        if f.severity is Severity.ERROR
    ]
    reasons += [Reason(rule=h.rule, message=h.message) for h in workload_hits]
    saving = saving_percent = None
    if runner is None:
        reasons.append(
            Reason(
                rule="ADV501",
                message=f"{chosen.label} is the only option left, at "
                f"{_usd(chosen.monthly_cost)} a month.",
            )
        )
    else:
        saving = runner.monthly_cost - chosen.monthly_cost
        saving_percent = (
            cents(saving / runner.monthly_cost * 100) if runner.monthly_cost else Decimal(0)
        )
        if chosen is not cheapest:
            message = (
                f"{chosen.label} at {_usd(chosen.monthly_cost)} a month costs "
                f"{_usd(-saving)} more than {cheapest.label} at {_usd(cheapest.monthly_cost)}, "
                f"within the margin ({decision.margin_percent:g} % or ${decision.margin_usd:g}) "
                "where the simpler platform wins the close call."
            )
        elif chosen.monthly_cost == runner.monthly_cost or _close(
            chosen.monthly_cost, runner.monthly_cost, decision
        ):
            message = (
                f"{chosen.label} at {_usd(chosen.monthly_cost)} a month is within the margin of "
                f"{runner.label} at {_usd(runner.monthly_cost)} and is the simpler platform to run."
            )
        else:
            message = (
                f"{chosen.label} costs {_usd(chosen.monthly_cost)} a month, {_usd(saving)} "
                f"({saving_percent} %) less than {runner.label} at {_usd(runner.monthly_cost)}."
            )
        reasons.append(Reason(rule="ADV501", message=message))
    return Recommendation(
        platform=chosen.platform,
        variant=chosen.variant,
        label=chosen.label,
        monthly_cost=chosen.monthly_cost,
        reasons=reasons,
        runner_up=Choice(
            platform=runner.platform,
            variant=runner.variant,
            label=runner.label,
            monthly_cost=runner.monthly_cost,
        )
        if runner
        else None,
        saving=saving,
        saving_percent=saving_percent,
        close_call=runner is not None
        and _close(chosen.monthly_cost, runner.monthly_cost, decision),
    )


def _usd(value: Decimal) -> str:
    return f"${value:,.2f}"


class CostCurve:
    """Each feasible option's monthly cost at a multiple of today's traffic (memoised)."""

    def __init__(
        self,
        workload: Workload,
        demand: Demand,
        rates: PricingFile,
        keys: list[str],
        provisioned: bool,
    ) -> None:
        self.workload, self.demand, self.rates = workload, demand.merged(), rates
        self.keys, self.provisioned = keys, provisioned
        self._memo: dict[float, dict[str, Decimal]] = {}

    def costs(self, scale: float) -> dict[str, Decimal]:
        """Monthly cost of each option at `scale` x today's traffic."""
        if scale not in self._memo:
            priced = price_options(
                self.workload,
                self.demand.scaled(scale),
                self.rates,
                self.provisioned,
                with_cold_starts=False,
            )
            self._memo[scale] = {
                k: priced.options[k].total for k in self.keys if k in priced.options
            }
        return self._memo[scale]

    def cheapest(self, scale: float) -> str:
        """The cheapest option at `scale`; ties go to the simpler one."""
        costs = self.costs(scale)
        return min(costs, key=lambda k: (costs[k], SIMPLICITY[k]))


def narrow(curve: CostCurve, low: float, high: float) -> tuple[float, float]:
    """Halve a bracket whose ends have different cheapest options (in log space) until it is
    within BREAK_EVEN_PRECISION; the cheapest option at `low` stays the one it was."""
    while high / low > BREAK_EVEN_PRECISION:
        middle = math.sqrt(low * high)
        if curve.cheapest(middle) == curve.cheapest(low):
            low = middle
        else:
            high = middle
    return low, high


def break_even(
    curve: CostCurve, monthly_requests: float, labels: dict[str, str], with_curve: bool = False
) -> BreakEven:
    """The nearest traffic, below and above today's, at which the cheapest option changes."""
    points: list[BreakEvenPoint] = []
    if not curve.keys:
        return BreakEven(points=[], sensitivity=[])
    if len(curve.keys) > 1:
        today = curve.cheapest(1.0)
        below = [s for s in BREAK_EVEN_GRID if s < 1][::-1]
        above = [s for s in BREAK_EVEN_GRID if s > 1]
        searches: tuple[tuple[Literal["lower", "higher"], list[float]], ...] = (
            ("lower", below),
            ("higher", above),
        )
        for direction, grid in searches:
            near = 1.0
            for scale in grid:
                if curve.cheapest(scale) != today:
                    low, high = narrow(curve, *sorted((near, scale)))
                    point = math.sqrt(low * high)
                    points.append(
                        BreakEvenPoint(
                            direction=direction,
                            monthly_requests=Decimal(round(monthly_requests * point)),
                            scale=Decimal(f"{point:.6g}"),
                            scale_low=dec(low),
                            scale_high=dec(high),
                            monthly_cost=cents(curve.costs(high)[curve.cheapest(high)]),
                            below=labels[curve.cheapest(low)],
                            above=labels[curve.cheapest(high)],
                        )
                    )
                    break
                near = scale

    def rows(scales: tuple[Decimal, ...]) -> list[SensitivityRow]:
        return [
            SensitivityRow(
                scale=multiple,
                monthly_requests=dec(round(monthly_requests * float(multiple), 2)).normalize(),
                costs={k: cents(v) for k, v in curve.costs(float(multiple)).items()},
                cheapest=curve.cheapest(float(multiple)),
            )
            for multiple in scales
        ]

    return BreakEven(
        points=points,
        sensitivity=rows(SENSITIVITY_SCALES),
        curve=rows(CURVE_SCALES) if with_curve else [],
    )


def break_even_reason(be: BreakEven, labels: dict[str, str], recommended: str) -> Reason:
    """One sentence on where the cheapest option changes."""
    today = next(row.cheapest for row in be.sensitivity if row.scale == 1)
    cheapest = labels[today]
    prefix = "" if cheapest == recommended else f"By cost alone {cheapest} is cheapest today; "
    if not be.points:
        message = (
            f"{cheapest} is the cheapest option at every multiple of today's traffic checked "
            "(0.001x, 0.01x, 0.1x, 0.32x, 3.2x, 10x, 100x and 1000x)."
        )
        return Reason(rule="ADV502", message=prefix + message)
    parts = []
    for p in be.points:
        verb = "falls" if p.direction == "lower" else "rises"
        target = p.below if p.direction == "lower" else p.above
        parts.append(
            f"if traffic {verb} to {float(p.monthly_requests):,.0f} a month "
            f"({float(p.scale):g}x today), {target} becomes cheapest"
        )
    sentence = prefix + "; ".join(parts)
    return Reason(rule="ADV502", message=sentence[0].upper() + sentence[1:] + ".")


def analyze(
    workload: Workload,
    catalog: Catalog,
    source: SourceMap,
    *,
    source_label: str | None = None,
    with_curve: bool = False,
) -> Report:
    """Price a workload on every platform, apply the rules, recommend, and find the break-even."""
    rates = resolve_pricing(workload, catalog, source)
    demand = demand_from(workload.traffic)
    provisioned = needs_provisioned(workload, demand)
    priced = price_options(workload, demand, rates, provisioned)
    ctx = rules.Context(
        workload=workload,
        demand=demand,
        options=priced.options,
        shape=task_shape(workload),
        cold_starts=priced.cold_starts,
        problems=priced.problems,
        pricing=rates,
    )
    hits = rules.evaluate(ctx)
    options = [
        to_option(costed, [h for h in hits if h.option == key])
        for key, costed in priced.options.items()
    ]
    options += [
        unpriced_option(key, [h for h in hits if h.option == key], workload)
        for key in priced.problems
    ]
    workload_hits = [h for h in hits if h.option is None]
    recommendation = recommend(options, workload_hits, workload.decision)
    feasible = [o.key for o in options if o.feasible]
    labels = {o.key: o.label for o in options}
    curve = CostCurve(workload, demand, rates, feasible, provisioned)
    be = break_even(curve, demand.monthly_requests, labels, with_curve)
    if recommendation is not None:
        recommendation = recommendation.model_copy(
            update={
                "reasons": [
                    *recommendation.reasons,
                    break_even_reason(be, labels, recommendation.label),
                ]
            }
        )
    return Report(
        tool_version=__version__,
        workload=WorkloadRef(
            name=workload.name,
            source=source_label or str(source.path),
            description=workload.description,
        ),
        pricing=pricing_ref(rates, catalog),
        traffic=traffic_summary(workload, demand),
        options=options,
        recommendation=recommendation,
        findings=[
            Finding(rule=h.rule, severity=h.severity, message=h.message) for h in workload_hits
        ],
        break_even=be,
    )


PLATFORM_LABELS = {Platform.LAMBDA: "Lambda", Platform.FARGATE: "Fargate", Platform.EC2: "EC2"}


def unpriced_option(key: str, hits: list[rules.Hit], workload: Workload) -> Option:
    """An option that could not be priced (no task size or instance type fits)."""
    platform = Platform(key.split(":")[0])
    return Option(
        platform=platform,
        label=PLATFORM_LABELS[platform],
        entry=entry_for(platform, workload),
        feasible=False,
        monthly_cost=ZERO,
        line_items=[],
        sizing={},
        findings=[Finding(rule=h.rule, severity=h.severity, message=h.message) for h in hits],
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
