"""The workload file, version 1: what a user writes to describe one workload."""

from __future__ import annotations

from decimal import Decimal
from enum import Enum
from typing import Annotated, Literal, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from advisor.models.bounds import BoundedDecimal, Count, Number, Region
from advisor.models.names import Name
from advisor.numerals import significant

HOURS_PER_MONTH = 730
SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600


MAX_MONTHLY_REQUESTS = 1e15
"""A million billion requests a month (about 380 million a second): beyond any real workload.
Caps like this one keep every bill within exact decimal arithmetic, so an absurd figure is a
located input error rather than a crash."""
MAX_DURATION_MS = 1e9
"""About 11.6 days for one request or job run."""
MAX_DIURNAL_PEAK_RATIO = 24.0
"""A daily cycle's busiest hour is at most 24x the day's mean rate: all of its requests in that
one hour."""


class Strict(BaseModel):
    """Base for input models: unknown keys are errors and loaded values never change."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, populate_by_name=True, allow_inf_nan=False
    )


class Pattern(str, Enum):
    """The shape of the traffic over a day."""

    STEADY = "steady"
    DIURNAL = "diurnal"
    BURSTY = "bursty"
    SCHEDULED = "scheduled"


class Architecture(str, Enum):
    """CPU architecture; arm64 is Graviton and is cheaper per unit on every platform."""

    X86_64 = "x86_64"
    ARM64 = "arm64"


class Entry(str, Enum):
    """How requests reach the workload."""

    API_GATEWAY_HTTP = "api_gateway_http"
    API_GATEWAY_REST = "api_gateway_rest"
    API_GATEWAY_WEBSOCKET = "api_gateway_websocket"
    ALB = "alb"
    FUNCTION_URL = "function_url"
    QUEUE = "queue"
    NONE = "none"


class Platform(str, Enum):
    """Where a workload can run."""

    LAMBDA = "lambda"
    FARGATE = "fargate"
    EC2 = "ec2"
    LAMBDA_MANAGED_INSTANCES = "lambda_managed_instances"


PLATFORM_LABELS = {
    Platform.LAMBDA: "Lambda",
    Platform.FARGATE: "Fargate",
    Platform.EC2: "EC2",
    Platform.LAMBDA_MANAGED_INSTANCES: "Lambda Managed Instances",
}
"""How reports name each platform."""


class Traffic(Strict):
    """How much traffic arrives, and how it is shaped over time."""

    monthly_requests: Number | None = Field(
        None,
        gt=0,
        le=MAX_MONTHLY_REQUESTS,
        description="Requests per month (for `scheduled`, job runs per month).",
    )
    average_rps: Number | None = Field(
        None,
        gt=0,
        le=MAX_MONTHLY_REQUESTS / SECONDS_PER_MONTH,
        description="Mean requests per second.",
    )
    pattern: Pattern = Field(Pattern.STEADY, description="steady | diurnal | bursty | scheduled")
    peak_rps: Number | None = Field(
        None,
        gt=0,
        le=1e10,
        description="Highest request rate within an hour; derived from the pattern.",
    )
    peak_to_trough: Number = Field(
        4.0, ge=1, le=1e6, description="diurnal: busiest hour's rate over the quietest hour's rate."
    )
    burst_duration_s: Number = Field(
        60.0, gt=0, le=86_400, description="bursty: how long one burst lasts, in seconds."
    )
    bursts_per_day: Number = Field(
        24.0, gt=0, le=86_400, description="bursty: how many bursts a day."
    )
    hourly_profile: list[Annotated[Number, Field(ge=0, le=1e12)]] | None = Field(
        None,
        description="24 (a day) or 168 (a week, Monday 00:00 first) relative weights per hour.",
    )
    request_kb: Number = Field(2.0, ge=0, le=1e7, description="Mean request payload in KB.")
    response_kb: Number = Field(8.0, ge=0, le=1e7, description="Mean response payload in KB.")
    requests_per_connection: Number = Field(
        1.0,
        ge=1,
        le=1e9,
        description="Requests a client sends over one connection (load balancer LCUs).",
    )
    messages_sent_per_received: Number = Field(
        0,
        ge=0,
        le=1e6,
        description="WebSocket: messages the API sends for each it receives (each billed per "
        "32 KB of response_kb).",
    )
    concurrent_connections: Number | None = Field(
        None, gt=0, le=1e10, description="Open connections at once, for persistent connections."
    )

    @model_validator(mode="after")
    def _one_volume(self) -> Traffic:
        if (self.monthly_requests is None) == (self.average_rps is None):
            raise ValueError("give exactly one of monthly_requests or average_rps")
        if self.hourly_profile is not None:
            if len(self.hourly_profile) not in (24, 168):
                raise ValueError("hourly_profile needs 24 or 168 weights")
            if min(self.hourly_profile) < 0 or sum(self.hourly_profile) <= 0:
                raise ValueError("hourly_profile weights must be >= 0 and not all zero")
        self._check_peak()
        return self

    def _check_peak(self) -> None:
        """A `peak_rps` at or above the mean (any pattern), and for a diurnal day one the daily
        cycle can reach while keeping the mean: a located error at `peak_rps` otherwise, never a
        silent raise or cap."""
        if self.peak_rps is None:
            return
        mean = self.requests_per_month / SECONDS_PER_MONTH
        ratio = self.peak_rps / mean
        average = f"the mean of {significant(mean)} req/s (requests a month / 730 h / 3,600 s)"
        if ratio < 1:
            problem = (
                f"is below {average}; the busiest hour of a day is at least as busy as the "
                "mean: give a peak_rps at or above it, or leave peak_rps out"
            )
        elif (
            ratio > MAX_DIURNAL_PEAK_RATIO
            and self.pattern is Pattern.DIURNAL
            and self.hourly_profile is None
        ):
            problem = (
                f"is {significant(ratio)}x {average}; a daily cycle can peak at most "
                f"{MAX_DIURNAL_PEAK_RATIO:g}x its mean (every request of the day in one hour): "
                "for peaks shorter than an hour use pattern: bursty, or give an hourly_profile"
            )
        else:
            return
        raise ValidationError.from_exception_data(
            "Traffic",
            [
                InitErrorDetails(
                    type=PydanticCustomError("diurnal_peak", problem),
                    loc=("peak_rps",),
                    input=self.peak_rps,
                )
            ],
        )

    @property
    def requests_per_month(self) -> float:
        """Monthly requests, whichever way the file gave the volume."""
        if self.monthly_requests is not None:
            return self.monthly_requests
        assert self.average_rps is not None
        return self.average_rps * SECONDS_PER_MONTH


class Execution(Strict):
    """What one request costs in time and memory."""

    duration_ms: Number = Field(
        gt=0,
        le=MAX_DURATION_MS,
        description="Mean duration of one request, as billed on Lambda at memory_mb.",
    )
    memory_mb: Count = Field(gt=0, le=10**8, description="Memory of one Lambda environment, in MB.")
    architecture: Architecture | None = Field(
        None,
        description="x86_64 | arm64; unset, not pinned: priced as x86_64, with arm64 (Graviton) "
        "shown as an alternative.",
    )
    ephemeral_storage_mb: Count = Field(
        512, ge=512, le=10**8, description="Lambda /tmp in MB; 512 is free."
    )
    runtime: str = Field("python3.12", description="Lambda runtime; drives the cold-start time.")
    init_ms: Number | None = Field(
        None,
        gt=0,
        le=MAX_DURATION_MS,
        description="Cold-start (INIT) time of this function; default from runtime.",
    )
    duration_p99_ms: Number | None = Field(
        None,
        gt=0,
        le=MAX_DURATION_MS,
        description="p99 duration of a warm request; default duration_ms.",
    )
    cpu_ms: Number | None = Field(
        None,
        gt=0,
        le=MAX_DURATION_MS,
        description="CPU time one request uses, in ms. Default: duration_ms x Lambda's vCPU "
        "share at memory_mb (memory_mb / 1769, at most one vCPU), all the CPU Lambda gave the "
        "request: an upper bound, so a container is never sized for less work than Lambda did. "
        "Set it for I/O-bound work (most APIs wait on a database) to size containers tighter.",
    )
    request_memory_mb: Number | None = Field(
        None,
        gt=0,
        le=10**8,
        description="Memory one request in flight holds in a container, in MB "
        "(default: a quarter of memory_mb).",
    )
    package_mb: Number | None = Field(
        None, gt=0, le=1e6, description="Deployment package size, unzipped, in MB."
    )
    calls_functions_synchronously: bool = Field(
        False, description="The function waits on other Lambda functions it invokes."
    )
    synchronous_calls: Count = Field(
        1,
        ge=1,
        le=1000,
        description="With calls_functions_synchronously: the functions one request waits on.",
    )

    @property
    def arch(self) -> Architecture:
        """The architecture priced: the pinned one, else x86_64."""
        return self.architecture or Architecture.X86_64

    @field_validator("duration_p99_ms")
    @classmethod
    def _p99_not_below_mean(cls, value: float | None, info: ValidationInfo) -> float | None:
        mean = info.data.get("duration_ms")
        if value is not None and mean is not None and value < mean:
            raise ValueError(
                f"is below execution.duration_ms ({mean:g}): a p99 under the mean is almost "
                f"always a typo, and the latency estimate assumes it is not; give at least {mean:g}"
            )
        return value


class Requirements(Strict):
    """What the workload needs beyond compute."""

    latency_p99_ms: Number | None = Field(
        None,
        gt=0,
        le=MAX_DURATION_MS,
        description="End-to-end p99 target; cold starts count against it.",
    )
    stateful: bool = Field(False, description="Keeps in-memory state between requests.")
    persistent_connections: bool = Field(
        False, description="Holds WebSockets or other long-lived connections."
    )
    external_state: bool = Field(
        False,
        description="State lives in an external store (DynamoDB, Redis), so Lambda can serve it.",
    )
    max_queue_delay_s: Number | None = Field(
        None,
        gt=0,
        le=14 * 86_400,
        description="entry: queue: how long a message may wait before it is worked on, in "
        "seconds (default 300); containers are sized for throughput within it.",
    )
    interruptible: bool = Field(
        False,
        description="The work survives being stopped with two minutes' notice (retried, "
        "checkpointed): Fargate Spot and EC2 Spot are priced too.",
    )


class LambdaSettings(Strict):
    """Lambda billing choices."""

    free_tier: bool = Field(False, description="Subtract the monthly free tier.")
    provisioned_concurrency: Count = Field(0, ge=0, le=10**7, description="Environments kept warm.")
    provisioned_hours: Number = Field(
        HOURS_PER_MONTH, ge=0, le=HOURS_PER_MONTH, description="Hours per month kept warm."
    )
    provisioned_traffic_share: Number | None = Field(
        None,
        ge=0,
        le=1,
        description="Share of the month's requests that arrive in the provisioned hours "
        "(default provisioned_hours / 730: traffic spread evenly over the month).",
    )
    batch_size: Count = Field(
        10,
        ge=1,
        le=10_000,
        description="entry: queue: messages one invocation takes from the queue (its event "
        "source mapping's batch size).",
    )
    keep_alive_s: Number = Field(
        600.0,
        gt=0,
        le=86_400,
        description="How long an idle environment stays warm (not published; ~5-15 min).",
    )
    snapstart: bool = Field(
        False,
        description="Lambda SnapStart (Java, Python, .NET): cold starts restore a cached "
        "snapshot; Python and .NET pay for the cache and each restore.",
    )


class ManagedInstanceSettings(Strict):
    """Lambda Managed Instances: the function on EC2 instances that Lambda runs for you."""

    memory_gib_per_vcpu: Literal[2, 4, 8] = Field(
        2,
        description="ExecutionEnvironmentMemoryGiBPerVCpu: 2 (compute), 4 (general) or 8 "
        "(memory optimised); picks the instance families.",
    )
    max_concurrency: int | None = Field(
        None,
        ge=1,
        le=1600,
        description="PerExecutionEnvironmentMaxConcurrency: requests one environment serves at "
        "once (default 10, or 1 for scheduled jobs).",
    )
    min_instances: int = Field(
        3, ge=1, le=10**6, description="Instances always running (three: one per AZ)."
    )


class ContainerSettings(Strict):
    """How the same work runs in a container; unset values are derived."""

    vcpu: Number | None = Field(
        None,
        gt=0,
        le=10_000,
        description="vCPU per task (default 1; a one-request task gets memory_mb / 1,769).",
    )
    memory_gb: Number | None = Field(
        None,
        gt=0,
        le=10**6,
        description="Memory per task in GB (default: 2, or memory_mb if larger).",
    )
    ephemeral_storage_gb: Number = Field(
        20, ge=20, le=200, description="Fargate task storage; 20 GB is free."
    )
    concurrency: Count | None = Field(
        None,
        ge=1,
        le=10**7,
        description="Requests one task serves at once (default 10; 1 for jobs).",
    )
    min_tasks: Count | None = Field(
        None,
        ge=0,
        le=10**7,
        description="Floor for availability (default 2; 0 for scheduled jobs).",
    )
    target_utilization: Number = Field(
        0.7, ge=0.01, le=1, description="Plan capacity so tasks run at most this busy."
    )
    scale_out_lag_s: Number = Field(
        60.0,
        ge=0,
        le=86_400,
        description="Seconds from a traffic rise to a new Fargate task serving.",
    )


class Ec2Settings(Strict):
    """EC2 fleet choices."""

    instance_type: str | None = Field(None, description="Pin the instance type.")
    min_instances: Count | None = Field(None, ge=0, le=10**6, description="Floor for the fleet.")
    root_volume_gb: Number = Field(
        20, gt=0, le=65_536, description="gp3 root volume per instance, GB."
    )
    scale_out_lag_s: Number = Field(
        180.0, ge=0, le=86_400, description="Seconds from a traffic rise to a new instance serving."
    )


Commitment = Literal[
    "none",
    "compute-1y-no-upfront",
    "compute-1y-partial-upfront",
    "compute-1y-all-upfront",
    "compute-3y-no-upfront",
    "compute-3y-partial-upfront",
    "compute-3y-all-upfront",
    "ec2-instance-1y-no-upfront",
    "ec2-instance-1y-partial-upfront",
    "ec2-instance-1y-all-upfront",
    "ec2-instance-3y-no-upfront",
    "ec2-instance-3y-partial-upfront",
    "ec2-instance-3y-all-upfront",
]

COMMITMENTS: tuple[str, ...] = get_args(Commitment)
"""The Savings Plans a workload may commit to (`purchase.commitment`), as the pricing files'
`purchase_options.savings_plans` name them."""


class PurchaseSettings(Strict):
    """How the compute is bought."""

    commitment: Commitment = Field(
        "none",
        description="A Savings Plan to price with (committed prices decide the recommendation "
        "and the break-even); `none`: on demand, the report still shows what committing to "
        "a 1-year no-upfront Compute Savings Plan would do.",
    )


class Network(Strict):
    """Networking around the compute."""

    nat_gateway: bool = Field(False, description="Private subnets reach out through a NAT gateway.")
    nat_gb_per_month: Number = Field(
        0, ge=0, le=1e12, description="GB a month through the NAT gateway."
    )


class Logs(Strict):
    """What the workload writes to CloudWatch Logs."""

    kb_per_request: Number = Field(
        0.5,
        ge=0,
        le=1e6,
        description="KB of application log lines per request (default 0.5: one or two "
        "structured lines); Lambda adds its own 0.3 KB (START, END, REPORT).",
    )


class QueueSettings(Strict):
    """The SQS queue in front of a workload (`entry: queue`)."""

    fifo: bool = Field(False, description="A FIFO queue ($0.50 a million requests, not $0.40).")
    free_tier: bool = Field(
        False, description="Subtract SQS's free million requests a month (one per account)."
    )


class Decision(Strict):
    """How close two options must be before operational simplicity decides."""

    margin_percent: Number = Field(
        10, ge=0, le=10_000, description="Cost difference counted as a tie, %."
    )
    margin_usd: Number = Field(
        5, ge=0, le=1e12, description="Cost difference counted as a tie, USD/month."
    )
    self_managed_margin_percent: Number = Field(
        20,
        ge=0,
        le=100,
        description="EC2 (servers you run yourself) is recommended over a managed option only "
        "when it saves at least this share of the managed option's cost, %.",
    )
    self_managed_margin_usd: Number = Field(
        50,
        ge=0,
        le=1e12,
        description="... and at least this much a month, USD (both must hold).",
    )


class Current(Strict):
    """Where the workload runs today and what that costs: written by `advisor discover`, shown
    by `advisor compare` beside the recommendation, never used to price anything."""

    platform: Platform = Field(description="lambda | fargate | ec2: where it runs today.")
    monthly_cost_usd: BoundedDecimal | None = Field(
        None,
        ge=0,
        le=Decimal(10**12),
        description="Today's monthly cost at list price, USD; unknown when absent.",
    )


class Workload(Strict):
    """One workload: traffic, execution, requirements and platform settings."""

    version: Literal[1] = Field(description="File format version; 1.")
    kind: Literal["workload"] = Field("workload", description="`workload` (default).")
    name: Name = Field(description="Unique name within a folder; one line, at most 200 characters.")
    description: str = Field("", description="What the workload does.")
    region: Region = Field("us-east-1", description="AWS region; picks the pricing file.")
    account: str | None = Field(
        None,
        max_length=200,
        description="AWS account it runs in: compare and check bill free tiers and volume "
        "tiers once per account (default: the batch's one account).",
    )
    traffic: Traffic
    execution: Execution
    requirements: Requirements = Requirements()
    lambda_: LambdaSettings = Field(LambdaSettings(), alias="lambda")
    lambda_managed: ManagedInstanceSettings = ManagedInstanceSettings()
    container: ContainerSettings = ContainerSettings()
    ec2: Ec2Settings = Ec2Settings()
    network: Network = Network()
    logs: Logs = Logs()
    queue: QueueSettings = QueueSettings()
    purchase: PurchaseSettings = PurchaseSettings()
    decision: Decision = Decision()
    entry: Entry | None = Field(
        None,
        description="Default: API Gateway HTTP for Lambda, ALB for containers, none for jobs; "
        "`queue`: an SQS queue in front, nobody waiting on the response.",
    )
    current: Current | None = Field(
        None, description="Where it runs today and its cost (informational; `advisor discover`)."
    )
