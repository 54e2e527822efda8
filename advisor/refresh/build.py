"""Checked Price List items to a pricing file.

Both sources give the same product items (`product.attributes`, on-demand price bands); the
builder picks the usage types the cost models need, strips the region prefix AWS puts on them
outside us-east-1 (`EU-Lambda-GB-Second`, `USE1-Fargate-...`), and turns each into a Rate with
its tiers and the offer it came from. Lambda's free tier is not in the Price List (AWS subtracts
it itself), so it is carried over from the file being updated.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from pydantic import ValidationError

from advisor.errors import CatalogError
from advisor.models.catalog import (
    OPTIONAL_SECTIONS,
    AlbRates,
    ApiGatewayRates,
    ArchRates,
    Ec2Rates,
    FargateArch,
    FargateRates,
    Instance,
    LambdaFreeTier,
    LambdaRates,
    NatRates,
    PricingFile,
    Rate,
    Source,
    Tier,
    iter_rates,
)
from advisor.refresh.items import Item, MalformedPrice, Product, at, place

SERVICES = ("lambda", "fargate", "ec2", "apigateway", "elb", "nat")
SERVICE_CODES = {
    "lambda": "AWSLambda",
    "fargate": "AmazonECS",
    "ec2": "AmazonEC2",
    "apigateway": "AmazonApiGateway",
    "elb": "AWSELB",
    "nat": "AmazonEC2",
}
USAGES = {
    "lambda": (
        "Request", "Lambda-GB-Second", "Lambda-GB-Second-ARM", "Lambda-Storage-GB-Second",
        "Lambda-Provisioned-Concurrency", "Lambda-Provisioned-Concurrency-ARM",
        "Lambda-Provisioned-GB-Second", "Lambda-Provisioned-GB-Second-ARM",
    ),
    "fargate": (
        "Fargate-vCPU-Hours:perCPU", "Fargate-GB-Hours", "Fargate-ARM-vCPU-Hours:perCPU",
        "Fargate-ARM-GB-Hours", "Fargate-EphemeralStorage-GB-Hours",
    ),
    "ec2": ("EBS:VolumeUsage.gp3",),
    "apigateway": (
        "ApiGatewayHttpRequest", "ApiGatewayRequest", "ApiGatewayMessage", "ApiGatewayMinute",
    ),
    "elb": ("LoadBalancerUsage", "LCUUsage"),
    "nat": ("NatGateway-Hours", "NatGateway-Bytes"),
}  # fmt: skip
"""The usage types (without region prefix) each service's rates are built from."""

USAGES_OF_OFFER: dict[str, frozenset[str]] = {
    code: frozenset(u for s, c in SERVICE_CODES.items() if c == code for u in USAGES[s])
    for code in set(SERVICE_CODES.values())
}
FAMILIES = (
    "t3", "t4g", "m5", "m6i", "m6a", "m7i", "m6g", "m7g", "c5", "c6i", "c6a", "c7i", "c6g",
    "c7g", "r5", "r6i", "r7i", "r6g", "r7g",
)  # fmt: skip
SIZES = ("nano", "micro", "small", "medium", "large", "xlarge", "2xlarge", "4xlarge", "8xlarge")
BURSTABLE_BASELINE = {
    "nano": "0.05", "micro": "0.10", "small": "0.20", "medium": "0.20", "large": "0.30",
    "xlarge": "0.40", "2xlarge": "0.40",
}  # fmt: skip
"""Baseline CPU share per vCPU of t3/t4g sizes; the Price List does not carry it."""

EC2_FILTERS = {
    "productFamily": "Compute Instance",
    "operatingSystem": "Linux",
    "tenancy": "Shared",
    "preInstalledSw": "NA",
    "capacitystatus": "Used",
    "licenseModel": "No License required",
    "marketoption": "OnDemand",
}
FAMILY_OF_OFFER = {"AWSELB": "Load Balancer-Application"}
"""Offers that hold several product families with the same usage types: keep only this one."""


def offer_url(service_code: str, region: str) -> str:
    """AWS's public offer file of a service in a region (no credentials needed)."""
    return f"https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/{service_code}/current/{region}/index.json"


