"""Read a workload file (or, later, a system file) into its model and source map."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from advisor.errors import InputError, Location
from advisor.loading import SourceMap, read_yaml, validate
from advisor.models.workload import Workload


@dataclass(frozen=True)
class WorkloadDocument:
    """A validated workload and where it came from."""

    workload: Workload
    source: SourceMap


def load_workload(path: Path) -> WorkloadDocument:
    """Load one workload file; every problem is an InputError with its location."""
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise InputError(
            "should be a mapping of keys to values (a workload file)", Location(str(path), 1, 1)
        )
    return WorkloadDocument(validate(Workload, data, path), SourceMap(path))
