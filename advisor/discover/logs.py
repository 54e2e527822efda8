"""Cold-start (INIT) durations from the functions' REPORT log lines, through CloudWatch Logs
Insights: optional (`--init-durations`; Insights bills by the GB scanned) and bounded (50 log
groups a query, the latest 10,000 lines with an Init Duration a query, a minute of waiting a
query). The lines are matched here too, so an endpoint that ignores the query's filter (moto's
server does) gives the same figures."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from advisor.discover.metrics import Window
from advisor.discover.session import CallBudgetSpent, describe_failure

GROUPS_PER_QUERY = 50
LINES_PER_QUERY = 10_000
MAX_WAIT_S = 60.0
POLL_S = 1.0
PREFIX = "/aws/lambda/"
INIT = re.compile(r"Init Duration:\s*([0-9]+(?:\.[0-9]+)?)\s*ms")
QUERY = (
    "fields @log, @message | filter @message like /Init Duration/ "
    f"| sort @timestamp desc | limit {LINES_PER_QUERY}"
)


@dataclass
class InitTimes:
    """Init durations (ms) by function name, and what could not be read."""

    samples: dict[str, list[float]] = field(default_factory=dict)
    unread: list[str] = field(default_factory=list)


def read_init_times(
    client: Any,
    names: Sequence[str],
    window: Window,
    sleep: Callable[[float], None] = time.sleep,
) -> InitTimes:
    """Run the bounded queries over the functions' log groups that exist."""
    found = InitTimes()
    try:
        existing = set()
        for page in client.get_paginator("describe_log_groups").paginate(logGroupNamePrefix=PREFIX):
            existing |= {g["logGroupName"] for g in page.get("logGroups", [])}
    except CallBudgetSpent:
        raise
    except Exception as exc:
        found.unread.append(f"log groups: {describe_failure(exc)}")
        return found
    groups = [PREFIX + name for name in names if PREFIX + name in existing]
    for start in range(0, len(groups), GROUPS_PER_QUERY):
        chunk = groups[start : start + GROUPS_PER_QUERY]
        try:
            _query(client, chunk, window, found, sleep)
        except CallBudgetSpent:
            raise
        except Exception as exc:
            found.unread.append(f"Logs Insights over {len(chunk)} groups: {describe_failure(exc)}")
    return found


def _query(
    client: Any,
    groups: list[str],
    window: Window,
    found: InitTimes,
    sleep: Callable[[float], None],
) -> None:
    query_id = client.start_query(
        logGroupNames=groups,
        startTime=int(window.start.timestamp()),
        endTime=int(window.end.timestamp()),
        queryString=QUERY,
        limit=LINES_PER_QUERY,
    )["queryId"]
    waited = 0.0
    while True:
        answer = client.get_query_results(queryId=query_id)
        status = answer.get("status", "Complete")
        if status in ("Complete", "Failed", "Cancelled", "Timeout", "Unknown"):
            break
        if waited >= MAX_WAIT_S:
            client.stop_query(queryId=query_id)
            found.unread.append(f"Logs Insights: no answer within {MAX_WAIT_S:.0f} s; stopped")
            return
        sleep(POLL_S)
        waited += POLL_S
    if status != "Complete":
        found.unread.append(f"Logs Insights: the query ended {status}")
        return
    for row in answer.get("results", []):
        cells = {c.get("field"): c.get("value", "") for c in row}
        match = INIT.search(cells.get("@message", ""))
        log = cells.get("@log", "")
        if match is None or PREFIX not in log:
            continue
        name = log[log.index(PREFIX) + len(PREFIX) :]
        found.samples.setdefault(name, []).append(float(match.group(1)))
