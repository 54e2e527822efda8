"""Lambda costs against the pricing page's worked examples and the volume-tier boundaries."""

from __future__ import annotations

from decimal import Decimal

from tests.conftest import items


def test_example_a_mobile_backend_with_free_tier(priced):  # type: ignore[no-untyped-def]
    # 3M requests x 0.12 s x 1.5 GB = 540,000 GB-s; minus 400,000 free = 140,000 x $0.0000166667
    # = $2.33; (3M - 1M) x $0.20/M = $0.40; total $2.73 (pricing page, ephemeral-storage example 1)
    lam = priced(
        """
        version: 1
        name: mobile-backend
        traffic: {monthly_requests: 3000000}
        execution: {duration_ms: 120, memory_mb: 1536}
        lambda: {free_tier: true}
        entry: none
    """,
        "lambda",
    )
    assert items(lam) == {
        "Requests (free tier)": "0.00",
        "Requests": "0.40",
        "Duration (free tier)": "0.00",
        "Duration (tier 1)": "2.33",
    }
    assert lam["monthly_cost"] == "2.73"


def test_example_b_telemetry_without_free_tier(priced):  # type: ignore[no-untyped-def]
    # 10,000 vehicles x 24 x 31 = 7,440,000 requests: $1.488 -> $1.49;
    # 7.44M x 2 s x 1 GB = 14,880,000 GB-s x $0.0000166667 = $248.00; total $249.49
    lam = priced(
        """
        version: 1
        name: telemetry
        traffic: {monthly_requests: 7440000}
        execution: {duration_ms: 2000, memory_mb: 1024}
        entry: none
    """,
        "lambda",
    )
    assert items(lam) == {"Requests": "1.49", "Duration (tier 1)": "248.00"}
    duration = next(i for i in lam["line_items"] if i["name"] == "Duration (tier 1)")
    assert Decimal(duration["quantity"]) == Decimal("14880000")
    assert lam["monthly_cost"] == "249.49"


def test_example_c_bert_with_ephemeral_storage(priced):  # type: ignore[no-untyped-def]
    # 6M x 0.28 s x 4 GB = 6,720,000 GB-s, minus 400,000 free = 6,320,000 -> $105.33;
    # 5M paid requests -> $1.00; (2048 - 512) MB = 1.5 GB x 1,680,000 s = 2,520,000 GB-s
    # x $0.0000000309 = $0.08; total $106.41
    lam = priced(
        """
        version: 1
        name: bert
        traffic: {monthly_requests: 6000000}
        execution: {duration_ms: 280, memory_mb: 4096, ephemeral_storage_mb: 2048}
        lambda: {free_tier: true}
        entry: none
    """,
        "lambda",
    )
    costs = items(lam)
    assert costs["Duration (tier 1)"] == "105.33"
    assert costs["Requests"] == "1.00"
    assert costs["Ephemeral storage above 512 MB"] == "0.08"
    assert lam["monthly_cost"] == "106.41"


def tier_case(priced, gb_seconds: int, arch: str):  # type: ignore[no-untyped-def]
    # 1,000 ms at 1,024 MB: one GB-second per request
    return priced(
        f"""
        version: 1
        name: tiers
        traffic: {{monthly_requests: {gb_seconds}}}
        execution: {{duration_ms: 1000, memory_mb: 1024, architecture: {arch}}}
        entry: none
    """,
        "lambda",
    )


def test_x86_tiers_across_6_and_15_billion(priced):  # type: ignore[no-untyped-def]
    lam = tier_case(priced, 7_000_000_000, "x86_64")
    # 6e9 x 0.0000166667 = 100,000.20; 1e9 x 0.000015 = 15,000; requests 7e9 x 2e-7 = 1,400
    assert items(lam) == {
        "Requests": "1400.00",
        "Duration (tier 1)": "100000.20",
        "Duration (tier 2)": "15000.00",
    }
    assert lam["monthly_cost"] == "116400.20"
    lam = tier_case(priced, 16_000_000_000, "x86_64")
    # + 9e9 x 0.000015 = 135,000 and 1e9 x 0.0000133334 = 13,333.40; requests 3,200
    assert items(lam)["Duration (tier 2)"] == "135000.00"
    assert items(lam)["Duration (tier 3)"] == "13333.40"
    assert lam["monthly_cost"] == "251533.60"


def test_arm_tiers_across_7_5_and_18_75_billion(priced):  # type: ignore[no-untyped-def]
    lam = tier_case(priced, 8_000_000_000, "arm64")
    # 7.5e9 x 0.0000133334 = 100,000.50; 0.5e9 x 0.0000120001 = 6,000.05; requests 1,600
    assert items(lam) == {
        "Requests": "1600.00",
        "Duration (tier 1)": "100000.50",
        "Duration (tier 2)": "6000.05",
    }
    assert lam["monthly_cost"] == "107600.55"
    lam = tier_case(priced, 20_000_000_000, "arm64")
    # 11.25e9 x 0.0000120001 = 135,001.125; 1.25e9 x 0.0000106667 = 13,333.375; requests 4,000
    assert items(lam)["Duration (tier 3)"] == "13333.38"
    assert lam["monthly_cost"] == "252335.00"


def test_provisioned_concurrency_splits_warm_and_overflow(priced):  # type: ignore[no-untyped-def]
    # 10 req/s steady at 1,000 ms and 2,048 MB: concurrency 10. Five warm environments serve half
    # the invocations: 26,280,000 requests a month, 13,140,000 on each side.
    lam = priced(
        """
        version: 1
        name: pc
        traffic: {average_rps: 10}
        execution: {duration_ms: 1000, memory_mb: 2048}
        lambda: {provisioned_concurrency: 5, free_tier: true}
        entry: none
    """,
        "lambda",
    )
    costs = items(lam)
    # warm: 5 x 2 GB x 730 h x 3600 s = 26,280,000 GB-s x 0.0000041667 = 109.50
    assert costs["Provisioned concurrency"] == "109.50"
    # served warm: 13,140,000 x 1 s x 2 GB = 26,280,000 GB-s x 0.0000097222 = 255.50
    assert costs["Duration on provisioned concurrency"] == "255.50"
    # on demand: the same 26,280,000 GB-s x 0.0000166667 = 438.00, and no free tier with PC
    assert costs["Duration (tier 1)"] == "438.00"
    assert costs["Requests"] == "5.26"
    assert "Requests (free tier)" not in costs
