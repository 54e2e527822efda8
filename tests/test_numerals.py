"""Figures for people: three significant figures, whole counts, durations in a person's unit."""

from __future__ import annotations

import pytest

from advisor.numerals import (
    milliseconds,
    multiple,
    number,
    rate,
    requests,
    share,
    significant,
    span,
    things,
)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0.711821, "0.712"),
        (2.0999, "2.1"),  # 2.10: the trailing zero goes
        (412.384, "412"),
        (41_238.4, "41,200"),
        (999.6, "1,000"),  # rounds up into the next power of ten
        (9.996, "10"),
        (0.0000278, "0.0000278"),  # never 2.78e-05
        (1.80014e6, "1,800,000"),  # never 1.80014e+06
        (0, "0"),
        (-0.5, "-0.5"),
    ],
)
def test_three_significant_figures(value: float, text: str) -> None:
    assert significant(value) == text


def test_multiples_rates_and_shares() -> None:
    assert multiple(0.711821) == "0.712x"
    assert rate(38.0518) == "38.1 req/s"
    assert share(0.0000278) == "0.00278 %"
    assert share(0.612) == "61.2 %"
    assert number(1779.4) == "1,779"
    assert number(2.666) == "2.67"


@pytest.mark.parametrize(
    ("ms", "text"),
    [
        (99, "99 ms"),
        (1577.2, "1.58 s"),
        (300_137, "5 min"),
        (1_800_140, "30 min"),
        (9_000_000, "2.5 h"),
        (259_200_000, "3 days"),
    ],
)
def test_durations_in_a_persons_unit(ms: float, text: str) -> None:
    assert milliseconds(ms) == text


def test_requests_a_month() -> None:
    assert requests(41_238_392) == "41.2 million"
    assert requests(13_109_644_218) == "13.1 billion"
    assert requests(412_384) == "412,000"


def test_tasks_and_instances_come_whole() -> None:
    assert span(3.09931, 3.09931, "task") == "4 tasks"  # a fraction of a task is one more
    assert span(2, 2, "instance") == "2 instances"
    assert span(4, 7, "task") == "4-7 tasks"
    assert span(0, 1, "task") == "0-1 tasks"
    assert things(1, "environment") == "1 environment"


def test_slow_rates_are_written_an_hour_or_a_day() -> None:
    """A daily job, 30 runs in a 730-hour month: 30 / 2,628,000 s = 0.0000114 req/s, written
    as 30 / 730 x 24 = 0.986 a day; an hourly one, 730 a month, as 1 an hour."""
    from advisor.numerals import rate

    assert rate(30 / 2_628_000) == "0.986 req/day"
    assert rate(730 / 2_628_000) == "1 req/h"
    assert rate(1 / 60) == "0.0167 req/s"
    assert rate(38.1) == "38.1 req/s"
    assert rate(0.0) == "0 req/s"
