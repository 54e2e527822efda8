"""`advisor check --baseline-ref REF`: the baseline built from a git revision of a scratch
repository, and every way it cannot be built failing loudly (exit 2, one line) rather than
becoming an empty baseline against which every workload passes as "added"."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import API_WORKLOAD, git

POLICY = "version: 1\nmax_increase_percent: 50\n"


@pytest.fixture
def checked(cli, repository, monkeypatch):  # type: ignore[no-untyped-def]
    """`advisor check ARGS --policy (50 %) --format json` run in the repository."""
    monkeypatch.chdir(repository)
    (repository / "policy.yml").write_text(POLICY)

    def run(*args: str):  # type: ignore[no-untyped-def]
        policy = str(repository / "policy.yml")
        return cli("check", *args, "--policy", policy, "--format", "json")

    return run


def statuses(report: dict) -> dict[str, str]:  # type: ignore[type-arg]
    return {c["name"]: c["status"] for c in report["diff"]["changes"]}


def one_line(stderr: str, start: str) -> None:
    assert stderr.startswith(start), stderr
    assert stderr.count("\n") == 1, stderr


def test_an_unchanged_tree_is_unchanged(checked, repository):  # type: ignore[no-untyped-def]
    run = checked("workloads", "--baseline-ref", "main")
    assert run.code == 0, run.stderr
    assert statuses(run.json()) == {"api": "unchanged", "nightly": "unchanged"}
    # nothing in the repository was touched: no worktree, no checkout, no stray files
    assert git(repository, "status", "--porcelain") == "?? policy.yml\n"
    assert len(git(repository, "worktree", "list").splitlines()) == 1


def test_a_rise_against_the_revision_fails(checked, repository):  # type: ignore[no-untyped-def]
    """At main, api costs $0.24 (tests/conftest.py); with 400,000 requests a month: 20,000 GB-s
    x $0.0000166667 = $0.3333, requests $0.08, HTTP API $0.40, logs $0.1618; $0.9751 -> $0.98,
    +$0.74, +308.33 % of $0.24, over the 50 % limit."""
    (repository / "workloads" / "api.yaml").write_text(API_WORKLOAD.replace("100000", "400000"))
    run = checked("workloads", "--baseline-ref", "main")
    assert run.code == 1, run.stderr
    failed = [c for c in run.json()["checks"] if c["status"] == "failed"]
    assert [(c["subject"], c["detail"]) for c in failed][0] == (
        "api",
        "$0.24 -> $0.98 a month (+$0.74, +308.33 %): over the 50 % limit",
    )


def test_from_a_subfolder_and_by_commit(checked, repository, monkeypatch):  # type: ignore[no-untyped-def]
    commit = git(repository, "rev-parse", "HEAD").strip()
    (repository / "workloads" / "api.yaml").write_text(API_WORKLOAD.replace("100000", "400000"))
    git(repository, "commit", "-q", "-am", "more traffic")
    monkeypatch.chdir(repository / "workloads")
    run = checked(".", "--baseline-ref", commit)
    assert run.code == 1, run.stderr
    assert statuses(run.json()) == {"api": "changed", "nightly": "unchanged"}


def failed(report: dict) -> list[str]:  # type: ignore[type-arg]
    return [c["subject"] for c in report["checks"] if c["status"] == "failed"]


def test_a_folder_new_since_the_revision_counts_as_added(checked, repository):  # type: ignore[no-untyped-def]
    """An added workload has no cost before; it counts in the total ($0.23 -> $0.43)."""
    (repository / "more").mkdir()
    (repository / "more" / "w.yaml").write_text(API_WORKLOAD.replace("name: api", "name: new"))
    run = checked("workloads", "more", "--baseline-ref", "main")
    assert run.code == 1, run.stderr
    assert failed(run.json()) == ["total"]
    assert statuses(run.json()) == {"api": "unchanged", "new": "added", "nightly": "unchanged"}
    assert "warning: more did not exist at main: its workloads count as added\n" in run.stderr


def test_the_revisions_ignore_file_is_used(checked, repository):  # type: ignore[no-untyped-def]
    """The baseline is scanned as the revision's files would be: its own .advisorignore."""
    (repository / ".advisorignore").write_text("nightly.yaml\n")
    git(repository, "add", ".advisorignore")
    git(repository, "commit", "-q", "-m", "ignore nightly")
    (repository / ".advisorignore").unlink()
    run = checked("workloads", "--baseline-ref", "main")
    assert run.code == 0, run.stderr  # the total rises by nightly's $0.03, +12.5 % of $0.24
    assert statuses(run.json()) == {"api": "unchanged", "nightly": "added"}


