"""`advisor render`: a saved JSON report re-renders as the command would have, and a file that
is not a report is one located line and exit code 2."""

from __future__ import annotations

import pytest

from tests.conftest import SCENARIOS


@pytest.mark.parametrize("fmt", ["markdown", "json"])
def test_a_saved_report_renders_as_recommend_does(cli, tmp_path, fmt):  # type: ignore[no-untyped-def]
    scenario = str(SCENARIOS / "trading-api.yaml")
    saved = tmp_path / "report.json"
    saved.write_text(cli("recommend", scenario, "--format", "json").stdout)
    run = cli("render", str(saved), "--format", fmt)
    assert run.code == 0
    assert run.stdout == cli("recommend", scenario, "--format", fmt).stdout


@pytest.mark.parametrize(
    ("saved", "message"),
    [
        ("[1]", "[0]: should be a JSON object (a report)"),
        ('{"schema_version": 1}', "tool_version: Field required"),
        ('{"rows": [{"name": 1}]}', "rows[0].name: Input should be a valid string"),
    ],
)
def test_a_file_that_is_not_a_report(cli, tmp_path, saved, message):  # type: ignore[no-untyped-def]
    path = tmp_path / "saved.json"
    path.write_text(saved)
    run = cli("render", str(path))
    assert run.code == 2
    assert run.stderr == f"{path}: not an advisor report: {message}\n"
