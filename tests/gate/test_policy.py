"""The gate's increase limits, worked by hand; a check that could not run shown as skipped; a
system report saved by `recommend` as a baseline."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import API_WORKLOAD, SCENARIOS


@pytest.fixture
def rise(cli, tmp_path: Path):  # type: ignore[no-untyped-def]
    """`check` of api at 200,000 requests against a baseline saved at 100,000, under a policy of
    the given lines: the exit code and each check. $0.24 -> $0.49 a month: 100,000 requests are
    5,000 GB-s x $0.0000166667 = $0.0833 + requests $0.02 + HTTP API $0.10 + logs $0.0404 =
    $0.2437 -> $0.24; 200,000 are $0.1667 + $0.04 + $0.20 + $0.0809 = $0.4876 -> $0.49. The rise
    is $0.25, 104.17 % of $0.24."""
    workload = tmp_path / "api.yaml"
    workload.write_text(API_WORKLOAD)
    base = tmp_path / "base.json"
    base.write_text(cli("recommend", str(workload), "--format", "json").stdout)
    workload.write_text(API_WORKLOAD.replace("100000", "200000"))

    def run(policy: str):  # type: ignore[no-untyped-def]
        path = tmp_path / "policy.yaml"
        path.write_text("version: 1\n" + policy)
        done = cli("check", str(workload), "--policy", str(path), "--baseline", str(base), "-f",
                   "json")  # fmt: skip
        assert done.code in (0, 1), done.stderr
        return done.code, [(c["subject"], c["status"], c["detail"]) for c in done.json()["checks"]]

    return run


def test_a_rise_within_the_dollar_limit_passes(rise) -> None:  # type: ignore[no-untyped-def]
    code, checks = rise("max_increase_percent: 50\nmax_increase_usd: 1\n")
    assert code == 0
    assert checks == [
        (
            "api",
            "passed",
            "$0.24 -> $0.49 a month (+$0.25, +104.17 %): over the 50 % limit but within "
            "$1.00, so it passes",
        ),
        (
            "total",
            "passed",
            "$0.24 -> $0.49 a month (+$0.25, +104.17 %): over the 50 % limit but within "
            "$1.00, so it passes",
        ),
    ]


def test_a_rise_past_both_limits_fails(rise) -> None:  # type: ignore[no-untyped-def]
    code, checks = rise("max_increase_percent: 50\nmax_increase_usd: 0.10\n")
    assert code == 1
    assert checks[0] == (
        "api",
        "failed",
        "$0.24 -> $0.49 a month (+$0.25, +104.17 %): over the 50 % and $0.10 limits",
    )
    assert [c[1] for c in checks] == ["failed", "failed"]


@pytest.mark.parametrize(
    ("policy", "code"),
    [
        ("max_increase_usd: 0.25\n", 0),  # a rise of exactly the limit is within it
        ("max_increase_usd: 0.24\n", 1),
        ("max_increase_percent: 104.17\n", 0),
        ("max_increase_percent: 104.16\n", 1),
        ("max_increase_percent: 50\n", 1),  # a percentage alone, as before
        ("max_increase_percent: 200\nmax_increase_usd: 0.10\n", 0),  # within 200 %
    ],
)
def test_each_limit_alone_and_both(rise, policy: str, code: int) -> None:  # type: ignore[no-untyped-def]
    assert rise(policy)[0] == code


def test_from_nothing_only_dollars_count(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A percentage of $0.00 is undefined: a workload that cost nothing is judged by the dollar
    limit alone ($0.00 -> $0.24 is +$0.24)."""
    workload = tmp_path / "api.yaml"
    workload.write_text(API_WORKLOAD)
    base = tmp_path / "base.json"
    base.write_text(
        json.dumps({"rows": [{"name": "api", "platform": "lambda", "monthly_cost": 0}]})
    )
    policy = tmp_path / "policy.yaml"
    for text, code in (
        ("max_increase_percent: 50\n", 0),
        ("max_increase_percent: 50\nmax_increase_usd: 0.23\n", 1),
        ("max_increase_percent: 50\nmax_increase_usd: 0.24\n", 0),
    ):
        policy.write_text("version: 1\n" + text)
        run = cli("check", str(workload), "--policy", str(policy), "--baseline", str(base))
        assert run.code == code, (text, run.stdout)


def test_no_baseline_is_skipped_not_passed(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    workload = tmp_path / "api.yaml"
    workload.write_text(API_WORKLOAD)
    policy = tmp_path / "policy.yaml"
    policy.write_text("version: 1\nbudgets: {monthly_total: 1}\nmax_increase_percent: 20\n")
    run = cli("check", str(workload), "--policy", str(policy), "-f", "json")
    assert run.code == 0  # nothing failed
    report = run.json()
    assert report["passed"] is True
    assert [(c["check"], c["status"], c["passed"]) for c in report["checks"]] == [
        ("budgets.monthly_total", "passed", True),
        ("max_increase_percent", "skipped", None),
    ]
    table = cli("check", str(workload), "--policy", str(policy))
    assert re.search(
        r"│ skip │ max_increase_percent +│ all workloads +│ not run: no baseline", table.stdout
    )
    assert "advisor check passed: 1 checks hold, 1 skipped ($0.24/month)" in table.stdout
    markdown = cli("check", str(workload), "--policy", str(policy), "-f", "markdown").stdout
    assert (
        "Skipped checks:\n\n- `max_increase_percent` **all workloads**: not run: no baseline"
        in (markdown)
    )
    assert "| ➖ | `max_increase_percent` |" in markdown


def test_a_system_report_is_a_baseline(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """`recommend` saves each service with its standalone report and its share of the pooled
    design; `check` counts the share (the rows of `compare`), so must the baseline: an unchanged
    system file is +0 % everywhere (it read +83 % and +131 % against standalone costs)."""
    system = SCENARIOS / "ecommerce-system.yaml"
    saved = cli("recommend", str(system), "--format", "json")
    base = tmp_path / "base.json"
    base.write_text(saved.stdout)
    policy = tmp_path / "policy.yaml"
    policy.write_text("version: 1\nmax_increase_percent: 0\n")
    run = cli("check", str(system), "--policy", str(policy), "--baseline", str(base), "-f", "json")
    assert run.code == 0, run.stdout
    diff = run.json()["diff"]
    assert {c["status"] for c in diff["changes"]} == {"unchanged"}
    assert len(diff["changes"]) == len(saved.json()["services"])
    assert (diff["total_change"], diff["total_change_percent"]) == ("0.00", "0.00")
    design = next(d for d in saved.json()["designs"] if d["name"] == "recommended")
    assert diff["total_before"] == design["monthly_cost"]


def test_a_negative_dollar_limit_is_a_located_error(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    workload = tmp_path / "api.yaml"
    workload.write_text(API_WORKLOAD)
    policy = tmp_path / "policy.yaml"
    policy.write_text("version: 1\nmax_increase_usd: -1\n")
    run = cli("check", str(workload), "--policy", str(policy))
    assert run.code == 2
    assert run.stderr.startswith(f"{policy}:2:19: max_increase_usd: Input should be greater")
