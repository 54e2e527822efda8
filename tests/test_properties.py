"""Properties: costs never fall as load rises; a break-even really is a change of cheapest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor.decide.breakeven import break_even_points
from advisor.decide.engine import find_break_evens, judge
from advisor.decide.report import analyze
from advisor.input.documents import WorkloadDocument, load_document
from advisor.input.loading import SourceMap
from advisor.models.workload import (
    MAX_DURATION_MS,
    MAX_MONTHLY_REQUESTS,
    SECONDS_PER_MONTH,
    Workload,
)
from advisor.pricing.catalog import Catalog
from advisor.pricing.curves import CostCurves
from advisor.pricing.options import simplicity
from advisor.pricing.purchase import with_commitment
from advisor.pricing.quote import exact_costs, price_options, size_containers
from advisor.pricing.resolve import prepare
from advisor.pricing.traffic import demand_from
from tests.conftest import SCENARIOS

CATALOG = Catalog()
RATES = CATALOG.for_region("us-east-1")

workloads = st.fixed_dictionaries(
    {
        "requests": st.floats(min_value=1, max_value=5e9),
        "duration": st.floats(min_value=1, max_value=600_000),
        "memory": st.integers(min_value=128, max_value=10240),
        "pattern": st.sampled_from(["steady", "diurnal", "bursty", "scheduled"]),
        "arch": st.sampled_from(["x86_64", "arm64"]),
        "free_tier": st.booleans(),
        "entry": st.sampled_from(
            [
                "api_gateway_http",
                "api_gateway_rest",
                "api_gateway_websocket",
                "alb",
                "function_url",
                "none",
            ]
        ),
    }
)


def build(spec: dict[str, Any], **over: Any) -> Workload:
    spec = {**spec, **over}
    return Workload.model_validate(
        {
            "version": 1,
            "name": "prop",
            "traffic": {"monthly_requests": spec["requests"], "pattern": spec["pattern"]},
            "execution": {
                "duration_ms": spec["duration"],
                "memory_mb": spec["memory"],
                "architecture": spec["arch"],
            },
            "lambda": {"free_tier": spec["free_tier"]},
            "entry": spec["entry"],
            **({"network": spec["network"]} if "network" in spec else {}),
        }
    )


def costs(workload: Workload) -> dict[str, Any]:
    priced = price_options(workload, demand_from(workload.traffic), RATES, False)
    return {key: option.total for key, option in priced.options.items()}


PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(spec=workloads, factor=st.floats(min_value=1.0, max_value=50.0))
def test_no_cost_falls_as_requests_rise(spec: dict[str, Any], factor: float) -> None:
    low, high = costs(build(spec)), costs(build(spec, requests=spec["requests"] * factor))
    for key in low.keys() & high.keys():
        assert high[key] >= low[key], key


@PROPERTY
@given(spec=workloads, factor=st.floats(min_value=1.0, max_value=20.0))
def test_no_cost_falls_as_duration_rises(spec: dict[str, Any], factor: float) -> None:
    longer = min(spec["duration"] * factor, 3_600_000)
    low, high = costs(build(spec)), costs(build(spec, duration=longer))
    for key in low.keys() & high.keys():
        assert high[key] >= low[key], key


@PROPERTY
@given(spec=workloads, extra=st.integers(min_value=0, max_value=8192))
def test_no_cost_falls_as_memory_rises(spec: dict[str, Any], extra: int) -> None:
    bigger = min(spec["memory"] + extra, 10240)
    low, high = costs(build(spec)), costs(build(spec, memory=bigger))
    for key in low.keys() & high.keys():
        assert high[key] >= low[key], key


@settings(max_examples=25, deadline=None)
@given(spec=workloads)
def test_break_even_is_a_change_of_cheapest(spec: dict[str, Any]) -> None:
    workload = build(spec)
    demand = demand_from(workload.traffic)
    keys = list(costs(workload))
    curves = CostCurves(workload, demand, RATES, keys)
    # the share of invocations that start cold (billed as INIT) is today's at every multiple
    colds = price_options(workload, demand, RATES, "lambda:provisioned" in keys).cold_starts
    for point in break_even_points(curves, demand.monthly_requests, {k: k for k in keys}):
        # the search narrows each change to a bracket of at most 0.5 % around the point
        low, high = float(point.scale_low), float(point.scale_high)
        assert low <= float(point.scale) <= high <= low * 1.005
        assert point.below != point.above
        # the line items agree: the cheapest option really differs at the two ends
        assert cheapest(exact_costs(workload, demand, RATES, keys, low, colds)) == point.below
        assert cheapest(exact_costs(workload, demand, RATES, keys, high, colds)) == point.above


def cheapest(totals: dict[str, Any]) -> str:
    return min(totals, key=lambda key: (totals[key], simplicity(key)))


@PROPERTY
@given(
    spec=workloads,
    scale=st.floats(min_value=0.001, max_value=1000.0),
    provisioned=st.booleans(),
    nat=st.booleans(),
    purchase=st.sampled_from(
        ["on-demand", "spot", "compute-1y-no-upfront", "compute-3y-all-upfront"]
    ),
)
def test_curves_follow_the_line_items(
    spec: dict[str, Any], scale: float, provisioned: bool, nat: bool, purchase: str
) -> None:
    """The break-even search prices in floats over many multiples at once; at any multiple its
    costs match the line items' totals to a millionth of a dollar per dollar, Spot and Savings
    Plans included."""
    workload = build(spec, network={"nat_gateway": nat, "nat_gb_per_month": 100})
    if purchase == "spot":
        requirements = workload.requirements.model_copy(update={"interruptible": True})
        workload = workload.model_copy(update={"requirements": requirements})
    elif purchase != "on-demand":
        workload = with_commitment(workload, purchase)
    demand = demand_from(workload.traffic)
    # the share of invocations that start cold (billed as INIT), and of usage a Savings Plan
    # covers, are today's at every multiple
    today = price_options(workload, demand, RATES, provisioned)
    priced = price_options(
        workload,
        demand.scaled(scale),
        RATES,
        provisioned,
        colds=today.cold_starts,
        shares=today.shares,
    )
    keys = list(priced.options)
    curves = CostCurves(workload, demand, RATES, keys, purchases=today.purchases)
    costs = curves.costs([1.0, scale])
    for key, option in priced.options.items():
        exact = float(option.total)
        assert abs(costs[key][1] - exact) <= 1e-6 * max(1.0, exact), key


extremes = st.fixed_dictionaries(
    {
        "requests": st.floats(min_value=1e-3, max_value=MAX_MONTHLY_REQUESTS),
        "duration": st.floats(min_value=1e-3, max_value=MAX_DURATION_MS),
        "memory": st.integers(min_value=1, max_value=10**8),
        "pattern": st.sampled_from(["steady", "diurnal", "bursty", "scheduled"]),
        "peak": st.none() | st.floats(min_value=1e-6, max_value=1e10),
        "kb": st.floats(min_value=0, max_value=1e7),
        "connections": st.none() | st.floats(min_value=1, max_value=1e10),
        "concurrency": st.integers(min_value=1, max_value=10**7),
        "utilization": st.floats(min_value=0.01, max_value=1),
        "vcpu": st.none() | st.floats(min_value=1e-9, max_value=10_000),
        "warm": st.integers(min_value=0, max_value=10**7),
        "latency": st.none() | st.floats(min_value=1, max_value=1e9),
        "nat": st.floats(min_value=0, max_value=1e12),
        "entry": st.sampled_from(["api_gateway_rest", "api_gateway_websocket", "alb", "none"]),
    }
)


@PROPERTY
@given(spec=extremes)
def test_any_workload_the_schema_accepts_is_priced_without_crashing(spec: dict[str, Any]) -> None:
    traffic: dict[str, Any] = {
        "monthly_requests": spec["requests"],
        "pattern": spec["pattern"],
        "request_kb": spec["kb"],
        "response_kb": spec["kb"],
    }
    if spec["peak"] is not None:
        # the schema takes no peak below the mean rate, nor a day's busiest hour past 24x it
        mean = spec["requests"] / SECONDS_PER_MONTH
        traffic["peak_rps"] = max(spec["peak"], mean * 1.000001)
        if spec["pattern"] == "diurnal":
            traffic["peak_rps"] = min(traffic["peak_rps"], mean * 23.99)
    if spec["connections"] is not None:
        traffic["concurrent_connections"] = spec["connections"]
    workload = Workload.model_validate(
        {
            "version": 1,
            "name": "extreme",
            "traffic": traffic,
            "execution": {"duration_ms": spec["duration"], "memory_mb": spec["memory"]},
            "lambda": {"provisioned_concurrency": spec["warm"]},
            "container": {
                "concurrency": spec["concurrency"],
                "target_utilization": spec["utilization"],
                "vcpu": spec["vcpu"],
            },
            "requirements": {"latency_p99_ms": spec["latency"]},
            "network": {"nat_gateway": spec["nat"] > 0, "nat_gb_per_month": spec["nat"]},
            "entry": spec["entry"],
        }
    )
    report = analyze(workload, CATALOG, SourceMap(Path("extreme.yaml")))
    assert all(option.monthly_cost >= 0 for option in report.options)
    if report.recommendation is None:  # e.g. a 29 s request behind API Gateway's 29 s limit
        assert not any(option.feasible for option in report.options)


varied = st.fixed_dictionaries(
    {
        "spec": workloads,
        "latency": st.none() | st.sampled_from([50.0, 300.0, 2000.0]),
        "warm": st.sampled_from([0, 0, 3]),
        "concurrency": st.none() | st.sampled_from([1, 10, 80]),
        "connections": st.booleans(),
        "region": st.sampled_from(CATALOG.regions),
    }
)


def build_varied(choice: dict[str, Any]) -> Workload:
    base = build(choice["spec"]).model_dump(by_alias=True, exclude_none=True)
    base["region"] = choice["region"]
    base["requirements"] = {"persistent_connections": choice["connections"]}
    if choice["latency"] is not None:
        base["requirements"]["latency_p99_ms"] = choice["latency"]
    base["lambda"]["provisioned_concurrency"] = choice["warm"]
    if choice["concurrency"] is not None:
        base["container"] = {"concurrency": choice["concurrency"]}
    return Workload.model_validate(base)


@settings(max_examples=25, deadline=None)
@given(choices=st.lists(varied, min_size=2, max_size=8))
def test_break_evens_found_together_are_those_found_one_by_one(
    choices: list[dict[str, Any]],
) -> None:
    """`advisor compare` prices the break-even search of many workloads as one batch; each
    workload's points are the ones it gets alone (as `advisor recommend` finds them)."""
    verdicts = [
        judge(build_varied(choice), CATALOG, SourceMap(Path("prop.yaml")), detail=False)
        for choice in choices
    ]
    together = find_break_evens(verdicts)
    assert together == [find_break_evens([verdict])[0] for verdict in verdicts]


