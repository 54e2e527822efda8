"""Purchase options: a Savings Plan and Spot as prices applied to the charges, worked by hand
from the rates in pricing/aws/us-east-1.yaml (`purchase_options`)."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import numpy as np

from advisor.input.documents import SystemDocument
from advisor.pricing.catalog import Catalog
from advisor.pricing.charges import EXACT, FLOATS, Purchase, curve, line_items, priced
from advisor.pricing.fargate import TaskSize, fargate_charges

STEADY_API = """
version: 1
name: steady-api
traffic: {average_rps: 300}
execution: {duration_ms: 100, memory_mb: 512}
"""

COMMITTED_API = STEADY_API + "purchase: {commitment: compute-1y-no-upfront}\n"

VIDEO_JOBS = """
version: 1
name: video-jobs
traffic: {monthly_requests: 1944, pattern: scheduled}
execution: {duration_ms: 1200000, memory_mb: 8192}
requirements: {interruptible: true}
container: {vcpu: 4, memory_gb: 8}
"""


def test_fargate_under_a_one_year_no_upfront_compute_savings_plan(
    priced: Callable[..., Any],
) -> None:
    """300 req/s steady: 13 tasks of 1 vCPU / 2 GB every hour, so the plan covers all of it.

    On demand: 9,490 vCPU-h x $0.04048 = $384.1552; 18,980 GB-h x $0.004445 = $84.3661;
    compute $468.5213. At 19.02 % off: x 0.8098 = $379.40655, an hourly commitment of
    $379.40655 / 730 = $0.5197. Not covered: the ALB ($16.425 + 8,760 LCU-h x $0.008 = $86.505)
    and its two public IPv4 addresses ($7.30); the logs, 788,400,000 requests x 0.5 KB =
    375.938 GB x ($0.50 + $0.03) = $199.247; the data sent out, 788,400,000 x 8 KB = 6,015.01 GB
    less the free 100 = 5,915.01 GB x $0.09 = $532.351 (beside: $738.898). $1,204.81 a month
    against $1,293.92 on demand, 1 - 1,204.81 / 1,293.92 = 6.89 % off.
    """
    fargate = priced(COMMITTED_API, "fargate")
    assert fargate["sizing"]["tasks_min"] == fargate["sizing"]["tasks_max"] == 13
    assert fargate["monthly_cost"] == "1204.81"
    assert fargate["commitment"] == {
        "plan": "compute-1y-no-upfront",
        "hourly_commitment": "0.5197",
        "monthly_cost": "1204.81",
        "upfront": "0.00",
        "effective_discount": "0.0689",
        "committed": True,
    }
    names = [item["name"] for item in fargate["line_items"]]
    assert names[:2] == ["vCPU (Savings Plan)", "Memory (Savings Plan)"]


def test_ec2_under_a_one_year_no_upfront_compute_savings_plan(
    priced: Callable[..., Any],
) -> None:
    """The same API on 7 c6a.large all month: 5,110 instance-hours at $0.0765 = $390.915 on
    demand; c6a has no figure of its own, so the plan's EC2 stand-in of 28 % applies: $0.05508
    an hour, $281.4588 a month, an hourly commitment of $281.4588 / 730 = $0.3856. EBS
    (140 GB-months x $0.08 = $11.20), the ALB ($86.505) and what is beside it as on Fargate
    ($738.898) stay on demand: $1,118.06 against $1,227.52, 1 - 1,118.06 / 1,227.52 = 8.92 %
    off."""
    ec2 = priced(COMMITTED_API, "ec2")
    assert (ec2["sizing"]["instance_type"], ec2["sizing"]["instances_min"]) == ("c6a.large", 7)
    assert ec2["monthly_cost"] == "1118.06"
    commitment = ec2["commitment"]
    assert commitment["hourly_commitment"] == "0.3856"
    assert commitment["effective_discount"] == "0.0892"


def test_without_a_commitment_the_report_shows_what_committing_would_do(
    priced: Callable[..., Any],
) -> None:
    """On demand the option costs $1,293.92 (see above); its commitment is a what-if."""
    fargate = priced(STEADY_API, "fargate")
    assert fargate["monthly_cost"] == "1293.92"
    assert fargate["commitment"]["monthly_cost"] == "1204.81"
    assert fargate["commitment"]["committed"] is False


def test_the_quietest_hour_bounds_the_commitment(priced: Callable[..., Any]) -> None:
    """Jobs that run a task each leave hours with nothing running: no commitment pays."""
    fargate = priced(VIDEO_JOBS.replace("interruptible: true", "interruptible: false"), "fargate")
    assert fargate["commitment"]["hourly_commitment"] == "0.0000"
    assert fargate["commitment"]["effective_discount"] == "0.0000"


def test_fargate_spot_for_interruptible_twenty_minute_jobs(priced: Callable[..., Any]) -> None:
    """1,944 runs of 20 minutes on 4 vCPU / 8 GB: 648 task-hours, 2,592 vCPU-h x $0.04048 =
    $104.92416 and 5,184 GB-h x $0.004445 = $23.04288, $127.97 on demand. Fargate Spot at the
    file's 67 % off: 2,592 x $0.0133584 = $34.6249728 and 5,184 x $0.00146685 = $7.6041504,
    $42.23, and it is recommended (Lambda is ruled out by its 15-minute limit)."""
    report = priced(VIDEO_JOBS)
    on_demand = next(
        o for o in report["options"] if o["platform"] == "fargate" and not o["variant"]
    )
    spot = next(
        o for o in report["options"] if o["variant"] == "spot" and o["platform"] == "fargate"
    )
    assert on_demand["monthly_cost"] == "127.97"
    assert spot["monthly_cost"] == "42.23"
    assert [f["rule"] for f in spot["findings"]] == ["ADV606"]
    assert (report["recommendation"]["platform"], report["recommendation"]["variant"]) == (
        "fargate",
        "spot",
    )


def test_a_purchase_prices_line_items_and_curves_alike() -> None:
    """Half of 100 task-hours of 1 vCPU / 2 GB under a 19.02 % discount: the line items and the
    float curve give the same cost (100 x ($0.04048 + 2 x $0.004445) = $4.937 on demand, less
    0.5 x 0.1902 = 9.51 % of it: $4.937 x 0.9049 = $4.4674913)."""
    rates = Catalog().for_region("us-east-1").fargate
    plan = Purchase("Savings Plan", {"fargate-compute": Decimal("0.1902")})
    exact = fargate_charges(
        Decimal(100), TaskSize(Decimal(1), Decimal(2), Decimal(0)), "x86_64", rates, EXACT
    )
    items = line_items(priced(exact, plan, Decimal("0.5")))
    total = sum(item.cost for item in items)
    assert total == Decimal("4.4674913")
    one = np.ones((1, 1))
    floats = fargate_charges(100 * one, TaskSize(one, 2 * one, 0 * one), "x86_64", rates, FLOATS)
    assert abs(float(curve(priced(floats, plan, 0.5 * one))[0, 0]) - 4.4674913) < 1e-9


def _curves_and_items(body: str, tmp_path: Any) -> tuple[dict[str, float], dict[str, float]]:
    """Each option's cost at 1x from the cost curves (with the verdict's purchases) and from its
    line items."""
    from advisor.decide.engine import judge
    from advisor.input.documents import load_document
    from advisor.pricing.curves import CurveBatch
    from advisor.pricing.options import KEYS

    path = tmp_path / "w.yaml"
    path.write_text(body)
    document = load_document(path)
    assert not isinstance(document, SystemDocument)
    verdict = judge(document.workload, Catalog(), document.source, detail=False)
    workload = document.workload
    batch = CurveBatch()
    priced_options = verdict.priced
    batch.add(
        workload,
        verdict.demand,
        verdict.rates,
        list(priced_options.options),
        verdict.shape,
        priced_options.cold_starts,
        priced_options.purchases,
    )
    table = batch.costs(np.array([1.0]))[0]
    curves = {key: float(table[KEYS.index(key), 0]) for key in priced_options.options}
    items = {key: float(o.total) for key, o in priced_options.options.items()}
    return curves, items


def test_curves_price_spot_and_committed_options_as_the_line_items_do(tmp_path: Any) -> None:
    """The break-even search prices the same purchases as the report: at today's traffic each
    option's curve matches its line items to a millionth per dollar."""
    for body in (
        COMMITTED_API,
        VIDEO_JOBS,
        VIDEO_JOBS + "purchase: {commitment: compute-3y-all-upfront}\n",
    ):
        curves, items = _curves_and_items(body, tmp_path)
        if "interruptible: true" in body:
            assert {"fargate:spot", "ec2:spot"} <= set(items)
        for key, exact in items.items():
            assert abs(curves[key] - exact) <= 1e-6 * max(1.0, exact), (key, body)


