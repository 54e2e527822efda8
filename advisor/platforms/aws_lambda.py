"""AWS Lambda: requests, duration GB-seconds through the volume tiers, ephemeral storage,
provisioned concurrency, and the free tier.

Duration bills in 1 ms steps at the configured memory (1 GB = 1024 MB). With provisioned
concurrency, invocations that fit in the warm environments bill at the provisioned duration rate
and the rest on demand. The free tier (1M requests and 400,000 GB-s a month) never applies to a
function with provisioned concurrency, as the pricing page says.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from advisor.models.catalog import LambdaRates
from advisor.models.workload import HOURS_PER_MONTH, Execution, LambdaSettings
from advisor.money import ZERO, Item, dec, flat_item, tiered_items
from advisor.traffic import Demand

MB_PER_GB = Decimal(1024)
FREE_EPHEMERAL_MB = 512
PROVISIONED_UTILIZATION = 0.7
"""Provisioned concurrency is sized so the peak keeps it at most this busy (AWS's usual target)."""


@dataclass(frozen=True, slots=True)
class Allowance:
    """Free tier left to use, and GB-seconds already billed this month in the same account."""

    free_requests: Decimal = ZERO
    free_gb_seconds: Decimal = ZERO
    tier_offset: Decimal = ZERO


@dataclass(frozen=True, slots=True)
class LambdaUsage:
    """What a month of invocations uses, before prices."""

    requests: Decimal
    billed_ms: int
    memory_gb: Decimal
    on_demand_gb_seconds: Decimal
    provisioned_gb_seconds: Decimal
    warm_gb_seconds: Decimal
    ephemeral_gb_seconds: Decimal
    mean_concurrency: float
    peak_concurrency: float


def provisioned_size(demand: Demand, execution: Execution) -> int:
    """Environments that hold the peak warm at the usual 70 % target."""
    peak = demand.peak_rps * execution.duration_ms / 1000
    return max(1, math.ceil(peak / PROVISIONED_UTILIZATION - 1e-9))


def lambda_usage(demand: Demand, execution: Execution, settings: LambdaSettings) -> LambdaUsage:
    """Invocations, GB-seconds on demand and provisioned, and concurrency."""
    billed_ms = math.ceil(execution.duration_ms)
    memory_gb = Decimal(execution.memory_mb) / MB_PER_GB
    requests = dec(demand.monthly_requests)
    billed_s = Decimal(billed_ms) / 1000
    total_gb_seconds = requests * billed_s * memory_gb
    pc = settings.provisioned_concurrency
    duration_s = billed_ms / 1000
    provisioned_gb_seconds = ZERO
    warm_gb_seconds = ZERO
    if pc > 0:
        coverage = settings.provisioned_hours / HOURS_PER_MONTH
        served = 0.0
        for bucket in demand.buckets:
            concurrency = bucket.rps * duration_s
            share = 1.0 if concurrency <= pc else pc / concurrency
            served += bucket.rps * bucket.hours * 3600 * share * coverage
        served_requests = min(requests, dec(served))
        provisioned_gb_seconds = served_requests * billed_s * memory_gb
        warm_gb_seconds = Decimal(pc) * memory_gb * dec(settings.provisioned_hours) * 3600
    ephemeral_gb = Decimal(execution.ephemeral_storage_mb - FREE_EPHEMERAL_MB) / MB_PER_GB
    return LambdaUsage(
        requests=requests,
        billed_ms=billed_ms,
        memory_gb=memory_gb,
        on_demand_gb_seconds=total_gb_seconds - provisioned_gb_seconds,
        provisioned_gb_seconds=provisioned_gb_seconds,
        warm_gb_seconds=warm_gb_seconds,
        ephemeral_gb_seconds=requests * billed_s * ephemeral_gb,
        mean_concurrency=demand.average_rps * duration_s,
        peak_concurrency=demand.peak_rps * duration_s,
    )


def lambda_items(
    usage: LambdaUsage, execution: Execution, rates: LambdaRates, allowance: Allowance
) -> list[Item]:
    """Line items for one function's month."""
    arch = execution.architecture.value
    pooled = pooled_items(usage.requests, {arch: usage.on_demand_gb_seconds}, rates, allowance)
    return pooled + own_items(usage, execution, rates)


def pooled_items(
    requests: Decimal,
    gb_seconds: dict[str, Decimal],
    rates: LambdaRates,
    allowance: Allowance,
    prefix: str = "",
) -> list[Item]:
    """Requests and on-demand duration, billed per account: free tier first, then the tiers of
    each architecture. The free GB-seconds go to x86 first, the dearer rate."""
    items: list[Item] = []
    free_requests = min(requests, allowance.free_requests)
    if free_requests:
        items.append(Item(f"{prefix}Requests (free tier)", free_requests, "request", ZERO, ZERO))
    items.append(flat_item(f"{prefix}Requests", requests - free_requests, rates.requests))
    free_left = allowance.free_gb_seconds
    label = "Duration" if len(gb_seconds) == 1 else "Duration {arch}"
    for arch in sorted(gb_seconds, key=lambda a: a != "x86_64"):
        quantity = gb_seconds[arch]
        name = prefix + label.format(arch=arch)
        free = min(quantity, free_left)
        free_left -= free
        if free:
            items.append(Item(f"{name} (free tier)", free, "GB-second", ZERO, ZERO))
        items += tiered_items(
            name, quantity - free, getattr(rates.duration, arch), allowance.tier_offset
        )
    return items


def own_items(usage: LambdaUsage, execution: Execution, rates: LambdaRates) -> list[Item]:
    """What a function pays on its own: provisioned concurrency and extra ephemeral storage."""
    arch = execution.architecture.value
    items: list[Item] = []
    if usage.warm_gb_seconds:
        items.append(
            flat_item(
                "Provisioned concurrency",
                usage.warm_gb_seconds,
                getattr(rates.provisioned_concurrency, arch),
            )
        )
        items.append(
            flat_item(
                "Duration on provisioned concurrency",
                usage.provisioned_gb_seconds,
                getattr(rates.provisioned_duration, arch),
            )
        )
    if usage.ephemeral_gb_seconds:
        items.append(
            flat_item(
                "Ephemeral storage above 512 MB",
                usage.ephemeral_gb_seconds,
                rates.ephemeral_storage,
            )
        )
    return items


def own_allowance(settings: LambdaSettings, rates: LambdaRates) -> Allowance:
    """The allowance of a workload priced alone: the free tier if it asks for it, no offset."""
    if not settings.free_tier or settings.provisioned_concurrency > 0:
        return Allowance()
    return Allowance(rates.free_tier.requests, rates.free_tier.gb_seconds)
