"""Shared wording for the human-readable renderers."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from advisor.decide.rules.base import deciding_reason
from advisor.escape import Md, md_text
from advisor.models.comparison import Row
from advisor.models.report import (
    Alternative,
    Choice,
    Finding,
    Option,
    Reason,
    Recommendation,
    Report,
    TrafficSummary,
)
from advisor.models.sizing import Ec2Sizing, FargateSizing, LambdaSizing, ManagedInstancesSizing
from advisor.models.workload import SECONDS_PER_MONTH
from advisor.money import usd
from advisor.numerals import milliseconds, rate, share, significant, span, things, whole


def commitment_line(option: Option) -> str | None:
    """What a Savings Plan does to an option, in a sentence (None where none is priced)."""
    effect = option.commitment
    if effect is None:
        return None
    how = "committed" if effect.committed else "if committed"
    if not effect.hourly_commitment:
        return (
            f"Savings Plan {effect.plan} ({how}): no saving, since some hour of the month uses "
            "none of this option and a commitment is paid every hour."
        )
    upfront = f", {usd(effect.upfront)} upfront" if effect.upfront else ""
    return (
        f"Savings Plan {effect.plan} ({how}): {usd(effect.monthly_cost)}/month, "
        f"${effect.hourly_commitment}/hour committed{upfront}, "
        f"{effect.effective_discount * 100:.1f} % off on demand."
    )


def markdown_row(cells: Sequence[str]) -> str:
    """One Markdown table row, every cell escaped (`md_text`: a `|` or a line break would end the
    cell or the row, a tag or link would reach the page) unless the renderer wrote it (`Md`)."""
    return "| " + " | ".join(c if isinstance(c, Md) else md_text(c) for c in cells) + " |"


def count(number: int, noun: str) -> str:
    """`1 service`, `3 services`."""
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def quantity(value: Decimal) -> str:
    """A quantity for people, with separators and no trailing zeros: at most two decimals from
    one up (`2,005 GB`, `150.38 GB`, not `150.375366`), six below (`0.041667`). The JSON report
    keeps six; a line's cost is still its quantity as shown times its unit price, to the cent,
    at any unit price under two dollars."""
    places = 2 if abs(value) >= 1 else 6
    text = f"{value:,.{places}f}".rstrip("0").rstrip(".")
    return text or "0"


def unit_price(value: Decimal) -> str:
    """`$0.0000166667` as published; a price worked out to more figures (a Savings Plan's
    share off) to six significant ones, `$0.0000148267`, not `$0.00001482669632`."""
    digits = len(value.normalize().as_tuple().digits)
    if value and digits > 6:
        places = 6 - value.adjusted() - 1
        value = value.quantize(Decimal(1).scaleb(-places)).normalize()
    return f"${value:f}"


def sizing_summary(option: Option) -> str:
    """One line on how an option is sized, its figures rounded for people (the JSON report
    keeps them exact)."""
    s = option.sizing
    if isinstance(s, LambdaSizing):
        text = f"{s.memory_mb} MB, peak concurrency {significant(s.peak_concurrency)}"
        if s.provisioned_concurrency:
            text += f", {s.provisioned_concurrency} provisioned"
        return text + f", cold {share(s.cold_start_share)}, p99 ~{milliseconds(s.p99_latency_ms)}"
    if isinstance(s, FargateSizing):
        size = f"{s.task_vcpu:g} vCPU / {s.task_memory_gb:g} GB"
        return _fleet(s.tasks_min, s.tasks_max, s.tasks_mean, "task", size, s.utilization)
    if isinstance(s, Ec2Sizing):
        low, high = s.instances_min, s.instances_max
        return _fleet(low, high, s.instances_mean, "instance", s.instance_type, s.utilization)
    if isinstance(s, ManagedInstancesSizing):
        low, high = s.instances_min, s.instances_max
        size = (
            f"{s.instance_type} ({things(s.environments_per_instance, 'environment')} of "
            f"{s.environment_memory_gib:g} GiB, up to {s.max_concurrency} requests each)"
        )
        fleet = _fleet(low, high, s.instances_mean, "instance", size, s.utilization)
        return fleet + ", no cold starts"
    return ""


def _fleet(
    low: float, high: float, mean: float, noun: str, size: str, utilization: float | None
) -> str:
    """`2 tasks of 1 vCPU / 2 GB, 19 % busy`, `4-7 instances of c6a.large (mean 5.12), 53 %
    busy`: whole tasks or instances, the mean only when the count moves."""
    text = f"{span(low, high, noun)} of {size}"
    if whole(low) != whole(high):
        text += f" (mean {significant(mean)})"
    if utilization is not None:
        text += f", {busy(utilization)}"
    return text


def busy(utilization: float) -> str:
    """`62 % busy`, `under 1 % busy`."""
    percent = utilization * 100
    return f"{percent:.0f} % busy" if percent >= 1 or percent == 0 else "under 1 % busy"


def traffic_rates(traffic: TrafficSummary) -> str:
    """`mean 38.1 req/s, peak 38.1 req/s`, the mean from the monthly volume (the report rounds
    rates to 4 places: a job a day would show as 0 req/s)."""
    average = float(traffic.monthly_requests) / SECONDS_PER_MONTH
    return f"mean {rate(average)}, peak {rate(max(float(traffic.peak_rps), average))}"


def headline(report: Report) -> str:
    """The one-line verdict: what it saves, or, in a close call, that it is one (never a
    negative saving)."""
    rec = report.recommendation
    if rec is None:
        return "No option can run this workload as described."
    return f"Recommended: {rec.label} at {usd(rec.monthly_cost)}/month{against(rec)}"


def against(rec: Recommendation) -> str:
    """How the verdict compares with the runner-up: `, saving $80.17 against EC2`, or
    `, $8.14 (9.12 %) more than EC2 but simpler to run: a close call`."""
    if rec.runner_up is None or rec.saving is None:
        return ": a close call" if rec.close_call else ""
    runner = rec.runner_up.label
    gap = rec.saving
    if not rec.close_call:
        return f", saving {usd(gap)} against {runner}"
    base = rec.runner_up.monthly_cost  # "9.12 % more than EC2": a share of EC2's cost
    apart = f" ({significant(float(abs(gap) / base * 100))} %)" if base > 0 else ""
    if gap == 0:
        return f", the same as {runner}: a close call"
    if gap > 0:
        return f", {usd(gap)}{apart} less than {runner}: a close call"
    return f", {usd(-gap)}{apart} more than {runner} but simpler to run: a close call"


def other_findings(report: Report) -> list[Finding]:
    """Findings about the workload that are not among the verdict's reasons: they do not argue
    for it (97 % idle containers beside a Fargate verdict), so they are shown beside it."""
    rec = report.recommendation
    given = {(r.rule, r.message) for r in rec.reasons} if rec is not None else set()
    return [f for f in report.findings if (f.rule, f.message) not in given]


def saving_cell(row: Row) -> str:
    """A comparison's saving against the runner-up: `$80.17`; when the simpler platform won at a
    higher cost (never a negative saving), `$8.14 more (close call)`, or, where EC2 saved less
    than the margin for running servers yourself (ADV503), `$49.25 more (self-managed margin)`."""
    if row.saving is None or row.saving >= 0:
        return usd(row.saving)
    why = "self-managed margin" if row.top_rule == "ADV503" else "close call"
    return f"{usd(-row.saving)} more ({why})"


def choice_label(choice: Choice | None) -> str:
    """`Fargate ($97.39)`"""
    return "-" if choice is None else f"{choice.label} ({usd(choice.monthly_cost)})"


def top_reason(reasons: list[Reason]) -> str:
    """The deciding reason as `RULE message`."""
    reason = deciding_reason(reasons)
    return f"{reason.rule} {reason.message}" if reason else ""


def alternative_line(alternative: Alternative) -> str:
    """`Function URL instead: $220.83/month, saving $930.00; gives up ...`: one lever beside an
    option."""
    saving = alternative.saving
    change = f"saving {usd(saving)}" if saving >= 0 else f"{usd(-saving)} more"
    return (
        f"{alternative.label} instead: {usd(alternative.monthly_cost)}/month, {change}; "
        f"gives up {alternative.gives_up}."
    )
