"""The comparison of many workloads: one row each, the files that failed, and a summary."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from advisor.models.report import Model, Money
from advisor.models.workload import Platform


class Today(Model):
    """Where a workload runs today (its file's `current:`, as `advisor discover` writes it), and
    what moving to the recommendation saves a month (negative: moving costs more)."""

    platform: Platform
    monthly_cost: Money | None = None
    saving: Money | None = None


class Row(Model):
    """One workload (or one service of a system) in a comparison."""

    name: str
    source: str
    region: str
    pricing_date: dt.date = Field(description="Effective date of the pricing file used.")
    platform: Platform
    variant: str | None = None
    label: str
    monthly_cost: Money
    costs: dict[str, Money | None] = Field(
        description="Cheapest feasible option on each platform; null where none is feasible."
    )
    runner_up: str | None = None
    saving: Money | None = Field(None, description="Against the runner-up, per month.")
    break_even: str = Field("", description="The nearest traffic at which the cheapest changes.")
    top_rule: str = Field("", description="ID of the rule that decided.")
    top_reason: str = ""
    current: Today | None = Field(None, description="Where it runs today, from `current:`.")


class Failure(Model):
    """A file that could not be compared, with its located error."""

    source: str
    error: str


class Saving(Model):
    """A workload and what its recommendation saves against the runner-up."""

    name: str
    saving: Money


class Summary(Model):
    """Counts and totals across the batch."""

    workloads: int
    failed: int
    per_platform: dict[str, int]
    total_recommended: Money
    total_if_all_on: dict[str, Money | None] = Field(
        description="Every workload on one platform; null when some workload cannot run there."
    )
    biggest_savings: list[Saving]


class Comparison(Model):
    """What `advisor compare` found."""

    schema_version: Literal[1] = 1
    rows: list[Row]
    failures: list[Failure]
    summary: Summary
