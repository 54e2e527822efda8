"""AWS Lambda: requests, duration GB-seconds through the volume tiers, ephemeral storage,
provisioned concurrency, and the free tier, declared once as charges (`lambda_charges`).

Duration bills in 1 ms steps at the configured memory (1 GB = 1024 MB). With provisioned
concurrency, invocations that fit in the warm environments bill at the provisioned duration rate
and the rest on demand. The free tier (1M requests and 400,000 GB-s a month) never applies to
provisioned concurrency, but still does to the on-demand use beside it (AWS's example D).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from typing import Generic

import numpy as np

from advisor.models.catalog import LambdaRates, SnapStartRates
from advisor.models.workload import (
    HOURS_PER_MONTH,
    SECONDS_PER_MONTH,
    Entry,
    Execution,
    LambdaSettings,
    Workload,
)
from advisor.money import ZERO, dec
from advisor.pricing.charges import Charge, Floats, N, Numbers
from advisor.pricing.coldstart import ColdStarts
from advisor.pricing.traffic import Demand

MB_PER_GB = Decimal(1024)
FREE_EPHEMERAL_MB = 512
SNAPSTART_CHARGED = ("python", "dotnet")
"""Runtimes that pay for SnapStart's cache and restores (Java managed runtimes do not)."""
MAX_INVOCATION_MS = 900_000
"""Lambda's 15-minute limit on one invocation."""
PROVISIONED_UTILIZATION = 0.7
"""Provisioned concurrency is sized so the peak keeps it at most this busy (AWS's usual target)."""


@dataclass(frozen=True, slots=True)
class Allowance(Generic[N]):
    """Free tier left to use, and GB-seconds already billed this month in the same account."""

    free_requests: N
    free_gb_seconds: N
    tier_offset: N | None = None


NO_ALLOWANCE: Allowance[Decimal] = Allowance(ZERO, ZERO)


@dataclass(frozen=True, slots=True)
class LambdaUse(Generic[N]):
    """What a month of invocations uses, before prices."""

    requests: N
    billed_s: N
    """One invocation's billed duration (rounded up to 1 ms), in seconds."""
    memory_gb: N
    ephemeral_gb: N
    """Ephemeral storage above the free 512 MB."""
    warm: N
    """Provisioned environments (0: none)."""
    warm_hours: N
    """Hours a month they are kept warm."""
    warm_requests: N
    """Invocations served by the warm environments."""
    init_per_request: N
    """GB-seconds of INIT phases per invocation: cold starts on demand are billed as duration
    since 1 August 2025 (their share of requests held at today's traffic at other multiples)."""
    restore_gb_per_request: N
    """GB of SnapStart snapshots restored per invocation (Python and .NET: a restore of the
    function's memory at each cold start; 0 without SnapStart or on Java)."""
    snapshot_gb: N
    """GB of SnapStart snapshot cached (the function's memory; 0: none charged)."""

    @property
    def init_gb_seconds(self) -> N:
        """The INIT phases of cold starts on demand."""
        return self.requests * self.init_per_request

    @property
    def gb_seconds(self) -> N:
        """Every invocation's duration."""
        return self.requests * self.billed_s * self.memory_gb

    @property
    def warm_gb_seconds(self) -> N:
        """Duration served by provisioned environments."""
        return self.warm_requests * self.billed_s * self.memory_gb

    @property
    def on_demand_gb_seconds(self) -> N:
        """Duration billed on demand."""
        return self.gb_seconds - self.warm_gb_seconds


def lambda_charges(
    use: LambdaUse[N], arch: str, rates: LambdaRates, allowance: Allowance[N], n: Numbers[N]
) -> list[Charge[N]]:
    """What one function's month bills, on its own: the account's lines and its own. The free
    requests go to invocations on demand, not to those the warm environments serve."""
    on_demand = use.requests - use.warm_requests
    allowance = Allowance(
        n.minimum(allowance.free_requests, on_demand),
        allowance.free_gb_seconds,
        allowance.tier_offset,
    )
    pooled = pooled_charges(use.requests, {arch: use.on_demand_gb_seconds}, rates, allowance, n)
    # INIT is duration: the free GB-seconds the invocations leave cover it too
    gb_seconds = use.on_demand_gb_seconds
    free_left = allowance.free_gb_seconds - n.minimum(allowance.free_gb_seconds, gb_seconds)
    return pooled + init_charges(use, arch, rates, n, free_left) + own_charges(use, arch, rates, n)