@dataclass
class Offer:
    """Checked items of one service code that a pricing file may use, and which offer they
    came from."""

    service_code: str
    version: str
    published: dt.date | None
    items: list[Item] = field(default_factory=list)
    url: str = ""


class MissingRate(CatalogError):
    """A rate the cost models need was not in the offer."""


def usage_name(usagetype: str) -> str:
    """`EU-Lambda-GB-Second` -> `Lambda-GB-Second`; `USE1-Fargate-GB-Hours` -> the same."""
    return re.sub(r"^[A-Z]{2,4}\d?-(?=[A-Z])", "", usagetype)


def keeps(service_code: str, product: Product, region: str) -> bool:
    """Whether a pricing file for `region` can use this product: the region's own, and a usage
    type or an instance type the cost models price. Readers drop the rest as they go, so an offer
    file of hundreds of megabytes leaves a few hundred items in memory."""
    attributes = product.attributes
    if attributes.get("regionCode", region) != region:
        return False
    if product.family != FAMILY_OF_OFFER.get(service_code, product.family):
        return False
    if product.family == "Compute Instance":
        if any(attributes.get(k, v) != v for k, v in EC2_FILTERS.items() if k != "productFamily"):
            return False
        family, _, size = attributes.get("instanceType", "").partition(".")
        return family in FAMILIES and size in SIZES
    return usage_name(attributes.get("usagetype", "")) in USAGES_OF_OFFER.get(service_code, ())


def _rate(item: Item, unit: str, source: str) -> Rate:
    bands = item.dimensions
    if not bands:
        raise MalformedPrice("has no on-demand price", item.where)
    if bands[-1].end is not None:
        raise MalformedPrice(f"the last price band ends at {bands[-1].end}, not Inf", item.where)
    for before, after in zip(bands, bands[1:], strict=False):
        if before.end != after.begin:
            end = "Inf" if before.end is None else before.end
            raise MalformedPrice(
                f"price bands do not follow on: one ends at {end}, the next begins at "
                f"{after.begin}",
                item.where,
            )
    try:
        if len(bands) == 1:
            return Rate(unit=unit, price=bands[0].price, source=source)
        return Rate(
            unit=unit, tiers=[Tier(upto=b.end, price=b.price) for b in bands], source=source
        )
    except ValidationError as exc:
        problem = exc.errors()[0]
        raise MalformedPrice(f"not a usable rate: {problem['msg']}", item.where) from None


