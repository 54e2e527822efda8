"""What the engine decides, as plain dataclasses: options as judged, the recommendation, its
reasons and the break-even points.

Each mirrors a model of the report (`models/report.py`) field for field, and a report validates
them into those models from their attributes when it is built. A comparison of many workloads
reads them as they are and builds no report: validating a workload's options, reasons and points
as pydantic models took 6 % of comparing it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from advisor.decide.rules.base import Hit
from advisor.models.report import LineItem
from advisor.models.workload import Entry, Platform
from advisor.pricing.purchase import Commitment


@dataclass(slots=True)
class PlainOption:
    """One way to run the workload, priced and judged (the report's `Option`)."""

    key: str
    """`lambda`, `fargate`, `ec2`, or `lambda:provisioned` for a variant."""
    platform: Platform
    variant: str | None
    label: str
    entry: Entry
    feasible: bool
    monthly_cost: Decimal
    line_items: list[LineItem]
    sizing: dict[str, Any]
    findings: list[Hit]
    alternatives: list[PlainAlternative] = field(default_factory=list)
    commitment: Commitment | None = None


@dataclass(slots=True)
class PlainAlternative:
    """The option with one thing changed (the report's `Alternative`)."""

    change: Literal["entry", "architecture"]
    to: str
    label: str
    monthly_cost: Decimal
    saving: Decimal
    gives_up: str


@dataclass(slots=True)
class PlainReason:
    """One step of the recommendation (the report's `Reason`)."""

    rule: str
    message: str


@dataclass(slots=True)
class PlainRecommendation:
    """The verdict and its reasons (the report's `Recommendation`; the runner-up becomes its
    `Choice`)."""

    platform: Platform
    variant: str | None
    label: str
    monthly_cost: Decimal
    reasons: list[PlainReason]
    runner_up: PlainOption | None
    saving: Decimal | None
    saving_percent: Decimal | None
    close_call: bool


@dataclass(slots=True)
class PlainPoint:
    """Where the cheapest option changes (the report's `BreakEvenPoint`)."""

    direction: Literal["lower", "higher"]
    monthly_requests: Decimal
    scale: Decimal
    scale_low: Decimal
    scale_high: Decimal
    monthly_cost: Decimal
    below: str
    above: str
