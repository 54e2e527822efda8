"""The pricing data behind the figures."""

from __future__ import annotations

from advisor.catalog import stand_ins
from advisor.models.catalog import PricingFile
from advisor.models.report import Severity
from advisor.rules.base import Context, Hit, rule


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


def _stand_in_message(pricing: PricingFile) -> str | None:
    """The finding for a pricing file with stand-in rates (None without), worked out once per
    file: every workload priced from it asks. Each entry keeps its file alive, so the id in the
    key cannot be reused."""
    if id(pricing) not in _STAND_INS:
        _STAND_INS[id(pricing)] = (pricing, _stand_ins(pricing))
    return _STAND_INS[id(pricing)][1]


_STAND_INS: dict[int, tuple[PricingFile, str | None]] = {}


def _stand_ins(pricing: PricingFile) -> str | None:
    sections = sorted({where.split(".")[0].split(" ")[0] for where, _ in stand_ins(pricing)})
    if not sections:
        return None
    return (
        f"The {pricing.region} pricing file has stand-in {', '.join(sections)} rates, not "
        f"published for {pricing.region}; `advisor pricing show --region {pricing.region}` says "
        f"which and why."
    )
