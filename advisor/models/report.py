"""The report: a versioned, serialisable result that every renderer reads (schema_version 1).

Money is a decimal string in US dollars per month; line-item quantities carry their unit.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import Enum
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PlainSerializer

from advisor.models.bounds import bounded
from advisor.models.sizing import UNSIZED, AnySizing
from advisor.models.workload import Entry, Platform

Money = Annotated[
    Decimal,
    AfterValidator(bounded),
    PlainSerializer(lambda v: format(v, "f"), return_type=str, when_used="json"),
]
"""A Decimal that serialises as a plain decimal string in JSON; bounded, so that a saved report's
`1e999999999` is an error, not a billion digits printed."""


def option_key(platform: str, variant: str | None) -> str:
    """`lambda`, `fargate`, `ec2`, or `lambda:provisioned` for a variant."""
    return f"{platform}:{variant}" if variant else platform


"""Option keys, simplest first: fewer things to patch, scale and watch come first when costs are
close."""


class Model(BaseModel):
    """Base for report models: the engine's results are these types (one set, from the engine
    to the JSON edge). They validate from the attributes of any object too, so a rule's `Hit`
    becomes an option's `Finding`."""

    model_config = ConfigDict(extra="forbid", frozen=True, from_attributes=True)


class Severity(str, Enum):
    """How much a finding matters: `error` rules an option out."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class LineItem(Model):
    """quantity x unit_price = monthly_cost (rounded to cents)."""

    name: str
    quantity: Money
    unit: str
    unit_price: Money
    monthly_cost: Money


class Finding(Model):
    """What a rule found about an option or the workload."""

    rule: str
    severity: Severity
    message: str


class Alternative(Model):
    """The same option with one thing changed: another front door, or Graviton."""

    change: Literal["entry", "architecture"]
    to: str = Field(description="The entry (`function_url`, `alb`) or architecture (`arm64`).")
    label: str
    monthly_cost: Money = Field(description="The option's monthly cost with the change.")
    saving: Money = Field(description="Against the option as priced; negative when dearer.")
    gives_up: str = Field(description="What the change gives up.")


class CommitmentEffect(Model):
    """What a Savings Plan does to one option: the hourly commitment that every hour of the
    month uses (at the plan's prices; unused commitment is lost hour by hour), the monthly cost
    with it (the upfront payment spread over the term), the upfront payment and the share off
    the on-demand cost."""

    plan: str = Field(description="The plan, as `purchase.commitment` names it.")
    hourly_commitment: Money = Field(description="US dollars an hour, at the plan's prices.")
    monthly_cost: Money = Field(description="With the plan: the committed part at its prices.")
    upfront: Money = Field(description="Paid when the plan is bought (none for no-upfront).")
    effective_discount: Money = Field(description="Share off the on-demand cost (0.1 = 10 %).")
    committed: bool = Field(
        False,
        description="The workload commits to this plan (`purchase.commitment`), so the "
        "option's `monthly_cost` is this; else it shows what committing would do.",
    )


class Option(Model):
    """One way to run the workload, priced."""

    platform: Platform
    variant: str | None = None
    label: str
    entry: Entry
    feasible: bool
    monthly_cost: Money
    line_items: list[LineItem]
    sizing: AnySizing = UNSIZED
    findings: list[Finding]
    alternatives: list[Alternative] = Field(
        default_factory=list,
        description="The option behind a cheaper front door than API Gateway (a function URL, "
        "an ALB), or on Graviton where the workload does not pin an architecture.",
    )
    commitment: CommitmentEffect | None = Field(
        None,
        description="What a Savings Plan does to this option (absent where the pricing file "
        "has no Savings Plans or the option is Spot).",
    )

    @property
    def key(self) -> str:
        """`lambda`, `fargate`, `ec2`, or `lambda:provisioned` for a variant."""
        return option_key(self.platform.value, self.variant)


class Reason(Model):
    """One step of the recommendation, with its rule and figures."""

    rule: str
    message: str


class Choice(Model):
    """An option named by platform and variant, with its cost."""

    platform: Platform
    variant: str | None = None
    label: str
    monthly_cost: Money

    @property
    def key(self) -> str:
        """The chosen option's key."""
        return option_key(self.platform.value, self.variant)


class Recommendation(Model):
    """The verdict, the chain of reasons, and how close the call is."""

    platform: Platform
    variant: str | None = None
    label: str
    monthly_cost: Money
    reasons: list[Reason]
    runner_up: Choice | None = None
    saving: Money | None = Field(None, description="Monthly saving against the runner-up.")
    saving_percent: Money | None = None
    close_call: bool = Field(False, description="Within the margin where simplicity decides.")

    @property
    def key(self) -> str:
        """The recommended option's key."""
        return option_key(self.platform.value, self.variant)


class BreakEvenPoint(Model):
    """A monthly request volume at which the cheapest feasible option changes."""

    direction: Literal["lower", "higher"]
    monthly_requests: Money
    scale: Money = Field(description="That volume over today's.")
    scale_low: Money = Field(description="Bracket: `below` is cheapest at this multiple...")
    scale_high: Money = Field(description="...and `above` at this one (at most 0.5 % apart).")
    monthly_cost: Money = Field(description="The cost of the `above` option at this volume.")
    below: str = Field(description="Cheapest option just below this volume.")
    above: str = Field(description="Cheapest option just above this volume.")


class SensitivityRow(Model):
    """Every option's monthly cost at one multiple of today's traffic."""

    scale: Money
    monthly_requests: Money
    costs: dict[str, Money]
    cheapest: str


class BreakEven(Model):
    """Where the answer flips, and the cost of each option at 0.1x to 100x traffic."""

    points: list[BreakEvenPoint]
    sensitivity: list[SensitivityRow]
    curve: list[SensitivityRow] = Field(
        [], description="Costs at half decades from 0.01x to 1000x, for charts (HTML reports)."
    )


class WorkloadRef(Model):
    """Which workload this report is about."""

    name: str
    source: str
    description: str = ""


class PricingRef(Model):
    """Which pricing file priced it."""

    provider: str
    region: str
    effective_date: dt.date
    file: str


class TrafficSummary(Model):
    """The traffic the figures assume."""

    pattern: str
    monthly_requests: Money
    average_rps: Money
    peak_rps: Money


class Report(Model):
    """Everything `advisor recommend` found for one workload."""

    schema_version: Literal[1] = 1
    tool_version: str
    workload: WorkloadRef
    pricing: PricingRef
    traffic: TrafficSummary
    options: list[Option]
    recommendation: Recommendation | None = Field(
        description="Null only when no option can run the workload as described."
    )
    findings: list[Finding] = Field(description="Findings about the workload as a whole.")
    break_even: BreakEven
