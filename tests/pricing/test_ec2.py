"""EC2 fleets: the cheapest type that carries the load, pins, burstable baselines."""

from __future__ import annotations

import math
from decimal import Decimal

import numpy as np
import pytest

from advisor.models.workload import HOURS_PER_MONTH
from advisor.pricing.catalog import Catalog
from advisor.pricing.ec2 import (
    USABLE_MEMORY,
    FitTable,
    cheapest_fleets,
    fitting,
    instance_hour_costs,
)
from tests.conftest import before_init, compute_lines, items

EC2 = Catalog().for_region("us-east-1").ec2


def test_pinned_type_and_floor(priced):  # type: ignore[no-untyped-def]
    # 3 x m6i.large x 730 h x $0.096 = $210.24; 3 x 20 GB gp3 x $0.08 = $4.80
    ec2 = priced(
        """
        version: 1
        name: pinned
        traffic: {monthly_requests: 100000}
        execution: {duration_ms: 100, memory_mb: 512}
        ec2: {instance_type: m6i.large, min_instances: 3}
        entry: none
    """,
        "ec2",
    )
    assert compute_lines(ec2) == {
        "m6i.large instance hours": "210.24",
        "EBS gp3 root volumes": "4.80",
    }
    assert Decimal(ec2["monthly_cost"]) == Decimal("215.04") + before_init(ec2)[1]
    assert ec2["sizing"]["instances_min"] == 3


def test_cheapest_type_for_low_load_is_a_small_burstable(priced):  # type: ignore[no-untyped-def]
    # the default task (1 vCPU, 2 GB) fits a t3.medium at 90 % of 4 GiB; two of them:
    # 1,460 h x $0.0416 = $60.74
    ec2 = priced(
        """
        version: 1
        name: quiet
        traffic: {monthly_requests: 100000}
        execution: {duration_ms: 100, memory_mb: 512}
        entry: none
    """,
        "ec2",
    )
    assert ec2["sizing"]["instance_type"] == "t3.medium"
    assert items(ec2)["t3.medium instance hours"] == "60.74"


def test_sustained_cpu_moves_off_burstable_types(priced):  # type: ignore[no-untyped-def]
    # 1,000 req/s x 0.1 s x (1 vCPU / 20 per task) = 5 busy vCPU: t3 would need 13 instances at
    # a 20 % baseline, so a fixed-performance type wins
    ec2 = priced(
        """
        version: 1
        name: busy
        traffic: {average_rps: 1000}
        execution: {duration_ms: 100, memory_mb: 512}
        container: {concurrency: 20}
        entry: none
    """,
        "ec2",
    )
    assert "burstable_baseline" not in ec2["sizing"]


def test_unknown_instance_type_is_a_located_error(cli, write):  # type: ignore[no-untyped-def]
    path = write("""
        version: 1
        name: typo
        traffic: {monthly_requests: 1000}
        execution: {duration_ms: 100, memory_mb: 512}
        ec2:
          instance_type: m6i.larg
    """)
    run = cli("recommend", str(path))
    assert run.code == 2
    assert run.stderr == (
        f"{path}:6:18: ec2.instance_type: instance type 'm6i.larg' does not exist or is not "
        "sold in us-east-1 (not in its pricing file); did you mean 'm6i.large'?\n"
    )


def test_a_size_the_family_does_not_come_in_names_the_sizes_around_it(cli, write):  # type: ignore[no-untyped-def]
    """AWS makes no m6i.3xlarge (12 vCPU): the error names the m6i sizes either side of it,
    as it would for a c5.8xlarge (between the c5.4xlarge and the c5.9xlarge)."""
    path = write("""
        version: 1
        name: no-such-size
        traffic: {monthly_requests: 1000}
        execution: {duration_ms: 100, memory_mb: 512}
        ec2: {instance_type: m6i.3xlarge}
    """)
    run = cli("recommend", str(path))
    assert run.code == 2
    assert run.stderr.startswith(f"{path}:5:22: ec2.instance_type: instance type 'm6i.3xlarge'")
    assert run.stderr.endswith(
        "; nearest: m6i.2xlarge (8 vCPU, 32 GiB), m6i.4xlarge (16 vCPU, 64 GiB)\n"
    )