class Builder:
    """Finds rates by usage type in offers and assembles a pricing file."""

    def __init__(self, region: str, offers: Iterable[Offer], today: dt.date) -> None:
        self.region = region
        self.today = today
        self.by_usage: dict[str, tuple[Item, str]] = {}
        self.instances: dict[str, tuple[Item, str]] = {}
        self.sources: dict[str, Source] = {}
        for offer in offers:
            key = f"PL-{offer.service_code}"
            effective = None
            for item in offer.items:
                if not keeps(offer.service_code, item.product, region):
                    continue
                effective = max(filter(None, (effective, item.effective)), default=None)
                attributes = item.product.attributes
                if item.product.family == "Compute Instance":
                    if item.dimensions and item.dimensions[0].price > 0:
                        self._add(self.instances, attributes["instanceType"], item, key)
                else:
                    self._add(self.by_usage, usage_name(attributes["usagetype"]), item, key)
            self.sources[key] = Source(
                title=f"AWS Price List, {offer.service_code} {region}",
                url=offer.url or offer_url(offer.service_code, region),
                checked=today,
                version=offer.version,
                effective=effective,
            )

    @staticmethod
    def _add(table: dict[str, tuple[Item, str]], name: str, item: Item, key: str) -> None:
        """One item per usage or instance type: a second one with other prices would silently
        replace the first, so it is an error naming both."""
        if name in table:
            first = table[name][0]
            if first.dimensions != item.dimensions:
                raise MalformedPrice(
                    f"SKU {first.sku} ({place(first.where)}) and SKU {item.sku} both price "
                    f"'{name}' in this region, differently; advisor cannot tell which applies",
                    item.where,
                )
            return
        table[name] = (item, key)

    def rate(self, usage: str, unit: str) -> Rate:
        """The rate of a usage type, or MissingRate."""
        assert any(usage in names for names in USAGES.values()), usage
        if usage not in self.by_usage:
            raise MissingRate(f"the offer has no '{usage}' rate for {self.region}")
        item, source = self.by_usage[usage]
        return _rate(item, unit, source)

    def lambda_rates(self, free_tier: LambdaFreeTier) -> LambdaRates:
        """Lambda requests, duration tiers, storage and provisioned concurrency."""

        def arch(name: str, unit: str = "GB-second") -> ArchRates:
            return ArchRates(x86_64=self.rate(name, unit), arm64=self.rate(f"{name}-ARM", unit))

        return LambdaRates(
            requests=self.rate("Request", "request"),
            duration=arch("Lambda-GB-Second"),
            ephemeral_storage=self.rate("Lambda-Storage-GB-Second", "GB-second"),
            provisioned_concurrency=arch("Lambda-Provisioned-Concurrency"),
            provisioned_duration=arch("Lambda-Provisioned-GB-Second"),
            free_tier=free_tier,
        )

    def fargate_rates(self) -> FargateRates:
        """Fargate Linux vCPU and memory hours, and ephemeral storage."""
        return FargateRates(
            x86_64=FargateArch(
                vcpu=self.rate("Fargate-vCPU-Hours:perCPU", "vCPU-hour"),
                memory=self.rate("Fargate-GB-Hours", "GB-hour"),
            ),
            arm64=FargateArch(
                vcpu=self.rate("Fargate-ARM-vCPU-Hours:perCPU", "vCPU-hour"),
                memory=self.rate("Fargate-ARM-GB-Hours", "GB-hour"),
            ),
            ephemeral_storage=self.rate("Fargate-EphemeralStorage-GB-Hours", "GB-hour"),
            free_ephemeral_gb=Decimal(20),
            minimum_billed_s=Decimal(60),
        )

    def ec2_rates(self) -> Ec2Rates:
        """On-demand Linux instances of the supported families, and gp3 storage."""
        instances: dict[str, Instance] = {}
        source = ""
        for name, (item, key) in self.instances.items():
            instances[name] = _instance(name, item)
            source = key
        if not instances:
            raise MissingRate(f"the offer has no on-demand Linux instances for {self.region}")
        return Ec2Rates(
            source=source,
            instances=dict(sorted(instances.items())),
            ebs_gp3=self.rate("EBS:VolumeUsage.gp3", "GB-month"),
        )

    def api_gateway_rates(self) -> ApiGatewayRates:
        """API Gateway HTTP, REST and WebSocket."""
        return ApiGatewayRates(
            http=self.rate("ApiGatewayHttpRequest", "request"),
            rest=self.rate("ApiGatewayRequest", "request"),
            websocket_messages=self.rate("ApiGatewayMessage", "message"),
            websocket_connection_minutes=self.rate("ApiGatewayMinute", "connection-minute"),
        )

    def alb_rates(self) -> AlbRates:
        """Application Load Balancer hours and LCU-hours."""
        return AlbRates(
            hour=self.rate("LoadBalancerUsage", "ALB-hour"),
            lcu_hour=self.rate("LCUUsage", "LCU-hour"),
        )

    def nat_rates(self) -> NatRates:
        """NAT gateway hours and data."""
        return NatRates(
            hour=self.rate("NatGateway-Hours", "NAT-gateway-hour"),
            gb=self.rate("NatGateway-Bytes", "GB"),
        )


