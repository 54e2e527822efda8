"""The pricing file: dated rates with units, tiers and sources, one per provider and region."""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from advisor.models.bounds import BoundedDecimal, Region, bounded_price

STAND_IN = (
    "Set when this figure is not a published figure for the file's region (borrowed from another "
    "region, or derived): why, e.g. 'us-east-1 figure; no published eu-west-1 price found "
    "(searched 2026-12)'. `advisor pricing validate` fails a file with one unless "
    "--allow-stand-ins, and `advisor pricing show` lists each."
)

MAX_PRICE = Decimal(100_000)
"""No AWS rate comes near $100,000 a unit (the dearest instance is a few hundred dollars an
hour); a bound keeps a typo in a pricing file a located error rather than an overflow."""
Price = Annotated[Decimal, Field(ge=0, le=MAX_PRICE), AfterValidator(bounded_price)]
"""A price: the bounds above, and at most 20 decimal places (`1e-999999999` is an error)."""


BEYOND_ANY_USE = 1e30
"""A quantity no month reaches: where the last, unbounded band's line is drawn to."""


class Strict(BaseModel):
    """Base for pricing-file models: unknown keys are errors."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, populate_by_name=True, allow_inf_nan=False
    )

    @cached_property
    def memo(self) -> dict[Hashable, Any]:
        """What is worked out from this part of a pricing file, kept with it (the file is
        frozen, so nothing in it goes stale): the fleet search's tables, the purchase options."""
        return {}


class Tier(Strict):
    """One volume band: the price applies to usage up to `upto` (cumulative; null = no end)."""

    upto: BoundedDecimal | None = Field(None, gt=0)
    price: Price


class Rate(Strict):
    """A price per unit, flat (`price`) or by volume (`tiers`), with the key of its source."""

    unit: str
    price: Price | None = None
    tiers: list[Tier] | None = None
    source: str = ""
    stand_in: str | None = Field(None, min_length=1, description=STAND_IN)

    @model_validator(mode="after")
    def _flat_or_tiered(self) -> Rate:
        if (self.price is None) == (self.tiers is None):
            raise ValueError("give exactly one of price or tiers")
        if self.tiers is not None:
            if not self.tiers:
                raise ValueError("tiers must not be empty")
            bounds = [t.upto for t in self.tiers]
            if bounds[-1] is not None or any(b is None for b in bounds[:-1]):
                raise ValueError("only the last tier may (and must) have upto: null")
            finite = [b for b in bounds if b is not None]
            if finite != sorted(finite) or len(set(finite)) != len(finite):
                raise ValueError("tier bounds must rise")
        return self

    @cached_property
    def bands(self) -> list[Tier]:
        """The rate as volume bands; a flat rate is one unbounded band."""
        if self.tiers is not None:
            return self.tiers
        assert self.price is not None
        return [Tier(upto=None, price=self.price)]

    @cached_property
    def float_price(self) -> float:
        """The first band's price as a float, for cost curves."""
        return float(self.bands[0].price)

    @cached_property
    def band_line(self) -> tuple[list[float], list[float]]:
        """The cumulative cost at each band's end, as floats (the last band's end drawn at a
        quantity no month reaches), for cost curves."""
        ends, totals = [0.0], [0.0]
        for band in self.bands:
            upper = BEYOND_ANY_USE if band.upto is None else float(band.upto)
            totals.append(totals[-1] + (upper - ends[-1]) * float(band.price))
            ends.append(upper)
        return ends, totals


class Source(Strict):
    """Where figures came from, and when they were checked."""

    title: str
    url: str = ""
    checked: dt.date | None = None
    version: str | None = Field(None, description="Offer version (Price List), if known.")
    effective: dt.date | None = Field(None, description="Effective date of the offer's terms.")
    stand_in: bool = Field(
        False,
        description="Every figure citing this source is a stand-in for this region (borrowed "
        "from another region, derived, or from one unverified source); the title says why. "
        "Prefer `stand_in: <reason>` on the rates themselves.",
    )


