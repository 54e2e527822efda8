"""Shared wording for the human-readable renderers."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from advisor.models.report import Choice, Option, Reason, Report
from advisor.plain import PlainReason
from advisor.render.escape import Md, md_text
from advisor.rules.base import DECIDING_SERIES


def usd(value: Decimal | None) -> str:
    """$1,234.56 (or -$8.14)"""
    if value is None:
        return "-"
    return f"-${-value:,.2f}" if value < 0 else f"${value:,.2f}"


def markdown_row(cells: Sequence[str]) -> str:
    """One Markdown table row, every cell escaped (`md_text`: a `|` or a line break would end the
    cell or the row, a tag or link would reach the page) unless the renderer wrote it (`Md`)."""
    return "| " + " | ".join(c if isinstance(c, Md) else md_text(c) for c in cells) + " |"


def count(number: int, noun: str) -> str:
    """`1 service`, `3 services`."""
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def compact(number: float) -> str:
    """41.3M, 950k, 1.2B: a request volume at a glance."""
    for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(number) >= size:
            return f"{number / size:.3g}{suffix}"
    return f"{number:.3g}"


def quantity(value: Decimal) -> str:
    """A quantity with separators and no trailing zeros."""
    text = f"{value:,.6f}".rstrip("0").rstrip(".")
    return text or "0"


def sizing_summary(option: Option) -> str:
    """One line on how an option is sized."""
    s: dict[str, Any] = option.sizing
    if option.platform.value == "lambda":
        text = f"{s['memory_mb']} MB, peak concurrency {s['peak_concurrency']:g}"
        if "provisioned_concurrency" in s:
            text += f", {s['provisioned_concurrency']} provisioned"
        if "p99_latency_ms" in s:
            text += f", cold {s['cold_start_share'] * 100:.3g} %, p99 ~{s['p99_latency_ms']:g} ms"
        return text
    if option.platform.value == "fargate" and s:
        busy = f", {s['utilization'] * 100:.0f} % busy" if "utilization" in s else ""
        return (
            f"{s['task_vcpu']:g} vCPU / {s['task_memory_gb']:g} GB tasks, "
            f"{s['tasks_min']:g}-{s['tasks_max']:g} (mean {s['tasks_mean']:g}){busy}"
        )
    if option.platform.value == "ec2" and s:
        return (
            f"{s['instance_type']}, {s['instances_min']:g}-{s['instances_max']:g} "
            f"(mean {s['instances_mean']:g}), {s['utilization'] * 100:.0f} % busy"
        )
    return ""


def headline(report: Report) -> str:
    """The one-line verdict."""
    rec = report.recommendation
    if rec is None:
        return "No option can run this workload as described."
    text = f"Recommended: {rec.label} at {usd(rec.monthly_cost)}/month"
    if rec.runner_up is not None and rec.saving is not None:
        if rec.saving >= 0:
            text += f", saving {usd(rec.saving)} against {rec.runner_up.label}"
        else:
            text += f", {usd(-rec.saving)} more than {rec.runner_up.label} but simpler to run"
    if rec.close_call:
        text += " (close call)"
    return text


def choice_label(choice: Choice | None) -> str:
    """`Fargate ($97.39)`"""
    return "-" if choice is None else f"{choice.label} ({usd(choice.monthly_cost)})"


def deciding_reason(
    reasons: Sequence[Reason] | Sequence[PlainReason],
) -> Reason | PlainReason | None:
    """The reason that decided: a rule that ruled something out, else the cost reason (of a
    report, or of the engine: `advisor compare` builds no report)."""
    for reason in reasons:
        if reason.rule.startswith(DECIDING_SERIES):
            return reason
    return next((r for r in reasons if r.rule == "ADV501"), None)


def top_reason(reasons: list[Reason]) -> str:
    """The deciding reason as `RULE message`."""
    reason = deciding_reason(reasons)
    return f"{reason.rule} {reason.message}" if reason else ""
