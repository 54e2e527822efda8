"""A stand-in AWS account on 127.0.0.1 (moto's server, started once for the session and
stopped after it), filled with functions, an ECS cluster behind an ALB, and fifteen days of
metrics with a known daily shape. Tests point boto3 at it with AWS_ENDPOINT_URL and fake
credentials."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

boto3 = pytest.importorskip("boto3")
moto_server = pytest.importorskip("moto.server")

SECRET = "wJalrXUtnFEMI-discover-secret-never-printed"
KEY_ID = "AKIADISCOVERTEST"
REGION = "us-east-1"
DENIED_REGION = "eu-west-1"
FILLERS = 55
"""Functions beyond the ones with traffic: more than one page of ListFunctions (50 a page)."""
LAMBDA_PAGE = 50

BUSY_HOURS = range(8, 20)
"""orders-api: 200 invocations an hour from 08:00 to 19:59 UTC, 50 otherwise."""
BUSY, QUIET = 200, 50
BUSY_MS, QUIET_MS = 100.0, 200.0
"""orders-api's mean duration: 100 ms in busy hours, 200 ms in quiet ones."""
WEB_RPH = 36_000
"""shop/web behind the ALB: 36,000 requests every hour (10 a second), 50 ms each."""
WEB_SECONDS = 0.05
API_RPH = 7_200
API_SECONDS = 0.2
"""shop/api (EC2 launch type) behind the same ALB: 7,200 requests an hour, 200 ms each."""
REPORT_HOUR = 2
REPORT_MS = 600_000.0
"""nightly-report: one run a day at 02:00 UTC, ten minutes each."""


@dataclass
class Account:
    """The stand-in's address and what the tests put into it."""

    url: str
    now: dt.datetime
    functions: list[str] = field(default_factory=list)


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("handler.py", "def handler(event, context):\n    return {}\n")
    return buffer.getvalue()


def _paged_list_functions(original: Callable[[Any], str]) -> Callable[[Any], str]:
    """moto answers ListFunctions in one page; AWS pages at 50 with Marker/NextMarker."""

    def list_functions(self: Any) -> str:
        body = json.loads(original(self))
        marker = self.querystring.get("Marker", [None])[0]
        start = int(marker) if marker else 0
        functions = body["Functions"]
        page: dict[str, Any] = {"Functions": functions[start : start + LAMBDA_PAGE]}
        if start + LAMBDA_PAGE < len(functions):
            page["NextMarker"] = str(start + LAMBDA_PAGE)
        return json.dumps(page)

    return list_functions


def _metric(name: str, dims: dict[str, str], stamp: dt.datetime, value: float) -> dict[str, Any]:
    return {
        "MetricName": name,
        "Dimensions": [{"Name": k, "Value": v} for k, v in dims.items()],
        "Timestamp": stamp,
        "Value": value,
    }


def _put(cloudwatch: Any, namespace: str, data: list[dict[str, Any]]) -> None:
    for start in range(0, len(data), 500):
        cloudwatch.put_metric_data(Namespace=namespace, MetricData=data[start : start + 500])


