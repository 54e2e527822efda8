"""`advisor discover`: read a live AWS account into workload files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from advisor.cli.console import INTERRUPTED, emit, say, user_errors
from advisor.errors import AdvisorError, ExitCode

EXAMPLES = """
Examples:

  advisor discover --output discovered/ --region us-east-1

  advisor discover -o discovered/ --region us-east-1 --region eu-west-1 --profile prod

  advisor discover -o discovered/ --include 'orders-*' --exclude '*-test' --days 28
"""


@user_errors
def discover_command(
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", metavar="DIR", help="Folder to write one workload file per resource."
        ),
    ],
    region: Annotated[
        list[str] | None,
        typer.Option(
            "--region",
            metavar="REGION",
            help="A region to read (repeat for several; default: AWS_REGION).",
        ),
    ] = None,
    profile: Annotated[
        str | None,
        typer.Option(metavar="NAME", help="An AWS profile (default: AWS_PROFILE, then the chain)."),
    ] = None,
    days: Annotated[
        int, typer.Option(min=1, max=455, metavar="N", help="Days of metrics to read.")
    ] = 14,
    include: Annotated[
        list[str] | None,
        typer.Option(
            metavar="GLOB",
            help="Only names matching this glob (repeatable; ECS: SERVICE or CLUSTER/SERVICE).",
        ),
    ] = None,
    exclude: Annotated[
        list[str] | None,
        typer.Option(metavar="GLOB", help="Leave out names matching this glob (repeatable)."),
    ] = None,
    force: Annotated[bool, typer.Option(help="Replace files that exist already.")] = False,
    init_durations: Annotated[
        bool,
        typer.Option(
            help="Read cold-start times from the REPORT log lines (Logs Insights, billed by GB "
            "scanned; bounded).",
        ),
    ] = False,
    max_calls: Annotated[
        int, typer.Option(min=1, metavar="N", help="Stop after this many AWS API calls.")
    ] = 20_000,
) -> None:
    """Read Lambda functions and ECS services, with their CloudWatch metrics, from a live AWS
    account (boto3's standard credential chain: --profile, AWS_PROFILE, environment variables,
    SSO, instance roles; AWS_ENDPOINT_URL works too) and write one workload file per function or
    service into --output, each saying where its figures came from. Then: advisor compare DIR.

    Exit 0 when every resource found has a file or had no traffic to read; 1 when something
    could not be read or written (listed on stderr with the reason: access denied, an error, a
    file in the way); 2 when it cannot run (no credentials, no region)."""
    try:
        import boto3  # noqa: F401
    except ImportError:
        raise AdvisorError(
            "advisor discover needs boto3: pip install 'aws-compute-advisor[aws]'"
        ) from None
    from advisor.discover.run import Options, discover

    if output.exists() and not output.is_dir():
        raise AdvisorError(f"{output}: is a file; --output names a folder")
    options = Options(
        output=output,
        regions=tuple(region or ()),
        profile=profile,
        days=days,
        include=tuple(include or ()),
        exclude=tuple(exclude or ()),
        force=force,
        max_calls=max_calls,
        init_durations=init_durations,
    )
    summary = discover(options, progress=lambda line: say(line))
    for path in summary.written:
        emit(f"{path}\n")
    for skipped in summary.skipped:
        say(f"skipped {skipped.resource}: {skipped.reason}")
    calls = summary.calls
    say(
        f"read {summary.functions} functions and {summary.services} services in "
        f"{len(summary.regions)} regions; wrote {len(summary.written)} files, skipped "
        f"{len(summary.skipped)}; {calls.made} API calls ({calls.retried} retried)"
    )
    if summary.interrupted:
        done = len(summary.written)
        files = "1 file listed above is" if done == 1 else f"{done} files listed above are"
        say(f"interrupted; the {files} whole")
        raise typer.Exit(INTERRUPTED)
    if summary.written:
        say(f"next: advisor compare {output}")
    if any(s.failed for s in summary.skipped):
        raise typer.Exit(ExitCode.CHECK_FAILED)


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("discover", epilog=EXAMPLES)(discover_command)