@pytest.mark.parametrize("first", [0, 1])
def test_fleets_of_equal_cost_tie_exactly_and_the_type_listed_first_wins(first: int) -> None:
    # a type twice the size at twice the price: whole instances over a day's 24 profile hours
    # (each 730/24 of the month) cost the same to the last bit, whatever order adds them up
    small, large = (0.5, 0.034), (0.25, 0.068)  # (share of an instance one unit takes, $/h)
    listed = [small, large] if first == 0 else [large, small]
    table = FitTable(
        names=["first", "second"],
        task_share=np.array([share for share, _ in listed]),
        unit_cost=np.array([price for _, price in listed]),
        sustained=np.array([np.nan, np.nan]),
    )
    hour = HOURS_PER_MONTH / 24
    units = np.array([[8.0 * (1 + h % 5) for h in range(24)]])  # whole pairs of large instances
    cost, best, counts = cheapest_fleets(
        table, units, np.full(24, hour), np.array([2.0]), np.array([0.0]), hour
    )
    assert best.tolist() == [0]
    per_hour = [4 * (1 + h % 5) if first == 0 else 2 * (1 + h % 5) for h in range(24)]
    assert counts[0].tolist() == per_hour
    assert cost[0] == pytest.approx(sum(per_hour) * hour * listed[0][1])


@pytest.mark.parametrize(
    ("arch", "vcpu", "memory_gb"),
    [("x86_64", 0.25, 7.0), ("x86_64", 2.0, 1.0), ("arm64", 1.0, 2.0), ("x86_64", 0.5, 30.0)],
)
def test_types_left_out_of_the_fleet_search_never_win_it(
    arch: str, vcpu: float, memory_gb: float
) -> None:
    # the search's table leaves out types another one listed before them beats for this task;
    # over every type that holds the task, the cheapest fleet is the same type at the same cost
    table = fitting(EC2, None, arch, vcpu, memory_gb, 20.0)
    every = [
        i
        for i in EC2.figures_by_architecture[arch]
        if i.vcpu >= vcpu and i.memory_gib * USABLE_MEMORY >= memory_gb
    ]
    assert len(table) < len(every)
    full = FitTable(
        names=[i.name for i in every],
        task_share=np.array(
            [max(vcpu / i.vcpu, memory_gb / (i.memory_gib * USABLE_MEMORY)) for i in every]
        ),
        unit_cost=instance_hour_costs(np.array([i.hourly for i in every]), 20.0, EC2),
        sustained=np.array([np.nan if i.baseline is None else i.vcpu * i.baseline for i in every]),
    )
    rng = np.random.default_rng(7)
    rows = 400
    units = 10.0 ** rng.uniform(-3, 3, (rows, 1)) * rng.uniform(0.2, 1, (rows, 24))
    hour = HOURS_PER_MONTH / 24
    hours = np.full(24, hour)
    floors = rng.integers(0, 4, rows).astype(float)
    busy = 10.0 ** rng.uniform(-3, 2, rows)
    cost, best, counts = cheapest_fleets(table, units, hours, floors, busy, hour)
    full_cost, full_best, full_counts = cheapest_fleets(full, units, hours, floors, busy, hour)
    assert [table.names[b] for b in best] == [full.names[b] for b in full_best]
    assert cost.tolist() == full_cost.tolist()
    assert counts.tolist() == full_counts.tolist()


