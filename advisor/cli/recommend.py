"""`advisor recommend`: price workloads on every platform and recommend one."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer

from advisor.cli.console import deliver, say, stdout_is_terminal, terminal_width, user_errors
from advisor.decide.report import analyze
from advisor.errors import AdvisorError
from advisor.input.documents import Document, SystemDocument, load_document
from advisor.models.report import Report
from advisor.models.system import SystemReport
from advisor.models.workload import COMMITMENTS
from advisor.pricing.catalog import Catalog
from advisor.pricing.purchase import with_commitment
from advisor.render import OutputFormat, render

EXAMPLES = """
Examples:

  advisor recommend scenarios/image-thumbnails.yaml

  advisor recommend scenarios/api-steady-1000rps.yaml --format json > report.json

  advisor recommend my-service.yaml --pricing my-negotiated-prices.yaml

  advisor recommend scenarios/trading-api.yaml --format html --output report.html

  advisor recommend scenarios/api-10m.yaml --region eu-west-1
"""

PricingOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--pricing",
        help="A pricing file to use instead of the bundled ones (repeat for several regions).",
        metavar="FILE",
    ),
]


CommitmentOption = Annotated[
    str | None,
    typer.Option(
        "--commitment",
        help="Price with this Savings Plan (e.g. compute-1y-no-upfront), over the files' own "
        "purchase.commitment; `none` for on demand.",
        metavar="PLAN",
    ),
]


def checked_commitment(plan: str | None) -> str | None:
    """The --commitment value, or a usage error that lists the plans."""
    if plan is not None and plan not in COMMITMENTS:
        close = difflib.get_close_matches(plan, COMMITMENTS, n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        raise AdvisorError(
            f"--commitment: unknown plan '{plan}'; {hint}known: {', '.join(COMMITMENTS)}"
        )
    return plan


OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write to this file (whole or not at all), not stdout."),
]


def catalog_from(pricing: list[Path] | None) -> Catalog:
    """The bundled pricing files, or the user's own."""
    return Catalog(pricing or None)


def note_rows_pricing(regions: Iterable[str], pricing: list[Path] | None) -> None:
    """`note_user_pricing` for compare and check, whose catalogs live in their workers: the
    rows' regions that have a file in the user's data folder (none with --pricing)."""
    if not pricing:
        from advisor.pricing.catalog import user_regions

        note_user_pricing(set(regions) & set(user_regions()))


def note_user_pricing(regions: Iterable[str]) -> None:
    """One line on stderr when regions were priced from the files `advisor pricing update` wrote
    to the user's data folder rather than the bundled ones, so a figure that differs from a
    colleague's has its reason on screen."""
    used = sorted(set(regions))
    if used:
        from advisor.pricing.catalog import shown_path, user_pricing_dir

        say(
            f"note: {', '.join(used)} priced from your own pricing files in "
            f"{shown_path(user_pricing_dir() / 'aws')} (`advisor pricing update`), not the "
            "bundled ones"
        )


def in_region(document: Document, region: str | None) -> Document:
    """The document with every workload moved to `region` (for --region)."""
    if region is None:
        return document
    if isinstance(document, SystemDocument):
        services = [
            replace(s, workload=s.workload.model_copy(update={"region": region}))
            for s in document.services
        ]
        system = document.system.model_copy(update={"region": region})
        return replace(document, system=system, services=services)
    return replace(document, workload=document.workload.model_copy(update={"region": region}))


@user_errors
def recommend(
    files: Annotated[
        list[Path],
        typer.Argument(metavar="FILE", help="Workload files (YAML).", show_default=False),
    ],
    fmt: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Output format.")
    ] = OutputFormat.TABLE,
    pricing: PricingOption = None,
    output: OutputOption = None,
    region: Annotated[
        str | None,
        typer.Option(help="Price in this region instead of the files' own (a bundled region)."),
    ] = None,
    commitment: CommitmentOption = None,
    chart: Annotated[
        bool | None,
        typer.Option(
            "--chart/--no-chart",
            help="Cost-against-traffic chart under the table (default: on a terminal 100+ wide).",
        ),
    ] = None,
) -> None:
    """Price workloads on Lambda, Fargate and EC2, line item by line item, and recommend one.

    A system file (`kind: system`) gets a recommendation per service and the hybrid design,
    priced with what the services share, beside the same system all on Lambda and all on
    containers.
    """
    plan = checked_commitment(commitment)
    catalog = catalog_from(pricing)
    if region is not None and region not in catalog.regions:
        raise AdvisorError(
            f"--region: no pricing file for region '{region}'; known: {', '.join(catalog.regions)}"
        )
    width = terminal_width()
    show_chart = fmt is OutputFormat.TABLE and (
        chart if chart is not None else stdout_is_terminal() and width >= 100
    )
    with_curve = fmt is OutputFormat.HTML or show_chart
    reports: list[Report | SystemReport] = []
    for path in files:
        document = in_region(load_document(path), region)
        if isinstance(document, SystemDocument):
            from advisor.decide.system import analyze_system

            reports.append(analyze_system(document, catalog, with_curve=with_curve))
        else:
            reports.append(
                analyze(
                    with_commitment(document.workload, plan),
                    catalog,
                    document.source,
                    source_label=str(path),
                    with_curve=with_curve,
                )
            )
    text = render(reports, fmt, width=width, color=stdout_is_terminal() and output is None)
    if show_chart:
        from advisor.render.terminal_chart import cost_chart

        color = stdout_is_terminal() and output is None
        charts = (
            cost_chart(r, width=min(width, 120), color=color)
            for r in reports
            if isinstance(r, Report)
        )
        text += "".join(charts)
    deliver(text, output, inputs=[*files, *(pricing or [])])
    note_user_pricing(catalog.from_user_data())


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command(epilog=EXAMPLES)(recommend)
