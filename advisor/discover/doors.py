"""Which front door each function has: API Gateway REST, HTTP or WebSocket integrations, an ALB
target group, a function URL, or a queue or stream event source mapping. Each source is read
on its own: one that cannot be read becomes a note on every function, never the end of the run."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from advisor.discover.session import CallBudgetSpent, describe_failure

FUNCTION_IN_ARN = re.compile(r":function:([A-Za-z0-9_-]+)")

PRIORITY = ("api_gateway_rest", "api_gateway_http", "api_gateway_websocket", "alb", "function_url")
"""When a function has several doors, the workload file names the first of these it has."""


@dataclass(frozen=True)
class Door:
    """One way requests reach a function: the workload file's `entry` (None for an event
    source, which has no entry of its own) and what it is."""

    entry: str | None
    via: str


@dataclass
class Doors:
    """Doors by function name, and the sources that could not be read."""

    by_function: dict[str, list[Door]] = field(default_factory=dict)
    unread: list[str] = field(default_factory=list)

    def add(self, uri: str, door: Door) -> None:
        """Attach a door to the function an ARN or integration URI names."""
        for name in FUNCTION_IN_ARN.findall(uri or ""):
            doors = self.by_function.setdefault(name, [])
            if door not in doors:
                doors.append(door)

    def entry_of(self, name: str) -> tuple[str | None, list[Door]]:
        """The entry a workload file should name, and every door found."""
        doors = self.by_function.get(name, [])
        for entry in PRIORITY:
            if any(d.entry == entry for d in doors):
                return entry, doors
        return None, doors


def find_doors(account: Any, region: str, functions: Iterable[str]) -> Doors:
    """Read every source of doors in a region."""
    doors = Doors()
    for label, read in (
        ("API Gateway HTTP and WebSocket APIs", _http_apis),
        ("API Gateway REST APIs", _rest_apis),
        ("ALB target groups", _target_groups),
        ("event source mappings", _event_sources),
    ):
        try:
            read(account, region, doors)
        except CallBudgetSpent:
            raise
        except Exception as exc:
            doors.unread.append(f"{label}: {describe_failure(exc)}")
    _function_urls(account, region, functions, doors)
    return doors


def _http_apis(account: Any, region: str, doors: Doors) -> None:
    client = account.client("apigatewayv2", region)
    for api in _token_pages(client.get_apis, "Items"):
        protocol = str(api.get("ProtocolType", "HTTP")).upper()
        entry = "api_gateway_websocket" if protocol == "WEBSOCKET" else "api_gateway_http"
        kind = "WebSocket API" if protocol == "WEBSOCKET" else "HTTP API"
        door = Door(entry, f"API Gateway {kind} {api.get('Name', '')!r} ({api.get('ApiId', '')})")
        for integration in _token_pages(client.get_integrations, "Items", ApiId=api["ApiId"]):
            doors.add(str(integration.get("IntegrationUri", "")), door)


def _token_pages(call: Any, key: str, **kwargs: Any) -> Iterable[dict[str, Any]]:
    token = None
    while True:
        page = call(**kwargs, **({"NextToken": token} if token else {}))
        yield from page.get(key, [])
        token = page.get("NextToken")
        if not token:
            return


def _rest_apis(account: Any, region: str, doors: Doors) -> None:
    client = account.client("apigateway", region)
    for page in client.get_paginator("get_rest_apis").paginate():
        for api in page.get("items", []):
            door = Door(
                "api_gateway_rest", f"API Gateway REST API {api.get('name', '')!r} ({api['id']})"
            )
            resources = client.get_paginator("get_resources").paginate(
                restApiId=api["id"], embed=["methods"]
            )
            for resources_page in resources:
                for resource in resources_page.get("items", []):
                    for method in (resource.get("resourceMethods") or {}).values():
                        integration = method.get("methodIntegration") or {}
                        doors.add(str(integration.get("uri", "")), door)


def _target_groups(account: Any, region: str, doors: Doors) -> None:
    client = account.client("elbv2", region)
    for page in client.get_paginator("describe_target_groups").paginate():
        for group in page.get("TargetGroups", []):
            if group.get("TargetType") != "lambda":
                continue
            door = Door("alb", f"ALB target group {group.get('TargetGroupName', '')!r}")
            health = client.describe_target_health(TargetGroupArn=group["TargetGroupArn"])
            for target in health.get("TargetHealthDescriptions", []):
                doors.add(str(target.get("Target", {}).get("Id", "")), door)


def _event_sources(account: Any, region: str, doors: Doors) -> None:
    client = account.client("lambda", region)
    for page in client.get_paginator("list_event_source_mappings").paginate():
        for mapping in page.get("EventSourceMappings", []):
            source = str(mapping.get("EventSourceArn", ""))
            service = source.split(":")[2] if source.count(":") >= 5 else "event source"
            kind = {"sqs": "SQS queue", "kinesis": "Kinesis stream", "dynamodb": "DynamoDB stream"}
            doors.add(
                str(mapping.get("FunctionArn", "")),
                Door(None, f"{kind.get(service, service)} {source}"),
            )


def _function_urls(account: Any, region: str, functions: Iterable[str], doors: Doors) -> None:
    client = account.client("lambda", region)
    failures: list[str] = []
    for name in functions:
        try:
            config = client.get_function_url_config(FunctionName=name)
        except CallBudgetSpent:
            raise
        except Exception as exc:
            code = getattr(exc, "response", {}).get("Error", {}).get("Code", "")
            if code != "ResourceNotFoundException":
                failures.append(describe_failure(exc))
            continue
        url = str(config.get("FunctionUrl", ""))
        doors.by_function.setdefault(name, []).append(Door("function_url", f"function URL {url}"))
    if failures:
        doors.unread.append(f"function URLs of {len(failures)} functions: {failures[0]}")
