"""Where a command's payload goes: stdout, or the `--output` file, safely.

A regular file is written whole or not at all: a temporary file in the same folder (a short
name, so that a 250-character output name still fits the 255-byte limit), then an atomic
rename; the temporary file is removed on every failure. A device or a FIFO (`--output
/dev/null`, `--output >(gzip > x.gz)`) is written through, never replaced by a regular file; a
symbolic link stays a link and its target gets the text. A file the command reads is never
overwritten. stdout is written through its file descriptor, every byte accounted for, so a full
disk is an error even when Python's stdout is unbuffered (`PYTHONUNBUFFERED=1`). Every failure is
an `OutputError`: one line and exit 2.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import select
import stat
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from advisor.errors import AdvisorError

YAML_SUFFIXES = (".yaml", ".yml")
TEMPORARY_PREFIX = ".advisor-"
"""Temporary files are named `.advisor-XXXXXXXX.tmp` (22 bytes) whatever the output's name."""


class OutputError(AdvisorError):
    """The payload could not be written where it was asked to go."""


class ReaderGone(Exception):
    """The reader of stdout went away (`advisor ... | head -1`): stop quietly."""


def write_file(text: str, path: Path, inputs: Sequence[Path] = ()) -> None:
    """Write `text` to `path` (see the module's docstring); `inputs` are the files and folders
    the command read, none of which may be overwritten."""
    data = text.encode("utf-8")
    try:
        _refuse_inputs(path, inputs)
        try:
            mode: int | None = os.stat(path).st_mode  # through links, to what they name
        except FileNotFoundError:
            mode = None
        if mode is not None and stat.S_ISDIR(mode):
            raise OutputError(f"--output {path}: is a folder; give a file name")
        held = _held_descriptor(path)
        if held is not None:  # /dev/stdout, /dev/fd/3: the descriptor itself (`>>` appends)
            write_all(held, data)
        elif mode is not None and (not stat.S_ISREG(mode) or _is_magic(path)):
            _write_through(data, path, truncate=stat.S_ISREG(mode))
        else:  # a link's target is replaced, in its own folder; the link itself stays
            _write_atomically(data, Path(os.path.realpath(path)), mode)
    except OSError as exc:
        raise OutputError(f"--output {path}: cannot write: {_reason(exc)}") from None


def _refuse_inputs(path: Path, inputs: Sequence[Path]) -> None:
    """An OutputError when `path` is (or, under an input folder, would be read as) an input."""
    try:
        output = os.stat(path)
    except OSError:
        return  # nothing there yet (or nothing we could stat): no input to clobber
    if not stat.S_ISREG(output.st_mode):
        return  # a device or a pipe is written through, and replaces nothing
    resolved = Path(os.path.realpath(path))
    for source in inputs:
        try:
            same = os.path.samefile(source, path)
            inside = (
                source.is_dir()
                and resolved.name.endswith(YAML_SUFFIXES)
                and resolved.is_relative_to(os.path.realpath(source))
            )
        except OSError:
            continue
        if same or inside:
            raise OutputError(
                f"--output {path}: is one of this command's input files ({source}); "
                "write to another file"
            )


def _is_magic(path: Path) -> bool:
    """/dev and /proc name what a process holds open (`--output /dev/stdout` when stdout is a
    file, `/dev/fd/3`): replacing the file would leave it writing to a file no longer there."""
    return Path(os.path.abspath(path)).parts[1:2] in (("dev",), ("proc",))


HELD = re.compile(r"/(?:dev/fd|proc/self/fd)/([0-9]{1,9})\Z")
STANDARD = {"/dev/stdout": 1, "/dev/stderr": 2}


def _held_descriptor(path: Path) -> int | None:
    """The descriptor a path such as /dev/stdout or /dev/fd/3 names in this process, if open."""
    text = os.path.abspath(path)
    found = HELD.match(text)
    number = int(found.group(1)) if found else STANDARD.get(text)
    if number is None:
        return None
    try:
        os.fstat(number)
    except OSError:
        return None
    return number


def _write_through(data: bytes, target: Path, *, truncate: bool) -> None:
    flags = os.O_WRONLY | os.O_NOCTTY | (os.O_TRUNC if truncate else 0)
    descriptor = os.open(target, flags)
    try:
        write_all(descriptor, data)
    finally:
        os.close(descriptor)


def _write_atomically(data: bytes, target: Path, mode: int | None) -> None:
    folder = target.parent
    folder.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=TEMPORARY_PREFIX, suffix=".tmp")
    try:
        try:
            write_all(descriptor, data)
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        if mode is None:  # a new file: the permissions the umask gives any new file
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
        else:  # a file replaced keeps its permissions
            os.chmod(temporary, stat.S_IMODE(mode))
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def write_all(descriptor: int, data: bytes) -> None:
    """Every byte of `data` to `descriptor`: a short write goes on where it stopped, and a
    failure (a full disk) is an OSError, never a silently shorter output."""
    view = memoryview(data)
    while view:
        try:
            written = os.write(descriptor, view)
        except BlockingIOError:  # stdout left non-blocking by another program: wait for room
            select.select([], [descriptor], [])
            continue
        if written == 0:
            raise OSError(errno.EIO, "nothing could be written")
        view = view[written:]


def write_stdout(text: str) -> None:
    """The payload on stdout; ReaderGone when the reader went away, OutputError when it cannot
    be written (a full disk)."""
    stream = sys.stdout
    try:
        stream.flush()  # whatever was written the ordinary way goes first
        data = text.encode(stream.encoding or "utf-8", "replace")
        try:
            descriptor: int | None = stream.fileno()
        except (AttributeError, OSError, ValueError):
            descriptor = None  # not a real file (a test's capture): its buffer, then flushed
        if descriptor is None:
            stream.buffer.write(data)
            stream.buffer.flush()
        else:
            write_all(descriptor, data)
    except BrokenPipeError:
        raise ReaderGone from None
    except OSError as exc:
        raise OutputError(f"stdout: cannot write: {_reason(exc)}") from None


def _reason(exc: OSError) -> str:
    """The system's words for an OSError, with a hint where one helps."""
    reason = exc.strerror or str(exc)
    hints = {
        errno.ENAMETOOLONG: "; use a shorter file name",
        errno.EMFILE: "; raise the limit (ulimit -n) or use fewer --jobs",
        errno.ENOTDIR: " (a part of the path is a file, not a folder)",
        errno.EEXIST: " (a part of the path is a file, not a folder)",
    }
    return reason + hints.get(exc.errno or 0, "")
