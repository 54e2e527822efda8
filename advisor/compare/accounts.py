"""One bill per account: what AWS applies per account, applied once to a batch's totals.

AWS gives each account (and region) one Lambda free tier, one set of Lambda duration tiers, one
set of Lambda log tiers, and one free 100 GB and set of tiers for data sent out to the internet.
A report prices a workload on its own, as if it had an account to itself; `compare` and `check`
keep that standalone figure on each row, and bill the batch's total per account: the total is
the rows' sum, less what their pooled charges cost apart, plus what they cost together.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from advisor.decide.engine import Verdict
from advisor.input.documents import SystemDocument
from advisor.models.catalog import PricingFile
from advisor.models.comparison import AccountUse
from advisor.models.workload import Platform
from advisor.money import ZERO, cents, dec
from advisor.pricing.aws_lambda import (
    NO_ALLOWANCE,
    Allowance,
    batched,
    lambda_use,
    pooled_charges,
    provisioned_for,
)
from advisor.pricing.charges import EXACT, Charge, line_items
from advisor.pricing.entry import INTERNET_FACING, transfer_charges, transfer_gb
from advisor.pricing.logs import log_charges, log_gb
from advisor.pricing.options import BY_KEY

DEFAULT_ACCOUNT = ""
"""The account of a file that names none: the batch's one account."""


def use_of(verdict: Verdict, key: str) -> AccountUse:
    """What a workload's recommended option (`key`) bills per account, at today's traffic."""
    workload, demand = verdict.workload, verdict.demand
    costed = verdict.priced.options[key]
    sent = ZERO
    if costed.entry in INTERNET_FACING and verdict.rates.data_transfer is not None:
        sent = dec(transfer_gb(workload.traffic, demand.monthly_requests))
    platform = BY_KEY[key].platform
    use = AccountUse(region=workload.region, account=workload.account, transfer_gb=sent)
    if platform not in (Platform.LAMBDA, Platform.LAMBDA_MANAGED_INSTANCES):
        return alone(use, verdict.rates)
    invoked, invocations = batched(workload, demand)
    logged = log_gb(
        demand.monthly_requests,
        workload.logs.kb_per_request,
        lambda_=True,
        invocations=invocations.monthly_requests,
    )
    use = use.model_copy(update={"log_gb": dec(logged)})
    if platform is Platform.LAMBDA_MANAGED_INSTANCES:  # its logs; no Lambda free tier or tiers
        return alone(use, verdict.rates)
    settings = workload.lambda_
    if key == "lambda:provisioned":
        warm = provisioned_for(invocations, invoked.execution)
        settings = settings.model_copy(
            update={"provisioned_concurrency": warm, "provisioned_hours": 730.0}
        )
    cold = verdict.priced.cold_starts[key]
    used = lambda_use(invocations, invoked.execution, settings, cold)
    gb_seconds = used.on_demand_gb_seconds + used.init_gb_seconds
    on_demand = used.requests - used.warm_requests
    use = use.model_copy(
        update={
            "requests": used.requests,
            "gb_seconds": {workload.execution.arch.value: gb_seconds},
            "free_requests": on_demand if settings.free_tier else ZERO,
            "free_gb_seconds": gb_seconds if settings.free_tier else ZERO,
        }
    )
    return alone(use, verdict.rates)


