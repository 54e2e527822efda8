"""Systems: shared free tier and tiers, the hybrid split, the diagram, and located errors."""

from __future__ import annotations

from decimal import Decimal

from tests.conftest import SCENARIOS

TWO_LAMBDAS = """
version: 1
kind: system
name: two-functions
lambda: {free_tier: true}
services:
  - name: a
    traffic: {monthly_requests: 3000000}
    execution: {duration_ms: 120, memory_mb: 1536}
    entry: none
  - name: b
    traffic: {monthly_requests: 2000000}
    execution: {duration_ms: 500, memory_mb: 1024}
    entry: none
"""


def design(report, name):  # type: ignore[no-untyped-def]
    return next(d for d in report["designs"] if d["name"] == name)


def test_free_tier_applies_once_per_system(cli, write):  # type: ignore[no-untyped-def]
    # a: 3M x 0.12 s x 1.5 GB = 540,000 GB-s; b: 2M x 0.5 s x 1 GB = 1,000,000 GB-s.
    # Pooled: (5M - 1M free) x $0.20/M = $0.80; (1,540,000 - 400,000) x $0.0000166667 = $19.00.
    # Priced apart, each would take the free tier: $2.73 + $10.20 = $12.93.
    run = cli("recommend", str(write(TWO_LAMBDAS, "system.yaml")), "--format", "json")
    assert run.code == 0, run.stderr
    report = run.json()
    hybrid = design(report, "recommended")
    assert hybrid["assignments"] == {"a": "lambda", "b": "lambda"}
    costs = {i["name"]: i["monthly_cost"] for i in hybrid["line_items"]}
    assert costs["Lambda Requests"] == "0.80"
    assert costs["Lambda Duration (tier 1)"] == "19.00"
    assert hybrid["monthly_cost"] == "19.80"
    # each service's share follows its list price: a 540,000 GB-s + 3M requests, b the rest
    shares = hybrid["per_service"]
    assert sum(Decimal(v) for v in shares.values()) == Decimal("19.80")


def test_volume_tiers_apply_to_the_combined_gb_seconds(cli, write):  # type: ignore[no-untyped-def]
    # all on Lambda: 4e9 + 3e9 GB-s pooled = 7e9: 6e9 x 0.0000166667 = 100,000.20 and
    # 1e9 x 0.000015 = 15,000, plus 7e9 requests x $0.20/M = 1,400: $116,400.20.
    # Priced apart neither would reach tier 2: $67,466.80 + $50,600.10 = $118,066.90.
    text = (
        TWO_LAMBDAS.replace("lambda: {free_tier: true}\n", "")
        .replace("monthly_requests: 3000000", "monthly_requests: 4000000000")
        .replace("monthly_requests: 2000000", "monthly_requests: 3000000000")
        .replace("duration_ms: 120, memory_mb: 1536", "duration_ms: 1000, memory_mb: 1024")
        .replace("duration_ms: 500, memory_mb: 1024", "duration_ms: 1000, memory_mb: 1024")
    )
    report = cli("recommend", str(write(text, "system.yaml")), "--format", "json").json()
    all_lambda = design(report, "all-lambda")
    costs = {i["name"]: i["monthly_cost"] for i in all_lambda["line_items"]}
    assert costs["Lambda Duration (tier 1)"] == "100000.20"
    assert costs["Lambda Duration (tier 2)"] == "15000.00"
    # the INIT phases of the functions' cold starts come on top
    init = sum(Decimal(v) for k, v in costs.items() if "INIT duration" in k)
    assert Decimal(all_lambda["monthly_cost"]) == Decimal("116400.20") + init


def test_ecommerce_gets_a_mixed_design(cli):  # type: ignore[no-untyped-def]
    report = cli("recommend", str(SCENARIOS / "ecommerce-system.yaml"), "--format", "json").json()
    platforms = {s["name"]: s["recommended"]["platform"] for s in report["services"]}
    assert platforms["image-processing"] == "lambda"
    assert platforms["email-notifications"] == "lambda"
    assert platforms["analytics-pipeline"] == "lambda"
    assert platforms["web-app"] in {"fargate", "ec2"}
    assert platforms["api"] in {"fargate", "ec2"}
    assert platforms["search"] in {"fargate", "ec2"}
    hybrid, all_lambda, all_containers = report["designs"]
    assert all_lambda["feasible"] is False
    assert float(hybrid["monthly_cost"]) < float(all_containers["monthly_cost"])
    shares = sum(Decimal(v) for v in hybrid["per_service"].values())
    assert shares == Decimal(hybrid["monthly_cost"])


def test_ecommerce_markdown_report(cli, golden):  # type: ignore[no-untyped-def]
    run = cli("recommend", "scenarios/ecommerce-system.yaml", "--format", "markdown")
    assert run.code == 0
    golden("ecommerce-system.md", run.stdout)


def test_broken_service_reference_names_system_and_service(cli, write):  # type: ignore[no-untyped-def]
    path = write(
        """
        version: 1
        kind: system
        name: broken
        services:
          - file: missing.yaml
        """,
        "system.yaml",
    )
    run = cli("recommend", str(path))
    assert run.code == 2
    assert run.stderr.startswith(f"{path}:5:11: services[0].file: service file missing.yaml: ")
    assert "file not found" in run.stderr


def test_bad_referenced_workload_names_both_files(cli, write):  # type: ignore[no-untyped-def]
    write(
        "version: 1\nname: w\ntraffic: {monthly_requests: -1}\n"
        "execution: {duration_ms: 1, memory_mb: 128}\n",
        "w.yaml",
    )
    path = write("version: 1\nkind: system\nname: s\nservices:\n  - file: w.yaml\n", "system.yaml")
    run = cli("recommend", str(path))
    assert run.code == 2
    assert run.stderr.startswith(f"{path}:5:11: services[0].file: service file w.yaml: ")
    assert "w.yaml:3:29: traffic.monthly_requests: Input should be greater than 0" in run.stderr


def test_bad_inline_service_is_located_in_the_system_file(cli, write):  # type: ignore[no-untyped-def]
    path = write(TWO_LAMBDAS.replace("memory_mb: 1024", "memroy_mb: 1024"), "system.yaml")
    run = cli("recommend", str(path))
    assert run.code == 2
    assert run.stderr == (
        f"{path}:12:35: services[1].execution.memroy_mb: unknown key; did you mean 'memory_mb'?\n"
    )


def test_unknown_queue_is_an_error(cli, write):  # type: ignore[no-untyped-def]
    path = write(
        TWO_LAMBDAS.replace(
            "    entry: none\n  - name: b", "    entry: none\n    uses: [orders]\n  - name: b"
        ),
        "system.yaml",
    )
    run = cli("recommend", str(path))
    assert run.code == 2
    assert "services[0].uses: 'orders' is not among the system's queues or stores" in run.stderr
