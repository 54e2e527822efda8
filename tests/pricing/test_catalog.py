"""The bundled pricing files: one per promised region, each valid and honest about its sources."""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from advisor.models.catalog import iter_rates
from advisor.pricing.catalog import (
    Catalog,
    bundled_pricing_dir,
    bundled_regions,
    pricing_problems,
    shown_path,
    stand_ins,
    user_pricing_dir,
)

ORIGINAL = ["ap-southeast-1", "eu-central-1", "eu-west-1", "us-east-1", "us-west-2"]
WEST = ["ca-central-1", "eu-west-2", "sa-east-1", "us-west-1"]
APAC = ["ap-northeast-1", "ap-northeast-2", "ap-south-1"]
PROMISED = sorted([*ORIGINAL, "ap-southeast-2", "eu-north-1", "us-east-2", *WEST, *APAC])
CHECKED_ON = dt.date(2026, 12, 5)


def test_every_promised_region_is_bundled() -> None:
    assert bundled_regions() == PROMISED


@pytest.mark.parametrize("region", PROMISED)
def test_bundled_file_is_valid_and_names_a_source_for_every_rate(region: str) -> None:
    pricing = Catalog().for_region(region)
    assert pricing.region == region
    assert pricing_problems(pricing, CHECKED_ON, allow_stand_ins=True) == []
    assert all(rate.source in pricing.all_sources for _, rate in iter_rates(pricing))
    assert pricing.ec2.source in pricing.sources
    assert not any("VERIFY" in source.title for source in pricing.sources.values())


@pytest.mark.parametrize("region", ORIGINAL)
def test_original_regions_show_no_ec2_or_ebs_stand_ins(cli, region: str) -> None:  # type: ignore[no-untyped-def]
    """EC2 and EBS in the five original regions are the region's own published figures (an
    instance type without one is left out of the region's file rather than borrowed), so
    `advisor pricing show` lists no EC2 or EBS stand-in."""
    run = cli("pricing", "show", "--region", region)
    assert run.code == 0, run.stderr
    listed = run.stdout.split("  stand-ins:", 1)[1].splitlines()[1:]
    assert listed == [f"    {w}: {r}" for w, r in stand_ins(Catalog().for_region(region))]
    assert not [line for line in listed if line.strip().startswith("ec2")], listed


@pytest.mark.parametrize("region", ORIGINAL)
def test_original_regions_have_no_ec2_ebs_nat_or_alb_stand_in(region: str) -> None:
    """EC2, EBS, NAT and ALB rates in the five original regions are the region's own published
    figures (issue 25): none of them is borrowed."""
    borrowed = [where for where, _ in stand_ins(Catalog().for_region(region))]
    assert [w for w in borrowed if w.startswith(("ec2", "alb", "nat"))] == []


@pytest.mark.parametrize("region", PROMISED)
def test_every_stand_in_says_what_was_not_found_and_where_it_was_looked_for(region: str) -> None:
    """A stand-in's reason reads `... no published <region> <thing> price found (searched
    <month>: <where>)`: which figure is missing, for which region, and where it was looked for."""
    pattern = re.compile(
        rf"no published {re.escape(region)} [^()]+ price found \(searched 20\d\d-\d\d: [^)]+\)"
    )
    for where, reason in stand_ins(Catalog().for_region(region)):
        assert pattern.search(reason), f"{region} {where}: {reason}"


@pytest.mark.parametrize(
    ("region", "expected"),
    [
        ("eu-west-2", []),
        ("ca-central-1", ["nat.hour", "nat.gb"]),
        ("us-west-1", ["alb.lcu_hour", "nat.hour", "nat.gb"]),
        ("sa-east-1", []),
        ("ap-northeast-1", []),
        ("ap-northeast-2", []),
        ("ap-south-1", ["alb.lcu_hour"]),
    ],
)
def test_new_regions_mark_nat_and_alb_stand_ins_only_without_a_published_figure(
    region: str, expected: list[str]
) -> None:
    """The seven regions added in 2026-12 borrow a NAT or ALB rate only where no published figure
    for the region was found, and say so with the region's name."""
    pricing = Catalog().for_region(region)
    borrowed = dict(stand_ins(pricing))
    assert [w for w in borrowed if w.startswith(("alb", "nat"))] == expected
    for where in expected:
        assert borrowed[where].startswith(f"us-east-1 figure; no published {region} {where} price")


