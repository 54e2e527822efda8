"""`advisor pricing update`: the real boto3 client against a stand-in Price List API on
127.0.0.1 (JSON protocol, pages, one throttle), offer files, atomic writes, credentials, the
user's data folder, and every malformed answer a clean located error with exit 2."""

from __future__ import annotations

import os
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import advisor
import advisor.cli.console
from advisor.pricing.catalog import load_pricing_file, user_pricing_dir
from advisor.refresh import usage_name
from tests.conftest import ROOT, Run
from tests.fixtures.price_list import (
    ECS,
    MALFORMED_ANSWERS,
    MALFORMED_OFFER_FILES,
    SKU,
    fake_aws_credentials,
    item,
    price_list_server,
    silent_server,
    us_east_1_items,
    write_offer_file,
)

SECRET = "wJalrXUtnFEMI-test-secret-never-printed"


@pytest.fixture
def credentials(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fake_aws_credentials(monkeypatch, tmp_path, SECRET)


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
    # what the Price List calls are not asked for is kept from the bundled file, sources too
    assert pricing.data_transfer == bundled.data_transfer is not None
    assert pricing.cloudwatch_logs == bundled.cloudwatch_logs is not None
    assert pricing.sources["X-DTO"] == bundled.sources["X-DTO"]
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
    # AWS's example A, $2.73, and the function's logs: 3M x 0.8 KB = 2.288818 GB x $0.53
    assert report["options"][0]["monthly_cost"] == "3.95"


@pytest.mark.parametrize(
    ("failure", "code", "message"),
    [
        (OSError(28, "No space left on device"), 2, ": cannot write: No space left on device\n"),
        (KeyboardInterrupt(), 130, "interrupted; nothing was written\n"),
    ],
)
def test_an_interrupted_write_leaves_the_previous_file_and_no_temporary_one(  # type: ignore[no-untyped-def]
    cli, tmp_path, monkeypatch, failure, code, message
):
    target = tmp_path / "us-east-1.yaml"
    previous = (ROOT / "pricing" / "aws" / "us-east-1.yaml").read_text()
    target.write_text(previous)
    offer = write_offer_file(tmp_path / "offer" / "index.json", list(ECS), "AmazonECS")

    def interrupted(*args: Any) -> None:
        raise failure

    monkeypatch.setattr(advisor.cli.console.os, "replace", interrupted)
    run = cli("pricing", "update", "--region", "us-east-1", "--services", "fargate",
              "--from-offer-file", str(offer), "-o", str(target))  # fmt: skip
    assert (run.code, run.stderr.count("\n")) == (code, 1), run.stderr
    assert run.stderr.endswith(message)
    assert target.read_text() == previous
    assert [p.name for p in tmp_path.iterdir() if p.is_file()] == ["us-east-1.yaml"]


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
    assert run.stderr.startswith("no AWS credentials found.")
    assert run.stderr.count("\n") == 1
    assert "--from-offer-file" in run.stderr
    assert "Traceback" not in run.stderr
    assert not (tmp_path / "x.yaml").exists()


def test_update_from_an_offer_file(cli, tmp_path):  # type: ignore[no-untyped-def]
    # the AmazonECS excerpt of the reference (offer 20250828172723), with the ARM vCPU raised
    items = list(ECS)
    items[2] = item("AmazonECS", "XSZATS4VYMDC9CYN", "USE1-Fargate-ARM-vCPU-Hours:perCPU", "0.034",
                    family="Compute")  # fmt: skip
    items.append(
        item("AmazonECS", "EUVCPU", "EU-Fargate-vCPU-Hours:perCPU", "0.5", region="eu-west-1")
    )
    offer = write_offer_file(tmp_path / "index.json", items, "AmazonECS", filler=50)
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
    assert run.stderr == f"{bad}: offerCode: missing (is this an AWS offer file?)\n"
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


def test_a_file_without_the_optional_sections_prices_without_those_charges(cli, tmp_path):  # type: ignore[no-untyped-def]
    """A pricing file of the older layout (no data_transfer, cloudwatch_logs, public_ipv4, nlb
    or snapstart) stays valid: `pricing show` names what it leaves unpriced, and reports have
    no such lines."""
    bundled = (ROOT / "pricing" / "aws" / "us-east-1.yaml").read_text()
    older = tmp_path / "us-east-1.yaml"
    older.write_text(bundled[: bundled.index("\ndata_transfer:")] + "\n")
    shown = cli("pricing", "show", str(older))
    assert shown.code == 0, shown.stderr
    assert (
        "not priced in this region (no section): data_transfer, cloudwatch_logs, public_ipv4, "
        "nlb, snapstart" in shown.stdout
    )
    scenario = str(ROOT / "scenarios" / "api-10m.yaml")
    report = cli("recommend", scenario, "--pricing", str(older), "-f", "json").json()
    names = {i["name"] for o in report["options"] for i in o["line_items"]}
    assert not any(n.startswith(("Data transfer", "CloudWatch", "Public IPv4")) for n in names)
    assert "Load balancer hours" in names
    (note,) = [f for f in report["findings"] if f["rule"] == "ADV702"]
    assert "no data_transfer, cloudwatch_logs" in note["message"]


def test_recommend_in_eu_west_1_offline(cli):  # type: ignore[no-untyped-def]
    run = cli(
        "recommend", str(ROOT / "scenarios" / "api-10m.yaml"), "--region", "eu-west-1", "-f", "json"
    )
    assert run.code == 0, run.stderr
    report = run.json()
    assert report["pricing"]["region"] == "eu-west-1"
    assert report["pricing"]["file"] == "pricing/aws/eu-west-1.yaml (bundled)"
    # Lambda in eu-west-1 is priced at the checked eu-west-1 rates: 10M x 0.1 s x 0.5 GB
    # = 500,000 GB-s x 0.0000166667 = $8.33, requests $2.00, HTTP API $10.00; logs at eu-west-1's
    # own rates, 10M x 0.8 KB = 7.629395 GB x $0.57 + x $0.03 = $4.58; together $24.91
    lam = next(o for o in report["options"] if o["platform"] == "lambda")
    assert lam["monthly_cost"] == "24.91"
    # the containers' ALB bills eu-west-1's own hour rate: 730 h x $0.0252 = $18.396
    fargate = next(o for o in report["options"] if o["platform"] == "fargate")
    alb = next(i for i in fargate["line_items"] if i["name"] == "Load balancer hours")
    assert (alb["unit_price"], alb["monthly_cost"]) == ("0.0252", "18.40")
    stand_in = [f for f in report["findings"] if f["rule"] == "ADV701"]
    assert (
        stand_in
        and "`advisor pricing show --region eu-west-1` says which and why" in stand_in[0]["message"]
    )
    us = cli("recommend", str(ROOT / "scenarios" / "api-10m.yaml"), "-f", "json").json()
    assert [f for f in us["findings"] if f["rule"] == "ADV701"] == []


def test_unknown_region_flag(cli):  # type: ignore[no-untyped-def]
    run = cli("recommend", str(ROOT / "scenarios" / "api-10m.yaml"), "--region", "mars-1")
    assert run.code == 2
    assert (
        run.stderr == "--region: no pricing file for region 'mars-1'; known: ap-northeast-1, "
        "ap-northeast-2, ap-south-1, ap-southeast-1, ap-southeast-2, ca-central-1, eu-central-1, "
        "eu-north-1, eu-west-1, eu-west-2, sa-east-1, us-east-1, us-east-2, us-west-1, us-west-2\n"
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
    # EC2, EBS, NAT, ALB and public IPv4 are Frankfurt's own figures now
    assert (
        "stand-in api_gateway, cloudwatch_logs, data_transfer, fargate, lambda, nlb, snapstart "
        "rates" in stand_in["message"]
    )


# ---- malformed answers of the Price List API: each a located line and exit 2 ----------------


@pytest.mark.parametrize("case", MALFORMED_ANSWERS)
def test_a_malformed_answer_is_a_located_error(cli, credentials, tmp_path, case):  # type: ignore[no-untyped-def]
    answer, message = MALFORMED_ANSWERS[case]
    target = tmp_path / "us-east-1.yaml"
    with price_list_server(us_east_1_items(), throttle_first=False, answer=answer) as server:
        run = cli("pricing", "update", "--region", "us-east-1", "-o", str(target),
                  "--endpoint-url", server.url)  # fmt: skip
    assert_one_error(run, message)
    assert not target.exists()


def assert_one_error(run: Run, message: str) -> None:
    """Exit 2, and stderr one line that starts with (or holds) the message."""
    assert run.code == 2, run.stderr
    assert run.stderr.count("\n") == 1 and run.stderr.endswith("\n"), run.stderr
    assert run.stderr.startswith(message) or message in run.stderr, run.stderr
    assert "Traceback" not in run.stderr
    assert run.stdout == ""


def test_a_repeated_page_token_stops_the_update(cli, credentials, tmp_path):  # type: ignore[no-untyped-def]
    def same_token(body: dict[str, Any], reply: dict[str, Any]) -> dict[str, Any] | None:
        return {**reply, "NextToken": "1"} if body["ServiceCode"] == "AmazonEC2" else None

    with price_list_server(us_east_1_items(), throttle_first=False, answer=same_token) as server:
        run = cli("pricing", "update", "--region", "us-east-1", "-o", str(tmp_path / "x.yaml"),
                  "--endpoint-url", server.url)  # fmt: skip
    assert_one_error(
        run,
        "Price List API, GetProducts AmazonEC2 page 2: NextToken: '1' was already given "
        "with page 1; the API is repeating itself, so the update stops here",
    )
    assert sum(r["body"]["ServiceCode"] == "AmazonEC2" for r in server.requests) == 2


def test_empty_pages_between_full_ones_are_followed(cli, credentials, tmp_path):  # type: ignore[no-untyped-def]
    """The API may answer a page with no items and a token; the update reads on."""
    emptied: list[str] = []

    def empty_first(body: dict[str, Any], reply: dict[str, Any]) -> dict[str, Any] | None:
        if body["ServiceCode"] != "AmazonECS" or emptied:
            return None
        emptied.append("once")
        return {"FormatVersion": "aws_v1", "PriceList": [], "NextToken": "0"}

    target = tmp_path / "us-east-1.yaml"
    with price_list_server(us_east_1_items(), throttle_first=False, answer=empty_first) as server:
        run = cli("pricing", "update", "--region", "us-east-1", "-o", str(target),
                  "--endpoint-url", server.url)  # fmt: skip
    assert run.code == 0, run.stderr
    assert load_pricing_file(target).fargate.x86_64.vcpu.price == Decimal("0.04048")


def test_two_items_pricing_one_usage_type_differently_is_an_error(cli, credentials, tmp_path):  # type: ignore[no-untyped-def]
    items = us_east_1_items()
    items.append(
        item("AmazonECS", "SECONDVCPU", "USE1-Fargate-vCPU-Hours:perCPU", "0.05", family="Compute")
    )
    with price_list_server(items, throttle_first=False) as server:
        run = cli("pricing", "update", "--region", "us-east-1", "-o", str(tmp_path / "x.yaml"),
                  "--endpoint-url", server.url)  # fmt: skip
    assert_one_error(
        run,
        "Price List API, GetProducts AmazonECS page 2: PriceList[1]: SKU 8CESGAFWKAJ98PME "
        "(Price List API, GetProducts AmazonECS page 1: PriceList[0]) and SKU SECONDVCPU both "
        "price 'Fargate-vCPU-Hours:perCPU' in this region, differently; advisor cannot tell "
        "which applies",
    )


def test_an_unknown_aws_profile_is_a_clean_error(cli, credentials, monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("AWS_PROFILE", "nope")
    with price_list_server(us_east_1_items()) as server:
        run = cli("pricing", "update", "--region", "us-east-1", "-o", str(tmp_path / "x.yaml"),
                  "--endpoint-url", server.url)  # fmt: skip
    assert_one_error(run, "AWS profile 'nope' is not in your AWS config (AWS_PROFILE)")
    assert server.requests == []


def test_an_endpoint_that_never_answers_ends_at_the_deadline(cli, credentials, tmp_path):  # type: ignore[no-untyped-def]
    with silent_server() as url:
        run = cli("pricing", "update", "--region", "us-east-1", "-o", str(tmp_path / "x.yaml"),
                  "--endpoint-url", url, "--deadline", "0.5")  # fmt: skip
    assert_one_error(
        run,
        "the Price List API did not finish within 0.5 s (--deadline); nothing was written",
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("flag", "value", "message"),
    [
        (
            "--region",
            "../../etc",
            "--region: '../../etc' is not an AWS region name (like eu-west-1)",
        ),
        ("--deadline", "0", "--deadline: give a number of seconds above 0 and at most a day"),
        ("--deadline", "nan", "--deadline: give a number of seconds above 0 and at most a day"),
        ("--deadline", "inf", "--deadline: give a number of seconds above 0 and at most a day"),
    ],
)
def test_bad_flags(cli, tmp_path, flag, value, message):  # type: ignore[no-untyped-def]
    args = {"--region": "us-east-1", "--deadline": "10", flag: value}
    run = cli(
        "pricing",
        "update",
        *[a for pair in args.items() for a in pair],
        "-o",
        str(tmp_path / "x.yaml"),
    )
    assert_one_error(run, message)


# ---- malformed offer files ---------------------------------------------------------------


@pytest.mark.parametrize("case", MALFORMED_OFFER_FILES)
def test_a_malformed_offer_file_is_a_located_error(cli, tmp_path, case):  # type: ignore[no-untyped-def]
    content, message = MALFORMED_OFFER_FILES[case]
    offer = tmp_path / "index.json"
    if isinstance(content, bytes):
        offer.write_bytes(content)
    else:
        offer.write_text(content)
    target = tmp_path / "us-east-1.yaml"
    run = cli("pricing", "update", "--region", "us-east-1", "--services", "fargate",
              "--from-offer-file", str(offer), "-o", str(target))  # fmt: skip
    assert_one_error(run, f"{offer}: {message}")
    assert not target.exists()


def test_an_offer_file_of_another_region_says_which_it_holds(cli, tmp_path):  # type: ignore[no-untyped-def]
    items = [
        item("AmazonECS", "EUVCPU", "EU-Fargate-vCPU-Hours:perCPU", "0.04048", region="eu-west-1")
    ]
    offer = write_offer_file(tmp_path / "index.json", items, "AmazonECS")
    run = cli("pricing", "update", "--region", "us-east-1", "--services", "fargate",
              "--from-offer-file", str(offer), "-o", str(tmp_path / "x.yaml"))  # fmt: skip
    assert_one_error(
        run,
        f"{offer}: no products for us-east-1; the file prices eu-west-1 (offer files by region: "
        "https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonECS/current/us-east-1/index.json)",
    )


@pytest.mark.parametrize("kind", ["missing", "a folder"])
def test_an_offer_file_that_cannot_be_read(cli, tmp_path, kind):  # type: ignore[no-untyped-def]
    offer = tmp_path / "index.json"
    if kind == "a folder":
        offer.mkdir()
    run = cli("pricing", "update", "--region", "us-east-1", "--services", "fargate",
              "--from-offer-file", str(offer), "-o", str(tmp_path / "x.yaml"))  # fmt: skip
    assert_one_error(
        run,
        f"{offer}: " + ("file not found" if kind == "missing" else "cannot read: Is a directory"),
    )


# ---- where the file goes, and which file reports read ---------------------------------------


def test_update_writes_to_the_user_data_folder_and_reports_use_it(cli, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """Fargate x86 raised to $0.05 a vCPU-hour in an offer file; api-10m's two 1-vCPU tasks all
    month then cost 1,460 vCPU-hours x $0.05 = $73.00 (bundled: x $0.04048 = $59.10)."""
    monkeypatch.delenv("ADVISOR_DATA_DIR")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # platformdirs on Linux
    bundled = (ROOT / "pricing" / "aws" / "us-east-1.yaml").read_bytes()
    items = list(ECS)
    items[0] = item("AmazonECS", SKU, "USE1-Fargate-vCPU-Hours:perCPU", "0.05", family="Compute")
    offer = write_offer_file(tmp_path / "index.json", items, "AmazonECS")
    run = cli("pricing", "update", "--region", "us-east-1", "--services", "fargate",
              "--from-offer-file", str(offer))  # fmt: skip
    assert run.code == 0, run.stderr
    written = tmp_path / "data" / "advisor" / "pricing" / "aws" / "us-east-1.yaml"
    assert run.stderr.startswith(f"wrote {written} (")
    assert "reports for us-east-1 now use it before the bundled file" in run.stderr
    assert (ROOT / "pricing" / "aws" / "us-east-1.yaml").read_bytes() == bundled
    assert load_pricing_file(written).lambda_.requests.source == "L1"  # kept from the bundled file

    report = cli("recommend", str(ROOT / "scenarios" / "api-10m.yaml"), "-f", "json").json()
    assert report["pricing"]["file"] == f"{written} (user data)"
    fargate = next(o for o in report["options"] if o["platform"] == "fargate")
    vcpu = next(i for i in fargate["line_items"] if i["name"] == "vCPU")
    assert (vcpu["unit_price"], vcpu["monthly_cost"]) == ("0.05", "73.00")

    # a second update starts from the user's file, not the bundled one
    items[1] = item(
        "AmazonECS", "PBZNQUSEXZUC34C9", "USE1-Fargate-GB-Hours", "0.005", family="Compute"
    )
    offer = write_offer_file(tmp_path / "index.json", items, "AmazonECS")
    cli(
        "pricing",
        "update",
        "--region",
        "us-east-1",
        "--services",
        "fargate",
        "--from-offer-file",
        str(offer),
    )
    rebuilt = load_pricing_file(written)
    assert (rebuilt.fargate.x86_64.vcpu.price, rebuilt.fargate.x86_64.memory.price) == (
        Decimal("0.05"), Decimal("0.005"))  # fmt: skip


def test_update_never_writes_into_the_installed_package(cli, tmp_path):  # type: ignore[no-untyped-def]
    inside = Path(advisor.__file__).parent / "_data" / "pricing" / "aws" / "us-east-1.yaml"
    offer = write_offer_file(tmp_path / "index.json", list(ECS), "AmazonECS")
    run = cli("pricing", "update", "--region", "us-east-1", "--services", "fargate",
              "--from-offer-file", str(offer), "-o", str(inside))  # fmt: skip
    assert_one_error(run, f"--output: {inside} is inside the installed advisor package")
    assert not inside.exists()


def test_pricing_show_shows_the_file_reports_use(cli, tmp_path):  # type: ignore[no-untyped-def]
    offer = write_offer_file(tmp_path / "index.json", list(ECS), "AmazonECS")
    cli(
        "pricing",
        "update",
        "--region",
        "us-east-1",
        "--services",
        "fargate",
        "--from-offer-file",
        str(offer),
    )
    run = cli("pricing", "show", "--region", "us-east-1")
    assert run.code == 0, run.stderr
    assert run.stdout.splitlines()[0] == str(user_pricing_dir() / "aws" / "us-east-1.yaml")
    assert "PL-AmazonECS: AWS Price List, AmazonECS us-east-1 (checked " in run.stdout


def test_a_temporary_file_left_by_a_killed_update_is_removed_by_the_next(cli, tmp_path):  # type: ignore[no-untyped-def]
    """SIGKILL at the rename cannot clean up; the next update to that file does, if the stray
    is more than an hour old (a younger one may be another update still writing)."""
    target = tmp_path / "out" / "us-east-1.yaml"
    target.parent.mkdir()
    stale = target.parent / ".us-east-1.yaml.k1ll3d.tmp"
    fresh = target.parent / ".us-east-1.yaml.wr1t1ng.tmp"
    other = target.parent / ".eu-west-1.yaml.k1ll3d.tmp"
    for path in (stale, fresh, other):
        path.write_text("half a file")
    two_hours_ago = time.time() - 7200
    for path in (stale, other):
        os.utime(path, (two_hours_ago, two_hours_ago))
    offer = write_offer_file(tmp_path / "index.json", list(ECS), "AmazonECS")
    run = cli("pricing", "update", "--region", "us-east-1", "--services", "fargate",
              "--from-offer-file", str(offer), "-o", str(target))  # fmt: skip
    assert run.code == 0, run.stderr
    assert run.stderr.startswith(
        f"removed {stale}, left by an update that was killed while writing\n"
    )
    assert sorted(p.name for p in target.parent.iterdir()) == sorted(
        [target.name, fresh.name, other.name]
    )


def test_reports_say_on_stderr_when_they_used_the_users_files(cli, tmp_path):  # type: ignore[no-untyped-def]
    """After an update of us-east-1's Fargate rates (vCPU raised to $0.05: two tasks all month,
    1,460 vCPU-hours, $73.00 rather than $59.10), recommend, compare and check say which files
    they priced from; with --pricing, or for a region without a file of the user's, nothing."""
    import advisor.compare.batch

    items = list(ECS)
    items[0] = item("AmazonECS", SKU, "USE1-Fargate-vCPU-Hours:perCPU", "0.05", family="Compute")
    offer = write_offer_file(tmp_path / "index.json", items, "AmazonECS")
    cli(
        "pricing",
        "update",
        "--region",
        "us-east-1",
        "--services",
        "fargate",
        "--from-offer-file",
        str(offer),
    )
    # a process's catalog; this test runs several commands
    advisor.compare.batch._catalog.cache_clear()
    note = (
        f"note: us-east-1 priced from your own pricing files in {user_pricing_dir() / 'aws'} "
        "(`advisor pricing update`), not the bundled ones\n"
    )
    scenario = str(ROOT / "scenarios" / "api-10m.yaml")
    recommend = cli("recommend", scenario, "-f", "markdown")
    assert (recommend.code, recommend.stderr) == (0, note)
    compare = cli("compare", scenario, "-f", "json", "--jobs", "1")
    assert (compare.code, compare.stderr) == (0, note)
    assert compare.json()["rows"][0]["costs"]["fargate"] == "113.12"  # 99.22 + 1,460 x 0.00952
    policy = tmp_path / "policy.yaml"
    policy.write_text("version: 1\n")
    check = cli("check", scenario, "--policy", str(policy))
    assert check.stderr == note
    bundled = cli(
        "recommend", scenario, "--pricing", str(ROOT / "pricing" / "aws" / "us-east-1.yaml")
    )
    elsewhere = cli("recommend", scenario, "--region", "eu-west-1")
    assert bundled.stderr == elsewhere.stderr == ""
