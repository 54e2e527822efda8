"""A priced workload judged: the rules applied to every option, the recommendation, and the
break-even points of many workloads found together (`advisor/decide/report.py` makes the report;
its `analyze` is the one entry point for a workload file). The core returns data and never
prints.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from advisor.decide import rules
from advisor.decide.alternatives import (
    door_alternatives,
    graviton_alternative,
    lambda_door,
    on_graviton,
    unpinned,
)
from advisor.decide.breakeven import break_evens
from advisor.decide.rules.cost import ec2_margin_holds, recommend
from advisor.input.loading import SourceMap
from advisor.models.catalog import PricingFile
from advisor.models.report import (
    Alternative,
    BreakEvenPoint,
    LineItem,
    Option,
    Recommendation,
    Severity,
)
from advisor.models.workload import Workload
from advisor.money import ZERO, cents, millionths
from advisor.pricing.aws_lambda import batched
from advisor.pricing.base import Costed
from advisor.pricing.catalog import Catalog
from advisor.pricing.coldstart import lambda_cold_starts
from advisor.pricing.containers import TaskShape
from advisor.pricing.curves import CostCurves, CurveBatch
from advisor.pricing.entry import entry_for
from advisor.pricing.options import BY_KEY
from advisor.pricing.quote import (
    Containers,
    Priced,
    needs_provisioned,
    price_options,
    size_containers,
)
from advisor.pricing.resolve import Case, prepare
from advisor.pricing.traffic import Demand


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


def judge(workload: Workload, catalog: Catalog, source: SourceMap, *, detail: bool) -> Verdict:
    """Price a workload on every platform, apply the rules and recommend."""
    case = prepare(workload, catalog, source)
    return decide(case, size_containers([case.sizing])[0], detail=detail)


def decide(case: Case, containers: Containers, *, detail: bool) -> Verdict:
    """Price a prepared workload on every platform (its containers sized, alone or with
    others), apply the rules and recommend (`detail`: as a report, else as a comparison's row)."""
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
