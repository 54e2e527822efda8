"""The cost decision (ADV501, ADV503) and the break-even (ADV502): the code that recommends an
option and words where the cheapest changes, with each rule's documentation. The engine calls
`recommend` once the options are priced and judged, and `break_even_reason` once the break-even
search has run; the registered checks return nothing, as these rules act on the verdict, not on
one option."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from decimal import Decimal

from advisor import numerals
from advisor.decide.rules.base import Context, Hit, rule, supports
from advisor.models.report import BreakEvenPoint, Choice, Option, Reason, Recommendation, Severity
from advisor.models.workload import Decision, Platform
from advisor.money import cents, dec, usd
from advisor.pricing.curves import CostCurves
from advisor.pricing.options import BY_KEY, simplicity


@rule("ADV501", "cost")
def cost_decision(ctx: Context) -> list[Hit]:
    """Recommend the cheapest option that passes every rule, unless the call is close.

    Among the options no rule ruled out, the cheapest wins. When the runner-up costs at most
    `decision.margin_percent` (default 10 %) or `decision.margin_usd` (default $5) a month more,
    the call is close and operational simplicity decides: Lambda on demand; then Lambda with
    provisioned concurrency and Lambda Managed Instances (the function keeps Lambda's event
    sources and front doors, and AWS runs the instances); then Fargate, Fargate Spot, EC2 and
    EC2 Spot (images, task definitions, load balancers and scaling of your own; instances to
    patch on EC2; interruptions on Spot). The reason states the saving against the runner-up.
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
    a decade from 0.001x to 1000x, in one vectorised pass (`advisor.pricing.curves`), walks out from
    today's traffic to the first multiple where another option is cheapest, and samples 57
    points inside that step to narrow the change to within 0.5 %. The reason names the first
    change below and above today's volume (a change that starts and ends within one step of the
    grid, 33 %, can be missed) as "X becomes cheaper than Y above (or below) N requests a
    month", and the report adds each option's cost to the cent, from its line items, at 0.1x,
    1x, 10x and 100x.
    """
    return []


def _close(best: Decimal, other: Decimal, decision: Decision) -> bool:
    gap = other - best
    if gap <= _margin(decision.margin_usd):
        return True
    return best > 0 and gap / best * 100 <= _margin(decision.margin_percent)


@functools.cache
def _margin(value: float) -> Decimal:
    """A decision margin as a Decimal (a handful of values, asked for several times a
    workload)."""
    return dec(value)


def recommend(
    options: list[Option],
    workload_hits: list[Hit],
    decision: Decision,
    margin_holds_nearby: Callable[[], bool] | None = None,
) -> Recommendation | None:
    """The cheapest option no rule ruled out, unless a simpler one is within the margin, or EC2
    saves less than the margin for running servers yourself (today, or, asked of
    `margin_holds_nearby`, at a little less or more traffic)."""
    feasible = sorted((o for o in options if o.feasible), key=lambda o: o.monthly_cost)
    if not feasible:
        return None
    cheapest = feasible[0]
    close = [o for o in feasible if _close(cheapest.monthly_cost, o.monthly_cost, decision)]
    chosen = min(close, key=lambda o: (simplicity(o.key), o.monthly_cost))
    managed_instead = _managed_instead(chosen, feasible, decision, margin_holds_nearby)
    if managed_instead is not None:
        chosen = managed_instead
    others = [o for o in feasible if o is not chosen]
    runner = others[0] if others else None
    reasons = [
        Reason(rule=f.rule, message=f"{o.label} ruled out: {f.message}")
        for o in options
        for f in o.findings
        if f.severity is Severity.ERROR
    ]
    # a workload-wide finding is a reason only when it argues for the verdict; the others stay
    # the report's findings, shown beside it
    platform = chosen.platform.value
    reasons += [
        Reason(rule=h.rule, message=h.message) for h in workload_hits if supports(h, platform)
    ]
    saving = saving_percent = None
    close_call = False
    if runner is None:
        reasons.append(
            Reason(
                rule="ADV501",
                message=f"{chosen.label} is the only option left, at {usd(chosen.monthly_cost)} "
                "a month.",
            )
        )
    else:
        # EC2 saving too little to run servers is a close call, decided for the managed option
        close_call = managed_instead is not None or _close(
            chosen.monthly_cost, runner.monthly_cost, decision
        )
        saving = runner.monthly_cost - chosen.monthly_cost
        saving_percent = (
            cents(saving / runner.monthly_cost * 100) if runner.monthly_cost else Decimal(0)
        )
        if managed_instead is not None:
            ec2 = next(o for o in feasible if o.platform is Platform.EC2)
            gap = chosen.monthly_cost - ec2.monthly_cost
            message = (
                f"{chosen.label} at {usd(chosen.monthly_cost)} a month is recommended over EC2 at "
                f"{usd(ec2.monthly_cost)}: running servers yourself would save {usd(gap)} "
                f"({cents(gap / chosen.monthly_cost * 100) if chosen.monthly_cost else 0} %), "
                f"less than the margin for self-managed EC2 "
                f"({decision.self_managed_margin_percent:g} % and "
                f"${decision.self_managed_margin_usd:g} a month)."
            )
        elif chosen is not cheapest:
            message = (
                f"{chosen.label} at {usd(chosen.monthly_cost)} a month costs "
                f"{usd(-saving)} more than {cheapest.label} at {usd(cheapest.monthly_cost)}, "
                f"within the margin ({decision.margin_percent:g} % or ${decision.margin_usd:g}) "
                "where the simpler platform wins the close call."
            )
        elif chosen.monthly_cost == runner.monthly_cost:
            message = (
                f"{chosen.label} at {usd(chosen.monthly_cost)} a month costs the same as "
                f"{runner.label} and is the simpler platform to run."
            )
        elif close_call:
            message = (
                f"{chosen.label} costs {usd(chosen.monthly_cost)} a month, {usd(saving)} "
                f"({saving_percent} %) less than {runner.label} at {usd(runner.monthly_cost)}: "
                f"a close call, within the margin ({decision.margin_percent:g} % or "
                f"${decision.margin_usd:g}), and the simpler platform to run as well."
            )
        else:
            message = (
                f"{chosen.label} costs {usd(chosen.monthly_cost)} a month, {usd(saving)} "
                f"({saving_percent} %) less than {runner.label} at {usd(runner.monthly_cost)}."
            )
        reasons.append(Reason(rule="ADV503" if managed_instead else "ADV501", message=message))
    return Recommendation(
        platform=chosen.platform,
        variant=chosen.variant,
        label=chosen.label,
        monthly_cost=chosen.monthly_cost,
        reasons=reasons,
        runner_up=None
        if runner is None
        else Choice(
            platform=runner.platform,
            variant=runner.variant,
            label=runner.label,
            monthly_cost=runner.monthly_cost,
        ),
        saving=saving,
        saving_percent=saving_percent,
        close_call=close_call,
    )


def moved_reason(label: str, adds: Decimal, alone: Recommendation) -> Reason:
    """ADV501 for a service a system runs elsewhere than it would run alone: what the option
    adds to the system (its shared costs counted once) against the verdict alone."""
    return Reason(
        rule="ADV501",
        message=(
            f"In this system {label} adds {usd(adds)} a month (what it shares with the other "
            f"services counted once); alone it would go to {alone.label} at "
            f"{usd(alone.monthly_cost)}."
        ),
    )


def _managed_instead(
    chosen: Option,
    feasible: list[Option],
    decision: Decision,
    holds_nearby: Callable[[], bool] | None,
) -> Option | None:
    """The cheapest managed option, where EC2 was chosen but saves less than the margin for
    running servers yourself (rule ADV503), today or a step of traffic either side; else
    None."""
    if chosen.platform is not Platform.EC2:
        return None
    managed = [o for o in feasible if o.platform is not Platform.EC2]
    if not managed:
        return None
    best = managed[0]  # feasible is sorted by cost
    gap = best.monthly_cost - chosen.monthly_cost
    enough = gap >= _margin(decision.self_managed_margin_usd) and (
        best.monthly_cost > 0
        and gap / best.monthly_cost * 100 >= _margin(decision.self_managed_margin_percent)
    )
    if enough and holds_nearby is not None:
        enough = holds_nearby()
    return None if enough else best


NEARBY = (1 / 1.5, 1.5)
"""Multiples of today's traffic at which EC2 must also clear the self-managed margin: a saving
that whole instances give at one traffic and take back at the next is no reason to run servers
(the verdict would flip back and forth as traffic moves)."""


def ec2_margin_holds(
    curves: CostCurves, keys: list[str], decision: Decision, scales: Sequence[float] = NEARBY
) -> bool:
    """Whether EC2 clears the self-managed margin against the cheapest managed option at each
    of `scales` times today's traffic (float costs from the curves)."""
    costs = curves.costs(list(scales))
    managed = [key for key in keys if BY_KEY[key].platform is not Platform.EC2]
    servers = [key for key in keys if BY_KEY[key].platform is Platform.EC2]  # Spot too
    if not servers or not managed:
        return True
    for at in range(len(scales)):
        best = min(float(costs[key][at]) for key in managed)
        gap = best - min(float(costs[key][at]) for key in servers)
        share = gap / best * 100 if best > 0 else 0.0
        if gap < decision.self_managed_margin_usd or share < decision.self_managed_margin_percent:
            return False
    return True


