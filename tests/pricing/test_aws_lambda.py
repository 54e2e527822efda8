"""Lambda costs against the pricing page's worked examples and the volume-tier boundaries."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.conftest import before_init, items
from tests.pricing.test_entry import QUEUED_THUMBNAILS


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
    costs, init = before_init(lam)
    assert costs == {
        "Requests (free tier)": "0.00",
        "Requests": "0.40",
        "Duration (free tier)": "0.00",
        "Duration (tier 1)": "2.33",
    }
    assert Decimal(lam["monthly_cost"]) == Decimal("2.73") + init


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
    costs, init = before_init(lam)
    assert costs == {"Requests": "1.49", "Duration (tier 1)": "248.00"}
    duration = next(i for i in lam["line_items"] if i["name"] == "Duration (tier 1)")
    assert Decimal(duration["quantity"]) == Decimal("14880000")
    assert Decimal(lam["monthly_cost"]) == Decimal("249.49") + init


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
    costs, rest = before_init(lam)
    assert costs["Duration (tier 1)"] == "105.33"
    assert costs["Requests"] == "1.00"
    assert costs["Ephemeral storage above 512 MB"] == "0.08"
    assert Decimal(lam["monthly_cost"]) == Decimal("106.41") + rest


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
    # (INIT phases, billed in the tiers after the invocations' GB-seconds, come on top)
    costs, init = before_init(lam)
    assert costs == {
        "Requests": "1400.00",
        "Duration (tier 1)": "100000.20",
        "Duration (tier 2)": "15000.00",
    }
    assert Decimal(lam["monthly_cost"]) == Decimal("116400.20") + init
    lam = tier_case(priced, 16_000_000_000, "x86_64")
    # + 9e9 x 0.000015 = 135,000 and 1e9 x 0.0000133334 = 13,333.40; requests 3,200
    costs, init = before_init(lam)
    assert costs["Duration (tier 2)"] == "135000.00"
    assert costs["Duration (tier 3)"] == "13333.40"
    assert Decimal(lam["monthly_cost"]) == Decimal("251533.60") + init


def test_arm_tiers_across_7_5_and_18_75_billion(priced):  # type: ignore[no-untyped-def]
    lam = tier_case(priced, 8_000_000_000, "arm64")
    # 7.5e9 x 0.0000133334 = 100,000.50; 0.5e9 x 0.0000120001 = 6,000.05; requests 1,600
    costs, init = before_init(lam)
    assert costs == {
        "Requests": "1600.00",
        "Duration (tier 1)": "100000.50",
        "Duration (tier 2)": "6000.05",
    }
    assert Decimal(lam["monthly_cost"]) == Decimal("107600.55") + init
    lam = tier_case(priced, 20_000_000_000, "arm64")
    # 11.25e9 x 0.0000120001 = 135,001.125; 1.25e9 x 0.0000106667 = 13,333.375; requests 4,000
    costs, init = before_init(lam)
    assert costs["Duration (tier 3)"] == "13333.38"
    # 252,335.00 in all; the two half cents, each line rounded up, make the lines a cent more
    # (`init` is the total less the lines)
    assert Decimal(lam["monthly_cost"]) == Decimal("252335.00") + init + Decimal("0.01")


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
    # on demand: the same 26,280,000 GB-s, less the free 400,000 (the free tier still covers
    # use on demand beside provisioned concurrency, AWS's example D) = 25,880,000 x 0.0000166667
    # = 431.33; requests 26,280,000 - 1M free = 25,280,000 x $0.20/M = 5.06
    assert costs["Duration (tier 1)"] == "431.33"
    assert costs["Requests"] == "5.06"
    assert costs["Requests (free tier)"] == "0.00"


def test_example_e_provisioned_for_a_day_serves_that_days_traffic(priced):  # type: ignore[no-untyped-def]
    """AWS's example E: 7 environments of 4 GB provisioned for 24 hours, 2M requests of 280 ms
    arriving in that window. Provisioned: 7 x 4 GB x 86,400 s = 2,419,200 GB-s x $0.0000041667
    = $10.08; duration 2M x 0.28 s x 4 GB = 2,240,000 GB-s x $0.0000097222 = $21.78; requests
    $0.40; total $32.26. (Spread evenly over the month, only 24/730 of them would be warm.)"""
    lam = priced(
        """
        version: 1
        name: example-e
        traffic: {monthly_requests: 2000000}
        execution: {duration_ms: 280, memory_mb: 4096}
        lambda: {provisioned_concurrency: 7, provisioned_hours: 24, provisioned_traffic_share: 1}
        entry: none
    """,
        "lambda",
    )
    costs = items(lam)
    assert costs["Provisioned concurrency"] == "10.08"
    assert costs["Duration on provisioned concurrency"] == "21.78"
    assert costs["Requests"] == "0.40"
    assert sum(Decimal(v) for v in before_init(lam)[0].values()) == Decimal("32.26")


def test_the_free_tier_still_covers_use_on_demand_beside_provisioned_concurrency(priced):  # type: ignore[no-untyped-def]
    """2 environments of 1 GB kept warm all month for 10M requests of 100 ms at a steady 3.8
    req/s (0.38 in flight: all fit), with the free tier. Warm: 2 x 1 GB x 2,628,000 s =
    5,256,000 GB-s x $0.0000041667 = $21.90; their duration 1M GB-s x $0.0000097222 = $9.72;
    nothing runs on demand, so the free GB-seconds go unused; 10M requests are all served warm,
    so the free requests (for use on demand) do not apply: $2.00."""
    lam = priced(
        """
        version: 1
        name: warm-and-free
        traffic: {monthly_requests: 10000000}
        execution: {duration_ms: 100, memory_mb: 1024}
        lambda: {provisioned_concurrency: 2, free_tier: true}
        entry: none
    """,
        "lambda",
    )
    costs = items(lam)
    assert costs["Provisioned concurrency"] == "21.90"
    assert costs["Duration on provisioned concurrency"] == "9.72"
    assert costs["Requests"] == "2.00"


def test_the_free_tier_applies_to_the_overflow_beyond_provisioned_concurrency(priced):  # type: ignore[no-untyped-def]
    """One 1 GB environment warm all month against 3.8 req/s of 1 s (3.8 in flight): it serves
    1 / 3.8 of the 10M requests, 2,628,000; the other 7,372,000 run on demand, 7,372,000 GB-s,
    of which the free tier takes 400,000: 6,972,000 x $0.0000166667 = $116.20; of their
    requests, 1M are free: 9M x $0.20/M = $1.80."""
    lam = priced(
        """
        version: 1
        name: overflow
        traffic: {monthly_requests: 10000000}
        execution: {duration_ms: 1000, memory_mb: 1024}
        lambda: {provisioned_concurrency: 1, free_tier: true}
        entry: none
    """,
        "lambda",
    )
    costs = items(lam)
    assert costs["Duration (free tier)"] == "0.00"
    assert costs["Duration (tier 1)"] == "116.20"
    assert costs["Requests"] == "1.80"


def test_init_phases_of_cold_starts_are_billed_as_duration(priced):  # type: ignore[no-untyped-def]
    """A Java function with a 3 s init, 1 GB, 100 ms requests at a steady 0.1 req/s: cold
    starts on demand are estimated (the report's sizing gives them), and since August 2025 each
    INIT phase bills as duration: cold starts x 3.000 s x 1 GB at $0.0000166667 per GB-second,
    in the tiers after the invocations' GB-seconds."""
    lam = priced(
        """
        version: 1
        name: java
        traffic: {average_rps: 0.1}
        execution: {duration_ms: 100, memory_mb: 1024, runtime: java21, init_ms: 3000}
        entry: none
    """,
        "lambda",
    )
    colds = Decimal(str(lam["sizing"]["cold_starts_per_month"]))
    line = next(i for i in lam["line_items"] if i["name"].startswith("INIT duration"))
    assert Decimal(line["quantity"]) == pytest.approx(colds * 3, rel=Decimal("0.001"))
    expected = (colds * 3 * Decimal("0.0000166667")).quantize(Decimal("0.01"))
    assert abs(Decimal(line["monthly_cost"]) - expected) <= Decimal("0.01")
    assert colds > 100  # an idle function restarts cold after most gaps


SNAPSTART = """
    version: 1
    name: snap
    traffic: {{monthly_requests: 1000000}}
    execution: {{duration_ms: 100, memory_mb: 1024, runtime: {runtime}}}
    lambda: {{snapstart: true}}
    entry: none
"""


def test_snapstart_cache_and_restores_for_python(priced):  # type: ignore[no-untyped-def]
    """A Python function of 1 GB with SnapStart: its published version's snapshot is cached all
    month, 1 GB x 730 h x 3,600 s = 2,628,000 GB-s x $0.0000015046 = $3.954 -> $3.95; each cold
    start restores 1 GB at $0.0001397998. Its INIT phases are restores: the shorter of the
    runtime's own init (python3.12: 84 ms) and the assumed 150 ms restore."""
    lam = priced(SNAPSTART.format(runtime="python3.12"), "lambda")
    lines = {i["name"]: i for i in lam["line_items"]}
    assert lines["SnapStart cache"]["quantity"] == "2628000"
    assert lines["SnapStart cache"]["monthly_cost"] == "3.95"
    cold = Decimal(str(lam["sizing"]["cold_starts_per_month"]))
    restored = Decimal(lines["SnapStart restores"]["quantity"])
    assert abs(restored - cold) <= Decimal("0.1")  # 1 GB a cold start (sizing rounds to 0.1)
    assert lines["SnapStart restores"]["unit_price"] == "0.0001397998"


def test_snapstart_on_java_is_free_and_shortens_init(priced):  # type: ignore[no-untyped-def]
    """Java managed runtimes pay nothing for SnapStart; a cold start restores a snapshot, so its
    INIT is billed at 150 ms, not java21's 239 ms median: 0.150 s x 1 GB a cold start."""
    lam = priced(SNAPSTART.format(runtime="java21"), "lambda")
    assert not any(i["name"].startswith("SnapStart") for i in lam["line_items"])
    cold = Decimal(str(lam["sizing"]["cold_starts_per_month"]))
    init = next(i for i in lam["line_items"] if i["name"].startswith("INIT duration"))
    assert abs(Decimal(init["quantity"]) - cold * Decimal("0.150")) <= Decimal("0.02")


def test_snapstart_on_node_is_a_located_error(cli, write):  # type: ignore[no-untyped-def]
    run = cli("recommend", str(write(SNAPSTART.format(runtime="nodejs22.x"))))
    assert run.code == 2
    assert ":5:21: lambda.snapstart:" in run.stderr
    assert "SnapStart supports Java, Python and .NET" in run.stderr


def test_lambda_reads_a_queue_in_batches(priced):  # type: ignore[no-untyped-def]
    """Behind a queue the event source mapping invokes the function once per batch of 10
    (lambda.batch_size), for the batch's summed duration: 3,000,000 messages of 800 ms at
    1 GB (arm64) are 300,000 invocations of 8,000 ms. Requests 300,000 x $0.20/M = $0.06
    (not $0.60); duration 300,000 x 8 s x 1 GB = 2,400,000 GB-s x $0.0000133334 = $32.00,
    the same GB-seconds as one message an invocation."""

    lam = priced(QUEUED_THUMBNAILS, "lambda")
    costs = items(lam)
    assert costs["Requests"] == "0.06"
    assert costs["Duration (tier 1)"] == "32.00"
    assert lam["sizing"]["batch_size"] == 10
    assert lam["sizing"]["invocations_per_month"] == 300000


def test_a_batch_stays_within_fifteen_minutes(priced):  # type: ignore[no-untyped-def]
    """Messages of 2 minutes: a batch of 10 would run 20 minutes, past Lambda's 15, so the
    batch is 7 (14 minutes): 70,000 messages -> 10,000 invocations."""
    lam = priced(
        """
        version: 1
        name: slow-jobs
        traffic: {monthly_requests: 70000}
        execution: {duration_ms: 120000, memory_mb: 1024}
        entry: queue
        """,
        "lambda",
    )
    assert lam["sizing"]["batch_size"] == 7
    assert lam["sizing"]["invocations_per_month"] == 10000
