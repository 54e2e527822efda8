"""Each option's sizing is a type of its platform's, written as it always was and read back as the
same type from a saved report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from advisor.decide.report import analyze
from advisor.input.documents import load_workload
from advisor.models.report import Option, Report
from advisor.models.sizing import (
    Ec2Sizing,
    FargateSizing,
    LambdaSizing,
    ManagedInstancesSizing,
    Unsized,
)
from advisor.pricing.catalog import Catalog

SCENARIOS = Path(__file__).parents[2] / "scenarios"
TYPES = {
    "lambda": LambdaSizing,
    "lambda_managed_instances": ManagedInstancesSizing,
    "fargate": FargateSizing,
    "ec2": Ec2Sizing,
}


def test_a_saved_report_reads_back_each_platforms_sizing() -> None:
    document = load_workload(SCENARIOS / "api-variable-traffic.yaml")
    report = analyze(document.workload, Catalog(), document.source)
    text = report.model_dump_json()
    again = Report.model_validate_json(text)
    assert again == report
    for option in again.options:
        assert type(option.sizing) is TYPES[option.platform.value]
    assert again.model_dump_json() == text


def test_figures_that_do_not_apply_are_left_out() -> None:
    """A daily job runs a task per run: no requests served at once and no held task to be
    busy, so neither figure is written. Runs a day: 30 runs a month over 730 hours x 24 = 0.99."""
    document = load_workload(SCENARIOS / "daily-report.yaml")
    report = analyze(document.workload, Catalog(), document.source)
    options = json.loads(report.model_dump_json())["options"]
    fargate = next(o["sizing"] for o in options if o["platform"] == "fargate")
    assert "concurrency_per_task" not in fargate
    assert fargate["scale_to_zero"] is True
    assert "utilization" not in fargate
    assert fargate["runs_per_day"] == 0.99


def test_an_empty_sizing_is_unsized_and_a_stray_figure_is_refused() -> None:
    option = {
        "platform": "fargate",
        "label": "Fargate",
        "entry": "none",
        "feasible": False,
        "monthly_cost": "0",
        "line_items": [],
        "sizing": {},
        "findings": [],
    }
    assert isinstance(Option.model_validate(option).sizing, Unsized)
    with pytest.raises(ValidationError):
        Option.model_validate(option | {"sizing": {"tasks_min": 1, "surprise": 2}})


def test_a_broken_sizing_in_a_saved_report_names_the_figure(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The sizing's type is read from the figure only it has, so the error names the wrong
    figure, not every other type's missing ones."""
    saved = cli("recommend", str(SCENARIOS / "api-10m.yaml"), "-f", "json").json()
    fargate = next(o for o in saved["options"] if o["platform"] == "fargate")
    fargate["sizing"]["tasks_min"] = "lots"
    broken = tmp_path / "report.json"
    broken.write_text(json.dumps(saved))
    run = cli("render", str(broken))
    assert run.code == 2
    assert "sizing.FargateSizing.tasks_min: Input should be a valid integer" in run.stderr
    fargate["sizing"] = {"whatever": 1}
    broken.write_text(json.dumps(saved))
    run = cli("render", str(broken))
    assert "sizing: should be the sizing of a Lambda, Lambda Managed Instances, Fargate or EC2" in (
        run.stderr
    )
