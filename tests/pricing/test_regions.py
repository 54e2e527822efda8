"""A workload outside us-east-1 priced from its own region's published rates, checked against a
bill worked out by hand."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from tests.conftest import Run

HOURS = Decimal(730)

# Published ap-southeast-1 figures (the sources are named in pricing/aws/ap-southeast-1.yaml):
# AWS Price List API, queried 2026-08-21: Fargate ARM $0.04045 per vCPU-hour and $0.00442 per
# GB-hour, ALB $0.0252 an hour and $0.008 per LCU-hour, NAT $0.059 an hour; a May 2025 Singapore
# bill: NAT $0.059 per GB processed; Price List API capture (2026-08): t4g.medium $0.0424 an hour
# and gp3 $0.096 per GB-month; the Price List's ap-southeast-1 row of skypilot-catalog vms.csv @
# 001367d: m6g.medium $0.048 an hour.
T4G_MEDIUM = Decimal("0.0424")
M6G_MEDIUM = Decimal("0.048")
GP3 = Decimal("0.096")
ALB_HOUR = Decimal("0.0252")
LCU_HOUR = Decimal("0.008")
NAT_HOUR = Decimal("0.059")
NAT_GB = Decimal("0.059")
FARGATE_ARM_VCPU = Decimal("0.04045")
FARGATE_ARM_GB = Decimal("0.00442")

SINGAPORE_API = """
version: 1
name: singapore-api
region: ap-southeast-1
traffic:
  average_rps: 50
  pattern: steady
execution:
  duration_ms: 100
  memory_mb: 512
  architecture: arm64
network:
  nat_gateway: true
  nat_gb_per_month: 500
