"""One bill per account: compare's and check's totals apply free tiers and volume tiers once."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

FUNCTION = """
version: 1
name: {name}
traffic: {{monthly_requests: 1000000}}
execution: {{duration_ms: 400, memory_mb: 1024, init_ms: 1}}
lambda: {{free_tier: true}}
logs: {{kb_per_request: 0}}
entry: none
{extra}
"""


def functions(folder: Path, accounts: list[str | None]) -> Path:
    for number, account in enumerate(accounts):
        extra = f"account: {account}" if account else ""
        text = FUNCTION.format(name=f"f{number}", extra=extra)
        (folder / f"f{number}.yaml").write_text(text)
    return folder


def test_three_free_tier_functions_share_one_free_tier(cli, tmp_path):  # type: ignore[no-untyped-def]
    """Three functions of 1M requests and 400,000 GB-s each (1M x 0.4 s x 1 GB): each alone
    stays inside the free tier, $0.00 of requests and duration. In one account they share one
    free tier: (3M - 1M) x $0.20/M = $0.40 and (1.2M - 0.4M) GB-s x $0.0000166667 = $13.333 ->
    $13.73 more than the rows add up to (their INIT phases, 1 ms each, and their logs, 0.3 KB an
    invocation at $0.53/GB in tier 1, cost the same together as apart)."""
    run = cli("compare", str(functions(tmp_path, [None, None, None])), "--format", "json")
    assert run.code == 0, run.stderr
    data = run.json()
    summary = data["summary"]
    rows = sum(Decimal(r["monthly_cost"]) for r in data["rows"])
    assert Decimal(summary["total_priced_alone"]) == rows
    assert Decimal(summary["total_recommended"]) - rows == Decimal("13.73")
    assert summary["accounts"] == 1
    text = cli("compare", str(tmp_path)).stdout
    assert "billed once per account in the total (1 account)" in text


def test_functions_in_separate_accounts_keep_their_own_free_tiers(cli, tmp_path):  # type: ignore[no-untyped-def]
    """The same three functions in three accounts: each its own free tier, the total is the
    rows' sum."""
    run = cli("compare", str(functions(tmp_path, ["a", "b", "c"])), "--format", "json")
    summary = run.json()["summary"]
    rows = sum(Decimal(r["monthly_cost"]) for r in run.json()["rows"])
    assert Decimal(summary["total_recommended"]) == rows
    assert summary["total_priced_alone"] is None
    assert summary["accounts"] == 3


def test_check_budgets_the_total_billed_per_account(cli, tmp_path):  # type: ignore[no-untyped-def]
    """A $10 budget would pass on the rows' sum ($0.45: their logs) but not on the one
    account's bill ($14.18)."""
    (tmp_path / "fns").mkdir()
    functions(tmp_path / "fns", [None] * 3)
    policy = tmp_path / "policy.yaml"
    policy.write_text("version: 1\nbudgets: {monthly_total: 10}\n")
    run = cli("check", str(tmp_path / "fns"), "--policy", str(policy))
    assert run.code == 1
    assert "budgets.monthly_total" in run.stdout


SYSTEM = """
version: 1
kind: system
name: shop
services:
  - file: api.yaml
  - file: worker.yaml
"""
SERVICE = """
version: 1
name: {name}
traffic: {{monthly_requests: {requests}}}
execution: {{duration_ms: 100, memory_mb: 512}}
"""


def test_a_system_beside_its_service_files_counts_once(cli, tmp_path):  # type: ignore[no-untyped-def]
    """A folder holding a system file and the two service files it includes: the services are
    rows of the system only, and the total is the system's recommended design."""
    (tmp_path / "system.yaml").write_text(SYSTEM)
    (tmp_path / "api.yaml").write_text(SERVICE.format(name="api", requests=5000000))
    (tmp_path / "worker.yaml").write_text(SERVICE.format(name="worker", requests=2000000))
    data = cli("compare", str(tmp_path), "--format", "json").json()
    assert sorted(r["name"] for r in data["rows"]) == ["shop/api", "shop/worker"]
    report = cli("recommend", str(tmp_path / "system.yaml"), "--format", "json").json()
    design = next(d for d in report["designs"] if d["name"] == "recommended")
    assert data["summary"]["total_recommended"] == design["monthly_cost"]


def test_a_system_shares_its_account_with_the_files_beside_it(cli, tmp_path):  # type: ignore[no-untyped-def]
    """A system whose one function uses its free tier, beside a function file of the same size
    in the same account: each alone is inside its free tier; together (2M - 1M) requests x
    $0.20/M = $0.20 and (800,000 - 400,000) GB-s x $0.0000166667 = $6.667 -> $6.87 more."""
    (tmp_path / "system.yaml").write_text(
        "version: 1\nkind: system\nname: sys\nlambda: {free_tier: true}\nservices:\n"
        "  - name: inside\n    traffic: {monthly_requests: 1000000}\n"
        "    execution: {duration_ms: 400, memory_mb: 1024, init_ms: 1}\n"
        "    logs: {kb_per_request: 0}\n    entry: none\n"
    )
    (tmp_path / "f0.yaml").write_text(FUNCTION.format(name="beside", extra=""))
    data = cli("compare", str(tmp_path), "--format", "json").json()
    summary = data["summary"]
    rows = sum(Decimal(r["monthly_cost"]) for r in data["rows"])
    assert Decimal(summary["total_recommended"]) - rows == Decimal("6.87")
    # in an account of its own, the system keeps its free tier
    (tmp_path / "system.yaml").write_text(
        (tmp_path / "system.yaml").read_text().replace("name: sys\n", "name: sys\naccount: b\n")
    )
    data = cli("compare", str(tmp_path), "--format", "json").json()
    assert data["summary"]["total_priced_alone"] is None
    assert data["summary"]["accounts"] == 2
