"""Saved JSON reports read back (`render`, `diff`, `check --baseline`), checked against the report
schema and its `schema_version` before anything is taken from them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ValidationError

from advisor.input.loading import dotted_path
from advisor.models.comparison import Comparison
from advisor.models.report import Report
from advisor.models.system import SystemReport

SCHEMA_VERSION = 1

Saved = Report | SystemReport | Comparison


class NotAReport(Exception):
    """A saved file that is not a report this advisor can read; the text says where and why."""


def check_version(item: dict[str, Any], keys: Sequence[str | int]) -> None:
    """NotAReport unless the item's `schema_version` is 1 (when it has one)."""
    if "schema_version" not in item:
        return
    version = item["schema_version"]
    if type(version) is not int or version != SCHEMA_VERSION:
        where = dotted_path((*keys, "schema_version"))
        raise NotAReport(
            f"{where}: {repr(version)[:40]} is not a schema version this advisor reads "
            f"(it reads {SCHEMA_VERSION})"
        )


def parse_item(item: Any, keys: Sequence[str | int] = ()) -> Saved:
    """One saved report (recommend's, a system's, or compare's), validated."""
    if not isinstance(item, dict):
        where = dotted_path(keys)
        raise NotAReport(f"{where + ': ' if where else ''}should be a JSON object (a report)")
    check_version(item, keys)
    model: type[BaseModel] = (
        Comparison if "rows" in item else SystemReport if item.get("kind") == "system" else Report
    )
    try:
        return model.model_validate(item)  # type: ignore[return-value]
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = dotted_path((*keys, *first["loc"]))
        message = first["msg"].removeprefix("Value error, ")
        raise NotAReport(f"{where + ': ' if where else ''}{message}") from None


def parse_saved(data: Any) -> list[Report | SystemReport] | Comparison:
    """What `recommend --format json` (one report, or a list) or `compare --format json` saved."""
    if isinstance(data, list) and not data:
        raise NotAReport("an empty list holds no report")
    if isinstance(data, dict) and "rows" in data:
        comparison = parse_item(data)
        assert isinstance(comparison, Comparison)
        return comparison
    items = data if isinstance(data, list) else [data]
    reports: list[Report | SystemReport] = []
    for index, item in enumerate(items):
        keys = (index,) if isinstance(data, list) else ()
        report = parse_item(item, keys)
        if isinstance(report, Comparison):
            raise NotAReport(f"{dotted_path(keys)}: a comparison inside a list of reports")
        reports.append(report)
    return reports
