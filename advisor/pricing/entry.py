"""The front door: API Gateway (HTTP, REST, WebSocket), ALB, function URL, an SQS queue, the
NAT gateway, and the data that goes out through them to the internet, each declared once as
charges."""

from __future__ import annotations

import math
import operator
from decimal import Decimal

import numpy as np

from advisor.models.catalog import PricingFile
from advisor.models.workload import HOURS_PER_MONTH, Entry, Pattern, Platform, Traffic, Workload
from advisor.money import Item, dec
from advisor.pricing.charges import Charge, Floats, N, line_items
from advisor.pricing.traffic import Demand

MONTH_HOURS = Decimal(HOURS_PER_MONTH)

KB_PER_GB = 1024 * 1024
HTTP_API_METER_KB = 512
"""HTTP APIs count one request per 512 KB of request payload."""
WEBSOCKET_METER_KB = 32
"""WebSocket APIs count one message per 32 KB, in each direction."""
NLCU_NEW_CONNECTIONS_PER_S = 800
NLCU_GB_PER_HOUR = 1.0
"""An NLB's capacity unit (TCP): 800 new connections a second, or 1 GB processed an hour."""
SQS_CHUNK_KB = 64
"""SQS bills one request per 64 KB chunk of a payload."""
SQS_BATCH = 10
"""The most messages one receive (or batch delete) takes: Lambda's pollers and a worker's
receive loop alike."""
LCU_NEW_CONNECTIONS_PER_S = 25
LCU_ACTIVE_CONNECTIONS = 3000
LCU_GB_PER_HOUR = {
    Platform.LAMBDA: 0.4,
    Platform.LAMBDA_MANAGED_INSTANCES: 0.4,
    Platform.FARGATE: 1.0,
    Platform.EC2: 1.0,
}
"""Processed bytes in one LCU-hour: Lambda targets, and instance or IP targets (EC2, Fargate),
which are billed alike (so their doors are priced once)."""


INTERNET_FACING = frozenset(
    {
        Entry.API_GATEWAY_HTTP,
        Entry.API_GATEWAY_REST,
        Entry.API_GATEWAY_WEBSOCKET,
        Entry.ALB,
        Entry.FUNCTION_URL,
    }
)
"""Entries whose responses go out to the internet (`none`: jobs and events, nothing goes out)."""


def entry_for(platform: Platform, workload: Workload) -> Entry:
    """The entry each platform sits behind: the file's choice where it fits, else the default
    (Lambda Managed Instances are invoked as any Lambda function is: Lambda's doors)."""
    if platform is Platform.LAMBDA_MANAGED_INSTANCES:
        platform = Platform.LAMBDA
    if platform is Platform.LAMBDA and workload.requirements.persistent_connections:
        return Entry.API_GATEWAY_WEBSOCKET
    chosen = workload.entry
    if chosen is None:
        if workload.traffic.pattern is Pattern.SCHEDULED:
            return Entry.NONE
        return Entry.API_GATEWAY_HTTP if platform is Platform.LAMBDA else Entry.ALB
    if platform is not Platform.LAMBDA and chosen is Entry.FUNCTION_URL:
        return Entry.ALB
    if platform is not Platform.LAMBDA and chosen is Entry.API_GATEWAY_WEBSOCKET:
        return Entry.ALB
    return chosen


def gateway_charges(entry: Entry, requests: N, rates: PricingFile) -> list[Charge[N]]:
    """An HTTP or REST API's requests, through its volume tiers."""
    if entry is Entry.API_GATEWAY_HTTP:
        return [
            Charge("API Gateway HTTP API requests", requests, rates.api_gateway.http, banded=True)
        ]
    return [Charge("API Gateway REST API requests", requests, rates.api_gateway.rest, banded=True)]


def websocket_charges(messages: N, connection_minutes: N, rates: PricingFile) -> list[Charge[N]]:
    """A WebSocket API's messages, through their tiers, and its connection minutes."""
    gateway = rates.api_gateway
    return [
        Charge("API Gateway WebSocket messages", messages, gateway.websocket_messages, banded=True),
        Charge(
            "API Gateway WebSocket connection minutes",
            connection_minutes,
            gateway.websocket_connection_minutes,
        ),
    ]


def alb_charges(hours: N, lcu_hours: N, rates: PricingFile) -> list[Charge[N]]:
    """An ALB's hours and LCU-hours, and the public IPv4 addresses it holds."""
    # an internet-facing ALB holds a public address per Availability Zone, at least two
    address_hours = hours * 2
    return [
        Charge("Load balancer hours", hours, rates.alb.hour),
        Charge("Load balancer capacity units", lcu_hours, rates.alb.lcu_hour),
    ] + ipv4_charges("Public IPv4 addresses of the ALB", address_hours, rates)


