"""JSON: the report contract, one object per workload (a list for several)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from advisor.models.report import Report
from advisor.models.system import SystemReport


def render_json(reports: Sequence[Report | SystemReport]) -> str:
    """One object for one report, a list for several."""
    dumped = [r.model_dump(mode="json") for r in reports]
    payload = dumped[0] if len(dumped) == 1 else dumped
    return json.dumps(payload, indent=2) + "\n"
