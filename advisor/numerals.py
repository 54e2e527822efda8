"""Numbers for people: every sentence and table cell the tool writes formats its figures here.

Three significant figures for anything measured or estimated (a multiple, a rate, a share, a
duration), whole numbers for things that come whole (tasks, instances, requests), thousands
separators, and never an exponent: "0.712x", "3 tasks", "p99 ~30 min", not "0.711821x",
"3.09931-3.09931 tasks" or "p99 ~1.80014e+06 ms". The JSON report keeps the exact figures;
these are for the words around them.
"""

from __future__ import annotations

import math

DIGITS = 3
"""Significant figures shown for a measured or estimated figure."""


def significant(value: float, digits: int = DIGITS) -> str:
    """`value` to `digits` significant figures, with separators and no trailing zeros:
    0.711821 -> 0.712, 2.0999 -> 2.1, 412.384 -> 412, 41238.4 -> 41,200."""
    if not math.isfinite(value):
        return str(value)
    if value == 0:
        return "0"
    magnitude = math.floor(math.log10(abs(value)))
    places = digits - 1 - magnitude
    rounded = round(value, places)
    if rounded != 0 and math.floor(math.log10(abs(rounded))) > magnitude:
        places -= 1  # 9.996 rounds up to 10.0: one place fewer keeps three figures
        rounded = round(value, places)
    if places <= 0:
        return f"{rounded:,.0f}"
    return f"{rounded:,.{places}f}".rstrip("0").rstrip(".")


def multiple(value: float) -> str:
    """A multiple of today's traffic (or of a mean): `0.712x`, `412x`."""
    return f"{significant(value)}x"


def number(value: float) -> str:
    """A count or an amount: whole with separators from 100 up (`1,779`), three significant
    figures below (`2.67`, `0.04`)."""
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return significant(value)


def whole(value: float) -> int:
    """A count of things that only come whole (tasks, instances): a fraction is one more."""
    return max(0, math.ceil(value - 1e-9))


def things(value: float, noun: str) -> str:
    """`1 task`, `3 tasks`, `1,323 tasks`."""
    count = whole(value)
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def span(low: float, high: float, noun: str) -> str:
    """`2 tasks` when the count never moves, `4-7 tasks` when it does."""
    if whole(low) == whole(high):
        return things(high, noun)
    return f"{whole(low):,}-{whole(high):,} {noun}s"


def share(fraction: float) -> str:
    """A fraction as a percentage: 0.0000278 -> `0.00278 %`, 0.612 -> `61.2 %`."""
    return f"{significant(fraction * 100)} %"


def rate(per_second: float) -> str:
    """A request rate: `38.1 req/s`, `1,000 req/s`; below one a minute, an hour's or a day's
    (`4.03 req/h`, `0.986 req/day`): nobody reads `0.0000114 req/s`."""
    if 0 < per_second < 1 / 60:
        per_hour = per_second * 3600
        if per_hour >= 1:
            return f"{significant(per_hour)} req/h"
        return f"{significant(per_second * 86_400)} req/day"
    return f"{significant(per_second)} req/s"


_UNITS = ((86_400_000, "days"), (3_600_000, "h"), (60_000, "min"), (1_000, "s"))


def milliseconds(value: float) -> str:
    """A duration in the unit a person would use: `850 ms`, `1.58 s`, `5 min`, `30 min`, `2.5 h`."""
    for size, unit in _UNITS:
        if abs(value) >= size:
            return f"{significant(value / size)} {unit}"
    return f"{significant(value)} ms"


_SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))


def requests(value: float) -> str:
    """A request volume, three significant figures: `41.2 million`, `412,000`, `950`."""
    for size, word in _SCALES:
        if abs(value) >= size:
            return f"{significant(value / size)} {word}"
    return significant(value)


def compact(number: float) -> str:
    """41.3M, 950k, 1.2B: a request volume at a glance."""
    for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(number) >= size:
            return f"{number / size:.3g}{suffix}"
    return f"{number:.3g}"