@pytest.mark.parametrize("region", WEST)
def test_new_regions_borrow_no_instance_price_and_no_ebs_rate(region: str) -> None:
    """EC2 lists only types priced from the region's own figures (none is marked a stand-in, and
    the section borrows nothing), and EBS gp3 is the region's published rate, dearer than
    us-east-1's $0.08."""
    pricing = Catalog().for_region(region)
    assert not [w for w, _ in stand_ins(pricing) if w.startswith("ec2")]
    assert pricing.ec2.ebs_gp3.price > Decimal("0.08")
    us = Catalog().for_region("us-east-1").ec2.instances
    for name, instance in pricing.ec2.instances.items():
        assert instance.hourly > us[name].hourly, name


def test_new_regions_ec2_figures_are_the_price_list_s() -> None:
    """Spot checks against the sources named in the files: the price table generated from the Price
    List (skypilot-catalog vms.csv @ 001367d) for every size in London, California and Canada, the
    large and medium sizes included (once derived from the xlarge: m7g.medium $0.0472 in London,
    where a quarter of the $0.1887 xlarge gave $0.047175), and the Sao Paulo price sheet."""
    figures = {
        region: {n: str(i.hourly) for n, i in Catalog().for_region(region).ec2.instances.items()}
        for region in WEST
    }
    assert figures["eu-west-2"]["t3.medium"] == "0.0472"
    assert figures["eu-west-2"]["m5.xlarge"] == "0.222"
    assert figures["eu-west-2"]["m5.large"] == "0.111"
    assert figures["ca-central-1"]["c5.9xlarge"] == "1.674"
    assert figures["ca-central-1"]["t4g.medium"] == "0.0368"
    assert figures["us-west-1"]["r5.8xlarge"] == "2.24"
    assert figures["us-west-1"]["t3.nano"] == "0.0062"
    assert figures["sa-east-1"]["m7i.xlarge"] == "0.3213"
    assert figures["sa-east-1"]["t3.micro"] == "0.0168"
    assert figures["eu-west-2"]["m7g.medium"] == "0.0472"
    assert figures["us-west-1"]["c7g.medium"] == "0.0451"
    assert figures["ca-central-1"]["r7g.medium"] == "0.0587"
    assert [len(figures[r]) for r in WEST] == [105, 105, 30, 105]
    canada = Catalog().for_region("ca-central-1").fargate.arm64
    assert (str(canada.vcpu.price), str(canada.memory.price)) == ("0.03565", "0.00389")


