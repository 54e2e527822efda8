"""Wording a non-expert reads right, checked on every bundled scenario and on generated
workloads: no negative saving, break-evens that name both options, reasons that support the
verdict they sit under, figures rounded for people."""

from __future__ import annotations

import random
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from advisor.decide.rules import REGISTRY
from advisor.decide.rules.base import decides
from tests.conftest import ROOT, SCENARIOS, run_cli

sys.path.insert(0, str(ROOT / "benchmarks"))
from compare import workload as generated  # noqa: E402  (the benchmark's generator)

BREAK_EVEN = re.compile(
    r"(?P<winner>.+) becomes cheaper than (?P<loser>.+) (?P<side>above|below) "
    r"[\d.,]+(?: million| billion| trillion)? requests a month \([\d.,]+x today\)"
)
EVERYWHERE = re.compile(
    r"(By cost alone .+ is cheapest today \(.+ wins the close call\) and|.+ is the cheapest "
    r"option) at every multiple of today's traffic checked, from 0\.001x to 1000x\."
)
MULTIPLE = re.compile(r"(?<![\w.])(\d[\d,]*(?:\.\d+)?)x\b")
COUNTED = re.compile(
    r"(\d[\d,.]*)(?:-(\d[\d,.]*))? (?:Fargate |Lambda )?(?:task|instance|environment)s?\b"
)
EXPONENT = re.compile(r"\d[eE][+-]?\d")


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Every bundled scenario and 40 workloads from the benchmark's generator (fixed seed)."""
    folder = tmp_path_factory.mktemp("generated")
    rng = random.Random(21)
    made = []
    for index in range(40):
        path = folder / f"w{index:02d}.yaml"
        path.write_text(generated(index, rng))
        made.append(path)
    return sorted(SCENARIOS.glob("*.yaml")) + made


def reports(data: Any) -> Iterator[dict[str, Any]]:
    """The workload reports in a `recommend` JSON output (a system's, one per service)."""
    for item in data if isinstance(data, list) else [data]:
        if item.get("kind") == "system":
            yield from (service["report"] for service in item["services"])
        else:
            yield item


@pytest.fixture(scope="module")
def outputs(files: list[Path]) -> dict[str, Any]:
    """`recommend` of every file as JSON, Markdown and a table, and `compare` as a table."""
    names = [str(path) for path in files]
    runs = {
        fmt: run_cli("recommend", *names, "--format", fmt) for fmt in ("json", "markdown", "table")
    }
    runs["compare"] = run_cli("compare", *names)
    for run in runs.values():
        assert run.code == 0, run.stderr
    return {
        "reports": list(reports(runs["json"].json())),
        "text": {fmt: run.stdout for fmt, run in runs.items() if fmt != "json"},
    }


def test_no_saving_is_negative(outputs: dict[str, Any]) -> None:
    for fmt, text in outputs["text"].items():
        assert "-$" not in text, fmt
        assert not re.search(r"saving -", text), fmt
    close = 0
    for report in outputs["reports"]:
        rec = report["recommendation"]
        if rec["saving"] is not None and float(rec["saving"]) < 0:
            assert rec["close_call"]  # the JSON keeps the figure; the words say a close call
            close += 1
    assert close  # a real case: api-100m's Fargate at $8.14 more than EC2
    assert "more than EC2 but simpler to run: a close call" in outputs["text"]["markdown"]
    assert "more (close call)" in outputs["text"]["compare"]


def test_every_break_even_names_both_options(outputs: dict[str, Any]) -> None:
    seen = 0
    for report in outputs["reports"]:
        rec = report["recommendation"]
        (message,) = [r["message"] for r in rec["reasons"] if r["rule"] == "ADV502"]
        assert "becomes cheapest" not in message
        if EVERYWHERE.fullmatch(message):
            continue
        body = re.sub(
            r"^By cost alone .+? is cheapest today \(.+? wins the close call\); ", "", message
        )
        parts = body.rstrip(".").split("; ")
        assert len(parts) == len(report["break_even"]["points"]), message
        for part, point in zip(parts, report["break_even"]["points"], strict=True):
            match = BREAK_EVEN.fullmatch(part)
            assert match, part
            assert match["winner"] != match["loser"]
            # the option that takes over is the one cheapest on the far side of the volume
            far = point["below"] if point["direction"] == "lower" else point["above"]
            assert match["winner"] == far
            seen += 1
    assert seen >= 10  # the check ran on real break-evens


