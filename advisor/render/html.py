"""HTML: one self-contained file (inline CSS and SVG, no scripts, no fonts or CDNs) per run."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from advisor import __version__
from advisor.escape import terminal
from advisor.models.comparison import Comparison
from advisor.models.report import Report
from advisor.models.system import SystemReport
from advisor.money import usd
from advisor.numerals import multiple
from advisor.render import charts
from advisor.render.comparison import summary_lines
from advisor.render.text import (
    alternative_line,
    choice_label,
    headline,
    other_findings,
    quantity,
    saving_cell,
    sizing_summary,
    top_reason,
    traffic_rates,
    unit_price,
)


@dataclass(frozen=True)
class Item:
    """One thing on the page, tagged with its kind for the template."""

    kind: Literal["workload", "system", "comparison"]
    report: Report | SystemReport | Comparison


def _visible(value: object) -> object:
    """Every value the page shows, control characters made visible text (autoescape does the
    rest): HTML allows none, and a page read in a terminal would run them."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return terminal(value, keep_newlines=True)
    return value


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("advisor.render", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_visible,
    )
    env.globals |= {
        "usd": usd,
        "headline": headline,
        "quantity": quantity,
        "unit_price": unit_price,
        "alternative_line": alternative_line,
        "sizing": sizing_summary,
        "choice": choice_label,
        "top_reason": top_reason,
        "other_findings": other_findings,
        "saving_cell": saving_cell,
        "traffic_rates": traffic_rates,
        "multiple": lambda value: multiple(float(value)),
        "summary": summary_lines,
        "labels": lambda report: {o.key: o.label for o in report.options},
        "charts": _Charts(),
        "version": __version__,
    }
    return env


class _Charts:
    """The chart functions, as the template calls them."""

    curve = staticmethod(charts.cost_curve)
    breakdown = staticmethod(charts.breakdown)
    hybrid_split = staticmethod(charts.hybrid_split)
    designs = staticmethod(charts.designs)
    comparison_costs = staticmethod(charts.comparison_costs)


def _item(report: Report | SystemReport | Comparison) -> Item:
    if isinstance(report, SystemReport):
        return Item("system", report)
    if isinstance(report, Comparison):
        return Item("comparison", report)
    return Item("workload", report)


def render_html(reports: Sequence[Report | SystemReport | Comparison]) -> str:
    """Every report on one page."""
    items = [_item(r) for r in reports]
    first = items[0].report
    if isinstance(first, Report):
        title = (
            f"Where {first.workload.name} should run"
            if len(items) == 1
            else "Where these workloads should run"
        )
    elif isinstance(first, SystemReport):
        title = f"{first.system['name']}: hybrid architecture"
    else:
        title = "Workload comparison"
    subtitle = "monthly costs in US dollars from pinned, dated AWS pricing files"
    template = _environment().get_template("report.html.j2")
    return template.render(title=title, subtitle=subtitle, items=items)
