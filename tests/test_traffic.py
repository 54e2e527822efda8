"""Traffic shapes become hourly demand with the right totals and peaks."""

from __future__ import annotations

import pytest

from advisor.models.workload import SECONDS_PER_MONTH, Traffic
from advisor.traffic import demand_from


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
