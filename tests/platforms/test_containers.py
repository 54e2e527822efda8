"""Container capacity: Little's law, floors, and bursts against the scale-out lag."""

from __future__ import annotations

import math

import pytest

from advisor.models.workload import Pattern
from advisor.platforms.containers import Capacity, Holding, TaskShape, capacities
from advisor.traffic import Bucket, Demand


def demand(rps: float, peak: float, burst_s: float = 60, bursts_per_hour: float = 1) -> Demand:
    return Demand(
        Pattern.BURSTY, rps * 730 * 3600, (Bucket(730, rps, peak),), burst_s, bursts_per_hour
    )


SHAPE = TaskShape(vcpu=1, memory_gb=2, concurrency=20, min_tasks=2, utilization=0.7)


def capacity(
    demand: Demand, duration_s: float, shape: TaskShape, lag_s: float, floor: float, whole: bool
) -> Capacity:
    """One workload's units held (the batch of one that `capacities` sizes)."""
    return capacities([Holding(demand, duration_s, shape, lag_s, floor)], whole)[0]


def test_littles_law_and_target_utilisation():
    # 1,000 req/s x 0.1 s = 100 in flight; 20 per task at 70 % = 14 per task -> 8 tasks
    held = capacity(demand(1000, 1000), 0.1, SHAPE, lag_s=60, floor=2, whole=True)
    assert held.per_bucket == (8,)
    assert held.unit_hours == 8 * 730


def test_floor_holds_for_low_traffic():
    held = capacity(demand(0.1, 0.1), 0.1, SHAPE, lag_s=60, floor=2, whole=True)
    assert held.per_bucket == (2,)


def test_bursts_shorter_than_the_lag_hold_the_peak_all_hour():
    # peak 500 req/s x 0.1 s = 50 in flight -> 4 tasks; mean needs the floor of 2
    held = capacity(demand(10, 500, burst_s=30), 0.1, SHAPE, lag_s=60, floor=2, whole=True)
    assert held.per_bucket == (4,)


def test_bursts_longer_than_the_lag_are_followed_by_autoscaling():
    # 2 bursts an hour of 600 s: extra tasks for (600 - 60 + 300) s each = 1,680 s of 3,600
    held = capacity(
        demand(10, 500, burst_s=600, bursts_per_hour=2), 0.1, SHAPE, lag_s=60, floor=2, whole=True
    )
    assert held.per_bucket[0] == pytest.approx(2 + 2 * 1680 / 3600)


def test_pooled_units_keep_fractions():
    held = capacity(demand(100, 100), 0.1, SHAPE, lag_s=60, floor=0, whole=False)
    assert held.per_bucket[0] == pytest.approx(10 / 14)
    assert not math.isclose(held.per_bucket[0], 1)
