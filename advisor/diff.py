"""Compare two saved reports: what each workload costs before and after, and where it runs."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from advisor.errors import InputError, Location
from advisor.loading import read_json
from advisor.models.comparison import Comparison
from advisor.models.policy import Change, Diff
from advisor.models.report import option_key
from advisor.money import ZERO, cents

Costs = dict[str, tuple[str, Decimal]]
"""Workload name to (recommended platform, monthly cost)."""


def costs_from_comparison(comparison: Comparison) -> Costs:
    """Costs of every row of a comparison."""
    return {
        r.name: (option_key(r.platform.value, r.variant), r.monthly_cost) for r in comparison.rows
    }


def load_costs(path: Path) -> Costs:
    """Costs from a saved JSON file: `recommend --format json` (one report, a system report, or a
    list of them) or `compare --format json`."""
    data = read_json(path)
    costs: Costs = {}
    try:
        items = data if isinstance(data, list) else [data]
        for item in items:
            costs |= _costs_of(item)
    except (KeyError, TypeError, ValueError, ArithmeticError) as exc:
        raise InputError(
            f"not an advisor report (from `recommend` or `compare --format json`): {exc!r}",
            Location(str(path)),
        ) from None
    return costs


def _costs_of(item: dict[str, Any]) -> Costs:
    if "rows" in item:  # a comparison
        return {
            row["name"]: (
                option_key(row["platform"], row.get("variant")),
                Decimal(row["monthly_cost"]),
            )
            for row in item["rows"]
        }
    if item.get("kind") == "system":
        system = item["system"]["name"]
        return {
            f"{system}/{service['name']}": (
                option_key(
                    service["recommended"]["platform"], service["recommended"].get("variant")
                ),
                Decimal(service["report"]["recommendation"]["monthly_cost"]),
            )
            for service in item["services"]
        }
    rec = item["recommendation"]
    return {
        item["workload"]["name"]: (
            option_key(rec["platform"], rec.get("variant")),
            Decimal(rec["monthly_cost"]),
        )
    }


def diff(base: Costs, head: Costs) -> Diff:
    """Per-workload changes, added and removed workloads, and the totals."""
    changes = []
    for name in sorted(base.keys() | head.keys()):
        before = base.get(name)
        after = head.get(name)
        status: Literal["added", "removed", "changed", "unchanged"]
        if before and after:
            change = after[1] - before[1]
            status = "changed" if change or before[0] != after[0] else "unchanged"
        else:
            change = None
            status = "added" if after else "removed"
        percent = None
        if change is not None and before and before[1]:
            percent = cents(change / before[1] * 100)
        changes.append(
            Change(
                name=name,
                before=before[1] if before else None,
                after=after[1] if after else None,
                change=change,
                change_percent=percent,
                platform_before=before[0] if before else None,
                platform_after=after[0] if after else None,
                status=status,
            )
        )
    total_before = sum((c[1] for c in base.values()), ZERO)
    total_after = sum((c[1] for c in head.values()), ZERO)
    total_change = total_after - total_before
    return Diff(
        changes=changes,
        total_before=total_before,
        total_after=total_after,
        total_change=total_change,
        total_change_percent=cents(total_change / total_before * 100) if total_before else None,
    )