def test_original_regions_list_every_us_east_1_type_at_the_price_list_s_figure() -> None:
    """eu-west-1, us-west-2, eu-central-1 and ap-southeast-1 listed 14 to 20 types (t3, t4g and
    one family); each now lists all 105 of us-east-1's, the m, c and r families read from the
    region's own row of the price table generated from the Price List (skypilot-catalog vms.csv @
    001367d). us-west-2 charges us-east-1's figures; the others charge more. Spot checks against
    the table: Ireland's c6i.xlarge $0.1824 and c6a.large $0.08208, Frankfurt's m7g.xlarge $0.1955
    (2x the large's $0.0978 would be $0.1956) and r7i.large $0.1596, Singapore's c5.9xlarge
    $1.764 and m6g.medium $0.048, Oregon's r7g.medium $0.0536."""
    us = Catalog().for_region("us-east-1").ec2.instances
    figures = {}
    for region in ["eu-west-1", "us-west-2", "eu-central-1", "ap-southeast-1"]:
        instances = Catalog().for_region(region).ec2.instances
        assert set(instances) == set(us), region
        for name, instance in instances.items():
            if region == "us-west-2":
                assert instance.hourly == us[name].hourly, name
            else:
                assert instance.hourly > us[name].hourly, (region, name)
        figures[region] = {name: str(instance.hourly) for name, instance in instances.items()}
    assert figures["eu-west-1"]["c6i.xlarge"] == "0.1824"
    assert figures["eu-west-1"]["c6a.large"] == "0.08208"
    assert figures["eu-central-1"]["m7g.xlarge"] == "0.1955"
    assert figures["eu-central-1"]["r7i.large"] == "0.1596"
    assert figures["ap-southeast-1"]["c5.9xlarge"] == "1.764"
    assert figures["ap-southeast-1"]["m6g.medium"] == "0.048"
    assert figures["us-west-2"]["r7g.medium"] == "0.0536"


def test_us_east_1_has_no_stand_ins() -> None:
    pricing = Catalog().for_region("us-east-1")
    assert stand_ins(pricing) == []
    assert pricing_problems(pricing, CHECKED_ON) == []


def test_us_east_1_instance_fixes() -> None:
    """Figures from the AWS Price List (Karpenter's generated us-east-1 table, 2026-01-19)."""
    instances = Catalog().for_region("us-east-1").ec2.instances
    assert str(instances["c7g.medium"].hourly) == "0.0363"
    assert str(instances["r7g.medium"].hourly) == "0.0536"
    assert "c5.8xlarge" not in instances
    assert str(instances["c5.9xlarge"].hourly) == "1.53"


def test_a_stand_in_fails_validation_unless_allowed(cli) -> None:  # type: ignore[no-untyped-def]
    path = str(bundled_pricing_dir() / "aws" / "eu-central-1.yaml")
    strict = cli("pricing", "validate", path)
    assert strict.code == 1
    assert (
        "snapstart.cache is a stand-in (us-east-1 figure; no published eu-central-1"
        in strict.stderr
    )
    allowed = cli("pricing", "validate", "--allow-stand-ins", path)
    assert allowed.code == 0, allowed.stderr
    assert "ok " in allowed.stdout and "stand-ins allowed" in allowed.stdout
    assert "warning: snapstart.cache is a stand-in" in allowed.stderr


def test_pricing_show_names_each_stand_in_with_its_reason(cli) -> None:  # type: ignore[no-untyped-def]
    run = cli("pricing", "show", "--region", "eu-central-1")
    assert run.code == 0, run.stderr
    listed = run.stdout.split("  stand-ins:", 1)[1]
    assert "nlb.hour: us-east-1 figure; no published eu-central-1 NLB hour price found" in listed
    assert "fargate.arm64.vcpu: 80 % of the published eu-central-1 x86 rate" in listed
    assert "ec2" not in listed
    clean = cli("pricing", "show", "--region", "us-east-1")
    assert "  stand-ins: none" in clean.stdout


