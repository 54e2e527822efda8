"""A cost-against-traffic chart for the terminal (plotext), beside the table output."""

from __future__ import annotations

import math
import re

import plotext as plt

from advisor.escape import terminal
from advisor.models.report import Report
from advisor.numerals import compact

FLOOR = 0.01
MARKERS = ("•", "+", "x", "o")
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def cost_chart(report: Report, width: int = 100, height: int = 22, color: bool = False) -> str:
    """Monthly cost of each option against monthly requests, on log-log axes."""
    rows = report.break_even.curve or report.break_even.sensitivity
    if not rows:
        return ""
    labels = {o.key: o.label for o in report.options}
    plt.clear_figure()
    plt.plotsize(width, height)
    plt.theme("clear")
    xs = [math.log10(float(r.monthly_requests)) for r in rows if float(r.monthly_requests) > 0]
    for key, marker in zip(rows[0].costs, MARKERS, strict=False):
        ys = [
            math.log10(max(float(r.costs[key]), FLOOR))
            for r in rows
            if float(r.monthly_requests) > 0
        ]
        plt.plot(xs, ys, label=terminal(labels.get(key, key)), marker=marker)
    today = float(report.traffic.monthly_requests)
    if today > 0:
        plt.vline(math.log10(today))
    ticks = list(range(math.floor(min(xs)), math.ceil(max(xs)) + 1))
    plt.xticks(ticks, [compact(10.0**t) for t in ticks])
    low = math.floor(min(math.log10(max(float(c), FLOOR)) for r in rows for c in r.costs.values()))
    high = math.ceil(max(math.log10(max(float(c), FLOOR)) for r in rows for c in r.costs.values()))
    yticks = list(range(low, high + 1))
    plt.yticks(yticks, [f"${10.0**t:,.2f}" if t < 0 else f"${10.0**t:,.0f}" for t in yticks])
    plt.title(
        f"{terminal(report.workload.name)}: monthly cost against requests a month (today: the line)"
    )
    text = ANSI.sub("", str(plt.build())) if not color else str(plt.build())
    return text + "\n"
