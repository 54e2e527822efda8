"""Terminal tables (Rich): the verdict, each option's total and line items, the break-even."""

from __future__ import annotations

import io
from collections.abc import Sequence

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from advisor.escape import rich_text, terminal
from advisor.models.report import LineItem, Report
from advisor.models.system import SystemReport
from advisor.money import usd
from advisor.render.text import (
    alternative_line,
    choice_label,
    commitment_line,
    count,
    headline,
    other_findings,
    quantity,
    sizing_summary,
    top_reason,
    traffic_rates,
    unit_price,
)


def line_items_table(title: str, line_items: list[LineItem]) -> Table:
    """Line items with quantity, unit, unit price and monthly cost."""
    table = Table(title=rich_text(title), title_justify="left")
    for column in ("Line item", "Quantity", "Unit", "Unit price", "Monthly"):
        table.add_column(column, justify="left" if column in ("Line item", "Unit") else "right")
    for item in line_items:
        table.add_row(
            rich_text(item.name),
            quantity(item.quantity),
            rich_text(item.unit),
            unit_price(item.unit_price),
            usd(item.monthly_cost),
        )
    return table


def report_renderable(report: Report) -> Group:
    """Everything about one workload, as Rich renderables."""
    parts: list[object] = []
    traffic = report.traffic
    parts.append(
        Text.assemble(
            (terminal(report.workload.name), "bold"),
            f"  {terminal(report.pricing.region)}, prices of {report.pricing.effective_date}; ",
            f"{terminal(traffic.pattern)}, {float(traffic.monthly_requests):,.0f} requests/month, "
            + traffic_rates(traffic),
        )
    )
    summary = Table(title="Options", title_justify="left")
    summary.add_column("Option")
    summary.add_column("Monthly", justify="right")
    summary.add_column("Feasible")
    summary.add_column("Entry")
    summary.add_column("Sizing")
    for option in sorted(report.options, key=lambda o: (not o.feasible, o.monthly_cost)):
        summary.add_row(
            rich_text(option.label),
            usd(option.monthly_cost),
            "yes" if option.feasible else "no",
            option.entry.value,
            rich_text(sizing_summary(option)),
        )
    parts.append(summary)
    for option in report.options:
        parts.append(
            line_items_table(f"{option.label}: {usd(option.monthly_cost)}/month", option.line_items)
        )
        committing = commitment_line(option)
        if committing is not None:
            parts.append(rich_text(f"  {committing}"))
        for finding in option.findings:
            parts.append(rich_text(f"  {finding.rule} {finding.severity.value}: {finding.message}"))
        for alternative in option.alternatives:
            parts.append(rich_text(f"  {alternative_line(alternative)}"))
    parts.append(rich_text(headline(report), style="bold green"))
    if report.recommendation is not None:
        for reason in report.recommendation.reasons:
            parts.append(rich_text(f"  {reason.rule}  {reason.message}"))
    others = other_findings(report)
    if others:
        parts.append(Text("Other findings (not reasons for the verdict)", style="bold"))
        for finding in others:
            parts.append(
                rich_text(f"  {finding.rule}  {finding.severity.value}: {finding.message}")
            )
    sensitivity = Table(title="Cost at other traffic levels", title_justify="left")
    sensitivity.add_column("Traffic")
    sensitivity.add_column("Requests/month", justify="right")
    keys = list(report.break_even.sensitivity[0].costs) if report.break_even.sensitivity else []
    labels = {o.key: o.label for o in report.options}
    for key in keys:
        sensitivity.add_column(rich_text(labels.get(key, key)), justify="right")
    sensitivity.add_column("Cheapest")
    for row in report.break_even.sensitivity:
        sensitivity.add_row(
            f"{row.scale:g}x",
            f"{float(row.monthly_requests):,.0f}",
            *[usd(row.costs.get(k)) for k in keys],
            rich_text(labels.get(row.cheapest, row.cheapest)),
        )
    if keys:
        parts.append(sensitivity)
    return Group(*parts)  # type: ignore[arg-type]


def render_table(
    reports: Sequence[Report | SystemReport], width: int = 120, color: bool = False
) -> str:
    """All reports as terminal tables."""
    buffer = io.StringIO()
    console = Console(
        file=buffer, width=width, force_terminal=color, color_system="auto" if color else None
    )
    for index, report in enumerate(reports):
        if index:
            console.rule()
        if isinstance(report, SystemReport):
            console.print(system_renderable(report))
        else:
            console.print(report_renderable(report))
    return buffer.getvalue()


def system_renderable(report: SystemReport) -> Group:
    """A system: per-service verdicts, the designs compared, the hybrid's line items."""
    parts: list[object] = [
        Text.assemble(
            (terminal(report.system["name"]), "bold"),
            f"  system of {count(len(report.services), 'service')}, "
            f"{terminal(report.pricing.region)}, "
            f"prices of {report.pricing.effective_date}",
        )
    ]
    services = Table(title="Services", title_justify="left")
    for column in ("Service", "Runs on", "Share of total", "Runner-up (alone)", "Why"):
        services.add_column(column, justify="right" if column == "Share of total" else "left")
    for plan in report.services:
        services.add_row(
            rich_text(plan.name),
            rich_text(plan.recommended.label),
            usd(plan.recommended.monthly_cost),
            rich_text(choice_label(plan.runner_up)),
            rich_text(top_reason(plan.reasons)),
        )
    parts.append(services)
    designs = Table(title="Designs", title_justify="left")
    for column in ("Design", "Monthly", "Feasible", "Notes"):
        designs.add_column(column, justify="right" if column == "Monthly" else "left")
    for design in report.designs:
        designs.add_row(
            rich_text(design.name),
            usd(design.monthly_cost),
            "yes" if design.feasible else "no",
            rich_text("; ".join(design.notes)),
        )
    parts.append(designs)
    hybrid = report.designs[0]
    parts.append(
        line_items_table(f"Recommended design: {usd(hybrid.monthly_cost)}/month", hybrid.line_items)
    )
    return Group(*parts)  # type: ignore[arg-type]
