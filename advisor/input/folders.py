"""Finding workload files in folders: YAML files only, hidden folders, virtual environments and
ignored paths skipped, each file once (links and hard links), symlink loops and runaway depth
refused."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from advisor.input.ignore import Rules, entering, ignored, rules_for, skipped_folder
from advisor.models.comparison import Failure

YAML_SUFFIXES = (".yaml", ".yml")

FileId = tuple[int, int]


@dataclass
class Found:
    """Files to compare, and what was noticed while looking for them."""

    files: list[str] = field(default_factory=list)
    """As strings: the workers get them so (a Path took 9 us to pickle and unpickle), and making
    10,000 Paths here cost a tenth of a second before any work could start."""
    failures: list[Failure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def find_files(
    paths: Sequence[Path], excludes: Sequence[str] = (), base: Path | None = None
) -> Found:
    """Workload and system files under the paths, recursively, each once, links followed once.
    Below a folder named on the command line, hidden files and folders, virtual environments
    and what `excludes` or an `.advisorignore` file names are left out (see advisor/input/ignore.py;
    patterns are relative to `base`, the current folder by default); a file named on the
    command line is always read.

    Files and folders are told apart by (device, inode), which a folder listing mostly gives
    for free; resolving every path instead cost a third of a second per 10,000 files."""
    found = Found()
    seen: set[FileId] = set()
    for path in paths:
        if path.is_dir():
            before = len(found.files), len(found.failures)
            rules = rules_for(path, base or Path.cwd(), excludes)
            _walk(path, found, seen, set(), rules, 0)
            if (len(found.files), len(found.failures)) == before:
                found.warnings.append(f"{path}: no .yaml or .yml files in this folder")
        elif path.exists():
            if _add(_identity(os.stat(path)), seen):
                found.files.append(str(path))
        else:
            found.failures.append(Failure(source=str(path), error=f"{path}: file not found"))
    return found


def _identity(stat: os.stat_result) -> FileId:
    return stat.st_dev, stat.st_ino


def _add(identity: FileId, seen: set[FileId]) -> bool:
    """Whether this is the first time the file is seen (and remember it)."""
    if identity in seen:
        return False
    seen.add(identity)
    return True


MAX_FOLDER_DEPTH = 100
"""Folders deeper than this below a path given are not searched (no scenario tree comes near;
a 1,200-deep folder would otherwise exhaust Python's recursion limit)."""


def _walk(
    folder: Path,
    found: Found,
    seen: set[FileId],
    visiting: set[FileId],
    rules: Rules,
    depth: int,
) -> None:
    if depth > MAX_FOLDER_DEPTH:
        found.failures.append(
            Failure(
                source=str(folder),
                error=f"{folder}: more than {MAX_FOLDER_DEPTH} folders deep; not searched",
            )
        )
        return
    try:
        folder_id = _identity(os.stat(folder))
        if folder_id in visiting:
            found.warnings.append(f"{folder}: symbolic link loop, not followed again")
            return
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        found.failures.append(Failure(source=str(folder), error=f"{folder}: cannot read: {exc}"))
        return
    visiting = visiting | {folder_id}
    for entry in entries:
        try:
            if entry.is_dir(follow_symlinks=True):
                if skipped_folder(entry) or (rules and ignored(rules, entry.name, True)):
                    continue
                inner = entering(rules, str(folder), entry.name)
                _walk(Path(entry.path), found, seen, visiting, inner, depth + 1)
            elif (
                entry.name.endswith(YAML_SUFFIXES)
                and not entry.name.startswith(".")
                and entry.is_file(follow_symlinks=True)
                and not (rules and ignored(rules, entry.name, False))
            ):
                # a plain file's inode comes with the listing; a link's target needs a stat
                identity = (
                    _identity(entry.stat()) if entry.is_symlink() else (folder_id[0], entry.inode())
                )
                if _add(identity, seen):
                    found.files.append(entry.path)
        except OSError as exc:
            found.failures.append(Failure(source=entry.path, error=f"{entry.path}: {exc}"))


@dataclass(frozen=True)
class Skipped:
    """A YAML file a scan met that is not an advisor document, and why (a notice, not a
    failure)."""

    source: str
    reason: str

    def notice(self) -> str:
        """The line for stderr."""
        return f"{self.source}: skipped, not a workload or system file ({self.reason})"
