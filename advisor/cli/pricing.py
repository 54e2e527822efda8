"""`advisor pricing ...`: check, show, compare and rebuild pricing files."""

from __future__ import annotations

import datetime as dt
import glob
import re
import sys
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from advisor.cli.console import emit, say, user_errors
from advisor.errors import AdvisorError, ExitCode
from advisor.escape import terminal
from advisor.models.catalog import OPTIONAL_SECTIONS, PricingFile

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

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
    allow_stand_ins: Annotated[
        bool,
        typer.Option(
            "--allow-stand-ins",
            help="Pass files with stand-in figures (not the region's own), listing each on stderr.",
        ),
    ] = False,
) -> None:
    """Validate pricing files: the schema (no negative or missing rates, tiers that rise), every
    rate's source, dates, and no stand-in figures (rates not published for the file's region)
    unless --allow-stand-ins. Exit 0 when all are valid, 1 when one is not.

    Example: advisor pricing validate --allow-stand-ins pricing/aws/eu-west-1.yaml
    """
    from advisor.pricing.catalog import (
        bundled_pricing_dir,
        load_pricing_file,
        pricing_problems,
        stand_ins,
    )

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
        problems = pricing_problems(pricing, today, allow_stand_ins=allow_stand_ins)
        for problem in problems:
            say(f"{path}: {problem}")
        failed = failed or bool(problems)
        if not problems:
            borrowed = stand_ins(pricing)
            for where, reason in borrowed:
                say(f"{path}: warning: {where} is a stand-in ({reason})")
            age = (today - pricing.effective_date).days
            note = f", {len(borrowed)} stand-ins allowed" if borrowed else ""
            line = (
                f"ok {path}: {pricing.region}, effective {pricing.effective_date} "
                f"({age} days){note}"
            )
            emit(terminal(line) + "\n")
    if failed:
        raise typer.Exit(ExitCode.CHECK_FAILED)


def register(app: typer.Typer) -> None:
    """Add the command group to the app."""
    app.add_typer(pricing_app, name="pricing")


def _load(path: Path) -> PricingFile:
    from advisor.pricing.catalog import load_pricing_file

    return load_pricing_file(path.resolve())


def _file_for(region: str | None, path: Path | None) -> Path:
    from advisor.pricing.catalog import bundled_pricing_dir, bundled_regions, user_regions

    if path is not None:
        return path
    region = region or "us-east-1"
    rebuilt = user_regions().get(region)  # the file reports use: the user's before the bundled
    if rebuilt is not None:
        return rebuilt
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
    from advisor.pricing.catalog import stand_ins

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
    ]
    if pricing.unpriced:
        lines.append(f"  not priced in this file: {', '.join(pricing.unpriced)}")
    missing = [name for name in OPTIONAL_SECTIONS if getattr(pricing, name) is None]
    if missing:
        lines.append(f"  not priced in this region (no section): {', '.join(missing)}")
    managed = pricing.lambda_managed_instances
    if managed is None:
        lines.append("  Lambda Managed Instances: not priced in this file (no section for them)")
    else:
        fee = managed.management_fee.bands[0].price * 100
        per_million = managed.requests.bands[0].price * 1_000_000
        lines.append(
            f"  Lambda Managed Instances: EC2 on-demand + {fee.normalize():f} % management fee, "
            f"${per_million:.2f} per million requests"
        )
    lines.append("  sources:")
    for key, source in pricing.all_sources.items():
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
    lines += purchase_lines(pricing)
    borrowed = stand_ins(pricing)
    lines.append(f"  stand-ins: {len(borrowed) or 'none'}")
    lines.extend(f"    {where}: {reason}" for where, reason in borrowed)
    emit("\n".join(terminal(line) for line in lines) + "\n")