def init_charges(
    use: LambdaUse[N], arch: str, rates: LambdaRates, n: Numbers[N], free: N | None = None
) -> list[Charge[N]]:
    """The INIT phases of cold starts on demand, billed at the duration rate in the tiers
    after the invocations' GB-seconds (`free`: free-tier GB-seconds left to cover them)."""
    if not n.some(use.init_gb_seconds):
        return []
    return [
        Charge(
            "INIT duration of cold starts",
            use.init_gb_seconds,
            getattr(rates.duration, arch),
            free=free,
            offset=use.on_demand_gb_seconds,
            banded=True,
            usage=f"lambda-duration:{arch}",
        )
    ]


def pooled_charges(
    requests: N,
    gb_seconds: dict[str, N],
    rates: LambdaRates,
    allowance: Allowance[N],
    n: Numbers[N],
    prefix: str = "",
) -> list[Charge[N]]:
    """Requests and on-demand duration, billed per account: free tier first, then the tiers of
    each architecture. The free GB-seconds go to x86 first, the dearer rate."""
    charges = [Charge(f"{prefix}Requests", requests, rates.requests, free=allowance.free_requests)]
    free_left = allowance.free_gb_seconds
    label = "Duration" if len(gb_seconds) == 1 else "Duration {arch}"
    for arch in sorted(gb_seconds, key=lambda a: a != "x86_64"):
        quantity = gb_seconds[arch]
        free = n.minimum(quantity, free_left)
        free_left = free_left - free
        charges.append(
            Charge(
                prefix + label.format(arch=arch),
                quantity,
                getattr(rates.duration, arch),
                free=free,
                offset=allowance.tier_offset,
                banded=True,
                usage=f"lambda-duration:{arch}",
            )
        )
    return charges


def own_charges(use: LambdaUse[N], arch: str, rates: LambdaRates, n: Numbers[N]) -> list[Charge[N]]:
    """What a function pays on its own: provisioned concurrency and extra ephemeral storage."""
    charges: list[Charge[N]] = []
    warm_gb_seconds = use.warm * use.memory_gb * use.warm_hours * 3600
    if n.some(warm_gb_seconds):
        charges += [
            Charge(
                "Provisioned concurrency",
                warm_gb_seconds,
                getattr(rates.provisioned_concurrency, arch),
                usage=f"lambda-provisioned:{arch}",
            ),
            Charge(
                "Duration on provisioned concurrency",
                use.warm_gb_seconds,
                getattr(rates.provisioned_duration, arch),
                usage=f"lambda-provisioned:{arch}",
            ),
        ]
    ephemeral_gb_seconds = use.requests * use.billed_s * use.ephemeral_gb
    if n.some(ephemeral_gb_seconds):
        charges.append(
            Charge("Ephemeral storage above 512 MB", ephemeral_gb_seconds, rates.ephemeral_storage)
        )
    return charges


def snapstart_charges(
    use: LambdaUse[N], rates: SnapStartRates | None, n: Numbers[N]
) -> list[Charge[N]]:
    """SnapStart for Python and .NET: the published version's snapshot cached all month (the
    3-hour minimum per version is far below it) and a restore at each cold start; none where
    the pricing file has no snapstart section."""
    if rates is None or not n.some(use.snapshot_gb):
        return []
    return [
        Charge("SnapStart cache", use.snapshot_gb * SECONDS_PER_MONTH, rates.cache),
        Charge("SnapStart restores", use.requests * use.restore_gb_per_request, rates.restore),
    ]


def provisioned_size(peak_concurrency: Floats) -> Floats:
    """Environments that hold the peak warm at the usual 70 % target (at least one)."""
    sized: Floats = np.maximum(1.0, np.ceil(peak_concurrency / PROVISIONED_UTILIZATION - 1e-9))
    return sized


def provisioned_for(demand: Demand, execution: Execution) -> int:
    """The provisioned environments a demand's peak needs."""
    peak = demand.peak_rps * execution.duration_ms / 1000
    return int(provisioned_size(np.array(peak)))


def warm_served(
    requests_per_hour: Floats, concurrency: Floats, warm: Floats, coverage: Floats, density: Floats
) -> Floats:
    """Invocations the warm environments serve in each hour of the profile: of the requests
    that fall in the provisioned hours (`coverage`, their share of the month's), all while the
    concurrency of those hours fits in them (`density` times the hour's mean: traffic crowded
    into the provisioned window runs at a higher rate), else the share that fits. Everything
    broadcasts."""
    crowded = concurrency * density
    share = np.where(crowded <= warm, 1.0, warm / np.maximum(crowded, 1e-300))
    served: Floats = requests_per_hour * share * coverage
    return served


