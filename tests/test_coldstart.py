"""Cold-start estimates: idle gaps, bursts, and the p99 that follows."""

from __future__ import annotations

import math

import pytest

from advisor.coldstart import estimate, init_percentiles, misses_target
from advisor.models.workload import Traffic
from advisor.traffic import demand_from

PYTHON = init_percentiles("python3.12", arm=False, init_ms=None)


def test_hourly_job_is_almost_always_cold() -> None:
    # one request an hour with a 10-minute keep-alive: exp(-600/3600) = 85 % of gaps are longer;
    # the environments that do stay warm are recycled every 2 hours (one request in two)
    demand = demand_from(Traffic(monthly_requests=730))
    cold = estimate(demand, 100, 100, 600, PYTHON)
    idle = math.exp(-600 / 3600)
    assert cold.share == pytest.approx(idle + (1 - idle) / 2)
    assert cold.p99_ms > 100


def test_busy_steady_function_is_rarely_cold() -> None:
    demand = demand_from(Traffic(average_rps=500))
    cold = estimate(demand, 100, 100, 600, PYTHON)
    assert cold.share < 1e-4
    assert cold.p99_ms == 100  # cold starts stay beyond the 99th percentile


def test_provisioned_environments_absorb_cold_starts() -> None:
    demand = demand_from(Traffic(monthly_requests=730))
    warm = estimate(demand, 100, 100, 600, PYTHON, warm_environments=1)
    assert warm.per_month == 0


def test_init_override_replaces_runtime_figures() -> None:
    assert init_percentiles("java21", arm=True, init_ms=900) == (900, 900, 900)


def test_target_tighter_than_one_cold_start() -> None:
    demand = demand_from(Traffic(average_rps=500))
    cold = estimate(demand, 10, 10, 600, PYTHON)
    assert misses_target(cold, 10, 10, 50)  # 84 ms init + 10 ms > 50 ms, and colds happen
    assert not misses_target(cold, 10, 10, 500)
    assert not misses_target(cold, 10, 60, 50)  # warm p99 misses anyway: latency can't decide