def break_even_reason(
    points: list[BreakEvenPoint], labels: dict[str, str], today: str, recommended: str
) -> Reason:
    """One sentence on where the cheapest option changes (`today`: the cheapest now), each
    change as "X becomes cheaper than Y above (or below) N requests a month"."""
    cheapest = labels[today]
    close = "" if cheapest == recommended else f" ({recommended} wins the close call)"
    if not points:
        where = (
            f"By cost alone {cheapest} is cheapest today{close} and"
            if close
            else f"{cheapest} is the cheapest option"
        )
        message = f"{where} at every multiple of today's traffic checked, from 0.001x to 1000x."
        return Reason(rule="ADV502", message=message)
    parts = [break_even_sentence(p) for p in points]
    prefix = f"By cost alone {cheapest} is cheapest today{close}; " if close else ""
    sentence = prefix + "; ".join(parts)
    return Reason(rule="ADV502", message=sentence[0].upper() + sentence[1:] + ".")


def break_even_sentence(point: BreakEvenPoint) -> str:
    """`EC2 becomes cheaper than Lambda above 41.2 million requests a month (412x today)`: the
    option that takes over, the one it takes over from, and where."""
    if point.direction == "lower":
        winner, loser, side = point.below, point.above, "below"
    else:
        winner, loser, side = point.above, point.below, "above"
    return (
        f"{winner} becomes cheaper than {loser} {side} "
        f"{numerals.requests(float(point.monthly_requests))} requests a month "
        f"({numerals.multiple(float(point.scale))} today)"
    )
