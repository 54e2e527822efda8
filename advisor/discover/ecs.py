"""ECS services of a region (Fargate and EC2 launch types): their task definition's CPU and
memory, desired and running counts, and the ALB target groups in front of them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

DESCRIBE_SERVICES_MAX = 10
DESCRIBE_TARGET_GROUPS_MAX = 20


@dataclass(frozen=True)
class TargetGroup:
    """An ALB target group as CloudWatch names it: the `TargetGroup` and `LoadBalancer`
    dimensions (the ARNs' tails)."""

    name: str
    dimension: str
    load_balancer: str | None


@dataclass
class Service:
    """What a workload file needs from one ECS service."""

    cluster: str
    name: str
    region: str
    launch_type: str
    desired: int
    running: int
    cpu_units: int | None
    memory_mb: int | None
    architecture: str
    task_definition: str
    target_groups: list[TargetGroup] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def platform(self) -> str:
        """fargate or ec2: where its tasks run today."""
        return "fargate" if self.launch_type == "FARGATE" else "ec2"


def _tail(arn: str, marker: str) -> str:
    """`targetgroup/web/123` from a target group ARN (marker `targetgroup/`)."""
    at = arn.find(marker)
    return arn[at:] if at >= 0 else arn


def _launch_type(service: dict[str, Any]) -> str:
    launch = service.get("launchType")
    if launch:
        return str(launch)
    strategy = service.get("capacityProviderStrategy") or []
    if strategy and all(str(s.get("capacityProvider", "")).startswith("FARGATE") for s in strategy):
        return "FARGATE"
    return "EC2"


def _task_size(definition: dict[str, Any]) -> tuple[int | None, int | None]:
    """Task-level CPU units and memory MB, else the sums over its containers (EC2 tasks may
    size only their containers)."""
    cpu = definition.get("cpu")
    memory = definition.get("memory")
    containers = definition.get("containerDefinitions", [])
    if not cpu:
        cpu = sum(int(c.get("cpu") or 0) for c in containers) or None
    if not memory:
        memory = (
            sum(int(c.get("memory") or c.get("memoryReservation") or 0) for c in containers) or None
        )
    return (int(cpu) if cpu else None, int(memory) if memory else None)


def list_services(
    client: Any, elb: Any, region: str, on_page: Callable[[int], None]
) -> list[Service]:
    """Every service of every cluster in the region, with its task definition's size."""
    services: list[Service] = []
    definitions: dict[str, dict[str, Any]] = {}
    for page in client.get_paginator("list_clusters").paginate():
        for cluster_arn in page.get("clusterArns", []):
            arns: list[str] = []
            for services_page in client.get_paginator("list_services").paginate(
                cluster=cluster_arn
            ):
                arns += services_page.get("serviceArns", [])
            for start in range(0, len(arns), DESCRIBE_SERVICES_MAX):
                described = client.describe_services(
                    cluster=cluster_arn, services=arns[start : start + DESCRIBE_SERVICES_MAX]
                )
                batch = []
                for raw in described.get("services", []):
                    arn = str(raw.get("taskDefinition", ""))
                    if arn not in definitions:
                        definitions[arn] = client.describe_task_definition(taskDefinition=arn)[
                            "taskDefinition"
                        ]
                    batch.append(_service(raw, cluster_arn, region, definitions[arn]))
                services += batch
                on_page(len(batch))
    _attach_load_balancers(elb, services, region)
    return services


def _service(
    raw: dict[str, Any], cluster_arn: str, region: str, definition: dict[str, Any]
) -> Service:
    cpu, memory = _task_size(definition)
    arch = str((definition.get("runtimePlatform") or {}).get("cpuArchitecture", "X86_64"))
    service = Service(
        cluster=cluster_arn.rsplit("/", 1)[-1],
        name=str(raw["serviceName"]),
        region=region,
        launch_type=_launch_type(raw),
        desired=int(raw.get("desiredCount", 0)),
        running=int(raw.get("runningCount", 0)),
        cpu_units=cpu,
        memory_mb=memory,
        architecture="arm64" if arch.upper() == "ARM64" else "x86_64",
        task_definition=str(raw.get("taskDefinition", "")).rsplit("/", 1)[-1],
    )
    for balancer in raw.get("loadBalancers", []):
        arn = balancer.get("targetGroupArn")
        if arn:
            service.target_groups.append(
                TargetGroup(arn.split("/")[-2] if "/" in arn else arn, arn, None)
            )
    return service


def _attach_load_balancers(elb: Any, services: list[Service], region: str) -> None:
    """Name each target group's load balancer (its metrics need both dimensions)."""
    arns = sorted({g.dimension for s in services for g in s.target_groups})
    owners: dict[str, str | None] = {}
    for start in range(0, len(arns), DESCRIBE_TARGET_GROUPS_MAX):
        page = elb.describe_target_groups(
            TargetGroupArns=arns[start : start + DESCRIBE_TARGET_GROUPS_MAX]
        )
        for group in page.get("TargetGroups", []):
            balancers = group.get("LoadBalancerArns") or []
            owners[group["TargetGroupArn"]] = balancers[0] if balancers else None
    for service in services:
        groups = []
        for group in service.target_groups:
            owner = owners.get(group.dimension)
            groups.append(
                TargetGroup(
                    group.name,
                    _tail(group.dimension, "targetgroup/"),
                    _tail(owner, "loadbalancer/").removeprefix("loadbalancer/") if owner else None,
                )
            )
        service.target_groups = groups
