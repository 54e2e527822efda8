"""The baseline of `advisor check --baseline-ref REF`: the same comparison, with the same pricing
files, run on the workload files as they were at a git revision.

The revision's YAML files (and `.advisorignore` files) are read out of git into a temporary
folder, laid out as in the repository, and compared there: no checkout, no worktree, nothing in
the repository is touched. Whatever goes wrong (no git, not a repository, an unknown revision, a
file at the revision that cannot be compared) is one error: a baseline that could not be built
never stands in as an empty one, against which every workload would pass as "added"."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from advisor.compare.batch import compare
from advisor.decide.overrides import NONE, Overrides
from advisor.errors import AdvisorError
from advisor.gate.diff import Costs, costs_from_comparison
from advisor.input.folders import find_files

GIT_TIMEOUT_S = 300
"""Reading a revision's files out of even a large repository takes seconds; a git that hangs
(a credential prompt, a lock) must not hang CI for hours."""
WANTED_SUFFIXES = (".yaml", ".yml")
WANTED_NAMES = (".advisorignore",)


class BaselineError(AdvisorError):
    """The baseline could not be built from the revision."""


def costs_at_revision(
    ref: str,
    paths: Sequence[Path],
    *,
    pricing: Sequence[Path] = (),
    excludes: Sequence[str] = (),
    cwd: Path | None = None,
    workers: int | None = None,
    overrides: Overrides = NONE,
    on_progress: Callable[[int, int], None] | None = None,
) -> tuple[Costs, list[str]]:
    """Each workload's (platform, monthly cost) at revision `ref`, from the files that `paths`
    (relative to `cwd`) named there, and warnings for people (a path that did not exist at the
    revision: its workloads are new)."""
    here = (cwd or Path.cwd()).resolve()
    if ref.startswith("-") or not ref.strip():
        raise BaselineError(f"--baseline-ref: '{ref}' is not a git revision")
    anchor = _folder_of(here / paths[0]) if paths else here
    top = Path(_git(ref, anchor, "rev-parse", "--show-toplevel").strip()).resolve()
    commit = _git(ref, top, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").strip()
    inside = [_inside(ref, top, here, path) for path in paths]
    with tempfile.TemporaryDirectory(prefix="advisor-baseline-") as scratch:
        tree = Path(scratch)
        _read_out(ref, top, commit, tree)
        # patterns are relative to the current folder, as for today's files; from outside the
        # repository, to its top folder
        base = tree / here.relative_to(top) if here.is_relative_to(top) else tree
        warnings: list[str] = []
        present: list[Path] = []
        for path, relative in zip(paths, inside, strict=True):
            if (tree / relative).exists():
                present.append(tree / relative)
            else:
                warnings.append(f"{path} did not exist at {ref}: its workloads count as added")
        if not present:
            return {}, warnings
        found = find_files(present, excludes, base)
        if found.failures:
            raise _failed(ref, tree, found.failures[0].error, len(found.failures))
        if not found.files:
            warnings.append(f"no workload files at {ref}: every workload counts as added")
            return {}, warnings
        comparison, _ = compare(
            present,
            pricing=pricing,
            workers=workers,
            on_progress=on_progress,
            excludes=excludes,
            base=base,
            overrides=overrides,
        )
        if comparison.failures:
            first = comparison.failures[0].error
            raise _failed(ref, tree, first, len(comparison.failures))
        if not comparison.rows:
            warnings.append(f"no workload files at {ref}: every workload counts as added")
        return costs_from_comparison(comparison), warnings


def _failed(ref: str, tree: Path, error: str, count: int) -> BaselineError:
    """One line: the first file that failed, named as git names a file at a revision."""
    where = error.replace(f"{tree}{os.sep}", f"{ref}:").replace(str(tree), f"{ref}:")
    more = f" (and {count - 1} more)" if count > 1 else ""
    return BaselineError(f"--baseline-ref {ref}: the baseline could not be built: {where}{more}")


def _folder_of(path: Path) -> Path:
    """The nearest existing folder at or above `path`, where git is asked for the repository."""
    path = Path(os.path.normpath(path))
    while not path.is_dir() and path != path.parent:
        path = path.parent
    return path


def _inside(ref: str, top: Path, here: Path, path: Path) -> Path:
    """`path` relative to the repository's top folder."""
    absolute = Path(os.path.normpath(here / path))
    try:
        return absolute.resolve().relative_to(top)
    except ValueError:
        raise BaselineError(
            f"--baseline-ref {ref}: {path} is outside the git repository at {top}"
        ) from None


