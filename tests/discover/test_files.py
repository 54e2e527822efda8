"""Discovered files: the header stays a comment whatever the names hold, and writes are whole
and never over an existing file unasked."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from advisor.discover.build import Built, safe_stem
from advisor.discover.files import Exists, header, to_yaml, write_new


def test_hostile_text_stays_inside_the_comment() -> None:
    built = Built("x", "x", {"version": 1, "name": "a\nversion: 2"})
    built.sources.append(("entry", "alb: target group 'evil\nversion: 3'"))
    built.unread.append("something\r\nname: other")
    text = header(built, "read\nname: injected") + to_yaml(built.document)
    data = yaml.safe_load(text)
    assert data == {"version": 1, "name": "a\nversion: 2"}


def test_lists_of_numbers_are_inline_and_mappings_blocks() -> None:
    text = to_yaml({"traffic": {"hourly_profile": [1, 2.5], "pattern": "steady"}})
    assert text == "traffic:\n  hourly_profile: [1, 2.5]\n  pattern: steady\n"


def test_existing_files_stay_unless_forced(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    write_new(path, "one\n", force=False)
    with pytest.raises(Exists):
        write_new(path, "two\n", force=False)
    assert path.read_text() == "one\n"
    write_new(path, "three\n", force=True)
    assert path.read_text() == "three\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.yaml"]


def test_file_names_are_safe() -> None:
    assert safe_stem("lambda-../../etc/passwd") == "lambda-etc-passwd"
    assert safe_stem("ecs-shop-web") == "ecs-shop-web"
    assert safe_stem("...") == "workload"