class ArchRates(Strict):
    """A rate that differs by CPU architecture."""

    x86_64: Rate
    arm64: Rate


class LambdaFreeTier(Strict):
    """Lambda's permanent monthly free tier, per account and region."""

    requests: BoundedDecimal = Field(ge=0)
    gb_seconds: BoundedDecimal = Field(ge=0)


class LambdaRates(Strict):
    """AWS Lambda rates."""

    requests: Rate
    duration: ArchRates
    ephemeral_storage: Rate
    provisioned_concurrency: ArchRates
    provisioned_duration: ArchRates
    free_tier: LambdaFreeTier


class FargateArch(Strict):
    """Fargate compute rates for one architecture."""

    vcpu: Rate
    memory: Rate


class FargateRates(Strict):
    """AWS Fargate (Linux) rates."""

    x86_64: FargateArch
    arm64: FargateArch
    ephemeral_storage: Rate
    free_ephemeral_gb: BoundedDecimal = Field(ge=0)
    minimum_billed_s: BoundedDecimal = Field(ge=0)


class Instance(Strict):
    """One EC2 instance type, on-demand Linux, shared tenancy."""

    vcpu: BoundedDecimal = Field(gt=0)
    memory_gib: BoundedDecimal = Field(gt=0)
    architecture: Literal["x86_64", "arm64"]
    hourly: Annotated[Decimal, Field(gt=0, le=MAX_PRICE), AfterValidator(bounded_price)]
    baseline: BoundedDecimal | None = Field(
        None, gt=0, le=1, description="Burstable types: sustained share of each vCPU."
    )
    stand_in: str | None = Field(None, min_length=1, description=STAND_IN)


@dataclass(frozen=True, slots=True)
class InstanceFigures:
    """An instance type's figures as floats, for the fleet search's inner loop."""

    name: str
    architecture: str
    vcpu: float
    memory_gib: float
    hourly: float
    baseline: float | None


class Ec2Rates(Strict):
    """EC2 on-demand instance catalog and EBS."""

    source: str = ""
    stand_in: str | None = Field(
        None, min_length=1, description=STAND_IN + " Applies to every instance type."
    )
    instances: dict[str, Instance]
    ebs_gp3: Rate

    @cached_property
    def figures(self) -> list[InstanceFigures]:
        """Every instance type as floats, cheapest first."""
        rows = [
            InstanceFigures(
                name,
                i.architecture,
                float(i.vcpu),
                float(i.memory_gib),
                float(i.hourly),
                None if i.baseline is None else float(i.baseline),
            )
            for name, i in self.instances.items()
        ]
        return sorted(rows, key=lambda r: r.hourly)

    @cached_property
    def figures_by_architecture(self) -> dict[str, list[InstanceFigures]]:
        """Instance figures of each architecture, cheapest first."""
        return {
            arch: [f for f in self.figures if f.architecture == arch]
            for arch in ("x86_64", "arm64")
        }

    @cached_property
    def figures_by_name(self) -> dict[str, InstanceFigures]:
        """Instance figures by type name."""
        return {f.name: f for f in self.figures}


class ApiGatewayRates(Strict):
    """Amazon API Gateway rates."""

    http: Rate
    rest: Rate
    websocket_messages: Rate
    websocket_connection_minutes: Rate


class AlbRates(Strict):
    """Application Load Balancer rates."""

    hour: Rate
    lcu_hour: Rate


class NatRates(Strict):
    """NAT gateway rates."""

    hour: Rate
    gb: Rate


class DataTransferRates(Strict):
    """Data transfer out to the internet, billed per account across services."""

    out_to_internet: Rate
    free_gb: Decimal = Field(ge=0, description="GB a month free per account (all services).")


