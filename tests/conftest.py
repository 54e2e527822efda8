"""Shared helpers: write workload files, run the CLI with stdout and stderr kept apart."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import textwrap
import venv
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings
from typer.testing import CliRunner

from advisor.cli import app
from advisor.compare.batch import _catalog

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"

# CI runs the same examples every time (chosen from each test's own hash) and keeps no database
# of past failures: a red CI run is the code's doing, never the draw's. Elsewhere examples are
# drawn at random, to find what CI's fixed draw does not. Loaded here, before any test module
# makes its settings, which inherit the profile.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI") == "true":
    settings.load_profile("ci")


@dataclass
class Run:
    """What one CLI run printed, and its exit code."""

    code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        """stdout parsed as JSON."""
        return json.loads(self.stdout)


def run_cli(*args: str) -> Run:
    """Run `advisor ARGS` in-process; unexpected exceptions propagate."""
    result = CliRunner().invoke(app, list(args), catch_exceptions=False, env={"COLUMNS": "160"})
    return Run(result.exit_code, result.stdout, result.stderr)


@pytest.fixture(autouse=True)
def _own_data_folder(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """An empty data folder for every test: none reads the pricing files `advisor pricing
    update` wrote on this machine, or writes there, nor (through the process's catalog, kept
    between commands) the files another test wrote."""
    monkeypatch.setenv("ADVISOR_DATA_DIR", str(tmp_path_factory.mktemp("data")))
    yield
    _catalog.cache_clear()


@pytest.fixture
def cli() -> Callable[..., Run]:
    """The CLI runner."""
    return run_cli


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write a dedented YAML file into a temporary folder and return its path."""

    def _write(text: str, name: str = "workload.yaml") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip())
        return path

    return _write


@pytest.fixture
def priced(cli: Callable[..., Run], write: Callable[[str, str], Path]) -> Callable[..., Any]:
    """Write a workload, run `recommend --format json` on it; the report, or one option of it."""

    def _priced(body: str, key: str | None = None) -> Any:
        run = cli("recommend", str(write(body)), "--format", "json")
        assert run.code == 0, run.stderr
        return option(run.json(), key) if key else run.json()

    return _priced


def option(report: dict[str, Any], key: str) -> dict[str, Any]:
    """The option of a JSON report with key `lambda`, `fargate`, `ec2` or `lambda:provisioned`."""
    for candidate in report["options"]:
        variant = candidate.get("variant")
        platform = candidate["platform"]
        if (
            key == platform
            and (variant is None or key != "lambda")
            or key == f"{platform}:{variant}"
        ):
            return candidate
    raise KeyError(key)


def items(opt: dict[str, Any]) -> dict[str, str]:
    """Line items of an option as name -> monthly cost."""
    return {i["name"]: i["monthly_cost"] for i in opt["line_items"]}


OUTSIDE_EXAMPLES = (
    "INIT duration",
    "CloudWatch Logs",
    "Data transfer out",
    "Public IPv4",
)
"""Lines AWS's worked examples leave out: INIT phases (billed since August 2025, after the
examples were written), and the charges of other services a real bill carries beside them."""


def before_init(opt: dict[str, Any]) -> tuple[dict[str, str], Decimal]:
    """An option's line items but those AWS's worked examples leave out (`OUTSIDE_EXAMPLES`),
    and what those cost."""
    costs = items(opt)
    kept = {k: v for k, v in costs.items() if not k.startswith(OUTSIDE_EXAMPLES)}
    # the rest as the total less the lines kept (the total is rounded once, not line by line)
    return kept, Decimal(opt["monthly_cost"]) - sum(map(Decimal, kept.values()), Decimal(0))


def compute_lines(opt: dict[str, Any]) -> dict[str, str]:
    """An option's line items but the logs and data transfer every option carries
    (`OUTSIDE_EXAMPLES`): its compute, for tests of how it is sized."""
    return before_init(opt)[0]


BESIDE = ("CloudWatch Logs", "Data transfer out")
"""The logs and data sent out that every option behind one door carries alike."""