@pytest.mark.parametrize("hours_in_profile", [1, 13, 24])
def test_the_fleet_search_matches_a_type_by_type_walk(hours_in_profile: int) -> None:
    # the search works on whole blocks of types, hours and rows; a plain walk over each row,
    # type and hour must find the same type, instances and cost, to the last bit
    rng = np.random.default_rng(hours_in_profile)
    types, rows = 7, 60
    table = FitTable(
        names=[f"t{i}" for i in range(types)],
        task_share=rng.choice([0.125, 0.25, 0.5, 1.0], types),
        unit_cost=rng.choice([0.0104, 0.0208, 0.0416, 0.096, 0.192], types),
        sustained=np.where(rng.random(types) < 0.4, rng.choice([0.4, 0.8, 1.6], types), np.nan),
    )
    hour = HOURS_PER_MONTH / 24
    weights = rng.integers(1, 4, hours_in_profile).astype(float)
    units = np.round(
        rng.random((rows, hours_in_profile)) * rng.choice([1, 10, 100], rows)[:, None], 3
    )
    floors = rng.choice([0.0, 1.0, 2.0], rows)
    busy = rng.random(rows) * 3
    cost, best, counts = cheapest_fleets(table, units, weights * hour, floors, busy, hour)
    for row in range(rows):
        walked = []
        for t in range(types):
            least = floors[row]
            if not np.isnan(table.sustained[t]):
                least = max(least, math.ceil(busy[row] / table.sustained[t] - 1e-9))
            per_hour = [max(math.ceil(u * table.task_share[t] - 1e-9), least) for u in units[row]]
            slots = sum(n * w for n, w in zip(per_hour, weights, strict=True))
            walked.append((slots * (hour * table.unit_cost[t]), t, per_hour))
        lowest = min(walked, key=lambda w: (w[0], w[1]))  # equal costs: the type listed first
        assert (cost[row], best[row], counts[row].tolist()) == lowest


def test_a_job_every_minute_costs_a_few_dollars_on_one_instance(priced):  # type: ignore[no-untyped-def]
    """43,800 runs a month of 10 s: an instance launched for each would bill 10 s + 180 s of
    boot, 2,311.7 instance-hours; one t3.nano kept up takes them all: 730 h x $0.0052 = $3.80,
    its 20 GB root volume $1.60."""
    ec2 = priced(
        """
        version: 1
        name: every-minute
        traffic: {monthly_requests: 43800, pattern: scheduled}
        execution: {duration_ms: 10000, memory_mb: 128}
    """,
        "ec2",
    )
    assert compute_lines(ec2) == {"t3.nano instance hours": "3.80", "EBS gp3 root volumes": "1.60"}
    assert ec2["sizing"]["worker_pool"] is True


def test_a_daily_job_still_launches_an_instance_per_run(priced):  # type: ignore[no-untyped-def]
    """30 runs a month of 5 min + 180 s boot: 4 instance-hours, far less than a worker kept up
    all month."""
    ec2 = priced(
        """
        version: 1
        name: daily
        traffic: {monthly_requests: 30, pattern: scheduled}
        execution: {duration_ms: 300000, memory_mb: 1024}
    """,
        "ec2",
    )
    assert ec2["sizing"]["scale_to_zero"] is True
    assert ec2["sizing"]["instance_hours"] == 4.0


def test_a_fleet_under_bursts_shows_its_standing_and_peak_instances(cli) -> None:  # type: ignore[no-untyped-def]
    """The pipeline step: 70 files land in a 20 s burst each hour. The fleet is priced on each
    hour's mean (5 t3.medium, 3,650 instance-hours), but it is not 5 instances all month: 2
    stand between bursts (the floor, the same 2 that ADV405 says must carry a burst) and many
    more run at the top of one. The sizing says so instead of '5-5'."""
    report = cli("recommend", "scenarios/pipeline-step.yaml", "-f", "json").json()
    ec2 = next(o for o in report["options"] if o["platform"] == "ec2")
    sizing = ec2["sizing"]
    assert (sizing["instances_min"], sizing["instances_mean"]) == (2, 5.0)
    assert sizing["instances_max"] > 5
    adv405 = next(f["message"] for f in ec2["findings"] if f["rule"] == "ADV405")
    assert "outruns the 2 standing EC2 instances of t3.medium" in adv405
