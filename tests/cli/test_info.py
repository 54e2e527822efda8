"""`advisor schema`, `rules` and `explain`."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from advisor.decide.rules import REGISTRY
from tests.conftest import ROOT, SCENARIOS


def test_workload_schema_validates_every_scenario(cli):  # type: ignore[no-untyped-def]
    run = cli("schema", "workload")
    assert run.code == 0
    schema = json.loads(run.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    for path in SCENARIOS.glob("*.yaml"):
        data = yaml.safe_load(path.read_text())
        if data.get("kind") == "system":
            continue
        jsonschema.validate(data, schema)


def test_workload_schema_rejects_unknown_keys(cli):  # type: ignore[no-untyped-def]
    schema = json.loads(cli("schema", "workload").stdout)
    bad = {
        "version": 1,
        "name": "x",
        "traffic": {"monthly_requests": 1},
        "execution": {"duration_ms": 1, "memory_mb": 128, "memroy": 1},
    }
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)


def test_report_schema_validates_a_report(cli):  # type: ignore[no-untyped-def]
    schema = json.loads(cli("schema", "report").stdout)
    report = cli("recommend", str(SCENARIOS / "trading-api.yaml"), "--format", "json").json()
    jsonschema.validate(report, schema)


def test_pricing_schema_validates_bundled_files(cli):  # type: ignore[no-untyped-def]
    schema = json.loads(cli("schema", "pricing").stdout)
    for path in (ROOT / "pricing").rglob("*.yaml"):
        # as an editor sees it: YAML dates are strings in JSON
        data = json.loads(json.dumps(yaml.safe_load(path.read_text()), default=str))
        jsonschema.validate(data, schema)


def test_rules_lists_every_rule(cli):  # type: ignore[no-untyped-def]
    run = cli("rules")
    assert run.code == 0
    listed = [line.split()[0] for line in run.stdout.splitlines()]
    assert listed == sorted(REGISTRY)


def test_explain_prints_the_rule_doc(cli):  # type: ignore[no-untyped-def]
    run = cli("explain", "adv201")
    assert run.code == 0
    assert run.stdout.startswith("ADV201 cold-start-latency\n")
    assert "provisioned concurrency" in run.stdout.lower()


def test_explain_unknown_rule_exits_2(cli):  # type: ignore[no-untyped-def]
    run = cli("explain", "ADV999")
    assert run.code == 2
    assert run.stderr == (
        "no rule or workload key 'ADV999'; `advisor rules` lists the rules, "
        "`advisor schema workload` the keys\n"
    )


def test_explain_gives_a_workload_keys_default_and_why(cli):  # type: ignore[no-untyped-def]
    run = cli("explain", "execution.cpu_ms")
    assert run.code == 0
    assert run.stdout.startswith("execution.cpu_ms  (default: derived, as below)")
    assert "memory_mb / 1769" in run.stdout and "upper bound" in run.stdout
    assert cli("explain", "container.target_utilization").stdout.startswith(
        "container.target_utilization  (default: 0.7)"
    )
    unknown = cli("explain", "execution.cpu")
    assert unknown.code == 2 and "no rule or workload key" in unknown.stderr
