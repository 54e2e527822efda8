"""`advisor pricing ...`: check, show, compare and rebuild pricing files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from advisor.cli.console import emit, say
from advisor.errors import AdvisorError, ExitCode

pricing_app = typer.Typer(
    help="Pricing files: validate, show, diff, and update from the AWS Price List API.",
    no_args_is_help=True,
)


@pricing_app.command()
def validate(
    files: Annotated[
        list[Path] | None, typer.Argument(help="Pricing files (default: the bundled ones).")
    ] = None,
) -> None:
    """Validate pricing files: the schema (no negative or missing rates, tiers that rise), every
    rate's source, and dates. Exit 0 when all are valid, 1 when one is not.

    Example: advisor pricing validate pricing/aws/us-east-1.yaml
    """
    from advisor.catalog import bundled_pricing_dir, load_pricing_file, pricing_problems

    paths = files or sorted((bundled_pricing_dir() / "aws").glob("*.yaml"))
    today = dt.date.today()
    failed = False
    for path in paths:
        try:
            pricing = load_pricing_file(path.resolve())
        except AdvisorError as exc:
            say(str(exc))
            failed = True
            continue
        problems = pricing_problems(pricing, today)
        for problem in problems:
            say(f"{path}: {problem}")
        failed = failed or bool(problems)
        if not problems:
            age = (today - pricing.effective_date).days
            emit(f"ok {path}: {pricing.region}, effective {pricing.effective_date} ({age} days)\n")
    if failed:
        raise typer.Exit(ExitCode.CHECK_FAILED)


def register(app: typer.Typer) -> None:
    """Add the command group to the app."""
    app.add_typer(pricing_app, name="pricing")
