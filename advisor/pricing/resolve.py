"""A workload made ready to price: its region's pricing file, its demand, and a located error
for a value the catalog does not know (a region, a runtime, an instance type)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from advisor.errors import InputError
from advisor.input.loading import SourceMap
from advisor.models.catalog import PricingFile
from advisor.models.runtimes import INIT_MS
from advisor.models.workload import Entry, Workload
from advisor.pricing.catalog import Catalog
from advisor.pricing.coldstart import SNAPSTART_RUNTIMES
from advisor.pricing.traffic import Demand, demand_from


def resolve_pricing(workload: Workload, catalog: Catalog, source: SourceMap) -> PricingFile:
    """The workload's pricing file, and a located error for a value the catalog does not know."""
    try:
        rates = catalog.for_region(workload.region)
    except KeyError:
        known = catalog.regions
        close = difflib.get_close_matches(workload.region, known, n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        raise InputError(
            f"no pricing file for region '{workload.region}'; {hint}known: {', '.join(known)}",
            source.locate(("region",)),
        ) from None
    execution = workload.execution
    if execution.init_ms is None and execution.runtime not in INIT_MS:
        close = difflib.get_close_matches(execution.runtime, list(INIT_MS), n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        raise InputError(
            f"unknown runtime '{execution.runtime}'; {hint}or set execution.init_ms "
            f"(known: {', '.join(INIT_MS)})",
            source.locate(("execution", "runtime")),
        )
    runtime = execution.runtime
    if workload.lambda_.snapstart and (
        not runtime.startswith(SNAPSTART_RUNTIMES) or runtime.endswith("-aot")
    ):
        raise InputError(
            f"SnapStart supports Java, Python and .NET managed runtimes, not "
            f"'{execution.runtime}'; remove lambda.snapstart or change execution.runtime",
            source.locate(("lambda", "snapstart")),
        )
    if workload.entry is Entry.QUEUE and rates.sqs is None:
        raise InputError(
            f"the {rates.region} pricing file has no SQS rates (its optional sqs section), so "
            "a queue in front cannot be priced there",
            source.locate(("entry",)),
        )
    pinned = workload.ec2.instance_type
    if pinned is not None and pinned not in rates.ec2.instances:
        raise InputError(
            f"instance type '{pinned}' does not exist or is not sold in {rates.region} (not in "
            f"its pricing file){nearest_types(pinned, rates)}",
            source.locate(("ec2", "instance_type")),
        )
    return rates


SIZE_VCPU = {"nano": 2, "micro": 2, "small": 2, "medium": 1, "large": 2, "xlarge": 4}
"""vCPUs of the common sizes; `Nxlarge` is N x 4 (a c5.8xlarge would be 32)."""


def nearest_types(name: str, rates: PricingFile) -> str:
    """`; nearest: ...`: the family's types just below and above the size asked for (a
    c5.8xlarge, which AWS does not make, is between the c5.4xlarge and the c5.9xlarge), or
    the closest names when the family is not in the pricing file."""
    family, _, size = name.partition(".")
    vcpu = SIZE_VCPU.get(size)
    if vcpu is None and size.endswith("xlarge") and size[:-6].isdigit():
        vcpu = int(size[:-6]) * 4
    kin = sorted(
        (float(i.vcpu), n, i) for n, i in rates.ec2.instances.items() if n.startswith(family + ".")
    )
    if kin and vcpu is not None:
        below = [k for k in kin if k[0] < vcpu][-1:]
        above = [k for k in kin if k[0] >= vcpu][:1]
        chosen = below + above
        return "; nearest: " + ", ".join(
            f"{n} ({i.vcpu:g} vCPU, {i.memory_gib:g} GiB)" for _, n, i in chosen
        )
    close = difflib.get_close_matches(name, list(rates.ec2.instances), n=1)
    return f"; did you mean '{close[0]}'?" if close else ""


@dataclass(frozen=True)
class Case:
    """A workload ready to be judged: where it came from, its pricing file and its demand."""

    workload: Workload
    source: SourceMap
    rates: PricingFile
    demand: Demand

    @property
    def sizing(self) -> tuple[Workload, Demand, PricingFile]:
        """What its containers are sized from (`size_containers`)."""
        return self.workload, self.demand, self.rates


def prepare(workload: Workload, catalog: Catalog, source: SourceMap) -> Case:
    """A workload with its pricing file (a located error for a value the catalog does not
    know) and its demand."""
    rates = resolve_pricing(workload, catalog, source)
    return Case(workload, source, rates, demand_from(workload.traffic))
