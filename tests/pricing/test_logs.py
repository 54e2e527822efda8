"""CloudWatch Logs: Lambda's own lines and tiers, containers' application logs."""

from __future__ import annotations

from decimal import Decimal

from advisor.pricing.catalog import Catalog
from advisor.pricing.charges import line_items
from advisor.pricing.logs import log_charges
from tests.conftest import items, option

API = """
    version: 1
    name: logged
    traffic: {monthly_requests: 10000000}
    execution: {duration_ms: 50, memory_mb: 512}
"""


def test_lambda_logs_its_own_lines_and_containers_only_theirs(priced):  # type: ignore[no-untyped-def]
    """10M invocations x (0.3 KB of START/END/REPORT + 0.5 KB of the function's, the default)
    = 8,000,000 KB / 1,048,576 = 7.629395 GB: x $0.50 = $3.81 ingested, x $0.03 = $0.23 kept a
    month. A container writes the 0.5 KB only: 4.768372 GB, x $0.50 = $2.38 and x $0.03 = $0.14,
    on Fargate and EC2 alike."""
    rep = priced(API)
    lam = items(option(rep, "lambda"))
    assert lam["CloudWatch Logs ingestion (tier 1)"] == "3.81"
    assert lam["CloudWatch Logs storage (one month)"] == "0.23"
    for key in ("fargate", "ec2"):
        costs = items(option(rep, key))
        assert costs["CloudWatch Logs ingestion"] == "2.38"
        assert costs["CloudWatch Logs storage (one month)"] == "0.14"


def test_kb_per_request_sets_the_application_lines(priced):  # type: ignore[no-untyped-def]
    """logs.kb_per_request: 0 leaves Lambda's 0.3 KB: 3,000,000 KB = 2.861023 GB x $0.50 =
    $1.43; containers then log nothing (a zero line)."""
    rep = priced(API + "    logs: {kb_per_request: 0}\n")
    assert items(option(rep, "lambda"))["CloudWatch Logs ingestion (tier 1)"] == "1.43"
    assert items(option(rep, "fargate"))["CloudWatch Logs ingestion"] == "0.00"


def test_lambda_log_tiers() -> None:
    """Lambda's logs past 10 TB: 40,960 GB bills 10,240 x $0.50 = $5,120, 20,480 x $0.25 =
    $5,120 and 10,240 x $0.10 = $1,024; storage 40,960 x $0.03 = $1,228.80."""
    rates = Catalog().for_region("us-east-1")
    lines = line_items(log_charges(Decimal(40960), rates, vended=True))
    assert [(i.name, i.cost) for i in lines] == [
        ("CloudWatch Logs ingestion (tier 1)", Decimal("5120.00")),
        ("CloudWatch Logs ingestion (tier 2)", Decimal("5120.00")),
        ("CloudWatch Logs ingestion (tier 3)", Decimal("1024.000")),
        ("CloudWatch Logs storage (one month)", Decimal("1228.80")),
    ]


def test_singapore_custom_logs_cost_more() -> None:
    """ap-southeast-1's standard ingestion is $0.70/GB: 10 GB = $7.00."""
    rates = Catalog().for_region("ap-southeast-1")
    assert line_items(log_charges(Decimal(10), rates, vended=False))[0].cost == Decimal("7.00")


def test_behind_a_queue_lambda_writes_its_own_lines_once_a_batch(priced):  # type: ignore[no-untyped-def]
    """3,000,000 messages read ten to an invocation: 300,000 invocations. The function's 0.5 KB
    a message, 1,500,000 KB, and Lambda's 0.3 KB an invocation, 90,000 KB: 1,590,000 KB /
    1,048,576 = 1.516342 GB, x $0.50 = $0.758 -> $0.76 ingested, x $0.03 = $0.045 -> $0.05 kept
    (not 3,000,000 x 0.8 KB = 2.288818 GB, $1.14). Lambda Managed Instances, invoked the same
    way, log the same."""
    report = priced("""
        version: 1
        name: queued
        traffic: {monthly_requests: 3000000}
        execution: {duration_ms: 800, memory_mb: 1024}
        entry: queue
    """)
    for key in ("lambda", "lambda_managed_instances"):
        costs = items(option(report, key))
        assert costs["CloudWatch Logs ingestion (tier 1)"] == "0.76"
        assert costs["CloudWatch Logs storage (one month)"] == "0.05"
