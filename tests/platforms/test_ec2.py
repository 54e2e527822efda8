"""EC2 fleets: the cheapest type that carries the load, pins, burstable baselines."""

from __future__ import annotations

from tests.conftest import items


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
    assert items(ec2) == {"m6i.large instance hours": "210.24", "EBS gp3 root volumes": "4.80"}
    assert ec2["monthly_cost"] == "215.04"
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
        f"{path}:6:18: ec2.instance_type: instance type 'm6i.larg' is not in the us-east-1 "
        "pricing file; did you mean 'm6i.large'?\n"
    )
