"""The system file (a whole system of services) and its hybrid-architecture report."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from advisor.models.bounds import Region
from advisor.models.names import Name
from advisor.models.report import Choice, LineItem, Model, Money, PricingRef, Reason, Report
from advisor.models.workload import Network, Strict


class SystemLambda(Strict):
    """Lambda settings shared by the whole system (AWS bills them per account and region)."""

    free_tier: bool = Field(
        False, description="Subtract the monthly free tier once for the system."
    )


class System(Strict):
    """A system: services (inline, or workload files) and what they share."""

    version: Literal[1] = Field(description="File format version; 1.")
    kind: Literal["system"] = Field(description="`system`.")
    name: Name = Field(description="The system's name; one line, at most 200 characters.")
    description: str = ""
    region: Region = Field("us-east-1", description="Every service runs in this region.")
    lambda_: SystemLambda = Field(SystemLambda(), alias="lambda")
    network: Network = Field(Network(), description="One NAT gateway shared by the system.")
    queues: list[Name] = Field([], description="Queues the services use, for the diagram.")
    stores: list[Name] = Field([], description="State stores the services use, for the diagram.")
    services: list[dict[str, Any]] = Field(
        min_length=1,
        description=(
            "Each a workload inline (its keys; version and region come from the system) or "
            "`file: path/to/workload.yaml` relative to this file; plus `uses` (queues or stores "
            "it writes to or reads) and `consumes` (queues that trigger it)."
        ),
    )


class ServicePlan(Model):
    """One service: where it should run, its share of the hybrid design, and its runner-up."""

    name: str
    source: str
    recommended: Choice
    runner_up: Choice | None = None
    reasons: list[Reason]
    uses: list[str] = []
    consumes: list[str] = []
    report: Report


class Design(Model):
    """The whole system on one assignment of services to platforms, with shared pieces pooled."""

    name: Literal["recommended", "all-lambda", "all-containers"]
    feasible: bool
    monthly_cost: Money
    assignments: dict[str, str] = Field(description="Service name to option key.")
    per_service: dict[str, Money] = Field(description="Each service's share of the total.")
    line_items: list[LineItem]
    notes: list[str] = []


class SystemReport(Model):
    """Everything `advisor recommend` found for a system."""

    schema_version: Literal[1] = 1
    kind: Literal["system"] = "system"
    tool_version: str
    system: dict[str, str]
    pricing: PricingRef
    services: list[ServicePlan]
    designs: list[Design]
    diagram: str = Field(description="Mermaid flowchart of the recommended design.")
