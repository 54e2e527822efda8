"""The CI gate: evaluate a policy's checks against a comparison (and a baseline), as pure data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from advisor.diff import Costs, costs_from_comparison, diff
from advisor.loading import load_model
from advisor.models.comparison import Comparison
from advisor.models.policy import CheckReport, CheckResult, Diff, Policy
from advisor.money import ZERO
from advisor.render.text import usd


def load_policy(path: Path) -> Policy:
    """Read and validate a policy file (errors are located like a workload file's)."""
    return load_model(Policy, path)


def _cost_of(name: str, comparison: Comparison) -> Decimal | None:
    """A workload's recommended cost, or a system's (the sum of its services)."""
    rows = [r for r in comparison.rows if r.name == name or r.name.startswith(f"{name}/")]
    return sum((r.monthly_cost for r in rows), ZERO) if rows else None


def evaluate(
    policy: Policy, comparison: Comparison, as_of: dt.date, baseline: Costs | None = None
) -> CheckReport:
    """Every check of the policy, each with its figures."""
    checks: list[CheckResult] = []
    total = comparison.summary.total_recommended
    limit = policy.budgets.monthly_total
    if limit is not None:
        share = f" ({total / limit * 100:.1f} %)" if limit else ""
        checks.append(
            CheckResult(
                check="budgets.monthly_total",
                subject="all workloads",
                passed=total <= limit,
                detail=f"{usd(total)} a month against a budget of {usd(limit)}{share}",
            )
        )
    for name, budget in sorted(policy.budgets.per_workload.items()):
        cost = _cost_of(name, comparison)
        checks.append(
            CheckResult(
                check="budgets.per_workload",
                subject=name,
                passed=cost is not None and cost <= budget,
                detail=(
                    f"no workload or system named '{name}' in the batch"
                    if cost is None
                    else f"{usd(cost)} a month against a budget of {usd(budget)}"
                ),
            )
        )
    platforms = {r.name: r.platform.value for r in comparison.rows}
    for name, expected in sorted(policy.expected_platform.items()):
        actual = platforms.get(name)
        checks.append(
            CheckResult(
                check="expected_platform",
                subject=name,
                passed=actual == expected.value,
                detail=(
                    f"no workload named '{name}' in the batch"
                    if actual is None
                    else f"recommended {actual}, expected {expected.value}"
                ),
            )
        )
    report_diff = None
    if baseline is not None:
        report_diff = diff(baseline, costs_from_comparison(comparison))
    if policy.max_increase_percent is not None:
        checks += _increase_checks(policy.max_increase_percent, report_diff)
    if policy.pricing_max_age_days is not None:
        dates = sorted({(r.region, r.pricing_date) for r in comparison.rows})
        for region, date in dates:
            age = (as_of - date).days
            checks.append(
                CheckResult(
                    check="pricing_max_age_days",
                    subject=f"{region} pricing",
                    passed=age <= policy.pricing_max_age_days,
                    detail=(
                        f"effective {date}, {age} days old on {as_of}; the limit is "
                        f"{policy.pricing_max_age_days} days"
                    ),
                )
            )
    return CheckReport(
        passed=all(c.passed for c in checks),
        as_of=as_of,
        checks=checks,
        comparison=comparison,
        diff=report_diff,
    )


def _increase_checks(limit: float, report_diff: Diff | None) -> list[CheckResult]:
    if report_diff is None:
        return [
            CheckResult(
                check="max_increase_percent",
                subject="all workloads",
                passed=True,
                detail="not evaluated: no --baseline report given",
            )
        ]
    checks = []
    for change in report_diff.changes:
        if change.change_percent is None or change.status != "changed":
            continue
        if change.change_percent > Decimal(repr(limit)):
            checks.append(
                CheckResult(
                    check="max_increase_percent",
                    subject=change.name,
                    passed=False,
                    detail=(
                        f"{usd(change.before)} -> {usd(change.after)} a month "
                        f"(+{change.change_percent} %), over the {limit:g} % limit"
                    ),
                )
            )
    percent = report_diff.total_change_percent
    sign = "+" if report_diff.total_change >= 0 else ""
    shown = f"{sign}{percent}" if percent is not None else "-"
    checks.append(
        CheckResult(
            check="max_increase_percent",
            subject="total",
            passed=percent is None or percent <= Decimal(repr(limit)),
            detail=(
                f"{usd(report_diff.total_before)} -> {usd(report_diff.total_after)} a month "
                f"({shown} %); the limit is {limit:g} %"
            ),
        )
    )
    return checks
