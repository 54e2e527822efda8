"""Decision rules with stable IDs; importing this package registers them all."""

from advisor.rules import cost, data, latency, limits, load, pitfalls, state
from advisor.rules.base import REGISTRY, Context, Hit, Rule

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
    for rule_id in sorted(REGISTRY):
        hits += REGISTRY[rule_id].check(ctx)
    return hits
