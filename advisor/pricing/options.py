"""The ways to run a workload: one table of option kinds (key, platform, variant, label, and how
simple it is to run), read by the engine, the cost curves, systems and renderers alike. A new
purchase option or platform variant is a row here plus its charges."""

from __future__ import annotations

from dataclasses import dataclass

from advisor.models.workload import Platform


@dataclass(frozen=True, slots=True)
class OptionKind:
    """One way to run a workload."""

    key: str
    """`platform` or `platform:variant`, as the report's options and curves name it."""
    platform: Platform
    variant: str | None
    label: str
    simplicity: int
    """Lower is simpler to run: the simpler option wins a close call (ADV501)."""


OPTIONS: tuple[OptionKind, ...] = (
    OptionKind("lambda", Platform.LAMBDA, None, "Lambda", 0),
    OptionKind("lambda:provisioned", Platform.LAMBDA, "provisioned", "Lambda", 1),
    OptionKind(
        "lambda_managed_instances",
        Platform.LAMBDA_MANAGED_INSTANCES,
        None,
        "Lambda Managed Instances",
        1,
    ),
    OptionKind("fargate", Platform.FARGATE, None, "Fargate", 2),
    OptionKind("fargate:spot", Platform.FARGATE, "spot", "Fargate Spot", 3),
    OptionKind("ec2", Platform.EC2, None, "EC2", 4),
    OptionKind("ec2:spot", Platform.EC2, "spot", "EC2 Spot", 5),
)
"""Every option kind, simplest first."""

BY_KEY: dict[str, OptionKind] = {kind.key: kind for kind in OPTIONS}
KEYS: tuple[str, ...] = tuple(kind.key for kind in OPTIONS)
"""Every option key, simplest first: the order of the options in a batch's cost table."""


def simplicity(key: str) -> int:
    """How simple an option is to run (lower is simpler)."""
    return BY_KEY[key].simplicity
