"""Rules driven from YAML cases: which rules fire, on which option, and the verdict."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from advisor.decide.rules import REGISTRY, decides
from advisor.pricing.containers import task_shape

CASES_FILE = Path(__file__).with_name("cases.yaml")
DATA = yaml.safe_load(CASES_FILE.read_text())


def merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        out[key] = merge(out[key], value) if isinstance(value, dict) and key in out else value
    return out


def fired(report: dict[str, Any]) -> dict[str, set[str]]:
    """rule -> where it fired (option keys, or 'workload')."""
    where: dict[str, set[str]] = {}
    for opt in report["options"]:
        key = opt["platform"] + (f":{opt['variant']}" if opt["variant"] else "")
        for finding in opt["findings"]:
            where.setdefault(finding["rule"], set()).add(key)
    for finding in report["findings"]:
        where.setdefault(finding["rule"], set()).add("workload")
    return where


@pytest.mark.parametrize("case", DATA["cases"], ids=lambda c: c["name"])
def test_case(cli, write, case):  # type: ignore[no-untyped-def]
    path = write(yaml.safe_dump(merge(DATA["base"], case["workload"])))
    run = cli("recommend", str(path), "--format", "json")
    assert run.code == 0, run.stderr
    report = run.json()
    # only the deciding rules may rule an option out: a comparison checks no others
    findings = [f for option in report["options"] for f in option["findings"]]
    for finding in findings + report["findings"]:
        assert finding["severity"] != "error" or decides(finding["rule"])
    where = fired(report)
    for rule_id, options in case.get("fires", {}).items():
        assert rule_id in REGISTRY
        assert where.get(rule_id) == set(options), (rule_id, where)
    for rule_id in case.get("silent", []):
        assert rule_id not in where, (rule_id, where)
    if "recommend" in case:
        assert report["recommendation"]["platform"] in case["recommend"]
    if "close_call" in case:
        assert report["recommendation"]["close_call"] is case["close_call"]
    keys = {o["platform"] + (f":{o['variant']}" if o["variant"] else "") for o in report["options"]}
    for key in case.get("priced", []):
        assert key in keys
    for key in case.get("unpriced", []):
        assert key not in keys
    feasible = {o["platform"] for o in report["options"] if o["feasible"] and not o["variant"]}
    for platform in case.get("feasible", []):
        assert platform in feasible


def test_every_rule_with_a_check_has_a_case():  # type: ignore[no-untyped-def]
    covered = {rule for case in DATA["cases"] for rule in case.get("fires", {})}
    decided_by_engine = {"ADV501", "ADV502", "ADV503"}
    # ADV702 needs a pricing file without its optional sections: tests/refresh/test_refresh.py
    assert set(REGISTRY) - decided_by_engine - covered <= {"ADV106", "ADV107", "ADV702"}


def test_every_reason_names_a_documented_rule_and_carries_figures(cli):  # type: ignore[no-untyped-def]
    from tests.conftest import SCENARIOS

    for path in sorted(SCENARIOS.glob("*.yaml")):
        if "system" in path.name:
            continue
        report = cli("recommend", str(path), "--format", "json").json()
        for reason in report["recommendation"]["reasons"]:
            assert reason["rule"] in REGISTRY
            assert any(ch.isdigit() for ch in reason["message"]), reason
            explained = cli("explain", reason["rule"])
            assert explained.code == 0 and explained.stdout.startswith(reason["rule"])


@pytest.mark.parametrize("case", DATA["cases"], ids=lambda c: c["name"])
def test_the_deciding_rules_alone_hit_as_they_do_among_all(tmp_path, case):  # type: ignore[no-untyped-def]
    from advisor.decide import rules
    from advisor.decide.engine import judge
    from advisor.input.documents import load_workload
    from advisor.pricing.catalog import Catalog

    path = tmp_path / "case.yaml"
    path.write_text(yaml.safe_dump(merge(DATA["base"], case["workload"])))
    document = load_workload(path)
    verdict = judge(document.workload, Catalog(), document.source, detail=True)
    ctx = rules.Context(
        workload=document.workload,
        demand=verdict.demand,
        options=verdict.priced.options,
        shape=task_shape(document.workload),
        cold_starts=verdict.priced.cold_starts,
        problems=verdict.priced.problems,
        pricing=verdict.rates,
    )
    every = rules.evaluate(ctx)
    deciding = rules.evaluate(ctx, deciding_only=True)
    assert deciding == [hit for hit in every if decides(hit.rule)]
