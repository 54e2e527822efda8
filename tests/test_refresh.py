"""`advisor pricing update`: the real boto3 client against a stand-in Price List API on
127.0.0.1 (JSON protocol, pages, one throttle), offer files, atomic writes, credentials."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import advisor.cli.output
from advisor.catalog import load_pricing_file
from advisor.refresh import usage_name
from tests.conftest import ROOT
from tests.fixtures.price_list import item, price_list_server, us_east_1_items

SECRET = "wJalrXUtnFEMI-test-secret-never-printed"


@pytest.fixture
def credentials(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIATESTTESTTEST")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SECRET)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    monkeypatch.delenv("AWS_SESSION_TOKEN", raising=False)


def test_update_from_the_price_list_api(cli, credentials, tmp_path):  # type: ignore[no-untyped-def]
    target = tmp_path / "us-east-1.yaml"
    with price_list_server(us_east_1_items(), page_size=3) as server:
        run = cli(
            "pricing", "update", "--region", "us-east-1", "--output", str(target),
            "--endpoint-url", server.url,
        )  # fmt: skip
    assert run.code == 0, run.stderr
    assert SECRET not in run.stdout + run.stderr
    # the real client: signed for the pricing service in us-east-1, retried after a throttle,
    # and it followed NextToken through the pages
    assert server.throttled == 1
    assert all("/us-east-1/pricing/aws4_request" in r["authorization"] for r in server.requests)
    assert any("NextToken" in r["body"] for r in server.requests)
    ec2 = [r["body"] for r in server.requests if r["body"].get("ServiceCode") == "AmazonEC2"]
    filters = [f for body in ec2 for f in body["Filters"]]
    assert {"Type": "TERM_MATCH", "Field": "marketoption", "Value": "OnDemand"} in filters
    assert {"Type": "TERM_MATCH", "Field": "regionCode", "Value": "us-east-1"} in filters

    pricing = load_pricing_file(target)
    bundled = load_pricing_file((ROOT / "pricing" / "aws" / "us-east-1.yaml").resolve())
    assert [t.price for t in pricing.lambda_.duration.x86_64.bands] == [
        t.price for t in bundled.lambda_.duration.x86_64.bands
    ]
    assert pricing.fargate.x86_64.vcpu.price == Decimal("0.04048")
    assert pricing.api_gateway.rest.bands[-1].price == Decimal("0.00000151")
    assert pricing.alb.lcu_hour.price == Decimal("0.008")  # not the network load balancer's
    assert sorted(pricing.ec2.instances) == ["m6i.large", "m7g.large", "t3.medium"]
    assert pricing.ec2.instances["m6i.large"].hourly == Decimal("0.096")  # not the $0 twin
    assert pricing.ec2.instances["m7g.large"].architecture == "arm64"
    assert pricing.ec2.instances["t3.medium"].baseline == Decimal("0.20")
    source = pricing.sources["PL-AWSLambda"]
    assert (source.version, str(source.effective)) == ("20260901000000", "2026-09-01")
    assert pricing.lambda_.requests.source == "PL-AWSLambda"
    # and the tool prices with it
    workload = tmp_path / "w.yaml"
    workload.write_text("version: 1\nname: w\ntraffic: {monthly_requests: 3000000}\n"
                        "execution: {duration_ms: 120, memory_mb: 1536}\n"
                        "lambda: {free_tier: true}\nentry: none\n")  # fmt: skip
    report = cli("recommend", str(workload), "--pricing", str(target), "-f", "json").json()
    assert report["options"][0]["monthly_cost"] == "2.73"


def test_an_interrupted_write_leaves_the_previous_file(cli, credentials, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    target = tmp_path / "us-east-1.yaml"
    previous = (ROOT / "pricing" / "aws" / "us-east-1.yaml").read_text()
    target.write_text(previous)

    def interrupted(*args: Any) -> None:
        raise OSError("No space left on device")

    monkeypatch.setattr(advisor.cli.output.os, "replace", interrupted)
    with price_list_server(us_east_1_items()) as server:
        run = cli(
            "pricing",
            "update",
            "--region",
            "us-east-1",
            "-o",
            str(target),
            "--endpoint-url",
            server.url,
        )
    assert run.code == 2
    assert run.stderr.endswith(f"\n--output {target}: cannot write: No space left on device\n")
    assert target.read_text() == previous
    assert [p.name for p in tmp_path.iterdir()] == ["us-east-1.yaml"]


def test_no_credentials_is_a_clear_error(cli, monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    with price_list_server(us_east_1_items()) as server:
        run = cli("pricing", "update", "--region", "us-east-1", "-o", str(tmp_path / "x.yaml"),
                  "--endpoint-url", server.url)  # fmt: skip
    assert run.code == 2
    assert "\nno AWS credentials found." in run.stderr
    assert "--from-offer-file" in run.stderr
    assert "Traceback" not in run.stderr
    assert not (tmp_path / "x.yaml").exists()


def offer_file(path: Path, items: list[dict[str, Any]], code: str) -> Path:
    """Items re-nested the way the bulk offer files hold them."""
    products = {i["product"]["sku"]: i["product"] for i in items}
    terms = {i["product"]["sku"]: i["terms"]["OnDemand"] for i in items}
    path.write_text(json.dumps({
        "formatVersion": "v1.0", "offerCode": code, "version": "20250828172723",
        "publicationDate": "2025-08-28T17:27:23Z", "products": products,
        "terms": {"OnDemand": terms},
    }))  # fmt: skip
    return path


def test_update_from_an_offer_file(cli, tmp_path):  # type: ignore[no-untyped-def]
    # the AmazonECS excerpt of the reference (offer 20250828172723), with the ARM vCPU raised
    items = [i for i in us_east_1_items() if i["serviceCode"] == "AmazonECS"]
    items[2] = item("AmazonECS", "XSZATS4VYMDC9CYN", "USE1-Fargate-ARM-vCPU-Hours:perCPU", "0.034",
                    family="Compute")  # fmt: skip
    items.append(
        item("AmazonECS", "EUVCPU", "EU-Fargate-vCPU-Hours:perCPU", "0.5", region="eu-west-1")
    )
    offer = offer_file(tmp_path / "index.json", items, "AmazonECS")
    target = tmp_path / "us-east-1.yaml"
    target.write_text((ROOT / "pricing" / "aws" / "us-east-1.yaml").read_text())
    run = cli("pricing", "update", "--region", "us-east-1", "--services", "fargate",
              "--from-offer-file", str(offer), "-o", str(target))  # fmt: skip
    assert run.code == 0, run.stderr
    pricing = load_pricing_file(target)
    assert pricing.fargate.x86_64.vcpu.price == Decimal("0.04048")  # not eu-west-1's item
    assert pricing.fargate.arm64.vcpu.price == Decimal("0.034")
    assert pricing.sources["PL-AmazonECS"].version == "20250828172723"
    assert pricing.lambda_.requests.source == "L1"  # kept from the previous file
    diff = cli("pricing", "diff", str(ROOT / "pricing" / "aws" / "us-east-1.yaml"), str(target))
    assert diff.stdout == ("changed  fargate.arm64.vcpu: $0.03238 -> $0.034/vCPU-hour (+5.00 %)\n")


def test_bad_offer_file_and_bad_services(cli, tmp_path):  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.json"
    bad.write_text('{"not": "an offer"}')
    run = cli("pricing", "update", "--region", "us-east-1", "--from-offer-file", str(bad),
              "-o", str(tmp_path / "x.yaml"))  # fmt: skip
    assert run.code == 2
    assert "not an AWS offer file" in run.stderr
    run = cli("pricing", "update", "--region", "us-east-1", "--services", "lambda,s3")
    assert run.code == 2
    assert "--services: unknown 's3'" in run.stderr


def test_usage_types_lose_their_region_prefix() -> None:
    assert usage_name("EU-Lambda-GB-Second") == "Lambda-GB-Second"
    assert usage_name("USE1-Fargate-GB-Hours") == "Fargate-GB-Hours"
    assert usage_name("EUC1-EBS:VolumeUsage.gp3") == "EBS:VolumeUsage.gp3"
    assert usage_name("Lambda-GB-Second-ARM") == "Lambda-GB-Second-ARM"
    assert usage_name("LCUUsage") == "LCUUsage"


def test_pricing_show(cli):  # type: ignore[no-untyped-def]
    run = cli("pricing", "show", "--region", "us-east-1")
    assert run.code == 0
    assert "aws us-east-1, USD, effective 2026-09-06" in run.stdout
    assert cli("pricing", "show", "--region", "mars-1").code == 2


def test_recommend_in_eu_west_1_offline(cli):  # type: ignore[no-untyped-def]
    run = cli(
        "recommend", str(ROOT / "scenarios" / "api-10m.yaml"), "--region", "eu-west-1", "-f", "json"
    )
    assert run.code == 0, run.stderr
    report = run.json()
    assert report["pricing"]["region"] == "eu-west-1"
    assert report["pricing"]["file"] == "pricing/aws/eu-west-1.yaml (bundled)"
    # Lambda in eu-west-1 is priced at the checked eu-west-1 rates: 10M x 0.1 s x 0.5 GB
    # = 500,000 GB-s x 0.0000166667 = $8.33, requests $2.00, HTTP API $10.00
    lam = next(o for o in report["options"] if o["platform"] == "lambda")
    assert lam["monthly_cost"] == "20.33"
    # the containers' ALB bills eu-west-1's own hour rate: 730 h x $0.0252 = $18.396
    fargate = next(o for o in report["options"] if o["platform"] == "fargate")
    alb = next(i for i in fargate["line_items"] if i["name"] == "Load balancer hours")
    assert (alb["unit_price"], alb["monthly_cost"]) == ("0.0252", "18.40")
    stand_in = [f for f in report["findings"] if f["rule"] == "ADV701"]
    assert (
        stand_in
        and "rebuild it with `advisor pricing update --region eu-west-1`" in stand_in[0]["message"]
    )
    us = cli("recommend", str(ROOT / "scenarios" / "api-10m.yaml"), "-f", "json").json()
    assert [f for f in us["findings"] if f["rule"] == "ADV701"] == []


def test_unknown_region_flag(cli):  # type: ignore[no-untyped-def]
    run = cli("recommend", str(ROOT / "scenarios" / "api-10m.yaml"), "--region", "mars-1")
    assert run.code == 2
    assert (
        run.stderr == "--region: no pricing file for region 'mars-1'; known: ap-southeast-1, "
        "eu-central-1, eu-west-1, us-east-1, us-west-2\n"
    )


def test_region_flag_prices_fargate_at_frankfurt_rates(cli):  # type: ignore[no-untyped-def]
    run = cli(
        "recommend",
        str(ROOT / "scenarios" / "api-10m.yaml"),
        "--region",
        "eu-central-1",
        "-f",
        "json",
    )
    assert run.code == 0, run.stderr
    report = run.json()
    fargate = next(o for o in report["options"] if o["platform"] == "fargate")
    items = {i["name"]: i for i in fargate["line_items"]}
    # two 1 vCPU / 2 GB tasks all month: 1,460 vCPU-hours x $0.04656 = $67.98 and
    # 2,920 GB-hours x $0.00511 = $14.92 (us-east-1: $59.10 and $12.98)
    assert (items["vCPU"]["quantity"], items["vCPU"]["monthly_cost"]) == ("1460", "67.98")
    assert (items["Memory"]["quantity"], items["Memory"]["monthly_cost"]) == ("2920", "14.92")
    stand_in = next(f for f in report["findings"] if f["rule"] == "ADV701")
    assert "stand-in alb, api_gateway, ec2, fargate, nat rates" in stand_in["message"]
