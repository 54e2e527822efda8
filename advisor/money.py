"""Decimal helpers: line items, volume tiers, and rounding money once for display.

Volume tiers work like AWS's monthly bands. With bands of 6 B GB-s at $0.0000166667, 9 B more at
$0.000015 and the rest at $0.0000133334, a month of 7 B GB-s bills 6 B in the first band and 1 B in
the second. `already_used` shifts the start, so a system's functions share one set of bands.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal

from advisor.models.catalog import Rate

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


def flat_item(name: str, quantity: Decimal, rate: Rate) -> Item:
    """A line priced at a flat rate."""
    price = rate.bands[0].price
    return Item(name, quantity, rate.unit, price, quantity * price)


def tiered_items(
    name: str, quantity: Decimal, rate: Rate, already_used: Decimal = ZERO
) -> list[Item]:
    """Lines for `quantity` billed through the rate's bands, starting after `already_used`."""
    bands = rate.bands
    items: list[Item] = []
    lower = ZERO
    start, end = already_used, already_used + quantity
    for number, band in enumerate(bands, start=1):
        upper = band.upto
        low, high = max(lower, start), end if upper is None else min(upper, end)
        if high > low:
            label = name if len(bands) == 1 else f"{name} (tier {number})"
            items.append(Item(label, high - low, rate.unit, band.price, (high - low) * band.price))
        if upper is None or upper >= end:
            break
        lower = upper
    return items
