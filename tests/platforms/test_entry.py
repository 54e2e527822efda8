"""The front door: API Gateway tiers, ALB LCUs, NAT gateway."""

from __future__ import annotations

from tests.conftest import items, option


def test_http_api_tiers_at_300_million(priced):  # type: ignore[no-untyped-def]
    # 300M x $1.00/M = $300; 100M x $0.90/M = $90
    lam = option(
        priced("""
        version: 1
        name: big-api
        traffic: {monthly_requests: 400000000}
        execution: {duration_ms: 10, memory_mb: 128}
    """),
        "lambda",
    )
    costs = items(lam)
    assert costs["API Gateway HTTP API requests (tier 1)"] == "300.00"
    assert costs["API Gateway HTTP API requests (tier 2)"] == "90.00"


def test_rest_api_tiers(priced):  # type: ignore[no-untyped-def]
    # 333M x $3.50/M = $1,165.50; 67M x $2.80/M = $187.60
    lam = option(
        priced("""
        version: 1
        name: rest-api
        traffic: {monthly_requests: 400000000}
        execution: {duration_ms: 10, memory_mb: 128}
        entry: api_gateway_rest
    """),
        "lambda",
    )
    costs = items(lam)
    assert costs["API Gateway REST API requests (tier 1)"] == "1165.50"
    assert costs["API Gateway REST API requests (tier 2)"] == "187.60"


def test_alb_hours_and_lcus_from_new_connections(priced):  # type: ignore[no-untyped-def]
    # 100 req/s, one request per connection: 4 LCU from new connections (25/s each), more than
    # 100 x 3,600 x 10 KB = 3.43 GB/h; 4 x 730 = 2,920 LCU-h x $0.008 = $23.36;
    # 730 h x $0.0225 = $16.425 -> $16.43
    farg = option(
        priced("""
        version: 1
        name: alb
        traffic: {average_rps: 100}
        execution: {duration_ms: 50, memory_mb: 512}
    """),
        "fargate",
    )
    costs = items(farg)
    assert costs["Load balancer hours"] == "16.43"
    assert costs["Load balancer capacity units"] == "23.36"


def test_nat_gateway_on_every_platform(priced):  # type: ignore[no-untyped-def]
    # 730 h x $0.045 = $32.85; 100 GB x $0.045 = $4.50
    rep = priced("""
        version: 1
        name: nat
        traffic: {monthly_requests: 1000}
        execution: {duration_ms: 50, memory_mb: 512}
        network: {nat_gateway: true, nat_gb_per_month: 100}
    """)
    for key in ("lambda", "fargate", "ec2"):
        costs = items(option(rep, key))
        assert costs["NAT gateway hours"] == "32.85"
        assert costs["NAT gateway data processed"] == "4.50"


def test_defaults_put_lambda_behind_http_api_and_containers_behind_alb(priced):  # type: ignore[no-untyped-def]
    rep = priced("""
        version: 1
        name: defaults
        traffic: {monthly_requests: 1000}
        execution: {duration_ms: 50, memory_mb: 512}
    """)
    assert option(rep, "lambda")["entry"] == "api_gateway_http"
    assert option(rep, "fargate")["entry"] == "alb"
    assert option(rep, "ec2")["entry"] == "alb"
