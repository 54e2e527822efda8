"""SVG charts (pygal) for the HTML report: cost against traffic, cost breakdowns, the hybrid split.

Charts are rendered without pygal's JavaScript (its default loads scripts from a CDN), so the
report stays one self-contained file that works offline.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict

import pygal
from pygal.style import Style

from advisor.escape import terminal
from advisor.models.comparison import Comparison
from advisor.models.report import Report
from advisor.models.system import SystemReport
from advisor.models.workload import PLATFORM_LABELS, Platform
from advisor.numerals import compact

STYLE = Style(
    background="white",
    plot_background="white",
    font_family="system-ui, sans-serif",
    colors=("#2f6fdb", "#e8833a", "#3a9e5c", "#9b59b6", "#c0392b", "#7f8c8d", "#16a085"),
)
COMMON = {
    "js": [],
    "disable_xml_declaration": True,
    "style": STYLE,
    "width": 860,
    "height": 420,
    "truncate_legend": 40,
    "truncate_label": -1,
    "show_minor_y_labels": False,
}
FLOOR = 0.01
"""The lowest cost a log axis can show; a free month is drawn at one cent."""


GENERATOR_NOTES = re.compile(r"<!--.*?-->|<script[^>]*>.*?</script>", re.S)


def _svg(chart: pygal.graph.graph.Graph) -> str:
    """The chart's static SVG, without pygal's generator comments (they carry today's date) and
    its inline configuration script (only its tooltips use it), so the page runs no script.
    Control characters from names (XML allows none but line breaks and tabs) are shown as text."""
    return terminal(GENERATOR_NOTES.sub("", str(chart.render(is_unicode=True))), keep_newlines=True)


def cost_curve(report: Report) -> str:
    """Monthly cost of each option against monthly requests, both on log scales, with today's
    traffic and the break-even points marked."""
    rows = report.break_even.curve or report.break_even.sensitivity
    xs = [math.log10(float(r.monthly_requests)) for r in rows if float(r.monthly_requests) > 0]
    chart = pygal.XY(
        xrange=(min(xs, default=0.0), max(xs, default=1.0)),
        **COMMON,
        logarithmic=True,
        title="Monthly cost against traffic",
        x_title="Requests per month (log scale)",
        y_title="USD per month (log scale)",
        x_value_formatter=lambda x: compact(10**x),
        value_formatter=_dollars,
        dots_size=3,
    )
    costs = [max(float(c), FLOOR) for r in rows for c in r.costs.values()]
    if costs:  # none when no option is feasible: pygal draws "No data"
        chart.y_labels = decades = _decades(costs)
        chart.y_labels_major_every = 1
        chart.range = (decades[0], decades[-1] * 1.001)  # the top label is kept only inside it
    labels = {o.key: o.label for o in report.options}
    for key in rows[0].costs if rows else []:
        chart.add(
            labels.get(key, key),
            [
                (math.log10(float(r.monthly_requests)), max(float(r.costs[key]), FLOOR))
                for r in rows
                if float(r.monthly_requests) > 0 and key in r.costs
            ],
        )
    rec = report.recommendation
    today = float(report.traffic.monthly_requests)
    if rec is not None and today > 0:
        chart.add(
            "Today",
            [(math.log10(today), max(float(rec.monthly_cost), FLOOR))],
            stroke=False,
            dots_size=8,
        )
    points = [
        (math.log10(float(p.monthly_requests)), max(float(p.monthly_cost), FLOOR))
        for p in report.break_even.points
        if float(p.monthly_requests) > 0
    ]
    if points:
        chart.add("Break-even", points, stroke=False, dots_size=8)
    return _svg(chart)


def _category(name: str) -> str:
    """A line item's kind, without tier or service: 'Duration (tier 2)' -> 'Duration'."""
    return name.split(": ")[-1].split(" (")[0]


def breakdown(report: Report) -> str:
    """Each option's monthly cost, stacked by kind of line item."""
    chart = pygal.HorizontalStackedBar(
        # horizontal: the option names are the "x" labels, down the side
        **{**COMMON, "show_minor_y_labels": True},
        title="What each option's cost is made of",
        value_formatter=_dollars,
    )
    options = [o for o in report.options if o.line_items]
    chart.x_labels = [o.label for o in options]
    by_kind: dict[str, list[float]] = defaultdict(lambda: [0.0] * len(options))
    for index, option in enumerate(options):
        for item in option.line_items:
            by_kind[_category(item.name)][index] += float(item.monthly_cost)
    for kind, values in by_kind.items():
        if any(values):
            chart.add(kind, values)
    return _svg(chart)


def hybrid_split(report: SystemReport) -> str:
    """The recommended design's total split by service, grouped by platform."""
    chart = pygal.Pie(
        **COMMON, title="The recommended design, by service", value_formatter=lambda v: f"${v:,.2f}"
    )
    for plan in report.services:
        chart.add(f"{plan.name} ({plan.recommended.label})", float(plan.recommended.monthly_cost))
    return _svg(chart)


def designs(report: SystemReport) -> str:
    """The system's monthly cost under each design."""
    chart = pygal.Bar(
        **{**COMMON, "show_minor_y_labels": True},
        title="The system under each design",
        value_formatter=_dollars,
    )
    for design in report.designs:
        chart.add(
            design.name + ("" if design.feasible else " (not feasible)"), float(design.monthly_cost)
        )
    return _svg(chart)


def comparison_costs(comparison: Comparison, limit: int = 30) -> str:
    """The most expensive workloads' cost on each platform, dearest at the top."""
    rows = sorted(comparison.rows, key=lambda r: -r.monthly_cost)[:limit][::-1]
    values = {
        platform: [
            None if r.costs.get(platform) is None else max(float(r.costs[platform] or 0), FLOOR)
            for r in rows
        ]
        for platform in Platform
    }
    drawn = [v for column in values.values() for v in column if v is not None]
    decades = _decades(drawn) if drawn else [FLOOR, 1.0]
    chart = pygal.HorizontalBar(
        # a horizontal chart swaps its axes: workload names are the "x" labels, drawn down the
        # side in full (the first at the bottom), and the log cost axis is labelled by decade
        **{**COMMON, "height": max(420, 30 * len(rows) + 160), "show_minor_y_labels": True},
        title=f"Monthly cost on each platform ({len(rows)} most expensive workloads)",
        logarithmic=True,
        legend_at_bottom=True,
        y_labels=decades,
        range=(decades[0], decades[-1] * 1.001),
        zero=decades[0],
        value_formatter=_dollars,
    )
    chart.x_labels = [r.name for r in rows]
    for platform, column in values.items():
        chart.add(PLATFORM_LABELS[platform], column)
    return _svg(chart)


def _decades(values: list[float]) -> list[float]:
    """Powers of ten from just below the smallest value to just above the largest: the labels
    of a log cost axis."""
    low = math.floor(math.log10(min(values, default=1.0)))
    high = max(low + 1, math.ceil(math.log10(max(values, default=10.0))))
    return [10.0**power for power in range(low, high + 1)]


def _dollars(value: float) -> str:
    """$0.01, $10, $1,000: a decade on a cost axis."""
    return f"${value:,.2f}" if value < 1 else f"${value:,.0f}"
