"""Price List items checked at the door: whatever the API or an offer file sends, either a typed
`Item` or a `MalformedPrice` that says where (page and item, or file and key path) and what is
wrong. Nothing past this module indexes into raw JSON, so a missing key, a wrong type or a price
that is not a number can never become a traceback further in."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from advisor.errors import AdvisorError, Location
from advisor.models.catalog import MAX_PRICE


class MalformedPrice(AdvisorError):
    """An answer of the Price List API or an offer file that is not what AWS documents."""


@dataclass(frozen=True)
class Dimension:
    """One price band of an on-demand term: from `begin` to `end` units (None: no end)."""

    begin: Decimal
    end: Decimal | None
    price: Decimal


@dataclass(frozen=True)
class Product:
    """The product half of an item: what is sold, and where (`attributes.regionCode`)."""

    sku: str
    family: str
    attributes: Mapping[str, str]
    where: Location


@dataclass(frozen=True)
class Item:
    """A product with its on-demand price bands, and where it was read."""

    product: Product
    dimensions: tuple[Dimension, ...]
    effective: dt.date | None

    @property
    def sku(self) -> str:
        """The product's SKU."""
        return self.product.sku

    @property
    def where(self) -> Location:
        """Where the item was read."""
        return self.product.where


PRICE = re.compile(r"\d{1,9}(\.\d{1,20})?")
"""A price as AWS writes it ("0.0404800000", "32.7726000000"): no sign, no exponent, so neither
`-1`, `NaN`, `Infinity` nor `1e-999999999` (which would print a billion zeros) gets in."""

RANGE = re.compile(r"\d{1,20}(\.\d{1,20})?")
"""A band bound: a count of units ("0", "6000000000"); the last band ends at "Inf"."""


def at(where: Location, key: str) -> Location:
    """The location of a key under `where`; a key from the answer is shown escaped and cut short,
    so it cannot break the error's one line."""
    if not key.isprintable() or len(key) > 80:
        key = repr(key[:80])[1:-1] + ("..." if len(key) > 80 else "")
    return Location(
        where.path, where.line, where.column, f"{where.key}.{key}" if where.key else key
    )


def place(where: Location) -> str:
    """A location in words, key path included (`index.json: products.SKU`)."""
    return f"{where}: {where.key}" if where.key else str(where)


def _expect_object(value: object, where: Location) -> dict[str, object]:
    if not isinstance(value, dict):
        raise MalformedPrice(f"expected an object, got {_kind(value)}", where)
    return value


def _expect_text(value: object, where: Location) -> str:
    if not isinstance(value, str):
        raise MalformedPrice(f"expected a string, got {_kind(value)}", where)
    return value


def _kind(value: object) -> str:
    if value is None:
        return "null"
    names = {bool: "true/false", str: "a string", list: "a list", dict: "an object"}
    return names.get(type(value), "a number")


def _field(data: dict[str, object], key: str, where: Location) -> object:
    if key not in data:
        raise MalformedPrice("missing", at(where, key))
    return data[key]


def read_product(raw: object, where: Location, sku: str | None = None) -> Product:
    """The product part of an item (`product` in a GetProducts item, `products[SKU]` in an
    offer file); every attribute a string, as AWS sends them. Checked without building a
    location unless something is wrong: an EC2 offer file has a few hundred thousand products."""
    data = _expect_object(raw, where)
    if sku is None:
        sku = _expect_text(_field(data, "sku", where), at(where, "sku"))
    family = data.get("productFamily", "")
    if type(family) is not str:
        _expect_text(family, at(where, "productFamily"))
    attributes = data.get("attributes")
    if type(attributes) is not dict:
        attributes = _expect_object(_field(data, "attributes", where), at(where, "attributes"))
    if not all(type(value) is str for value in attributes.values()):
        for key, value in attributes.items():
            _expect_text(value, at(where, f"attributes.{key}"))
    return Product(sku=sku, family=family, attributes=attributes, where=where)  # type: ignore[arg-type]


def read_on_demand(raw: object, where: Location) -> tuple[tuple[Dimension, ...], dt.date | None]:
    """The price bands of on-demand terms (`terms.OnDemand` of an item, `terms.OnDemand[SKU]` of
    an offer file), lowest band first, and the latest effective date among them."""
    terms = _expect_object(raw, where)
    dimensions: list[Dimension] = []
    effective: dt.date | None = None
    for code, term_raw in terms.items():
        term_at = at(where, code)
        term = _expect_object(term_raw, term_at)
        if "effectiveDate" in term:
            when = read_date(term["effectiveDate"], at(term_at, "effectiveDate"))
            effective = max(filter(None, (effective, when)), default=None)
        bands = _expect_object(
            _field(term, "priceDimensions", term_at), at(term_at, "priceDimensions")
        )
        for name, band in bands.items():
            dimensions.append(_dimension(band, at(term_at, f"priceDimensions.{name}")))
    dimensions.sort(key=lambda d: d.begin)
    return tuple(dimensions), effective


def _dimension(raw: object, where: Location) -> Dimension:
    band = _expect_object(raw, where)
    per_unit = _expect_object(_field(band, "pricePerUnit", where), at(where, "pricePerUnit"))
    price = read_price(
        _field(per_unit, "USD", at(where, "pricePerUnit")), at(where, "pricePerUnit.USD")
    )
    begin = _bound(band.get("beginRange", "0"), at(where, "beginRange"))
    end_text = band.get("endRange", "Inf")
    end = None if end_text == "Inf" else _bound(end_text, at(where, "endRange"))
    if end is not None and end <= begin:
        raise MalformedPrice(f"endRange {end} is not above beginRange {begin}", where)
    return Dimension(begin=begin, end=end, price=price)


def read_price(raw: object, where: Location) -> Decimal:
    """A US-dollar price: a non-negative decimal string below the pricing files' cap."""
    text = _expect_text(raw, where)
    if not PRICE.fullmatch(text):
        try:
            negative = Decimal(text) < 0
        except (InvalidOperation, ValueError):
            negative = False
        what = "is negative" if negative else "is not a price (a decimal such as 0.0416)"
        raise MalformedPrice(f"{_quoted(text)} {what}", where)
    price = Decimal(text)
    if price > MAX_PRICE:
        raise MalformedPrice(f"{_quoted(text)} is above ${MAX_PRICE} a unit", where)
    return price.normalize()


def _bound(raw: object, where: Location) -> Decimal:
    text = _expect_text(raw, where)
    if not RANGE.fullmatch(text):
        raise MalformedPrice(f"{_quoted(text)} is not a count of units (or Inf)", where)
    return Decimal(text)


def read_date(raw: object, where: Location) -> dt.date:
    """A date as AWS writes it (`2026-09-01T00:00:00Z`); only the day counts."""
    text = _expect_text(raw, where)
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        raise MalformedPrice(f"{_quoted(text)} is not a date (YYYY-MM-DD...)", where) from None


def _quoted(text: str, limit: int = 40) -> str:
    """User text in a message: quoted, control characters escaped, and cut short."""
    shown = repr(text[:limit])
    return shown + ("..." if len(text) > limit else "")
