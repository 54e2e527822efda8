"""AWS's public offer files, read as a stream.

A regional EC2 offer file is about half a gigabyte of JSON (`{"offerCode", "version",
"publicationDate", "products": {SKU: product}, "terms": {"OnDemand": {SKU: {...}},
"Reserved": {...}}}`). It is parsed event by event (ijson, on yajl's C parser when the wheel has
it) in reads of 64 KiB; only the products a pricing file can use, and their on-demand terms, are
built into objects, so memory stays at a few megabytes whatever the file's size.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from advisor.errors import InputError, Location
from advisor.refresh.build import SERVICE_CODES, Offer, keeps
from advisor.refresh.items import (
    Item,
    MalformedPrice,
    Product,
    at,
    read_date,
    read_on_demand,
    read_product,
)

CHUNK = 64 * 1024
"""Bytes per read: small enough that memory does not follow the file, large enough that the
parser's calls into Python do not show."""

META = ("offerCode", "version", "publicationDate")
STARTS = frozenset(("start_map", "start_array"))
ENDS = frozenset(("end_map", "end_array"))

Progress = Callable[[int, int | None], None]
"""Called with the bytes read so far and the file's size (None when unknown)."""


def read_offer_file(path: Path, region: str, on_progress: Progress | None = None) -> Offer:
    """The items of an offer file that a pricing file for `region` can use."""
    try:
        stream = path.open("rb")
    except FileNotFoundError:
        raise InputError("file not found", Location(str(path))) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", Location(str(path))) from None
    with stream:
        try:
            size: int | None = os.fstat(stream.fileno()).st_size
        except OSError:
            size = None
        return read_offer(stream, str(path), region, size, on_progress)


