"""Offer files are read as a stream: in small reads, in memory that does not follow the file's
size, with progress, keeping only what a pricing file for the region can use."""

from __future__ import annotations

import io
import tracemalloc
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.errors import AdvisorError
from advisor.refresh import MalformedPrice, read_offer, read_offer_file
from advisor.refresh.items import read_price
from advisor.refresh.offer_files import CHUNK
from tests.fixtures.price_list import instance, item, us_east_1_items, write_offer_file

EC2 = [i for i in us_east_1_items() if i["serviceCode"] == "AmazonEC2"]


class Recorder(io.BytesIO):
    """A file that remembers the size of every read asked of it."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.asked: list[int] = []

    def read(self, size: int | None = -1) -> bytes:
        self.asked.append(-1 if size is None else size)
        return super().read(size)


def test_an_offer_file_is_read_in_small_pieces(tmp_path: Path) -> None:
    path = write_offer_file(tmp_path / "index.json", EC2, "AmazonEC2", filler=2000)
    data = path.read_bytes()
    recorder = Recorder(data)
    offer = read_offer(recorder, "index.json", "us-east-1")
    assert len(data) > 2_000_000
    assert recorder.tell() == len(data)
    assert all(0 <= size <= CHUNK for size in recorder.asked), max(recorder.asked)
    assert len(recorder.asked) >= len(data) // CHUNK
    # the Linux on-demand instances of the supported families, gp3 and NAT; not the $0
    # capacity-block twin, not p4d, and none of the 2,000 Windows dedicated hosts
    skus = sorted(i.sku for i in offer.items)
    assert skus == ["GP3", "M6ILARGE", "M7GLARGE", "NATB", "NATH", "T3MEDIUM"]
    assert (offer.service_code, offer.version) == ("AmazonEC2", "20250828172723")


def test_memory_does_not_follow_the_file_size(tmp_path: Path) -> None:
    """A 6 MB file read with less than 1 MB of Python objects alive at any time (the file whole
    as bytes would be 6 MB, and as parsed objects several times that)."""
    path = write_offer_file(tmp_path / "index.json", EC2, "AmazonEC2", filler=5000)
    size = path.stat().st_size
    tracemalloc.start()
    try:
        offer = read_offer_file(path, "us-east-1")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert size > 6_000_000
    assert peak < 1_000_000, f"peak {peak:,} bytes for a file of {size:,}"
    assert len(offer.items) == 6


def test_progress_is_reported_as_the_file_is_read(tmp_path: Path) -> None:
    path = write_offer_file(tmp_path / "index.json", EC2, "AmazonEC2", filler=1000)
    size = path.stat().st_size
    seen: list[tuple[int, int | None]] = []
    read_offer_file(path, "us-east-1", lambda done, total: seen.append((done, total)))
    assert seen[-1] == (size, size)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
    assert len(seen) >= 10  # about every 1 % of the file, and at least every 64 KiB


def test_a_file_of_every_region_keeps_only_the_one_asked(tmp_path: Path) -> None:
    """The global offer file holds every region; usage types without their region prefix
    collide across regions, so the others must go before anything is indexed by usage type."""
    items = [
        item("AmazonECS", "USVCPU", "USE1-Fargate-vCPU-Hours:perCPU", "0.04048", family="Compute"),
        item("AmazonECS", "EUVCPU", "EU-Fargate-vCPU-Hours:perCPU", "0.04048", region="eu-west-1",
             family="Compute"),
        item("AmazonECS", "DEVCPU", "EUC1-Fargate-vCPU-Hours:perCPU", "0.04656",
             region="eu-central-1", family="Compute"),
    ]  # fmt: skip
    path = write_offer_file(tmp_path / "index.json", items, "AmazonECS")
    offer = read_offer_file(path, "eu-central-1")
    assert [(i.sku, i.dimensions[0].price) for i in offer.items] == [("DEVCPU", Decimal("0.04656"))]


def test_a_product_without_on_demand_terms_is_left_out(tmp_path: Path) -> None:
    """Reserved-only products (no on-demand price) are not an error, and not a rate."""
    windows = instance("WIN", "t3.medium", "2", "4 GiB", "0.0592")
    path = write_offer_file(tmp_path / "index.json", [*EC2, windows], "AmazonEC2")
    text = path.read_text().replace(
        '\n"WIN": {"WIN.JRTCKXETXF"', '\n"WIN-OTHER": {"WIN.JRTCKXETXF"'
    )
    path.write_text(text)
    offer = read_offer_file(path, "us-east-1")
    assert "WIN" not in {i.sku for i in offer.items}


@settings(max_examples=150, deadline=None, derandomize=True)
@given(st.text(max_size=30) | st.from_regex(r"-?\d{1,12}(\.\d{0,22})?([eE][-+]?\d{1,12})?"))
def test_a_price_is_a_plain_decimal_or_a_located_error(text: str) -> None:
    """Whatever string an answer carries as a price: a finite, non-negative Decimal of at most
    29 digits, or MalformedPrice; never another exception."""
    from advisor.errors import Location

    try:
        price = read_price(text, Location("x", key="USD"))
    except MalformedPrice as exc:
        assert str(exc).startswith("x: USD: ")
        assert "\n" not in str(exc)
        return
    assert price.is_finite() and price >= 0
    assert len(price.as_tuple().digits) <= 29
    assert Decimal(text) == price


def test_a_missing_file_is_an_advisor_error(tmp_path: Path) -> None:
    with pytest.raises(AdvisorError) as caught:
        read_offer_file(tmp_path / "none.json", "us-east-1")
    assert str(caught.value) == f"{tmp_path / 'none.json'}: file not found"


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=12)
    | st.sampled_from(["0", "Inf", "0.04048", "-1", "2026-09-01T00:00:00Z", "us-east-1"]),
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)  # fmt: skip


def paths(value: object, prefix: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    """Every key path into a JSON value."""
    found = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            found += paths(child, (*prefix, key))
    return found


def offer_data() -> dict[str, object]:
    import json

    from tests.fixtures.price_list import offer_text

    return json.loads(offer_text())  # type: ignore[no-any-return]


OFFER_PATHS = paths(offer_data())


@settings(max_examples=120, deadline=None, derandomize=True)
@given(st.sampled_from(OFFER_PATHS), JSON, st.booleans())
def test_any_value_anywhere_in_an_offer_file_is_a_result_or_an_advisor_error(
    path: tuple[object, ...], value: object, drop: bool
) -> None:
    """Replace (or remove) any one value of a good offer file with any JSON: the update either
    builds a valid pricing file or stops with an AdvisorError; never another exception."""
    import datetime as dt
    import json

    from advisor.pricing.catalog import Catalog
    from advisor.refresh import build_pricing_file

    data = offer_data()
    if path:
        parent: object = data
        for key in path[:-1]:
            parent = parent[key]  # type: ignore[index]
        if drop:
            del parent[path[-1]]  # type: ignore[attr-defined]
        else:
            parent[path[-1]] = value  # type: ignore[index]
    else:
        data = value  # type: ignore[assignment]
    stream = io.BytesIO(json.dumps(data).encode())
    try:
        offer = read_offer(stream, "index.json", "us-east-1")
        build_pricing_file("us-east-1", [offer], ["fargate"], Catalog().for_region("us-east-1"),
                           dt.date(2026, 12, 5))  # fmt: skip
    except AdvisorError as exc:
        assert "\n" not in str(exc)
