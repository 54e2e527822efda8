"""Traffic shapes become hourly demand with the right totals and peaks."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from advisor.models.workload import SECONDS_PER_MONTH, Traffic
from advisor.pricing.traffic import PEAK_HOUR_UTC, demand_from


def total(traffic: Traffic) -> float:
    demand = demand_from(traffic)
    return sum(b.rps * b.hours * 3600 for b in demand.buckets)


@pytest.mark.parametrize("pattern", ["steady", "diurnal", "bursty", "scheduled"])
def test_every_shape_keeps_the_monthly_volume(pattern: str) -> None:
    traffic = Traffic(monthly_requests=2_628_000, pattern=pattern)  # type: ignore[arg-type]
    assert total(traffic) == pytest.approx(2_628_000)


def test_diurnal_peak_to_trough_ratio() -> None:
    demand = demand_from(Traffic(average_rps=10, pattern="diurnal", peak_to_trough=4))  # type: ignore[arg-type]
    rates = [b.rps for b in demand.buckets]
    assert max(rates) / min(rates) == pytest.approx(4)
    assert sum(rates) / len(rates) == pytest.approx(10)


def test_diurnal_peak_rps_sets_the_busiest_hour() -> None:
    demand = demand_from(Traffic(average_rps=10, pattern="diurnal", peak_rps=15))  # type: ignore[arg-type]
    assert demand.peak_rps == pytest.approx(15)


def diurnal(monthly_requests: float, peak_rps: float) -> list[float]:
    """The hourly rates of a diurnal day with this volume and peak."""
    traffic = Traffic(monthly_requests=monthly_requests, pattern="diurnal", peak_rps=peak_rps)  # type: ignore[arg-type]
    return [b.rps for b in demand_from(traffic).buckets]


@pytest.mark.parametrize(
    ("monthly_requests", "peak_rps", "mean"),
    [
        # 2,628,000 / 730 / 3,600 = 1 req/s; peak 1.5 and 2x: a cosine day (2x: a zero trough)
        (2_628_000, 1.5, 1.0),
        (2_628_000, 2.0, 1.0),
        # 26,280,000 / 730 / 3,600 = 10 req/s, peak 10x: a business-hours plateau
        (26_280_000, 100.0, 10.0),
        # 52,560,000 / 730 / 3,600 = 20 req/s, peak 3x, and 24x (the whole day in one hour)
        (52_560_000, 60.0, 20.0),
        (52_560_000, 480.0, 20.0),
    ],
)
def test_diurnal_keeps_the_mean_and_reaches_the_peak(
    monthly_requests: float, peak_rps: float, mean: float
) -> None:
    rates = diurnal(monthly_requests, peak_rps)
    assert sum(rates) / 24 == pytest.approx(mean)
    assert max(rates) == pytest.approx(peak_rps)
    assert min(rates) >= 0


def test_ten_times_the_mean_is_two_busy_hours() -> None:
    """10 req/s on average, 100 at the peak. Busy hours N: the most (at most 12) that leave a
    tenth of the day to the quiet hours, N <= 24 x 0.9 / 10 = 2.16, so 2 hours at 100 req/s
    (13:00 and 14:00 UTC) carry 200 of the day's 240 req/s-hours; the other 22 share the
    remaining 40: 40 / 22 = 1.818 req/s each."""
    rates = diurnal(26_280_000, 100.0)
    busy = [hour for hour, rate in enumerate(rates) if rate == pytest.approx(100)]
    assert busy == [PEAK_HOUR_UTC - 1, PEAK_HOUR_UTC]
    assert sorted(set(rates))[0] == pytest.approx(40 / 22)
    assert len(set(rates)) == 2


def test_three_times_the_mean_is_a_business_day() -> None:
    """20 req/s on average, 60 at the peak: N <= 24 x 0.9 / 3 = 7.2, so 7 busy hours at 60
    carry 420 of 480 req/s-hours; the other 17 hours share 60: 3.53 req/s each."""
    rates = diurnal(52_560_000, 60.0)
    assert sum(1 for rate in rates if rate == pytest.approx(60)) == 7
    assert min(rates) == pytest.approx(60 / 17)


@pytest.mark.parametrize(
    ("peak_rps", "words"),
    [
        (25.0, "is 25x the mean of 1 req/s"),
        (0.5, "is below the mean of 1 req/s"),
    ],
)
def test_a_diurnal_peak_no_day_can_have_is_rejected(peak_rps: float, words: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Traffic(monthly_requests=2_628_000, pattern="diurnal", peak_rps=peak_rps)  # type: ignore[arg-type]
    (error,) = caught.value.errors()
    assert error["loc"] == ("peak_rps",)
    assert error["msg"].startswith(words)


def test_bursty_defaults_to_ten_times_the_mean() -> None:
    demand = demand_from(Traffic(average_rps=2, pattern="bursty"))  # type: ignore[arg-type]
    assert demand.peak_rps == pytest.approx(20)
    assert demand.buckets[0].rps == pytest.approx(2)


def test_weekly_profile_weights() -> None:
    profile = [0.0] * 168
    profile[10] = 1.0
    demand = demand_from(Traffic(monthly_requests=1000, hourly_profile=profile))
    busy = [b for b in demand.buckets if b.rps > 0]
    assert len(busy) == 1
    assert busy[0].rps * busy[0].hours * 3600 == pytest.approx(1000)


def test_average_rps_is_per_second_of_a_730_hour_month() -> None:
    assert Traffic(average_rps=1).requests_per_month == SECONDS_PER_MONTH == 2_628_000