def _populate(now: dt.datetime) -> list[str]:
    session = boto3.session.Session(region_name=REGION)
    iam = session.client("iam")
    role = iam.create_role(RoleName="lambda", AssumeRolePolicyDocument="{}")["Role"]["Arn"]
    lam = session.client("lambda")
    code = {"ZipFile": _zip()}

    def function(name: str, **settings: Any) -> str:
        made = lam.create_function(
            FunctionName=name, Role=role, Handler="handler.handler", Code=code, **settings
        )
        return str(made["FunctionArn"])

    orders = function(
        "orders-api",
        Runtime="python3.12",
        MemorySize=1024,
        Architectures=["arm64"],
        EphemeralStorage={"Size": 1024},
        Timeout=30,
    )
    function("nightly-report", Runtime="python3.11", MemorySize=2048, Timeout=900)
    function("idle-fn", Runtime="nodejs20.x", MemorySize=256)
    names = ["orders-api", "nightly-report", "idle-fn"]
    for number in range(FILLERS):
        names.append(f"filler-{number:02d}")
        function(names[-1], Runtime="python3.12", MemorySize=128)

    # front doors of other kinds, on functions without traffic (tests/discover/test_doors.py)
    lam.create_function_url_config(FunctionName="filler-00", AuthType="NONE")
    sqs = session.client("sqs")
    queue = sqs.create_queue(QueueName="jobs")["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])
    lam.create_event_source_mapping(
        EventSourceArn=queue_arn["Attributes"]["QueueArn"], FunctionName="filler-01"
    )
    rest = session.client("apigateway")
    legacy = rest.create_rest_api(name="legacy")
    root = rest.get_resources(restApiId=legacy["id"])["items"][0]["id"]
    rest.put_method(
        restApiId=legacy["id"], resourceId=root, httpMethod="GET", authorizationType="NONE"
    )
    filler_02 = orders.replace(":orders-api", ":filler-02")
    rest.put_integration(
        restApiId=legacy["id"],
        resourceId=root,
        httpMethod="GET",
        type="AWS_PROXY",
        integrationHttpMethod="POST",
        uri=f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{filler_02}/invocations",
    )

    api = session.client("apigatewayv2").create_api(Name="orders", ProtocolType="HTTP")
    session.client("apigatewayv2").create_integration(
        ApiId=api["ApiId"],
        IntegrationType="AWS_PROXY",
        IntegrationUri=orders,
        PayloadFormatVersion="2.0",
    )

    ec2 = session.client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.0.{n}.0/24", AvailabilityZone=f"{REGION}{z}")[
            "Subnet"
        ]["SubnetId"]
        for n, z in ((1, "a"), (2, "b"))
    ]
    group = ec2.describe_security_groups()["SecurityGroups"][0]["GroupId"]
    elb = session.client("elbv2")
    lb = elb.create_load_balancer(Name="shop", Subnets=subnets, Type="application")
    lb_arn = lb["LoadBalancers"][0]["LoadBalancerArn"]
    tg = elb.create_target_group(
        Name="shop-web", Protocol="HTTP", Port=80, VpcId=vpc, TargetType="ip"
    )["TargetGroups"][0]["TargetGroupArn"]
    elb.create_listener(
        LoadBalancerArn=lb_arn,
        Protocol="HTTP",
        Port=80,
        DefaultActions=[{"Type": "forward", "TargetGroupArn": tg}],
    )
    ecs = session.client("ecs")
    ecs.create_cluster(clusterName="shop")
    ecs.register_task_definition(
        family="web",
        cpu="1024",
        memory="2048",
        requiresCompatibilities=["FARGATE"],
        networkMode="awsvpc",
        containerDefinitions=[
            {"name": "app", "image": "web", "portMappings": [{"containerPort": 80}]}
        ],
    )
    ecs.create_service(
        cluster="shop",
        serviceName="web",
        taskDefinition="web",
        desiredCount=2,
        launchType="FARGATE",
        loadBalancers=[{"targetGroupArn": tg, "containerName": "app", "containerPort": 80}],
        networkConfiguration={
            "awsvpcConfiguration": {"subnets": subnets, "securityGroups": [group]}
        },
    )
    api_tg = elb.create_target_group(
        Name="shop-api", Protocol="HTTP", Port=8080, VpcId=vpc, TargetType="instance"
    )["TargetGroups"][0]["TargetGroupArn"]
    elb.create_listener(
        LoadBalancerArn=lb_arn,
        Protocol="HTTP",
        Port=8080,
        DefaultActions=[{"Type": "forward", "TargetGroupArn": api_tg}],
    )
    ecs.register_task_definition(  # EC2 tasks may size only their containers
        family="api",
        containerDefinitions=[
            {"name": "api", "image": "api", "cpu": 512, "memoryReservation": 1024},
        ],
    )
    ecs.create_service(
        cluster="shop",
        serviceName="api",
        taskDefinition="api",
        desiredCount=3,
        launchType="EC2",
        loadBalancers=[{"targetGroupArn": api_tg, "containerName": "api", "containerPort": 8080}],
    )
    ecs.register_task_definition(
        family="worker",
        containerDefinitions=[{"name": "w", "image": "w", "cpu": 256, "memory": 512}],
    )
    ecs.create_service(
        cluster="shop",
        serviceName="worker",
        taskDefinition="worker",
        desiredCount=1,
        launchType="EC2",
    )

    # fifteen days of hours up to and including the current one: any fourteen-day window of
    # whole hours taken in the next hour sees fourteen whole days of the same daily shape
    top = now.replace(minute=0, second=0, microsecond=0)
    lambda_data: list[dict[str, Any]] = []
    elb_data: list[dict[str, Any]] = []
    tg_dims = {
        "TargetGroup": tg[tg.index("targetgroup/") :],
        "LoadBalancer": lb_arn[lb_arn.index("app/") :],
    }
    api_dims = {
        "TargetGroup": api_tg[api_tg.index("targetgroup/") :],
        "LoadBalancer": lb_arn[lb_arn.index("app/") :],
    }
    for back in range(15 * 24 + 1):
        hour = top - dt.timedelta(hours=back)
        stamp = hour + dt.timedelta(minutes=30)
        busy = hour.hour in BUSY_HOURS
        orders_dims = {"FunctionName": "orders-api"}
        lambda_data += [
            _metric("Invocations", orders_dims, stamp, BUSY if busy else QUIET),
            _metric("Duration", orders_dims, stamp, BUSY_MS if busy else QUIET_MS),
            _metric("ConcurrentExecutions", orders_dims, stamp, 3 if busy else 1),
        ]
        if hour.hour == REPORT_HOUR:
            report_dims = {"FunctionName": "nightly-report"}
            lambda_data += [
                _metric("Invocations", report_dims, stamp, 1),
                _metric("Duration", report_dims, stamp, REPORT_MS),
            ]
        elb_data += [
            _metric("RequestCount", tg_dims, stamp, WEB_RPH),
            _metric("TargetResponseTime", tg_dims, stamp, WEB_SECONDS),
            _metric("RequestCount", api_dims, stamp, API_RPH),
            _metric("TargetResponseTime", api_dims, stamp, API_SECONDS),
        ]
    # REPORT lines of orders-api: four cold starts among warm requests, a day ago
    logs = session.client("logs")
    for name in ("orders-api", "nightly-report"):
        logs.create_log_group(logGroupName=f"/aws/lambda/{name}")
        logs.create_log_stream(logGroupName=f"/aws/lambda/{name}", logStreamName="2026/12/04")
    when = int((top - dt.timedelta(days=1)).timestamp() * 1000)
    lines = [
        f"REPORT RequestId: {n} Duration: 100.00 ms Billed Duration: 100 ms "
        "Memory Size: 1024 MB Max Memory Used: 80 MB"
        + (f" Init Duration: {init:.2f} ms" if init else "")
        for n, init in enumerate([200, 0, 220, 0, 0, 240, 260, 0])
    ]
    logs.put_log_events(
        logGroupName="/aws/lambda/orders-api",
        logStreamName="2026/12/04",
        logEvents=[{"timestamp": when + n, "message": line} for n, line in enumerate(lines)],
    )

    cloudwatch = session.client("cloudwatch")
    _put(cloudwatch, "AWS/Lambda", lambda_data)
    _put(cloudwatch, "AWS/ApplicationELB", elb_data)
    return names


