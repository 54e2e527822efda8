"""How each option is sized, one type per platform: what the report shows and the rules read.

A figure that applies only in some cases (a batch size where a queue feeds Lambda in batches, a
runs-a-day figure for scheduled jobs, a burstable type's baseline) is None otherwise and left out
of the JSON, as it always was.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag


def _absent(value: object) -> bool:
    return value is None


def absent() -> Any:
    """A figure that applies only sometimes: None, and then left out of the JSON."""
    return Field(None, exclude_if=_absent)


class Sizing(BaseModel):
    """Base of the sizing types."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)

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
    batch_size: int | None = absent()
    """Records per invocation where a queue feeds Lambda in batches."""
    invocations_per_month: float | None = absent()
    """Invocations, where batches make them fewer than the requests."""
    provisioned_concurrency: int | None = absent()
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
    concurrency_per_task: int | None = absent()
    """Requests one task serves at once (none for a task per run)."""
    tasks_min: int
    tasks_mean: float
    tasks_max: int
    task_hours: float
    utilization: float | None = absent()
    scale_out_lag_s: float | None = absent()
    scale_to_zero: bool | None = absent()
    runs_per_day: float | None = absent()
    worker_pool: bool | None = absent()


class Ec2Sizing(FleetSizing):
    """EC2: the fleet's type and instances (a machine per run for scheduled jobs that scale to
    zero; a pool of workers for frequent ones)."""

    instances_min: int
    instances_mean: float
    instances_max: int
    instance_hours: float
    utilization: float
    runs_per_day: float | None = absent()
    scale_to_zero: bool | None = absent()
    worker_pool: bool | None = absent()
    burstable_baseline: float | None = absent()
    """The share of each vCPU a burstable type sustains."""


KINDS: tuple[tuple[str, type[Sizing]], ...] = (
    ("memory_mb", LambdaSizing),
    ("environment_vcpu", ManagedInstancesSizing),
    ("task_vcpu", FargateSizing),
    ("instance_type", Ec2Sizing),
)
"""Each type by a figure only it has (managed instances before EC2: both name an instance)."""


def _kind(value: Any) -> str | None:
    """Which sizing a value is: by type when built, by its figures when read back."""
    if isinstance(value, Sizing):
        return type(value).__name__
    if isinstance(value, dict):
        if not value:
            return Unsized.__name__
        return next((kind.__name__ for key, kind in KINDS if key in value), None)
    return None


AnySizing = Annotated[
    Annotated[LambdaSizing, Tag("LambdaSizing")]
    | Annotated[ManagedInstancesSizing, Tag("ManagedInstancesSizing")]
    | Annotated[FargateSizing, Tag("FargateSizing")]
    | Annotated[Ec2Sizing, Tag("Ec2Sizing")]
    | Annotated[Unsized, Tag("Unsized")],
    Discriminator(
        _kind,
        custom_error_type="sizing",
        custom_error_message="should be the sizing of a Lambda, Lambda Managed Instances, "
        "Fargate or EC2 option (memory_mb, environment_vcpu, task_vcpu or instance_type), or {}",
    ),
]
"""An option's sizing; read back from a saved report by the figure only its type has, so an
error names the figure that is wrong, not every type's missing ones."""

UNSIZED = Unsized()