@settings(max_examples=40, deadline=None)
@given(choices=st.lists(varied, min_size=2, max_size=8))
def test_containers_sized_together_are_those_sized_one_by_one(
    choices: list[dict[str, Any]],
) -> None:
    """`advisor compare` sizes the Fargate tasks and EC2 fleets of many workloads at once (short
    profiles padded, fleets searched in groups); each gets exactly what it gets alone."""
    cases = [
        prepare(build_varied(choice), CATALOG, SourceMap(Path("prop.yaml"))).sizing
        for choice in choices
    ]
    assert size_containers(cases) == [size_containers([case])[0] for case in cases]


def scaled(workload: Workload, factor: float) -> Workload:
    """The same workload with every traffic rate times `factor`."""
    data = workload.model_dump(by_alias=True, exclude_none=True, mode="json")
    traffic = data["traffic"]
    for key in ("monthly_requests", "average_rps", "peak_rps", "concurrent_connections"):
        if traffic.get(key) is not None:
            traffic[key] *= factor
    return Workload.model_validate(data)


SWEEP = [10 ** (step / 8) for step in range(-8, 17)]
"""0.1x to 100x today's traffic, eight steps a decade."""


@pytest.mark.parametrize(
    "path",
    [p for p in sorted(SCENARIOS.glob("*.yaml")) if "system" not in p.name],
    ids=lambda p: p.stem,
)
def test_the_verdict_changes_at_most_twice_from_a_tenth_to_a_hundred_times_the_traffic(
    path: Path,
) -> None:
    """As traffic grows the verdict may move from Lambda to containers (and from Fargate to
    EC2 once it clearly pays), but must not flip back and forth: whole instances that save
    more at one traffic and less at the next do not decide (ADV503's margin holds either side)."""
    document = load_document(path)
    assert isinstance(document, WorkloadDocument)
    verdicts = []
    for factor in SWEEP:
        verdict = judge(scaled(document.workload, factor), CATALOG, document.source, detail=False)
        assert verdict.recommendation is not None
        verdicts.append(verdict.recommendation.platform)
    changes = sum(1 for a, b in zip(verdicts, verdicts[1:], strict=False) if a is not b)
    assert changes <= 2, [(round(f, 2), v.value) for f, v in zip(SWEEP, verdicts, strict=True)]


