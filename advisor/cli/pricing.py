"""`advisor pricing ...`: check, show, compare and rebuild pricing files."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Annotated

import typer

from advisor.cli.console import emit, say, user_errors
from advisor.errors import AdvisorError, ExitCode
from advisor.models.catalog import PricingFile

pricing_app = typer.Typer(
    help="Pricing files: validate, show, diff, and update from the AWS Price List API.",
    no_args_is_help=True,
)


@pricing_app.command()
@user_errors
def validate(
    files: Annotated[
        list[Path] | None,
        typer.Argument(metavar="FILE", help="Pricing files (default: the bundled ones)."),
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


def _load(path: Path) -> PricingFile:
    from advisor.catalog import load_pricing_file

    return load_pricing_file(path.resolve())


def _file_for(region: str | None, path: Path | None) -> Path:
    from advisor.catalog import bundled_pricing_dir, bundled_regions

    if path is not None:
        return path
    region = region or "us-east-1"
    if region not in bundled_regions():
        raise AdvisorError(
            f"no bundled pricing file for region '{region}'; "
            f"bundled: {', '.join(bundled_regions())}"
        )
    return bundled_pricing_dir() / "aws" / f"{region}.yaml"


@pricing_app.command()
@user_errors
def show(
    file: Annotated[
        Path | None, typer.Argument(metavar="FILE", help="A pricing file (default: bundled).")
    ] = None,
    region: Annotated[str | None, typer.Option(help="A bundled region.")] = None,
) -> None:
    """Show what a pricing file holds, where its figures came from, and how old it is.

    Example: advisor pricing show --region us-east-1
    """
    path = _file_for(region, file)
    pricing = _load(path)
    age = (dt.date.today() - pricing.effective_date).days
    lines = [
        f"{path}",
        f"  {pricing.provider} {pricing.region}, {pricing.currency}, effective "
        f"{pricing.effective_date} ({age} days old)",
        f"  {len(pricing.ec2.instances)} EC2 instance types; "
        f"Lambda x86 duration from ${pricing.lambda_.duration.x86_64.bands[0].price:f}/GB-s; "
        f"Fargate x86 ${pricing.fargate.x86_64.vcpu.bands[0].price:f}/vCPU-hour",
        "  sources:",
    ]
    for key, source in pricing.sources.items():
        extra = ", ".join(
            part
            for part in (
                f"checked {source.checked}" if source.checked else "",
                f"offer {source.version}" if source.version else "",
                f"effective {source.effective}" if source.effective else "",
            )
            if part
        )
        marker = " [STAND-IN: not checked for this region]" if source.stand_in else ""
        lines.append(f"    {key}: {source.title}" + (f" ({extra})" if extra else "") + marker)
    emit("\n".join(lines) + "\n")


@pricing_app.command("diff")
@user_errors
def diff_command(
    old: Annotated[Path, typer.Argument(metavar="OLD", help="The earlier pricing file.")],
    new: Annotated[Path, typer.Argument(metavar="NEW", help="The later pricing file.")],
) -> None:
    """Which rates changed between two pricing files, and by how much.

    Example: advisor pricing diff pricing/aws/us-east-1.yaml us-east-1.new.yaml
    """
    from advisor.catalog import diff_pricing

    changes = diff_pricing(_load(old), _load(new))
    if not changes:
        emit("no rate changed\n")
        return
    for key, before, after, unit in changes:
        if before is None:
            emit(f"added    {key}: ${after:f}/{unit}\n")
        elif after is None:
            emit(f"removed  {key}: was ${before:f}/{unit}\n")
        else:
            percent = (after - before) / before * 100 if before else Decimal(0)
            emit(f"changed  {key}: ${before:f} -> ${after:f}/{unit} ({percent:+.2f} %)\n")


@pricing_app.command()
@user_errors
def update(
    region: Annotated[str, typer.Option(help="The region to price, e.g. eu-west-1.")],
    services: Annotated[
        str, typer.Option(help="Comma-separated: lambda,fargate,ec2,apigateway,elb,nat.")
    ] = "lambda,fargate,ec2,apigateway,elb,nat",
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Where to write (default: the region's bundled file)."),
    ] = None,
    from_offer_file: Annotated[
        list[Path] | None,
        typer.Option(help="Build from AWS bulk offer files (JSON) instead; no credentials needed."),
    ] = None,
    endpoint_url: Annotated[str | None, typer.Option(hidden=True)] = None,
) -> None:
    """Rebuild a pricing file from the AWS Price List API (boto3, credentials from the standard
    chain, endpoint in us-east-1) or from AWS's public offer files. The file is written whole or
    not at all, with the offer version and date of every figure.

    Examples:

      advisor pricing update --region eu-west-1 --output eu-west-1.yaml

      advisor pricing update --region us-east-1 --services lambda --from-offer-file index.json
    """
    from advisor.catalog import bundled_pricing_dir, load_pricing_file
    from advisor.cli.console import write_output
    from advisor.models.bounds import REGION
    from advisor.refresh import (
        SERVICES,
        build_pricing_file,
        fetch_offers,
        offer_from_file,
        to_yaml,
    )

    wanted = [s.strip() for s in services.split(",") if s.strip()]
    unknown = [s for s in wanted if s not in SERVICES]
    if unknown or not wanted:
        raise AdvisorError(
            f"--services: unknown '{', '.join(unknown) or services}'; "
            f"choose from {', '.join(SERVICES)}"
        )
    if not REGION.match(region):  # it names a file: `../..` must never reach a path
        raise AdvisorError(f"--region: '{region}' is not an AWS region name (such as us-east-1)")
    target = output or bundled_pricing_dir() / "aws" / f"{region}.yaml"
    base_path = target if target.is_file() else bundled_pricing_dir() / "aws" / f"{region}.yaml"
    base = load_pricing_file(base_path.resolve()) if base_path.is_file() else None
    if from_offer_file:
        offers = [offer_from_file(path) for path in from_offer_file]
    else:
        say(f"querying the AWS Price List API for {region}: {', '.join(wanted)}")
        offers = fetch_offers(region, wanted, endpoint_url)
    pricing = build_pricing_file(region, offers, wanted, base, dt.date.today())
    write_output(to_yaml(pricing), target, inputs=from_offer_file or [])
    say(
        f"wrote {target} ({len(pricing.ec2.instances)} instance types, "
        f"effective {pricing.effective_date})"
    )
