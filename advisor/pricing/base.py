"""What a cost model returns: one option's line items and sizing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from advisor.models.sizing import UNSIZED, AnySizing
from advisor.models.workload import Entry, Platform
from advisor.money import ZERO, Item

if TYPE_CHECKING:
    from advisor.models.report import CommitmentEffect


@dataclass(slots=True)
class Costed:
    """One way to run the workload, priced line by line."""

    key: str
    platform: Platform
    variant: str | None
    label: str
    entry: Entry
    items: list[Item]
    sizing: AnySizing = UNSIZED
    commitment: Callable[[], CommitmentEffect | None] | None = None
    """What a Savings Plan does to this option (the workload's plan, or a what-if), worked out
    when asked (`effect`): a comparison shows it for the recommended option alone."""
    _effect: CommitmentEffect | None = None

    def effect(self) -> CommitmentEffect | None:
        """What a Savings Plan does to this option, worked out once."""
        if self.commitment is not None:
            self._effect = self.commitment()
            self.commitment = None
        return self._effect

    @property
    def total(self) -> Decimal:
        """Monthly cost at full precision."""
        return sum([item.cost for item in self.items], ZERO)