def system_use(
    document: SystemDocument, assignment: dict[str, str], rates: PricingFile
) -> AccountUse:
    """What a system's design (`assignment`: service to option key) bills per account, all its
    services together in the system's account (its free tier when the system asks for it)."""
    from advisor.pricing.coldstart import lambda_cold_starts
    from advisor.pricing.entry import entry_for
    from advisor.pricing.traffic import demand_from

    merged = AccountUse(region=document.system.region, account=document.system.account)
    requests = free_requests = free_gb_seconds = logged = sent = ZERO
    by_arch: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for service in document.services:
        workload = service.workload
        key = assignment[workload.name]
        demand = demand_from(workload.traffic)
        platform = BY_KEY[key].platform
        if entry_for(platform, workload) in INTERNET_FACING:
            sent += dec(transfer_gb(workload.traffic, demand.monthly_requests))
        if platform is not Platform.LAMBDA:
            # Lambda Managed Instances' logs stay in their service's own figure (as the
            # system prices them), so they are not pooled here
            continue
        invoked, invocations = batched(workload, demand)
        settings = workload.lambda_
        if key == "lambda:provisioned":
            warm = provisioned_for(invocations, invoked.execution)
            settings = settings.model_copy(
                update={"provisioned_concurrency": warm, "provisioned_hours": 730.0}
            )
        cold = lambda_cold_starts(invoked, invocations, settings.provisioned_concurrency)
        used = lambda_use(invocations, invoked.execution, settings, cold)
        gb_seconds = used.on_demand_gb_seconds + used.init_gb_seconds
        requests += used.requests
        by_arch[workload.execution.arch.value] += gb_seconds
        if settings.provisioned_concurrency == 0:
            free_requests += used.requests
            free_gb_seconds += gb_seconds
        logged += dec(
            log_gb(
                demand.monthly_requests,
                workload.logs.kb_per_request,
                lambda_=True,
                invocations=invocations.monthly_requests,
            )
        )
    free = document.system.lambda_.free_tier
    merged = merged.model_copy(
        update={
            "requests": requests,
            "gb_seconds": dict(by_arch),
            "free_requests": free_requests if free else ZERO,
            "free_gb_seconds": free_gb_seconds if free else ZERO,
            "log_gb": logged,
            "transfer_gb": sent,
        }
    )
    return alone(merged, rates)


def alone(use: AccountUse, rates: PricingFile) -> AccountUse:
    """The use with what it costs in an account of its own."""
    return use.model_copy(update={"alone": pooled_cost([use], rates)})


def pooled_cost(uses: list[AccountUse], rates: PricingFile) -> Decimal:
    """What the per-account charges of these uses cost in one account: Lambda's requests and
    duration (free tier once, for the functions that ask for it), Lambda's logs, data sent out."""
    charges: list[Charge[Decimal]] = []
    requests = sum((u.requests for u in uses), ZERO)
    by_arch: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for use in uses:
        for arch, gb_seconds in use.gb_seconds.items():
            by_arch[arch] += gb_seconds
    if by_arch:
        free = rates.lambda_.free_tier
        allowance = NO_ALLOWANCE
        if any(u.free_requests or u.free_gb_seconds for u in uses):
            allowance = Allowance(
                min(free.requests, sum((u.free_requests for u in uses), ZERO)),
                min(free.gb_seconds, sum((u.free_gb_seconds for u in uses), ZERO)),
            )
        charges += pooled_charges(requests, dict(by_arch), rates.lambda_, allowance, EXACT)
        charges += log_charges(sum((u.log_gb for u in uses), ZERO), rates, vended=True)
    sent = sum((u.transfer_gb for u in uses), ZERO)
    if sent and rates.data_transfer is not None:
        charges += transfer_charges(sent, rates, rates.data_transfer.free_gb)
    return sum((item.cost for item in line_items(charges)), ZERO)


def pooling_correction(
    uses: Iterable[AccountUse], rates_of: dict[str, PricingFile]
) -> tuple[Decimal, int]:
    """What billing per account changes in a batch's total, to the cent (positive: free tiers
    used once, not by every file; negative: volume tiers reached together), and how many
    accounts the batch spans. `rates_of` gives each region's pricing file."""
    by_account: dict[tuple[str, str], list[AccountUse]] = defaultdict(list)
    for use in uses:
        by_account[(use.account or DEFAULT_ACCOUNT, use.region)].append(use)
    change = ZERO
    for (_, region), members in by_account.items():
        if len(members) < 2:
            continue
        rates = rates_of[region]
        together = pooled_cost(members, rates)
        apart = sum((m.alone for m in members), ZERO)
        change += together - apart
    accounts = len({account for account, _ in by_account})
    return cents(change), accounts
