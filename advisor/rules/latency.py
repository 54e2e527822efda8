"""Latency: cold starts against the p99 target."""

from __future__ import annotations

from advisor.coldstart import misses_target
from advisor.models.report import Severity
from advisor.rules.base import Context, Hit, fmt, rule


def _share(value: float) -> str:
    return f"{value * 100:.3g} %"


@rule("ADV201", "cold-start-latency")
def cold_start_latency(ctx: Context) -> list[Hit]:
    """Cold starts push Lambda past the p99 latency target.

    Fires for a Lambda option when either the estimated p99 (warm p99, or warm duration plus the
    runtime's init time once cold requests are more than 1 % of all) misses
    `requirements.latency_p99_ms`, or when one cold start alone (init p50 plus duration) breaks
    the target and cold starts happen every month: the target then cannot be promised. The
    estimate uses the runtime's measured init times (or `execution.init_ms`), the arrival rate per
    environment and a keep-alive of `lambda.keep_alive_s`. Provisioned concurrency, sized for the
    peak, is priced as an alternative.
    """
    target = ctx.workload.requirements.latency_p99_ms
    if target is None:
        return []
    duration = ctx.workload.execution.duration_ms
    warm = ctx.workload.execution.duration_p99_ms or duration
    hits = []
    for key, cold in ctx.cold_starts.items():
        if key not in ctx.options or not misses_target(cold, duration, warm, target):
            continue
        if cold.p99_ms > target:
            message = (
                f"{_share(cold.share)} of requests start cold ({fmt(cold.per_month)} a month); "
                f"estimated p99 {fmt(cold.p99_ms)} ms misses the {fmt(target)} ms target."
            )
        else:
            message = (
                f"A cold start alone takes {fmt(cold.init_p50_ms + duration)} ms (init p50 "
                f"{fmt(cold.init_p50_ms)} ms + {fmt(duration)} ms) against a {fmt(target)} ms "
                f"target, and about {fmt(cold.per_month)} requests a month start cold."
            )
        hits.append(Hit("ADV201", Severity.ERROR, message, key))
    return hits


@rule("ADV202", "duration-over-target")
def duration_over_target(ctx: Context) -> list[Hit]:
    """The work itself takes longer than the latency target.

    Fires when the warm p99 duration (`execution.duration_p99_ms`, else `duration_ms`) already
    exceeds `requirements.latency_p99_ms`: no platform meets the target without making the work
    faster, so the target does not decide between platforms.
    """
    execution = ctx.workload.execution
    target = ctx.workload.requirements.latency_p99_ms
    warm = execution.duration_p99_ms or execution.duration_ms
    if target is None or warm <= target:
        return []
    message = f"Warm requests already take {fmt(warm)} ms at p99, over the {fmt(target)} ms target."
    return [Hit("ADV202", Severity.WARNING, message)]


@rule("ADV203", "provisioned-concurrency-use")
def provisioned_use(ctx: Context) -> list[Hit]:
    """How busy the provisioned environments are.

    Reports, for a Lambda option with provisioned concurrency, how many environments are kept
    warm and what share of their time they work. Provisioned concurrency pays for itself against
    on-demand duration above about 60 % use (x86 rates: 0.0000041667 / (0.0000166667 -
    0.0000097222)); below that it buys latency, not savings.
    """
    hits = []
    for key, option in ctx.options.items():
        warm = option.sizing.get("provisioned_concurrency", 0)
        if not warm or not key.startswith("lambda"):
            continue
        used = option.sizing.get("mean_concurrency", 0.0) / warm
        message = f"{warm} environments kept warm, {min(used, 1.0) * 100:.0f} % busy on average."
        hits.append(Hit("ADV203", Severity.INFO, message, key))
    return hits