entry: alb
"""


def _options(cli: Callable[..., Run], write: Callable[[str], Path]) -> dict[str, Any]:
    run = cli("recommend", str(write(SINGAPORE_API)), "--format", "json")
    assert run.code == 0, run.stderr
    report = run.json()
    assert report["pricing"]["region"] == "ap-southeast-1"
    return {option["platform"]: option for option in report["options"]}


def _within_2_percent(total: Decimal, by_hand: Decimal) -> None:
    assert abs(total - by_hand) <= by_hand * Decimal("0.02"), (total, by_hand)


def _logs_data_and_addresses() -> Decimal:
    """Beside every option: 50 req/s x 2,628,000 s = 131,400,000 requests. Their logs, x 0.5 KB
    = 62.6564 GB x (Singapore's $0.70 ingestion + $0.03 storage) = $45.739; the data sent out,
    x 8 KB = 1,002.5024 GB less the free 100 = 902.5024 GB x Singapore's $0.12 = $108.300; the
    ALB's two public IPv4 addresses and the NAT gateway's one, 3 x 730 h x $0.005 = $10.95.
    Together $164.989."""
    requests = Decimal(50) * HOURS * 3600
    logs = requests * Decimal("0.5") / 1048576 * (Decimal("0.70") + Decimal("0.03"))
    sent = (requests * 8 / 1048576 - 100) * Decimal("0.12")
    return logs + sent + 3 * HOURS * Decimal("0.005")


def _front_door_and_nat() -> Decimal:
    """One ALB for the month: 730 h x $0.0252 = $18.396. At 50 requests a second, each on a new
    connection, the ALB uses 50 / 25 = 2 LCUs an hour: 1,460 LCU-hours x $0.008 = $11.68. The NAT
    gateway: 730 h x $0.059 = $43.07, and 500 GB x $0.059 = $29.50. Together $102.646."""
    lcu_hours = Decimal(50) / Decimal(25) * HOURS
    return HOURS * ALB_HOUR + lcu_hours * LCU_HOUR + HOURS * NAT_HOUR + 500 * NAT_GB


def test_singapore_api_on_ec2_matches_a_bill_worked_by_hand(cli, write) -> None:  # type: ignore[no-untyped-def]
    """The bill is worked from the fleet the report's sizing block shows (n instances of the
    type it chose, all month) and Singapore's published rates:

    n x 730 h x the type's hourly rate + n x 20 GB root volumes x $0.096 per GB-month
    + ALB, LCUs and NAT (see _front_door_and_nat) $102.646
    + logs, data sent out and public IPv4 addresses (see _logs_data_and_addresses) $164.989.

    50 req/s x 100 ms keeps 5 requests in flight. With Singapore's m, c and r families read, the
    report sizes three m6g.medium (1 vCPU each, not burstable): 2,190 h x $0.048 = $105.12 and
    60 GB x $0.096 = $5.76, $110.88 for the fleet, $378.515 with the rest, $378.52 a month. When
    only t3, t4g and c5 were listed it took four t4g.medium (a 20 % CPU baseline each): 2,920 h x
    $0.0424 = $123.808 and 80 GB x $0.096 = $7.68, $399.123 in all."""
    ec2 = _options(cli, write)["ec2"]
    sizing = ec2["sizing"]
    hourly = {"t4g.medium": T4G_MEDIUM, "m6g.medium": M6G_MEDIUM}[sizing["instance_type"]]
    instances = Decimal(str(sizing["instances_mean"]))
    assert instances >= 2
    by_hand = (
        instances * HOURS * hourly
        + instances * 20 * GP3
        + _front_door_and_nat()
        + _logs_data_and_addresses()
    )
    if (sizing["instance_type"], instances) == ("m6g.medium", 3):
        assert by_hand.quantize(Decimal("0.001")) == Decimal("378.515")
    _within_2_percent(Decimal(str(ec2["monthly_cost"])), by_hand)


def test_singapore_api_on_fargate_matches_a_bill_worked_by_hand(cli, write) -> None:  # type: ignore[no-untyped-def]
    """The bill is worked from the tasks the report's sizing block shows (n ARM tasks of v vCPU
    and m GB, all month) and Singapore's published rates:

    n x v x 730 h x $0.04045 + n x m x 730 h x $0.00442
    + ALB, LCUs and NAT (see _front_door_and_nat) $102.646
    + logs, data sent out and public IPv4 addresses (see _logs_data_and_addresses) $164.989.

    At the two tasks of 1 vCPU and 2 GB this branch sizes (its floor of two): 1,460 vCPU-hours x
    $0.04045 = $59.057 and 2,920 GB-hours x $0.00442 = $12.9064, total $174.6094 a month (the
    stand-ins gave $155.48, 11 % under)."""
    fargate = _options(cli, write)["fargate"]
    sizing = fargate["sizing"]
    tasks = Decimal(str(sizing["tasks_mean"]))
    vcpu = Decimal(str(sizing["task_vcpu"]))
    memory = Decimal(str(sizing["task_memory_gb"]))
    assert tasks >= 2
    by_hand = (
        tasks * vcpu * HOURS * FARGATE_ARM_VCPU
        + tasks * memory * HOURS * FARGATE_ARM_GB
        + _front_door_and_nat()
    )
    if (tasks, vcpu, memory) == (2, 1, 2):
        assert by_hand == Decimal("174.6094")
    total = Decimal(str(fargate["monthly_cost"]))
    _within_2_percent(total, by_hand + _logs_data_and_addresses())


# Regions beyond the first five, each priced by hand from its own file's published rates (sources
# named in pricing/aws/<region>.yaml). One workload for all: 20 requests a second of 100 ms at
# 512 MB (on x86 unless said otherwise), no response body and no log lines (so no data transfer
# out and no log charges), sized by the report at two instances or two tasks (its floor).
def _bill(
    cli: Callable[..., Run],
    write: Callable[[str], Path],
    region: str,
    entry: str,
    nat_gb: int,
    architecture: str = "x86_64",
) -> dict[str, Any]:
    nat = f"network: {{nat_gateway: true, nat_gb_per_month: {nat_gb}}}\n" if nat_gb else ""
    run = cli(
        "recommend",
        str(
            write(
                f"version: 1\nname: {region}-api\nregion: {region}\n"
                "traffic: {average_rps: 20, response_kb: 0}\n"
                f"execution: {{duration_ms: 100, memory_mb: 512, architecture: {architecture}}}\n"
                f"logs: {{kb_per_request: 0}}\n{nat}entry: {entry}\n"
            )
        ),
        "--format",
        "json",
    )
    assert run.code == 0, run.stderr
    report = run.json()
    assert report["pricing"]["region"] == region
    return {option["platform"]: option for option in report["options"]}


def _charged(option: dict[str, Any]) -> dict[str, tuple[Decimal, Decimal]]:
    """Each line item's unit price and quantity, by name."""
    return {
        line["name"]: (Decimal(line["unit_price"]), Decimal(line["quantity"]))
        for line in option["line_items"]
    }


