"""Rebuild pricing files from the AWS Price List: the Query API (boto3's `pricing` client) or the
public bulk offer files. The only module that imports boto3, and only when asked to refresh.

Both sources give the same product items (`product.attributes`, `terms.OnDemand[...]
.priceDimensions[...]`); the builder picks the usage types the cost models need, strips the
region prefix AWS puts on them outside us-east-1 (`EU-Lambda-GB-Second`, `USE1-Fargate-...`), and
turns each into a Rate with its tiers and the offer it came from. Lambda's free tier is not in the
Price List (AWS subtracts it itself), so it is carried over from the file being updated.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from advisor.errors import AdvisorError, CatalogError, InputError, Location
from advisor.models.catalog import (
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

SERVICES = ("lambda", "fargate", "ec2", "apigateway", "elb", "nat")
SERVICE_CODES = {
    "lambda": "AWSLambda",
    "fargate": "AmazonECS",
    "ec2": "AmazonEC2",
    "apigateway": "AmazonApiGateway",
    "elb": "AWSELB",
    "nat": "AmazonEC2",
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

PRICING_ENDPOINT_REGION = "us-east-1"
"""The Price List API answers from us-east-1 whatever region is priced."""


@dataclass
class Offer:
    """Product items of one service code, and which offer they came from."""

    service_code: str
    version: str
    published: dt.date | None
    items: list[dict[str, Any]] = field(default_factory=list)


class MissingRate(CatalogError):
    """A rate the cost models need was not in the offer."""


def usage_name(usagetype: str) -> str:
    """`EU-Lambda-GB-Second` -> `Lambda-GB-Second`; `USE1-Fargate-GB-Hours` -> the same."""
    return re.sub(r"^[A-Z]{2,4}\d?-(?=[A-Z])", "", usagetype)


def _dimensions(item: dict[str, Any]) -> tuple[list[dict[str, Any]], dt.date | None]:
    terms = item.get("terms", {}).get("OnDemand", {})
    dimensions: list[dict[str, Any]] = []
    effective = None
    for term in terms.values():
        dimensions += list(term.get("priceDimensions", {}).values())
        if term.get("effectiveDate"):
            effective = dt.date.fromisoformat(term["effectiveDate"][:10])
    return dimensions, effective


def _rate(dimensions: list[dict[str, Any]], unit: str, source: str) -> Rate:
    bands = sorted(dimensions, key=lambda d: Decimal(d.get("beginRange", "0")))
    prices = [Decimal(d["pricePerUnit"]["USD"]).normalize() for d in bands]
    if len(bands) == 1:
        return Rate(unit=unit, price=prices[0], source=source)
    tiers = [
        Tier(upto=None if d.get("endRange", "Inf") == "Inf" else Decimal(d["endRange"]), price=p)
        for d, p in zip(bands, prices, strict=True)
    ]
    return Rate(unit=unit, tiers=tiers, source=source)


class Builder:
    """Finds rates by usage type in offers and assembles a pricing file."""

    def __init__(self, region: str, offers: Iterable[Offer], today: dt.date) -> None:
        self.region = region
        self.today = today
        self.by_usage: dict[str, tuple[dict[str, Any], str]] = {}
        self.instances: list[tuple[dict[str, Any], str]] = []
        self.sources: dict[str, Source] = {}
        for offer in offers:
            key = f"PL-{offer.service_code}"
            effective = None
            for item in offer.items:
                attributes = item.get("product", {}).get("attributes", {})
                if attributes.get("regionCode", region) != region:
                    continue
                _, when = _dimensions(item)
                effective = max(filter(None, (effective, when)), default=None)
                family = item.get("product", {}).get("productFamily", "")
                if family != FAMILY_OF_OFFER.get(offer.service_code, family):
                    continue
                if family == "Compute Instance":
                    if all(attributes.get(k, v) == v for k, v in EC2_FILTERS.items()):
                        self.instances.append((item, key))
                    continue
                name = usage_name(attributes.get("usagetype", ""))
                if name:
                    self.by_usage[name] = (item, key)
            self.sources[key] = Source(
                title=f"AWS Price List, {offer.service_code} {region}",
                url=f"https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/{offer.service_code}/current/{region}/index.json",
                checked=today,
                version=offer.version,
                effective=effective,
            )

    def rate(self, usage: str, unit: str) -> Rate:
        """The rate of a usage type, or MissingRate."""
        if usage not in self.by_usage:
            raise MissingRate(f"the offer has no '{usage}' rate for {self.region}")
        item, source = self.by_usage[usage]
        dimensions, _ = _dimensions(item)
        return _rate(dimensions, unit, source)

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
        for item, key in self.instances:
            attributes = item["product"]["attributes"]
            name = attributes.get("instanceType", "")
            family, _, size = name.partition(".")
            if family not in FAMILIES or size not in SIZES:
                continue
            dimensions, _ = _dimensions(item)
            if not dimensions:
                continue
            price = Decimal(dimensions[0]["pricePerUnit"]["USD"]).normalize()
            if price <= 0:
                continue
            graviton = "graviton" in attributes.get(
                "physicalProcessor", ""
            ).lower() or family.endswith("g")
            instances[name] = Instance(
                vcpu=Decimal(attributes["vcpu"]),
                memory_gib=Decimal(attributes["memory"].split()[0].replace(",", "")),
                architecture="arm64" if graviton else "x86_64",
                hourly=price,
                baseline=Decimal(BURSTABLE_BASELINE[size]) if family in ("t3", "t4g") else None,
            )
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
        **parts,
    )


def _all_rates(parts: dict[str, Any]) -> Iterator[Rate]:
    for value in parts.values():
        for _, rate in iter_rates(value):
            yield rate


def offer_from_file(path: Path) -> Offer:
    """A bulk offer file (JSON) as product items in the Query API's shape."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError("file not found", Location(str(path))) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"not a readable offer file: {exc}", Location(str(path))) from None
    try:
        terms = data.get("terms", {}).get("OnDemand", {})
        items = [
            {"product": product, "terms": {"OnDemand": terms.get(sku, {})}}
            for sku, product in data["products"].items()
        ]
        published = data.get("publicationDate")
        return Offer(
            service_code=data["offerCode"],
            version=str(data.get("version", "")),
            published=dt.date.fromisoformat(published[:10]) if published else None,
            items=items,
        )
    except (KeyError, AttributeError, TypeError) as exc:
        raise InputError(f"not an AWS offer file (missing {exc})", Location(str(path))) from None


