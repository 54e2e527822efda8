"""Charges: what a platform bills, declared once, and priced two ways in one place.

A platform module says what it bills as `Charge`s (a name, a quantity, and a rate from the
pricing file or a flat price), with its quantities written once over `Numbers`: `EXACT` works in
Decimal scalars, for a report's line items to the cent; `FLOATS` in numpy arrays of many
workloads (rows) at many multiples of their traffic (columns), for the break-even search. Then
`line_items` prices charges as exact Decimal lines and `curve` as float costs, both through the
rate's volume bands (a flat rate is one band). A new charge, or a price applied to charges (a
discount, a purchase option), is one change in one place.

Volume bands work like AWS's monthly tiers. With bands of 6 B GB-s at $0.0000166667, 9 B more at
$0.000015 and the rest at $0.0000133334, a month of 7 B GB-s bills 6 B in the first band and 1 B
in the second. `offset` shifts the start, so functions billed in one account share one set of
bands; `free` is an allowance used up before anything is billed (a free tier).

A purchase option (Spot, a Savings Plan) is a price applied to charges, never a formula of its
own: each charge names the kind of `usage` it bills (`fargate-compute`, `lambda-duration`,
`ec2-instance:c5`, ...), `priced` looks each one up in the option's table of discounts (the
narrower tag first, then the part before the colon), and both pricers honour the `discount` it
sets on the share of the quantity it `covered` (all of it for Spot; for a Savings Plan, what the
commitment covers).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Generic, Protocol, TypeVar

import numpy as np
import numpy.typing as npt

from advisor.models.catalog import Rate
from advisor.money import ZERO, Item

Floats = npt.NDArray[np.float64]
N = TypeVar("N", Decimal, Floats)
"""A number as a cost model sees it: a Decimal (one workload, exact) or a float array."""


class Numbers(Protocol[N]):
    """The few operations a cost model needs beyond arithmetic, for either kind of number."""

    def minimum(self, a: N, b: N) -> N: ...

    def some(self, value: N) -> bool: ...


class Exact:
    """Numbers for line items: Decimal scalars."""

    @staticmethod
    def minimum(a: Decimal, b: Decimal) -> Decimal:
        return min(a, b)

    @staticmethod
    def some(value: Decimal) -> bool:
        """Whether a charge of this quantity is billed at all (a zero is left out)."""
        return bool(value)


class Curves:
    """Numbers for cost curves: float arrays, a row a workload and a column a multiple."""

    @staticmethod
    def minimum(a: Floats, b: Floats) -> Floats:
        return np.minimum(a, b)

    @staticmethod
    def some(value: Floats) -> bool:
        """A batch's rows differ: every charge is priced (a zero costs nothing)."""
        return True


EXACT: Numbers[Decimal] = Exact()
FLOATS: Numbers[Floats] = Curves()


@dataclass(frozen=True, slots=True)
class Charge(Generic[N]):
    """One thing billed: `quantity` units at `rate` (or at a flat `price` per `unit`, for
    prices that are not a pricing-file rate, such as an instance type's hour)."""

    name: str
    quantity: N
    rate: Rate | None = None
    price: N | None = None
    unit: str = ""
    free: N | None = None
    """An allowance used before billing (a free tier): its own line at no cost."""
    offset: N | None = None
    """Usage billed already in the same account: where the volume bands start."""
    banded: bool = False
    """Billed by volume band, a line per band used (none at zero), even when the rate has one
    band; otherwise a flat rate gives one line, zero or not."""
    usage: str = ""
    """The kind of usage billed, as a purchase option's discounts name it (empty: none applies):
    `kind` or `kind:narrower` (a family, an architecture)."""
    discount: Decimal | None = None
    """The share off the price on the `covered` quantity, set by `priced`."""
    covered: N | None = None
    """The share of the quantity the discount covers (None: all of it)."""
    purchase: str = ""
    """The purchase option that set the discount, named in the line items ("Spot")."""


@dataclass(frozen=True, slots=True)
class Purchase:
    """A price applied to charges: a name for the line items and the share off on-demand of
    each kind of usage it covers."""

    name: str
    discounts: Mapping[str, Decimal]

    def discount(self, usage: str) -> Decimal | None:
        """The share off for this kind of usage (its narrower tag first), or None."""
        if not usage:
            return None
        found = self.discounts.get(usage)
        if found is None and ":" in usage:
            found = self.discounts.get(usage.split(":", 1)[0])
        return found


def priced(
    charges: Iterable[Charge[N]], purchase: Purchase | None, covered: N | None = None
) -> list[Charge[N]]:
    """The charges with the purchase option's discounts set where it covers their usage, on
    the share `covered` of each (None: all of it). No purchase: the charges as they are."""
    if purchase is None:
        return list(charges)
    out: list[Charge[N]] = []
    for charge in charges:
        discount = purchase.discount(charge.usage)
        if discount is None or not discount:
            out.append(charge)
        else:
            out.append(replace(charge, discount=discount, covered=covered, purchase=purchase.name))
    return out


