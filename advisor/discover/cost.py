"""Today's monthly cost at list price, for the `current:` block: a function priced by advisor's
own Lambda model (the same figure `recommend` shows for its Lambda option, front door included),
a Fargate service as its running tasks around the clock. EC2 launch types are left unknown: the
cluster's instances are shared and not read."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from advisor.models.workload import HOURS_PER_MONTH

if TYPE_CHECKING:
    from advisor.models.workload import Workload
    from advisor.pricing.catalog import Catalog

CENT = Decimal("0.01")


def lambda_cost(workload: Workload, catalog: Catalog) -> Decimal | None:
    """The Lambda option's monthly cost for the workload as discovered; None when it cannot be
    priced (no pricing file for the region, say)."""
    from advisor.decide.engine import judge
    from advisor.errors import AdvisorError
    from advisor.input.loading import SourceMap

    try:
        verdict = judge(workload, catalog, SourceMap(Path(workload.name)), detail=False)
    except (AdvisorError, KeyError):
        return None
    for option in verdict.options:
        if option.key == "lambda":
            return option.monthly_cost.quantize(CENT)
    return None


def fargate_cost(
    region: str, architecture: str, vcpu: float, memory_gb: float, tasks: int, catalog: Catalog
) -> Decimal | None:
    """`tasks` Fargate tasks of `vcpu` and `memory_gb` for 730 hours at the first band's rates
    (Fargate's compute rates are flat)."""
    try:
        rates = catalog.for_region(region)
    except KeyError:
        return None
    arch = rates.fargate.arm64 if architecture == "arm64" else rates.fargate.x86_64
    hourly = (
        Decimal(str(vcpu)) * arch.vcpu.bands[0].price
        + Decimal(str(memory_gb)) * arch.memory.bands[0].price
    )
    return (hourly * tasks * HOURS_PER_MONTH).quantize(CENT)
