"""`advisor discover` end to end, through the CLI, against moto's server on 127.0.0.1: the files
carry what was put into the account, load through advisor's own loader, and `advisor compare`
reads the folder; pagination, throttling, a function without metrics, an access-denied region,
no credentials, and files never overwritten unasked."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from advisor.input.loading import load_model
from advisor.models.workload import Workload
from advisor.money import usd
from tests.discover.conftest import (
    BUSY,
    BUSY_HOURS,
    DENIED_REGION,
    KEY_ID,
    QUIET,
    REPORT_HOUR,
    SECRET,
)


def discover(cli: Any, out: Path, *extra: str) -> Any:
    return cli("discover", "--output", str(out), *extra)


def written(run: Any) -> list[str]:
    return sorted(Path(line).name for line in run.stdout.splitlines())


def test_files_carry_what_was_put_in(aws, cli, tmp_path):  # type: ignore[no-untyped-def]
    """Fourteen days of hourly metrics (see conftest) become these files:

    orders-api: 12 busy hours x 200 + 12 quiet x 50 = 3,000 invocations a day, 42,000 in
    336 h, so 42,000 x 730 / 336 = 91,250 a month; mean duration weighted by invocations
    (2,400 x 100 ms + 600 x 200 ms) / 3,000 = 120 ms (an unweighted mean would say 150).
    Today's cost at list price (arm64, 1 GB, 1,024 MB /tmp, behind an HTTP API):
    requests 91,250 x $0.0000002 = $0.01825; duration 91,250 x 0.12 s x 1 GB = 10,950 GB-s
    x $0.0000133334 = $0.14600; /tmp 0.5 GB x 10,950 s x $0.0000000309 = $0.00017;
    HTTP API 91,250 x $0.000001 = $0.09125; logs 91,250 x 0.8 KB = 0.069618 GB x ($0.50 +
    $0.03) = $0.03690; together $0.29257, $0.29.

    nightly-report: one 10-minute run a day at 02:00: 14 x 730 / 336 = 30.4, 30 a month.

    shop/web: 36,000 requests every hour: 36,000 x 730 = 26,280,000 a month at 50 ms;
    today 2 Fargate tasks of 1 vCPU and 2 GB: 2 x (0.04048 + 2 x 0.004445) x 730 = $72.08.

    shop/api (EC2 launch type, sized by its one container: 512 CPU units, 1,024 MB): 7,200 an
    hour, 7,200 x 730 = 5,256,000 a month at 200 ms; today's cost unknown (shared instances)."""
    out = tmp_path / "discovered"
    run = discover(cli, out, "--region", "us-east-1", "--exclude", "filler-*")
    assert run.code == 0, run.stderr
    assert written(run) == [
        "ecs-shop-api.yaml",
        "ecs-shop-web.yaml",
        "lambda-nightly-report.yaml",
        "lambda-orders-api.yaml",
    ]
    files = {path.name: path for path in out.iterdir()}
    assert sorted(files) == written(run)  # no temporary file left behind
    loaded = {name: load_model(Workload, path) for name, path in files.items()}

    orders = loaded["lambda-orders-api.yaml"]
    assert orders.traffic.monthly_requests == 91_250
    assert orders.traffic.pattern.value == "diurnal"
    profile = orders.traffic.hourly_profile
    assert profile is not None and len(profile) == 168
    assert profile == [BUSY if h % 24 in BUSY_HOURS else QUIET for h in range(168)]
    assert orders.execution.duration_ms == 120
    assert orders.execution.memory_mb == 1024
    assert orders.execution.architecture.value == "arm64"
    assert orders.execution.ephemeral_storage_mb == 1024
    assert orders.execution.runtime == "python3.12"
    assert orders.entry is not None and orders.entry.value == "api_gateway_http"
    assert orders.current is not None and orders.current.platform.value == "lambda"
    assert orders.current.monthly_cost_usd == Decimal("0.29")

    report = loaded["lambda-nightly-report.yaml"]
    assert report.traffic.monthly_requests == 30
    assert report.traffic.pattern.value == "scheduled"
    assert report.execution.duration_ms == 600_000
    assert report.execution.runtime == "python3.12"  # python3.11, estimated as its nearest
    assert report.traffic.hourly_profile == [1 if h % 24 == REPORT_HOUR else 0 for h in range(168)]

    web = loaded["ecs-shop-web.yaml"]
    assert web.name == "shop-web"
    assert web.traffic.monthly_requests == 26_280_000
    assert web.traffic.pattern.value == "steady"
    assert web.execution.duration_ms == 50
    assert web.execution.memory_mb == 2048
    assert (web.container.vcpu, web.container.memory_gb) == (1, 2)
    assert web.entry is not None and web.entry.value == "alb"
    assert web.current is not None and web.current.platform.value == "fargate"
    assert web.current.monthly_cost_usd == Decimal("72.08")

    api = loaded["ecs-shop-api.yaml"]
    assert api.traffic.monthly_requests == 5_256_000
    assert api.execution.duration_ms == 200
    assert (api.container.vcpu, api.container.memory_gb, api.execution.memory_mb) == (
        0.5,
        1,
        1024,
    )
    assert api.current is not None and api.current.platform.value == "ec2"
    assert api.current.monthly_cost_usd is None
    assert "EC2 launch type; the cluster's instances are not read" in (
        files["ecs-shop-api.yaml"].read_text()
    )

    # where each figure came from, and what could not be read (moto refuses p99 queries)
    text = files["lambda-orders-api.yaml"].read_text()
    assert "AWS/Lambda Invocations, Sum, hourly" in text
    assert "42,000 in 336 h, x 730/336" in text
    assert "AWS/Lambda Duration, Average, hourly" in text
    assert "# Could not be read:" in text
    assert "execution.duration_p99_ms: AWS/Lambda Duration p99" in text
    assert "provisioned concurrency: not read" in text  # moto has no such call
    head, _, body = text.partition("\nversion: 1\n")
    assert all(line.startswith("#") for line in head.splitlines())  # the header is a comment
    assert yaml.safe_load("version: 1\n" + body)["name"] == "orders-api"
    assert "duration_p99_ms:" not in text.split("# `current`")[1]

    # the function without metrics and the service with no load balancer: listed, not failed
    assert "skipped lambda us-east-1/idle-fn: no metrics: no Invocations" in run.stderr
    assert "skipped ecs us-east-1/shop/worker: no metrics: no load balancer" in run.stderr
    assert "read 3 functions and 3 services in 1 regions; wrote 4 files, skipped 2" in run.stderr
    assert "API calls" in run.stderr
    for where in [run.stdout, run.stderr, *(p.read_text() for p in files.values())]:
        assert SECRET not in where and KEY_ID not in where

    # the folder compares as any other: the 91,250-request function stays on Lambda
    compared = cli("compare", str(out), "--format", "json")
    assert compared.code == 0, compared.stderr
    rows = {row["name"]: row for row in compared.json()["rows"]}
    assert set(rows) == {"orders-api", "nightly-report", "shop-web", "shop-api"}
    assert rows["orders-api"]["platform"] == "lambda"
    assert rows["orders-api"]["monthly_cost"] == "0.29"
    # today's platform beside the recommendation: staying on Lambda saves nothing
    assert rows["orders-api"]["current"] == {
        "platform": "lambda",
        "monthly_cost": "0.29",
        "saving": "0.00",
    }
    web_today = rows["shop-web"]["current"]
    assert web_today["platform"] == "fargate" and web_today["monthly_cost"] == "72.08"
    saving = Decimal("72.08") - Decimal(rows["shop-web"]["monthly_cost"])
    assert Decimal(web_today["saving"]) == saving
    table = cli("compare", str(out)).stdout
    assert table.splitlines()[0].split()[-3:] == ["Today", "Moving", "saves"]
    web_line = next(line for line in table.splitlines() if line.startswith("shop-web"))
    # the saving as the table writes money (a move that costs more: -$7.46)
    assert web_line.split()[-3:] == ["Fargate", "$72.08", usd(saving)]
    # shop-api's cost today is unknown: the total covers the three others, 0.29 + 0.60 + 72.08
    assert "Today, 3 workloads with a known cost: $72.97/month" in table