def queue_charges(requests: N, fifo: bool, free: N | None, rates: PricingFile) -> list[Charge[N]]:
    """An SQS queue's requests (sends, receives and deletes), through its volume tiers, less
    the account's free million when the file asks for it."""
    sqs = rates.sqs
    assert sqs is not None, "resolve_pricing refuses a queue where the file has no SQS rates"
    rate = sqs.fifo if fifo else sqs.standard
    name = "SQS FIFO requests" if fifo else "SQS requests"
    return [Charge(name, requests, rate, free=free, banded=True)]


def queue_units(traffic: Traffic) -> float:
    """SQS requests one message costs: a send per 64 KB chunk of it, and its share of a
    receive of ten messages (billed per 64 KB chunk of the batch) and of a batch delete."""
    return sqs_units(traffic.request_kb)


def sqs_units(kb: float) -> float:
    """SQS requests one message of `kb` costs (see `queue_units`)."""
    send = max(1, math.ceil(kb / SQS_CHUNK_KB - 1e-9))
    receive = max(1, math.ceil(SQS_BATCH * kb / SQS_CHUNK_KB - 1e-9))
    return send + (receive + 1) / SQS_BATCH


def nat_charges(hours: N, gb: N, rates: PricingFile) -> list[Charge[N]]:
    """A NAT gateway's hours, the data it processes, and its public IPv4 address."""
    return [
        Charge("NAT gateway hours", hours, rates.nat.hour),
        Charge("NAT gateway data processed", gb, rates.nat.gb),
    ] + ipv4_charges("Public IPv4 address of the NAT gateway", hours, rates)


def nlb_charges(hours: N, nlcu_hours: N, rates: PricingFile) -> list[Charge[N]]:
    """The NLB a REST API's VPC link reaches containers through: its hours and NLCU-hours (the
    VPC link itself costs nothing); none where the pricing file has no nlb section."""
    if rates.nlb is None:
        return []
    return [
        Charge("Network load balancer hours (VPC link)", hours, rates.nlb.hour),
        Charge("Network load balancer capacity units", nlcu_hours, rates.nlb.nlcu_hour),
    ]


def ipv4_charges(name: str, address_hours: N, rates: PricingFile) -> list[Charge[N]]:
    """Public IPv4 address-hours ($0.005 each in us-east-1, in use or idle); none where the
    pricing file has no public_ipv4 section."""
    if rates.public_ipv4 is None:
        return []
    return [Charge(name, address_hours, rates.public_ipv4.address_hour)]


def transfer_charges(gb: N, rates: PricingFile, free: N | None = None) -> list[Charge[N]]:
    """Data transfer out to the internet through its volume tiers, after `free` GB (the
    account's free 100 GB a month, for a workload priced alone); none where the pricing file
    has no data_transfer section."""
    if rates.data_transfer is None:
        return []
    return [
        Charge(
            "Data transfer out to the internet",
            gb,
            rates.data_transfer.out_to_internet,
            free=free,
            banded=True,
        )
    ]


def transfer_gb(traffic: Traffic, requests: float) -> float:
    """GB sent out to the internet: every request's response (1 GB = 1,048,576 KB)."""
    return requests * traffic.response_kb / KB_PER_GB


def transfer_items(
    entry: Entry, workload: Workload, demand: Demand, rates: PricingFile
) -> list[Item]:
    """Data transfer out through an internet-facing entry, for a workload priced alone (the
    account's free GB its own)."""
    if entry not in INTERNET_FACING or rates.data_transfer is None:
        return []
    gb = dec(transfer_gb(workload.traffic, demand.monthly_requests))
    return line_items(transfer_charges(gb, rates, rates.data_transfer.free_gb))


def http_units(traffic: Traffic) -> int:
    """Requests an HTTP API bills for one request: one per 512 KB of its payload."""
    return max(1, math.ceil(traffic.request_kb / HTTP_API_METER_KB - 1e-9))


def websocket_units(traffic: Traffic) -> float:
    """Messages a WebSocket API bills for one it receives: one per 32 KB of it, and of each
    message the API sends back."""
    received = max(1, math.ceil(traffic.request_kb / WEBSOCKET_METER_KB - 1e-9))
    sent = max(1, math.ceil(traffic.response_kb / WEBSOCKET_METER_KB - 1e-9))
    return received + traffic.messages_sent_per_received * sent


