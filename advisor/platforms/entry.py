"""The front door: API Gateway (HTTP, REST, WebSocket), ALB, function URL, and the NAT gateway."""

from __future__ import annotations

from advisor.models.catalog import PricingFile
from advisor.models.workload import HOURS_PER_MONTH, Entry, Pattern, Platform, Workload
from advisor.money import Item, dec, flat_item, tiered_items
from advisor.traffic import Demand

KB_PER_GB = 1024 * 1024
LCU_NEW_CONNECTIONS_PER_S = 25
LCU_ACTIVE_CONNECTIONS = 3000
LCU_GB_PER_HOUR = {Platform.LAMBDA: 0.4, Platform.FARGATE: 1.0, Platform.EC2: 1.0}
"""Processed bytes in one LCU-hour: Lambda targets, and instance or IP targets (EC2, Fargate),
which are billed alike (so their doors are priced once)."""


def entry_for(platform: Platform, workload: Workload) -> Entry:
    """The entry each platform sits behind: the file's choice where it fits, else the default."""
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


def entry_items(
    entry: Entry, platform: Platform, workload: Workload, demand: Demand, rates: PricingFile
) -> list[Item]:
    """Line items of the entry in front of one platform."""
    requests = dec(demand.monthly_requests)
    gateway = rates.api_gateway
    if entry is Entry.API_GATEWAY_HTTP:
        return tiered_items("API Gateway HTTP API requests", requests, gateway.http)
    if entry is Entry.API_GATEWAY_REST:
        return tiered_items("API Gateway REST API requests", requests, gateway.rest)
    if entry is Entry.API_GATEWAY_WEBSOCKET:
        connections = workload.traffic.concurrent_connections or max(
            1.0, demand.average_rps * workload.execution.duration_ms / 1000
        )
        minutes = dec(connections * HOURS_PER_MONTH * 60)
        return [
            *tiered_items("API Gateway WebSocket messages", requests, gateway.websocket_messages),
            flat_item(
                "API Gateway WebSocket connection minutes",
                minutes,
                gateway.websocket_connection_minutes,
            ),
        ]
    if entry is Entry.ALB:
        return alb_items(platform, workload, demand, rates)
    return []


def alb_items(
    platform: Platform, workload: Workload, demand: Demand, rates: PricingFile
) -> list[Item]:
    """ALB hours plus LCU-hours: each hour bills the largest of its LCU dimensions."""
    traffic = workload.traffic
    kb_per_request = traffic.request_kb + traffic.response_kb
    per_connection = traffic.requests_per_connection
    active = (
        (traffic.concurrent_connections or 0.0)
        if workload.requirements.persistent_connections
        else 0.0
    )
    active_lcus = active / LCU_ACTIVE_CONNECTIONS
    gb_per_lcu = LCU_GB_PER_HOUR[platform]
    lcu_hours = 0.0
    for hours, rps, _ in demand.buckets:  # what does not change from hour to hour, read once
        new_connections = rps / per_connection
        gb_per_hour = rps * 3600 * kb_per_request / KB_PER_GB
        lcus = max(
            new_connections / LCU_NEW_CONNECTIONS_PER_S,
            active_lcus,
            gb_per_hour / gb_per_lcu,
        )
        lcu_hours += lcus * hours
    return [
        flat_item("Load balancer hours", dec(HOURS_PER_MONTH), rates.alb.hour),
        flat_item("Load balancer capacity units", dec(round(lcu_hours, 4)), rates.alb.lcu_hour),
    ]


def nat_items(workload: Workload, rates: PricingFile) -> list[Item]:
    """A NAT gateway's hours and processed data, when the file declares one."""
    if not workload.network.nat_gateway:
        return []
    return [
        flat_item("NAT gateway hours", dec(HOURS_PER_MONTH), rates.nat.hour),
        flat_item(
            "NAT gateway data processed", dec(workload.network.nat_gb_per_month), rates.nat.gb
        ),
    ]
