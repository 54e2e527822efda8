"""Workload files as YAML with a header comment saying where each figure came from, written
whole or not at all (a temporary file, then a rename), never over an existing file unasked."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from advisor.discover.build import Built, plain


class Exists(Exception):
    """The file is there already and --force was not given."""


def to_yaml(document: dict[str, Any]) -> str:
    """The document as block YAML in its own key order; lists of numbers (the profile) inline."""
    import yaml

    class Dumper(yaml.SafeDumper):
        pass

    def sequence(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.Node:
        numbers = all(isinstance(x, (int, float)) for x in data)
        return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=numbers)

    Dumper.add_representer(list, sequence)
    return yaml.dump(document, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=100)


def header(built: Built, read: str) -> str:
    """The comment at the top of a discovered file."""
    lines = [f"# {plain(read)}", "# Where each figure came from:"]
    width = max((len(key) for key, _ in built.sources), default=0)
    lines += [f"#   {key.ljust(width)}  {plain(text)}" for key, text in built.sources]
    if built.also:
        lines.append("# Also read (not used in pricing):")
        lines += [f"#   {plain(text)}" for text in built.also]
    if built.unread:
        lines.append("# Could not be read:")
        lines += [f"#   {plain(text)}" for text in built.unread]
    lines.append(
        "# `current` is where it runs today and that cost at list price: shown beside the "
        "recommendation, never priced."
    )
    return "\n".join(lines) + "\n"


def write_new(path: Path, text: str, *, force: bool) -> None:
    """Write `text` to `path` atomically; Exists when the file is there and not `force`."""
    from advisor.output import write_file

    if path.exists() and not force:
        raise Exists(str(path))
    if force and path.exists():  # a link stays a link, a device or pipe is written through
        write_file(text, path)
        return
    try:
        _write_new(path, text, force=force)
    except OSError as exc:
        from advisor.output import OutputError

        raise OutputError(f"{path}: cannot write: {exc.strerror or exc}") from None


def _write_new(path: Path, text: str, *, force: bool) -> None:
    from advisor.output import TEMPORARY_PREFIX

    path.parent.mkdir(parents=True, exist_ok=True)
    # a short name: `.{name}.XXXXXXXX.tmp` of a 250-byte name is over the 255-byte limit
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=TEMPORARY_PREFIX, suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        if force:
            os.replace(temporary, path)
        else:
            # link, then unlink: fails if another process made the file meanwhile
            try:
                os.link(temporary, path)
            except FileExistsError:
                raise Exists(str(path)) from None
            except OSError:
                os.replace(temporary, path)  # a file system without hard links
            else:
                os.unlink(temporary)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