def test_london_ec2_fleet_nat_and_alb_match_a_bill_worked_by_hand(cli, write) -> None:  # type: ignore[no-untyped-def]
    """eu-west-2's published rates (Price List files of September 2026): two t3.medium all month,
    1,460 h x $0.0472 = $68.912; their 20 GB gp3 root volumes, 40 GB x $0.0928 = $3.712; the ALB,
    730 h x $0.02646 = $19.3158, and 20 new connections a second / 25 = 0.8 LCU x 730 h = 584
    LCU-hours x $0.0084 = $4.9056; its two public IPv4 addresses, 1,460 h x $0.005 = $7.30; the
    NAT gateway, 730 h x $0.05 = $36.50 and 500 GB x $0.05 = $25.00, and its address, 730 h x
    $0.005 = $3.65. Together $169.2954, $169.30 (us-east-1's rates would give $151.33)."""
    ec2 = _bill(cli, write, "eu-west-2", "alb", 500)["ec2"]
    assert (ec2["sizing"]["instance_type"], ec2["sizing"]["instances_mean"]) == ("t3.medium", 2)
    charged = _charged(ec2)
    assert charged["t3.medium instance hours"] == (Decimal("0.0472"), 1460)
    assert charged["Load balancer capacity units"] == (Decimal("0.0084"), 584)
    assert charged["NAT gateway data processed"] == (Decimal("0.05"), 500)
    by_hand = (
        1460 * Decimal("0.0472")
        + 40 * Decimal("0.0928")
        + 730 * Decimal("0.02646")
        + 584 * Decimal("0.0084")
        + 1460 * Decimal("0.005")
        + 730 * Decimal("0.05")
        + 500 * Decimal("0.05")
        + 730 * Decimal("0.005")
    )
    assert by_hand == Decimal("169.2954")
    assert Decimal(ec2["monthly_cost"]) == Decimal("169.30")


def test_canada_ec2_fleet_behind_an_alb_matches_a_bill_worked_by_hand(cli, write) -> None:  # type: ignore[no-untyped-def]
    """ca-central-1's published rates: two t3.medium all month at the table's ca-central-1 row
    ($0.0464, no longer a quarter of the t3.xlarge), 1,460 h x $0.0464 = $67.744; 40 GB gp3 x
    $0.088 = $3.52;
    the ALB, 730 h x $0.02475 = $18.0675, and 584 LCU-hours x $0.0088 = $5.1392; its two public
    IPv4 addresses, 1,460 h x $0.005 = $7.30. Together $101.7707, $101.77 (no NAT gateway: the
    file's NAT rates are us-east-1 stand-ins)."""
    ec2 = _bill(cli, write, "ca-central-1", "alb", 0)["ec2"]
    assert (ec2["sizing"]["instance_type"], ec2["sizing"]["instances_mean"]) == ("t3.medium", 2)
    charged = _charged(ec2)
    assert charged["t3.medium instance hours"] == (Decimal("0.0464"), 1460)
    assert charged["Load balancer hours"] == (Decimal("0.02475"), 730)
    assert charged["Load balancer capacity units"] == (Decimal("0.0088"), 584)
    by_hand = (
        1460 * Decimal("0.0464")
        + 40 * Decimal("0.088")
        + 730 * Decimal("0.02475")
        + 584 * Decimal("0.0088")
        + 1460 * Decimal("0.005")
    )
    assert by_hand == Decimal("101.7707")
    assert Decimal(ec2["monthly_cost"]) == Decimal("101.77")


