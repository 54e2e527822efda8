"""The pricing data behind the figures."""

from __future__ import annotations

from advisor.models.catalog import PricingFile
from advisor.models.report import Severity
from advisor.rules.base import Context, Hit, rule


@rule("ADV701", "pricing-stand-in")
def pricing_stand_in(ctx: Context) -> list[Hit]:
    """Some rates in the pricing file are stand-ins, not checked for its region.

    Fires when the region's pricing file marks a source `stand_in: true`: those figures were
    copied from another region (usually us-east-1), derived from other rates, or taken from one
    unverified source until the file is rebuilt, so the options that use them may be off (EC2 in
    Frankfurt or Singapore lists 10-25 % above us-east-1). Rebuild the file with `advisor pricing
    update --region R` (the Price List API or AWS's offer files) to price with the region's own
    rates.
    """
    pricing = ctx.pricing
    if pricing is None:
        return []
    message = _stand_in_message(pricing)
    return [] if message is None else [Hit("ADV701", Severity.WARNING, message)]


def _stand_in_message(pricing: PricingFile) -> str | None:
    """The finding for a pricing file with stand-in rates (None without)."""
    sections = pricing.stand_in_sections
    if not sections:
        return None
    return (
        f"The {pricing.region} pricing file has stand-in {', '.join(sections)} rates, not "
        f"checked for {pricing.region}; rebuild it with `advisor pricing update --region "
        f"{pricing.region}`."
    )
