"""The README's CI snippets, as written: the GitHub workflow's shell lines run the way GitHub
runs them, in a scratch clone of a repository, fail the step when the check fails and pass it
when it holds; the pre-commit snippets are valid for pre-commit, and the local hook runs."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import API_WORKLOAD, ROOT, git

README = (ROOT / "README.md").read_text()
POLICY = "version: 1\nmax_increase_percent: 50\nmax_increase_usd: 0.10\n"


def snippets(marker: str) -> list[Any]:
    """The README's YAML blocks holding `marker`, parsed."""
    blocks = re.findall(r"```yaml\n(.*?)```", README, flags=re.S)
    return [yaml.safe_load(block) for block in blocks if marker in block]


def workflow_steps() -> list[dict[str, Any]]:
    (workflow,) = snippets("runs-on:")
    (job,) = workflow["jobs"].values()
    return list(job["steps"])


def github_shell(step: dict[str, Any], script: Path) -> list[str]:
    """The command GitHub runs a `run:` step with on Linux (its documented defaults): `bash -e`
    when no shell is named, `bash --noprofile --norc -eo pipefail` for `shell: bash`."""
    shell = step.get("shell")
    if shell is None:
        return ["bash", "-e", str(script)]
    if shell == "bash":
        return ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)]
    raise AssertionError(f"the README's workflow uses a shell this test does not know: {shell}")


@pytest.fixture
def clone(repository: Path, tmp_path: Path) -> Path:
    """What actions/checkout with fetch-depth 0 leaves for a pull request: a clone whose
    `origin/main` is the target branch; the workloads in `scenarios/`, the policy in
    `advisor-policy.yaml`, as the snippet names them."""
    git(repository, "mv", "workloads", "scenarios")
    (repository / "advisor-policy.yaml").write_text(POLICY)
    git(repository, "commit", "-q", "-am", "as the README's snippet expects")
    checkout = tmp_path / "checkout"
    git(tmp_path, "clone", "-q", str(repository), str(checkout))
    git(checkout, "checkout", "-q", "-b", "pull-request")
    return checkout


def run_workflow(checkout: Path, steps: list[dict[str, Any]]) -> list[tuple[str, int]]:
    """Each `run:` step's exit code, until one fails (as GitHub stops); `pip install` lines are
    left out, the package under test being installed already."""
    summary = checkout.parent / "step-summary.md"
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "GITHUB_BASE_REF": "main",
        "GITHUB_STEP_SUMMARY": str(summary),
        "COLUMNS": "120",
    }
    results = []
    for index, step in enumerate(s for s in steps if "run" in s):
        lines = [line for line in step["run"].splitlines() if not line.startswith("pip install")]
        script = checkout.parent / f"step-{index}.sh"
        script.write_text("\n".join(lines) + "\n")
        done = subprocess.run(
            github_shell(step, script), cwd=checkout, env=env, capture_output=True, text=True
        )
        results.append((step.get("name", step["run"]), done.returncode))
        if done.returncode:
            break
    return results


def test_the_check_step_fails_when_the_check_fails(clone: Path) -> None:
    """api rises from $0.24 to $0.98 (400,000 requests: 20,000 GB-s x $0.0000166667 = $0.3333,
    requests $0.08, HTTP API $0.40, logs 400,000 x 0.8 KB = 0.3052 GB x $0.53 = $0.1618):
    +$0.74 and +308.33 %, past both limits of the policy."""
    (clone / "scenarios" / "api.yaml").write_text(API_WORKLOAD.replace("100000", "400000"))
    results = run_workflow(clone, workflow_steps())
    assert results[-1] == ("Check against the target branch", 1)
    summary = (clone.parent / "step-summary.md").read_text()
    assert summary.startswith("### ❌ advisor check failed: 2 of 2 checks failed")
    assert "$0.24 -> $0.98 a month (+$0.74, +308.33 %): over the 50 % and $0.10 limits" in summary


def test_the_check_step_passes_when_the_check_holds(clone: Path) -> None:
    """api rises to $0.30 (125,000 requests: 6,250 GB-s = $0.1042, $0.025, $0.125, logs
    $0.0506; $0.3048): +25 %, within the 50 % limit; with nightly's $0.03, $0.33."""
    (clone / "scenarios" / "api.yaml").write_text(API_WORKLOAD.replace("100000", "125000"))
    results = run_workflow(clone, workflow_steps())
    assert results == [
        ("pip install aws-compute-advisor", 0),
        ("Check against the target branch", 0),
    ]
    summary = (clone.parent / "step-summary.md").read_text()
    assert summary.startswith("### ✅ advisor check passed: 1 checks hold ($0.33/month)")


def test_without_its_shell_the_step_would_pass_a_failed_check(clone: Path) -> None:
    """Why the step names `shell: bash`: under GitHub's default (`bash -e`, no pipefail) the
    pipeline's status is tee's, and the failing check above passes."""
    (clone / "scenarios" / "api.yaml").write_text(API_WORKLOAD.replace("100000", "400000"))
    steps = [{k: v for k, v in s.items() if k != "shell"} for s in workflow_steps()]
    assert run_workflow(clone, steps)[-1] == ("Check against the target branch", 0)


def test_the_pre_commit_snippets_are_valid(tmp_path: Path) -> None:
    """pre-commit's own schema accepts the hook file and both configurations; the pinned `rev`
    is one pre-commit treats as fixed (a tag with a dot, or a commit SHA), and the hook id is the
    one the hook file defines."""
    remote, local = snippets("advisor-check")
    manifest = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert [hook["id"] for hook in manifest] == ["advisor-check"]
    (pinned,) = remote["repos"]
    assert "." in pinned["rev"] or re.fullmatch(r"[0-9a-f]{40}", pinned["rev"])
    assert [h["id"] for h in pinned["hooks"]] == ["advisor-check"]
    pre_commit = [sys.executable, "-m", "pre_commit"]
    checked = subprocess.run(
        [*pre_commit, "validate-manifest", str(ROOT / ".pre-commit-hooks.yaml")],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    for config in (remote, local):
        path = tmp_path / "config.yaml"
        path.write_text(yaml.safe_dump(config))
        checked = subprocess.run(
            [*pre_commit, "validate-config", str(path)], capture_output=True, text=True
        )
        assert (checked.returncode, checked.stdout + checked.stderr) == (0, "")


@pytest.mark.skipif(shutil.which("git") is None, reason="pre-commit needs git")
def test_the_local_pre_commit_hook_runs_as_written(clone: Path, tmp_path: Path) -> None:
    """The local hook, run by pre-commit in the scratch clone: passes on the workloads, fails
    (exit 1) when the policy's budget is broken."""
    (_, local) = snippets("advisor-check")
    (clone / ".pre-commit-config.yaml").write_text(yaml.safe_dump(local))
    git(clone, "add", ".pre-commit-config.yaml")
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
    }

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pre_commit", "run", "--all-files"],
            cwd=clone,
            env=env,
            capture_output=True,
            text=True,
        )

    passed = run()
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert re.search(r"advisor cost check\.+Passed", passed.stdout)
    (clone / "advisor-policy.yaml").write_text("version: 1\nbudgets: {monthly_total: 0.1}\n")
    failed = run()
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "advisor check failed: 1 of 1 checks failed" in failed.stdout