def fetch_offers(
    region: str, services: Iterable[str], endpoint_url: str | None = None
) -> list[Offer]:
    """Query the Price List API with boto3: GetProducts with TERM_MATCH filters, every page,
    retries with backoff when throttled, the standard credential chain."""
    try:
        import boto3
        from botocore.config import Config
        from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError
    except ImportError:
        raise AdvisorError(
            "the Price List API needs boto3: pip install 'advisor[aws]' "
            "(or build from offer files with --from-offer-file, which needs no boto3)"
        ) from None

    session = boto3.session.Session()  # a fresh credential chain each run, never a cached one
    client = session.client(
        "pricing",
        region_name=PRICING_ENDPOINT_REGION,
        endpoint_url=endpoint_url,
        config=Config(retries={"mode": "standard", "max_attempts": 8}),
    )
    queries: dict[str, list[dict[str, str]]] = {}
    for service in services:
        code = SERVICE_CODES[service]
        filters = [{"Field": "regionCode", "Value": region}]
        if service == "ec2":
            filters += [{"Field": k, "Value": v} for k, v in EC2_FILTERS.items()]
            queries[f"{code}:ebs"] = [
                {"Field": "regionCode", "Value": region},
                {"Field": "volumeApiName", "Value": "gp3"},
            ]
        elif service == "nat":
            filters.append({"Field": "productFamily", "Value": "NAT Gateway"})
        elif service == "elb":
            filters.append({"Field": "productFamily", "Value": "Load Balancer-Application"})
        queries[f"{code}:{service}"] = filters
    offers: dict[str, Offer] = {}
    try:
        for query, filters in queries.items():
            code = query.split(":")[0]
            offer = offers.setdefault(code, Offer(code, "", None))
            token = None
            while True:
                request: dict[str, Any] = {
                    "ServiceCode": code,
                    "Filters": [{"Type": "TERM_MATCH", **f} for f in filters],
                    "FormatVersion": "aws_v1",
                    "MaxResults": 100,
                }
                if token:
                    request["NextToken"] = token
                page = client.get_products(**request)
                for text in page.get("PriceList", []):
                    item = json.loads(text)
                    offer.items.append(item)
                    offer.version = offer.version or str(item.get("version", ""))
                token = page.get("NextToken")
                if not token:
                    break
    except NoCredentialsError:
        raise AdvisorError(
            "no AWS credentials found. Provide them the usual way (AWS_PROFILE, or "
            "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or `aws configure`/`aws sso login`); "
            "the caller needs pricing:GetProducts. Or build from AWS's public offer files, which "
            "need no credentials: advisor pricing update --region R --from-offer-file index.json"
        ) from None
    except ClientError as exc:
        error = exc.response.get("Error", {})
        raise AdvisorError(
            f"the Price List API refused: {error.get('Code', 'error')}: {error.get('Message', '')}"
        ) from None
    except BotoCoreError as exc:
        raise AdvisorError(f"could not reach the Price List API: {exc}") from None
    return list(offers.values())


def to_yaml(pricing: PricingFile) -> str:
    """A pricing file as YAML, in the layout of the bundled files."""
    import yaml

    data = pricing.model_dump(mode="json", by_alias=True, exclude_none=True)
    header = (
        f"# AWS list prices for {pricing.region}, on-demand, USD; written by `advisor pricing "
        "update`.\n# Every rate names its source; `sources` records the offer version and dates.\n"
    )
    return header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
