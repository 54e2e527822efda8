"""Cold starts: how often a request meets a new Lambda environment, and what that does to p99.

Init times are the ZIP-package figures of the public lambda-perf benchmark (2026-07-24 to
2026-08-22, 512 MB, hello-world functions): real functions with heavy initialisation start slower,
so `execution.init_ms` overrides them.

Model. A request is cold when no idle warm environment is there to take it:
- after an idle gap longer than the keep-alive: with arrivals at rate r per environment, the chance
  that the gap before a request exceeds keep-alive T is exp(-r T) (Poisson arrivals);
- when concurrency rises (a burst, the morning ramp), each new environment serves a cold request;
- when Lambda recycles a busy environment, which it does every few hours even under steady load
  (not published; ENVIRONMENT_LIFETIME_H is the assumption).
The p99 is the warm p99 while cold requests are at most 1 % of all; above that it is the warm
duration plus the init time at the quantile that the cold share reaches. A p99 target is missed
when more than 1 % of all requests would be slower than it: the cold share times the share of
cold requests over the target, plus the warm requests in the tail past it (`slow_share`). A
single cold start slower than the target does not miss it while cold requests are that rare.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from advisor.models.runtimes import INIT_MS
from advisor.models.workload import Architecture, Workload
from advisor.pricing.traffic import Demand

SNAPSTART_RESTORE_MS = (150.0, 250.0, 400.0)
"""(p50, p90, p99) of a SnapStart restore: an assumption (lambda-perf does not measure
SnapStart; AWS describes restores as sub-second). A SnapStart cold start takes the shorter of
this and the function's own init."""
SNAPSTART_RUNTIMES = ("java", "python", "dotnet")
"""Runtimes SnapStart supports (managed runtimes only: not .NET native AOT)."""

P99_SHARE = 0.01
ENVIRONMENT_LIFETIME_H = 2.0


@dataclass(frozen=True, slots=True)
class ColdStarts:
    """Expected cold starts a month, their share of requests, and the p99 that follows."""

    per_month: float
    share: float
    init_p50_ms: float
    init_p99_ms: float
    p99_ms: float
    init: tuple[float, float, float]
    """The (p50, p90, p99) init times the estimate used."""


def init_percentiles(runtime: str, arm: bool, init_ms: float | None) -> tuple[float, float, float]:
    """(p50, p90, p99) init time; a fixed `init_ms` stands for all three."""
    if init_ms is not None:
        return (init_ms, init_ms, init_ms)
    x86, arm64 = INIT_MS[runtime]
    if not arm:
        return x86
    p50, p99 = arm64
    return (p50, x86[1] * p50 / x86[0], p99)


def _init_points(p: tuple[float, float, float]) -> list[tuple[float, float]]:
    """(quantile, init time) through the measured p50, p90 and p99, with the fastest at 0.8x
    the p50 and the slowest at 1.2x the p99."""
    return [(0.0, p[0] * 0.8), (0.5, p[0]), (0.9, p[1]), (0.99, p[2]), (1.0, p[2] * 1.2)]


def _init_at(quantile: float, p: tuple[float, float, float]) -> float:
    """Init time at a quantile, interpolating between the measured p50, p90 and p99."""
    points = _init_points(p)
    for (q0, v0), (q1, v1) in zip(points, points[1:], strict=False):
        if quantile <= q1:
            return v0 + (v1 - v0) * (quantile - q0) / (q1 - q0)
    return points[-1][1]


