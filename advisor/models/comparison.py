"""The comparison of many workloads: one row each, the files that failed, and a summary."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
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


class AccountUse(Model):
    """What a row's recommendation bills per account (`advisor/compare/accounts.py`): never
    shown, only pooled with the rest of its account in the batch's total."""

    region: str
    account: str | None = None
    requests: Decimal = Decimal(0)
    gb_seconds: dict[str, Decimal] = {}
    """Lambda duration on demand (INIT included), by architecture."""
    free_requests: Decimal = Decimal(0)
    free_gb_seconds: Decimal = Decimal(0)
    log_gb: Decimal = Decimal(0)
    transfer_gb: Decimal = Decimal(0)
    alone: Decimal = Decimal(0)
    """What these cost in an account of their own (worked out where the row is made, in a
    worker, so that the parent only pools)."""


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
    committed: Money | None = Field(
        None,
        description="The recommended option with the Savings Plan of `commitment_plan` (the "
        "workload's `purchase.commitment`, or a 1-year no-upfront Compute plan as a what-if); "
        "null where the pricing file has no Savings Plans or the option is Spot.",
    )
    commitment_plan: str | None = None
    runner_up: str | None = None
    saving: Money | None = Field(None, description="Against the runner-up, per month.")
    break_even: str = Field("", description="The nearest traffic at which the cheapest changes.")
    top_rule: str = Field("", description="ID of the rule that decided.")
    top_reason: str = ""
    current: Today | None = Field(None, description="Where it runs today, from `current:`.")
    system: str | None = Field(
        None,
        description="The system this row is a service of: `monthly_cost` is then its share of "
        "the system's recommended design, while `costs` and `break_even` price the service "
        "alone.",
    )
    use: AccountUse | None = Field(None, exclude=True)
    """What it bills per account, for the batch's total (not shown)."""
    includes: tuple[str, ...] = Field((), exclude=True)
    """A system's service: the workload files its system includes (counted once)."""


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
    total_recommended: Money = Field(
        description="The recommendations' total, free tiers and volume tiers applied once per "
        "account (and region); each row keeps its cost priced alone."
    )
    total_priced_alone: Money | None = Field(
        None, description="The rows' own figures added up, when that differs from the total."
    )
    accounts: int = Field(1, description="Accounts the batch spans (`account:`; default one).")
    system_services: int = Field(
        0,
        description="Rows that are a system's services: their `monthly_cost` is their share of "
        "the system's recommended design (its shared costs and glue included), while `costs` "
        "price the service alone.",
    )
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
