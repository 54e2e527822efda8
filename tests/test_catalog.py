"""The bundled pricing files: one per promised region, each valid and honest about its sources."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from advisor.catalog import (
    Catalog,
    bundled_pricing_dir,
    bundled_regions,
    pricing_problems,
)
from advisor.models.catalog import iter_rates

PROMISED = ["ap-southeast-1", "eu-central-1", "eu-west-1", "us-east-1", "us-west-2"]


def test_every_promised_region_is_bundled() -> None:
    assert bundled_regions() == PROMISED


@pytest.mark.parametrize("region", PROMISED)
def test_bundled_file_is_valid_and_names_a_source_for_every_rate(region: str) -> None:
    pricing = Catalog().for_region(region)
    assert pricing.region == region
    assert pricing_problems(pricing, dt.date(2026, 11, 29)) == []
    assert all(rate.source in pricing.sources for _, rate in iter_rates(pricing))
    assert pricing.ec2.source in pricing.sources


@pytest.mark.parametrize("region", ["us-west-2", "eu-central-1", "ap-southeast-1"])
def test_regions_without_checked_ec2_rates_say_so(region: str) -> None:
    pricing = Catalog().for_region(region)
    assert pricing.sources[pricing.ec2.source].stand_in
    assert pricing.sources[pricing.api_gateway.http.source].stand_in


def test_us_east_1_has_no_stand_ins() -> None:
    pricing = Catalog().for_region("us-east-1")
    assert not any(source.stand_in for source in pricing.sources.values())


def test_an_absurd_rate_is_a_located_error(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bundled = bundled_pricing_dir() / "aws" / "us-east-1.yaml"
    text = bundled.read_text()
    assert 'requests: {unit: request, price: "0.0000002"' in text
    typo = tmp_path / "typo.yaml"
    typo.write_text(text.replace('price: "0.0000002"', 'price: "2e300"', 1))
    run = cli("recommend", "scenarios/api-10m.yaml", "--pricing", str(typo))
    assert run.code == 2
    line = text[: text.index('price: "0.0000002"')].count("\n") + 1
    assert run.stderr.startswith(f"{typo}:{line}:")
    assert "lambda.requests.price" in run.stderr and "less than or equal to 100000" in run.stderr