def test_pages_of_functions_are_all_read(aws, cli, tmp_path, hooks):  # type: ignore[no-untyped-def]
    """58 functions at 50 a page: two ListFunctions calls; the five filler-5x functions are on
    the second page, have no metrics, and are listed as skipped."""
    pages: list[str] = []
    hooks.append(("before-call.lambda.ListFunctions", lambda **kw: pages.append("page")))
    out = tmp_path / "out"
    run = discover(cli, out, "--region", "us-east-1", "--include", "filler-5*")
    assert run.code == 0, run.stderr
    assert len(pages) == 2
    assert "us-east-1: 58 functions read" in run.stderr
    for number in range(50, 55):
        assert f"skipped lambda us-east-1/filler-{number}: no metrics" in run.stderr
    assert "read 5 functions and 0 services" in run.stderr
    assert run.stdout == ""


class _Body:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def stream(self, **_: Any) -> Any:
        yield self.data


def _error(status: int, code: str, message: str) -> Any:
    from botocore.awsrequest import AWSResponse

    body = json.dumps({"message": message}).encode()
    headers = {"x-amzn-ErrorType": code, "Content-Type": "application/json"}
    return AWSResponse("http://stand-in", status, headers, _Body(body))


def test_a_throttle_is_retried(aws, cli, tmp_path, hooks, monkeypatch):  # type: ignore[no-untyped-def]
    """moto never throttles: the first ListFunctions gets a ThrottlingException instead, and
    botocore's retries send it again."""
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "2")
    sent: list[int] = []

    def throttle_once(**_: Any) -> Any:
        sent.append(1)
        if len(sent) == 1:
            return _error(400, "ThrottlingException", "Rate exceeded")
        return None

    hooks.append(("before-send.lambda.ListFunctions", throttle_once))
    run = discover(cli, tmp_path / "out", "--region", "us-east-1", "--include", "orders-*")
    assert run.code == 0, run.stderr
    assert len(sent) == 3  # two pages, the first sent twice
    assert written(run) == ["lambda-orders-api.yaml"]
    # the throttle, and moto's refusal of the p99 query (a 500) sent a second time
    assert "(2 retried)" in run.stderr


