"""The summary under a comparison adds up its rows."""

from __future__ import annotations

from advisor.compare.summary import summarise
from advisor.models.comparison import Row


def test_the_summary_adds_up_the_rows() -> None:
    from datetime import date
    from decimal import Decimal

    from advisor.models.comparison import Row
    from advisor.models.workload import Platform

    def row(name: str, cost: str, ec2: str | None, saving: str | None) -> Row:
        return Row(
            name=name,
            source=f"{name}.yaml",
            region="us-east-1",
            pricing_date=date(2026, 9, 6),
            platform=Platform.LAMBDA,
            label="Lambda",
            monthly_cost=Decimal(cost),
            costs={"lambda": Decimal(cost), "fargate": Decimal("30.00"), "ec2": ec2},
            saving=None if saving is None else Decimal(saving),
        )

    rows = [
        row("a", "1.10", "20.00", "5.00"),
        row("b", "2.20", None, "7.00"),  # no instance type fits: no EC2 total
        row("c", "3.30", "20.00", "5.00"),
        row("d", "4.40", "20.00", None),
        *(row(f"e{i}", "0.01", "20.00", "6.00") for i in range(3)),
    ]
    summary = summarise(rows, [])
    assert summary.per_platform == {
        "lambda": 7,
        "lambda_managed_instances": 0,
        "fargate": 0,
        "ec2": 0,
    }
    assert summary.total_recommended == Decimal("11.03")
    assert summary.total_if_all_on == {
        "lambda": Decimal("11.03"),
        "lambda_managed_instances": None,  # no row has a cost there
        "fargate": Decimal("210.00"),
        "ec2": None,
    }
    # the five biggest, equal savings in the rows' order
    assert [s.name for s in summary.biggest_savings] == ["b", "e0", "e1", "e2", "a"]
