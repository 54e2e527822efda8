"""Lambda Managed Instances: instances at EC2's price, the 15 % fee, requests, and the floor."""

from __future__ import annotations

from decimal import Decimal

from tests.conftest import before_init, beside, compute_lines, items, option

CENT = Decimal("0.01")  # the total is rounded once, the lines beside it each

STEADY = """
    version: 1
    name: steady-api
    traffic: {average_rps: 500}
    execution: {duration_ms: 50, memory_mb: 2048, cpu_ms: 10, request_memory_mb: 64}
    entry: function_url
"""

SPIKY = """
    version: 1
    name: spiky-api
    traffic: {pattern: bursty, average_rps: 2, peak_rps: 40, burst_duration_s: 120}
    execution: {duration_ms: 120, memory_mb: 2048}
    entry: function_url
"""


def test_a_steady_500_rps_function_costs_less_than_on_lambda(priced):  # type: ignore[no-untyped-def]
    """500 req/s for 730 h = 1,314,000,000 requests a month, behind a function URL (free).

    Lambda: requests 1,314 M x $0.20/M = $262.80; duration 1,314 M x 0.05 s x 2 GB =
    131,400,000 GB-s, all in the first tier, x $0.0000166667 = $2,190.00; $2,452.80.

    Managed instances: an environment has 2 GB at 2 GiB per vCPU, so 1 vCPU, and serves up to
    10 requests at once. Per request a second it is busy for the largest of 0.05 s / 10 = 0.005
    (concurrency), 0.010 s / 1 vCPU = 0.010 (CPU) and 0.05 s x 64 MB / 2 GB = 0.0016 (memory):
    CPU binds. 500 x 0.010 / 0.7 target utilisation = 7.14 environments; a c6a.large (2 vCPU,
    4 GiB, $0.0765 an hour, the cheapest of the c families) holds two, so 3.57 -> 4 instances
    (above the floor of 3). 4 x 730 = 2,920 instance-hours x $0.0765 = $223.38; the fee, 15 % of
    $223.38 = $33.507 -> $33.51; requests 1,314 M x $0.20/M = $262.80; $519.687 -> $519.69.
    """
    report = priced(STEADY)
    managed = option(report, "lambda_managed_instances")
    assert compute_lines(managed) == {
        "c6a.large instance hours (managed by Lambda)": "223.38",
        "Lambda Managed Instances management fee": "33.51",
        "Lambda Managed Instances requests": "262.80",
    }
    # beside it, the logs and data sent out every option behind the URL carries
    assert abs(Decimal(managed["monthly_cost"]) - beside(managed) - Decimal("519.69")) <= CENT
    sizing = managed["sizing"]
    assert (sizing["instances_min"], sizing["instances_max"]) == (4, 4)
    assert sizing["environments_per_instance"] == 2
    assert sizing["cold_starts_per_month"] == 0
    lam, init = before_init(option(report, "lambda"))
    assert lam == {"Requests": "262.80", "Duration (tier 1)": "2190.00"}
    assert Decimal(option(report, "lambda")["monthly_cost"]) - init == Decimal("2452.80")
    # the containers cost less still: Fargate $421.55, and EC2 $359.81 saves under the 20 % margin
    assert report["recommendation"]["platform"] == "fargate"


def test_cpu_bound_work_needs_more_instances(priced):  # type: ignore[no-untyped-def]
    """The same API at 40 ms of CPU a request: 500 x 0.040 / 0.7 = 28.6 environments, 14.3 ->
    15 c6a.large; 15 x 730 = 10,950 h x $0.0765 = $837.675 -> $837.68."""
    managed = priced(STEADY.replace("cpu_ms: 10", "cpu_ms: 40"), "lambda_managed_instances")
    assert items(managed)["c6a.large instance hours (managed by Lambda)"] == "837.68"


def test_memory_per_vcpu_picks_the_family(priced):  # type: ignore[no-untyped-def]
    """At 4 GiB per vCPU a 2 GB environment has half a vCPU, so it is given one vCPU and 4 GiB
    (the least an environment has): a general-purpose type. 500 x 0.010 / 0.7 = 7.14
    environments, two to an m-family large (2 vCPU, 8 GiB): 4 instances."""
    managed = priced(
        STEADY + "    lambda_managed: {memory_gib_per_vcpu: 4}\n", "lambda_managed_instances"
    )
    sizing = managed["sizing"]
    assert sizing["instance_type"].startswith("m")
    assert sizing["environment_memory_gib"] == 4.0
    assert sizing["instances_max"] == 4


def test_a_spiky_2_rps_function_costs_more_than_on_lambda(priced):  # type: ignore[no-untyped-def]
    """2 req/s on average = 5,256,000 requests a month, in bursts to 40 req/s.

    Lambda: requests 5.256 M x $0.20/M = $1.0512 -> $1.05; duration 5,256,000 x 0.12 s x 2 GB
    = 1,261,440 GB-s x $0.0000166667 = $21.02; $22.08 before INIT.

    Managed instances: a request keeps an environment busy 0.12 s (its CPU: 120 ms at Lambda's
    full vCPU), so 2 req/s need 0.34 environments at 70 % and a burst of 40 req/s, held for
    five minutes an hour, adds 0.54 more: far below one instance, so the floor of three
    c6a.large runs all month: 3 x 730 = 2,190 h x $0.0765 = $167.535 -> $167.54; the fee
    $25.13; requests $1.05; $193.72. ADV407 says why it is dearer; ADV204 warns of the bursts,
    which the three standing instances (six environments of 8.3 req/s, 50 req/s) carry.
    """
    report = priced(SPIKY)
    managed = option(report, "lambda_managed_instances")
    assert compute_lines(managed) == {
        "c6a.large instance hours (managed by Lambda)": "167.54",
        "Lambda Managed Instances management fee": "25.13",
        "Lambda Managed Instances requests": "1.05",
    }
    assert abs(Decimal(managed["monthly_cost"]) - beside(managed) - Decimal("193.72")) <= CENT
    lam, _ = before_init(option(report, "lambda"))
    assert lam == {"Requests": "1.05", "Duration (tier 1)": "21.02"}
    assert report["recommendation"]["platform"] == "lambda"
    reasons = {r["rule"]: r["message"] for r in report["recommendation"]["reasons"]}
    assert "keep 3 instances of c6a.large running" in reasons["ADV407"]
    # both with their logs and data sent out
    assert "$195.84 a month against $24.21 on Lambda" in reasons["ADV407"]
    (lag,) = managed["findings"]
    assert (lag["rule"], lag["severity"]) == ("ADV204", "warning")
    assert "serve 50 req/s at full use, enough for the burst" in lag["message"]