class _Counted:
    """A binary stream that counts what is read from it and reports progress every 1 %."""

    def __init__(self, stream: IO[bytes], size: int | None, on_progress: Progress | None) -> None:
        self.stream = stream
        self.size = size
        self.done = 0
        self.on_progress = on_progress
        self.step = max((size or 0) // 100, CHUNK)
        self.next_report = 0

    def read(self, n: int = -1) -> bytes:
        data = self.stream.read(min(n, CHUNK) if n >= 0 else CHUNK)
        self.done += len(data)
        if self.on_progress is not None and (self.done >= self.next_report or not data):
            self.next_report = self.done + self.step
            self.on_progress(self.done, self.size)
        return data


def read_offer(
    stream: IO[bytes],
    name: str,
    region: str,
    size: int | None = None,
    on_progress: Progress | None = None,
) -> Offer:
    """Read an offer file from a binary stream in one pass, as AWS writes them (products before
    terms); any problem is a MalformedPrice or InputError located by file and key path."""
    import ijson

    counted = _Counted(stream, size, on_progress)
    reader = _Reader(name, region)
    try:
        reader.walk(ijson.basic_parse(counted, use_float=False, buf_size=CHUNK))
    except ijson.JSONError as exc:
        text = exc.args[0] if exc.args else exc
        first = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
        detail = first.strip().splitlines()[0] if first.strip() else "cannot parse"
        raise InputError(
            f"not valid JSON ({detail}) in the {CHUNK // 1024} KiB before byte {counted.done}",
            Location(name),
        ) from None
    except StopIteration:
        raise InputError("not valid JSON (it ends early)", Location(name)) from None
    except UnicodeDecodeError:  # ijson's pure-Python parser, where yajl's is not available
        raise InputError("not valid JSON (not UTF-8)", Location(name)) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", Location(name)) from None
    return reader.offer()


class _Reader:
    """Walks the parser's events through the offer file's known shape, building only what it
    keeps and skipping the rest (other regions, other products, reserved terms) by depth."""

    def __init__(self, name: str, region: str) -> None:
        self.name = name
        self.region = region
        self.meta: dict[str, Any] = {}
        self.products: dict[str, Product] = {}
        self.items: list[Item] = []
        self.seen_products = False
        self.regions: set[str] = set()

    def where(self, key: str = "") -> Location:
        """A key path in this file."""
        return at(Location(self.name), key) if key else Location(self.name)

    def walk(self, events: Iterator[tuple[str, Any]]) -> None:
        """Consume the events of the whole file."""
        first = next(events, None)
        if first is None or first[0] != "start_map":
            got = "nothing" if first is None else _shape(first[0])
            raise MalformedPrice(
                f"holds {got}, not an AWS offer file (an object with offerCode, products and "
                "terms)",
                self.where(),
            )
        key = ""
        for event, value in events:
            if event == "map_key":
                key = value
            elif event == "end_map":
                break
            elif key == "products":
                self._expect_map(event, "products")
                self._products(events)
                self.seen_products = True
            elif key == "terms":
                self._expect_map(event, "terms")
                self._terms(events)
            elif key in META:
                if event in STARTS:
                    _skip(events)
                    raise MalformedPrice(f"expected a string, got {_shape(event)}", self.where(key))
                self.meta[key] = value
            elif event in STARTS:
                _skip(events)
        for _ in events:  # yajl reports trailing garbage only when asked for more
            pass

    def _expect_map(self, event: str, key: str) -> None:
        if event != "start_map":
            raise MalformedPrice(f"expected an object, got {_shape(event)}", self.where(key))

    def _products(self, events: Iterator[tuple[str, Any]]) -> None:
        for event, value in events:
            if event == "end_map":
                return
            sku = value  # a map_key: the product's value follows
            event, value = next(events)
            raw = _build(event, value, events)
            product = read_product(raw, self.where(f"products.{sku}"), sku=sku)
            code = self.meta.get("offerCode")
            codes = [code] if code else sorted(set(SERVICE_CODES.values()))
            region = product.attributes.get("regionCode")
            if region is not None and len(self.regions) < 50:
                self.regions.add(region)
            if any(keeps(c, product, self.region) for c in codes):
                self.products[sku] = product

    def _terms(self, events: Iterator[tuple[str, Any]]) -> None:
        for event, value in events:
            if event == "end_map":
                return
            kind = value
            event, value = next(events)
            if kind != "OnDemand":
                if event in STARTS:
                    _skip(events)
                continue
            if not self.seen_products:
                if event in STARTS:
                    _skip(events)
                raise MalformedPrice(
                    "comes before products; advisor reads offer files in one pass, products "
                    "first, as AWS writes them",
                    self.where("terms.OnDemand"),
                )
            self._expect_map(event, "terms.OnDemand")
            self._on_demand(events)

    def _on_demand(self, events: Iterator[tuple[str, Any]]) -> None:
        for event, value in events:
            if event == "end_map":
                return
            sku = value
            event, value = next(events)
            product = self.products.get(sku)
            if product is None:
                if event in STARTS:
                    _skip(events)
                continue
            raw = _build(event, value, events)
            dimensions, effective = read_on_demand(raw, self.where(f"terms.OnDemand.{sku}"))
            self.items.append(Item(product, dimensions, effective))

    def offer(self) -> Offer:
        """The offer, once the whole file is read."""
        code = self.meta.get("offerCode")
        if code is None:
            raise MalformedPrice("missing (is this an AWS offer file?)", self.where("offerCode"))
        if not isinstance(code, str) or code not in SERVICE_CODES.values():
            raise MalformedPrice(
                f"{str(code)[:40]!r} is not an offer advisor reads "
                f"({', '.join(sorted(set(SERVICE_CODES.values())))})",
                self.where("offerCode"),
            )
        if not self.seen_products:
            raise MalformedPrice("missing", self.where("products"))
        if not self.products and self.regions and self.region not in self.regions:
            raise InputError(
                f"no products for {self.region}; the file prices "
                f"{', '.join(sorted(self.regions)[:5])}{', ...' if len(self.regions) > 5 else ''}"
                f" (offer files by region: https://pricing.us-east-1.amazonaws.com/offers/v1.0/"
                f"aws/{code}/current/{self.region}/index.json)",
                Location(self.name),
            )
        version = self.meta.get("version", "")
        if not isinstance(version, str):
            raise MalformedPrice("expected a string", self.where("version"))
        published = self.meta.get("publicationDate")
        return Offer(
            service_code=code,
            version=version,
            published=read_date(published, self.where("publicationDate")) if published else None,
            items=[item for item in self.items if item.dimensions],
        )


def _shape(event: str) -> str:
    """What a parser event starts, in words."""
    shapes = {"start_map": "an object", "start_array": "a list", "string": "a string"}
    return shapes.get(event, {"null": "null", "boolean": "true/false"}.get(event, "a number"))


def _build(event: str, value: Any, events: Iterator[tuple[str, Any]]) -> Any:
    """The value that begins with this event, built whole (a product or one SKU's terms); a
    loop of its own rather than ijson's ObjectBuilder, whose method call per event costs a third
    of the time on a large file."""
    if event not in STARTS:
        return value
    root: Any = {} if event == "start_map" else []
    stack = [root]
    top = root
    key = None
    for event, value in events:
        if event == "map_key":
            key = value
            continue
        if event == "end_map" or event == "end_array":
            stack.pop()
            if not stack:
                return root
            top = stack[-1]
            continue
        if event == "start_map" or event == "start_array":
            child: Any = {} if event == "start_map" else []
            if type(top) is list:
                top.append(child)
            else:
                top[key] = child
            stack.append(child)
            top = child
        elif type(top) is list:
            top.append(value)
        else:
            top[key] = value
    return root


def _skip(events: Iterator[tuple[str, Any]]) -> None:
    """Pass over the rest of a value whose start was just read."""
    depth = 1
    for event, _ in events:
        if event in STARTS:
            depth += 1
        elif event in ENDS:
            depth -= 1
            if depth == 0:
                return