class CloudWatchLogsRates(Strict):
    """CloudWatch Logs: Lambda's (vended) ingestion by volume tier, other (custom) ingestion,
    and storage."""

    lambda_ingestion: Rate
    ingestion: Rate
    storage: Rate


class PublicIpv4Rates(Strict):
    """Public IPv4 addresses, in use or idle."""

    address_hour: Rate


class NlbRates(Strict):
    """Network Load Balancer: a REST API reaches containers through a VPC link to one."""

    hour: Rate
    nlcu_hour: Rate


class SnapStartRates(Strict):
    """Lambda SnapStart for Python and .NET (Java managed runtimes are not charged)."""

    cache: Rate
    restore: Rate


class SqsRates(Strict):
    """Amazon SQS requests (each 64 KB chunk of a payload is one request)."""

    standard: Rate
    fifo: Rate
    free_requests: BoundedDecimal = Field(ge=0, description="Requests a month free, per account.")


class StepFunctionsRates(Strict):
    """AWS Step Functions: Standard workflows by state transition, Express by request and
    GB-second."""

    standard_transitions: Rate
    free_transitions: BoundedDecimal = Field(
        ge=0, description="Transitions a month free, per account."
    )
    express_requests: Rate
    express_duration: Rate


class EventBridgeRates(Strict):
    """Amazon EventBridge custom events put on a bus."""

    custom_events: Rate


class S3RequestRates(Strict):
    """Amazon S3 Standard requests, for hand-offs between steps."""

    put: Rate
    get: Rate


class ManagedInstanceRates(Strict):
    """Lambda Managed Instances: a management fee on the EC2 instances' on-demand price (a share
    of each dollar of it) and a price per request; the instances at EC2's rates."""

    sources: dict[str, Source] = Field(
        default_factory=dict,
        description="Sources of this section's rates (a section added at the end of a file "
        "carries its own, beside the file's).",
    )
    management_fee: Rate
    requests: Rate


class Discount(Strict):
    """A share off the on-demand price of one kind of usage, with the key of its source."""

    share_off: Decimal = Field(ge=0, lt=1)
    source: str = ""


class SavingsPlan(Strict):
    """One Savings Plan: its term, how much of the commitment is paid at the start, and the
    share it takes off each kind of usage it covers (a usage tag, as `Charge.usage` names it:
    `fargate-compute`, `lambda-duration`, `ec2-instance`, or a narrower tag such as
    `ec2-instance:c5` or `lambda-duration:arm64` where a figure of its own is published)."""

    term_years: Literal[1, 3]
    payment: Literal["no-upfront", "partial-upfront", "all-upfront"]
    upfront_share: Decimal = Field(
        ge=0, le=1, description="Share of the whole term's commitment paid at the start."
    )
    discounts: dict[str, Discount]


class SpotRates(Strict):
    """Spot prices as shares off on-demand, per kind of usage (narrower tags for a family)."""

    discounts: dict[str, Discount]


class PurchaseOptions(Strict):
    """Prices applied to the charges rather than charges of their own: Savings Plans and Spot.
    Optional: a file without them prices on demand only, and says so."""

    sources: dict[str, Source]
    """Where these figures came from (kept apart from the file's own `sources`)."""
    savings_plans: dict[str, SavingsPlan] = {}
    spot: SpotRates | None = None

    @model_validator(mode="after")
    def _known_sources(self) -> PurchaseOptions:
        tables = [(f"savings_plans.{n}", p.discounts) for n, p in self.savings_plans.items()]
        if self.spot is not None:
            tables.append(("spot", self.spot.discounts))
        for where, discounts in tables:
            for usage, discount in discounts.items():
                if discount.source and discount.source not in self.sources:
                    raise ValueError(
                        f"{where}.discounts.{usage}.source: '{discount.source}' is not among "
                        "purchase_options.sources"
                    )
        return self


