"""Decision rules with stable IDs; importing this package registers them all."""

import functools

from advisor.rules import cost, data, latency, limits, load, pitfalls, state
from advisor.rules.base import REGISTRY, Check, Context, Hit, Rule

__all__ = [
    "REGISTRY",
    "Context",
    "Hit",
    "Rule",
    "cost",
    "data",
    "latency",
    "limits",
    "load",
    "pitfalls",
    "state",
]


def evaluate(ctx: Context) -> list[Hit]:
    """Every rule's hits, in rule-ID order."""
    hits: list[Hit] = []
    for check in _checks(len(REGISTRY)):
        hits += check(ctx)
    return hits


@functools.cache
def _checks(registered: int) -> list[Check]:
    """The rules' checks in rule-ID order (worked out again only if more are registered)."""
    return [REGISTRY[rule_id].check for rule_id in sorted(REGISTRY)]