def _instance(name: str, item: Item) -> Instance:
    """An instance type's figures from its item's attributes ("2" vCPUs, "8 GiB" or "1,952 GiB")."""
    attributes = item.product.attributes
    family, _, size = name.partition(".")

    def number(key: str, text: str) -> Decimal:
        try:
            value = Decimal(text.replace(",", ""))
        except InvalidOperation:
            value = Decimal(0)
        if not value.is_finite() or not 0 < value < 100_000:
            where = at(item.where, f"attributes.{key}")
            raise MalformedPrice(f"{text[:40]!r} is not a positive number", where)
        return value

    vcpu = number("vcpu", attributes.get("vcpu", ""))
    memory_text = attributes.get("memory", "")
    memory = number("memory", memory_text.removesuffix(" GiB") if memory_text else "")
    graviton = "graviton" in attributes.get("physicalProcessor", "").lower()
    return Instance(
        vcpu=vcpu,
        memory_gib=memory,
        architecture="arm64" if graviton or family.endswith("g") else "x86_64",
        hourly=item.dimensions[0].price,
        baseline=Decimal(BURSTABLE_BASELINE[size]) if family in ("t3", "t4g") else None,
    )


KEPT_SECTIONS = ("sqs", "step_functions", "eventbridge", "s3")
"""Optional sections `pricing update` does not build: kept from the previous file."""


def build_pricing_file(
    region: str,
    offers: Iterable[Offer],
    services: Iterable[str],
    base: PricingFile | None,
    today: dt.date,
) -> PricingFile:
    """A pricing file for the region: the asked services from the offers, the rest from `base`."""
    builder = Builder(region, offers, today)
    wanted = set(services)
    missing = [s for s in SERVICES if s not in wanted]
    if missing and base is None:
        raise CatalogError(
            f"no pricing file for {region} to keep {', '.join(missing)} from; "
            "update every service (the default) the first time"
        )
    free_tier = (
        base.lambda_.free_tier
        if base
        else LambdaFreeTier(requests=Decimal(1_000_000), gb_seconds=Decimal(400_000))
    )
    parts: dict[str, Any] = {}
    takers: dict[str, Callable[[], Any]] = {
        "lambda": lambda: builder.lambda_rates(free_tier),
        "fargate": builder.fargate_rates,
        "ec2": builder.ec2_rates,
        "apigateway": builder.api_gateway_rates,
        "elb": builder.alb_rates,
        "nat": builder.nat_rates,
    }
    fields = {
        "lambda": "lambda_",
        "fargate": "fargate",
        "ec2": "ec2",
        "apigateway": "api_gateway",
        "elb": "alb",
        "nat": "nat",
    }
    for service in SERVICES:
        if service in wanted:
            parts[fields[service]] = takers[service]()
        else:
            assert base is not None
            parts[fields[service]] = getattr(base, fields[service])
    # sections the Price List does not rebuild (the glue's; data transfer, logs, IPv4, NLB,
    # SnapStart): kept from the previous file, or left out (not priced) without one
    for optional in (*KEPT_SECTIONS, *OPTIONAL_SECTIONS):
        if base is not None and getattr(base, optional) is not None:
            parts[optional] = getattr(base, optional)
    sources = dict(base.sources) if base else {}
    sources |= builder.sources
    used = {rate.source for rate in _all_rates(parts)} | {parts["ec2"].source}
    effective = [s.effective for k, s in builder.sources.items() if s.effective and k in used]
    return PricingFile(
        version=1,
        provider="aws",
        region=region,
        currency="USD",
        effective_date=max(effective) if effective else (base.effective_date if base else today),
        notes=(
            f"Rebuilt by `advisor pricing update` on {today} from the AWS Price List "
            f"({', '.join(sorted(wanted))})."
            + (f" Kept from the previous file: {', '.join(missing)}." if missing else "")
        ),
        sources={k: v for k, v in sources.items() if k in used},
        # not in the Price List's offer files: kept from the previous file, with its sources
        lambda_managed_instances=base.lambda_managed_instances if base else None,
        **parts,
    )


def _all_rates(parts: dict[str, Any]) -> Iterator[Rate]:
    for value in parts.values():
        for _, rate in iter_rates(value):
            yield rate


def to_yaml(pricing: PricingFile) -> str:
    """A pricing file as YAML, in the layout of the bundled files."""
    import yaml

    data = pricing.model_dump(mode="json", by_alias=True, exclude_none=True)
    header = (
        f"# AWS list prices for {pricing.region}, on-demand, USD; written by `advisor pricing "
        "update`.\n# Every rate names its source; `sources` records the offer version and dates.\n"
    )
    return header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