def provisioned_window(settings: LambdaSettings) -> tuple[float, float]:
    """The share of the month's requests in the provisioned hours, and how much denser the
    traffic runs in them than on average."""
    hours_share = settings.provisioned_hours / HOURS_PER_MONTH
    coverage = settings.provisioned_traffic_share
    if coverage is None:
        return hours_share, 1.0
    return coverage, coverage / hours_share if hours_share else 1.0


def snapstart_charged(settings: LambdaSettings, execution: Execution) -> bool:
    """Whether SnapStart is charged: Python and .NET pay for it, Java is exempt."""
    return settings.snapstart and execution.runtime.startswith(SNAPSTART_CHARGED)


def billed_size(execution: Execution) -> tuple[Decimal, Decimal, Decimal]:
    """One invocation's billed seconds (rounded up to 1 ms), memory in GB, and ephemeral
    storage above the free 512 MB in GB."""
    return (
        Decimal(math.ceil(execution.duration_ms)) / 1000,
        Decimal(execution.memory_mb) / MB_PER_GB,
        Decimal(execution.ephemeral_storage_mb - FREE_EPHEMERAL_MB) / MB_PER_GB,
    )


def init_per_request(cold: ColdStarts, execution: Execution) -> Decimal:
    """GB-seconds of INIT phases per invocation: the share of invocations that start cold on
    demand, each INIT as long as the runtime's median (or `execution.init_ms`) rounded up to
    1 ms, at the function's memory."""
    billed_s = Decimal(math.ceil(cold.init_p50_ms)) / 1000
    memory_gb = Decimal(execution.memory_mb) / MB_PER_GB
    return dec(cold.share) * billed_s * memory_gb


def lambda_use(
    demand: Demand,
    execution: Execution,
    settings: LambdaSettings,
    cold: ColdStarts | None = None,
) -> LambdaUse[Decimal]:
    """A month's invocations, GB-seconds and warm environments, exactly; with `cold`, the
    cold starts on demand whose INIT phases are billed (their share of invocations)."""
    billed_s, memory_gb, ephemeral_gb = billed_size(execution)
    snapped = Decimal(snapstart_charged(settings, execution))
    requests = dec(demand.monthly_requests)
    pc = settings.provisioned_concurrency
    warm_requests = ZERO
    if pc > 0:
        rps = np.array([bucket.rps for bucket in demand.buckets])
        hours = np.array([bucket.hours for bucket in demand.buckets])
        coverage, density = provisioned_window(settings)
        served = warm_served(
            rps * hours * 3600,
            rps * float(billed_s),
            np.array(float(pc)),
            np.array(coverage),
            np.array(density),
        )
        warm_requests = min(requests, dec(sum(served.tolist())))
    return LambdaUse(
        requests=requests,
        billed_s=billed_s,
        memory_gb=memory_gb,
        ephemeral_gb=ephemeral_gb,
        warm=Decimal(pc),
        warm_hours=dec(settings.provisioned_hours),
        warm_requests=warm_requests,
        init_per_request=ZERO if cold is None else init_per_request(cold, execution),
        restore_gb_per_request=ZERO if cold is None else dec(cold.share) * memory_gb * snapped,
        snapshot_gb=memory_gb * snapped,
    )


def batch_of(workload: Workload) -> int:
    """Messages one invocation takes from a queue: `lambda.batch_size`, fewer when the batch
    would not finish within Lambda's 15 minutes; 1 without a queue."""
    if workload.entry is not Entry.QUEUE:
        return 1
    fits = int(MAX_INVOCATION_MS // workload.execution.duration_ms)
    return max(1, min(workload.lambda_.batch_size, fits))


def batched(workload: Workload, demand: Demand) -> tuple[Workload, Demand]:
    """What Lambda runs behind a queue: its event source mapping invokes the function once per
    batch, for the batch's summed duration. GB-seconds stay those of the messages; requests (and
    cold starts, and concurrency) drop by the batch size. Without a queue, the workload as is."""
    size = batch_of(workload)
    if size == 1:
        return workload, demand
    execution = workload.execution
    update: dict[str, float] = {"duration_ms": execution.duration_ms * size}
    if execution.duration_p99_ms is not None:
        update["duration_p99_ms"] = execution.duration_p99_ms * size
    return (
        workload.model_copy(update={"execution": execution.model_copy(update=update)}),
        demand.scaled(1 / size),
    )


def own_allowance(settings: LambdaSettings, rates: LambdaRates) -> Allowance[Decimal]:
    """The allowance of a workload priced alone: the free tier if it asks for it (for its use on
    demand, with or without provisioned concurrency), no offset."""
    if not settings.free_tier:
        return NO_ALLOWANCE
    return Allowance(rates.free_tier.requests, rates.free_tier.gb_seconds)