def purchase_lines(pricing: PricingFile) -> list[str]:
    """The purchase options a file prices (Savings Plans, Spot), or that it prices none."""
    options = pricing.purchase_options
    if options is None:
        return ["  purchase options: none in this file (Savings Plans and Spot are not priced)"]
    spot = "Spot" if options.spot is not None else "no Spot"
    lines = [f"  purchase options: {len(options.savings_plans)} Savings Plans, {spot}; sources:"]
    for key, source in options.sources.items():
        marker = " [STAND-IN]" if source.stand_in else ""
        checked = f" (checked {source.checked})" if source.checked else ""
        lines.append(f"    {key}: {source.title}{checked}{marker}")
    return lines


@pricing_app.command("diff")
@user_errors
def diff_command(
    old: Annotated[Path, typer.Argument(metavar="OLD", help="The earlier pricing file.")],
    new: Annotated[Path, typer.Argument(metavar="NEW", help="The later pricing file.")],
) -> None:
    """Which rates changed between two pricing files, and by how much.

    Example: advisor pricing diff pricing/aws/us-east-1.yaml us-east-1.new.yaml
    """
    from advisor.pricing.catalog import diff_pricing

    changes = diff_pricing(_load(old), _load(new))
    if not changes:
        emit("no rate changed\n")
        return
    for raw_key, before, after, raw_unit in changes:
        key, unit = terminal(raw_key), terminal(raw_unit)
        if before is None:
            emit(f"added    {key}: ${after:f}/{unit}\n")
        elif after is None:
            emit(f"removed  {key}: was ${before:f}/{unit}\n")
        else:
            percent = (after - before) / before * 100 if before else Decimal(0)
            emit(f"changed  {key}: ${before:f} -> ${after:f}/{unit} ({percent:+.2f} %)\n")


REGION_NAME = re.compile(r"[a-z]{2}(-[a-z]+)+-\d{1,2}")
"""An AWS region's name (us-east-1, ap-southeast-1, us-gov-west-1); it names a file, so
nothing else (no `../`) gets through."""


@pricing_app.command()
@user_errors
def update(
    region: Annotated[str, typer.Option(help="The region to price, e.g. eu-west-1.")],
    services: Annotated[
        str, typer.Option(help="Comma-separated: lambda,fargate,ec2,apigateway,elb,nat.")
    ] = "lambda,fargate,ec2,apigateway,elb,nat",
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Where to write (default: your data folder, which reports read before the "
            "bundled files).",
        ),
    ] = None,
    from_offer_file: Annotated[
        list[Path] | None,
        typer.Option(
            help="Build from AWS's public offer files (JSON, read as a stream) instead; no "
            "credentials needed. Repeat for several services."
        ),
    ] = None,
    deadline: Annotated[
        float, typer.Option(help="Give up on the Price List API after this many seconds.")
    ] = 300.0,
    endpoint_url: Annotated[str | None, typer.Option(hidden=True)] = None,
) -> None:
    """Rebuild a pricing file from the AWS Price List API (boto3, credentials from the standard
    chain, endpoint in us-east-1) or from AWS's public offer files, into your data folder (or
    --output), never into the installed package. The file is written whole or not at all, with
    the offer version and date of every figure.

    Examples:

      advisor pricing update --region eu-west-1

      advisor pricing update --region us-east-1 --services lambda --from-offer-file index.json
    """
    from advisor.pricing.catalog import load_pricing_file
    from advisor.refresh import (
        SERVICES,
        Limits,
        build_pricing_file,
        fetch_offers,
        read_offer_file,
        to_yaml,
    )

    if not REGION_NAME.fullmatch(region):
        raise AdvisorError(f"--region: {region[:40]!r} is not an AWS region name (like eu-west-1)")
    wanted = [s.strip() for s in services.split(",") if s.strip()]
    unknown = [s for s in wanted if s not in SERVICES]
    if unknown or not wanted:
        raise AdvisorError(
            f"--services: unknown '{', '.join(unknown) or services}'; "
            f"choose from {', '.join(SERVICES)}"
        )
    if not 0 < deadline <= 86_400:
        raise AdvisorError("--deadline: give a number of seconds above 0 and at most a day (86400)")
    target = _update_target(region, output)
    base_path = target if target.is_file() else _bundled_file(region)
    base = load_pricing_file(base_path.resolve()) if base_path and base_path.is_file() else None
    with _ProgressBar() as bar:
        if from_offer_file:
            offers = []
            for path in from_offer_file:
                bar.start(f"reading {path.name}")
                offers.append(read_offer_file(path, region, bar.bytes_read))
        else:
            bar.start(f"Price List API, {region}")
            offers = fetch_offers(region, wanted, endpoint_url, Limits(deadline), bar.page_read)
    pricing = build_pricing_file(region, offers, wanted, base, dt.date.today())
    _write(to_yaml(pricing), target, from_offer_file or [])
    say(
        f"wrote {target} ({len(pricing.ec2.instances)} instance types, "
        f"effective {pricing.effective_date})"
    )
    if output is None:
        say(f"reports for {region} now use it before the bundled file (delete it to go back)")


