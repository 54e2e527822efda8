"""`advisor check`, `advisor diff` and `advisor pricing validate`: each check passing and failing,
with the exit codes CI relies on, and the pull-request comment as a golden file."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ROOT

SMALL = """\
version: 1
name: small
traffic: {monthly_requests: 100000}
execution: {duration_ms: 100, memory_mb: 512}
"""
BIG = """\
version: 1
name: big
traffic: {monthly_requests: 100000000}
execution: {duration_ms: 100, memory_mb: 512}
"""


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    folder = tmp_path / "workloads"
    folder.mkdir()
    (folder / "small.yaml").write_text(SMALL)
    (folder / "big.yaml").write_text(BIG)
    return folder


def policy(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "policy.yaml"
    path.write_text("version: 1\n" + text)
    return path


@pytest.mark.parametrize(
    ("rules", "code"),
    [
        ("budgets: {monthly_total: 1000}\n", 0),
        ("budgets: {monthly_total: 50}\n", 1),
        ("budgets: {per_workload: {small: 1}}\n", 0),
        ("budgets: {per_workload: {small: 0.1}}\n", 1),
        ("budgets: {per_workload: {nobody: 10}}\n", 1),
        ("expected_platform: {small: lambda}\n", 0),
        ("expected_platform: {small: ec2}\n", 1),
        ("pricing_max_age_days: 365\n", 0),
        ("pricing_max_age_days: 10\n", 1),
    ],
)
def test_each_check_passes_and_fails(cli, tmp_path, batch, rules, code):  # type: ignore[no-untyped-def]
    run = cli(
        "check", str(batch), "--policy", str(policy(tmp_path, rules)), "--as-of", "2026-11-29",
        "--format", "json",
    )  # fmt: skip
    assert run.code == code, run.stdout + run.stderr
    report = run.json()
    assert report["passed"] is (code == 0)
    assert any(not c["passed"] for c in report["checks"]) is (code == 1)


def test_budget_detail_carries_figures(cli, tmp_path, batch):  # type: ignore[no-untyped-def]
    run = cli(
        "check", str(batch), "--policy", str(policy(tmp_path, "budgets: {monthly_total: 50}\n"))
    )
    assert run.code == 1
    assert "a month against a budget of $50.00" in run.stdout
    assert "advisor check failed: 1 of 1 checks failed" in run.stdout


def save(cli, folder: Path, out: Path) -> Path:  # type: ignore[no-untyped-def]
    out.write_text(cli("compare", str(folder), "--format", "json").stdout)
    return out


def test_increase_against_baseline(cli, tmp_path, batch):  # type: ignore[no-untyped-def]
    base = save(cli, batch, tmp_path / "base.json")
    (batch / "small.yaml").write_text(SMALL.replace("100000}", "2000000}"))
    rules = policy(tmp_path, "max_increase_percent: 20\n")
    run = cli("check", str(batch), "--policy", str(rules), "--baseline", str(base), "-f", "json")
    assert run.code == 1
    failed = [c for c in run.json()["checks"] if not c["passed"]]
    assert [c["subject"] for c in failed] == ["small"]
    assert "over the 20 % limit" in failed[0]["detail"]
    lenient = policy(tmp_path, "max_increase_percent: 100000\n")
    assert cli("check", str(batch), "--policy", str(lenient), "--baseline", str(base)).code == 0


def test_pull_request_comment_golden(cli, tmp_path, batch, golden):  # type: ignore[no-untyped-def]
    base = save(cli, batch, tmp_path / "base.json")
    (batch / "small.yaml").write_text(SMALL.replace("100000}", "40000000}"))
    (batch / "new.yaml").write_text(SMALL.replace("name: small", "name: new"))
    (batch / "big.yaml").unlink()
    rules = policy(
        tmp_path,
        "budgets: {monthly_total: 100}\nmax_increase_percent: 25\npricing_max_age_days: 365\n",
    )
    run = cli(
        "check", str(batch), "--policy", str(rules), "--baseline", str(base),
        "--format", "markdown", "--as-of", "2026-11-29",
    )  # fmt: skip
    assert run.code == 1
    assert run.stdout.startswith("### ❌ advisor check failed:")
    golden("check-comment.md", run.stdout)


def test_diff_golden(cli, tmp_path, batch, golden):  # type: ignore[no-untyped-def]
    base = save(cli, batch, tmp_path / "base.json")
    (batch / "small.yaml").write_text(SMALL.replace("100000}", "40000000}"))
    (batch / "big.yaml").unlink()
    (batch / "new.yaml").write_text(SMALL.replace("name: small", "name: new"))
    head = save(cli, batch, tmp_path / "head.json")
    run = cli("diff", str(base), str(head), "--format", "markdown")
    assert run.code == 0
    golden("diff.md", run.stdout)
    data = cli("diff", str(base), str(head), "--format", "json").json()
    statuses = {c["name"]: c["status"] for c in data["changes"]}
    assert statuses == {"big": "removed", "new": "added", "small": "changed"}


def test_diff_reads_recommend_reports_too(cli, tmp_path):  # type: ignore[no-untyped-def]
    workload = tmp_path / "w.yaml"
    workload.write_text(SMALL)
    base = tmp_path / "base.json"
    base.write_text(cli("recommend", str(workload), "--format", "json").stdout)
    workload.write_text(SMALL.replace("100000}", "200000}"))
    head = tmp_path / "head.json"
    head.write_text(cli("recommend", str(workload), "--format", "json").stdout)
    # 100k requests: 5,000 GB-s x 0.0000166667 + $0.02 + $0.10 (HTTP API) = $0.2033, and logs
    # 100k x 0.8 KB = 0.076294 GB x ($0.50 + $0.03) = $0.0404: $0.2437 -> $0.24; 200k: $0.4067
    # + $0.0809 = $0.4876 -> $0.49; +$0.25 is +104.17 % of $0.24
    change = cli("diff", str(base), str(head), "-f", "json").json()["changes"][0]
    assert (change["before"], change["after"], change["change"]) == ("0.24", "0.49", "0.25")
    assert change["change_percent"] == "104.17"


def test_diff_reads_a_hand_made_baseline(cli, tmp_path):  # type: ignore[no-untyped-def]
    base = tmp_path / "base.json"
    base.write_text('{"rows": [{"name": "api", "platform": "lambda", "monthly_cost": 10}]}')
    head = tmp_path / "head.json"
    head.write_text('{"rows": [{"name": "api", "platform": "ec2", "monthly_cost": "12.5"}]}')
    change = cli("diff", str(base), str(head), "-f", "json").json()["changes"][0]
    assert (change["before"], change["after"], change["change"]) == ("10.00", "12.50", "2.50")
    assert (change["platform_before"], change["platform_after"]) == ("lambda", "ec2")


@pytest.mark.parametrize(
    ("saved", "message"),
    [
        # a saved report (it has a schema_version) is checked against the report schema
        ('{"schema_version": 1}', "tool_version: Field required"),
        (
            '{"schema_version": 2}',
            "schema_version: 2 is not a schema version this advisor reads (it reads 1)",
        ),
        (
            '{"schema_version": true}',
            "schema_version: True is not a schema version this advisor reads (it reads 1)",
        ),
        ("[]", "an empty list holds no report"),
        (
            '{"rows": [{"name": "a", "platform": "lambda", "monthly_cost": "1e999999999"}]}',
            "rows[0].monthly_cost: is too large (at most 31 digits before the point) "
            "(got '1e999999999')",
        ),
        ("[1]", "[0]: should be an object"),
        ('{"rows": 3}', "rows: should be a list"),
        (
            '{"rows": [{"name": "a", "platform": "lambda", "monthly_cost": "lots"}]}',
            "rows[0].monthly_cost: should be an amount in dollars (got 'lots')",
        ),
        (
            '{"workload": {"name": "a"}, "recommendation": {"platform": 3, "monthly_cost": 1}}',
            "recommendation.platform: should be a string (got 3)",
        ),
    ],
)
def test_diff_of_a_file_that_is_not_a_report(cli, tmp_path, saved, message):  # type: ignore[no-untyped-def]
    path = tmp_path / "saved.json"
    path.write_text(saved)
    run = cli("diff", str(path), str(path))
    assert run.code == 2
    assert run.stderr == (
        f"{path}: not an advisor report (from `recommend` or `compare --format json`): {message}\n"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "budgets: {monthly_totl: 5}\n",
            "budgets.monthly_totl: unknown key; did you mean 'monthly_total'?",
        ),
        (
            "expected_platform: {small: lamda}\n",
            "expected_platform.small: Input should be 'lambda'",
        ),
        (
            "max_increase_percent: -1\n",
            "max_increase_percent: Input should be greater than or equal to 0",
        ),
    ],
)
def test_bad_policy_exits_2(cli, tmp_path, batch, text, message):  # type: ignore[no-untyped-def]
    path = policy(tmp_path, text)
    run = cli("check", str(batch), "--policy", str(path))
    assert run.code == 2
    assert run.stderr.startswith(f"{path}:2:")
    assert message in run.stderr


def test_cannot_run_exits_2(cli, tmp_path, batch):  # type: ignore[no-untyped-def]
    rules = policy(tmp_path, "budgets: {monthly_total: 1000}\n")
    assert cli("check", str(tmp_path / "nowhere"), "--policy", str(rules)).code == 2
    assert cli("check", str(batch), "--policy", str(tmp_path / "none.yaml")).code == 2
    assert cli("check", str(batch), "--policy", str(rules), "--baseline", "missing.json").code == 2
    (batch / "bad.yaml").write_text(SMALL.replace("100000", "-1"))
    run = cli("check", str(batch), "--policy", str(rules))
    assert run.code == 2
    assert "bad.yaml:3:29:" in run.stderr
    garbage = tmp_path / "garbage.json"
    garbage.write_text("{not json")
    assert cli("diff", str(garbage), str(garbage)).code == 2


def test_repository_policy_passes_on_the_scenarios(cli):  # type: ignore[no-untyped-def]
    run = cli("check", str(ROOT / "scenarios"), "--policy", str(ROOT / "advisor-policy.yaml"))
    assert run.code == 0, run.stdout + run.stderr


def test_pricing_validate(cli, tmp_path):  # type: ignore[no-untyped-def]
    run = cli("pricing", "validate", "--allow-stand-ins")
    assert run.code == 0, run.stderr
    assert "ok " in run.stdout and "us-east-1" in run.stdout
    strict = cli("pricing", "validate")
    assert strict.code == 1
    assert "ok " in strict.stdout and "us-east-1.yaml" in strict.stdout
    assert "eu-north-1.yaml: nat.hour is a stand-in" in strict.stderr
    good = (ROOT / "pricing" / "aws" / "us-east-1.yaml").read_text()
    replace = {
        "negative.yaml": (
            'price: "0.0000002"',
            'price: "-0.0000002"',
            "greater than or equal to 0",
        ),
        "source.yaml": ("source: L1}", "source: NOPE}", "'NOPE' is not among the sources"),
        "future.yaml": (
            "effective_date: 2026-09-06",
            "effective_date: 2999-01-01",
            "in the future",
        ),
        "tiers.yaml": ("upto: 15000000000", "upto: 1000", "tier bounds must rise"),
    }
    cases = {name: (good.replace(old, new, 1), why) for name, (old, new, why) in replace.items()}
    for name, (text, message) in cases.items():
        path = tmp_path / name
        path.write_text(text)
        run = cli("pricing", "validate", str(path))
        assert run.code == 1, name
        assert message in run.stderr, (name, run.stderr)