def test_the_commitment_flag_overrides_the_file(cli: Any, write: Any) -> None:
    """`--commitment` prices the workload as if it committed (the same $1,204.81 as above)."""
    run = cli(
        "recommend",
        str(write(STEADY_API)),
        "--format",
        "json",
        "--commitment",
        "compute-1y-no-upfront",
    )
    assert run.code == 0, run.stderr
    fargate = next(o for o in run.json()["options"] if o["platform"] == "fargate")
    assert (fargate["monthly_cost"], fargate["commitment"]["committed"]) == ("1204.81", True)
    bad = cli("recommend", str(write(STEADY_API)), "--commitment", "compute-2y")
    assert bad.code == 2
    assert "unknown plan 'compute-2y'" in bad.stderr


def test_compare_shows_the_committed_cost(cli: Any, write: Any) -> None:
    """A comparison row carries the recommended option's cost with the plan."""
    run = cli("compare", str(write(STEADY_API)), "--format", "json")
    assert run.code == 0, run.stderr
    row = run.json()["rows"][0]
    assert row["commitment_plan"] == "compute-1y-no-upfront"
    assert row["committed"] == "1204.81"  # Fargate, recommended, under the plan (see above)


def test_the_report_schema_documents_commitments_and_spot(cli: Any, write: Any) -> None:
    import jsonschema

    schema = json.loads(cli("schema", "report").stdout)
    report = cli("recommend", str(write(VIDEO_JOBS)), "--format", "json").json()
    jsonschema.validate(report, schema)
    assert "commitment" in schema["$defs"]["Option"]["properties"]