bursty = st.fixed_dictionaries(
    {
        "rps": st.floats(min_value=0.01, max_value=500),
        "ratio": st.floats(min_value=3, max_value=200),
        "seconds": st.floats(min_value=1, max_value=3000),
        "per_day": st.floats(min_value=0.5, max_value=200),
        "duration": st.floats(min_value=5, max_value=3000),
    }
)


def burst_costs(spec: dict[str, float]) -> dict[str, Any]:
    return costs(
        Workload.model_validate(
            {
                "version": 1,
                "name": "bursts",
                "traffic": {
                    "average_rps": spec["rps"],
                    "pattern": "bursty",
                    "peak_rps": spec["rps"] * spec["ratio"],
                    "burst_duration_s": spec["seconds"],
                    "bursts_per_day": spec["per_day"],
                },
                "execution": {"duration_ms": spec["duration"], "memory_mb": 512},
                "entry": "none",
            }
        )
    )


@PROPERTY
@given(spec=bursty, longer=st.floats(min_value=1.0, max_value=10.0))
def test_no_container_cost_falls_as_bursts_last_longer(
    spec: dict[str, float], longer: float
) -> None:
    low = burst_costs(spec)
    high = burst_costs({**spec, "seconds": min(spec["seconds"] * longer, 86_400)})
    for key in ("fargate", "ec2"):
        if key in low and key in high:
            assert high[key] >= low[key], key


@PROPERTY
@given(spec=bursty, more=st.floats(min_value=1.0, max_value=10.0))
def test_no_container_cost_falls_as_bursts_come_more_often(
    spec: dict[str, float], more: float
) -> None:
    low = burst_costs(spec)
    high = burst_costs({**spec, "per_day": min(spec["per_day"] * more, 86_400)})
    for key in ("fargate", "ec2"):
        if key in low and key in high:
            assert high[key] >= low[key], key
