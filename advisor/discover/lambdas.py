"""Lambda functions of a region: every page of ListFunctions, and per function its provisioned
concurrency (ListProvisionedConcurrencyConfigs) where it can be read."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from advisor.discover.session import CallBudgetSpent, describe_failure


@dataclass
class Function:
    """What a workload file needs from one function's configuration."""

    name: str
    arn: str
    region: str
    memory_mb: int
    architecture: str
    runtime: str | None
    ephemeral_storage_mb: int
    timeout_s: int
    package_type: str
    snapstart: str
    code_size_bytes: int
    provisioned: int | None = None
    """Provisioned concurrency over all versions and aliases; None when it could not be read."""
    notes: list[str] = field(default_factory=list)


def from_configuration(config: dict[str, Any], region: str) -> Function:
    """One entry of ListFunctions."""
    arch = (config.get("Architectures") or ["x86_64"])[0]
    snapstart = (config.get("SnapStart") or {}).get("ApplyOn", "None")
    return Function(
        name=str(config["FunctionName"]),
        arn=str(config.get("FunctionArn", "")),
        region=region,
        memory_mb=int(config.get("MemorySize", 128)),
        architecture="arm64" if arch == "arm64" else "x86_64",
        runtime=config.get("Runtime"),
        ephemeral_storage_mb=int((config.get("EphemeralStorage") or {}).get("Size", 512)),
        timeout_s=int(config.get("Timeout", 3)),
        package_type=str(config.get("PackageType", "Zip")),
        snapstart=str(snapstart),
        code_size_bytes=int(config.get("CodeSize", 0)),
    )


def list_functions(client: Any, region: str, on_page: Callable[[int], None]) -> list[Function]:
    """Every function in the region, page by page (ListFunctions returns up to 50 a page)."""
    functions = []
    for page in client.get_paginator("list_functions").paginate():
        batch = [from_configuration(c, region) for c in page.get("Functions", [])]
        functions += batch
        on_page(len(batch))
    return functions


def read_provisioned(client: Any, function: Function) -> None:
    """Sum the function's provisioned concurrency configs (allocated, else requested); a note
    when they cannot be read, and the count left unknown."""
    try:
        count = 0
        for page in client.get_paginator("list_provisioned_concurrency_configs").paginate(
            FunctionName=function.name
        ):
            for config in page.get("ProvisionedConcurrencyConfigs", []):
                count += int(
                    config.get("AllocatedProvisionedConcurrentExecutions")
                    or config.get("RequestedProvisionedConcurrentExecutions")
                    or 0
                )
        function.provisioned = count
    except CallBudgetSpent:
        raise
    except Exception as exc:
        function.notes.append(
            f"provisioned concurrency: not read ({describe_failure(exc)}); taken as none"
        )
