"""`advisor compare`: one table across folders of scenarios."""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from advisor.cli import tuning
from advisor.cli.console import deliver, say, stdout_is_terminal, terminal_width, user_errors
from advisor.cli.progress import progress
from advisor.cli.recommend import (
    CommitmentOption,
    OutputOption,
    PricingOption,
    checked_commitment,
    note_rows_pricing,
)
from advisor.decide.overrides import Overrides
from advisor.errors import ExitCode

if TYPE_CHECKING:
    from advisor.models.comparison import Comparison

EXAMPLES = """
Examples:

  advisor compare scenarios/

  advisor compare scenarios/ --sort saving --format csv > comparison.csv

  advisor compare services/ what-ifs/ --platform lambda --format markdown
"""


class CompareFormat(str, Enum):
    """Formats a comparison can be rendered in."""

    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    MARKDOWN = "markdown"
    HTML = "html"


ExcludeOption = Annotated[
    list[str] | None,
    typer.Option(
        "--exclude",
        metavar="PATTERN",
        help=(
            "Leave out files and folders matching this gitignore-style pattern, relative to the "
            "current folder (repeatable; .advisorignore files are read too)."
        ),
    ),
]


class PlatformFilter(str, Enum):
    """Show only workloads recommended for this platform."""

    LAMBDA = "lambda"
    FARGATE = "fargate"
    EC2 = "ec2"


@user_errors
def compare_command(
    paths: Annotated[
        list[Path], typer.Argument(metavar="PATH", help="Workload or system files and folders.")
    ],
    fmt: Annotated[CompareFormat, typer.Option("--format", "-f", help="Output format.")] = (
        CompareFormat.TABLE
    ),
    sort: Annotated[str, typer.Option(help="name, platform, cost or saving.")] = "name",
    platform: Annotated[
        PlatformFilter | None, typer.Option(help="Only workloads recommended for this platform.")
    ] = None,
    pricing: PricingOption = None,
    output: OutputOption = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            help="Worker processes, 1 to 4 per usable core (at most 64; default: one per core).",
        ),
    ] = None,
    commitment: CommitmentOption = None,
    exclude: ExcludeOption = None,
) -> None:
    """Compare every workload under files and folders: one row each, and a summary.

    Folders are searched recursively for .yaml and .yml files, leaving out hidden folders,
    virtual environments, --exclude patterns and what .advisorignore files name; YAML files that
    are not workload or system files are skipped with a notice. System files give one row per
    service. A file that cannot be read is listed with its error and the rest are compared;
    the exit code is then 2.
    """
    from advisor.compare.batch import compare, max_jobs
    from advisor.compare.summary import SortKey
    from advisor.render.comparison import (
        comparison_csv,
        comparison_json,
        comparison_markdown,
        comparison_table,
    )

    try:
        sort_key = SortKey(sort)
    except ValueError:
        say(f"error: --sort must be one of {', '.join(k.value for k in SortKey)} (got '{sort}')")
        raise typer.Exit(ExitCode.USAGE_ERROR) from None
    if jobs is not None and not 1 <= jobs <= max_jobs():
        say(f"error: --jobs must be between 1 and {max_jobs()} on this machine (got {jobs})")
        raise typer.Exit(ExitCode.USAGE_ERROR)
    plan = checked_commitment(commitment)
    with tuning.for_batches(), progress("Comparing") as on_progress:
        comparison, warnings = compare(
            paths,
            pricing=tuple(pricing or ()),
            sort=sort_key,
            platform=platform.value if platform else None,
            workers=jobs,
            on_progress=on_progress,
            overrides=Overrides(commitment=plan),
            excludes=exclude or (),
        )
    on_screen = stdout_is_terminal() and output is None
    for warning in warnings:
        say(f"warning: {warning}")
    note_rows_pricing((row.region for row in comparison.rows), pricing)
    if not (on_screen and fmt is CompareFormat.TABLE):  # else the table lists them already
        for failure in comparison.failures:
            say(failure.error)
    renderers: dict[CompareFormat, Callable[[], str]] = {
        CompareFormat.TABLE: lambda: comparison_table(comparison, terminal_width(), on_screen),
        CompareFormat.JSON: lambda: comparison_json(comparison),
        CompareFormat.CSV: lambda: comparison_csv(comparison),
        CompareFormat.MARKDOWN: lambda: comparison_markdown(comparison),
        CompareFormat.HTML: lambda: _html(comparison),
    }
    deliver(renderers[fmt](), output, inputs=[*paths, *(pricing or [])])
    if comparison.failures:
        raise typer.Exit(ExitCode.USAGE_ERROR)


def _html(comparison: Comparison) -> str:
    # the HTML renderer and its chart library take a fifth of a second to import
    from advisor.render.html import render_html

    return render_html([comparison])


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("compare", epilog=EXAMPLES)(compare_command)
