"""Charts name what they draw: full workload and option names, and dollar labels on cost axes."""

from __future__ import annotations

import re
from pathlib import Path

from advisor.batch import compare
from advisor.render.charts import breakdown, comparison_costs, cost_curve
from tests.conftest import SCENARIOS


def _texts(svg: str) -> list[str]:
    return [t for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg) if t.strip()]


def test_comparison_chart_names_every_workload_dearest_first() -> None:
    comparison, _ = compare([SCENARIOS], workers=1)
    texts = _texts(comparison_costs(comparison))
    names = [row.name for row in comparison.rows]
    drawn = [t for t in texts if t in names]
    dearest = sorted(comparison.rows, key=lambda r: -r.monthly_cost)
    assert drawn[::-1] == [row.name for row in dearest]  # drawn bottom up
    assert {"$1", "$10", "$100", "$1,000"} <= set(texts)
    assert not [t for t in texts if t.endswith("…") or t.endswith("...")]


def test_workload_charts_label_their_cost_axes(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run = cli("recommend", str(SCENARIOS / "trading-api.yaml"), "--format", "json")
    from advisor.models.report import Report

    report = Report.model_validate_json(run.stdout)
    curve = _texts(cost_curve(report))
    assert {"$100", "$1,000", "$10,000"} <= set(curve)
    parts = _texts(breakdown(report))
    assert {o.label for o in report.options if o.line_items} <= set(parts)
    assert "$50" in parts
