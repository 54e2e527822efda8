"""A comparison's rows say what each workload's report says."""

from __future__ import annotations

from pathlib import Path

from advisor.compare.batch import compare
from advisor.compare.rows import to_row
from advisor.errors import AdvisorError


def test_each_row_says_what_the_workloads_report_says(tmp_path: Path) -> None:
    """A comparison judges without building reports, checking only the rules that can decide
    and estimating cold starts only against a latency target; each row must still be the one
    its full report gives, for every case of the rule tests (limits, latency targets, state,
    bursts, schedules, provisioned concurrency)."""
    import yaml

    from advisor.decide.report import analyze
    from advisor.input.documents import load_workload
    from advisor.pricing.catalog import Catalog
    from tests.decide.rules.test_cases import DATA, merge

    for index, case in enumerate(DATA["cases"]):
        workload = merge(DATA["base"], case["workload"]) | {"name": f"case-{index:02d}"}
        (tmp_path / f"case-{index:02d}.yaml").write_text(yaml.safe_dump(workload))
    comparison, _ = compare([tmp_path], workers=1)
    catalog = Catalog()
    reported, unrunnable = [], []
    for path in sorted(tmp_path.glob("*.yaml")):
        document = load_workload(path)
        report = analyze(document.workload, catalog, document.source, source_label=str(path))
        try:
            reported.append(to_row(report, None, str(path)))
        except AdvisorError as exc:  # every option ruled out: a failure in both
            unrunnable.append(str(exc))
    # what each recommendation bills per account is compare's alone (a report has no use for it)
    assert [r.model_copy(update={"use": None}) for r in comparison.rows] == reported
    assert [failure.error for failure in comparison.failures] == unrunnable
    assert {row.top_rule[:4] for row in comparison.rows} >= {"ADV1", "ADV2", "ADV3", "ADV5"}


def test_a_systems_rows_say_their_monthly_cost_is_a_share(cli) -> None:  # type: ignore[no-untyped-def]
    """A system's services are rows whose Monthly is their share of the system's design (the
    startup's api: $470.25 with its share of what the services share) while the platform
    columns and the break-even price them alone (Fargate $443.14): each row names its system,
    the summary counts them, and the table says which base is which."""
    scenario = str(Path(__file__).parents[2] / "scenarios" / "startup-system.yaml")
    data = cli("compare", scenario, "-f", "json").json()
    api = next(r for r in data["rows"] if r["name"] == "startup/api")
    assert (api["system"], api["monthly_cost"], api["costs"]["fargate"]) == (
        "startup",
        "470.25",
        "443.14",
    )
    assert data["summary"]["system_services"] == 5
    table = cli("compare", scenario).stdout
    assert "Rows of a system's services (5 rows): Monthly is the service's share" in table
    alone = cli(
        "compare", str(Path(__file__).parents[2] / "scenarios" / "api-10m.yaml"), "-f", "json"
    )
    assert alone.json()["rows"][0]["system"] is None
    assert alone.json()["summary"]["system_services"] == 0


def test_a_row_that_ec2_lost_on_the_margin_says_so(cli) -> None:  # type: ignore[no-untyped-def]
    """video-transcode: Lambda is ruled out (15-minute limit), and EC2 ($383.23) undercuts
    Fargate ($432.48) by $49.25, 11.4 %: under the 20 % margin for running servers yourself.
    The row's reason is that margin (ADV503), not Lambda's limit, and the saving cell does not
    call an 11.4 % gap a close call (the close-call margin is 10 %)."""
    scenario = str(Path(__file__).parents[2] / "scenarios" / "video-transcode.yaml")
    row = cli("compare", scenario, "-f", "json").json()["rows"][0]
    assert (row["platform"], row["top_rule"], row["saving"]) == ("fargate", "ADV503", "-49.25")
    assert "$49.25 more (self-managed margin)" in cli("compare", scenario).stdout
