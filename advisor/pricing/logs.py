"""CloudWatch Logs: what each option writes to its log groups, declared once as charges.

Lambda writes START, END and REPORT lines for every invocation (about 0.3 KB together) before
any line of the function's own; since May 2025 Lambda's logs are ingested at volume tiers per
account. A container's application writes its own lines only, ingested at the standard (custom
log) rate, the same on Fargate and EC2. Every GB is kept for one month (storage billed once).
"""

from __future__ import annotations

from decimal import Decimal

from advisor.models.catalog import PricingFile
from advisor.money import Item, dec
from advisor.pricing.charges import Charge, N, line_items

KB_PER_GB = 1024 * 1024
LAMBDA_PLATFORM_KB = 0.3
"""START, END and REPORT lines of one invocation, in KB."""


def log_charges(
    gb: N, rates: PricingFile, *, vended: bool, offset: N | None = None
) -> list[Charge[N]]:
    """`gb` ingested (Lambda's own delivery through its tiers when `vended`, after `offset` GB
    billed already in the account; else at the standard rate) and kept a month; none where the
    pricing file has no cloudwatch_logs section."""
    logs = rates.cloudwatch_logs
    if logs is None:
        return []
    ingestion = logs.lambda_ingestion if vended else logs.ingestion
    return [
        Charge("CloudWatch Logs ingestion", gb, ingestion, offset=offset, banded=vended),
        Charge("CloudWatch Logs storage (one month)", gb, logs.storage),
    ]


def log_gb(
    requests: float, kb_per_request: float, *, lambda_: bool, invocations: float | None = None
) -> float:
    """GB written a month: the application's lines for each request, and Lambda's three of its
    own for each invocation (`invocations`: fewer than the requests behind a queue, where one
    invocation takes a batch of messages; default one per request)."""
    kb = requests * kb_per_request
    if lambda_:
        kb += (requests if invocations is None else invocations) * LAMBDA_PLATFORM_KB
    return kb / KB_PER_GB


def log_items(
    requests: float,
    kb_per_request: float,
    rates: PricingFile,
    *,
    lambda_: bool,
    invocations: float | None = None,
) -> list[Item]:
    """Line items of one option's logs, for a workload priced alone."""
    gb: Decimal = dec(log_gb(requests, kb_per_request, lambda_=lambda_, invocations=invocations))
    return line_items(log_charges(gb, rates, vended=lambda_))
