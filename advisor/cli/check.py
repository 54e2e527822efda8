"""`advisor check` (the CI gate) and `advisor diff` (two saved reports)."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from advisor.cli import tuning
from advisor.cli.compare import ExcludeOption
from advisor.cli.console import deliver, say, stdout_is_terminal, terminal_width, user_errors
from advisor.cli.progress import progress
from advisor.cli.recommend import OutputOption, PricingOption, note_rows_pricing
from advisor.decide.overrides import Overrides
from advisor.errors import AdvisorError, ExitCode

CHECK_EXAMPLES = """
Examples:

  advisor check scenarios/ --policy advisor-policy.yaml

  advisor check scenarios/ --policy advisor-policy.yaml --baseline main.json --format markdown

  advisor check scenarios/ --policy advisor-policy.yaml --baseline-ref origin/main
"""

DIFF_EXAMPLES = """
Examples:

  advisor recommend scenarios/api-10m.yaml --format json > base.json

  advisor diff base.json head.json --format markdown
"""


class GateFormat(str, Enum):
    """Formats of `check` and `diff`."""

    TABLE = "table"
    JSON = "json"
    MARKDOWN = "markdown"


@user_errors
def check(
    paths: Annotated[
        list[Path], typer.Argument(metavar="PATH", help="Workload or system files and folders.")
    ],
    policy: Annotated[Path, typer.Option("--policy", help="The policy file (YAML).")],
    baseline: Annotated[
        Path | None,
        typer.Option(
            help="A report saved with --format json (recommend or compare) to diff against."
        ),
    ] = None,
    baseline_ref: Annotated[
        str | None,
        typer.Option(
            "--baseline-ref",
            metavar="REF",
            help=(
                "Build the baseline from this git revision (a branch, tag or commit): the same "
                "paths compared as they were there, with the same pricing files."
            ),
        ),
    ] = None,
    fmt: Annotated[
        GateFormat, typer.Option("--format", "-f", help="Output format.")
    ] = GateFormat.TABLE,
    pricing: PricingOption = None,
    as_of: Annotated[
        str | None,
        typer.Option(help="Date the pricing age is measured on (YYYY-MM-DD; default today)."),
    ] = None,
    exclude: ExcludeOption = None,
    output: OutputOption = None,
) -> None:
    """Check workloads against a policy: budgets, increases against a baseline, expected
    platforms and the age of the pricing files.

    Exit codes: 0 every check holds (a check that could not run is shown as skipped); 1 a check
    failed; 2 could not run (bad policy, bad workload, missing file, a baseline that cannot be
    read or built).
    """
    from advisor.compare.batch import compare
    from advisor.gate.diff import load_baseline
    from advisor.gate.policy import evaluate, load_policy
    from advisor.render.check import as_json, check_markdown, check_table

    if baseline is not None and baseline_ref is not None:
        raise AdvisorError("error: give --baseline or --baseline-ref, not both")
    rules = load_policy(policy)
    day = _date(as_of)
    excludes = tuple(exclude or ())
    with tuning.for_batches(), progress("Checking") as on_progress:
        comparison, warnings = compare(
            paths,
            pricing=tuple(pricing or ()),
            excludes=excludes,
            on_progress=on_progress,
            overrides=Overrides(decision=rules.decision),
        )
    for warning in warnings:
        say(f"warning: {warning}")
    note_rows_pricing((row.region for row in comparison.rows), pricing)
    if comparison.failures:
        for failure in comparison.failures:
            say(failure.error)
        raise typer.Exit(ExitCode.USAGE_ERROR)
    base = None
    if baseline is not None:
        base = load_baseline(baseline)
    elif baseline_ref is not None:
        from advisor.gate.baseline import costs_at_revision

        with progress(f"Baseline at {baseline_ref}") as on_progress:
            base, notes = costs_at_revision(
                baseline_ref,
                paths,
                pricing=tuple(pricing or ()),
                excludes=excludes,
                on_progress=on_progress,
                overrides=Overrides(decision=rules.decision),
            )
        for note in notes:
            say(f"warning: {note}")
    report = evaluate(rules, comparison, day, base)
    color = stdout_is_terminal() and output is None
    rendered = {
        GateFormat.TABLE: lambda: check_table(report, terminal_width(), color),
        GateFormat.JSON: lambda: as_json(report),
        GateFormat.MARKDOWN: lambda: check_markdown(report),
    }[fmt]()
    inputs = [*paths, policy, *([baseline] if baseline else []), *(pricing or [])]
    deliver(rendered, output, inputs)
    if not report.passed:
        raise typer.Exit(ExitCode.CHECK_FAILED)


def _date(text: str | None) -> dt.date:
    if text is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        say(f"error: --as-of must be a date like 2026-11-29 (got '{text}')")
        raise typer.Exit(ExitCode.USAGE_ERROR) from None


@user_errors
def diff_command(
    base: Annotated[Path, typer.Argument(metavar="BASE", help="The earlier report (JSON).")],
    head: Annotated[Path, typer.Argument(metavar="HEAD", help="The later report (JSON).")],
    fmt: Annotated[
        GateFormat, typer.Option("--format", "-f", help="Output format.")
    ] = GateFormat.TABLE,
    output: OutputOption = None,
) -> None:
    """Compare two reports saved with --format json: cost and platform changes per workload,
    workloads added and removed, and the total."""
    from advisor.gate.diff import diff, load_costs
    from advisor.render.check import as_json, diff_markdown, diff_table

    result = diff(load_costs(base), load_costs(head))
    color = stdout_is_terminal() and output is None
    rendered = {
        GateFormat.TABLE: lambda: diff_table(result, terminal_width(), color),
        GateFormat.JSON: lambda: as_json(result),
        GateFormat.MARKDOWN: lambda: diff_markdown(result),
    }[fmt]()
    deliver(rendered, output, [base, head])


def register(app: typer.Typer) -> None:
    """Add the commands to the app."""
    app.command(epilog=CHECK_EXAMPLES)(check)
    app.command("diff", epilog=DIFF_EXAMPLES)(diff_command)
