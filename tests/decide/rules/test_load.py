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


BURSTY_API = """\
version: 1
name: bursty-api
traffic: {average_rps: 2, pattern: bursty, peak_rps: 200, burst_duration_s: 60, bursts_per_day: 1}
execution: {duration_ms: 200, memory_mb: 512}
container: {vcpu: 1, memory_gb: 2, concurrency: 10}
entry: alb
"""


def test_a_burst_outruns_the_standing_instances_of_an_ec2_fleet_too(priced):  # type: ignore[no-untyped-def]
    """Each request uses the CPU Lambda gave it: 0.2 s x 512 / 1,769 vCPU = 0.05789 vCPU-s, so
    one request a second keeps 0.05789 of a 1-vCPU task busy.

    Fargate: 2 standing tasks serve 2 / 0.05789 = 34.55 req/s. A 60 s burst of 200 req/s
    leaves (200 - 34.55) x 60 = 9,927 requests; the burst's ceil(200 x 0.05789 / 0.7) = 17
    tasks arrive after 60 s and serve 293.7 req/s: the last waits min(9,927 / 34.55,
    60 + 9,927 / 293.7) = 93.8 s, 1.56 min.

    EC2 on t3.medium (2 vCPU, 4 GiB, 90 % usable): a task takes max(1 / 2, 2 / 3.6) = 0.5556
    of an instance, so 2 standing instances serve 2 / (0.05789 x 0.5556) = 62.2 req/s. The
    backlog, (200 - 62.2) x 60 = 8,269 requests, is worked off by them in 8,269 / 62.2 =
    133 s = 2.22 min, before the burst's instances arrive (after 180 s)."""
    report = priced(BURSTY_API)
    fargate = {f["rule"]: f["message"] for f in option(report, "fargate")["findings"]}
    ec2 = {f["rule"]: f["message"] for f in option(report, "ec2")["findings"]}
    assert fargate["ADV405"] == (
        "A burst of 200 req/s outruns the 2 standing Fargate tasks (34.6 req/s at full use) "
        "until new tasks arrive: requests queue for up to 1.56 min."
    )
    assert ec2["ADV405"] == (
        "A burst of 200 req/s outruns the 2 standing EC2 instances of t3.medium (62.2 req/s at "
        "full use) until new instances arrive: requests queue for up to 2.22 min."
    )
