"""What a command sets for every workload of a batch: a Savings Plan to price with
(`--commitment`), and a policy's decision margins where a workload file sets none."""

from __future__ import annotations

from dataclasses import dataclass

from advisor.models.workload import Decision, Workload
from advisor.pricing.purchase import with_commitment


@dataclass(frozen=True, slots=True)
class Overrides:
    """Settings of the command line or the policy, applied to each workload as it is read."""

    commitment: str | None = None
    """A Savings Plan for every workload (`--commitment`), over the files' own."""
    decision: Decision | None = None
    """Decision margins (the policy's `decision:`) for the files that set none of their own."""

    def apply(self, workload: Workload) -> Workload:
        """The workload with these settings."""
        workload = with_commitment(workload, self.commitment)
        if self.decision is not None and "decision" not in workload.model_fields_set:
            workload = workload.model_copy(update={"decision": self.decision})
        return workload


NONE = Overrides()
