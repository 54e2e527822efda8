"""The terminal edge: payload to stdout, messages to stderr, errors as one line and exit 2."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import ParamSpec, TypeVar

import typer

from advisor.errors import AdvisorError, ExitCode
from advisor.escape import terminal
from advisor.output import ReaderGone, write_file, write_stdout

P = ParamSpec("P")
R = TypeVar("R")


def say(message: str) -> None:
    """A message for people, on stderr so stdout stays a clean payload: one line, whatever user
    text it quotes (a control character or line break is shown as `\\x1b`-style text, so a name
    or a path can neither send escape sequences to the terminal nor fake a line of its own)."""
    sys.stderr.write(terminal(message) + "\n")


PIPE_CLOSED = 141
"""The exit code when the reader of stdout went away (128 + SIGPIPE, as `cmd | head` gives C
tools); click would say 1, which CI reads as a failed check."""


def emit(text: str) -> None:
    """The payload, on stdout; if the reader has gone (`advisor rules | head -1`), stop quietly;
    if it cannot be written (a full disk), one line and exit 2."""
    try:
        write_stdout(text)
    except ReaderGone:
        # Python flushes stdout again at exit; point it at /dev/null so that says nothing
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(PIPE_CLOSED) from None


def write_output(text: str, path: Path, inputs: Sequence[Path] = ()) -> None:
    """Write a file whole or not at all, never over one of `inputs` (advisor.output)."""
    write_file(text, path, inputs)


def deliver(text: str, output: Path | None, inputs: Sequence[Path] = ()) -> None:
    """The payload to a file when asked (never over one of the command's `inputs`), else to
    stdout."""
    if output is None:
        emit(text)
    else:
        write_file(text, output, inputs)
        say(f"wrote {output}")


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


INTERRUPTED = 130
"""The exit code of a run stopped by Ctrl-C (128 + SIGINT, as shells report it)."""


def user_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn an AdvisorError into one line on stderr and exit code 2, and Ctrl-C into one line
    and exit code 130 (not click's "Aborted!" and 1, which CI would read as a failed check);
    never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except AdvisorError as exc:
            say(str(exc))
            raise typer.Exit(ExitCode.USAGE_ERROR) from None
        except KeyboardInterrupt:
            sys.stderr.write("interrupted; nothing was written\n")
            raise typer.Exit(INTERRUPTED) from None

    return wrapper