def test_every_reason_supports_the_verdict(outputs: dict[str, Any]) -> None:
    for report in outputs["reports"]:
        rec = report["recommendation"]
        for reason in rec["reasons"]:
            rule = reason["rule"]
            if rule in ("ADV501", "ADV502"):
                continue
            if decides(rule) and " ruled out: " in reason["message"]:
                continue  # another option ruled out
            assert rec["platform"] in REGISTRY[rule].favours, (report["workload"], reason)
        # the findings left out of the reasons are still in the report
        given = {(r["rule"], r["message"]) for r in rec["reasons"]}
        assert all(
            (f["rule"], f["message"]) in given or rec["platform"] not in REGISTRY[f["rule"]].favours
            for f in report["findings"]
        )


def test_idle_containers_never_argue_for_containers(outputs: dict[str, Any]) -> None:
    """'97 % idle' beside a Fargate verdict is a finding, not a reason for it."""
    shown = 0
    for report in outputs["reports"]:
        rec = report["recommendation"]
        rules = [r["rule"] for r in rec["reasons"]]
        if rec["platform"] != "lambda":
            assert "ADV402" not in rules
            shown += any(f["rule"] == "ADV402" for f in report["findings"])
    assert shown  # a real case: api-100m's Fargate verdict beside its 81 % idle tasks
    assert "Other findings (not reasons for the verdict)" in outputs["text"]["markdown"]


def test_figures_are_rounded_for_people(outputs: dict[str, Any]) -> None:
    for fmt, text in outputs["text"].items():
        lines = [line for line in text.splitlines() if "$0.0" not in line]  # unit prices
        prose = "\n".join(lines)
        assert not EXPONENT.search(prose), fmt
        for figure in MULTIPLE.findall(prose):
            digits = figure.replace(",", "").replace(".", "").lstrip("0").rstrip("0")
            assert len(digits) <= 3, (fmt, figure)
        for low, high in COUNTED.findall(prose):
            for count in (low, high):
                assert "." not in count, (fmt, count)
        assert not re.search(r"[\d,]{7,} ms", prose), fmt  # a long p99 is in s or min


def test_quantities_are_rounded_for_people_and_still_give_the_cents() -> None:
    """150.375366 GB of logs at $0.50 is $75.19; shown as 150.38 GB, 150.38 x $0.50 = $75.19
    still. Whole numbers keep no decimals, and a quantity under one keeps six."""
    from decimal import Decimal

    from advisor.render.text import quantity

    assert quantity(Decimal("150.375366")) == "150.38"
    assert quantity(Decimal("3361.041667")) == "3,361.04"
    assert quantity(Decimal("2628000000")) == "2,628,000,000"
    assert quantity(Decimal("0.041667")) == "0.041667"
    assert quantity(Decimal("0")) == "0"


def test_a_savings_plan_that_covers_nothing_says_why(cli) -> None:  # type: ignore[no-untyped-def]
    """The daily job's Fargate task runs 5 minutes a day: most hours use none of it, so the
    quietest hour's commitment is $0.0000: the line says there is no saving, and why, instead
    of '$0.0000/hour committed, 0.0 % off'."""
    out = cli("recommend", "scenarios/daily-report.yaml").stdout
    assert "$0.0000/hour" not in out
    assert "no saving, since some hour of the month uses none of this option" in out


def test_unit_prices_keep_what_is_published_and_round_what_is_worked_out() -> None:
    """A Savings Plan's 11 % off Lambda's $0.0000166667 is $0.00001482669632 to the digit:
    shown to six significant figures, as AWS publishes its own."""
    from decimal import Decimal

    from advisor.render.text import unit_price

    assert unit_price(Decimal("0.00001482669632")) == "$0.0000148267"
    assert unit_price(Decimal("0.0000166667")) == "$0.0000166667"
    assert unit_price(Decimal("0.50")) == "$0.50"
    assert unit_price(Decimal("0.1181952")) == "$0.118195"
