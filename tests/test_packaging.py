"""The wheel carries the pricing files, so the installed tool works offline from any folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import ROOT


def test_wheel_runs_a_scenario_from_another_folder(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path / "dist"),
            str(ROOT),
        ],
        check=True,
    )
    wheel = next((tmp_path / "dist").glob("advisor-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        assert "advisor/_data/pricing/aws/us-east-1.yaml" in names
        archive.extractall(tmp_path / "site")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    scenario = ROOT / "scenarios" / "daily-report.yaml"
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "site")}
    result = subprocess.run(
        [sys.executable, "-m", "advisor", "recommend", str(scenario), "--format", "json"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["pricing"]["file"] == "pricing/aws/us-east-1.yaml (bundled)"
    assert report["recommendation"]["platform"] == "lambda"


def test_recommend_does_not_import_boto3() -> None:
    code = (
        "import sys; from advisor.cli import main; sys.argv=['advisor','recommend',"
        f"{str(ROOT / 'scenarios' / 'api-10m.yaml')!r},'--format','json'];\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "assert 'boto3' not in sys.modules and 'botocore' not in sys.modules, 'boto3 imported'"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
