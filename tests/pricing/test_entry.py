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


def test_data_transfer_of_the_1000_rps_api_on_every_option(priced):  # type: ignore[no-untyped-def]
    """1,000 req/s for 730 h = 2,628,000,000 responses of 8 KB (the default) = 21,024,000,000 KB
    / 1,048,576 = 20,050.048828 GB out. The account's first 100 GB are free; then 10,240 GB
    (10 TB) x $0.09 = $921.60 and the other 9,710.048828 GB x $0.085 = $825.354 -> $825.35:
    $1,746.95 a month on every option, whatever its door."""
    rep = priced("""
        version: 1
        name: api-1000
        traffic: {average_rps: 1000}
        execution: {duration_ms: 50, memory_mb: 512}
    """)
    for key in ("lambda", "fargate", "ec2"):
        costs = items(option(rep, key))
        assert costs["Data transfer out to the internet (free tier)"] == "0.00"
        assert costs["Data transfer out to the internet (tier 1)"] == "921.60"
        assert costs["Data transfer out to the internet (tier 2)"] == "825.35"


def test_no_data_transfer_without_an_internet_facing_entry(priced):  # type: ignore[no-untyped-def]
    """A job (entry none) sends nothing out to the internet; a small API stays in the free
    100 GB: 1M x 8 KB = 7.63 GB, a free-tier line and no charge."""
    job = priced("""
        version: 1
        name: nightly
        traffic: {monthly_requests: 30, pattern: scheduled}
        execution: {duration_ms: 60000, memory_mb: 1024}
    """)
    for opt in job["options"]:
        assert not any("Data transfer" in i["name"] for i in opt["line_items"])
    small = items(
        priced(
            """
        version: 1
        name: small
        traffic: {monthly_requests: 1000000}
        execution: {duration_ms: 50, memory_mb: 512}
    """,
            "lambda",
        )
    )
    assert small["Data transfer out to the internet (free tier)"] == "0.00"
    assert "Data transfer out to the internet" not in small


def test_public_ipv4_addresses_of_the_alb_and_the_nat_gateway(priced):  # type: ignore[no-untyped-def]
    """An internet-facing ALB holds one public IPv4 address per AZ, at least two: 2 x 730 h x
    $0.005 = $7.30 on each container option; a NAT gateway holds one: 730 x $0.005 = $3.65, on
    every option. Lambda behind an HTTP API holds none of its own."""
    rep = priced("""
        version: 1
        name: addresses
        traffic: {monthly_requests: 1000}
        execution: {duration_ms: 50, memory_mb: 512}
        network: {nat_gateway: true}
    """)
    for key in ("fargate", "ec2"):
        costs = items(option(rep, key))
        assert costs["Public IPv4 addresses of the ALB"] == "7.30"
        assert costs["Public IPv4 address of the NAT gateway"] == "3.65"
    lam = items(option(rep, "lambda"))
    assert "Public IPv4 addresses of the ALB" not in lam
    assert lam["Public IPv4 address of the NAT gateway"] == "3.65"


def test_rest_api_reaches_containers_through_a_vpc_link_and_an_nlb(priced):  # type: ignore[no-untyped-def]
    """A REST API in front of containers needs a VPC link (free) to an NLB: 730 h x $0.0225 =
    $16.425 -> $16.43 at least. Its NLCUs: 100M steady requests of 2 + 8 KB = 1,000,000,000 KB
    = 953.674316 GB processed, 1.31 GB an hour, more than the new connections' share
    (38 a second / 800); one NLCU is 1 GB an hour: 953.6743 NLCU-hours x $0.006 = $5.72.
    Lambda needs no NLB behind the same REST API."""
    rep = priced("""
        version: 1
        name: rest-containers
        traffic: {monthly_requests: 100000000}
        execution: {duration_ms: 50, memory_mb: 512}
        entry: api_gateway_rest
    """)
    for key in ("fargate", "ec2"):
        costs = items(option(rep, key))
        assert costs["Network load balancer hours (VPC link)"] == "16.43"
        assert costs["Network load balancer capacity units"] == "5.72"
        assert costs["API Gateway REST API requests (tier 1)"] == "350.00"
    assert not any("Network load" in name for name in items(option(rep, "lambda")))


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
