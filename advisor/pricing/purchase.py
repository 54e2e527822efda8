"""Purchase options: Spot and Savings Plans, as prices applied to an option's charges.

The pricing file's `purchase_options` give each option a share off on-demand per kind of usage;
`charges.priced` applies it. Spot covers all of a charge's usage. A Savings Plan covers what the
commitment pays for: unused commitment is lost hour by hour, so the commitment worth buying is
what EVERY hour of the month uses, the quietest hour's eligible spend. An option's `coverage` is
that share of its month (the quietest hour over the mean hour); the rest is billed on demand.
Each charge's share is taken on its own, so the commitment is never more than the quietest hour
spends (the sum of the charges' quietest hours is at most the quietest hour of their sum).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal
from typing import cast

from advisor.models.catalog import PricingFile
from advisor.models.report import CommitmentEffect
from advisor.models.workload import HOURS_PER_MONTH, Workload
from advisor.money import PRECISION, ZERO, Item, cents, dec
from advisor.pricing.charges import Purchase

SPOT = "Spot"
SAVINGS_PLAN = "Savings Plan"
WHAT_IF_PLAN = "compute-1y-no-upfront"
"""The plan a report shows for an option when the workload commits to none: the most common,
with the shortest term and nothing paid upfront."""
HOURS_PER_YEAR = 8760
_PLACES = Decimal("0.0001")
_FOURTH = Context(prec=PRECISION, rounding=ROUND_HALF_UP).quantize
"""Hourly commitments and discounts to four places, whatever their size."""


def _memo(rates: PricingFile, key: str) -> Purchase | None:
    """The purchase option `key` ("spot" or a plan) of a file, made once and kept with it."""
    memo_key = ("purchase", key)
    if memo_key not in rates.memo:
        options = rates.purchase_options
        made = None
        if options is not None:
            if key == "spot" and options.spot is not None:
                made = Purchase(SPOT, {u: d.share_off for u, d in options.spot.discounts.items()})
            elif key in options.savings_plans:
                discounts = options.savings_plans[key].discounts
                made = Purchase(SAVINGS_PLAN, {u: d.share_off for u, d in discounts.items()})
        rates.memo[memo_key] = made
    return cast(Purchase | None, rates.memo[memo_key])


def spot(rates: PricingFile) -> Purchase | None:
    """Spot prices of the file (None where it has none)."""
    return _memo(rates, "spot")


def savings_plan(rates: PricingFile, plan: str) -> Purchase | None:
    """A Savings Plan of the file (None where it has none of that name)."""
    return _memo(rates, plan)


def committed_plan(workload: Workload) -> str | None:
    """The plan the workload commits to, or None (on demand)."""
    plan = workload.purchase.commitment
    return None if plan == "none" else plan


def with_commitment(workload: Workload, plan: str | None) -> Workload:
    """The workload committed to `plan` (`--commitment`), or as it is (None)."""
    if plan is None:
        return workload
    purchase = workload.purchase.model_copy(update={"commitment": plan})
    return workload.model_copy(update={"purchase": purchase})


def commitment(
    rates: PricingFile, plan: str, on_demand: list[Item], committed: list[Item], chosen: bool
) -> CommitmentEffect | None:
    """The plan's effect on an option, from its line items on demand and with the plan."""
    options = rates.purchase_options
    if options is None or plan not in options.savings_plans:
        return None
    terms = options.savings_plans[plan]
    covered = sum([i.cost for i in committed if i.purchase == SAVINGS_PLAN], ZERO)
    hourly = covered / HOURS_PER_MONTH
    before = sum([i.cost for i in on_demand], ZERO)
    after = sum([i.cost for i in committed], ZERO)
    upfront = hourly * HOURS_PER_YEAR * terms.term_years * terms.upfront_share
    discount = (1 - after / before) if before else ZERO
    return CommitmentEffect(
        plan=plan,
        hourly_commitment=_FOURTH(hourly, _PLACES),
        monthly_cost=cents(after),
        upfront=cents(upfront),
        effective_discount=_FOURTH(discount, _PLACES),
        committed=chosen,
    )


def share_of_quietest(quietest: float, mean: float) -> Decimal:
    """The share of a month's usage a commitment covers: its quietest hour over its mean hour
    (none when nothing runs in some hour)."""
    if mean <= 0 or quietest <= 0:
        return ZERO
    return dec(round(min(1.0, quietest / mean), 6))
