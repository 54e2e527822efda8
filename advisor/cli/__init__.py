"""The `advisor` command line: thin Typer commands over the core."""

from __future__ import annotations

import os
import sys

from advisor.cli import tuning

tuning.quiet_imports()

from typing import Annotated  # noqa: E402 - after the thread settings (numpy reads them), as is every import below

import typer  # noqa: E402

from advisor import __version__  # noqa: E402
from advisor.cli import check, compare, discover, info, init, pricing, recommend, render  # noqa: E402
from advisor.errors import AdvisorError, ExitCode  # noqa: E402

tuning.imports_done()

app = typer.Typer(
    name="advisor",
    help=(
        "Where should a workload run on AWS (Lambda, Fargate or EC2), what will it cost, "
        "and why?\n\n"
        "Exit codes: 0 ran and all checks hold; 1 a check failed; 2 could not run."
    ),
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    add_completion=False,
    rich_markup_mode=None,
)


def _print_version(asked: bool) -> None:
    if asked:
        typer.echo(f"advisor {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_print_version,
            is_eager=True,
            help="Print the version and exit (the version of the aws-compute-advisor package).",
        ),
    ] = False,
) -> None:
    """Options of `advisor` itself, before the command (the app's help text is above)."""


recommend.register(app)
compare.register(app)
check.register(app)
pricing.register(app)
render.register(app)
info.register(app)
discover.register(app)
init.register(app)


def main() -> None:
    """Entry point of the `advisor` console script: whatever goes wrong ends in one line on
    stderr and exit 2, never a traceback or exit 1 (which CI reads as "a check failed")."""
    try:
        app()
    except AdvisorError as exc:  # raised outside a command's own handling
        sys.stderr.write(f"{exc}\n")
        sys.exit(ExitCode.USAGE_ERROR)
    except Exception as exc:  # a bug of ours
        if os.environ.get("ADVISOR_DEBUG"):
            raise
        sys.stderr.write(internal_error(exc) + "\n")
        sys.exit(ExitCode.USAGE_ERROR)
    finally:
        tuning.at_exit()


def internal_error(exc: BaseException) -> str:
    """One line for an exception advisor did not expect, asking for a report."""
    detail = " ".join(f"{type(exc).__name__}: {str(exc)[:1000]}".split())  # one line
    if len(detail) > 300:
        detail = detail[:297] + "..."
    detail = "".join(c if c.isprintable() else "?" for c in detail)
    return (
        f"advisor: internal error (a bug in advisor): {detail} \u2014 please report it; "
        "rerun with ADVISOR_DEBUG=1 for the traceback"
    )
