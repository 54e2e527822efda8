"""A commented workload file for a workload that does not run yet (`advisor init`): the values
given, what each key means, and the optional keys commented out for the user to fill in."""

from __future__ import annotations

import datetime as dt
import difflib
import json
from dataclasses import dataclass
from pathlib import Path

from advisor.errors import AdvisorError

PATTERNS = ("steady", "diurnal", "bursty", "scheduled")
ENTRIES = (
    "api_gateway_http",
    "api_gateway_rest",
    "api_gateway_websocket",
    "alb",
    "function_url",
    "queue",
    "none",
)


@dataclass(frozen=True)
class Answers:
    """What `advisor init` was told (flags or answers)."""

    name: str
    monthly_requests: int = 1_000_000
    pattern: str = "steady"
    duration_ms: float = 100.0
    memory_mb: int = 512
    architecture: str | None = None
    """None: not pinned (priced on x86_64, with Graviton shown beside each option)."""
    runtime: str = "python3.12"
    region: str = "us-east-1"
    entry: str | None = None
    latency_p99_ms: float | None = None
    description: str = ""


def _quoted(text: str) -> str:
    """User text as a YAML double-quoted scalar (JSON's escaping is valid YAML)."""
    return json.dumps(text)


def _figure(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _check(answers: Answers) -> None:
    from advisor.models.runtimes import INIT_MS

    for label, value, known in (
        ("--pattern", answers.pattern, PATTERNS),
        ("--runtime", answers.runtime, tuple(INIT_MS)),
        ("--architecture", answers.architecture, ("x86_64", "arm64")),
        ("--entry", answers.entry, ENTRIES),
    ):
        if value is not None and value not in known:
            close = difflib.get_close_matches(value, known, n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            raise AdvisorError(f"{label}: unknown '{value}'; {hint}known: {', '.join(known)}")
    if not answers.name.strip():
        raise AdvisorError("--name: give the workload a name")


def workload_text(answers: Answers, today: dt.date | None = None) -> str:
    """The commented workload file; an AdvisorError for a value no workload file accepts."""
    _check(answers)
    today = today or dt.date.today()
    a = answers
    rows: list[tuple[str, str]] = [
        ("version: 1", ""),
        (f"name: {_quoted(a.name)}", ""),
        (f"description: {_quoted(a.description)}", ""),
        (f"region: {a.region}", "picks the pricing file"),
        ("traffic:", ""),
        (f"  monthly_requests: {a.monthly_requests}", "a month (scheduled: job runs a month)"),
        (f"  pattern: {a.pattern}", "steady | diurnal | bursty | scheduled"),
        ("  # peak_rps: 40", "highest rate within an hour; else from the pattern"),
        ("  # hourly_profile: [...]", "24 or 168 weights, one an hour, Monday 00:00 UTC first"),
        ("execution:", ""),
        (f"  duration_ms: {_figure(a.duration_ms)}", "mean duration of one request"),
        (f"  memory_mb: {a.memory_mb}", "memory of one Lambda environment"),
        (
            f"  architecture: {a.architecture}" if a.architecture else "  # architecture: arm64",
            "x86_64 | arm64; unset: priced on x86_64, Graviton shown beside it",
        ),
        (f"  runtime: {a.runtime}", "drives the cold-start estimate"),
        ("  # duration_p99_ms: 400", "p99 of a warm request"),
        ("  # init_ms: 300", "measured cold-start (INIT) time"),
        ("requirements:", ""),
        (
            f"  latency_p99_ms: {_figure(a.latency_p99_ms)}"
            if a.latency_p99_ms
            else "  # latency_p99_ms: 500",
            "end-to-end p99 target; cold starts count against it",
        ),
        ("  stateful: false", "keeps in-memory state between requests"),
        ("  persistent_connections: false", "WebSockets or other long-lived connections"),
        ("lambda:", ""),
        ("  free_tier: false", "subtract the monthly free tier (once per account)"),
        ("  provisioned_concurrency: 0", "environments kept warm"),
        ("# container:", "how the same work runs in a container"),
        ("#   vcpu: 1", ""),
        ("#   memory_gb: 2", ""),
        ("#   concurrency: 10", "requests one task serves at once"),
        ("#   min_tasks: 2", "floor for availability"),
        (
            f"entry: {a.entry}" if a.entry else "# entry: api_gateway_http",
            "api_gateway_http | api_gateway_rest | alb | function_url | none",
        ),
    ]
    width = max(len(code) for code, _ in rows) + 2
    lines = [
        f"# A workload that does not run yet, written by `advisor init` on {today.isoformat()}.",
        "# Every figure is an estimate: change it, then `advisor recommend THIS-FILE`.",
        "# Commented keys are optional; `advisor schema workload` lists every key and its bounds.",
    ]
    lines += [f"{code.ljust(width)}# {note}" if note else code for code, note in rows]
    text = "\n".join(lines) + "\n"
    _validate(text)
    return text


def _validate(text: str) -> None:
    """The file must load as any workload file would."""
    import tempfile

    from advisor.input.loading import load_model
    from advisor.models.workload import Workload

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "init.yaml"
        path.write_text(text, encoding="utf-8")
        try:
            load_model(Workload, path)
        except AdvisorError as exc:
            key = exc.location.key if exc.location else ""
            raise AdvisorError(f"{key or 'value'}: {exc.message}") from None
