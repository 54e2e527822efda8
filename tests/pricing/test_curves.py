"""Cost curves: the break-even search's float prices over many traffic multiples at once."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest

from advisor.input.documents import WorkloadDocument, load_document
from advisor.models.workload import Workload
from advisor.pricing import curves
from advisor.pricing.catalog import Catalog
from advisor.pricing.curves import CostCurves, CurveBatch
from advisor.pricing.quote import price_options
from advisor.pricing.traffic import demand_from
from tests.conftest import SCENARIOS

RATES = Catalog().for_region("us-east-1")
WORKLOADS = sorted(p for p in SCENARIOS.glob("*.yaml") if "system" not in p.name)


@pytest.mark.parametrize("path", WORKLOADS, ids=lambda p: p.name)
def test_curves_match_every_scenario_at_todays_traffic_and_beyond(path: Path) -> None:
    document = load_document(path)
    assert isinstance(document, WorkloadDocument)
    workload = document.workload
    demand = demand_from(workload.traffic)
    scales = [0.01, 1.0, 37.0]
    for provisioned in (False, True):
        today = price_options(workload, demand, RATES, provisioned)
        curves = CostCurves(workload, demand, RATES, list(today.options)).costs(scales)
        for index, scale in enumerate(scales):
            # the share of invocations that start cold is today's at every multiple
            exact = price_options(
                workload, demand.scaled(scale), RATES, provisioned, colds=today.cold_starts
            )
            for key, option in exact.options.items():
                assert Decimal(f"{curves[key][index]:.2f}") == pytest.approx(
                    option.total, abs=Decimal("0.01")
                ), (key, scale)


def test_curves_price_only_the_options_asked_for() -> None:
    document = load_document(SCENARIOS / "api-10m.yaml")
    assert isinstance(document, WorkloadDocument)
    demand = demand_from(document.workload.traffic)
    costs = CostCurves(document.workload, demand, RATES, ["lambda", "ec2"]).costs([1.0, 2.0])
    assert sorted(costs) == ["ec2", "lambda"]
    assert all(len(values) == 2 for values in costs.values())


def test_fleets_searched_a_slice_of_workloads_at_a_time_cost_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # weekly profiles make the fleet search's arrays large; it then works through the batch's
    # workloads a slice at a time, with the same answers
    profile = [1 + (hour % 24) / 12 + hour // 24 / 10 for hour in range(168)]
    batch = CurveBatch()
    for number, requests in enumerate([1e6, 3e7, 2e8, 9e8, 4e9]):
        workload = Workload.model_validate(
            {
                "version": 1,
                "name": f"weekly-{number}",
                "traffic": {"monthly_requests": requests, "hourly_profile": profile},
                "execution": {"duration_ms": 100, "memory_mb": 512},
            }
        )
        batch.add(workload, demand_from(workload.traffic), RATES, ["lambda", "fargate", "ec2"])
    scales = np.logspace(-2, 2, 9)
    whole = batch.costs(scales)
    monkeypatch.setattr(curves, "FLEET_CELLS", 1)  # one workload at a time
    assert np.array_equal(batch.costs(scales), whole)


def test_rows_may_ask_for_a_workload_again_at_other_multiples() -> None:
    # the break-even's second pass asks for a workload with two steps to search on two rows
    batch = CurveBatch()
    for path in WORKLOADS:
        document = load_document(path)
        assert isinstance(document, WorkloadDocument)
        workload = document.workload
        demand = demand_from(workload.traffic)
        batch.add(workload, demand, RATES, ["lambda", "lambda:provisioned", "fargate", "ec2"])
    owners = [2, 0, 2, 1, 0, len(WORKLOADS) - 1, 2]
    scales = np.logspace(-1, 1, 5)[None, :] * np.arange(1, len(owners) + 1)[:, None]
    table = batch.costs(scales, owners)
    assert table.shape == (len(owners), len(curves.KEYS), 5)
    for row, owner in enumerate(owners):
        everyone = batch.costs(np.tile(scales[row], (batch.count, 1)))
        assert np.array_equal(table[row], everyone[owner]), (row, owner)
