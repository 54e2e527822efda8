"""Read a workload file or a system file into its model, keeping where every value came from."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from advisor.errors import InputError, Location
from advisor.input.loading import SourceMap, read_yaml, validate
from advisor.models.system import System
from advisor.models.workload import Workload


@dataclass(frozen=True)
class WorkloadDocument:
    """A validated workload and where it came from."""

    workload: Workload
    source: SourceMap
    label: str


@dataclass(frozen=True)
class ServiceDocument:
    """One service of a system: its workload, where it came from, and its diagram links."""

    workload: Workload
    source: SourceMap
    label: str
    uses: list[str]
    consumes: list[str]


@dataclass(frozen=True)
class SystemDocument:
    """A validated system and its services."""

    system: System
    services: list[ServiceDocument]
    source: SourceMap
    label: str

    @property
    def workloads(self) -> dict[str, Workload]:
        """Each service's workload by name."""
        return {s.workload.name: s.workload for s in self.services}


Document = WorkloadDocument | SystemDocument


class NotAnAdvisorDocument(InputError):
    """A YAML file that is not a workload or system file at all (a CI workflow, a policy, a
    pricing file): a folder scan skips it with a notice, where a broken workload is an error."""

    def __init__(self, message: str, location: Location, reason: str) -> None:
        super().__init__(message, location)
        self.reason = reason


SIGNATURE = ("traffic", "execution")
"""Keys only a workload has: a file with one of them is a workload, however broken."""


def not_ours(data: Any) -> str | None:
    """Why a parsed YAML file is not an advisor document, or None when it is one. Ours: a
    mapping with `version: 1` and `name` or `kind` (every workload and system file has them),
    or with a workload's own keys (`traffic`, `execution`), or `kind: workload` or `system`.
    A Compose file (`version: "3"`, `name`) or a policy (`version: 1`, no name) is not."""
    if not isinstance(data, dict):
        return "empty" if data is None else "not a mapping of keys to values"
    if data.get("kind") in ("workload", "system") or any(key in data for key in SIGNATURE):
        return None
    if data.get("version") == 1 and ("name" in data or "kind" in data):
        return None
    keys = [str(key) for key in data]
    shown = ", ".join(keys[:4]) + (", ..." if len(keys) > 4 else "")
    return f"its keys: {shown}" if keys else "an empty mapping"


def load_document(path: Path) -> Document:
    """Load a workload or system file; every problem is an InputError with its location, and a
    YAML file that is not ours at all a NotAnAdvisorDocument."""
    data = read_yaml(path)
    reason = not_ours(data)
    if reason is not None:
        message = (
            f"not an advisor workload or system file ({reason})"
            if isinstance(data, dict)
            else "should be a mapping of keys to values (a workload file)"
        )
        raise NotAnAdvisorDocument(message, Location(str(path), 1, 1), reason)
    if data.get("kind") == "system":
        return load_system(path, data)
    return WorkloadDocument(validate(Workload, data, path), SourceMap(path), str(path))


def load_workload(path: Path) -> WorkloadDocument:
    """Load one workload file. A system file is an error before any of it is loaded, so a
    system that names itself (or another system) as a service never loops."""
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise InputError(
            "should be a mapping of keys to values (a workload file)", Location(str(path), 1, 1)
        )
    if data.get("kind") == "system":
        raise InputError("is a system file; a workload file is needed here", Location(str(path)))
    return WorkloadDocument(validate(Workload, data, path), SourceMap(path), str(path))


LINK_KEYS = ("file", "uses", "consumes")


def load_system(path: Path, data: dict[str, Any]) -> SystemDocument:
    """Validate a system and each of its services, inline or by reference."""
    system = validate(System, data, path)
    source = SourceMap(path)
    known = set(system.queue_names) | set(system.stores) | set(system.glue_names)
    services: list[ServiceDocument] = []
    for index, raw in enumerate(system.services):
        keys = ("services", index)
        links = {k: raw[k] for k in LINK_KEYS if k in raw}
        for key in ("uses", "consumes"):
            value = links.get(key, [])
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise InputError(
                    "should be a list of queue, store or glue names", source.locate((*keys, key))
                )
            unknown = [v for v in value if v not in known]
            if unknown:
                raise InputError(
                    f"'{unknown[0]}' is not among the system's queues or stores "
                    f"({', '.join(sorted(known)) or 'none declared'})",
                    source.locate((*keys, key)),
                )
        body = {k: v for k, v in raw.items() if k not in LINK_KEYS}
        if "file" in links:
            referenced = _referenced(path, source, keys, links["file"], body)
            workload, service_source = referenced.workload, referenced.source
            label = referenced.label
        else:
            inline = {"version": 1, "region": system.region, **body}
            workload = validate(Workload, inline, path, prefix=keys)
            service_source, label = source, f"{path}#{workload.name}"
        if workload.region != system.region:
            raise InputError(
                f"service '{workload.name}' is in {workload.region}; the system "
                f"is in {system.region}",
                source.locate(keys),
            )
        services.append(
            ServiceDocument(
                workload,
                service_source,
                label,
                list(links.get("uses", [])),
                list(links.get("consumes", [])),
            )
        )
    names = [s.workload.name for s in services]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        index = names.index(duplicates[0], names.index(duplicates[0]) + 1)
        raise InputError(
            f"two services are named '{duplicates[0]}'; service names must be unique",
            source.locate(("services", index)),
        )
    return SystemDocument(system, services, source, str(path))


def _referenced(
    path: Path, source: SourceMap, keys: tuple[str | int, ...], reference: Any, body: dict[str, Any]
) -> WorkloadDocument:
    """A service given as `file:`; its errors name the system file, the service and the file.
    The system file is composed again for a location only when there is an error to place."""
    if not isinstance(reference, str):
        raise InputError("should be a path to a workload file", source.locate((*keys, "file")))
    if body:
        raise InputError(
            f"a service given by file takes no other keys (found {', '.join(sorted(body))})",
            source.locate(keys),
        )
    target = (path.parent / reference).resolve()
    try:
        document = load_workload(target)
    except InputError as exc:
        where = source.locate((*keys, "file"))
        raise InputError(f"service file {reference}: {exc}", where) from None
    return WorkloadDocument(document.workload, document.source, str(path.parent / reference))
