"""The glue between services: Step Functions workflows, EventBridge events and S3 hand-offs
(an SQS queue is `entry.queue_charges`), each declared once as charges from the pricing file's
optional sections."""

from __future__ import annotations

import math
from decimal import Decimal

from advisor.models.catalog import PricingFile
from advisor.models.system import EventBusGlue, HandoffGlue, WorkflowGlue
from advisor.models.workload import SECONDS_PER_MONTH
from advisor.money import dec
from advisor.pricing.charges import Charge, N

EXPRESS_ROUNDING_MS = 100
"""Express workflows bill duration in 100 ms steps ..."""
EXPRESS_MEMORY_STEP_MB = 64
"""... at memory in 64 MB steps."""
EVENT_CHUNK_KB = 64
"""EventBridge counts one event per 64 KB chunk of a payload."""


class Unpriced(Exception):
    """The pricing file has no rates for a piece of glue (its optional section is missing)."""


def workflow_charges(
    name: str,
    executions: N,
    transitions: N,
    gb_seconds: N,
    express: bool,
    free: N | None,
    rates: PricingFile,
) -> list[Charge[N]]:
    """A Standard workflow's state transitions, or an Express one's requests and GB-seconds."""
    sfn = rates.step_functions
    if sfn is None:
        raise Unpriced("Step Functions")
    if express:
        return [
            Charge(f"{name}: Step Functions Express requests", executions, sfn.express_requests),
            Charge(
                f"{name}: Step Functions Express duration",
                gb_seconds,
                sfn.express_duration,
                banded=True,
            ),
        ]
    return [
        Charge(
            f"{name}: Step Functions state transitions",
            transitions,
            sfn.standard_transitions,
            free=free,
        )
    ]


def event_charges(name: str, events: N, rates: PricingFile) -> list[Charge[N]]:
    """Custom events put on an EventBridge bus."""
    if rates.eventbridge is None:
        raise Unpriced("EventBridge")
    return [Charge(f"{name}: EventBridge custom events", events, rates.eventbridge.custom_events)]


def handoff_charges(name: str, puts: N, gets: N, rates: PricingFile) -> list[Charge[N]]:
    """The PUTs and GETs of objects handed from one step to the next through S3."""
    if rates.s3 is None:
        raise Unpriced("S3 requests")
    return [
        Charge(f"{name}: S3 PUT requests", puts, rates.s3.put),
        Charge(f"{name}: S3 GET requests", gets, rates.s3.get),
    ]


def workflow_use(flow: WorkflowGlue) -> tuple[Decimal, Decimal, Decimal]:
    """Executions, state transitions and Express GB-seconds a month."""
    if flow.transitions_per_second is not None:
        transitions = dec(flow.transitions_per_second) * SECONDS_PER_MONTH
        return Decimal(0), transitions, Decimal(0)
    assert flow.executions_per_month is not None
    executions = dec(flow.executions_per_month)
    billed_ms = math.ceil(flow.duration_ms / EXPRESS_ROUNDING_MS - 1e-9) * EXPRESS_ROUNDING_MS
    memory_mb = math.ceil(flow.memory_mb / EXPRESS_MEMORY_STEP_MB) * EXPRESS_MEMORY_STEP_MB
    gb_seconds = executions * Decimal(billed_ms) / 1000 * Decimal(memory_mb) / 1024
    return executions, executions * dec(flow.transitions_per_execution), gb_seconds


def event_count(bus: EventBusGlue) -> Decimal:
    """Events billed: one per 64 KB chunk of each."""
    chunks = max(1, math.ceil(bus.event_kb / EVENT_CHUNK_KB - 1e-9))
    return dec(bus.events_per_month) * chunks


def handoff_requests(handoff: HandoffGlue) -> tuple[Decimal, Decimal]:
    """PUTs and GETs a month."""
    puts = dec(handoff.objects_per_month)
    return puts, puts * dec(handoff.reads_per_object)