def test_a_broken_file_at_the_revision_fails_loudly(checked, repository):  # type: ignore[no-untyped-def]
    broken = repository / "workloads" / "api.yaml"
    broken.write_text(API_WORKLOAD.replace("100000", "-1"))
    git(repository, "commit", "-q", "-am", "broken")
    broken.write_text(API_WORKLOAD)  # fixed in the working tree
    run = checked("workloads", "--baseline-ref", "main")
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr == (
        "--baseline-ref main: the baseline could not be built: main:workloads/api.yaml:3:29: "
        "traffic.monthly_requests: Input should be greater than 0 (got -1)\n"
    )


def test_an_unknown_revision_fails_loudly(checked):  # type: ignore[no-untyped-def]
    run = checked("workloads", "--baseline-ref", "origin/main")
    assert (run.code, run.stdout) == (2, "")
    one_line(run.stderr, "--baseline-ref origin/main: no such revision in this repository")
    assert "fetch-depth: 0" in run.stderr
    for bad in ("--output=x", " "):
        run = checked("workloads", f"--baseline-ref={bad}")
        assert run.code == 2
        one_line(run.stderr, f"--baseline-ref: '{bad}' is not a git revision")


def test_outside_a_repository_fails_loudly(cli, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    (tmp_path / "w.yaml").write_text(API_WORKLOAD)
    (tmp_path / "p.yaml").write_text(POLICY)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))  # even inside one
    run = cli("check", "w.yaml", "--policy", "p.yaml", "--baseline-ref", "main")
    assert (run.code, run.stdout) == (2, "")
    one_line(run.stderr, f"--baseline-ref main: {tmp_path} is not inside a git repository")


def test_a_path_outside_the_repository_fails_loudly(checked, tmp_path):  # type: ignore[no-untyped-def]
    (tmp_path / "outside.yaml").write_text(API_WORKLOAD.replace("name: api", "name: out"))
    run = checked("workloads", str(tmp_path / "outside.yaml"), "--baseline-ref", "main")
    assert run.code == 2
    one_line(run.stderr, f"--baseline-ref main: {tmp_path / 'outside.yaml'} is outside the git")


def test_without_git_fails_loudly(checked, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr("advisor.gate.baseline.shutil.which", lambda name: None)
    run = checked("workloads", "--baseline-ref", "main")
    assert run.code == 2
    one_line(run.stderr, "--baseline-ref main: git is not installed")


def test_baseline_and_baseline_ref_together(checked, repository):  # type: ignore[no-untyped-def]
    run = checked("workloads", "--baseline-ref", "main", "--baseline", "base.json")
    assert run.code == 2
    one_line(run.stderr, "error: give --baseline or --baseline-ref, not both")


@pytest.mark.parametrize(
    ("saved", "message"),
    [
        ("[]", "the baseline holds no workloads"),
        ('{"rows": [], "failures": []}', "the baseline holds no workloads"),
        (
            '{"rows": [{"name": "api", "platform": "lambda", "monthly_cost": "0.20"}], '
            '"failures": [{"source": "x.yaml", "error": "x.yaml:1:1: broken"}]}',
            "failures: 1 file(s) could not be compared, so it is incomplete "
            "(first: x.yaml:1:1: broken)",
        ),
    ],
)
def test_a_saved_baseline_that_cannot_be_complete(checked, repository, saved, message):  # type: ignore[no-untyped-def]
    """What `compare ... > base.json || true` leaves when the baseline job failed: never a
    baseline where everything is new."""
    path = repository / "base.json"
    path.write_text(saved)
    run = checked("workloads", "--baseline", "base.json")
    assert (run.code, run.stdout) == (2, "")
    one_line(run.stderr, "base.json: ")
    assert message in run.stderr


def test_the_working_tree_is_never_read_for_the_baseline(checked, repository: Path):  # type: ignore[no-untyped-def]
    """A file not yet committed is not in the baseline, whatever the working tree holds."""
    (repository / "workloads" / "extra.yaml").write_text(
        API_WORKLOAD.replace("name: api", "name: extra")
    )
    run = checked("workloads", "--baseline-ref", "HEAD")
    assert run.code == 1, run.stderr
    assert statuses(run.json()) == {"api": "unchanged", "extra": "added", "nightly": "unchanged"}
