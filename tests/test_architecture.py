"""The core never imports Textual: only tui/ui does (checked in a fresh interpreter)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import tui

CORE = sorted(
    module.name
    for module in pkgutil.walk_packages(tui.__path__, "tui.")
    if not module.name.startswith("tui.ui") and module.name != "tui.__main__"
)


def test_every_core_module_is_checked() -> None:
    packages = {name.split(".")[1] for name in CORE}
    assert {"model", "loaders", "analysis", "search", "annotations", "config", "cli", "serve"} <= packages


def test_core_modules_do_not_import_textual() -> None:
    program = (
        "import importlib, sys\n"
        f"for name in {CORE!r}:\n"
        "    importlib.import_module(name)\n"
        "leaked = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(leaked))\n"
    )
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True,
                            cwd=Path(__file__).resolve().parent.parent, check=True)
    assert result.stdout.strip() == "", f"core modules pulled in Textual: {result.stdout}"


def _imports(path: Path) -> set[str]:
    """Every module a file imports (at any depth: lazy imports inside functions count too)."""
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def test_layers_tui_ui_is_on_top() -> None:
    """Only front ends import the app: the core (model, loaders, analysis, search, annotations,
    config) never imports ``tui.ui`` nor Textual, even lazily; ``tui/cli.py`` starts the app."""
    root = Path(tui.__file__).resolve().parent
    front_ends = {root / "cli.py", root / "__main__.py"}
    offenders = []
    for path in sorted(root.rglob("*.py")):
        if path.is_relative_to(root / "ui") or path in front_ends:
            continue
        for module in _imports(path):
            if module == "tui.ui" or module.startswith("tui.ui.") or module.split(".")[0] in ("textual", "rich"):
                offenders.append(f"{path.relative_to(root.parent)} imports {module}")
    assert offenders == []
