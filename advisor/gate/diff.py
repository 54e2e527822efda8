"""Compare two saved reports: what each workload costs before and after, and where it runs."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from advisor.errors import InputError, Location
from advisor.input.loading import read_json
from advisor.input.saved import NotAReport, parse_item
from advisor.models.bounds import bounded
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


def load_costs(path: Path, *, allow_empty: bool = False) -> Costs:
    """Costs from a saved JSON file: `recommend --format json` (one report, a system report, or a
    list of them) or `compare --format json`. A saved report (it has a `schema_version`) is
    checked against the report schema; a hand-made baseline of names, platforms and costs, with
    no `schema_version`, needs only the keys read here."""
    data = read_json(path)
    costs: Costs = {}
    try:
        if isinstance(data, list) and not data and not allow_empty:
            raise _NotAReport("an empty list holds no report")
        items = data if isinstance(data, list) else [data]
        for index, item in enumerate(items):
            keys = (index,) if isinstance(data, list) else ()
            if isinstance(item, dict) and "schema_version" in item:
                parse_item(item, keys)  # a saved report: it must pass the report schema
            costs |= _costs_of(_Saved(item, f"[{index}]" if keys else ""))
    except (_NotAReport, NotAReport) as exc:
        raise InputError(
            f"not an advisor report (from `recommend` or `compare --format json`): {exc}",
            Location(str(path)),
        ) from None
    return costs


def load_baseline(path: Path) -> Costs:
    """`load_costs` for a baseline to check against, which must hold at least one workload: an
    empty one (a baseline job that failed and saved nothing usable) would pass every workload
    as "added"."""
    costs = load_costs(path, allow_empty=True)  # said below, with what to do about it
    if not costs:
        raise InputError(
            "the baseline holds no workloads, so every workload would pass as added; check "
            "that the job that saved it worked (or leave --baseline out for a first run)",
            Location(str(path)),
        )
    return costs


class _NotAReport(Exception):
    """A saved report lacks a key the diff reads, or holds a value of the wrong kind."""


class _Saved:
    """A value read from a saved report, with its key path for messages."""

    def __init__(self, value: Any, where: str) -> None:
        self.value, self.where = value, where

    def __getitem__(self, key: str | int) -> _Saved:
        where = f"{self.where}[{key}]" if isinstance(key, int) else f"{self.where}.{key}"
        where = where.lstrip(".")
        if isinstance(key, str) and not isinstance(self.value, dict):
            raise _NotAReport(f"{self.where or 'the file'}: should be an object")
        try:
            return _Saved(self.value[key], where)
        except (KeyError, IndexError):
            raise _NotAReport(f"{where}: missing") from None

    def get(self, key: str) -> Any:
        """The raw value at `key`, or None."""
        return self.value.get(key) if isinstance(self.value, dict) else None

    def items(self) -> list[_Saved]:
        """The elements of a list."""
        if not isinstance(self.value, list):
            raise _NotAReport(f"{self.where}: should be a list")
        return [self[index] for index in range(len(self.value))]

    def text(self) -> str:
        """A string value."""
        if not isinstance(self.value, str):
            raise _NotAReport(f"{self.where}: should be a string (got {self.value!r})")
        return self.value

    def money(self) -> Decimal:
        """A dollar amount, as a decimal string or a number, to the cent."""
        if isinstance(self.value, bool) or not isinstance(self.value, (str, int, float)):
            raise _NotAReport(f"{self.where}: should be an amount in dollars (got {self.value!r})")
        try:
            amount = Decimal(str(self.value))
        except ArithmeticError:
            raise _NotAReport(
                f"{self.where}: should be an amount in dollars (got {self.value!r})"
            ) from None
        try:
            return cents(bounded(amount))
        except ValueError as exc:
            raise _NotAReport(f"{self.where}: {exc} (got {str(self.value)[:40]!r})") from None


def _costs_of(item: _Saved) -> Costs:
    if item.get("rows") is not None:  # a comparison
        failures = item.get("failures")
        if isinstance(failures, list) and failures:
            first = failures[0]
            error = first.get("error") if isinstance(first, dict) else None
            raise _NotAReport(
                f"failures: {len(failures)} file(s) could not be compared, so it is incomplete "
                f"(first: {error})"
            )
        return {
            row["name"].text(): (
                option_key(row["platform"].text(), row.get("variant")),
                row["monthly_cost"].money(),
            )
            for row in item["rows"].items()
        }
    if item.get("kind") == "system":
        system = item["system"]["name"].text()
        return {
            f"{system}/{service['name'].text()}": (
                option_key(
                    service["recommended"]["platform"].text(),
                    service["recommended"].get("variant"),
                ),
                # its share of the system's pooled design, as `check` and `compare` count it
                # (its report's own cost prices it alone: free tier, tiers and ALB unshared)
                service["recommended"]["monthly_cost"].money(),
            )
            for service in item["services"].items()
        }
    rec = item["recommendation"]
    return {
        item["workload"]["name"].text(): (
            option_key(rec["platform"].text(), rec.get("variant")),
            rec["monthly_cost"].money(),
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
