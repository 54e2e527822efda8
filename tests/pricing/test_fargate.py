"""Fargate costs against the pricing page's worked example, task sizes and scale to zero."""

from __future__ import annotations

from advisor.pricing.catalog import Catalog
from advisor.pricing.fargate import snap_task_size
from tests.conftest import compute_lines, option


def test_pricing_page_example_five_tasks_ten_minutes_a_day(priced):  # type: ignore[no-untyped-def]
    # 5 tasks x 600 s a day x 30 days = 25 task-hours of 1 vCPU, 2 GB, 30 GB storage:
    # vCPU 25 x 0.04048 = 1.012 -> $1.01; memory 50 GB-h x 0.004445 = $0.22;
    # storage 10 GB x 25 h x 0.000111 = $0.03; total $1.26 (Fargate pricing page, example 1)
    farg = priced(
        """
        version: 1
        name: batch
        traffic: {monthly_requests: 150, pattern: scheduled}
        execution: {duration_ms: 600000, memory_mb: 2048}
        container: {vcpu: 1, memory_gb: 2, ephemeral_storage_gb: 30}
    """,
        "fargate",
    )
    assert compute_lines(farg) == {
        "vCPU": "1.01",
        "Memory": "0.22",
        "Ephemeral storage above 20 GB": "0.03",
    }
    assert farg["monthly_cost"] == "1.26"
    assert farg["sizing"]["tasks_min"] == 0


def test_scheduled_runs_bill_at_least_one_minute(priced):  # type: ignore[no-untyped-def]
    # 1,000 runs of 10 s bill 60 s each: 16.6667 task-hours. A 512 MB Lambda has 512/1,769 =
    # 0.29 vCPU, so the task is 0.5 vCPU / 1 GB: 8.3333 vCPU-h x 0.04048 = $0.34;
    # 16.6667 GB-h x 0.004445 = $0.07
    farg = priced(
        """
        version: 1
        name: tiny-job
        traffic: {monthly_requests: 1000, pattern: scheduled}
        execution: {duration_ms: 10000, memory_mb: 512}
    """,
        "fargate",
    )
    assert farg["sizing"]["task_hours"] == 16.67
    assert farg["sizing"]["task_vcpu"] == 0.5
    assert compute_lines(farg) == {"vCPU": "0.34", "Memory": "0.07"}


def test_steady_service_on_arm_at_its_floor(priced):  # type: ignore[no-untyped-def]
    # two 0.5 vCPU / 1 GB arm tasks all month: 730 vCPU-h x 0.03238 = $23.64;
    # 1,460 GB-h x 0.00356 = $5.20
    farg = priced(
        """
        version: 1
        name: small-arm
        traffic: {monthly_requests: 100000}
        execution: {duration_ms: 50, memory_mb: 512, architecture: arm64}
        container: {vcpu: 0.5, memory_gb: 1}
        entry: none
    """,
        "fargate",
    )
    assert compute_lines(farg) == {"vCPU": "23.64", "Memory": "5.20"}
    assert farg["sizing"]["tasks_min"] == 2


def test_task_sizes_snap_to_valid_fargate_pairs():  # type: ignore[no-untyped-def]
    rates = Catalog().for_region("us-east-1").fargate
    assert snap_task_size(0.3, 0.6, rates) == (0.5, 1.0)
    assert snap_task_size(1, 1, rates) == (1.0, 2.0)  # 1 vCPU needs at least 2 GB
    assert snap_task_size(4, 31, rates) == (8.0, 32.0)  # 4 vCPU stops at 30 GB
    assert snap_task_size(17, 8, rates) is None


def test_oversized_task_rules_fargate_out(cli, write):  # type: ignore[no-untyped-def]
    run = cli(
        "recommend",
        str(
            write("""
        version: 1
        name: huge
        traffic: {monthly_requests: 1000}
        execution: {duration_ms: 1000, memory_mb: 1024}
        container: {vcpu: 32, memory_gb: 200}
    """)
        ),
        "--format",
        "json",
    )
    farg = option(run.json(), "fargate")
    assert farg["feasible"] is False
    assert [f["rule"] for f in farg["findings"]] == ["ADV106"]


BURST = """
    version: 1
    name: {name}
    traffic: {{average_rps: 2, pattern: bursty, peak_rps: 2000, burst_duration_s: {seconds},
               bursts_per_day: {per_day}}}
    execution: {{duration_ms: 100, memory_mb: 512}}
    entry: none
"""


