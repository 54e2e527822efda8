"""The terminal edge: payload to stdout, messages to stderr, errors as one line and exit 2."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import typer

from advisor.errors import AdvisorError, ExitCode

P = ParamSpec("P")
R = TypeVar("R")


def say(message: str) -> None:
    """A message for people, on stderr so stdout stays a clean payload."""
    sys.stderr.write(message + "\n")


def emit(text: str) -> None:
    """The payload, on stdout."""
    sys.stdout.write(text)
    sys.stdout.flush()


def stdout_is_terminal() -> bool:
    """Whether a person is reading stdout."""
    return sys.stdout.isatty()


def terminal_width(default: int = 120) -> int:
    """Width for tables: the terminal's, or COLUMNS, or a default when piped."""
    if "COLUMNS" in os.environ:
        try:
            return int(os.environ["COLUMNS"])
        except ValueError:
            pass
    if stdout_is_terminal():
        return os.get_terminal_size().columns
    return default


def user_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn an AdvisorError into one line on stderr and exit code 2, never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except AdvisorError as exc:
            sys.stderr.write(f"{exc}\n")
            raise typer.Exit(ExitCode.USAGE_ERROR) from None

    return wrapper
