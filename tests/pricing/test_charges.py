"""Charges priced two ways from one declaration: exact line items and float curves."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest

from advisor.pricing.catalog import Catalog
from advisor.pricing.charges import Charge, banded, curve, line_items

RATES = Catalog().for_region("us-east-1")
DURATION = RATES.lambda_.duration.x86_64


def test_banded_walks_the_lambda_tiers() -> None:
    # 6 B GB-s at $0.0000166667 = $100,000.20, 1 B more at $0.000015 = $15,000; 16 B reaches
    # the third band: + 9 B x $0.000015 = $135,000 + 1 B x $0.0000133334 = $13,333.40
    cost = banded(DURATION, np.array([0.0, 7e9, 16e9]))
    assert [round(c, 2) for c in cost] == [0.0, 115_000.20, 248_333.60]


def test_flat_rate_is_one_band() -> None:
    assert banded(RATES.alb.hour, np.array([730.0]))[0] == pytest.approx(16.425)


def test_a_tiered_charge_gives_a_line_per_band_used_and_the_same_total_as_its_curve() -> None:
    # 7 B GB-s after 1 B billed elsewhere in the account: 5 B left in band 1 at $0.0000166667
    # = $83,333.50, 2 B in band 2 at $0.000015 = $30,000; total $113,333.50
    exact = line_items([Charge("Duration", Decimal(7e9), DURATION, offset=Decimal(1e9))])
    assert [(i.name, i.quantity) for i in exact] == [
        ("Duration (tier 1)", Decimal(5e9)),
        ("Duration (tier 2)", Decimal(2e9)),
    ]
    assert sum(i.cost for i in exact) == Decimal("113333.50")
    floats = curve([Charge("Duration", np.array([7e9]), DURATION, offset=np.array([1e9]))])
    assert floats[0] == pytest.approx(113_333.50)


def test_a_free_allowance_is_its_own_line_at_no_cost() -> None:
    # 3M requests, 1M free: 2M x $0.20 per million = $0.40
    rate = RATES.lambda_.requests
    exact = line_items([Charge("Requests", Decimal(3_000_000), rate, free=Decimal(1_000_000))])
    assert [(i.name, i.quantity, i.cost) for i in exact] == [
        ("Requests (free tier)", Decimal(1_000_000), Decimal(0)),
        ("Requests", Decimal(2_000_000), Decimal("0.4")),
    ]
    floats = curve([Charge("Requests", np.array([3e6, 5e5]), rate, free=np.array([1e6, 1e6]))])
    assert floats == pytest.approx([0.40, 0.0])


def test_a_flat_charge_keeps_its_line_at_zero_and_a_banded_one_does_not() -> None:
    # an account's request line is there even when the free tier covers it; a band never used
    # is not
    rate = RATES.lambda_.requests
    flat = line_items([Charge("Requests", Decimal(0), rate)])
    banded_line = line_items([Charge("Requests", Decimal(0), rate, banded=True)])
    assert [i.name for i in flat] == ["Requests"]
    assert banded_line == []


def test_a_charge_at_a_flat_price_of_its_own() -> None:
    # 1,460 instance-hours at $0.0416 = $60.736
    exact = line_items(
        [Charge("t3.medium hours", Decimal(1460), price=Decimal("0.0416"), unit="instance-hour")]
    )
    assert (exact[0].unit, exact[0].cost) == ("instance-hour", Decimal("60.7360"))
    floats = curve(
        [Charge("t3.medium hours", np.array([1460.0]), price=np.array([0.0416]), unit="h")]
    )
    assert floats[0] == pytest.approx(60.736)