class PricingFile(Strict):
    """A dated set of rates for one provider and region."""

    version: Literal[1]
    provider: Literal["aws"]
    region: Region
    currency: Literal["USD"]
    effective_date: dt.date
    notes: str = ""
    sources: dict[str, Source]
    lambda_: LambdaRates = Field(alias="lambda")
    fargate: FargateRates
    ec2: Ec2Rates
    api_gateway: ApiGatewayRates
    alb: AlbRates
    nat: NatRates
    sqs: SqsRates | None = None
    """Optional sections (None: not priced in this region; what needs them says so)."""
    step_functions: StepFunctionsRates | None = None
    eventbridge: EventBridgeRates | None = None
    s3: S3RequestRates | None = None

    @cached_property
    def stand_ins(self) -> list[tuple[str, str]]:
        """Every figure that is not a published figure for the file's region, with the reason: a
        rate or instance type marked `stand_in: <reason>`, the whole EC2 catalog when its section
        is, and every rate citing a source marked `stand_in: true` (the source's title is the
        reason). Instance types sharing one reason are listed together, in the file's order.
        Worked out once per file: every workload priced from it asks (rule ADV701)."""
        borrowed = {key: source.title for key, source in self.sources.items() if source.stand_in}
        found: list[tuple[str, str]] = []
        for path, rate in iter_rates(self):
            reason = rate.stand_in or borrowed.get(rate.source)
            if reason:
                found.append((path, reason))
        ec2 = self.ec2
        section = ec2.stand_in or borrowed.get(ec2.source)
        if section:
            found.append(("ec2.instances (all types)", section))
        by_reason: dict[str, list[str]] = {}
        for name, instance in ec2.instances.items():
            reason = instance.stand_in
            if reason and not section:
                by_reason.setdefault(reason, []).append(name)
        for reason, names in by_reason.items():
            found.append((f"ec2.instances {', '.join(names)}", reason))
        return found

    @cached_property
    def stand_in_sections(self) -> list[str]:
        """The sections (`lambda`, `ec2`, ...) with a stand-in figure, in order."""
        return sorted({where.split(".")[0].split(" ")[0] for where, _ in self.stand_ins})

    @property
    def unpriced(self) -> list[str]:
        """The optional services this file has no rates for."""
        optional = {
            "SQS": self.sqs,
            "Step Functions": self.step_functions,
            "EventBridge": self.eventbridge,
            "S3 requests": self.s3,
        }
        return [name for name, rates in optional.items() if rates is None]

    lambda_managed_instances: ManagedInstanceRates | None = Field(
        None, description="Absent: Lambda Managed Instances are not priced in this region."
    )

    @property
    def all_sources(self) -> dict[str, Source]:
        """The file's sources and those of sections that carry their own."""
        found = dict(self.sources)
        if self.lambda_managed_instances is not None:
            found |= self.lambda_managed_instances.sources
        return found

    purchase_options: PurchaseOptions | None = None
    # Issue 22's charges (None: not priced in that region; ADV702 and `pricing show` say so)
    data_transfer: DataTransferRates | None = None
    cloudwatch_logs: CloudWatchLogsRates | None = None
    public_ipv4: PublicIpv4Rates | None = None
    nlb: NlbRates | None = None
    snapstart: SnapStartRates | None = None


def iter_rates(model: BaseModel, prefix: str = "") -> Iterator[tuple[str, Rate]]:
    """Every rate in a pricing file, with its dotted path."""
    for name, field in type(model).model_fields.items():
        value = getattr(model, name)
        key = f"{prefix}{field.alias or name}"
        if isinstance(value, Rate):
            yield key, value
        elif isinstance(value, BaseModel):
            yield from iter_rates(value, key + ".")


OPTIONAL_SECTIONS = ("data_transfer", "cloudwatch_logs", "public_ipv4", "nlb", "snapstart")
"""Sections a pricing file may leave out: those charges are then not priced in its region."""
