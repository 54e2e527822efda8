"""Systems: shared free tier and tiers, the hybrid split, the diagram, and located errors."""

from __future__ import annotations

from decimal import Decimal

from tests.conftest import OUTSIDE_EXAMPLES, SCENARIOS

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


def outside(costs: dict[str, str]) -> Decimal:
    """What the lines beside Lambda's requests and duration cost: INIT phases, the functions'
    logs (pooled: one account's tiers)."""
    return sum(
        (Decimal(v) for k, v in costs.items() if any(m in k for m in OUTSIDE_EXAMPLES)),
        Decimal(0),
    )


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
    assert Decimal(hybrid["monthly_cost"]) == Decimal("19.80") + outside(costs)
    # each service's share follows its list price: a 540,000 GB-s + 3M requests, b the rest
    shares = hybrid["per_service"]
    assert sum(Decimal(v) for v in shares.values()) == Decimal(hybrid["monthly_cost"])


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
    # the INIT phases of the functions' cold starts and their logs come on top
    assert Decimal(all_lambda["monthly_cost"]) == Decimal("116400.20") + outside(costs)


def test_ecommerce_gets_a_mixed_design(cli):  # type: ignore[no-untyped-def]
    report = cli("recommend", str(SCENARIOS / "ecommerce-system.yaml"), "--format", "json").json()
    platforms = {s["name"]: s["recommended"]["platform"] for s in report["services"]}
    assert platforms["image-processing"] == "lambda"
    assert platforms["email-notifications"] == "lambda"
    assert platforms["analytics-pipeline"] == "lambda"
    assert platforms["web-app"] in {"fargate", "ec2"}
    assert platforms["api"] in {"fargate", "ec2"}
    assert platforms["search"] in {"fargate", "ec2"}
    hybrid, all_lambda, all_managed, all_containers = report["designs"]
    assert all_lambda["feasible"] is False
    assert all_managed["name"] == "all-lambda-managed-instances"
    assert all_managed["feasible"] is False  # web-app and search keep state in memory
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


def test_the_startup_keeps_its_web_app_on_containers_beside_the_api(cli):  # type: ignore[no-untyped-def]
    """Issue 27. Alone, the web app (4.5 req/s, 150 ms at 1 GB) goes to Lambda: 11,826,000
    requests x $0.20/M = $2.37, 1,773,900 GB-s x $0.0000166667 = $29.57, an HTTP API at $1.00/M
    = $11.83: $43.76, and its logs, 11,826,000 x 0.8 KB = 9.0225 GB x ($0.50 + $0.03) = $4.78
    (its 90.22 GB sent out are within the free 100 GB): $48.54 a month, against Fargate's two
    0.5 vCPU / 1 GB tasks (730 vCPU-h x $0.04048 = $29.55, 1,460 GB-h x $0.004445 = $6.49) plus
    a whole ALB ($16.43), its two public IPv4 addresses ($7.30) and its LCUs ($0.90). In the
    system the API already pays for the ALB and has used the free 100 GB, so on Fargate the web
    app adds $29.55 + $6.49 + $0.90 = $36.94, its logs (0.5 KB a request: 5.639 GB x $0.53 =
    $2.99) and its data sent out (90.22 GB x $0.09 = $8.12): $48.05, where on Lambda it would
    add the same $8.12 to its $48.54: it stays on containers, and the report says what it would
    be alone."""
    run = cli("recommend", str(SCENARIOS / "startup-system.yaml"), "--format", "json")
    assert run.code == 0, run.stderr
    report = run.json()
    web = next(s for s in report["services"] if s["name"] == "web")
    assert web["report"]["recommendation"]["platform"] == "lambda"  # alone
    assert web["report"]["recommendation"]["monthly_cost"] == "48.54"
    assert web["recommended"]["platform"] == "fargate"  # in the system
    assert web["marginal_cost"] == "48.05"
    assert web["alone"]["platform"] == "lambda"
    hybrid = design(report, "recommended")
    assert hybrid["assignments"]["web"] == hybrid["assignments"]["api"] == "fargate"
    assert hybrid["marginal"]["web"] == "48.05"
    names = [i["name"] for i in hybrid["line_items"]]
    assert names.count("Load balancer hours (one shared ALB)") == 1


