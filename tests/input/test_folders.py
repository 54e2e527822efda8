"""Finding workload files in folders: links and loops, files named twice, empty and missing
paths."""

from __future__ import annotations

import os
from pathlib import Path

from tests.compare.test_batch import API


def test_symlink_loop_and_links_counted_once(cli, tmp_path: Path):  # type: ignore[no-untyped-def]
    (tmp_path / "w.yaml").write_text(API.format(name="w", requests=1000))
    os.symlink(tmp_path, tmp_path / "loop")
    os.symlink(tmp_path / "w.yaml", tmp_path / "alias.yaml")
    run = cli("compare", str(tmp_path), "-f", "json")
    assert run.code == 0, run.stderr
    assert [r["name"] for r in run.json()["rows"]] == ["w"]
    assert "symbolic link loop" in run.stderr


def test_a_file_named_and_found_in_its_folder_is_compared_once(cli, tmp_path: Path):  # type: ignore[no-untyped-def]
    (tmp_path / "w.yaml").write_text(API.format(name="w", requests=1000))
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "v.yaml").write_text(API.format(name="v", requests=1000))
    run = cli("compare", str(tmp_path / "sub" / "v.yaml"), str(tmp_path), "-f", "json")
    assert run.code == 0, run.stderr
    assert sorted(r["name"] for r in run.json()["rows"]) == ["v", "w"]


def test_empty_folders(cli, tmp_path: Path):  # type: ignore[no-untyped-def]
    empty = tmp_path / "empty"
    empty.mkdir()
    run = cli("compare", str(empty))
    assert run.code == 2
    assert "no .yaml or .yml files in this folder" in run.stderr
    assert "no workload files found" in run.stderr
    (tmp_path / "w.yaml").write_text(API.format(name="w", requests=1000))
    run = cli("compare", str(empty), str(tmp_path / "w.yaml"))
    assert run.code == 0
    assert "warning:" in run.stderr


def test_missing_path(cli, tmp_path: Path):  # type: ignore[no-untyped-def]
    run = cli("compare", str(tmp_path / "nowhere"))
    assert run.code == 2
    assert f"{tmp_path / 'nowhere'}: file not found" in run.stderr