def estimate(
    demand: Demand,
    duration_ms: float,
    warm_p99_ms: float,
    keep_alive_s: float,
    init: tuple[float, float, float],
    warm_environments: float = 0.0,
) -> ColdStarts:
    """Cold starts for a demand profile; `warm_environments` are kept warm (provisioned)."""
    duration_s = duration_ms / 1000
    bursts_per_hour = demand.bursts_per_hour
    colds = 0.0
    requests = 0.0
    previous_concurrency = demand.buckets[-1].rps * duration_s
    # the same sums as the model above, in its order; each term is added only when positive
    # (a day's hours are walked for every workload and variant, so no max() calls)
    for hours, rps, peak_rps in demand.buckets:
        hour_requests = rps * (hours * 3600)
        requests += hour_requests
        concurrency = rps * duration_s
        environments = concurrency if concurrency > 1.0 else 1.0
        spill = environments - warm_environments
        if spill > 0 and rps > 0:
            per_env_rate = rps / environments
            idle_cold = math.exp(-per_env_rate * keep_alive_s)
            colds += hour_requests * idle_cold * spill / environments
            # an environment that stays warm is still replaced every few hours
            colds += spill * hours / ENVIRONMENT_LIFETIME_H * (1 - idle_cold)
        burst_rise = peak_rps * duration_s - (
            concurrency if concurrency >= warm_environments else warm_environments
        )
        if burst_rise > 0:
            colds += min(burst_rise * (bursts_per_hour * hours), hour_requests)
        # each bucket recurs once a day (or week): a rise from the hour before opens new
        # environments that many times a month
        ramp = concurrency - (
            previous_concurrency if previous_concurrency >= warm_environments else warm_environments
        )
        if ramp > 0:
            colds += ramp * hours
        previous_concurrency = concurrency
    colds = min(colds, requests)
    share = colds / requests if requests else 0.0
    cold_tail = share > P99_SHARE
    p99 = duration_ms + _init_at(1 - P99_SHARE / share, init) if cold_tail else warm_p99_ms
    return ColdStarts(colds, share, init[0], init[2], p99, init)


def init_share_over(threshold_ms: float, p: tuple[float, float, float]) -> float:
    """The share of init times longer than `threshold_ms`: the inverse of `_init_at`."""
    points = _init_points(p)
    if threshold_ms < points[0][1]:
        return 1.0
    for (q0, v0), (q1, v1) in zip(points, points[1:], strict=False):
        if threshold_ms < v1:
            return 1.0 - (q0 + (q1 - q0) * (threshold_ms - v0) / (v1 - v0))
    return 0.0


def warm_share_over(target_ms: float, duration_ms: float, warm_p99_ms: float) -> float:
    """The share of warm requests slower than `target_ms`.

    Warm durations are taken as a shifted exponential with the workload's mean and p99: no
    request faster than `a`, and P(d > t) = exp(-(t - a) / s) above it, so the mean is a + s
    and the p99 a + s ln 100. With the p99 equal to the mean (the default) every warm request
    takes the mean."""
    if warm_p99_ms <= duration_ms:
        return 0.0 if target_ms >= duration_ms else 1.0
    scale = (warm_p99_ms - duration_ms) / (math.log(100) - 1)
    start = duration_ms - scale
    if target_ms <= start:
        return 1.0
    return math.exp(-(target_ms - start) / scale)


def slow_share(cold: ColdStarts, duration_ms: float, warm_p99_ms: float, target_ms: float) -> float:
    """The share of all requests slower than `target_ms`: cold requests (the warm duration plus
    an init time) whose init pushes them over, plus warm requests in the tail past it."""
    cold_over = init_share_over(target_ms - duration_ms, cold.init)
    warm_over = warm_share_over(target_ms, duration_ms, warm_p99_ms)
    return cold.share * cold_over + (1 - cold.share) * warm_over


def misses_target(
    cold: ColdStarts, duration_ms: float, warm_p99_ms: float, target_ms: float | None
) -> bool:
    """Whether cold starts break a p99 target that warm requests meet: more than 1 % of all
    requests would be slower than it. A cold start slower than the target on its own does not
    break a p99 target while cold requests are rarer than that."""
    if target_ms is None or warm_p99_ms > target_ms:
        return False
    return slow_share(cold, duration_ms, warm_p99_ms, target_ms) > P99_SHARE


def lambda_cold_starts(workload: Workload, demand: Demand, warm: int) -> ColdStarts:
    """Cold starts and p99 for a Lambda option with `warm` provisioned environments (with
    SnapStart, each cold start restores a snapshot: `SNAPSTART_RESTORE_MS`)."""
    execution = workload.execution
    init = init_percentiles(
        execution.runtime, execution.arch is Architecture.ARM64, execution.init_ms
    )
    if workload.lambda_.snapstart:
        init = (
            min(init[0], SNAPSTART_RESTORE_MS[0]),
            min(init[1], SNAPSTART_RESTORE_MS[1]),
            min(init[2], SNAPSTART_RESTORE_MS[2]),
        )
    return estimate(
        demand,
        execution.duration_ms,
        execution.duration_p99_ms or execution.duration_ms,
        workload.lambda_.keep_alive_s,
        init,
        warm_environments=float(warm),
    )
