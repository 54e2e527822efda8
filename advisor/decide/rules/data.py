"""The pricing data behind the figures."""

from __future__ import annotations

from advisor.decide.rules.base import Context, Hit, rule
from advisor.models.catalog import OPTIONAL_SECTIONS, PricingFile
from advisor.models.report import Severity


@rule("ADV701", "pricing-stand-in")
def pricing_stand_in(ctx: Context) -> list[Hit]:
    """Some rates in the pricing file are stand-ins, not checked for its region.

    Fires when the region's pricing file marks a rate, an instance type or a source as a stand-in:
    no published figure for the region was found, so the file carries another region's figure
    (usually us-east-1's) or a derived one, and the options that use it may be off. `advisor
    pricing show --region R` lists each stand-in with the reason; rebuild the file with `advisor
    pricing update --region R` (the Price List API or AWS's offer files) to price with the
    region's own rates.
    """
    pricing = ctx.pricing
    if pricing is None:
        return []
    message = _stand_in_message(pricing)
    return [] if message is None else [Hit("ADV701", Severity.WARNING, message)]


@rule("ADV702", "charges-not-priced")
def charges_not_priced(ctx: Context) -> list[Hit]:
    """Some charges a bill carries are not priced in this region.

    Fires when the region's pricing file has no section for data transfer out, CloudWatch Logs,
    public IPv4 addresses, the NLB behind a REST API's VPC link or SnapStart (a file written
    before those were priced): every option is then priced without them, so the totals are low
    by what they would cost. Add the sections (see the bundled files) to price them.
    """
    pricing = ctx.pricing
    if pricing is None:
        return []
    missing = [name for name in OPTIONAL_SECTIONS if getattr(pricing, name) is None]
    if not missing:
        return []
    message = (
        f"The {pricing.region} pricing file has no {', '.join(missing)} section: those "
        "charges are not in these figures."
    )
    return [Hit("ADV702", Severity.INFO, message)]


def _stand_in_message(pricing: PricingFile) -> str | None:
    """The finding for a pricing file with stand-in rates (None without)."""
    sections = pricing.stand_in_sections
    if not sections:
        return None
    return (
        f"The {pricing.region} pricing file has stand-in {', '.join(sections)} rates, not "
        f"published for {pricing.region}; `advisor pricing show --region {pricing.region}` says "
        f"which and why."
    )
