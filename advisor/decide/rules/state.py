"""State and connections: what Lambda's short-lived environments cannot keep."""

from __future__ import annotations

from advisor.decide.rules.base import Context, Hit, rule
from advisor.models.report import Severity
from advisor.numerals import number, significant, things
from advisor.pricing.coldstart import ENVIRONMENT_LIFETIME_H


@rule("ADV301", "in-memory-state", decides=True)
def in_memory_state(ctx: Context) -> list[Hit]:
    """In-memory state does not survive between Lambda invocations.

    Fires when `requirements.stateful` is true and `requirements.external_state` is not: each
    invocation may land on a new environment, and environments are frozen or recycled at any
    time, so sessions, caches and WebSocket connection state held in process memory are lost.
    Move the state to DynamoDB, ElastiCache or S3 (then set `external_state: true`, and price the
    store separately), or run on containers.
    """
    requirements = ctx.workload.requirements
    if not requirements.stateful or requirements.external_state:
        return []
    peak = ctx.demand.peak_rps * ctx.workload.execution.duration_ms / 1000
    environments = things(max(1.0, peak), "Lambda environment")
    message = (
        f"Keeps state in memory between requests; at peak {environments} "
        "would each hold their own copy, lost whenever one is recycled (about every "
        f"{significant(ENVIRONMENT_LIFETIME_H)} h). Set requirements.external_state: true once "
        "it lives in DynamoDB or Redis."
    )
    return [Hit("ADV301", Severity.ERROR, message, key) for key in ctx.lambda_keys()]


@rule("ADV302", "persistent-connections", decides=True)
def persistent_connections(ctx: Context) -> list[Hit]:
    """Lambda cannot hold a connection open; API Gateway WebSocket APIs hold it instead.

    Fires when `requirements.persistent_connections` is true. The Lambda options are priced
    behind an API Gateway WebSocket API (messages plus connection minutes for
    `traffic.concurrent_connections`); containers hold the connections themselves behind an ALB.
    """
    if not ctx.workload.requirements.persistent_connections:
        return []
    connections = ctx.workload.traffic.concurrent_connections
    held = f"{number(connections)} connections" if connections else "the connections"
    message = (
        f"API Gateway WebSocket holds {held} for Lambda and bills connection minutes; "
        "each message is one invocation."
    )
    return [
        Hit("ADV302", Severity.WARNING, message, k) for k in ctx.lambda_keys() if k in ctx.options
    ]
