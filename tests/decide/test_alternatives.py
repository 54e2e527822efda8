"""Cheaper levers beside each option: a function URL or an ALB instead of API Gateway, Graviton."""

from __future__ import annotations

from decimal import Decimal

from tests.conftest import beside, items, option

BILLION = """
    version: 1
    name: billion-api
    traffic: {monthly_requests: 1000000000, request_kb: 1, response_kb: 1}
    execution: {duration_ms: 10, memory_mb: 128}
"""


def _levers(opt: dict) -> dict[str, dict]:  # type: ignore[type-arg]
    return {a["to"]: a for a in opt["alternatives"]}


def test_a_billion_requests_behind_a_function_url_or_an_alb(priced):  # type: ignore[no-untyped-def]
    """The issue's API: a billion small requests a month, 10 ms at 128 MB, x86.

    Lambda: requests 1,000 M x $0.20/M = $200.00; duration 1,000 M x 0.01 s x 0.125 GB =
    1,250,000 GB-s x $0.0000166667 = $20.83; $220.83 (INIT adds well under a cent).
    API Gateway HTTP API: 300 M x $1.00/M + 700 M x $0.90/M = $930.00; $1,150.83 in all: the
    issue's "$1,151 against $221 with a function URL", which bills nothing beyond the function.
    ALB: 1,000 M / 2,628,000 s = 380.52 req/s; LCUs the larger of new connections (one request
    each, 25 a second per LCU: 15.22) and bytes (380.52 x 3,600 x 2 KB / 1,048,576 = 2.61 GB an
    hour, at 0.4 GB per LCU for Lambda targets: 6.53): 15.22 x 730 = 11,111.2 LCU-h x $0.008 =
    $88.89, plus 730 h x $0.0225 = $16.425, plus its two public IPv4 addresses, 2 x 730 h x
    $0.005 = $7.30; $220.83 + $105.31 + $7.30 = $333.45 (to the cent of the exact sum).
    Beside each, the same logs and data sent out (`beside`: $481.19), whatever the door.
    """
    lam = priced(BILLION, "lambda")
    costs = items(lam)
    assert costs["API Gateway HTTP API requests (tier 1)"] == "300.00"
    assert costs["API Gateway HTTP API requests (tier 2)"] == "630.00"
    logged_and_sent = beside(lam)
    assert Decimal(lam["monthly_cost"]) - logged_and_sent == Decimal("1150.83")
    levers = _levers(lam)
    url, alb = levers["function_url"], levers["alb"]
    assert Decimal(url["monthly_cost"]) - logged_and_sent == Decimal("220.83")
    assert url["saving"] == "930.00"
    assert Decimal(alb["monthly_cost"]) - logged_and_sent == Decimal("333.45")
    assert alb["saving"] == "817.39"
    assert "authorisers" in url["gives_up"] and "WAF" in url["gives_up"]
    assert "usage plans" in alb["gives_up"] and "throttling" in alb["gives_up"]
    assert lam["entry"] == "api_gateway_http"  # the option itself stays as the file says


def test_graviton_is_shown_where_the_architecture_is_not_pinned(priced):  # type: ignore[no-untyped-def]
    """Unpinned: priced on x86 as before, arm64 beside it. Lambda's arm duration: 1,250,000
    GB-s x $0.0000133334 = $16.67 against $20.83: $1,146.67, and the saving is the difference
    of the exact totals, 1,250,000 x $0.0000033333 = $4.1666 -> $4.17 (logs and data sent out
    beside it, as on x86)."""
    lam = priced(BILLION, "lambda")
    arm = _levers(lam)["arm64"]
    assert arm["change"] == "architecture"
    assert Decimal(arm["monthly_cost"]) - beside(lam) == Decimal("1146.67")
    assert arm["saving"] == "4.17"
    pinned = priced(BILLION.replace("memory_mb: 128}", "memory_mb: 128, architecture: x86_64}"))
    for opt in pinned["options"]:
        assert "arm64" not in _levers(opt)
    # pinning x86_64 changes no figure: the JSON report's costs are the unpinned file's
    unpinned = priced(BILLION)
    assert [o["monthly_cost"] for o in pinned["options"]] == [
        o["monthly_cost"] for o in unpinned["options"]
    ]


def test_no_door_alternatives_without_api_gateway(priced):  # type: ignore[no-untyped-def]
    url = priced(BILLION + "    entry: function_url\n", "lambda")
    assert set(_levers(url)) == {"arm64"}
    fargate = priced(BILLION, "fargate")
    assert set(_levers(fargate)) == {"arm64"}  # containers sit behind their own ALB


def test_managed_instances_get_the_same_doors(priced):  # type: ignore[no-untyped-def]
    managed = option(priced(BILLION), "lambda_managed_instances")
    url = _levers(managed)["function_url"]
    assert url["saving"] == "930.00"