@pytest.fixture(scope="session")
def account() -> Iterator[Account]:
    """moto's server on 127.0.0.1, filled once for the whole session."""
    from moto.awslambda.responses import LambdaResponse

    patch = pytest.MonkeyPatch()
    patch.setattr(
        LambdaResponse, "list_functions", _paged_list_functions(LambdaResponse.list_functions)
    )
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    url = f"http://{host}:{port}"
    with pytest.MonkeyPatch.context() as env:
        _fake_credentials(env, url)
        now = dt.datetime.now(dt.timezone.utc)
        names = _populate(now)
    try:
        yield Account(url, now, names)
    finally:
        server.stop()
        patch.undo()


def _fake_credentials(env: pytest.MonkeyPatch, url: str) -> None:
    env.setenv("AWS_ACCESS_KEY_ID", KEY_ID)
    env.setenv("AWS_SECRET_ACCESS_KEY", SECRET)
    env.setenv("AWS_ENDPOINT_URL", url)
    env.setenv("AWS_REGION", REGION)
    env.setenv("AWS_EC2_METADATA_DISABLED", "true")
    env.delenv("AWS_PROFILE", raising=False)
    env.delenv("AWS_SESSION_TOKEN", raising=False)
    env.delenv("AWS_DEFAULT_PROFILE", raising=False)


@pytest.fixture
def aws(account: Account, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Account:
    """boto3 pointed at the stand-in with fake credentials, no config files, quick retries."""
    _fake_credentials(monkeypatch, account.url)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-credentials"))
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")  # moto refuses percentiles with a 500
    return account


@pytest.fixture
def hooks(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, Callable[..., Any]]]:
    """botocore event handlers to register on the session `advisor discover` makes."""
    from advisor.discover import session as session_module

    handlers: list[tuple[str, Callable[..., Any]]] = []
    original = session_module.new_session

    def with_hooks(profile: str | None) -> Any:
        session = original(profile)
        for event, handler in handlers:
            session.events.register(event, handler)
        return session

    monkeypatch.setattr(session_module, "new_session", with_hooks)
    return handlers