def test_bursts_beyond_the_standing_instances_rule_it_out(priced):  # type: ignore[no-untyped-def]
    """Bursts to 100 req/s: the three instances serve 50 req/s at full use; for the first 120 s
    of each burst (shorter than the 5-minute lag) 50 req/s are throttled, 6,000 requests. At
    70 % use an instance serves 2 x 8.33 x 0.7 = 11.7 req/s: 100 / 11.7 = 8.57 at the target,
    100 x 0.7 / 11.7 = 6 instances at full use would hold it."""
    managed = priced(SPIKY.replace("peak_rps: 40", "peak_rps: 100"), "lambda_managed_instances")
    assert not managed["feasible"]
    (lag,) = managed["findings"]
    assert lag["severity"] == "error"
    assert "about 6,000 requests a burst would be throttled" in lag["message"]
    assert "`lambda_managed.min_instances: 6`" in lag["message"]


def test_a_region_without_the_section_does_not_price_it(cli, write, tmp_path):  # type: ignore[no-untyped-def]
    from advisor.pricing.catalog import bundled_pricing_dir

    text = (bundled_pricing_dir() / "aws" / "us-east-1.yaml").read_text()
    cut = text[: text.index("lambda_managed_instances:")]
    pricing = tmp_path / "us-east-1.yaml"
    pricing.write_text(cut)
    run = cli("recommend", str(write(STEADY)), "--pricing", str(pricing), "--format", "json")
    assert run.code == 0, run.stderr
    managed = option(run.json(), "lambda_managed_instances")
    assert not managed["feasible"]
    assert managed["findings"][0]["rule"] == "ADV108"
    assert "does not price Lambda Managed Instances" in managed["findings"][0]["message"]


def test_pricing_show_says_whether_the_file_prices_them(cli, tmp_path):  # type: ignore[no-untyped-def]
    from advisor.pricing.catalog import bundled_pricing_dir

    shown = cli("pricing", "show", "--region", "us-east-1")
    assert "Lambda Managed Instances: EC2 on-demand + 15 % management fee, $0.20 per million" in (
        shown.stdout
    )
    assert "L-LMI: AWS Lambda pricing page" in shown.stdout
    text = (bundled_pricing_dir() / "aws" / "us-east-1.yaml").read_text()
    cut = tmp_path / "us-east-1.yaml"
    cut.write_text(text[: text.index("lambda_managed_instances:")])
    assert "Lambda Managed Instances: not priced" in cli("pricing", "show", str(cut)).stdout


def test_only_types_a_smaller_one_does_not_beat_are_searched() -> None:
    """large, xlarge, 2xlarge at double the size and price: the large beats both (two larges
    hold what an xlarge holds, for its price). An xlarge at 1.9x the large's price is kept
    (0.95 for a large's share), and beats the 2xlarge at 4x (2 x 1.9 = 3.8 <= 4); a type whose
    share is not a whole multiple of a smaller one's is kept."""
    from advisor.pricing.managed_instances import _undominated

    assert _undominated([0.5, 0.25, 0.125], [1.0, 2.0, 4.0]) == [0]
    assert _undominated([0.5, 0.25, 0.125], [1.0, 1.9, 4.0]) == [0, 1]
    assert _undominated([0.5, 0.3], [1.0, 1.5]) == [0, 1]


def test_a_savings_plan_covers_the_ec2_part_and_not_the_fee(priced):  # type: ignore[no-untyped-def]
    """Savings Plans apply to Lambda Managed Instances' EC2 part (rates-2026-12.md section 3).
    A steady 100 req/s function, committed to a 1-year no-upfront Compute Savings Plan: four
    c6a.large all month, 2,920 instance-hours at $0.0765 x (1 - 0.28) = $0.05508, $160.83; the
    management fee stays 15 % of the on-demand dollars, 2,920 x $0.0765 = $223.38 x 0.15 =
    $33.51; the requests 262.8M x $0.20 per million = $52.56."""
    body = (
        "version: 1\nname: steady-api\ntraffic: {average_rps: 100}\n"
        "execution: {duration_ms: 100, memory_mb: 2048, cpu_ms: 50}\nentry: function_url\n"
        "purchase: {commitment: compute-1y-no-upfront}\n"
    )
    managed = priced(body, "lambda_managed_instances")
    lines = {
        i["name"]: (i["quantity"], i["unit_price"], i["monthly_cost"])
        for i in managed["line_items"]
    }
    assert lines["c6a.large instance hours (managed by Lambda) (Savings Plan)"] == (
        "2920",
        "0.055080",
        "160.83",
    )
    assert lines["Lambda Managed Instances management fee"] == ("223.380000", "0.15", "33.51")
    assert lines["Lambda Managed Instances requests"][2] == "52.56"
    assert managed["commitment"]["committed"] is True
