"""The engine's results are the report's own types, from the options to the break-even: one set
of result types from the engine to the JSON edge."""

from __future__ import annotations

from pathlib import Path

from advisor.decide.engine import judge
from advisor.decide.report import analyze
from advisor.input.documents import load_workload
from advisor.models.report import BreakEvenPoint, Choice, Finding, Option, Reason, Recommendation
from advisor.pricing.catalog import Catalog

SCENARIOS = Path(__file__).parents[2] / "scenarios"


def test_a_report_holds_what_the_engine_decided() -> None:
    document = load_workload(SCENARIOS / "api-variable-traffic.yaml")
    report = analyze(document.workload, Catalog(), document.source)
    assert {option.platform.value for option in report.options} == {
        "lambda",
        "lambda_managed_instances",
        "fargate",
        "ec2",
    }
    assert all(isinstance(option, Option) for option in report.options)
    assert all(isinstance(f, Finding) for o in report.options for f in o.findings)
    recommendation = report.recommendation
    assert isinstance(recommendation, Recommendation)
    assert isinstance(recommendation.runner_up, Choice)  # named, not the whole option
    assert all(isinstance(reason, Reason) for reason in recommendation.reasons)
    assert recommendation.reasons[-1].rule == "ADV502"  # the break-even's, added last
    assert all(isinstance(point, BreakEvenPoint) for point in report.break_even.points)


def test_a_comparison_judges_without_line_items_but_with_the_chosen_plan() -> None:
    """A row needs the options' costs and the chosen option's Savings Plan figures, never their
    line items; the report's own types carry both."""
    document = load_workload(SCENARIOS / "api-steady-1000rps.yaml")
    verdict = judge(document.workload, Catalog(), document.source, detail=False)
    assert verdict.recommendation is not None
    chosen = verdict.recommendation.key
    by_key = {option.key: option for option in verdict.options}
    assert all(option.line_items == [] for option in verdict.options)
    assert by_key[chosen].commitment is not None
    assert all(o.commitment is None for key, o in by_key.items() if key != chosen)
