"""A judged workload as its report: the options, the verdict with the break-even's reason, and
every option's cost at 0.1x to 100x today's traffic (and at half decades for charts)."""

from __future__ import annotations

from decimal import Decimal

from advisor import __version__
from advisor.decide.engine import Verdict, find_break_evens, judge
from advisor.decide.rules.cost import break_even_reason
from advisor.input.loading import SourceMap
from advisor.models.catalog import PricingFile
from advisor.models.report import (
    BreakEven,
    BreakEvenPoint,
    Finding,
    PricingRef,
    Report,
    SensitivityRow,
    TrafficSummary,
    WorkloadRef,
)
from advisor.models.workload import Workload
from advisor.money import cents, dec
from advisor.pricing.catalog import Catalog
from advisor.pricing.coldstart import ColdStarts
from advisor.pricing.quote import cheapest_of, exact_costs
from advisor.pricing.traffic import Demand

SENSITIVITY_SCALES = (Decimal("0.1"), Decimal(1), Decimal(10), Decimal(100))
CURVE_SCALES = tuple(Decimal(f"{10 ** (step / 2):.4g}") for step in range(-4, 7))


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
