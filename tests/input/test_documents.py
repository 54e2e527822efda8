"""Telling YAML that is not ours (skipped by a scan, with a notice) from a broken workload or
system file (a located error)."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from advisor.input.documents import not_ours
from tests.conftest import API_WORKLOAD, ROOT, WORKFLOW


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (WORKFLOW, "its keys: name, True, jobs"),  # YAML 1.1 reads the key `on` as true
        ("version: 1\nbudgets: {monthly_total: 5}\n", "its keys: version, budgets"),
        (
            (ROOT / "advisor-policy.yaml").read_text(),
            "its keys: version, budgets, expected_platform, max_increase_percent, ...",
        ),
        (
            (ROOT / "pricing" / "aws" / "us-east-1.yaml").read_text(),
            "its keys: version, provider, region, currency, ...",
        ),
        (  # Compose: a version, but not ours
            "version: '3.8'\nname: stack\nservices: {web: {image: nginx}}\n",
            "its keys: version, name, services",
        ),
        (
            "apiVersion: v1\nkind: Service\nmetadata: {name: web}\n",
            "its keys: apiVersion, kind, metadata",
        ),
        ("", "empty"),
        ("{}\n", "an empty mapping"),
        ("- a\n- list\n", "not a mapping of keys to values"),
    ],
)
def test_not_ours(text: str, reason: str) -> None:
    assert not_ours(yaml.safe_load(text)) == reason


@pytest.mark.parametrize(
    "data",
    [
        yaml.safe_load(API_WORKLOAD),
        {"version": 1, "name": "half-written"},  # broken, but a workload: located errors follow
        {"name": "no-version", "traffic": {"monthly_requests": 5}},
        {"execution": {"duration_ms": 5}},
        {"version": 1, "kind": "system"},
        {"kind": "workload"},
        {"version": 2, "name": "x", "traffic": {}},  # a wrong version is an error, not a skip
    ],
)
def test_ours_however_broken(data: dict[str, Any]) -> None:
    assert not_ours(data) is None


def test_recommend_names_a_file_that_is_not_ours(cli, tmp_path):  # type: ignore[no-untyped-def]
    path = tmp_path / "ci.yml"
    path.write_text(WORKFLOW)
    run = cli("recommend", str(path))
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr == (
        f"{path}:1:1: not an advisor workload or system file (its keys: name, on, jobs)\n"
    )  # YAML 1.2: a workflow's `on:` is the word, not True as YAML 1.1 read it
