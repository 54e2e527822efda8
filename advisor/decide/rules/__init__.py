"""Decision rules with stable IDs; importing this package registers them all."""

import functools

from advisor.decide.rules import cost, data, latency, limits, load, managed, pitfalls, state
from advisor.decide.rules.base import REGISTRY, Check, Context, Hit, Rule, decides, supports

__all__ = [
    "decides",
    "REGISTRY",
    "Context",
    "Hit",
    "Rule",
    "cost",
    "data",
    "latency",
    "limits",
    "load",
    "managed",
    "pitfalls",
    "state",
    "supports",
]


def evaluate(ctx: Context, *, deciding_only: bool = False) -> list[Hit]:
    """Every rule's hits, in rule-ID order; with `deciding_only`, only those of the rules that
    can rule an option out and so decide (their `decides`): all a comparison's row shows."""
    hits: list[Hit] = []
    for check in _checks(len(REGISTRY), deciding_only):
        hits += check(ctx)
    return hits


@functools.cache
def _checks(registered: int, deciding_only: bool) -> list[Check]:
    """The rules' checks in rule-ID order (worked out again only if more are registered)."""
    return [
        REGISTRY[rule_id].check
        for rule_id in sorted(REGISTRY)
        if not deciding_only or REGISTRY[rule_id].decides
    ]
