"""Bounds: endless, huge, tiny, deep and self-including inputs stop at once with one located line
and exit 2; an error advisor did not expect is one line asking for a report, also exit 2."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.conftest import ROOT, SCENARIOS, run_cli
from tests.hostile import GOOD, advisor, refused

PRICING = ROOT / "pricing" / "aws" / "us-east-1.yaml"


def test_an_endless_file_stops_at_the_cap() -> None:
    # /dev/zero has no end: read whole, it filled memory; read to the cap, it stops at once
    refused(
        advisor("recommend", "/dev/zero"),
        "/dev/zero: larger than 5,242,880 bytes, the cap on input files",
        "set ADVISOR_MAX_INPUT_BYTES to raise it",
    )


def test_the_cap_can_be_raised_or_lowered(tmp_path: Path) -> None:
    workload = tmp_path / "w.yaml"
    workload.write_text(GOOD)
    refused(
        advisor("recommend", str(workload), env={"ADVISOR_MAX_INPUT_BYTES": "50"}),
        f"{workload}: larger than 50 bytes",
    )
    assert advisor("recommend", str(workload), env={"ADVISOR_MAX_INPUT_BYTES": "100000"}).code == 0
    refused(
        advisor("recommend", str(workload), env={"ADVISOR_MAX_INPUT_BYTES": "lots"}),
        "ADVISOR_MAX_INPUT_BYTES must be a whole number of bytes (got 'lots')",
    )


def test_megabytes_of_unknown_keys(tmp_path: Path) -> None:
    # over the cap: refused before parsing; under it: the first unknown key, located, in one line
    # (the error path once took minutes and 8 GB for 50 MB)
    keys = "".join(f"unknown_{number:07d}: 1\n" for number in range(60_000))
    big, bigger = tmp_path / "big.yaml", tmp_path / "bigger.yaml"
    big.write_text(GOOD + keys)
    bigger.write_text(GOOD + keys * 6)
    refused(advisor("recommend", str(bigger)), "larger than 5,242,880 bytes")
    line = refused(run_cli("recommend", str(big)), f"{big}:8:1: unknown_0000000: unknown key")
    assert len(line) < 400


def test_a_saved_report_with_a_billion_digit_amount(tmp_path: Path) -> None:
    # "1e999999999" is one small Decimal; printed as a plain number it is a billion digits
    report = json.loads(run_cli("recommend", str(SCENARIOS / "api-10m.yaml"), "-f", "json").stdout)
    report["recommendation"]["monthly_cost"] = "1e999999999"
    saved = tmp_path / "report.json"
    saved.write_text(json.dumps(report))
    refused(
        advisor("render", str(saved)),
        f"{saved}: not an advisor report: recommendation.monthly_cost: is too large",
    )
    refused(advisor("diff", str(saved), str(saved)), "recommendation.monthly_cost: is too large")
    report["recommendation"]["monthly_cost"] = "1e-999999999"
    saved.write_text(json.dumps(report))
    refused(run_cli("render", str(saved)), "monthly_cost: has more than 40 decimal places")


@pytest.mark.parametrize(
    ("budget", "message"),
    [
        ('"1e999999999"', "budgets.monthly_total: is too large"),
        ("-5", "budgets.monthly_total: Input should be greater than or equal to 0"),
        # YAML 1.2 (yaml-rs) reads 1e999 as a float, infinity (1.1 read it as text)
        ("1e999", "budgets.monthly_total: Input should be a finite number (got inf)"),
        ("true", "budgets.monthly_total: Decimal input should be"),
    ],
)
def test_a_policy_with_an_absurd_budget(tmp_path: Path, budget: str, message: str) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text(f"version: 1\nbudgets:\n  monthly_total: {budget}\n")
    refused(advisor("check", str(SCENARIOS), "--policy", str(policy)), f"{policy}:3:", message)


def test_a_policy_with_a_negative_budget_for_one_workload(tmp_path: Path) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text("version: 1\nbudgets:\n  per_workload:\n    api-10m: -1\n")
    refused(
        run_cli("check", str(SCENARIOS), "--policy", str(policy)),
        f"{policy}:4:14: budgets.per_workload.api-10m: Input should be greater than or equal to 0",
    )


def _pricing_with(tmp_path: Path, old: str, new: str) -> Path:
    text = PRICING.read_text()
    assert old in text
    path = tmp_path / "us-east-1.yaml"
    path.write_text(text.replace(old, new, 1))
    return path


def test_a_price_with_a_billion_decimal_places(tmp_path: Path) -> None:
    # it passed `pricing validate`, then wrote a 1 GB report
    path = _pricing_with(tmp_path, 'price: "0.0000002"', 'price: "1e-999999999"')
    text = path.read_text()
    line = text[: text.index('price: "1e-999999999"')].count("\n") + 1
    run = advisor("pricing", "validate", str(path))
    assert run.code == 1  # validate's contract: 1 when a file is not valid
    assert "Traceback" not in run.stderr
    assert run.stderr.splitlines() == [
        f"{path}:{line}:36: lambda.requests.price: bad pricing file: has more than 20 decimal "
        "places (got '1e-999999999')"
    ]
    refused(
        advisor("recommend", str(SCENARIOS / "api-10m.yaml"), "--pricing", str(path)),
        f"{path}:{line}:36: lambda.requests.price",
    )


def test_an_integer_of_more_than_4300_digits(tmp_path: Path) -> None:
    workload, saved = tmp_path / "w.yaml", tmp_path / "saved.json"
    workload.write_text(GOOD.replace("100000", "9" * 5000))
    saved.write_text('{"rows": [{"monthly_cost": ' + "9" * 5000 + "}]}")
    refused(advisor("recommend", str(workload)), f"{workload}:4:21: a number of 5,000 digits")
    refused(advisor("render", str(saved)), f"{saved}:1:28: a number of 5,000 digits")


@pytest.mark.parametrize("kind", ["json", "yaml"])
def test_a_file_nested_100000_deep(tmp_path: Path, kind: str) -> None:
    path = tmp_path / f"deep.{kind}"
    path.write_text("[" * 100_000 + "]" * 100_000)
    command = ("render", str(path)) if kind == "json" else ("recommend", str(path))
    refused(advisor(*command), str(path), "nest")


def test_block_mappings_nested_1500_deep(tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text(GOOD + "".join("  " * depth + f"k{depth}:\n" for depth in range(1500)))
    # yaml-rs would overflow its stack some 8,000 levels down: past 1,000 is refused, located
    refused(run_cli("recommend", str(path)), f"{path}:509:1:", "nested more than 1000 levels deep")


def test_a_system_that_includes_itself(tmp_path: Path) -> None:
    system = tmp_path / "system.yaml"
    system.write_text("version: 1\nkind: system\nname: loop\nservices:\n  - file: system.yaml\n")
    refused(
        advisor("recommend", str(system)),
        f"{system}:5:11: services[0].file: service file system.yaml:",
        "is a system file; a workload file is needed here",
    )


def test_a_folder_1200_deep(tmp_path: Path) -> None:
    # made a level at a time through descriptors: its whole path is longer than a path may be
    descriptor = os.open(tmp_path, os.O_RDONLY)
    for _ in range(1200):
        os.mkdir("d", dir_fd=descriptor)
        deeper = os.open("d", os.O_RDONLY, dir_fd=descriptor)
        os.close(descriptor)
        descriptor = deeper
    os.close(os.open("w.yaml", os.O_WRONLY | os.O_CREAT, dir_fd=descriptor))
    os.close(descriptor)
    try:
        run = advisor("compare", str(tmp_path))  # lists the failure in its table too
        assert (run.code, "Traceback" in run.stderr) == (2, False)
        assert run.stderr.startswith(str(tmp_path / "d" / "d"))
        assert run.stderr.endswith(": more than 100 folders deep; not searched\n")
        assert run.stderr.count("\n") == 1
    finally:
        _remove_deep(tmp_path)


def _remove_deep(folder: Path) -> None:
    """Remove `folder`/d/d/... a level at a time (pytest's own clean-up recurses too deep)."""
    while (folder / "d" / "d").exists():
        os.rename(folder / "d" / "d", folder / "next")
        for child in (folder / "d").iterdir():
            child.unlink()
        os.rmdir(folder / "d")
        os.rename(folder / "next", folder / "d")
    for child in (folder / "d").iterdir():
        child.unlink()
    os.rmdir(folder / "d")


def test_an_unexpected_error_is_one_line_and_exit_2(tmp_path: Path) -> None:
    # a stand-in for a bug: the engine raises something advisor does not expect
    code = (
        "import sys, advisor.cli.recommend as command\n"
        "def bug(*args, **kwargs): raise RuntimeError('boom\\nsecond line')\n"
        "command.analyze = bug\n"
        "from advisor.cli import main\n"
        f"sys.argv = ['advisor', 'recommend', {str(SCENARIOS / 'api-10m.yaml')!r}]\n"
        "main()\n"
    )
    import subprocess
    import sys

    environment = {k: v for k, v in os.environ.items() if k != "ADVISOR_DEBUG"}
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=environment, check=False
    )
    assert run.returncode == 2  # never 1, which CI reads as "a check failed"
    assert run.stderr == (
        "advisor: internal error (a bug in advisor): RuntimeError: boom second line \u2014 please "
        "report it; rerun with ADVISOR_DEBUG=1 for the traceback\n"
    )
    debug = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**environment, "ADVISOR_DEBUG": "1"},
        check=False,
    )
    assert "Traceback" in debug.stderr and "RuntimeError: boom" in debug.stderr
