"""The wheel carries the pricing files, so the installed tool works offline from any folder."""

from __future__ import annotations

import importlib.metadata
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

from advisor import __version__
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
    # the distribution is aws-compute-advisor (`advisor` on the package index is another
    # project); the import name and the command stay `advisor`
    (wheel,) = (tmp_path / "dist").glob("aws_compute_advisor-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        assert "advisor/_data/pricing/aws/us-east-1.yaml" in names
        metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
        headers = archive.read(metadata).decode().split("\n\n")[0].splitlines()
        assert "Name: aws-compute-advisor" in headers
        assert f"Version: {__version__}" in headers
        entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
        assert "advisor = advisor.cli:main" in archive.read(entry_points).decode()
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
    version = subprocess.run(
        [sys.executable, "-m", "advisor", "--version"],
        cwd=elsewhere, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert (version.returncode, version.stdout) == (0, f"advisor {__version__}\n")


def test_version_is_the_installed_distributions(cli) -> None:  # type: ignore[no-untyped-def]
    """`advisor --version` names the version pip installed (one source: advisor/__init__.py)."""
    installed = importlib.metadata.version("aws-compute-advisor")
    assert installed == __version__
    run = cli("--version")
    assert (run.code, run.stdout, run.stderr) == (0, f"advisor {installed}\n", "")


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
