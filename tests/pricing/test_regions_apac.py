"""Workloads in Tokyo, Seoul and Mumbai priced from each region's own published rates (the
sources are named in pricing/aws/<region>.yaml), checked against bills worked out by hand."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from advisor.pricing.catalog import Catalog, stand_ins
from tests.conftest import Run

HOURS = Decimal(730)

# 50 requests a second, all month: 50 x 730 h x 3,600 s = 131,400,000 requests. Each writes 0.5 KB
# of logs (62.656403 GB) and sends 8 KB out (1,002.502441 GB, of which the first 100 GB are free).
REQUESTS = 50 * HOURS * 3600
LOG_GB = REQUESTS * Decimal("0.5") / 1048576
SENT_GB = REQUESTS * 8 / 1048576 - 100

API = """
version: 1
name: {name}
region: {region}
traffic:
  average_rps: 50
  pattern: steady
execution:
  duration_ms: 100
  memory_mb: 512
  architecture: {architecture}
network:
  nat_gateway: true
  nat_gb_per_month: 500
entry: alb
"""


def _option(
    cli: Callable[..., Run], write: Callable[[str], Path], region: str, arch: str, platform: str
) -> dict[str, Any]:
    text = API.format(name=f"{region}-api", region=region, architecture=arch)
    run = cli("recommend", str(write(text)), "--format", "json")
    assert run.code == 0, run.stderr
    report = run.json()
    assert report["pricing"]["region"] == region
    return next(o for o in report["options"] if o["platform"] == platform)


def _lines(option: dict[str, Any]) -> dict[str, tuple[Decimal, Decimal]]:
    return {
        item["name"]: (Decimal(item["unit_price"]), Decimal(str(item["monthly_cost"])))
        for item in option["line_items"]
    }


def _front_door_nat_logs_and_data(
    alb_hour: str, nat: str, ingest: str, store: str, sent: str
) -> Decimal:
    """Beside every container option: one ALB all month (730 h) and 2 LCUs an hour (50 new
    connections a second / 25 per LCU: 1,460 LCU-hours at $0.008), one NAT gateway (730 h and
    500 GB at the region's rate), the logs (62.656403 GB ingested and stored a month), the data
    sent out beyond the free 100 GB (902.502441 GB) and three public IPv4 addresses (the ALB's two
    and the NAT gateway's one: 2,190 address-hours at $0.005)."""
    return (
        HOURS * Decimal(alb_hour)
        + 2 * HOURS * Decimal("0.008")
        + HOURS * Decimal(nat)
        + 500 * Decimal(nat)
        + LOG_GB * (Decimal(ingest) + Decimal(store))
        + SENT_GB * Decimal(sent)
        + 3 * HOURS * Decimal("0.005")
    )


def _close(total: Any, by_hand: Decimal) -> None:
    """The report rounds each line to the cent; a dozen lines stay within 10 cents."""
    assert abs(Decimal(str(total)) - by_hand) <= Decimal("0.10"), (total, by_hand)


def test_tokyo_x86_api_on_ec2_matches_a_bill_worked_by_hand(cli, write) -> None:  # type: ignore[no-untyped-def]
    """Tokyo's published rates (pricing/aws/ap-northeast-1.yaml): c6a.large $0.0963 an hour,
    gp3 $0.096 per GB-month, ALB $0.0243 an hour and $0.008 per LCU-hour, NAT $0.062 an hour and
    per GB, log ingestion $0.76 per GB, data out $0.114 per GB; log storage $0.03 is the file's
    us-east-1 stand-in. The fleet the report sizes (two c6a.large: t3 would run past its
    20 % baseline) comes to:

    1,460 h x $0.0963 = $140.598; 2 x 20 GB x $0.096 = $3.84; ALB 730 x $0.0243 = $17.739
    + 1,460 LCU-hours x $0.008 = $11.68; NAT 730 x $0.062 = $45.26 + 500 GB x $0.062 = $31.00;
    logs 62.656403 GB x ($0.76 + $0.03) = $49.499; data out 902.502441 GB x $0.114 = $102.885;
    IPv4 2,190 x $0.005 = $10.95. Together $413.45 a month (in us-east-1: $323.73)."""
    ec2 = _option(cli, write, "ap-northeast-1", "x86_64", "ec2")
    sizing = ec2["sizing"]
    assert (sizing["instance_type"], sizing["instances_mean"]) == ("c6a.large", 2)
    lines = _lines(ec2)
    assert lines["c6a.large instance hours"] == (Decimal("0.0963"), Decimal("140.60"))
    assert lines["EBS gp3 root volumes"] == (Decimal("0.096"), Decimal("3.84"))
    assert lines["NAT gateway hours"] == (Decimal("0.062"), Decimal("45.26"))
    assert lines["Data transfer out to the internet (tier 1)"][0] == Decimal("0.114")
    by_hand = 2 * HOURS * Decimal("0.0963") + 40 * Decimal("0.096")
    by_hand += _front_door_nat_logs_and_data("0.0243", "0.062", "0.76", "0.03", "0.114")
    assert round(by_hand, 2) == Decimal("413.45")
    _close(ec2["monthly_cost"], by_hand)


def test_seoul_arm_api_on_fargate_matches_a_bill_worked_by_hand(cli, write) -> None:  # type: ignore[no-untyped-def]
    """Seoul's published rates (pricing/aws/ap-northeast-2.yaml), none a stand-in: Fargate ARM
    $0.03725 per vCPU-hour and $0.00409 per GB-hour, ALB $0.0225 an hour and $0.008 per
    LCU-hour, NAT $0.059 an hour and per GB, log ingestion $0.76 per GB and storage $0.0314 per
    GB-month, data out $0.126 per GB. The three tasks of 1 vCPU and 2 GB the report sizes:

    2,190 vCPU-hours x $0.03725 = $81.5775; 4,380 GB-hours x $0.00409 = $17.9142; ALB
    730 x $0.0225 = $16.425 + $11.68 of LCUs; NAT 730 x $0.059 = $43.07 + 500 x $0.059 = $29.50;
    logs 62.656403 GB x ($0.76 + $0.0314) = $49.588; data out 902.502441 GB x $0.126 =
    $113.715; IPv4 $10.95. Together $374.42 a month."""
    fargate = _option(cli, write, "ap-northeast-2", "arm64", "fargate")
    sizing = fargate["sizing"]
    tasks, vcpu, memory = (
        Decimal(str(sizing[k])) for k in ("tasks_mean", "task_vcpu", "task_memory_gb")
    )
    assert (tasks, vcpu, memory) == (3, 1, 2)
    lines = _lines(fargate)
    assert lines["vCPU"] == (Decimal("0.03725"), Decimal("81.58"))
    assert lines["Memory"] == (Decimal("0.00409"), Decimal("17.91"))
    assert lines["Load balancer hours"] == (Decimal("0.0225"), Decimal("16.43"))
    by_hand = tasks * HOURS * (vcpu * Decimal("0.03725") + memory * Decimal("0.00409"))
    by_hand += _front_door_nat_logs_and_data("0.0225", "0.059", "0.76", "0.0314", "0.126")
    assert round(by_hand, 2) == Decimal("374.42")
    _close(fargate["monthly_cost"], by_hand)


def test_seoul_arm_api_on_ec2_prices_graviton_at_seoul_rates(cli, write) -> None:  # type: ignore[no-untyped-def]
    """The same Seoul API on EC2: three m6g.medium at $0.047 an hour (published; us-east-1's is
    $0.0385) and 60 GB of gp3 root volumes at $0.0912: 2,190 h x $0.047 = $102.93 and
    60 x $0.0912 = $5.472, with the $274.93 beside it (see the Fargate test): $383.33."""
    ec2 = _option(cli, write, "ap-northeast-2", "arm64", "ec2")
    sizing = ec2["sizing"]
    assert (sizing["instance_type"], sizing["instances_mean"]) == ("m6g.medium", 3)
    lines = _lines(ec2)
    assert lines["m6g.medium instance hours"] == (Decimal("0.047"), Decimal("102.93"))
    assert lines["EBS gp3 root volumes"] == (Decimal("0.0912"), Decimal("5.47"))
    by_hand = 3 * HOURS * Decimal("0.047") + 60 * Decimal("0.0912")
    by_hand += _front_door_nat_logs_and_data("0.0225", "0.059", "0.76", "0.0314", "0.126")
    assert round(by_hand, 2) == Decimal("383.33")
    _close(ec2["monthly_cost"], by_hand)


def test_mumbai_arm_api_on_ec2_matches_a_bill_worked_by_hand(cli, write) -> None:  # type: ignore[no-untyped-def]
    """Mumbai's published rates (pricing/aws/ap-south-1.yaml), where Graviton lists at about
    half the x86 price: m6g.medium $0.0253 an hour (m6i.large $0.101), gp3 $0.0912, ALB $0.0239
    an hour, NAT $0.056 an hour and per GB, log ingestion $0.67 per GB, data out $0.1093 per GB;
    the LCU-hour ($0.008) and log storage ($0.03) are the file's us-east-1 stand-ins. The three
    m6g.medium the report sizes:

    2,190 h x $0.0253 = $55.407; 60 GB x $0.0912 = $5.472; ALB 730 x $0.0239 = $17.447 +
    $11.68 of LCUs; NAT 730 x $0.056 = $40.88 + 500 x $0.056 = $28.00; logs 62.656403 GB x
    ($0.67 + $0.03) = $43.859; data out 902.502441 GB x $0.1093 = $98.644; IPv4 $10.95.
    Together $312.34 a month."""
    ec2 = _option(cli, write, "ap-south-1", "arm64", "ec2")
    sizing = ec2["sizing"]
    assert (sizing["instance_type"], sizing["instances_mean"]) == ("m6g.medium", 3)
    lines = _lines(ec2)
    assert lines["m6g.medium instance hours"] == (Decimal("0.0253"), Decimal("55.41"))
    assert lines["NAT gateway data processed"] == (Decimal("0.056"), Decimal("28.00"))
    assert lines["CloudWatch Logs ingestion"][0] == Decimal("0.67")
    by_hand = 3 * HOURS * Decimal("0.0253") + 60 * Decimal("0.0912")
    by_hand += _front_door_nat_logs_and_data("0.0239", "0.056", "0.67", "0.03", "0.1093")
    assert round(by_hand, 2) == Decimal("312.34")
    _close(ec2["monthly_cost"], by_hand)


@pytest.mark.parametrize(
    ("region", "types"), [("ap-northeast-1", 67), ("ap-northeast-2", 64), ("ap-south-1", 69)]
)
def test_ec2_ebs_and_nat_are_the_regions_own_figures(cli, region: str, types: int) -> None:  # type: ignore[no-untyped-def]
    """EC2 lists only the instance types whose price for the region was read from a published
    table (none borrowed from us-east-1), and `advisor pricing show` lists no EC2, EBS or NAT
    stand-in; those it does list each say why."""
    pricing = Catalog().for_region(region)
    assert len(pricing.ec2.instances) == types
    run = cli("pricing", "show", "--region", region)
    assert run.code == 0, run.stderr
    listed = run.stdout.split("  stand-ins:", 1)[1].splitlines()[1:]
    assert listed == [f"    {w}: {r}" for w, r in stand_ins(pricing)]
    assert not [line for line in listed if line.strip().startswith(("ec2", "nat"))], listed
    assert all(f"published {region}" in reason for _, reason in stand_ins(pricing))