def test_a_new_region_is_priced_and_says_what_it_borrows(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    workload = tmp_path / "stockholm.yaml"
    workload.write_text(
        "version: 1\nname: stockholm\nregion: eu-north-1\n"
        "traffic: {average_rps: 5}\nexecution: {duration_ms: 100, memory_mb: 512}\n"
    )
    run = cli("recommend", str(workload), "--format", "json")
    assert run.code == 0, run.stderr
    report = json.loads(run.stdout)
    assert report["pricing"]["region"] == "eu-north-1"
    assert any(f["rule"] == "ADV701" for f in report["findings"])
    shown = cli("pricing", "show", "--region", "eu-north-1")
    assert "  95 EC2 instance types;" in shown.stdout
    assert "nat.hour: us-east-1 figure; no published eu-north-1 NAT gateway hour" in shown.stdout


def test_an_absurd_rate_is_a_located_error(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bundled = bundled_pricing_dir() / "aws" / "us-east-1.yaml"
    text = bundled.read_text()
    assert 'requests: {unit: request, price: "0.0000002"' in text
    typo = tmp_path / "typo.yaml"
    typo.write_text(text.replace('price: "0.0000002"', 'price: "2e300"', 1))
    run = cli("recommend", "scenarios/api-10m.yaml", "--pricing", str(typo))
    assert run.code == 2
    line = text[: text.index('price: "0.0000002"')].count("\n") + 1
    assert run.stderr.startswith(f"{typo}:{line}:")
    assert "lambda.requests.price" in run.stderr and "less than or equal to 100000" in run.stderr


def test_the_user_data_folder_follows_the_platform(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("ADVISOR_DATA_DIR")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    if sys.platform.startswith("linux"):
        assert user_pricing_dir() == tmp_path / "advisor" / "pricing"
    monkeypatch.setenv("ADVISOR_DATA_DIR", str(tmp_path / "mine"))
    assert user_pricing_dir() == tmp_path / "mine" / "pricing"


def user_file(region: str, holds: str | None = None) -> Path:
    """The bundled us-east-1 file copied into the user data folder as `region`."""
    text = (bundled_pricing_dir() / "aws" / "us-east-1.yaml").read_text()
    path = user_pricing_dir() / "aws" / f"{region}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text.replace("region: us-east-1", f"region: {holds or region}", 1))
    return path


def test_a_region_in_the_user_data_folder_is_priced_from_it(cli) -> None:  # type: ignore[no-untyped-def]
    path = user_file("eu-north-1")
    assert "eu-north-1" in Catalog().regions
    report = cli("recommend", "scenarios/api-10m.yaml", "--region", "eu-north-1", "-f", "json")
    assert report.code == 0, report.stderr
    assert report.json()["pricing"] == {
        "provider": "aws",
        "region": "eu-north-1",
        "effective_date": "2026-09-06",
        "file": f"{path} (user data)",
    }


def test_the_user_file_comes_before_the_bundled_one_and_names_itself() -> None:
    path = user_file("us-east-1")
    catalog = Catalog()
    assert catalog.for_region("us-east-1").region == "us-east-1"
    assert catalog.describe("us-east-1") == f"{path} (user data)"
    assert Catalog().describe("eu-west-1") == "pricing/aws/eu-west-1.yaml (bundled)"


def test_a_user_file_of_another_region_is_an_error(cli) -> None:  # type: ignore[no-untyped-def]
    path = user_file("eu-west-1", holds="us-east-1")
    run = cli("recommend", "scenarios/api-10m.yaml", "--region", "eu-west-1")
    assert run.code == 2
    assert run.stderr == (
        f"{path}: holds region 'us-east-1', not 'eu-west-1' as its name says; rebuild it with "
        "`advisor pricing update --region eu-west-1` or delete it\n"
    )


def test_a_home_path_is_shown_with_a_tilde(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    assert shown_path(tmp_path / ".local" / "share" / "x.yaml") == "~/.local/share/x.yaml"
    assert shown_path(Path("/srv/x.yaml")) == "/srv/x.yaml"


@pytest.mark.parametrize("region", PROMISED)
def test_every_bundled_region_prices_the_whole_bill(region: str) -> None:
    """Data sent out, CloudWatch Logs, public IPv4, the NLB and SnapStart: a file without one
    of these sections prices every option without that charge (ADV702), and a Sydney API's
    Fargate bill came out at less than half of what it is. Each bundled file carries all five,
    from the region's figures or us-east-1's marked as stand-ins."""
    pricing = Catalog().for_region(region)
    assert pricing.data_transfer is not None
    assert pricing.cloudwatch_logs is not None
    assert pricing.public_ipv4 is not None
    assert pricing.nlb is not None
    assert pricing.snapstart is not None
