"""Bounds at the models' edge: decimals that would print a billion digits, region names that
would name a path."""

from __future__ import annotations

from decimal import Decimal

import pytest

from advisor.models.bounds import aws_region, bounded, bounded_price


@pytest.mark.parametrize(
    "value",
    ["0", "-12.5", "1e30", "9.99e30", "0.0000166667", "1e-40", "123456789.123456789"],
)
def test_amounts_a_report_can_hold(value: str) -> None:
    assert bounded(Decimal(value)) == Decimal(value)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1e31", "is too large"),
        ("1e999999999", "is too large"),
        ("1e-41", "more than 40 decimal places"),
        ("1e-999999999", "more than 40 decimal places"),
        ("1" * 81, "more than 80 significant digits"),
        ("NaN", "finite"),
        ("Infinity", "finite"),
    ],
)
def test_amounts_that_would_hang_or_overflow(value: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        bounded(Decimal(value))


def test_a_price_has_at_most_20_decimal_places() -> None:
    assert bounded_price(Decimal("0.00000000000000000001")) == Decimal("1e-20")
    with pytest.raises(ValueError, match="more than 20 decimal places"):
        bounded_price(Decimal("1e-21"))
    # its size is the field's to bound (at most $100,000), with the clearer message
    assert bounded_price(Decimal("1e40")) == Decimal("1e40")


@pytest.mark.parametrize("region", ["us-east-1", "ap-southeast-2", "us-gov-west-1", "eu-central-2"])
def test_aws_region_names(region: str) -> None:
    assert aws_region(region) == region


@pytest.mark.parametrize("region", ["../..", "us-east-1/../../x", "US-EAST-1", "", "us-east", "x"])
def test_names_that_are_not_regions(region: str) -> None:
    with pytest.raises(ValueError, match="not an AWS region name"):
        aws_region(region)