def test_a_pricing_file_without_purchase_options_prices_on_demand_and_says_so(
    cli: Any, write: Any, tmp_path: Any
) -> None:
    """The section is optional: without it there is no commitment and no Spot, and ADV606
    says why Spot is missing."""
    from tests.conftest import ROOT

    text = (ROOT / "pricing" / "aws" / "us-east-1.yaml").read_text()
    bare = tmp_path / "us-east-1.yaml"
    bare.write_text(text[: text.index("# Purchase options")])
    run = cli("recommend", str(write(VIDEO_JOBS)), "--format", "json", "--pricing", str(bare))
    assert run.code == 0, run.stderr
    report = run.json()
    assert all(o["variant"] != "spot" and o["commitment"] is None for o in report["options"])
    assert [f["rule"] for f in report["findings"] if f["rule"] == "ADV606"] == ["ADV606"]


def test_fargate_spot_takes_x86_tasks_only(priced: Callable[..., Any]) -> None:
    """ARM64 tasks cannot use Fargate Spot: an arm64 job gets EC2 Spot alone."""
    report = priced(VIDEO_JOBS.replace("memory_mb: 8192}", "memory_mb: 8192, architecture: arm64}"))
    keys = {(o["platform"], o["variant"]) for o in report["options"]}
    assert ("ec2", "spot") in keys
    assert ("fargate", "spot") not in keys
