"""The engine's plain dataclasses mirror the report's models, field for field."""

from __future__ import annotations

from dataclasses import fields

import pytest
from pydantic import BaseModel

from advisor.decide.plain import PlainOption, PlainPoint, PlainReason, PlainRecommendation
from advisor.models.report import BreakEvenPoint, Choice, Option, Reason, Recommendation


@pytest.mark.parametrize(
    ("plain", "model"),
    [
        (PlainOption, Option),
        (PlainOption, Choice),  # a recommendation's runner-up
        (PlainReason, Reason),
        (PlainRecommendation, Recommendation),
        (PlainPoint, BreakEvenPoint),
    ],
)
def test_every_field_of_the_report_model_is_there(plain: type, model: type[BaseModel]) -> None:
    assert set(model.model_fields) <= {f.name for f in fields(plain)}


def test_a_report_is_validated_from_the_plain_objects(cli) -> None:  # type: ignore[no-untyped-def]
    report = cli("recommend", "scenarios/api-variable-traffic.yaml", "--format", "json").json()
    recommendation = report["recommendation"]
    assert recommendation["runner_up"].keys() == set(Choice.model_fields)
    assert {option["platform"] for option in report["options"]} == {
        "lambda",
        "lambda_managed_instances",
        "fargate",
        "ec2",
    }
    assert recommendation["reasons"][-1]["rule"] == "ADV502"  # the break-even's, added last
