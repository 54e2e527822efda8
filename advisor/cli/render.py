"""`advisor render`: re-render a saved JSON report in another format."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from advisor.cli.console import deliver, stdout_is_terminal, terminal_width, user_errors
from advisor.cli.recommend import OutputOption
from advisor.errors import InputError, Location
from advisor.input.loading import read_json
from advisor.input.saved import NotAReport, parse_saved
from advisor.models.comparison import Comparison
from advisor.models.report import Report
from advisor.models.system import SystemReport
from advisor.render import OutputFormat, render

EXAMPLES = """
Examples:

  advisor recommend scenarios/trading-api.yaml --format json > report.json

  advisor render report.json --format html --output report.html
"""


def load_saved(path: Path) -> list[Report | SystemReport] | Comparison:
    """Reports saved with --format json by `recommend` (one, or a list) or `compare`, checked
    against the report schema and its version."""
    try:
        return parse_saved(read_json(path))
    except NotAReport as exc:
        raise InputError(f"not an advisor report: {exc}", Location(str(path))) from None


@user_errors
def render_command(
    report: Annotated[
        Path, typer.Argument(metavar="REPORT", help="A report saved with --format json.")
    ],
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")] = (
        OutputFormat.TABLE
    ),
    output: OutputOption = None,
) -> None:
    """Re-render a saved JSON report (from recommend or compare) as a table, Markdown, JSON or
    HTML, without pricing anything again."""
    saved = load_saved(report)
    color = stdout_is_terminal() and output is None
    if isinstance(saved, Comparison):
        from advisor.render.comparison import (
            comparison_json,
            comparison_markdown,
            comparison_table,
        )
        from advisor.render.html import render_html

        text = {
            OutputFormat.TABLE: lambda: comparison_table(saved, terminal_width(), color),
            OutputFormat.JSON: lambda: comparison_json(saved),
            OutputFormat.MARKDOWN: lambda: comparison_markdown(saved),
            OutputFormat.HTML: lambda: render_html([saved]),
        }[fmt]()
    else:
        text = render(saved, fmt, width=terminal_width(), color=color)
    deliver(text, output, inputs=[report])


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("render", epilog=EXAMPLES)(render_command)