def test_california_ec2_and_fargate_match_bills_worked_by_hand(cli, write) -> None:  # type: ignore[no-untyped-def]
    """us-west-1's published rates, with no load balancer or NAT gateway in front (its LCU and
    NAT rates are stand-ins). EC2: two t3.medium at the table's us-west-1 row ($0.0496, no longer
    a quarter of the t3.xlarge), 1,460 h x $0.0496 = $72.416, and 40 GB gp3 x $0.096 = $3.84:
    $76.256, $76.26. Fargate x86: two tasks of 1 vCPU and 2 GB, 1,460 vCPU-hours x $0.04656 =
    $67.9776 and 2,920 GB-hours x $0.00511 = $14.9212: $82.8988, $82.90."""
    options = _bill(cli, write, "us-west-1", "none", 0)
    ec2, fargate = options["ec2"], options["fargate"]
    assert (ec2["sizing"]["instance_type"], ec2["sizing"]["instances_mean"]) == ("t3.medium", 2)
    assert _charged(ec2)["t3.medium instance hours"] == (Decimal("0.0496"), 1460)
    assert 1460 * Decimal("0.0496") + 40 * Decimal("0.096") == Decimal("76.256")
    assert Decimal(ec2["monthly_cost"]) == Decimal("76.26")
    sizing = fargate["sizing"]
    assert (sizing["tasks_mean"], sizing["task_vcpu"], sizing["task_memory_gb"]) == (2, 1, 2)
    assert 1460 * Decimal("0.04656") + 2920 * Decimal("0.00511") == Decimal("82.8988")
    assert Decimal(fargate["monthly_cost"]) == Decimal("82.90")


def test_sao_paulo_ec2_and_fargate_behind_an_alb_and_nat_match_bills_worked_by_hand(
    cli, write
) -> None:  # type: ignore[no-untyped-def]
    """sa-east-1's published rates (Price List versions of September 2026 and an AWSELB offer of
    June 2026). Shared by both: the ALB, 730 h x $0.034 = $24.82, and 584 LCU-hours x $0.011 =
    $6.424; its two public IPv4 addresses, $7.30; the NAT gateway, 730 h x $0.093 = $67.89 and
    500 GB x $0.093 = $46.50, and its address, $3.65: $156.584 together.
    EC2: two t3.medium, 1,460 h x $0.0672 = $98.112, and 40 GB gp3 x $0.152 = $6.08: $260.776,
    $260.78 (us-east-1's rates would give $151.33; Sao Paulo is 72 % dearer).
    Fargate x86: two tasks of 1 vCPU and 2 GB, 1,460 vCPU-hours x $0.0696 = $101.616 and 2,920
    GB-hours x $0.0076 = $22.192: $280.392, $280.39."""
    options = _bill(cli, write, "sa-east-1", "alb", 500)
    ec2, fargate = options["ec2"], options["fargate"]
    shared = (
        730 * Decimal("0.034")
        + 584 * Decimal("0.011")
        + 1460 * Decimal("0.005")
        + 730 * Decimal("0.093")
        + 500 * Decimal("0.093")
        + 730 * Decimal("0.005")
    )
    assert shared == Decimal("156.584")
    assert (ec2["sizing"]["instance_type"], ec2["sizing"]["instances_mean"]) == ("t3.medium", 2)
    assert _charged(ec2)["NAT gateway hours"] == (Decimal("0.093"), 730)
    assert 1460 * Decimal("0.0672") + 40 * Decimal("0.152") + shared == Decimal("260.776")
    assert Decimal(ec2["monthly_cost"]) == Decimal("260.78")
    sizing = fargate["sizing"]
    assert (sizing["tasks_mean"], sizing["task_vcpu"], sizing["task_memory_gb"]) == (2, 1, 2)
    assert _charged(fargate)["vCPU"] == (Decimal("0.0696"), 1460)
    assert 1460 * Decimal("0.0696") + 2920 * Decimal("0.0076") + shared == Decimal("280.392")
    assert Decimal(fargate["monthly_cost"]) == Decimal("280.39")


def test_ohio_x86_api_gets_an_ec2_option_priced_from_ohio_figures(cli, write) -> None:  # type: ignore[no-untyped-def]
    """us-east-2 listed only t4g, so an x86 workload got no EC2 option there. Now priced from the
    table's us-east-2 rows (skypilot-catalog vms.csv @ 001367d) and the published Ohio gp3 rate:
    two t3.medium all month, 1,460 h x $0.0416 = $60.736, and their 20 GB gp3 root volumes,
    40 GB x $0.08 = $3.20. Together $63.936, $63.94."""
    ec2 = _bill(cli, write, "us-east-2", "none", 0)["ec2"]
    assert (ec2["sizing"]["instance_type"], ec2["sizing"]["instances_mean"]) == ("t3.medium", 2)
    charged = _charged(ec2)
    assert charged["t3.medium instance hours"] == (Decimal("0.0416"), 1460)
    assert charged["EBS gp3 root volumes"] == (Decimal("0.08"), 40)
    assert 1460 * Decimal("0.0416") + 40 * Decimal("0.08") == Decimal("63.936")
    assert Decimal(ec2["monthly_cost"]) == Decimal("63.94")


