"""How each option is sized, one type per platform: what the report shows and the rules read.

A figure that applies only in some cases (a batch size where a queue feeds Lambda in batches, a
runs-a-day figure for scheduled jobs, a burstable type's baseline) is None otherwise and left out
of the JSON, as it always was.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, SerializerFunctionWrapHandler, model_serializer


class Sizing(BaseModel):
    """Base of the sizing types: absent figures are left out of the JSON."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    @model_serializer(mode="wrap")
    def _present(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        return {key: value for key, value in handler(self).items() if value is not None}

    def figures(self) -> dict[str, Any]:
        """The figures present, by name (what the HTML report lists)."""
        figures: dict[str, Any] = self.model_dump()
        return figures


class Unsized(Sizing):
    """No sizing: a comparison's options (a row shows none) and options that could not be
    priced."""


class LambdaSizing(Sizing):
    """Lambda (on demand or provisioned): memory, concurrency and cold starts."""

    memory_mb: int
    billed_duration_ms: int
    mean_concurrency: float
    peak_concurrency: float
    batch_size: int | None = None
    """Records per invocation where a queue feeds Lambda in batches."""
    invocations_per_month: float | None = None
    """Invocations, where batches make them fewer than the requests."""
    provisioned_concurrency: int | None = None
    cold_starts_per_month: float
    cold_start_share: float
    p99_latency_ms: float


class FleetSizing(Sizing):
    """What every fleet of instances shows: the type and how many run."""

    instance_type: str
    instance_vcpu: float
    instance_memory_gib: float


class ManagedInstancesSizing(FleetSizing):
    """Lambda Managed Instances: the instances, the execution environments packed on each, and
    how many requests each takes."""

    memory_gib_per_vcpu: int
    environment_vcpu: float
    environment_memory_gib: float
    environments_per_instance: int
    max_concurrency: int
    requests_in_flight_per_environment: float
    requests_per_second_per_instance: float
    instances_min: int
    instances_mean: float
    instances_max: int
    instance_hours: float
    utilization: float
    cold_starts_per_month: int


class FargateSizing(Sizing):
    """Fargate: the task size and the tasks held (a task per run for scheduled jobs that scale
    to zero; a pool of workers for frequent ones)."""

    task_vcpu: float
    task_memory_gb: float
    concurrency_per_task: int | None = None
    """Requests one task serves at once (none for a task per run)."""
    tasks_min: int
    tasks_mean: float
    tasks_max: int
    task_hours: float
    utilization: float | None = None
    scale_out_lag_s: float | None = None
    scale_to_zero: bool | None = None
    runs_per_day: float | None = None
    worker_pool: bool | None = None


class Ec2Sizing(FleetSizing):
    """EC2: the fleet's type and instances (a machine per run for scheduled jobs that scale to
    zero; a pool of workers for frequent ones)."""

    instances_min: int
    instances_mean: float
    instances_max: int
    instance_hours: float
    utilization: float
    runs_per_day: float | None = None
    scale_to_zero: bool | None = None
    worker_pool: bool | None = None
    burstable_baseline: float | None = None
    """The share of each vCPU a burstable type sustains."""


AnySizing = LambdaSizing | ManagedInstancesSizing | FargateSizing | Ec2Sizing | Unsized
"""An option's sizing; each type's required figures tell them apart when a saved report is read
back (an empty one is `Unsized`)."""

UNSIZED = Unsized()
