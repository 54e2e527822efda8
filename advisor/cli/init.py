"""`advisor init`: a commented workload file for a workload that does not run yet."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from advisor.cli.console import emit, say, user_errors
from advisor.errors import AdvisorError

EXAMPLES = """
Examples:

  advisor init --name checkout-api --requests 2000000 --duration-ms 120 --memory-mb 512

  advisor init --name nightly-export --requests 30 --pattern scheduled --output export.yaml
"""


def stdin_is_terminal() -> bool:
    """Whether a person can answer questions."""
    return sys.stdin.isatty()


def _ask(label: str, value: Any, default: Any, kind: type) -> Any:
    if value is not None:
        return value
    if stdin_is_terminal():
        return typer.prompt(label, default=default, type=kind, err=True)
    return default


@user_errors
def init_command(
    name: Annotated[
        str | None, typer.Option(help="The workload's name (asked on a terminal).")
    ] = None,
    requests: Annotated[
        int | None, typer.Option(min=1, help="Requests a month (default 1,000,000).")
    ] = None,
    pattern: Annotated[
        str | None, typer.Option(help="steady, diurnal, bursty or scheduled (default steady).")
    ] = None,
    duration_ms: Annotated[
        float | None, typer.Option(min=0.001, help="Mean duration of a request, ms (default 100).")
    ] = None,
    memory_mb: Annotated[
        int | None, typer.Option(min=128, help="Memory of one Lambda environment (default 512).")
    ] = None,
    architecture: Annotated[
        str | None,
        typer.Option(help="x86_64 or arm64 (default: not pinned; Graviton shown beside x86)."),
    ] = None,
    runtime: Annotated[
        str, typer.Option(help="Runtime, for the cold-start estimate.")
    ] = "python3.12",
    region: Annotated[str, typer.Option(help="AWS region.")] = "us-east-1",
    entry: Annotated[
        str | None,
        typer.Option(help="api_gateway_http, api_gateway_rest, alb, function_url, queue, none."),
    ] = None,
    latency_p99_ms: Annotated[
        float | None, typer.Option(min=0.001, help="End-to-end p99 target, ms.")
    ] = None,
    description: Annotated[str, typer.Option(help="What the workload does.")] = "",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here (whole or not at all).")
    ] = None,
    force: Annotated[bool, typer.Option(help="Replace --output if it exists.")] = False,
) -> None:
    """Write a commented workload file for a workload that does not run yet: the values given,
    what each key means, the optional keys commented out. On a terminal it asks for what the
    flags leave out; elsewhere the defaults apply (and --name is required)."""
    from advisor.cli.console import write_output
    from advisor.input.scaffold import Answers, workload_text

    chosen = _ask("Name", name, None, str)
    if not chosen:
        raise AdvisorError("--name is required (or run `advisor init` on a terminal to be asked)")
    answers = Answers(
        name=chosen,
        monthly_requests=_ask("Requests a month", requests, 1_000_000, int),
        pattern=_ask("Pattern (steady, diurnal, bursty, scheduled)", pattern, "steady", str),
        duration_ms=_ask("Mean duration of a request, ms", duration_ms, 100.0, float),
        memory_mb=_ask("Memory, MB", memory_mb, 512, int),
        architecture=architecture,
        runtime=runtime,
        region=region,
        entry=entry,
        latency_p99_ms=latency_p99_ms,
        description=description,
    )
    text = workload_text(answers)
    if output is None:
        emit(text)
        return
    if output.exists() and not force:
        raise AdvisorError(f"{output}: exists; --force replaces it")
    write_output(text, output)
    say(f"wrote {output}; next: advisor recommend {output}")


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("init", epilog=EXAMPLES)(init_command)
