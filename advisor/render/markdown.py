"""Markdown: the verdict, reasons, options and break-even, for design docs and pull requests."""

from __future__ import annotations

from collections.abc import Sequence

from advisor.escape import md_code, md_fence, md_html, md_text
from advisor.models.report import LineItem, Report
from advisor.models.system import SystemReport
from advisor.money import usd
from advisor.render.text import (
    alternative_line,
    choice_label,
    commitment_line,
    count,
    headline,
    markdown_row,
    other_findings,
    quantity,
    sizing_summary,
    top_reason,
    traffic_rates,
    unit_price,
)


def line_items_markdown(line_items: list[LineItem]) -> list[str]:
    """A Markdown table of line items."""
    lines = [
        markdown_row(["Line item", "Quantity", "Unit", "Unit price", "Monthly"]),
        markdown_row(["---", "---:", "---", "---:", "---:"]),
    ]
    for i in line_items:
        cells = [
            i.name,
            quantity(i.quantity),
            i.unit,
            unit_price(i.unit_price),
            usd(i.monthly_cost),
        ]
        lines.append(markdown_row(cells))
    return lines


def report_markdown(report: Report, level: int = 2) -> list[str]:
    """Lines of Markdown for one workload."""
    h = "#" * level
    t = report.traffic
    lines = [
        f"{h} {md_text(report.workload.name)}",
        "",
        f"**{md_text(headline(report))}**",
        "",
        f"{md_text(t.pattern, line_start=True)} traffic, "
        f"{float(t.monthly_requests):,.0f} requests a month "
        f"({traffic_rates(t)}); "
        f"{md_text(report.pricing.region)} prices of {report.pricing.effective_date}.",
        "",
    ]
    if report.recommendation is not None:
        lines += [
            f"- {md_code(r.rule)} {md_text(r.message)}" for r in report.recommendation.reasons
        ] + [""]
    others = other_findings(report)
    if others:
        lines += ["Other findings (not reasons for the verdict):", ""]
        lines += [
            f"- {md_code(f.rule)} {f.severity.value}: {md_text(f.message)}" for f in others
        ] + [""]
    lines += [
        markdown_row(["Option", "Monthly", "Feasible", "Entry", "Sizing"]),
        markdown_row(["---", "---:", "---", "---", "---"]),
    ]
    for o in sorted(report.options, key=lambda o: (not o.feasible, o.monthly_cost)):
        lines.append(
            markdown_row(
                [
                    o.label,
                    usd(o.monthly_cost),
                    "yes" if o.feasible else "no",
                    o.entry.value,
                    sizing_summary(o),
                ]
            )
        )
    lines.append("")
    for o in report.options:
        summary = md_html(f"{o.label}: {usd(o.monthly_cost)}/month")
        lines += ["<details>", f"<summary>{summary}</summary>", ""]
        lines += line_items_markdown(o.line_items) + [""]
        committing = commitment_line(o)
        if committing is not None:
            lines += [md_text(committing), ""]
        lines += [
            f"- {md_code(f.rule)} {f.severity.value}: {md_text(f.message)}" for f in o.findings
        ]
        lines += [f"- {md_text(alternative_line(a))}" for a in o.alternatives]
        lines += ["", "</details>", ""]
    if report.break_even.sensitivity:
        labels = {o.key: o.label for o in report.options}
        keys = list(report.break_even.sensitivity[0].costs)
        lines += [
            markdown_row(
                ["Traffic", "Requests/month", *[labels.get(k, k) for k in keys], "Cheapest"]
            )
        ]
        lines += [markdown_row(["---", "---:", *["---:" for _ in keys], "---"])]
        for row in report.break_even.sensitivity:
            lines.append(
                markdown_row(
                    [
                        f"{row.scale:g}x",
                        f"{float(row.monthly_requests):,.0f}",
                        *[usd(row.costs.get(k)) for k in keys],
                        labels.get(row.cheapest, row.cheapest),
                    ]
                )
            )
        lines.append("")
    return lines


def system_markdown(report: SystemReport) -> list[str]:
    """Lines of Markdown for a system: verdicts, designs, diagram, and each service in full."""
    hybrid = report.designs[0]
    lines = [
        f"# {md_text(report.system['name'])}",
        "",
        f"**Recommended hybrid design: {usd(hybrid.monthly_cost)}/month** for "
        f"{count(len(report.services), 'service')} ({md_text(report.pricing.region)} prices of "
        f"{report.pricing.effective_date}).",
        "",
        *md_fence(report.diagram.rstrip(), "mermaid"),
        "",
        markdown_row(
            ["Service", "Runs on", "Adds", "Share of total", "Alone", "Runner-up (alone)", "Why"]
        ),
        markdown_row(["---", "---", "---:", "---:", "---", "---", "---"]),
    ]
    for plan in report.services:
        lines.append(
            markdown_row(
                [
                    plan.name,
                    plan.recommended.label,
                    "" if plan.marginal_cost is None else usd(plan.marginal_cost),
                    usd(plan.recommended.monthly_cost),
                    choice_label(plan.alone) if plan.alone else "the same",
                    choice_label(plan.runner_up),
                    top_reason(plan.reasons),
                ]
            )
        )
    if hybrid.glue:
        lines += ["", markdown_row(["Glue", "Monthly"]), markdown_row(["---", "---:"])]
        lines += [markdown_row([name, usd(cost)]) for name, cost in hybrid.glue.items()]
    if hybrid.allocation:
        lines += ["", "How the design is shared out:", ""]
        lines += [f"- {md_text(line)}" for line in hybrid.allocation]
    lines += [
        "",
        markdown_row(["Design", "Monthly", "Feasible", "Notes"]),
        markdown_row(["---", "---:", "---", "---"]),
    ]
    for design in report.designs:
        lines.append(
            markdown_row(
                [
                    design.name,
                    usd(design.monthly_cost),
                    "yes" if design.feasible else "no",
                    "; ".join(design.notes),
                ]
            )
        )
    lines += ["", "<details>", "<summary>Line items of the recommended design</summary>", ""]
    lines += line_items_markdown(hybrid.line_items)
    lines += ["", "</details>", ""]
    for plan in report.services:
        lines += report_markdown(plan.report, level=2)
    return lines


def render_markdown(reports: Sequence[Report | SystemReport]) -> str:
    """All reports as one Markdown document."""
    lines: list[str] = []
    for report in reports:
        lines += (
            system_markdown(report) if isinstance(report, SystemReport) else report_markdown(report)
        )
    return "\n".join(lines).rstrip() + "\n"
