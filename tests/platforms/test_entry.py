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


def test_http_api_meters_a_request_per_512_kb(priced):  # type: ignore[no-untyped-def]
    """10M requests of 1.2 MB (1,228.8 KB): ceil(1,228.8 / 512) = 3 billed requests each,
    30M x $1.00/M = $30.00, not $10."""
    lam = option(
        priced("""
        version: 1
        name: uploads
        traffic: {monthly_requests: 10000000, request_kb: 1228.8}
        execution: {duration_ms: 10, memory_mb: 128}
    """),
        "lambda",
    )
    assert items(lam)["API Gateway HTTP API requests (tier 1)"] == "30.00"


def test_websocket_meters_messages_per_32_kb_both_ways(priced):  # type: ignore[no-untyped-def]
    """100M received messages of 40 KB: ceil(40 / 32) = 2 each, 200M; one 8 KB reply sent for
    each: 100M more. 300M x $1.00/M = $300.00; with no replies, $200.00, not $100."""
    workload = """
        version: 1
        name: chat
        traffic: {{monthly_requests: 100000000, request_kb: 40, response_kb: 8,
                   messages_sent_per_received: {sent}, concurrent_connections: 1000}}
        execution: {{duration_ms: 10, memory_mb: 128}}
        requirements: {{persistent_connections: true, external_state: true}}
    """
    for sent, cost in [(0, "200.00"), (1, "300.00")]:
        lam = option(priced(workload.format(sent=sent)), "lambda")
        assert items(lam)["API Gateway WebSocket messages (tier 1)"] == cost


QUEUED_THUMBNAILS = """
    version: 1
    name: queued-thumbnails
    traffic:
      monthly_requests: 3000000
      pattern: bursty
      peak_rps: 40
      burst_duration_s: 45
      bursts_per_day: 30
    execution: {duration_ms: 800, memory_mb: 1024, architecture: arm64}
    entry: queue
    requirements: {max_queue_delay_s: 600}
    container: {vcpu: 1, memory_gb: 2, concurrency: 2}
"""


def test_every_option_pays_the_queues_requests(priced):  # type: ignore[no-untyped-def]
    """3,000,000 messages of 2 KB: one send each (one 64 KB chunk), and a tenth of a receive
    (ten 2 KB messages are one 64 KB chunk) and of a batch delete: 1.2 requests a message,
    3,600,000 requests x $0.40 a million = $1.44, on Lambda, Fargate and EC2 alike."""
    report = priced(QUEUED_THUMBNAILS)
    for key in ("lambda", "fargate", "ec2"):
        opt = option(report, key)
        assert opt["entry"] == "queue"
        assert items(opt)["SQS requests (tier 1)"] == "1.44"


def test_large_messages_count_a_request_per_64_kb(priced):  # type: ignore[no-untyped-def]
    """100 KB messages: 2 sends each (two 64 KB chunks); a receive of ten is 1,000 KB, 16
    chunks, so 1.6 a message; a delete 0.1: 3.7 requests a message. 1,000,000 messages ->
    3,700,000 requests; the free million off (queue.free_tier) leaves 2,700,000 x $0.40/M =
    $1.08; FIFO would be $0.50/M: 2,700,000 x $0.50/M = $1.35."""
    body = """
        version: 1
        name: big-messages
        traffic: {monthly_requests: 1000000, request_kb: 100}
        execution: {duration_ms: 100, memory_mb: 512}
        entry: queue
        queue: {free_tier: true, fifo: FIFO}
    """
    standard = items(option(priced(body.replace("FIFO", "false")), "lambda"))
    assert standard["SQS requests (free tier)"] == "0.00"
    assert standard["SQS requests (tier 1)"] == "1.08"
    fifo = items(option(priced(body.replace("FIFO", "true")), "lambda"))
    assert fifo["SQS FIFO requests"] == "1.35"


def test_a_queue_needs_sqs_rates(cli, write):  # type: ignore[no-untyped-def]
    """A pricing file without the optional sqs section cannot price a queue: a located error
    at `entry`, exit 2."""
    run = cli(
        "recommend",
        str(
            write(
                "version: 1\nname: q\nregion: eu-west-1\n"
                "traffic: {monthly_requests: 1000}\n"
                "execution: {duration_ms: 100, memory_mb: 512}\nentry: queue\n"
            )
        ),
    )
    assert run.code == 2
    assert ":6:8: entry: the eu-west-1 pricing file has no SQS rates" in run.stderr
