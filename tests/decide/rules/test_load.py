"""Bursts behind a queue: sized for the allowed delay, not answered at once."""

from __future__ import annotations

from tests.conftest import option
from tests.pricing.test_entry import QUEUED_THUMBNAILS


def test_a_queue_absorbs_bursts(priced):  # type: ignore[no-untyped-def]
    """The queued thumbnails: 40 a second for 45 s, worked off over 45 + 600 s, is capacity
    for 40 x 45 / 645 = 2.79 a second. ADV404 says so; ADV405 (requests waiting for new
    tasks) does not fire, since waiting within the delay is what the queue is for."""
    report = priced(QUEUED_THUMBNAILS)
    reasons = {r["rule"]: r["message"] for r in report["recommendation"]["reasons"]}
    findings = {f["rule"]: f["message"] for f in report["findings"]}
    adv404 = reasons.get("ADV404") or findings["ADV404"]
    assert "within the allowed 10 min (for 2.79 req/s, not 40 req/s)" in adv404
    assert not [f for f in option(report, "fargate")["findings"] if f["rule"] == "ADV405"]


def test_a_few_runs_a_day_are_counted_a_month() -> None:
    """30 runs in a 730-hour month are 0.986 a day, which no one schedules: `30 runs a month
    (about 1 a day)`; 43,800 (one a minute) are 1,440 a day."""
    from advisor.decide.rules.load import cadence

    assert cadence(30) == "30 runs a month (about 1 a day)"
    assert cadence(4) == "4 runs a month"
    assert cadence(43_800) == "1,440 runs a day"
