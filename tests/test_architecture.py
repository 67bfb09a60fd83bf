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
