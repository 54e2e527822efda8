"""What a cost model returns: one option's line items and sizing."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from advisor.models.workload import Entry, Platform
from advisor.money import ZERO, Item


@dataclass(slots=True)
class Costed:
    """One way to run the workload, priced line by line."""

    key: str
    platform: Platform
    variant: str | None
    label: str
    entry: Entry
    items: list[Item]
    sizing: dict[str, Any] = field(default_factory=dict)

    @property
    def total(self) -> Decimal:
        """Monthly cost at full precision."""
        return sum([item.cost for item in self.items], ZERO)
