"""Decision rules: each has a stable ID, a short name, and a docstring that explains it to users.

A rule looks at the priced options and returns hits: a severity, one sentence with the figures,
and the option it is about (or none, for the workload as a whole). An `error` hit rules the
option out. Rules are registered by the `rule` decorator in the order their modules load.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from advisor.models.catalog import PricingFile
from advisor.models.report import Severity
from advisor.models.workload import Entry, Workload
from advisor.pricing.base import Costed
from advisor.pricing.coldstart import ColdStarts
from advisor.pricing.containers import TaskShape
from advisor.pricing.traffic import Demand


@dataclass(frozen=True, slots=True)
class Hit:
    """One finding of one rule."""

    rule: str
    severity: Severity
    message: str
    option: str | None = None


@dataclass(frozen=True)
class Context:
    """What rules look at: the workload, its demand, the priced options and the estimates."""

    workload: Workload
    demand: Demand
    options: dict[str, Costed]
    shape: TaskShape
    cold_starts: dict[str, ColdStarts] = field(default_factory=dict)
    problems: dict[str, str] = field(default_factory=dict)
    """Options that could not be priced at all (no task size, no instance type), with why."""
    pricing: PricingFile | None = None

    def lambda_keys(self) -> list[str]:
        """Keys of the options that run as Lambda functions, with Lambda's limits (on demand,
        its variants, and on managed instances)."""
        return [k for k in self.options if is_function(k)] + [
            k for k in self.problems if is_function(k)
        ]

    def keys_behind(self, *entries: Entry) -> list[str]:
        """Keys of the options that sit behind one of these entries."""
        return [k for k, o in self.options.items() if o.entry in entries]


def is_lambda(key: str) -> bool:
    """Whether an option key is Lambda on demand or one of its variants (Lambda Managed
    Instances, billed by the instance, is an option of its own)."""
    return key == "lambda" or key.startswith("lambda:")


def is_function(key: str) -> bool:
    """Whether an option runs as a Lambda function (on demand, a variant, or on managed
    instances): its limits (15 minutes, payloads, no state between invocations) apply."""
    return is_lambda(key) or key == "lambda_managed_instances"


Check = Callable[[Context], list[Hit]]


@dataclass(frozen=True)
class Rule:
    """A registered rule."""

    id: str
    name: str
    check: Check
    favours: frozenset[str] = frozenset()
    """Platforms a workload-wide finding of this rule argues for: listed among the reasons for
    a verdict on one of them, and as a finding beside any other verdict."""
    decides: bool = False
    """Whether the rule may rule an option out (an `error` hit) and so decide a verdict: the
    rules a comparison's row evaluates; the others only inform."""

    @property
    def doc(self) -> str:
        """The rule's explanation for users."""
        return inspect.cleandoc(self.check.__doc__ or "")

    @property
    def summary(self) -> str:
        """The first line of its explanation."""
        return self.doc.splitlines()[0] if self.doc else ""


REGISTRY: dict[str, Rule] = {}


def decides(rule_id: str) -> bool:
    """Whether a rule may rule an option out and so decide a verdict (its `decides`)."""
    rule = REGISTRY.get(rule_id)
    return rule is not None and rule.decides


def rule(
    rule_id: str, name: str, favours: tuple[str, ...] = (), *, decides: bool = False
) -> Callable[[Check], Check]:
    """Register a check function as a rule with a stable ID; `favours`, the platforms its
    workload-wide findings argue for (none: a caveat beside any verdict); `decides`, whether it
    may rule an option out (then every comparison evaluates it)."""

    def register(check: Check) -> Check:
        if rule_id in REGISTRY:
            raise ValueError(f"duplicate rule ID {rule_id}")
        REGISTRY[rule_id] = Rule(rule_id, name, check, frozenset(favours), decides)
        return check

    return register


def supports(hit: Hit, platform: str) -> bool:
    """Whether a workload-wide finding argues for a verdict on `platform` (`lambda`, `fargate`,
    `ec2`), so it belongs among that verdict's reasons rather than beside them."""
    found = REGISTRY.get(hit.rule)
    return found is not None and platform in found.favours


class _Ruled(Protocol):
    """A reason of a report or of the engine."""

    @property
    def rule(self) -> str: ...

    @property
    def message(self) -> str: ...


_R = TypeVar("_R", bound=_Ruled)


def deciding_reason(reasons: Sequence[_R]) -> _R | None:
    """The reason that decided: ADV503 where EC2 was cheaper but saved too little to run servers
    (it chose between the options left), else a rule that ruled something out, else the cost
    reason (ADV501). Of a report, or of the engine: `advisor compare` builds no report."""
    margin = next((r for r in reasons if r.rule == "ADV503"), None)
    if margin is not None:
        return margin
    for reason in reasons:
        if decides(reason.rule):
            return reason
    return next((r for r in reasons if r.rule == "ADV501"), None)
