"""What a folder scan leaves out: hidden files and folders, virtual environments, and the
patterns of `--exclude` and of `.advisorignore` files (gitignore syntax, read with pathspec, the
library black and mypy use for theirs). A repository holds YAML that is not ours (workflows,
policies, pricing files, whole virtual environments): `advisor compare .` must not read it."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pathspec import GitIgnoreSpec

from advisor.errors import InputError, Location

IGNORE_FILE = ".advisorignore"
ENVIRONMENTS = frozenset({"venv", "node_modules", "site-packages", "__pycache__"})
"""Folders never scanned, by name (besides hidden ones and any folder holding `pyvenv.cfg`)."""


def skipped_folder(entry: os.DirEntry[str]) -> bool:
    """A hidden folder, or a virtual environment or package cache, which never holds workloads
    of the user's own (a `python -m venv` folder of any name holds `pyvenv.cfg`)."""
    name = entry.name
    return (
        name.startswith(".")
        or name in ENVIRONMENTS
        or os.path.exists(os.path.join(entry.path, "pyvenv.cfg"))
    )


@dataclass(frozen=True)
class Patterns:
    """One set of gitignore patterns and the folder its paths are relative to (as the path of
    the folder being scanned relative to it, "" or ending in "/"). `final` patterns (given on
    the command line) exclude whatever an ignore file says; others can be overridden by a
    `!pattern` in a deeper ignore file, as in git."""

    spec: GitIgnoreSpec
    prefix: str
    final: bool = False

    def below(self, name: str) -> Patterns:
        """The same patterns, seen from the subfolder `name`."""
        return Patterns(self.spec, f"{self.prefix}{name}/", self.final)


Rules = tuple[Patterns, ...]


def ignored(rules: Rules, name: str, is_folder: bool) -> bool:
    """Whether the entry `name` of the folder the rules are seen from is left out: the deepest
    ignore file with a say decides, and a command-line pattern always excludes."""
    decision = False
    for patterns in rules:
        path = f"{patterns.prefix}{name}/" if is_folder else f"{patterns.prefix}{name}"
        include = patterns.spec.check_file(path).include
        if include is None:
            continue
        if patterns.final:
            if include:
                return True
        else:
            decision = include
    return decision


def read_ignore_file(folder: str) -> GitIgnoreSpec | None:
    """The folder's `.advisorignore`, if it has one."""
    path = os.path.join(folder, IGNORE_FILE)
    try:
        with open(path, encoding="utf-8") as stream:
            lines = stream.read().splitlines()
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read: {exc}", Location(path)) from None
    return _spec(lines, path)


def _spec(lines: Sequence[str], where: str) -> GitIgnoreSpec:
    try:
        return GitIgnoreSpec.from_lines(lines)
    except Exception as exc:  # pathspec raises several kinds for a pattern it cannot read
        raise InputError(f"not a valid gitignore pattern: {exc}", Location(where)) from None


def entering(rules: Rules, folder: str, name: str) -> Rules:
    """The rules inside the subfolder `name` of `folder`: the outer ones seen from it, then its
    own ignore file's."""
    inner = tuple(p.below(name) for p in rules)
    own = read_ignore_file(os.path.join(folder, name))
    return (*inner, Patterns(own, "")) if own is not None else inner


def rules_for(root: Path, base: Path, excludes: Sequence[str]) -> Rules:
    """The rules at a folder the scan starts from: `--exclude` patterns and the ignore files of
    `base` (the current folder) and of every folder from it down to `root`, all relative to
    `base`; for a root outside `base`, relative to the root and its own ignore file only."""
    try:
        inside = root.resolve().relative_to(base.resolve())
    except (OSError, ValueError):
        inside, base = Path(), root
    rules: Rules = ()
    if excludes:
        rules = (Patterns(_spec(list(excludes), "--exclude"), "", final=True),)
    own = read_ignore_file(str(base))
    if own is not None:
        rules = (*rules, Patterns(own, ""))
    folder = str(base)
    for part in inside.parts:
        rules = entering(rules, folder, part)
        folder = os.path.join(folder, part)
    return rules