def test_a_burst_a_day_costs_about_the_same_either_side_of_the_scale_out_lag(priced):  # type: ignore[no-untyped-def]
    """2 req/s with one burst a day at 2,000 req/s. A task of 1 vCPU holds 1 / 0.0289 = 34.6
    req/s (28.9 ms of CPU a request: 100 ms at 512 / 1,769 vCPU), 24.2 at 70 %: the burst needs
    83 tasks, the mean the floor of 2. The 81 extra tasks arrive after the 60 s lag and stay for
    the 300 s cooldown: 45 s bursts hold them 300 s a day, 61 s bursts 301 s. Tasks on average:
    2 + 81 x 300 / 86,400 = 2.2813 (task-hours 1,665.31) against 2.2822: a few cents apart. The
    same burst every hour holds them 24 times as long: 2 + 81 x 300 / 3,600 = 8.75 tasks."""
    costs = {}
    for name, seconds, per_day in [("b45", 45, 1), ("b61", 61, 1), ("hourly", 45, 24)]:
        farg = priced(BURST.format(name=name, seconds=seconds, per_day=per_day), "fargate")
        costs[name] = float(farg["monthly_cost"])
        if name == "b45":
            assert farg["sizing"]["tasks_max"] == 83
            assert farg["sizing"]["task_hours"] == round(730 * (2 + 81 * 300 / 86400), 2)
    assert costs["b45"] <= costs["b61"] <= costs["b45"] * 1.01
    assert costs["hourly"] > 3 * costs["b45"]


def test_a_cpu_bound_renderer_is_sized_for_its_busy_vcpu(priced):  # type: ignore[no-untyped-def]
    """10 req/s of 1.2 s at 2,048 MB: Lambda gives a full vCPU (2,048 / 1,769, at most one), so
    12 vCPU are busy. Default 1 vCPU / 2 GB tasks at 70 %: 12 / 0.7 = 17.1 -> 18 tasks all
    month, 13,140 task-hours: vCPU 13,140 x $0.04048 = $531.91; memory 26,280 GB-h x $0.004445
    = $116.81 (the concurrency cap of 10 alone would have asked for 12 / 10 / 0.7 -> 2 tasks)."""
    farg = priced(
        """
        version: 1
        name: renderer
        traffic: {average_rps: 10}
        execution: {duration_ms: 1200, memory_mb: 2048}
        entry: none
    """,
        "fargate",
    )
    assert farg["sizing"]["tasks_min"] == farg["sizing"]["tasks_max"] == 18
    assert compute_lines(farg) == {"vCPU": "531.91", "Memory": "116.81"}


def test_a_job_every_minute_runs_on_one_long_lived_worker(priced):  # type: ignore[no-untyped-def]
    """43,800 runs a month (one a minute) of 10 s: a task per run would bill 60 s each, 730
    task-hours, as much as one worker up all month; in flight 10 / 60 = 0.17 -> one worker of
    0.25 vCPU / 0.5 GB (128 MB Lambda): 182.5 vCPU-h x $0.04048 = $7.39; 365 GB-h x $0.004445
    = $1.62; 1,440 runs a day, the worker 17 % busy, never above 100 %."""
    farg = priced(
        """
        version: 1
        name: every-minute
        traffic: {monthly_requests: 43800, pattern: scheduled}
        execution: {duration_ms: 10000, memory_mb: 128}
    """,
        "fargate",
    )
    assert compute_lines(farg) == {"vCPU": "7.39", "Memory": "1.62"}
    assert farg["sizing"]["worker_pool"] is True
    assert farg["sizing"]["runs_per_day"] == 1440
    assert 0 < farg["sizing"]["utilization"] <= 1


def test_sixty_million_short_runs_price_as_a_small_always_on_pool(priced):  # type: ignore[no-untyped-def]
    """60M runs a month of 100 ms: 22.8 a second, 2.28 in flight; one run a worker at 70 %:
    3.26 -> 4 workers of 0.25 vCPU / 0.5 GB all month, 2,920 task-hours: vCPU 730 x $0.04048 =
    $29.55; memory 1,460 GB-h x $0.004445 = $6.49. A task per run would bill 60M minutes."""
    farg = priced(
        """
        version: 1
        name: many-runs
        traffic: {monthly_requests: 60000000, pattern: scheduled}
        execution: {duration_ms: 100, memory_mb: 128}
    """,
        "fargate",
    )
    assert compute_lines(farg) == {"vCPU": "29.55", "Memory": "6.49"}
    assert farg["sizing"]["tasks_max"] == 4
    assert farg["sizing"]["utilization"] <= 1
