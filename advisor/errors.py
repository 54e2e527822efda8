"""Errors a user can act on, and the exit codes CI relies on."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


class ExitCode(IntEnum):
    """Exit codes: 0 all holds, 1 a check failed, 2 could not run."""

    OK = 0
    CHECK_FAILED = 1
    USAGE_ERROR = 2


@dataclass(frozen=True)
class Location:
    """Where in which file a problem is: 1-based line and column, and the key path."""

    path: str
    line: int | None = None
    column: int | None = None
    key: str = ""

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}:{self.column or 1}"
        return where


class AdvisorError(Exception):
    """An error fed back to the user as one line, never as a traceback."""

    def __init__(self, message: str, location: Location | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.location = location

    def __str__(self) -> str:
        if self.location is None:
            return self.message
        key = f" {self.location.key}:" if self.location.key else ""
        return f"{self.location}:{key} {self.message}"


class InputError(AdvisorError):
    """A workload, system or policy file that cannot be read or is not valid."""


class CatalogError(AdvisorError):
    """A pricing file that is missing, broken, or lacks a rate the model needs."""
