"""Fargate costs against the pricing page's worked example, task sizes and scale to zero."""

from __future__ import annotations

from advisor.catalog import Catalog
from advisor.platforms.fargate import snap_task_size
from tests.conftest import items, option


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
    assert items(farg) == {
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
    assert items(farg) == {"vCPU": "0.34", "Memory": "0.07"}


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
    assert items(farg) == {"vCPU": "23.64", "Memory": "5.20"}
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