def test_the_cron_job_carries_only_its_own_nat_bytes(cli):  # type: ignore[no-untyped-def]
    """The NAT gateway (730 h x $0.045 = $32.85, 200 GB x $0.045 = $9.00, its public IPv4
    address 730 h x $0.005 = $3.65: $45.50) is split by the GB each service sends: the nightly
    report sends 0.5 of the 200 GB, so it carries 0.5 / 200 x $45.50 = $0.114, not a fifth
    ($9.10). With its Lambda runs (30 x 90 s x 1 GB = 2,700 GB-s x $0.0000166667 = $0.045) its
    share of the design is $0.159 -> $0.16."""
    report = cli("recommend", str(SCENARIOS / "startup-system.yaml"), "--format", "json").json()
    hybrid = design(report, "recommended")
    assert hybrid["per_service"]["nightly-report"] == "0.16"
    assert hybrid["assignments"]["nightly-report"] == "lambda"
    assert any("NAT gateway" in line and "GB" in line for line in hybrid["allocation"])


STREAMS = """
version: 1
kind: system
name: streams
free_tier: FREE
workflows:
  - name: per-stream
    type: standard
    transitions_per_second: 5000   # 5 a second per stream, 1,000 streams
services:
  - name: detector
    traffic: {monthly_requests: 1000}
    execution: {duration_ms: 100, memory_mb: 128}
    entry: none
"""


def test_a_standard_workflow_is_priced_to_the_cent(cli, write):  # type: ignore[no-untyped-def]
    """5 state transitions a second for each of 1,000 streams, all month: 5,000 x 2,628,000 s =
    13,140,000,000 transitions x $0.025 per 1,000 = $328,500.00; with the account's 4,000 free
    transitions ($0.10) off, $328,499.90. The glue is its own line and its own figure."""
    for free, expected in (("false", "328500.00"), ("true", "328499.90")):
        path = write(STREAMS.replace("FREE", free), "system.yaml")
        report = cli("recommend", str(path), "--format", "json").json()
        hybrid = design(report, "recommended")
        assert hybrid["glue"] == {"per-stream": expected}
        lines = {i["name"]: i for i in hybrid["line_items"]}
        free_line = lines.get("per-stream: Step Functions state transitions (free tier)")
        free_quantity = Decimal(free_line["quantity"]) if free_line else Decimal(0)
        billed = Decimal(lines["per-stream: Step Functions state transitions"]["quantity"])
        assert billed + free_quantity == 13_140_000_000
        assert free_quantity == (4000 if free == "true" else 0)
        # the glue is shared out too (to the one service): the shares add up to the total
        assert hybrid["per_service"]["detector"] == hybrid["monthly_cost"]
        assert Decimal(hybrid["monthly_cost"]) >= Decimal(expected)


def test_the_merged_media_pipeline_saves_at_least_85_percent(cli):  # type: ignore[no-untyped-def]
    """Prime Video's 2023 write-up: one ECS process instead of Step Functions, Lambda and S3
    hand-offs cut the cost by 90 %. The distributed design's glue alone: 5,000 transitions a
    second x 2,628,000 s x $0.025 per 1,000 = $328,500.00; 2,628,000,000 frames PUT to S3 at
    $0.005 per 1,000 = $13,140.00 and read three times at $0.0004 per 1,000 = $3,153.60. The
    merged design has none of it, and its compute is the same work in one process."""
    distributed = cli(
        "recommend", str(SCENARIOS / "media-pipeline-system.yaml"), "--format", "json"
    ).json()
    merged = cli(
        "recommend", str(SCENARIOS / "media-pipeline-merged-system.yaml"), "--format", "json"
    ).json()
    step_functions = design(distributed, "all-lambda")
    assert step_functions["glue"] == {
        "per-stream-orchestration": "328500.00",
        "frames-in-s3": "16293.60",
    }
    one_process = Decimal(design(merged, "recommended")["monthly_cost"])
    for before in (step_functions, design(distributed, "recommended")):
        saving = 1 - one_process / Decimal(before["monthly_cost"])
        assert saving >= Decimal("0.85"), (before["name"], saving)


def test_glue_without_rates_is_a_located_error(cli, write):  # type: ignore[no-untyped-def]
    """eu-west-1's pricing file has no step_functions section: the workflow is a located error
    (exit 2), not a guess."""
    body = STREAMS.replace("name: streams", "name: streams\nregion: eu-west-1")
    run = cli("recommend", str(write(body.replace("FREE", "false"), "system.yaml")))
    assert run.code == 2
    assert ":7:5: workflows[0]: the eu-west-1 pricing file has no Step Functions rates" in (
        run.stderr
    )


HOSTILE_GLUE = """
version: 1
kind: system
name: glue
workflows:
  - name: "<b>flow</b> | x"
    executions_per_month: 1000000
    transitions_per_execution: 4
event_buses:
  - name: orders
    events_per_month: 2000000
services:
  - name: a
    traffic: {monthly_requests: 1000000}
    execution: {duration_ms: 100, memory_mb: 512}
    entry: none
"""


