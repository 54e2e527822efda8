"""Bounds at the models' edge: values a file can hold that would hang or overflow the tool later.

A decimal such as `1e999999999` is one small object, but printing it as a plain number writes a
billion digits, and rounding it to cents overflows; `1e-999999999` the same after the point. So
every decimal read from a file is bounded in magnitude and in decimal places here, as it is
read, and regions and numbers get the same care (names: advisor/models/names.py): a located
error, never a hang.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated

from pydantic import AfterValidator, Strict

MAX_EXPONENT = 30
"""Decimals below 10^31: every amount the tool computes is far smaller (a bill at the
workloads' caps is about 10^26 GB-seconds)."""
MIN_EXPONENT = -40
"""At most 40 decimal places below 1 (`1e-999999999`; larger amounts are bounded by their
digits): a price has at most 10, a share of a pooled line some 30."""
MAX_DIGITS = 80
"""Significant digits: the precision money is rounded in (advisor.money.PRECISION)."""
PRICE_MIN_EXPONENT = -20
"""Prices have at most 20 decimal places (AWS quotes at most 10)."""


def bounded(
    value: Decimal, min_exponent: int = MIN_EXPONENT, max_exponent: int | None = MAX_EXPONENT
) -> Decimal:
    """`value` when it is finite and within the bounds above; else ValueError."""
    if not value.is_finite():
        raise ValueError("should be a finite number")
    if value:
        _, digits, exponent = value.as_tuple()
        if len(digits) > MAX_DIGITS:
            raise ValueError(f"has more than {MAX_DIGITS} significant digits")
        if max_exponent is not None and value.adjusted() > max_exponent:
            raise ValueError(f"is too large (at most {max_exponent + 1} digits before the point)")
        if isinstance(exponent, int) and exponent < min_exponent and value.adjusted() < 0:
            raise ValueError(f"has more than {-min_exponent} decimal places")
    return value


def bounded_price(value: Decimal) -> Decimal:
    """A price: at most 20 decimal places (its field bounds its size, with a clearer message)."""
    return bounded(value, PRICE_MIN_EXPONENT, None)


BoundedDecimal = Annotated[Decimal, AfterValidator(bounded)]
"""A decimal read from a file (a saved report's amounts, a pricing file's quantities)."""

Number = Annotated[float, Strict()]
"""A number in a workload, system or policy file: `true` and "12" are errors, not 1 and 12."""
Count = Annotated[int, Strict()]
"""A whole number in a workload, system or policy file: `true`, "3" and 2.5 are errors."""


REGION = re.compile(r"[a-z]{2}(?:-[a-z]+)+-[0-9]{1,2}\Z")
"""An AWS region's name: us-east-1, ap-southeast-2, us-gov-west-1, eu-central-2."""


def aws_region(value: str) -> str:
    """A name that can be an AWS region; anything else (`../..`) never reaches a file path."""
    if not REGION.match(value):
        raise ValueError("is not an AWS region name (such as us-east-1)")
    return value


Region = Annotated[str, AfterValidator(aws_region)]
"""An AWS region's name, checked before it names a pricing file."""
