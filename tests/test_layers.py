"""The package's folders are its data flow: a module imports only from its own folder or from
the folders below it, so reading the tree top-down reads the flow (DESIGN.md section 3)."""

from __future__ import annotations

import ast
from pathlib import Path

import advisor

PACKAGE = Path(advisor.__file__).parent

LAYERS: list[set[str]] = [
    {"<root>", "__init__", "errors", "money", "numerals", "escape", "output"},
    {"models"},
    {"input"},
    {"pricing"},
    {"decide"},
    {"compare"},
    {"gate"},
    {"render"},
    {"cli", "__main__"},
]
"""Lowest first. `advisor/__init__.py` (the version) and the leaf helpers (errors, money,
numerals, escaping, safe writes) sit under everything."""

BESIDE = {"discover": 4.5, "refresh": 3.5}
"""Reading an account builds workload files (so it may decide and price); rebuilding pricing
files needs only the models. The CLI sits above both."""


def _level(part: str) -> float:
    if part in BESIDE:
        return BESIDE[part]
    return next(i for i, layer in enumerate(LAYERS) if part in layer)


def _part(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "<root>"


def _imports(path: Path) -> list[str]:
    """Every advisor module a file imports, at the top or inside a function."""
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("advisor"):
            if node.module == "advisor":
                found += [f"advisor.{alias.name}" for alias in node.names]
            else:
                found.append(node.module)
        elif isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.startswith("advisor")]
    return found


def test_every_folder_is_placed_in_the_flow() -> None:
    folders = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    placed = set().union(*LAYERS) | set(BESIDE)
    assert folders <= placed


def test_no_module_imports_from_a_folder_above_its_own() -> None:
    upward = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        here = _level(_part(module))
        for target in _imports(path):
            part = _part(target)
            if part == "__version__":
                continue
            if _level(part) > here:
                upward.append(f"{module} imports {target}")
    assert upward == []