def test_a_region_that_denies_access_is_skipped(aws, cli, tmp_path, hooks):  # type: ignore[no-untyped-def]
    """Every call signed for eu-west-1 is refused; us-east-1 is read and written whole."""
    denied: list[str] = []

    def deny(request: Any, **_: Any) -> Any:
        if f"/{DENIED_REGION}/" in request.headers.get("Authorization", b"").decode():
            denied.append(request.url)
            return _error(403, "AccessDeniedException", "not authorized to perform this action")
        return None

    hooks.append(("before-send", deny))
    out = tmp_path / "out"
    run = discover(
        cli, out, "--region", "us-east-1", "--region", DENIED_REGION, "--include", "orders-*"
    )
    assert run.code == 1, run.stderr
    assert denied
    assert (
        f"skipped region {DENIED_REGION}: Lambda: access denied "
        "(AccessDeniedException on ListFunctions)" in run.stderr
    )
    # two regions: names carry theirs, so the folder's names stay unique
    assert written(run) == ["lambda-orders-api-us-east-1.yaml"]
    workload = load_model(Workload, out / "lambda-orders-api-us-east-1.yaml")
    assert workload.name == "orders-api-us-east-1"
    assert workload.traffic.monthly_requests == 91_250


def test_without_credentials_it_says_how_to_give_them(aws, cli, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    run = discover(cli, tmp_path / "out", "--region", "us-east-1")
    assert run.code == 2
    assert "no AWS credentials found" in run.stderr
    assert "aws configure" in run.stderr and "AWS_ACCESS_KEY_ID" in run.stderr
    assert "Traceback" not in run.stderr
    assert not (tmp_path / "out").exists()


def test_an_unknown_profile_is_a_usage_error(aws, cli, tmp_path):  # type: ignore[no-untyped-def]
    run = discover(cli, tmp_path / "out", "--profile", "nowhere")
    assert run.code == 2
    assert "AWS profile 'nowhere'" in run.stderr


def test_files_are_never_replaced_unasked(aws, cli, tmp_path):  # type: ignore[no-untyped-def]
    out = tmp_path / "out"
    first = discover(cli, out, "--region", "us-east-1", "--include", "orders-*")
    assert first.code == 0, first.stderr
    path = out / "lambda-orders-api.yaml"
    path.write_text("# edited by hand\n" + path.read_text())
    again = discover(cli, out, "--region", "us-east-1", "--include", "orders-*")
    assert again.code == 1
    assert f"skipped {path}: the file exists (--force replaces it)" in again.stderr
    assert path.read_text().startswith("# edited by hand")
    forced = discover(cli, out, "--region", "us-east-1", "--include", "orders-*", "--force")
    assert forced.code == 0, forced.stderr
    assert not path.read_text().startswith("# edited by hand")
    assert sorted(p.name for p in out.iterdir()) == ["lambda-orders-api.yaml"]


def test_the_call_budget_stops_the_run(aws, cli, tmp_path):  # type: ignore[no-untyped-def]
    run = discover(cli, tmp_path / "out", "--region", "us-east-1", "--max-calls", "3")
    assert run.code == 1
    assert "the budget of 3 API calls is spent (--max-calls)" in run.stderr
    assert "3 API calls" in run.stderr


@pytest.mark.parametrize("command", ["recommend", "compare"])
def test_recommend_and_compare_never_import_boto3(command: str) -> None:
    import subprocess
    import sys

    from tests.conftest import SCENARIOS

    code = (
        "import sys; from advisor.cli import main; "
        f"sys.argv=['advisor',{command!r},{str(SCENARIOS / 'api-10m.yaml')!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "assert 'boto3' not in sys.modules and 'botocore' not in sys.modules, 'boto3 imported'"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_a_run_stopped_part_way_leaves_whole_files(aws, cli, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """Ctrl-C while the second file is being written: the first is whole and loads, the second
    is not there at all (nor any temporary file), and the command says so with exit 130."""
    from advisor.discover import run as run_module

    original = run_module.write_new
    calls: list[Path] = []

    def interrupted_second(path: Path, text: str, *, force: bool) -> None:
        calls.append(path)
        if len(calls) == 2:
            raise KeyboardInterrupt
        original(path, text, force=force)

    monkeypatch.setattr(run_module, "write_new", interrupted_second)
    out = tmp_path / "out"
    run = discover(cli, out, "--region", "us-east-1", "--exclude", "filler-*")
    assert run.code == 130
    assert "interrupted; the 1 file listed above is whole" in run.stderr
    assert [p.name for p in out.iterdir()] == [calls[0].name]
    assert load_model(Workload, calls[0]).current is not None


def test_init_durations_come_from_the_report_lines_when_asked(aws, cli, tmp_path, hooks):  # type: ignore[no-untyped-def]
    """orders-api's log holds four cold starts (200, 220, 240 and 260 ms) among warm requests:
    init_ms is their mean, 230 ms; their p99 (nearest rank: the 4th of 4) is 260 ms. Without
    --init-durations, no Logs call is made and the header says how to read it."""
    operations: list[str] = []
    hooks.append(("before-call.cloudwatch-logs", lambda model, **_: operations.append(model.name)))
    out = tmp_path / "out"
    run = discover(
        cli, out, "--region", "us-east-1", "--include", "orders-*", "--include", "nightly-*",
        "--init-durations",
    )  # fmt: skip
    assert run.code == 0, run.stderr
    assert operations[:2] == ["DescribeLogGroups", "StartQuery"]
    orders = load_model(Workload, out / "lambda-orders-api.yaml")
    assert orders.execution.init_ms == 230
    text = (out / "lambda-orders-api.yaml").read_text()
    assert "the mean Init Duration of 4 REPORT log lines" in text
    assert "their p99: 260.00 ms" in text
    report = (out / "lambda-nightly-report.yaml").read_text()
    assert "execution.init_ms: no REPORT line with an Init Duration" in report

    operations.clear()
    again = discover(cli, tmp_path / "plain", "--region", "us-east-1", "--include", "orders-*")
    assert again.code == 0, again.stderr
    assert operations == []
    plain = (tmp_path / "plain" / "lambda-orders-api.yaml").read_text()
    assert "execution.init_ms: not read (--init-durations reads the logs)" in plain
