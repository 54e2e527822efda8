"""Container capacity: Little's law, floors, and bursts against the scale-out lag."""

from __future__ import annotations

import math

import pytest

from advisor.models.workload import Pattern
from advisor.pricing.containers import Capacity, Holding, TaskShape, capacities
from advisor.pricing.traffic import Bucket, Demand
from tests.pricing.test_entry import QUEUED_THUMBNAILS


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


def test_a_burst_shorter_than_the_lag_holds_extra_tasks_only_through_the_cooldown():
    """Peak 500 req/s x 0.1 s = 50 in flight, 14 a task at 70 % -> 4 tasks; the mean needs the
    floor of 2. One 30 s burst an hour: the extra 2 tasks arrive after the 60 s lag and stay
    for the 300 s cooldown, 300 s of 3,600: 2 + 2 x 300 / 3,600 = 2.1667 tasks on average,
    4 at the burst's top."""
    held = capacity(demand(10, 500, burst_s=30), 0.1, SHAPE, lag_s=60, floor=2, whole=True)
    assert held.per_bucket[0] == pytest.approx(2 + 2 * 300 / 3600)
    assert held.maximum == 4


def test_bursts_longer_than_the_lag_are_followed_by_autoscaling():
    # 2 bursts an hour of 600 s: extra tasks for (600 - 60 + 300) s each = 1,680 s of 3,600
    held = capacity(
        demand(10, 500, burst_s=600, bursts_per_hour=2), 0.1, SHAPE, lag_s=60, floor=2, whole=True
    )
    assert held.per_bucket[0] == pytest.approx(2 + 2 * 1680 / 3600)


@pytest.mark.parametrize("burst_s", [30, 59, 60, 61, 90, 600, 3000])
def test_capacity_grows_with_burst_length_without_a_jump_at_the_lag(burst_s: float) -> None:
    """One second more of burst adds at most one second's share of the extra tasks, whichever
    side of the 60 s lag it falls: (4 - 2) x 1 / 3,600 tasks on average."""
    held = [
        capacity(demand(10, 500, burst_s=b), 0.1, SHAPE, lag_s=60, floor=2, whole=True)
        for b in (burst_s, burst_s + 1)
    ]
    step = held[1].per_bucket[0] - held[0].per_bucket[0]
    assert 0 <= step <= 2 / 3600 + 1e-12


def test_tasks_are_sized_by_whichever_limit_binds() -> None:
    """10 req/s of 1.2 s: 12 requests in flight. A CPU-bound request (1.2 s of CPU) on 1 vCPU
    tasks keeps 12 vCPU busy: 12 / 0.7 = 17.1 -> 18 tasks, where the concurrency cap of 20
    alone would ask for 12 / 20 / 0.7 = 0.86 -> 1. 2 GB a request in flight on 8 GB tasks:
    12 x 2 / 8 = 3 tasks of memory, / 0.7 = 4.3 -> 5."""
    cpu_bound = TaskShape(1, 2, 20, 0, 0.7, cpu_s=1.2)
    held = capacity(demand(10, 10), 1.2, cpu_bound, lag_s=60, floor=0, whole=True)
    assert held.per_bucket == (18,)
    memory_bound = TaskShape(4, 8, 20, 0, 0.7, cpu_s=0.1, request_gb=2)
    held = capacity(demand(10, 10), 1.2, memory_bound, lag_s=60, floor=0, whole=True)
    assert held.per_bucket == (5,)


def test_pooled_units_keep_fractions():
    held = capacity(demand(100, 100), 0.1, SHAPE, lag_s=60, floor=0, whole=False)
    assert held.per_bucket[0] == pytest.approx(10 / 14)
    assert not math.isclose(held.per_bucket[0], 1)


def test_a_queue_fed_image_job_runs_on_a_couple_of_tasks(priced):  # type: ignore[no-untyped-def]
    """Issue 21: thumbnails from a queue, with 10 minutes to spare (max_queue_delay_s: 600).

    3,000,000 images a month is 1.142 a second; bursts of 40 a second for 45 s, 30 a day
    (1.25 an hour). One image: 0.8 s at 1,024 MB, so 0.8 x 1,024 / 1,769 = 0.4631 CPU seconds;
    a 1-vCPU task at the 70 % target holds 0.4631 / 0.7 = 0.6616 task per image a second.
    A burst may be worked off over 45 + 600 = 645 s: 40 x 45 / 645 = 2.791 a second, 1.85 ->
    2 tasks, against 1.142 x 0.6616 = 0.756 -> 1 task between bursts. The second task is held
    from the end of the 60 s lag to 300 s after the queue drains: 645 - 60 + 300 = 885 s a
    burst, 1.25 x 885 / 3,600 = 0.3073 of each hour. Tasks: 1.3073 x 730 = 954.32 task-hours
    x ($0.03238 + 2 GB x $0.00356) = $37.69, plus $1.44 of SQS requests = $39.14, plus its logs:
    3,000,000 x 0.5 KB = 1.4305 GB x ($0.50 + $0.03) = $0.758; $39.89.
    Without the queue the same bursts hold 40 x 0.6616 = 26.5 -> 27 tasks."""

    fargate = priced(QUEUED_THUMBNAILS, "fargate")
    assert fargate["sizing"]["tasks_max"] == 2
    assert fargate["sizing"]["task_hours"] == 954.32
    assert fargate["monthly_cost"] == "39.89"
    interactive = QUEUED_THUMBNAILS.replace("entry: queue", "entry: none").replace(
        "requirements: {max_queue_delay_s: 600}", ""
    )
    assert priced(interactive, "fargate")["sizing"]["tasks_max"] == 27


def test_queue_workers_keep_one_task_and_a_shorter_delay_holds_more(priced):  # type: ignore[no-untyped-def]
    """A queue worker's floor is one task (nobody waits on a replacement); the default delay
    of 300 s works the burst off over 345 s: 40 x 45 / 345 = 5.217 a second x 0.6616 = 3.45
    -> 4 tasks at the peak, more than the 2 that 10 minutes allow."""

    five_minutes = QUEUED_THUMBNAILS.replace("requirements: {max_queue_delay_s: 600}", "")
    fargate = priced(five_minutes, "fargate")
    assert fargate["sizing"]["tasks_max"] == 4
    steady = priced(
        """
        version: 1
        name: trickle
        traffic: {monthly_requests: 10000}
        execution: {duration_ms: 100, memory_mb: 512}
        entry: queue
        """,
        "fargate",
    )
    assert steady["sizing"]["tasks_min"] == 1
