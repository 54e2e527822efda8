"""The cheaper levers beside each option: another front door in front of Lambda, and Graviton.

Where a Lambda option (on demand, provisioned, or on managed instances) is reached through API
Gateway, the same function behind a function URL (no charge beyond the function) and behind an
ALB (its hours and LCUs, Lambda targets: 0.4 GB of processed bytes an hour per LCU) is priced
too, with what each gives up. Where the workload does not pin `execution.architecture`, each
option is priced on arm64 (Graviton) as well. The option itself stays priced as the file says
(API Gateway, x86_64), so its figures do not move; the alternatives are shown beside it.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from advisor.models.catalog import PricingFile
from advisor.models.report import Alternative
from advisor.models.workload import Architecture, Entry, Platform, Workload
from advisor.money import ZERO, Item, cents
from advisor.pricing.base import Costed
from advisor.pricing.entry import alb_items, entry_items
from advisor.pricing.traffic import Demand

GIVES_UP = {
    Entry.FUNCTION_URL: (
        "Function URL",
        "API Gateway's authorisers (only IAM auth or none), throttling, usage plans and API "
        "keys, request validation and caching, custom domains and WAF on the URL itself (put "
        "CloudFront in front for a domain and WAF)",
    ),
    Entry.ALB: (
        "Application Load Balancer",
        "API Gateway's authorisers (an ALB authenticates with OIDC or Cognito), per-client "
        "throttling, usage plans and API keys, and payloads over 1 MB (the ALB's limit for "
        "Lambda targets); WAF and custom domains work on the ALB",
    ),
}
GATEWAYS = (Entry.API_GATEWAY_HTTP, Entry.API_GATEWAY_REST)
LAMBDA_PLATFORMS = (Platform.LAMBDA, Platform.LAMBDA_MANAGED_INSTANCES)
GRAVITON = (
    "Graviton (arm64)",
    "x86-only native dependencies, agents and container images: everything the function or "
    "task runs must be built for arm64",
)


def _total(items: list[Item]) -> Decimal:
    return sum([item.cost for item in items], ZERO)


def door_alternatives(
    costed: Costed, workload: Workload, demand: Demand, rates_door: Callable[[Entry], list[Item]]
) -> list[Alternative]:
    """A Lambda option behind API Gateway, behind a function URL and an ALB instead
    (`rates_door(entry)`: the line items of a door in front of Lambda)."""
    if costed.platform not in LAMBDA_PLATFORMS or costed.entry not in GATEWAYS:
        return []
    without = costed.total - _total(rates_door(costed.entry))
    found = []
    for entry in (Entry.FUNCTION_URL, Entry.ALB):
        label, gives_up = GIVES_UP[entry]
        total = without + _total(rates_door(entry))
        found.append(
            Alternative(
                change="entry",
                to=entry.value,
                label=label,
                monthly_cost=cents(total),
                saving=cents(costed.total - total),
                gives_up=gives_up,
            )
        )
    return found


def lambda_door(
    workload: Workload, demand: Demand, rates: PricingFile
) -> Callable[[Entry], list[Item]]:
    """The line items of each door in front of Lambda, for this workload and demand."""

    def door(entry: Entry) -> list[Item]:
        if entry is Entry.ALB:
            return alb_items(Platform.LAMBDA, workload, demand, rates)
        return entry_items(entry, Platform.LAMBDA, workload, demand, rates)

    return door


def unpinned(workload: Workload) -> bool:
    """Whether the workload leaves its architecture open (priced as x86_64, arm64 shown)."""
    return workload.execution.architecture is None


def on_graviton(workload: Workload) -> Workload:
    """The workload pinned to arm64."""
    execution = workload.execution.model_copy(update={"architecture": Architecture.ARM64})
    return workload.model_copy(update={"execution": execution})


def graviton_alternative(costed: Costed, arm: Costed | None) -> list[Alternative]:
    """The option on arm64 (`arm`: the same option priced on Graviton; None where it could not
    be)."""
    if arm is None:
        return []
    label, gives_up = GRAVITON
    total = arm.total
    return [
        Alternative(
            change="architecture",
            to="arm64",
            label=label,
            monthly_cost=cents(total),
            saving=cents(costed.total - total),
            gives_up=gives_up,
        )
    ]
