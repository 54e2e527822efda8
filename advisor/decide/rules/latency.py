"""Latency: cold starts against the p99 target."""

from __future__ import annotations

from advisor.decide.rules.base import Context, Hit, rule
from advisor.models.report import Severity
from advisor.models.sizing import LambdaSizing
from advisor.numerals import milliseconds, number, share, things
from advisor.pricing.coldstart import misses_target, slow_share


@rule("ADV201", "cold-start-latency", decides=True)
def cold_start_latency(ctx: Context) -> list[Hit]:
    """Cold starts push Lambda past the p99 latency target.

    A p99 target allows 1 % of requests to be slower. Fires as an error for a Lambda option when
    more than 1 % of all requests would be slower than `requirements.latency_p99_ms`: the share
    of requests that start cold times the share of those whose init time pushes them over, plus
    the warm requests in the tail past the target (a warm tail fitted to `duration_ms` and
    `execution.duration_p99_ms`). The estimate uses the runtime's measured init times (or
    `execution.init_ms`), the arrival rate per environment and a keep-alive of
    `lambda.keep_alive_s`; provisioned concurrency, sized for the peak, is then priced as an
    alternative. When cold starts are rarer than that but one alone takes longer than the target,
    it is an info finding: the p99 holds, the slowest requests do not.
    """
    target = ctx.workload.requirements.latency_p99_ms
    if target is None:
        return []
    duration = ctx.workload.execution.duration_ms
    warm = ctx.workload.execution.duration_p99_ms or duration
    if warm > target:
        return []  # the work itself misses the target (ADV202): cold starts cannot decide
    hits = []
    for key, cold in ctx.cold_starts.items():
        if key not in ctx.options:
            continue
        slow = slow_share(cold, duration, warm, target)
        started = f"{share(cold.share)} of requests start cold ({number(cold.per_month)} a month)"
        if misses_target(cold, duration, warm, target):
            estimate = (
                f"; estimated p99 {milliseconds(cold.p99_ms)}" if cold.p99_ms > target else ""
            )
            message = (
                f"{started}; about {share(slow)} of all requests would take longer than the "
                f"{milliseconds(target)} target, more than the 1 % a p99 allows{estimate}."
            )
            hits.append(Hit("ADV201", Severity.ERROR, message, key))
        elif cold.per_month >= 1 and cold.init_p50_ms + duration > target:
            message = (
                f"A cold start takes about {milliseconds(cold.init_p50_ms + duration)} (init p50 "
                f"{milliseconds(cold.init_p50_ms)} + {milliseconds(duration)}), over the "
                f"{milliseconds(target)} target, but only {started}: about {share(slow)} of all "
                "requests are slower than the target, within the 1 % a p99 allows."
            )
            hits.append(Hit("ADV201", Severity.INFO, message, key))
    return hits


@rule("ADV202", "duration-over-target", decides=True)
def duration_over_target(ctx: Context) -> list[Hit]:
    """The work itself takes longer than the latency target.

    Fires when the warm p99 duration (`execution.duration_p99_ms`, else `duration_ms`) already
    exceeds `requirements.latency_p99_ms`: no platform meets the target without making the work
    faster, so the target does not decide between platforms: a finding beside the verdict, not
    a reason for it.
    """
    execution = ctx.workload.execution
    target = ctx.workload.requirements.latency_p99_ms
    warm = execution.duration_p99_ms or execution.duration_ms
    if target is None or warm <= target:
        return []
    message = (
        f"Warm requests already take {milliseconds(warm)} at p99, over the "
        f"{milliseconds(target)} target."
    )
    return [Hit("ADV202", Severity.WARNING, message)]


@rule("ADV203", "provisioned-concurrency-use", decides=True)
def provisioned_use(ctx: Context) -> list[Hit]:
    """How busy the provisioned environments are.

    Reports, for a Lambda option with provisioned concurrency, how many environments are kept
    warm and what share of their time they work. Provisioned concurrency pays for itself against
    on-demand duration above about 60 % use (x86 rates: 0.0000041667 / (0.0000166667 -
    0.0000097222)); below that it buys latency, not savings.
    """
    hits = []
    for key, option in ctx.options.items():
        sizing = option.sizing
        if not isinstance(sizing, LambdaSizing) or not sizing.provisioned_concurrency:
            continue
        warm = sizing.provisioned_concurrency
        used = sizing.mean_concurrency / warm
        message = (
            f"{things(warm, 'environment')} kept warm, {min(used, 1.0) * 100:.0f} % busy on "
            "average."
        )
        hits.append(Hit("ADV203", Severity.INFO, message, key))
    return hits