def _git(ref: str, cwd: Path, *args: str, stdin: bytes | None = None) -> str:
    return _git_bytes(ref, cwd, *args, stdin=stdin).decode("utf-8", "replace")


def _git_bytes(ref: str, cwd: Path, *args: str, stdin: bytes | None = None) -> bytes:
    """Run git; any failure is one BaselineError line saying what went wrong."""
    git = shutil.which("git")
    if git is None:
        raise BaselineError(f"--baseline-ref {ref}: git is not installed (not found on PATH)")
    try:
        done = subprocess.run(
            [git, "-C", str(cwd), *args],
            input=stdin,
            capture_output=True,
            timeout=GIT_TIMEOUT_S,
            check=False,
            env={**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"},
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise BaselineError(f"--baseline-ref {ref}: git {args[0]} failed: {exc}") from None
    if done.returncode != 0:
        raise BaselineError(f"--baseline-ref {ref}: {_why(args, done.stderr, cwd, ref)}")
    return done.stdout


def _why(args: Sequence[str], stderr: bytes, cwd: Path, ref: str) -> str:
    said = [line for line in stderr.decode("utf-8", "replace").splitlines() if line.strip()]
    last = said[-1].removeprefix("fatal: ") if said else ""
    if args[:2] == ("rev-parse", "--show-toplevel"):
        return f"{cwd} is not inside a git repository ({last or 'git rev-parse failed'})"
    if args[:2] == ("rev-parse", "--verify"):
        return (
            f"no such revision in this repository (fetch it first; in GitHub Actions, "
            f"actions/checkout with fetch-depth: 0){': ' + last if last else ''}"
        )
    return f"git {args[0]} failed: {last or 'no message'}"


def _read_out(ref: str, top: Path, commit: str, tree: Path) -> None:
    """Write the revision's YAML and ignore files under `tree`, laid out as in the repository
    (symbolic links and submodules at the revision are left out)."""
    listing = _git_bytes(ref, top, "ls-tree", "-r", "-z", "--full-tree", commit)
    wanted: list[tuple[str, str]] = []  # (object id, path)
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        meta, _, raw_path = entry.partition(b"\t")
        mode, kind, oid = meta.decode().split()
        path = raw_path.decode("utf-8", "surrogateescape")
        name = path.rsplit("/", 1)[-1]
        if (
            kind == "blob"
            and mode in ("100644", "100755")
            and (name.endswith(WANTED_SUFFIXES) or name in WANTED_NAMES)
        ):
            wanted.append((oid, path))
    if not wanted:
        return
    batch = _git_bytes(
        ref, top, "cat-file", "--batch", stdin="".join(f"{oid}\n" for oid, _ in wanted).encode()
    )
    position = 0
    for oid, path in wanted:
        header_end = batch.index(b"\n", position)
        header = batch[position:header_end].split()
        if len(header) != 3 or header[0].decode() != oid:
            raise BaselineError(f"--baseline-ref {ref}: git cat-file gave no content for {path}")
        size = int(header[2])
        start = header_end + 1
        if path.startswith("/") or ".." in path.split("/"):  # git refuses such trees anyway
            raise BaselineError(f"--baseline-ref {ref}: {path} leads outside the repository")
        target = tree / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(batch[start : start + size])
        position = start + size + 1  # the content is followed by a newline
