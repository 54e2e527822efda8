"""ADV602 prices the orchestration it could suggest against merging the steps."""

from __future__ import annotations

from tests.conftest import option

CHAIN = """
    version: 1
    name: chain
    region: REGION
    traffic: {monthly_requests: 10000000}
    execution:
      duration_ms: 300
      memory_mb: 512
      calls_functions_synchronously: true
      synchronous_calls: 2
"""


def adv602(report):  # type: ignore[no-untyped-def]
    return next(f["message"] for f in option(report, "lambda")["findings"] if f["rule"] == "ADV602")


def test_a_chain_prices_step_functions_against_merging(priced):  # type: ignore[no-untyped-def]
    """10,000,000 requests, each waiting on 2 functions. Standard: 3 transitions a request
    (the caller's step and one per call), 30,000,000 x $0.025 per 1,000 = $750.00. Express:
    10,000,000 x $1.00/M = $10.00, plus the 300 ms chain at 64 MB: 10,000,000 x 0.3 s x
    0.0625 GB = 187,500 GB-s x $0.00001667 = $3.13: $13.13. Merged: no transitions, and the
    20,000,000 requests of the called functions ($0.20/M: $4.00) are gone: merging wins."""
    message = adv602(priced(CHAIN.replace("REGION", "us-east-1")))
    assert "Standard would add $750.00 a month (3 state transitions a request" in message
    assert "Express $13.13" in message
    assert "drops the 20,000,000 requests a month of the functions it calls ($4.00)" in message
    assert "merge the steps (cheapest)" in message


def test_without_step_functions_rates_the_finding_says_so(priced):  # type: ignore[no-untyped-def]
    message = adv602(priced(CHAIN.replace("REGION", "eu-west-1")))
    assert "Step Functions is not priced in this region's pricing file" in message
    assert "merge the steps (cheapest)" in message