def test_sydney_arm64_api_gets_a_graviton_ec2_option(cli, write) -> None:  # type: ignore[no-untyped-def]
    """ap-southeast-2 listed no Graviton type, so an arm64 workload got no EC2 option there. Now
    priced from the table's ap-southeast-2 rows: two t4g.medium all month, 1,460 h x $0.0424 =
    $61.904, and 40 GB of gp3 root volumes x $0.08 (us-east-1's rate, a stand-in the file names:
    no published Sydney gp3 price was found) = $3.20. Together $65.104, $65.10."""
    ec2 = _bill(cli, write, "ap-southeast-2", "none", 0, architecture="arm64")["ec2"]
    assert (ec2["sizing"]["instance_type"], ec2["sizing"]["instances_mean"]) == ("t4g.medium", 2)
    charged = _charged(ec2)
    assert charged["t4g.medium instance hours"] == (Decimal("0.0424"), 1460)
    assert 1460 * Decimal("0.0424") + 40 * Decimal("0.08") == Decimal("65.104")
    assert Decimal(ec2["monthly_cost"]) == Decimal("65.10")


def test_cpu_heavy_ireland_api_runs_on_compute_optimised_instances(cli, write) -> None:  # type: ignore[no-untyped-def]
    """10 requests a second, each 1.2 s of CPU, keep 12 vCPUs busy. eu-west-1 listed only t3 and
    t4g, so the report bought 30 t3.medium for their 20 % CPU baseline (0.4 vCPU each):
    21,900 h x $0.0456 = $998.64, $1,079.47 a month in all. With Ireland's m, c and r families read
    from the table's eu-west-1 rows (skypilot-catalog vms.csv @ 001367d), 12 vCPUs at the 60 %
    target need 20: five c6a.xlarge (4 vCPU, $0.16416 an hour, Ireland's cheapest vCPU-hour among
    the x86 types that are not burstable), 3,650 h x $0.16416 = $599.184; their 20 GB gp3 root
    volumes, 100 GB x $0.088 = $8.80; the ALB, 730 h x $0.0252 = $18.396, and 10 new connections a
    second / 25 = 0.4 LCU x 730 h = 292 LCU-hours x $0.008 = $2.336; its two public IPv4
    addresses, 1,460 h x $0.005 = $7.30. Together $636.016, $636.02."""
    workload = write(
        "version: 1\nname: ireland-render\nregion: eu-west-1\n"
        "traffic: {average_rps: 10, response_kb: 0}\n"
        "execution: {duration_ms: 1200, cpu_ms: 1200, memory_mb: 512}\n"
        "logs: {kb_per_request: 0}\nentry: alb\n"
    )
    run = cli("recommend", str(workload), "--format", "json")
    assert run.code == 0, run.stderr
    ec2 = {option["platform"]: option for option in run.json()["options"]}["ec2"]
    sizing = ec2["sizing"]
    assert (sizing["instance_type"], sizing["instances_mean"]) == ("c6a.xlarge", 5)
    assert "burstable_baseline" not in sizing
    charged = _charged(ec2)
    assert charged["c6a.xlarge instance hours"] == (Decimal("0.16416"), 3650)
    assert charged["EBS gp3 root volumes"] == (Decimal("0.088"), 100)
    assert charged["Load balancer capacity units"] == (Decimal("0.008"), 292)
    by_hand = (
        3650 * Decimal("0.16416")
        + 100 * Decimal("0.088")
        + 730 * Decimal("0.0252")
        + 292 * Decimal("0.008")
        + 1460 * Decimal("0.005")
    )
    assert by_hand == Decimal("636.016")
    assert Decimal(ec2["monthly_cost"]) == Decimal("636.02")
