"""The bundled pricing files: one per promised region, each valid and honest about its sources."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

from advisor.catalog import (
    Catalog,
    bundled_pricing_dir,
    bundled_regions,
    iter_rates,
    pricing_problems,
    shown_path,
    user_pricing_dir,
)

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


def test_the_user_data_folder_follows_the_platform(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("ADVISOR_DATA_DIR")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    if sys.platform.startswith("linux"):
        assert user_pricing_dir() == tmp_path / "advisor" / "pricing"
    monkeypatch.setenv("ADVISOR_DATA_DIR", str(tmp_path / "mine"))
    assert user_pricing_dir() == tmp_path / "mine" / "pricing"


def user_file(region: str, holds: str | None = None) -> Path:
    """The bundled us-east-1 file copied into the user data folder as `region`."""
    text = (bundled_pricing_dir() / "aws" / "us-east-1.yaml").read_text()
    path = user_pricing_dir() / "aws" / f"{region}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text.replace("region: us-east-1", f"region: {holds or region}", 1))
    return path


def test_a_region_in_the_user_data_folder_is_priced_from_it(cli) -> None:  # type: ignore[no-untyped-def]
    path = user_file("eu-north-1")
    assert "eu-north-1" in Catalog().regions
    report = cli("recommend", "scenarios/api-10m.yaml", "--region", "eu-north-1", "-f", "json")
    assert report.code == 0, report.stderr
    assert report.json()["pricing"] == {
        "provider": "aws",
        "region": "eu-north-1",
        "effective_date": "2026-09-06",
        "file": f"{path} (user data)",
    }


def test_the_user_file_comes_before_the_bundled_one_and_names_itself() -> None:
    path = user_file("us-east-1")
    catalog = Catalog()
    assert catalog.for_region("us-east-1").region == "us-east-1"
    assert catalog.describe("us-east-1") == f"{path} (user data)"
    assert Catalog().describe("eu-west-1") == "pricing/aws/eu-west-1.yaml (bundled)"


def test_a_user_file_of_another_region_is_an_error(cli) -> None:  # type: ignore[no-untyped-def]
    path = user_file("eu-west-1", holds="us-east-1")
    run = cli("recommend", "scenarios/api-10m.yaml", "--region", "eu-west-1")
    assert run.code == 2
    assert run.stderr == (
        f"{path}: holds region 'us-east-1', not 'eu-west-1' as its name says; rebuild it with "
        "`advisor pricing update --region eu-west-1` or delete it\n"
    )


def test_a_home_path_is_shown_with_a_tilde(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    assert shown_path(tmp_path / ".local" / "share" / "x.yaml") == "~/.local/share/x.yaml"
    assert shown_path(Path("/srv/x.yaml")) == "/srv/x.yaml"
