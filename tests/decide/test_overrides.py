"""A policy's decision margins apply to every workload file that sets none of its own."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run_cli

RENDERER = """version: 1
name: renderer
traffic: {average_rps: 20}
execution: {duration_ms: 1200, memory_mb: 2048}
entry: none
"""

POLICY = """version: 1
expected_platform: {renderer: ec2}
"""

LAX = (
    "decision: {margin_percent: 0, margin_usd: 0, self_managed_margin_percent: 2, "
    "self_managed_margin_usd: 10}\n"
)


def check(tmp_path: Path, workload: str, policy: str) -> int:
    folder = tmp_path / "workloads"
    folder.mkdir(exist_ok=True)
    (folder / "renderer.yaml").write_text(workload)
    (tmp_path / "policy.yaml").write_text(policy)
    return int(run_cli("check", str(folder), "--policy", str(tmp_path / "policy.yaml")).code)


def test_the_policys_margins_decide_where_the_file_sets_none(tmp_path: Path) -> None:
    """A CPU-bound renderer (20 req/s of 1.2 s): EC2 is the cheapest option but saves less than
    the default margins (10 % for a tie, 20 % and $50 for running servers), so a managed option
    is recommended and a policy expecting EC2 fails; with the policy's own, smaller margins
    EC2 is recommended and the check passes."""
    assert check(tmp_path, RENDERER, POLICY) == 1
    assert check(tmp_path, RENDERER, POLICY + LAX) == 0


def test_a_files_own_decision_wins_over_the_policys(tmp_path: Path) -> None:
    own = RENDERER + "decision: {margin_percent: 10}\n"
    assert check(tmp_path, own, POLICY + LAX) == 1
