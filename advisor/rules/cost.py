"""The cost decision and the break-even: applied by the engine, documented here."""

from __future__ import annotations

from advisor.rules.base import Context, Hit, rule


@rule("ADV501", "cost")
def cost_decision(ctx: Context) -> list[Hit]:
    """Recommend the cheapest option that passes every rule, unless the call is close.

    Among the options no rule ruled out, the cheapest wins. When the runner-up costs at most
    `decision.margin_percent` (default 10 %) or `decision.margin_usd` (default $5) a month more,
    the call is close and operational simplicity decides: Lambda on demand, then Lambda with
    provisioned concurrency, then Fargate, then EC2 (fewer things to patch, scale and watch).
    The reason states the saving against the runner-up.
    """
    return []


@rule("ADV503", "self-managed-margin", favours=("lambda", "fargate"))
def self_managed_margin(ctx: Context) -> list[Hit]:
    """Run servers yourself only when it pays: EC2 must beat the managed options by a margin.

    EC2 means patching, scaling and replacing instances yourself; a small saving does not pay
    for that work. When EC2 is the cheapest feasible option but saves less than
    `decision.self_managed_margin_percent` (default 20 %) of the cheapest managed option's cost,
    or less than `decision.self_managed_margin_usd` (default $50) a month, the managed option is
    recommended and the reason says what EC2 would have saved. EC2 must also clear the margin at
    two thirds and one and a half times today's traffic: whole instances pack better at some
    volumes than others, and a saving that comes and goes with small changes in traffic is no
    reason to run servers, nor should the verdict flip back and forth as traffic moves.
    """
    return []


@rule("ADV502", "break-even")
def break_even(ctx: Context) -> list[Hit]:
    """How far traffic must move, at the same shape, for the cheapest option to change.

    The engine prices every feasible option at 49 multiples of today's monthly requests, eight
    a decade from 0.001x to 1000x, in one vectorised pass (`advisor.curves`), walks out from
    today's traffic to the first multiple where another option is cheapest, and samples 57
    points inside that step to narrow the change to within 0.5 %. The reason names the first
    change below and above today's volume (a change that starts and ends within one step of the
    grid, 33 %, can be missed) as "X becomes cheaper than Y above (or below) N requests a
    month", and the report adds each option's cost to the cent, from its line items, at 0.1x,
    1x, 10x and 100x.
    """
    return []
