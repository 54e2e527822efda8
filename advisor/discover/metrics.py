"""CloudWatch GetMetricData, batched to its limits: at most 500 queries a call and 100,800
data points a call, every NextToken followed. A batch that fails marks its queries unread
(with the reason), never the run; percentiles go in batches of their own, since some
endpoints (moto's server, for one) refuse them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from advisor.discover.session import CallBudgetSpent, describe_failure

MAX_QUERIES = 500
MAX_DATAPOINTS = 100_800
HOUR_S = 3600


@dataclass(frozen=True)
class Query:
    """One metric and statistic over the window, hourly or as one figure for the window."""

    id: str
    namespace: str
    metric: str
    dimensions: tuple[tuple[str, str], ...]
    stat: str
    hourly: bool = True

    @property
    def percentile(self) -> bool:
        """p99 and friends: extended statistics."""
        return self.stat.startswith(("p", "tm", "tc", "ts", "wm", "PR", "TM", "TC", "TS", "WM"))


@dataclass(frozen=True)
class Window:
    """Whole hours, ending at the last whole hour before now (UTC)."""

    start: dt.datetime
    end: dt.datetime

    @classmethod
    def last_days(cls, days: int, now: dt.datetime | None = None) -> Window:
        """The last `days` days of whole hours."""
        now = now or dt.datetime.now(dt.timezone.utc)
        end = now.astimezone(dt.timezone.utc).replace(minute=0, second=0, microsecond=0)
        return cls(end - dt.timedelta(days=days), end)

    @property
    def hours(self) -> int:
        """Hours in the window."""
        return int((self.end - self.start).total_seconds()) // HOUR_S

    def describe(self) -> str:
        """`2026-11-21T13:00Z to 2026-12-05T13:00Z (14 days, hourly)`."""
        fmt = "%Y-%m-%dT%H:%MZ"
        return f"{self.start.strftime(fmt)} to {self.end.strftime(fmt)} ({self.hours / 24:g} days)"


@dataclass
class Results:
    """Each query's hourly values (zero-filled: CloudWatch leaves out empty hours), or the
    reason it could not be read."""

    hours: int
    series: dict[str, list[float | None]] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)

    def values(self, query_id: str) -> list[float | None] | None:
        """The hourly values of a query (None for an hour without a data point)."""
        return self.series.get(query_id)


def batches(queries: Sequence[Query], points_per_query: int) -> Iterable[list[Query]]:
    """Queries in calls within both limits; percentiles apart from the others."""
    size = max(1, min(MAX_QUERIES, MAX_DATAPOINTS // max(points_per_query, 1)))
    for group in ([q for q in queries if not q.percentile], [q for q in queries if q.percentile]):
        for start in range(0, len(group), size):
            yield group[start : start + size]


def fetch(
    cloudwatch: Any,
    queries: Sequence[Query],
    window: Window,
    on_batch: Callable[[int], None] | None = None,
) -> Results:
    """Run every query over the window; hourly ones as hourly values, the rest as one value."""
    results = Results(window.hours)
    for batch in batches(queries, window.hours):
        try:
            _fetch_batch(cloudwatch, batch, window, results)
        except CallBudgetSpent:
            raise
        except Exception as exc:  # a refused statistic, a denied call: those queries unread
            reason = describe_failure(exc)
            for query in batch:
                results.failed[query.id] = reason
                results.series.pop(query.id, None)
        if on_batch is not None:
            on_batch(len(batch))
    return results


def _request(query: Query, window: Window) -> dict[str, Any]:
    period = HOUR_S if query.hourly else window.hours * HOUR_S
    return {
        "Id": query.id,
        "MetricStat": {
            "Metric": {
                "Namespace": query.namespace,
                "MetricName": query.metric,
                "Dimensions": [{"Name": k, "Value": v} for k, v in query.dimensions],
            },
            "Period": period,
            "Stat": query.stat,
        },
        "ReturnData": True,
    }


def _fetch_batch(cloudwatch: Any, batch: list[Query], window: Window, results: Results) -> None:
    by_id = {q.id: q for q in batch}
    for query in batch:
        results.series[query.id] = [None] * (window.hours if query.hourly else 1)
    request: dict[str, Any] = {
        "MetricDataQueries": [_request(q, window) for q in batch],
        "StartTime": window.start,
        "EndTime": window.end,
        "ScanBy": "TimestampAscending",
    }
    while True:
        page = cloudwatch.get_metric_data(**request)
        for result in page.get("MetricDataResults", []):
            found = by_id.get(result.get("Id", ""))
            if found is None:
                continue
            if result.get("StatusCode") == "Forbidden":
                results.failed[found.id] = "access denied to the metric"
                continue
            hourly = found.hourly
            series = results.series[found.id]
            stamps, values = result.get("Timestamps", []), result.get("Values", [])
            for stamp, value in zip(stamps, values, strict=False):
                index = _hour_index(stamp, window) if hourly else 0
                if 0 <= index < len(series):
                    series[index] = (series[index] or 0.0) + float(value)
        token = page.get("NextToken")
        if not token:
            break
        request["NextToken"] = token
    for query_id in list(results.failed):
        if query_id in by_id:
            results.series.pop(query_id, None)


def _hour_index(stamp: dt.datetime, window: Window) -> int:
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=dt.timezone.utc)
    return int((stamp - window.start).total_seconds() // HOUR_S)
