"""The system file (a whole system of services) and its hybrid-architecture report."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from advisor.models.bounds import Count, Number, Region
from advisor.models.names import Name
from advisor.models.report import Choice, LineItem, Model, Money, PricingRef, Reason, Report
from advisor.models.workload import Network, Strict


class SystemLambda(Strict):
    """Lambda settings shared by the whole system (AWS bills them per account and region)."""

    free_tier: bool = Field(
        False, description="Subtract the monthly free tier once for the system."
    )


class QueueGlue(Strict):
    """An SQS queue between services, priced here when no service reads it with `entry: queue`
    (that service's option pays for it then)."""

    name: Name
    messages_per_month: Number = Field(0, ge=0, le=1e15, description="Messages sent a month.")
    message_kb: Number = Field(2, ge=0, le=1e7, description="Mean message size, KB.")
    fifo: bool = Field(False, description="A FIFO queue.")


class WorkflowGlue(Strict):
    """A Step Functions state machine between services."""

    name: Name
    type: Literal["standard", "express"] = Field("standard", description="standard | express")
    executions_per_month: Number | None = Field(None, gt=0, le=1e15)
    transitions_per_execution: Number = Field(
        1, ge=0, le=1e9, description="Standard: state transitions one execution makes."
    )
    transitions_per_second: Number | None = Field(
        None,
        gt=0,
        le=1e10,
        description="Standard, instead of executions: transitions a second, all month.",
    )
    duration_ms: Number = Field(
        0, ge=0, le=300_000, description="Express: one execution's duration (at most 5 minutes)."
    )
    memory_mb: Count = Field(64, gt=0, le=10**6, description="Express: memory billed, MB.")

    @model_validator(mode="after")
    def _volume(self) -> WorkflowGlue:
        if (self.executions_per_month is None) == (self.transitions_per_second is None):
            raise ValueError("give exactly one of executions_per_month or transitions_per_second")
        if self.type == "express" and self.executions_per_month is None:
            raise ValueError(
                "an express workflow is billed per execution: give executions_per_month"
            )
        return self


class EventBusGlue(Strict):
    """An EventBridge bus carrying custom events between services."""

    name: Name
    events_per_month: Number = Field(ge=0, le=1e15, description="Custom events put a month.")
    event_kb: Number = Field(1, ge=0, le=1024, description="Mean event size (64 KB chunks).")


class HandoffGlue(Strict):
    """Objects one step writes to S3 and the next reads (a PUT and GETs each)."""

    name: Name
    objects_per_month: Number = Field(ge=0, le=1e15, description="Objects written a month.")
    reads_per_object: Number = Field(1, ge=0, le=1e6, description="GETs of each object.")


class System(Strict):
    """A system: services (inline, or workload files) and what they share."""

    version: Literal[1] = Field(description="File format version; 1.")
    kind: Literal["system"] = Field(description="`system`.")
    name: Name = Field(description="The system's name; one line, at most 200 characters.")
    description: str = ""
    region: Region = Field("us-east-1", description="Every service runs in this region.")
    account: str | None = Field(
        None,
        max_length=200,
        description="AWS account of every service (default: the batch's); the system is "
        "billed as that account's (its free tier and tiers once, for all its services).",
    )
    lambda_: SystemLambda = Field(SystemLambda(), alias="lambda")
    network: Network = Field(Network(), description="One NAT gateway shared by the system.")
    free_tier: bool = Field(
        False,
        description="Subtract SQS's free million requests and Step Functions' 4,000 free "
        "transitions a month, once for the system.",
    )
    queues: list[QueueGlue] = Field(
        [], description="Queues the services use: a name, or a queue with its messages."
    )
    workflows: list[WorkflowGlue] = Field([], description="Step Functions state machines.")
    event_buses: list[EventBusGlue] = Field([], description="EventBridge buses.")
    handoffs: list[HandoffGlue] = Field([], description="S3 hand-offs between steps.")
    stores: list[Name] = Field([], description="State stores the services use, for the diagram.")
    services: list[dict[str, Any]] = Field(
        min_length=1,
        description=(
            "Each a workload inline (its keys; version and region come from the system) or "
            "`file: path/to/workload.yaml` relative to this file; plus `uses` (queues or stores "
            "it writes to or reads) and `consumes` (queues that trigger it)."
        ),
    )

    @field_validator("queues", mode="before")
    @classmethod
    def _named(cls, value: Any) -> Any:
        """A queue given by its name alone is a queue with no messages of its own to price."""
        if isinstance(value, list):
            return [{"name": q} if isinstance(q, str) else q for q in value]
        return value

    @property
    def glue_names(self) -> list[str]:
        """The workflows', event buses' and S3 hand-offs' names (services may `use` them)."""
        return [
            *(w.name for w in self.workflows),
            *(b.name for b in self.event_buses),
            *(h.name for h in self.handoffs),
        ]

    @property
    def queue_names(self) -> list[str]:
        """Every queue's name."""
        return [q.name for q in self.queues]


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
    marginal_cost: Money | None = Field(
        None, description="What the service adds to the recommended design (with it less without)."
    )
    alone: Choice | None = Field(
        None, description="Its verdict priced alone, when the system's design differs."
    )


class Design(Model):
    """The whole system on one assignment of services to platforms, with shared pieces pooled."""

    name: Literal["recommended", "all-lambda", "all-lambda-managed-instances", "all-containers"]
    feasible: bool
    monthly_cost: Money
    assignments: dict[str, str] = Field(description="Service name to option key.")
    per_service: dict[str, Money] = Field(
        description="Each service's share of the total (the glue's included)."
    )
    line_items: list[LineItem]
    notes: list[str] = []
    marginal: dict[str, Money] = Field(
        {}, description="Each service's marginal cost: the design with it less without it."
    )
    glue: dict[str, Money] = Field(
        {}, description="Each queue, workflow, event bus and S3 hand-off priced in the design."
    )
    allocation: list[str] = Field([], description="How shared lines are split among services.")


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
