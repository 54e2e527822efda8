"""`advisor init`: a commented workload file that loads as any other, from flags or answers."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from advisor.cli import app
from advisor.input.loading import load_model
from advisor.models.workload import Workload


def load(text: str, tmp_path: Path) -> Workload:
    path = tmp_path / "init.yaml"
    path.write_text(text)
    return load_model(Workload, path)


def test_flags_make_a_file_that_loads(cli, tmp_path):  # type: ignore[no-untyped-def]
    run = cli(
        "init", "--name", "checkout-api", "--requests", "2000000", "--duration-ms", "120",
        "--memory-mb", "512", "--entry", "alb", "--latency-p99-ms", "300",
    )  # fmt: skip
    assert run.code == 0, run.stderr
    workload = load(run.stdout, tmp_path)
    assert workload.name == "checkout-api"
    assert workload.traffic.monthly_requests == 2_000_000
    assert workload.execution.duration_ms == 120
    assert workload.execution.memory_mb == 512
    assert workload.entry is not None and workload.entry.value == "alb"
    assert workload.requirements.latency_p99_ms == 300
    assert "# peak_rps: 40" in run.stdout  # the optional keys, commented out
    assert run.stdout.startswith("# A workload that does not run yet")


def test_hostile_names_stay_one_value(cli, tmp_path):  # type: ignore[no-untyped-def]
    name = "a\"b' entry: alb # c"
    run = cli("init", "--name", name, "--description", "x: [1")
    assert run.code == 0, run.stderr
    workload = load(run.stdout, tmp_path)
    assert workload.name == name and workload.description == "x: [1"
    assert workload.entry is None


def test_a_name_that_breaks_the_line_is_refused(cli):  # type: ignore[no-untyped-def]
    run = cli("init", "--name", "a\nentry: alb")
    assert run.code == 2 and run.stdout == ""
    assert "line breaks" in run.stderr


def test_output_is_never_replaced_unasked(cli, tmp_path):  # type: ignore[no-untyped-def]
    target = tmp_path / "new.yaml"
    assert cli("init", "--name", "a", "--output", str(target)).code == 0
    target.write_text("# mine\n")
    again = cli("init", "--name", "b", "--output", str(target))
    assert again.code == 2 and "exists; --force replaces it" in again.stderr
    assert target.read_text() == "# mine\n"
    assert cli("init", "--name", "b", "--output", str(target), "--force").code == 0
    assert load(target.read_text(), tmp_path).name == "b"


def test_without_a_terminal_the_name_is_required(cli):  # type: ignore[no-untyped-def]
    run = cli("init")
    assert run.code == 2
    assert "--name is required" in run.stderr


def test_an_unknown_value_suggests_the_closest(cli):  # type: ignore[no-untyped-def]
    run = cli("init", "--name", "a", "--pattern", "diurnl")
    assert run.code == 2
    assert "--pattern: unknown 'diurnl'; did you mean 'diurnal'?" in run.stderr


def test_on_a_terminal_it_asks_for_what_the_flags_leave_out(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr("advisor.cli.init.stdin_is_terminal", lambda: True)
    answers = "orders\n5000000\ndiurnal\n80\n\n"  # the memory question keeps its default
    target = tmp_path / "orders.yaml"
    # (click's test runner echoes the answers to stdout, so the file goes to --output)
    result = CliRunner().invoke(
        app, ["init", "--runtime", "nodejs22.x", "--output", str(target)], input=answers
    )
    assert result.exit_code == 0, result.stderr
    workload = load_model(Workload, target)
    assert workload.name == "orders"
    assert workload.traffic.monthly_requests == 5_000_000
    assert workload.traffic.pattern.value == "diurnal"
    assert workload.execution.duration_ms == 80
    assert workload.execution.memory_mb == 512
    assert workload.execution.runtime == "nodejs22.x"
    assert "Requests a month" in result.stderr  # the questions go to stderr