def metered(entry: Entry, traffic: Traffic) -> float:
    """What an API Gateway bills for one request through `entry`: HTTP APIs per 512 KB,
    WebSocket messages per 32 KB both ways, REST APIs one each; a queue, SQS requests."""
    if entry is Entry.QUEUE:
        return queue_units(traffic)
    if entry is Entry.API_GATEWAY_HTTP:
        return http_units(traffic)
    if entry is Entry.API_GATEWAY_WEBSOCKET:
        return websocket_units(traffic)
    return 1


def entry_items(
    entry: Entry, platform: Platform, workload: Workload, demand: Demand, rates: PricingFile
) -> list[Item]:
    """Line items of the entry in front of one platform."""
    requests = dec(demand.monthly_requests) * dec(metered(entry, workload.traffic))
    if entry is Entry.API_GATEWAY_REST and platform is not Platform.LAMBDA:
        return line_items(gateway_charges(entry, requests, rates)) + nlb_items(
            workload, demand, rates
        )
    if entry in (Entry.API_GATEWAY_HTTP, Entry.API_GATEWAY_REST):
        return line_items(gateway_charges(entry, requests, rates))
    if entry is Entry.API_GATEWAY_WEBSOCKET:
        connections = workload.traffic.concurrent_connections or max(
            1.0, demand.average_rps * workload.execution.duration_ms / 1000
        )
        minutes = dec(connections * HOURS_PER_MONTH * 60)
        return line_items(websocket_charges(requests, minutes, rates))
    if entry is Entry.QUEUE:
        free = queue_free(workload, rates)
        return line_items(queue_charges(requests, workload.queue.fifo, free, rates))
    if entry is Entry.ALB:
        return alb_items(platform, workload, demand, rates)
    return []


def queue_free(workload: Workload, rates: PricingFile) -> Decimal | None:
    """The free SQS requests a workload priced alone may use (when its file asks for them)."""
    if not workload.queue.free_tier or rates.sqs is None:
        return None
    return rates.sqs.free_requests


def alb_items(
    platform: Platform, workload: Workload, demand: Demand, rates: PricingFile
) -> list[Item]:
    """ALB hours plus LCU-hours: each hour bills the largest of its LCU dimensions."""
    per_rps, floor = lcu_figures(platform, workload)
    rps = np.array([bucket.rps for bucket in demand.buckets])
    hours = [bucket.hours for bucket in demand.buckets]
    held = lcus(rps, per_rps, floor).tolist()
    lcu_hours = sum(map(operator.mul, held, hours))
    return line_items(alb_charges(MONTH_HOURS, dec(round(lcu_hours, 4)), rates))


def nlb_items(workload: Workload, demand: Demand, rates: PricingFile) -> list[Item]:
    """NLB hours plus NLCU-hours: each hour bills the larger of new connections and bytes."""
    rps = np.array([bucket.rps for bucket in demand.buckets])
    hours = [bucket.hours for bucket in demand.buckets]
    held = lcus(rps, nlcu_per_rps(workload), 0.0).tolist()
    nlcu_hours = sum(map(operator.mul, held, hours))
    return line_items(nlb_charges(MONTH_HOURS, dec(round(nlcu_hours, 4)), rates))


def nlcu_per_rps(workload: Workload) -> float:
    """NLCUs per request a second: the larger of new connections and processed bytes."""
    traffic = workload.traffic
    kb_per_request = traffic.request_kb + traffic.response_kb
    return max(
        1 / traffic.requests_per_connection / NLCU_NEW_CONNECTIONS_PER_S,
        3600 * kb_per_request / KB_PER_GB / NLCU_GB_PER_HOUR,
    )


def lcu_figures(platform: Platform, workload: Workload) -> tuple[float, float]:
    """LCUs per request a second (the larger of new connections and processed bytes: both grow
    with traffic), and the floor active connections hold (they do not)."""
    traffic = workload.traffic
    kb_per_request = traffic.request_kb + traffic.response_kb
    per_rps = max(
        1 / traffic.requests_per_connection / LCU_NEW_CONNECTIONS_PER_S,
        3600 * kb_per_request / KB_PER_GB / LCU_GB_PER_HOUR[platform],
    )
    active = traffic.concurrent_connections or 0.0
    persistent = workload.requirements.persistent_connections
    return per_rps, active / LCU_ACTIVE_CONNECTIONS if persistent else 0.0


def lcus(rps: Floats, per_rps: Floats | float, floor: Floats | float) -> Floats:
    """LCUs billed in hours with these request rates (everything broadcasts)."""
    held: Floats = np.maximum(rps * per_rps, floor)
    return held


def nat_items(workload: Workload, rates: PricingFile) -> list[Item]:
    """A NAT gateway's hours and processed data, when the file declares one."""
    if not workload.network.nat_gateway:
        return []
    return line_items(nat_charges(MONTH_HOURS, dec(workload.network.nat_gb_per_month), rates))
