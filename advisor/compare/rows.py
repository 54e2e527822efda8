"""One comparison row per workload (a system gives one per service, its shares adding up to the
system's total), from a report or straight from the engine's verdict."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from advisor.compare.accounts import system_use
from advisor.decide.engine import Verdict
from advisor.decide.rules.base import deciding_reason
from advisor.errors import AdvisorError
from advisor.input.documents import SystemDocument
from advisor.models.comparison import AccountUse, Failure, Row, Today
from advisor.models.report import BreakEvenPoint, Option, Recommendation, Report, Severity
from advisor.models.workload import Current, Platform
from advisor.numerals import compact
from advisor.pricing.catalog import Catalog

PLATFORMS = ("lambda", "lambda_managed_instances", "fargate", "ec2")


_NAME_OF = {platform: platform.value for platform in Platform}
"""Each platform's name: reading an enum member's `.value` runs Python code, 0.2 us a time."""


def system_rows(document: SystemDocument, catalog: Catalog, path: Path) -> list[Row]:
    """A row for each service of a system, its cost being its share of the system's design."""
    from advisor.decide.system import analyze_system

    report = analyze_system(document, catalog)
    # its services given as files count once: with the system, not again on their own
    own = path.resolve()
    includes = tuple(
        sorted({str(p) for s in document.services if (p := Path(s.source.path).resolve()) != own})
    )
    rows = []
    for plan in report.services:
        service = plan.report
        if plan.alone is not None and service.recommendation is not None:
            # decided together: the row shows the system's choice and why
            chosen = service.recommendation.model_copy(
                update={
                    "platform": plan.recommended.platform,
                    "variant": plan.recommended.variant,
                    "label": plan.recommended.label,
                    "monthly_cost": plan.marginal_cost,
                    "reasons": plan.reasons,
                    "saving": None,
                    "saving_percent": None,
                }
            )
            service = service.model_copy(update={"recommendation": chosen})
        name = f"{report.system['name']}/{plan.name}"
        made = to_row(service, name, str(path), share=plan.recommended.monthly_cost)
        rows.append(made.model_copy(update={"includes": includes, "system": report.system["name"]}))
    # the system's per-account charges, all its services together, go with its first row
    design = next(d for d in report.designs if d.name == "recommended")
    rates = catalog.for_region(document.system.region)
    use = system_use(document, design.assignments, rates)
    rows[0] = rows[0].model_copy(update={"use": use})
    return rows


def failure(path: Path, exc: Exception) -> Failure:
    """A file's failure: its located error, or, for an error of ours, a request to report it."""
    if isinstance(exc, AdvisorError):
        return Failure(source=str(path), error=str(exc))
    return Failure(
        source=str(path),
        error=f"{path}: could not be compared ({type(exc).__name__}: {exc}); this is a bug "
        "in advisor, please report it with this file",
    )


def to_row(report: Report, name: str | None, source: str, share: Decimal | None = None) -> Row:
    """One comparison row from a workload report; a system's service passes its share of the
    system's recommended design, so that the rows of a system add up to its total."""
    return row(
        Judged(
            name=report.workload.name,
            region=report.pricing.region,
            pricing_date=report.pricing.effective_date,
            options=report.options,
            recommendation=report.recommendation,
        ),
        report.break_even.points,
        source,
        name=name,
        share=share,
    )


@dataclass
class Judged:
    """What a row shows of a judged workload, from a report or straight from the engine
    (a comparison builds no report)."""

    name: str
    region: str
    pricing_date: date
    options: Sequence[Option]
    recommendation: Recommendation | None
    current: Current | None = None


def judged_row(verdict: Verdict) -> Judged:
    """What a row shows, straight from the verdict: a comparison never shows the rest of a
    report, so none is built."""
    return Judged(
        name=verdict.workload.name,
        region=verdict.rates.region,
        pricing_date=verdict.rates.effective_date,
        options=verdict.options,
        recommendation=verdict.recommendation,
        current=verdict.workload.current,
    )


def row(
    judged: Judged,
    points: Sequence[BreakEvenPoint],
    source: str,
    *,
    name: str | None = None,
    share: Decimal | None = None,
    use: AccountUse | None = None,
) -> Row:
    """One comparison row; `name` and `share` for a system's service; `use`, what its
    recommendation bills per account."""
    rec = judged.recommendation
    costs: dict[str, Decimal | None] = dict.fromkeys(PLATFORMS)  # the cheapest feasible of each
    for option in judged.options:
        if option.feasible:
            platform = _NAME_OF[option.platform]
            cheapest = costs[platform]
            if cheapest is None or option.monthly_cost < cheapest:
                costs[platform] = option.monthly_cost
    nearest = min(points, key=lambda p: abs(float(p.scale) - 1)) if points else None
    break_even = ""
    if nearest is not None:
        if nearest.direction == "lower":
            winner, loser, side = nearest.below, nearest.above, "below"
        else:
            winner, loser, side = nearest.above, nearest.below, "above"
        volume = compact(float(nearest.monthly_requests))
        break_even = f"{winner} cheaper than {loser} {side} {volume}/month"
    if rec is None:  # e.g. a 29 s request behind API Gateway's 29 s limit
        ruled_out = ", ".join(
            f"{o.label} ({', '.join(f.rule for f in o.findings if f.severity is Severity.ERROR)})"
            for o in judged.options
        )
        raise AdvisorError(
            f"{source}: no option can run workload '{judged.name}': {ruled_out} are all "
            f"ruled out; `advisor recommend {source}` says why"
        )
    chosen = next(
        (o for o in judged.options if (o.platform, o.variant) == (rec.platform, rec.variant)),
        None,
    )
    effect = chosen.commitment if chosen is not None else None
    deciding = deciding_reason(rec.reasons)  # a rule or the cost; never the break-even's
    monthly = rec.monthly_cost if share is None else share
    today = None
    if judged.current is not None:
        cost = judged.current.monthly_cost_usd
        saving = None if cost is None else cost - monthly.quantize(Decimal("0.01"))
        today = Today(platform=judged.current.platform, monthly_cost=cost, saving=saving)
    return Row(
        name=name or judged.name,
        source=source,
        region=judged.region,
        pricing_date=judged.pricing_date,
        platform=rec.platform,
        variant=rec.variant,
        label=rec.label,
        monthly_cost=monthly,
        costs=costs,
        committed=effect.monthly_cost if effect is not None and share is None else None,
        commitment_plan=effect.plan if effect is not None and share is None else None,
        runner_up=rec.runner_up.label if rec.runner_up else None,
        saving=rec.saving,
        break_even=break_even,
        top_rule=deciding.rule if deciding else "",
        top_reason=deciding.message if deciding else "",
        current=today,
        use=use,
    )
