"""GetMetricData batching within its limits, pages, empty hours and refused statistics, with a
stand-in client that records what it was asked."""

from __future__ import annotations

import datetime as dt
from typing import Any

from advisor.discover.metrics import MAX_DATAPOINTS, Query, Window, batches, fetch

START = dt.datetime(2026, 11, 21, 13, tzinfo=dt.timezone.utc)
WINDOW = Window(START, START + dt.timedelta(days=14))


def query(number: int, stat: str = "Sum", hourly: bool = True) -> Query:
    return Query(f"q{number}", "AWS/Lambda", "Invocations", (("FunctionName", "f"),), stat, hourly)


def test_batches_keep_within_both_limits() -> None:
    """336 hourly points a query: 100,800 / 336 = 300 queries a call (under the 500 cap);
    percentiles in calls of their own."""
    queries = [query(n) for n in range(1_000)] + [query(n + 1_000, "p99") for n in range(10)]
    sizes = [(len(b), b[0].stat) for b in batches(queries, WINDOW.hours)]
    assert sizes == [(300, "Sum"), (300, "Sum"), (300, "Sum"), (100, "Sum"), (10, "p99")]
    assert all(n * WINDOW.hours <= MAX_DATAPOINTS for n, _ in sizes)
    assert max(len(b) for b in batches([query(n) for n in range(900)], 1)) == 500


class Client:
    def __init__(self, refuse: str | None = None) -> None:
        self.requests: list[dict[str, Any]] = []
        self.refuse = refuse

    def get_metric_data(self, **request: Any) -> dict[str, Any]:
        self.requests.append(request)
        stats = {q["MetricStat"]["Stat"] for q in request["MetricDataQueries"]}
        if self.refuse in stats:
            raise RuntimeError("refused")
        results = []
        for q in request["MetricDataQueries"]:
            if "NextToken" not in request:  # first page: hours 0 and 2; second page: hour 5
                stamps = [START, START + dt.timedelta(hours=2)]
            else:
                stamps = [START + dt.timedelta(hours=5)]
            results.append({"Id": q["Id"], "Timestamps": stamps, "Values": [1.0] * len(stamps)})
        page: dict[str, Any] = {"MetricDataResults": results}
        if "NextToken" not in request:
            page["NextToken"] = "more"
        return page


def test_pages_are_followed_and_empty_hours_left_empty() -> None:
    client = Client()
    results = fetch(client, [query(1), query(2, "Maximum", hourly=False)], WINDOW)
    assert len(client.requests) == 2
    assert client.requests[1]["NextToken"] == "more"
    hourly = results.values("q1")
    assert hourly is not None and len(hourly) == 336
    assert [i for i, v in enumerate(hourly) if v is not None] == [0, 2, 5]
    assert results.values("q2") == [3.0]
    whole = client.requests[0]["MetricDataQueries"][1]["MetricStat"]["Period"]
    assert whole == 336 * 3600  # a one-figure query spans the window in one period


def test_a_refused_percentile_costs_only_the_percentile() -> None:
    results = fetch(Client(refuse="p99"), [query(1), query(2, "p99", hourly=False)], WINDOW)
    assert results.values("q1") is not None
    assert results.values("q2") is None
    assert "q2" in results.failed and "q1" not in results.failed
