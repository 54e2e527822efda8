"""The CI gate: evaluate a policy's checks against a comparison (and a baseline), as pure data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Literal

from advisor.gate.diff import Costs, costs_from_comparison, diff
from advisor.input.loading import load_model
from advisor.models.comparison import Comparison
from advisor.models.policy import CheckReport, CheckResult, Diff, Policy
from advisor.money import ZERO, usd


def load_policy(path: Path) -> Policy:
    """Read and validate a policy file (errors are located like a workload file's)."""
    return load_model(Policy, path)


def result(check: str, subject: str, passed: bool, detail: str) -> CheckResult:
    """A check that ran, and held or failed."""
    status: Literal["passed", "failed"] = "passed" if passed else "failed"
    return CheckResult(check=check, subject=subject, status=status, passed=passed, detail=detail)


def skipped(check: str, subject: str, detail: str) -> CheckResult:
    """A check that could not run: shown, but neither held nor failed."""
    return CheckResult(check=check, subject=subject, status="skipped", passed=None, detail=detail)


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
            result(
                check="budgets.monthly_total",
                subject="all workloads",
                passed=total <= limit,
                detail=f"{usd(total)} a month against a budget of {usd(limit)}{share}",
            )
        )
    for name, budget in sorted(policy.budgets.per_workload.items()):
        cost = _cost_of(name, comparison)
        checks.append(
            result(
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
            result(
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
    if policy.max_increase_percent is not None or policy.max_increase_usd is not None:
        checks += _increase_checks(policy, report_diff)
    if policy.pricing_max_age_days is not None:
        dates = sorted({(r.region, r.pricing_date) for r in comparison.rows})
        for region, date in dates:
            age = (as_of - date).days
            checks.append(
                result(
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
        passed=not any(c.status == "failed" for c in checks),
        as_of=as_of,
        checks=checks,
        comparison=comparison,
        diff=report_diff,
    )


def _increase_checks(policy: Policy, report_diff: Diff | None) -> list[CheckResult]:
    """Each workload that rose past the limits, and the total. With both limits a rise fails
    only when it passes both: +105 % on $0.20 is 21 cents. A percentage of nothing is undefined,
    so a workload that cost $0.00 is judged by the dollar limit alone."""
    percent = policy.max_increase_percent
    usd_limit = policy.max_increase_usd
    name = (
        "max_increase"
        if percent is not None and usd_limit is not None
        else "max_increase_percent"
        if percent is not None
        else "max_increase_usd"
    )
    if report_diff is None:
        return [
            skipped(name, "all workloads", "not run: no baseline (--baseline or --baseline-ref)")
        ]
    limits = _Limits(None if percent is None else Decimal(repr(percent)), usd_limit)
    checks = []
    for change in report_diff.changes:
        if change.status != "changed" or change.change is None or change.before is None:
            continue
        judged = limits.judge(change.change, change.change_percent)
        if judged is not None:
            passed, verdict = judged
            checks.append(
                result(
                    name,
                    change.name,
                    passed,
                    f"{usd(change.before)} -> {usd(change.after)} a month "
                    f"({_signed(change.change)}, {_percent(change.change_percent)}): {verdict}",
                )
            )
    total = limits.judge(report_diff.total_change, report_diff.total_change_percent)
    passed, verdict = total if total is not None else (True, limits.within())
    checks.append(
        result(
            name,
            "total",
            passed,
            f"{usd(report_diff.total_before)} -> {usd(report_diff.total_after)} a month "
            f"({_signed(report_diff.total_change)}, "
            f"{_percent(report_diff.total_change_percent)}): {verdict}",
        )
    )
    return checks


class _Limits:
    """The increase limits of a policy, either or both."""

    def __init__(self, percent: Decimal | None, usd_limit: Decimal | None) -> None:
        self.percent, self.usd = percent, usd_limit

    def judge(self, change: Decimal, percent: Decimal | None) -> tuple[bool, str] | None:
        """(passed, why) for a rise past at least one limit; None for one within every limit."""
        over: list[str] = []
        within: list[str] = []
        if self.percent is not None and percent is not None:
            (over if percent > self.percent else within).append(f"{float(self.percent):g} %")
        if self.usd is not None:
            (over if change > self.usd else within).append(usd(self.usd))
        if not over:
            return None
        if within:
            return True, f"over the {over[0]} limit but within {within[0]}, so it passes"
        return False, f"over the {' and '.join(over)} limit{'s' if len(over) > 1 else ''}"

    def within(self) -> str:
        limits = [f"{float(self.percent):g} %"] if self.percent is not None else []
        limits += [usd(self.usd)] if self.usd is not None else []
        return f"within the {' and '.join(limits)} limit{'s' if len(limits) > 1 else ''}"


def _signed(amount: Decimal) -> str:
    return f"+{usd(amount)}" if amount > 0 else usd(amount)


def _percent(value: Decimal | None) -> str:
    if value is None:
        return "- %"
    return f"{value} %" if value < 0 else f"+{value} %"
