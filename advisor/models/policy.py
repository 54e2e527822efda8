"""The policy file for CI, and what `advisor check` and `advisor diff` report."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field

from advisor.models.bounds import BoundedDecimal, Count, Number
from advisor.models.comparison import Comparison
from advisor.models.names import Name
from advisor.models.report import Model, Money
from advisor.models.workload import Decision, Platform, Strict

MAX_BUDGET = Decimal(10**15)
"""A quadrillion dollars a month: above any budget, and far below a number that hangs."""


class Budgets(Strict):
    """Monthly limits in US dollars."""

    monthly_total: BoundedDecimal | None = Field(
        None,
        ge=0,
        le=MAX_BUDGET,
        description="Limit on the total of every workload's recommended cost.",
    )
    per_workload: dict[Name, Annotated[BoundedDecimal, Field(ge=0, le=MAX_BUDGET)]] = Field(
        {}, description="Workload (or system) name to its monthly limit."
    )


class Policy(Strict):
    """What must hold for a change to pass."""

    version: Literal[1] = Field(description="File format version; 1.")
    budgets: Budgets = Budgets()
    max_increase_percent: Number | None = Field(
        None,
        ge=0,
        le=1e9,
        description=(
            "Fail when a workload or the total rises more than this percentage against the "
            "baseline (with max_increase_usd, only when the rise passes both)."
        ),
    )
    decision: Decision | None = Field(
        None,
        description="Decision margins for every workload file that sets none of its own "
        "(`decision:` in the file wins): the tie margin and the margin for self-managed EC2.",
    )
    max_increase_usd: BoundedDecimal | None = Field(
        None,
        ge=0,
        le=MAX_BUDGET,
        description=(
            "Fail when a workload or the total rises more than this many US dollars a month "
            "against the baseline (with max_increase_percent, only when the rise passes both)."
        ),
    )
    expected_platform: dict[Name, Platform] = Field(
        {}, description="Workload name to the platform it must stay recommended on."
    )
    pricing_max_age_days: Count | None = Field(
        None,
        ge=0,
        le=100_000,
        description="Fail when a pricing file's effective date is older than this.",
    )


class CheckResult(Model):
    """One check and its figures. A check that could not run (no baseline to compare with) is
    `skipped`, with `passed` null: it neither held nor failed."""

    check: str
    subject: str
    status: Literal["passed", "failed", "skipped"]
    passed: bool | None
    detail: str


class Change(Model):
    """How one workload moved between two reports."""

    name: str
    before: Money | None
    after: Money | None
    change: Money | None
    change_percent: Money | None
    platform_before: str | None
    platform_after: str | None
    status: Literal["added", "removed", "changed", "unchanged"]


class Diff(Model):
    """Per-workload changes between a base and a head, and the totals."""

    changes: list[Change]
    total_before: Money
    total_after: Money
    total_change: Money
    total_change_percent: Money | None


class CheckReport(Model):
    """Everything `advisor check` evaluated."""

    schema_version: Literal[1] = 1
    passed: bool = Field(description="No check failed (skipped ones did not run).")
    as_of: dt.date
    checks: list[CheckResult]
    comparison: Comparison
    diff: Diff | None = None
