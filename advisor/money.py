"""Decimal helpers: the line item, and rounding money once for display (charges and their
volume tiers are priced in `advisor.pricing.charges`)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal

ZERO = Decimal(0)
CENT = Decimal("0.01")
MILLIONTH = Decimal("0.000001")
PRECISION = 80
"""Rounding to cents needs every digit left of the point: a bill of 10^26 GB-seconds has 27,
past the default context's 28 significant digits once two decimals are added."""
_HALF_UP = Context(prec=PRECISION, rounding=ROUND_HALF_UP).quantize
_HALF_EVEN = Context(prec=PRECISION, rounding=ROUND_HALF_EVEN).quantize
"""Each rounding's context, its quantize bound once: `value.quantize(CENT, rounding=...,
context=...)` took six times as long, most of it reading the keyword arguments."""


def cents(value: Decimal) -> Decimal:
    """Round to whole cents, half up, as AWS bills."""
    return _HALF_UP(value, CENT)


def millionths(value: Decimal) -> Decimal:
    """A quantity to six decimal places (half to even), as reports show it."""
    return _HALF_EVEN(value, MILLIONTH)


def dec(value: float | int | Decimal) -> Decimal:
    """A Decimal from a float without binary noise (0.1 -> 0.1, not 0.1000000000000000055)."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    return Decimal(repr(value))


@dataclass(slots=True)
class Item:
    """One priced line: quantity x unit price = monthly cost, at full precision."""

    name: str
    quantity: Decimal
    unit: str
    unit_price: Decimal
    cost: Decimal
    purchase: str = ""
    """The purchase option that priced this line (a Savings Plan, Spot), if any."""
    usage: str = ""
    """The kind of usage billed (its charge's `usage`), for a purchase option to look up."""


def usd(value: Decimal | None) -> str:
    """$1,234.56 (or -$8.14)"""
    if value is None:
        return "-"
    return f"-${-value:,.2f}" if value < 0 else f"${value:,.2f}"