def test_reports_show_marginal_costs_and_glue_lines(cli, write):  # type: ignore[no-untyped-def]
    """The workflow: 1,000,000 executions x 4 transitions x $0.025 per 1,000 = $100.00; the
    bus: 2,000,000 events x $1.00/M = $2.00. Each is a line of its own in Markdown and HTML,
    beside each service's marginal cost, the names escaped for each format."""
    path = str(write(HOSTILE_GLUE, "system.yaml"))
    markdown = cli("recommend", path, "--format", "markdown").stdout
    assert "| Glue | Monthly |" in markdown
    assert r"| &lt;b>flow&lt;/b> \| x | $100.00 |" in markdown
    assert "<b>" not in markdown
    assert "| orders | $2.00 |" in markdown
    assert "| Service | Runs on | Adds | Share of total |" in markdown
    html = cli("recommend", path, "--format", "html").stdout
    assert '<td>&lt;b&gt;flow&lt;/b&gt; | x</td><td class="num">$100.00</td>' in html
    assert "<b>flow</b>" not in html
    assert '<th class="num">Adds</th>' in html


def test_a_region_without_managed_instances_leaves_their_design_infeasible(cli, tmp_path):  # type: ignore[no-untyped-def]
    """A pricing file with no `lambda_managed_instances` section: every service's option there
    is unpriced, so the all-managed-instances design is infeasible and says why, priced on each
    service's cheapest option that could be priced (no crash on the missing option)."""
    from advisor.pricing.catalog import bundled_pricing_dir

    text = (bundled_pricing_dir() / "aws" / "us-east-1.yaml").read_text()
    cut = tmp_path / "us-east-1.yaml"
    cut.write_text(text[: text.index("lambda_managed_instances:")])
    run = cli(
        "recommend", str(SCENARIOS / "ecommerce-system.yaml"), "--pricing", str(cut),
        "--format", "json",
    )  # fmt: skip
    assert run.code == 0, run.stderr
    managed = design(run.json(), "all-lambda-managed-instances")
    assert managed["feasible"] is False
    assert "lambda_managed_instances" not in managed["assignments"].values()
    assert all("does not price Lambda Managed Instances" in note for note in managed["notes"])


def test_a_design_whose_glue_dominates_says_so(cli):  # type: ignore[no-untyped-def]
    """The distributed media pipeline's glue: 13.14 billion state transitions at $0.025 per
    1,000 = $328,500.00, plus S3 hand-offs $13,140.00 + $3,153.60 = $344,793.60, over half of the
    design: the report says merging the steps saves more than any platform. The merged design
    has no glue and no such note."""
    distributed = cli(
        "recommend", str(SCENARIOS / "media-pipeline-system.yaml"), "--format", "json"
    ).json()
    notes = design(distributed, "recommended")["notes"]
    assert any("The glue costs $344,793.60 a month" in note for note in notes), notes
    merged = cli(
        "recommend", str(SCENARIOS / "media-pipeline-merged-system.yaml"), "--format", "json"
    ).json()
    assert not any("glue costs" in note for note in design(merged, "recommended")["notes"])


def test_the_merged_pipelines_stateful_monitor_runs_on_containers(cli):  # type: ignore[no-untyped-def]
    """The merged stream monitor keeps each stream's decoder state between frames: Lambda and
    Lambda Managed Instances (both execution environments, recycled at will) are ruled out by
    ADV301, as the 2023 rewrite's move to ECS did. EC2 ($23,042.16) saves $3,426.71 on Fargate
    ($26,468.87), 12.9 %: under the 20 % margin for running servers yourself, so Fargate."""
    merged = cli(
        "recommend", str(SCENARIOS / "media-pipeline-merged-system.yaml"), "--format", "json"
    ).json()
    (monitor,) = merged["services"]
    assert monitor["recommended"]["platform"] == "fargate"
    assert not design(merged, "all-lambda-managed-instances")["feasible"]
    assert not design(merged, "all-lambda")["feasible"]


def test_a_service_the_system_moved_names_where_it_would_go_alone_as_its_runner_up(cli):  # type: ignore[no-untyped-def]
    """The startup's web service goes to Fargate in the system (it adds $48.05 beside the api's
    shared costs) but alone it would go to Lambda ($48.54): the runner-up is Lambda, the choice
    it was moved from, not the alone verdict's own runner-up (EC2)."""
    startup = cli("recommend", str(SCENARIOS / "startup-system.yaml"), "--format", "json").json()
    web = next(s for s in startup["services"] if s["name"] == "web")
    assert web["recommended"]["platform"] == "fargate"
    assert web["alone"]["platform"] == "lambda"
    assert (web["runner_up"]["platform"], web["runner_up"]["monthly_cost"]) == ("lambda", "48.54")