def line_items(charges: Iterable[Charge[Decimal]]) -> list[Item]:
    """Exact lines: a flat charge always gives a line (zero or not), a banded or tiered one a
    line per band used, named "(tier n)" where the rate has several."""
    items: list[Item] = []
    for charge in charges:
        if charge.discount is None:
            items += _on_demand_items(charge)
        else:
            items += _discounted(charge, _on_demand_items(charge))
    return items


def _discounted(charge: Charge[Decimal], items: list[Item]) -> list[Item]:
    """A discounted charge's lines, each split by `_split`."""
    assert charge.discount is not None
    out: list[Item] = []
    for item in items:
        out += _split(item, charge.discount, charge.covered, charge.purchase)
    return out


def repriced(items: Iterable[Item], purchase: Purchase, covered: Decimal | None) -> list[Item]:
    """Line items priced on demand, priced again with a purchase option on the share `covered`
    of each (None: all), as `line_items(priced(...))` would give them: the same split, without
    working out the quantities again."""
    out: list[Item] = []
    for item in items:
        discount = purchase.discount(item.usage)
        if discount:
            out += _split(item, discount, covered, purchase.name)
        else:
            out.append(item)
    return out


def _split(item: Item, discount: Decimal, covered: Decimal | None, purchase: str) -> list[Item]:
    """A line split in two: the covered share at the discounted price (named for the purchase
    option) and the rest on demand (each left out when it is nothing); a free tier's line as
    it is."""
    if not item.unit_price:
        return [item]
    share = item.quantity if covered is None else item.quantity * covered
    price = item.unit_price * (1 - discount)
    out: list[Item] = []
    if share:
        name = f"{item.name} ({purchase})"
        out.append(Item(name, share, item.unit, price, share * price, purchase, item.usage))
    rest = item.quantity - share
    if rest:
        out.append(
            Item(
                item.name, rest, item.unit, item.unit_price, rest * item.unit_price, "", item.usage
            )
        )
    return out


def _on_demand_items(charge: Charge[Decimal]) -> list[Item]:
    """A charge's lines at on-demand prices."""
    items: list[Item] = []
    quantity = charge.quantity
    rate = charge.rate
    unit = rate.unit if rate is not None else charge.unit
    usage = charge.usage
    if charge.free is not None:
        free = min(quantity, charge.free)
        if free:
            items.append(Item(f"{charge.name} (free tier)", free, unit, ZERO, ZERO, "", usage))
        quantity -= free
    if rate is None:
        assert charge.price is not None, "a charge has a rate or a price"
        price = charge.price
        items.append(Item(charge.name, quantity, unit, price, quantity * price, "", usage))
    elif len(rate.bands) == 1 and not charge.banded:
        price = rate.bands[0].price
        items.append(Item(charge.name, quantity, unit, price, quantity * price, "", usage))
    else:
        banded = band_items(charge.name, quantity, rate, charge.offset or ZERO)
        if usage:
            for item in banded:
                item.usage = usage
        items += banded
    return items


def band_items(name: str, quantity: Decimal, rate: Rate, offset: Decimal = ZERO) -> list[Item]:
    """Lines for `quantity` billed through the rate's bands, starting after `offset`."""
    bands = rate.bands
    items: list[Item] = []
    lower = ZERO
    start, end = offset, offset + quantity
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


def curve(charges: Iterable[Charge[Floats]]) -> Floats:
    """The charges' total cost, element by element, in floats."""
    total: Floats | float = 0.0
    for charge in charges:
        quantity = charge.quantity
        if charge.free is not None:
            quantity = quantity - np.minimum(quantity, charge.free)
        if charge.rate is None:
            assert charge.price is not None, "a charge has a rate or a price"
            cost = quantity * charge.price
        else:
            cost = banded(charge.rate, quantity, charge.offset)
        if charge.discount is not None:
            off = float(charge.discount)
            cost = cost * (1 - off * (1.0 if charge.covered is None else charge.covered))
        total = total + cost
    return np.asarray(total, dtype=np.float64)


def banded(rate: Rate, quantity: Floats, offset: Floats | None = None) -> Floats:
    """The cost of quantities through the rate's bands: a line through the cumulative cost at
    each band's end (a flat rate, one straight line)."""
    if len(rate.bands) == 1:
        cost: Floats = quantity * rate.float_price
        return cost
    ends, totals = rate.band_line
    if offset is None:
        return np.asarray(np.interp(quantity, ends, totals), dtype=np.float64)
    after = np.interp(offset + quantity, ends, totals) - np.interp(offset, ends, totals)
    return np.asarray(after, dtype=np.float64)


def share_off(charges: list[Charge[Floats]], purchase: Purchase) -> float:
    """The share of one unit's charges (priced as a curve of one point) that a purchase option
    takes off when it covers all of them: costs are linear in the units, so a share c of them
    covered costs (1 - c x share) of the on-demand cost."""
    full = float(curve(charges)[0])
    off = float(curve(priced(charges, purchase))[0])
    return 1 - off / full if full else 0.0
