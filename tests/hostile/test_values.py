"""Strict values: what a typo or a hostile file puts where a number, a name or a region belongs
is a located error, never a silent reading; pricing files given with --pricing get `pricing
validate`'s checks; saved reports are checked against their schema and version."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import ROOT, SCENARIOS, run_cli
from tests.hostile import GOOD, refused, snapshot

PRICING = ROOT / "pricing" / "aws" / "us-east-1.yaml"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "monthly_requests: 100000",
            "average_rps: true",
            "4:16: traffic.average_rps: should be a number, not true or false (got True)",
        ),
        (
            "memory_mb: 512",
            'memory_mb: "512"',
            "7:14: execution.memory_mb: should be a whole number, not text (got '512')",
        ),
        (
            "memory_mb: 512",
            "memory_mb: 512.5",
            "7:14: execution.memory_mb: Input should be a valid integer (got 512.5)",
        ),
        (
            # 100,000 requests a month is 0.038 a second on average: a peak of 0.01 is a typo
            "monthly_requests: 100000",
            "monthly_requests: 100000\n  peak_rps: 0.01",
            "5:13: traffic.peak_rps: is below the mean of 0.0381 req/s",
        ),
        ("name: small-api", "name: '   '", "2:7: name: a name cannot be blank"),
        ("name: small-api", "name: ''", "2:7: name: a name cannot be blank"),
        (
            "name: small-api",
            "name: small-api\nregion: ../..",
            "3:9: region: is not an AWS region name (such as us-east-1) (got '../..')",
        ),
    ],
    ids=["bool", "quoted", "fraction", "peak", "blank", "empty", "traversal"],
)
def test_a_value_of_the_wrong_kind(tmp_path: Path, old: str, new: str, message: str) -> None:
    workload = tmp_path / "w.yaml"
    workload.write_text(GOOD.replace(old, new))
    line = refused(run_cli("recommend", str(workload)), f"{workload}:{message}")
    assert "did you mean" not in line


def test_an_unknown_region_still_gets_a_suggestion(tmp_path: Path) -> None:
    workload = tmp_path / "w.yaml"
    workload.write_text(GOOD + "region: us-eats-1\n")
    refused(
        run_cli("recommend", str(workload)),
        f"{workload}:8:9: region: no pricing file for region 'us-eats-1'; did you mean "
        "'us-east-1'?",
    )


def test_an_exponent_is_a_number(tmp_path: Path) -> None:
    """YAML 1.2 (yaml-rs) reads `1e6` as the number a million (1.1 read it as text): the report
    is the one for 1000000 written out."""
    exponent, plain = tmp_path / "exponent.yaml", tmp_path / "plain.yaml"
    exponent.write_text(GOOD.replace("monthly_requests: 100000", "monthly_requests: 1e6"))
    plain.write_text(GOOD.replace("monthly_requests: 100000", "monthly_requests: 1000000"))
    read = run_cli("recommend", str(exponent), "--format", "json")
    assert read.code == 0, read.stderr
    assert read.stdout == run_cli("recommend", str(plain), "--format", "json").stdout.replace(
        str(plain), str(exponent)
    )


def test_a_sexagesimal_is_not_a_number(tmp_path: Path) -> None:
    """YAML 1.2 (yaml-rs) reads `1:30` as a string, not YAML 1.1's 90 (base 60): refused."""
    workload = tmp_path / "w.yaml"
    workload.write_text(GOOD.replace("duration_ms: 100", "duration_ms: 1:30"))
    refused(run_cli("recommend", str(workload)), "execution.duration_ms")


def test_a_system_in_a_region_that_is_a_path(tmp_path: Path) -> None:
    system = tmp_path / "system.yaml"
    system.write_text(
        "version: 1\nkind: system\nname: s\nregion: ../../etc\nservices:\n"
        "  - name: a\n    traffic: {monthly_requests: 1000}\n"
        "    execution: {duration_ms: 10, memory_mb: 128}\n"
    )
    refused(run_cli("recommend", str(system)), f"{system}:4:9: region: is not an AWS region name")


def test_a_policy_keyed_by_a_blank_name(tmp_path: Path) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text("version: 1\nexpected_platform:\n  ' ': lambda\n")
    refused(
        run_cli("check", str(SCENARIOS), "--policy", str(policy)),
        f"{policy}:3:3: expected_platform. : a name cannot be blank (got ' ')",
    )


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        (
            'requests: {unit: request, price: "0.0000002", source: L1}',
            'requests: {unit: request, price: "0.0000002", source: NOPE}',
            "lambda.requests.source: 'NOPE' is not among the sources",
        ),
        ("effective_date: ", "effective_date: 2999-01-01\nold_date: ", "is in the future"),
    ],
    ids=["unknown-source", "future-date"],
)
def test_a_pricing_file_given_with_pricing_gets_validates_checks(
    tmp_path: Path, old: str, new: str, problem: str
) -> None:
    text = PRICING.read_text()
    assert old in text
    path = tmp_path / "us-east-1.yaml"
    if "old_date" in new:  # the future date replaces the file's own
        lines = [
            "effective_date: 2999-01-01" if line.startswith("effective_date:") else line
            for line in text.splitlines()
        ]
        path.write_text("\n".join(lines) + "\n")
    else:
        path.write_text(text.replace(old, new, 1))
    assert run_cli("pricing", "validate", str(path)).code == 1
    refused(
        run_cli("recommend", str(SCENARIOS / "api-10m.yaml"), "--pricing", str(path)),
        f"{path}: bad pricing file:",
        problem,
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda r: {**r, "schema_version": 2}, "schema_version: 2 is not a schema version"),
        (lambda r: {**r, "schema_version": True}, "schema_version: True is not a schema version"),
        (lambda r: [], "an empty list holds no report"),
    ],
    ids=["version-2", "version-true", "empty-list"],
)
@pytest.mark.parametrize("command", ["render", "diff", "baseline"])
def test_a_saved_report_of_another_version_or_none(
    tmp_path: Path, change: object, message: str, command: str
) -> None:
    report = json.loads(run_cli("recommend", str(SCENARIOS / "api-10m.yaml"), "-f", "json").stdout)
    saved = tmp_path / "saved.json"
    saved.write_text(json.dumps(change(report)))  # type: ignore[operator]
    policy = tmp_path / "policy.yaml"
    policy.write_text("version: 1\n")
    before = snapshot(tmp_path)
    args = {
        "render": ["render", str(saved)],
        "diff": ["diff", str(saved), str(saved)],
        "baseline": [
            "check",
            str(SCENARIOS / "api-10m.yaml"),
            "--policy",
            str(policy),
            "--baseline",
            str(saved),
        ],
    }[command]
    if command == "baseline" and change(report) == []:  # type: ignore[operator]
        message = "the baseline holds no workloads"
    else:
        message = f"not an advisor report: {message}" if command == "render" else message
    refused(run_cli(*args), f"{saved}:", message)
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_json_that_python_reads_but_is_not_json(tmp_path: Path, constant: str) -> None:
    saved = tmp_path / "saved.json"
    saved.write_text('{"schema_version": 1,\n "rows": [{"monthly_cost": ' + constant + "}]}")
    for args in (["render", str(saved)], ["diff", str(saved), str(saved)]):
        refused(
            run_cli(*args),
            f"{saved}:2:",
            f"not valid JSON: {constant} is not a JSON number",
        )
