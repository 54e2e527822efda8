"""Folder scans in a real repository: only workload files are read. Hidden folders and virtual
environments are never scanned, `--exclude` and `.advisorignore` leave out what they name (in
gitignore syntax), and YAML that is not ours is skipped with a notice where a broken workload is
a located error."""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor.input.folders import find_files
from advisor.input.ignore import ignored, rules_for
from tests.conftest import API_WORKLOAD


def test_compare_and_check_read_only_the_workloads(cli, repository, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.chdir(repository)
    run = cli("compare", ".", "--format", "json")
    assert run.code == 0, run.stderr
    assert sorted((r["name"], r["source"]) for r in run.json()["rows"]) == [
        ("api", "workloads/api.yaml"),
        ("nightly", "workloads/nightly.yaml"),
    ]
    # the policy and the pricing file are YAML but not ours: a notice each, nothing else (the
    # workflow, pre-commit's file and the environments are not even read)
    assert run.stderr.splitlines() == [
        "warning: advisor-policy.yaml: skipped, not a workload or system file (its keys: "
        "version, budgets)",
        "warning: pricing/aws/us-east-1.yaml: skipped, not a workload or system file (its keys: "
        "version, provider, region, currency, ...)",
    ]
    check = cli("check", ".", "--policy", "advisor-policy.yaml")
    assert check.code == 0, check.stdout + check.stderr
    assert "advisor check passed: 1 checks hold" in check.stdout


def test_a_broken_workload_is_a_located_error(cli, repository, monkeypatch):  # type: ignore[no-untyped-def]
    """A file with our keys is ours however broken; the rest of the batch is still compared."""
    monkeypatch.chdir(repository)
    (repository / "workloads" / "broken.yaml").write_text(
        API_WORKLOAD.replace("name: api", "name: broken").replace("100000", "-1")
    )
    run = cli("compare", ".", "--format", "json")
    assert run.code == 2
    assert [f["error"] for f in run.json()["failures"]] == [
        "workloads/broken.yaml:3:29: traffic.monthly_requests: Input should be greater "
        "than 0 (got -1)"
    ]
    assert sorted(r["name"] for r in run.json()["rows"]) == ["api", "nightly"]


def test_exclude_and_ignore_files(cli, repository, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.chdir(repository)
    drafts = repository / "workloads" / "drafts"
    drafts.mkdir()
    for name in ("idea", "keep"):
        (drafts / f"{name}.yaml").write_text(API_WORKLOAD.replace("name: api", f"name: {name}"))

    def names(*args: str) -> list[str]:
        run = cli("compare", ".", "--format", "json", *args)
        assert run.code == 0, run.stderr
        return sorted(r["name"] for r in run.json()["rows"])

    assert names() == ["api", "idea", "keep", "nightly"]
    assert names("--exclude", "drafts/") == ["api", "nightly"]
    assert names("--exclude", "nightly.yaml", "--exclude", "/workloads/drafts/idea.yaml") == [
        "api",
        "keep",
    ]
    # patterns are relative to the current folder, as in git: an anchored one names one path
    assert names("--exclude", "/drafts/") == ["api", "idea", "keep", "nightly"]
    (repository / ".advisorignore").write_text("# drafts are not priced\ndrafts/\n")
    assert names() == ["api", "nightly"]
    # a deeper ignore file can take a file back, as a deeper .gitignore can...
    (repository / ".advisorignore").write_text("*.yaml\n")
    (repository / "workloads" / ".advisorignore").write_text("!api.yaml\n")
    assert names() == ["api"]
    # ...but not what --exclude names
    assert cli("compare", ".", "--exclude", "api.yaml").code == 2  # nothing left to compare


def test_a_file_named_on_the_command_line_is_always_read(cli, repository, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.chdir(repository)
    (repository / ".advisorignore").write_text("workloads/\n")
    run = cli("compare", "workloads/api.yaml", "env/api.yaml", "--format", "json")
    assert run.code == 2  # both read: the same name twice
    assert "name: 'api' is already used by workloads/api.yaml" in run.stderr


def test_rules_seen_from_a_subfolder(tmp_path: Path) -> None:
    """Patterns of the current folder's ignore file apply below it, relative to it, whichever
    folder the scan starts from; a folder outside the current one has its own file only."""
    (tmp_path / ".advisorignore").write_text("/a/old/\nscratch-*.yaml\n")
    (tmp_path / "a" / "old").mkdir(parents=True)
    rules = rules_for(tmp_path / "a", tmp_path, ["*.tmp.yaml"])
    assert ignored(rules, "old", is_folder=True)
    assert ignored(rules, "scratch-1.yaml", is_folder=False)
    assert ignored(rules, "w.tmp.yaml", is_folder=False)
    assert not ignored(rules, "w.yaml", is_folder=False)
    assert not ignored(rules, "old", is_folder=False)  # `/a/old/` names a folder
    elsewhere = rules_for(tmp_path / "a", tmp_path / "a" / "old", [])
    assert elsewhere == ()


def test_a_venv_of_any_name_is_not_scanned(repository: Path) -> None:
    found = find_files([repository], base=repository)
    assert sorted(Path(f).relative_to(repository).as_posix() for f in found.files) == [
        "advisor-policy.yaml",
        "pricing/aws/us-east-1.yaml",
        "workloads/api.yaml",
        "workloads/nightly.yaml",
    ]


def test_an_unreadable_ignore_file_is_an_error(cli, repository, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.chdir(repository)
    (repository / ".advisorignore").write_bytes(b"\xff\xfe\n")
    run = cli("compare", ".")
    assert run.code == 2
    assert run.stderr.startswith(f"{repository}/.advisorignore: cannot read:"), run.stderr


@pytest.mark.parametrize("name", ["venv", "node_modules", ".terraform"])
def test_environment_folders_by_name(tmp_path: Path, name: str) -> None:
    (tmp_path / name).mkdir()
    (tmp_path / name / "w.yaml").write_text(API_WORKLOAD)
    (tmp_path / "w.yaml").write_text(API_WORKLOAD)
    assert find_files([tmp_path], base=tmp_path).files == [str(tmp_path / "w.yaml")]