def _bundled_file(region: str) -> Path | None:
    from advisor.pricing.catalog import bundled_pricing_dir

    path = bundled_pricing_dir() / "aws" / f"{region}.yaml"
    return path if path.is_file() else None


def _update_target(region: str, output: Path | None) -> Path:
    """--output, or the region's file in the user data folder; never the installed package,
    whose files a reinstall replaces."""
    from advisor.pricing.catalog import user_pricing_dir

    default = user_pricing_dir() / "aws" / f"{region}.yaml"
    if output is None:
        return default
    package = Path(__file__).resolve().parent.parent
    if output.resolve().is_relative_to(package):
        raise AdvisorError(
            f"--output: {output} is inside the installed advisor package, which a reinstall "
            f"replaces; write it elsewhere (without --output: {default})"
        )
    return output


STALE_AFTER_S = 3600
"""A temporary file beside the target this old is from a run that was killed (SIGKILL, power
loss) before it could remove it; a run still writing is done in seconds."""


def _write(text: str, target: Path, inputs: list[Path]) -> None:
    """The file whole or not at all; a write that fails is one line and exit 2, and leaves no
    temporary file behind. Temporary files that killed runs left beside the target go too."""
    import time

    from advisor.cli.console import write_output
    from advisor.output import TEMPORARY_PREFIX

    try:
        strays = [
            *target.parent.glob(f".{glob.escape(target.name)}.*.tmp"),  # named by older versions
            *target.parent.glob(f"{TEMPORARY_PREFIX}*.tmp"),
        ]
        for stray in strays:
            if time.time() - stray.stat().st_mtime > STALE_AFTER_S:
                stray.unlink()
                say(f"removed {stray}, left by an update that was killed while writing")
    except OSError:
        pass  # a folder we cannot list or clean is reported by the write itself
    try:
        write_output(text, target, inputs)
    except OSError as exc:
        raise AdvisorError(f"{target}: cannot write: {exc.strerror or exc}") from None


class _ProgressBar:
    """Progress on stderr while offer files are read or API pages come in, only on a terminal;
    nothing in a CI log."""

    def __enter__(self) -> _ProgressBar:
        self.bar: Progress | None = None
        self.task: TaskID | None = None
        if sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, Progress, TextColumn

            self.bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                TextColumn("{task.fields[detail]}"),
                console=Console(stderr=True),
                transient=True,
            )
            self.bar.start()
        return self

    def start(self, description: str) -> None:
        """A new line of progress."""
        if self.bar is not None:
            if self.task is not None:
                self.bar.remove_task(self.task)
            self.task = self.bar.add_task(description, total=None, detail="")

    def bytes_read(self, done: int, size: int | None) -> None:
        """Bytes of an offer file read so far."""
        if self.bar is not None and self.task is not None:
            detail = f"{done / 1e6:,.0f} MB" + (f" of {size / 1e6:,.0f} MB" if size else "")
            self.bar.update(self.task, completed=done, total=size, detail=detail)

    def page_read(self, code: str, page: int, items: int) -> None:
        """A page of the Price List API answered."""
        if self.bar is not None and self.task is not None:
            detail = f"{code} page {page}, {items} items kept"
            self.bar.update(self.task, detail=detail)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()
