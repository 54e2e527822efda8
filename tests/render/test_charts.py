"""Charts name what they draw: full workload and option names, and dollar labels on cost axes."""

from __future__ import annotations

import re
from pathlib import Path

from advisor.compare.batch import compare
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
    assert "$320" in parts  # the axis up to Lambda Managed Instances' $321.13


def test_charts_with_nothing_to_draw_say_so(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # a 29 s request behind API Gateway REST (29 s limit): no option can run it
    workload = tmp_path / "none-fits.yaml"
    workload.write_text(
        "version: 1\nname: none-fits\ntraffic:\n  monthly_requests: 1000\n"
        "execution:\n  duration_ms: 29001\n  memory_mb: 512\nentry: api_gateway_rest\n"
    )
    run = cli("recommend", str(workload), "--format", "html")
    assert run.code == 0, run.stderr
    assert "No data" in run.stdout
    empty, _ = compare([tmp_path / "none-fits.yaml"], workers=1)
    assert empty.rows == []
    assert (
        "Lambda (ADV" in empty.failures[0].error and "are all ruled out" in empty.failures[0].error
    )
    assert "No data" in comparison_costs(empty)