def beside(opt: dict[str, Any]) -> Decimal:
    """What an option's logs and data sent out cost (`BESIDE`), line by line: the same on its
    alternatives, so a figure worked before they were priced is the total less this (to a cent
    of rounding)."""
    return sum((Decimal(v) for k, v in items(opt).items() if k.startswith(BESIDE)), Decimal(0))


def pytest_addoption(parser: pytest.Parser) -> None:
    """`--update-golden` rewrites golden files from the current output."""
    parser.addoption("--update-golden", action="store_true", help="rewrite golden files")


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """Compare text with tests/golden/NAME, showing a unified diff; rewrite with --update-golden."""
    import difflib

    def check(name: str, actual: str) -> None:
        path = ROOT / "tests" / "golden" / name
        if request.config.getoption("--update-golden"):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual)
            return
        expected = path.read_text()
        if actual != expected:
            diff = "".join(
                difflib.unified_diff(
                    expected.splitlines(True), actual.splitlines(True), str(path), "actual"
                )
            )
            pytest.fail(f"output differs from {path} (rerun with --update-golden):\n{diff}")

    return check


API_WORKLOAD = """\
version: 1
name: api
traffic: {monthly_requests: 100000}
execution: {duration_ms: 100, memory_mb: 512}
"""
"""$0.24 a month on Lambda: 100,000 x 0.1 s x 0.5 GB = 5,000 GB-s x $0.0000166667 = $0.0833,
requests 100,000 x $0.0000002 = $0.02, HTTP API 100,000 x $1.00 per million = $0.10, logs
100,000 x (0.5 + 0.3) KB = 0.0763 GB x ($0.50 + $0.03) = $0.0404 (the data sent out, 0.76 GB,
within the free 100 GB); $0.2437."""
JOB_WORKLOAD = """\
version: 1
name: nightly
traffic: {monthly_requests: 30, pattern: scheduled}
execution: {duration_ms: 60000, memory_mb: 1024}
entry: none
"""
WORKFLOW = """\
name: ci
on: [push]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - run: echo hello
"""


def git(repo: Path, *args: str) -> str:
    """Run git in `repo` as a throwaway identity; its output."""
    done = subprocess.run(
        ["git", "-c", "user.name=test", "-c", "user.email=test@example.com", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    """A scratch git repository as a real one looks (branch `main`, one commit): two workload
    files among YAML that is not ours (a GitHub workflow, a policy, a pricing file, pre-commit's
    configuration) and environments holding copies of the workloads (`.venv` and a venv named
    `env` made by the venv module, `node_modules`), which a scan must never read: a copy read
    twice is a duplicate name, a failure."""
    repo = tmp_path / "repo"
    (repo / "workloads").mkdir(parents=True)
    (repo / "workloads" / "api.yaml").write_text(API_WORKLOAD)
    (repo / "workloads" / "nightly.yaml").write_text(JOB_WORKLOAD)
    (repo / ".github" / "workflows").mkdir(parents=True)
    (repo / ".github" / "workflows" / "ci.yml").write_text(WORKFLOW)
    (repo / "advisor-policy.yaml").write_text("version: 1\nbudgets: {monthly_total: 100}\n")
    (repo / "pricing" / "aws").mkdir(parents=True)
    shutil.copy(ROOT / "pricing" / "aws" / "us-east-1.yaml", repo / "pricing" / "aws")
    (repo / ".pre-commit-config.yaml").write_text("repos: []\n")
    for environment in (".venv", "env"):
        venv.create(repo / environment, with_pip=False, symlinks=True)
        shutil.copy(repo / "workloads" / "api.yaml", repo / environment / "api.yaml")
    (repo / "node_modules" / "pkg").mkdir(parents=True)
    shutil.copy(repo / "workloads" / "api.yaml", repo / "node_modules" / "pkg" / "api.yaml")
    (repo / ".gitignore").write_text(".venv/\nenv/\nnode_modules/\n")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    return repo
